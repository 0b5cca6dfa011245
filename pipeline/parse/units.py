"""Cut cleaned text into units: one heading, field row or list item each, with offsets."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..clean import break_markup_lines, clean_line, is_site_chrome, to_simplified
from ..clean.resources import CJK_CHAR
from ..clean.steps import TRADITIONAL_SHARE
from .activity_runs import activity_cuts
from .chunks import join_site_chunks
from .flat_lines import flat_cuts
from .lexicon import CLAUSE_PUNCT, INLINE_ITEM, ITEM_VALUE, LINE_CACHE, LONE_NUMBER, LONG_NUMBER, cn_value, lexicon, load_lexicon
from .pipe_table import read_pipe_tables
from .sections import SUB_HEADER
from .titles import heading
from .unwrap import unwrap_rows

# A heading inside a long line: 企业品牌经理的职责: … / 客服部主管岗位职责说明(篇2)1、…
INLINE_HEADING = re.compile(
    r"(?:^|(?<=[\s。；;!！?？:：)）】]))"
    r"((?:第[一二三四五六七八九十\d]+篇|篇[一二三四五六七八九十\d]+|【篇[^】]{0,30}】)?\s*[:：]?"
    r"(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[(（][一二三四五六七八九十\d]{1,2}[)）])?"
    r"[\u4e00-\u9fffA-Za-z/]{2,20}?\s?(?:的)?(?:岗位|工作|主要)?(?:职责|说明书|职能)(?:说明书?)?"
    r"(?:[(（]篇?\s*[\d一二三四五六七八九十]+[)）]|第[\d一二三四五六七八九十]+篇)?)"
    r"\s*(?:[:：]\s*|(?=\d{1,2}[、.．]|[一二三四五六七八九十]、|[(（]\d|\s)|$|(?<=书)(?=\d{1,2}[\u4e00-\u9fff]))"
)
HEADING_WORD = re.compile("职责|说明书|职能")  # INLINE_HEADING cannot match without one
# 【工作时间】 … 【禁止行为】 …: a bracketed label heads its own section, wherever the line has it
BRACKETED_LABEL = re.compile(r"(?:^|(?<=[\s。；;!！?？]))【(?!\d{1,2}】)[^【】\n]{1,16}】(?!\s*[:：])")  # not 【满意】：…


# A section header inside a line (… 工作。 岗位要求: / … 职责二:) or the label that opens a
# header table (一、基本情况 岗位名称:…): the line is cut before it.
def _inline_label_pattern() -> re.Pattern:
    data = load_lexicon()
    words = [w for ws in data["sections"].values() for w in ws]
    section = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    title = "|".join(
        re.escape(w) + ("" if len(w) >= 4 else r"(?=\s*[:：])") for w in data["fields"]["title"]
    )
    labels = [w for k, ws in data["fields"].items() if k != "title" for w in ws if len(w) >= 4]  # incl. stop
    title += "|" + "|".join(re.escape(w) + r"(?=\s*[:：])" for w in sorted(labels, key=len, reverse=True))
    named = "|".join(re.escape(w) for w in data["fields"]["title"] if len(w) >= 4)
    # Between spaces only the words that name a section, not ones a duty may end with (日常工作).
    spaced = [w for k, ws in data["sections"].items() for w in ws if k != "duties" or "职责" in w or "职能" in w]
    spaced = "|".join(re.escape(w) for w in sorted(set(spaced), key=len, reverse=True))
    # With nothing but spaces around it, only a word that names a whole requirements section
    # heads one: … 协助市场活动 任职资格 做事严谨 (not 工作经验, which a demand may hold).
    whole = [w for w in data["sections"]["requirements"] if len(w) >= 4 and re.search("资格|要求|条件", w)]
    whole = "|".join(re.escape(w) for w in sorted(set(whole), key=len, reverse=True))
    english = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w.isascii())
    return re.compile(
        rf"(?:(?<=[\s。；;!！?？])|^)((?:[一二三四五六七八九十]{{1,3}}[、.．]\s*)?"
        rf"(?:(?:岗位|职位)?(?:{section})(?:\s*[:：]|\s*$)|职责[一二三四五六七八九十\d]+\s*[、:：]|要求(?=\s*[:：])|(?:{title})))"
        # after a finished sentence a header needs no colon: … 有秩序进行。 岗位任职资格要求 年龄…
        rf"|(?<=[。；;!！])\s*((?:岗位|职位)?(?:{section})(?=\s|\d))"
        # a page whose line breaks became spaces: … 店铺评价维护 任职要求 1.熟练… (a new list
        # starts after it; … 办理员工 福利 2.… is one list going on)
        rf"|(?<=\s)((?:岗位|职位)?(?:{spaced}))(?=\s+(?:1|一)(?:[、.．]|-\s))"
        rf"|(?<=[\u4e00-\u9fff,，。；;)）]\s)((?:{whole}))(?=\s+[\u4e00-\u9fff])"
        # a name label glued to the heading before it: 产品总监职务名称:产品总监
        rf"|(?<=[\u4e00-\u9fff])((?:{named})(?=\s*[:：]))"
        # a bilingual header: the English words glued to the Chinese ones (岗位要求Job requirements:)
        rf"|(?<=[\u4e00-\u9fff])((?:{english})(?=\s*[:：]))"
    )


# A short heading-like phrase closing a line after a finished sentence: … 其他工作。 商品部库房主管
GROUP_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])(职责[一二三四五六七八九十\d]{1,3}\s*[:：]?)$")  # …满意度调查职责二
WORD_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])\s+([\u4e00-\u9fff]{2,8})$")  # … 完成各项工作 工作任务
SHORT_TAIL = re.compile(r"[。；;!！]\s+([^\s，。；,;:：!！?？]{2,16}[:：]?)$")
VARIANT_HEADING = re.compile(
    r"(?:第[一二三四五六七八九十\d]+篇|篇[一二三四五六七八九十\d]+)\s*[:：]?\s*"
    r"[\u4e00-\u9fff/]{2,20}?(?:岗位|工作|主要)?(?:职责|说明书)"
)
VARIANT_INLINE = re.compile(
    r"(?:^|(?<=[\s。；;!！?？]))(第[一二三四五六七八九十\d]+篇\s*[:：]?|篇[一二三四五六七八九十\d]+\s*[:：]|【篇[^】]{0,30}】)"
)


@lru_cache(maxsize=1)
def inline_label() -> re.Pattern:
    return _inline_label_pattern()


@dataclass(slots=True)
class Unit:
    text: str
    start: int
    end: int
    opens_line: bool = True  # False for the second and later pieces cut from one line
    chrome: bool = False  # an empty stand-in for a line of site chrome: content blocks end there


def document_lines(text: str, traditional: bool) -> list[Unit]:
    """Cleaned non-empty lines with their [start, end) offsets in ``text``. The cells of a row a
    table was copied with (tab-separated) count as lines of their own, as an HTML table's do;
    a table written with | between its cells gives a line per row (pipe_table)."""
    text = break_markup_lines(text)  # <br /> and _x000d_ become line breaks of the same length
    raws, pos = [], 0
    for raw in text.split("\n"):
        raws.append((pos, pos + len(raw), raw))
        pos += len(raw) + 1
    out = []
    rows = unwrap_rows(raws, lambda raw: _cleaned(raw, traditional))
    for pos, end, raw in (read_pipe_tables(rows) if "|" in text else rows):
        for start, cell in _cells(raw):
            line, chrome = _cleaned(cell, traditional)
            cell_end = min(pos + start + len(cell), end)
            if line:
                out.append(Unit(line, pos + start, cell_end))
            elif chrome and out and not out[-1].chrome:
                out.append(Unit("", pos + start, cell_end, chrome=True))
    return out


def _cells(raw: str) -> list[tuple[int, str]]:
    """(offset, text) of each tab-separated cell of a line; the whole line when it has no tab."""
    if "\t" not in raw:
        return [(0, raw)]
    cells, start = [], 0
    for cell in raw.split("\t"):
        if cell.strip():
            cells.append((start, cell))
        start += len(cell) + 1
    return cells or [(0, raw)]


ITEM_NUMBERS_IN_LINE = re.compile(rf"(?:^|(?<=[\s;；。:：,，]))({LONG_NUMBER})[、.．](?!\d)")


@lru_cache(maxsize=LINE_CACHE)  # scraped pages repeat lines heavily; safe to drop
def _cleaned(raw: str, traditional: bool) -> tuple[str, bool]:
    """(cleaned line, whether the raw line is site chrome)."""
    text = simplified_line(raw) if traditional else raw
    line = clean_line(text)
    return line, not line and bool(raw.strip()) and is_site_chrome(text)


@lru_cache(maxsize=LINE_CACHE)  # shared by cleaning and script detection; safe to drop
def simplified_line(raw: str) -> str:
    return raw if raw.isascii() else to_simplified(raw)


class ScriptCounts:
    """Chinese characters per line of a text and how many of them OpenCC t2s changes, so
    that the script of a span costs two partial lines and a difference of sums, not a second
    conversion of its text (pages mix scripts: each record gets its own)."""

    def __init__(self, text: str):
        self.text = text
        self.starts, self.cjk, self.changed = [0], [0], [0]
        for raw in text.split("\n"):
            cjk, changed = _script_counts(raw)
            self.starts.append(self.starts[-1] + len(raw) + 1)
            self.cjk.append(self.cjk[-1] + cjk)
            self.changed.append(self.changed[-1] + changed)

    def script(self, start: int, end: int) -> str:
        """'traditional' or 'simplified' for the text in [start, end)."""
        first = bisect_right(self.starts, start) - 1  # the line holding ``start``
        last = max(first, bisect_right(self.starts, end - 1) - 1)  # ... and ``end - 1``
        if first == last:
            cjk, changed = _script_counts(self.text[start:end])
        else:
            head = _script_counts(self.text[start:self.starts[first + 1] - 1])
            tail = _script_counts(self.text[self.starts[last]:end])
            cjk = head[0] + tail[0] + self.cjk[last] - self.cjk[first + 1]
            changed = head[1] + tail[1] + self.changed[last] - self.changed[first + 1]
        return "traditional" if cjk and changed / cjk > TRADITIONAL_SHARE else "simplified"


@lru_cache(maxsize=LINE_CACHE)
def _script_counts(raw: str) -> tuple[int, int]:
    """(Chinese characters of ``raw``, how many of them t2s changes), as ``detect_script`` counts."""
    if raw.isascii():
        return 0, 0
    converted = simplified_line(raw)
    cjk = len(CJK_CHAR.findall(raw))
    if converted == raw:
        return cjk, 0
    if len(converted) != len(raw):
        return cjk, cjk
    return cjk, sum(a != b and "\u4e00" <= a <= "\u9fff" for a, b in zip(raw, converted))


def merge_lone_numbers(lines: list[Unit]) -> list[Unit]:
    """A number alone on its line numbers the next line (one table cell per line).

    When it repeats the number of the item above, it is that table row's index printed
    again beside a broken line, and the next line continues the item instead.
    """
    out: list[Unit] = []
    last_item = None
    for i, line in enumerate(lines):
        lone = out and not line.chrome and _lone_number(out[-1].text, last_item) and not LONE_NUMBER.match(line.text)
        if lone:
            prev = out.pop()
            number = prev.text.strip().rstrip("、.．")
            value = int(number) if number.isdigit() else None
            page_mark = value and last_item and value == last_item + 1 and _numbered_soon(lines, i, value)
            if value and last_item and (value == last_item or 1 < value < last_item or page_mark):
                # The number of the item above printed again beside a broken line, or a page
                # number between the two halves of one (the item it would number comes later):
                # neither numbers the next line.
                out.append(line)
                continue
            sep = "、" if not number.isdigit() else "."
            line = Unit(f"{number}{sep}{line.text}", prev.start, line.end)
        out.append(line)
        numbers = [] if LONE_NUMBER.match(line.text) else ITEM_NUMBERS_IN_LINE.findall(line.text)
        last_item = int(numbers[-1]) if numbers else last_item
    return out


def _lone_number(text: str, last_item: int | None) -> bool:
    """2 / 三、 alone on its line; a longer number (100) only right after the item before it (99),
    else it is a year or an amount."""
    if LONE_NUMBER.match(text):
        return True
    number = text.strip().rstrip("、.．")
    return bool(re.fullmatch(LONG_NUMBER, number)) and last_item is not None and int(number) == last_item + 1


def _numbered_soon(lines: list[Unit], i: int, number: int) -> bool:
    """A line among the next few after ``lines[i]`` opens with item ``number`` (2、…)."""
    return any(_item_number(line.text) == number for line in lines[i + 1:i + 1 + LOOKAHEAD_LINES])


LOOKAHEAD_LINES = 3


# 3年 / 5个 / 2人: a number with its measure word is a quantity, never an item number.
MEASURE_WORDS = "年个月日天人名次周岁万元倍项种家套级号点分期批条"
# 1接听客户电话 / 2处理客户投诉: a number glued to the text opening a line (never 3年 / 24小时).
BARE_LINE_NUMBER = re.compile(rf"^(\d{{1,2}})(?=[\u4e00-\u9fff])(?![{MEASURE_WORDS}小])")


def number_bare_lines(lines: list[Unit]) -> list[Unit]:
    """Lines opened by bare numbers that run in sequence (1…, 2…, 3…) are numbered items."""
    values = [_bare_value(line) for line in lines]
    out = []
    for i, (line, value) in enumerate(zip(lines, values)):
        in_sequence = value is not None and (
            (i > 0 and values[i - 1] == value - 1) or (i + 1 < len(values) and values[i + 1] == value + 1))
        out.append(_number_bare(line) if in_sequence else line)
    return out


def _bare_value(line: Unit) -> int | None:
    match = None if line.chrome else BARE_LINE_NUMBER.match(line.text)
    return int(match.group(1)) if match else None


def _item_number(text: str) -> int | None:
    match = ITEM_VALUE.match(text)
    if not match:
        return None
    arabic = match.group(1) or match.group(2)
    return int(arabic) if arabic else -1


LIST_OPENER = re.compile(r"(?:职责|职能|如下|内容)[:：]?$")
CN_ITEM = re.compile(r"(?<![篇第一二三四五六七八九十])([一二三四五六七八九十]{1,3})([、.．:：])")


@dataclass(slots=True)
class ChineseNumbering:
    """The last 一:/二: label seen, carried from line to line (一:对内职能 … 二:对外职能 lines later)."""
    last_colon: int | None = None


def _glued_chinese_numbers(text: str, numbering: ChineseNumbering) -> list[int]:
    """十、…机会十一、制订… : a Chinese-numbered item glued to the text before it, in sequence only.

    Within a line any 一、/一. sequence counts; across lines only 一: labels do, and 一: glued
    to a heading word (客服部职能一:对内职能) opens such a sequence.
    """
    last, cuts = None, []
    group = SUB_HEADER.match(text)  # 职责一: names a group of duties; it is not 职责 + item 一
    for match in CN_ITEM.finditer(text):
        value = cn_value(match.group(1))
        glued = match.start() > 0 and "\u4e00" <= text[match.start() - 1] <= "\u9fff"
        glued = glued and not (group and match.start() < group.end())
        colon = match.group(2) in ":："
        opens = colon and value == 1 and LIST_OPENER.search(text, 0, match.start())
        continues = value == (last or 0) + 1 or (colon and value == (numbering.last_colon or 0) + 1)
        if glued and not (opens or (continues and (last or numbering.last_colon))):
            continue
        if glued:
            cuts.append(match.start())
        last = value
        if colon:
            numbering.last_colon = value
    return cuts


GLUED_BARE_NUMBER = re.compile(rf"(?<=[\u4e00-\u9fff;；])(\d{{1,2}})(?=[\u4e00-\u9fff])(?![{MEASURE_WORDS}])")


def _glued_bare_numbers(text: str, first: int | None) -> list[int]:
    """…监督执行3负责部门… : a bare number between words that continues the list exactly."""
    last, cuts = (first if first and first > 0 else None), []
    for match in re.finditer(r"(?:^|(?<=[\s;；。]))(\d{1,2})[、.．]|" + GLUED_BARE_NUMBER.pattern, text):
        value = int(match.group(1) or match.group(2))
        if match.group(1):
            last = value
        elif last is not None and value == last + 1:
            cuts.append(match.start())
            last = value
    return cuts


def _number_bare(unit: Unit) -> Unit:
    return Unit(re.sub(r"^(\d{1,2})", r"\1、", unit.text), unit.start, unit.end, unit.opens_line)


LONG_ITEM_NUMBER = 100  # and above: item numbers only where they continue a list (…99、… 100、…)
NUMBER_BEFORE_NUMBER = re.compile(r"\d{1,2}、\d")


COMMA_NUMBER = re.compile(r"\d{1,2}\s*[,，]")
# …证明类开具； 2，人事…: the second item of a list numbered 1，2，3， after a separator.
SECOND_COMMA_ITEM = re.compile(r"(?:[;；。]|(?<=\S)\s)\s*2\s*[,，]\s*[\u4e00-\u9fffA-Za-z]")  # or after a space: a flattened line


def _number_style(text: str) -> str:
    if COMMA_NUMBER.match(text):
        return "comma"
    return "paren" if text[:1] in "(（" else "plain"


def _numbers_comma_item(text: str, pos: int, value: int | None, last: int | None) -> bool:
    """1，员工入职…； 2，人事系统…: a number before a comma numbers an item only in a list that
    counts 1，2，3，… (never 3，5年 or an amount): 1 when a 2， follows, else the next number."""
    if value == 1:
        return SECOND_COMMA_ITEM.search(text, pos) is not None
    return last is not None and value == last + 1


def split_inline_items(unit: Unit, numbering: ChineseNumbering | None = None) -> list[Unit]:
    """Cut a line at item numbers that follow a separator (… 2.负责 …；3、…)."""
    cuts, first = [0], _item_number(unit.text)
    # One count per numbering style: 1、… (1)…(7)…2、… is a list with a sub-list in it.
    lasts = {_number_style(unit.text): first if first and first > 0 else None}
    for match in INLINE_ITEM.finditer(unit.text):
        pos = match.end()
        if pos <= cuts[-1] or pos >= len(unit.text):
            continue
        value = _item_number(unit.text[pos:])
        style = _number_style(unit.text[pos:])
        last = lasts.get(style)
        if style == "comma" and not _numbers_comma_item(unit.text, pos, value, last):
            continue
        if value and value > 1 and last is None and re.match(r"\d+\s", unit.text[pos:]):
            continue  # "5 人" is a count; a bare number opens a list only at 1
        if NUMBER_BEFORE_NUMBER.match(unit.text, pos) and (last is None or value != last + 1):
            continue  # 2、3年 is "two or three years" unless it continues the list exactly
        glued = pos > 0 and "\u4e00" <= unit.text[pos - 1] <= "\u9fff"
        if glued and value is not None and value != 1 and (last is None or value != last + 1):
            continue  # digits inside a sentence (3个月) unless they continue the list exactly
        # An Arabic number that does not continue, repeat or restart the list is part of the text
        # (a skipped number is tolerated: scrapes lose items).
        if value and value > 0 and last is not None and value != 1 and not last <= value <= last + 2:
            continue
        if value and value >= LONG_ITEM_NUMBER and last is None:
            continue  # 2019、 / 3000. in a sentence: so long a number numbers an item only in a list
        if value and value > 0:
            lasts[style] = value
        cuts.append(pos)
    numbering = numbering if numbering is not None else ChineseNumbering()
    cuts.extend(_glued_chinese_numbers(unit.text, numbering))
    bare = _glued_bare_numbers(unit.text, _item_number(unit.text))
    pieces = []
    for piece in _cut(unit, cuts + bare):
        # a piece opened by a bare number is numbered now, and may hold more items
        bare_start = piece.start - unit.start in bare
        pieces.extend(split_inline_items(_number_bare(piece), numbering) if bare_start else [piece])
    return pieces


def split_inline_headings(unit: Unit) -> list[Unit]:
    """Cut a line around headings it contains (… 企业品牌经理的职责: 制定 …)."""
    cuts = [0, *flat_cuts(unit.text)]
    # Each pattern needs a word of its own: lines without one skip its scan.
    variants = VARIANT_INLINE.finditer(unit.text) if "篇" in unit.text else ()
    for match in variants:
        cuts.append(match.start(1))  # the marker stays with the heading it introduces
        if match.group(1).startswith("【"):
            cuts.append(match.end(1))  # 【篇一:客户服务部工作职责及规范】 is the whole heading
        named = VARIANT_HEADING.match(unit.text, match.start(1))
        if named and heading(named.group()) is not None:
            cuts.append(named.end())  # 第二篇:客户服务部职责兴泰… : the heading ends at its wrapper
    headings = INLINE_HEADING.finditer(unit.text) if HEADING_WORD.search(unit.text) else ()
    for match in headings:
        if heading(match.group(1)) is not None:
            cuts.extend((match.start(1), match.end()))
    labels = BRACKETED_LABEL.finditer(unit.text) if "【" in unit.text else ()
    for match in labels:
        cuts.extend((match.start(), match.end()))  # the label on its own: what follows decides it
    for match in inline_label().finditer(unit.text):
        cuts.append(match.start(match.lastindex))  # each alternative has one group: the label
    return _cut(unit, sorted(set(cuts)))


def split_short_tail(unit: Unit) -> list[Unit]:
    """Cut a heading-like phrase that closes an item's line (… 其他工作。 KPI指标 / … 工作 工作任务)."""
    tail = SHORT_TAIL.search(unit.text) or GROUP_TAIL.search(unit.text) or _section_word_tail(unit.text)
    return _cut(unit, [0, tail.start(1)]) if tail else [unit]


