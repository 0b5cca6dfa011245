"""Mistakes a person makes get one clear sentence on stderr and exit code 2, never a traceback;
`jdpipe config` prints every setting as TOML; `jdpipe run` ends with a summary."""
import dataclasses
import tomllib

import pytest

from pipeline.cli import main
from pipeline.config import Settings

from .conftest import RAW, ROOT, one_sentence


@pytest.fixture
def small_out(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、记录客户需求。\n", encoding="utf-8")
    (root / "b.txt").write_text("品牌经理岗位职责\n1、制定品牌推广计划；\n2、维护品牌形象；\n3、组织市场调研。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "--input", str(root), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


@pytest.mark.parametrize("command", [
    ["run", "--input", "{tmp}/no_such_folder", "--out", "{tmp}/out"],
    ["parse", "{tmp}/no_such_folder", "--out", "{tmp}/out"],
    ["eval", "{tmp}/no_such_gold"],
    ["report", "--dir", "{tmp}/no_such_folder"],
    ["compare", "客服经理", "品牌经理", "--dir", "{tmp}/no_such_folder"],
], ids=["run", "parse", "eval", "report", "compare"])
def test_missing_folder(command, tmp_path, capsys):
    assert main([part.format(tmp=tmp_path) for part in command]) == 2
    line = one_sentence(capsys)
    assert "no_such" in line and ("does not exist" in line or "jdpipe run" in line)


def test_report_on_a_folder_without_outputs(tmp_path, capsys):
    assert main(["report", "--dir", str(tmp_path)]) == 2
    assert "jdpipe run" in one_sentence(capsys)


def test_report_that_cannot_be_written(small_out, tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["report", "--dir", str(small_out), "--out", str(blocker / "report.html"), "--quiet"]) == 2
    assert "cannot write the report" in one_sentence(capsys)


def test_typo_in_a_role_name(small_out, capsys):
    assert main(["compare", "客服专圆", "品牌经理", "--dir", str(small_out)]) == 2
    line = one_sentence(capsys)
    assert "客服专圆" in line and "did you mean" in line and "客服专员" in line


@pytest.mark.parametrize("toml, words", [
    ("[analysis]\noverlap_threshold = 1.5\n", ["overlap_threshold", "between 0.01 and 1", "1.5"]),
    ("[analysis]\ntheme_k_min = 30\ntheme_k_max = 10\n", ["theme_k_min", "theme_k_max"]),
    ("[run]\nworkers = -2\n", ["workers", "at least 0"]),
    ("[run]\nworkers = \"many\"\n", ["workers", "number", "many"]),
    ("[run]\nstrict = \"yes\"\n", ["strict", "true or false"]),
    ("[analysis]\nthem_k_max = 20\n", ["them_k_max", "did you mean 'theme_k_max'"]),
    ("[tokens]\nuserdict = [\"no_such_dict.txt\"]\n", ["userdict", "no_such_dict.txt", "does not exist"]),
    ("[analysis\nseed = 1\n", ["not valid TOML"]),
], ids=["range", "k-order", "negative", "type", "bool", "unknown-key", "missing-file", "syntax"])
def test_bad_config_value(toml, words, tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text(toml, encoding="utf-8")
    assert main(["--config", str(config), "run", "--input", str(RAW), "--out", str(tmp_path / "out")]) == 2
    line = one_sentence(capsys)
    for word in words:
        assert word in line, line
    assert not (tmp_path / "out").exists()  # checked before any work


def test_bad_values_in_flags(tmp_path, capsys):
    assert main(["config", "--set", "seed=-1"]) == 2
    assert "seed" in one_sentence(capsys)
    assert main(["config", "--set", "theme_k_maxx=3"]) == 2
    assert "did you mean 'theme_k_max'" in one_sentence(capsys)
    assert main(["config", "--set", "novalue"]) == 2
    assert "KEY=VALUE" in one_sentence(capsys)
    assert main(["--config", str(tmp_path / "none.toml"), "config"]) == 2
    assert "does not exist" in one_sentence(capsys)


def test_argparse_mistakes_return_2_without_raising(capsys):
    assert main(["run", "--workers", "many"]) == 2
    err = capsys.readouterr().err
    assert "invalid int value" in err and "Traceback" not in err
    assert main(["no-such-command"]) == 2
    assert main(["--help"]) == 0


def test_config_prints_every_setting_as_toml(capsys):
    assert main(["config", "--set", "theme_k_max=20", "--set", "overlap_threshold=0.4"]) == 0
    printed = tomllib.loads(capsys.readouterr().out)
    flat = {key: value for section, table in printed.items() if section != "role_aliases" for key, value in table.items()}
    names = {f.name for f in dataclasses.fields(Settings)} - {"role_aliases"}
    assert set(flat) == names and "role_aliases" in printed
    assert flat["theme_k_max"] == 20 and flat["overlap_threshold"] == 0.4


def test_jdpipe_toml_documents_every_setting():
    text = (ROOT / "jdpipe.toml").read_text(encoding="utf-8")
    parsed = tomllib.loads(text)
    keys = {key for section, table in parsed.items() if section != "role_aliases" for key in table}
    assert keys == {f.name for f in dataclasses.fields(Settings)} - {"role_aliases"}
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#") and not line.startswith("["):
            assert "#" in line, f"undocumented: {line}"


def test_run_ends_with_a_summary_and_no_progress_bars_off_a_terminal(tmp_path, capsys):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n", encoding="utf-8")
    assert main(["run", "--input", str(root), "--out", str(tmp_path / "out"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "\r" not in err  # stderr is not a terminal here: no bars even without --quiet
    for label in ("documents", "records", "roles", "coverage", "time", "report"):
        assert f"\n  {label} " in err, label
    assert " duties (" in err and " duty themes (" in err and " warnings on " in err
    assert "parse " in err and "analysis " in err and "report.html" in err


def test_an_input_with_no_files_leaves_earlier_outputs_alone(small_out, tmp_path, capsys):
    out = small_out
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    capsys.readouterr()
    assert main(["run", "--input", str(empty), "--out", str(out), "--workers", "1", "--quiet"]) == 2
    assert "no files in" in one_sentence(capsys)
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before
