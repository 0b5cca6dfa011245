"""Streamed outputs: records and duty rows are written as they arrive, into staging.

Memory stays flat: records go to ``records.jsonl`` and ``records.csv`` line by line and to the
Parquet files in row groups of ``BATCH_ROWS``; everything is renamed into place together by ``Staging.commit``.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .files import csv_file, joined
from .schema import (
    ANALYSED_DUTY_TYPES, MANIFEST_COUNTS, META_PREFIX, RECORD_COLUMNS, RECORD_LIST_COLUMNS, ROW_PROBLEM_COLUMNS,
    RUN_MANIFEST_COLUMNS, MetaColumns, duty_schema, record_row, record_schema, records_frame,
)
from .staging import Staging

BATCH_ROWS = 20_000


class ParquetStream:
    """Rows (dicts, or columns) appended in row groups; an empty file with the schema if none come."""

    def __init__(self, path: Path, schema: pa.Schema, empty: pd.DataFrame, batch_rows: int = BATCH_ROWS):
        self.path, self.schema, self.batch_rows = path, schema, batch_rows
        self.empty = empty  # written as pandas would write it when no row comes (as the unstreamed writers did)
        self.rows: list[dict] = []
        self.writer: pq.ParquetWriter | None = None

    def add(self, row: dict) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch_rows:
            self.flush()

    def write_table(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, self.schema)
        self.writer.write_table(table)

    def flush(self) -> None:
        if self.rows:
            self.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        if self.writer is None:
            pq.write_table(pa.Table.from_pandas(self.empty, preserve_index=False), self.path)
        else:
            self.writer.close()


class CsvStream:
    """A CSV (UTF-8 with BOM, CRLF, as ``export.write_csv``) written frame by frame."""

    def __init__(self, path: Path, columns: list[str]):
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.columns = columns
        self.header = True

    def write(self, frame: pd.DataFrame) -> None:
        frame[self.columns].to_csv(self.file, index=False, header=self.header, quoting=csv.QUOTE_MINIMAL,
                                   lineterminator="\r\n")
        self.header = False

    def close(self) -> None:
        if self.header:
            self.write(pd.DataFrame(columns=self.columns))
        self.file.close()


class RecordCsv:
    """records.csv a record at a time: the CSV ``files.csv_file`` writes of the records frame
    (UTF-8 with BOM, CRLF, lists joined), without holding the records; ``meta`` names the
    ``meta_`` columns after the record's own."""

    def __init__(self, path: Path, meta: list[str] = ()):
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.meta = list(meta)
        self.writer.writerow([*RECORD_COLUMNS, *(META_PREFIX + name for name in self.meta)])
        self.lists = [RECORD_COLUMNS.index(name) for name in RECORD_LIST_COLUMNS]  # only these need joining

    def add(self, record: dict) -> None:
        row = [record.get(name) for name in RECORD_COLUMNS]
        for i in self.lists:
            row[i] = joined(row[i])
        if self.meta:
            meta = record.get("meta") or {}
            row += [meta.get(name) for name in self.meta]
        self.writer.writerow(row)

    def close(self) -> None:
        self.file.close()


class RecordWriter:
    """records.jsonl, records.csv and records.parquet, one record at a time.

    ``with_meta`` (a run with job-board exports): records.jsonl gets each posting's ``meta``
    object as it comes; records.parquet and records.csv get a typed column per metadata
    column, whose set and types are known only once every row is read. So the records are
    parked in a Parquet file meanwhile (metadata as JSON text) and written out at ``close``."""

    def __init__(self, staging: Staging, with_meta: bool = False):
        self.staging, self.with_meta = staging, with_meta
        self.jsonl = open(staging.path("records.jsonl"), "w", encoding="utf-8")
        if with_meta:
            self.meta = MetaColumns()
            self.parked = staging.path("records.parquet", "rows")
            self.parquet = ParquetStream(self.parked, parked_schema(), records_frame([]))
        else:
            self.csv = RecordCsv(staging.path("records.csv"))
            self.parquet = ParquetStream(staging.path("records.parquet"), record_schema(), records_frame([]))

    def add(self, record) -> None:
        row = record_row(record)
        self.jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
        if self.with_meta:
            self.meta.observe(record.meta)
            row = {**row, "meta": json.dumps(record.meta, ensure_ascii=False) if record.meta is not None else None}
        else:
            self.csv.add(row)
        self.parquet.add(row)

    def close(self) -> None:
        self.jsonl.close()
        self.parquet.close()
        if self.with_meta:
            write_with_meta(self.parked, self.meta, self.staging)
            self.staging.discard(self.parked)
        else:
            self.csv.close()


