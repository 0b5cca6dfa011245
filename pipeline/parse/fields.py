"""Header-table fields (岗位名称, 所属部门, 直接上级 …), education and years of experience."""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER, TEXT_CACHE, colon_only_labels, field_of_label, lexicon, load_lexicon

DEGREES = ("初中", "高中", "中专", "大专", "本科", "硕士", "博士")
DEGREE_ALIASES = {"专科": "大专", "高职": "大专", "中技": "中专", "技校": "中专", "研究生": "硕士",
                  "全日制本科": "本科", "大学本科": "本科", "大学专科": "大专", "学士": "本科"}
DEGREE = re.compile("|".join(sorted([*DEGREES, *DEGREE_ALIASES], key=len, reverse=True)))
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
YEARS = r"((?<![\d.])\d{1,2}|[一二两三四五六七八九十]{1,2})"  # not the 14 of 2014年
RANGE_END = r"(?:\s*[-~～—–至到]\s*(?:\d{1,2}|[一二两三四五六七八九十]{1,2}))?"  # 3-5年: the least is 3
EXPERIENCE = re.compile(
    rf"{YEARS}{RANGE_END}\s*年(?:或)?(?:以上|及以上|左右)?[^，。；;,]{{0,30}}?(?:经验|经历|工作)"
    rf"|(?:工作经验|工作年限|工作经历)\s*[:：]?\s*{YEARS}{RANGE_END}\s*年"
    rf"|工作\s*满?\s*{YEARS}{RANGE_END}\s*年(?:以上|及以上)"  # 从事人力资源工作3年以上
)
SUBORDINATE_SPLIT = re.compile(r"[、,，/;；\s]+|和|及")
NONE_VALUES = {"无", "无。", "暂无", "", "-", "—", "/"}
MAX_VALUE = 30
PREFERRED_DEGREE = re.compile(r"(?:最佳|理想|优先)学历\s*\S{0,8}|[^，,；;。\s]{0,8}优先")
PROSE_VALUE = re.compile(r"^(?:包括|为|是|有|由)")  # 直接下属包括…: a sentence, not a cell
TRAILING_NUMBER = re.compile(r"\s*\d{1,2}\s*[.、．]?$")
# 审 核 人 / 职 系: a short label the layout spaced out, one character a cell.
SPACED_LABEL = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?: [\u4e00-\u9fff]){1,3}(?![\u4e00-\u9fff])")
# (根据组织规模调整) / (人数3-8人): a note in brackets after a value.
BRACKET_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]")
TRAILING_ETC = re.compile(r"\s*等(?:岗位|人员|职位)?$")  # 培训助理等: the list goes on, the positions are named
VALUE_JOINERS = ("/", "、", "及", "和")
MIN_SECTION_TAIL = 4  # 客服主管主要职责: a duty header the next line of a flattened table ran into


def _is_label(text: str, match: re.Match) -> bool:
    """Short labels (部门, 职位) and ones that also open a sentence (上级领导交办的…) count only
    with a colon after them."""
    label = match.group()
    if header_noun_after().match(text, match.end()):
        return False  # 一、工作岗位内容: the head of a section's name, not a label with its value
    if len(text) == len(label) or (len(label) >= 4 and label not in colon_only_labels()):  # text is stripped
        return True
    inside_word = match.start() > 0 and "\u4e00" <= text[match.start() - 1] <= "\u9fff"  # 晋升岗位:
    # 总经理下属部门: a long label right after the value before it, in a run-together row
    return (not inside_word or len(label) >= 4) and bool(re.match(r"\s*[:：]", text[match.end():]))


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; units repeat across scraped pages
def parse_fields(text: str) -> tuple[tuple[str, str], ...] | None:
    """[(field, value)] when the text starts with a header-table label, else None.

    Handles ``岗位名称客服部经理所属部门客户服务部…`` (labels and values run together) and
    ``岗位名称 所在部门 直接上级 … 客服部经理 运营中心 运营总监`` (a header row, then values).
    """
    text = SPACED_LABEL.sub(_joined_label, ITEM_NUMBER.sub("", text, count=1).strip())
    labels = [m for m in lexicon().field_labels.finditer(text) if _is_label(text, m)]
    if not labels or labels[0].start() != 0:
        return None
    out, pending = [], []
    for i, match in enumerate(labels):
        if field_of_label()[match.group()] == "head":  # the rest of the line describes the head
            out.append(("head", text[match.end():].strip(" :：")))
            break
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[match.end():end].strip(" :：;；,，")
        field = field_of_label()[match.group()]
        if not value:
            pending.append(field)
            continue
        if pending and len(value.split()) > 1:
            cells = value.split()
            for name, cell in zip([*pending, field], cells):
                out.append((name, cell))
            pending = []
            continue
        pending = []
        out.append((field, value))
    # A label with its value on the next line (one table cell per line) is kept with "".
    pairs = [(f, _trim_value(v)) for f, v in out if f != "stop"] + [(f, "") for f in pending]
    return tuple(pairs)  # () for a row of 岗位编号-like labels only: consumed, nothing kept


