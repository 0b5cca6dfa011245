"""Streaming outputs: records and duties are written as they arrive, into a staging folder.

A run writes every output to a hidden temporary name inside the output folder and renames
the files into place together at the end (``Staging``), so a failed, interrupted or
``--strict``-failed run leaves the previous outputs as they were (and what a killed run
left is removed by the next one). Memory stays flat: records
go to ``records.jsonl`` line by line and to the Parquet files in row groups of
``BATCH_ROWS``.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .export import (
    DUTY_COLUMNS, MANIFEST_COLUMNS, RECORD_COLUMNS, _new_file_mode, _process_exists, records_frame,
    remove_stale_temporaries,
)
from .parse.record import Record

BATCH_ROWS = 20_000
STAGING_PREFIX = ".jdpipe-staging."
RUN_MANIFEST_COLUMNS = [*MANIFEST_COLUMNS, "duplicate_of"]
ANALYSED_DUTY_COLUMNS = [*DUTY_COLUMNS, "tokens", "theme"]

_ARROW_TYPES = {
    "str": pa.string(), "str | None": pa.string(), "int": pa.int64(), "int | None": pa.int64(),
    "float": pa.float64(), "float | None": pa.float64(), "bool": pa.bool_(),
    "list[str]": pa.list_(pa.string()), "list[int]": pa.list_(pa.int64()),
}
_EXAMPLES = {"str": "x", "int": 0, "float": 0.0, "bool": False, "list[str]": ["x"], "list[int]": [0]}


def record_schema() -> pa.Schema:
    """Arrow schema of records.parquet from the Record dataclass, with the pandas metadata
    ``records_frame`` gives (so ``experience_years`` reads back as Int64)."""
    fields, example = [], {}
    for name, f in Record.__dataclass_fields__.items():
        kind = str(f.type)
        fields.append(pa.field(name, _ARROW_TYPES.get(kind, pa.string())))
        example[name] = _EXAMPLES.get(kind.replace(" | None", ""), "x")
    schema = pa.schema(fields)
    meta = pa.Table.from_pandas(records_frame([example]), schema=schema, preserve_index=False).schema.metadata
    return schema.with_metadata(meta)


def frame_schema(columns: dict[str, pa.DataType], example: dict) -> pa.Schema:
    schema = pa.schema(list(columns.items()))
    meta = pa.Table.from_pandas(pd.DataFrame([example]), schema=schema, preserve_index=False).schema.metadata
    return schema.with_metadata(meta)


DUTY_TYPES = {"record_id": pa.string(), "position": pa.int64(), "duty": pa.string(), "role": pa.string(),
              "source": pa.string()}
ANALYSED_DUTY_TYPES = {**DUTY_TYPES, "tokens": pa.string(), "theme": pa.int64()}


class Staging:
    """Where a run writes: outputs are renamed into ``out_dir`` together by ``commit``.

    Streamed outputs are written to hidden ``.NAME.PID.XXXXXXXX.tmp`` files beside their
    final names (the convention of ``export.atomic_path``, whose clean-up also removes what a
    killed run left); outputs written whole by the analysis go into a hidden folder
    ``.jdpipe-staging.PID.XXXX`` (``dir``), created when first asked for.
    """

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)
        self.created = not self.out_dir.exists()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, Path] = {}  # output name -> its temporary file
        self._dir: Path | None = None

    def path(self, name: str, part: str = "") -> Path:
        """A temporary file for output ``name`` (``part`` names an intermediate file of it)."""
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=f"{part and '.' + part}.tmp",
                                   dir=self.out_dir)
        os.close(fd)
        os.chmod(tmp, _new_file_mode())
        if not part:
            self.files[name] = Path(tmp)
        else:
            self.files[f"{name}#{part}"] = Path(tmp)
        return Path(tmp)

    def discard(self, path: Path) -> None:
        """An intermediate file that is done with."""
        path.unlink(missing_ok=True)
        self.files = {name: p for name, p in self.files.items() if p != path}

    @property
    def dir(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}.", dir=self.out_dir))
        return self._dir

    def commit(self) -> list[str]:
        """Rename every staged output into the output folder; return their names."""
        moves = [(tmp, self.out_dir / name) for name, tmp in self.files.items() if "#" not in name]
        if self._dir is not None:
            moves += [(p, self.out_dir / p.name) for p in sorted(self._dir.iterdir())
                      if p.is_file() and not p.name.startswith(".")]
        for tmp, final in moves:
            os.replace(tmp, final)
        self.abort(keep_folder=True)
        for _, final in moves:
            remove_stale_temporaries(final)
        remove_stale_staging(self.out_dir)
        return sorted(final.name for _, final in moves)

    def abort(self, keep_folder: bool = False) -> None:
        for tmp in self.files.values():
            tmp.unlink(missing_ok=True)
        self.files = {}
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        if self.created and not keep_folder:
            try:
                self.out_dir.rmdir()  # only when nothing else was put there meanwhile
            except OSError:
                pass


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of runs that were killed (their process is gone)."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX):].split(".", 1)[0]
        if folder.is_dir() and pid.isdigit() and not _process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


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


class RecordWriter:
    """records.jsonl and records.parquet, one record at a time."""

    def __init__(self, staging: Staging):
        self.jsonl = open(staging.path("records.jsonl"), "w", encoding="utf-8")
        self.parquet = ParquetStream(staging.path("records.parquet"), record_schema(), records_frame([]))

    def add(self, record: dict) -> None:
        self.jsonl.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.parquet.add({name: record.get(name) for name in RECORD_COLUMNS})

    def close(self) -> None:
        self.jsonl.close()
        self.parquet.close()


class DutyWriter:
    """Duty rows to Parquet and, when ``csv_name`` is given, CSV; in batches of BATCH_ROWS."""

    def __init__(self, staging: Staging, name: str, types: dict[str, pa.DataType], csv_name: str | None = None,
                 part: str = ""):
        example = {c: (0 if t == pa.int64() else "x") for c, t in types.items()}
        self.columns = list(types)
        self.path = staging.path(name, part)
        self.parquet = ParquetStream(self.path, frame_schema(types, example), pd.DataFrame(columns=self.columns))
        self.csv = CsvStream(staging.path(csv_name), self.columns) if csv_name else None
        self.buffer: dict[str, list] = {c: [] for c in self.columns}

    def add_record(self, record: dict) -> None:
        buffer = self.buffer
        for position, duty in enumerate(record["duties"]):
            buffer["record_id"].append(record["record_id"])
            buffer["position"].append(position)
            buffer["duty"].append(duty)
            buffer["role"].append(record["role"])
            buffer["source"].append(record["source"])
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
    from .export import _csv

    _csv(pd.DataFrame(rows, columns=RUN_MANIFEST_COLUMNS), path)
