"""Run the per-file stage (read, clean, parse) and chunked work on local processes.

Whatever one file does — bad bytes, a parser bug, a page that takes forever, a crash that
kills its worker process — it costs that file a manifest row with status ``error``, never
the run and never another file's records.

Work is streamed: at most ``window`` files are in flight or waiting to be collected, and
results come back in input order, so memory does not grow with the corpus. The Dask
engine (``pipeline.dask_engine``) offers the same two methods, ``run_files`` and
``map_chunks``.
"""
from __future__ import annotations

import ctypes
import logging
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import pack
from .dedupe import signature, text_digest
from .ingest import Rejection, read_document, relative_source
from .parse import coverage_of, parse_document

log = logging.getLogger(__name__)

Result = tuple[dict, list[dict]]  # (manifest row, record dicts)
WINDOW_PER_WORKER = 16  # files in flight or done-but-not-collected, per worker
FILES_PER_TASK = 4  # files sent to a worker together: fewer round trips through the pool's pipes


@dataclass(frozen=True, slots=True)
class FileTask:
    path: str
    root: str
    max_bytes: int | None = None  # larger files are skipped unread
    max_seconds: float | None = None  # reading and parsing longer than this is an error
    source: str = ""  # unique in the run (``pipeline.walk``); else derived from path and root
    problem: Rejection | None = None  # found by the walk (a hidden file, an unreadable folder): not read


@dataclass(slots=True)
class FileOutcome:
    """What the per-file stage gives the main process: the manifest row, the records, and
    what duplicate detection needs (digest of the decoded text, one MinHash per record)."""

    row: dict
    records: list[dict] = field(default_factory=list)
    digest: str | None = None
    signatures: list = field(default_factory=list)


class FileTimeout(BaseException):
    """Raised by the alarm while one file is processed. A BaseException, so that an
    ``except Exception`` in library code on the way cannot swallow it."""


def process_file(task: FileTask) -> Result:
    """(manifest row, record dicts) of one file; never raises."""
    outcome = analyse_file(task, signatures=False)
    return outcome.row, outcome.records


def analyse_file(task: FileTask, signatures: bool = True) -> FileOutcome:
    """Read, clean and parse one file, plus its text digest and record signatures; never raises."""
    path, root = Path(task.path), Path(task.root)
    row = {"source": task_source(task), "status": "error", "reason": "",
           "encoding": "", "records": 0, "bytes": 0, **NO_COVERAGE}
    stage = "reader"
    try:
        with time_limit(task.max_seconds):
            doc = read_document(path, root, task.max_bytes, row["source"], task.problem)
            row.update(status=doc.status, reason=doc.reason, encoding=doc.encoding or "", bytes=doc.bytes)
            stage = "parser"
            parsed = parse_document(doc)
            records = [record_dict(r) for r in parsed]
            row.update(coverage_columns(doc, parsed))
    except FileTimeout:
        row.update(status="error", reason=f"took longer than the max_file_seconds limit of {task.max_seconds:g} s")
        return FileOutcome(row)
    except Exception as exc:  # the one per-file boundary: a bug must cost one file, not the run
        log.exception("%s failed on %s", stage, row["source"])
        row.update(status="error", reason=f"{stage} error: {type(exc).__name__}: {exc}")
        return FileOutcome(row)
    row["records"] = len(records)
    outcome = FileOutcome(row, records)
    if signatures and doc.text is not None:
        outcome.digest = text_digest(doc.text)
        outcome.signatures = [signature(r["duties"]) for r in records]
    return outcome


def task_source(task: FileTask) -> str:
    return task.source or relative_source(Path(task.path), Path(task.root))


# The manifest's coverage columns: the duties the records hold, the duty-like lines they miss.
NO_COVERAGE = {"duties": 0, "unused_duty_lines": 0}


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


