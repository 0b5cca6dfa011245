"""Excel workbooks through openpyxl: one sheet per table, the header row frozen and bold, column
widths from the first rows, lists joined as in the CSVs, Chinese text as it is.

Rows are streamed (openpyxl's write-only mode writes each sheet to a temporary file as rows
come, with inline strings), so a table read in batches is never held whole. Excel's limits are
kept: a table longer than a sheet goes on in ``NAME (2)``, ``NAME (3)`` …; a cell over 32,767
characters is cut; characters XML cannot hold (control characters) are written as ``\\xNN``
(``\\uNNNN``).
Each of these is said on a last sheet, ``notes``, written only when there is one.

Reproducible: the document's created and modified times and every zip entry's time are fixed,
so the same tables give the same bytes.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .files import joined
from .schema import RUN_MANIFEST_COLUMNS, WORKBOOK_NAME, WORKBOOK_TABLES
from .staging import Staging, atomic_path
from .streams import BATCH_ROWS

EXCEL_ROWS = 1_048_576  # rows of a sheet, the header row included
EXCEL_CELL = 32_767  # characters of a cell
DOCUMENT_TIME = datetime(2000, 1, 1)  # docProps/core.xml created / modified: fixed, not the clock
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
WIDTH_SAMPLE = 200  # rows whose text sets the column widths
MIN_WIDTH, MAX_WIDTH = 8, 60  # in characters; Chinese characters count two
# what a workbook's XML cannot hold: control characters (tab and line breaks are fine), the
# non-characters U+FFFE / U+FFFF, lone surrogates
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

Tables = dict[str, Iterable[pd.DataFrame]]  # sheet name -> the table in batches (one frame or more)


def write_workbook(tables: Tables, path: Path) -> None:
    """Each table as a sheet of the workbook at ``path`` (replaced only when complete)."""
    book = Workbook(write_only=True)
    book.properties.created = book.properties.modified = DOCUMENT_TIME
    notes: list[tuple[str, str]] = []
    for name, batches in tables.items():
        notes += SheetWriter(book, name).write(batches)
    if notes:
        SheetWriter(book, "notes").write([pd.DataFrame(notes, columns=["sheet", "note"])])
    with atomic_path(path) as tmp:
        with FixedTimeZip(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(book, archive).save()


def write_run_workbook(staging: Staging, manifest: list[dict]) -> None:
    """``jdpipe.xlsx`` of a run, from its staged outputs: a sheet per table the run wrote."""
    tables: Tables = {}
    for name in WORKBOOK_TABLES:
        if name == "manifest":
            tables[name] = [pd.DataFrame(manifest, columns=RUN_MANIFEST_COLUMNS)]
        elif (path := staging.staged(f"{name}.parquet")) is not None:
            tables[name] = parquet_batches(path)
    write_workbook(tables, staging.dir / WORKBOOK_NAME)


def parquet_batches(path: Path) -> Iterator[pd.DataFrame]:
    """A Parquet file in frames of BATCH_ROWS rows (one empty frame when it has no row)."""
    file = pq.ParquetFile(path)
    empty = True
    for batch in file.iter_batches(batch_size=BATCH_ROWS):
        empty = False
        yield batch.to_pandas()
    if empty:
        yield file.schema_arrow.empty_table().to_pandas()


class SheetWriter:
    """One table into one sheet, or several when it is longer than Excel allows."""

    def __init__(self, book: Workbook, name: str):
        self.book, self.name = book, name
        self.sheet = None
        self.sheets = self.rows = self.total = 0  # sheets made, rows in the current one, rows written
        self.widths: list[float] = []
        self.columns: list[str] = []
        self.escaped = self.cut = 0

    def write(self, batches: Iterable[pd.DataFrame]) -> list[tuple[str, str]]:
        """Write the table; return its notes: (sheet, note) pairs."""
        for frame in batches:
            if self.sheet is None:
                self.columns = [str(c) for c in frame.columns]
                self.new_sheet()
            values = self.cell_rows(frame)
            if self.rows == 0:  # no header yet: the first rows set the widths, which go before it
                self.widths = column_widths(self.columns, values[:WIDTH_SAMPLE])
                self.start()
            for row in values:
                if self.rows == EXCEL_ROWS:
                    self.new_sheet()
                self.sheet.append(row)
                self.rows += 1
                self.total += 1
        return self.notes()

    def new_sheet(self) -> None:
        self.sheets += 1
        title = self.name if self.sheets == 1 else f"{self.name} ({self.sheets})"
        self.sheet = self.book.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        if self.sheets > 1:  # a sheet the table goes on in: the first one's widths and header
            self.start()

    def start(self) -> None:
        """Column widths and the bold header row of the current sheet."""
        for i, width in enumerate(self.widths, 1):
            self.sheet.column_dimensions[get_column_letter(i)].width = width
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(self.sheet, value=column)
            cell.font = Font(bold=True)
            header.append(cell)
        self.sheet.append(header)
        self.rows = 1

    def cell_rows(self, frame: pd.DataFrame) -> list[tuple]:
        columns = [[self.cell(value) for value in frame[column].astype(object).tolist()] for column in frame.columns]
        return list(zip(*columns)) if columns else [()] * len(frame)

    def cell(self, value):
        """A value as Excel takes it: lists joined, missing values empty, text within Excel's limits."""
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            return None
        value = joined(value)
        if isinstance(value, str):
            return self.text(value)
        return value.item() if hasattr(value, "item") else value

    def text(self, value: str):
        if NOT_IN_XML.search(value):
            value = NOT_IN_XML.sub(escape, value)
            self.escaped += 1
        if len(value) > EXCEL_CELL:
            value = value[:EXCEL_CELL - 1] + "…"
            self.cut += 1
        if value.startswith("=") or value in ERROR_CODES:  # text, not a formula or an error value
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.data_type = "s"
            return cell
        return value

    def notes(self) -> list[tuple[str, str]]:
        notes = []
        per_sheet = EXCEL_ROWS - 1
        for part in range(2, self.sheets + 1):
            first = (part - 1) * per_sheet + 1
            notes.append((f"{self.name} ({part})", f"{self.name} goes on here: rows {first:,} to "
                          f"{min(part * per_sheet, self.total):,} of {self.total:,} (an Excel sheet holds "
                          f"{per_sheet:,} rows under its header)."))
        if self.cut:
            notes.append((self.name, f"{self.cut:,} cells were longer than Excel's {EXCEL_CELL:,} characters and "
                          f"were cut (ending in …); the CSV and Parquet files hold them whole."))
        if self.escaped:
            notes.append((self.name, f"{self.escaped:,} cells held control characters, which a workbook cannot "
                          f"store; they are written as \\xNN (\\uNNNN)."))
        return notes


def escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def column_widths(columns: list[str], rows: list[tuple]) -> list[float]:
    """Per column: the widest of its header and first rows, within MIN_WIDTH and MAX_WIDTH."""
    widths = []
    for i, column in enumerate(columns):
        texts = [column, *(cell_text(row[i]) for row in rows)]
        widest = max(display_width(text) for text in texts)
        widths.append(float(min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)))
    return widths


def cell_text(value) -> str:
    if value is None:
        return ""
    return str(value.value if isinstance(value, Cell) else value)


def display_width(text: str) -> int:
    """Columns a text takes in Excel: wide (Chinese) characters two, others one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text[:MAX_WIDTH])


class FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry ZIP_TIME: zipfile stamps ``writestr`` with the clock and
    ``write`` with the file's modification time, which would make each workbook differ."""

    def writestr(self, name, data, compress_type=None, compresslevel=None):
        entry = name if isinstance(name, zipfile.ZipInfo) else self.entry(name)
        super().writestr(entry, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        entry = self.entry(arcname or os.path.basename(filename))
        entry.file_size = os.path.getsize(filename)  # so zip64 is chosen for a sheet over 2 GB
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)

    @staticmethod
    def entry(name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        return entry
