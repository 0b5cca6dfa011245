"""jd-pipeline: parse, tokenize and compare scraped Chinese job-description corpora.

Python API (imported on first use, so ``import pipeline`` stays fast)::

    from pipeline import parse_files, analyze_records, load_results, compare_roles, write_report

The functions are not called ``parse`` / ``analyze`` because ``pipeline.parse`` and
``pipeline.analyze`` are the subpackages that implement those stages.
"""
from importlib import import_module

__version__ = "0.1.0"

_LAZY = {
    "parse_files": "api",
    "analyze_records": "api",
    "compare_roles": "api",
    "settings_for": "api",
    "load_results": "results",
    "Results": "results",
    "write_report": "report",
    "ConfigError": "errors",
    "UserError": "errors",
}
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pipeline' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
