"""Class-based TF-IDF: one profile row per class (a role, or a duty theme).

All documents of a class are counted together, each class's term counts are scaled to
frequencies, and a term is weighted by how rare it is across classes (BERTopic's c-TF-IDF):

    w(t, c) = tf(t, c) / |c| * log(1 + A / f(t))

with ``A`` the average number of words per class and ``f(t)`` the count of ``t`` over all
classes. So 投诉 weighs much for 客服主管 and little for 品牌经理, and 工作-like words that every
class uses weigh little everywhere.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from .tokens import split_tokens


class ClassTfidf(TransformerMixin, BaseEstimator):
    """``fit(docs, classes)`` learns ``classes_``, ``idf_`` and ``profiles_`` (classes x terms, L2 rows).

    ``docs`` are space-joined token strings; ``transform(docs)`` weights any documents the
    same way (a document read as if it were a class of its own).
    """

    def __init__(self, min_df: int = 1):
        self.min_df = min_df

    def fit(self, X, y):
        docs, labels = list(X), np.asarray(list(y))
        if len(docs) != len(labels):
            raise ValueError(f"ClassTfidf.fit got {len(docs)} documents but {len(labels)} class labels.")
        if not docs:
            raise ValueError("ClassTfidf.fit needs at least one document.")
        self.vectorizer_ = CountVectorizer(analyzer=split_tokens, min_df=self.min_df)
        counts = self.vectorizer_.fit_transform(docs)  # one counting pass, not fit then transform
        self.classes_, rows = np.unique(labels, return_inverse=True)
        membership = sp.csr_matrix((np.ones(len(rows)), (rows, np.arange(len(rows)))),
                                   shape=(len(self.classes_), len(rows)))
        class_counts = (membership @ counts).astype(float)
        term_totals = np.asarray(class_counts.sum(axis=0)).ravel()
        average_words = class_counts.sum() / len(self.classes_)
        self.idf_ = np.log1p(average_words / np.maximum(term_totals, 1.0))
        self.class_sizes_ = np.asarray(membership.sum(axis=1)).ravel().astype(int)
        self.profiles_ = self._weigh(class_counts)
        return self

    def _weigh(self, counts: sp.spmatrix) -> sp.csr_matrix:
        frequencies = normalize(sp.csr_matrix(counts, dtype=float), norm="l1")
        return normalize(frequencies @ sp.diags(self.idf_))

    def transform(self, X) -> sp.csr_matrix:
        check_is_fitted(self, "profiles_")
        return self._weigh(self.vectorizer_.transform(list(X)))

    def term_weights(self, X) -> sp.csr_matrix:
        """Documents x terms: token counts times idf, not normalised (a class's profile is the
        normalised sum of its documents' rows; ``pipeline.analyze.support`` reweighs them)."""
        check_is_fitted(self, "profiles_")
        return sp.csr_matrix(self.vectorizer_.transform(list(X)).astype(float) @ sp.diags(self.idf_))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "vectorizer_")
        return self.vectorizer_.get_feature_names_out()

    def profile(self, label) -> sp.csr_matrix:
        """The 1 x terms profile row of one class."""
        check_is_fitted(self, "profiles_")
        index = np.searchsorted(self.classes_, label)
        if index >= len(self.classes_) or self.classes_[index] != label:
            raise KeyError(label)
        return self.profiles_[index]

    def top_terms(self, n: int = 10, classes=None) -> pd.DataFrame:
        """Tidy frame ``class, rank, term, weight``: each class's ``n`` heaviest terms, ties by term."""
        check_is_fitted(self, "profiles_")
        terms = self.get_feature_names_out()
        wanted = None if classes is None else set(classes)
        rows = []
        for index, label in enumerate(self.classes_):
            if wanted is not None and label not in wanted:
                continue
            row = self.profiles_[index]
            order = sorted(zip(-row.data, terms[row.indices]))[:n]
            rows += [(label, rank + 1, term, -weight) for rank, (weight, term) in enumerate(order)]
        return pd.DataFrame(rows, columns=["class", "rank", "term", "weight"])
