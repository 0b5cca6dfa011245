"""The title line of a job-board posting: the position's name without the perks, pay, codes,
places and hiring words the board prints around it (会计专员 底薪+奖金+双休 -> 会计专员)."""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import CLAUSE_PUNCT, TEXT_CACHE, lexicon, posting_title_words
from .titles import ENGLISH_NAME, name_kind, reads_as_duty

MAX_TITLE_LINE = 60  # characters of the raw line: a posting title, not a paragraph
MAX_POSTING_NAME = 30  # 支持专员/客户服务专员/商务支持: several names joined by /
# （急聘） / (职位编号:010) / 【五险一金】: notes in brackets; an unclosed one runs to the end.
BRACKETED = re.compile(r"[(（【\[][^()（）【】\[\]]*[)）】\]]")
UNCLOSED = re.compile(r"[(（【\[][^)）】\]]*$")
# 4800+ / 5k / 6-8K / 4.5千 / 5000元/月 / 13薪, with the pay word before it (底薪5k, 税后5500).
SALARY = (r"(?:{pay})?(?:\d+(?:\.\d+)?\s*(?:[-~～至]\s*\d+(?:\.\d+)?\s*)?(?:[kKwW千万]|元(?:\s*/\s*[月天])?)"
          r"|\d{{4,}}(?:\s*[-~～至]\s*\d{{4,}})?(?:元(?:\s*/\s*[月天])?)?)\+?(?:以上|起)?"
          r"|(?:全年|年终|年底)?\d{{1,2}}薪")
WRAPPER_WORD = re.compile(r"职责|职能|工作内容|说明书|描述")  # words of a JD heading, not of a posting title
CODE_TAIL = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z]{1,3}\d{3,}$")  # 部门助理J10863
# 行政专员-徐汇 / 手游客服专员--淘米游戏: a place, unit or note after a dash.
DASH_TAIL = re.compile(r"\s*[-—–―]+.*$")
PART_SEPARATOR = re.compile(r"(\s*[\s/+＋、丨|｜,，;；&]+\s*)")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    words = posting_title_words()
    markers = _alternation(words["hiring_markers"])
    # 聘 after 招/应/返/解 is part of a word (招聘专员, 应聘), not the board's "hiring:"; 招聘 is
    # one only after an employer (某公司招聘…) or before a separator (德企招聘-行政前台).
    hiring = re.compile(rf"(?<![招应返解])(?:{markers})(?![用任请期])[\s:：-]*"
                        r"|^急+[:：]\s*"
                        rf"|(?<=[司企团])招聘[\s:：-]*|招聘(?=\s*[-—:：\s])[\s:：-]*")
    perks = re.compile(_alternation(words["perk_phrases"]))
    perk_part = re.compile(rf"^(?:{_alternation(words['perk_parts'])})+$")
    salary = re.compile(SALARY.format(pay=_alternation(words["pay_words"])))
    return hiring, perks, perk_part, salary


@lru_cache(maxsize=1)
def _place_patterns() -> tuple[re.Pattern, re.Pattern]:
    """(a part made only of places, places before a name): 上海 / 徐汇区 / 徐汇静安闵行."""
    place = rf"(?:{_alternation(posting_title_words()['places'])})(?:新区|区|市)?"
    return re.compile(rf"^(?:{place})+$"), re.compile(rf"^(?:{place})+(?=[^办].)")  # 上海办: an office


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


def _after_hiring_word(text: str) -> str:
    """白领公寓急招物流专员 -> 物流专员: what follows the last hiring word, when something does."""
    for match in reversed(list(_patterns()[0].finditer(text))):
        after = text[match.end():].strip()
        if len(after) >= 2:
            return after
    return text


def _without_brackets(text: str) -> str:
    """急聘(销售助理/业务助理)(职位编号:01) -> the names in the first bracket, when only a hiring
    word stands outside them; else the text without its bracketed notes."""
    bare = UNCLOSED.sub("", BRACKETED.sub("", text)).strip()
    first = BRACKETED.search(text)
    if first is not None and _patterns()[0].fullmatch(bare):
        return first.group()[1:-1].strip()
    return bare if len(bare) >= 2 else text


def _clean_part(part: str, after_plus: bool) -> str | None:
    """One part between / + 、 or spaces: kept, cut to the name inside it, or dropped as a perk."""
    _, perks, perk_part, _ = _patterns()
    part = part.strip()
    if len(part) < 2 or perk_part.match(part) or _place_patterns()[0].match(part):
        return None
    first = perks.search(part)
    if first is None and not after_plus:
        return part
    # 客服专员底薪绩效 / 无销售客服专员: the name before the perks, else what is left without them
    for rest in (part[: first.start()] if first else part, perks.sub("", part)):
        if name_kind(rest):
            return rest
    return None


def _without_places(text: str) -> str:
    """上海运营专员 -> 运营专员: places before a name (kept when no name would be left)."""
    rest = _place_patterns()[1].sub("", text)
    return rest if rest != text and name_kind(rest) else text


def _without_dash_tail(text: str) -> str:
    """行政专员-徐汇 -> 行政专员; 德资运动品牌-订单助理 keeps the name after the dash."""
    tail = DASH_TAIL.search(text)
    if tail is None or tail.start() == 0:
        return text
    head, after = text[: tail.start()].strip(), text[tail.start():].strip(" -—–―")
    return after if not name_kind(head) and name_kind(after) else head


def _joiner(separator: str) -> str:
    """How two kept names are joined: the separator's first mark (// -> /), a comma as 、."""
    mark = separator.strip()[:1] or " "
    return "、" if mark in ",，;；" else mark


def posting_name(text: str) -> str:
    """报告文员（急聘）4800+双休+高额奖金 -> 报告文员; 支持专员/客户服务专员/商务支持 stays."""
    text = _after_hiring_word(_without_brackets(text.strip()))
    text = _patterns()[3].sub(" ", CODE_TAIL.sub("", text)).strip(" -—–―/+")
    text = _without_places(ENGLISH_NAME.sub("", _without_dash_tail(text)))  # 财务实习生 F&A Intern
    pieces = PART_SEPARATOR.split(text)
    kept, separator = [], ""
    for i in range(0, len(pieces), 2):
        clean = _clean_part(pieces[i], "+" in separator or "＋" in separator)
        if clean:
            kept.append(_joiner(separator) + clean if kept else clean)
        separator = pieces[i + 1] if i + 1 < len(pieces) else ""
    return "".join(kept)


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text
def posting_title(text: str) -> str | None:
    """The name a posting's title line gives, or None when the line is not shaped like a title
    (a sentence, a paragraph, a field or section line)."""
    text = text.strip()
    if not 2 <= len(text) <= MAX_TITLE_LINE or CLAUSE_PUNCT.search(BRACKETED.sub("", text)):
        return None  # 已阅读5页,还剩5页未读: a sentence (a bracketed note may hold commas)
    if WRAPPER_WORD.search(text):
        return None  # 客服部工作职责、内容及标准: a heading the usual heading rules read
    if any(m.end() == len(text) for m in lexicon().excluded.finditer(text)):
        return None  # 客服部工作总结 / 前台管理制度: the title of no job description (报告文员 is one)
    name = posting_name(text)
    if not 2 <= len(name) <= MAX_POSTING_NAME or CLAUSE_PUNCT.search(name) or ":" in name:
        return None
    if reads_as_duty(name) and not lexicon().role_name.search(name):
        return None  # 负责客户接待…: a duty, not a title (监控中心客服专员 is a name)
    if not re.search(r"[\u4e00-\u9fffA-Za-z]{2}", name):
        return None
    return name
