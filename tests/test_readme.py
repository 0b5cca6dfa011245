"""The README's examples work as written: every code block marked `<!-- runnable -->` runs in a
fresh copy of the project (its inputs and settings, ../shared beside it when present)."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

MARKED = re.compile(r"<!-- runnable -->\n```(sh|python)\n(.*?)```", re.S)
BLOCKS = MARKED.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_marks_runnable_blocks():
    assert {language for language, _ in BLOCKS} == {"sh", "python"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of what a fresh clone holds that the examples use, with ../shared beside it. The
    blocks run in README order in it, so the Python API block finds what `jdpipe run` wrote."""
    base = tmp_path_factory.mktemp("clone")
    project = base / "project"
    shutil.copytree(ROOT / "data" / "raw", project / "data" / "raw")
    shutil.copy(ROOT / "jdpipe.toml", project / "jdpipe.toml")
    if (ROOT.parent / "shared").is_dir():
        (base / "shared").symlink_to(ROOT.parent / "shared")
    return project


def run_block(language: str, code: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT)}
    command = ["bash", "-e", "-o", "pipefail", "-c", code] if language == "sh" else [sys.executable, "-c", code]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("language, code", BLOCKS, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(BLOCKS)])
def test_runnable_readme_block(language, code, project):
    if "../shared" in code and not (project.parent / "shared").is_dir():
        pytest.skip("../shared is not beside the project here")
    done = run_block(language, code, project)
    assert done.returncode == 0, f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
