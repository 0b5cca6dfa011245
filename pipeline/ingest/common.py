"""What the readers of this package share (``files`` for text and HTML, ``office`` for PDF and
Word documents): how a file that cannot be used comes back, and the plain-text rules both apply
to what they read."""
from __future__ import annotations

import re
from dataclasses import dataclass

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NUMBERED = re.compile(r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．)）]|[(（]\d")  # 1、 一. (1): an item's own number


@dataclass(frozen=True, slots=True)
class Rejection:
    status: str  # empty / skipped / error
    reason: str


def normalize_newlines(text: str) -> str:
    """Line feeds only, control characters blanked; same length, so spans stay true."""
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    return CONTROL_CHARS.sub(" ", text)
