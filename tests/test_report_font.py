"""The Chinese font embedded in report.html, and a quiet run (issue 16).

The page carries a WOFF2 subset of the packaged font with a glyph for each character it uses
(checked by reading the font back, and where Chromium exists by drawing the page on a font
configuration with Latin fonts only); a character the font lacks is one log line, not a flood;
`jdpipe run` on data/raw writes a few lines to stderr.
"""
import base64
import io
import logging
import re
import shutil
import subprocess
import sys
import unicodedata
import warnings

import matplotlib
import pandas as pd
import pytest
from fontTools.ttLib import TTFont

from pipeline.report import fonts, html, plots
from tests.conftest import RAW, ROOT

FONT_FACE = re.compile(r'@font-face \{ font-family: "([^"]+)"; src: url\(data:font/woff2;base64,([A-Za-z0-9+/=]+)\)')
RARE = "鿆鿇"  # CJK ideographs (Unicode 14) the packaged font has no glyph for


def embedded(page: str) -> tuple[str, TTFont]:
    """(family, font) of the page's one @font-face rule, the font read back from its data: URL."""
    faces = FONT_FACE.findall(page)
    assert len(faces) == 1
    family, data = faces[0]
    return family, TTFont(io.BytesIO(base64.b64decode(data)))


def is_cjk(character: str) -> bool:
    return unicodedata.name(character, "").startswith(("CJK", "FULLWIDTH", "IDEOGRAPHIC"))


def test_page_characters_resolve_entities_and_skip_control_characters():
    page = '<p title="岗位">客服&amp;经理&#x54C1;</p>\n<svg><text>职责\t</text></svg>'
    characters = fonts.page_characters(page)
    assert {"岗", "位", "客", "&", "品", "职", "责", "<", "p"} <= set(characters)
    assert "\n" not in characters and "\t" not in characters
    assert characters == "".join(sorted(set(characters)))
    # all printable ASCII always: the font does not change with the output folder the page names
    assert fonts.page_characters("<p>/tmp/out</p>") == fonts.page_characters("<p>/TMP/QZX~</p>")


def test_subset_holds_exactly_the_asked_characters_and_the_fonts_own_timestamps():
    path = plots.packaged_font_path()
    original = TTFont(path, fontNumber=0, lazy=True)
    fonts.subset_woff2.cache_clear()
    first = fonts.subset_woff2(path, "ab岗位职责")
    fonts.subset_woff2.cache_clear()
    assert fonts.subset_woff2(path, "ab岗位职责") == first  # cut afresh: the same bytes
    font = TTFont(io.BytesIO(first))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == {ord(c) for c in "ab岗位职责"}
    # fontTools stamps the saving time unless told not to: the page would differ on every run
    assert font["head"].modified == original["head"].modified
    assert font["name"].getBestFamilyName() == original["name"].getBestFamilyName()


def test_report_embeds_a_glyph_for_every_chinese_character_of_the_page(full_run):
    page = (full_run / "report.html").read_text(encoding="utf-8")
    family, font = embedded(page)
    cmap = font.getBestCmap()
    text = fonts.page_characters(page[page.index("</style>"):])  # what is drawn: text, tables, SVG labels
    chinese = [c for c in text if is_cjk(c)]
    assert len(chinese) > 200 and "岗" in chinese and "客" in chinese
    assert [c for c in chinese if ord(c) not in cmap] == []
    assert all(ord(c) in cmap for c in "jd-pipeline report 0123456789")
    assert len(cmap) < 2 * len(text)  # a subset, not the font's 34,000 characters
    # one face for both: the page's text lists it first, and the SVG labels ask for that name
    assert f'body {{ font-family: "{family}", ' in page
    labels = re.findall(r"<text style=\"[^\"]*font-family: '([^']+)'", page)
    assert labels and set(labels) == {family}


def test_report_font_adds_little(full_run):
    page = (full_run / "report.html").read_text(encoding="utf-8")
    assert len(FONT_FACE.search(page)[2]) < 150_000  # base64 of the WOFF2 (about 68 KB on data/raw)


def test_a_character_the_font_lacks_is_one_log_line(caplog):
    page = html.page("测试", "", [], [html.paragraph(f"客服{RARE}专员 😀")])
    with caplog.at_level(logging.WARNING, logger="pipeline.report.fonts"):
        family, woff2 = fonts.embedded_font(page)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "3 characters are not in the font" in lines[0] and RARE[0] in lines[0]
    cmap = TTFont(io.BytesIO(woff2)).getBestCmap()
    assert ord("客") in cmap and ord(RARE[0]) not in cmap


