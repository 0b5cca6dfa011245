"""Word lists and user dictionaries: one word a line, ``#`` comments; the user's files are
decoded and parsed once, before any work, so a wrong file is one sentence naming its line.

No jieba here (``pipeline.config`` checks files with these functions and must stay light).
"""
from __future__ import annotations

import re
from pathlib import Path

MAX_WORD_FILE_MB = 100  # a word list is a few MB at most; a bigger file is almost surely not one
MAX_FREQUENCY_DIGITS = 12  # jieba sums the frequencies; a 30-digit "frequency" is not a count
# tab separates fields and CR/LF end lines; other control characters never belong in a word list
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class WordFileError(ValueError):
    """A word list that does not decode or parse; the message says where."""


def numbered_word_lines(text: str) -> list[tuple[int, str]]:
    """(line number, stripped line) of a word list's text; blank lines and ``#`` comments left out."""
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.lstrip().startswith("#")]


def word_lines(text: str) -> list[str]:
    return [line for _, line in numbered_word_lines(text)]


def userdict_entry(line: str) -> tuple[str, int | None]:
    """A user-dictionary line ``word [frequency] [tag]`` -> (word, frequency or None)."""
    word, *rest = line.split()
    if len(rest) > 2:
        raise WordFileError(f"'{line[:40]}' is not 'word [frequency] [tag]'")
    frequency = rest[0] if rest and rest[0].isdigit() else None
    if frequency is not None and len(frequency) > MAX_FREQUENCY_DIGITS:
        raise WordFileError(f"the frequency of '{word}' has more than {MAX_FREQUENCY_DIGITS} digits")
    return word, int(frequency) if frequency is not None else None


def read_user_file(path: str | Path) -> str:
    """The text of a user's word file: UTF-8 (a BOM is fine), no control characters."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_WORD_FILE_MB * 1_000_000:
            raise WordFileError(f"is larger than {MAX_WORD_FILE_MB} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise WordFileError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise WordFileError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})") from None
    bad = CONTROL.search(text)
    if bad:
        line = text[:bad.start()].count("\n") + 1
        raise WordFileError(f"holds a control character (U+{ord(bad.group()):04X}) on line {line}; "
                            f"is it a binary file?")
    return text


def check_word_file(path: str | Path, userdict: bool) -> None:
    """Raise WordFileError when the file does not decode, or (``userdict``) a line does not parse."""
    lines = numbered_word_lines(read_user_file(path))
    if userdict:
        for number, line in lines:
            try:
                userdict_entry(line)
            except WordFileError as exc:
                raise WordFileError(f"line {number}: {exc}") from None
