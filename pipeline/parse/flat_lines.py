"""Cuts in a document a site flattened into one long line (文档简介 pages): its headings and
section numbers are glued to the characters around them (…应急处置二、核心职责框架…,
…客服专员……10一、产品部部门职能负责制定…, …岗位职责说明书引言中餐…), where the inline rules
of ``units`` look for whitespace, a stop or a colon."""
from __future__ import annotations

import re
from functools import lru_cache

from ..clean.resources import FLAT_LINE  # a line this long is a whole page joined into one
from .lexicon import cn_value, lexicon, load_lexicon, short_duty_verb
from .titles import heading, name_kind

# 一、 / 二、 glued to the character before it (a word, a page number, a leader …).
GLUED_BEFORE = re.compile(r"[\u4e00-\u9fff\d…]")
CN_NUMBER = re.compile(r"(?:^|(?<=[\u4e00-\u9fff\d…\s。；;:：!！?？]))([一二三四五六七八九十]{1,3})、")
# The end of a heading's wrapper: 产品部部门职能 / 中餐行政总厨岗位职责说明书.
WRAPPER_END = re.compile(r"(?:职责|职能|说明书|资格|要求)")  # …岗位职责及任职资格 too
# 企业品牌经理的职责: a heading (with its colon) right after the one before it.
NEXT_HEADING = re.compile(r"(?![的和及与、])[^:：\s,，。;；]{2,24}(?:职责|职能)[:：]")
MAX_HEAD = 24  # characters of a glued heading
# …具体职责体系如下:职责维度…: the list (or table) an intro announces, glued to it.
GLUED_LIST = re.compile(r"(?:如下|以下)[:：](?=[\u4e00-\u9fff])")
# What may follow a section word inside a sentence (部门目标的达成, 职责和要求): no cut there.
PROSE_GLUE = tuple("的和及与是等为,，、;；。")
HEADER_GOES_ON = re.compile(r"[^\s:：]{0,5}[\s:：]")
GLUED_TEXT = re.compile(r"[\u4e00-\u9fff]|[(（][一二三四五六七八九十\d]{1,2}[)）]")  # not (按重要性排序), a note
LIST_NUMBER = re.compile(r"[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[、.．]|[一二三四五六七八九十]{1,3}、")
# A run of 2-30 characters between spaces (or the line's ends), and the list marker (二、 / 3.)
# standing alone before one: the run is then the text of that item.
SPACED_CHUNK = re.compile(r"(?:^|(?<=\s))[^\s]{2,30}(?=\s|$)")
LONE_MARKER = re.compile(r"(?:^|\s)(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]?\s+$|[(（][^()（）]{1,3}[)）]\s+$")
MIN_GLUED_HEADER = 4  # characters: 工作内容 / 岗位职责, not 要求 / 目标
# 篇2 closing a heading; its number glued to a first item (篇21、负责…) is 篇2 and 1、
VARIANT_MARKER = re.compile(
    r"(?<=[\u4e00-\u9fff])\s?篇(?:[一二三四五六七八九十]{1,3}|\d{1,2}?)"
    r"(?=\d[、.．]|(?![\d一二三四五六七八九十]|\s*[:：]))"
)
# A bullet between spaces, before the text of its item (never 9:00 - 18:00 or A - B).
SPACED_BULLET = re.compile(r"(?<=\s)[-•·●◆▪*]\s+(?=[\u4e00-\u9fff])")
MIN_BULLETS = 3
LABEL_COLON = re.compile(r"\s*[:：]")
POST_PREFIXES = ("岗位", "职位")
PIECE_STOP = re.compile(r"[\s。；;!！?？:：)）]")
HEADING_BREAK = re.compile(r"[,，;；。:：]")
SUBJECT = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:作为|是)")  # 运营经理作为…: a sentence about the position


def flat_cuts(text: str) -> list[int]:
    """Where a flattened document's line is cut besides the usual places: before a glued section
    number that opens a heading or continues the line's numbering, after a heading glued to a
    section word (or, numbered, to its first duty), after a section word glued to its text."""
    if len(text) < FLAT_LINE:
        return []
    cuts = [m.end() for m in GLUED_LIST.finditer(text)]
    cuts.extend(spaced_heading_cuts(text))
    cuts.extend(glued_header_cuts(text))
    if "篇" in text:
        cuts.extend(variant_heading_cuts(text))
    cuts.extend(spaced_bullet_cuts(text))
    for start, glued in _section_starts(text):
        if glued:
            cuts.append(start)
        cuts.extend(_heading_ends(text, start))
    return cuts


