"""Tidy result frames built from the fitted models: themes, role terms, role themes, role pairs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .columns import PAIR_COLUMNS, ROLE_TERM_COLUMNS, SUPPORT_COLUMNS, THEME_COLUMNS
from .profiles import ClassTfidf
from .similarity import ranges, shared_terms_all, shared_themes_of

LABEL_TERMS = 4      # terms in a theme label
ROLE_TERMS = 20      # distinctive terms kept per role
THEME_ROLES = 5      # roles listed per theme
EXAMPLE_MATCHES = 3  # matched duty pairs shown per role pair



def theme_labels(tokens: pd.Series, themes: np.ndarray) -> dict[int, str]:
    """Each theme named by its heaviest class TF-IDF terms, e.g. ``投诉 / 客户投诉 / 处理 / 业主``."""
    top = ClassTfidf().fit(tokens, themes).top_terms(LABEL_TERMS)
    labels = top.groupby("class", sort=True)["term"].agg(" / ".join).to_dict()
    return {int(theme): labels.get(theme, "(无词)") for theme in np.unique(themes)}


def representative_duties(reduced: np.ndarray, centers: np.ndarray, themes: np.ndarray, texts: pd.Series) -> dict[int, str]:
    """The duty closest to its theme's centre (ties: first in sorted text)."""
    closeness = np.einsum("ij,ij->i", reduced, centers[themes])
    frame = pd.DataFrame({"theme": themes, "closeness": -closeness.round(9), "duty": texts.to_numpy()})
    best = frame.sort_values(["theme", "closeness", "duty"], kind="mergesort").drop_duplicates("theme")
    return dict(zip(best["theme"].astype(int), best["duty"]))


def theme_table(role_duties: pd.DataFrame, labels: dict[int, str], examples: dict[int, str],
                sizes: pd.Series | None = None) -> pd.DataFrame:
    """``theme, label, size, example, roles`` (``role_duties``: distinct role, duty_id, theme rows;
    ``sizes``: distinct duties per theme, when not all of them are in ``role_duties``)."""
    if sizes is None:
        sizes = role_duties.drop_duplicates("duty_id").groupby("theme").size()
    counts = role_duties.groupby(["theme", "role"]).size().rename("n").reset_index()
    counts = counts.sort_values(["theme", "n", "role"], ascending=[True, False, True], kind="mergesort")
    roles = counts.groupby("theme").head(THEME_ROLES).groupby("theme").apply(
        lambda g: [f"{r} ({n})" for r, n in zip(g["role"], g["n"])], include_groups=False)
    rows = [{"theme": theme, "label": labels[theme], "size": int(sizes.get(theme, 0)),
             "example": examples.get(theme, ""), "roles": roles.get(theme, [])} for theme in sorted(labels)]
    return pd.DataFrame(rows, columns=THEME_COLUMNS)


def role_terms(profiler: ClassTfidf) -> pd.DataFrame:
    top = profiler.top_terms(ROLE_TERMS).rename(columns={"class": "role"})
    top["weight"] = top["weight"].round(4)
    return top[ROLE_TERM_COLUMNS]


def role_theme_shares(role_duties: pd.DataFrame) -> pd.DataFrame:
    """Role x theme: share of each role's distinct duties in each theme (rows sum to 1)."""
    counts = pd.crosstab(role_duties["role"], role_duties["theme"])
    shares = counts.div(counts.sum(axis=1), axis=0)
    return shares.sort_index().sort_index(axis=1)


def role_theme_table(shares: pd.DataFrame, labels: dict[int, str], records: pd.Series,
                     sizes: pd.Series) -> pd.DataFrame:
    """``role_themes``: ``role, records, distinct_duties``, then the share of each theme (columns
    ``N label``): a share of 100% from one duty reads as what it is."""
    table = shares.rename(columns=lambda t: f"{t} {labels[t]}").round(4)
    support = pd.DataFrame({"records": records.reindex(table.index).fillna(0).astype(int),
                            "distinct_duties": sizes.reindex(table.index).fillna(0).astype(int)})
    return pd.concat([support[SUPPORT_COLUMNS], table], axis=1).reset_index()


def theme_share_columns(role_themes: pd.DataFrame) -> list:
    """The theme columns of a ``role_themes`` frame (what is not role or support)."""
    return [c for c in role_themes.columns if c not in ("role", *SUPPORT_COLUMNS)]


