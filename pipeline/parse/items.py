"""What a unit of a duty list is: an item, a group label, a marker; and an item's clean text."""
from __future__ import annotations

import re
from functools import lru_cache

from ..clean import join_broken_words
from .lexicon import (
    ACTIVITY_END, CLAUSE_PUNCT, ITEM_END, ITEM_NUMBER, LEADING_REMNANT, LOST_BULLET, ITEM_VALUE, TEXT_CACHE, TRAILING_SEPARATORS, load_lexicon,
    lexicon, prose_words, short_duty_verb,
)
from .titles import name_kind
from .units import Unit

COLLECTION_MARK = re.compile(r"^[(（【]?(?:精选)?\s*\d+\s*篇[)）】]?$")
BRACKET_LABEL = re.compile(r"(?:<<|《|【|\[)[^<>《》【】\[\]，。；]{2,12}(?:>>|》|】|\])[:：]?")
# Unnumbered prose about a job (an article, a preface) rather than a duty of it.
ESSAY = prose_words().essay
ENGLISH_CLAUSE = re.compile(r"[A-Za-z]{2,}(?:[\s,/'’-]+[A-Za-z]{2,}){2,}")  # three words at least
# Lines that are never duties: an organisation's name, a document control code.
ORGANISATION = re.compile(r"^[^，。；,;]{2,24}(?:有限公司|有限责任公司|集团|公司)$")
DOCUMENT_CODE = re.compile(r"(?<![A-Z0-9])[A-Z0-9]{4,}+(?:-[A-Z0-9]{3,}+){2,}")  # from a run's start only
# 版本/版次 编制/修改人 / 审核 批准 生效日期: the labels of a document's control block.
CONTROL_LABEL = r"版本|版次|编制人?|修改人?|修订人?|审核人?|审批人?|批准人?|生效日期|日期|文件编号|编号|页次|页码"
DOCUMENT_CONTROL = re.compile(rf"^(?:[\s/|]*(?:{CONTROL_LABEL}))+[\s/|]*$")
# 总监1人,产品主管1人,产品经理1人: a staffing table (编制/定员) flattened into a line.
HEADCOUNT = re.compile(r"(?<!\d)\d++\s*+(?:人|名)(?=[,，、;；。\s]|$)")  # from a run's start only
# 管理权 / 建议权、知情权: an authority named alone (职权 are not duties).
AUTHORITY_ONLY = re.compile(r"^(?:[\u4e00-\u9fff]{1,6}权[、,，\s]*)+$")
# 该部门的职能主要包括以下几个方面: / 以下是X的主要工作职责: — a sentence that introduces a list.
LIST_INTRO = re.compile(r"(?:以下|如下|下列)[^。；;]{0,12}[:：]$|^以下是[^。；;]{2,30}[:：]$")
LIST_WORDS = re.compile(r"以下|如下|下列")  # left in an intro once its lead and tail are cut: no duty
LIST_OWNER = re.compile(r"^(?:以下是|下面是)([^，。；,;]{2,15}?)的(?:主要)?(?:工作|岗位)?(?:职责|职能)")
# 客服专员的主要职责包括: — a sentence that names the position whose duty list follows.
OWNED_LIST = re.compile(r"^([^，。；,;:：\s]{2,15}?)的(?:主要)?(?:工作|岗位)?(?:职责|职能)(?:主要)?(?:包括|有|是|为|如下)[:：]$")
# The sentence that announces a requirements list inside running text.
REQUIREMENT_INTRO = re.compile(
    r"(?:(?<=[;；。])|^)[^;；。]*(?:(?:任职条件|任职要求|任职资格|岗位要求|应聘条件)如下|具备(?:如下|以下|下列)(?:条件|要求|素质))"
    r"[^;；。]*$"
)
# 本科以上学历,5年以上…经验: a line that opens with what the position demands (a requirement).
STATES_REQUIREMENT = re.compile(
    r"^(?:全日制|统招)?(?:初中|高中|中专|大专|专科|本科|硕士|研究生|博士)(?:及|以上|或|学历|毕业)"
    r"|^(?:\d{1,2}|[一二两三四五六七八九十])年(?:及)?以上[^,，;；。]{0,20}(?:经验|经历)"
    r"|^(?:年龄|性别)[:：\d]"
)
WRAPPER_RUN = re.compile(r"职责|说明书")
MIN_UNNUMBERED_DUTY = 8  # Chinese characters
MAX_GROUP_NAME = 12  # characters of a numbered group's name (客户投诉处理与危机应对)
ENGLISH_LABEL = re.compile(r"^[A-Za-z][A-Za-z&/' -]*[:：]$")
MAX_ENGLISH_LABEL = 8  # words