def spaced_heading_cuts(text: str) -> list[int]:
    """Before and after a heading standing between spaces: a page whose line breaks became
    spaces (… 男女不限; 店长岗位说明书 职位概述 店长负责…). Not a bare section word: exported
    tables print theirs between spaces too (序号 概述 内容描述 1、…)."""
    cuts = []
    for chunk in SPACED_CHUNK.finditer(text):
        under_marker = LONE_MARKER.search(text, max(0, chunk.start() - 8), chunk.start())
        if not under_marker and (_spaced_heading(chunk.group()) or _name_over_fields(text, chunk)):
            cuts.extend(chunk.span())
    return cuts


def glued_header_cuts(text: str) -> list[int]:
    """Before a section word with its colon glued to the text before it, where no line break
    is left: …带薪培训工作内容: / …节日福利岗位职责:1.负责… Not when the text before it is the
    name the word heads (客服部岗位职责:), nor inside a phrase (…的职责:)."""
    cuts = []
    for word in lexicon().section_words.finditer(text):
        start, end = _with_post_prefix(text, word.start()), word.end()
        if start == 0 or end >= len(text) or text[end] not in ":：" or not GLUED_TEXT.match(text[start - 1]):
            continue
        if end - start < MIN_GLUED_HEADER:
            continue  # 专业要求: / 长期企业目标: a short word ends a longer label
        if text[start - 1] in PROSE_GLUE:
            continue
        opening = _piece_start(text, start)
        if heading(text[opening:end]) is None:
            cuts.append(start)
    return cuts


def variant_heading_cuts(text: str) -> list[int]:
    """Around a heading closed by its variant number, glued between the text before and after
    it: …男女不限;天猫客服主管的职责范围是什么篇2 1.负责… (a 合集 page flattened)."""
    cuts = []
    for marker in VARIANT_MARKER.finditer(text):
        opening = _piece_start(text, marker.start())
        if opening < marker.start() and heading(text[opening : marker.end()]) is not None:
            cuts.extend((opening, marker.end()))
    return cuts


def spaced_bullet_cuts(text: str) -> list[int]:
    """After each bullet standing between spaces, when the line has a run of them: a bulleted
    list whose line breaks became spaces (… 团队管理 - 负责排班; - 协调资源; - 组织例会 …)."""
    bullets = [m.end() for m in SPACED_BULLET.finditer(text)]
    return bullets if len(bullets) >= MIN_BULLETS else []


def _with_post_prefix(text: str, start: int) -> int:
    """岗位职责 / 职位要求: the word with the 岗位 or 职位 before it."""
    return start - 2 if start >= 2 and text[start - 2 : start] in POST_PREFIXES else start


def _piece_start(text: str, pos: int) -> int:
    """Where the piece ending at ``pos`` begins: after the last stop, colon or space within reach."""
    begin = max(0, pos - MAX_HEAD * 2)
    stops = [m.end() for m in PIECE_STOP.finditer(text, begin, pos)]
    return stops[-1] if stops else begin


def _name_over_fields(text: str, chunk: re.Match) -> bool:
    """运营部岗位职责初稿1 运营总监 直接上级:总经理: a bare position name heading its field rows,
    not the value of a label before it (职位名称: 运营总监 直接上级:…)."""
    label = lexicon().field_labels.match(text, chunk.end() + 1)
    if label is None or not LABEL_COLON.match(text, label.end()):
        return False
    if text[: chunk.start()].rstrip()[-1:] in (":", "："):
        return False
    named = heading(chunk.group())
    return named is not None and named.kind == "role" and not named.excluded


