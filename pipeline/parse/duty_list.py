"""Read the text of a duty (or requirement) list into the open record: items, the lines that
continue them, table cells, the requirements that follow the duties (ANNOTATION "Structure
inside a duty list"). A mixin of the Segmenter, whose state it reads and sets."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .draft import Draft
from .duty_table import DutyTable, is_kpi_column, is_measure_cell
from .items import (
    LIST_INTRO, LIST_OWNER, LIST_WORDS, OWNED_LIST, REQUIREMENT_INTRO, STATES_REQUIREMENT,
    arabic_value, entry_items, marker, role_line, is_column_label, item_text, long_enough, not_a_duty, reads_as_short_duty,
    split_layout_lines, split_sentences,
)
from .labels import OpenLabel, glued_heading_end, names_a_topic
from .lexicon import ACTIVITY_END, ITEM_NUMBER
from .prose import intro_paragraph_end, prose_paragraph, reads_as_prose
from .titles import Heading, name_kind
from .units import Unit

# A list that starts again at 1 after this many items, with no heading, is not this record's
# (an essay or a second list); shorter runs are often just out of order in the scrape.
RESTART_AFTER = 4
TERMINAL = ("。", "；", ";", "!", "！")
SIBLING_LOOKAHEAD = 12  # units searched for the next entry of a list
# Sections whose "name: text" lines are no position's duties (财务部:费用报销 under 协作关系).
ROLELESS_MODES = ("ignore", "other", "requirements", "kpis")


# An item this long (characters) takes no more lines: no duty is, and joining every line of a
# 200,000-line run onto one item would cost the square of the run (each join copies the item).
MAX_ITEM = 2_000


def open_to_more(items: list[str]) -> bool:
    """The last item may still take the next line as its continuation."""
    return len(items[-1]) < MAX_ITEM


def line_end(text: str) -> str:
    """"。" after a finished sentence, the comma or 、 a broken clause ended with, else ""."""
    text = text.rstrip()
    if text.endswith(TERMINAL):
        return "。"
    return text[-1] if text.endswith((",", "、")) else ""


class UnitTexts(Sequence):
    """The texts of units, read without copying them all."""

    def __init__(self, units: list[Unit]):
        self.units = units

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, index):
        return self.units[index].text


def blank_line_before(text: str, units: list[Unit], index: int) -> bool:
    """A blank line of ``text`` lies between units[index] and the unit above it (not a line the
    cleaning removed: a page number between the halves of an item)."""
    if index == 0 or not units[index].opens_line:
        return False
    gap = text[units[index - 1].end:units[index].start]
    return gap.count("\n") >= 2 and not gap.strip()


BLANK_LAYOUT_SHARE = 0.5  # more line breaks than this doubled: the page's layout, not paragraphs


def blank_lines_part(text: str, units: list[Unit]) -> bool:
    """Blank lines mark paragraphs: false on pages that put one after most lines (and break
    words across them)."""
    breaks = [blank_line_before(text, units, i) for i in range(1, len(units)) if units[i].opens_line]
    return not breaks or sum(breaks) <= BLANK_LAYOUT_SHARE * len(breaks)


def defines(title: str, text: str) -> bool:
    """The sentence says what the position or unit is (客户服务部是负责…的部门, 本岗位是…), maybe
    after its heading (…职责客户服务部是…)."""
    owner = "|".join(["本部门", "本岗位", "该部门", "该岗位"] + ([re.escape(title)] if title else []))
    return bool(re.match(rf"(?:.{{0,40}}?(?:职责|职能|概述)\s*[:：]?\s*)?(?:{owner})(?:是|作为)", text))


# 行政总厨是餐饮行业中的高级管理职位,…: a sentence that says what a position or unit is.
DEFINING_SENTENCE = re.compile(r"^([^,，。;；:：\s]{2,12}?)(?:是|作为|指)[^。;；]{0,40}?(?:职位|岗位|职务|部门)")


def defined_name(text: str) -> Heading | None:
    """The position or unit a defining first sentence names, as a bare name."""
    match = DEFINING_SENTENCE.match(text)
    kind = name_kind(match.group(1)) if match else None
    return Heading(match.group(1), kind, False, False, False, False) if kind else None


class DutyListReader:
    """on_text and what it calls; the Segmenter sets up the state (see Segmenter.__init__)."""
    current: Draft | None
    mode: str | None
    last_arabic: int
    paused_at: int
    table: DutyTable
    label: OpenLabel | None
    group_style: str | None
    units: list[Unit]
    text: str
    index: int
    intro_until: int = 0  # units before this index are a preface to the list that opens there
    blank_paragraphs: bool | None = None  # whether blank lines part paragraphs on this page

    def role_line_at(self, offset: int) -> bool:
        """The unit ``offset`` places from the one being read gives a position and its duties."""
        at = self.index + offset
        return 0 <= at < len(self.units) and role_line(self.units[at].text) is not None

    def on_role_line(self, unit: Unit) -> bool:
        """运营经理:负责…; / 数据分析师:负责…;: one line per position, two or more in a row, each
        its own record (a single 客服:… inside a list is a label). The run's records end with it."""
        role = role_line(unit.text) if self.mode not in ROLELESS_MODES else None
        if role is None or not (self.role_line_at(-1) or self.role_line_at(1)):
            return False
        name, text = role
        self.start(name, name_kind(name), unit)
        self.current.duties.extend(split_sentences(text, ACTIVITY_END))
        self.mode = "duties"
        if not self.role_line_at(1):
            self.flush()
            self.mode = None
        return True

    def on_text(self, unit: Unit, numbered: bool) -> None:
        if self.current is None and not numbered and self.candidate is None and defined_name(unit.text):
            self.candidate = (defined_name(unit.text), unit)  # no heading: the sentence names the list below
        owned = OWNED_LIST.match(unit.text) if not numbered else None
        if owned and name_kind(owned.group(1)):
            self.start(owned.group(1), name_kind(owned.group(1)), unit)
            self.mode = "duties"
            return
        if not numbered and self.on_role_line(unit):
            return
        intro = REQUIREMENT_INTRO.search(unit.text)  # 店长必须具备如下条件: a list, of requirements
        if not numbered and not intro and LIST_INTRO.search(unit.text) and (
                LIST_WORDS.search(item_text(unit.text)) or self.role_line_at(1) and self.role_line_at(2)):
            owner = LIST_OWNER.match(unit.text)
            if owner and name_kind(owner.group(1)):  # 以下是客户服务部人员的主要工作职责:
                self.start(owner.group(1), name_kind(owner.group(1)), unit)
                self.mode = "duties"
            return  # 该部门的职能主要包括以下几个方面: introduces a list, is not an item
        if intro and self.mode in ("duties", None):
            # …处理等; 一般来说,客户专员的任职条件如下所示: the list that follows is requirements
            if intro.start() > 0:
                self.on_text(Unit(unit.text[: intro.start()], unit.start, unit.end, unit.opens_line), numbered)
            self.mode = "requirements"
            return
        listed = arabic_value(unit.text) and item_text(unit.text)  # not 008) left of (职位编号:008)
        if self.current is None and listed and self.title_line and self.named_above():
            # 出口空运操作 / 1.执行订舱… (or -1、… 2、… whose first number the page garbled): the
            # posting's list, with no header over it; a bullet (★轻松稳定…) may mark a slogan
            head, at = self.title_line
            self.start(head.name, head.kind, at)
        draft = self.current
        if self.mode == "other" and self.paused_at and numbered and arabic_value(unit.text) == self.paused_at + 1:
            self.mode, self.last_arabic = "duties", self.paused_at  # 14.… 1.(authority) … 15.…
        if draft is None or self.mode in ("ignore", "other"):
            return
        text = unit.text
        if self.mode == "summary" and numbered:
            self.mode = "duties"  # 职责概述: … 1.…: the numbered items after a summary are the duties
        if not numbered and not draft.duties and self.mode in ("duties", None) and defines(draft.title, text):
            draft.summary.append(item_text(text))  # 客户服务部是公司的重要部门…: what it is, not a duty
            return
        if self.mode == "requirements":
            self.add_requirement(text, numbered, unit.opens_line)
        elif self.mode in ("kpis", "summary"):
            item = item_text(text)
            if item:  # a separator left over from a cut line is not an item
                getattr(draft, self.mode).append(item)  # Draft.kpis / .summary
        elif self.mode == "duties" or (self.mode is None and (numbered or draft.open_item)):
            self.add_duty(unit, numbered)

    def start_requirements(self, text: str, numbered: bool, opens_line: bool) -> None:
        """What the position demands begins after its duties: 职位描述: 1、负责… 3、本科及以上学历…
        (one job board list), or 2、组织客服培训。 / 本科以上学历… (a table row's 任职要求 cell)."""
        self.mode, self.current.open_item = "requirements", False
        self.current.requirement_text.append(text)
        self.add_requirement(text, numbered, opens_line)

    def unnumbered_row_cell(self, text: str) -> bool:
        """工作内容 / 工作标准 / 接听客户来电… / 30秒内接听: rows without numbers under a header that
        came one label a line. The row's first cell is the duty, its standards go to ``kpis``."""
        column = self.table.next_cell()
        if column is None:
            if not self.table.start_unnumbered_row():
                return False
            self.current.duties.append(item_text(text))
        elif is_kpi_column(column):
            self.current.kpis.append(item_text(text))
        return True

    def add_requirement(self, text: str, numbered: bool, opens_line: bool) -> None:
        """In a numbered list an unnumbered line continues the requirement above when that one
        broke off mid-clause (…管理经验， / 其中3年以上…); short values (经验不限) stay items."""
        draft = self.current
        item = item_text(text)
        if not item:  # a separator left over from a cut line is not an item
            return
        if (not numbered and opens_line and draft.requirement_end in (",", "、") and draft.requirements
                and open_to_more(draft.requirements)):
            draft.requirements[-1] = item_text(draft.requirements[-1] + draft.requirement_end + text)
        else:
            draft.requirements.append(item)
        draft.requirement_end = line_end(text) if numbered or draft.requirement_end is not None else None

    def in_intro(self, opens_line: bool) -> bool:
        """The unit being read belongs to a preface over the record's first list."""
        under_entry = self.label is not None or (self.index > 0 and ITEM_NUMBER.match(self.units[self.index - 1].text))
        if not self.current.duties and opens_line and not under_entry and self.index >= self.intro_until:
            end = intro_paragraph_end(UnitTexts(self.units), self.index)
            self.intro_until = end or 0
        return self.index < self.intro_until

    def paragraphs_by_blank_lines(self) -> bool:
        if self.blank_paragraphs is None:  # once per document
            self.blank_paragraphs = blank_lines_part(self.text, self.units)
        return self.blank_paragraphs

    def continues_item(self) -> bool:
        """The line being read goes on with the numbered item above: that one stopped mid-sentence
        and no blank line parts them (unless the page puts a blank line after every line)."""
        if blank_line_before(self.text, self.units, self.index) and self.paragraphs_by_blank_lines():
            return False
        if self.current.item_end != "。":
            return True
        # …要即时处理。 / 处理后要及时回访…。 / 6、…: one more sentence of the entry, on a line of
        # its own right before the next entry
        at = self.index + 1
        return at < len(self.units) and bool(ITEM_NUMBER.match(self.units[at].text))

    def glued_heading(self, unit: Unit) -> int | None:
        """1、采购策略规划与目标管理组织制定…。 with lines under it, in a list whose entries are
        group headings over lines (2、采购体系建设与流程优化 / 主导…。): where its heading ends."""
        end = glued_heading_end(unit.text) if self.mode == "duties" else None
        if end is None:
            return None
        at = self.index + 1
        line_under = at < len(self.units) and self.units[at].opens_line and not ITEM_NUMBER.match(self.units[at].text)
        if not line_under and len(split_sentences(unit.text[end:])) < 2:
            return None  # nothing under the heading: an item, whatever its words
        return end if self.headings_around(marker(unit.text)) else None

    def headings_around(self, own: str | None) -> bool:
        """The list's entries numbered ``own`` are group headings: the one open above, or the
        next one, is a bare label with a line under it."""
        if self.label is not None and self.label.marker == own:
            return True
        for at in range(self.index + 1, min(self.index + 1 + SIBLING_LOOKAHEAD, len(self.units) - 1)):
            if marker(self.units[at].text) == own:
                under = self.units[at + 1].text
                return names_a_topic(self.units[at].text) and not ITEM_NUMBER.match(under)
        return False

    def add_duty(self, unit: Unit, numbered: bool) -> None:
        end = self.glued_heading(unit) if numbered else None
        if end is not None:  # the heading goes over the entries, its sentence is the first of them
            self.last_arabic = arabic_value(unit.text) or 0
            self.group_style = marker(unit.text)
            self.open_label(unit.text[:end])
            unit, numbered = Unit(unit.text[end:], unit.start, unit.end, False), False
        if numbered and self.label and self.label.ended_by(unit.text, self.group_style):
            self.label = None
        before = len(self.current.duties)
        self.add_entry(unit, numbered)
        if self.label and self.current.duties:
            self.label.count(self.current.duties, before, numbered)

    def add_entry(self, unit: Unit, numbered: bool) -> None:
        draft, text, opens_line = self.current, unit.text, unit.opens_line
        value = arabic_value(text) if numbered else None
        if value == 1 and self.last_arabic >= RESTART_AFTER and not self.table.columns:
            self.mode, self.paused_at = "other", self.last_arabic  # a second list: not this record's
            return
        if value:
            self.last_arabic = value
        elif numbered:
            self.last_arabic = 0
        broken_item = not numbered and draft.open_item and draft.item_end != "。"
        if draft.duties and not broken_item and STATES_REQUIREMENT.match(item_text(text)):
            self.start_requirements(text, numbered, opens_line)
            return
        if numbered:
            self.open_clause = False
            text, standards = self.table.start_row(text)
            draft.kpis.extend(standards)
            item = item_text(text)
            if item and not not_a_duty(item):
                draft.duties.extend(entry_items(item))
                draft.open_item = True
                draft.item_end = line_end(text)
            else:
                draft.open_item = False  # lines below a dropped item do not continue the one before it
            return
        if not_a_duty(text) or is_measure_cell(text):
            return
        if not draft.open_item and opens_line and self.table.columns and self.unnumbered_row_cell(text):
            return
        column = self.table.next_cell() if draft.duties and draft.open_item and opens_line else None
        if column is not None:  # 1 / 负责… / 投诉处理及时率100%: the row's next cell, not more duty
            if is_kpi_column(column):
                draft.kpis.append(item_text(text))
            return
        if draft.duties and draft.open_item and draft.item_end == "。" and is_column_label(text):
            return  # 。 then a short line: a heading left over by the layout (客服部结构), not more text
        if draft.duties and draft.open_item and opens_line and open_to_more(draft.duties) and self.continues_item():
            # In a numbered list an unnumbered line belongs to the item above (the page broke it).
            # item_text dropped the separator the broken line ended with: put it back
            draft.duties[-1] = item_text(draft.duties[-1] + draft.item_end + text)
            draft.item_end = line_end(text)
            draft.open_item = not self.open_clause or draft.item_end == "、"
            return
        if self.in_intro(opens_line):
            draft.summary.append(item_text(text))  # 在企业的运营中,客服部扮演着… over 一、…: a preface
            return
        sentences = [sentence for line in split_layout_lines(text) for sentence in split_sentences(line)]
        kept = [] if prose_paragraph(sentences) else [
            s for s in sentences if not reads_as_prose(s) and (long_enough(s) or reads_as_short_duty(s))]
        draft.duties.extend(kept)
        # …年度预算、销量计划、 / 频次:1次/年 / 帐款额度: an enumeration the cell wrapped goes on below
        draft.item_end = line_end(text)
        draft.open_item = self.open_clause = bool(kept) and kept[-1] == sentences[-1] and draft.item_end == "、"