# 客户服务部的主要职责是负责… / …等工作,具体职责如下: wrap a duty in a sentence about it.
DUTY_LEAD = re.compile(r"^[^,，。;；]{0,15}?的?(?:主要)?职责(?:是|为|包括|有)[:：]?")
DUTY_TAIL = re.compile(r"[,，;；]?\s*(?:其|具体)?(?:职责|工作|内容)(?:范围)?如下[:：]?$")


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; duties repeat across scraped pages
def item_text(text: str) -> str:
    """Duty text: numbering, trailing separators and layout spaces removed."""
    text = ITEM_NUMBER.sub("", text, count=1)
    text = DUTY_TAIL.sub("", DUTY_LEAD.sub("", join_broken_words(text).strip()))
    return unpaired_quote_removed(TRAILING_SEPARATORS.sub("", text).strip())


def unpaired_quote_removed(text: str) -> str:
    """2."根据… : a quote mark the scrape left before the text, with no partner."""
    first = text[:1]
    unpaired = (first in "\"'" and text.count(first) % 2 == 1) or (first == "“" and "”" not in text)
    return text[1:].lstrip() if unpaired else text


TRAILING_REMNANT = re.compile(r"[;；]\s*[,，/%?？]\s*$")  # …说明;/ : the next bullet's remnant, cut with this item


def split_sentences(text: str, ends: re.Pattern = ITEM_END) -> list[str]:
    """The items of unnumbered running text: a sentence each, or an activity ended by ；, (a
    bullet's remnant after the semicolon)."""
    parts, start = [], 0
    for match in ends.finditer(text):
        parts.append(text[start:match.end()])
        start = match.end()
    parts.append(text[start:])
    return [p for p in (item_text(LEADING_REMNANT.sub("", TRAILING_REMNANT.sub("", p))) for p in parts) if p]


# 做应收账款:国内…;国外…: a group label inside one numbered entry, activities after it.
LABELLED_LIST = re.compile(r"^([^，。；,;:：]{2,12})[:：](?=[^;；。]+[;；]\s*[,，/]?\s*\S)")


# 部门业务管理,负责…;,负责…: a group label before a comma, then activities parted by ；.
TOPIC_WORDS = re.compile(r"[\u4e00-\u9fff]+")
LABELLED_BY_COMMA = re.compile(r"^([^，。；,;:：]{4,12})[,，](?=[^;；。]+[;；]\s*[,，/]?\s*\S)")


def topic_before_comma(item: str) -> re.Match | None:
    """The label of 部门业务管理,负责…;…: topic words (no verb that opens a sentence) before a
    comma, a duty's verb right after it."""
    match = LABELLED_BY_COMMA.match(item)
    head = match.group(1) if match else ""
    if not TOPIC_WORDS.fullmatch(head) or opens_a_clause(head):
        return None  # 接听400热线电话, / 作为服务客户的窗口,: a duty's or a sentence's opening, no label
    return match if sentence_opener().match(item, match.end()) else None


def opens_a_clause(words: str) -> bool:
    """接听… / 负责… / 作为…的…: words that begin a duty or a sentence, not a topic."""
    return ("的" in words or bool(sentence_opener().search(words) or short_duty_verb().match(words)
                                  or lexicon().not_name.match(words)))


@lru_cache(maxsize=1)
def sentence_opener() -> re.Pattern:
    """负责 / 组织 / 制定 …: verbs that open a duty's sentence and never end a topic phrase."""
    return re.compile("|".join(map(re.escape, load_lexicon()["duty_lines"]["sentence_openers"])))