def _spaced_heading(chunk: str) -> bool:
    """店长岗位说明书 / 客服经理职位描述: a wrapped name of a position (or a unit's duties), not
    a label (宗旨与使命:(…)), a phrase with its clauses (客服(产品知识,销售技巧…)), a bare name
    (a field's value: 职位名称: 店长) or a unit's chart (客户服务中心组织架构)."""
    if HEADING_BREAK.search(chunk):
        return False
    named = heading(chunk)
    if named is None or named.excluded or not (named.wrapped or named.variant):
        return False
    return named.kind == "role" or named.duty_wrapper or named.variant


def _section_starts(text: str) -> list[tuple[int, bool]]:
    """(offset, glued) of the line's start and of its 一、/二、 section numbers; a glued one only
    when it opens a heading or a section word, or continues the numbers before it."""
    starts, last = [(0, False)], None
    for match in CN_NUMBER.finditer(text):
        value = cn_value(match.group(1))
        glued = match.start() > 0 and GLUED_BEFORE.match(text[match.start() - 1]) is not None
        if glued and not (last and value == last + 1) and not _opens_heading(text, match.end()):
            continue
        if match.start() > 0:
            starts.append((match.start(), glued))
        last = value
    return starts


def _opens_heading(text: str, pos: int) -> bool:
    return lexicon().section_words.match(text, pos) is not None or _glued_heading_end(text, pos, True) is not None


def _heading_ends(text: str, start: int) -> list[int]:
    """After the heading that opens a section (and the section word after it): 中餐行政总厨岗位职责说明书
    | 引言 | 中餐行政总厨作为…; 一、产品部部门职能 | 负责制定…; 二、主要工作职责 | (一)…"""
    numbered = CN_NUMBER.match(text, start)
    pos = numbered.end() if numbered else start
    end = _glued_heading_end(text, pos, numbered is not None)
    if end is not None:  # after a heading any text may be glued to the section word
        word = _glued_section_word(text, end)
        return [end] if word is None or not GLUED_TEXT.match(text, word) else [end, word]
    word = _glued_section_word(text, pos) if numbered else None
    return [word] if word is not None and _opens_section_text(text, word) else []


def _opens_section_text(text: str, pos: int) -> bool:
    """(一)… / 运营经理作为…: what a section's text opens with, glued to its header word (a verb
    may go on a phrase: 工作时间安排合理)."""
    if LIST_NUMBER.match(text, pos):
        return True
    subject = SUBJECT.match(text, pos)
    return subject is not None and name_kind(subject.group(1)) is not None


def _glued_heading_end(text: str, pos: int, numbered: bool) -> int | None:
    """The end of a heading (name + wrapper) starting at ``pos`` that runs into a section word
    (引言) or, under a section number, into its first duty (负责制定…)."""
    for wrapper in WRAPPER_END.finditer(text, pos, min(len(text), pos + MAX_HEAD)):
        end = wrapper.end()
        if text.startswith("说明", end):
            continue  # 岗位职责说明书: the wrapper goes on
        follows_word = lexicon().section_words.match(text, end) is not None
        follows_duty = numbered and _duty_verb().match(text, end) is not None
        if (follows_word or follows_duty or _heading_follows(text, end)) and heading(text[pos:end]) is not None:
            return end
    return None


def _heading_follows(text: str, pos: int) -> bool:
    """品牌经理岗位职责及任职资格 | 企业品牌经理的职责: two headings glued, the second over its list."""
    following = NEXT_HEADING.match(text, pos)
    return following is not None and heading(following.group()) is not None


def _glued_section_word(text: str, pos: int) -> int | None:
    """Where a section word (and the noun a header may end with) opening at ``pos`` ends, when
    text is glued to it: 引言中餐… / 主要工作职责(一)… / 核心职责框架运营经理…"""
    word = lexicon().section_words.match(text, pos)
    if word is None:
        return None
    end = word.end()
    suffix = header_suffix().match(text, end)
    end = suffix.end() if suffix else end
    if end >= len(text) or text[end] in PROSE_GLUE:
        return None
    if HEADER_GOES_ON.match(text, end):
        return None  # 岗位设置目的 1.… / 职能定位:…: the word is the head of a longer header
    return end


@lru_cache(maxsize=1)
def header_suffix() -> re.Pattern:
    return re.compile("|".join(map(re.escape, load_lexicon()["section_rules"]["header_suffixes"])))


def _duty_verb() -> re.Pattern:
    return short_duty_verb()