def role_pair_table(pairs: list[tuple[str, str]], cosine: pd.DataFrame, overlap: pd.DataFrame,
                    context: dict) -> pd.DataFrame:
    """One row per unordered pair of compared roles; ``context`` holds profiler, shares, labels,
    records (per role), examples (per ordered pair)."""
    profiler, shares, labels = context["profiler"], context["shares"], context["labels"]
    terms = profiler.get_feature_names_out()
    # Per-role lookups made once: pairs grow with the square of the roles.
    position = {role: i for i, role in enumerate(cosine.index)}
    if not pairs:
        return pd.DataFrame(columns=PAIR_COLUMNS)  # fewer than two roles to compare
    common = shared_terms_all(sp.vstack([profiler.profile(role) for role in cosine.index]), terms)
    share_rows, themes = {role: shares.loc[role].to_numpy() for role in cosine.index}, list(shares.columns)
    cosines = cosine.to_numpy()
    overlap = {(a, b): (share, n) for a, b, share, n in
               overlap[["role_a", "role_b", "overlap_a_in_b", "duties_a"]].itertuples(index=False)}
    intervals = context.get("intervals", {"cosine": {}, "overlap": {}})
    rows = []
    for a, b in pairs:
        rows.append({
            "role_a": a, "role_b": b,
            **with_interval("cosine", float(cosines[position[a], position[b]]), intervals["cosine"].get((a, b))),
            **with_interval("overlap_a_in_b", float(overlap[a, b][0]), intervals["overlap"].get((a, b))),
            **with_interval("overlap_b_in_a", float(overlap[b, a][0]), intervals["overlap"].get((b, a))),
            "shared_themes": shared_themes_of(share_rows[a], share_rows[b], themes, labels),
            "top_shared_terms": common[min(position[a], position[b]), max(position[a], position[b])],
            "records_a": context["records"].get(a, 0), "records_b": context["records"].get(b, 0),
            "duties_a": int(overlap[a, b][1]), "duties_b": int(overlap[b, a][1]),
            "example_matches": context["examples"].get((a, b), []),
        })
    frame = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return frame.sort_values(["cosine", "role_a", "role_b"], ascending=[False, True, True], kind="mergesort",
                             ignore_index=True)


def with_interval(name: str, value: float, bounds: tuple[float, float] | None) -> dict:
    """``{name: value, name_low: …, name_high: …}`` rounded as the outputs are (NaN: no interval)."""
    low, high = bounds if bounds is not None else (np.nan, np.nan)
    return {name: round(value, 4), f"{name}_low": float(low), f"{name}_high": float(high)}


def example_matches(matches: pd.DataFrame, owners: pd.DataFrame, texts: pd.Series, roles: list[str]) -> dict:
    """(role_a, role_b) -> up to EXAMPLE_MATCHES ``duty_a ⇄ duty_b (cosine)``, best first (ties: lower duty id).

    One role at a time, over the match rows of its own duties, so memory stays bounded by
    the largest role rather than by every owner joined with every match."""
    texts = np.asarray(texts)
    order = np.argsort(matches["duty_id"].to_numpy(), kind="stable")
    duty, role_b = matches["duty_id"].to_numpy()[order], matches["role_id"].to_numpy()[order]
    match, cosine = matches["match_id"].to_numpy()[order], matches["cosine"].to_numpy()[order]
    n_duties = max(int(duty.max()) + 1 if len(duty) else 0, int(owners["duty_id"].max()) + 1 if len(owners) else 0)
    bounds = np.searchsorted(duty, np.arange(n_duties + 1))
    examples: dict = {}
    for a, own in owners.groupby("role_a")["duty_id"]:
        own = own.to_numpy()
        starts, ends = bounds[own], bounds[own + 1]
        rows = ranges(starts, ends)
        rows = rows[role_b[rows] != a]
        if not len(rows):
            continue
        rows = rows[np.lexsort((duty[rows], -cosine[rows], role_b[rows]))]
        group_start = np.r_[0, np.flatnonzero(np.diff(role_b[rows])) + 1]
        rank = np.arange(len(rows)) - np.repeat(group_start, np.diff(np.r_[group_start, len(rows)]))
        for row in rows[rank < EXAMPLE_MATCHES]:
            text = f"{texts[duty[row]]} ⇄ {texts[match[row]]} ({cosine[row]:.2f})"
            examples.setdefault((roles[a], roles[role_b[row]]), []).append(text)
    return examples
