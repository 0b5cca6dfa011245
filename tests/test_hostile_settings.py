"""Hostile settings, damaged outputs and a foreign jieba cache: one sentence on stderr and exit
code 2 (or, for the cache, a quiet successful run), never a traceback (issue 17, points 7-9)."""
import asyncio
import dataclasses
import logging
import shutil
import socket
import struct
import threading

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.config import RULES, Settings, load_settings, scheduler_host_port
from pipeline.errors import UserError
from pipeline.results import load_results

from .conftest import one_sentence

# --- helpers --------------------------------------------------------------------------------


@pytest.fixture
def small_input(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、记录客户需求。\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def run_outputs(tmp_path_factory):
    """The outputs of `jdpipe run` on two made-up pages, made once; tests damage copies."""
    root = tmp_path_factory.mktemp("in")
    (root / "a.txt").write_text("客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、记录客户需求。\n", encoding="utf-8")
    (root / "b.txt").write_text("品牌经理岗位职责\n1、制定品牌推广计划；\n2、维护品牌形象；\n3、组织市场调研。\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", "--input", str(root), "--out", str(out), "--workers", "1", "--quiet", "--no-cache"]) == 0
    return out


@pytest.fixture
def outputs(run_outputs, tmp_path):
    copy = tmp_path / "outputs"
    shutil.copytree(run_outputs, copy, ignore=shutil.ignore_patterns(".cache"))
    return copy


# --- 7. every setting has one rule: type, finite, in range, no NUL, files that parse ------------

def test_every_setting_has_exactly_one_rule():
    assert set(RULES) == {f.name for f in dataclasses.fields(Settings)}


@pytest.mark.parametrize("pair, words", [
    ("workers=nan", ["workers", "finite", "nan"]),
    ("workers=inf", ["workers", "finite", "inf"]),
    ("workers=1e20", ["workers", "at most", "1e+20"]),
    ("workers=2.5", ["workers", "whole number"]),
    ("overlap_threshold=nan", ["overlap_threshold", "finite"]),
    ("max_file_mb=inf", ["max_file_mb", "finite"]),
    ("max_file_seconds=-inf", ["max_file_seconds", "finite"]),
    ("cache_max_mb=1e300", ["cache_max_mb", "at most"]),
    ("theme_k_max=1e20", ["theme_k_max", "at most"]),
    ("seed=1.5", ["seed", "whole number"]),
    ("scheduler_timeout=0", ["scheduler_timeout", "at least"]),
    ("output=[1,2]", ["output", "text", "[1, 2]"]),
    ("quiet=1", ["quiet", "true or false"]),
    ('input="a\\u0000b"', ["input", "NUL", "\\x00"]),
    ('cache_dir="c\\u0000"', ["cache_dir", "NUL"]),
    ('engine="local\\u0000"', ["engine", "'local' or 'dask'"]),
    ('scheduler="tcp://127.0.0.1:abc"', ["scheduler", "tcp://HOST:PORT"]),
    ('scheduler="tcp://127.0.0.1:99999"', ["scheduler", "tcp://HOST:PORT"]),
    ('scheduler="tcp://127.0.0.1"', ["scheduler", "tcp://HOST:PORT"]),
    ('scheduler="http://example.org:80/x"', ["scheduler", "tcp://HOST:PORT"]),
    ('scheduler="tcp://a b:8786"', ["scheduler", "tcp://HOST:PORT"]),
    ('role_aliases={"客服专员\\u0000" = "客服经理"}', ["role_aliases", "control characters"]),
    ('role_aliases={"客服专员" = ""}', ["role_aliases", "non-empty"]),
    ('role_aliases={"客服专员" = 1}', ["role_aliases", "role name in quotes"]),
    ('role_aliases="客服经理"', ["role_aliases", "table"]),
    ("userdict=[[1]]", ["userdict", "text"]),
], ids=lambda value: value if isinstance(value, str) else None)
def test_hostile_value_is_one_sentence(pair, words, capsys):
    assert main(["config", "--set", pair]) == 2
    line = one_sentence(capsys)
    for word in words:
        assert word in line, line


@pytest.mark.parametrize("toml, words", [
    ("[run]\nworkers = nan\n", ["workers", "finite"]),
    ("[analysis]\ntheme_dims = inf\n", ["theme_dims", "finite"]),
    ("[engine]\ncache_max_mb = -inf\n", ["cache_max_mb", "finite"]),
    ('[engine]\ncache_dir = "ca\\u0000che"\n', ["cache_dir", "NUL"]),
    ("[engine]\nscheduler = [1, 2]\n", ["scheduler", "text"]),
    ('[role_aliases]\n"客服\\u0000专员" = "客服经理"\n', ["role_aliases", "control characters"]),
    ('[role_aliases."客服专员"]\nx = 1\n', ["role_aliases", "role name in quotes"]),
], ids=["nan", "inf", "minus-inf", "nul", "list-for-text", "alias-nul", "alias-table"])
def test_hostile_value_in_the_config_file_stops_before_any_work(toml, words, small_input, tmp_path, capsys):
    config = tmp_path / "hostile.toml"
    config.write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--config", str(config), "run", "--input", str(small_input), "--out", str(out)]) == 2
    line = one_sentence(capsys)
    for word in words:
        assert word in line, line
    assert not out.exists()


