"""Stops and the one commit point (issues 16 and 17).

Real runs (``python -m pipeline run`` on a generated corpus, this checkout's code) are stopped
in each stage, found by what the run has written into its staging folder, never by timing:
Ctrl-C as a terminal sends it (SIGINT to the whole process group), SIGTERM to the main process
only, SIGKILL. Each must end with exit 130 / 143 and one line without a traceback, leave the
output folder exactly as it was, and leave no process of the run behind. The commit itself is
killed with SIGKILL between each of its steps (a child process that stages a made-up run and
kills itself there): the folder then holds the old run or the new one, never both, and the
next run puts back what a killed commit had carried away.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from pipeline import interrupts
from pipeline.cli import main
from pipeline.outputs.staging import Staging, recover

from .conftest import RAW, ROOT
from .test_crash_safety import make_corpus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc: Linux")

STOPPED = "jdpipe: interrupted; earlier outputs left as they were."
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's code, whatever the venv has installed


def digests(out: Path) -> dict[str, str]:
    """Every file in the output folder (the cache aside), by content."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}


def siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.jdpipe-*"))


def staged(out: Path) -> Path | None:
    found = list(out.parent.glob(f".{out.name}.jdpipe-staging.*"))
    return found[0] if found else None


def start_run(inputs: Path, out: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--input", str(inputs), "--out", str(out),
                             "--workers", "2", "--quiet", "--no-cache"],
                            cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def parsing(folder: Path) -> bool:
    records = folder / "records.jsonl"
    return records.exists() and records.stat().st_size > 0 and not (folder / "manifest.csv").exists()


def analysing(folder: Path) -> bool:
    return (folder / "manifest.csv").exists() and not (folder / "themes.csv").exists()


def reporting(folder: Path) -> bool:
    return (folder / "themes.csv").exists() and not (folder / ".duties.parquet.rows").exists() \
        and not (folder / "report.html").exists()


def wait_for_stage(proc: subprocess.Popen, out: Path, stage, timeout: float = 240) -> list[psutil.Process]:
    """Until the run's staging folder shows ``stage``; return the run's processes besides the main one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        folder = staged(out)
        if folder is not None and stage(folder):
            return psutil.Process(proc.pid).children(recursive=True)
        time.sleep(0.005)
    pytest.fail(f"the run never reached {stage.__name__} (exit {proc.poll()})")


def gone(processes: list[psutil.Process], timeout: float = 10) -> list[int]:
    """Processes among ``processes`` still alive after ``timeout`` seconds (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    alive = processes
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.1)
    return [p.pid for p in alive]


def _alive(process: psutil.Process) -> bool:
    try:  # the process may end between the two questions
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "big"
    make_corpus(folder)
    return folder


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Quick to parse, so the later stages come soon; other outputs than data/raw's."""
    folder = tmp_path_factory.mktemp("signals") / "small"
    folder.mkdir()
    for copy in range(2):
        for page in sorted(RAW.glob("*.txt")):
            (folder / f"{copy}_{page.name}").write_bytes(page.read_bytes() + f"\n{copy}\n".encode())
    return folder


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """The outputs of a complete run on data/raw, with a person's files beside them."""
    out = tmp_path_factory.mktemp("previous") / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(RAW), "--out", str(out),
                           "--workers", "1", "--quiet"], cwd=out.parent, env=ENV, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    add_persons_files(out)
    return out


def add_persons_files(out: Path) -> None:
    (out / "compare_a_b.csv").write_text("a,b\n", encoding="utf-8")
    (out / "notebooks").mkdir()
    (out / "notebooks" / "01.html").write_text("<p>x</p>", encoding="utf-8")


