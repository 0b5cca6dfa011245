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
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .config import ConfigError
from .engine import WINDOW_PER_WORKER, FileTask, crashed_row, packed_outcome

log = logging.getLogger(__name__)


class DaskEngine:
    name = "dask"
    parallel = True

    def __init__(self, workers: int, scheduler: str = "", processes: bool = True):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - distributed is a dependency
            raise ConfigError("--engine dask needs the 'distributed' package: pip install distributed") from None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                                            host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
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
