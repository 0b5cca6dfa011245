"""``report.html``: one self-contained page of a run's results (``jdpipe report``, end of ``jdpipe run``).

Pictures are inline SVG (their labels stay text, so the browser draws the Chinese), tables
are HTML, the Chinese font is embedded (a subset: ``fonts``), and there are no scripts and no
links to anything outside the file: it opens offline, mailed or copied anywhere, on a
viewer with no Chinese font.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..analyze.columns import SUPPORT_COLUMNS
from ..config import Settings
from ..errors import UserError
from ..outputs.schema import OUTPUT_NAMES
from ..outputs.staging import Staging, atomic_path
from ..progress import Steps
from ..results import (
    Results, corpus_stats, field_coverage, load_results, manifest_problems, require_outputs, role_counts,
    unused_duty_lines, warning_counts,
)
from . import data, html

REPORT_DUTY_COLUMNS = ["role", "duty", "theme"]  # all the report reads of the duty rows (the largest table)
SECTIONS = [("corpus", "Corpus"), ("similarity", "Role similarity"), ("named", "Named roles"), ("themes", "Themes per role"),
            ("terms", "Distinctive terms"), ("problems", "Problems")]


@dataclass
class ReportResult:
    path: Path
    seconds: float


def write_report(folder: str | Path = "data/processed", settings: Settings | None = None,
                 out: str | Path | None = None) -> ReportResult:
    """Read the outputs in ``folder`` and write ``report.html`` there (or to ``out``).

    There, the report is one of the outputs: the folder gets a new generation, its outputs
    linked (not copied) beside the new report and all replaced in one step, so the report
    never describes other outputs than those beside it."""
    started = time.perf_counter()
    settings = settings or Settings()
    folder = Path(folder)
    path = Path(out) if out else folder / "report.html"
    require_outputs(folder)
    in_place = os.path.realpath(path) == os.path.realpath(folder / "report.html")
    try:
        if in_place:
            write_in_place(folder, settings)
        else:
            text = report_text(folder, folder, settings)
            with atomic_path(path) as tmp:
                tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        unchanged = "; the outputs there are unchanged" if in_place else ""
        raise UserError(f"cannot write the report to '{path}' ({exc.strerror or exc}){unchanged}.") from None
    return ReportResult(path, time.perf_counter() - started)


def write_in_place(folder: Path, settings: Settings) -> None:
    """report.html as a new generation of ``folder`` (its outputs kept as they are)."""
    staging = Staging(folder)
    try:
        staging.keep(OUTPUT_NAMES - {"report.html"})
        write_staged_report(staging, folder, settings)
        staging.commit()
    except BaseException:
        staging.abort()
        raise


def write_staged_report(staging: Staging, shown: Path, settings: Settings) -> ReportResult:
    """report.html of the outputs staged in ``staging``, written there; ``shown``: the output
    folder the report names. A full disk is an OSError for the caller (nothing committed)."""
    started = time.perf_counter()
    path = staging.path("report.html")
    try:
        text = report_text(staging.folder, shown, settings)
    except UserError as exc:  # a damaged output: named where the person finds it
        raise UserError(str(exc).replace(str(staging.folder), str(shown))) from None
    path.write_text(text, encoding="utf-8")
    return ReportResult(shown / "report.html", time.perf_counter() - started)


def report_text(folder: Path, shown: Path, settings: Settings) -> str:
    """The report of the outputs in ``folder``, naming ``shown`` as their folder."""
    with Steps("report", ["load", "corpus", "similarity", "themes", "font", "write"], settings.quiet) as step:
        step("load")
        results = load_results(folder, duty_columns=REPORT_DUTY_COLUMNS)
        results.folder = shown
        text = render(results, settings, step)
        step("write")
    return text


def render(results: Results, settings: Settings, step=lambda name: None) -> str:
    """The whole page as a string, with the subset of the Chinese font its characters need."""
    from .fonts import embedded_font, glyph_warnings_silenced

    with glyph_warnings_silenced():  # embedded_font names what the font lacks, in one line
        title, meta, sections = page_parts(results, settings, step)
    step("font")
    draft = html.page(title, meta, SECTIONS, sections)
    font = embedded_font(draft)
    return html.page(title, meta, SECTIONS, sections, html.font_face(*font) if font else "")


def page_parts(results: Results, settings: Settings, step) -> tuple[str, str, list[str]]:
    """Title, meta line and the sections' HTML."""
    from .. import __version__

    step("corpus")
    sections = [corpus_section(results)]
    step("similarity")
    roles = data.shown_roles(results, settings.report_max_roles)
    order = similarity_parts = None
    if len(roles) >= 2:
        similarity = results.role_similarity.loc[roles, roles]
        linkage = data.role_linkage(similarity)
        order = data.leaf_order(similarity, linkage)[::-1]  # top to bottom as in the heatmap
        similarity_parts = similarity_section(results, similarity, linkage, settings)
    sections.append(similarity_parts or html.section("similarity", "Role similarity", _no_analysis(results)))
    sections.append(named_section(results, settings))
    step("themes")
    sections.append(themes_section(results, order))
    sections.append(terms_section(results, order))
    sections.append(problems_section(results))
    stats = dict(corpus_stats(results).itertuples(index=False))
    meta = (f"{stats['files']} files, {stats['records']} records, {stats['duties']} duties "
            f"from {html.escape(str(results.folder))} · jd-pipeline {__version__}")
    return "jd-pipeline report · 岗位职责分析", meta, sections


