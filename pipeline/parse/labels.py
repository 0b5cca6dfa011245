"""A short label over entries of a duty list (ANNOTATION "Labels" and "Group headings"): over
exactly one entry it stays in that item as ``label:description``, over several it is a group
heading and no part of any item."""
from __future__ import annotations

import re
from dataclasses import dataclass

from functools import lru_cache

from .lexicon import CLAUSE_PUNCT, ITEM_NUMBER, TEXT_CACHE, lexicon
from .items import long_enough, marker, opens_sublist, sentence_opener

MIN_LABEL, MAX_LABEL = 4, 16  # characters of a label's text (电话服务 … 供应商策略管理与合作深化)
ENDS_SENTENCE = re.compile(r"[。；;！!]\s*$")


def label_text(text: str) -> str:
    """接待来访客户: / 2、采购体系建设 -> the label without its number and colon."""
    return ITEM_NUMBER.sub("", text.strip(), count=1).strip().rstrip(":：").strip()


def reads_as_label(text: str) -> bool:
    """A short phrase with no clause inside and no sentence end (it may end with a colon)."""
    body = label_text(text)
    return (MIN_LABEL <= len(body) <= MAX_LABEL and not CLAUSE_PUNCT.search(body)
            and not re.search(r"[.．]$", body))


def describes(text: str | None) -> bool:
    """An unnumbered full sentence: what a label above it is about."""
    return (text is not None and not ITEM_NUMBER.match(text) and long_enough(text)
            and bool(ENDS_SENTENCE.search(text)))


def heads_description(text: str, next_text: str | None, after_next: str | None) -> bool:
    """接待来访客户 over 负责接待到访客户…。, or 一、运营管理 over such a label: a label line, where
    the finished sentence under it has closing punctuation and the label has none."""
    if not reads_as_label(text) or next_text is None:
        return False
    if ITEM_NUMBER.match(text) and lexicon().not_name.match(label_text(text)):
        return False  # 5、负责对合 / 作单位…: a numbered duty the page broke, not a heading
    if describes(next_text) or (marker(next_text) != marker(text) and opens_sublist(next_text)):
        return True
    return (bool(ITEM_NUMBER.match(text)) and not ITEM_NUMBER.match(next_text) and reads_as_label(next_text)
            and describes(after_next))


def names_a_topic(text: str) -> bool:
    """采购体系建设与流程优化: a heading's words, not a duty's (no verb that opens a sentence, not
    cut off after 的 or a separator)."""
    body = label_text(text)
    return (reads_as_label(body) and not sentence_opener().search(body) and not lexicon().not_name.match(body)
            and not body.endswith(("的", "、", "/")))


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; entries repeat across scraped pages
def glued_heading_end(text: str) -> int | None:
    """1、采购策略规划与目标管理组织制定…: where a group heading glued to its first sentence ends
    (the first sentence-opening verb after a label's length of words), or None."""
    number = ITEM_NUMBER.match(text)
    start = number.end() if number else 0
    for match in sentence_opener().finditer(text, start + MIN_LABEL, start + MAX_LABEL + 1):
        head = text[start:match.start()]
        if not names_a_topic(head) or not long_enough(text[match.start():]):
            return None
        return match.start()
    return None


@dataclass(slots=True)
class OpenLabel:
    """The label heading the entries being read, and where in the duties they begin."""
    text: str
    marker: str | None
    first: int | None = None
    prefixed: bool = False

    def ended_by(self, text: str, group_style: str | None) -> bool:
        """A numbered line of the label's own level (or, for an unnumbered label, of the level of
        the groups) is a sibling: it is not under the label."""
        own = marker(text)
        return own is not None and own in (self.marker or group_style, group_style)

    def count(self, duties: list[str], before: int, numbered: bool) -> None:
        """Duties from ``before`` on were just read under the label: one description gets the
        label, a second entry takes it away again (the label was a group heading). A numbered
        sub-item is never a label's description (二.销售技巧 over 1.… is a group)."""
        added = len(duties) - before
        if added <= 0:
            return
        if self.first is None:
            self.first = before
            if added == 1 and not numbered:
                duties[before] = f"{self.text}:{duties[before]}"
                self.prefixed = True
            return
        if self.prefixed:
            duties[self.first] = duties[self.first][len(self.text) + 1:]
            self.prefixed = False
