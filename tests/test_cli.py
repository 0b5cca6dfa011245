"""The command line end to end: outputs, manifest rows for bad input, exit codes."""
import csv

import pandas as pd
import pytest

from pipeline.cli import main

from .conftest import RAW, read_jsonl

GOOD = "客服专员岗位职责\n1、接听客户电话，记录客户需求；\n2、处理客户投诉。\n"


def manifest(out):
    with open(out / "manifest.csv", encoding="utf-8-sig") as f:
        return {row["source"]: row for row in csv.DictReader(f)}


@pytest.fixture
def messy(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    (root / "sub" / "gbk.txt").write_bytes(GOOD.encode("gb18030"))
    (root / "big5.txt").write_bytes("客服專員崗位職責\n1、接聽客戶電話，記錄客戶需求；\n2、處理客戶投訴。\n".encode("big5"))
    (root / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (root / "bom.txt").write_bytes(GOOD.encode("utf-8-sig"))
    (root / "page.html").write_text(
        "<html><head><style>p{}</style><script>var a=1;</script></head><body><nav>首页 导航</nav>"
        "<h1>客服专员岗位职责</h1><p>1、接听客户电话，记录客户需求；</p><p>2、处理客户投诉。</p>"
        "<footer>版权所有</footer></body></html>", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (root / "fake.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (root / "essay.txt").write_text("今天天气很好，我们去公园散步。", encoding="utf-8")
    return root


def test_parse_writes_outputs_and_manifest(messy, tmp_path):
    out = tmp_path / "out"
    assert main(["parse", str(messy), "--out", str(out), "--workers", "1"]) == 0
    rows = manifest(out)
    for name in ("good.txt", "sub/gbk.txt", "big5.txt", "utf16.txt", "bom.txt", "page.html"):
        assert rows[name]["status"] == "parsed", name
        assert rows[name]["records"] == "1", name
    assert rows["sub/gbk.txt"]["encoding"] == "gb18030"
    assert rows["big5.txt"]["encoding"] == "big5"
    assert rows["empty.txt"]["status"] == "empty"
    assert rows["blank.txt"]["status"] == "empty"
    assert rows["fake.txt"]["status"] == "skipped" and "PDF" in rows["fake.txt"]["reason"]
    assert rows["image.png"]["status"] == "skipped"
    assert rows["essay.txt"]["status"] == "parsed" and rows["essay.txt"]["records"] == "0"
    records = read_jsonl(out / "records.jsonl")
    by_source = {r["source"]: r for r in records}
    assert by_source["big5.txt"]["duties"] == ["接听客户电话,记录客户需求", "处理客户投诉"]
    assert by_source["big5.txt"]["script"] == "traditional"
    assert by_source["page.html"]["title"] == "客服专员"
    duties = pd.read_parquet(out / "duties.parquet")
    assert list(duties.columns) == ["record_id", "position", "duty", "role", "source"]
    assert len(duties) == 2 * 6


def test_record_ids_are_stable(tmp_path):
    ids = []
    for name in ("a", "b"):
        main(["parse", str(RAW), "--out", str(tmp_path / name), "--workers", "1"])
        ids.append([r["record_id"] for r in read_jsonl(tmp_path / name / "records.jsonl")])
    assert ids[0] == ids[1] and len(set(ids[0])) == len(ids[0])


def test_span_points_at_the_block(corpus_records):
    result, _ = corpus_records
    texts = {p.name: p.read_text(encoding="utf-8") for p in RAW.iterdir()}
    for record in result.records:
        start, end = record["span"]
        assert 0 <= start < end <= len(texts[record["source"]])


def test_missing_input_is_one_sentence(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_config_prints_settings(capsys):
    assert main(["config"]) == 0
    assert "workers" in capsys.readouterr().out


def test_version_and_config_before_or_after_the_command(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        from pipeline.cli import parse_args
        parse_args(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("jdpipe ")
    settings = tmp_path / "s.toml"
    settings.write_text("workers = 3\n", encoding="utf-8")
    for argv in (["--config", str(settings), "config"], ["config", "--config", str(settings)]):
        assert main(argv) == 0
        assert "workers = 3" in capsys.readouterr().out


def test_a_closed_pipe_ends_quietly():
    """`jdpipe config | head -0`: the reader is gone before the output is written."""
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "config"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0 and "Traceback" not in err and "BrokenPipe" not in err, err