@lru_cache(maxsize=1)
def header_noun_after() -> re.Pattern:
    """A noun that ends the text right after a label, making the two a section's name."""
    nouns = "|".join(map(re.escape, load_lexicon()["section_rules"]["header_nouns"]))
    return re.compile(rf"(?:{nouns})\s*[:：]?$")


def glued_stop_value(text: str) -> str | None:
    """所辖人员客服部经理: the last label of a column of labels, glued to the first value below it."""
    label = lexicon().field_labels.match(text.strip())
    if label is None or field_of_label()[label.group()] != "stop":
        return None
    return _trim_value(text.strip()[label.end():].lstrip(" :：")).strip(" :：") or None  # 岗位分析日期1本职: is no value


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text
def is_value_cell(text: str) -> bool:
    """运营中心 / 客服职员、VIP客服: a short cell that can be a field's value (no label, no header,
    no item, no sentence)."""
    return (parse_fields(text) is None and not ITEM_NUMBER.match(text) and clean_value(text) is not None
            and not lexicon().section_words.fullmatch(text.strip(" :：")))


def continues_value(value: str) -> bool:
    """行政主管/ (then 行政经理助理): a value the layout broke after a joiner."""
    return value.rstrip().endswith(VALUE_JOINERS)


def _joined_label(spaced: re.Match) -> str:
    """审 核 人 -> 审核人:, a label cell like any other (a colon marks it, as it is short)."""
    word = spaced.group().replace(" ", "")
    return word + ":" if word in field_of_label() else word


def _trim_value(value: str) -> str:
    """Cut what a flattened table ran into: 售前主管 岗位职责 / 副总经理2."""
    for section in lexicon().section_words.finditer(value):
        before_space = section.start() > 0 and value[section.start() - 1].isspace()
        labelled = re.match(r"\s*[:：]", value[section.end():])
        at_end = section.end() == len(value) and len(section.group()) >= MIN_SECTION_TAIL
        if section.start() > 0 and (before_space or labelled or at_end):
            value = value[: section.start()]  # 运营管理部工作条件:电话 -> 运营管理部
            break
    return TRAILING_NUMBER.sub("", value).strip()


def without_notes(value: str) -> str:
    """人力资源经理/主管(根据组织规模调整) -> 人力资源经理/主管; 培训助理等 -> 培训助理."""
    bare = TRAILING_ETC.sub("", BRACKET_NOTE.sub("", value)).strip()
    return bare or value


def clean_value(value: str) -> str | None:
    value = without_notes(value.strip(" :：;；,，。|｜"))
    if PROSE_VALUE.match(value) or value in NONE_VALUES or len(value) > MAX_VALUE or CLAUSE_PUNCT.search(value):
        return None
    return value


def split_subordinates(value: str) -> list[str]:
    value = value.strip(" :：;；,，。|｜")
    if value in NONE_VALUES or len(value) > 2 * MAX_VALUE or PROSE_VALUE.match(value):
        return []  # a sentence that merely mentions 直接下属, not a table cell
    names = [without_notes(v) for v in SUBORDINATE_SPLIT.split(BRACKET_NOTE.sub("", value))]
    names = [v for v in names if v and v not in NONE_VALUES]
    generic = generic_remainder()
    while len(names) > 1 and generic.match(names[-1]):
        names.pop()  # 采购主管、采购专员及相关采购团队: the named positions only
    return names


@lru_cache(maxsize=1)
def generic_remainder() -> re.Pattern:
    words = load_lexicon()["field_rules"]["generic_remainder_starts"]
    return re.compile("|".join(map(re.escape, words)))


