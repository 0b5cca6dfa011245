"""``--engine dask``: the per-file stage and tokenising on a dask.distributed cluster.

The same functions as the local engine run as Dask tasks (``packed_outcome`` per file,
the tokeniser per chunk of distinct duties); this process keeps everything that depends on
order — the cache, duplicate detection, writing — so the outputs are the local engine's,
byte for byte. With ``--scheduler ADDRESS`` the run joins an existing cluster (its
workers need this package installed and the input files at the same paths); without it a
LocalCluster of ``workers`` single-threaded workers starts on 127.0.0.1, dashboard off.

Differences from the local engine: ``max_file_seconds`` is enforced by an exception set on
the task's thread, not by an alarm (``engine.time_limit``), and a file that kills its worker
is retried by Dask on other workers before it becomes an ``error`` row.
"""
from __future__ import annotations

import logging
import socket
import struct
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .config import ConfigError, scheduler_host_port
from .engine import WINDOW_PER_WORKER, FileTask, crashed_row, packed_outcome

log = logging.getLogger(__name__)


class DaskEngine:
    name = "dask"
    parallel = True

    def __init__(self, workers: int, scheduler: str = "", processes: bool = True, timeout: float = 10.0):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise ConfigError("--engine dask needs the 'distributed' package: pip install distributed") from None
        self.cluster = None
        if scheduler:
            check_scheduler(scheduler, timeout)  # before Dask's own connect, which may never return
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=f"{timeout}s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                                            host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            self.close()
            raise ConfigError(f"cannot reach the Dask scheduler '{scheduler or 'local'}' ({exc}).") from None
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        client, cluster = getattr(self, "client", None), self.cluster
        self.client, self.cluster = None, None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def run_files(self, items: Iterable[tuple[FileTask, bytes | None]]) -> Iterator[bytes]:
        window = self.workers * WINDOW_PER_WORKER
        pending: deque = deque()
        for task, ready in items:
            pending.append((task, ready if ready is not None else
                            self.client.submit(packed_outcome, task, pure=False)))
            while pending and (len(pending) >= window or _ready(pending[0][1])):
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    @staticmethod
    def _collect(task: FileTask, item) -> bytes:
        if isinstance(item, bytes):
            return item
        try:
            return item.result()
        except Exception as exc:  # KilledWorker and friends: the file's worker kept dying
            from .cache import pack
            from .engine import FileOutcome

            log.warning("Dask task for %s failed: %s", task.path, exc)
            return pack(FileOutcome(crashed_row(task)))
        finally:
            item.release()

    def map_chunks(self, fn: Callable, chunks: list) -> Iterator:
        futures = self.client.map(fn, chunks, pure=False)
        for future in futures:
            yield future.result()
            future.release()


def _ready(item) -> bool:
    return isinstance(item, bytes) or item.done()


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
        raise ConfigError(f"the Dask scheduler '{address}' did not answer within {timeout:g} s; is a Dask "
                          f"scheduler listening there?") from None
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler '{address}' ({exc.strerror or exc}).") from None
    if not is_dask_handshake(payload):
        raise ConfigError(f"'{address}' answered, but not as a Dask scheduler; check the host and port.")


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