def entry_items(item: str) -> list[str]:
    """The items of one numbered entry: itself, or the activities a group label heads inside it
    (做应收账款:国内…;国外…), or the bullets whose glyphs the page lost (…;,负责…;/定期…)."""
    match = LABELLED_LIST.match(item) or topic_before_comma(item)
    if match:
        return split_sentences(item[match.end():], ACTIVITY_END)
    return split_sentences(item, LOST_BULLET) if LOST_BULLET.search(item) else [item]


# 运营经理:负责整个运营团队的管理…; — a position's name before a colon, its duties after it.
ROLE_LINE = re.compile(r"^([^，。；,;:：\s]{2,12})[:：]\s*(?=\S)")


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; units repeat across scraped pages
def role_line(text: str) -> tuple[str, str] | None:
    """(name, duty text) of an unnumbered line that gives one position and its duties."""
    match = None if ITEM_NUMBER.match(text) else ROLE_LINE.match(text.strip())
    if not match or name_kind(match.group(1)) is None:
        return None
    rest = text.strip()[match.end():]
    return (match.group(1), rest) if long_enough(rest) or reads_as_short_duty(rest) else None


# 负责日常行政事务 负责测评前期沟通 更新客户数据库: the spaces a board's one-line description
# has where its lines broke, between two runs of Chinese text.
LAYOUT_SPACE = re.compile(r"(?<=[\u4e00-\u9fff,，、)）])\s+(?=[\u4e00-\u9fff])")


def split_layout_lines(sentence: str) -> list[str]:
    """The lines of an unnumbered duty list flattened onto one line, when at least half of its
    space-parted pieces open with a duty verb (else the spaces are a layout's, inside one text)."""
    pieces = LAYOUT_SPACE.split(sentence)
    if len(pieces) < 2 or sum(bool(short_duty_verb().match(p)) for p in pieces) * 2 < len(pieces):
        return [sentence]
    return pieces


MIN_ENGLISH_DUTY = 4  # words: Arrange temp car rental for business trip


def long_enough(sentence: str) -> bool:
    """Short unnumbered fragments are table cells (市场调研, POP监控), not duties."""
    return (len(re.findall(r"[\u4e00-\u9fff]", sentence)) >= MIN_UNNUMBERED_DUTY
            or len(re.findall(r"[A-Za-z]{2,}", sentence)) >= MIN_ENGLISH_DUTY)


def reads_as_short_duty(sentence: str) -> bool:
    """接听客户电话: a short line that is a verb and its object (at least three characters)."""
    verb = short_duty_verb().match(sentence)
    return bool(verb) and len(re.findall(r"[\u4e00-\u9fff]", sentence[verb.end():])) >= 3


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; duties repeat across scraped pages
def not_a_duty(text: str) -> bool:
    """A bare position name or a run of glued headings (a table of contents) in a duty list."""
    text = text.strip()
    if not re.search(r"[\u4e00-\u9fff]", text) and not ENGLISH_CLAUSE.search(text) or COLLECTION_MARK.match(text):
        return True  # KPI / 2. : no words; an English posting's item (Daily tracking of orders) is one
    if ORGANISATION.match(text) or DOCUMENT_CODE.search(text):
        return True
    if AUTHORITY_ONLY.match(text) or DOCUMENT_CONTROL.match(text):
        return True
    if len(HEADCOUNT.findall(text)) >= 3:
        return True
    # 兼任企业内刊的通讯员 ends like a title, but a name has no 的 inside it: that is a duty
    bare_name = name_kind(text) is not None and "的" not in text
    return bare_name or len(WRAPPER_RUN.findall(text)) >= 2 and not CLAUSE_PUNCT.search(text)


def is_column_label(text: str) -> bool:
    return len(text) <= 12 and not CLAUSE_PUNCT.search(text) and not ITEM_NUMBER.match(text)


def is_group_label(text: str, nxt: Unit | None) -> bool:
    """品牌管理层面: / 行销管理 (then 1、…) / <<销售管理>>: names a group of duties."""
    return _group_label(text, nxt.text if nxt is not None else None)