def record_dict(record) -> dict:
    """``Record.to_dict`` without ``asdict``'s deep copy (4% of the per-file stage): the record
    is pickled to the main process at once, so sharing its lists is harmless."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def packed_outcome(task: FileTask) -> bytes:
    """``analyse_file`` compressed and pickled: what workers send back and the cache stores."""
    return pack(analyse_file(task))


def packed_outcomes(tasks: list[FileTask]) -> list[bytes]:
    return [packed_outcome(task) for task in tasks]


def packed_crash(task: FileTask) -> bytes:
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


class LocalEngine:
    """Files and chunks of work on a local process pool (in this process when ``workers`` is 1).

    ``run_files`` takes ``(task, ready)`` pairs in input order, ``ready`` being a packed
    outcome already known (from the cache) or None, and yields packed outcomes in that order.
    """

    name = "local"

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def parallel(self) -> bool:
        return self.workers > 1

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        return self._pool

    def run_files(self, items: Iterable[tuple[FileTask, bytes | None]]) -> Iterator[bytes]:
        if not self.parallel:
            for task, ready in items:
                yield ready if ready is not None else packed_outcome(task)
            return
        window = self.workers * WINDOW_PER_WORKER
        pending: deque[tuple[list[FileTask], Future | list[bytes]]] = deque()
        batch: list[FileTask] = []
        waiting = 0  # files in ``pending``
        for task, ready in items:
            if ready is None:
                batch.append(task)
            if batch and (ready is not None or len(batch) == FILES_PER_TASK):
                pending.append((batch, self._submit(batch)))  # before ``ready``: order is kept
                waiting, batch = waiting + len(batch), []
            if ready is not None:
                pending.append(([task], [ready]))
                waiting += 1
            while pending and (waiting >= window or _ready(pending[0][1])):
                tasks, item = pending.popleft()
                waiting -= len(tasks)
                yield from self._collect(tasks, item)
        if batch:
            pending.append((batch, self._submit(batch)))
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, tasks: list[FileTask]) -> Future:
        try:
            return self.pool().submit(packed_outcomes, tasks)
        except BrokenProcessPool:  # broken by an earlier file: start a new pool
            self._restart()
            return self.pool().submit(packed_outcomes, tasks)

    def _collect(self, tasks: list[FileTask], item: Future | list[bytes]) -> list[bytes]:
        if isinstance(item, list):
            return item
        try:
            return item.result()
        except BrokenProcessPool:
            # A worker died (a segfault, the out-of-memory killer) and took the pool with it:
            # every file then in flight lands here and is run again on its own, so that only
            # the file that kills its process gets an error row.
            log.warning("a worker process died; running %s again, each file on its own",
                        ", ".join(task.path for task in tasks))
            self._restart()
            return [run_isolated(task) for task in tasks]

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None

    def map_chunks(self, fn: Callable, chunks: list) -> Iterator:
        """``fn(chunk)`` for each chunk, in order, on the pool."""
        if not self.parallel or len(chunks) <= 1:
            yield from map(fn, chunks)
            return
        futures = [self.pool().submit(fn, chunk) for chunk in chunks]
        for future in futures:
            yield future.result()


def _ready(item: Future | list[bytes]) -> bool:
    return isinstance(item, list) or item.done()


def run_isolated(task: FileTask) -> bytes:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(packed_outcome, task).result()
        except BrokenProcessPool:
            return packed_crash(task)


def crashed_row(task: FileTask) -> dict:
    return {"source": task_source(task), "status": "error",
            "reason": "the worker process died on this file (a crash or out of memory)",
            "encoding": "", "records": 0, "bytes": 0, **NO_COVERAGE}


def map_files(tasks: list[FileTask], workers: int,
              on_done: Callable[[], None] | None = None) -> Iterator[Result]:
    """(manifest row, records) per file in input order, without duplicate detection or cache."""
    from .cache import unpack

    with LocalEngine(workers if len(tasks) > 1 else 1) as engine:
        for blob in engine.run_files((task, None) for task in tasks):
            outcome = unpack(blob)
            yield outcome.row, outcome.records
            if on_done:
                on_done()
