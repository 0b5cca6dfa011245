"""Tidy tables the report shows, built from ``Results`` frames: no plotting, no HTML."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from ..analyze.columns import SUPPORT_COLUMNS
from ..results import Results, role_counts

TERMS_SHOWN = 10  # distinctive terms per role in the report
PAIRS_SHOWN = 15  # most similar role pairs listed


def shown_roles(results: Results, limit: int) -> list[str]:
    """The compared roles with most distinct duties, at most ``limit``, in alphabetical order."""
    if results.role_similarity is None or not len(results.role_similarity):
        return []
    compared = set(results.role_similarity.index)
    counts = role_counts(results)
    ranked = [role for role in counts["role"] if role in compared][:limit]
    return sorted(ranked)


def role_linkage(similarity: pd.DataFrame) -> np.ndarray | None:
    """Average-linkage hierarchical clustering of the roles on cosine distance (1 - similarity);
    None below three roles. Its leaf order is the order the report shows roles in."""
    if len(similarity) < 3:
        return None
    distance = 1.0 - similarity.to_numpy(dtype=float)
    distance = np.clip((distance + distance.T) / 2, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    return hierarchy.linkage(squareform(distance, checks=False), method="average", optimal_ordering=True)


def leaf_order(similarity: pd.DataFrame, linkage: np.ndarray | None) -> list[str]:
    """Roles in dendrogram leaf order (as drawn bottom to top by ``similarity_heatmap``)."""
    if linkage is None:
        return list(similarity.index)
    return list(similarity.index[hierarchy.leaves_list(linkage)])


def role_term_table(results: Results, roles: list[str], terms: int = TERMS_SHOWN) -> pd.DataFrame:
    """``role, records, distinct_duties, terms`` (the role's heaviest class TF-IDF terms, joined)."""
    counts = role_counts(results).set_index("role")
    top = results.role_terms[results.role_terms["rank"] <= terms].sort_values(["role", "rank"], kind="mergesort")
    joined = top.groupby("role")["term"].agg(" · ".join)
    rows = [{"role": role, "records": int(counts.at[role, "records"]) if role in counts.index else 0,
             "distinct_duties": int(counts.at[role, "distinct_duties"]) if role in counts.index else 0,
             "terms": joined.get(role, "")} for role in roles]
    return pd.DataFrame(rows, columns=["role", "records", "distinct_duties", "terms"])


def top_pairs(results: Results, n: int = PAIRS_SHOWN) -> pd.DataFrame:
    """The ``n`` most similar role pairs: ``role_a, role_b, cosine, overlap_a_in_b, overlap_b_in_a``
    (each with its interval, as text), ``records`` (a / b), ``shared_themes``."""
    pairs = results.role_pairs
    columns = ["role_a", "role_b", "cosine", "overlap_a_in_b", "overlap_b_in_a", "records", "shared_themes"]
    if pairs is None or not len(pairs):
        return pd.DataFrame(columns=columns)
    table = pairs.sort_values(["cosine", "role_a", "role_b"], ascending=[False, True, True], kind="mergesort").head(n)
    rows = [{"role_a": row["role_a"], "role_b": row["role_b"], "cosine": with_span(row, "cosine", 3),
             "overlap_a_in_b": with_span(row, "overlap_a_in_b"), "overlap_b_in_a": with_span(row, "overlap_b_in_a"),
             "records": f"{row['records_a']} / {row['records_b']}",
             "shared_themes": "; ".join(map(str, row["shared_themes"])) if row["shared_themes"] is not None else ""}
            for _, row in table.iterrows()]
    return pd.DataFrame(rows, columns=columns)


def theme_table(results: Results) -> pd.DataFrame:
    """``theme, label, size, example, roles`` with ``roles`` joined as text."""
    themes = results.themes.copy()
    themes["roles"] = themes["roles"].map(lambda v: ", ".join(map(str, v)) if v is not None else "")
    return themes


def too_few_roles(results: Results) -> pd.DataFrame:
    """``role, records, distinct_duties`` of the roles with duties that were not compared (under
    min_role_duties), most duties first."""
    columns = ["role", *SUPPORT_COLUMNS]
    themes = results.role_themes
    if themes is None or not set(SUPPORT_COLUMNS) <= set(themes.columns):
        return pd.DataFrame(columns=columns)
    compared = set(results.role_similarity.index) if results.role_similarity is not None else set()
    table = themes.loc[~themes.index.isin(compared), SUPPORT_COLUMNS].reset_index()
    return table.sort_values(["distinct_duties", "records", "role"], ascending=[False, False, True],
                             kind="mergesort", ignore_index=True)[columns]


def named_roles(results: Results, names: list[str], settings) -> tuple[list[str], list[str], list[str]]:
    """The roles ``names`` stand for (aliases and rules applied, as ``jdpipe compare``): (found and
    compared, found but too few, notes on names that are not roles of these results)."""
    from ..analyze.compare_roles import resolve
    from ..errors import UserError

    known = sorted(results.role_themes.index) if results.role_themes is not None else []
    compared = set(results.role_similarity.index) if results.role_similarity is not None else set()
    found, few, missing = [], [], []
    for name in names:
        try:
            role = resolve(name, known, settings).name
        except UserError:
            missing.append(name)
            continue
        if role not in found and role not in few:
            (found if role in compared else few).append(role)
    return found, few, missing


def named_pairs(results: Results, roles: list[str]) -> pd.DataFrame:
    """Each pair of ``roles`` in the order named: cosine and both overlaps, each with its interval."""
    pairs = results.role_pairs.set_index(["role_a", "role_b"])
    rows = []
    for i, a in enumerate(roles):
        for b in roles[i + 1:]:
            row, swap = (pairs.loc[(a, b)], False) if (a, b) in pairs.index else (pairs.loc[(b, a)], True)
            first, second = ("overlap_b_in_a", "overlap_a_in_b") if swap else ("overlap_a_in_b", "overlap_b_in_a")
            records = (row["records_b"], row["records_a"]) if swap else (row["records_a"], row["records_b"])
            rows.append({"role_a": a, "role_b": b, "cosine": with_span(row, "cosine", 3),
                         "A's duties matched in B": with_span(row, first), "B's duties matched in A": with_span(row, second),
                         "records": f"{records[0]} / {records[1]}"})
    return pd.DataFrame(rows, columns=["role_a", "role_b", "cosine", "A's duties matched in B",
                                       "B's duties matched in A", "records"])


def with_span(row: pd.Series, name: str, digits: int = 0) -> str:
    """``0.219 [0.157, 0.282]`` / ``4% [0%–8%]``; ``[n/a, 1 record]`` without an interval."""
    from ..compare_text import span

    low, high = row.get(f"{name}_low", np.nan), row.get(f"{name}_high", np.nan)
    value = f"{row[name]:.{digits}f}" if digits else f"{row[name]:.0%}"
    return f"{value} {span(low, high, percent=not digits)}"


def named_themes(results: Results, roles: list[str]) -> pd.DataFrame:
    """Theme x role: each named role's share of its distinct duties in each theme (in %), themes
    where one of them has any."""
    columns = [c for c in results.role_themes.columns if c not in SUPPORT_COLUMNS]
    shares = results.role_themes.loc[roles, columns].T
    shares = shares[(shares > 0).any(axis=1)]
    shares = shares.loc[shares.max(axis=1).sort_values(ascending=False, kind="mergesort").index]
    return (shares * 100).round(0).astype(int).rename_axis("theme").reset_index()
