"""Write outputs: every file goes to a temporary name first and is renamed into place.

A failed or interrupted write leaves the previous output as it was; the parse outputs are
renamed together, only once all of them are written.
"""
from __future__ import annotations

import csv
import glob
import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .parse.record import Record

RECORD_COLUMNS = list(Record.__dataclass_fields__)
# duties: the duties the file's records hold; unused_duty_lines: duty-like lines in no record
# (pipeline.parse.coverage)
MANIFEST_COLUMNS = ["source", "status", "reason", "encoding", "records", "bytes", "duties", "unused_duty_lines"]
DUTY_COLUMNS = ["record_id", "position", "duty", "role", "source"]


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    The temporary name (``.NAME.PID.XXXXXXXX.tmp``) is hidden and carries the writer's process
    id, so that a later successful write can remove what a killed run left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, _new_file_mode())  # mkstemp makes it owner-only; outputs get the usual mode
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    remove_stale_temporaries(path)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files of ``path`` whose writer process is gone (a run killed mid-write)."""
    if os.name != "posix":  # os.kill(pid, 0) only asks on Unix
        return
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _process_exists(int(pid)):
            tmp.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@lru_cache(maxsize=1)
def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_paths(paths: list[Path]):
    """Temporary paths for all of ``paths``; renamed into place only when the block succeeds."""
    with ExitStack() as stack:
        yield [stack.enter_context(atomic_path(path)) for path in paths]


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    with atomic_path(path) as tmp:
        _jsonl(rows, tmp)


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


def write_csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    """UTF-8 with BOM, so Excel shows Chinese; lists become ' | '-joined text."""
    with atomic_path(path) as tmp:
        _csv(frame, tmp, index)


def _jsonl(rows: Iterable[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[column] = frame[column].map(lambda v: " | ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    frame.to_csv(path, index=index, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def duties_frame(records: list[dict]) -> pd.DataFrame:
    rows = [
        {"record_id": r["record_id"], "position": i, "duty": duty, "role": r["role"], "source": r["source"]}
        for r in records
        for i, duty in enumerate(r["duties"])
    ]
    return pd.DataFrame(rows, columns=DUTY_COLUMNS)


def records_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=RECORD_COLUMNS)
    if "experience_years" in frame:
        frame["experience_years"] = frame["experience_years"].astype("Int64")
    return frame


def write_parse_outputs(records: list[dict], manifest: list[dict], out_dir: Path) -> None:
    """records.jsonl, records.parquet, duties.parquet/.csv and manifest.csv in ``out_dir``.

    All are written to temporary files first and renamed together at the end, so a failing
    write leaves every previous output as it was, not a mix of old and new."""
    duties = duties_frame(records)
    writers = {
        "records.jsonl": lambda path: _jsonl(records, path),
        "records.parquet": lambda path: records_frame(records).to_parquet(path, index=False),
        "duties.parquet": lambda path: duties.to_parquet(path, index=False),
        "duties.csv": lambda path: _csv(duties, path),
        "manifest.csv": lambda path: _csv(pd.DataFrame(manifest, columns=MANIFEST_COLUMNS), path),
    }
    with atomic_paths([Path(out_dir) / name for name in writers]) as paths:
        for write, path in zip(writers.values(), paths):
            write(path)
