"""Raw lines a PDF export broke at the page width, joined again before they are cleaned.

Cleaning works line by line: a site's stock sentence (在当今社会中…) cut in two escapes the
sentence filter, and the cut can leave 30|%的罚款 with a % opening a line, which reads as a lost
bullet. So the breaks are mended on the raw lines, and each mended line is cleaned whole.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .lexicon import LONE_NUMBER

WIDTH_SLACK = 3  # a wrapped line is this much shorter than the page width at most (narrow glyphs, a word kept whole)
WRAPPED_SHARE = 0.5  # natural pages have at most a fifth of their long lines at one width
MIN_WRAPPED_LINES = 4
LONG_LINE = 16
FULL_STOPS = ("。", "；", ";", "!", "！", "?", "？", ":", "：")

Row = tuple[int, int, str]  # (start, end, raw line) in the document's text


def page_width(lines: list[tuple[int, str]]) -> int | None:
    """The width a PDF export wrapped the page's lines at, from (raw length, cleaned text) of its
    lines: most long lines are that wide (a few characters less at most), and most of those
    stop mid-sentence, not at a full stop."""
    long_lines = [(length, text) for length, text in lines if length >= LONG_LINE]
    if len(long_lines) < MIN_WRAPPED_LINES:
        return None
    counts = Counter(length for length, _ in long_lines)
    near = {width: sum(counts[w] for w in range(width - WIDTH_SLACK, width + 1)) for width in counts}
    width = max(near, key=lambda w: (near[w], w))
    if near[width] < max(MIN_WRAPPED_LINES, WRAPPED_SHARE * len(long_lines)):
        return None
    at_width = [text for length, text in long_lines if width - WIDTH_SLACK <= length <= width]
    mid_sentence = sum(not text.endswith(FULL_STOPS) for text in at_width)
    return width if mid_sentence >= WRAPPED_SHARE * len(at_width) else None


def unwrap_rows(rows: list[Row], cleaned: Callable[[str], tuple[str, bool]]) -> list[Row]:
    """``rows`` with each line that ran to the page's edge mid-sentence joined to the next one
    (only on pages whose long lines mostly share one width). ``cleaned`` is the line cleaner:
    (cleaned text, whether the line is site chrome). A blank line, a chrome line or a lone
    number (a page mark) after the edge is a real break; so is a table's row (tab or |)."""
    width = page_width([(len(raw), cleaned(raw)[0]) for _, _, raw in rows if _plain(raw) and cleaned(raw)[0]])
    if not width:
        return rows
    out: list[Row] = []
    edge = False  # the last physical line ran to the page's edge mid-sentence
    for start, end, raw in rows:
        if edge and _continues(raw, cleaned):
            above_start, _, above = out[-1]
            out[-1] = (above_start, end, above + raw)
        else:
            out.append((start, end, raw))
        edge = _plain(raw) and len(raw) >= width - WIDTH_SLACK and _stops_mid_sentence(raw, cleaned)
    return out


def _stops_mid_sentence(raw: str, cleaned: Callable[[str], tuple[str, bool]]) -> bool:
    """The line ends without a stop: its cleaned text (a junk tail after the stop is no part of
    it), or the raw line when cleaning took all of it (a stock sentence the break cut), not chrome."""
    text, chrome = cleaned(raw)
    return not chrome and not (text or raw.rstrip()).endswith(FULL_STOPS)


def _plain(raw: str) -> bool:
    return "\t" not in raw and "|" not in raw


def _continues(raw: str, cleaned: Callable[[str], tuple[str, bool]]) -> bool:
    text = cleaned(raw)[0] if _plain(raw) else ""
    return bool(text) and not LONE_NUMBER.match(text)
