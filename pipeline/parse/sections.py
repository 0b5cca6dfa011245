"""Section headers inside a record: duties, requirements, KPIs, summary, other."""
from __future__ import annotations

import re
from functools import lru_cache

from .fields import DEGREE
from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER, TEXT_CACHE, cn_value, lexicon, load_lexicon
from .titles import name_kind

MAX_HEADER = 24
GLUED_SECTIONS = {"summary", "requirements", "kpis"}  # 工作概要本岗位是… / 任职要求本科…
TERMINAL = (";", "；", "。")
# What follows a section word inside a sentence (部门目标的达成, 考核标准,进行…).
PROSE_GLUE = ("的", "和", "及", "与", "是", "等", "为", ",", "，", "、")
# What stands beside 学历/经验 when the line is a requirement's value, not a header.
REQUIREMENT_VALUE = re.compile(rf"^(?:(?:{DEGREE.pattern})(?:及以上|以上)?|不限|无要求|无)$")
BRACKETED = re.compile(r"【([^【】]{1,16})】")
# 要求: 大专以上学历: the bare word heads requirements only with a colon (服务要求 is a duty group).
BARE_REQUIREMENTS = re.compile(r"要求\s*[:：]\s*")
# 四、 / (四) numbering a document's sections (Arabic numbers number its items too often).
SECTION_NUMBER = re.compile(r"^\s*(?:([(（])\s*)?第?([一二三四五六七八九十]{1,3})\s*[、.．,，:：)）]")
# 工作时间早上8点半… / 薪资6000起: a posting's term glued to its value (not 薪资核算, a duty)
TERM_VALUE = re.compile(r"^(?:[\d一二三四五六七八九十两]|早上|上午|下午|晚上|周[一二三四五六日]|做[一二三四五六]休|双休|朝九|[¥￥])")
# 主要工作职责(按重要性排序): a note on the header, not text of the section
QUALIFIER = re.compile(r"^\s*[(（][^()（）]{1,16}[)）]")
TRAILING_QUALIFIER = re.compile(r"(?<=\S)\s*[(（][^()（）]{1,16}[)）]\s*$")  # 具体岗位职责(表格形式)
SUB_HEADER = re.compile(r"^(?:职责|职能|任务)\s*[一二三四五六七八九十\d]+\s*(?:[:：、]|$)")


def _section_of(match: re.Match) -> str:
    return lexicon().section_of_word[match.group()]


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; units repeat across scraped pages
def section_header(text: str) -> tuple[str, str] | None:
    """(section, rest of the text) when ``text`` is or starts with a section header."""
    body = ITEM_NUMBER.sub("", text, count=1).strip()
    if body.endswith("。") and body != text.strip():
        body = body[:-1]  # 二、岗位职责。: a numbered header closed like a sentence
    body = TRAILING_QUALIFIER.sub("", body)  # a note on how the section is laid out, not its name
    bracketed = BRACKETED.match(body)
    words = lexicon().section_words.findall(bracketed.group(1)) if bracketed else None
    if words:  # 【客服工作责任】 / 【任职要求】: the last section word in the label decides
        return lexicon().section_of_word[words[-1]], body[bracketed.end():].lstrip(" :：")
    bare = BARE_REQUIREMENTS.match(text.strip())  # not a numbered item (3、要求:各部门…)
    if bare:
        return "requirements", text.strip()[bare.end():]
    matches = list(lexicon().section_words.finditer(body))
    if not matches:
        return None
    first = matches[0]
    rest = body[first.end():] if first.start() == 0 or _names_owner(body[: first.start()]) else None
    if rest is not None:
        rest = QUALIFIER.sub("", rest, count=1)
    if rest is not None and re.match(r"\s*[:：]\s*\S", rest):
        return _section_of(first), rest.lstrip(" :：")  # 教育水平:本科及以上学历
    value = _is_value(body, matches)
    if value and len(matches) == 1:
        return None  # 学历不限 / 本科学历: the whole line is a requirement
    covered = sum(m.end() - m.start() for m in matches)
    if (len(body) <= MAX_HEADER and not CLAUSE_PUNCT.search(body) and covered * 2 >= len(body) and not value
            and not body.endswith(TERMINAL)):  # 目标; ends a broken sentence, not a header
        return _section_of(matches[-1]), ""  # with a value (学历要求大专及以上学历) it is glued, below
    if rest is None:
        return None
    section = _section_of(first)
    # 客户部组织机构客户部是…: an org-chart header glued to its text, named by its department
    owned = section == "other" and first.start() > 0 and _department_owner(body[: first.start()])
    if re.match(r"\s*[:：]|\s", rest):
        return section, rest.lstrip(" :：")
    if section == "other" and TERM_VALUE.match(rest):
        return section, rest
    if (section in GLUED_SECTIONS or owned) and rest.strip(" ;；。") and not rest.startswith(PROSE_GLUE):
        return section, rest  # 任职要求本科… / not 部门目标的达成 (a sentence going on)
    return None


def plain_bracketed_label(text: str, next_text: str | None) -> bool:
    """【总则】 / 【服装礼仪】 / 【保密制度】 with prose after it: a section of rules, hours or
    provisions, not duties. A label with a section word is a header (section_header); one
    that names a position is a heading; one over a numbered list (【客户服务】 1、…) is a group
    of duties."""
    bracketed = BRACKETED.fullmatch(text.strip())
    if not bracketed or lexicon().section_words.search(bracketed.group(1)) or name_kind(bracketed.group(1)):
        return False
    return next_text is not None and not ITEM_NUMBER.match(next_text)


