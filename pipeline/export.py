"""Write outputs: every file goes to a temporary name first and is renamed into place."""
from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

MANIFEST_COLUMNS = ["source", "status", "reason", "encoding", "records", "bytes"]
DUTY_COLUMNS = ["record_id", "position", "duty", "role", "source"]


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


def write_csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    """UTF-8 with BOM, so Excel shows Chinese; lists become ' | '-joined text."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[column] = frame[column].map(lambda v: " | ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    with atomic_path(path) as tmp:
        frame.to_csv(tmp, index=index, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def duties_frame(records: list[dict]) -> pd.DataFrame:
    rows = [
        {"record_id": r["record_id"], "position": i, "duty": duty, "role": r["role"], "source": r["source"]}
        for r in records
        for i, duty in enumerate(r["duties"])
    ]
    return pd.DataFrame(rows, columns=DUTY_COLUMNS)


def records_frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    if "experience_years" in frame:
        frame["experience_years"] = frame["experience_years"].astype("Int64")
    return frame


def write_parse_outputs(records: list[dict], manifest: list[dict], out_dir: Path) -> None:
    """records.jsonl, records.parquet, duties.parquet/.csv and manifest.csv in ``out_dir``."""
    out_dir = Path(out_dir)
    write_jsonl(records, out_dir / "records.jsonl")
    if records:
        write_parquet(records_frame(records), out_dir / "records.parquet")
    duties = duties_frame(records)
    write_parquet(duties, out_dir / "duties.parquet")
    write_csv(duties, out_dir / "duties.csv")
    write_csv(pd.DataFrame(manifest, columns=MANIFEST_COLUMNS), out_dir / "manifest.csv")