def test_missing_glyph_warnings_of_pictures_are_held_back():
    counts = pd.DataFrame({"role": [f"客服{RARE}", "品牌经理"], "records": [1, 2], "distinct_duties": [3, 4]})
    with warnings.catch_warnings(record=True) as escaped:
        warnings.simplefilter("always")
        with fonts.glyph_warnings_silenced() as missing:
            svg = plots.figure_svg(plots.duties_per_role(counts))
            warnings.warn("another warning", UserWarning)
    assert RARE[0] in svg and missing == set(RARE)
    assert [str(w.message) for w in escaped] == ["another warning"]  # only the glyph warnings are held


def jdpipe_run(corpus, out) -> subprocess.CompletedProcess:
    """`jdpipe run` as `make run` calls it: its own process, no --quiet, stderr not a terminal."""
    run = subprocess.run([sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def test_run_on_rare_characters_writes_one_line_about_them(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"{RARE}专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、记录客户需求。\n",
                                  encoding="utf-8")
    err = jdpipe_run(corpus, tmp_path / "out").stderr
    assert RARE in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")  # role label, in a picture too
    assert "Glyph" not in err and sum(RARE[0] in line for line in err.splitlines()) == 1, err


def test_run_on_data_raw_writes_a_short_summary_to_stderr(tmp_path):
    lines = jdpipe_run(RAW, tmp_path / "out").stderr.splitlines()
    assert len(lines) < 10, lines
    assert not any("Glyph" in line or "Warning" in line or "WARNING" in line for line in lines), lines
    assert lines[0].startswith("jdpipe run: ") and lines[-1].startswith("  report ")


# --- in a browser whose only fonts are Latin -----------------------------------------------------

CHROMIUM = next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def latin_only_fonts(folder) -> dict[str, str]:
    """Environment for a fontconfig that knows only matplotlib's own fonts (DejaVu, STIX: Latin)."""
    font_dir = f"{matplotlib.get_data_path()}/fonts/ttf"
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{font_dir}</dir>'
                    f"<cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    import os

    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def screenshot(page: str, folder, name: str, env) -> bytes:
    """The pixels of ``page`` drawn by headless Chromium in an 800x300 window."""
    from PIL import Image

    source, shot = folder / f"{name}.html", folder / f"{name}.png"
    source.write_text(page, encoding="utf-8")
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={folder / ('profile-' + name)}", "--window-size=800,300",
                          f"--screenshot={shot}", source.as_uri()],
                         capture_output=True, text=True, timeout=90, check=False, env=env)
    assert shot.is_file(), run.stderr[-2000:]
    with Image.open(shot) as image:
        return image.convert("RGB").tobytes()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it with apt-get)")
def test_chinese_shows_in_chromium_with_latin_fonts_only(full_run, tmp_path):
    """Two rows of different Chinese characters, in the report's own head (style and font):
    without the embedded font both are the same row of boxes (no font on this configuration has
    Chinese), with it they differ, since each character is drawn. And the report's top, title
    with Chinese included, changes when the font is taken out."""
    env = latin_only_fonts(tmp_path)
    page = (full_run / "report.html").read_text(encoding="utf-8")
    head = page[:page.index("<body>")]
    bare_head = re.sub(r"@font-face \{.*?\}\n", "", head, flags=re.S)
    assert bare_head != head
    chinese = [c for c in fonts.page_characters(page) if is_cjk(c)]
    rows = {"a": "".join(chinese[:6]), "b": "".join(chinese[-6:])}
    shots = {(font, row): screenshot(f"{h}<body><h1>{text}</h1></body></html>", tmp_path, f"{font}-{row}", env)
             for font, h in (("embedded", head), ("bare", bare_head)) for row, text in rows.items()}
    assert shots["bare", "a"] == shots["bare", "b"], "this font configuration has a Chinese font"
    assert shots["embedded", "a"] != shots["embedded", "b"], "the embedded font draws no Chinese"
    assert shots["embedded", "a"] != shots["bare", "a"]
    bare_page = bare_head + page[page.index("<body>"):]
    assert screenshot(page, tmp_path, "report", env) != screenshot(bare_page, tmp_path, "report-bare", env)
