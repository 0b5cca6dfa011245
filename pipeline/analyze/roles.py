"""Job title -> canonical role, seniority level and role family: an alias table (data) plus rules
for titles it has not seen.

Records keep their ``title``; ``role``, ``level`` and ``family`` are derived. The bundled table
is ``pipeline/resources/role_aliases.tsv``; ``[role_aliases]`` in ``jdpipe.toml`` adds entries
and wins over it. The words the rules use are data too (``pipeline.analyze.role_words``), and a
posting's title goes through the parser's own title rules (``pipeline.parse.posting_titles``).
Every alias and rule that changes a name is recorded in ``RoleName.steps``, so ``jdpipe roles``
and ``jdpipe compare`` can say what they applied.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from ..clean.steps import to_simplified
from ..parse.posting_titles import posting_name
from ..parse.titles import name_kind
from ..resources import resource_lines
from .role_words import family_of, family_words, fold_words, is_rank_only, role_words, split_level

ALIAS_RESOURCE = "role_aliases.tsv"

EDGE_PUNCTUATION = " \t)(（）[]【】:：-—·.,，、;；\"'“”"
# 营运部总监职位代码, 客服专员岗位: words the scraped heading glued to the name.
TITLE_SUFFIX_NOISE = re.compile(r"(?:职位代码|岗位名称|岗位|职位|职务)$")
# 逸兴物业公司客户服务部主管, 某金融行业公司的客服专员: the employer is not part of the role.
COMPANY_PREFIX = re.compile(r"^.*?(?:有限公司|公司|集团)的?(?=..)")
# 产品部门, 客服中心部门, 客服中心: departments are named "X部".
DEPARTMENT_SUFFIX = re.compile(r"(?<=.)(?:中心部门|部门|中心)$")
# 客服部 / 销售事业部 -> 客服 / 销售: the part of a department's name a rank joins (办公室 stays).
DEPARTMENT_STEM = re.compile(r"(?<=..)(?:事业部|部)$")
SHARED_RANK_HEAD = re.compile(r"[\u4e00-\u9fff]{2,4}")  # 品牌/零售经理: a short head before "/"
CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_DUTY_MENTIONS = 2  # 客服部 named twice in a rank-only record's duties names its department


@dataclass(frozen=True, slots=True)
class RoleName:
    role: str
    level: str | None = None  # 高级 / 资深 / 初级 / 中级 / 实习
    family: str | None = None
    steps: tuple[str, ...] = ()  # the aliases and rules that changed the name, in order
    rank_only: bool = False  # 经理 / 专员: the name is a rank alone (its department may name it)


@lru_cache(maxsize=1)
def bundled_aliases() -> dict[str, str]:
    table = {}
    for line in resource_lines(ALIAS_RESOURCE):
        alias, canonical = (part.strip() for part in line.split("\t")[:2])
        table[alias] = canonical
    return table


def alias_table(user_aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """Bundled aliases updated by the user's (theirs win)."""
    return {**bundled_aliases(), **(user_aliases or {})}


@lru_cache(maxsize=1)
def _rank_patterns() -> tuple[re.Pattern, re.Pattern]:
    ranks = role_words().ranks
    # 客服经理/主管, 采购员 采购助理, 客服部主管及物业管理员: a combined post is named by one part.
    alternatives = re.compile(rf"\s*[/／、丨｜|+＋]\s*|\s+|(?<={ranks})(?:及|和|兼)")
    # 客服部经理, 营运部总监, 客服中心主管: the unit word between function and rank adds nothing.
    unit_before_rank = re.compile(rf"(?<=..)(?:部门|部|中心)(?=(?:{ranks})$)")
    return alternatives, unit_before_rank


def _strip_noise(title: str) -> str:
    title = title.strip(EDGE_PUNCTUATION)
    return TITLE_SUFFIX_NOISE.sub("", title).strip(EDGE_PUNCTUATION) or title


def _drop_employer(title: str) -> str:
    title = COMPANY_PREFIX.sub("", title)
    # 公司在线网络交易平台的在线客服: a descriptive phrase ends with the post itself.
    head, _, tail = title.rpartition("的")
    return tail if head and len(tail) >= 2 else title