def copy_of(previous: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    subprocess.run(["cp", "-a", str(previous), str(out)], check=True)
    return out


@pytest.mark.parametrize("stage, how, inputs", [(parsing, "ctrl-c", "corpus"), (parsing, "term", "corpus"),
                                                (analysing, "ctrl-c", "small"), (analysing, "term", "small"),
                                                (reporting, "ctrl-c", "small"), (reporting, "term", "small")])
def test_a_stop_in_any_stage_leaves_the_outputs_and_no_process(stage, how, inputs, previous, tmp_path, request):
    out = copy_of(previous, tmp_path)
    before = digests(out)
    proc = start_run(request.getfixturevalue(inputs), out, tmp_path)
    processes = wait_for_stage(proc, out, stage)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: every process of the group
    else:
        os.kill(proc.pid, signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == (130 if how == "ctrl-c" else 143)
    assert stderr.strip() == STOPPED, stderr
    assert digests(out) == before
    assert (out / "notebooks" / "01.html").is_file() and (out / ".cache").is_dir()
    assert siblings(out) == []
    assert gone(processes) == []


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_main_process(signum, corpus, tmp_path):
    """Killed while its workers parse: none of them is left, so whoever reads the run's
    stderr pipe gets its end."""
    out = tmp_path / "out"
    proc = start_run(corpus, out, tmp_path)
    processes = wait_for_stage(proc, out, parsing)
    assert processes, "the run has no worker processes"
    os.kill(proc.pid, signum)  # the main process only
    proc.communicate(timeout=30)  # returns: no worker holds the pipe any more
    assert gone(processes) == []


def test_a_run_replaces_every_output_in_one_step(previous, tmp_path):
    """A parse into a run's folder: the new parse outputs, no analysis output of the old run
    beside them, the person's files and the cache kept, nothing left beside the folder."""
    out = copy_of(previous, tmp_path)
    assert main(["parse", str(RAW / "000_344b4af18d026dd9.txt"), "--out", str(out), "--workers", "1",
                 "--quiet"]) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {"records.jsonl", "records.csv", "records.parquet", "duties.parquet", "duties.csv", "manifest.csv",
                     "compare_a_b.csv", "notebooks", ".cache"}
    assert (out / "notebooks" / "01.html").read_text(encoding="utf-8") == "<p>x</p>"
    assert siblings(out) == []


def test_full_disk_while_writing_the_report_changes_nothing(previous, tmp_path, capsys, monkeypatch):
    out = copy_of(previous, tmp_path)
    before = digests(out)
    real_write = Path.write_text

    def full_disk(self, *args, **kwargs):
        if self.name == "report.html":
            raise OSError(28, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    assert main(["run", "--input", str(RAW), "--out", str(out), "--workers", "1", "--quiet", "--no-cache"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0] and "unchanged" in lines[0], lines
    assert digests(out) == before
    assert siblings(out) == []

    assert main(["report", "--dir", str(out), "--quiet"]) == 2  # `jdpipe report` alone: the same
    assert digests(out) == before
    assert siblings(out) == []


def test_jdpipe_report_is_a_new_generation(previous, tmp_path):
    out = copy_of(previous, tmp_path)
    before = digests(out)
    inode = (out / "records.parquet").stat().st_ino
    (out / "report.html").write_text("old", encoding="utf-8")
    assert main(["report", "--dir", str(out), "--quiet"]) == 0
    after = digests(out)
    assert after.pop("report.html") != hashlib.sha256(b"old").hexdigest()
    assert after == {k: v for k, v in before.items() if k != "report.html"}
    assert (out / "records.parquet").stat().st_ino == inode  # linked into the new folder, not copied
    assert (out / "notebooks" / "01.html").is_file() and siblings(out) == []


KILLED_COMMIT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from pipeline.outputs import staging as staging_module, swap as swap_module

    out, where = Path(sys.argv[1]), sys.argv[2]
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)
    if where == "between renames":  # the two-rename swap, killed when the old folder is moved away
        swap_module.exchange = lambda a, b: False
        real_rename = os.rename
        def rename(a, b):
            real_rename(a, b)
            if Path(a) == out:
                die()
        swap_module.os.rename = rename
    real_swap, real_carry = staging_module.swap, staging_module.carry
    def carry(*args):
        moved = real_carry(*args)
        if where == "after carry":
            die()
        return moved
    def swap(*args):
        old = real_swap(*args)
        if where == "after swap":
            die()
        return old
    staging_module.swap, staging_module.carry = swap, carry
    staging = staging_module.Staging(out)
    for name in ("records.jsonl", "manifest.csv", "report.html"):
        staging.path(name).write_text("new " + name, encoding="utf-8")
    staging.commit()
""")


@pytest.mark.parametrize("where", ["after carry", "between renames", "after swap", "not killed"])
def test_a_commit_killed_at_any_step_is_old_or_new(where, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("records.jsonl", "manifest.csv", "report.html", "themes.csv"):
        (out / name).write_text("old " + name, encoding="utf-8")
    add_persons_files(out)
    (out / ".cache").mkdir()
    (out / ".cache" / "cache.sqlite").write_text("cache", encoding="utf-8")
    old = digests(out)
    done = subprocess.run([sys.executable, "-c", KILLED_COMMIT, str(out), where], env=ENV, cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == (0 if where == "not killed" else -signal.SIGKILL), done.stderr
    new = {name: hashlib.sha256(f"new {name}".encode()).hexdigest()
           for name in ("records.jsonl", "manifest.csv", "report.html")}
    new["compare_a_b.csv"] = old["compare_a_b.csv"]
    if out.exists():  # what a reader sees right after the kill: one run or the other
        assert digests(out) in (old, new)
    recover(out)  # what the next run does first
    assert digests(out) in (old, new)
    assert (out / "notebooks" / "01.html").read_text(encoding="utf-8") == "<p>x</p>"
    assert (out / ".cache" / "cache.sqlite").read_text(encoding="utf-8") == "cache"
    assert siblings(out) == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_stop_swallowed_on_the_way_still_stops_the_commit(tmp_path):
    """Python only prints an exception raised in a ``__del__``: a Ctrl-C landing there would be
    lost, and the run would go on to replace the outputs. It is recorded, and the commit refuses."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "records.jsonl").write_text("old", encoding="utf-8")

    class Collected:
        def __del__(self):  # what the SIGINT handler does when the signal lands here
            interrupts._on_stop(signal.SIGINT, None)

    with interrupts.handling_stops():
        staging = Staging(out)
        staging.path("records.jsonl").write_text("new", encoding="utf-8")
        Collected()  # prints "Exception ignored in ...", goes on
        with pytest.raises(KeyboardInterrupt):
            staging.commit()
        staging.abort()
    assert (out / "records.jsonl").read_text(encoding="utf-8") == "old"
    assert siblings(out) == []


def test_pool_workers_ignore_ctrl_c_and_watch_their_parent():
    from pipeline.run.engines import new_pool

    with new_pool(1) as pool:
        handler, death_signal = pool.submit(worker_signals).result()
    assert handler == signal.SIG_IGN
    assert death_signal == signal.SIGKILL


def worker_signals():
    import ctypes

    value = ctypes.c_int()
    ctypes.CDLL(None).prctl(2, ctypes.byref(value), 0, 0, 0)  # PR_GET_PDEATHSIG
    return signal.getsignal(signal.SIGINT), value.value


def test_a_folder_that_cannot_be_replaced_gets_its_files_renamed(tmp_path, monkeypatch):
    """A mount point (a Docker volume): the staging folder goes inside, the files are renamed
    one by one; an old output the run did not write goes, the person's files stay."""
    from pipeline.outputs import staging as staging_module

    out = tmp_path / "out"
    out.mkdir()
    for name in ("records.jsonl", "themes.csv"):
        (out / name).write_text("old", encoding="utf-8")
    add_persons_files(out)
    monkeypatch.setattr(staging_module, "mount_point", lambda path: True)
    staging = Staging(out)
    assert staging.folder.parent == out
    staging.path("records.jsonl").write_text("new", encoding="utf-8")
    assert staging.commit() == ["records.jsonl"]
    assert sorted(p.name for p in out.iterdir()) == ["compare_a_b.csv", "notebooks", "records.jsonl"]
    assert (out / "records.jsonl").read_text(encoding="utf-8") == "new"
