"""``jdpipe compare``'s file: the comparison table as CSV with what it was made with in a side
file ``NAME_settings.json`` (the CSV stays a plain table that Excel and ``pandas.read_csv`` open
as it is), or as a workbook (``.xlsx``) with the same table and a ``settings`` sheet."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .files import write_csv
from .staging import atomic_path

WORKBOOK_SUFFIX = ".xlsx"
OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods")  # formats jdpipe does not write


def settings_path(path: Path) -> Path:
    """The side file of the CSV at ``path``: ``compare_A_B.csv`` -> ``compare_A_B_settings.json``."""
    return path.with_name(f"{path.stem}_settings.json")


def write_comparison(table: pd.DataFrame, about: dict, path: Path) -> list[Path]:
    """The table at ``path`` (a workbook when it ends in .xlsx, else CSV plus its settings
    file); return the files written."""
    if path.suffix.lower() == WORKBOOK_SUFFIX:
        from .excel import write_workbook  # openpyxl loads only when a workbook is asked for

        write_workbook({"comparison": [table], "settings": [settings_frame(about)]}, path)
        return [path]
    write_csv(table, path)
    side = settings_path(path)
    with atomic_path(side) as tmp:
        tmp.write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [path, side]


def write_many(result, about: dict, path: Path) -> list[Path]:
    """Several roles (``ManyComparison``): the cosine matrix at ``path`` and beside it
    ``_overlap``, ``_pairs``, ``_alone``, ``_themes`` CSVs and the settings; or one workbook
    with a sheet each."""
    tables = {"cosine": result.matrix("cosine").reset_index(), "overlap": result.matrix("overlap").reset_index(),
              "pairs": result.pair_table(), "alone": result.alone(), "themes": result.themes.reset_index()}
    if path.suffix.lower() == WORKBOOK_SUFFIX:
        from .excel import write_workbook

        write_workbook({**{name: [table] for name, table in tables.items()}, "settings": [settings_frame(about)]}, path)
        return [path]
    written = []
    for name, table in tables.items():
        target = path if name == "cosine" else path.with_name(f"{path.stem}_{name}{path.suffix or '.csv'}")
        write_csv(table, target)
        written.append(target)
    side = settings_path(path)
    with atomic_path(side) as tmp:
        tmp.write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [*written, side]


def settings_frame(about: dict) -> pd.DataFrame:
    """``about`` as rows of ``setting, value``; lists and tables as JSON text."""
    rows = [(key, json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value)
            for key, value in about.items()]
    return pd.DataFrame(rows, columns=["setting", "value"])
