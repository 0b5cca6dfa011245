"""Word vectors the corpus teaches itself: PPMI of nearby words, reduced by SVD.

Why: duties about one activity are written with many near-synonyms (投诉/客诉/纠纷, 培训/辅导,
业主/业户) that rarely meet in one duty, so LSA, which joins words that occur *together*, keeps
them apart. Words used in the same *contexts* (处理__, 客户__, __记录) get close vectors here,
and a duty becomes the TF-IDF-weighted mean of its words' vectors.

This is the count-based twin of word2vec's skip-gram (Levy, Goldberg & Dagan 2015): positive
pointwise mutual information of words at most ``window`` tokens apart, the context counts
smoothed by the power 0.75, then a truncated SVD with the singular values square-rooted. It
needs no extra library, is deterministic (a seeded randomized SVD), and is linear in the
number of tokens; the vectors are learned on at most ``max_duties`` duties (a seeded sample).
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from .tokens import split_tokens

CONTEXT_SMOOTHING = 0.75  # word2vec's unigram power: rare contexts weigh less in PMI
SINGULAR_POWER = 0.5      # U * S**0.5: the symmetric split that works best for similarity


class CorpusWordVectors(TransformerMixin, BaseEstimator):
    """Fit on space-joined token documents; learned: ``tfidf_`` (the words kept and their
    weights) and ``vectors_`` (words x dims, L2 rows, or None when the corpus is too small).
    ``transform(docs)`` gives one L2-normalised dense row per document (zeros when it has no
    known word)."""

    def __init__(self, n_components: int = 100, window: int = 3, min_count: int = 2, max_words: int = 50000,
                 max_duties: int = 50000, random_state: int = 0):
        self.n_components = n_components
        self.window = window
        self.min_count = min_count
        self.max_words = max_words
        self.max_duties = max_duties
        self.random_state = random_state

    def fit(self, X, y=None):
        docs = [str(doc) for doc in X]
        if len(docs) > self.max_duties:
            rng = np.random.default_rng(self.random_state)
            docs = [docs[i] for i in np.sort(rng.choice(len(docs), size=self.max_duties, replace=False))]
        min_count = self.min_count if len(docs) >= 10 * self.min_count else 1  # a tiny corpus keeps every word
        self.tfidf_ = TfidfVectorizer(analyzer=split_tokens, min_df=min_count, max_features=self.max_words,
                                      sublinear_tf=True, dtype=np.float32)
        try:
            self.tfidf_.fit(docs)
        except ValueError:  # no word at all
            self.tfidf_, self.vectors_ = None, None
            return self
        self.vectors_ = self._word_vectors(ppmi(cooccurrences(docs, self.tfidf_.vocabulary_, self.window)))
        return self

    def _word_vectors(self, pmi: sp.csr_matrix) -> np.ndarray | None:
        components = min(self.n_components, pmi.shape[0] - 1)
        if components < 2 or pmi.nnz == 0:
            return None
        svd = TruncatedSVD(n_components=components, random_state=self.random_state)
        scaled = svd.fit_transform(pmi)  # U * S
        singular = np.where(svd.singular_values_ > 0, svd.singular_values_, 1.0)
        return normalize(scaled / singular ** (1 - SINGULAR_POWER))

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "vectors_")
        docs = [str(doc) for doc in X]
        if self.vectors_ is None:
            return np.zeros((len(docs), 0))
        return normalize(normalize(self.tfidf_.transform(docs)) @ self.vectors_)


def cooccurrences(docs: list[str], vocabulary: dict[str, int], window: int) -> sp.csr_matrix:
    """Words x words: how often two known words stand at most ``window`` tokens apart in a duty
    (both directions), counted with numpy over one flat array of word ids."""
    ids, doc_of = [], []
    for number, doc in enumerate(docs):
        known = [vocabulary[w] for w in doc.split() if w in vocabulary]
        ids += known
        doc_of += [number] * len(known)
    ids, doc_of = np.asarray(ids, dtype=np.int32), np.asarray(doc_of, dtype=np.int64)
    rows, cols = [], []
    for offset in range(1, window + 1):
        same_duty = doc_of[offset:] == doc_of[:-offset]
        left, right = ids[:-offset][same_duty], ids[offset:][same_duty]
        rows += [left, right]
        cols += [right, left]
    size = len(vocabulary)
    rows = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
    cols = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int32)
    counts = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(size, size))
    counts.sum_duplicates()
    return counts


def ppmi(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Positive PMI with smoothed context probabilities; zero where words never meet."""
    coo = counts.tocoo()
    total = float(coo.data.sum())
    if total == 0:
        return sp.csr_matrix(counts.shape, dtype=np.float32)
    words = np.asarray(counts.sum(axis=1)).ravel() / total
    contexts = np.asarray(counts.sum(axis=0)).ravel() ** CONTEXT_SMOOTHING
    contexts /= contexts.sum()
    pmi = np.log(coo.data / total) - np.log(words[coo.row]) - np.log(contexts[coo.col])
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=counts.shape)
