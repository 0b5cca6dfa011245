"""Regexes built once from ``resources/lexicon.toml`` (cached; safe to drop)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_resource

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CN_NUM = "一二三四五六七八九十"
CIRCLED = "①-⑳⑴-⒇⒈-⒛❶-❿➀-➉"
BULLETS = "•●◆◇■□▪▫►▶➢➤✓✔○◎☆★◼◾♦❖"
# Bullets only where they open a line: inside one, → and √ are prose (接单→审核→发货), and
# Ø ü Ÿ § are what the bullets of a Wingdings font lost in a Word/PDF export print as.
LINE_BULLETS = "→➔√※▲△▸ØüŸ§"

# An item's number: of any length up to nine digits (a longer run of digits is no number, and
# int() refuses one of over 4,300 digits); possessive, so a long run is read once.
LONG_NUMBER = r"\d{1,9}+(?!\d)"
# Numbering at the start of an item; the group is what gets removed.
ITEM_NUMBER = re.compile(
    rf"^\s*(?P<num>"
    rf"第[{CN_NUM}百\d]+条\s*[、.:：]?"
    rf"|[(（]\s*[{CN_NUM}\d]{{1,3}}\s*[)）]\s*[、.．]?"
    rf"|\d{{1,2}}(?:\.\d{{1,2}}){{1,2}}(?:\s+|\s*[、．]\s*|(?=[{CJK}]))"  # 2.1 / 2.1、 decimal sub-items
    rf"|{LONG_NUMBER}\s*+[、)）]|\d{{1,2}}\s*[,，?？]"  # 100、 120) : a list's number may be long
    rf"|(?:{LONG_NUMBER}|\d{{1,2}}\.\d{{1,2}})\s*+[.．](?![\d%])"
    rf"|\d{{1,2}}\s+(?=[{CJK}])"
    rf"|\d{{1,2}}\s*[:：](?=\s*[{CJK}])"  # 1:接听… (never 9:00, a time)
    rf"|第?[{CN_NUM}]{{1,3}}\s*[、.．,，:：)）]"
    rf"|[{CIRCLED}]"
    rf"|[Ⅰ-Ⅻⅰ-ⅻ]\s*[、.．]?"  # Roman numerals
    rf"|[A-Za-z]\s*[、.．)）](?=\s*[{CJK}])"
    rf"|[{BULLETS}·]"
    rf"|[{LINE_BULLETS}]\s*(?=[{CJK}])"
    rf"|[\[【]\d{{1,2}}[\]】]"
    rf"|[-–*](?=\s*[{CJK}])"
    rf"|[-–](?=\s+[A-Za-z])|®(?=\s)"  # - Ensure timely… / ® Maintain… (a bullet the export made ®)
    rf"|\d{{1,2}}-\s+(?=[{CJK}])"  # 1- 大专及以上学历 (never 3-5年: a space follows the dash)
    rf"|%(?=\s*[{CJK}])"  # a bullet glyph a re-encoded page prints as %
    rf")\s*"
)
# A number alone on its line (table layouts put the number cell on its own line).
LONE_NUMBER = re.compile(r"^\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．]?\s*$")
# Where a long line holds several items: before a number or bullet, after a separator.
INLINE_ITEM = re.compile(
    rf"(?<=[\s;；。!！?？:：,，)）])\s*(?=(?:{LONG_NUMBER}\s*+[、.．)）](?![\d%])|\d{{1,2}}\s*[?？](?![\d%])|\d{{1,2}}、(?=\d)"
    rf"|\d{{1,2}}\s+(?=[{CJK}])|\d{{1,2}}(?:\.\d{{1,2}}){{1,2}}(?:\s+|[、．])|[(（][\d{CN_NUM}]{{1,3}}[)）]|第?[{CN_NUM}]{{1,3}}[、．]|[{CN_NUM}]{{1,3}}\.(?=[{CJK}])|[{CIRCLED}]))"
    rf"|\s*(?=[{BULLETS}])"
    rf"|(?<=[;；])\s*(?=%\s*[{CJK}])"  # …工作; %规划…: % for a bullet glyph, after a finished item
    rf"|(?<=[\s;；。:：])\s*(?=\d{{1,2}}\s*[,，]\s*[{CJK}A-Za-z])"  # 1，员工入职…； 2，人事…: kept only in a list 1，2，3，
    rf"|(?<=[{CJK}])(?=-\s+[{CJK}])"
    rf"|(?<=[.:：;；])\s+(?=[-–]\s+[A-Za-z])|(?<=\s)(?=®\s)"  # English bullets after a sentence or header
    rf"|(?<=\s)(?=\d{{1,2}}-\s+[{CJK}])"  # … 2- 有两年以上进出口单证经验
    rf"|(?<=\s)(?=[A-H][.、．](?=[{CJK}]))"
    # An item glued to the previous one: …售后问题4、推动 (kept only if it continues the list)
    rf"|(?<=[{CJK}])(?=(?:{LONG_NUMBER}[、.．](?![\d%])|[(（]\d{{1,2}}[)）])\s*[{CJK}])"
    rf"|(?<=[\s;；。{CJK}])(?=\d{{1,2}}(?:\.\d{{1,2}}){{1,2}}\s*[{CJK}])"
    # A list glued to its heading: …说明书11、接受 / 售后职责1、负责
    rf"|(?:(?<=[{CJK}])|(?<=[书责]\d))(?=1[、.．](?![\d%])\s*[{CJK}])"
)
ITEM_VALUE = re.compile(rf"^(?:({LONG_NUMBER})|[(（\[【]({LONG_NUMBER})[)）\]】]|([{CN_NUM}]{{1,3}})|([{CIRCLED}]))")
# 篇一 / 第二篇 / (篇3) / 【篇四:…】 markers of variant articles.
VARIANT = re.compile(
    rf"^(?:第\s*[{CN_NUM}\d]+\s*篇|篇\s*[{CN_NUM}\d]+|【\s*篇\s*[{CN_NUM}\d]+)\s*[:：]?\s*"
)
# 店长的岗位说明书篇一 / …是什么 篇2: the marker after the title.
VARIANT_TAIL = re.compile(rf"\s*篇\s*[{CN_NUM}\d]{{1,3}}$")
VARIANT_SUFFIX = re.compile(
    rf"(?:{VARIANT_TAIL.pattern}|[(（【]\s*(?:篇\s*[{CN_NUM}\d]+|精选\s*\d+\s*篇|\d+\s*篇|[{CN_NUM}\d]+)\s*[)）】]"
    rf"|[第共]?\s*[{CN_NUM}\d]*\s*篇$|(?<=[书责明])\d{{1,2}}$|(?:(?<=范文)|(?<=范本)|(?<=模板))[{CN_NUM}\d]{{1,2}}$"
    rf"|\.(?:docx?|pdf|txt|wps)$|】$)"
)
SENTENCE_END = re.compile(r"[。！？!?]")
# Where running text ends an item: a sentence end, or a semicolon with a bullet's remnant after
# it (;, ;/ ; %): an OCR'd or re-encoded page's list of activities.
BULLET_REMNANT_END = rf"[;；](?=\s*[,，/%?？]\s*[{CJK}])"  # the remnant opens the next item, which drops it
ITEM_END = re.compile(rf"[。！？!?]|{BULLET_REMNANT_END}")
LOST_BULLET = re.compile(BULLET_REMNANT_END)  # even inside one numbered entry: bullets were there
ACTIVITY_END = re.compile(r"[。！？!?]|[;；]\s*[,，/]?")  # inside a labelled entry every ； ends one
LEADING_REMNANT = re.compile(r"^[\s,，/%?？]+")
TRAILING_SEPARATORS = re.compile(r"[\s;；。,，、:：.．]+$")
CLAUSE_PUNCT = re.compile(r"[，。；,;!！?？]")
CN_VALUES = {c: i for i, c in enumerate(CN_NUM, 1)}


def cn_value(numeral: str) -> int | None:
    """一..九十九 -> int; None for anything else."""
    if len(numeral) == 1:
        return CN_VALUES.get(numeral)
    tens, _, units = numeral.partition("十")
    if "十" not in numeral:
        return None
    return (CN_VALUES.get(tens, 0) if tens else 1) * 10 + (CN_VALUES.get(units, 0) if units else 0)


# Sizes of the parser's memo caches (per process; entries are lines or units of text).
# Scraped pages repeat lines and units heavily; these sizes keep a worker near 200 MB.
LINE_CACHE = 32_768
TEXT_CACHE = 16_384


@lru_cache(maxsize=1)
def load_lexicon() -> dict:
    data = tomllib.loads(read_resource("lexicon.toml"))
    data["sections"] = {name: with_letter_cases(words) for name, words in data["sections"].items()}
    return data


def with_letter_cases(words: list[str]) -> list[str]:
    """English section words as boards print them: Job Description, job description, DUTIES."""
    cased = [case(w) for w in words if w.isascii() for case in (str.lower, str.upper, str.capitalize, str.title)]
    return list(dict.fromkeys([*words, *cased]))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Lexicon:
    section_words: re.Pattern  # any section word, longest first
    section_of_word: dict  # section word -> duties / requirements / kpis / summary / other
    field_labels: re.Pattern  # named groups: title, department, superior, subordinates, stop
    wrapper_suffix: re.Pattern
    wrapper_only: re.Pattern  # text made of wrapper words alone (岗位说明书, 岗位职责说明)
    wrapper_prefix: re.Pattern  # 岗位说明书客户服务主管: a document wrapper before the name
    excluded: re.Pattern
    role_name: re.Pattern
    not_name: re.Pattern  # duty wording (负责…, 协助…) that can end like a title
    never_name: re.Pattern  # verbs no name opens with (带领团队)
    department_name: re.Pattern
    incumbent: re.Pattern  # 市场总监-雷丰庆: the person holding the position, after a dash
    joined_wrapper: re.Pattern  # 及任职资格企业品牌经理: a wrapper joined to the one before it, then a name


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load_lexicon()
    sections = data["sections"]
    # One alternation, longest word first across all sections (职能概述 is a summary, not 职能 + 概述);
    # a word listed under two sections belongs to the first.
    section_of_word = {}
    for name, words in sections.items():
        for word in words:
            section_of_word.setdefault(word, name)
    fields = data["fields"]
    # Longest label first across all groups, so 直接上级职位 wins over 职位.
    ordered = sorted(((w, k) for k, ws in fields.items() for w in ws), key=lambda p: -len(p[0]))
    labels = "|".join(re.escape(w) for w, _ in ordered)
    titles = data["titles"]
    role_sfx = _alternation(titles["role_suffixes"])
    dept_sfx = _alternation(titles["department_suffixes"])
    return Lexicon(
        section_words=re.compile(_alternation(section_of_word)),
        section_of_word=section_of_word,
        field_labels=re.compile(labels),
        wrapper_suffix=re.compile(rf"(?:{_alternation(titles['wrappers'])})$"),
        wrapper_only=re.compile(rf"^(?:{_alternation(titles['wrappers'])})+$"),
        wrapper_prefix=re.compile(
            rf"^(?:{_alternation(w for w in titles['wrappers'] if len(w) >= 3 and '说明' in w)})"
        ),
        excluded=re.compile(_alternation(titles["excluded"])),
        role_name=re.compile(rf"(?:{role_sfx})$"),
        not_name=re.compile(rf"^(?:{_alternation(titles['not_name_starts'])})"),
        never_name=re.compile(rf"^(?:{_alternation(titles['never_name_starts'])})(?=.)"),
        department_name=re.compile(rf"(?:{dept_sfx})$"),
        # a surname and one or two characters; not 华东区 / 江苏省, a place that may qualify the position
        joined_wrapper=re.compile(rf"^[及与和](?:{_alternation(w for w in titles['wrappers'] if len(w) >= 2)})(?=\S{{2}})"),
        incumbent=re.compile(rf"\s*[-—–]\s*[{titles['surnames']}][{CJK}]{{1,2}}(?<![区省市县州部组科室处站])$"),
    )


@lru_cache(maxsize=1)
def colon_only_labels() -> frozenset[str]:
    return frozenset(load_lexicon()["field_rules"]["colon_only"])


@lru_cache(maxsize=1)
def field_of_label() -> dict[str, str]:
    return {w: k for k, ws in load_lexicon()["fields"].items() for w in ws}


@lru_cache(maxsize=1)
def posting_title_words() -> dict:
    """Hiring words and perks a job board prints around a posting's name (resources/posting_titles.toml)."""
    return tomllib.loads(read_resource("posting_titles.toml"))


@dataclass(frozen=True, slots=True)
class ProseWords:
    essay: re.Pattern  # an essay's words anywhere in a sentence
    refers_back: re.Pattern  # a sentence opening that looks back at the text (以上…, 综上…)
    about_text: re.Pattern  # a sentence about the document (…见下表)
    question: re.Pattern  # a rhetorical question (到底什么是产品经理?)


@lru_cache(maxsize=1)
def prose_words() -> ProseWords:
    prose = load_lexicon()["prose"]
    return ProseWords(
        essay=re.compile(_alternation(prose["essay_words"])),
        refers_back=re.compile(rf"^(?:{_alternation(prose['refers_back'])})"),
        about_text=re.compile(_alternation(prose["about_text"])),
        question=re.compile(rf"(?:{_alternation(prose['question_words'])})[^，。；,;]{{0,6}}[?？]$"),
    )


@lru_cache(maxsize=1)
def short_duty_verb() -> re.Pattern:
    """The verbs a short duty line starts with (lexicon ``duty_lines.short_line_verbs``), longest first."""
    verbs = load_lexicon()["duty_lines"]["short_line_verbs"]
    return re.compile("|".join(sorted(map(re.escape, verbs), key=len, reverse=True)))
