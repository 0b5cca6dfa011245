"""The Chinese font inside ``report.html``: a WOFF2 subset of the packaged font, only the glyphs the page uses.

The page then reads right on a viewer with no Chinese font at all, and stays one file. The
subset carries the name the pictures' SVG text asks for (matplotlib laid those labels out
with the same font), so labels and page text are drawn alike everywhere.
"""
from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from html import unescape

from fontTools import subset
from fontTools.ttLib import TTFont

from .plots import packaged_font_path

log = logging.getLogger(__name__)

KEPT_NAMES = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # the name table's family, style and copyright/licence lines
MISSING_SHOWN = 12  # characters named in the one missing-glyph line
GLYPH_WARNING = re.compile(r"^Glyph (\d+) .*missing from font")  # matplotlib's, one per glyph and layout
# Always in the subset: the page names its output folder, so its Latin letters vary with where a
# run writes; with all of printable ASCII the font (and the page's digest, path masked) does not.
PRINTABLE_ASCII = "".join(map(chr, range(0x20, 0x7F)))


def page_characters(page: str) -> str:
    """Every character a browser may draw from ``page`` (its markup, text and SVG labels, entities
    resolved) and all printable ASCII, sorted; control characters and line breaks left out."""
    drawn = set(unescape(page)) | set(PRINTABLE_ASCII)
    return "".join(sorted(c for c in drawn if unicodedata.category(c)[0] != "C"))


@lru_cache(maxsize=8)
def subset_woff2(path: str, characters: str) -> bytes:
    """The font at ``path`` (first face of a collection) cut to ``characters``, as WOFF2.

    Byte-identical for the same input: the head table keeps the font's own timestamps
    (fontTools would stamp the time of saving) and WOFF2's Brotli coding is deterministic."""
    font = TTFont(path, fontNumber=0, lazy=True)
    options = subset.Options(flavor="woff2", hinting=False, name_IDs=KEPT_NAMES, notdef_outline=True)
    options.drop_tables += ["FFTM", "gasp"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    font.flavor = "woff2"
    font.recalcTimestamp = False
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=2)
def font_family_and_charmap(path: str) -> tuple[str, frozenset[int]]:
    """The family name (the one matplotlib writes into SVG text) and the code points of the font."""
    font = TTFont(path, fontNumber=0, lazy=True)
    return font["name"].getBestFamilyName(), frozenset(font.getBestCmap())


def embedded_font(page: str) -> tuple[str, bytes] | None:
    """(family, WOFF2 subset) of the packaged font for ``page``; None without the font package.

    Characters the font lacks are left to the viewer's fonts and named in one log line."""
    path = packaged_font_path()
    if path is None:
        log.warning("report.html: the packaged Chinese font is missing, so Chinese shows only where the viewer "
                    "has a Chinese font (reinstall the project: pip install -e .)")
        return None
    family, charmap = font_family_and_charmap(path)
    characters = page_characters(page)
    missing = [c for c in characters if ord(c) not in charmap and not c.isspace()]
    if missing:
        shown = " ".join(missing[:MISSING_SHOWN]) + (" …" if len(missing) > MISSING_SHOWN else "")
        log.warning("report.html: %d characters are not in the font %s and show in the viewer's own fonts: %s",
                    len(missing), family, shown)
    return family, subset_woff2(path, "".join(c for c in characters if ord(c) in charmap))


@contextmanager
def glyph_warnings_silenced() -> Iterator[set[str]]:
    """Hold back matplotlib's missing-glyph warnings (two lines per glyph and layout: a flood on a
    corpus with rare characters); yields the set of those characters. Other warnings pass on.

    In the report they say nothing new: picture labels are SVG text, drawn by the browser with
    the embedded font or the viewer's own, and ``embedded_font`` names what the font lacks."""
    missing: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield missing
    for warning in caught:
        glyph = GLYPH_WARNING.match(str(warning.message))
        if glyph:
            missing.add(chr(int(glyph[1])))
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno,
                                   source=warning.source)
