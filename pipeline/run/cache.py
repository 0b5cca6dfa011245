"""The incremental cache: per-file results, duty tokens and analysis results of earlier runs.

One SQLite file (``cache.sqlite`` in ``cache_dir``, default ``OUTPUT/.cache``; ``store``).
Safe to delete at any time: a missing, damaged or locked cache only means a full run. It
checks what it serves: every value carries a checksum, and a damaged entry is dropped and
computed again.

- **files**: what reading, cleaning and parsing one file gave (manifest row, records,
  text digest, MinHash signatures), keyed by the digest of the bytes that were parsed
  (``ingest.read_digest``), the file's suffix, whether its name is UTF-8, and
  the *parse version*: a hash of every module the per-file stage imports (found from the
  code: ingest, decoding, cleaning, parsing, dedupe signatures), ``pipeline/resources``
  and the library versions that shape their output. Editing the parser invalidates it.
  ``error`` rows are never cached (a crash or a timeout may not happen again).
- **tokens**: jieba tokens of one distinct duty, keyed by the text and the *token version*
  (tokenizer code, bundled and user dictionaries and stopword lists, jieba's version).
- **analysis**: what ``pipeline.analyze.analyze`` returned (frames, duty themes, numbers),
  keyed by a digest of everything it is computed from (distinct duties, tokens, role
  memberships, settings, analysis code).

Bounded: entries not used by one of the last ``KEEP_RUNS`` runs are dropped at the end of
each run, and the oldest go first while the file is over ``cache_max_mb``.
"""
from __future__ import annotations

import ast
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

from ..analyze.analysis import Analysis
from .per_file import pack, unpack
from .store import SCHEMA, Damaged, is_damaged, open_store, remove_store, seal, unseal

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent  # pipeline/
KEEP_RUNS = 3
# What each cached stage depends on: the modules it imports (found from the code, so a moved
# or new module is never left out), the resource files it reads, the libraries that shape it.
PARSE_ENTRY = "pipeline.run.per_file"
PARSE_RESOURCES = ("resources",)
PARSE_LIBRARIES = ("beautifulsoup4", "lxml", "opencc", "charset-normalizer", "datasketch", "numpy",
                   "python-docx", "pypdf")
