"""Coverage you can see: the duty-like lines of a document that ended up in no record.

A page whose second position the segmenter cannot open still prints that position's duty list;
the parser then says ``parsed`` and drops it without a word. Counting the lines that read like
duties (a numbered or bulleted verb-led sentence, or any sentence under a duty header) and that
no record's duties, requirements, KPIs or summary hold, tells the analyst where to look.

One pass over the units the parser already cut (linear in them); a unit is compared with the
records' items by set lookup, and by containment only with the records whose span holds it.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property, lru_cache

from .fields import parse_fields
from .items import (
    ESSAY, STATES_REQUIREMENT, closes_section, is_group_label, is_numbered_label, item_text, long_enough,
    not_a_duty, number_style, reads_as_short_duty,
)
from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER, TEXT_CACHE, _alternation, load_lexicon
from .record import Record
from .sections import section_header, sub_header
from .titles import heading, reads_as_duty
from .units import Unit

NOT_TEXT = re.compile(r"[\s\W_]+")  # what normalising removes: whitespace and punctuation
MIN_CONTAINED = 6  # normalised characters a piece needs before containment counts (not 培训 in everything)
MIN_LATIN_WORDS = 4  # an English sentence under a duty header (Responsibilities: 1. Contacting agents …)
MAX_OVERLAP = 4  # records whose spans may hold one offset (a preview inside a 合集 …)
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CLAUSE_END = re.compile(r"(?<=[。！？；;!?])")  # an unnumbered line holds one item per sentence or clause
MAX_CELL = 8  # characters of one table cell in a row the export printed on one line
MAX_TITLE = 20  # characters of a title line naming a work summary, a regulation …
MAX_LABEL = 12  # characters of a group's name over its duties (培训与发展)
SENTENCE_STOPS = ("。", "；", ";", "！", "!")  # a finished sentence, however short, is no group's name
INTRO_END = (":", "：")  # …具体可归纳为以下核心模块: introduces the duties, is none
MIN_RUN = 3  # verb-led clauses on one unnumbered line that make it a duty list, outside a duty section
# 对下属的考核有建议权 / 对客户满意度负领导责任 / 对客户信息的保密负责: authority, accountability
AUTHORITY_OR_ACCOUNTABILITY = re.compile(r"(?:权|责任)$|^对.{2,40}负责$")
IGNORED = "ignored"  # under a heading of what is no JD (客服部管理制度, 工作总结): nothing counts
# Sections whose lines the parser keeps somewhere: a dropped duty-like line there is a loss.
KEPT_SECTIONS = ("duties", "requirements", "kpis", "summary")


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; units and duties repeat across scraped pages
def normalised(text: str) -> str:
    """Compared form of an item: NFKC, without numbering, whitespace and punctuation."""
    return NOT_TEXT.sub("", unicodedata.normalize("NFKC", item_text(text)))


@lru_cache(maxsize=1)
def requirement_words() -> tuple[re.Pattern, re.Pattern]:
    """(openers, markers): how a requirement line starts (熟悉…, 具备…), what it holds anywhere (学历)."""
    words = load_lexicon()["coverage"]
    return (re.compile(rf"^(?:{_alternation(words['requirement_openers'])})", re.IGNORECASE),
            re.compile(_alternation(words["requirement_markers"]), re.IGNORECASE))


@lru_cache(maxsize=1)
def perk_words() -> re.Pattern:
    return re.compile(_alternation(load_lexicon()["coverage"]["perk_markers"]))


def reads_as_perk(item: str) -> bool:
    """完善的晋升机制 / 五险一金: what the job offers (a posting's 福利待遇 list), not a duty."""
    return bool(perk_words().search(item))


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; units repeat across scraped pages
def reads_as_requirement(item: str) -> bool:
    """本科以上学历 / 熟悉办公软件 / 三年以上客服经验: what the position demands, not a duty."""
    openers, markers = requirement_words()
    return bool(STATES_REQUIREMENT.match(item) or openers.match(item) or markers.search(item))


@lru_cache(maxsize=TEXT_CACHE)
def duty_like(text: str, under_duty_header: bool) -> bool:
    """A sentence that reads as a duty: under a duty header any sentence of some length or a
    short verb-led one, elsewhere a verb-led one; never a requirement (熟悉…, 本科以上学历)."""
    group = sub_header(text)  # 职责一: 客服部规章制度的建设
    item = item_text(text if group is None else group)
    if not item or ESSAY.search(item) or reads_as_requirement(item) or reads_as_perk(item):
        return False  # an article's prose, what the position demands or offers
    if AUTHORITY_OR_ACCOUNTABILITY.search(item):
        return False  # …有建议权 / …负领导责任
    if text.rstrip().endswith(INTRO_END) or _cjk(item) and not_a_duty(item) or parse_fields(text) is not None:
        return False  # 处理投诉的程序: / a staffing line, a document code / 直接下级:产品主管
    verb_led = reads_as_duty(item) or reads_as_short_duty(item)
    substantial = long_enough(item) or len(LATIN_WORD.findall(item)) >= MIN_LATIN_WORDS
    if under_duty_header:  # not a group's name (2. 服务质量监控与提升) over the duties
        return verb_led or substantial and (text.rstrip().endswith(SENTENCE_STOPS) or not is_label(item))
    return substantial and verb_led


def _cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))  # not_a_duty takes English for chrome; under a header it is a duty


def is_label(item: str) -> bool:
    """培训与发展 / 技术类 岗位编号 岗位编制: a group's name, or table cells, not a sentence."""
    if CLAUSE_PUNCT.search(item):
        return False
    return len(item) <= MAX_LABEL or all(len(cell) <= MAX_CELL for cell in item.split())


