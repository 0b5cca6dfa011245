"""Crash-safe writing: every output goes to a temporary name first and is renamed into place.

A failed, interrupted or ``--strict``-failed run leaves the previous outputs as they were;
temporaries carry their writer's process id, so a later run removes what a killed one left.
"""
from __future__ import annotations

import glob
import os
import shutil
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

STAGING_PREFIX = ".jdpipe-staging."


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


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@lru_cache(maxsize=1)
def new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class Staging:
    """Where a run writes: outputs are renamed into ``out_dir`` together by ``commit``.

    Streamed outputs are written to hidden ``.NAME.PID.XXXXXXXX.tmp`` files beside their
    final names (the convention of ``atomic_path``, whose clean-up also removes what a
    killed run left); outputs written whole go into a hidden folder
    ``.jdpipe-staging.PID.XXXX`` (``dir``), created when first asked for.
    """

    def __init__(self, out_dir: str | os.PathLike):
        self.out_dir = Path(out_dir)
        self.created = not self.out_dir.exists()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.files: dict[str, Path] = {}  # output name -> its temporary file
        self._dir: Path | None = None

    def path(self, name: str, part: str = "") -> Path:
        """A temporary file for output ``name`` (``part`` names an intermediate file of it)."""
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{os.getpid()}.", suffix=f"{part and '.' + part}.tmp",
                                   dir=self.out_dir)
        os.close(fd)
        os.chmod(tmp, new_file_mode())
        if not part:
            self.files[name] = Path(tmp)
        else:
            self.files[f"{name}#{part}"] = Path(tmp)
        return Path(tmp)

    def discard(self, path: Path) -> None:
        """An intermediate file that is done with."""
        path.unlink(missing_ok=True)
        self.files = {name: p for name, p in self.files.items() if p != path}

    def staged(self, name: str) -> Path | None:
        """Where output ``name`` waits for ``commit`` (streamed or written whole); None when it
        was not written."""
        if name in self.files:
            return self.files[name]
        path = self._dir / name if self._dir is not None else None
        return path if path is not None and path.is_file() else None

    @property
    def dir(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}.", dir=self.out_dir))
        return self._dir

    def commit(self) -> list[str]:
        """Rename every staged output into the output folder; return their names."""
        moves = [(tmp, self.out_dir / name) for name, tmp in self.files.items() if "#" not in name]
        if self._dir is not None:
            moves += [(p, self.out_dir / p.name) for p in sorted(self._dir.iterdir())
                      if p.is_file() and not p.name.startswith(".")]
        for tmp, final in moves:
            os.replace(tmp, final)
        self.abort(keep_folder=True)
        for _, final in moves:
            remove_stale_temporaries(final)
        remove_stale_staging(self.out_dir)
        return sorted(final.name for _, final in moves)

    def abort(self, keep_folder: bool = False) -> None:
        for tmp in self.files.values():
            tmp.unlink(missing_ok=True)
        self.files = {}
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
        if self.created and not keep_folder:
            try:
                self.out_dir.rmdir()  # only when nothing else was put there meanwhile
            except OSError:
                pass


def remove_stale_staging(out_dir: Path) -> None:
    """Staging folders of runs that were killed (their process is gone)."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name[len(STAGING_PREFIX):].split(".", 1)[0]
        if folder.is_dir() and pid.isdigit() and not process_exists(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
