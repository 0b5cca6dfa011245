"""Python API for notebooks and scripts: the CLI's stages as functions returning DataFrames.

    from pipeline import parse_files, analyze_records, load_results, compare_roles
    parsed = parse_files("data/raw")            # Results: records, duties, manifest
    analysed = analyze_records(parsed)          # + themes, role_* frames and the fitted models
    results = load_results("data/processed")    # what `jdpipe run` wrote

Settings come from ``jdpipe.toml`` (in the working folder, or ``config=``) and keyword
overrides (``workers=1``, ``theme_k_max=20`` …), exactly as on the command line. Mistakes
raise ``pipeline.errors.UserError`` (``ConfigError`` for settings) with a one-sentence message.
The frames are the ones ``jdpipe run`` writes, computed by the same code, in memory.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .config import Settings, load_settings
from .errors import UserError
from .results import Results, load_results, results_of

__all__ = ["parse_files", "analyze_records", "load_results", "compare_roles", "settings_for"]


def settings_for(config: str | Path | None = None, **overrides) -> Settings:
    """The effective settings: defaults, ``jdpipe.toml`` (or ``config``), then ``overrides``."""
    overrides.setdefault("quiet", True)
    return load_settings(config, **overrides)


def parse_files(inputs: str | Path | Iterable[str | Path], out: str | Path | None = None, *,
                config: str | Path | None = None, **overrides) -> Results:
    """Parse files or folders (recursively) into records, duties and the manifest.

    With ``out`` the parse outputs are written there too (as ``jdpipe parse --out``)."""
    from .run.flow import parse_inputs

    paths = [str(inputs)] if isinstance(inputs, (str, Path)) else [str(p) for p in inputs]
    if not paths:
        raise UserError("parse_files needs at least one file or folder.")
    settings = settings_for(config, **overrides)
    result = parse_inputs(paths, Path(out) if out is not None else None, settings)
    return results_of(result.records, result.manifest, folder=Path(out) if out is not None else None)


def analyze_records(data: Results | pd.DataFrame | list[dict] | str | Path, out: str | Path | None = None, *,
                    query: str | None = None, config: str | Path | None = None, **overrides) -> Results:
    """Canonical roles, tokens, duty themes and role comparisons of parsed records.

    ``data``: the Results of ``parse_files``, a records DataFrame, a list of record dicts, or
    a folder holding ``jdpipe parse`` outputs. A subset: ``where="地区~上海"`` (the setting, as
    on the command line) or ``query`` (a pandas query on the records frame, postings' metadata
    as ``meta_`` columns: ``query="meta_薪资 >= 8000"``). Returns every frame of ``jdpipe run`` plus
    ``models``: the fitted ``tokenizer``, ``vectorizer`` (DutyVectorizer), ``themes``
    (DutyThemes) and ``profiler`` (ClassTfidf of the roles). With ``out`` the records, duty
    rows and analysis frames are written there too."""
    from .analyze.analysis import analyze
    from .analyze.corpus import DutyCorpus
    from .analyze.roles import canonicalise_records
    from .analyze.tokens import JiebaTokenizer, token_table, tokenize_chunk
    from .outputs.schema import ANALYSED_DUTY_COLUMNS, duties_frame

    settings = settings_for(config, **overrides)
    manifest = []
    if isinstance(data, (str, Path)):
        data = load_results(data)
    if isinstance(data, Results):
        manifest, data = data.manifest.to_dict("records"), data.records
    records = records_as_dicts(data) if isinstance(data, pd.DataFrame) else [dict(r) for r in data]
    records = subset(records, settings.where, query)
    canonicalise_records(records, settings.role_aliases)
    corpus = DutyCorpus.of(records, settings.dedupe_duties)
    tokenizer = JiebaTokenizer(settings.userdict, settings.stopwords)
    texts = corpus.texts()
    tokens = token_table(texts, dict(zip(texts, tokenize_chunk((texts, tokenizer.userdicts, tokenizer.stopwords)))))
    analysis = analyze(corpus, tokens, settings)
    duties = duties_frame(records)
    per_duty = analysis.duties.set_index("duty")
    duties["tokens"] = duties["duty"].map(per_duty["tokens"])
    duties["theme"] = duties["duty"].map(per_duty["theme"]).astype("int64")
    duties = duties[ANALYSED_DUTY_COLUMNS]
    if out is not None:
        write_outputs(Path(out), records, duties, analysis.frames, settings.excel)
    results = results_of(records, manifest, analysis, duties, folder=Path(out) if out is not None else None)
    results.models = {"tokenizer": tokenizer, **analysis.models}
    return results


def subset(records: list[dict], where: str = "", query: str | None = None) -> list[dict]:
    """The records in the ``where`` subset and the pandas ``query`` (UserError for a bad query)."""
    from .outputs.schema import records_as_written
    from .subset import Where

    if where:
        records = [r for r in records if Where.parse(where).matches(r)]
    if query:
        frame = records_as_written(records)
        try:
            kept = set(frame.query(query, engine="python")["record_id"])
        except Exception as exc:  # pandas raises many kinds for a bad expression
            raise UserError(f"query {query!r} does not apply to the records table: {exc}") from None
        records = [r for r in records if r["record_id"] in kept]
    return records


def write_outputs(out: Path, records: list[dict], duties: pd.DataFrame, frames: dict[str, pd.DataFrame],
                  excel: bool = False) -> None:
    """Records, duty rows and analysis frames as ``jdpipe run`` writes them, in ``out`` (with
    ``excel``, jdpipe.xlsx too; the manifest is not known here, so its sheet is left out)."""
    from .outputs.files import write_frame, write_frames, write_jsonl
    from .outputs.schema import WORKBOOK_NAME, records_frame

    records_table = records_frame(records)
    write_jsonl(records, out / "records.jsonl")
    write_frame(records_table, out, "records")
    write_frame(duties, out, "duties")
    write_frames(frames, out)
    if excel:
        from .outputs.excel import write_workbook  # openpyxl loads only when a workbook is asked for

        write_workbook({"records": [records_table], "duties": [duties], **{n: [f] for n, f in frames.items()}},
                       out / WORKBOOK_NAME)


def compare_roles(results: Results, *roles: str, level: str = "role", where: str = "",
                  config: str | Path | None = None, **overrides):
    """Two roles side by side (as ``jdpipe compare A B``): a Comparison with ``summary`` (dict:
    the pair's numbers, their intervals ``cosine_low`` … and support), ``matches`` (each of A's
    duties, its best match in B and the cosine), ``reverse`` and ``unique("a")`` / ``unique("b")``;
    ``table()`` is the table ``jdpipe compare`` writes (a row per duty of either role with its best
    match, records and sources) and ``about()`` what it was made with (roles, threshold, settings).
    Three roles or more (as ``jdpipe compare A B C``): a ManyComparison with ``matrix("cosine")``,
    ``matrix("overlap")``, ``pair_table()``, ``alone()``, ``themes`` and ``pair(a, b)``, each pair
    compared as two roles are. Role names go through the aliases (客服部经理 finds 客服经理); an
    unknown name, or fewer than two roles with ``min_role_duties`` distinct duties, raises
    UserError (roles under it are left out of a ManyComparison: ``too_few``). ``level="family"``
    compares role families (客服, 运营 …) instead; ``where`` compares the duties of the records in
    that subset only (``发布平台=BOSS``)."""
    from .analyze.compare_many import compare_many, supported
    from .analyze.compare_roles import LEVELS, at_level, compare_roles as compare, resolve_all

    if not results.analysed:
        raise UserError("these results have no analysis outputs: use analyze_records or `jdpipe run` first.")
    if level not in LEVELS:
        raise UserError(f"level must be one of {', '.join(LEVELS)}, not {level!r}.")
    settings = settings_for(config, **overrides)
    duties = at_level(results.subset(where).duties if where else results.duties, level)
    names = resolve_all(list(roles), sorted(duties["role"].dropna().unique()), settings, level)
    kept, few = supported(duties, [name.name for name in names], settings)
    labels = dict(zip(results.themes["theme"].astype(int), results.themes["label"]))
    if len(names) == 2:
        return compare(duties, labels, *kept, settings)
    return compare_many(duties, labels, kept, settings, few)


def records_as_dicts(frame: pd.DataFrame) -> list[dict]:
    """Rows of a records frame as plain dicts (arrays read from Parquet become lists, NA None;
    ``meta_`` columns back into the ``meta`` object, as records.jsonl has it)."""
    from .outputs.schema import META_PREFIX

    records = []
    for row in frame.to_dict("records"):
        record = {key: _plain(value) for key, value in row.items() if not key.startswith(META_PREFIX)}
        meta = {key[len(META_PREFIX):]: _plain(value) for key, value in row.items() if key.startswith(META_PREFIX)}
        if any(value is not None for value in meta.values()):
            record["meta"] = meta
        records.append(record)
    return records


def _plain(value):
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value
