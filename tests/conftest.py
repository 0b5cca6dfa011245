import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"


@pytest.fixture(scope="session")
def corpus_records(tmp_path_factory):
    """Records of the default corpus, parsed once per test session."""
    from pipeline.config import load_settings
    from pipeline.run import parse_inputs

    out = tmp_path_factory.mktemp("parsed")
    result = parse_inputs([str(RAW)], out, load_settings(workers=1, quiet=True))
    return result, out


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def analysed_corpus(corpus_records, tmp_path_factory):
    """The default corpus through the analysis stage once per session (the Python API, which
    writes what ``jdpipe run`` writes): (Results, output folder)."""
    import copy

    from pipeline.api import analyze_records

    result, _ = corpus_records
    out = tmp_path_factory.mktemp("analysed")
    return analyze_records(copy.deepcopy(result.records), out, workers=1), out


@pytest.fixture(scope="session")
def full_run(tmp_path_factory):
    """``jdpipe run`` on the default corpus once per session, as `make run` does: the output
    folder (parse and analysis outputs and report.html)."""
    from pipeline.cli import main

    out = tmp_path_factory.mktemp("full_run")
    assert main(["run", "--input", str(RAW), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


def one_sentence(capsys) -> str:
    """The one line a user error leaves on stderr (no traceback), checked and returned."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("jdpipe: ")
    return lines[0]
