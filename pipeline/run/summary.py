"""What a run counted and the summary it prints: what came in, what came out, where the time went.

``CorpusStats`` is counted while records stream past; ``ParseResult`` is the parse stage's
outcome (manifest, counts, exit code); ``RunSummary`` is the end-of-run text of ``jdpipe run``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..coverage_notes import coverage_line
from ..dedupe import DuplicateCounts
from .per_file import PostingTask


@dataclass
class CorpusStats:
    """Counted while records stream past, for the summaries."""

    records: int = 0
    duties: int = 0
    records_with_warnings: int = 0
    warnings: int = 0
    roles: set = field(default_factory=set)
    duplicates: DuplicateCounts = field(default_factory=DuplicateCounts)
    cached_files: int = 0
    copied_files: int = 0  # same bytes as an earlier file of the run: its outcome reused
    parsed_files: int = 0
    cached_rows: int = 0  # postings (rows of exports) from the cache / parsed / repeating an earlier one
    parsed_rows: int = 0
    copied_rows: int = 0
    rows: int = 0  # postings read from exports
    row_problems: int = 0  # of them, listed in row_problems.csv
    outside_where: int = 0  # records left out by the ``where`` setting
    unchanged: bool = False  # nothing changed since the last run: no output was rewritten

    def count(self, task, how: str) -> None:
        """Where one task's outcome came from: ``cached``, ``copied`` (an earlier file's), ``parsed``,
        or ``made`` (an export's end, its rows that give no posting: nothing to count)."""
        if how == "made":
            return
        if isinstance(task, PostingTask):
            self.parsed_rows += how == "parsed"
            self.cached_rows += how == "cached"
            self.copied_rows += how == "copied"
        elif how == "cached":
            self.cached_files += 1
        elif how == "copied":
            self.copied_files += 1
        else:
            self.parsed_files += 1

    def add(self, record) -> None:
        self.records += 1
        self.duties += len(record.duties)
        self.warnings += len(record.warnings)
        self.records_with_warnings += bool(record.warnings)
        self.roles.add(record.role)

    def postings_line(self) -> str:
        """'; 1,603 postings (23 in row_problems.csv)' when exports were read, else ''."""
        if not self.rows:
            return ""
        return f"; {self.rows:,} postings ({self.row_problems:,} in row_problems.csv)"

    def cache_line(self) -> str:
        parts = []
        if self.cached_files or self.parsed_files or self.copied_files or not (self.cached_rows or self.parsed_rows or self.copied_rows):
            part = f"{self.cached_files} files from the cache, {self.parsed_files} parsed"
            if self.copied_files:
                part += f", {self.copied_files} byte-identical copies of a parsed file reused"
            parts.append(part)
        if self.cached_rows or self.parsed_rows or self.copied_rows:
            part = f"{self.cached_rows} postings from the cache, {self.parsed_rows} parsed"
            if self.copied_rows:
                part += f", {self.copied_rows} repeating an earlier posting's text"
            parts.append(part)
        line = "; ".join(parts)
        return line + ("; nothing changed since the last run, outputs left as they were" if self.unchanged else "")


@dataclass
class ParseResult:
    records: list[dict] = field(default_factory=list)  # only when asked for (keep_records)
    manifest: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    stats: CorpusStats = field(default_factory=CorpusStats)
    changed_while_read: list[str] = field(default_factory=list)  # sources rewritten during the run

    def failures(self) -> int:
        return sum(row["status"] == "error" for row in self.manifest)

    def exit_code(self) -> int:
        """1 when a file failed (its row says why; the rest is written). ``--strict`` is handled
        earlier: a strict run with a failure stops before writing (StrictFailure)."""
        return 1 if self.failures() else 0

    def summary_line(self) -> str:
        by_status: dict[str, int] = {}
        for row in self.manifest:
            by_status[row["status"]] = by_status.get(row["status"], 0) + 1
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        return (f"jdpipe: {len(self.manifest)} files ({statuses}){self.stats.postings_line()}, "
                f"{self.stats.records} records{outside_where_note(self.stats.outside_where)}, "
                f"{self.stats.duties} duties in {self.seconds:.1f}s; duplicates: {self.stats.duplicates.line()}\n"
                f"coverage: {coverage_line(self.manifest)}")


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
    postings: str = ""  # rows of job-board exports read, and those with problems
    outside_where: int = 0  # records the ``where`` setting left out
    report: Path | None = None

    @classmethod
    def of(cls, input: str, output: str, result: ParseResult, analysis=None, report=None,
           seconds: dict[str, float] | None = None) -> RunSummary:
        """From the parse stage's result, the analysis summary and the report result."""
        stats, manifest = result.stats, result.manifest
        summary = cls(input=str(input), output=str(output), seconds=dict(seconds or {}))
        for row in manifest:
            summary.files[row["status"]] = summary.files.get(row["status"], 0) + 1
        summary.problem_files = sum(row["status"] != "parsed" or bool(row.get("reason")) for row in manifest)
        summary.coverage = coverage_line(manifest)
        summary.records, summary.duties, summary.roles = stats.records, stats.duties, len(stats.roles)
        summary.records_with_warnings, summary.warnings = stats.records_with_warnings, stats.warnings
        summary.duplicates, summary.cache = stats.duplicates.line(), stats.cache_line()
        summary.postings, summary.outside_where = stats.postings_line(), stats.outside_where
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
            f"  documents  {sum(self.files.values())} files ({statuses}), {self.problem_files} with problems"
            f"{self.postings}{cache}",
            f"  records    {self.records} with {self.duties} duties ({self.distinct_duties} distinct); "
            f"{self.warnings} warnings on {self.records_with_warnings} records{outside_where_note(self.outside_where)}",
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


def outside_where_note(count: int) -> str:
    return f" ({count:,} more left out by the where setting)" if count else ""
