"""Every cache key and what is done with it: which files the cache already knows, whether the
analysis or anything at all changed.

``content_key`` names a file's cached result by its bytes (not its path: a renamed file or a
byte-identical copy is found too, and ``rebase`` gives it its own source and record ids);
``Lookups`` feeds the engine the cached results in input order, says for each outcome
where it came from, and stores a parsed one under the key of the bytes its worker really
read (``parsed_key``: a file rewritten meanwhile never lends its result to its old bytes);
``analysis_key`` names what the analysis is computed from;
``run_fingerprint`` / ``up_to_date`` / ``save_state`` let a run on an unchanged corpus with
untouched outputs return the last run's summary without rewriting anything.
"""
from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import Settings
from ..ingest import file_digest, is_utf8
from ..parse.record import record_ids
from .cache import Cache, analysis_version, digest, parse_version, run_version, token_version
from .per_file import FileOutcome, FileTask, PostingTask, packed_outcome, task_source, unpack
from .table_rows import table_items
from .summary import ParseResult


def content_key(task: FileTask) -> str | None:
    """Cache key of a regular file within the size limit, as the per-file stage would read it
    now (``file_key``); None for a file that cannot be hashed (it is parsed, not cached)."""
    if isinstance(task, PostingTask):  # a row of an export: its text, wherever it stands
        return digest(parse_version(), "posting", task.text)
    if task.problem is not None:  # known without reading (a hidden file): its row, for this source
        return digest(parse_version(), task.source, task.problem.status, task.problem.reason)
    return file_key(task.path, file_digest(task.path, task.max_bytes))


def file_key(path: str, content: str | None) -> str | None:
    """The key of a file's result: the digest of its bytes (``ingest.read_digest``), the parse
    version, and what of its name reaches the result (the suffix, whether the name is UTF-8).
    Not the path: a renamed file, or a byte-identical copy, is found too (``rebase`` gives it
    its own source)."""
    if content is None:
        return None
    name = os.fsencode(Path(path).name)
    return digest(parse_version(), Path(path).suffix.lower(), str(is_utf8(name)), content)


def parsed_key(task: FileTask, outcome: FileOutcome) -> str | None:
    """The key of the bytes the per-file stage really parsed, which are not those hashed for
    the lookup when the file was rewritten in between."""
    if isinstance(task, PostingTask) or task.problem is not None:
        return content_key(task)
    return file_key(task.path, outcome.content)


def rebase(outcome, source: str) -> None:
    """A cached outcome of the same bytes under another name: its source and record ids, as
    the parser would give them for ``source``."""
    outcome.row["source"] = source
    ids = record_ids(source, [(record.span[0], record.title) for record in outcome.records])
    for record, record_id in zip(outcome.records, ids):
        record.source, record.record_id = source, record_id


# What the engine passes through in order instead of a packed outcome, for a file found in
# the cache (``Lookups.found`` holds its outcome) and for a file whose bytes an earlier file
# of the same run has (``Lookups.outcome`` fetches the earlier outcome from the cache).
FROM_CACHE = b"found in the cache"
SAME_AS_EARLIER = b"same bytes as an earlier file of this run"


class Lookups:
    """(task, FROM_CACHE / SAME_AS_EARLIER / None) pairs for the engine; remembers each task's key.

    A file with the same bytes as an earlier one of this run (a mirrored page) is not sent
    to a worker: by its turn the earlier file's outcome is in the cache. A parsed file's
    outcome is stored under the key of the bytes its worker read (``parsed_key``); a file
    whose bytes changed since its key was taken is named in ``changed``.
    """

    def __init__(self, tasks: list[FileTask], cache: Cache | None, known: dict | None = None):
        self.tasks, self.cache, self.known = tasks, cache, known or {}
        self.keys: dict[str, str] = {}  # files to parse -> the key of their bytes before
        self.found: dict[str, FileOutcome] = {}  # files found in the cache -> their outcome
        self.copies: dict[str, str] = {}  # files with the bytes of an earlier file -> their key
        self.changed: list[str] = []  # sources of files rewritten between their key and their parse
        self.made: set[str] = set()  # tasks whose outcome came made (an export's bad rows and its end)
        self._queued: set[str] = set()  # keys sent to be parsed in this run

    def __iter__(self) -> Iterator[tuple[FileTask, bytes | None]]:
        for task in self.tasks:
            if isinstance(task, FileTask) and task.columns is not None and task.problem is None:
                for item, made in table_items(task):  # an export: its rows in its place
                    if made is None:
                        yield self._lookup(item)
                    else:  # a row that gives no posting, the export's end: passed on as they are
                        self.made.add(item.path)
                        yield item, made
            else:
                yield self._lookup(task)

    def _lookup(self, task) -> tuple[FileTask | PostingTask, bytes | None]:
        key = self._key(task)
        if key in self._queued:
            self.copies[task.path] = key
            return task, SAME_AS_EARLIER
        found = self.cache.get_file(key) if key else None  # None too when damaged (then dropped)
        if found is not None:
            self.found[task.path] = found
            return task, FROM_CACHE
        if key:
            self.keys[task.path] = key
            self._queued.add(key)
        return task, None

    def _key(self, task: FileTask) -> str | None:
        if self.cache is None or not self.cache.enabled:
            return None
        return self.known[task.path] if task.path in self.known else content_key(task)

    def outcome(self, task: FileTask, blob: bytes):
        """``(outcome, how)`` of a task from what the engine gave back for it: ``how`` is
        ``cached``, ``copied`` (the bytes of an earlier file of this run) or ``parsed``. A
        reused outcome gets this file's source and record ids; a parsed one is stored."""
        if blob == FROM_CACHE:
            return self._reused(task, self.found.pop(task.path)), "cached"
        if task.path in self.made:
            self.made.discard(task.path)
            return unpack(blob), "made"
        if blob == SAME_AS_EARLIER:
            earlier = self.cache.get_file(self.copies.pop(task.path))
            if earlier is not None:
                return self._reused(task, earlier), "copied"
            blob = packed_outcome(task)  # the earlier file failed, or changed while it was read
            return unpack(blob), "copied"
        outcome = unpack(blob)
        self.store(task, blob, outcome)
        return outcome, "parsed"

    @staticmethod
    def _reused(task: FileTask, outcome):
        source = task_source(task)
        if outcome.row["source"] != source:
            rebase(outcome, source)
        return outcome

    def store(self, task: FileTask, blob: bytes, outcome: FileOutcome) -> None:
        """Store a parsed outcome under the key of the bytes parsed (``error`` rows never: a
        crash or a timeout may not happen again)."""
        expected = self.keys.pop(task.path, None)
        if outcome.row["status"] == "error" or self.cache is None or not self.cache.enabled:
            return
        key = parsed_key(task, outcome)
        if expected is not None and key != expected:
            self.changed.append(outcome.row["source"])
        if key:
            self.cache.put_file(key, blob)


