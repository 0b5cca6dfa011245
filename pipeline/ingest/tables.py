"""Job-board exports: each row of a JSONL, JSON, CSV/TSV, Excel or Parquet file is one posting.

``read_rows`` streams a file's rows as dicts (a row that cannot be read comes back with its
``problem``, never as an exception), ``choose_columns`` finds the description, title and id
columns by name (``resources/table_columns.toml``) or, for the description, by content,
and ``posting`` turns one row into the text the parser reads (the title on the first line,
then the description) and the metadata kept beside its records.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import math
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ..resources import read_resource
from .decoding import SAMPLE_BYTES, decode_bytes

TABLE_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".xlsx", ".parquet"})
SAMPLE_ROWS = 200  # rows read to choose the columns
MIN_TEXT_CHARS = 30  # a description column found by content holds texts this long on average
MAX_POSTING_CHARS = 200_000  # a description longer than this is not one posting (a pasted page, a blob)
PARQUET_BATCH = 1_000
# A cell with list items is HTML made into text (each <li> a bulleted line, as for pages); other
# tags left in cells (<br />, <p>, <span>) the cleaner turns into line breaks or drops, far cheaper.
HTML_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I)


class TableError(Exception):
    """The file as a whole cannot be read as a table (its manifest row says why)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    number: int  # 1-based among the data rows of its file (of its sheet, in a workbook)
    values: dict | None  # column -> value; None when the row could not be read
    problem: str = ""  # why it could not be read
    sheet: str = ""  # the sheet of a workbook with more than one


@dataclass(frozen=True, slots=True)
class Columns:
    text: str
    title: str | None = None
    id: str | None = None
    requirements: str | None = None  # demands in a column of their own, appended to the text

    def used(self) -> set[str]:
        return {self.text, self.title, self.requirements} - {None}


def is_table(path: str | Path) -> bool:
    return Path(path).suffix.lower() in TABLE_SUFFIXES


# --- reading rows, by format ----------------------------------------------------------------

def read_rows(path: str | Path) -> Iterator[TableRow]:
    """Every data row of the export at ``path``, in order; TableError when the file as a whole
    cannot be read (not JSON at all, no header, a damaged workbook)."""
    suffix = Path(path).suffix.lower()
    readers = {".jsonl": _jsonl_rows, ".ndjson": _jsonl_rows, ".json": _json_rows, ".csv": _csv_rows,
               ".tsv": _csv_rows, ".xlsx": _xlsx_rows, ".parquet": _parquet_rows}
    try:
        yield from readers[suffix](Path(path))
    except TableError:
        raise
    except (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, UnicodeError) as exc:
        raise TableError(f"cannot read {suffix[1:]} file: {type(exc).__name__}: {exc}") from None


def _jsonl_rows(path: Path) -> Iterator[TableRow]:
    number = 0
    with open(path, "rb") as f:
        for line in f:
            if not line.strip():
                continue
            number += 1
            yield _json_row(number, line)


def _json_row(number: int, line: bytes) -> TableRow:
    try:
        value = json.loads(_decoded_line(line))
    except ValueError as exc:
        return TableRow(number, None, f"not a JSON object: {exc}")
    if not isinstance(value, dict):
        return TableRow(number, None, f"not a JSON object but a JSON {type(value).__name__}")
    return TableRow(number, value)


def _decoded_line(line: bytes) -> str:
    try:
        return line.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = decode_bytes(line)
        return decoded.text if decoded else line.decode("utf-8", "replace")


def _json_rows(path: Path) -> Iterator[TableRow]:
    """An array of objects, an object holding one (``{"data": [...]}``), or one object; JSON
    lines named .json (many tools write them so) are read as JSON lines."""
    data = path.read_bytes()
    decoded = decode_bytes(data) if data.strip() else None
    if decoded is None:
        raise TableError("file is empty" if not data.strip() else "no text encoding decodes this file")
    try:
        value = json.loads(decoded.text)
    except ValueError as exc:
        if _json_lines(decoded.text):
            yield from _jsonl_rows(path)
            return
        raise TableError(f"not valid JSON: {exc}") from None
    items = _json_items(value)
    if items is None:
        raise TableError("JSON holds no array of objects (one posting per object)")
    for number, item in enumerate(items, 1):
        yield TableRow(number, item) if isinstance(item, dict) else \
            TableRow(number, None, f"not a JSON object but a JSON {type(item).__name__}")