def _section_word_tail(text: str) -> re.Match | None:
    """A duties word alone after the item: a table's column label the export put there (other
    section words between items are cut by the inline labels). Not a word the item may end
    with: 负责部门 日常工作, 完成交办的 工作任务."""
    tail = WORD_TAIL.search(text)
    if not tail or tail.group(1).endswith("工作") or text[: tail.start()].endswith(("的", "和", "及", "与", "并")):
        return None
    return tail if lexicon().section_of_word.get(tail.group(1)) == "duties" else None


def _cut(unit: Unit, cuts: list[int]) -> list[Unit]:
    bounds = sorted(set(c for c in cuts if 0 <= c <= len(unit.text))) + [len(unit.text)]
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = unit.text[a:b].strip()
        if piece:
            # Cleaning changed the line a little; offsets inside it are close, never outside it.
            start = min(unit.start + a, unit.end - 1)
            end = unit.end if b == len(unit.text) else max(start + 1, min(unit.start + b, unit.end))
            out.append(Unit(piece, start, end, unit.opens_line and a == bounds[0]))
    return out


def document_units(text: str, traditional: bool) -> list[Unit]:
    units: list[Unit] = []
    last_colon = None  # ChineseNumbering carried from line to line
    lines = join_site_chunks(document_lines(text, traditional))
    for line in mend_broken_lines(number_bare_lines(merge_lone_numbers(lines))):
        if line.chrome:
            units.append(line)
            continue
        pieces, last_colon = _line_pieces(line.text, line.end - line.start, last_colon)
        units.extend(Unit(piece, line.start + a, line.start + b, opens) for piece, a, b, opens in pieces)
    return units


