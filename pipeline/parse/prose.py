"""Prose around a duty list that is no duty: an essay about the job, a preface, a table's caption,
a closing remark (ANNOTATION: essays about a profession are not records)."""
from __future__ import annotations

from functools import lru_cache

from .lexicon import TEXT_CACHE, prose_words


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
