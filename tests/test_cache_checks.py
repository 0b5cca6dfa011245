"""The cache checks what it serves (issue 17, point 3): a file's result is stored under the key
of the bytes that were parsed; a damaged entry is dropped and computed again; a damaged cache
file is replaced; a locked or unusable cache is bypassed and never deleted. Each time: the
right records, one warning line, exit 0."""
import logging
import os
import sqlite3
import subprocess
import sys

import pytest

from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.run import run_corpus
from pipeline.run import flow, incremental, per_file, store
from pipeline.run.cache import Cache

from .conftest import read_jsonl

CLERK = "客服专员岗位职责\n1、接听客户电话，解答客户咨询；\n2、处理客户投诉并及时反馈。\n"
SELLER = "销售代表岗位职责\n1、开发新客户，维护客户关系；\n2、完成部门下达的销售任务。\n"
DRIVER = "司机岗位职责\n1、负责公司车辆的日常驾驶；\n2、做好车辆保养与清洁。\n"
OUTPUTS = ("records.jsonl", "duties.csv", "manifest.csv", "themes.csv", "role_terms.csv", "duties.parquet")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(CLERK, encoding="utf-8")
    (folder / "b.txt").write_text(SELLER, encoding="utf-8")
    return folder


def run(corpus, out, workers=1, **settings):
    """What `jdpipe run` does before the report; (exit code, cache line)."""
    settings = load_settings(workers=workers, quiet=True, **settings)
    result, _ = run_corpus([str(corpus)], out, settings, analyse=True, keep_records=False, use_cache=True)
    return result.exit_code(), result.stats.cache_line()


def titles(out):
    return {record["source"]: record["title"] for record in read_jsonl(out / "records.jsonl")}


def warnings(caplog):
    """The warning lines of this package since the last call (not Dask's: a slow machine makes
    its scheduler say its event loop was unresponsive)."""
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("pipeline")]
    caplog.clear()
    return lines


def touch_outputs(out):
    """An output changed since the last run: the run goes through the cache, not around it."""
    os.utime(out / "duties.csv", ns=(1, 1))


# --- a file rewritten between its key and its parse --------------------------------------------

def rewrite_after_its_key(monkeypatch, path, text):
    """``path`` holds ``text`` from just after the run took its key: whichever engine and
    process parses it then reads the new bytes."""
    real = flow.content_key

    def content_key(task):
        key = real(task)
        if task.path == str(path):
            path.write_text(text, encoding="utf-8")
        return key

    monkeypatch.setattr(flow, "content_key", content_key)


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_file_rewritten_while_read_is_stored_under_the_bytes_parsed(engine, corpus, tmp_path, monkeypatch,
                                                                        caplog):
    if engine == "dask":
        pytest.importorskip("distributed")
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        rewrite_after_its_key(patch, corpus / "a.txt", DRIVER)
        assert run(corpus, out, engine=engine, workers=2) == (0, "0 files from the cache, 2 parsed")
    assert titles(out)["a.txt"] == "司机"  # the bytes that were parsed
    [line] = warnings(caplog)
    assert "1 file changed while this run read it (a.txt)" in line
    # Back to the bytes it had when its key was taken: nothing of the driver page is served
    # for them, not from the cache, not as "nothing changed since the last run".
    (corpus / "a.txt").write_text(CLERK, encoding="utf-8")
    assert run(corpus, out) == (0, "1 files from the cache, 1 parsed")
    assert titles(out) == {"a.txt": "客服专员", "b.txt": "销售代表"}
    # The driver page's result was kept under the driver page's bytes.
    (corpus / "a.txt").write_text(DRIVER, encoding="utf-8")
    assert run(corpus, out) == (0, "2 files from the cache, 0 parsed")
    assert titles(out)["a.txt"] == "司机"
    assert warnings(caplog) == []


