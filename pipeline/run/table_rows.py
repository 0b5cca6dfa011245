"""A job-board export through the run: its rows become postings, parsed like files.

The main process reads the export a row at a time (``ingest.tables``) and hands each good
row to the engine as a ``PostingTask``; a row that cannot be a posting (a malformed JSON
line, a row with the wrong number of fields, an empty description) comes with its outcome
already made, and the file's last item is its ``TableEnd``. ``TableTally`` adds up a file's
postings in the sink: one manifest row per file, one ``row_problems.csv`` row per posting
that gave no record or left duty-like lines out.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from ..coverage_notes import REASON, too_many_unused, unused_lines
from ..errors import UserError
from ..ingest import Rejection
from ..ingest.tables import TableError, choose_columns, column_list, posting, read_rows, row_label, sample_rows
from .per_file import FileOutcome, FileTask, PostingTask, manifest_row, pack

NO_RECORD = "no record: no duty part found in the description"


@dataclass(frozen=True, slots=True)
class TableEnd:
    """The last item of an export's rows: the file's own status (a file that stops being
    readable halfway is an ``error`` with the rows before kept)."""

    path: str
    source: str
    per_submit: ClassVar[int] = 1


def table_columns(task: FileTask, settings) -> FileTask:
    """``task`` with the columns of its export chosen from its first rows, or with the problem
    that stops it being read; UserError when no description column can be found (or a column
    the settings name is missing), before anything is written."""
    whole = Path(task.path).suffix.lower() == ".json"  # read whole: the size limit applies; other exports stream
    size = file_size(task.path)
    if whole and task.max_bytes is not None and size > task.max_bytes:
        return replace(task, problem=Rejection("skipped", f"JSON file is {size / 1e6:.1f} MB, over the max_file_mb "
                                                          f"limit of {task.max_bytes / 1e6:g} MB (JSON lines stream "
                                                          f"at any size: save it as .jsonl)"))
    task = replace(task, max_bytes=task.max_bytes if whole else None)
    try:
        sample = sample_rows(task.path)
    except TableError as exc:
        return replace(task, problem=Rejection("error", str(exc)))
    names = column_list(sample)
    if not sample:
        return replace(task, problem=Rejection("empty", "export holds no rows"))
    if not names:
        return replace(task, problem=Rejection("error", f"no readable row among the first {len(sample)}: "
                                                        f"{sample[0].problem}"))
    columns = choose_columns(names, [row.values for row in sample if row.values],
                             settings.text_column, settings.title_column, settings.id_column)
    if isinstance(columns, str):
        raise UserError(f"{task.source}: {columns}.")
    return replace(task, columns=columns)


def table_items(task: FileTask) -> Iterator[tuple[object, bytes | None]]:
    """(PostingTask, None) for each row to parse, (PostingTask, packed outcome) for a row that
    gives no posting, then (TableEnd, packed outcome of the file's own row)."""
    status, reason, seen = "parsed", "", set()
    try:
        for row in read_rows(task.path):
            label = row_label(row)
            found = posting(row.values, task.columns) if row.values is not None else row.problem
            if isinstance(found, str):
                source = f"{task.source}#{label}"
                yield PostingTask(source, "", meta=None, file=task.source, row=label), pack(problem_outcome(source, found))
                continue
            key = found.id or label
            if key in seen:  # an id the file repeats: the row number keeps the source unique
                key = f"{key}#{label}"
            seen.add(key)
            yield PostingTask(f"{task.source}#{key}", found.text, task.max_seconds, found.meta, task.source,
                              label), None
    except TableError as exc:
        status, reason = "error", str(exc)
    end = manifest_row(task.source, status, reason, Path(task.path).suffix[1:].lower(), file_size(task.path))
    yield TableEnd(task.path, task.source), pack(FileOutcome(end))


def problem_outcome(source: str, reason: str) -> FileOutcome:
    return FileOutcome(manifest_row(source, "skipped", reason))


def file_size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0


@dataclass
class TableTally:
    """One export's postings added up, as they stream past the sink."""

    rows: int = 0
    rows_parsed: int = 0  # rows that gave at least one record
    problems: int = 0  # rows in row_problems.csv
    records: int = 0
    duties: int = 0
    unused: int = 0

    def add(self, row: dict, warn_lines: int, warn_share: float) -> str:
        """Count one posting's outcome row; return its problem ('' for none)."""
        self.rows += 1
        self.records += row["records"]
        self.duties += row.get("duties") or 0
        self.unused += unused_lines(row)
        self.rows_parsed += row["records"] > 0
        if row["status"] != "parsed":
            problem = row["reason"] or row["status"]
        elif not row["records"]:
            problem = row["reason"] or NO_RECORD
        elif too_many_unused(row, warn_lines, warn_share):
            problem = f"{unused_lines(row)} {REASON}"
        else:
            problem = ""
        self.problems += bool(problem)
        return problem

    def manifest_row(self, end: dict) -> dict:
        """The file's manifest row: its own status, the postings' counts."""
        row = {**end, "records": self.records, "duties": self.duties, "unused_duty_lines": self.unused,
               "rows": self.rows, "rows_parsed": self.rows_parsed, "row_problems": self.problems}
        if row["status"] == "parsed" and not self.rows:
            row.update(status="empty", reason="export holds no rows")
        elif self.problems:
            note = f"{self.problems:,} of {self.rows:,} rows gave no record or lost duty-like lines (row_problems.csv)"
            row["reason"] = "; ".join(filter(None, [row["reason"], note]))
        return row