def _one_alternative(title: str) -> str:
    """客服经理/主管 -> 客服经理; 品牌/零售经理 -> 品牌经理 (a head as long as the next part's
    before its rank shares that rank); 助理/行政助理 -> 行政助理 and 德企500强 知名汽车客服专员 ->
    知名汽车客服专员 (the first part that names a post, not a rank alone)."""
    if not CJK.search(title):
        return title  # Regulatory Affair Expert: English words are one name
    parts = [part for part in _rank_patterns()[0].split(title) if part]
    if len(parts) < 2:
        return title
    first, second = parts[0], parts[1]
    rank = role_words().rank_at_end.search(second)
    if (rank and title[len(first):].lstrip()[:1] in "/／、" and SHARED_RANK_HEAD.fullmatch(first)
            and len(first) == rank.start() and not role_words().rank_at_end.search(first) and not name_kind(first)):
        return first + rank.group(0)
    posts = [part for part in parts if len(part) >= 2 and not is_rank_only(part)]
    named = [part for part in posts if name_kind(part)] or [part for part in posts if family_of(part)]
    return (named or posts or [first])[0]


def _drop_unit(title: str) -> str:
    return _rank_patterns()[1].sub("", title)


def _department_name(title: str) -> str:
    return DEPARTMENT_SUFFIX.sub("部", title)


RULES = (("heading words dropped", _strip_noise), ("one of combined posts", _one_alternative),
         ("employer dropped", _drop_employer), ("words folded", fold_words))
LAST_RULE = {"role": ("unit word dropped", _drop_unit), "department": ("named X部", _department_name)}


def _ruled(title: str, kind: str, steps: list[str]) -> str:
    for label, rule in (*RULES, LAST_RULE.get(kind, LAST_RULE["role"])):
        title = _changed(steps, label, rule(title), title)
    return title


def apply_rules(title: str, kind: str = "role") -> str:
    """The generic rules alone, in order; ``resolve_title`` adds the alias table around them."""
    return _ruled(title, kind, [])


def _changed(steps: list[str], label: str, new: str, old: str) -> str:
    if new != old:
        steps.append(label)
    return new


def _alias(name: str, aliases: Mapping[str, str], steps: list[str]) -> str:
    role = aliases.get(name, name)
    if role != name:
        steps.append(f"alias {name} -> {role}")
    return role


def resolve_title(title: str | None, kind: str = "role", aliases: Mapping[str, str] | None = None) -> RoleName:
    """The role a title names, from the title alone: folded to simplified script, the alias
    table, the posting title rules, the level word taken out, the rules, the table again. A
    rank alone comes back ``rank_only`` and unaliased: ``resolve_record`` gives it a department."""
    aliases = bundled_aliases() if aliases is None else aliases
    raw, steps = (title or "").strip(), []
    if not raw:
        return RoleName(raw)
    name = _changed(steps, "traditional folded", to_simplified(raw), raw)
    for candidate in (name, _strip_noise(name)):
        if candidate in aliases and not is_rank_only(candidate):
            role = _alias(candidate, aliases, steps)
            return RoleName(role, None, family_of(role), tuple(steps))
    posting = posting_name(name) if kind == "role" else name
    name = _changed(steps, "posting noise removed", posting, name) if len(posting) >= 2 else name
    name, level = split_level(name)
    if level:
        steps.append(f"level {level}")
    name = _ruled(name, kind, steps) or name
    if kind == "role" and is_rank_only(name):
        return RoleName(name, level, family_of(name), tuple(steps), rank_only=True)
    role = _alias(name, aliases, steps)
    return RoleName(role, level, family_of(role), tuple(steps))