def parked_schema() -> pa.Schema:
    base = record_schema()
    return base.append(pa.field("meta", pa.string()))


def write_with_meta(parked: Path, meta: MetaColumns, staging: Staging) -> None:
    """records.parquet and records.csv from the parked records, each metadata column typed."""
    names = meta.names()
    base = record_schema()
    schema = pa.schema([*base, *(pa.field(META_PREFIX + n, meta.arrow_type(n)) for n in names)],
                       metadata=base.metadata)
    record_csv = RecordCsv(staging.path("records.csv"), names)
    with pq.ParquetWriter(staging.path("records.parquet"), schema) as writer:
        for batch in pq.ParquetFile(parked).iter_batches(batch_size=BATCH_ROWS):
            rows = batch.to_pylist()
            metas = [json.loads(row.pop("meta")) if row.get("meta") else {} for row in rows]
            columns = [batch.column(name) for name in RECORD_COLUMNS]
            columns += [meta.column(n, [m.get(n) for m in metas]) for n in names]
            writer.write_table(pa.Table.from_arrays(columns, schema=schema))
            for row, m in zip(rows, metas):
                record_csv.add({**row, "meta": m})
    record_csv.close()


class RowProblemWriter:
    """row_problems.csv: each posting's row that gave no record (or lost duty-like lines), and why."""

    def __init__(self, path: Path):
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.writer.writerow(ROW_PROBLEM_COLUMNS)

    def add(self, file: str, row: str, source: str, reason: str) -> None:
        self.writer.writerow([file, row, source, reason])

    def close(self) -> None:
        self.file.close()


class DutyWriter:
    """Duty rows to Parquet and, when ``csv_name`` is given, CSV; in batches of BATCH_ROWS."""

    def __init__(self, staging: Staging, name: str, types: dict[str, pa.DataType], csv_name: str | None = None,
                 part: str = ""):
        self.columns = list(types)
        self.path = staging.path(name, part)
        self.parquet = ParquetStream(self.path, duty_schema(types), pd.DataFrame(columns=self.columns))
        self.csv = CsvStream(staging.path(csv_name), self.columns) if csv_name else None
        self.buffer: dict[str, list] = {c: [] for c in self.columns}

    def add_record(self, record: dict) -> None:
        buffer = self.buffer
        for position, duty in enumerate(record.duties):
            buffer["record_id"].append(record.record_id)
            buffer["position"].append(position)
            buffer["duty"].append(duty)
            buffer["role"].append(record.role)
            buffer["source"].append(record.source)
        if len(buffer["duty"]) >= BATCH_ROWS:
            self.flush()

    def write_frame(self, frame: pd.DataFrame) -> None:
        self.parquet.write_table(pa.Table.from_pandas(frame[self.columns], schema=self.parquet.schema,
                                                      preserve_index=False))
        if self.csv is not None:
            self.csv.write(frame)

    def flush(self) -> None:
        if self.buffer["duty"]:
            self.write_frame(pd.DataFrame(self.buffer, columns=self.columns))
            self.buffer = {c: [] for c in self.columns}

    def close(self) -> None:
        self.flush()
        self.parquet.close()
        if self.csv is not None:
            self.csv.close()


def write_manifest(rows: list[dict], path: Path) -> None:
    frame = pd.DataFrame(rows, columns=RUN_MANIFEST_COLUMNS)
    frame[MANIFEST_COUNTS] = frame[MANIFEST_COUNTS].astype("Int64")  # blank for files that are not exports
    csv_file(frame, path)


def write_analysed_duties(staging: Staging, parked: Path, table: pd.DataFrame) -> None:
    """duties.parquet / duties.csv: the duty rows parked during parsing (file ``parked``) plus
    each duty's ``tokens`` and ``theme`` from ``table`` (one row per distinct duty)."""
    rank = {text: i for i, text in enumerate(table["duty"])}
    tokens, themes = table["tokens"].to_numpy(), table["theme"].to_numpy()
    writer = DutyWriter(staging, "duties.parquet", ANALYSED_DUTY_TYPES, csv_name="duties.csv")
    for batch in pq.ParquetFile(parked).iter_batches(batch_size=BATCH_ROWS):
        frame = batch.to_pandas()
        ids = frame["duty"].map(rank).to_numpy(dtype=np.int64)
        frame["tokens"] = tokens[ids]
        frame["theme"] = themes[ids]
        writer.write_frame(frame)
    writer.close()
    staging.discard(parked)
