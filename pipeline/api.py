"""Python API for notebooks and scripts: the CLI's stages as functions returning DataFrames.

    from pipeline import parse_files, analyze_records, load_results, compare_roles
    parsed = parse_files("data/raw")            # Results: records, duties, manifest
    analysed = analyze_records(parsed)          # + themes, role_* frames and the fitted models
    results = load_results("data/processed")    # what `jdpipe run` wrote

Settings come from ``jdpipe.toml`` (in the working folder, or ``config=``) and keyword
overrides (``workers=1``, ``theme_k_max=20`` …), exactly as on the command line. Mistakes
raise ``pipeline.config.ConfigError`` with a one-sentence message.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .config import ConfigError, Settings, load_settings
from .results import Results, load_results

__all__ = ["parse_files", "analyze_records", "load_results", "compare_roles", "settings_for"]


def settings_for(config: str | Path | None = None, **overrides) -> Settings:
    """The effective settings: defaults, ``jdpipe.toml`` (or ``config``), then ``overrides``."""
    overrides.setdefault("quiet", True)
    return load_settings(config, **overrides)


def parse_files(inputs: str | Path | Iterable[str | Path], out: str | Path | None = None, *,
                config: str | Path | None = None, **overrides) -> Results:
    """Parse files or folders (recursively) into records, duties and the manifest.

    With ``out`` the parse outputs are written there too (as ``jdpipe parse --out``);
    without, they are written to a temporary folder and only the frames are kept."""
    from .stages import parse_inputs

    paths = [str(inputs)] if isinstance(inputs, (str, Path)) else [str(p) for p in inputs]
    if not paths:
        raise ConfigError("parse_files needs at least one file or folder.")
    settings = settings_for(config, **overrides)
    with _folder(out) as folder:
        parse_inputs(paths, folder, settings)
        results = load_results(folder)
    results.folder = Path(out) if out is not None else None
    return results


def analyze_records(data: Results | pd.DataFrame | list[dict] | str | Path, out: str | Path | None = None, *,
                    config: str | Path | None = None, **overrides) -> Results:
    """Canonical roles, tokens, duty themes and role comparisons of parsed records.

    ``data``: the Results of ``parse_files``, a records DataFrame, a list of record dicts, or
    a folder holding ``jdpipe parse`` outputs. Returns every frame of ``jdpipe run`` plus
    ``models``: the fitted ``tokenizer``, ``vectorizer`` (DutyVectorizer), ``themes``
    (DutyThemes) and ``profiler`` (ClassTfidf of the roles)."""
    from .analyze import run_analysis

    settings = settings_for(config, **overrides)
    manifest = None
    if isinstance(data, (str, Path)):
        data = load_results(data)
    if isinstance(data, Results):
        manifest, data = data.manifest, data.records
    records = records_as_dicts(data) if isinstance(data, pd.DataFrame) else [dict(r) for r in data]
    with _folder(out) as folder:
        summary = run_analysis(records, folder, settings)
        results = load_results(folder)
    if manifest is not None:
        results.manifest = manifest
    results.folder = Path(out) if out is not None else None
    results.models = summary.models
    return results


def compare_roles(results: Results, role_a: str, role_b: str, *, config: str | Path | None = None, **overrides):
    """Two roles side by side (as ``jdpipe compare``): a Comparison with ``summary`` (dict),
    ``matches`` (each of A's duties, its best match in B and the cosine), ``reverse`` and
    ``unique("a")`` / ``unique("b")``. Role names go through the aliases (客服部经理 finds 客服经理);
    an unknown name raises ConfigError naming the closest known roles."""
    from .analyze.report import compare_roles as compare, resolve_role

    if not results.analysed:
        raise ConfigError("these results have no analysis outputs: use analyze_records or `jdpipe run` first.")
    settings = settings_for(config, **overrides)
    known = sorted(results.duties["role"].dropna().unique())
    a, b = (resolve_role(name, known, settings) for name in (role_a, role_b))
    if a == b:
        raise ConfigError(f"'{role_a}' and '{role_b}' are the same role ({a}); name two different roles.")
    labels = dict(zip(results.themes["theme"].astype(int), results.themes["label"]))
    return compare(results.duties, labels, a, b, settings)


def records_as_dicts(frame: pd.DataFrame) -> list[dict]:
    """Rows of a records frame as plain dicts (arrays read from Parquet become lists, NA None)."""
    return [{key: _plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _plain(value):
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


class _folder:
    """``out`` (created), or a temporary folder removed afterwards."""

    def __init__(self, out: str | Path | None):
        self.out, self.tmp = out, None

    def __enter__(self) -> Path:
        if self.out is not None:
            return Path(self.out)
        self.tmp = tempfile.TemporaryDirectory(prefix="jdpipe-")
        return Path(self.tmp.name)

    def __exit__(self, *exc) -> None:
        if self.tmp is not None:
            self.tmp.cleanup()
