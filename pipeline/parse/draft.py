"""A record being built by the segmenter, and what moves between drafts."""
from __future__ import annotations

from dataclasses import dataclass, field

from .sections import duties_under_demand_headers


@dataclass(slots=True)
class Draft:
    """A record being built; becomes a Record when it has duties."""
    title: str
    kind: str
    start: int
    end: int
    title_from_field: bool = False
    titled_by_first_line: bool = False  # named by the document's first line, as a posting is
    department: str | None = None
    superior: str | None = None
    subordinates: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    requirement_text: list[str] = field(default_factory=list)  # every unit read as requirements, headers too
    requirement_sections: list[int] = field(default_factory=list)  # where each requirements header's items start
    kpis: list[str] = field(default_factory=list)
    units: int = 0
    latin_units: int = 0  # units written mostly in English: slide decks, not job descriptions
    header_after_duties: bool = False  # fields came from a table printed below the duty list
    open_item: bool = False  # the last duty was numbered: unnumbered lines below continue it
    item_end: str = ""  # how the last duty's line ended: "。" (。/；/!), "," or "、" (a clause goes on), ""
    requirement_end: str | None = None  # as item_end, for the last requirement when it was numbered


HEADER_FIELDS = ("department", "superior", "subordinates")


def names_same_position(draft: Draft, name: str) -> bool:
    """A heading that repeats the open record's name (shorter, with 门 added, or described: 一个连锁
    分店的店长 under 店长) adds nothing."""
    if draft.title_from_field:
        return name in draft.title
    if name.endswith("的" + draft.title):
        return True
    return name != draft.title and name.startswith(draft.title) and len(name) - len(draft.title) <= 1


def header_table_after_duties(previous: Draft, draft: Draft) -> bool:
    """Scrapes of tables can put a position's header table after its duty list."""
    has_fields = any(getattr(draft, f) for f in HEADER_FIELDS)
    previous_empty = not any(getattr(previous, f) for f in HEADER_FIELDS)
    return has_fields and previous_empty and previous.title == draft.title


def copy_header_fields(source: Draft, target: Draft, with_requirements: bool = True) -> None:
    for name in HEADER_FIELDS:
        setattr(target, name, getattr(source, name))
    if with_requirements:
        target.requirements.extend(source.requirements)
        target.requirement_text.extend(source.requirement_text)
        target.header_after_duties = True
    target.end = max(target.end, source.end)


def take_duties_from_demands(draft: Draft) -> None:
    """A posting with no duty list that put its duties under a requirements header: they are its duties."""
    taken = set(duties_under_demand_headers(draft.requirements, draft.requirement_sections))
    draft.duties = [item for i, item in enumerate(draft.requirements) if i in taken]
    draft.requirements = [item for i, item in enumerate(draft.requirements) if i not in taken]
