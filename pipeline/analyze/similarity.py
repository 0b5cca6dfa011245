"""Role similarity (cosine of class TF-IDF profiles) and duty overlap (blocked duty matching).

Overlap of role A with role B is the share of A's distinct duties whose best match among B's
duties reaches the threshold. It is computed without an n x n matrix: duty rows are
multiplied by the transposed duty matrix a block at a time, scores under the threshold are
dropped at once, and only each duty's best match per role is kept. Duties with identical
vectors are scored once, so templated duties (the same words, another number) cost what one
of them costs. Above ``exact_max`` distinct duty vectors only approximate nearest neighbours are
scored (``neighbours``): sub-quadratic, a match can be missed but is never scored otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import neighbours

BLOCK_CELLS = 5_000_000  # duty pairs scored per block: bounds memory whatever the corpus size


def membership_matrix(duty_roles: pd.DataFrame, n_duties: int, roles: list[str]) -> sp.csr_matrix:
    """Duties x roles, 1 where the role has the duty (``duty_roles``: columns duty_id, role)."""
    role_index = {role: i for i, role in enumerate(roles)}
    pairs = duty_roles[duty_roles["role"].isin(role_index)].drop_duplicates(["duty_id", "role"])
    cols = pairs["role"].map(role_index).to_numpy()
    return sp.csr_matrix((np.ones(len(pairs)), (pairs["duty_id"].to_numpy(), cols)), shape=(n_duties, len(roles)))


def best_matches(vectors: sp.csr_matrix, member: sp.csr_matrix, threshold: float,
                 rows: np.ndarray | None = None, exact_max: int | None = None, seed: int = 0) -> pd.DataFrame:
    """For each duty (of ``rows``) and each role having a duty within ``threshold``: the best one.

    Columns ``duty_id, role_id, match_id, cosine``, sorted by duty and role; ties go to the
    lower duty id (sorted text). Duties with identical vectors (templated duties differing by a
    number) are scored once, as one kind, and each score above the threshold goes into a
    (duty, role) cell keeping only its maximum: no sort of all pairs, and work after the
    product grows with duties x roles, not with the pairs above the threshold. With more than
    ``exact_max`` kinds some role has, each kind is scored only against its approximate
    nearest neighbours (``neighbours``, seeded by ``seed``) instead of every kind.
    """
    rows = np.arange(vectors.shape[0]) if rows is None else np.asarray(rows)
    vectors = sp.csr_matrix(vectors)
    kinds, first_of_kind = identical_rows(vectors)
    owners = KindOwners.of(member, kinds, len(first_of_kind))
    row_kinds, kind_of_row = np.unique(kinds[rows], return_inverse=True)
    score, block = kind_scores(vectors[first_of_kind[owners.kinds]], owners, exact_max, seed)
    kind, role, match, cosine = kind_matches(vectors[first_of_kind[row_kinds]], owners, threshold, score, block)
    # Every duty takes the matches of its kind, in duty order.
    bounds = np.searchsorted(kind, np.arange(len(row_kinds) + 1))
    starts, ends = bounds[kind_of_row], bounds[kind_of_row + 1]
    take = ranges(starts, ends)
    return pd.DataFrame({"duty_id": np.repeat(rows.astype(np.int64), ends - starts),
                         "role_id": role[take].astype(np.int32), "match_id": match[take].astype(np.int32),
                         "cosine": cosine[take]})


def identical_rows(matrix: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """A kind per row, rows with the same stored entries in the same order sharing it (so their
    products are the same to the last bit), and the first row of each kind."""
    indptr = matrix.indptr.tolist()
    indices, data = matrix.indices.astype(np.int64).tobytes(), matrix.data.astype(np.float64).tobytes()
    seen: dict[bytes, int] = {}
    kinds = np.fromiter((seen.setdefault(indices[8 * lo:8 * hi] + data[8 * lo:8 * hi], len(seen))
                         for lo, hi in zip(indptr, indptr[1:])), dtype=np.int64, count=matrix.shape[0])
    return kinds, np.unique(kinds, return_index=True)[1]


@dataclass
class KindOwners:
    """The roles that have each kind of duty, with the lowest duty id of that kind in the role
    (the match a tie goes to). ``kinds``: the kinds some role has; for the i-th of them,
    ``role[start[i]:start[i + 1]]`` and ``duty[...]``."""

    kinds: np.ndarray
    start: np.ndarray
    role: np.ndarray
    duty: np.ndarray
    n_roles: int
    n_duties: int

    @classmethod
    def of(cls, member: sp.csr_matrix, kinds: np.ndarray, n_kinds: int) -> KindOwners:
        pairs = member.tocoo()
        duty, role = pairs.row.astype(np.int64), pairs.col.astype(np.int64)
        order = np.lexsort((duty, role, kinds[duty]))
        duty, role = duty[order], role[order]
        kind = kinds[duty]
        first = run_starts(kind, role)
        kind, role, duty = kind[first], role[first], duty[first]
        owned = np.unique(kind)
        return cls(owned, np.searchsorted(kind, np.r_[owned, n_kinds]), role, duty, member.shape[1], member.shape[0])


def kind_scores(candidates: sp.csr_matrix, owners: KindOwners, exact_max: int | None, seed: int):
    """``(score, block)``: what turns a block of query rows into their cosines with the
    candidate rows (one for each of ``owners.kinds``), and how many query rows a block holds so
    that its scores, spread over the roles having each kind, stay near ``BLOCK_CELLS``. Every
    candidate (a sparse product) up to ``exact_max`` kinds, approximate neighbours above."""
    if exact_max is not None and len(owners.kinds) > exact_max:
        k = neighbours.neighbour_count(owners.n_roles, len(owners.kinds))
        spread = k * len(owners.role) / max(1, len(owners.kinds))  # scores per query after spreading
        return neighbours.NeighbourScores(candidates, k, seed), max(1, int(BLOCK_CELLS // max(spread, owners.n_roles)))
    right = candidates.T.tocsr()  # features x kinds, converted once rather than per block
    return (lambda rows: rows @ right), max(1, BLOCK_CELLS // max(1, len(owners.role), owners.n_roles))


def kind_matches(queries: sp.csr_matrix, owners: KindOwners, threshold: float, score,
                 block: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(query, role, match, cosine)``: each query row's best duty per role at ``threshold`` or
    above, sorted by query then role; ``score`` turns a block of query rows (``block`` at a
    time, bounding the memory) into their scores against each of ``owners.kinds``: a pair not
    stored is not a match."""
    parts = [_block_best(score(queries[start:start + block]), owners, threshold, start)
             for start in range(0, queries.shape[0], block)]
    return tuple(np.concatenate([np.zeros(0, dtype)] + [part[i] for part in parts])
                 for i, dtype in enumerate((np.int64, np.int64, np.int64, np.float64)))


