"""A cache folder that belongs to this user: jieba's dictionary cache lives here, never in the
shared temp folder (where another user's ``jieba.cache`` could be read as ours or block ours).

``$XDG_CACHE_HOME/jdpipe`` (default ``~/.cache/jdpipe``), mode 700. When that folder cannot be
made, or is not ours alone, a private temporary folder of this process is used instead
(removed at exit): jieba then builds its dictionary again once per process, nothing worse.
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


def private_cache_folder() -> str:
    """The per-user cache folder when it is usable and ours alone, else a private temp folder."""
    folder = user_cache_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return _process_temp_folder()
    others_may_write = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    if info.st_uid != os.geteuid() or others_may_write or not os.access(folder, os.W_OK | os.X_OK):
        return _process_temp_folder()
    return str(folder)


@lru_cache(maxsize=1)
def _process_temp_folder() -> str:
    folder = tempfile.mkdtemp(prefix=f"{APP}-cache-")  # mode 700, a new name: nobody else's file
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
