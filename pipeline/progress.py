"""Progress bars: tqdm on stderr, only for a person watching a terminal.

Off with ``--quiet`` (``quiet = true``) and whenever stderr is not a terminal (CI logs, pipes,
notebooks reading captured output), so logs never fill with carriage-return noise.
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence

from tqdm import tqdm

log = logging.getLogger(__name__)


def shown(quiet: bool) -> bool:
    return not quiet and sys.stderr.isatty()


def progress(total: int, desc: str, quiet: bool, unit: str = "file") -> tqdm:
    """A bar of ``total`` items (files, duties); a no-op bar when not shown."""
    return tqdm(total=total, desc=desc, unit=unit, disable=not shown(quiet), leave=False)


class Steps:
    """A bar whose ticks are the named steps of one stage: ``with Steps(...) as step: step("themes")``.

    For stages made of a few long calls (fit k-means, match duties) where items cannot be
    counted: the bar shows which step runs and how long the stage has taken.
    """

    def __init__(self, desc: str, names: Sequence[str], quiet: bool):
        self.desc, self.names = desc, list(names)
        self.bar = tqdm(total=len(self.names), desc=desc, unit="step", disable=not shown(quiet), leave=False,
                        bar_format="{desc} ({n_fmt}/{total_fmt} steps, {elapsed})")
        self.started = False
        self.seconds: dict[str, float] = {}  # per step, for benchmarks and the debug log
        self._current: tuple[str, float] | None = None

    def __call__(self, name: str) -> None:
        if self.started:
            self.bar.update()
        self.started = True
        self._stop_clock()
        self._current = (name, time.perf_counter())
        self.bar.set_description_str(f"{self.desc}: {name}")

    def _stop_clock(self) -> None:
        if self._current is not None:
            name, began = self._current
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began
            self._current = None

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *exc) -> None:
        if self.started and not any(exc):
            self.bar.update()
        self._stop_clock()
        log.debug("%s steps: %s", self.desc, ", ".join(f"{k} {v:.2f}s" for k, v in self.seconds.items()))
        self.bar.close()