# 的工作指令,… / ,主要负责… / 、对各种…: a line that opens mid-sentence.
CONTINUES_LINE = re.compile(r"^(?:[的,，、;；]|[.．](?=[\u4e00-\u9fff]))")  # .负责…: the separator of a number above
# …相关事宜; 2、 / 制订服务标准… (or …依据; 3 / 接收…): a line that ends with the number of the
# item on the next one.
ENDS_WITH_ITEM_NUMBER = re.compile(
    rf"(?:^|[\s;；。,，])(?:{LONG_NUMBER}|[一二三四五六七八九十]{{1,3}})\s*+[、.．]\s*+$"
    r"|[;；。]\s*\d{1,2}\s*$"  # a bare number after a finished item (…依据; 3), never 岗位定员 2
)


def mend_broken_lines(lines: list[Unit]) -> list[Unit]:
    """Lines the page width broke (a PDF export), put back together before they are cut: a line
    that opens mid-sentence goes on the line right above it, and so does the line after one
    that ends with an item number. (A line that ran to the page's edge was joined to the next
    before cleaning: unwrap.py.) A blank line between them is a real paragraph break."""
    out: list[Unit] = []
    for line in lines:
        above = out[-1] if out else None
        adjacent = above is not None and not above.chrome and not line.chrome and line.start - above.end <= 1
        if adjacent and (CONTINUES_LINE.match(line.text) or ENDS_WITH_ITEM_NUMBER.search(above.text)
                         or wrapped_header_cell(above.text, line.text)):
            out[-1] = Unit(above.text + line.text, above.start, line.end)
        else:
            out.append(line)
    return out


