"""The incremental cache: per-file results, duty tokens and analysis results of earlier runs.

One SQLite file (``cache.sqlite`` in ``cache_dir``, default ``OUTPUT/.cache``). Safe to
delete at any time: a missing, unreadable or corrupt cache only means a full run.

- **files**: what reading, cleaning and parsing one file gave (manifest row, records,
  text digest, MinHash signatures), keyed by the file's content hash, its source path and
  the *parse version*: a hash of the code and resource files the per-file stage depends
  on (ingest, decoding, cleaning, parsing, dedupe signatures, ``pipeline/resources``) and
  of the library versions that shape their output. Editing the parser invalidates it.
  ``error`` rows are never cached (a crash or a timeout may not happen again).
- **tokens**: jieba tokens of one distinct duty, keyed by the text and the *token version*
  (tokenizer code, bundled and user dictionaries and stopword lists, jieba's version).
- **analysis**: the analysis outputs, keyed by a digest of everything they are computed
  from (distinct duties, tokens, role memberships, settings, analysis code).

Bounded: entries not used by one of the last ``KEEP_RUNS`` runs are dropped at the end of
each run, and the oldest go first while the file is over ``cache_max_mb``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
KEEP_RUNS = 3
SCHEMA = 1
# What the per-file stage depends on: its code, its resource files, the libraries that shape it.
PARSE_SOURCES = ("ingest.py", "decoding.py", "engine.py", "dedupe.py", "parse", "clean", "resources")
PARSE_LIBRARIES = ("beautifulsoup4", "lxml", "opencc", "charset-normalizer", "datasketch", "numpy")
TOKEN_SOURCES = ("text.py", "resources/userdict.txt", "resources/stopwords.txt")
ANALYSIS_SOURCES = ("analyze", "roles.py", "text.py", "export.py", "runner.py", "resources/role_aliases.tsv")
ANALYSIS_LIBRARIES = ("scikit-learn", "numpy", "scipy", "pandas", "pyarrow")


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def _source_files(names: Iterable[str]) -> list[Path]:
    files = []
    for name in names:
        path = PACKAGE / name
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc"
                            and "__pycache__" not in p.parts)
        elif path.is_file():
            files.append(path)
    return files


def _libraries(names: Iterable[str]) -> list[str]:
    versions = []
    for name in names:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return versions


def code_version(sources: Iterable[str], libraries: Iterable[str] = (), extra: Iterable[str | Path] = ()) -> str:
    """Hash of the named package files (folders recursively), library versions and extra files."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"schema {SCHEMA} python {sys.version_info[:2]}".encode())
    for path in _source_files(sources):
        h.update(str(path.relative_to(PACKAGE)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    for item in [*_libraries(libraries), *map(str, extra)]:
        h.update(item.encode() + b"\x00")
        if Path(item).is_file():
            h.update(Path(item).read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def parse_version() -> str:
    return code_version(PARSE_SOURCES, PARSE_LIBRARIES)


def token_version(userdicts: Iterable[str], stopwords: Iterable[str]) -> str:
    return code_version(TOKEN_SOURCES, ("jieba",), [*userdicts, "|", *stopwords])


def analysis_version() -> str:
    return code_version(ANALYSIS_SOURCES, ANALYSIS_LIBRARIES)


def pack(value) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes):
    return pickle.loads(zlib.decompress(blob))


class Cache:
    """The cache of one output folder. Every method tolerates a broken database by turning
    itself off (a warning, then a full run), never by failing the run."""

    def __init__(self, folder: str | os.PathLike, max_mb: float = 2048.0):
        self.folder, self.max_bytes = Path(folder), max_mb * 1e6
        self.path = self.folder / "cache.sqlite"
        self.db: sqlite3.Connection | None = None
        self.run = 0
        self.hits = self.misses = 0
        try:
            self._open()
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)

    # --- set-up

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError:  # not a database (a half-written or foreign file): start again
            self.path.unlink(missing_ok=True)
            self.db = self._connect()
        row = self.db.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
        self.run = (int(row[0]) if row else 0) + 1
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (str(self.run),))
        self.db.commit()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=60)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript("""
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, run INTEGER, value BLOB);
            CREATE TABLE IF NOT EXISTS tokens (key TEXT PRIMARY KEY, run INTEGER, tokens TEXT);
            CREATE TABLE IF NOT EXISTS analysis (key TEXT PRIMARY KEY, run INTEGER, value BLOB);
            CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value BLOB);
        """)
        return db

    def _disable(self, exc: BaseException) -> None:
        log.warning("cache at %s is not usable (%s); running without it", self.path, exc)
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def _safely(self, action, default=None):
        if self.db is None:
            return default
        try:
            return action(self.db)
        except (sqlite3.Error, OSError, EOFError, zlib.error, pickle.UnpicklingError) as exc:
            self._disable(exc)
            return default

    # --- per-file results (stored as packed blobs, as the workers send them)

    def get_file(self, key: str) -> bytes | None:
        def action(db):
            row = db.execute("SELECT value FROM files WHERE key = ?", (key,)).fetchone()
            if row is not None:
                db.execute("UPDATE files SET run = ? WHERE key = ?", (self.run, key))
            return row[0] if row else None

        blob = self._safely(action)
        self.hits += blob is not None
        self.misses += blob is None
        return blob

    def put_file(self, key: str, blob: bytes) -> None:
        self._safely(lambda db: db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (key, self.run, blob)))

    # --- tokens of distinct duties

    def get_tokens(self, version: str, texts: list[str]) -> dict[str, str]:
        def action(db):
            keys = {digest(version, text): text for text in texts}
            found = {}
            items = list(keys)
            for start in range(0, len(items), 500):
                chunk = items[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for key, tokens in db.execute(f"SELECT key, tokens FROM tokens WHERE key IN ({marks})", chunk):
                    found[keys[key]] = tokens
                db.execute(f"UPDATE tokens SET run = ? WHERE key IN ({marks})", (self.run, *chunk))
            return found

        return self._safely(action, {})

    def put_tokens(self, version: str, tokens: dict[str, str]) -> None:
        rows = [(digest(version, text), self.run, joined) for text, joined in tokens.items()]
        self._safely(lambda db: db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)", rows))

    # --- analysis results

    def get_analysis(self, key: str):
        def action(db):
            row = db.execute("SELECT value FROM analysis WHERE key = ?", (key,)).fetchone()
            if row is not None:
                db.execute("UPDATE analysis SET run = ? WHERE key = ?", (self.run, key))
            return unpack(row[0]) if row else None

        return self._safely(action)

    def put_analysis(self, key: str, value) -> None:
        blob = pack(value)
        self._safely(lambda db: db.execute("INSERT OR REPLACE INTO analysis VALUES (?, ?, ?)", (key, self.run, blob)))

    def touch_all(self) -> None:
        """A run that found nothing changed used every entry: keep them all as recent."""
        def action(db):
            for table in ("files", "tokens", "analysis"):
                db.execute(f"UPDATE {table} SET run = ?", (self.run,))

        self._safely(action)

    # --- what the last run wrote (for the "nothing changed" check)

    def get_state(self, name: str):
        def action(db):
            row = db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
            return unpack(row[0]) if row else None

        return self._safely(action)

    def put_state(self, name: str, value) -> None:
        blob = pack(value)
        self._safely(lambda db: db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (name, blob)))

    # --- end of a run

    def commit(self) -> None:
        self._safely(lambda db: db.commit())

    def close(self) -> None:
        """Commit, drop entries older than KEEP_RUNS runs, shrink below ``max_mb``, close."""
        started = time.perf_counter()
        self._safely(self._prune)
        self._safely(lambda db: db.close())
        self.db = None
        log.debug("cache closed in %.2fs", time.perf_counter() - started)

    def _prune(self, db: sqlite3.Connection) -> None:
        oldest_kept = self.run - KEEP_RUNS + 1
        for table in ("files", "tokens", "analysis"):
            db.execute(f"DELETE FROM {table} WHERE run < ?", (oldest_kept,))
        db.execute("DELETE FROM analysis WHERE run < (SELECT MAX(run) FROM analysis)")  # one analysis is enough
        db.commit()
        run = oldest_kept
        while self._size(db) > self.max_bytes and run <= self.run:
            for table in ("files", "tokens", "analysis"):
                db.execute(f"DELETE FROM {table} WHERE run <= ?", (run,))
            db.commit()
            db.execute("VACUUM")
            run += 1

    @staticmethod
    def _size(db: sqlite3.Connection) -> int:
        pages = db.execute("PRAGMA page_count").fetchone()[0] - db.execute("PRAGMA freelist_count").fetchone()[0]
        return pages * db.execute("PRAGMA page_size").fetchone()[0]