def _json_lines(text: str) -> bool:
    """Whether the text's first line is a JSON object of its own."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _json_items(value) -> list | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        return max(lists, key=len) if lists else [value]
    return None


def _csv_rows(path: Path) -> Iterator[TableRow]:
    """CSV or TSV in whatever encoding the text reader finds on the file's first bytes; quoted
    cells may span lines; a row with more or fewer fields than the header is a row problem."""
    encoding = _text_encoding(path)
    csv.field_size_limit(1 << 30)  # a 5 MB cell is a row problem later, not a reader error
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(f)
        reader = csv.reader(f, delimiter=delimiter)
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            raise TableError("file holds no header row")
        header = unique_names(header)
        number = 0
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            number += 1
            if len(cells) != len(header):
                yield TableRow(number, None, f"row has {len(cells)} fields, the header {len(header)}")
            else:
                yield TableRow(number, dict(zip(header, cells)))


def _text_encoding(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(SAMPLE_BYTES)
    if not head.strip():
        raise TableError("file is empty")
    decoded = decode_bytes(head)
    if decoded is None:
        raise TableError("no text encoding decodes this file")
    return decoded.encoding


def _delimiter(f) -> str:
    """',' unless the header line has more of ';' or '|' (exports from some spreadsheets)."""
    first = f.readline()
    f.seek(0)
    counts = {d: first.count(d) for d in ",;|\t"}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _xlsx_rows(path: Path) -> Iterator[TableRow]:
    """Every sheet with a header row (its first non-empty row); a sheet without one is named
    as a row problem. Read-only: memory stays flat whatever the size of the workbook."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise TableError(f"not a readable Excel workbook: {exc}") from None
    try:
        sheets = book.worksheets
        for sheet in sheets:
            name = sheet.title if len(sheets) > 1 else ""
            rows = sheet.iter_rows(values_only=True)
            header = next((r for r in rows if any(_filled(c) for c in r)), None)
            if header is None:
                continue  # an empty sheet: nothing to say
            if not _is_header(header):
                yield TableRow(0, None, f"sheet '{sheet.title}' has no header row (its first row holds "
                                        f"numbers or long texts)", name)
                continue
            names = unique_names(["" if c is None else str(c) for c in header])
            number = 0
            for cells in rows:
                if not any(_filled(c) for c in cells):
                    continue
                number += 1
                yield TableRow(number, dict(zip(names, cells)), sheet=name)
    finally:
        book.close()


def _filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _is_header(cells) -> bool:
    """Names, not data: short texts, no numbers, no dates."""
    filled = [c for c in cells if _filled(c)]
    return all(isinstance(c, str) and len(c) <= 60 for c in filled)


def _parquet_rows(path: Path) -> Iterator[TableRow]:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own ArrowInvalid and OSError kinds
        raise TableError(f"not a readable Parquet file: {exc}") from None
    number = 0
    try:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH):
            for values in batch.to_pylist():
                number += 1
                yield TableRow(number, values)
    except Exception as exc:
        raise TableError(f"Parquet file is damaged after row {number}: {exc}") from None


def unique_names(header: list[str]) -> list[str]:
    """Header cells as column names: blank ones named by position, repeated ones numbered."""
    names, seen = [], {}
    for i, cell in enumerate(header, 1):
        name = str(cell).strip().lstrip("\ufeff") or f"column_{i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


# --- which column is which --------------------------------------------------------------------

@lru_cache(maxsize=1)
def column_names() -> dict[str, list[str]]:
    table = tomllib.loads(read_resource("table_columns.toml"))
    return {kind: [name_key(n) for n in names] for kind, names in table.items()}


def name_key(name: str) -> str:
    """A column name as compared: lower case, without spaces, '_' and '-'."""
    return re.sub(r"[\s_\-]+", "", str(name)).lower()


def by_name(names: list[str], kind: str, exclude: set[str] = frozenset()) -> str | None:
    """The column of ``names`` the word list ``kind`` names first."""
    keyed = {name_key(n): n for n in reversed(names) if n not in exclude}
    return next((keyed[k] for k in column_names()[kind] if k in keyed), None)


