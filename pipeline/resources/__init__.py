"""The bundled word lists, patterns and lexicons (data, not code), and the one way to read them."""
from __future__ import annotations

from importlib import resources

from ..wordfiles import word_lines


def read_resource(name: str) -> str:
    """The text of bundled resource ``name`` (e.g. ``lexicon.toml``)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def resource_lines(name: str) -> list[str]:
    """The lines of a bundled word list that hold something (blanks and ``#`` comments left out)."""
    return word_lines(read_resource(name))
