"""Tables exported with | between cells, read back as rows.

Two layouts: a row a line (``序号 | 职责内容 | 工作说明 |``, markdown ``| a | b |`` with a
``|---|`` line under its header), or a cell a line with a | after each (``职责项目 |`` /
``职责内容 |`` / ``客户投诉处理 |`` / ``监督并处理客户投诉 |`` …). A block is a table only when
a header row of column labels (or a markdown separator) says so; other lines with | in them
(a site's menu) are left as they are. The header row, and its repeats after a page break, are
dropped; each row becomes one line the parser reads as an item: its number, its label and
its text (``1 客户投诉处理:监督并处理客户投诉``).
"""
from __future__ import annotations

import re

from ..clean import to_simplified
from .lexicon import CLAUSE_PUNCT, lexicon

SEPARATOR_ROW = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?)?\s*$")
ROW_NUMBER = re.compile(r"^\d{1,3}[.、]?$")
# What a column label of a table names: the row's number, its item, its text, a standard …
COLUMN_LABEL = re.compile(
    r"序号|编号|项目|内容|描述|说明|名称|事项|类别|标准|指标|权重|频次|频率|备注|职责|任务|要求|分配|占比")
MAX_LABEL = 12  # characters of a column label
MAX_ITEM_LABEL = 16  # characters of a row's topic cell (客户满意度调研) before its text

Line = tuple[int, int, str]  # start, end, raw text


def pipe_cells(raw: str) -> list[str] | None:
    """The cells of a line written with | between them (a | after a lone cell counts), or None."""
    text = raw.strip()
    if text.count("|") < 2 and not (text.endswith("|") and len(text) > 1):
        return None
    return [cell.strip() for cell in text.strip("|").split("|") if cell.strip()]


def is_column_label(cell: str) -> bool:
    """A short cell naming a column. The lines are raw here, so a traditional page's labels
    (職責內容) are read simplified."""
    if len(cell) > MAX_LABEL or CLAUSE_PUNCT.search(cell):
        return False
    cell = to_simplified(cell) if not cell.isascii() else cell
    return bool(COLUMN_LABEL.search(cell) or lexicon().section_words.search(cell))


def read_pipe_tables(lines: list[Line]) -> list[Line]:
    """``lines`` with each table of |-separated cells replaced by one line per row."""
    out, i = [], 0
    while i < len(lines):
        end = _block_end(lines, i)
        table = _table_rows(lines[i:end], lines[end] if end < len(lines) else None) if end - i >= 2 else None
        if table is None:
            out.extend(lines[i:max(end, i + 1)])
        else:
            out.extend(table[0])
            end += table[1]  # the cut-off last cell
        i = max(end, i + 1)
    return out


def _block_end(lines: list[Line], i: int) -> int:
    """The end of the run of pipe lines from ``i`` (blank lines inside it included)."""
    end = j = i
    while j < len(lines) and (not lines[j][2].strip() or _is_pipe_line(lines[j][2])):
        if lines[j][2].strip():
            end = j + 1
        j += 1
    return end


def _is_pipe_line(raw: str) -> bool:
    return pipe_cells(raw) is not None or bool(SEPARATOR_ROW.match(raw))


def _table_rows(block: list[Line], after: Line | None) -> tuple[list[Line], int] | None:
    """The rows of a block of pipe lines and how many lines after it they took (0 or 1); None
    when the block is no table."""
    lines = [line for line in block if line[2].strip() and not SEPARATOR_ROW.match(line[2])]
    cells = [pipe_cells(line[2]) or [] for line in lines]
    if any(len(row) > 1 for row in cells):
        rows = _rows_a_line(block, lines, cells)
        return None if rows is None else (rows, 0)
    return _cells_a_line(lines, [row[0] if row else "" for row in cells], after)


def _rows_a_line(block: list[Line], lines: list[Line], cells: list[list[str]]) -> list[Line] | None:
    """序号 | 职责内容 | 工作说明 / 1 | 客户投诉处理 | 监督… : the header is the first row when all
    its cells are column labels, or when a markdown separator follows it."""
    separated = any(SEPARATOR_ROW.match(line[2]) for line in block)
    if not (separated or all(is_column_label(cell) for cell in cells[0])):
        return None
    header = cells[0]
    return [(line[0], line[1], row_text(row)) for line, row in zip(lines[1:], cells[1:]) if row and row != header]


def _cells_a_line(lines: list[Line], cells: list[str], after: Line | None) -> tuple[list[Line], int] | None:
    """职责项目 | / 职责内容 | / 客户投诉处理 | / 监督… | : the leading column labels give the
    number of columns; the cells after them fill the rows in turn, the header repeated after a
    page break skipped. A row left one cell short takes the line after the block, the page cut
    before its |: (rows, whether that line was taken)."""
    width = 0
    while width < len(cells) and is_column_label(cells[width]):
        width += 1
    if width < 2:
        return None
    taken = after is not None and (len(cells) - width) % width == width - 1 and bool(after[2].strip())
    if taken:
        lines, cells = lines + [after], cells + [after[2].strip()]
    header, rows, i = cells[:width], [], width
    while i < len(cells):
        if cells[i:i + width] == header:
            i += width
            continue
        chunk = lines[i:i + width]
        rows.append((chunk[0][0], chunk[-1][1], row_text(cells[i:i + width])))
        i += width
    return rows, int(taken)


def row_text(cells: list[str]) -> str:
    """A row as the parser reads an item: 1 客户投诉处理:监督并处理客户投诉 (its number, its topic
    label, then its text)."""
    number = cells[0] + " " if len(cells) > 1 and ROW_NUMBER.match(cells[0]) else ""
    rest = cells[1:] if number else cells
    if len(rest) > 1 and len(rest[0]) <= MAX_ITEM_LABEL and not CLAUSE_PUNCT.search(rest[0]):
        return number + rest[0] + ":" + " ".join(rest[1:])
    return number + " ".join(rest)
