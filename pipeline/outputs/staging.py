"""Crash-safe writing: a run's outputs (report.html too) appear together or not at all.

A run writes every output into a staging folder, a hidden sibling of the output folder
(``.OUT.jdpipe-staging.PID.XXXX`` beside ``OUT``), and ``commit`` then puts that folder in
the output folder's place in one step (``swap``: renameat2(RENAME_EXCHANGE) on Linux), after
carrying over what is not the run's (the cache, ``compare_*.csv``, notebooks/, a person's
files). The outputs keep their plain names, as real files: a reader (Excel, a browser, pandas)
sees the whole previous run or the whole new one, whatever signal, crash or full disk comes
when. Outputs of the previous run that the new one does not write go with the old folder.

The folder itself is replaced: a shell whose working folder it is stays in the old one
(``cd .`` again), and its mode is kept but not its owner or ACLs. Where it cannot be replaced
(a mount point, a parent folder that cannot be written) the staging folder is made inside it
and the files are renamed one by one, stops deferred meanwhile: there only SIGKILL or a power
cut in those few milliseconds can leave a mix.

Leftovers of a killed run carry its process id; the next run cleans them up (``recover``).
Single files written on their own (``atomic_path``: ``jdpipe compare``'s CSV, a report
written elsewhere) go through a hidden temporary file renamed into place.
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .. import interrupts
from ..interrupts import process_exists
from .schema import OUTPUT_NAMES
from .swap import carry, link_or_copy, move_back, sibling_name, swap

STAGING_PREFIX = ".jdpipe-staging."  # a staging folder inside the output folder


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success.

    The temporary name (``.NAME.PID.XXXXXXXX.tmp``) is hidden and carries the writer's process
    id, so that a later successful write can remove what a killed run left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, new_file_mode())  # mkstemp makes it owner-only; outputs get the usual mode
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    remove_stale_temporaries(path)


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files of ``path`` whose writer process is gone (a run killed mid-write)."""
    if os.name != "posix":  # os.kill(pid, 0) only asks on Unix
        return
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not process_exists(int(pid)):
            tmp.unlink(missing_ok=True)


@lru_cache(maxsize=1)
def new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class Staging:
    """Where a run writes (``folder``) until ``commit`` makes it the output folder ``out_dir``.

    ``path(name)`` is where output ``name`` is written; ``path(name, part)`` an intermediate
    file of it (hidden, never committed). A link ``out_dir`` keeps pointing at the folder it
    names: that folder is the one replaced.
    """

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)
        self.target = Path(os.path.realpath(self.out_dir))
        recover(self.target)
        self.created = not self.target.exists()
        self.target.mkdir(parents=True, exist_ok=True)
        self.folder, self.beside = staging_folder(self.target)

    def path(self, name: str, part: str = "") -> Path:
        """Where output ``name`` (or its intermediate file ``part``) is written."""
        return self.folder / (f".{name}.{part}" if part else name)

    def discard(self, path: Path) -> None:
        """An intermediate file that is done with."""
        path.unlink(missing_ok=True)

    def staged(self, name: str) -> Path | None:
        """Where output ``name`` waits for ``commit`` (streamed or written whole); None when it
        was not written."""
        path = self.folder / name
        return path if path.is_file() else None

    @property
    def dir(self) -> Path:
        return self.folder

    def keep(self, names) -> None:
        """Outputs of the current folder that stay as they are in the new one (linked, not copied)."""
        for name in sorted(names):
            if (self.target / name).is_file() and not (self.folder / name).exists():
                link_or_copy(self.target / name, self.folder / name)

    def commit(self) -> list[str]:
        """Make the staged outputs the output folder's, in one step; return their names."""
        interrupts.check()  # a stop that was swallowed where it landed still stops the run here
        for path in self.folder.iterdir():
            if path.name.startswith("."):  # intermediate files
                path.unlink()
        names = sorted(p.name for p in self.folder.iterdir())
        with interrupts.deferred():
            if self.beside:
                self._swap_folders(names)
            else:
                self._rename_each(names)
            interrupts.note_replaced()
        return names

    def _swap_folders(self, names: list[str]) -> None:
        os.chmod(self.folder, os.stat(self.target).st_mode & 0o7777)
        moved = carry(self.target, self.folder, OUTPUT_NAMES | set(names))
        try:
            old = swap(self.folder, self.target)
        except BaseException:
            move_back(self.folder, self.target, moved)
            raise
        shutil.rmtree(old, ignore_errors=True)

    def _rename_each(self, names: list[str]) -> None:
        for name in names:
            os.replace(self.folder / name, self.target / name)
        for name in OUTPUT_NAMES - set(names):  # an earlier run's outputs this one did not write
            (self.target / name).unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        remove_stale_staging(self.target)

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        if self.created:
            try:
                self.target.rmdir()  # only when nothing else was put there meanwhile
            except OSError:
                pass


def staging_folder(target: Path) -> tuple[Path, bool]:
    """A new staging folder, with ``target``'s mode; True when it is beside ``target``
    (the whole folder can be swapped), False when inside it."""
    folder = None
    if not mount_point(target):
        try:
            folder = tempfile.mkdtemp(prefix=f"{sibling_name(target, 'staging')}{os.getpid()}.", dir=target.parent)
        except OSError:  # the parent folder cannot be written: stage inside
            pass
    beside = folder is not None
    folder = Path(folder or tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}.", dir=target))
    os.chmod(folder, os.stat(target).st_mode & 0o7777)
    return folder, beside


def mount_point(path: Path) -> bool:
    """Whether ``path`` is mounted on (a bind mount on the same file system too, from Linux's
    mount table): such a folder cannot be renamed."""
    if os.path.ismount(path):
        return True
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as table:
            fields = [line.split() for line in table]
    except OSError:
        return False
    # the table writes a space, tab, newline or backslash as an octal escape (\040)
    mounted = {re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), f[4]) for f in fields if len(f) > 4}
    return str(path) in mounted


def recover(target: Path) -> None:
    """Clean up after killed runs: an output folder a run was killed while replacing is put back
    (two-rename swaps), folders carried into a killed run's staging go back, the rest is deleted."""
    for kind in ("old", "staging"):
        for folder in stale_folders(target.parent, sibling_name(target, kind)):
            if kind == "old" and not os.path.lexists(target):
                os.rename(folder, target)
                continue
            if target.is_dir():
                move_back(folder, target)
            shutil.rmtree(folder, ignore_errors=True)
    if target.is_dir():
        remove_stale_staging(target)


def stale_folders(parent: Path, prefix: str) -> list[Path]:
    """Folders ``PREFIX PID.*`` in ``parent`` whose process is gone."""
    found = []
    for folder in parent.glob(f"{glob.escape(prefix)}*"):
        pid = folder.name[len(prefix):].split(".", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and pid.isdigit() and not process_exists(int(pid)):
            found.append(folder)
    return sorted(found)


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders inside ``out_dir`` of runs that were killed (their process is gone)."""
    for folder in stale_folders(out_dir, STAGING_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