def _is_value(body: str, matches: list[re.Match]) -> bool:
    """What the section words leave is a requirement's value (本科 / 不限), though half the line
    may be the word 学历."""
    return bool(REQUIREMENT_VALUE.match(_uncovered(body, matches)))


def _uncovered(body: str, matches: list[re.Match]) -> str:
    out, pos = [], 0
    for match in matches:
        out.append(body[pos:match.start()])
        pos = match.end()
    out.append(body[pos:])
    return "".join(out).strip()


def _department_owner(prefix: str) -> bool:
    return name_kind(prefix.strip()) == "department"


def _names_owner(prefix: str) -> bool:
    """客服人员应具有的条件: a position name before the header word."""
    prefix = prefix.strip().removesuffix("的")
    kind = name_kind(prefix) if prefix else None
    return kind == "role" or (kind == "department" and prefix.endswith(("部", "部门", "中心")))


def sub_header(text: str) -> str | None:
    """The text after 职责一: (a group of duties), or None."""
    match = SUB_HEADER.match(text)
    return text[match.end():].strip() if match else None


def section_number(text: str) -> tuple[str, int] | None:
    """(style, value) of a 四、 / (四) numbered line: "cn" or "cn-paren" and 4."""
    match = SECTION_NUMBER.match(text)
    value = cn_value(match.group(2)) if match else None
    return ("cn-paren" if match.group(1) else "cn", value) if value else None


def next_section(text: str, header: tuple[str, int] | None) -> bool:
    """五、权限范围 after 四、岗位职责: numbered in the style of the section header above and
    continuing its numbers (a lost number tolerated), a heading the lexicon does not know is
    the next section of the document, not an item of this one."""
    number = section_number(text)
    return bool(header and number and number[0] == header[0] and header[1] < number[1] <= header[1] + 2)


@lru_cache(maxsize=1)
def _duty_sign() -> re.Pattern:
    return re.compile("|".join(map(re.escape, load_lexicon()["requirement_lines"]["duty_signs"])))


@lru_cache(maxsize=1)
def _demand_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    data = load_lexicon()

    def alternation(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    demands = data["requirement_lines"]
    return (re.compile(alternation(demands["demand_words"])), re.compile(rf"^(?:{alternation(demands['demand_starts'])})"),
            re.compile(rf"^(?:{alternation(data['duty_lines']['short_line_verbs'])})"),
            re.compile(alternation(demands["opening_demand_words"])))


def states_demand(item: str) -> bool:
    """大专以上学历 / 熟悉服装跟单流程 / 能独立跟进订单: the item says what the applicant must be,
    know or have, not what the position does (负责…)."""
    words, starts, duty_verb, _ = _demand_patterns()
    return bool(words.search(item) or starts.match(item)) and not duty_verb.match(item)


def states_only_demands(items: list[str]) -> bool:
    """Every item states a demand; a list of duties has at least one that says what the position does."""
    return bool(items) and all(states_demand(item) for item in items)


def duties_under_demand_headers(items: list[str], section_starts: list[int]) -> list[int]:
    """The indices of the duties a posting listed under a requirements header (职位要求: 1、负责
    销售合同审核… then 任职资格: 1、大专以上学历): in each section whose items mostly state no
    demand, one of them opening with a duty verb or saying a duty's words (交办的其他工作), the items
    that state none."""
    found = []
    for start, end in zip(section_starts, [*section_starts[1:], len(items)]):
        plain = [i for i in range(start, end) if not states_demand(items[i])]
        if len(plain) * 2 > end - start and any(reads_as_duty_item(items[i]) for i in plain):
            found.extend(plain)
    return found


def reads_as_duty_item(item: str) -> bool:
    """负责… / 领导交办的其他工作: an item that says what the position does."""
    return bool(_demand_patterns()[2].match(item) or _duty_sign().search(item))


MIN_DEMAND_TAIL = 2


def demands_start(items: list[str]) -> int:
    """Where a posting's list turns from duties to demands with no header between (…负责客户回访 /
    大专以上学历 / 熟练使用办公软件): the start of the longest run of demands that closes the list
    and opens with a clear one (a degree, experience, 优先); len(items) when there is none."""
    opening = _demand_patterns()[3]
    start = len(items)
    while start > 0 and states_only_demands(items[start - 1:start]):
        start -= 1
    while start < len(items) and not opening.search(items[start]):
        start += 1
    return start if 0 < start <= len(items) - MIN_DEMAND_TAIL else len(items)


def opens_section(text: str) -> bool:
    """岗位职责: / 福利待遇: 五险一金 open a section; 物流专员薪资6000 or 薪资6K-8K/人事专员 (a
    name and its pay) is a posting's title line, whatever section word the board's perks hold."""
    section = section_header(text)
    if section is None or section[0] != "other":
        return section is not None
    body = ITEM_NUMBER.sub("", text, count=1).strip()
    word = lexicon().section_words.match(body)
    return word is not None and re.match(r"\s*(?:[:：]|$)", body[word.end():]) is not None
