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
    ANALYSED_DUTY_TYPES, RECORD_COLUMNS, RECORD_LIST_COLUMNS, RUN_MANIFEST_COLUMNS, duty_schema, record_row,
    record_schema, records_frame,
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
    (UTF-8 with BOM, CRLF, lists joined), without holding the records."""

    def __init__(self, path: Path):
        self.file = open(path, "w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.file, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        self.writer.writerow(RECORD_COLUMNS)
        self.lists = [RECORD_COLUMNS.index(name) for name in RECORD_LIST_COLUMNS]  # only these need joining

    def add(self, record: dict) -> None:
        row = [record.get(name) for name in RECORD_COLUMNS]
        for i in self.lists:
            row[i] = joined(row[i])
        self.writer.writerow(row)

    def close(self) -> None:
        self.file.close()


class RecordWriter:
    """records.jsonl, records.csv and records.parquet, one record at a time."""

    def __init__(self, staging: Staging):
        self.jsonl = open(staging.path("records.jsonl"), "w", encoding="utf-8")
        self.csv = RecordCsv(staging.path("records.csv"))
        self.parquet = ParquetStream(staging.path("records.parquet"), record_schema(), records_frame([]))

    def add(self, record) -> None:
        row = record_row(record)
        self.jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.csv.add(row)
        self.parquet.add(row)

    def close(self) -> None:
        self.jsonl.close()
        self.csv.close()
        self.parquet.close()


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
    csv_file(pd.DataFrame(rows, columns=RUN_MANIFEST_COLUMNS), path)


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