def choose_columns(names: list[str], sample: list[dict], text: str = "", title: str = "",
                   id: str = "") -> Columns | str:
    """The columns to read (the settings' choices first), or one sentence saying why not."""
    for setting, chosen in (("text_column", text), ("title_column", title), ("id_column", id)):
        if chosen and chosen not in names:
            return f"setting {setting} names '{chosen}', which is not a column here (columns: {_listed(names)})"
    text = text or by_name(names, "text") or longest_texts(names, sample)
    if not text:
        return (f"no description column found (columns: {_listed(names)}); name it with "
                f"--set text_column=NAME")
    title = title or by_name(names, "title", {text})
    requirements = by_name(names, "requirements", {text, title})
    return Columns(text, title, id or by_name(names, "id", {text, title, requirements}), requirements)


def longest_texts(names: list[str], sample: list[dict]) -> str | None:
    """The column whose texts are longest on average, if long enough to be descriptions."""
    def mean_length(name):
        lengths = [len(v) for row in sample if isinstance(v := row.get(name), str)]
        return sum(lengths) / len(lengths) if lengths else 0.0

    best = max(names, key=mean_length, default=None)
    return best if best is not None and mean_length(best) >= MIN_TEXT_CHARS else None


def _listed(names: list[str], shown: int = 12) -> str:
    return ", ".join(names[:shown]) + (f" and {len(names) - shown} more" if len(names) > shown else "")


def column_list(rows: list[TableRow]) -> list[str]:
    """The columns of a file as its first rows show them (JSON objects may differ in keys)."""
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row.values or ()))
    return list(names)


# --- one row as a posting -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Posting:
    text: str  # the title on the first line, then the description
    meta: dict  # every other column, as JSON-able values
    id: str = ""  # the id column's value, if any


def posting(values: dict, columns: Columns) -> Posting | str:
    """The posting of one row, or why the row gives none."""
    columns = own_columns(values, columns)
    description = cell_text(values.get(columns.text))
    if columns.requirements:
        demands = cell_text(values.get(columns.requirements))
        if demands:
            description = f"{description}\n任职要求：\n{demands}" if description else demands
    if not description.strip():
        return "empty description"
    if len(description) > MAX_POSTING_CHARS:
        return f"description of {len(description):,} characters, over the {MAX_POSTING_CHARS:,} a posting may have"
    title = " ".join(cell_text(values.get(columns.title)).split()) if columns.title else ""
    meta = {name: meta_value(v) for name, v in values.items() if name not in columns.used()}
    identity = " ".join(cell_text(values.get(columns.id)).split()) if columns.id else ""
    return Posting(f"{title}\n{description}" if title else description, meta, identity)


def own_columns(values: dict, columns: Columns) -> Columns:
    """``columns``, or for a row without a description (or title) under the chosen name, the
    column its own keys name so: an export merged from several boards names them differently
    (职位描述 on one, 岗位职责 or description on another), and the file's first rows show one."""
    if not _blank(values.get(columns.text)):
        return columns if columns.title is None or columns.title in values else _with_title(values, columns)
    text = by_name([n for n in values if not _blank(values[n])], "text", columns.used() - {columns.text})
    if text is None:
        return columns
    return _with_title(values, replace(columns, text=text, requirements=None if text == columns.requirements
                                       else columns.requirements))


def _with_title(values: dict, columns: Columns) -> Columns:
    if columns.title in values:
        return columns
    return replace(columns, title=by_name(list(values), "title", {columns.text, columns.requirements}))


def _blank(value) -> bool:
    """No text in the cell (cheap: it runs on every row)."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell_text(value) -> str:
    """A cell as text; an HTML list as its visible text, a line per block."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = value if isinstance(value, str) else str(meta_value(value))
    if HTML_LIST_ITEM.search(text):
        from .files import html_to_text

        text = html_to_text(text)
    return text


def meta_value(value):
    """A cell as a JSON value: numbers, text, true/false or null; dates as ISO text; lists
    and objects as JSON text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value.strip() or None if isinstance(value, str) else value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def row_label(row: TableRow) -> str:
    """How a row is named in sources and row_problems.csv: its number, with its sheet if any."""
    return f"{row.sheet}!{row.number}" if row.sheet else str(row.number)


def sample_rows(path: str | Path, size: int = SAMPLE_ROWS) -> list[TableRow]:
    rows = []
    for row in read_rows(path):
        rows.append(row)
        if len(rows) >= size:
            break
    return rows

