"""Tidy tables the report shows, built from ``Results`` frames: no plotting, no HTML."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

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
    """The ``n`` most similar role pairs: ``role_a, role_b, cosine, overlap_a_in_b, overlap_b_in_a, shared_themes``."""
    pairs = results.role_pairs
    columns = ["role_a", "role_b", "cosine", "overlap_a_in_b", "overlap_b_in_a", "shared_themes"]
    if pairs is None or not len(pairs):
        return pd.DataFrame(columns=columns)
    table = pairs.sort_values(["cosine", "role_a", "role_b"], ascending=[False, True, True], kind="mergesort")
    table = table.head(n)[columns].copy()
    table["shared_themes"] = table["shared_themes"].map(lambda v: "; ".join(map(str, v)) if v is not None else "")
    return table.reset_index(drop=True)


def theme_table(results: Results) -> pd.DataFrame:
    """``theme, label, size, example, roles`` with ``roles`` joined as text."""
    themes = results.themes.copy()
    themes["roles"] = themes["roles"].map(lambda v: ", ".join(map(str, v)) if v is not None else "")
    return themes