@pytest.mark.parametrize("setting, content, words", [
    ("userdict", b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe", ["userdict", "not UTF-8", "line 1"]),
    ("userdict", "客服经理\n品牌\x00经理\n".encode(), ["userdict", "control character", "line 2"]),
    ("stopwords", "负责\n".encode("gb18030") + b"\xb9\xa4\xd7\xf7\n", ["stopwords", "not UTF-8"]),
    ("userdict", "# 注释\n客服经理 10 n\n品牌 经理 5 n x\n".encode(), ["userdict", "line 3", "word [frequency] [tag]"]),
    ("userdict", ("客服经理 " + "9" * 40 + "\n").encode(), ["userdict", "frequency", "digits"]),
], ids=["binary", "nul-byte", "gbk", "too-many-fields", "huge-frequency"])
def test_word_files_must_decode_and_parse(setting, content, words, tmp_path, capsys):
    path = tmp_path / "words.txt"
    path.write_bytes(content)
    assert main(["config", "--set", f"{setting}=['{path}']"]) == 2
    line = one_sentence(capsys)
    for word in words:
        assert word in line, line


def test_good_word_files_and_edge_values_still_load(tmp_path):
    userdict = tmp_path / "dict.txt"
    userdict.write_text("\ufeff# 岗位词\n客户投诉 20 n\n品牌推广\n店长\tnr\n", encoding="utf-8")
    settings = load_settings(None, userdict=[userdict], workers=2.0,
                             output=2024, scheduler="localhost:8786", max_file_seconds=0)
    assert settings.userdict == [str(userdict)] and settings.workers == 2 and isinstance(settings.workers, int)
    assert settings.output == "2024" and settings.scheduler == "localhost:8786"


@pytest.mark.parametrize("address, expected", [
    ("tcp://10.0.0.5:8786", ("10.0.0.5", 8786)),
    ("scheduler.example.org:8786", ("scheduler.example.org", 8786)),
    ("tcp://[::1]:8786", ("::1", 8786)),
    ("tcp://host:0", None),
    ("tls://host:8786", None),
    ("tcp://user@host:8786", None),
    ("tcp://host:8786/path", None),
    ("tcp://ho$t:8786", None),
    ("tcp://[::1:8786", None),
])
def test_scheduler_address_syntax(address, expected):
    assert scheduler_host_port(address) == expected


# --- 7. a scheduler that is not Dask: one sentence within scheduler_timeout ------------------

def dask_handshake() -> bytes:
    """The bytes a Dask scheduler sends first, made by distributed's own serialisation."""
    from distributed.comm.utils import to_frames
    from distributed.protocol.utils import pack_frames

    frames = asyncio.run(to_frames({"compression": None, "python": (3, 11, 7), "pickle-protocol": 5}))
    packed = pack_frames(frames)
    return struct.pack("Q", len(packed)) + packed


@pytest.fixture
def fake_service():
    """``start(reply)``: a local TCP server that sends ``reply`` to each connection and then
    says nothing more (keeps it open); returns its address."""
    servers, connections = [], []

    def start(reply: bytes) -> str:
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)

        def serve():
            while True:
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                connections.append(conn)
                if reply:
                    conn.sendall(reply)

        threading.Thread(target=serve, daemon=True).start()
        return f"tcp://127.0.0.1:{server.getsockname()[1]}"

    yield start
    for sock in [*connections, *servers]:
        sock.close()


@pytest.mark.parametrize("reply, words", [
    (b"", ["did not answer within 0.5 s"]),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", ["not as a Dask scheduler"]),
    (b"\xff" * 8 + b"garbage", ["not as a Dask scheduler"]),  # a length of 16 EiB, as Dask would read it
    (struct.pack("Q", 40) + b"\x01" + b"\x00" * 7 + b"\xff" * 32, ["not as a Dask scheduler"]),
], ids=["silent", "http", "huge-length", "bad-frames"])
def test_a_scheduler_that_is_not_dask(reply, words, fake_service, small_input, tmp_path, capsys):
    address = fake_service(reply)
    assert main(["run", "--input", str(small_input), "--out", str(tmp_path / "out"), "--quiet", "--no-cache",
                 "--engine", "dask", "--scheduler", address, "--set", "scheduler_timeout=0.5"]) == 2
    line = one_sentence(capsys)
    assert address in line
    for word in words:
        assert word in line, line


def test_a_scheduler_port_nobody_listens_on(small_input, tmp_path, capsys):
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    assert main(["run", "--input", str(small_input), "--out", str(tmp_path / "out"), "--quiet",
                 "--engine", "dask", "--scheduler", f"127.0.0.1:{port}", "--set", "scheduler_timeout=2"]) == 2
    assert "cannot reach the Dask scheduler" in one_sentence(capsys)