def _block_best(scores: sp.csr_matrix, owners: KindOwners, threshold: float,
                first_row: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(row, role, match, cosine) for the scores of a block of query rows from ``first_row``:
    each score at the threshold goes to every role having that kind; a (row, role) cell keeps
    the maximum, then the lowest duty reaching it."""
    keep = scores.data >= threshold - 1e-9
    row = np.repeat(np.arange(scores.shape[0], dtype=np.int64), np.diff(scores.indptr))[keep]
    column, cosine = scores.indices[keep], np.minimum(scores.data[keep], 1.0)
    starts, ends = owners.start[column], owners.start[column + 1]
    spread, counts = ranges(starts, ends), ends - starts
    cell = np.repeat(row, counts) * owners.n_roles + owners.role[spread]
    cosine, duty = np.repeat(cosine, counts), owners.duty[spread]
    best = np.full(scores.shape[0] * owners.n_roles, -1.0)
    np.maximum.at(best, cell, cosine)
    tied = cosine == best[cell]
    match = np.full(len(best), owners.n_duties, dtype=np.int64)
    np.minimum.at(match, cell[tied], duty[tied])
    found = np.flatnonzero(match < owners.n_duties)
    return first_row + found // owners.n_roles, found % owners.n_roles, match[found], best[found]


def run_starts(*keys: np.ndarray) -> np.ndarray:
    """Where each run of equal ``keys`` (arrays of one length, sorted together) begins."""
    change = np.zeros(len(keys[0]), dtype=bool)
    change[:1] = True
    for key in keys:
        change[1:] |= key[1:] != key[:-1]
    return np.flatnonzero(change)


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)])`` without the loop."""
    counts = ends - starts
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))


