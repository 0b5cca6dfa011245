"""A duty table whose layout the export flattened: its header cells one per line (序号 / 职责描述
/ 工作标准) and then its cells one per line, or its header row and each row on one line.

The table keeps the column labels; the segmenter asks it, row by row, which text is the duty
and which cells are standards (they go to ``kpis``) rather than more of the duty.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER
from .sections import section_header

ROW_NUMBER_COLUMN = re.compile(r"序号|编号|序|No\.?")  # a table's first column, numbering its rows
# Words a column label of a duty table has (对应规范/流程, 权限, 工作标准, 权重, 考核指标 …).
COLUMN_WORD = re.compile(r"序号|编号|标准|指标|权重|权限|规范|流程|频率|频次|考核|依据|结果|占比|比例|备注|时限|输出|时间分配")
# 时间分配 / 权重: a column giving each row's share of the working time, a percentage.
SHARE_COLUMN = re.compile(r"时间分配|时间比例|时间占比|百分比|权重|占比|比例")
SHARE_CELL = re.compile(r"^\d{1,3}(?:\.\d{1,2})?\s*[%％]$")


# 频次:1次/周 / 用时:20小时 / 工作时间百分比:10% / 小时: a row's measure cells (how often, how
# long, what share of the time), never duty text; the unit of a value can wrap to its own line.
MEASURE_CELL = re.compile(
    r"^[^\s:：，。；,;]{0,6}(?:频次|频率|用时|耗时|时长|百分比|占比|比例|权重)\s*[:：]\s*[^，。；,;]{0,12}$"
    r"|^(?:小\s*时|分钟|工作日|%)$"
)


def is_measure_cell(text: str) -> bool:
    return bool(MEASURE_CELL.match(text.strip()))


@dataclass
class DutyTable:
    columns: list[str] = field(default_factory=list)
    rows_on_one_line: bool = False  # the header row came on one line: so do the rows
    cells_left: list[str] = field(default_factory=list)  # labels of the cells still due in this row
    group_due: bool = False  # in a table of row blocks: the row's group cell comes next

    def add_header(self, text: str) -> None:
        labels = text.split()  # one label per line, or the whole header row on one line
        self.columns.extend(labels)
        self.rows_on_one_line = len(labels) > 1

    def start_row(self, text: str) -> tuple[str, list[str]]:
        """(the numbered duty cell, the standards beside it) of a row that starts with ``text``.
        ``1 负责客服团队日常管理 团队运转有序`` is cut into its cells when the rows come one a
        line; else the row's other cells are due on the lines below (``next_cell``)."""
        self.cells_left = columns_after_duty(self.columns, numbered_rows=self.rows_on_one_line)
        number = ITEM_NUMBER.match(text)
        cells = text[number.end():].split() if number else []
        if not self.rows_on_one_line or not self.cells_left or len(cells) != len(self.cells_left) + 1:
            return text, []
        standards = [cell for column, cell in zip(self.cells_left, cells[1:]) if is_kpi_column(column)]
        self.cells_left = []
        return text[: number.end()] + cells[0], standards

    def start_unnumbered_row(self) -> bool:
        """A row without a number: when the header came one label a line after the duty
        column's, its other cells are due on the lines below. False when no such header."""
        if self.rows_on_one_line or not self.columns or any(ROW_NUMBER_COLUMN.fullmatch(c) for c in self.columns):
            return False
        self.cells_left = list(self.columns)
        return True

    def block_cell(self, text: str) -> str | None:
        """What a line of a table of row blocks is (时间分配 | 主要职责 | 职责描述 | 业绩衡量标准, one
        主要职责 cell over several 职责描述 lines, a standards cell once a block): "share" (15 %:
        a row begins), "group" (the 主要职责 cell after it), "text" (a description or the
        standards cell); None in any other table."""
        if not self.blocks():
            return None
        if SHARE_CELL.match(text.strip()):
            self.group_due = True
            return "share"
        if self.group_due:
            self.group_due = False
            return "group"
        return "text"

    def blocks(self) -> bool:
        """A share-of-time first column and two duties columns (主要职责 over 职责描述)."""
        if not self.columns or not SHARE_COLUMN.search(self.columns[0]):
            return False
        return sum((section_header(c) or ("",))[0] == "duties" for c in self.columns) >= 2

    def next_cell(self) -> str | None:
        """The label of the row's next cell when one is still due, else None."""
        return self.cells_left.pop(0) if self.cells_left else None


def columns_after_duty(columns: list[str], numbered_rows: bool = False) -> list[str]:
    """The labels right of the duty column in a numbered table (序号 / 职责描述 / 工作标准 → 工作标准);
    none when no column numbers the rows, unless the rows, each on one line, carry numbers the
    header has no column for (职责描述 工作标准 / 1 接听… 30秒内接听) and it names its duty column."""
    duty = next((i for i, c in enumerate(columns) if (section_header(c) or ("",))[0] == "duties"), None)
    if not any(ROW_NUMBER_COLUMN.fullmatch(c) for c in columns):
        return columns[duty + 1:] if numbered_rows and duty is not None else []
    if duty is None:
        duty = next(i for i, c in enumerate(columns) if not ROW_NUMBER_COLUMN.fullmatch(c))
    return columns[duty + 1:]


def is_kpi_column(label: str) -> bool:
    return (section_header(label) or ("",))[0] == "kpis" or any(w in label for w in ("标准", "指标"))


def standards_header(rest: str) -> bool:
    """职责描述 工作标准 权重 / 序号 概述 内容描述: what follows a duties label on its line is the
    rest of the header row (short labels, one of them a standards or row-number column), not a duty."""
    labels = rest.split()
    return (bool(labels) and all(len(label) <= 8 and not CLAUSE_PUNCT.search(label) for label in labels)
            and any(is_kpi_column(label) or ROW_NUMBER_COLUMN.fullmatch(label) for label in labels))


def is_header_cell(text: str) -> bool:
    """序号 / 对应规范/流程 / 权限 / 工作标准: a short line that names a column, not a short duty
    (接听客户电话) under a duties label."""
    text = text.strip()
    return (len(text) <= 12 and not CLAUSE_PUNCT.search(text) and not ITEM_NUMBER.match(text) and not is_measure_cell(text)
            and (section_header(text) is not None or bool(COLUMN_WORD.search(text))))
