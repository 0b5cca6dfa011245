"""The run: one conductor (``flow``) that calls the stages in flow order, what is done per file
(``per_file``) apart from where it runs (``engines``), the cache and its keys (``cache``,
``incremental``), and what a run counted (``summary``).

Names are imported on first use: a worker process that imports ``pipeline.run.per_file``
must not load the conductor and the analysis with it.
"""
from importlib import import_module

_LAZY = {"parse_inputs": "flow", "run_all": "flow", "run_corpus": "flow"}
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
