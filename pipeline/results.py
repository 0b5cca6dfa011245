"""The outputs of a run as pandas DataFrames, and the tidy summaries the report and notebooks show.

``load_results(folder)`` reads what ``jdpipe parse`` / ``jdpipe run`` wrote; the summary
functions turn those frames into small tidy tables (corpus statistics, per-role counts, the
manifest's problems, warning counts). No plotting here: pictures are in ``pipeline.report.plots``.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import UserError
from .outputs.schema import ANALYSIS_OUTPUTS, MANIFEST_COLUMNS

ANALYSIS_FRAMES = ANALYSIS_OUTPUTS
INDEXED_BY_ROLE = ("role_themes", "role_similarity")  # square / wide tables: role is the index
# columns the readers of each output rely on: a file without them is not what `jdpipe run` wrote
REQUIRED_COLUMNS = {
    "records": ("record_id", "source", "role"),
    "duties": ("duty", "role"),
    "manifest": ("source", "status", "reason"),
    "themes": ("theme", "label"),
    "role_themes": ("role",),
    "role_terms": ("role", "term", "rank"),
    "role_similarity": ("role",),
    "role_pairs": ("role_a", "role_b", "cosine"),
}


@dataclass
class Results:
    """Outputs of a run. ``records``, ``duties``, ``manifest`` always; the analysis frames
    (``themes``, ``role_themes``, ``role_terms``, ``role_similarity``, ``role_pairs``) after
    ``jdpipe run`` or ``pipeline.analyze``, else None. ``role_similarity`` is role x role and
    ``role_themes`` role x theme, both indexed by role. ``models`` holds the fitted objects
    (``tokenizer``, ``vectorizer``, ``themes``, ``profiler``) when ``pipeline.analyze`` made them."""

    records: pd.DataFrame
    duties: pd.DataFrame
    manifest: pd.DataFrame
    themes: pd.DataFrame | None = None
    role_themes: pd.DataFrame | None = None
    role_terms: pd.DataFrame | None = None
    role_similarity: pd.DataFrame | None = None
    role_pairs: pd.DataFrame | None = None
    folder: Path | None = None
    models: dict = field(default_factory=dict, repr=False)

    @property
    def analysed(self) -> bool:
        return self.themes is not None and "theme" in self.duties.columns

    def subset(self, where: str) -> Results:
        """These results with only the records (and their duty rows) in the ``where`` subset
        (``发布平台=BOSS``, see ``pipeline.subset``); the analysis frames are the whole run's.
        UserError when the text is no condition or names a column the records do not have."""
        from dataclasses import replace

        from .subset import Where, WhereError

        try:
            chosen = Where.parse(where)
        except WhereError as exc:
            raise UserError(f"where: {exc}.") from None
        missing = chosen.columns_missing(self.records)
        if missing:
            shown = ", ".join(c for c in self.records.columns if c.startswith("meta_")) or "none"
            raise UserError(f"where: the records have no column '{missing[0]}' (metadata columns: {shown}).")
        records = self.records[chosen.mask(self.records)]
        duties = self.duties[self.duties["record_id"].isin(records["record_id"])]
        return replace(self, records=records, duties=duties)

    def __repr__(self) -> str:
        parts = [f"{name}={len(frame)} rows" for name in ("records", "duties", "manifest", *ANALYSIS_FRAMES)
                 if (frame := getattr(self, name)) is not None]
        return f"Results({self.folder or 'in memory'}: {', '.join(parts)})"


def load_results(folder: str | Path = "data/processed", duty_columns: list[str] | None = None) -> Results:
    """Read the outputs in ``folder`` (default ``data/processed``, where ``make run`` writes).

    ``duty_columns``: read only these columns of the duty rows (the biggest table: one row per
    duty of every record), as the report does; default all."""
    folder = Path(folder)
    require_outputs(folder)
    results = Results(records=read_records(folder), duties=_read(folder, "duties", duty_columns),
                      manifest=read_manifest(folder), folder=folder)
    for name in ANALYSIS_FRAMES:
        if (folder / f"{name}.parquet").is_file():
            frame = read_output(folder / f"{name}.parquet", pd.read_parquet)
            if name in INDEXED_BY_ROLE and "role" in frame.columns:
                frame = frame.set_index("role")
            setattr(results, name, frame)
    return results


def results_of(records: list[dict], manifest: list[dict], analysis=None, duties: pd.DataFrame | None = None,
               folder: Path | None = None) -> Results:
    """Results made in memory (the Python API), with the frames ``load_results`` would read
    had they been written: the same columns, types and indexes. ``analysis``: what
    ``pipeline.analyze.analyze`` returned for these records; ``duties``: their duty rows."""
    from .outputs.schema import RUN_MANIFEST_COLUMNS, as_written, duties_frame, records_as_written

    duties = duties_frame(records) if duties is None else duties
    results = Results(records=records_as_written(records), duties=as_written(duties, None),
                      manifest=pd.DataFrame(manifest, columns=RUN_MANIFEST_COLUMNS), folder=folder)
    if analysis is not None:
        for name, frame in analysis.frames.items():
            frame = as_written(frame, None)
            setattr(results, name, frame.set_index("role") if name in INDEXED_BY_ROLE and "role" in frame else frame)
    return results


def require_outputs(folder: Path) -> None:
    """UserError unless ``folder`` holds the outputs of a run."""
    if not folder.is_dir():
        raise UserError(f"results folder '{folder}' does not exist; run `jdpipe run` (or `make run`) first.")
    if not (folder / "records.parquet").is_file() and not (folder / "records.jsonl").is_file():
        raise UserError(f"no pipeline outputs in '{folder}': run `jdpipe run --out {folder}` first.")


def load_duties(folder: Path) -> tuple[pd.DataFrame, dict[int, str]]:
    """The analysed duty rows and theme labels (what ``jdpipe compare`` needs); one sentence
    when ``jdpipe run`` has not written them."""
    missing = [name for name in ("duties.parquet", "themes.parquet") if not (folder / name).is_file()]
    duties = read_output(folder / "duties.parquet", pd.read_parquet) if not missing else None
    if missing or "theme" not in duties.columns:
        raise UserError(f"no analysis outputs in '{folder}': run `jdpipe run` first (or pass --dir).")
    themes = read_output(folder / "themes.parquet", pd.read_parquet)
    return duties, dict(zip(themes["theme"].astype(int), themes["label"]))


def duties_where(folder: Path, duties: pd.DataFrame, where: str) -> pd.DataFrame:
    """The duty rows of the records of ``folder`` in the ``where`` subset (``Results.subset``)."""
    records = read_records(folder)
    kept = Results(records=records, duties=duties, manifest=pd.DataFrame()).subset(where)
    if not len(kept.duties):
        raise UserError(f"no duty of the records in '{folder}' is in the subset where {where}.")
    return kept.duties


def _read(folder: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The table ``name``; with ``columns``, only those of them it has (a parse-only run has no
    ``theme``)."""
    required = [c for c in REQUIRED_COLUMNS[name] if columns is None or c in columns]
    path = folder / f"{name}.parquet"
    if path.is_file():
        def parquet(path: Path) -> pd.DataFrame:
            import pyarrow.parquet as pq

            wanted = None if columns is None else [c for c in columns if c in pq.read_schema(path).names]
            return pd.read_parquet(path, columns=wanted)
        return read_output(path, parquet, required)
    wanted = None if columns is None else (lambda column: column in columns)
    return read_output(folder / f"{name}.csv", lambda path: pd.read_csv(path, encoding="utf-8-sig", usecols=wanted),
                       required)


