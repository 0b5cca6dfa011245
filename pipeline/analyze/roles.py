"""Job title -> canonical role: an alias table (data) plus a few rules for titles it has not seen.

Records keep their ``title``; only ``role`` is canonical. The bundled table is
``pipeline/resources/role_aliases.tsv``; ``[role_aliases]`` in ``jdpipe.toml`` adds entries and
wins over it.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from ..resources import resource_lines

ALIAS_RESOURCE = "role_aliases.tsv"

RANKS = "经理|主管|总监|专员|助理|领班|主任|课长|组长|文员|督导|管家"
EDGE_PUNCTUATION = " \t)(（）[]【】:：-—·.,，、;；\"'“”"
# 营运部总监职位代码, 客服专员岗位: words the scraped heading glued to the name.
TITLE_SUFFIX_NOISE = re.compile(r"(?:职位代码|岗位名称|岗位|职位|职务)$")
# 逸兴物业公司客户服务部主管, 某金融行业公司的客服专员: the employer is not part of the role.
COMPANY_PREFIX = re.compile(r"^.*?(?:有限公司|公司|集团)的?(?=..)")
# 客服经理/主管, 行政专员、客服专员, 客服部主管及物业管理员: a combined post is named by its first part.
ALTERNATIVES = re.compile(rf"[/／、]|(?<={RANKS})(?:及|和|兼)")
RANK_AT_END = re.compile(rf"(?:{RANKS})$")
# 客服部经理, 营运部总监, 客服中心主管: the unit word between function and rank adds nothing.
UNIT_BEFORE_RANK = re.compile(rf"(?<=..)(?:部门|部|中心)(?=(?:{RANKS})$)")
# 产品部门, 客服中心部门, 客服中心: departments are named "X部".
DEPARTMENT_SUFFIX = re.compile(r"(?<=.)(?:中心部门|部门|中心)$")


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


def _strip_noise(title: str) -> str:
    title = title.strip(EDGE_PUNCTUATION)
    return TITLE_SUFFIX_NOISE.sub("", title).strip(EDGE_PUNCTUATION) or title


def _drop_employer(title: str) -> str:
    title = COMPANY_PREFIX.sub("", title)
    # 公司在线网络交易平台的在线客服: a descriptive phrase ends with the post itself.
    head, _, tail = title.rpartition("的")
    return tail if head and len(tail) >= 2 else title


def _first_alternative(title: str) -> str:
    first = ALTERNATIVES.split(title, maxsplit=1)[0]
    if len(first) < 2 or first == title:
        return title
    # 品牌/零售经理: the rank written once at the end belongs to both names.
    rank = RANK_AT_END.search(title)
    return first + rank.group(0) if rank and not RANK_AT_END.search(first) else first


def apply_rules(title: str, kind: str = "role") -> str:
    """The generic rules alone, in order; ``canonical_role`` adds the alias table around them."""
    title = _first_alternative(_drop_employer(_strip_noise(title)))
    title = title.replace("客户服务", "客服")
    if kind == "department":
        return DEPARTMENT_SUFFIX.sub("部", title)
    return UNIT_BEFORE_RANK.sub("", title)


def canonical_role(title: str | None, kind: str = "role", aliases: Mapping[str, str] | None = None) -> str:
    """The role a title names: alias table first, then the rules, then the table again."""
    aliases = bundled_aliases() if aliases is None else aliases
    raw = (title or "").strip()
    if not raw:
        return raw
    for candidate in (raw, _strip_noise(raw)):
        if candidate in aliases:
            return aliases[candidate]
    ruled = apply_rules(raw, kind)
    return aliases.get(ruled, ruled) or raw


def canonicalise_records(records: list[dict], user_aliases: Mapping[str, str] | None = None) -> list[dict]:
    """Set each record's ``role`` to its canonical role (in place; ``title`` is left as written)."""
    aliases = alias_table(user_aliases)
    for record in records:
        record["role"] = canonical_role(record.get("title") or record.get("role"), record.get("kind", "role"), aliases)
    return records


def suggest_roles(name: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """Closest known role names for a name that is not one: spelling first, then shared text."""
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=limit, cutoff=0.4)
    containing = [k for k in known if (name in k or k in name) and k not in close]
    return (close + containing)[:limit]