PROSE_SUPERIOR = re.compile(r"直接对(\S{2,12}?)负责|直接向(\S{2,12}?)(?:汇报|报告)")
PROSE_SUBORDINATES = re.compile(r"(?:所领导的团队|直接下属|直接下级)包括([^。；;,，]{2,30})")


BELONGS_TO = re.compile(r"([^\s,，。;；:：]{2,12}?)(?:隶属于|隶属|归属于)([^\s,，。;；:：]{2,12}?)(?=[,，。;；\s]|$)")


def department_in_prose(title: str, texts: list[str]) -> str | None:
    """客户服务中心隶属于销售事业部 -> 销售事业部, when the sentence is about the record itself."""
    for text in texts:
        for match in BELONGS_TO.finditer(text):
            if match.group(1).endswith(title) or title.endswith(match.group(1)):
                return match.group(2)
    return None


def head_description(value: str) -> tuple[str, str | None, list[str]] | None:
    """部门负责人:设计部主管 …直接对产品及开发总监负责,所领导的团队包括设计师及设计助理。
    -> (设计部主管, 产品及开发总监, [设计师, 设计助理])."""
    parts = value.split(maxsplit=1)
    if not parts:
        return None
    prose = parts[1] if len(parts) > 1 else ""
    superior = PROSE_SUPERIOR.search(prose)
    subordinates = PROSE_SUBORDINATES.search(prose)
    return (
        parts[0].strip(" :：,，"),
        next(g for g in superior.groups() if g) if superior else None,
        split_subordinates(subordinates.group(1)) if subordinates else [],
    )


# 受教育程度:大学 / 大学以上学历: a university degree; not 大学英语四级 (a language test).
UNIVERSITY = re.compile(r"大学(?=及以上|以上|学历|毕业)|(?<=[:：])\s*大学(?!英语|四级|六级|专科|本科)")
SENTENCE = re.compile(r"[^;；。!！?？\n]+")
NEAR_DEMAND = 8  # characters around a demand, within its clause, that can make it no demand


def education_of(text: str) -> str | None:
    """Lowest degree the text accepts (大专及以上，本科优先 -> 大专); preferred degrees do not count."""
    text = PREFERRED_DEGREE.sub("", text)
    found = [DEGREE_ALIASES.get(m.group(), m.group()) for m in DEGREE.finditer(text)]
    found += ["本科"] * len(UNIVERSITY.findall(text))
    return min(found, key=DEGREES.index) if found else None


def experience_of(text: str) -> int | None:
    """Years of work experience the text demands: the first demand (8年以上…工作经验,3年以上营销主管
    经验 -> 8), the smallest of alternatives joined by 或 (5年以上工作经验或3年以上管理经验 -> 3, 3-5年 -> 3);
    a preferred or conditional one (…经验者优先, 如果您有一年的…经验) is no demand."""
    for sentence in SENTENCE.findall(text):
        demands = [m for m in EXPERIENCE.finditer(sentence) if not _not_demanded(sentence, m)]
        if not demands:
            continue
        years = [_years(demands[0])]
        for before, match in zip(demands, demands[1:]):
            if "或" not in sentence[before.end():match.start()]:
                break
            years.append(_years(match))
        return min((y for y in years if y is not None), default=None)
    return None


def _not_demanded(sentence: str, match: re.Match) -> bool:
    """如果您有一年的客服经验 / 1~3年相关工作经验者优先: the words around the demand in its clause."""
    start = max(sentence.rfind(",", 0, match.start()), sentence.rfind("，", 0, match.start())) + 1
    ends = [i for i in (sentence.find(",", match.end()), sentence.find("，", match.end())) if i >= 0]
    clause_end = min(ends) if ends else len(sentence)
    around = sentence[max(start, match.start() - NEAR_DEMAND): min(clause_end, match.end() + NEAR_DEMAND)]
    return bool(not_a_demand().search(around))


@lru_cache(maxsize=1)
def not_a_demand() -> re.Pattern:
    return re.compile("|".join(map(re.escape, load_lexicon()["field_rules"]["not_a_demand"])))


def _years(match: re.Match) -> int | None:
    raw = next(group for group in match.groups() if group)
    if raw.isdigit():
        return int(raw)
    if raw.startswith("十"):
        return 10 + CN_DIGITS.get(raw[1:], 0) if len(raw) > 1 else 10
    return CN_DIGITS.get(raw[0], 0) * (10 if raw.endswith("十") and len(raw) > 1 else 1) or None
