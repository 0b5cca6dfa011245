"""jd-pipeline: parse, tokenize and compare scraped Chinese job-description corpora."""

__version__ = "0.1.0"
