"""report.html in a real browser: Debian's headless Chromium, offline, with a fresh profile.

It takes a screenshot, reads the DOM the browser built and the console log. Skipped only
when no Chromium is installed (.ci/run installs it).
"""
import shutil
import subprocess

import pytest

CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it with apt-get)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0"]


def chromium(url: str, profile, *args: str) -> subprocess.CompletedProcess:
    """One headless Chromium run on ``url`` with a new empty profile folder."""
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
                          capture_output=True, text=True, timeout=90, check=False)


def console_messages(stderr: str) -> list[str]:
    """Console output of the page (the report has no scripts, so any is a fault) and uncaught errors."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_report_renders_in_chromium(full_run, tmp_path):
    url = (full_run / "report.html").resolve().as_uri()
    shot = tmp_path / "report.png"
    run = chromium(url, tmp_path / "profile-shot", "--window-size=1400,2000", f"--screenshot={shot}")
    assert shot.is_file() and shot.stat().st_size > 20_000, run.stderr[-2000:]
    assert console_messages(run.stderr) == []

    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1400, 2000)
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None and len(colours) > 50  # text, tables and charts, not a blank page

    dom = chromium(url, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    for section in ("corpus", "similarity", "themes", "terms", "problems"):
        assert f'<section id="{section}">' in dom.stdout, section
    assert dom.stdout.count("<svg") >= 3 and "客服经理" in dom.stdout
    assert console_messages(dom.stderr) == []


def test_console_check_catches_a_script_error(tmp_path):
    """The console check above is not vacuous: a page with a failing script is caught."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>", encoding="utf-8")
    run = chromium(page.as_uri(), tmp_path / "profile", "--dump-dom")
    assert any("undefinedFunction" in line for line in console_messages(run.stderr))
