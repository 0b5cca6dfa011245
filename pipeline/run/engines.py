"""Where the per-file work runs: a local process pool (``LocalEngine``) or a Dask cluster
(``DaskEngine``). Both offer ``run_files`` and ``map_chunks`` and give results in input order.

Work is streamed: at most ``window`` files are in flight or waiting to be collected, so
memory does not grow with the corpus. A crash that kills a worker costs only the file that
caused it an ``error`` row.

``--engine dask``: the same functions run as Dask tasks (``packed_outcomes`` per batch of files or postings, the
tokeniser per chunk of distinct duties); this process keeps everything that depends on
order (the cache, duplicate detection, writing), so the outputs are the local engine's,
byte for byte. With ``--scheduler ADDRESS`` the run joins an existing cluster (its workers
need this package installed and the input files at the same paths); without it a
LocalCluster of ``workers`` single-threaded workers starts on 127.0.0.1, dashboard off.
There ``max_file_seconds`` is enforced by an exception set on the task's thread, not by an
alarm (``per_file.time_limit``), and a file that kills its worker is retried by Dask on
other workers before it becomes an ``error`` row.
"""
from __future__ import annotations

import logging
import os
import socket
import struct
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..config import ConfigError, Settings, scheduler_host_port
from ..errors import UserError
from ..interrupts import worker_started
from .per_file import FileTask, packed_crash, packed_outcome, packed_outcomes

log = logging.getLogger(__name__)

BATCHES_PER_WORKER = 4  # batches of tasks in flight or done-but-not-collected, per worker


def make_engine(settings: Settings):
    """The engine the settings name (``engine`` is checked when settings are loaded)."""
    if settings.engine == "dask":
        return DaskEngine(settings.effective_workers(), settings.scheduler, settings.dask_processes,
                          settings.scheduler_timeout)
    return LocalEngine(settings.effective_workers())


class LocalEngine:
    """Files and chunks of work on a local process pool (in this process when ``workers`` is 1).

    ``run_files`` takes ``(task, ready)`` pairs in input order, ``ready`` being a packed
    outcome already known (from the cache) or None, and yields ``(task, packed outcome)``
    pairs in that order.
    """

    name = "local"

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(stop=exc_type is not None)

    def close(self, stop: bool = False) -> None:
        """Shut the pool down; with ``stop`` (an interrupt, an error) its workers are killed
        first instead of finishing the files they hold."""
        if self._pool is not None:
            if stop:
                kill_workers(self._pool)
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def parallel(self) -> bool:
        return self.workers > 1

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = new_pool(self.workers)
        return self._pool

    def run_files(self, items: Iterable[tuple[FileTask, bytes | None]]) -> Iterator[bytes]:
        if not self.parallel:
            for task, ready in items:
                yield task, ready if ready is not None else packed_outcome(task)
            return
        window = self.workers * BATCHES_PER_WORKER
        pending: deque[tuple[list[FileTask], Future | list[bytes]]] = deque()
        for tasks, ready in batches(items):
            pending.append((tasks, ready if ready is not None else self._submit(tasks)))
            while pending and (len(pending) >= window or _ready(pending[0][1])):
                yield from _paired(pending.popleft(), self._collect)
        while pending:
            yield from _paired(pending.popleft(), self._collect)

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


def batches(items: Iterable[tuple[FileTask, bytes | None]]) -> Iterator[tuple[list, list[bytes] | None]]:
    """(tasks, None) for work to send, up to the tasks' ``per_submit`` together, and
    ([task], [outcome]) for an outcome known already; in input order."""
    batch: list = []
    for task, ready in items:
        if batch and (ready is not None or type(task) is not type(batch[0])):
            yield batch, None
            batch = []
        if ready is not None:
            yield [task], [ready]
            continue
        batch.append(task)
        if len(batch) >= task.per_submit:
            yield batch, None
            batch = []
    if batch:
        yield batch, None


def _paired(entry, collect) -> Iterator[tuple]:
    tasks, item = entry
    return zip(tasks, collect(tasks, item), strict=True)


def _ready(item) -> bool:
    """A result to hand on: known already (a list of outcomes, or one) or its future is done."""
    return isinstance(item, (list, bytes)) or item.done()


def new_pool(workers: int) -> ProcessPoolExecutor:
    """Workers that ignore Ctrl-C and die with this process (``interrupts.worker_started``)."""
    return ProcessPoolExecutor(max_workers=workers, initializer=worker_started, initargs=(os.getpid(),))