@lru_cache(maxsize=TEXT_CACHE)  # pure in the two texts; units repeat across scraped pages
def _group_label(text: str, next_text: str | None) -> bool:
    text = text.strip()
    if ENGLISH_LABEL.match(text) and len(text.split()) <= MAX_ENGLISH_LABEL:
        return True  # Purpose & Overall Relevance for the Organization: (then 1.…)
    if len(text) > 16 or CLAUSE_PUNCT.search(text.rstrip(":：")):
        return False
    if text.endswith((":", "：")) or is_bracket_label(text):
        return True
    return len(text) <= 10 and next_text is not None and arabic_value(next_text) == 1


def is_numbered_label(text: str, nxt: Unit | None) -> bool:
    """一、客户信息资源管理 then 1.…, 1. 领导和管理 then - bullets, 2.<<运营管理>>: a group name."""
    return _numbered_label(text, nxt.text if nxt is not None else None)


@lru_cache(maxsize=TEXT_CACHE)  # pure in the two texts; units repeat across scraped pages
def _numbered_label(text: str, next_text: str | None) -> bool:
    if is_bracket_label(text):
        return True
    body = ITEM_NUMBER.sub("", text.strip(), count=1).strip()
    if len(body) > MAX_GROUP_NAME or CLAUSE_PUNCT.search(body) or next_text is None:
        return False
    if body.endswith((":", "：")) and bullet_glyph(text) not in (None, bullet_glyph(next_text)):
        return True  # ◆采购经理的工作重点: over ·… entries: another bullet, and the colon says they are its own
    if marker(text) == marker(next_text):
        return False
    return opens_sublist(next_text)


def bullet_glyph(text: str) -> str | None:
    """The bullet (◆, ·, -) an entry opens with; None for a number or no marker."""
    match = ITEM_NUMBER.match(text)
    return match.group("num").strip() if match and marker(text) == "bullet" else None


def opens_sublist(text: str) -> bool:
    """- … / A、… / 1.… / (1)… / 2.1、…: the first entry of a list one level down."""
    if re.match(r"\s*(?:[-•●◆■▪·]|[Aa][、.．])", text) or arabic_value(text) == 1:
        return True
    return bool(re.match(r"\s*\d{1,2}\.0?1(?!\d)", text)) and marker(text) == "decimal"


@lru_cache(maxsize=TEXT_CACHE)
def marker(text: str) -> str | None:
    """The kind of list marker: bullet, arabic, cn, cn-paren … (None when unnumbered)."""
    match = ITEM_NUMBER.match(text)
    if not match:
        return None
    if re.match(r"[-–*•●◆◇■□▪▫►▶➢➤✓✔○◎☆★◼◾♦❖·%]", match.group("num")):
        return "bullet"
    return number_style(text) or arabic_style(match.group("num")) or "other"


def arabic_style(num: str) -> str | None:
    """1. and (1) are two levels of one list (1.品牌战略管理 over (1)…(2)…); 1) and 2.1 are others."""
    if not re.match(r"[(（]?\s*\d", num):
        return None
    if num[0] in "(（":
        return "arabic-paren"
    if re.match(r"\d+\s*[)）]", num):
        return "arabic-close"  # 1) under 1.
    return "decimal" if re.match(r"\d{1,2}\.\d", num) else "arabic"


def number_style(text: str) -> str | None:
    match = ITEM_NUMBER.match(text)
    if not match:
        return None
    num = match.group("num")
    if re.match(r"[一二三四五六七八九十]", num):
        return "cn"
    if re.match(r"[(（][一二三四五六七八九十]", num):
        return "cn-paren"
    return None


def closes_section(text: str, style: str | None) -> bool:
    """A short label numbered like the duty section's own header: the next sibling section."""
    if style is None or number_style(text) != style:
        return False
    body = ITEM_NUMBER.sub("", text.strip(), count=1).strip()
    return len(body) <= 10 and body.endswith((":", "：")) and not CLAUSE_PUNCT.search(body)


@lru_cache(maxsize=TEXT_CACHE)
def is_bracket_label(text: str) -> bool:
    body = ITEM_NUMBER.sub("", text.strip(), count=1).strip()
    return bool(BRACKET_LABEL.fullmatch(body))


@lru_cache(maxsize=TEXT_CACHE)
def arabic_value(text: str) -> int | None:
    match = ITEM_VALUE.match(text.strip())
    if match and (match.group(1) or match.group(2)):
        return int(match.group(1) or match.group(2))
    return None