def test_the_probe_accepts_what_dask_sends(fake_service):
    from pipeline.run.engines import check_scheduler, is_dask_handshake

    handshake = dask_handshake()
    assert is_dask_handshake(handshake[8:])
    check_scheduler(fake_service(handshake), timeout=5)  # no ConfigError
    with pytest.raises(UserError, match="not as a Dask scheduler"):
        check_scheduler(fake_service(b"\x00" * 8), timeout=5)


# --- 8. damaged outputs: the file is named, exit 2 ---------------------------------------------

def truncate(path, keep: float = 0.5):
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])


def damage(folder, name):
    path = folder / name
    if name == "records.jsonl":
        (folder / "records.parquet").unlink()
        truncate(path, 0.7)
    elif name == "manifest.csv":
        path.write_bytes(path.read_bytes()[:60] + b'"\xff\xfe\x00garbage\n')
    elif name == "duties.csv":
        (folder / "duties.parquet").unlink()
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    else:
        truncate(path)
    return name


@pytest.mark.parametrize("name", ["records.parquet", "duties.parquet", "themes.parquet", "role_similarity.parquet",
                                  "manifest.csv", "records.jsonl", "duties.csv"])
def test_report_names_the_damaged_file(name, outputs, capsys):
    damage(outputs, name)
    assert main(["report", "--dir", str(outputs), "--quiet"]) == 2
    line = one_sentence(capsys)
    assert name in line and ("damaged" in line or "lacks" in line), line


@pytest.mark.parametrize("name", ["duties.parquet", "themes.parquet"])
def test_compare_names_the_damaged_file(name, outputs, capsys):
    damage(outputs, name)
    assert main(["compare", "客服专员", "品牌经理", "--dir", str(outputs)]) == 2
    line = one_sentence(capsys)
    assert name in line and "damaged" in line, line


def test_a_readable_table_without_its_columns_is_named(outputs, capsys):
    pd.DataFrame({"something": [1, 2]}).to_parquet(outputs / "themes.parquet")
    assert main(["compare", "客服专员", "品牌经理", "--dir", str(outputs)]) == 2
    line = one_sentence(capsys)
    assert "themes.parquet" in line and "lacks" in line and "label" in line


def test_load_results_raises_one_sentence(outputs):
    truncate(outputs / "records.parquet", 0.3)
    with pytest.raises(UserError, match="records.parquet' is damaged"):
        load_results(outputs)


def test_undamaged_outputs_still_load(outputs, capsys):
    assert main(["report", "--dir", str(outputs), "--quiet"]) == 0
    assert len(load_results(outputs).records) == 2


# --- 9. jieba's cache: ours, never the shared temp folder ---------------------------------------

@pytest.fixture
def fresh_jieba(monkeypatch, tmp_path):
    """A shared temp folder and a per-user cache home of the test's own; jieba loaded anew."""
    import tempfile

    from pipeline.analyze.tokens import _build_jieba

    shared = tmp_path / "shared_tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home_cache"))
    _build_jieba.cache_clear()
    yield shared, tmp_path / "home_cache" / "jdpipe"
    _build_jieba.cache_clear()


def test_jieba_cache_is_in_the_user_cache_not_the_shared_temp_folder(fresh_jieba, capfd):
    from pipeline.analyze.tokens import JiebaTokenizer

    shared, user_cache = fresh_jieba
    (shared / "jieba.cache").mkdir()  # someone else's entry where jieba would write its cache
    assert JiebaTokenizer()("处理客户投诉") == ["处理", "客户投诉"]
    assert "Traceback" not in capfd.readouterr().err
    assert [p.name for p in shared.iterdir()] == ["jieba.cache"]  # nothing written there
    assert (user_cache / "jieba.cache").is_file()


@pytest.mark.parametrize("spoil", ["cache-file-is-a-folder", "folder-of-another-user", "group-writable"])
def test_an_unusable_user_cache_falls_back_to_a_private_folder(spoil, fresh_jieba, monkeypatch, capfd):
    import os

    from pipeline.analyze.tokens import JiebaTokenizer
    from pipeline.user_cache import private_cache_folder

    _, user_cache = fresh_jieba
    user_cache.mkdir(parents=True, mode=0o700)
    if spoil == "cache-file-is-a-folder":
        (user_cache / "jieba.cache").mkdir()
    elif spoil == "folder-of-another-user":
        real = os.geteuid()
        monkeypatch.setattr(os, "geteuid", lambda: real + 1)
    else:
        user_cache.chmod(0o770)
    folder = private_cache_folder("jieba.cache")
    assert folder != str(user_cache) and os.path.isdir(folder)
    assert JiebaTokenizer()("处理客户投诉") == ["处理", "客户投诉"]
    assert "Traceback" not in capfd.readouterr().err


def test_a_failed_cache_write_is_one_line_not_a_traceback():
    from pipeline.analyze.tokens import quiet_jieba

    quiet_jieba()
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("jieba")
    logger.addHandler(handler)
    try:
        try:
            raise PermissionError(13, "Permission denied", "/tmp/jieba.cache")
        except PermissionError:
            logger.exception("Dump cache file failed.")
    finally:
        logger.removeHandler(handler)
    (record,) = records
    assert record.exc_info is None and record.levelno == logging.WARNING
    assert "Permission denied" in record.getMessage() and "\n" not in record.getMessage()