# Settings that change how a run goes, not what it writes.
NOT_IN_FINGERPRINT = {"workers", "quiet", "engine", "scheduler", "scheduler_timeout", "dask_processes", "strict",
                      "cache", "cache_dir", "cache_max_mb"}


def run_fingerprint(tasks: list[FileTask], keys: dict, settings: Settings, analyse: bool) -> str | None:
    """Everything the outputs depend on; None when a file could not be hashed (always run)."""
    if any(keys[task.path] is None for task in tasks):
        return None
    chosen = {k: v for k, v in settings.as_dict().items() if k not in NOT_IN_FINGERPRINT}
    versions = [analysis_version(), token_version(settings.userdict, settings.stopwords)] if analyse else []
    versions.append(run_version())
    listing = "\n".join(f"{task_source(t)}\t{keys[t.path]}" for t in tasks)
    return digest(parse_version(), *versions, str(analyse), json.dumps(chosen, sort_keys=True, default=str), listing)


def _output_stats(out_dir: Path, names: list[str]) -> dict[str, tuple[int, int]] | None:
    stats = {}
    for name in names:
        try:
            info = os.stat(out_dir / name)
        except OSError:
            return None
        stats[name] = (info.st_size, info.st_mtime_ns)
    return stats


def up_to_date(cache: Cache, fingerprint: str | None, out_dir: Path):
    """(result, analysis) of the last run when it had this fingerprint and its outputs are untouched."""
    state = cache.get_state("last_run") if fingerprint else None
    if not state or state["fingerprint"] != fingerprint:
        return None
    if _output_stats(out_dir, list(state["outputs"])) != state["outputs"]:
        return None
    result = ParseResult(manifest=state["manifest"], stats=state["stats"])
    stats = result.stats
    stats.cached_files, stats.parsed_files, stats.copied_files = sum(not row.get("rows") for row in result.manifest), 0, 0
    stats.cached_rows, stats.parsed_rows, stats.copied_rows = stats.rows, 0, 0
    result.stats.unchanged = True
    cache.touch_all()
    analysis = state["analysis"]
    if analysis is not None:
        analysis.seconds = 0.0  # nothing was analysed this time
    return result, analysis


def save_state(cache: Cache, fingerprint: str | None, out_dir: Path, names: list[str], result, analysis) -> None:
    """What the next run's ``up_to_date`` compares with; nothing when a file changed while this
    run read it (its outputs are not those of the bytes the fingerprint names)."""
    outputs = _output_stats(out_dir, names) if fingerprint and not result.changed_while_read else None
    if outputs is None:
        return
    kept = dataclasses.replace(analysis) if analysis is not None else None  # an AnalysisSummary: numbers only
    cache.put_state("last_run", {"fingerprint": fingerprint, "outputs": outputs, "manifest": result.manifest,
                                 "stats": result.stats, "analysis": kept})


# Settings the analysis reads.
ANALYSIS_SETTINGS = ("min_role_duties", "overlap_threshold", "theme_k_min", "theme_k_max", "theme_sample",
                     "theme_dims", "seed", "dedupe_duties")


def analysis_key(table: pd.DataFrame, rows: pd.DataFrame, settings: Settings) -> str:
    """Digest of everything the analysis is computed from: distinct duties and their tokens
    (``table``), the counted duty rows of each role (``rows``), settings and code."""
    chosen = {name: getattr(settings, name) for name in ANALYSIS_SETTINGS}
    content = "\x01".join(f"{d}\x02{t}" for d, t in zip(table["duty"], table["tokens"]))
    roles = "\x01".join(map(str, rows["role"]))
    arrays = b"".join(np.ascontiguousarray(rows[c].to_numpy(), dtype=np.int64).tobytes()
                      for c in ("duty_id", "record_id"))
    return digest(analysis_version(), json.dumps(chosen, sort_keys=True), content, roles, arrays)