def duty_overlap(matches: pd.DataFrame, member: sp.csr_matrix, roles: list[str]) -> pd.DataFrame:
    """Tidy ``role_a, role_b, duties_a, matched_a_in_b, overlap_a_in_b`` for every ordered pair a != b.

    ``matched_a_in_b`` is ``member.T @ hit``, ``hit`` marking each duty's best match per role:
    a roles x roles product instead of a join of every owner with every match (which held
    millions of rows on a large corpus)."""
    n_duties, n_roles = member.shape
    hit = sp.csr_matrix((np.ones(len(matches)), (matches["duty_id"].to_numpy(), matches["role_id"].to_numpy())),
                        shape=(n_duties, n_roles))
    counts = np.rint((member.T @ hit).toarray()).astype(int)
    sizes = np.asarray(member.sum(axis=0)).ravel().astype(int)
    role_a, role_b = np.divmod(np.arange(n_roles * n_roles), n_roles)
    keep = role_a != role_b
    role_a, role_b = role_a[keep], role_b[keep]
    frame = pd.DataFrame({"role_a": [roles[i] for i in role_a], "role_b": [roles[i] for i in role_b],
                          "duties_a": sizes[role_a], "matched_a_in_b": counts[role_a, role_b]})
    frame["overlap_a_in_b"] = frame["matched_a_in_b"] / frame["duties_a"].clip(lower=1)
    return frame


def cosine_matrix(profiles: sp.csr_matrix, roles: list[str]) -> pd.DataFrame:
    """Role x role cosine of L2-normalised profile rows."""
    values = (profiles @ profiles.T).toarray()
    np.fill_diagonal(values, 1.0)
    return pd.DataFrame(np.clip(values, 0.0, 1.0), index=pd.Index(roles, name="role"), columns=roles)


def shared_terms(profile_a: sp.csr_matrix, profile_b: sp.csr_matrix, terms: np.ndarray, n: int = 5) -> list[str]:
    """Terms weighty in both roles: ranked by the smaller of the two weights, ties by term."""
    return shared_terms_of(term_weights(profile_a, terms), term_weights(profile_b, terms), n)


def term_weights(profile: sp.csr_matrix, terms: np.ndarray) -> dict[str, float]:
    """A 1 x terms profile row as ``{term: weight}`` (its non-zero entries)."""
    row = sp.csr_matrix(profile)
    return dict(zip(terms[row.indices].tolist(), row.data.tolist()))


def shared_terms_of(weights_a: dict[str, float], weights_b: dict[str, float], n: int = 5) -> list[str]:
    """``shared_terms`` on ``term_weights`` dicts (what role_pair_table calls for every pair)."""
    if len(weights_a) > len(weights_b):
        weights_a, weights_b = weights_b, weights_a
    both = [(-min(weight, weights_b[term]), term) for term, weight in weights_a.items() if term in weights_b]
    return [term for weight, term in sorted(both)[:n] if weight < 0]


def shared_terms_all(profiles: sp.csr_matrix, terms: np.ndarray, n: int = 5) -> dict[tuple[int, int], list[str]]:
    """``shared_terms`` of every pair i < j of profile rows, one role's columns at a time.

    The same ranking (smaller weight first by size, ties by term) without a Python loop over
    every shared term of every pair, which grows with roles squared times their vocabularies."""
    profiles = sp.csr_matrix(profiles)
    out: dict[tuple[int, int], list[str]] = {}
    for i in range(profiles.shape[0]):
        row = profiles[i]
        if not row.nnz or i + 1 == profiles.shape[0]:
            out.update({(i, j): [] for j in range(i + 1, profiles.shape[0])})
            continue
        cols, names = row.indices, terms[row.indices]
        both = np.minimum(profiles[i + 1:][:, cols].toarray(), row.data)  # (later roles) x (i's terms)
        for offset, weights in enumerate(both):
            positive = np.count_nonzero(weights > 0)
            if not positive:
                out[(i, i + 1 + offset)] = []
                continue
            k = min(n, positive)
            cut = np.partition(weights, len(weights) - k)[len(weights) - k]  # k-th largest: keep ties
            chosen = np.flatnonzero((weights >= cut) & (weights > 0))
            order = np.lexsort((names[chosen], -weights[chosen]))[:n]
            out[(i, i + 1 + offset)] = names[chosen[order]].tolist()
    return out


def shared_themes(shares: pd.DataFrame, role_a: str, role_b: str, labels: dict[int, str], n: int = 3) -> list[str]:
    """Themes both roles spend duties on, ranked by the smaller share (``shares``: role x theme)."""
    return shared_themes_of(shares.loc[role_a].to_numpy(), shares.loc[role_b].to_numpy(), list(shares.columns),
                            labels, n)


def shared_themes_of(share_a: np.ndarray, share_b: np.ndarray, themes: list, labels: dict[int, str],
                     n: int = 3) -> list[str]:
    """``shared_themes`` on two rows of shares (in the order of ``themes``)."""
    both = np.minimum(share_a, share_b)
    ranked = sorted((-both[i], theme, i) for i, theme in enumerate(themes) if both[i] > 0)[:n]
    return [f"{labels[theme]} ({share_a[i]:.0%}/{share_b[i]:.0%})" for _, theme, i in ranked]
