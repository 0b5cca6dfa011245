"""The streaming run behind ``jdpipe parse`` and ``jdpipe run``.

Files go to an engine (local processes or Dask) in input order and come back in that
order; for each one, in this process: the cache is filled, duplicates are marked
(``pipeline.dedupe``), roles are made canonical (``run`` only), and the records and duty
rows are written straight to the staged outputs (``pipeline.writers``). Only what the
analysis needs is kept: the distinct duty texts and, per duty row, three integers.
Unchanged files come from the cache (``pipeline.cache``) without being read by a worker.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .cache import Cache, digest, parse_version, unpack
from .config import ConfigError, Settings, StrictFailure
from .dedupe import Deduper, DuplicateCounts
from .engine import FileTask, LocalEngine
from .ingest import find_files, relative_source
from .writers import (
    ANALYSED_DUTY_TYPES, DUTY_TYPES, DutyWriter, RecordWriter, Staging, write_manifest,
)

log = logging.getLogger(__name__)


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
    parsed_files: int = 0
    unchanged: bool = False  # nothing changed since the last run: no output was rewritten

    def add(self, record: dict) -> None:
        self.records += 1
        self.duties += len(record["duties"])
        self.warnings += len(record.get("warnings") or [])
        self.records_with_warnings += bool(record.get("warnings"))
        self.roles.add(record.get("role"))

    def fill(self, summary) -> None:
        """Put the counts into a ``run_summary.RunSummary`` built without the records."""
        summary.records, summary.duties, summary.roles = self.records, self.duties, len(self.roles)
        summary.records_with_warnings, summary.warnings = self.records_with_warnings, self.warnings
        summary.duplicates = self.duplicates.line()
        summary.cache = self.cache_line()

    def cache_line(self) -> str:
        line = f"{self.cached_files} files from the cache, {self.parsed_files} parsed"
        return line + ("; nothing changed since the last run, outputs left as they were" if self.unchanged else "")


@dataclass
class ParseResult:
    records: list[dict] = field(default_factory=list)  # only when asked for (keep_records)
    manifest: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    stats: CorpusStats = field(default_factory=CorpusStats)

    def failures(self) -> int:
        return sum(row["status"] == "error" for row in self.manifest)

    def exit_code(self, strict: bool) -> int:
        """1 when a file failed (its row says why; the rest is written). ``strict`` is handled
        earlier: a strict run with a failure stops before writing (StrictFailure)."""
        return 1 if self.failures() else 0

    def summary_line(self) -> str:
        by_status: dict[str, int] = {}
        for row in self.manifest:
            by_status[row["status"]] = by_status.get(row["status"], 0) + 1
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        return (f"jdpipe: {len(self.manifest)} files ({statuses}), {self.stats.records} records, "
                f"{self.stats.duties} duties in {self.seconds:.1f}s; duplicates: {self.stats.duplicates.line()}")


class DutyIndex:
    """What the analysis needs from the duty rows, in compact form.

    ``ids``: distinct duty text -> id (first seen first). For each counted duty row, three
    integers: role code, duty id, record number. With ``dedupe_duties`` a record whose first
    occurrence (``duplicate_of``) has the same role is not counted, so a copied JD adds its
    duties to its role once.
    """

    def __init__(self, dedupe: bool):
        self.dedupe = dedupe
        self.ids: dict[str, int] = {}
        self.role_codes: dict[str, int] = {}
        self.root_roles: dict[str, int] = {}  # record_id of a first occurrence -> role code
        self.columns = [np.zeros(1 << 16, dtype=np.int32) for _ in range(3)]  # role, duty, record
        self.rows = 0
        self.records = 0
        self.roles_with_duties: set[int] = set()

    def add(self, record: dict) -> None:
        role = self.role_codes.setdefault(record["role"], len(self.role_codes))
        original = record.get("duplicate_of")
        if original is None and self.dedupe:
            self.root_roles[record["record_id"]] = role
        ids = [self.ids.setdefault(duty, len(self.ids)) for duty in record["duties"]]
        if not ids:
            return
        self.roles_with_duties.add(role)
        self.records += 1
        if self.dedupe and original is not None and self.root_roles.get(original) == role:
            return
        end = self.rows + len(ids)
        if end > len(self.columns[0]):
            self.columns = [np.concatenate([c, np.zeros(max(len(c), len(ids)), dtype=np.int32)])
                            for c in self.columns]
        self.columns[0][self.rows:end] = role
        self.columns[1][self.rows:end] = ids
        self.columns[2][self.rows:end] = self.records
        self.rows = end

    def role_names(self) -> np.ndarray:
        names = np.empty(len(self.role_codes), dtype=object)
        for name, code in self.role_codes.items():
            names[code] = name
        return names


def make_engine(settings: Settings):
    if settings.engine == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(settings.effective_workers(), settings.scheduler, settings.dask_processes)
    if settings.engine != "local":
        raise ConfigError(f"setting 'engine' must be 'local' or 'dask', not '{settings.engine}'.")
    return LocalEngine(settings.effective_workers())


def cache_folder(settings: Settings, out_dir: Path) -> Path:
    return Path(settings.cache_dir) if settings.cache_dir else out_dir / ".cache"


def file_tasks(inputs: list[str], settings: Settings) -> list[FileTask]:
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise ConfigError(f"input '{missing[0]}' does not exist.")
    max_bytes = int(settings.max_file_mb * 1e6) if settings.max_file_mb else None
    max_seconds = settings.max_file_seconds or None
    return [FileTask(str(path), str(root), max_bytes, max_seconds) for path, root in find_files(inputs)]


def content_key(task: FileTask) -> str | None:
    """Cache key of a regular file within the size limit: its bytes, the parse version, and what
    of its name reaches the result (the suffix, whether the name is UTF-8). Not the path: a
    renamed file, or a byte-identical copy, is found too (``rebase`` gives it its own source)."""
    try:
        info = os.stat(task.path)
        if not stat.S_ISREG(info.st_mode) or (task.max_bytes is not None and info.st_size > task.max_bytes):
            return None
        h = hashlib.blake2b(digest_size=20)
        with open(task.path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
    except OSError:
        return None
    name = os.fsencode(Path(task.path).name)
    return digest(parse_version(), Path(task.path).suffix.lower(), str(_is_utf8(name)), h.hexdigest())


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def rebase(outcome, source: str) -> None:
    """A cached outcome of the same bytes under another name: its source and record ids, as
    ``parse_text`` would give them for ``source`` (ids hash the source; repeats get ``#n``)."""
    from .parse.record import make_record_id

    outcome.row["source"] = source
    seen: dict[str, int] = {}
    for record in outcome.records:
        record["source"] = source
        start, title = record["span"][0], record["title"]
        base = make_record_id(source, start, title)
        n = seen.get(base, 0)
        seen[base] = n + 1
        record["record_id"] = make_record_id(source, start, f"{title}#{n}") if n else base


class Lookups:
    """(task, cached outcome or None) pairs for the engine; remembers each task's key."""

    def __init__(self, tasks: list[FileTask], cache: Cache | None, known: dict | None = None):
        self.tasks, self.cache, self.known = tasks, cache, known or {}
        self.keys: dict[str, str] = {}  # files to parse -> their key
        self.hits: set[str] = set()  # files that came from the cache

    def __iter__(self) -> Iterator[tuple[FileTask, bytes | None]]:
        for task in self.tasks:
            key = None
            if self.cache is not None and self.cache.enabled:
                key = self.known[task.path] if task.path in self.known else content_key(task)
            ready = self.cache.get_file(key) if key else None
            if ready is not None:
                self.hits.add(task.path)
            elif key:
                self.keys[task.path] = key
            yield task, ready

    def came_from_cache(self, task: FileTask) -> bool:
        if task.path in self.hits:
            self.hits.discard(task.path)
            return True
        return False

    def store(self, task: FileTask, blob: bytes, status: str) -> None:
        key = self.keys.pop(task.path, None)
        if key and status != "error":
            self.cache.put_file(key, blob)


def run_corpus(inputs: list[str], out_dir: Path, settings: Settings, *, analyse: bool = False,
               keep_records: bool = True, use_cache: bool = False, on_file=None):
    """Parse every file under ``inputs`` into ``out_dir`` (and with ``analyse``, run the
    analysis stage too); return ``(ParseResult, AnalysisSummary | None)``.

    With ``use_cache``: unchanged files come from the cache, and when nothing at all changed
    since the last run (same files and contents, settings, code) and its outputs are as it
    left them, nothing is rewritten: the summary of that run is returned."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    tasks = file_tasks(inputs, settings)
    cache = Cache(cache_folder(settings, out_dir), settings.cache_max_mb) if use_cache else None
    try:
        keys, fingerprint = None, None
        if cache is not None and cache.enabled:
            keys = {task.path: content_key(task) for task in tasks}
            fingerprint = run_fingerprint(tasks, keys, settings, analyse)
            done = None if keep_records else up_to_date(cache, fingerprint, out_dir)
            if done is not None:
                done[0].seconds = time.perf_counter() - started
                return done
        result, analysis, names = write_run(tasks, keys, out_dir, settings, cache, analyse, keep_records, on_file,
                                            started)
        if fingerprint is not None and not result.failures():
            save_state(cache, fingerprint, out_dir, names, result, analysis)
    finally:
        if cache is not None:
            cache.close()
    release_memory()
    return result, analysis


def write_run(tasks, keys, out_dir, settings, cache, analyse, keep_records, on_file, started):
    try:
        staging = Staging(out_dir)
    except OSError as exc:
        raise ConfigError(f"cannot write outputs to '{out_dir}' ({exc.strerror or exc}).") from None
    try:
        with make_engine(settings) as engine:
            result, sink = stream_files(tasks, keys, engine, cache, staging, settings, analyse, keep_records, on_file)
            result.seconds = time.perf_counter() - started
            if settings.strict and result.failures():
                failed = [(row["source"], row["reason"]) for row in result.manifest if row["status"] == "error"]
                raise StrictFailure(result.summary_line(), failed, str(out_dir))  # before any output is replaced
            analysis = None
            if analyse:
                from .analyze.streamed import analyse_index

                analysis = analyse_index(sink.index, sink.duties.path, staging, settings, engine=engine, cache=cache)
        names = staging.commit()
    except OSError as exc:  # the previous outputs are intact: say so in one sentence
        staging.abort()
        raise ConfigError(f"cannot write outputs to '{out_dir}' ({exc.strerror or exc}); "
                          f"previous outputs there are unchanged.") from None
    except BaseException:
        staging.abort()
        raise
    return result, analysis, names


# Settings that change how a run goes, not what it writes.
NOT_IN_FINGERPRINT = {"workers", "quiet", "engine", "scheduler", "dask_processes", "strict", "cache", "cache_dir",
                      "cache_max_mb"}


def run_fingerprint(tasks: list[FileTask], keys: dict, settings: Settings, analyse: bool) -> str | None:
    """Everything the outputs depend on; None when a file could not be hashed (always run)."""
    import json

    from .cache import analysis_version, token_version

    if any(keys[task.path] is None for task in tasks):
        return None
    chosen = {k: v for k, v in settings.as_dict().items() if k not in NOT_IN_FINGERPRINT}
    versions = [analysis_version(), token_version(settings.userdict, settings.stopwords)] if analyse else []
    listing = "\n".join(f"{relative_source(Path(t.path), Path(t.root))}\t{keys[t.path]}" for t in tasks)
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
    result.stats.cached_files, result.stats.parsed_files = len(result.manifest), 0
    result.stats.unchanged = True
    analysis = state["analysis"]
    if analysis is not None:
        analysis.seconds = 0.0  # nothing was analysed this time
    return result, analysis


def save_state(cache: Cache, fingerprint: str | None, out_dir: Path, names: list[str], result: ParseResult,
               analysis) -> None:
    import dataclasses

    outputs = _output_stats(out_dir, names) if fingerprint else None
    if outputs is None:
        return
    kept = dataclasses.replace(analysis, models={}) if analysis is not None else None
    cache.put_state("last_run", {"fingerprint": fingerprint, "outputs": outputs, "manifest": result.manifest,
                                 "stats": result.stats, "analysis": kept})


def release_memory() -> None:
    """Give the heap the run no longer uses back to the system, so later stages (the report)
    start from the live data, not from the parse's high-water mark (glibc only)."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class ParseSink:
    """Everything done, in input order, with one file's outcome."""

    def __init__(self, staging: Staging, settings: Settings, analyse: bool, keep_records: bool):
        from .roles import alias_table

        self.staging, self.analyse, self.keep_records = staging, analyse, keep_records
        self.deduper = Deduper(settings.near_duplicate_threshold)
        self.records = RecordWriter(staging)
        if analyse:  # duty rows get tokens and themes after the analysis: park them meanwhile
            self.duties = DutyWriter(staging, "duties.parquet", DUTY_TYPES, part="rows")
        else:
            self.duties = DutyWriter(staging, "duties.parquet", DUTY_TYPES, csv_name="duties.csv")
        self.index = DutyIndex(settings.dedupe_duties) if analyse else None
        self.aliases = alias_table(settings.role_aliases) if analyse else None
        self.role_memo: dict[tuple, str] = {}
        self.result = ParseResult()
        self.result.stats.duplicates = self.deduper.counts

    def add(self, outcome) -> None:
        from .roles import canonical_role

        row, records = outcome.row, outcome.records
        signatures = outcome.signatures or [None] * len(records)
        row["duplicate_of"] = self.deduper.document(row["source"], outcome.digest, records, signatures)
        self.result.manifest.append(row)
        for record in records:
            if self.analyse:
                record["role"] = self._canonical(record, canonical_role)
                self.index.add(record)
            self.result.stats.add(record)
            self.records.add(record)
            self.duties.add_record(record)
        if self.keep_records:
            self.result.records.extend(records)

    def _canonical(self, record: dict, canonical_role) -> str:
        """canonical_role of the record's title, memoised (titles repeat a lot)."""
        key = (record.get("title") or record.get("role"), record.get("kind", "role"))
        role = self.role_memo.get(key)
        if role is None:
            if len(self.role_memo) > 100_000:
                self.role_memo.clear()
            role = self.role_memo[key] = canonical_role(key[0], key[1], self.aliases)
        return role

    def close(self) -> None:
        self.records.close()
        self.duties.close()
        write_manifest(self.result.manifest, self.staging.path("manifest.csv"))


def stream_files(tasks, keys, engine, cache, staging, settings, analyse, keep_records, on_file):
    from .progress import progress

    sink = ParseSink(staging, settings, analyse, keep_records)
    lookups = Lookups(tasks, cache, keys)
    stats = sink.result.stats
    with progress(len(tasks), "parse", settings.quiet) as bar:
        for task, blob in zip(tasks, engine.run_files(lookups)):
            outcome = unpack(blob)
            if lookups.came_from_cache(task):
                stats.cached_files += 1
                source = relative_source(Path(task.path), Path(task.root))
                if outcome.row["source"] != source:
                    rebase(outcome, source)
            else:
                stats.parsed_files += 1
                if cache is not None:
                    lookups.store(task, blob, outcome.row["status"])
            sink.add(outcome)
            bar.update()
            if on_file:
                on_file()
    if cache is not None:
        cache.commit()
    sink.close()
    return sink.result, sink
