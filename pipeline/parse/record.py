"""The Record type: field order is the output schema of records.jsonl."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class Record:
    record_id: str
    source: str
    span: list[int]  # [start, end) character offsets in the decoded document text
    kind: str  # role / department
    title: str
    role: str
    level: str | None = None  # seniority word taken out of the role (高级, 资深, 初级, 实习); set by the analysis
    family: str | None = None  # role family (客服, 运营, 财务 …); set by the analysis
    department: str | None = None
    superior: str | None = None
    subordinates: list[str] = field(default_factory=list)
    summary: str | None = None
    duties: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    education: str | None = None
    experience_years: int | None = None
    kpis: list[str] = field(default_factory=list)
    script: str = "simplified"
    original_title: str | None = None  # the title as written, before OpenCC
    warnings: list[str] = field(default_factory=list)
    duplicate_of: str | None = None  # record_id of the first occurrence; set after parsing (pipeline.dedupe)
    meta: dict | None = None  # a posting's other columns in its export (company, city, salary …); set by the run

    def to_dict(self) -> dict:
        return asdict(self)


def make_record_id(source: str, start: int, title: str) -> str:
    """Stable across runs: the same file, block start and title give the same id."""
    digest = hashlib.sha1(f"{source}\x00{start}\x00{title}".encode("utf-8")).hexdigest()
    return digest[:16]


def record_ids(source: str, blocks: list[tuple[int, str]]) -> list[str]:
    """The ids of a file's records, in order, from each block's (start, title): two blocks may
    start on one line with one title, so a repeated id gets ``#n`` in its title part. The one
    rule for ids, used by the parser and by the cache when it reuses a file's records under
    another name."""
    seen: dict[str, int] = {}
    ids = []
    for start, title in blocks:
        base = make_record_id(source, start, title)
        n = seen.get(base, 0)
        seen[base] = n + 1
        ids.append(make_record_id(source, start, f"{title}#{n}") if n else base)
    return ids
