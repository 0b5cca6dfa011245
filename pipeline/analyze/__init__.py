"""Analysis of parsed records: duty vectors, role profiles, duty themes, role comparisons.

Computes and returns frames (``analyze``); writing them is the run's business (``pipeline.run``).
Names are imported on first use: a worker that only tokenises (``analyze.tokens``) must not
load scikit-learn.
"""
from importlib import import_module

_LAZY = {"STEPS": "analysis", "Analysis": "analysis", "AnalysisSummary": "analysis", "analyze": "analysis",
         "DutyCorpus": "corpus"}
__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
