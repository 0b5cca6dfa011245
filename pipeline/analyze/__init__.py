"""Analysis of parsed records: duty vectors, role profiles, duty themes, role comparisons."""
from .stage import AnalysisSummary, run_analysis

__all__ = ["AnalysisSummary", "run_analysis"]
