"""``jdpipe compare`` and the analysis stage inside ``jdpipe run``."""
import pandas as pd
import pytest

from pipeline.cli import main

PAGES = {
    "a.txt": "客服主管岗位职责\n1、处理客户投诉,跟踪处理结果；\n2、组织客服人员培训；\n3、制定客服部工作计划；\n"
             "4、完成上级领导交办的其他工作。\n",
    "b.txt": "品牌经理岗位职责\n1、制定品牌推广计划；\n2、维护公司品牌形象；\n3、组织市场调研,分析竞争对手；\n"
             "4、完成上级领导交办的其他工作。\n",
    "c.txt": "客服部经理岗位职责\n1、处理客户重大投诉；\n2、负责客服团队的绩效考核；\n3、制定客服部年度工作计划；\n"
             "4、完成上级交办的其他任务。\n",
}


@pytest.fixture
def small_run(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--input", str(root), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


def test_run_writes_analysis_outputs(small_run):
    for name in ("role_similarity", "role_pairs", "themes", "role_themes", "role_terms"):
        assert (small_run / f"{name}.csv").is_file() and (small_run / f"{name}.parquet").is_file()
    duties = pd.read_parquet(small_run / "duties.parquet")
    assert {"tokens", "theme"} <= set(duties.columns)
    assert set(duties["role"]) == {"客服主管", "品牌经理", "客服经理"}


def test_compare_prints_and_writes_csv(small_run, tmp_path, capsys):
    csv_path = tmp_path / "cmp.csv"
    assert main(["compare", "客服部经理", "客服主管", "--dir", str(small_run), "--out", str(csv_path)]) == 0
    printed = capsys.readouterr().out
    assert "客服经理 vs 客服主管" in printed and "profile cosine" in printed
    frame = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert list(frame.columns) == ["side", "role", "duty", "record_id", "source", "records", "match_role",
                                   "best_match", "match_record_id", "match_source", "match_records", "cosine",
                                   "matched"]
    assert (frame["side"] == "a").sum() == 4 and (frame["side"] == "b").sum() == 4
    assert frame["cosine"].between(0, 1).all() and set(frame["matched"]) <= {0, 1}


def test_unknown_role_suggests_names(small_run, capsys):
    assert main(["compare", "客服经里", "品牌经理", "--dir", str(small_run)]) == 2
    err = capsys.readouterr().err
    assert "客服经里" in err and "客服经理" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_compare_needs_a_run_first(tmp_path, capsys):
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "jdpipe run" in err and "Traceback" not in err


def test_compare_same_role_twice(small_run, capsys):
    assert main(["compare", "客服部经理", "客服经理", "--dir", str(small_run)]) == 2
    assert "same role" in capsys.readouterr().err


@pytest.mark.parametrize("other", ["品牌经理", "营运总监", "客服主管"])
def test_compare_on_the_real_corpus(analysed_corpus, other, tmp_path, capsys):
    _, out = analysed_corpus
    assert main(["compare", "客服经理", other, "--dir", str(out), "--out", str(tmp_path / "c.csv")]) == 0
    printed = capsys.readouterr().out
    assert f"客服经理 vs {other}" in printed and "Only 客服经理" in printed


def test_run_without_duties_still_writes_every_output(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "essay.txt").write_text("今天天气很好，我们去公园散步。", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--input", str(root), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    for name in ("duties", "role_similarity", "role_pairs", "themes", "role_themes", "role_terms"):
        assert (out / f"{name}.csv").is_file(), name
