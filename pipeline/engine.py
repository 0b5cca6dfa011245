"""Run the per-file stage (read, clean, parse) on local processes.

Whatever one file does — bad bytes, a parser bug, a page that takes forever, a crash that
kills its worker process — it costs that file a manifest row with status ``error``, never
the run and never another file's records.
"""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .ingest import read_document, relative_source
from .parse import parse_document

log = logging.getLogger(__name__)

Result = tuple[dict, list[dict]]  # (manifest row, record dicts)


@dataclass(frozen=True, slots=True)
class FileTask:
    path: str
    root: str
    max_bytes: int | None = None  # larger files are skipped unread
    max_seconds: float | None = None  # reading and parsing longer than this is an error


class FileTimeout(BaseException):
    """Raised by the alarm while one file is processed. A BaseException, so that an
    ``except Exception`` in library code on the way cannot swallow it."""


def process_file(task: FileTask) -> Result:
    """(manifest row, record dicts) of one file; never raises."""
    path, root = Path(task.path), Path(task.root)
    row = {"source": relative_source(path, root), "status": "error", "reason": "",
           "encoding": "", "records": 0, "bytes": 0}
    stage = "reader"
    try:
        with time_limit(task.max_seconds):
            doc = read_document(path, root, task.max_bytes)
            row.update(status=doc.status, reason=doc.reason, encoding=doc.encoding or "", bytes=doc.bytes)
            stage = "parser"
            records = [r.to_dict() for r in parse_document(doc)]
    except FileTimeout:
        row.update(status="error", reason=f"took longer than the max_file_seconds limit of {task.max_seconds:g} s")
        return row, []
    except Exception as exc:  # the one per-file boundary: a bug must cost one file, not the run
        log.exception("%s failed on %s", stage, row["source"])
        row.update(status="error", reason=f"{stage} error: {type(exc).__name__}: {exc}")
        return row, []
    row["records"] = len(records)
    return row, records


@contextmanager
def time_limit(seconds: float | None):
    """Raise FileTimeout in this block after ``seconds``; a no-op without SIGALRM (Windows)
    or off the main thread, where signals cannot be delivered."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def map_files(tasks: list[FileTask], workers: int,
              on_done: Callable[[], None] | None = None) -> Iterator[Result]:
    """Results in input order; a process pool when there is more than one file and worker."""
    serial = workers <= 1 or len(tasks) <= 1
    results: Iterable[Result] = map(process_file, tasks) if serial else pooled(tasks, workers)
    for result in results:
        yield result
        if on_done:
            on_done()


def pooled(tasks: list[FileTask], workers: int) -> Iterator[Result]:
    """Results in input order from a process pool. A worker that dies (a segfault, the
    out-of-memory killer) breaks the pool; the files not yet done then run one at a time in
    fresh processes, so that only the file that kills its process gets an error row."""
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        futures = [pool.submit(process_file, task) for task in tasks]
        for done, future in enumerate(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                log.warning("a worker process died; running the remaining files one by one")
                break
        else:
            return
    finally:  # also when the caller stops early: do not wait for files nobody will read
        pool.shutdown(wait=True, cancel_futures=True)
    for task, future in zip(tasks[done:], futures[done:]):
        yield _finished(future) or run_isolated(task)


def run_isolated(task: FileTask) -> Result:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(process_file, task).result()
        except BrokenProcessPool:
            return crashed_row(task), []


def crashed_row(task: FileTask) -> dict:
    return {"source": relative_source(Path(task.path), Path(task.root)), "status": "error",
            "reason": "the worker process died on this file (a crash or out of memory)",
            "encoding": "", "records": 0, "bytes": 0}


def _finished(future: Future) -> Result | None:
    if future.done() and not future.cancelled() and future.exception() is None:
        return future.result()
    return None
