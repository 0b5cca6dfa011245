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
from sklearn.preprocessing import normalize

DRAWS = 200
SPREAD = 1.959964  # standard deviations each side: a 95% interval
PAIR_CELLS = 5_000_000  # draws x pairs held at a time: bounds memory whatever the number of roles


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
    """One role's distinct duties and its records x duties shares, records ordered by the
    duties they hold (not by their ids, which differ between a run and its outputs)."""
    duties, column = np.unique(rows["duty_id"].to_numpy(), return_inverse=True)
    held = pd.Series(column).groupby(pd.factorize(rows["record"])[0]).agg(lambda c: tuple(sorted(c)))
    order = sorted(held.tolist())
    row = np.repeat(np.arange(len(order)), [len(c) for c in order])
    column = np.fromiter((c for record in order for c in record), dtype=np.int64, count=len(row))
    holders = np.bincount(column, minlength=len(duties))
    return duties, sp.csr_matrix((1.0 / holders[column], (row, column)), shape=(len(order), len(duties)))


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


def interval(draws: np.ndarray, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``point`` plus and minus ``SPREAD`` standard deviations of its ``draws`` (draws x items),
    within [0, 1], rounded as the outputs are. Not the draws' percentiles: a draw weighs some
    records twice and drops others, and the noisier profiles it gives have lower cosines, so the
    percentiles sit below the point (for roles of a few records, wholly below it)."""
    spread = SPREAD * draws.std(axis=0, ddof=1) if len(draws) > 1 else np.zeros(np.shape(point))
    return np.clip(point - spread, 0.0, 1.0).round(4), np.clip(point + spread, 0.0, 1.0).round(4)


def profile_draws(records: RoleRecords, terms: sp.csr_matrix, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per role: its term columns and ``DRAWS`` x those terms, each row the role's profile in one
    draw (L2-normalised). ``terms``: duties x terms, token counts times idf."""
    out = []
    for role, duties, shares in zip(records.roles, records.duties, records.shares):
        own = terms[duties]
        columns = np.unique(own.indices)
        counts = np.asarray((own[:, columns].T @ duty_weights(shares, role, seed).T).T)
        out.append((columns, normalize(counts)))
    return out


def cosine_intervals(records: RoleRecords, terms: sp.csr_matrix, seed: int, pairs: list[tuple[int, int]],
                     point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) of the profile cosine of each pair (i, j) of ``records.roles``; NaN where a
    role of the pair has fewer than two records. ``point``: the pairs' cosines."""
    profiles = profile_draws(records, terms, seed)
    indptr = np.r_[0, np.cumsum([len(columns) for columns, _ in profiles])]
    indices = np.concatenate([np.zeros(0, np.int64)] + [columns for columns, _ in profiles])
    values = np.hstack([np.zeros((DRAWS, 0))] + [draws for _, draws in profiles])
    left, right = (np.asarray([p[k] for p in pairs], dtype=np.int64) for k in (0, 1))
    low, high = np.full(len(pairs), np.nan), np.full(len(pairs), np.nan)
    chunk = max(1, PAIR_CELLS // DRAWS)
    for start in range(0, len(pairs), chunk):
        i, j = left[start:start + chunk], right[start:start + chunk]
        rows = np.unique(i)
        draws = np.empty((DRAWS, len(i)))
        for b in range(DRAWS):
            matrix = sp.csr_matrix((values[b], indices, indptr), shape=(len(profiles), terms.shape[1]))
            draws[b] = np.minimum((matrix[rows] @ matrix.T).toarray()[np.searchsorted(rows, i), j], 1.0)
        low[start:start + chunk], high[start:start + chunk] = interval(draws, point[start:start + chunk])
    single = np.asarray([records.records(k) < 2 for k in range(len(records.roles))], dtype=bool)
    if len(pairs):
        low[single[left] | single[right]] = high[single[left] | single[right]] = np.nan
    return low, high


def overlap_intervals(records: RoleRecords, matched: list[sp.csr_matrix], seed: int,
                      point: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per role: (low, high) of the share of its duties with a match in each other role.
    ``matched[i]``: role i's duties x the other roles, 1 where the duty has a match there;
    ``point[i]``: those shares. NaN for a role with fewer than two records."""
    out = []
    for role, shares, hits, shown in zip(records.roles, records.shares, matched, point):
        if shares.shape[0] < 2:
            out.append((np.full(len(shown), np.nan), np.full(len(shown), np.nan)))
            continue
        weights = duty_weights(shares, role, seed)
        draws = np.asarray((sp.csr_matrix(hits).T @ weights.T).T) / weights.sum(axis=1, keepdims=True)
        out.append(interval(draws, np.asarray(shown, dtype=float)))
    return out