def resolve_record(title: str | None, kind: str = "role", department: str | None = None,
                   texts: Iterable[str] = (), aliases: Mapping[str, str] | None = None,
                   resolved: RoleName | None = None) -> RoleName:
    """``resolve_title``, and for a rank alone its department's name before it (客服部 + 经理 ->
    客服经理), else the department its duties (``texts``) name most (…客服部… -> 客服主管), else
    the alias table's word for the rank (文员 -> 行政文员). ``resolved``: ``resolve_title``'s
    answer when the caller has it (memoised)."""
    aliases = bundled_aliases() if aliases is None else aliases
    found = resolved or resolve_title(title, kind, aliases)
    if not found.rank_only:
        return found
    stem, how = _department_stem(department), department
    if not stem:
        stem = _department_in(texts)
        how = f"{stem}部 named in duties" if stem else None
    rank = role_words().rank_at_end.search(found.role).group(0)
    if not stem:
        steps = list(found.steps)
        role = _alias(found.role if found.role in aliases else rank, aliases, steps)
        role = found.role if role == rank else role
        return replace(found, role=role, family=family_of(role), steps=tuple(steps), rank_only=role == found.role)
    combined = resolve_title(stem + rank, kind, aliases)
    steps = (*found.steps, f"department + rank ({how} + {rank})", *combined.steps)
    return replace(combined, level=found.level, steps=steps)


def _department_stem(department: str | None) -> str | None:
    """客户服务部 -> 客服; 物业服务部 -> 物业服务; 办公室 -> 办公室; 部门 -> None."""
    if not department or not department.strip():
        return None
    name = _ruled(to_simplified(department.strip()), "department", [])
    stem = DEPARTMENT_STEM.sub("", name)
    return stem if len(stem) >= 2 and not is_rank_only(stem) and name_kind(name) else None


@lru_cache(maxsize=1)
def _named_department() -> re.Pattern:
    return re.compile(rf"({family_words().strong.pattern})(?:部门|部|中心)")


def _department_in(texts: Iterable[str]) -> str | None:
    """The function whose department the texts name most (at least twice): 维持客服部正常的工作秩序 …"""
    counts = Counter(match.group(1) for text in texts if text for match in _named_department().finditer(text))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_DUTY_MENTIONS or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


class RoleNamer:
    """``resolve_record`` for many records, each title resolved once (titles repeat a lot: a
    board's export names a few thousand roles in tens of thousands of postings); a rank alone
    still takes its department from its own record. The memo is bounded: dropped when full."""

    MEMO_MAX = 100_000

    def __init__(self, aliases: Mapping[str, str]):
        self.aliases = aliases
        self.memo: dict[tuple[str, str], RoleName] = {}

    def __call__(self, title: str | None, kind: str, department: str | None, texts: Callable[[], Iterable[str]]
                 ) -> RoleName:
        """``texts``: called only for a rank alone (where its department may be named)."""
        key = (title, kind)
        found = self.memo.get(key)
        if found is None:
            if len(self.memo) >= self.MEMO_MAX:
                self.memo.clear()
            found = self.memo[key] = resolve_title(title, kind, self.aliases)
        if found.rank_only:
            found = resolve_record(title, kind, department, texts(), self.aliases, found)
        return found


def canonical_role(title: str | None, kind: str = "role", aliases: Mapping[str, str] | None = None) -> str:
    """The role a title names (``resolve_record`` without a department)."""
    return resolve_record(title, kind, aliases=aliases).role


def canonicalise_records(records: list[dict], user_aliases: Mapping[str, str] | None = None) -> list[dict]:
    """Set each record's ``role``, ``level`` and ``family`` (in place; ``title`` is left as written)."""
    name = RoleNamer(alias_table(user_aliases))
    for record in records:
        found = name(record.get("title") or record.get("role"), record.get("kind", "role"),
                     record.get("department"), lambda: record_texts(record))
        record.update(role=found.role, level=found.level, family=found.family)
    return records


def record_texts(record) -> list[str]:
    """Where a rank-only record may name its department: its summary and duties."""
    get = record.get if isinstance(record, Mapping) else lambda name: getattr(record, name, None)
    summary, duties = get("summary"), get("duties")
    texts = [summary] if isinstance(summary, str) else []
    return texts + ([duty for duty in duties if isinstance(duty, str)] if duties is not None else [])


def suggest_roles(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Closest known role names for a name that is not one: spelling first, then shared text."""
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=limit, cutoff=0.4)
    containing = [k for k in known if (name in k or k in name) and k not in close]
    return (close + containing)[:limit]
