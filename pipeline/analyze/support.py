"""How much a role comparison rests on: bootstrap intervals over each role's records.

A role's cosine and overlap come from its records (pages, postings). Drawing the records again
with replacement, ``DRAWS`` times, and computing the numbers from each draw shows how much they
move; the interval is the point estimate plus and minus 1.96 standard deviations of the draws
(95%; ``interval`` says why not their percentiles). A record carries its
distinct duties, a duty that m of the role's records hold 1/m from each, so a draw weighs every
duty by the records drawn that hold it; with each record drawn once the weights are all 1 and
the numbers are the point estimates. The term weights (idf) stay those of the whole corpus.

Every role draws from its own generator, seeded by the ``seed`` setting and the role's name,
and its records are ordered by their duties, so a pair gets the same interval in the run's
``role_pairs`` and in ``jdpipe compare`` with any other roles named. With one record there is
nothing to resample: intervals that rest on such a role are left empty (NaN).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

DRAWS = 200
SPREAD = 1.959964  # standard deviations each side: a 95% interval
BLOCK_CELLS = 4_000_000  # draws x roles x terms held at a time (32 MB)


@dataclass
class RoleRecords:
    """Per role (in ``roles`` order): its distinct duty ids (sorted) and a records x duties
    matrix of the share of each duty a record carries (1/m for a duty m records hold)."""

    roles: list[str]
    duties: list[np.ndarray]
    shares: list[sp.csr_matrix]

    @classmethod
    def of(cls, rows: pd.DataFrame, roles: list[str]) -> RoleRecords:
        """``rows``: duty rows with ``role``, ``duty_id`` and ``record`` (any key of a record)."""
        rows = rows.loc[rows["role"].isin(roles), ["role", "duty_id", "record"]].drop_duplicates()
        grouped = dict(tuple(rows.groupby("role", sort=False)))
        found = [_role_shares(grouped[role]) if role in grouped else (np.zeros(0, int), sp.csr_matrix((0, 0)))
                 for role in roles]
        return cls(list(roles), [duties for duties, _ in found], [shares for _, shares in found])

    def records(self, i: int) -> int:
        return self.shares[i].shape[0]


def _role_shares(rows: pd.DataFrame) -> tuple[np.ndarray, sp.csr_matrix]:
    """One role's distinct duties and its records x duties shares, records ordered by what they
    hold (not by their ids, which differ between a run and its outputs)."""
    duties, column = np.unique(rows["duty_id"].to_numpy(), return_inverse=True)
    record, _ = pd.factorize(rows["record"])
    content = np.zeros(record.max() + 1 if len(record) else 0, dtype=np.uint64)
    np.add.at(content, record, _mixed(duties[column].astype(np.uint64)))  # the same for the same duties
    rank = np.empty(len(content), dtype=np.int64)
    rank[np.argsort(content, kind="stable")] = np.arange(len(content))
    holders = np.bincount(column, minlength=len(duties))
    return duties, sp.csr_matrix((1.0 / holders[column], (rank[record], column)), shape=(len(content), len(duties)))


def _mixed(values: np.ndarray) -> np.ndarray:
    """splitmix64 of each value: a sum of them names a set of duty ids, whatever their order."""
    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def role_seed(seed: int, role: str) -> list[int]:
    """The generator seed of a role: the ``seed`` setting and a stable hash of its name."""
    return [int(seed), int.from_bytes(hashlib.blake2b(role.encode("utf-8"), digest_size=8).digest(), "little")]


def duty_weights(shares: sp.csr_matrix, role: str, seed: int) -> np.ndarray:
    """``DRAWS`` x duties: each duty's weight in each draw of the role's records."""
    n = shares.shape[0]
    rng = np.random.default_rng(role_seed(seed, role))
    picks = rng.integers(0, max(n, 1), size=(DRAWS, n)) + (np.arange(DRAWS) * n)[:, None]
    counts = np.bincount(picks.ravel(), minlength=DRAWS * n).reshape(DRAWS, n).astype(float)
    return np.asarray((shares.T @ counts.T).T)


def bounds(point: np.ndarray, spread: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``point`` plus and minus ``SPREAD`` standard deviations of its draws, within [0, 1],
    rounded as the outputs are. Not the draws' percentiles: a draw weighs some records twice and
    drops others, and the noisier profiles it gives have lower cosines, so the percentiles sit
    below the point (for roles of a few records, wholly below it)."""
    return (np.clip(point - SPREAD * spread, 0.0, 1.0).round(4), np.clip(point + SPREAD * spread, 0.0, 1.0).round(4))


def all_weights(records: RoleRecords, seed: int) -> list[np.ndarray]:
    """``duty_weights`` of every role (made once for the cosine and the overlap intervals)."""
    return [duty_weights(shares, role, seed) for role, shares in zip(records.roles, records.shares)]