@lru_cache(maxsize=TEXT_CACHE)
def duty_pieces(text: str, under_duty_header: bool) -> tuple[str, ...]:
    """The duty-like pieces of one unit. A numbered or bulleted entry is one item; an
    unnumbered line holds one item per sentence or ；-clause (ANNOTATION.md), which count under
    a duty header, or elsewhere when three or more of them read as duties (a list run into one
    line: …职责包括:了解…；完成…；制定…)."""
    if ITEM_NUMBER.match(text):
        return (text,) if duty_like(text, under_duty_header) else ()
    clauses = [c for c in CLAUSE_END.split(text) if c.strip()]
    pieces = tuple(c for c in clauses if duty_like(c, under_duty_header))
    return pieces if under_duty_header or len(pieces) >= MIN_RUN else ()


def unused_pieces(units: list[Unit], items: RecordItems) -> Iterator[str]:
    """The duty-like pieces of the units that no record holds, in order. A section header sets
    what the lines below it are until the next header, heading or stretch of site chrome. A unit
    a record holds as it is (most of them) costs a set lookup."""
    section, style = None, None  # the section the lines are in, and the numbering of its header
    introduced = False  # the unit goes on a line that opened with a list's intro (…的工作包括:)
    for i, unit in enumerate(units):
        introduced = not unit.opens_line and (introduced or units[i - 1].text.rstrip().endswith((":", "：")))
        if unit.chrome:
            section = None
            continue
        header = section_header(unit.text)
        if header is not None:
            (section, rest), style = header, number_style(unit.text)
            if rest and section == "duties":  # 岗位职责:负责…
                yield from (piece for piece in duty_pieces(rest, True) if not items.holds(unit, piece))
            continue
        if item_text(unit.text) in items.verbatim:
            continue  # a record's own item, as the parser cut it
        head = None if ITEM_NUMBER.match(unit.text) else heading(unit.text)
        if head is not None and head.kind is not None:
            section = None  # 客服主管岗位职责: a new position, what follows is not known yet
            continue
        if (head is not None and head.excluded) or names_no_jd(unit.text):
            section = IGNORED  # 客服部管理制度 / 客服部工作总结: no job description
            continue
        if closes_section(unit.text, style):
            section = None  # 二、合法合规: a sibling section, not known to be duties
            continue
        numbered = bool(ITEM_NUMBER.match(unit.text))
        if section == IGNORED:
            continue
        if section is not None and section not in KEPT_SECTIONS and not numbered:
            continue  # 福利待遇 / 工作关系 are left out on purpose; a numbered duty there follows
            # a duty header the parser did not know (三、主要工作职责(按重要性排序))
        listed = section == "duties" or introduced
        pieces = [piece for piece in duty_pieces(unit.text, listed) if not items.holds(unit, piece)]
        nxt = units[i + 1] if i + 1 < len(units) else None
        if pieces and not (is_numbered_label(unit.text, nxt) if numbered else is_group_label(unit.text, nxt)):
            yield from pieces  # not 一、客户信息管理 then 1.…: the name of a group of duties


@lru_cache(maxsize=TEXT_CACHE)
def names_no_jd(text: str) -> bool:
    """客服部工作总结 / 投诉处理流程: a short title line naming what is no job description."""
    text = text.strip()
    return (len(text) <= MAX_TITLE and not ITEM_NUMBER.match(text) and not CLAUSE_PUNCT.search(text)
            and "职责" not in text and bool(no_jd_words().search(text)))


@lru_cache(maxsize=1)
def no_jd_words() -> re.Pattern:
    return re.compile(_alternation(load_lexicon()["coverage"]["no_jd_titles"]))


class RecordItems:
    """The records' items: as they are, for the units the parser took whole (most of them); in
    compared form, built on first need, as a set for exact matches and per record as its items
    and their joined text for containment (only the records whose span holds a unit)."""

    def __init__(self, records: list[Record]):
        self.records = records
        self.verbatim = {item for record in records for item in _items_of(record)}

    @cached_property
    def spans(self) -> list[tuple]:
        """(start, end, compared items, their joined text) per record, by start."""
        spans = []
        for record in self.records:
            items = [n for n in map(normalised, _items_of(record)) if n]
            spans.append((record.span[0], record.span[1], items, "\x00".join(items)))
        return sorted(spans, key=lambda s: s[0])

    @cached_property
    def starts(self) -> list[int]:
        return [span[0] for span in self.spans]

    @cached_property
    def exact(self) -> set[str]:
        return {item for span in self.spans for item in span[2]}

    def holds(self, unit: Unit, text: str) -> bool:
        """A record holds ``text`` (a piece of ``unit``): as it is, or in compared form; or a
        record whose span holds the unit has it inside an item (lines the parser joined) or
        has an item inside it (a line the parser cut in two)."""
        if item_text(text) in self.verbatim:
            return True
        norm = normalised(text)
        if not norm or norm in self.exact:
            return True
        if len(norm) < MIN_CONTAINED:
            return False
        for start, end, items, joined in self._holding(unit.start):
            if norm in joined or any(len(item) >= MIN_CONTAINED and item in norm for item in items):
                return True
        return False

    def _holding(self, offset: int) -> Iterator[tuple]:
        """The records whose span holds ``offset``: spans seldom overlap, so a few starts back."""
        i = bisect_right(self.starts, offset) - 1
        for span in self.spans[max(0, i - MAX_OVERLAP + 1):i + 1]:
            if span[0] <= offset < span[1]:
                yield span


def _items_of(record: Record) -> list[str]:
    return [*record.duties, *record.requirements, *record.kpis, *([record.summary] if record.summary else [])]


def unused_duty_lines(units: list[Unit], records: list[Record]) -> list[str]:
    """The duty-like lines of a document that no record holds, in document order."""
    return list(unused_pieces(units, RecordItems(records)))
