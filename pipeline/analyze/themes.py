"""Duty themes: k-means on LSA-reduced duty vectors, k chosen by silhouette on a sample.

Why this shape: TF-IDF rows of 20-character duties are nearly orthogonal, so k-means on them
groups by accidental shared words. Truncated SVD (LSA) folds co-occurring terms into a few
dozen directions (投诉, 客诉, 纠纷 end up close), and re-normalising the reduced rows makes
Euclidean k-means behave like cosine clustering. Memory stays linear in the number of
duties: the reduced matrix is n x ``n_components``, silhouette is computed on a sample, and
above ``minibatch_above`` duties MiniBatchKMeans replaces KMeans.

Optionally each duty also brings a dense row of corpus-trained word vectors
(``pipeline.analyze.word_vectors``): it is joined to the LSA row, weighted by ``word_weight``,
so duties written with different words for one activity can still meet.
"""
from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from sklearn import config_context
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import pairwise_distances_argmin, silhouette_score
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

SILHOUETTE_MB = 64  # distance block size for silhouette scores (sklearn's default is 1 GB, per thread)
MAX_CANDIDATES = 12  # k values tried by silhouette; a grid past that, to bound time on big corpora


def candidate_ks(n_samples: int, k_min: int, k_max: int) -> list[int]:
    """k values to try. Silhouette on text keeps rising with k, so the top is bounded by data
    size too (k <= sqrt(n / 2), the usual rule of thumb) to keep themes large enough to read."""
    upper = min(k_max, max(k_min, int(math.sqrt(n_samples / 2))), n_samples - 1)
    lower = max(2, min(k_min, upper))
    if upper < lower:
        return [max(1, min(n_samples, upper))]
    ks = range(lower, upper + 1)
    if len(ks) > MAX_CANDIDATES:
        return sorted({int(round(k)) for k in np.linspace(lower, upper, MAX_CANDIDATES)})
    return list(ks)


class DutyThemes(ClusterMixin, BaseEstimator):
    """Cluster L2-normalised duty vectors; learned: ``svd_``, ``k_``, ``silhouette_``,
    ``cluster_centers_`` (in the reduced space) and ``labels_`` (themes numbered by size, largest 0)."""

    def __init__(self, k_min: int = 8, k_max: int = 40, n_components: int = 50, sample_size: int = 2000,
                 minibatch_above: int = 20000, word_weight: float = 1.4, random_state: int = 0):
        self.k_min = k_min
        self.k_max = k_max
        self.n_components = n_components
        self.sample_size = sample_size
        self.minibatch_above = minibatch_above
        self.word_weight = word_weight
        self.random_state = random_state

    def fit(self, X, y=None, words=None):
        """``X``: sparse duty vectors; ``words``: optional dense rows (one per duty) joined to their LSA rows."""
        n_samples, n_features = X.shape
        if n_samples < 1:
            raise ValueError("DutyThemes.fit needs at least one duty.")
        if not 1 <= self.k_min <= self.k_max:
            raise ValueError(f"theme k range must satisfy 1 <= k_min <= k_max, got {self.k_min}..{self.k_max}.")
        # Below a few ten thousand duties, thread start-up costs more than k-means itself.
        with threadpool_limits(limits=1 if n_samples <= self.minibatch_above else None):
            reduced = self._with_words(self._fit_reduce(X, n_samples, n_features), words)
            self.silhouette_ = self._silhouettes(reduced)
            # Highest silhouette wins; on a tie the smaller k (fewer, larger themes).
            self.k_ = min(self.silhouette_, key=lambda k: (-self.silhouette_[k], k))
            model = self._kmeans(self.k_, len(reduced)).fit(reduced)
        self._renumber_by_size(model.cluster_centers_, model.labels_)
        return self

    def _fit_reduce(self, X, n_samples: int, n_features: int) -> np.ndarray:
        components = min(self.n_components, n_features - 1, n_samples - 1)
        self.svd_ = None
        if components >= 2:
            self.svd_ = TruncatedSVD(n_components=components, random_state=self.random_state)
            return normalize(self.svd_.fit_transform(X))
        return normalize(X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=float))

    def _with_words(self, reduced: np.ndarray, words) -> np.ndarray:
        if words is None or not np.shape(words)[1] or not self.word_weight:
            return reduced
        return normalize(np.hstack([reduced, self.word_weight * np.asarray(words, dtype=reduced.dtype)]))

    def _kmeans(self, k: int, n_samples: int):
        if n_samples > self.minibatch_above:
            return MiniBatchKMeans(n_clusters=k, batch_size=4096, n_init=3, random_state=self.random_state)
        return KMeans(n_clusters=k, n_init=10, random_state=self.random_state)

    def _silhouettes(self, reduced: np.ndarray) -> dict[int, float]:
        rng = np.random.default_rng(self.random_state)
        n_samples = len(reduced)
        sample = reduced
        if n_samples > self.sample_size:
            sample = reduced[np.sort(rng.choice(n_samples, size=self.sample_size, replace=False))]
        ks = candidate_ks(len(sample), self.k_min, self.k_max)
        # One k per thread: k-means and the distance products release the GIL, and each k is
        # computed exactly as it would be alone (this was a quarter of the analysis stage).
        with ThreadPoolExecutor(max_workers=max(1, min(len(ks), os.cpu_count() or 1))) as pool:
            return dict(zip(ks, pool.map(lambda k: self._silhouette(sample, k), ks)))

    def _silhouette(self, sample: np.ndarray, k: int) -> float:
        labels = KMeans(n_clusters=k, n_init=3, random_state=self.random_state).fit_predict(sample)
        distinct = len(set(labels))
        if not 1 < distinct < len(sample):
            return 0.0
        with config_context(working_memory=SILHOUETTE_MB):  # per thread: distance blocks stay small
            return float(silhouette_score(sample, labels))

    def _renumber_by_size(self, centers: np.ndarray, labels: np.ndarray) -> None:
        sizes = np.bincount(labels, minlength=len(centers))
        first_member = np.array([np.argmax(labels == c) if sizes[c] else len(labels) for c in range(len(centers))])
        order = np.lexsort((first_member, -sizes))  # by size, then by first duty (sorted text)
        new_id = np.empty_like(order)
        new_id[order] = np.arange(len(order))
        self.cluster_centers_ = centers[order]
        self.labels_ = new_id[labels]

    def transform(self, X, words=None) -> np.ndarray:
        """Duty vectors in the reduced, re-normalised space the themes live in (``words`` as in ``fit``)."""
        check_is_fitted(self, "cluster_centers_")
        if self.svd_ is None:
            reduced = normalize(X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=float))
        else:
            reduced = normalize(self.svd_.transform(X))
        return self._with_words(reduced, words)

    def predict(self, X, words=None) -> np.ndarray:
        return pairwise_distances_argmin(self.transform(X, words), self.cluster_centers_)

    def fit_predict(self, X, y=None, words=None, **kwargs) -> np.ndarray:
        return self.fit(X, words=words).labels_
