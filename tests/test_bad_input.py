"""Bad input of every kind costs its own file one manifest row, never the run or other files' records.

Each kind has its own test, run next to a set of good files whose records must not change;
``test_all_bad_inputs_in_one_run`` puts every kind in one folder and one ``jdpipe parse``.
"""
import csv
import io
import multiprocessing
import os
import random
import threading
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.run import per_file as engine
from pipeline.cli import main

from .conftest import RAW, read_jsonl

JD = "客服专员岗位职责\n1、接听客户电话，记录客户需求；\n2、处理客户投诉。\n"
JD_TRADITIONAL = "客服專員崗位職責\n1、接聽客戶電話，記錄客戶需求；\n2、處理客戶投訴。\n"
JD_PAGE = ("<html><head><title>岗位</title><script>var a=1;</script></head><body><nav>首页</nav>"
           "<h1>客服专员岗位职责</h1><p>1、接听客户电话，记录客户需求；</p><p>2、处理客户投诉。</p></body></html>")
MB = 1_000_000


def write_good_files(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.txt").write_text(JD, encoding="utf-8")
    (folder / "gbk.txt").write_bytes(JD.encode("gbk"))
    (folder / "big5.txt").write_bytes(JD_TRADITIONAL.encode("big5"))
    (folder / "utf16.txt").write_bytes(JD.encode("utf-16"))
    (folder / "page.html").write_text(JD_PAGE, encoding="utf-8")
    (folder / "corpus.txt").write_bytes((RAW / "000_344b4af18d026dd9.txt").read_bytes())


GOOD_SOURCES = {"good.txt", "gbk.txt", "big5.txt", "utf16.txt", "page.html", "corpus.txt"}


# --- the bad inputs: each writes its file(s) into a folder and returns the rows it expects:
# {source: (status, words in the reason, records or None when not checked)}

def empty(folder):
    (folder / "empty.txt").write_bytes(b"")
    return {"empty.txt": ("empty", "file is empty", 0)}


def whitespace_only(folder):
    (folder / "blank.txt").write_bytes(b" \r\n\t\n   ")
    (folder / "blank16.txt").write_bytes(" \n  \u3000\n".encode("utf-16"))
    return {"blank.txt": ("empty", "whitespace", 0), "blank16.txt": ("empty", "no visible text", 0)}


def pdf(folder):
    (folder / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (folder / "report.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    # named .pdf, a damaged PDF is a failed file; named .txt, a skipped binary one (test_office_input)
    return {"report.pdf": ("error", "PDF is damaged", 0), "report.txt": ("skipped", "PDF", 0)}


def zip_archive(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>客服专员岗位职责</w:document>")
    (folder / "jd.docx").write_bytes(buffer.getvalue())
    (folder / "jd.zip").write_bytes(buffer.getvalue())
    # named .docx, a zip that is no Word file is a failed file; named .zip, a skipped binary one
    return {"jd.docx": ("error", "not a Word document", 0), "jd.zip": ("skipped", "ZIP archive", 0)}


def png(folder):
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return {"logo.png": ("skipped", "PNG", 0)}


def doc_named_txt(folder):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "客服专员岗位职责".encode("utf-16-le")
    (folder / "jd.txt").write_bytes(ole)
    return {"jd.txt": ("skipped", "OLE2", 0)}


def binary_noise(folder):
    (folder / "noise.dat").write_bytes(random.Random(0).randbytes(50_000))
    return {"noise.dat": ("skipped", "binary data", 0)}


def undecodable(folder):
    high = bytes(b | 0x80 for b in random.Random(1).randbytes(5_000))  # no encoding reads it
    (folder / "garbled.txt").write_bytes(high)
    return {"garbled.txt": ("error", "no text encoding decodes this file", 0)}


def mixed_encodings(folder):
    (folder / "mixed.txt").write_bytes(JD.encode("utf-8") + "\n销售经理岗位职责\n1、开发新客户。\n".encode("gbk"))
    return {"mixed.txt": ("parsed", "mixed encodings", 2)}


def truncated(folder):
    (folder / "cut8.txt").write_bytes(JD.strip().encode("utf-8")[:-1])  # half of 。
    (folder / "cutgbk.txt").write_bytes(JD.strip().encode("gbk")[:-1])
    return {"cut8.txt": ("parsed", "cut off", 1), "cutgbk.txt": ("parsed", "cut off", 1)}


def control_characters(folder):
    noisy = JD.replace("客户电话", "客户\x00电话\x07").replace("投诉", "投\x1b诉\x7f").replace("\n", "\x0c\n", 1)
    (folder / "controls.txt").write_bytes(noisy.encode("utf-8"))
    return {"controls.txt": ("parsed", "", 1)}


def one_long_line(folder):
    filler = "负责接听客户电话并记录客户需求" * (5 * MB // 45)
    (folder / "oneline.txt").write_text(JD.replace("\n", " ") + filler, encoding="utf-8")
    return {"oneline.txt": ("parsed", "", None)}


def html_unclosed(folder):
    (folder / "unclosed.html").write_text("<html><body><h1>客服专员岗位职责<p>1、接听客户电话<div><table><tr><td>2、处理客户投诉",
                                          encoding="utf-8")
    return {"unclosed.html": ("parsed", "", 1)}


def html_deeply_nested(folder):
    deep = "<html><body>" + "<div>" * 10_000 + JD.replace("\n", "<br>") + "</div>" * 10_000 + "</body></html>"
    (folder / "deep.html").write_text(deep, encoding="utf-8")
    return {"deep.html": ("parsed", "", 1)}


def html_without_text(folder):
    (folder / "blank.html").write_text("<html><head><script>var x = '岗位职责';</script></head>"
                                       "<body><img src='a.png'><!-- 职责 --></body></html>", encoding="utf-8")
    return {"blank.html": ("empty", "no visible text", 0)}


def no_jd_content(folder):
    (folder / "essay.txt").write_text("今天天气很好，我们去公园散步。\n", encoding="utf-8")
    return {"essay.txt": ("parsed", "", 0)}


def unreadable(folder):
    expected = {}
    if os.geteuid() != 0:  # root reads files whatever their mode
        locked = folder / "locked.txt"
        locked.write_text(JD, encoding="utf-8")
        locked.chmod(0)
        expected["locked.txt"] = ("error", "permission denied", 0)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    return expected | {"dangling.txt": ("error", "broken symbolic link", 0)}


def symlink_loops(folder):
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "ring").mkdir()
    (folder / "ring" / "back").symlink_to(folder)  # a folder loop: not followed, a skipped row
    return {"loop.txt": ("error", "symbolic link loop", 0),
            "ring/back": ("skipped", "link to a folder, not followed", 0)}


def named_pipe(folder):
    if not hasattr(os, "mkfifo"):
        return {}
    os.mkfifo(folder / "pipe.txt")  # reading it would wait forever
    return {"pipe.txt": ("skipped", "not a regular file", 0)}


def non_utf8_file_names(folder):
    try:
        gbk = os.fsencode(folder) + b"/" + "岗位说明.txt".encode("gbk")
        Path(os.fsdecode(gbk)).write_bytes(JD.encode("gbk"))
        odd = os.fsencode(folder) + b"/odd\xff\xfe\x01.txt"
        Path(os.fsdecode(odd)).write_bytes(b"plain text")
    except OSError:  # a file system that only takes UTF-8 names
        return {}
    return {"岗位说明.txt": ("parsed", "file name is not UTF-8", 1),
            "odd\\xff\\xfe\\x01.txt": ("parsed", "file name is not UTF-8", 0)}


def over_size_limit(folder):  # the runs use max_file_mb = 50
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(100 * MB)  # sparse: instant
    return {"huge.txt": ("skipped", "over the max_file_mb limit of 50.0 MB", 0)}


BAD_INPUTS = [empty, whitespace_only, pdf, zip_archive, png, doc_named_txt, binary_noise, undecodable,
              mixed_encodings, truncated, control_characters, one_long_line, html_unclosed,
              html_deeply_nested, html_without_text, no_jd_content, unreadable, symlink_loops,
              named_pipe, non_utf8_file_names, over_size_limit]


# --- helpers

def config(tmp_path: Path, **settings) -> str:
    path = tmp_path / "settings.toml"
    path.write_text("".join(f"{key} = {value!r}\n" for key, value in settings.items()), encoding="utf-8")
    return str(path)


def parse(inputs, out: Path, *flags: str, settings: str | None = None, workers: int = 1) -> int:
    prefix = ["--config", settings] if settings else []
    return main([*prefix, "parse", *map(str, inputs), "--out", str(out), "--workers", str(workers),
                 "--quiet", *flags])


def manifest(out: Path) -> dict[str, dict]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {row["source"]: row for row in csv.DictReader(f)}


def records_by_source(out: Path) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in read_jsonl(out / "records.jsonl"):
        grouped.setdefault(record["source"], []).append(record)
    return grouped


def check_rows(rows: dict[str, dict], expected: dict) -> None:
    for source, (status, reason, records) in expected.items():
        row = rows[source]
        assert row["status"] == status, (source, row)
        assert reason in row["reason"], (source, row)
        if records is not None:
            assert int(row["records"]) == records, (source, row)


def failed_exit(rows: dict) -> int:
    """The exit code a run must give: 1 when any file is an error row."""
    return 1 if any(row["status"] == "error" for row in rows.values()) else 0


@pytest.fixture(scope="module")
def good_alone(tmp_path_factory):
    """Records of the good files parsed on their own: what every bad neighbour must leave alone."""
    root = tmp_path_factory.mktemp("good")
    write_good_files(root / "in")
    assert parse([root / "in"], root / "out") == 0
    grouped = records_by_source(root / "out")
    assert set(grouped) == GOOD_SOURCES
    return grouped


# --- one test per kind of bad input

@pytest.mark.parametrize("make_bad", BAD_INPUTS, ids=lambda f: f.__name__)
def test_bad_input_costs_only_its_own_row(make_bad, tmp_path, good_alone):
    folder = tmp_path / "in"
    write_good_files(folder)
    expected = make_bad(folder)
    code = parse([folder], tmp_path / "out", settings=config(tmp_path, max_file_mb=50))
    rows = manifest(tmp_path / "out")
    assert code == failed_exit(rows)  # 1 when a file failed; the rest is written all the same
    check_rows(rows, expected)
    assert all(source.isprintable() for source in rows)
    grouped = records_by_source(tmp_path / "out")
    assert {s: grouped[s] for s in GOOD_SOURCES} == good_alone


def test_control_characters_do_not_change_the_record(tmp_path):
    clean, noisy = tmp_path / "clean", tmp_path / "noisy"
    clean.mkdir()
    (clean / "controls.txt").write_text(JD, encoding="utf-8")
    noisy.mkdir()
    control_characters(noisy)
    parse([clean], tmp_path / "a")
    parse([noisy], tmp_path / "b")
    duties = [[[d.replace(" ", "") for d in r["duties"]] for r in read_jsonl(tmp_path / name / "records.jsonl")]
              for name in "ab"]  # a control character becomes a space, to keep offsets true
    assert duties[0] == duties[1] == [["接听客户电话,记录客户需求", "处理客户投诉"]]


def test_huge_file_under_a_raised_limit_ends_in_bounded_time(tmp_path):
    folder = tmp_path / "in"
    write_good_files(folder)
    chunk = (JD * 2000).encode("utf-8")
    with open(folder / "huge.txt", "wb") as f:
        for _ in range(100 * MB // len(chunk) + 1):
            f.write(chunk)
    with open(folder / "sparse.txt", "wb") as f:
        f.truncate(100 * MB)
    started = time.perf_counter()
    settings = config(tmp_path, max_file_mb=500, max_file_seconds=2)
    assert parse([folder], tmp_path / "out", settings=settings) == 1  # huge.txt failed
    assert time.perf_counter() - started < 25
    check_rows(manifest(tmp_path / "out"), {
        "huge.txt": ("error", "took longer than the max_file_seconds limit of 2 s", 0),
        "sparse.txt": ("skipped", "NUL bytes", 0),  # only its first 8 KB were read
    })
    assert GOOD_SOURCES <= set(records_by_source(tmp_path / "out"))
    (folder / "huge.txt").unlink()


def test_parser_exception_becomes_an_error_row(tmp_path, monkeypatch, good_alone):
    real_parse = engine.parse_document

    def failing_parse(doc):
        if doc.source == "boom.txt":
            raise RuntimeError("boom")
        return real_parse(doc)

    monkeypatch.setattr(engine, "parse_document", failing_parse)
    folder = tmp_path / "in"
    write_good_files(folder)
    (folder / "boom.txt").write_text(JD, encoding="utf-8")
    assert parse([folder], tmp_path / "out") == 1
    check_rows(manifest(tmp_path / "out"), {"boom.txt": ("error", "parser error: RuntimeError: boom", 0)})
    assert records_by_source(tmp_path / "out") == good_alone
    assert parse([folder], tmp_path / "strict", "--strict") == 1


def test_slow_file_hits_the_time_limit(tmp_path, monkeypatch):
    real_parse = engine.parse_document

    def slow_parse(doc):
        if doc.source == "slow.txt":
            time.sleep(30)
        return real_parse(doc)

    monkeypatch.setattr(engine, "parse_document", slow_parse)
    folder = tmp_path / "in"
    write_good_files(folder)
    (folder / "slow.txt").write_text(JD, encoding="utf-8")
    started = time.perf_counter()
    assert parse([folder], tmp_path / "out", settings=config(tmp_path, max_file_seconds=0.5)) == 1
    assert time.perf_counter() - started < 10
    check_rows(manifest(tmp_path / "out"), {"slow.txt": ("error", "max_file_seconds limit of 0.5 s", 0),
                                            "good.txt": ("parsed", "", 1)})


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patch must reach the workers")
def test_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch, good_alone):
    real_parse = engine.parse_document

    def crashing_parse(doc):
        if doc.source == "crash.txt":
            os._exit(1)  # like a segfault or the out-of-memory killer
        return real_parse(doc)

    monkeypatch.setattr(engine, "parse_document", crashing_parse)
    folder = tmp_path / "in"
    write_good_files(folder)
    (folder / "crash.txt").write_text(JD, encoding="utf-8")
    assert parse([folder], tmp_path / "out", workers=2) == 1
    check_rows(manifest(tmp_path / "out"), {"crash.txt": ("error", "worker process died", 0)})
    assert records_by_source(tmp_path / "out") == good_alone


# --- exit codes and crash-safe outputs

def test_exit_codes(tmp_path, capsys):
    folder = tmp_path / "in"
    write_good_files(folder)
    empty(folder)
    png(folder)
    assert parse([folder], tmp_path / "out", "--strict") == 0  # empty and skipped are not failures
    undecodable(folder)
    assert parse([folder], tmp_path / "out") == 1  # a failed file: its row says why, the rest is written
    assert parse([folder], tmp_path / "out", "--strict") == 1
    assert parse([folder], tmp_path / "out", settings=config(tmp_path, max_file_mb="big")) == 2
    assert parse([tmp_path / "missing"], tmp_path / "out") == 2
    assert "Traceback" not in capsys.readouterr().err


def test_strict_failure_replaces_no_output(tmp_path, capsys):
    folder, out = tmp_path / "in", tmp_path / "out"
    write_good_files(folder)
    assert parse([folder], out, "--strict") == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    undecodable(folder)
    (folder / "more.txt").write_text(JD.replace("客服专员", "销售专员"), encoding="utf-8")
    assert parse([folder], out, "--strict") == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # not replaced, no leftovers
    err = capsys.readouterr().err
    assert "garbled.txt: no text encoding decodes this file" in err and "nothing was written" in err
    assert parse([folder], tmp_path / "fresh", "--strict") == 1
    assert not (tmp_path / "fresh").exists()
    assert parse([folder], out) == 1  # without --strict the failure is a row and the rest is written
    check_rows(manifest(out), {"garbled.txt": ("error", "no text encoding", 0), "more.txt": ("parsed", "", 1)})


def test_failing_write_leaves_previous_outputs_intact(tmp_path, monkeypatch, capsys):
    import pandas as pd
    import pyarrow.parquet as pq

    folder, out = tmp_path / "in", tmp_path / "out"
    write_good_files(folder)
    assert parse([folder], out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def disk_full(self, path, *args, **kwargs):
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError(28, "No space left on device")

    def disk_full_stream(self, *args, **kwargs):  # the streamed writers (pipeline.writers) write row groups
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    monkeypatch.setattr(pq.ParquetWriter, "write_table", disk_full_stream)
    (folder / "more.txt").write_text(JD.replace("客服专员", "销售专员"), encoding="utf-8")
    assert parse([folder], out) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no new file, no leftover .tmp


# --- everything at once

def test_all_bad_inputs_in_one_run(tmp_path, good_alone):
    folder = tmp_path / "in"
    write_good_files(folder)
    expected = {}
    for make_bad in BAD_INPUTS:
        sub = folder / make_bad.__name__
        sub.mkdir()
        expected |= {f"{sub.name}/{source}": row for source, row in make_bad(sub).items()}
    out = tmp_path / "out"
    assert parse([folder], out, settings=config(tmp_path, max_file_mb=50), workers=2) == 1
    rows = manifest(out)
    check_rows(rows, expected)
    assert set(rows) == GOOD_SOURCES | set(expected)  # one row per file, none lost or doubled
    assert all(source.isprintable() for source in rows)
    grouped = records_by_source(out)
    assert {s: grouped[s] for s in GOOD_SOURCES} == good_alone
    # --strict: the same folder exits 1 before any output is replaced
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert parse([folder], out, "--strict", settings=config(tmp_path, max_file_mb=50), workers=2) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_time_limit_also_stops_a_file_on_a_worker_thread(tmp_path, monkeypatch):
    """Dask runs tasks on threads, where no alarm signal arrives."""
    def busy_parse(doc):
        while True:  # pure Python: the deadline lands between two steps
            pass

    monkeypatch.setattr(engine, "parse_document", busy_parse)
    (tmp_path / "slow.txt").write_text(JD, encoding="utf-8")
    task = engine.FileTask(str(tmp_path / "slow.txt"), str(tmp_path), max_seconds=0.3)
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.update(row=engine.analyse_file(task).row), daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert outcome["row"]["status"] == "error" and "max_file_seconds" in outcome["row"]["reason"]


def test_a_thread_deadline_that_was_not_reached_never_fires_later():
    errors = []

    def work():
        try:
            with engine.time_limit(0.1):
                sum(range(1000))
            time.sleep(0.3)  # past the deadline, outside the block
            sum(range(1000))
        except BaseException as exc:  # noqa: BLE001 - anything here is the failure under test
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(5)
    assert errors == []
