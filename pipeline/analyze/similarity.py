"""Role similarity (cosine of class TF-IDF profiles) and duty overlap (blocked duty matching).

Overlap of role A with role B is the share of A's distinct duties whose best match among B's
duties reaches the threshold. It is computed without an n x n matrix: duty rows are
multiplied by the transposed duty matrix a block at a time, scores under the threshold are
dropped at once, and only each duty's best match per role is kept.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

BLOCK_CELLS = 5_000_000  # duty pairs scored per block: bounds memory whatever the corpus size


def membership_matrix(duty_roles: pd.DataFrame, n_duties: int, roles: list[str]) -> sp.csr_matrix:
    """Duties x roles, 1 where the role has the duty (``duty_roles``: columns duty_id, role)."""
    role_index = {role: i for i, role in enumerate(roles)}
    pairs = duty_roles[duty_roles["role"].isin(role_index)].drop_duplicates(["duty_id", "role"])
    cols = pairs["role"].map(role_index).to_numpy()
    return sp.csr_matrix((np.ones(len(pairs)), (pairs["duty_id"].to_numpy(), cols)), shape=(n_duties, len(roles)))


def best_matches(vectors: sp.csr_matrix, member: sp.csr_matrix, threshold: float,
                 rows: np.ndarray | None = None) -> pd.DataFrame:
    """For each duty (of ``rows``) and each role having a duty within ``threshold``: the best one.

    Columns ``duty_id, role_id, match_id, cosine``; ties go to the lower duty id (sorted text).
    """
    rows = np.arange(vectors.shape[0]) if rows is None else np.asarray(rows)
    transposed = vectors.T.tocsc()
    member = member.tocsr()
    block = max(1, BLOCK_CELLS // max(1, vectors.shape[0]))
    frames = [_block_matches(vectors[rows[start:start + block]], rows[start:start + block], transposed, member, threshold)
              for start in range(0, len(rows), block)]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({"duty_id": [], "role_id": [], "match_id": [], "cosine": []}).astype(
            {"duty_id": int, "role_id": int, "match_id": int, "cosine": float})
    return pd.concat(frames, ignore_index=True)


def _block_matches(block: sp.csr_matrix, ids: np.ndarray, transposed, member: sp.csr_matrix,
                   threshold: float) -> pd.DataFrame:
    scores = (block @ transposed).tocoo()
    keep = scores.data >= threshold - 1e-9
    duty, match, cosine = ids[scores.row[keep]], scores.col[keep], scores.data[keep]
    # Each matched duty counts for every role that has it.
    match_roles = member[match]
    counts = np.diff(match_roles.indptr)
    frame = pd.DataFrame({
        "duty_id": np.repeat(duty, counts),
        "role_id": match_roles.indices,
        "match_id": np.repeat(match, counts),
        "cosine": np.repeat(np.minimum(cosine, 1.0), counts),
    })
    frame = frame.sort_values(["duty_id", "role_id", "cosine", "match_id"], ascending=[True, True, False, True],
                              kind="mergesort")
    return frame.drop_duplicates(["duty_id", "role_id"], keep="first")


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
