"""Duty text -> tokens: jieba with the domain dictionary, minus stopwords.

The tokenizer owns its ``jieba.Tokenizer`` instance, so the user dictionary never leaks into
(or depends on) the process-wide ``jieba`` singleton, and it pickles without the loaded
dictionary, so scikit-learn can copy it into worker processes.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import jieba
import pandas as pd

from ..resources import read_resource
from ..user_cache import private_cache_folder
from ..wordfiles import read_user_file, userdict_entry, word_lines

USERDICT_RESOURCE = "userdict.txt"
STOPWORDS_RESOURCE = "stopwords.txt"
JIEBA_CACHE = "jieba.cache"  # the name jieba gives the cache of its bundled dictionary

# A token worth counting has two CJK characters or two Latin letters (KPI, VIP, ERP):
# punctuation, list markers (A、 B、), numbers (1.0, 24) and single characters left over
# when jieba splits an unknown word (营 | 运作) carry no activity. Duty vectors still see
# single characters through their character n-gram block.
CONTENT_TOKEN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]{2}|[A-Za-z]{2}|[\u4e00-\u9fff][A-Za-z]|[A-Za-z][\u4e00-\u9fff]")
# jieba keeps filler glued to content as one word (管理工作, 及时处理, 保持良好, 部门经理); a
# stopword of this many characters at either end is cut off, as long as two characters remain.
# Words of the domain dictionaries are terms on purpose (工作计划) and stay whole.
FILLER_AFFIX_SIZES = (4, 3, 2)


class OneLineErrors(logging.Filter):
    """jieba logs a failed write of its dictionary cache with a traceback; one line says it all
    (the run goes on: the dictionary is simply built again next time)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            record.msg, record.args = f"{record.getMessage()} ({record.exc_info[1]})", ()
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def quiet_jieba() -> None:
    """jieba logs its dictionary loading at DEBUG through its own handler; only its own logger is touched."""
    logger = logging.getLogger("jieba")
    logger.setLevel(logging.WARNING)
    if not any(isinstance(f, OneLineErrors) for f in logger.filters):
        logger.addFilter(OneLineErrors())


def read_word_list(source: str | Path) -> list[str]:
    """Words of a bundled resource name (``stopwords.txt``) or of a user file, one a line, ``#`` comments."""
    path = Path(source)
    return word_lines(read_user_file(path) if path.is_file() else read_resource(str(source)))  # user files: checked with the settings


@lru_cache(maxsize=8)
def _build_jieba(userdicts: tuple[str, ...]) -> jieba.Tokenizer:
    """One loaded tokenizer per dictionary set and process (loading takes ~0.5 s)."""
    quiet_jieba()
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = private_cache_folder(JIEBA_CACHE)  # not the shared temp folder (pipeline.user_cache)
    tokenizer.initialize()
    for source in userdicts:
        for line in read_word_list(source):
            tokenizer.add_word(*userdict_entry(line))
    return tokenizer


@lru_cache(maxsize=8)
def _domain_words(userdicts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(userdict_entry(line)[0].lower() for source in userdicts for line in read_word_list(source))


class JiebaTokenizer:
    """Picklable callable ``text -> list[str]`` over the bundled plus user word lists."""

    def __init__(self, userdicts: Sequence[str] = (), stopwords: Sequence[str] = ()):
        self.userdicts = tuple(str(p) for p in userdicts)
        self.stopwords = tuple(str(p) for p in stopwords)
        self._stop: frozenset[str] | None = None

    def _all_userdicts(self) -> tuple[str, ...]:
        return (USERDICT_RESOURCE, *self.userdicts)

    def stopword_set(self) -> frozenset[str]:
        if self._stop is None:
            words = read_word_list(STOPWORDS_RESOURCE)
            for source in self.stopwords:
                words += read_word_list(source)
            self._stop = frozenset(w.lower() for w in words)
        return self._stop

    def __call__(self, text: str) -> list[str]:
        stop, domain = self.stopword_set(), _domain_words(self._all_userdicts())
        tokens = []
        for token in _build_jieba(self._all_userdicts()).cut(text or ""):
            token = token.strip().lower()
            token = token if token in domain and token not in stop else without_filler(token, stop)
            if token and CONTENT_TOKEN.search(token):
                tokens.append(token)
        return tokens

    def with_subwords(self, tokens: Sequence[str]) -> list[str]:
        """Each token plus the dictionary words inside it (客户投诉 -> 客户, 投诉, 客户投诉).

        The domain dictionary keeps terms whole, which is what people read; for similarity,
        "处理客户投诉" and "投诉处理" should still share 投诉, so vectors see the parts too
        (the same idea as jieba's search mode, without cutting the text again).
        """
        freq = _build_jieba(self._all_userdicts()).FREQ
        stop = self.stopword_set()
        out = []
        for token in tokens:
            for size in (2, 3):
                for start in range(len(token) - size + 1):
                    part = token[start:start + size]
                    if part != token and freq.get(part) and part not in stop:
                        out.append(part)
            out.append(token)
        return out

    def __getstate__(self) -> dict:
        # The stopword set is rebuilt on demand; only the file names travel.
        return {"userdicts": self.userdicts, "stopwords": self.stopwords}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["userdicts"], state["stopwords"])

    def __repr__(self) -> str:
        return f"JiebaTokenizer(userdicts={list(self.userdicts)!r}, stopwords={list(self.stopwords)!r})"


def without_filler(token: str, stop: frozenset[str]) -> str:
    """The token less stopwords at its ends: 管理工作 -> 管理, 及时处理 -> 处理, 保持良好 -> ""
    (all filler). A cut that would leave one character is not made (子公司, 执行力 stay whole)."""
    while token and token not in stop:
        for size in FILLER_AFFIX_SIZES:
            if len(token) - size >= 2 and token[:size] in stop:
                token = token[size:]
                break
            if len(token) - size >= 2 and token[-size:] in stop:
                token = token[:-size]
                break
        else:
            return token
    return ""


def split_tokens(joined: str) -> list[str]:
    """Analyzer for vectorizers fed the space-joined ``tokens`` column (module level, so it pickles)."""
    return joined.split()


def tokenize_unique(texts: Iterable[str], tokenizer: JiebaTokenizer) -> dict[str, str]:
    """Each distinct text tokenised once (duties repeat across pages); tokens joined by spaces."""
    return {text: " ".join(tokenizer(text)) for text in dict.fromkeys(texts)}


def tokenize_chunk(job: tuple[list[str], tuple[str, ...], tuple[str, ...]]) -> list[str]:
    """Each text's space-joined tokens and features (tokens plus their dictionary sub-words, what
    the duty vectors count), as ``tokens\x1ffeatures``: a task a worker process can run, and
    the form the token cache stores."""
    texts, userdicts, stopwords = job
    tokenizer = JiebaTokenizer(userdicts, stopwords)
    out = []
    for text in texts:
        tokens = tokenizer(text)
        out.append(f"{' '.join(tokens)}\x1f{' '.join(tokenizer.with_subwords(tokens))}")
    return out


def token_table(texts: list[str], joined: dict[str, str]) -> pd.DataFrame:
    """``duty, tokens, features``: one row per text (in the given order), from ``tokens\x1ffeatures``."""
    tokens, features = zip(*(joined[t].split("\x1f") for t in texts)) if texts else ((), ())
    return pd.DataFrame({"duty": texts, "tokens": list(tokens), "features": list(features)})
