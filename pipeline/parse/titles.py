"""Recognise headings that name a position or department, and strip their wrapper words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER, TEXT_CACHE, TRAILING_SEPARATORS, VARIANT, VARIANT_SUFFIX, VARIANT_TAIL, lexicon

MAX_HEADING = 40
MAX_NAME = 20
DUTY_WRAPPER = re.compile(r"职责|职能|工作内容")
QUANTITY = re.compile(r"以上|以下|[一二三四五六七八九十两\d]+(?:年|个月|岁)")
NAME_CHARS = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9/、()（）&]+$")
PAREN_NOTE = re.compile(r"[(（【][^)）】]*[)）】]$")
REPEATED_WRAPPER = re.compile(r"(?:岗位|工作|职务|职位)?(?:职责)?说明书?(?:\d+篇)?|(?:岗位)?职责(?:\d+篇)?")
# 客户服务岗位职责: a wrapper naming a position makes the name a role even without a suffix.
WHOLLY_BRACKETED = re.compile(r"^[【\[(（〔《“]([^】\])）〕》”]{2,20})[】\])）〕》”]$")
TAG_PREFIX = re.compile(r"^[【\[][^】\]]{1,6}[】\]]\s*(?=\S)")
# 客服主管 8-12K / 4000-6000元/月 / 薪资面议: the pay a job board prints after the name.
SALARY_TAIL = re.compile(
    r"\s*\d+(?:\.\d+)?\s*[-~至]\s*\d+(?:\.\d+)?\s*(?:[KkWw千万]|元)(?:\s*[/每]\s*月)?(?:\s*[·.]\s*\d+\s*薪)?$"
    r"|\s*(?:薪资|工资)?面议$"
)
# 2023年最新客服专员… / 关于客服专员的…: a site's date, freshness and topic words before the name.
NAME_PREFIX = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年度?\s*)?(?:最新版?|精选|优秀|经典|完整版|详细版)\s*(?=\S)"
    r"|^(?:19|20)\d{2}\s*年度?\s*(?=\S)|^(?:19|20)\d{2}(?=[\u4e00-\u9fff])|^(?:关于|有关)(?=\S{2})"
)
# Customer Service Specialist 客服专员 / 客服专员 Customer Service: the English name beside the Chinese.
ENGLISH_NAME = re.compile(
    r"^[A-Za-z][A-Za-z .&/-]{2,40}?\s+(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s+[A-Za-z][A-Za-z .&/()-]{2,40}$"
)
# 会计岗位职责 2024-01-02: the date a list of related articles prints after each title.
DATE_TAIL = re.compile(r"\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?$")
# 岗位职责-客服专员: a wrapper and a separator before the name.
WRAPPER_DASH_PREFIX = re.compile(r"^(?:岗位职责|工作职责|岗位说明书?|职位描述|岗位描述)\s*[-—–_|｜]\s*(?=\S{2})")
# 客服专员岗位职责_文档之家 / …|某某网: the site's name after the title.
SITE_TAIL = re.compile(r"\s*[_|｜]\s*[^_|｜\s]{2,12}$")  # not " - 华东区", which may qualify the position
SENTENCE_ENDINGS = (";", "；", "。", ",", "，", "!", "！")
DEGREES = {"本科", "专科", "大专", "中专", "高中", "初中", "硕士", "博士", "学士"}  # end like 科/士, not titles
GENERIC_TAIL = re.compile(r"(?:职能)?[及与和](?:人员|员工|岗位)$")  # 客户服务部职能及人员 -> 客户服务部
GENERIC_NAMES = {"部门", "本部门", "各部门", "岗位", "本岗位", "职位", "部", "中心", "人员"}
ORG_CHART_OF = re.compile(r"^(.{2,12}?)(?:组织架构|组织机构|组织结构)(?:图)?(?:及|与|和|$)")
WEAK_WRAPPERS = re.compile(r"[的及与和]|工作")
COLLECTION = re.compile(r"(?<![第\d])(?:[2-9]|\d{2,}|[二三四五六七八九十]+)\s*篇|精选|合集|大全")
DASH_RUN = re.compile(r"[—\-－]{3,}")
# 某电子商务公司的 / 阿里巴巴集团: a named employer; 酒店前台接待 / 公司前台 keep the word (no name before it).
OWNER_PREFIX = re.compile(r"^.{1,14}?(?:公司|集团|平台|酒店|医院|银行)的?|^(?:公司|集团|企业)的|^.{1,14}的(?=.{2})")
POSITION_WRAPPER = re.compile(r"岗位(?:职责|说明)|职位说明|职务说明")
# 岗位说明书(品牌经理): the name is inside the brackets.
NAME_IN_BRACKETS = re.compile(r"^[^(（【]{2,12}[(（【]([^)）】]{2,20})[)）】]$")


@dataclass(frozen=True, slots=True)
class Heading:
    name: str
    kind: str | None  # role / department / None (not a name)
    wrapped: bool  # wrapper words were removed (…岗位职责, …说明书)
    duty_wrapper: bool  # the wrapper itself announces duties (…职责, …职能)
    excluded: bool  # names a work summary, a regulation …
    variant: bool  # starts a 篇N variant
    collection: bool = False  # 客服专员岗位说明书8篇 / (精选14篇) / 合集: a page title over variants


def strip_wrappers(text: str) -> tuple[str, str]:
    """(name, removed wrapper text) for a heading like 一、客服部经理岗位职责说明书(篇2):"""
    lex = lexicon()
    name = TRAILING_SEPARATORS.sub("", lex.incumbent.sub("", text.strip()))  # not a wrapper: the name stays bare
    removed = []
    bracketed = WHOLLY_BRACKETED.match(name)
    if bracketed:
        name = bracketed.group(1).strip()  # 【客服经理】
    inner = NAME_IN_BRACKETS.match(name)
    if inner and lex.wrapper_only.match(name[: inner.start(1) - 1]):
        return inner.group(1).strip(), name[: inner.start(1) - 1]
    prefix = lex.wrapper_prefix.match(name)
    if prefix and len(name) > prefix.end() + 1:
        removed.append(prefix.group())
        name = name[prefix.end():]
    while True:
        before = name
        name = VARIANT.sub("", ITEM_NUMBER.sub("", name, count=1), count=1).strip()
        name = NAME_PREFIX.sub("", TAG_PREFIX.sub("", name))  # 【急聘】客服专员 / 2023年最新客服专员
        name = ENGLISH_NAME.sub("", WRAPPER_DASH_PREFIX.sub("", name))
        tails = (DATE_TAIL, SITE_TAIL, SALARY_TAIL, VARIANT_SUFFIX, lex.wrapper_suffix, PAREN_NOTE, GENERIC_TAIL)
        for pattern in tails:
            match = pattern.search(name)
            if match and match.start() > 0:
                removed.append(match.group())
                name = TRAILING_SEPARATORS.sub("", name[: match.start()]).strip()
        if name == before:
            return _without_owner(_after_repeated_wrapper(name.lstrip("【").strip())), "".join(removed)


def _after_repeated_wrapper(name: str) -> str:
    """客服专员岗位说明书8篇客服专员 (headings glued together): keep the last name."""
    parts = REPEATED_WRAPPER.split(name)
    last = lexicon().joined_wrapper.sub("", parts[-1].strip(" 【】[]()（）"))  # …职责及任职资格企业品牌经理
    if len(parts) > 1 and last[:1].isdigit():
        return parts[0]  # 客服专员岗位说明书2售前客服: the part after the index is a sub-heading
    return last if len(parts) > 1 and len(last) >= 2 else name


def _without_owner(name: str) -> str:
    """某电子商务公司的客服专员 -> 客服专员: drop the employer named before the position."""
    name = DASH_RUN.split(name)[-1]  # 运营部————品牌/零售经理
    match = OWNER_PREFIX.match(name)
    if match and name_kind(name[match.end():]):
        return name[match.end():]
    return name


def reads_as_duty(text: str) -> bool:
    """负责…/统筹客服部…: a verb with an object after it. 审核员 or 规划师 (verb + suffix) are titles,
    带领团队 is not."""
    match = lexicon().not_name.match(text)
    return bool(match) and len(text) - match.end() >= 3 or bool(lexicon().never_name.match(text))


def name_kind(name: str) -> str | None:
    """'role' or 'department' when ``name`` reads as a position or unit name, else None."""
    if not 2 <= len(name) <= MAX_NAME or CLAUSE_PUNCT.search(name) or not NAME_CHARS.match(name):
        return None
    lex = lexicon()
    if not re.search(r"[\u4e00-\u9fff]", name) or name[0].isdigit() or reads_as_duty(name) or name in DEGREES:
        return None
    if QUANTITY.search(name):
        return None  # 一年以上客服 (经验): a requirement's amount, not a position
    if lex.role_name.search(name):
        return "role"
    if lex.department_name.search(name) and not name.endswith(("内部", "外部", "全部", "局部")):
        return "department"
    return None


def _plain_name(name: str) -> bool:
    return 2 <= len(name) <= 10 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", name))


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; units repeat across scraped pages
def heading(text: str) -> Heading | None:
    """A Heading when ``text`` is a heading line, else None."""
    text = text.strip()
    if not text or len(text) > MAX_HEADING or text.endswith(SENTENCE_ENDINGS):
        return None  # 精通…流程和规范; ends like a sentence, not like a heading
    body = ITEM_NUMBER.sub("", text, count=1)
    if reads_as_duty(body):
        return None
    variant = bool(VARIANT.match(body) or VARIANT_TAIL.search(body))
    name, removed = strip_wrappers(text)
    if not name or len(name) > MAX_NAME or CLAUSE_PUNCT.search(name) or reads_as_duty(name):
        return None
    if name in GENERIC_NAMES or lexicon().wrapper_only.match(name):
        return None  # 一、部门职能 / 二、具体岗位职责: a section of the block, not a new unit
    org = ORG_CHART_OF.match(name)
    if org:
        name = org.group(1)  # 客户服务中心组织架构及客服部门 -> 客户服务中心
    # 电商客服岗位职责及工作流程 still announces duties; 客服部管理制度 does not.
    excluded_word = bool(lexicon().excluded.search(name))
    wrapped = bool(WEAK_WRAPPERS.sub("", removed))  # 的 / 工作 alone do not make a heading
    # 客服部管理制度 / 篇二:…规范: not a JD; 1、制订服务标准、工作规范和工作 (a broken duty) is no heading
    excluded = excluded_word and (wrapped or variant) and "职责" not in text
    kind = name_kind(name)
    # 运营岗位职责 -> 运营: a plain word is a name, unless a wrapper stands before it (职责细化描述岗位职责)
    if (kind is None and POSITION_WRAPPER.search(removed) and _plain_name(name) and not excluded_word
            and not DUTY_WRAPPER.search(body[: max(body.find(name), 0)])):
        kind = "role"
    if kind is None and not excluded:
        return None
    return Heading(name, kind, wrapped, bool(DUTY_WRAPPER.search(removed)), excluded, variant,
                   bool(COLLECTION.search(removed)))
