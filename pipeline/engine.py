"""Run the per-file stage (read, clean, parse) on local processes."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .ingest import read_document
from .parse import parse_document

log = logging.getLogger(__name__)


def process_file(task: tuple[str, str, int | None]) -> tuple[dict, list[dict]]:
    """(manifest row, record dicts) of one file; never raises."""
    path, root, max_bytes = task
    doc = read_document(Path(path), Path(root), max_bytes)
    row = {"source": doc.source, "status": doc.status, "reason": doc.reason,
           "encoding": doc.encoding or "", "records": 0, "bytes": doc.bytes}
    if doc.text is None:
        return row, []
    try:
        records = [r.to_dict() for r in parse_document(doc)]
    except Exception as exc:  # a parser bug must cost one file, not the run
        log.exception("parsing %s failed", doc.source)
        row.update(status="error", reason=f"parser error: {type(exc).__name__}: {exc}")
        return row, []
    row["records"] = len(records)
    return row, records


def map_files(tasks: list[tuple[str, str, int | None]], workers: int,
              on_done: Callable[[], None] | None = None) -> Iterator[tuple[dict, list[dict]]]:
    """Results in input order; a process pool when there is more than one file and worker."""
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield process_file(task)
            if on_done:
                on_done()
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for result in pool.map(process_file, tasks, chunksize=max(1, len(tasks) // (workers * 8))):
            yield result
            if on_done:
                on_done()
