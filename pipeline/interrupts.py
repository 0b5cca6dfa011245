"""A person's stop (Ctrl-C, SIGTERM): one sentence, exit 130 / 143, no traceback, no process left.

- The command's process (``handling_stops``, around every CLI command): SIGTERM is handled like
  Ctrl-C, as ``Interrupted``, a KeyboardInterrupt that knows its signal. Every stop is also
  recorded, so that one Python swallows on the way (raised inside a ``__del__``, which only
  prints it) still stops the run before its outputs are replaced (``check``).
- Around the replacement of the outputs (``deferred``): a stop waits until it is done, so the
  folder is never left half-way; the message then says the new outputs are in place.
- Worker processes (``worker_started``, the pools' initializer): SIGINT is ignored (a terminal's
  Ctrl-C reaches every process of its group; the parent stops its workers), SIGTERM keeps its
  default (a quiet end), and a worker dies with its parent, even one killed with SIGKILL:
  prctl(PR_SET_PDEATHSIG) on Linux, elsewhere a thread that watches the parent's process id.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from contextlib import contextmanager

STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))
PR_SET_PDEATHSIG = 1


class Interrupted(KeyboardInterrupt):
    """A stop by ``signum`` (SIGINT or SIGTERM)."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _State:
    received: list[int] = []  # stops seen by this command, first first
    replaced = False  # the command's outputs are in place (a later stop cannot undo that)


def exit_code(exc: KeyboardInterrupt) -> int:
    """130 for Ctrl-C (SIGINT), 143 for SIGTERM: 128 + the signal's number, as shells report it."""
    return 128 + getattr(exc, "signum", signal.SIGINT)


def message() -> str:
    if _State.replaced:
        return "interrupted; the new outputs were already complete and in place."
    return "interrupted; earlier outputs left as they were."


def _on_stop(signum, frame) -> None:
    _State.received.append(signum)
    raise Interrupted(signum)


def on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def handling_stops():
    """SIGINT and SIGTERM raise ``Interrupted`` in this block (main thread only: signal handlers
    belong to it); the handlers before it are restored after."""
    _State.received, _State.replaced = [], False
    previous = {signum: signal.signal(signum, _on_stop) for signum in STOPS} if on_main_thread() else {}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _State.received, _State.replaced = [], False  # what was recorded belonged to this block


def check() -> None:
    """Raise ``Interrupted`` if a stop came, even one that was swallowed where it landed."""
    if _State.received:
        raise Interrupted(_State.received[0])


@contextmanager
def deferred():
    """A stop arriving in this block is held until its end, then raised."""
    if not on_main_thread():
        yield
        return
    held: list[int] = []
    previous = {signum: signal.signal(signum, lambda s, f: held.append(s)) for signum in STOPS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if held and previous.get(held[0]) is _on_stop:  # a person's stop under handling_stops
        _State.received.append(held[0])
        raise Interrupted(held[0])
    if held:  # the handler in place before: Python's default for SIGINT, or the caller's own
        signal.raise_signal(held[0])


def note_replaced() -> None:
    _State.replaced = True


def worker_started(parent: int) -> None:
    """Initializer of every worker process: stops are the parent's business; die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _parent_death_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM):
        threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True, name="watch-parent").start()
    if not process_exists(parent):  # it died before the line above could take effect
        os._exit(1)


def _parent_death_signal(signum: int) -> bool:
    """Linux: the kernel sends ``signum`` to this process when its parent ends."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def process_exists(pid: int) -> bool:
    """Whether process ``pid`` is alive (Unix; elsewhere assumed alive)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
