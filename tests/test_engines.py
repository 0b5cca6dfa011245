"""Engines and incremental runs: local processes and Dask give the same outputs; the cache
skips unchanged files, parses only new ones, and never changes a result."""
import os
import random
import shutil
import sqlite3

import pandas as pd
import pytest

from pipeline.run import cache as cache_module
from pipeline.run import flow as streamed
from pipeline.cli import main

from .conftest import RAW, read_jsonl

OUTPUTS = ("records.jsonl", "records.csv", "duties.csv", "manifest.csv", "themes.csv", "role_terms.csv",
           "role_themes.csv", "role_similarity.csv", "role_pairs.csv")


def run(inp, out, workers=1, **settings):
    """What `jdpipe run` does before the report: the streamed parse and analysis; the stats."""
    from pipeline.config import load_settings
    from pipeline.run import run_corpus

    settings = load_settings(workers=workers, quiet=True, **settings)
    result, _ = run_corpus([str(inp)], out, settings, analyse=True, keep_records=False, use_cache=settings.cache)
    return result.stats.cache_line()


def same_outputs(a, b, names=OUTPUTS):
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    pd.testing.assert_frame_equal(pd.read_parquet(a / "duties.parquet"), pd.read_parquet(b / "duties.parquet"))
    pd.testing.assert_frame_equal(pd.read_parquet(a / "records.parquet"), pd.read_parquet(b / "records.parquet"))


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    run(RAW, out, cache=False)
    return out


def test_dask_engine_matches_the_local_engine(local_run, tmp_path, monkeypatch):
    """A LocalCluster on loopback (two worker processes): files and tokens are Dask tasks."""
    pytest.importorskip("distributed")
    monkeypatch.setattr(streamed, "PARALLEL_TOKENS_MIN", 1)  # tokenise on the cluster too
    monkeypatch.setattr(streamed, "TOKEN_CHUNK", 300)
    out = tmp_path / "dask"
    run(RAW, out, workers=2, engine="dask", cache=False)
    assert (local_run / "records.jsonl").read_bytes() == (out / "records.jsonl").read_bytes()
    pd.testing.assert_frame_equal(pd.read_parquet(local_run / "duties.parquet"), pd.read_parquet(out / "duties.parquet"))
    same_outputs(local_run, out)


def test_dask_threads_in_this_process_match_the_local_engine_quietly(tmp_path, capfd):
    """dask_processes = false: a LocalCluster of threads (in-process transport, no host)."""
    pytest.importorskip("distributed")
    local, threads = tmp_path / "local", tmp_path / "threads"
    assert main(["parse", str(RAW), "--out", str(local), "--workers", "1", "--quiet"]) == 0
    assert main(["parse", str(RAW), "--out", str(threads), "--engine", "dask", "--workers", "2",
                 "--set", "dask_processes=false", "--quiet"]) == 0
    assert (local / "records.jsonl").read_bytes() == (threads / "records.jsonl").read_bytes()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "INFO distributed" not in err


def test_process_pool_matches_one_process(local_run, tmp_path, monkeypatch):
    monkeypatch.setattr(streamed, "PARALLEL_TOKENS_MIN", 1)
    out = tmp_path / "pool"
    run(RAW, out, workers=2, cache=False)
    same_outputs(local_run, out)


