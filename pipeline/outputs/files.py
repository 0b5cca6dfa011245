"""Whole-file writers: JSON lines, Parquet, CSV (UTF-8 with BOM, for Excel), each through
``atomic_path`` so a failed write leaves the previous file as it was."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .staging import atomic_path

# Lists (duties, requirements, warnings …) in a CSV or workbook cell: Excel's Text to Columns
# (Other: |) or Power Query (custom delimiter " | ") splits them again.
LIST_SEPARATOR = " | "


def is_list(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def joined(value):
    """A list as one cell's text (items joined by LIST_SEPARATOR); any other value as it is."""
    return LIST_SEPARATOR.join(map(str, value)) if is_list(value) else value


def write_jsonl(rows: Iterable[dict], path: Path) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    with atomic_path(path) as tmp:
        frame.to_parquet(tmp, index=False)


def write_csv(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    """UTF-8 with BOM, so Excel shows Chinese; lists become LIST_SEPARATOR-joined text."""
    with atomic_path(path) as tmp:
        csv_file(frame, tmp, index)


def csv_file(frame: pd.DataFrame, path: Path, index: bool = False) -> None:
    """``frame`` as the project's CSV at ``path`` (written in place: callers stage it)."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(is_list).any():
            frame[column] = frame[column].map(joined)
    frame.to_csv(path, index=index, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


def write_frame(frame: pd.DataFrame, out_dir: Path, name: str) -> None:
    """``name.csv`` (UTF-8 with BOM, for Excel) and ``name.parquet`` beside it."""
    write_csv(frame, out_dir / f"{name}.csv")
    write_parquet(frame, out_dir / f"{name}.parquet")


def write_frames(frames: dict[str, pd.DataFrame], out_dir: Path) -> None:
    """Each frame as ``NAME.csv`` and ``NAME.parquet`` (the analysis outputs)."""
    for name, frame in frames.items():
        write_frame(frame, out_dir, name)