def _no_analysis(results: Results) -> str:
    if not results.analysed:
        return html.paragraph("No analysis outputs here: `jdpipe run` writes them.")
    return html.paragraph("Fewer than two roles have enough duties to compare (setting min_role_duties).")


def corpus_section(results: Results) -> str:
    from .plots import duties_per_role, figure_svg

    stats = html.table(corpus_stats(results), "corpus-stats")
    coverage = html.table(field_coverage(results.records), "field-coverage",
                          {"filled": "records with it", "share": "share"})
    counts = role_counts(results)
    chart = ""
    if len(counts):
        chart = html.figure(figure_svg(duties_per_role(counts)),
                            "Bars: distinct duties per role; thin bars: records (pages or blocks) of the role.")
    return html.section("corpus", "Corpus", f'<div class="cols"><div>{stats}</div><div>{coverage}</div></div>', chart)


def similarity_section(results: Results, similarity, linkage, settings: Settings) -> str:
    from .plots import SHOWN_COSINE, figure_svg, similarity_heatmap

    compared = len(results.role_similarity)
    shown = (f"all {compared} compared roles" if len(similarity) == compared else
             f"the {len(similarity)} of {compared} compared roles with most distinct duties (report_max_roles)")
    caption = (f"Cosine of the roles' class TF-IDF profiles for {shown}; roles with at least "
               f"{settings.min_role_duties} distinct duties are compared. Rows and columns are ordered by an "
               f"average-linkage clustering on 1 - cosine; the dendrogram shows it.")
    caption += f" Cells: the cosine (blank below {SHOWN_COSINE})."
    pairs = data.top_pairs(results)
    return html.section(
        "similarity", "Role similarity",
        html.figure(figure_svg(similarity_heatmap(similarity, linkage)), caption),
        "<h3>Most similar pairs</h3>",
        html.paragraph(f"overlap_a_in_b: share of A's distinct duties with a match in B at cosine >= "
                       f"{settings.overlap_threshold}. _low / _high: {INTERVAL_TEXT}"),
        html.table(pairs, "top-pairs"), *too_few_part(results, settings))


INTERVAL_TEXT = ("a 95% interval, the number plus and minus 1.96 standard deviations of it over 200 draws of "
                 "each role's records with replacement; none for a role of one record.")
TOO_FEW_SHOWN = 60  # roles named in the "too few" list


def too_few_part(results: Results, settings: Settings) -> list[str]:
    """The roles with duties that were not compared, with what they rest on."""
    few = data.too_few_roles(results)
    if not len(few):
        return []
    listed = ", ".join(f"{row.role} ({row.records} rec., {row.distinct_duties} duties)"
                       for row in few.head(TOO_FEW_SHOWN).itertuples(index=False))
    more = f" and {len(few) - TOO_FEW_SHOWN} more (role_themes has them all)" if len(few) > TOO_FEW_SHOWN else ""
    return ["<h3>Too few duties to compare</h3>",
            html.paragraph(f"{len(few)} roles have fewer distinct duties than min_role_duties "
                           f"({settings.min_role_duties}) and are not compared: {listed}{more}.")]


