"""Every output's columns and Arrow types, in one place.

The parse outputs (records, duty rows, manifest) are defined here; the analysis frames'
columns are defined beside the code that builds them (``pipeline.analyze.columns``) and
named here too, so a reader of the outputs finds them all in one module.
"""
from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa

from ..analyze.columns import (  # noqa: F401  (named here too)
    COMPARISON_COLUMNS, PAIR_COLUMNS, ROLE_TERM_COLUMNS, THEME_COLUMNS,
)
from ..parse.record import Record
from ..subset import META_PREFIX  # noqa: F401  (named here too)

# A posting's ``meta`` object is written as it is to records.jsonl, and spread into typed
# columns ``meta_NAME`` after these in records.parquet / records.csv (``streams.MetaColumns``).
RECORD_COLUMNS = [name for name in Record.__dataclass_fields__ if name != "meta"]
RECORD_LIST_COLUMNS = [name for name, f in Record.__dataclass_fields__.items() if str(f.type).startswith("list[")]
# duties: the duties the file's records hold; unused_duty_lines: duty-like lines in no record
# (pipeline.parse.coverage)
# rows, rows_parsed, row_problems: of a job-board export (one posting per row), the rows read,
# those that gave a record, and those listed in row_problems.csv; empty for other files
MANIFEST_COLUMNS = ["source", "status", "reason", "encoding", "records", "bytes", "duties", "unused_duty_lines",
                    "rows", "rows_parsed", "row_problems"]
MANIFEST_COUNTS = ["rows", "rows_parsed", "row_problems"]
ROW_PROBLEM_COLUMNS = ["file", "row", "source", "reason"]  # row_problems.csv: a posting's row that gave no record
RUN_MANIFEST_COLUMNS = [*MANIFEST_COLUMNS, "duplicate_of"]  # the manifest of a streamed run
DUTY_TYPES = {"record_id": pa.string(), "position": pa.int64(), "duty": pa.string(), "role": pa.string(),
              "source": pa.string()}
ANALYSED_DUTY_TYPES = {**DUTY_TYPES, "tokens": pa.string(), "theme": pa.int64()}  # duties after the analysis
DUTY_COLUMNS = list(DUTY_TYPES)
ANALYSED_DUTY_COLUMNS = list(ANALYSED_DUTY_TYPES)
ANALYSIS_OUTPUTS = ("themes", "role_terms", "role_themes", "role_similarity", "role_pairs")
# the workbook of a run (setting excel = true): a sheet per table, in this order
WORKBOOK_NAME = "jdpipe.xlsx"
WORKBOOK_TABLES = ("records", "duties", "manifest", *ANALYSIS_OUTPUTS)
PARSE_OUTPUTS = ("records.jsonl", "records.csv", "records.parquet", "duties.parquet", "duties.csv", "manifest.csv",
                 "row_problems.csv")
# every file a run owns in its output folder: a new run replaces them all (an old one it did not
# write again goes, so no output of an earlier run stays beside the new ones)
OUTPUT_NAMES = frozenset([*PARSE_OUTPUTS, "report.html", WORKBOOK_NAME,
                          *(f"{name}.{ext}" for name in ANALYSIS_OUTPUTS for ext in ("csv", "parquet"))])

_ARROW_TYPES = {
    "str": pa.string(), "str | None": pa.string(), "int": pa.int64(), "int | None": pa.int64(),
    "float": pa.float64(), "float | None": pa.float64(), "bool": pa.bool_(),
    "list[str]": pa.list_(pa.string()), "list[int]": pa.list_(pa.int64()),
}
_EXAMPLES = {"str": "x", "int": 0, "float": 0.0, "bool": False, "list[str]": ["x"], "list[int]": [0]}


def record_row(record: Record) -> dict:
    """A record as a row of records.jsonl / records.parquet (``Record.to_dict`` without the deep
    copy of ``asdict``: the row is written at once); ``meta`` only when the record has one."""
    row = {name: getattr(record, name) for name in RECORD_COLUMNS}
    if record.meta is not None:
        row["meta"] = record.meta
    return row