def kill_workers(pool: ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def run_isolated(task: FileTask) -> bytes:
    with new_pool(1) as pool:
        try:
            return pool.submit(packed_outcome, task).result()
        except BrokenProcessPool:
            return packed_crash(task)


class DaskEngine:
    name = "dask"
    parallel = True

    def __init__(self, workers: int, scheduler: str = "", processes: bool = True, timeout: float = 10.0):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise UserError("--engine dask needs the 'distributed' package: pip install distributed") from None
        self.cluster = None
        for name in DASK_LOGGERS:  # Dask's own INFO lines (scheduler at …, worker plugins) are not the run's news
            logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger(name).getEffectiveLevel()))
        if scheduler:
            check_scheduler(scheduler, timeout)  # before Dask's own connect, which may never return
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=f"{timeout}s")
            else:
                # threads in this process talk in-process: a network host is for worker processes only
                where = {"host": "127.0.0.1"} if processes else {}
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                                            dashboard_address=None, **where)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError, RuntimeError) as exc:  # RuntimeError: the cluster did not start
            self.close()
            raise UserError(f"cannot reach the Dask scheduler '{scheduler or 'local'}' ({exc}).") from None
        except BaseException:  # a stop while the cluster starts
            self.close(stop=True)
            raise
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(stop=exc_type is not None)

    def close(self, stop: bool = False) -> None:
        """Close the client (and the LocalCluster); with ``stop`` (an interrupt, an error) quietly:
        Dask's complaints about unfinished work would bury the one line that says what happened."""
        client, cluster = getattr(self, "client", None), self.cluster
        self.client, self.cluster = None, None
        if stop:
            for name in DASK_LOGGERS:
                logging.getLogger(name).setLevel(logging.CRITICAL + 1)
        try:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
        except Exception:
            if not stop:
                raise

    def run_files(self, items: Iterable[tuple[FileTask, bytes | None]]) -> Iterator[bytes]:
        window = self.workers * BATCHES_PER_WORKER
        pending: deque = deque()
        for tasks, ready in batches(items):
            pending.append((tasks, ready if ready is not None else
                            self.client.submit(packed_outcomes, tasks, pure=False)))
            while pending and (len(pending) >= window or _ready(pending[0][1])):
                yield from _paired(pending.popleft(), self._collect)
        while pending:
            yield from _paired(pending.popleft(), self._collect)

    def _collect(self, tasks: list, item) -> list[bytes]:
        if isinstance(item, list):
            return item
        try:
            return item.result()
        except Exception as exc:  # KilledWorker and friends: a task of the batch kept killing its worker
            if len(tasks) > 1:  # find which: each task of the batch on its own
                log.warning("Dask batch of %d tasks failed (%s); running each on its own", len(tasks), exc)
                return [blob for task in tasks for blob in self._collect([task], self.client.submit(
                    packed_outcomes, [task], pure=False))]
            log.warning("Dask task for %s failed: %s", tasks[0].path, exc)
            return [packed_crash(tasks[0])]
        finally:
            item.release()

    def map_chunks(self, fn: Callable, chunks: list) -> Iterator:
        futures = self.client.map(fn, chunks, pure=False)
        for future in futures:
            yield future.result()
            future.release()


DASK_LOGGERS = ("distributed", "asyncio", "tornado")
MAX_HANDSHAKE_BYTES = 64 * 1024  # a scheduler's first message is ~60 bytes (its Python and pickle versions)


def check_scheduler(address: str, timeout: float) -> None:
    """Connect and read the handshake a Dask scheduler sends first, all within ``timeout`` seconds;
    ConfigError when nothing answers or something that is not Dask does. Dask's own connect
    takes the first 8 bytes as a length (a web server's reply asks for exabytes) and waits
    without end on a port that accepts and says nothing."""
    host, port = scheduler_host_port(address) or (None, None)
    if host is None:
        raise ConfigError(f"setting 'scheduler' must be a Dask scheduler address tcp://HOST:PORT, not '{address}'.")
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            (size,) = struct.unpack("Q", _read_exactly(sock, 8, deadline))
            payload = _read_exactly(sock, size, deadline) if 0 < size <= MAX_HANDSHAKE_BYTES else b""
    except TimeoutError:
        raise UserError(f"the Dask scheduler '{address}' did not answer within {timeout:g} s; is a Dask "
                          f"scheduler listening there?") from None
    except OSError as exc:
        raise UserError(f"cannot reach the Dask scheduler '{address}' ({exc.strerror or exc}).") from None
    if not is_dask_handshake(payload):
        raise UserError(f"'{address}' answered, but not as a Dask scheduler; check the host and port.")


def _read_exactly(sock: socket.socket, size: int, deadline: float) -> bytes:
    data = bytearray()
    while len(data) < size:
        sock.settimeout(max(0.001, deadline - time.monotonic()))
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionResetError("the connection was closed before the handshake")
        data += chunk
    return bytes(data)


def is_dask_handshake(payload: bytes) -> bool:
    """Dask's frames (a count, the sizes, then the frames) whose first frame is a msgpack map
    naming the sender's Python version: what ``distributed.comm`` writes on connecting."""
    import msgpack

    try:
        (count,) = struct.unpack_from("Q", payload)
        if not 0 < count <= (len(payload) - 8) // 8:
            return False
        sizes = struct.unpack_from(f"{count}Q", payload, 8)
        start = 8 + 8 * count
        message = msgpack.unpackb(payload[start:start + sizes[0]])
    except Exception:  # whatever garbage makes struct or msgpack fail: not Dask
        return False
    return isinstance(message, dict) and "python" in message
