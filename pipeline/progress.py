"""Progress bars: tqdm on stderr, only for a person watching a terminal.

Off with ``--quiet`` (``quiet = true``) and whenever stderr is not a terminal (CI logs, pipes,
notebooks reading captured output), so logs never fill with carriage-return noise.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence

from tqdm import tqdm


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

    def __call__(self, name: str) -> None:
        if self.started:
            self.bar.update()
        self.started = True
        self.bar.set_description_str(f"{self.desc}: {name}")

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *exc) -> None:
        if self.started and not any(exc):
            self.bar.update()
        self.bar.close()
