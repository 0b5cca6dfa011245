"""A cache folder that belongs to this user: jieba's dictionary cache lives here, never in the
shared temp folder (where another user's ``jieba.cache`` could be read as ours, or block ours
and make jieba print a traceback).

``$XDG_CACHE_HOME/jdpipe`` (default ``~/.cache/jdpipe``), mode 700. When that folder cannot be
made, or it or the cache file in it is not ours alone, a private temporary folder of this
process is used instead (removed at exit): jieba then builds its dictionary again once per
process, nothing worse.
"""
from __future__ import annotations

import atexit
import os
import shutil
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

APP = "jdpipe"


def user_cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / APP


def private_cache_folder(*files: str) -> str:
    """The per-user cache folder when it is usable and ours alone (and so are ``files`` in it,
    where they exist), else a private temp folder."""
    folder = user_cache_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        usable = _ours(folder, directory=True) and all(_ours(folder / name) for name in files
                                                         if os.path.lexists(folder / name))
    except OSError:
        usable = False
    return str(folder) if usable else _process_temp_folder()


def _ours(path: Path, directory: bool = False) -> bool:
    """Owned by this user, of the expected kind (no link), writable by nobody else."""
    info = path.lstat()
    kind = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    others_may_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    writable = os.access(path, os.W_OK | (os.X_OK if directory else 0))
    return kind and info.st_uid == os.geteuid() and not others_may_write and writable


@lru_cache(maxsize=1)
def _process_temp_folder() -> str:
    folder = tempfile.mkdtemp(prefix=f"{APP}-cache-")  # mode 700, a new name: nobody else's file
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
