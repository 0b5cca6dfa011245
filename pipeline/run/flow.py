"""The one conductor: ``jdpipe parse`` and ``jdpipe run``, from input files to outputs, in flow order.

1. Files go to an engine (``engines``: local processes or Dask) in input order and come back
   in that order, each read, cleaned and parsed by the per-file stage (``per_file``); the
   cache answers for files it knows (``incremental``).
2. In this process, for each file's outcome: duplicates are marked (``pipeline.dedupe``),
   roles made canonical (``run`` only), records and duty rows streamed to staged outputs
   (``pipeline.outputs``) and into the duty corpus (``pipeline.analyze.corpus``), which keeps
   only the distinct duty texts and three integers per duty row.
3. ``run`` only: tokens (from the cache, else cut on the engine), then ``pipeline.analyze``,
   whose frames and duty themes are written beside the parse outputs.
4. With ``excel = true``, jdpipe.xlsx from the staged tables; ``run`` only: report.html, into
   staging too (``finish``).
5. Everything replaces the previous outputs in one step (``Staging.commit``).
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from ..analyze.analysis import STEPS, AnalysisSummary, analyze
from ..analyze.corpus import DutyCorpus
from ..analyze.roles import RoleNamer, alias_table, record_texts
from ..analyze.tokens import JiebaTokenizer, token_table, tokenize_chunk
from ..config import Settings
from ..coverage_notes import add_coverage_reason
from ..dedupe import Deduper
from ..errors import StrictFailure, UserError
from ..ingest.tables import is_table
from ..outputs.files import write_frames
from ..outputs.schema import DUTY_TYPES, record_row
from ..outputs.staging import Staging
from ..outputs.streams import DutyWriter, RecordWriter, RowProblemWriter, write_analysed_duties, write_manifest
from ..progress import Steps, progress
from ..subset import Where
from ..walk import check_apart, walk_inputs
from .cache import Cache, token_version
from .engines import make_engine
from .incremental import Lookups, analysis_key, content_key, run_fingerprint, save_state, up_to_date
from .per_file import FileTask, PostingTask
from .summary import ParseResult, RunSummary
from .table_rows import TableEnd, TableTally, table_columns

log = logging.getLogger(__name__)

# Below this many new duties one process is faster: each worker first loads jieba's
# dictionary (~0.6 s) and cuts every duty it gets, which one process does at ~0.15 ms a duty.
PARALLEL_TOKENS_MIN = 10_000
TOKEN_CHUNK = 1_000


def run_all(settings: Settings) -> int:
    """``jdpipe run``: parse ``settings.input``, analyse, write every output and report.html into
    ``settings.output`` (all replaced in one step), print the summary; return the exit code."""
    out_dir = Path(settings.output)
    reports = []

    def add_report(staging: Staging) -> None:  # part of the run's outputs, so written before they are committed
        from ..report import write_staged_report  # its plotting libraries load when the report is due

        reports.append(write_staged_report(staging, out_dir, settings))

    result, analysis = run_corpus([settings.input], out_dir, settings, analyse=True, keep_records=False,
                                  use_cache=settings.cache, finish=add_report)
    report = reports[0] if reports else unchanged_report(out_dir)
    seconds = {"parse": result.seconds, "analysis": analysis.seconds, "report": report.seconds if report else 0.0}
    print(RunSummary.of(settings.input, settings.output, result, analysis, report, seconds).format(),
          file=sys.stderr)
    return result.exit_code()


def unchanged_report(out_dir: Path):
    """The report a run with nothing to change left as it was."""
    from ..report import ReportResult

    path = out_dir / "report.html"
    return ReportResult(path, 0.0) if path.is_file() else None


def parse_inputs(inputs: list[str], out_dir: Path | None, settings: Settings, keep_records: bool = True) -> ParseResult:
    """``jdpipe parse``: every file under ``inputs`` parsed; the parse outputs written to
    ``out_dir`` (None: nothing written, the records kept). With ``keep_records=False`` records
    are counted, not kept. Under ``--strict`` a failed file raises StrictFailure before any
    output is replaced."""
    result, _ = run_corpus(inputs, out_dir, settings, keep_records=keep_records)
    return result


def run_corpus(inputs: list[str], out_dir: Path | None, settings: Settings, *, analyse: bool = False,
               keep_records: bool = True, use_cache: bool = False, on_file=None, finish=None):
    """Parse every file under ``inputs`` into ``out_dir`` (with ``analyse``, analyse too);
    return ``(ParseResult, AnalysisSummary | None)``. ``finish(staging)`` adds to the outputs
    last, before they are committed.

    With ``use_cache``: unchanged files come from the cache, and when nothing at all changed
    since the last run (same files and contents, settings, code) and its outputs are as it
    left them, nothing is rewritten: the summary of that run is returned."""
    started = time.perf_counter()
    out_dir = Path(out_dir) if out_dir is not None else None
    check_apart(inputs, out_dir, cache_folder(settings, out_dir) if use_cache and out_dir else None)
    tasks = file_tasks(inputs, settings)
    cache = Cache(cache_folder(settings, out_dir), settings.cache_max_mb) if use_cache and out_dir else None
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
                                            started, finish)
        if fingerprint is not None and not result.failures():
            save_state(cache, fingerprint, out_dir, names, result, analysis)
    finally:
        if cache is not None:
            cache.close()
    release_memory()
    return result, analysis


def write_run(tasks, keys, out_dir, settings, cache, analyse, keep_records, on_file, started, finish=None):
    """Parse (and analyse, and ``finish``) into staging, then commit: everything replaced in one step."""
    try:
        staging = Staging(out_dir) if out_dir is not None else None
    except OSError as exc:
        raise UserError(f"cannot write outputs to '{out_dir}' ({exc.strerror or exc}).") from None
    try:
        with make_engine(settings) as engine:
            sink = ParseSink(staging, settings, analyse, keep_records, tables=any(t.columns is not None for t in tasks))
            stream_files(tasks, keys, engine, cache, sink, settings, on_file)
            result = sink.result
            result.seconds = time.perf_counter() - started
            if settings.strict and result.failures():
                failed = [(row["source"], row["reason"]) for row in result.manifest if row["status"] == "error"]
                raise StrictFailure(result.summary_line(), failed, str(out_dir))  # before any output is replaced
            analysis = analyse_corpus(sink.corpus, sink.duties.path, staging, settings, engine, cache) \
                if analyse else None
        if staging is not None and settings.excel:
            write_workbook(staging, result.manifest)
        if staging is not None and finish is not None:
            finish(staging)
        names = staging.commit() if staging is not None else []
    except OSError as exc:  # the previous outputs are intact: say so in one sentence
        if staging is not None:
            staging.abort()
        raise UserError(f"cannot write outputs to '{out_dir}' ({exc.strerror or exc}); "
                        f"previous outputs there are unchanged.") from None
    except BaseException:
        if staging is not None:
            staging.abort()
        raise
    return result, analysis, names


class ParseSink:
    """Everything done, in input order, with one file's outcome (writing only with ``staging``);
    the postings of an export are added up into its one manifest row (``TableTally``)."""

    def __init__(self, staging: Staging | None, settings: Settings, analyse: bool, keep_records: bool,
                 tables: bool = False):
        self.staging, self.analyse, self.keep_records = staging, analyse, keep_records
        self.coverage_warning = (settings.coverage_warn_lines, settings.coverage_warn_share)
        self.deduper = Deduper(settings.near_duplicate_threshold)
        self.where = Where.parse(settings.where)
        self.records = self.duties = self.row_problems = None
        if staging is not None:
            self.records = RecordWriter(staging, with_meta=tables)
            if analyse:  # duty rows get tokens and themes after the analysis: park them meanwhile
                self.duties = DutyWriter(staging, "duties.parquet", DUTY_TYPES, part="rows")
            else:
                self.duties = DutyWriter(staging, "duties.parquet", DUTY_TYPES, csv_name="duties.csv")
            if tables:
                self.row_problems = RowProblemWriter(staging.path("row_problems.csv"))
        self.corpus = DutyCorpus(settings.dedupe_duties) if analyse else None
        self.name_role = RoleNamer(alias_table(settings.role_aliases)) if analyse else None
        self.table = TableTally()
        self.result = ParseResult()
        self.result.stats.duplicates = self.deduper.counts

    def add(self, task, outcome) -> None:
        row, records = outcome.row, outcome.records
        signatures = outcome.signatures or [None] * len(records)
        duplicate_of = self.deduper.document(row["source"], outcome.digest, records, signatures)
        if isinstance(task, PostingTask):
            self._posting(task, row, records)
        elif isinstance(task, TableEnd):
            self.result.manifest.append({**self.table.manifest_row(row), "duplicate_of": ""})
            self.table = TableTally()
        else:
            row["duplicate_of"] = duplicate_of
            add_coverage_reason(row, *self.coverage_warning)  # here, not in the cached outcome: a setting
            self.result.manifest.append(row)
        for record in records:
            if self.where and not self.where.matches(record):
                self.result.stats.outside_where += 1
                continue
            if self.analyse:
                self._canonical(record)
                self.corpus.add(record.record_id, record.role, record.duties, record.duplicate_of)
            self.result.stats.add(record)
            if self.records is not None:
                self.records.add(record)
                self.duties.add_record(record)
            if self.keep_records:  # the public form: dicts, as records.jsonl has them
                self.result.records.append(record_row(record))

    def _posting(self, task: PostingTask, row: dict, records) -> None:
        """One row of an export: counted into its file's tally, listed in row_problems.csv when
        it gave no record or lost duty-like lines; its records carry the row's other columns."""
        problem = self.table.add(row, *self.coverage_warning)
        self.result.stats.rows += 1
        if problem:
            self.result.stats.row_problems += 1
            if self.row_problems is not None:
                self.row_problems.add(task.file, task.row, task.source, problem)
        for record in records:
            record.meta = task.meta

    def _canonical(self, record) -> None:
        """The record's role, level and family from its title (memoised: titles repeat a lot);
        a rank alone (经理) takes its department from the record."""
        found = self.name_role(record.title or record.role, record.kind, record.department,
                               lambda: record_texts(record))
        record.role, record.level, record.family = found.role, found.level, found.family

    def close(self) -> None:
        if self.staging is not None:
            self.records.close()
            self.duties.close()
            if self.row_problems is not None:
                self.row_problems.close()
            write_manifest(self.result.manifest, self.staging.path("manifest.csv"))


