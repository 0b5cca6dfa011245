"""The summary printed at the end of ``jdpipe run``: what came in, what came out, where the time went."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .coverage_notes import coverage_line


@dataclass
class RunSummary:
    input: str
    output: str
    files: dict[str, int] = field(default_factory=dict)  # status -> files
    records: int = 0
    duties: int = 0
    distinct_duties: int = 0
    roles: int = 0
    compared_roles: int = 0
    themes: int = 0
    silhouette: float = 0.0
    records_with_warnings: int = 0
    warnings: int = 0
    problem_files: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    duplicates: str = ""  # what pipeline.dedupe found (filled by the streamed run)
    cache: str = ""  # files taken from the cache / parsed
    coverage: str = ""  # documents with duty-like lines in no record, the worst named
    report: Path | None = None

    @classmethod
    def of(cls, input: str, output: str, manifest: list[dict], records: list[dict], analysis=None,
           report=None, seconds: dict[str, float] | None = None) -> RunSummary:
        """From the parse manifest and records, the analysis summary and the report result."""
        summary = cls(input=str(input), output=str(output), seconds=dict(seconds or {}))
        for row in manifest:
            summary.files[row["status"]] = summary.files.get(row["status"], 0) + 1
        summary.problem_files = sum(row["status"] != "parsed" or bool(row.get("reason")) for row in manifest)
        summary.coverage = coverage_line(manifest)
        summary.records = len(records)
        summary.duties = sum(len(r.get("duties") or []) for r in records)
        summary.records_with_warnings = sum(bool(r.get("warnings")) for r in records)
        summary.warnings = sum(len(r.get("warnings") or []) for r in records)
        summary.roles = len({r.get("role") for r in records})
        if analysis is not None:
            summary.distinct_duties, summary.compared_roles = analysis.unique_duties, analysis.compared_roles
            summary.themes, summary.silhouette = analysis.themes, analysis.silhouette
        if report is not None:
            summary.report = report.path
        return summary

    def format(self) -> str:
        """A few lines (8 on a clean run with a report): related counts share a line, so the
        summary stays short enough to read at a glance under the run's other output."""
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(self.files.items())) or "none"
        times = ", ".join(f"{stage} {s:.1f}s" for stage, s in self.seconds.items())
        total = sum(self.seconds.values())
        cache = f"; cache: {self.cache}" if self.cache else ""
        lines = [
            f"jdpipe run: {self.input} -> {self.output}",
            f"  documents  {sum(self.files.values())} files ({statuses}), {self.problem_files} with problems{cache}",
            f"  records    {self.records} with {self.duties} duties ({self.distinct_duties} distinct); "
            f"{self.warnings} warnings on {self.records_with_warnings} records",
            f"  roles      {self.roles} ({self.compared_roles} compared); "
            f"{self.themes} duty themes (silhouette {self.silhouette:.3f})",
            f"  coverage   {self.coverage}",
            f"  time       {times}; total {total:.1f}s",
        ]
        if self.duplicates:
            lines.insert(-2, f"  duplicates {self.duplicates}")
        if self.report is not None:
            lines.append(f"  report     {self.report}")
        return "\n".join(lines)
