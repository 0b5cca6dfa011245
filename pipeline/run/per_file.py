"""What is done per file, wherever it runs: read, clean and parse one file into its outcome.

Whatever one file does (bad bytes, a parser bug, a page that takes forever) costs that file
a manifest row with status ``error``, never the run and never another file's records; a
crash that kills its worker process is handled where the work runs (``engines``).
"""
from __future__ import annotations

import ctypes
import logging
import pickle
import signal
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..dedupe import signature, text_digest
from ..ingest import Document, Rejection, read_document, relative_source
from ..ingest.tables import Columns
from ..parse import coverage_of, parse_document
from ..parse.record import Record

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileTask:
    path: str
    root: str
    max_bytes: int | None = None  # larger files are skipped unread
    max_seconds: float | None = None  # reading and parsing longer than this is an error
    source: str = ""  # unique in the run (``pipeline.walk``); else derived from path and root
    problem: Rejection | None = None  # found by the walk (a hidden file, an unreadable folder): not read
    columns: Columns | None = None  # a job-board export: its rows are postings (``run.table_rows``)
    per_submit: ClassVar[int] = 4  # sent to a worker together: fewer round trips through the pool's pipes


@dataclass(frozen=True, slots=True)
class PostingTask:
    """One row of a job-board export: its text (title line, then description) is parsed like a
    file's; ``meta`` (the row's other columns) stays in the main process's copy."""

    source: str  # FILE#ROW or FILE#ID, unique in the run
    text: str
    max_seconds: float | None = None
    meta: dict | None = field(default=None, compare=False)  # the row's other columns
    file: str = ""  # the export's source
    row: str = ""  # the row's number in it (with its sheet in a workbook of several)
    per_submit: ClassVar[int] = 32  # postings are small: more of them per round trip

    @property
    def path(self) -> str:  # what the engines and the cache's lookups know a task by
        return self.source

    def __getstate__(self):  # a worker needs the text, not the metadata
        return (self.source, self.text, self.max_seconds)

    def __setstate__(self, state):
        for name, value in zip(("source", "text", "max_seconds", "meta", "file", "row"), (*state, None, "", "")):
            object.__setattr__(self, name, value)


@dataclass(slots=True)
class FileOutcome:
    """What the per-file stage gives the main process: the manifest row, the records (typed:
    a slots dataclass pickles without a dict copy), and what duplicate detection needs
    (digest of the decoded text, one MinHash per record)."""

    row: dict
    records: list[Record] = field(default_factory=list)
    digest: str | None = None
    signatures: list = field(default_factory=list)
    content: str | None = None  # ``ingest.read_digest`` of the bytes read, which the cache keys it by


class FileTimeout(BaseException):
    """Raised by the alarm while one file is processed. A BaseException, so that an
    ``except Exception`` in library code on the way cannot swallow it."""


def analyse_file(task: FileTask, signatures: bool = True) -> FileOutcome:
    """Read, clean and parse one file, plus its text digest and record signatures; never raises."""
    return analyse(task, lambda source: read_document(Path(task.path), Path(task.root), task.max_bytes, source,
                                                      task.problem), signatures)


def analyse_posting(task: PostingTask, signatures: bool = True) -> FileOutcome:
    """Clean and parse one posting (a row of an export) like a file."""
    return analyse(task, lambda source: Document(source, source, task.text, bytes=len(task.text.encode("utf-8",
                                                 "surrogatepass"))), signatures)


def analyse_task(task) -> FileOutcome:
    return analyse_posting(task) if isinstance(task, PostingTask) else analyse_file(task)


def analyse(task, read, signatures: bool = True) -> FileOutcome:
    """``read(source)`` gives the Document, which is cleaned and parsed within the task's time
    limit; any failure costs this task an ``error`` row, never the run."""
    row = manifest_row(task_source(task), "error", "")
    stage = "reader"
    try:
        with time_limit(task.max_seconds):
            doc = read(row["source"])
            row.update(status=doc.status, reason=doc.reason, encoding=doc.encoding or "", bytes=doc.bytes)
            stage = "parser"
            parsed = parse_document(doc)
            records = list(parsed)
            row.update(coverage_columns(doc, parsed))
    except FileTimeout:
        row.update(status="error", reason=f"took longer than the max_file_seconds limit of {task.max_seconds:g} s")
        return FileOutcome(row)
    except Exception as exc:  # the one per-file boundary: a bug must cost one file, not the run
        log.exception("%s failed on %s", stage, row["source"])
        row.update(status="error", reason=f"{stage} error: {type(exc).__name__}: {exc}")
        return FileOutcome(row)
    row["records"] = len(records)
    outcome = FileOutcome(row, records, content=doc.content)
    if signatures and doc.text is not None:
        outcome.digest = text_digest(doc.text)
        outcome.signatures = [signature(r.duties) for r in records]
    return outcome


def task_source(task) -> str:
    return task.source or relative_source(Path(task.path), Path(task.root))


# The manifest's coverage columns: the duties the records hold, the duty-like lines they miss.
NO_COVERAGE = {"duties": 0, "unused_duty_lines": 0}


def manifest_row(source: str, status: str, reason: str, encoding: str = "", size: int = 0) -> dict:
    """A manifest row before its records are counted."""
    return {"source": source, "status": status, "reason": reason, "encoding": encoding, "records": 0,
            "bytes": size, **NO_COVERAGE}


def coverage_columns(doc, records) -> dict:
    """The coverage columns of a parsed document. A diagnostic: its failure costs the count
    (logged), never the file's records."""
    duties = sum(len(record.duties) for record in records)
    try:
        unused = coverage_of(doc, records)
    except Exception:
        log.exception("coverage count failed on %s", doc.source)
        return {**NO_COVERAGE, "duties": duties}
    return {"duties": duties, "unused_duty_lines": len(unused)}


def pack(value) -> bytes:
    """What crosses a process boundary or goes into the cache: pickled, lightly compressed."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes):
    return pickle.loads(zlib.decompress(blob))


def packed_outcome(task) -> bytes:
    """``analyse_task`` compressed and pickled: what workers send back and the cache stores."""
    return pack(analyse_task(task))


def packed_outcomes(tasks: list) -> list[bytes]:
    return [packed_outcome(task) for task in tasks]


def packed_crash(task) -> bytes:
    return pack(FileOutcome(crashed_row(task)))


@contextmanager
def time_limit(seconds: float | None):
    """Raise FileTimeout in this block after ``seconds``: by an alarm signal on the main thread,
    by an exception set asynchronously on other threads (Dask runs tasks on worker threads).
    Either way it lands between two Python bytecodes, so a call into C finishes first."""
    if not seconds:
        yield
    elif hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _thread_deadline(seconds):
            yield


@contextmanager
def _alarm(seconds: float):
    def on_alarm(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_deadline(seconds: float):
    thread_id, lock, state = threading.get_ident(), threading.Lock(), {"done": False, "fired": False}

    def expire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(FileTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["fired"]:  # set but maybe not raised yet: it must not escape this block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)


def crashed_row(task) -> dict:
    return manifest_row(task_source(task), "error", "the worker process died on this file (a crash or out of memory)")