def read_records(folder: Path) -> pd.DataFrame:
    if (folder / "records.parquet").is_file():
        return read_output(folder / "records.parquet", pd.read_parquet)
    return read_output(folder / "records.jsonl", _jsonl_frame)


def _jsonl_frame(path: Path) -> pd.DataFrame:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not all(isinstance(row, dict) for row in rows):
        raise ValueError("a line is not a JSON object")
    return pd.DataFrame(rows)


def read_manifest(folder: Path) -> pd.DataFrame:
    path = folder / "manifest.csv"
    if not path.is_file():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    return read_output(path, lambda path: pd.read_csv(
        path, encoding="utf-8-sig", dtype={"source": str, "reason": str, "encoding": str}, keep_default_na=False))


def read_output(path: Path, reader: Callable[[Path], pd.DataFrame],
                required: Iterable[str] | None = None) -> pd.DataFrame:
    """One output file through ``reader``, checked: a file that does not read (truncated,
    overwritten, not UTF-8) or lacks the ``required`` columns (default: those its readers need,
    REQUIRED_COLUMNS) is one sentence naming it."""
    import pyarrow as pa

    if required is None:
        required = REQUIRED_COLUMNS.get(path.name.split(".")[0], ())
    try:
        frame = reader(path)
    except (OSError, ValueError, pa.ArrowException, MemoryError) as exc:  # Arrow, pandas' parsers, json, decoding
        if isinstance(exc, OSError) and exc.errno is not None:  # the system's refusal, not the file's content
            raise UserError(f"output file '{path}' cannot be read ({exc.strerror}).") from None
        raise UserError(f"output file '{path}' is damaged ({_first_line(exc)}); run `jdpipe run` "
                          f"again to write it anew.") from None
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise UserError(f"output file '{path}' lacks the column(s) {', '.join(missing)}; run `jdpipe run` "
                          f"again to write it anew.")
    return frame


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if len(line) <= 160 else line[:157] + "…"