def cosine_intervals(records: RoleRecords, terms: sp.csr_matrix, weights: list[np.ndarray],
                     pairs: list[tuple[int, int]], point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the profile cosine of each pair (i, j) of ``records.roles``; NaN where a
    role of the pair has fewer than two records. ``terms``: duties x terms, token counts times
    idf; ``weights``: ``all_weights``; ``point``: the pairs' cosines.

    Draws go in batches: each role's profile in each draw of the batch (its weighted duty rows,
    normalised) over the terms two roles or more have, as a dense draws x roles x terms block,
    then one batched product gives every pair's cosine in every draw; only sums are kept per
    pair, so memory grows with the pairs, not with the pairs times the draws. Single precision:
    five times faster products, and its error (1e-7) is far below the four decimals written."""
    left, right = (np.asarray([p[k] for p in pairs], dtype=np.int64) for k in (0, 1))
    point = np.asarray(point, dtype=float)
    profiles = RoleProfiles.of(records, terms, weights)
    n_roles, width = len(records.roles), len(profiles.shared)
    batch = max(1, min(DRAWS, BLOCK_CELLS // max(1, n_roles * max(width, n_roles))))
    sums, squares = np.zeros(len(pairs)), np.zeros(len(pairs))
    # Hundreds of small products: BLAS threads cost more to wake than they save, and on a
    # busy machine they spin for cores other processes hold (10x the CPU time, measured).
    with threadpool_limits(limits=1, user_api="blas"):
        for start in range(0, DRAWS, batch):
            block = profiles.block(start, min(start + batch, DRAWS))
            products = np.matmul(block, block.transpose(0, 2, 1))  # each draw's roles x roles
            cosines = np.minimum(products[:, left, right].astype(float), 1.0) - point
            sums += cosines.sum(axis=0)
            squares += (cosines ** 2).sum(axis=0)
    spread = np.sqrt(np.maximum(squares - sums ** 2 / DRAWS, 0.0) / (DRAWS - 1))
    low, high = bounds(point, spread)
    single = np.asarray([records.records(k) < 2 for k in range(n_roles)], dtype=bool)
    unknown = single[left] | single[right] if len(pairs) else np.zeros(0, dtype=bool)
    low[unknown] = high[unknown] = np.nan
    return low, high


@dataclass
class RoleProfiles:
    """Each role's duty weights in every draw, its duty x term rows and where its terms sit
    among ``shared`` (the terms two roles or more have: no other term adds to a cosine)."""

    weights: list[np.ndarray]
    rows: list[sp.csr_matrix]
    places: list[tuple[np.ndarray, np.ndarray]]  # (own columns kept, their place in ``shared``)
    shared: np.ndarray

    @classmethod
    def of(cls, records: RoleRecords, terms: sp.csr_matrix, weights: list[np.ndarray]) -> RoleProfiles:
        rows = [terms[duties] for duties in records.duties]
        columns = [np.unique(own.indices) for own in rows]
        counted = np.bincount(np.concatenate([np.zeros(0, np.int64)] + columns), minlength=terms.shape[1])
        shared = np.flatnonzero(counted >= 2)
        rows = [own[:, cols] for own, cols in zip(rows, columns)]
        places = [(np.flatnonzero(np.isin(cols, shared)), np.searchsorted(shared, cols[np.isin(cols, shared)]))
                  for cols in columns]
        return cls(weights, rows, places, shared)

    def block(self, start: int, end: int) -> np.ndarray:
        """Draws ``start:end`` x roles x shared terms: each role's normalised profile in each draw."""
        block = np.zeros((end - start, len(self.rows), len(self.shared)), dtype=np.float32)
        for i, (weights, own, (kept, place)) in enumerate(zip(self.weights, self.rows, self.places)):
            counts = np.asarray((own.T @ weights[start:end].T).T)
            norms = np.sqrt(np.einsum("ij,ij->i", counts, counts))[:, None]
            block[:, i, place] = counts[:, kept] / np.where(norms > 0, norms, 1.0)
        return block


def overlap_intervals(records: RoleRecords, matched: list[sp.csr_matrix], weights: list[np.ndarray],
                      point: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per role: (low, high) of the share of its duties with a match in each other role.
    ``matched[i]``: role i's duties x the other roles, 1 where the duty has a match there;
    ``weights``: ``all_weights``; ``point[i]``: those shares. NaN for a role of one record."""
    out = []
    for shares, hits, weights, shown in zip(records.shares, matched, weights, point):
        if shares.shape[0] < 2:
            out.append((np.full(len(shown), np.nan), np.full(len(shown), np.nan)))
            continue
        draws = np.asarray((sp.csr_matrix(hits).T @ weights.T).T) / weights.sum(axis=1, keepdims=True)
        out.append(bounds(np.asarray(shown, dtype=float), draws.std(axis=0, ddof=1)))
    return out
