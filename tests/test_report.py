"""report.html: written by `jdpipe run` and `jdpipe report`, self-contained, every section there."""
import io
import re

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.config import Settings
from pipeline.report import data, plots, write_report
from pipeline.results import load_results

SECTION_IDS = ("corpus", "similarity", "themes", "terms", "problems")


def test_run_writes_a_self_contained_report(full_run):
    page = (full_run / "report.html").read_text(encoding="utf-8")
    for section in SECTION_IDS:
        assert f'<section id="{section}">' in page, section
    # nothing is fetched: no scripts, no external sources or style sheets, no CSS imports
    assert "<script" not in page
    assert not re.search(r'\b(?:src|href)\s*=\s*"(?!#|data:)', page)
    assert "@import" not in page and "url(http" not in page
    assert page.count("<svg") >= 3  # duties per role, similarity heatmap, themes per role
    for role in ("客服经理", "品牌经理", "营运总监"):
        assert role in page
    assert 'id="role-terms"' in page and 'id="themes"' in page and 'id="top-pairs"' in page


def test_report_command_rewrites_the_report(full_run, tmp_path, capsys):
    target = tmp_path / "r.html"
    assert main(["report", "--dir", str(full_run), "--out", str(target), "--quiet"]) == 0
    assert target.read_text(encoding="utf-8") == (full_run / "report.html").read_text(encoding="utf-8")
    assert str(target) in capsys.readouterr().err


def test_report_lists_manifest_problems(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、记录客户需求。\n", encoding="utf-8")
    (root / "fake.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (root / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert main(["run", "--input", str(root), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    problems = page[page.index('<section id="problems">'):]
    assert "fake.txt" in problems and "skipped" in problems and "empty.txt" in problems
    assert "Fewer than two roles" in page  # one role: no heatmap, a sentence instead


def test_report_after_parse_only(tmp_path):
    out = tmp_path / "out"
    from .conftest import RAW

    assert main(["parse", str(RAW), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    report = write_report(out, Settings(quiet=True))
    page = report.path.read_text(encoding="utf-8")
    assert "jdpipe run" in page and '<section id="corpus">' in page
    # the report reads only the duty columns it shows, of those a parse-only run wrote
    assert list(load_results(out, duty_columns=["role", "duty", "theme"]).duties.columns) == ["role", "duty"]


def test_report_max_roles_limits_the_heatmap(full_run):
    results = load_results(full_run)
    shown = data.shown_roles(results, 10)
    assert len(shown) == 10 and set(shown) <= set(results.role_similarity.index)


def test_linkage_orders_similar_roles_together():
    roles = ["a", "b", "c", "d"]
    sim = pd.DataFrame([[1, .9, .1, .1], [.9, 1, .1, .1], [.1, .1, 1, .8], [.1, .1, .8, 1]], index=roles, columns=roles)
    order = data.leaf_order(sim, data.role_linkage(sim))
    assert {frozenset(order[:2]), frozenset(order[2:])} == {frozenset("ab"), frozenset("cd")}
    assert data.role_linkage(sim.iloc[:2, :2]) is None


def test_plots_are_functions_of_frames():
    roles = ["客服经理", "品牌经理", "营运总监"]
    sim = pd.DataFrame([[1, .2, .1], [.2, 1, .3], [.1, .3, 1]], index=roles, columns=roles)
    shares = pd.DataFrame([[.5, .5], [1, 0], [0, 1]], index=roles, columns=["0 投诉 / 处理", "1 品牌 / 推广"])
    figures = [plots.similarity_heatmap(sim, data.role_linkage(sim)), plots.role_theme_heatmap(shares, roles),
               plots.theme_shares_bars(shares, roles),
               plots.duties_per_role(pd.DataFrame({"role": roles, "records": [1, 2, 3], "distinct_duties": [4, 5, 6]}))]
    for fig in figures:
        svg = plots.figure_svg(fig)
        assert svg.startswith("<svg") and "营运总监" in svg  # labels stay text in the SVG


def test_pictures_use_the_font_installed_with_the_project(recwarn):
    """No system font needed: the pip-installed font has the Chinese glyphs, and drawing a
    Chinese label warns of no missing glyph."""
    from matplotlib.figure import Figure
    from matplotlib.ft2font import FT2Font

    assert plots.packaged_font_path() is not None
    assert plots.use_cjk_font() == plots.cjk_font() == "WenQuanYi Micro Hei"
    charmap = FT2Font(plots.packaged_font_path()).get_charmap()
    assert all(ord(c) in charmap for c in "客服经理營運總監")
    fig = Figure()
    fig.subplots().set_title("客服经理 营运总监")
    fig.savefig(io.BytesIO(), format="png")  # drawn as pixels, every glyph is looked up
    assert not [w for w in recwarn if "Glyph" in str(w.message)]