TOKEN_ENTRY = "pipeline.analyze.tokens"
TOKEN_RESOURCES = ("resources/userdict.txt", "resources/stopwords.txt")
ANALYSIS_ENTRY = "pipeline.analyze.analysis"
ANALYSIS_RESOURCES = ("resources/role_aliases.tsv", "resources/roles.toml", "resources/role_families.tsv")
ANALYSIS_LIBRARIES = ("scikit-learn", "numpy", "scipy", "pandas", "pyarrow")
RUN_ENTRY = "pipeline.run.flow"  # what a whole run writes (the "nothing changed" check)
# What loading a stored value raises when it is not what was stored: its checksum fails
# (Damaged), or, should a damaged value ever pass it, what zlib and pickle raise on bad bytes.
DAMAGE = (Damaged, zlib.error, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
          IndexError, KeyError)


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def module_file(name: str) -> Path | None:
    """The source file of module ``pipeline.X.Y`` (a package's ``__init__.py``), if any."""
    parts = name.split(".")
    if parts[0] != PACKAGE.name:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(path: Path, name: str) -> set[str]:
    """Names of the modules ``path`` (module ``name``) imports, at any depth of its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


@lru_cache(maxsize=None)
def imported_modules(entry: str) -> tuple[Path, ...]:
    """Every file of this package that module ``entry`` imports, directly or not, sorted. (The
    ``__init__`` of a package on the way runs too, but what it imports besides does not shape
    the stage's result, so it is not followed.)"""
    seen: dict[str, Path] = {}
    todo = [entry]
    while todo:
        name = todo.pop()
        path = module_file(name)
        if name in seen or path is None:
            continue
        seen[name] = path
        todo += [n for n in _imports(path, name) if n.startswith(PACKAGE.name + ".")]
    return tuple(sorted(set(seen.values())))


def _resource_files(names: Iterable[str]) -> list[Path]:
    files = []
    for name in names:
        path = PACKAGE / name
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix not in (".pyc", ".py")
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


def code_version(entry: str, resources: Iterable[str] = (), libraries: Iterable[str] = (),
                 extra: Iterable[str | Path] = ()) -> str:
    """Hash of the modules ``entry`` imports, the named resource files (folders recursively),
    library versions and extra files (a user's word lists)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"schema {SCHEMA} python {sys.version_info[:2]}".encode())
    for path in [*imported_modules(entry), *_resource_files(resources)]:
        h.update(str(path.relative_to(PACKAGE)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    for item in [*_libraries(libraries), *map(str, extra)]:
        h.update(item.encode() + b"\x00")
        if Path(item).is_file():
            h.update(Path(item).read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def parse_version() -> str:
    return code_version(PARSE_ENTRY, PARSE_RESOURCES, PARSE_LIBRARIES)


def token_version(userdicts: Iterable[str], stopwords: Iterable[str]) -> str:
    return code_version(TOKEN_ENTRY, TOKEN_RESOURCES, ("jieba",), [*userdicts, "|", *stopwords])


def analysis_version() -> str:
    return code_version(ANALYSIS_ENTRY, ANALYSIS_RESOURCES, ANALYSIS_LIBRARIES)


def run_version() -> str:
    """Everything a run's outputs depend on besides the stages above: how it writes them."""
    return code_version(RUN_ENTRY)


def decode_text(blob) -> str:
    return str(blob, "utf-8", "surrogatepass")


class Cache:
    """The cache of one output folder. It checks what it serves and never fails the run: a
    damaged entry is dropped and computed again (one warning for the run); a locked or
    unusable database turns the cache off for the run (a warning), and is never deleted."""

    def __init__(self, folder: str | os.PathLike, max_mb: float = 2048.0):
        self.folder, self.max_bytes = Path(folder), max_mb * 1e6
        self.path = self.folder / "cache.sqlite"
        self.db: sqlite3.Connection | None = None
        self.run = 0
        self.damaged: list[str] = []  # "table: why" of each entry dropped
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.db = open_store(self.path)
            self._start_run()
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)

    # --- set-up

    def _start_run(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE name = 'run'").fetchone()
        self.run = (int(row[0]) if row else 0) + 1
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('run', ?)", (str(self.run),))
        self.db.commit()

    def _disable(self, exc: BaseException) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None
        if is_damaged(exc):  # found damaged while in use: the next run starts an empty one
            log.warning("cache file %s is damaged (%s); this run goes without it, the next starts an empty one",
                        self.path, exc)
            remove_store(self.path)
        else:  # locked by another run, read-only, cannot be opened: not ours to delete
            log.warning("cache %s is not usable (%s); this run goes without it and leaves it as it is",
                        self.path, exc)

    @property
    def enabled(self) -> bool:
        return self.db is not None

    def _safely(self, action, default=None):
        if self.db is None:
            return default
        try:
            return action(self.db)
        except (sqlite3.Error, OSError) as exc:
            self._disable(exc)
            return default

    # --- one stored value, checked

    def _get(self, table: str, key: str, load=unpack):
        """``load`` of the value stored under ``key`` (marked as used by this run); None when
        there is none, or when it is damaged (then it is dropped)."""
        def action(db):
            row = db.execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
            value = self._opened(db, table, key, row[0], load) if row else None
            if value is not None:
                db.execute(f"UPDATE {table} SET run = ? WHERE key = ?", (self.run, key))
            return value

        return self._safely(action)

    def _opened(self, db: sqlite3.Connection, table: str, key: str, stored, load):
        """``load`` of a sealed value; None (the entry dropped) when it fails its checksum or
        does not load."""
        try:
            return load(unseal(key, stored))
        except DAMAGE as exc:
            db.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
            self.damaged.append(f"{table}: {type(exc).__name__}: {exc}")
            return None

    def _put(self, table: str, rows: list[tuple[str, bytes]]) -> None:
        sealed = [(key, self.run, seal(key, blob)) for key, blob in rows]
        self._safely(lambda db: db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)", sealed))

    # --- per-file results (stored packed, as the workers send them)

    def get_file(self, key: str):
        """The FileOutcome stored under ``key``, or None."""
        return self._get("files", key)

    def put_file(self, key: str, blob: bytes) -> None:
        self._put("files", [(key, blob)])

    # --- tokens of distinct duties

    def get_tokens(self, version: str, texts: list[str]) -> dict[str, str]:
        def action(db):
            keys = {digest(version, text): text for text in texts}
            found = {}
            items = list(keys)
            for start in range(0, len(items), 500):
                chunk = items[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(f"SELECT key, value FROM tokens WHERE key IN ({marks})", chunk).fetchall()
                for key, stored in rows:
                    tokens = self._opened(db, "tokens", key, stored, decode_text)
                    if tokens is not None:
                        found[keys[key]] = tokens
                db.execute(f"UPDATE tokens SET run = ? WHERE key IN ({marks})", (self.run, *chunk))
            return found

        return self._safely(action, {})

    def put_tokens(self, version: str, tokens: dict[str, str]) -> None:
        self._put("tokens", [(digest(version, text), joined.encode("utf-8", "surrogatepass"))
                             for text, joined in tokens.items()])

    # --- analysis results

    def get_analysis(self, key: str, tokens):
        """The Analysis stored under ``key``, its duty table rebuilt on ``tokens`` (the same
        distinct duties and tokens: they are part of the key); None when there is none."""
        stored = self._get("analysis", key)
        if stored is None:
            return None
        return Analysis(stored["frames"], tokens.assign(theme=stored["themes"]), stored["summary"])

    def put_analysis(self, key: str, analysis) -> None:
        """The frames, duty themes and numbers of ``analysis`` (not the fitted models)."""
        blob = pack({"frames": analysis.frames, "themes": analysis.duties["theme"].to_numpy(),
                     "summary": analysis.summary})
        self._put("analysis", [(key, blob)])

    def touch_all(self) -> None:
        """A run that found nothing changed used every entry: keep them all as recent."""
        def action(db):
            for table in ("files", "tokens", "analysis"):
                db.execute(f"UPDATE {table} SET run = ?", (self.run,))

        self._safely(action)

    # --- what the last run wrote (for the "nothing changed" check)

    def get_state(self, name: str):
        return self._get("state", name)

    def put_state(self, name: str, value) -> None:
        self._put("state", [(name, pack(value))])

    # --- end of a run

    def commit(self) -> None:
        self._safely(lambda db: db.commit())

    def close(self) -> None:
        """Commit, drop entries older than KEEP_RUNS runs, shrink below ``max_mb``, close."""
        started = time.perf_counter()
        if self.damaged:
            log.warning("cache: %d damaged entr%s dropped and computed again (%s)", len(self.damaged),
                        "y" if len(self.damaged) == 1 else "ies", self.damaged[0])
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
