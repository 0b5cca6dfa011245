"""Duty vectors: TF-IDF over jieba tokens (with their dictionary sub-words) plus characters.

Duties are short (10-40 characters) and written with many near-synonyms (投诉/客诉, 培训/训练,
业主/业户), so two duties about the same activity often share no whole word. Character
unigrams and bigrams of the raw text catch those morphemes; the word block keeps the
readable terms. Each block is L2-normalised before they are joined so neither dominates
by its length, then the joined row is normalised again for cosine similarity.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from .tokens import JiebaTokenizer, split_tokens, tokenize_unique


class DutyVectorizer(TransformerMixin, BaseEstimator):
    """Fit on duty documents: pairs of (space-joined tokens, raw text); transform to sparse rows.

    ``char_weight=0`` gives plain word TF-IDF (for readable similarity on words alone).
    """

    def __init__(self, char_weight: float = 1.0, char_ngram_range: tuple[int, int] = (1, 2),
                 min_df: int = 1, char_min_df: int = 2, sublinear_tf: bool = True):
        self.char_weight = char_weight
        self.char_ngram_range = char_ngram_range
        self.min_df = min_df
        self.char_min_df = char_min_df
        self.sublinear_tf = sublinear_tf

    @staticmethod
    def _columns(X) -> tuple[list[str], list[str]]:
        pairs = list(X)
        if not pairs or any(not isinstance(p, (tuple, list)) or len(p) != 2 for p in pairs):
            raise ValueError("DutyVectorizer expects a non-empty sequence of (tokens, text) pairs.")
        return [str(p[0]) for p in pairs], [str(p[1]) for p in pairs]

    def fit(self, X, y=None):
        tokens, texts = self._columns(X)
        # A tiny corpus (a test, a single page) keeps every character rather than none.
        char_min_df = self.char_min_df if len(texts) >= 10 * self.char_min_df else 1
        self.words_ = _fit_or_none(TfidfVectorizer(analyzer=split_tokens, min_df=self.min_df,
                                                   sublinear_tf=self.sublinear_tf), tokens)
        self.chars_ = None
        if self.char_weight > 0:
            self.chars_ = _fit_or_none(TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngram_range),
                                                       min_df=char_min_df, sublinear_tf=self.sublinear_tf), texts)
        self.n_features_out_ = len(self.get_feature_names_out())
        return self

    def transform(self, X) -> sp.csr_matrix:
        check_is_fitted(self, "n_features_out_")
        tokens, texts = self._columns(X)
        words = self.words_.transform(tokens) if self.words_ is not None else None
        chars = self.chars_.transform(texts) if self.chars_ is not None else None
        return self._join(len(texts), words, chars)

    def fit_transform(self, X, y=None) -> sp.csr_matrix:
        """``fit(X).transform(X)`` with each block counted once, not twice."""
        tokens, texts = self._columns(X)
        char_min_df = self.char_min_df if len(texts) >= 10 * self.char_min_df else 1
        self.words_, words = _fit_transform_or_none(
            TfidfVectorizer(analyzer=split_tokens, min_df=self.min_df, sublinear_tf=self.sublinear_tf), tokens)
        self.chars_, chars = None, None
        if self.char_weight > 0:
            self.chars_, chars = _fit_transform_or_none(
                TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngram_range), min_df=char_min_df,
                                sublinear_tf=self.sublinear_tf), texts)
        self.n_features_out_ = len(self.get_feature_names_out())
        return self._join(len(texts), words, chars)

    def word_vectors(self, X) -> sp.csr_matrix:
        """Rows of the word block alone, L2-normalised: what ``DutyVectorizer(char_weight=0)``
        fitted on the same duties gives, without fitting it again."""
        check_is_fitted(self, "n_features_out_")
        tokens, texts = self._columns(X)
        words = self.words_.transform(tokens) if self.words_ is not None else None
        return self._join(len(texts), words, None)

    def _join(self, rows: int, words, chars) -> sp.csr_matrix:
        blocks = [sp.csr_matrix((rows, 0))]
        if words is not None:
            blocks.append(normalize(words))
        if chars is not None:
            blocks.append(self.char_weight * normalize(chars))
        return normalize(sp.hstack(blocks, format="csr"))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "words_")
        names = []
        if self.words_ is not None:
            names += [f"w:{t}" for t in self.words_.get_feature_names_out()]
        if self.chars_ is not None:
            names += [f"c:{t}" for t in self.chars_.get_feature_names_out()]
        return np.asarray(names, dtype=object)


def _fit_transform_or_none(vectorizer: TfidfVectorizer, docs: list[str]):
    """(fitted vectorizer, its rows), or (None, None) for a block with no terms at all."""
    try:
        return vectorizer, vectorizer.fit_transform(docs)
    except ValueError as exc:
        if "empty vocabulary" in str(exc) or "no terms remain" in str(exc):
            return None, None
        raise


def _fit_or_none(vectorizer: TfidfVectorizer, docs: list[str]) -> TfidfVectorizer | None:
    """A block with no terms at all (every duty was stopwords) is left out, not an error."""
    try:
        return vectorizer.fit(docs)
    except ValueError as exc:
        if "empty vocabulary" in str(exc) or "no terms remain" in str(exc):
            return None
        raise


def unique_duty_table(duties: pd.DataFrame, tokenizer: JiebaTokenizer) -> pd.DataFrame:
    """One row per distinct duty text, sorted by text so input order never changes the result.

    Columns: ``duty``, ``tokens`` (whole terms, space-joined, as shown to people) and
    ``features`` (tokens plus their sub-words, what the vectors count).
    """
    texts = sorted(set(duties["duty"].astype(str)))
    tokens = tokenize_unique(texts, tokenizer)
    return with_features(pd.DataFrame({"duty": texts, "tokens": [tokens[t] for t in texts]}), tokenizer)


def with_features(table: pd.DataFrame, tokenizer: JiebaTokenizer) -> pd.DataFrame:
    """Add ``features`` (tokens plus their dictionary sub-words) from the ``tokens`` column."""
    table["features"] = [" ".join(tokenizer.with_subwords(t.split())) for t in table["tokens"].fillna("")]
    return table


def duty_documents(table: pd.DataFrame) -> list[tuple[str, str]]:
    """What DutyVectorizer reads: (feature tokens, raw text) for each unique duty."""
    return list(zip(table["features"], table["duty"]))