def write_workbook(staging: Staging, manifest: list[dict]) -> None:
    """jdpipe.xlsx from the staged outputs (the ``excel`` setting)."""
    from ..outputs.excel import write_run_workbook  # openpyxl loads only when a workbook is asked for

    write_run_workbook(staging, manifest)


def stream_files(tasks, keys, engine, cache, sink: ParseSink, settings: Settings, on_file=None) -> None:
    """Every file's outcome, in input order, into ``sink``."""
    lookups = Lookups(tasks, cache, keys)
    stats = sink.result.stats
    with progress(len(tasks), "parse", settings.quiet) as bar:
        for task, blob in engine.run_files(lookups):
            outcome, how = lookups.outcome(task, blob)
            stats.count(task, how)
            sink.add(task, outcome)
            if not isinstance(task, PostingTask):  # a file, or the end of an export's rows
                bar.update()
                if on_file:
                    on_file()
            elif stats.rows % 1000 == 0:  # an export's rows move the bar's note, not the bar
                bar.set_postfix_str(f"{stats.rows:,} postings")
    if cache is not None:
        cache.commit()
    sink.close()
    warn_changed(lookups.changed)
    sink.result.changed_while_read = lookups.changed


def warn_changed(sources: list[str]) -> None:
    """One line for the files rewritten while the run read them: their records are from the
    bytes read, and this run's outputs do not count as up to date for the next one."""
    if sources:
        log.warning("%d file%s changed while this run read %s (%s); records are from the bytes parsed",
                    len(sources), "s" if len(sources) > 1 else "", "them" if len(sources) > 1 else "it",
                    ", ".join(sources[:3]) + (", ..." if len(sources) > 3 else ""))