@pytest.mark.parametrize("name,data", [
    ("page.txt", CLERK.encode("utf-8")),
    ("page.html", f"<html><body><p>{SELLER}</p></body></html>".encode("gb18030")),
    ("empty.txt", b""),
    ("scan.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100),  # binary: the reader stops at 8 KB
])
def test_the_key_of_the_bytes_parsed_is_the_key_they_are_looked_up_by(name, data, tmp_path):
    (tmp_path / name).write_bytes(data)
    task = per_file.FileTask(str(tmp_path / name), str(tmp_path))
    outcome = per_file.analyse_file(task)
    assert outcome.content is not None
    assert incremental.parsed_key(task, outcome) == incremental.content_key(task)


# --- damaged entries ----------------------------------------------------------------------------

def damage(out, table, how):
    """One stored value of ``table`` damaged: a byte flipped, or bytes that pass the checksum
    but are not a pickle."""
    with sqlite3.connect(out / ".cache" / "cache.sqlite") as db:
        key, value = db.execute(f"SELECT key, value FROM {table} ORDER BY key LIMIT 1").fetchone()
        if how == "flipped byte":
            middle = len(value) // 2
            value = value[:middle] + bytes([value[middle] ^ 0x10]) + value[middle + 1:]
        else:
            value = store.seal(key, b"not a zlib stream")
        db.execute(f"UPDATE {table} SET value = ? WHERE key = ?", (value, key))
    db.close()


@pytest.mark.parametrize("table,how", [("files", "flipped byte"), ("tokens", "flipped byte"),
                                       ("analysis", "flipped byte"), ("state", "flipped byte"),
                                       ("files", "sealed garbage"), ("analysis", "sealed garbage")])
def test_a_damaged_entry_is_dropped_and_computed_again(table, how, corpus, tmp_path, caplog):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run(corpus, out)
    run(corpus, fresh)
    warnings(caplog)
    damage(out, table, how)
    touch_outputs(out)
    code, line = run(corpus, out)
    assert code == 0
    expected = "1 files from the cache, 1 parsed" if table == "files" else "2 files from the cache, 0 parsed"
    assert line == expected
    [warning] = warnings(caplog)
    assert f"cache: 1 damaged entry dropped and computed again ({table}: " in warning
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    touch_outputs(out)  # the entry was stored again, sound
    assert run(corpus, out) == (0, "2 files from the cache, 0 parsed")
    assert warnings(caplog) == []


def test_values_swapped_between_entries_are_not_served(corpus, tmp_path, caplog):
    """The clerk's result under the seller's key would be a lie: the checksum covers the key."""
    out = tmp_path / "out"
    run(corpus, out)
    with sqlite3.connect(out / ".cache" / "cache.sqlite") as db:
        (key_a, value_a), (key_b, value_b) = db.execute("SELECT key, value FROM files").fetchall()
        db.executemany("UPDATE files SET value = ? WHERE key = ?", [(value_b, key_a), (value_a, key_b)])
    db.close()
    warnings(caplog)
    touch_outputs(out)
    assert run(corpus, out) == (0, "0 files from the cache, 2 parsed")
    assert titles(out) == {"a.txt": "客服专员", "b.txt": "销售代表"}
    [line] = warnings(caplog)
    assert "cache: 2 damaged entries dropped and computed again (files: Damaged: checksum mismatch)" in line


def test_a_sealed_value_is_served_only_unchanged_and_under_its_own_key():
    sealed = store.seal("key", b"some packed outcome")
    assert bytes(store.unseal("key", sealed)) == b"some packed outcome"
    for position in range(len(sealed)):
        flipped = sealed[:position] + bytes([sealed[position] ^ 1]) + sealed[position + 1:]
        with pytest.raises(store.Damaged):
            store.unseal("key", flipped)
    with pytest.raises(store.Damaged):
        store.unseal("another key", sealed)  # a value moved to another row
    with pytest.raises(store.Damaged):
        store.unseal("key", "tokens stored as text by an older cache")


# --- a damaged, a locked and an unusable cache file -------------------------------------------

def test_a_damaged_cache_file_is_replaced_with_a_warning(corpus, tmp_path, caplog):
    out = tmp_path / "out"
    cache = out / ".cache"
    cache.mkdir(parents=True)
    (cache / "cache.sqlite").write_bytes(b"half-written, or not ours at all\x00" * 200)
    (cache / "cache.sqlite-wal").write_bytes(b"\x37\x7f\x06\x82 a log of some other database" * 50)
    assert main(["run", "--input", str(corpus), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert titles(out) == {"a.txt": "客服专员", "b.txt": "销售代表"}
    [line] = warnings(caplog)
    assert "is damaged (file is not a database); replaced by an empty cache" in line
    touch_outputs(out)
    assert run(corpus, out) == (0, "2 files from the cache, 0 parsed")
    assert warnings(caplog) == []


HOLD_LOCK = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")  # the write lock, as a run in progress holds it
print("locked", flush=True)
sys.stdin.read()  # until the test lets go
"""


def test_a_cache_locked_by_another_process_is_bypassed_never_deleted(corpus, tmp_path, caplog):
    out = tmp_path / "out"
    run(corpus, out)
    path = out / ".cache" / "cache.sqlite"
    before = (path.stat().st_ino, path.read_bytes())
    (corpus / "b.txt").write_text(DRIVER, encoding="utf-8")  # a change this run must see
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        warnings(caplog)
        assert main(["run", "--input", str(corpus), "--out", str(out), "--workers", "1", "--quiet"]) == 0
        assert titles(out) == {"a.txt": "客服专员", "b.txt": "司机"}
        [line] = warnings(caplog)
        assert "is not usable (database is locked); this run goes without it and leaves it as it is" in line
        assert (path.stat().st_ino, path.read_bytes()) == before  # the other process's file, untouched
    finally:
        holder.communicate("")
    assert run(corpus, out) == (0, "1 files from the cache, 1 parsed")  # lock released: used again
    assert warnings(caplog) == []


def test_a_lock_taken_during_the_run_turns_the_cache_off(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(store, "LOCK_WAIT_SECONDS", 0.05)
    cache = Cache(tmp_path)
    other = sqlite3.connect(tmp_path / "cache.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    cache.put_file("key", per_file.pack(per_file.FileOutcome({"source": "a.txt"})))
    assert not cache.enabled and cache.get_file("key") is None
    cache.close()
    [line] = warnings(caplog)
    assert "database is locked" in line
    other.execute("ROLLBACK")
    other.close()
    assert (tmp_path / "cache.sqlite").is_file()


def test_a_cache_that_cannot_be_opened_is_bypassed_and_left_alone(corpus, tmp_path, caplog):
    elsewhere = tmp_path / "cache"
    (elsewhere / "cache.sqlite").mkdir(parents=True)  # not a file: SQLite cannot open it
    assert run(corpus, tmp_path / "out", cache_dir=str(elsewhere)) == (0, "0 files from the cache, 2 parsed")
    assert titles(tmp_path / "out") == {"a.txt": "客服专员", "b.txt": "销售代表"}
    [line] = warnings(caplog)
    assert "is not usable (unable to open database file)" in line
    assert (elsewhere / "cache.sqlite").is_dir()


def test_damage_found_during_the_run_turns_the_cache_off_and_the_next_run_starts_afresh(corpus, tmp_path,
                                                                                          caplog):
    out = tmp_path / "out"
    run(corpus, out)
    path = out / ".cache" / "cache.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        page = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'files'").fetchone()[0]
    db.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * page_size:page * page_size] = b"\xab" * page_size  # the opening works, reading files fails
    path.write_bytes(bytes(data))
    touch_outputs(out)
    assert run(corpus, out) == (0, "0 files from the cache, 2 parsed")
    assert titles(out) == {"a.txt": "客服专员", "b.txt": "销售代表"}
    [line] = warnings(caplog)
    assert "is damaged (database disk image is malformed); this run goes without it" in line
    run(corpus, out)
    touch_outputs(out)
    assert run(corpus, out) == (0, "2 files from the cache, 0 parsed")
    assert warnings(caplog) == []


def test_a_cache_of_an_earlier_layout_starts_empty_without_a_warning(corpus, tmp_path, caplog):
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    with sqlite3.connect(out / ".cache" / "cache.sqlite") as db:  # schema 1: unsealed values
        db.executescript("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);"
                         "INSERT INTO meta VALUES ('run', '7');"
                         "CREATE TABLE state (name TEXT PRIMARY KEY, value BLOB);"
                         "INSERT INTO state VALUES ('last_run', x'789c');")
    db.close()
    assert run(corpus, out) == (0, "0 files from the cache, 2 parsed")
    assert warnings(caplog) == []
