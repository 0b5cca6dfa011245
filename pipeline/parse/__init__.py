"""Parse a Document into Records: clean lines, cut units, segment, fill fields."""
from __future__ import annotations

import logging
from functools import lru_cache

from ..ingest import Document
from .coverage import unused_duty_lines
from .fields import department_in_prose, education_of, experience_of
from .record import Record, record_ids
from .segment import Draft, Segmenter
from .units import ScriptCounts, Unit, document_units

log = logging.getLogger(__name__)


def parse_text(text: str, source: str = "<text>") -> list[Record]:
    """Records of one decoded document text."""
    units = text_units(text)
    scripts = ScriptCounts(text)
    records = [to_record(d, source, text, scripts.script(d.start, d.end)) for d in Segmenter(units, text).run()]
    records = drop_truncated_copies(records)
    for record, record_id in zip(records, record_ids(source, [(r.span[0], r.title) for r in records])):
        record.record_id = record_id
    return records


@lru_cache(maxsize=1)  # parse_text and coverage_of cut one document once (only the last is held)
def text_units(text: str) -> tuple[Unit, ...]:
    # Every line goes through OpenCC, not only on traditional pages: pages mix scripts (a
    # traditional heading over simplified text), and t2s leaves simplified text as it is.
    return tuple(document_units(text, traditional=True))


def coverage_of(doc: Document, records: list[Record]) -> list[str]:
    """The duty-like lines of ``doc`` that its records do not hold (pipeline.parse.coverage)."""
    return [] if doc.text is None else unused_duty_lines(text_units(doc.text), records)


def drop_truncated_copies(records: list[Record]) -> list[Record]:
    """Pages repeat themselves, a cut-off preview before the full text: a record whose duties
    begin another record of the same name on the page, and stop early, is such a preview.
    Equal records stay, as the annotators keep them: a 合集 may print one JD in two articles."""
    by_name: dict[tuple[str, str], list[list[str]]] = {}
    for record in records:
        by_name.setdefault((record.kind, record.title), []).append(record.duties)

    def is_preview(record: Record) -> bool:
        duties, n = record.duties, len(record.duties)
        return n > 0 and any(len(other) > n and other[:n] == duties for other in by_name[(record.kind, record.title)])

    return [record for record in records if not is_preview(record)]


def parse_document(doc: Document) -> list[Record]:
    if doc.text is None:
        return []
    return parse_text(doc.text, doc.source)


def to_record(draft: Draft, source: str, text: str, script: str) -> Record:
    """The Record of one draft; ``script`` is its block's own (pages mix scripts)."""
    draft.duties = list(dict.fromkeys(draft.duties))  # a passage the page repeats is listed once
    context = " ".join(draft.requirement_text + draft.summary)
    record = Record(
        record_id="",  # given by parse_text, which sees the file's other records
        source=source,
        span=[draft.start, draft.end],
        kind=draft.kind,
        title=draft.title,
        role=normalize_role(draft.title),
        department=draft.department or department_in_prose(draft.title, draft.summary + draft.duties[:3]),
        superior=draft.superior,
        subordinates=draft.subordinates,
        summary=" ".join(draft.summary) or None,
        duties=draft.duties,
        requirements=draft.requirements,
        education=education_of(context),
        experience_years=experience_of(context),
        kpis=draft.kpis,
        script=script,
        original_title=_original_title(text, draft) if script == "traditional" else None,
        warnings=quality_warnings(draft, script),
    )
    return record


LONG_DUTY = 200  # characters; longer items are usually several duties the page ran together


def quality_warnings(draft: Draft, script: str) -> list[str]:
    """Things an analyst should know before trusting a record (one short phrase each)."""
    warnings = []
    if script == "traditional":
        warnings.append("converted from traditional Chinese")
    if len(draft.duties) == 1:
        warnings.append("only one duty found")
    if any(len(d) > LONG_DUTY for d in draft.duties):
        warnings.append(f"a duty longer than {LONG_DUTY} characters (items may have run together)")
    if draft.header_after_duties:
        warnings.append("header table found after the duties (page layout scrambled)")
    return warnings


def _original_title(text: str, draft: Draft) -> str | None:
    return text[draft.start:draft.end].split("\n", 1)[0].strip()[:60] or None


def normalize_role(title: str) -> str:
    """Plain normalisation; ``pipeline.roles`` maps it onto canonical roles."""
    return title.replace(" ", "").strip("/、")


__all__ = ["parse_text", "parse_document", "coverage_of", "Record"]