HEADER_CELL = 10  # characters: a table's label cell, wrapped in its narrow column


def wrapped_header_cell(above: str, line: str) -> bool:
    """岗位技能/资格 / 要求: a label cell its narrow column wrapped, a section word cut between
    the two short lines (资格|要求), or the second line opening with the / between two words."""
    if len(above) > HEADER_CELL or len(line) > HEADER_CELL or CLAUSE_PUNCT.search(above + line):
        return False
    if line.startswith("/"):
        return True
    cut = len(above)
    return any(m.start() < cut < m.end() for m in lexicon().section_words.finditer(above + line))


@lru_cache(maxsize=LINE_CACHE)  # scraped pages repeat lines heavily; safe to drop
def _line_pieces(text: str, length: int, last_colon: int | None) -> tuple[tuple, int | None]:
    """The units cut from one line, with offsets relative to its start (cutting is
    shift-invariant), and the Chinese numbering state after it. Pure, so cached."""
    numbering = ChineseNumbering(last_colon)
    pieces = []
    for part in split_inline_headings(Unit(text, 0, length)):
        for item in split_inline_items(part, numbering):
            for activity in _cut(item, [0, *activity_cuts(item.text)]):  # 制定…;组织…;监督…
                pieces.extend((u.text, u.start, u.end, u.opens_line) for u in split_short_tail(activity))
    return tuple(pieces), numbering.last_colon