def records_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=RECORD_COLUMNS)
    if "experience_years" in frame:
        frame["experience_years"] = frame["experience_years"].astype("Int64")
    return frame


def duties_frame(records: list[dict]) -> pd.DataFrame:
    """One row per duty of each record: ``record_id, position, duty, role, source``."""
    rows = [
        {"record_id": r["record_id"], "position": i, "duty": duty, "role": r["role"], "source": r["source"]}
        for r in records
        for i, duty in enumerate(r["duties"])
    ]
    return pd.DataFrame(rows, columns=DUTY_COLUMNS)


def record_schema() -> pa.Schema:
    """Arrow schema of records.parquet from the Record dataclass, with the pandas metadata
    ``records_frame`` gives (so ``experience_years`` reads back as Int64)."""
    fields, example = [], {}
    for name in RECORD_COLUMNS:
        kind = str(Record.__dataclass_fields__[name].type)
        fields.append(pa.field(name, _ARROW_TYPES.get(kind, pa.string())))
        example[name] = _EXAMPLES.get(kind.replace(" | None", ""), "x")
    schema = pa.schema(fields)
    meta = pa.Table.from_pandas(records_frame([example]), schema=schema, preserve_index=False).schema.metadata
    return schema.with_metadata(meta)


def frame_schema(columns: dict[str, pa.DataType], example: dict) -> pa.Schema:
    schema = pa.schema(list(columns.items()))
    meta = pa.Table.from_pandas(pd.DataFrame([example]), schema=schema, preserve_index=False).schema.metadata
    return schema.with_metadata(meta)


def duty_schema(types: dict[str, pa.DataType]) -> pa.Schema:
    example = {c: (0 if t == pa.int64() else "x") for c, t in types.items()}
    return frame_schema(types, example)


def as_written(frame: pd.DataFrame, schema: pa.Schema | None = None) -> pd.DataFrame:
    """``frame`` as reading its Parquet output back gives it (lists as arrays, typed columns):
    what the Python API returns, so it equals what ``load_results`` reads."""
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).to_pandas()


def records_as_written(records: list[dict]) -> pd.DataFrame:
    """Records as records.parquet reads back: postings' ``meta`` spread into typed ``meta_`` columns."""
    table = pa.Table.from_pylist([{name: r.get(name) for name in RECORD_COLUMNS} for r in records],
                                 schema=record_schema())
    metas = [r.get("meta") for r in records]
    if any(meta is not None for meta in metas):
        columns = MetaColumns()
        for meta in metas:
            columns.observe(meta)
        for name in columns.names():
            table = table.append_column(META_PREFIX + name, columns.column(name, [(m or {}).get(name) for m in metas]))
    return table.to_pandas()


class MetaColumns:
    """The metadata columns seen, in order, and the one Arrow type that holds each one's values:
    whole numbers, numbers, true/false, else text."""

    KINDS = {bool: "bool", int: "int", float: "float"}

    def __init__(self):
        self.kinds: dict[str, set[str]] = {}

    def observe(self, meta: dict | None) -> None:
        for name, value in (meta or {}).items():
            kinds = self.kinds.setdefault(name, set())
            if value is not None:
                kind = self.KINDS.get(type(value), "str")
                if kind == "int" and not -2**63 <= value < 2**63:
                    kind = "str"
                kinds.add(kind)

    def names(self) -> list[str]:
        return list(self.kinds)

    def arrow_type(self, name: str) -> pa.DataType:
        kinds = self.kinds[name]
        if kinds == {"bool"}:
            return pa.bool_()
        if kinds == {"int"}:
            return pa.int64()
        if kinds and kinds <= {"int", "float"}:
            return pa.float64()
        return pa.string()

    def column(self, name: str, values: list) -> pa.Array:
        kind = self.arrow_type(name)
        if kind == pa.string():
            values = [v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in values]
        return pa.array(values, type=kind)