# --- tidy summaries -------------------------------------------------------------------------

def corpus_stats(results: Results) -> pd.DataFrame:
    """``statistic, value`` rows: files by status, records, duties, roles, themes, warnings."""
    manifest, records, duties = results.manifest, results.records, results.duties
    by_status = manifest["status"].value_counts() if len(manifest) else pd.Series(dtype=int)
    rows = [("files", len(manifest))]
    rows += [(f"files {status}", int(by_status.get(status, 0))) for status in ("parsed", "empty", "skipped", "error")]
    rows += [
        ("records", len(records)),
        ("records of departments", int((records.get("kind", pd.Series(dtype=str)) == "department").sum())),
        ("records from traditional script", int((records.get("script", pd.Series(dtype=str)) == "traditional").sum())),
        ("duties", len(duties)),
        ("distinct duties", int(duties["duty"].nunique()) if len(duties) else 0),
        ("roles", int(records["role"].nunique()) if len(records) else 0),
    ]
    if results.role_similarity is not None:
        rows.append(("roles compared", len(results.role_similarity)))
    if results.themes is not None:
        rows.append(("duty themes", len(results.themes)))
    warnings = warning_counts(records)
    rows += [("records with warnings", int(records_with_warnings(records))),
             ("warnings", int(warnings["records"].sum()) if len(warnings) else 0),
             ("files with problems", len(manifest_problems(manifest))),
             ("files with duty-like lines in no record", len(unused_duty_lines(manifest)))]
    return pd.DataFrame(rows, columns=["statistic", "value"])


def role_counts(results: Results) -> pd.DataFrame:
    """One row per role: ``role, records, duties, distinct_duties, sources``, most duties first."""
    duties, records = results.duties, results.records
    if not len(records):
        return pd.DataFrame(columns=["role", "records", "duties", "distinct_duties", "sources"])
    per_role = records.groupby("role").agg(records=("record_id", "size"), sources=("source", "nunique"))
    counted = duties.groupby("role").agg(duties=("duty", "size"), distinct_duties=("duty", "nunique"))
    table = per_role.join(counted, how="left").fillna(0).astype(int).reset_index()
    table = table.sort_values(["distinct_duties", "records", "role"], ascending=[False, False, True], kind="mergesort")
    return table[["role", "records", "duties", "distinct_duties", "sources"]].reset_index(drop=True)


ROLE_TABLE_COLUMNS = ["role", "family", "records", "distinct_duties", "levels", "titles", "applied"]
SHOWN_TITLES = 5


def role_table(results: Results, user_aliases: dict | None = None) -> pd.DataFrame:
    """One row per canonical role (``jdpipe roles``): ``family``, ``records``, ``distinct_duties``,
    ``levels`` (the seniority words taken out, counted), ``titles`` (the most frequent titles
    that fed it, counted) and ``applied`` (the aliases and rules that turned those titles into
    the role, counted; worked out again from each title with these aliases). Most records first."""
    from .analyze.role_words import family_of
    from .analyze.roles import RoleNamer, alias_table, record_texts

    records = results.records
    if not len(records):
        return pd.DataFrame(columns=ROLE_TABLE_COLUMNS)
    name, applied = RoleNamer(alias_table(user_aliases)), []
    for row in records.to_dict("records"):
        found = name(row.get("title") or row["role"], row.get("kind") or "role", _text(row.get("department")),
                     lambda: record_texts(row))
        applied.append(found.steps)
    frame = records.assign(applied=applied, level=records.get("level"), title=records.get("title", records["role"]))
    grouped = frame.groupby("role", sort=False)
    table = pd.DataFrame({
        "records": grouped.size(),
        "levels": grouped["level"].agg(_counted),
        "titles": grouped["title"].agg(lambda titles: _counted(titles, SHOWN_TITLES)),
        "applied": grouped["applied"].agg(lambda steps: _counted(step for group in steps for step in group)),
    })
    distinct = results.duties.groupby("role")["duty"].nunique() if len(results.duties) else pd.Series(dtype=int)
    table["distinct_duties"] = distinct.reindex(table.index).fillna(0).astype(int)
    table = table.reset_index()
    table["family"] = table["role"].map(family_of)
    table = table.sort_values(["records", "distinct_duties", "role"], ascending=[False, False, True], kind="mergesort")
    return table[ROLE_TABLE_COLUMNS].reset_index(drop=True)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _counted(values: Iterable, limit: int | None = None) -> str:
    """``客服专员 109 · 客服专员/助理 19``: the values that are text, most frequent first."""
    counts = pd.Series([v for v in values if isinstance(v, str) and v]).value_counts(sort=False)
    if not len(counts):
        return ""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return " · ".join(f"{value} {count}" for value, count in ranked)


