"""Cleaning: small pure ``str -> str`` steps applied in one declared order.

``LINE_STEPS`` is the order used on every line of a document; ``make_pipeline`` composes
any list of steps, so a notebook can run a subset or add its own.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import reduce

from .steps import (
    break_markup_lines,
    blank_zero_width_spaces,
    collapse_whitespace,
    detect_script,
    is_site_chrome,
    join_broken_words,
    join_letter_spaced_text,
    join_spaced_labels,
    normalize_width,
    remove_boilerplate_line,
    remove_boilerplate_phrases,
    remove_ascii_junk_tail,
    remove_boilerplate_sentences,
    remove_breadcrumb_trails,
    remove_fill_in_blanks,
    remove_foreign_script_runs,
    remove_html_tags,
    remove_invisible_marks,
    remove_markdown_marks,
    remove_page_numbers,
    remove_pinyin_glosses,
    remove_repeated_copy,
    remove_space_before_punctuation,
    remove_toc_line,
    remove_watermark_symbols,
    restore_lost_bullets,
    to_simplified,
    unescape_html_entities,
)

Step = Callable[[str], str]

# Order matters: junk scripts and glosses go before boilerplate is matched, width is
# normalised before patterns with ASCII punctuation run, whitespace is collapsed last.
LINE_STEPS: tuple[Step, ...] = (
    unescape_html_entities,  # first: &#8203; and &nbsp; become the characters later steps handle
    remove_html_tags,  # after entities: &lt;b&gt; is a tag too
    blank_zero_width_spaces,  # patterns with \s or ^ do not see zero-width spaces as spaces
    remove_invisible_marks,  # after zero-width spaces became spaces, before any pattern sees a word
    remove_foreign_script_runs,
    remove_pinyin_glosses,
    normalize_width,
    remove_ascii_junk_tail,  # after width: full-width ASCII is ASCII then
    restore_lost_bullets,  # after width (？ is ?), before the space before ? is taken away
    join_letter_spaced_text,  # after width: a full-width space between characters is one space then
    join_spaced_labels,
    remove_markdown_marks,  # before boilerplate and headings are matched: ### **相关推荐**
    remove_boilerplate_phrases,  # before sentences: a stamp glued to one would take it along
    remove_boilerplate_sentences,
    remove_boilerplate_line,
    remove_breadcrumb_trails,
    remove_watermark_symbols,  # before page numbers: "- 3 - &" is a page number once & is gone
    remove_page_numbers,
    remove_toc_line,
    remove_fill_in_blanks,
    remove_space_before_punctuation,
    collapse_whitespace,
    remove_repeated_copy,  # on the final line: spaces collapsed
)


def make_pipeline(steps: Iterable[Step]) -> Step:
    """Compose steps left to right into one ``str -> str`` function."""
    steps = tuple(steps)
    return lambda text: reduce(lambda acc, step: step(acc), steps, text)


clean_line = make_pipeline(LINE_STEPS)

__all__ = [
    "LINE_STEPS", "make_pipeline", "clean_line", "break_markup_lines", "detect_script", "is_site_chrome",
    "to_simplified", "join_broken_words", *[s.__name__ for s in LINE_STEPS],
]
