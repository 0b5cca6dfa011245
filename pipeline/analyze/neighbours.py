"""Candidate duty pairs from approximate nearest neighbours, for corpora too large to score
every pair (above the ``overlap_exact_max`` setting; see ``similarity.best_matches``).

The word TF-IDF rows are reduced by LSA (TruncatedSVD, seeded) to a few dozen dense
dimensions, where an inverted-file index (faiss IVF: k-means cells, inner product of
normalised rows = cosine) gives each query its nearest candidates in its nearest cells; their cosine is then computed exactly on the sparse rows,
so a pair is never scored higher or lower than the exact path scores it: a match can only be
missed, not invented. A few dozen dimensions cannot hold a rare word (a product, a system, a
client's name), which is often what makes two duties match, so duties sharing a rare term
(held by at most ``RARE_TERM_DF`` candidates) are candidates of each other as well, as blocking
does in record linkage: their number is bounded by that document frequency. Crowding: many near-alike duties of one role can fill a short neighbour
list, so the list grows with the roles compared (``neighbour_count``). The cells are trained
on one thread and seeded by ``seed``, so equal input and seed give equal pairs whatever the
number of workers or cores.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

LSA_DIMS = 64  # dense dimensions the neighbours are searched in
PROBED_CELLS = 32  # k-means cells searched per query (of about sqrt(candidates))
MIN_CELL_POINTS = 39  # candidates per cell at least (what faiss's k-means asks to train)
NEIGHBOURS_PER_ROLE = 4  # neighbours asked per compared role (crowding: near-alike duties of one role)
FEWEST_NEIGHBOURS, MOST_NEIGHBOURS = 64, 512
PAIR_BLOCK = 500_000  # candidate pairs scored at a time: bounds memory
RARE_TERM_DF = 16  # a term at most this many candidates hold makes them candidates of each other


def neighbour_count(n_roles: int, n_candidates: int) -> int:
    """How many neighbours each query asks for: a few per role, within bounds and the candidates."""
    return min(n_candidates, max(FEWEST_NEIGHBOURS, min(MOST_NEIGHBOURS, NEIGHBOURS_PER_ROLE * n_roles)))


class NeighbourScores:
    """Block of query rows -> queries x candidates holding the exact cosine of each query's
    ``k`` approximate nearest candidates (rows L2-normalised); every pair when there are no
    more candidates than ``k``. The index is built once; blocks are searched as they come, so
    memory stays bounded by the block."""

    def __init__(self, candidates: sp.csr_matrix, k: int, seed: int):
        self.candidates, self.k = candidates, k
        self.svd = self.index = None
        if candidates.shape[0] > k:
            self.svd = lsa(candidates, seed)
            self.index = cell_index(dense_rows(self.svd, candidates), seed)
            self.rare_terms, self.rare_holders = rare_term_holders(candidates)

    def __call__(self, queries: sp.csr_matrix) -> sp.csr_matrix:
        if self.index is None:
            return sp.csr_matrix(queries @ self.candidates.T)
        found = self.index.search(dense_rows(self.svd, queries), self.k)[1]
        query = np.repeat(np.arange(found.shape[0], dtype=np.int64), found.shape[1])
        candidate = found.ravel()
        valid = candidate >= 0
        sharing = (queries[:, self.rare_terms] != 0).astype(np.int32) @ self.rare_holders
        query, candidate = unique_pairs(np.concatenate([query[valid], sharing.tocoo().row]),
                                        np.concatenate([candidate[valid], sharing.tocoo().col]),
                                        self.candidates.shape[0])
        scores = pair_cosines(queries, self.candidates, query, candidate)
        return sp.csr_matrix((scores, (query, candidate)), shape=(queries.shape[0], self.candidates.shape[0]))


def rare_term_holders(candidates: sp.csr_matrix) -> tuple[np.ndarray, sp.csr_matrix]:
    """The columns of the terms at most ``RARE_TERM_DF`` candidates hold, and a rare terms x
    candidates matrix of 1 where the candidate holds the term."""
    held = sp.csc_matrix(candidates != 0)
    df = np.diff(held.indptr)
    rare = np.flatnonzero((df > 0) & (df <= RARE_TERM_DF))
    return rare, sp.csr_matrix(held[:, rare].T.astype(np.int32))


def unique_pairs(query: np.ndarray, candidate: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Each (query, candidate) pair once, ordered by query then candidate."""
    keys = np.unique(query.astype(np.int64) * width + candidate)
    return keys // width, keys % width


def lsa(candidates: sp.csr_matrix, seed: int) -> TruncatedSVD:
    """LSA of the candidate rows (seeded): a few dozen dense dimensions."""
    dims = max(1, min(LSA_DIMS, candidates.shape[1] - 1, candidates.shape[0] - 1))
    return TruncatedSVD(n_components=dims, random_state=seed).fit(candidates)


def dense_rows(svd: TruncatedSVD, rows: sp.csr_matrix) -> np.ndarray:
    """Rows in the LSA space, L2-normalised, as float32 (what faiss reads)."""
    return np.ascontiguousarray(normalize(svd.transform(rows)), dtype=np.float32)


def cell_index(candidates: np.ndarray, seed: int):
    """A faiss inverted-file index of the dense candidate rows by inner product: k-means cells
    (seeded, trained on one thread), each query searched exhaustively in its ``PROBED_CELLS``
    nearest cells. Cells suit duties, which come in groups far apart: a graph index (HNSW)
    lost its way between such groups in tests, the cells find a group by its centroid."""
    import faiss  # only the approximate path needs it

    dims, count = candidates.shape[1], len(candidates)
    cells = max(1, min(round(np.sqrt(count)), count // MIN_CELL_POINTS))
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dims), dims, cells, faiss.METRIC_INNER_PRODUCT)
    index.cp.seed = seed
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # sums in one order: the same cells on any machine
    try:
        index.train(candidates)
        index.add(candidates)
    finally:
        faiss.omp_set_num_threads(threads)
    index.nprobe = min(cells, PROBED_CELLS)  # each query is searched alone: threads do not change it
    return index


def pair_cosines(queries: sp.csr_matrix, candidates: sp.csr_matrix, query: np.ndarray,
                 candidate: np.ndarray) -> np.ndarray:
    """The dot product of ``queries[query[i]]`` and ``candidates[candidate[i]]`` for each i."""
    parts = [np.asarray(queries[query[start:start + PAIR_BLOCK]]
                        .multiply(candidates[candidate[start:start + PAIR_BLOCK]]).sum(axis=1)).ravel()
             for start in range(0, len(query), PAIR_BLOCK)]
    return np.concatenate([np.zeros(0)] + parts)
