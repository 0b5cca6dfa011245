"""The words of role names, read from data: ranks, seniority levels and word folds
(``resources/roles.toml``) and role families (``resources/role_families.tsv``)."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..resources import read_resource, resource_lines

WORDS_RESOURCE = "roles.toml"
FAMILY_RESOURCE = "role_families.tsv"


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class RoleWords:
    ranks: str  # the ranks as one alternation, longest first
    rank_at_end: re.Pattern
    rank_only: re.Pattern  # 经理 / 部门主管 / 本部门专员: a name that is only a rank
    levels: dict[str, str]  # seniority word (lower case) -> level
    level_word: re.Pattern
    folds: dict[str, str]
    fold_word: re.Pattern | None


@lru_cache(maxsize=1)
def role_words() -> RoleWords:
    data = tomllib.loads(read_resource(WORDS_RESOURCE))
    ranks = alternation(data["ranks"])
    levels = {word.lower(): level for word, level in data["levels"].items()}
    folds = data.get("word_folds", {})
    return RoleWords(
        ranks=ranks,
        rank_at_end=re.compile(rf"(?:{ranks})$"),
        rank_only=re.compile(rf"^(?:本?部门|本岗位)?(?:{ranks})$"),
        levels=levels,
        level_word=re.compile(alternation(data["levels"]), re.IGNORECASE),
        folds=folds,
        fold_word=re.compile(alternation(folds)) if folds else None,
    )


def is_rank_only(name: str) -> bool:
    return bool(role_words().rank_only.match(name))


def split_level(name: str) -> tuple[str, str | None]:
    """高级运营专员 -> (运营专员, 高级); 客服实习生 -> (客服, 实习). A name that is only the
    seniority word keeps it (实习生 -> 实习生, 实习)."""
    words = role_words()
    match = words.level_word.search(name)
    if match is None:
        return name, None
    level = words.levels[match.group(0).lower()]
    rest = (name[:match.start()] + name[match.end():]).strip(" -·")
    return (rest if len(rest) >= 2 else name), level


def fold_words(name: str) -> str:
    """客户服务经理 -> 客服经理: one word written two ways, written one way."""
    words = role_words()
    return words.fold_word.sub(lambda m: words.folds[m.group(0)], name) if words.fold_word else name


@dataclass(frozen=True, slots=True)
class FamilyWords:
    any_word: re.Pattern  # every family word at each position, longest first (a lookahead: overlapping)
    family: dict[str, str]
    weak: frozenset[str]
    strong: re.Pattern  # the strong words alone: department names in duties (客服部)


@lru_cache(maxsize=1)
def family_words() -> FamilyWords:
    family, weak = {}, set()
    for line in resource_lines(FAMILY_RESOURCE):
        word, name, *flags = (part.strip() for part in line.split("\t"))
        family[word] = name
        if "weak" in flags:
            weak.add(word)
    return FamilyWords(re.compile(rf"(?=({alternation(family)}))"), family, frozenset(weak),
                       re.compile(alternation(w for w in family if w not in weak)))


@lru_cache(maxsize=65_536)  # pure in its role name; roles repeat
def family_of(role: str | None) -> str | None:
    """The family of a role: its family word nearest the end (电商运营专员 -> 运营), the longer on
    a tie; a word inside a longer one does not count (电子商务 is not 商务); weak words only when
    no other is there (客服文员 -> 客服, 前台文员 -> 行政). None when no word is in the name."""
    words = family_words()
    found = [(m.start(), m.start() + len(m.group(1)), m.group(1)) for m in words.any_word.finditer(role or "")]
    whole = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and o != f for o in found)]
    strong = [f for f in whole if f[2] not in words.weak] or whole
    if not strong:
        return None
    return words.family[max(strong, key=lambda f: (f[1], f[1] - f[0]))[2]]


def families() -> list[str]:
    return sorted(set(family_words().family.values()))
