"""A run killed with SIGKILL (no clean-up code runs) leaves the previous outputs intact.

``jdpipe parse`` runs as a real subprocess on a generated corpus that takes a few seconds.
After one complete run, a second run is killed, once just after its workers start and once
while its staged outputs are being written, and the folder must still hold the first run's
outputs, byte for byte and readable. What a killed run leaves behind is hidden (a
``.OUT.jdpipe-staging.PID.*`` folder beside the output folder), never taken for an output,
and the next successful run removes it.
"""
from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from .conftest import RAW, ROOT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and process groups are Unix only")

OUTPUTS = {"records.jsonl", "records.csv", "records.parquet", "duties.parquet", "duties.csv", "manifest.csv"}
NAMES = ["".join(p) + "专员" for p in itertools.product("甲乙丙丁戊己庚辛壬癸东南西北春夏秋冬金木水火土", repeat=2)]
JD = "{name}岗位职责\n1、接听客户电话，记录客户需求；\n2、处理客户投诉，跟进处理结果。\n3、完成上级交办的其他工作。\n\n"


def make_corpus(folder: Path, files: int = 4, records: int = 500) -> None:
    """Files of many short job descriptions (a large output, quickly parsed) and the real pages."""
    folder.mkdir()
    for i in range(files):
        names = NAMES[i * records % len(NAMES):][:records]
        (folder / f"many_{i}.txt").write_text("".join(JD.format(name=n) for n in names), encoding="utf-8")
    for copy in range(12):  # not byte-identical copies: those are read once and marked duplicates
        for page in sorted(RAW.glob("*.txt")):
            (folder / f"{copy}_{page.name}").write_bytes(page.read_bytes() + f"\n{copy}\n".encode())


def start(inputs: Path, out: Path, cwd: Path) -> subprocess.Popen:
    """``python -m pipeline parse`` in its own process group, so the kill reaches its workers too."""
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "parse", str(inputs), "--out", str(out), "--workers", "2", "--quiet"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's code, not the installed copy's
    )


def wait_for_workers(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Until the run has started its worker processes, i.e. parsing has begun (Linux /proc);
    where /proc cannot tell, a fixed wait past the start-up."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if not children.exists():
        time.sleep(2.0)
        return
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if children.read_text().split():
            return
        time.sleep(0.01)


def kill(proc: subprocess.Popen) -> None:
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def temporaries(out: Path) -> list[Path]:
    """What is not an output, in the folder and beside it (a killed run's staging folder)."""
    return [p for p in out.iterdir() if p.name not in OUTPUTS] + list(out.parent.glob(f".{out.name}.jdpipe-*"))


def writing(out: Path) -> bool:
    """Some staged or temporary output already holds data."""
    for leftover in temporaries(out):
        files = [leftover] if leftover.is_file() else [p for p in leftover.rglob("*") if p.is_file()]
        if any(p.stat().st_size for p in files):
            return True
    return False


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def check_readable(out: Path) -> None:
    records = [json.loads(line) for line in (out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records and all(r["record_id"] and r["duties"] for r in records)
    assert len(pd.read_parquet(out / "records.parquet")) == len(records)
    duties = pd.read_parquet(out / "duties.parquet")
    assert len(pd.read_csv(out / "duties.csv", encoding="utf-8-sig")) == len(duties)
    manifest = pd.read_csv(out / "manifest.csv", encoding="utf-8-sig")
    assert set(manifest["status"]) == {"parsed"}


def check_previous_outputs(out: Path, before: dict[str, bytes]) -> None:
    assert snapshot(out) == before
    check_readable(out)
    for leftover in temporaries(out):  # what a killed writer leaves: hidden, never an output's name
        assert leftover.name.startswith("."), leftover.name


def test_killed_run_leaves_previous_outputs(tmp_path):
    make_corpus(tmp_path / "big")
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "pipeline", "parse", str(RAW), "--out", str(out), "--quiet"],
                           cwd=tmp_path, capture_output=True, text=True, timeout=60,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    check_readable(out)

    # 1. killed while it parses (its worker processes are running): nothing written yet
    proc = start(tmp_path / "big", out, tmp_path)
    wait_for_workers(proc)
    time.sleep(0.3)
    kill(proc)
    check_previous_outputs(out, before)

    # 2. killed while it writes: as soon as a staged output holds data
    proc = start(tmp_path / "big", out, tmp_path)
    deadline = time.monotonic() + 30
    while not writing(out) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    kill(proc)
    assert writing(out), "the kill did not land while the outputs were written"
    check_previous_outputs(out, before)

    # 3. the next run completes, replaces the outputs and removes what the killed runs left
    proc = start(tmp_path / "big", out, tmp_path)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    check_readable(out)
    assert snapshot(out) != before
    assert temporaries(out) == []


def test_outputs_are_readable_by_others(tmp_path):
    """Temporary files and folders are created owner-only; the outputs get the usual mode."""
    from pipeline.cli import main
    from pipeline.outputs.staging import atomic_path

    umask = os.umask(0o022)
    try:
        assert main(["parse", str(RAW), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]) == 0
        with atomic_path(tmp_path / "one.csv") as tmp:
            tmp.write_text("a\n", encoding="utf-8")
    finally:
        os.umask(umask)
    modes = {oct(p.stat().st_mode & 0o777) for p in [*(tmp_path / "out").iterdir(), tmp_path / "one.csv"]}
    assert modes == {"0o644"}
