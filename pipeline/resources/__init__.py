"""The bundled word lists, patterns and lexicons (data, not code), and the one way to read them."""
from __future__ import annotations

from importlib import resources


def read_resource(name: str) -> str:
    """The text of bundled resource ``name`` (e.g. ``lexicon.toml``)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def content_lines(text: str) -> list[str]:
    """The lines of a word list that hold something: stripped, without blanks and ``#`` comments."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def resource_lines(name: str) -> list[str]:
    return content_lines(read_resource(name))