def analyse_corpus(corpus: DutyCorpus, parked: Path, staging: Staging, settings: Settings, engine=None,
                   cache=None) -> AnalysisSummary:
    """Tokens, then ``analyze`` (or its cached result), written into ``staging``; the duty rows
    parked there get their tokens and themes."""
    started = time.perf_counter()
    with Steps("analysis", STEPS, settings.quiet) as step:
        step("roles")  # made canonical while streaming
        step("tokens")
        texts = corpus.texts()
        tokens = token_table(texts, duty_tokens(texts, settings, engine, cache))
        if engine is not None:  # the workers' part is done: give their memory back before fitting
            engine.close()
        key = analysis_key(tokens, corpus.role_rows(texts), settings) if cache is not None else None
        analysis = cache.get_analysis(key, tokens) if key else None
        if analysis is None:
            analysis = analyze(corpus, tokens, settings, step)
            if key:
                cache.put_analysis(key, analysis)
        write_frames(analysis.frames, staging.dir)
        write_analysed_duties(staging, parked, analysis.duties)
    analysis.summary.seconds = time.perf_counter() - started
    return analysis.summary


def duty_tokens(texts: list[str], settings: Settings, engine=None, cache=None) -> dict[str, str]:
    """``tokens\\x1ffeatures`` of every text: cached ones looked up, the rest cut (on the engine's
    workers when many). A fully cached run never loads jieba's dictionary."""
    tokenizer = JiebaTokenizer(settings.userdict, settings.stopwords)
    version = token_version(tokenizer.userdicts, tokenizer.stopwords) if cache is not None else ""
    found = cache.get_tokens(version, texts) if cache is not None else {}
    missing = [text for text in texts if text not in found]
    if engine is not None and engine.parallel and len(missing) >= PARALLEL_TOKENS_MIN:
        chunks = [(missing[i:i + TOKEN_CHUNK], tokenizer.userdicts, tokenizer.stopwords)
                  for i in range(0, len(missing), TOKEN_CHUNK)]
        new = [joined for part in engine.map_chunks(tokenize_chunk, chunks) for joined in part]
    else:
        new = tokenize_chunk((missing, tokenizer.userdicts, tokenizer.stopwords))
    fresh = dict(zip(missing, new))
    if cache is not None and fresh:
        cache.put_tokens(version, fresh)
    return found | fresh


def cache_folder(settings: Settings, out_dir: Path) -> Path:
    return Path(settings.cache_dir) if settings.cache_dir else out_dir / ".cache"


def file_tasks(inputs: list[str], settings: Settings) -> list[FileTask]:
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise UserError(f"input '{missing[0]}' does not exist.")
    max_bytes = int(settings.max_file_mb * 1e6) if settings.max_file_mb else None
    max_seconds = settings.max_file_seconds or None
    tasks = [FileTask(e.path, e.root, max_bytes, max_seconds, e.source, e.problem) for e in walk_inputs(inputs)]
    tasks = [table_columns(task, settings) if task.problem is None and is_table(task.path) else task
             for task in tasks]
    if all(task.problem is not None and task.problem.status == "skipped" for task in tasks):
        # a wrong folder, not an empty corpus: earlier outputs stay as they were
        raise UserError(f"no files in {', '.join(repr(i) for i in inputs)}; nothing was parsed and "
                        "earlier outputs were left as they were.")
    return tasks


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
