"""The streaming run behind ``jdpipe parse`` and ``jdpipe run``.

Files go to an engine (local processes or Dask) in input order and come back in that
order; for each one, in this process: the cache is filled, duplicates are marked
(``pipeline.dedupe``), roles are made canonical (``run`` only), and the records and duty
rows are written straight to the staged outputs (``pipeline.writers``). Only what the
analysis needs is kept: the distinct duty texts and, per duty row, three integers.
Unchanged files come from the cache (``pipeline.cache``) without being read by a worker.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .cache import Cache, unpack
from .config import ConfigError, Settings, StrictFailure
from .coverage_notes import add_coverage_reason, coverage_line
from .dedupe import Deduper, DuplicateCounts
from .engine import FileTask, LocalEngine, packed_outcome, task_source
from .incremental import SAME_AS_EARLIER, Lookups, content_key, rebase, run_fingerprint, save_state, up_to_date
from .walk import check_apart, walk_inputs
from .writers import DUTY_TYPES, DutyWriter, RecordWriter, Staging, write_manifest

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
    copied_files: int = 0  # same bytes as an earlier file of the run: its outcome reused
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
        if self.copied_files:
            line += f", {self.copied_files} byte-identical copies of a parsed file reused"
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
                f"{self.stats.duties} duties in {self.seconds:.1f}s; duplicates: {self.stats.duplicates.line()}\n"
                f"coverage: {coverage_line(self.manifest)}")


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
    tasks = [FileTask(e.path, e.root, max_bytes, max_seconds, e.source, e.problem) for e in walk_inputs(inputs)]
    if all(task.problem is not None and task.problem.status == "skipped" for task in tasks):  # a wrong folder, not an empty corpus: earlier outputs stay as they were
        raise ConfigError(f"no files in {', '.join(repr(i) for i in inputs)}; nothing was parsed and "
                          "earlier outputs were left as they were.")
    return tasks


def run_corpus(inputs: list[str], out_dir: Path, settings: Settings, *, analyse: bool = False,
               keep_records: bool = True, use_cache: bool = False, on_file=None):
    """Parse every file under ``inputs`` into ``out_dir`` (and with ``analyse``, run the
    analysis stage too); return ``(ParseResult, AnalysisSummary | None)``.

    With ``use_cache``: unchanged files come from the cache, and when nothing at all changed
    since the last run (same files and contents, settings, code) and its outputs are as it
    left them, nothing is rewritten: the summary of that run is returned."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    check_apart(inputs, out_dir, cache_folder(settings, out_dir) if use_cache else None)
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
        self.coverage_warning = (settings.coverage_warn_lines, settings.coverage_warn_share)
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
        add_coverage_reason(row, *self.coverage_warning)  # here, not in the cached outcome: a setting
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
            copied = blob == SAME_AS_EARLIER
            if copied:  # parsed here only when the earlier file failed
                blob = lookups.copied(task) or packed_outcome(task)
            outcome = unpack(blob)
            if copied or lookups.came_from_cache(task):
                if copied:
                    stats.copied_files += 1
                else:
                    stats.cached_files += 1
                source = task_source(task)
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
