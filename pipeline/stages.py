"""The pipeline's stages wired together: what ``jdpipe parse`` and ``jdpipe run`` do."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from .config import Settings
from .runner import ParseResult, run_corpus  # streaming, engines, cache, duplicates: pipeline/runner.py

log = logging.getLogger(__name__)


def parse_inputs(inputs: list[str], out_dir: Path, settings: Settings, keep_records: bool = True) -> ParseResult:
    """Parse every file under ``inputs`` and write the parse outputs to ``out_dir`` (streamed:
    with ``keep_records=False`` the records are not kept in memory, only counted). Under
    ``--strict`` a failed file raises StrictFailure before any output is replaced."""
    result, _ = run_corpus(inputs, Path(out_dir), settings, keep_records=keep_records)
    return result


def run_all(settings: Settings) -> int:
    """Parse ``settings.input``, run every later stage into ``settings.output``, write the report
    and print a summary (documents, records, duties, roles, themes, warnings, time per stage)."""
    from .run_summary import RunSummary

    out_dir = Path(settings.output)
    # parse and analysis in one streamed pass (records are counted, not kept), cache and all
    result, analysis = run_corpus([settings.input], out_dir, settings, analyse=True, keep_records=False,
                                  use_cache=settings.cache)
    started = time.perf_counter()
    from .report import write_report  # its plotting libraries load when the report is due

    report = write_report(out_dir, settings)
    seconds = {"parse": result.seconds, "analysis": analysis.seconds, "report": time.perf_counter() - started}
    summary = RunSummary.of(settings.input, settings.output, result.manifest, [], analysis, report, seconds)
    result.stats.fill(summary)
    print(summary.format(), file=sys.stderr)
    return result.exit_code(settings.strict)