def named_section(results: Results, settings: Settings) -> str:
    """The roles of the ``report_roles`` setting side by side: cosine heatmap with numbers, the
    pairs' numbers with their intervals, themes side by side."""
    from .plots import figure_svg, similarity_heatmap

    title = "Named roles"
    if not settings.report_roles or results.role_pairs is None or results.role_themes is None:
        return html.section("named", title, html.paragraph("No roles named (setting report_roles)."
                                                           if results.role_themes is not None else
                                                           _no_analysis(results)))
    roles, few, missing = data.named_roles(results, settings.report_roles, settings)
    parts = [html.paragraph(f"The roles of the setting report_roles: {', '.join(settings.report_roles)}.")]
    if missing:
        parts.append(html.paragraph(f"Not roles of these results: {', '.join(missing)}.", "problem"))
    if few:
        support = results.role_themes.loc[few, SUPPORT_COLUMNS]
        parts.append(html.paragraph("Too few distinct duties to compare (min_role_duties): " + ", ".join(
            f"{role} ({row.records} records, {row.distinct_duties} duties)" for role, row in support.iterrows()),
            "problem"))
    if len(roles) >= 2:
        similarity = results.role_similarity.loc[roles, roles]
        parts += [html.figure(figure_svg(similarity_heatmap(similarity, None, title="cosine of the named roles")),
                              "Cosine of the roles' class TF-IDF profiles, in the cells."),
                  html.table(data.named_pairs(results, roles), "named-pairs"),
                  html.paragraph(f"Duties matched: cosine >= {settings.overlap_threshold}. Brackets: {INTERVAL_TEXT}"),
                  "<h3>Themes side by side</h3>",
                  html.table(data.named_themes(results, roles), "named-themes"),
                  html.paragraph("Share of each role's distinct duties in each theme, in %.")]
    return html.section("named", title, *parts)


def themes_section(results: Results, order: list[str] | None) -> str:
    from .plots import figure_svg, role_theme_heatmap

    if results.themes is None or not len(results.themes):
        return html.section("themes", "Themes per role", _no_analysis(results))
    parts = []
    if order:
        parts.append(html.figure(figure_svg(role_theme_heatmap(results.role_themes, order)),
                                 "Share of each role's distinct duties in each duty theme (rows sum to 1); "
                                 "roles in the order of the similarity dendrogram."))
    parts += ["<h3>Themes</h3>", html.table(data.theme_table(results), "themes",
                                            {"size": "distinct duties", "example": "duty closest to the centre",
                                             "roles": "roles with most duties in it"})]
    return html.section("themes", "Themes per role", *parts)


def terms_section(results: Results, order: list[str] | None) -> str:
    if results.role_terms is None or not len(results.role_terms):
        return html.section("terms", "Distinctive terms", _no_analysis(results))
    roles = order or sorted(results.role_terms["role"].unique())
    note = html.paragraph(f"The heaviest class TF-IDF terms of each role's duties (up to {data.TERMS_SHOWN}); "
                          "roles in the order of the similarity dendrogram.")
    return html.section("terms", "Distinctive terms", note, html.table(data.role_term_table(results, roles), "role-terms"))


COVERAGE_ROWS = 50  # files listed under "Duty-like lines in no record"


def coverage_part(results: Results) -> list[str]:
    """The documents whose duty-like lines ended up in no record: what the parser dropped."""
    table = unused_duty_lines(results.manifest)
    parts = ["<h3>Duty-like lines in no record</h3>"]
    if not len(table):
        return parts + [html.paragraph("Every duty-like line (a numbered or bulleted verb-led sentence, a line under "
                                       "a duty header) is in some record.", "ok")]
    note = (f"{len(table)} of {len(results.manifest)} files have duty-like lines (numbered or bulleted verb-led "
            f"sentences, lines under a duty header) that no record's duties, requirements, KPIs or summary hold: "
            f"the parser dropped them. share: of the file's duty lines (in its records or in none). Files over the coverage_warn_lines / "
            f"coverage_warn_share settings carry a reason in the manifest."
            + (f" The {COVERAGE_ROWS} with most are listed; manifest.csv has all." if len(table) > COVERAGE_ROWS else ""))
    return parts + [html.paragraph(note, "problem"), html.table(table.head(COVERAGE_ROWS), "unused-duty-lines")]


def problems_section(results: Results) -> str:
    problems = manifest_problems(results.manifest)
    warnings = warning_counts(results.records)
    parts = ["<h3>Files (manifest)</h3>"]
    if len(problems):
        parts += [html.paragraph(f"{len(problems)} of {len(results.manifest)} files were not parsed cleanly: "
                                 "skipped, empty, failed, or repaired (see reason).", "problem"),
                  html.table(problems, "manifest-problems")]
    else:
        parts.append(html.paragraph(f"No problems: all {len(results.manifest)} files were parsed without repairs.", "ok"))
    parts += coverage_part(results)
    parts.append("<h3>Record warnings</h3>")
    if len(warnings):
        parts.append(html.table(warnings, "record-warnings"))
    else:
        parts.append(html.paragraph("No record carries a parse warning.", "ok"))
    return html.section("problems", "Problems", *parts)
