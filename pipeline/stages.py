"""The pipeline's stages wired together: what ``jdpipe parse`` and ``jdpipe run`` do."""
from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .config import ConfigError, Settings
from .engine import FileTask, map_files
from .export import write_parse_outputs
from .ingest import find_files

log = logging.getLogger(__name__)


@dataclass
class ParseResult:
    records: list[dict] = field(default_factory=list)
    manifest: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def failures(self) -> int:
        return sum(row["status"] == "error" for row in self.manifest)

    def exit_code(self, strict: bool) -> int:
        return 1 if strict and self.failures() else 0

    def summary_line(self) -> str:
        by_status: dict[str, int] = {}
        for row in self.manifest:
            by_status[row["status"]] = by_status.get(row["status"], 0) + 1
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        duties = sum(len(r["duties"]) for r in self.records)
        return (f"jdpipe: {len(self.manifest)} files ({statuses}), {len(self.records)} records, "
                f"{duties} duties in {self.seconds:.1f}s")


def progress(total: int, desc: str, settings: Settings):
    return tqdm(total=total, desc=desc, unit="file", disable=settings.quiet or not sys.stderr.isatty(), leave=False)


def parse_inputs(inputs: list[str], out_dir: Path, settings: Settings) -> ParseResult:
    """Parse every file under ``inputs`` and write the parse outputs to ``out_dir``."""
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise ConfigError(f"input '{missing[0]}' does not exist.")
    started = time.perf_counter()
    max_bytes = int(settings.max_file_mb * 1e6) if settings.max_file_mb else None
    max_seconds = settings.max_file_seconds or None
    tasks = [FileTask(str(path), str(root), max_bytes, max_seconds) for path, root in find_files(inputs)]
    result = ParseResult()
    with progress(len(tasks), "parse", settings) as bar:
        for row, records in map_files(tasks, settings.effective_workers(), on_done=bar.update):
            result.manifest.append(row)
            result.records.extend(records)
    try:
        write_parse_outputs(result.records, result.manifest, out_dir)
    except OSError as exc:  # the previous outputs are intact: say so in one sentence
        raise ConfigError(f"cannot write outputs to '{out_dir}' ({exc.strerror or exc}); "
                          f"previous outputs there are unchanged.") from None
    result.seconds = time.perf_counter() - started
    return result


def run_all(settings: Settings) -> int:
    """Parse ``settings.input`` and run every later stage into ``settings.output``."""
    from .analyze import run_analysis

    out_dir = Path(settings.output)
    result = parse_inputs([settings.input], out_dir, settings)
    print(result.summary_line(), file=sys.stderr)
    print(run_analysis(result.records, out_dir, settings).line(), file=sys.stderr)
    return result.exit_code(settings.strict)