def manifest_problems(manifest: pd.DataFrame) -> pd.DataFrame:
    """Manifest rows a person should look at: any status but ``parsed``, or a repair noted in ``reason``."""
    if not len(manifest):
        return manifest.copy()
    problem = (manifest["status"] != "parsed") | (manifest["reason"].fillna("").astype(str).str.len() > 0)
    order = {"error": 0, "skipped": 1, "empty": 2, "parsed": 3}
    rows = manifest[problem].copy()
    rows["_order"] = rows["status"].map(order).fillna(9)
    return rows.sort_values(["_order", "source"], kind="mergesort").drop(columns="_order").reset_index(drop=True)


def unused_duty_lines(manifest: pd.DataFrame) -> pd.DataFrame:
    """``source, records, duties, unused_duty_lines, share, reason``: the documents with duty-like
    lines in no record (pipeline.parse.coverage), most first; ``share`` is of the document's
    duty lines (in records or not). A manifest written before the count existed has none."""
    columns = ["source", "records", "duties", "unused_duty_lines", "share", "reason"]
    if "unused_duty_lines" not in manifest or not len(manifest):
        return pd.DataFrame(columns=columns)
    unused = pd.to_numeric(manifest["unused_duty_lines"], errors="coerce").fillna(0).astype(int)
    duties = pd.to_numeric(manifest["duties"], errors="coerce").fillna(0).astype(int)
    table = manifest.assign(unused_duty_lines=unused, duties=duties)[unused > 0]
    table = table.assign(share=(table["unused_duty_lines"] / (table["unused_duty_lines"] + table["duties"])).round(2))
    table = table.sort_values(["unused_duty_lines", "source"], ascending=[False, True], kind="mergesort")
    return table[columns].reset_index(drop=True)


def _warning_lists(records: pd.DataFrame) -> pd.Series:
    if "warnings" not in records or not len(records):
        return pd.Series(dtype=object)
    return records["warnings"].map(lambda w: list(w) if w is not None and not isinstance(w, str) else ([w] if w else []))


def records_with_warnings(records: pd.DataFrame) -> int:
    return int(_warning_lists(records).map(bool).sum())


def warning_counts(records: pd.DataFrame) -> pd.DataFrame:
    """``warning, records, example_source``: each kind of parse warning and how many records carry it."""
    lists = _warning_lists(records)
    if not len(lists) or not lists.map(bool).any():
        return pd.DataFrame(columns=["warning", "records", "example_source"])
    exploded = pd.DataFrame({"warning": lists, "source": records["source"]}).explode("warning").dropna()
    kind = exploded["warning"].astype(str).str.split(":", n=1).str[0].str.strip()
    table = exploded.assign(warning=kind).groupby("warning").agg(records=("source", "size"),
                                                                 example_source=("source", "first"))
    return table.reset_index().sort_values(["records", "warning"], ascending=[False, True], kind="mergesort",
                                           ignore_index=True)


def field_coverage(records: pd.DataFrame) -> pd.DataFrame:
    """``field, filled, share``: how many records have each optional field (non-empty)."""
    fields = ["department", "superior", "subordinates", "summary", "duties", "requirements", "education",
              "experience_years", "kpis", "original_title"]
    rows = []
    for name in fields:
        if name not in records:
            continue
        filled = records[name].map(_filled).astype(bool)
        rows.append((name, int(filled.sum()), round(float(filled.mean()), 3) if len(records) else 0.0))
    return pd.DataFrame(rows, columns=["field", "filled", "share"])


def _filled(value) -> bool:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True
