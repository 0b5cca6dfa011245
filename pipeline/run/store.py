"""The cache's SQLite file: opened without ever deleting what another process uses, and
values sealed with a checksum, so that the cache only serves what it stored.

- A file that is not a database, or a damaged one, is replaced by an empty cache (a warning).
- A database another process holds locked, or one that cannot be opened or written, is left
  as it is: ``open_store`` raises after a short bounded wait and the run goes without it.
- Every stored value carries a BLAKE2b checksum of its key and bytes (``seal``); ``unseal``
  raises ``Damaged`` when it does not match, and the cache drops that entry and computes it
  again.
"""
from __future__ import annotations

import hashlib
import logging
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA = 2  # the layout of the tables and of a stored value; another one starts an empty cache
# How long to wait for another process's write lock before going without the cache: long
# enough for a commit, short enough that a run never stalls on a cache another run holds.
LOCK_WAIT_SECONDS = 2.0
TABLES = ("files", "tokens", "analysis", "state")  # each (key, run, value): value sealed
CHECK_BYTES = 16
# SQLite's result codes (the low byte of an extended code) that mean the file itself is bad.
DAMAGED_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


class Damaged(ValueError):
    """A stored value whose checksum does not match what is stored with it."""


def _checksum(key: str, blob) -> bytes:
    h = hashlib.blake2b(key.encode("utf-8", "surrogatepass") + b"\x00", digest_size=CHECK_BYTES)
    h.update(blob)
    return h.digest()


def seal(key: str, blob: bytes) -> bytes:
    """``blob`` with its checksum in front; the checksum covers the entry's key too, so a
    value is only ever served under the key it was stored under."""
    return _checksum(key, blob) + blob


def unseal(key: str, stored) -> memoryview:
    """The value ``seal`` stored under ``key`` (without copying it); Damaged when it was changed."""
    if not isinstance(stored, bytes) or len(stored) < CHECK_BYTES:
        raise Damaged(f"not a sealed value ({type(stored).__name__} of {len(stored)})")
    blob = memoryview(stored)[CHECK_BYTES:]
    if _checksum(key, blob) != stored[:CHECK_BYTES]:
        raise Damaged("checksum mismatch")
    return blob


def is_damaged(exc: BaseException) -> bool:
    """Whether a SQLite error says the file is not a (sound) database, rather than that it is
    locked, read-only or cannot be opened: only then may the file be replaced."""
    code = getattr(exc, "sqlite_errorcode", None) or 0  # Python 3.11+: SQLite's own code, if it has one
    return code & 0xFF in DAMAGED_CODES


def open_store(path: Path) -> sqlite3.Connection:
    """A connection to the cache at ``path``, its tables ready; a damaged file is replaced with a
    warning. Raises sqlite3.Error or OSError when the file is locked or cannot be used (it is
    then left alone)."""
    try:
        return _connect(path)
    except sqlite3.DatabaseError as exc:
        if not is_damaged(exc):
            raise
        log.warning("cache file %s is damaged (%s); replaced by an empty cache", path, exc)
        remove_store(path)
        return _connect(path)


def remove_store(path: Path) -> None:
    """The database and its write-ahead log: a log left behind would be replayed into the new file."""
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + "-journal"):
        path.with_name(name).unlink(missing_ok=True)


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=LOCK_WAIT_SECONDS)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
        if row is None or row[0] != str(SCHEMA):  # an earlier layout: start empty
            db.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in TABLES))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
        db.executescript("".join(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, run INTEGER, "
                                 f"value BLOB);" for table in TABLES))
        db.commit()
    except BaseException:
        db.close()  # never keep a half-opened connection: it would hold the file
        raise
    return db
