"""Prose around a duty list that is no duty: an essay about the job, a preface, a table's caption,
a closing remark (ANNOTATION: essays about a profession are not records)."""
from __future__ import annotations

from functools import lru_cache

import re
from collections.abc import Sequence

from .items import item_text, short_duty_verb
from .lexicon import ITEM_NUMBER, TEXT_CACHE, lexicon, prose_words

CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=TEXT_CACHE)  # pure in its text; sentences repeat across scraped pages
def reads_as_prose(sentence: str) -> bool:
    """A sentence of an article, not a duty: it argues (因此, 例如), speaks to the reader (你),
    looks back at the text (以上职责需…), points at the document (…见下表) or asks (…是什么?)."""
    words = prose_words()
    return bool(words.essay.search(sentence) or words.refers_back.match(sentence)
                or words.about_text.search(sentence) or words.question.search(sentence))


def prose_paragraph(sentences: list[str]) -> bool:
    """Several sentences on one line, one of them an article's: the whole paragraph is prose
    (its other sentences describe the job in passing: 网店一般会聘请2至4名客服…)."""
    return len(sentences) > 1 and any(reads_as_prose(s) for s in sentences)


MIN_INTRO = 40  # Chinese characters of a paragraph that introduces the list below it
MAX_INTRO_LINES = 6  # lines of one such paragraph (a PDF export breaks it at the page's width)
ENDS_SENTENCE = ("。", "！", "!", "？", "?", "；", ";", ":", "：")


def intro_paragraph_end(texts: Sequence[str], start: int) -> int | None:
    """Where the list opens that the unnumbered paragraph at ``texts[start]`` introduces (在企业的
    运营中,客服部扮演着…。 then 一、… or ◆…), or None when the paragraph is no such preface: short,
    opening with a duty's verb (负责…), or followed by no list."""
    end = start + 1
    while (end < len(texts) and end - start < MAX_INTRO_LINES and not ITEM_NUMBER.match(texts[end])
           and not texts[end - 1].rstrip().endswith(ENDS_SENTENCE)):
        end += 1  # the page broke the paragraph mid-sentence
    if end >= len(texts) or not ITEM_NUMBER.match(texts[end]):
        return None
    paragraph = item_text("".join(texts[i] for i in range(start, end)))  # 客服部的主要职责是负责…: a duty in a sentence
    if len(CJK_CHAR.findall(paragraph)) < MIN_INTRO or opens_with_duty_verb(paragraph):
        return None
    return end


def opens_with_duty_verb(text: str) -> bool:
    """负责… / 协助… / 接听…: how a duty begins, never a preface."""
    return bool(short_duty_verb().match(text) or lexicon().not_name.match(text))