def test_second_run_uses_the_cache_and_changes_nothing(local_run, tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(RAW, corpus)
    out = tmp_path / "out"
    assert run(corpus, out) == "0 files from the cache, 5 parsed"
    first = {name: (out / name).read_bytes() for name in OUTPUTS}
    stamps = {name: (out / name).stat().st_mtime_ns for name in OUTPUTS}
    assert run(corpus, out).endswith("nothing changed since the last run, outputs left as they were")
    assert {name: (out / name).stat().st_mtime_ns for name in OUTPUTS} == stamps  # not even rewritten
    assert run(corpus, out).endswith("outputs left as they were")  # the entries stay recent meanwhile
    os.utime(out / "duties.csv")  # an output touched since: written again, from the cache
    assert run(corpus, out) == "5 files from the cache, 0 parsed"
    with sqlite3.connect(out / ".cache" / "cache.sqlite") as db:  # the analysis came from the cache too
        assert db.execute("SELECT COUNT(*) FROM analysis").fetchone()[0] == 1
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == first
    same_outputs(local_run, out)

    # a new file: only it is parsed; a renamed file is found by its content
    (corpus / "new.txt").write_text("客服专员岗位职责\n1、接听客户电话，记录客户需求；\n2、处理客户投诉。\n", encoding="utf-8")
    (corpus / "000_344b4af18d026dd9.txt").rename(corpus / "renamed.txt")
    assert run(corpus, out) == "5 files from the cache, 1 parsed"
    fresh = tmp_path / "fresh"
    assert run(corpus, fresh, cache=False) == "0 files from the cache, 6 parsed"
    same_outputs(fresh, out)


def test_a_byte_identical_copy_is_parsed_once_per_run(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "mirror/a.txt"):  # b.txt and mirror/a.txt: the bytes of a.txt
        (corpus / name).parent.mkdir(exist_ok=True)
        shutil.copy(RAW / "002_189357b20162bfc4.txt", corpus / name)
    (corpus / "other.txt").write_text("客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(corpus, out, workers=2) == ("0 files from the cache, 2 parsed, "
                                           "2 byte-identical copies of a parsed file reused")
    fresh = tmp_path / "fresh"
    assert run(corpus, fresh, cache=False) == "0 files from the cache, 4 parsed"
    same_outputs(fresh, out)  # own sources and record ids, marked as duplicates the same way


def test_a_copy_of_a_failed_file_fails_on_its_own(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    high = bytes(b | 0x80 for b in random.Random(1).randbytes(5_000))  # no encoding reads it
    for name in ("garbled.txt", "garbled copy.txt"):
        (corpus / name).write_bytes(high)
    out = tmp_path / "out"
    run(corpus, out)
    rows = pd.read_csv(out / "manifest.csv").set_index("source")
    assert list(rows["status"]) == ["error", "error"]
    assert rows.loc["garbled copy.txt", "reason"] == rows.loc["garbled.txt", "reason"]


def test_parser_change_invalidates_the_cache(tmp_path, monkeypatch):
    from pipeline.run import incremental

    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(RAW / "002_189357b20162bfc4.txt", corpus)
    out = tmp_path / "out"
    run(corpus, out)
    monkeypatch.setattr(incremental, "parse_version", lambda: "another parser")
    assert run(corpus, out) == "0 files from the cache, 1 parsed"


def test_broken_cache_means_a_full_run(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(RAW / "002_189357b20162bfc4.txt", corpus)
    out = tmp_path / "out"
    (out / ".cache").mkdir(parents=True)
    (out / ".cache" / "cache.sqlite").write_bytes(b"not a database at all" * 100)
    assert run(corpus, out) == "0 files from the cache, 1 parsed"
    assert run(corpus, out).startswith("1 files from the cache, 0 parsed")


def test_cache_keeps_only_recent_runs(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "KEEP_RUNS", 1)
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("002_189357b20162bfc4.txt", "003_5d54334f77db13f4.txt"):
        shutil.copy(RAW / name, corpus)
    out = tmp_path / "out"
    run(corpus, out)
    (corpus / "003_5d54334f77db13f4.txt").unlink()
    run(corpus, out)
    with sqlite3.connect(out / ".cache" / "cache.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 1  # the deleted file's entry is gone
        assert db.execute("SELECT COUNT(*) FROM analysis").fetchone()[0] == 1


def test_cache_dir_setting_and_no_cache_for_parse(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "cache"
    run(RAW, out, cache_dir=str(elsewhere))
    assert (elsewhere / "cache.sqlite").is_file() and not (out / ".cache").exists()
    assert main(["parse", str(RAW), "--out", str(tmp_path / "parsed"), "--workers", "1", "--quiet"]) == 0
    assert not (tmp_path / "parsed" / ".cache").exists()  # `jdpipe parse` always parses
    assert len(read_jsonl(tmp_path / "parsed" / "records.jsonl")) == len(read_jsonl(out / "records.jsonl"))


def test_rebase_gives_the_ids_parsing_under_the_new_name_gives():
    from pipeline.run.per_file import FileOutcome
    from pipeline.parse import parse_text
    from pipeline.run.incremental import rebase

    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        outcome = FileOutcome({"source": path.name}, parse_text(text, path.name))
        rebase(outcome, "elsewhere/copy.txt")
        assert outcome.records == parse_text(text, "elsewhere/copy.txt")
