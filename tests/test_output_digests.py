"""Every byte `jdpipe run` writes on data/raw, against digests stored before a refactoring.

The run's code may move between modules freely; its outputs may not change unless meant to.
The runs write every optional output too (``EXTRA_OUTPUTS``: jdpipe.xlsx, whose timestamps are
fixed so that it is reproducible). When an output is meant to change, store the new digests with
`python benchmarks/output_digests.py data/raw --out /tmp/digests --save tests/fixtures/output_digests.json`
and say why in the commit.
"""
import json
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import RAW

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from output_digests import EXTRA_OUTPUTS, output_digests  # noqa: E402

STORED = json.loads((Path(__file__).parent / "fixtures" / "output_digests.json").read_text())


def differing(out: Path) -> list[str]:
    found = output_digests(out)
    return sorted(name for name in set(found) | set(STORED) if found.get(name) != STORED.get(name))


@pytest.mark.parametrize("engine, workers", [("local", "1"), ("local", "2"), ("dask", "2")])
def test_outputs_are_byte_identical_cold_and_cached(engine, workers, tmp_path):
    out = tmp_path / "out"
    command = ["run", "--input", str(RAW), "--out", str(out), "--quiet",
               "--engine", engine, "--workers", workers, *EXTRA_OUTPUTS]
    assert main(command) == 0
    assert differing(out) == [], "cold run"
    assert main(command) == 0
    assert differing(out) == [], "second run, from the cache"
