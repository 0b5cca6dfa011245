"""Every output's schema and every write: staging and atomic replacement (``staging``),
whole-file writers (``files``), streamed writers (``streams``), columns and types (``schema``).
Only the conductor (``pipeline.run``) writes through here; the analysis returns frames."""
