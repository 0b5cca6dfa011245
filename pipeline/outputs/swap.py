"""Replacing a whole folder by another in one step, and what goes along.

``swap(staged, target)``: on Linux one renameat2(RENAME_EXCHANGE) call swaps the two folders
atomically (a reader sees the old folder or the new one, never both, never none). Where the
call is missing or the file system refuses it, two renames do it (``target`` to a hidden
``-old`` name, ``staged`` to ``target``): never mixed either, but for an instant there is no
folder, and a process killed in that instant leaves ``target`` missing and its old contents
under the ``-old`` name, which ``recover`` puts back.

``carry(target, staged, keep_out)``: entries of the folder that the new one does not replace
(the cache, a ``compare_*.csv``, a notebooks/ folder, anything a person put there) go into
the staged folder first: files as hard links (so a process killed before the swap leaves
them where they were), folders moved (``move_back`` returns what a killed commit left).
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


def sibling_name(target: Path, kind: str) -> str:
    """Prefix of the hidden folders beside ``target`` that belong to process ``pid``: staging, old."""
    return f".{target.name}.jdpipe-{kind}."


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that cannot be done here."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(staged: Path, target: Path) -> Path:
    """Put folder ``staged`` where folder ``target`` is; return where the old ``target`` now is."""
    if exchange(staged, target):
        return staged
    old = Path(tempfile.mktemp(prefix=f"{sibling_name(target, 'old')}{os.getpid()}.", dir=target.parent))
    os.rename(target, old)
    try:
        os.rename(staged, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


def carry(target: Path, staged: Path, keep_out: set[str] | frozenset[str]) -> list[str]:
    """Entries of ``target`` whose names are not in ``keep_out`` into ``staged``; return the
    folders moved (files are linked or copied, so they also stay where they were)."""
    moved = []
    with os.scandir(target) as entries:
        for entry in entries:
            if entry.name in keep_out or os.path.lexists(staged / entry.name):
                continue
            if entry.is_dir(follow_symlinks=False):
                os.rename(entry.path, staged / entry.name)
                moved.append(entry.name)
            else:
                link_or_copy(Path(entry.path), staged / entry.name)
    return moved


def link_or_copy(source: Path, dest: Path) -> None:
    """A hard link (same file, no copying); a copy with its times where links are refused."""
    try:
        os.link(source, dest, follow_symlinks=False)
    except (OSError, NotImplementedError):
        shutil.copy2(source, dest, follow_symlinks=False)


def move_back(source: Path, target: Path, names: list[str] | None = None) -> None:
    """Folders in ``source`` (those named, or all) back into ``target`` where it has none of that name."""
    for name in names if names is not None else [p.name for p in source.iterdir()]:
        path = source / name
        if path.is_dir() and not path.is_symlink() and not os.path.lexists(target / name):
            os.rename(path, target / name)
