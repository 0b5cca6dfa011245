"""``jdpipe compare ROLE_A ROLE_B``: two roles side by side, from the outputs of ``jdpipe run``."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import ConfigError, Settings
from ..roles import alias_table, canonical_role, suggest_roles
from ..text import JiebaTokenizer
from . import compare, tables
from .profiles import ClassTfidf
from .vectorize import DutyVectorizer, duty_documents, with_features

REQUIRED = ("duties.parquet", "themes.parquet")
BLOCK_ROWS = 512  # duties of role A scored against all of B's at a time
SHOWN = 10        # matches and unique duties printed per section (the CSV has all)


@dataclass
class Comparison:
    role_a: str
    role_b: str
    summary: dict = field(default_factory=dict)
    matches: pd.DataFrame = field(default_factory=pd.DataFrame)  # duty, best_match, cosine (A's duties)
    reverse: pd.DataFrame = field(default_factory=pd.DataFrame)  # the same for B's duties in A
    threshold: float = 0.5

    def unique(self, side: str) -> list[str]:
        frame = self.matches if side == "a" else self.reverse
        return frame.loc[frame["cosine"] < self.threshold, "duty"].tolist()


def load_duties(out_dir: Path) -> tuple[pd.DataFrame, dict[int, str]]:
    """The analysed duties and theme labels; a clear message when ``jdpipe run`` has not run."""
    from ..results import read_output

    missing = [name for name in REQUIRED if not (out_dir / name).is_file()]
    duties = read_output(out_dir / "duties.parquet", pd.read_parquet) if not missing else None
    if missing or "theme" not in duties.columns:
        raise ConfigError(f"no analysis outputs in '{out_dir}': run `jdpipe run` first (or pass --dir).")
    themes = read_output(out_dir / "themes.parquet", pd.read_parquet)
    return duties, dict(zip(themes["theme"].astype(int), themes["label"]))


def resolve_role(name: str, known: list[str], settings: Settings) -> str:
    """A known role for what the user typed (aliases and rules apply), else the closest names."""
    if name in known:
        return name
    role = canonical_role(name, "role", alias_table(settings.role_aliases))
    if role in known:
        return role
    hints = suggest_roles(name, known) or suggest_roles(role, known)
    hint = f"; did you mean {', '.join(hints)}?" if hints else "; `jdpipe run` found none like it."
    raise ConfigError(f"unknown role '{name}'{hint}")


def compare_roles(duties: pd.DataFrame, labels: dict[int, str], role_a: str, role_b: str,
                  settings: Settings) -> Comparison:
    table = duties.drop_duplicates("duty").sort_values("duty", kind="mergesort", ignore_index=True)
    table = with_features(table, JiebaTokenizer(settings.userdict, settings.stopwords))
    vectors = DutyVectorizer(char_weight=0.0).fit_transform(duty_documents(table))
    index = {duty: i for i, duty in enumerate(table["duty"])}
    role_duties = duties[["role", "duty", "theme"]].drop_duplicates(["role", "duty"])
    role_duties = role_duties.assign(duty_id=role_duties["duty"].map(index))
    ids_a = np.sort(role_duties.loc[role_duties["role"] == role_a, "duty_id"].to_numpy())
    ids_b = np.sort(role_duties.loc[role_duties["role"] == role_b, "duty_id"].to_numpy())
    result = Comparison(role_a, role_b, threshold=settings.overlap_threshold)
    result.matches = best_match_table(vectors, ids_a, ids_b, table["duty"])
    result.reverse = best_match_table(vectors, ids_b, ids_a, table["duty"])
    result.summary = pair_summary(role_duties, table, duties, labels, result)
    return result


def best_match_table(vectors: sp.csr_matrix, ids_a: np.ndarray, ids_b: np.ndarray, texts: pd.Series) -> pd.DataFrame:
    """For each duty of A, its best match among B's duties (blocked, so memory stays bounded)."""
    best, scores = np.zeros(len(ids_a), dtype=int), np.zeros(len(ids_a))
    others = vectors[ids_b].T.tocsc()
    for start in range(0, len(ids_a), BLOCK_ROWS):
        block = (vectors[ids_a[start:start + BLOCK_ROWS]] @ others).toarray()
        if block.shape[1]:
            best[start:start + len(block)] = block.argmax(axis=1)  # first maximum: lowest id, i.e. sorted text
            scores[start:start + len(block)] = block.max(axis=1)
    frame = pd.DataFrame({"duty": texts.to_numpy()[ids_a],
                          "best_match": texts.to_numpy()[ids_b[best]] if len(ids_b) else "",
                          "cosine": np.minimum(scores, 1.0).round(4)})
    return frame.sort_values(["cosine", "duty"], ascending=[False, True], kind="mergesort", ignore_index=True)


def pair_summary(role_duties: pd.DataFrame, table: pd.DataFrame, duties: pd.DataFrame, labels: dict[int, str],
                 result: Comparison) -> dict:
    """The numbers of a role_pairs row, recomputed for these two roles (any size)."""
    a, b, threshold = result.role_a, result.role_b, result.threshold
    tokens = table["tokens"].fillna("").to_numpy()[role_duties["duty_id"]]
    profiler = ClassTfidf().fit(tokens, role_duties["role"])
    shares = tables.role_theme_shares(role_duties)
    records = duties.groupby("role")["record_id"].nunique()
    return {
        "cosine": float((profiler.profile(a) @ profiler.profile(b).T).toarray()[0, 0]),
        "overlap_a_in_b": float((result.matches["cosine"] >= threshold).mean()) if len(result.matches) else 0.0,
        "overlap_b_in_a": float((result.reverse["cosine"] >= threshold).mean()) if len(result.reverse) else 0.0,
        "shared_themes": compare.shared_themes(shares, a, b, labels),
        "top_shared_terms": compare.shared_terms(profiler.profile(a), profiler.profile(b),
                                                 profiler.get_feature_names_out()),
        "distinct_terms": {r: profiler.top_terms(8, classes=[r])["term"].tolist() for r in (a, b)},
        "records": {r: int(records.get(r, 0)) for r in (a, b)},
        "duties": {a: len(result.matches), b: len(result.reverse)},
    }


def comparison_frame(result: Comparison) -> pd.DataFrame:
    """CSV rows: every duty of A with its best match in B, then the duties unique to each role."""
    matches = result.matches.assign(section="best_match", role=result.role_a)
    uniques = [pd.DataFrame({"section": f"unique_to_{side}", "role": role, "duty": result.unique(side)})
               for side, role in (("a", result.role_a), ("b", result.role_b))]
    frame = pd.concat([matches, *uniques], ignore_index=True)
    frame["matched"] = frame["cosine"] >= result.threshold
    frame.loc[frame["section"] != "best_match", "matched"] = False
    return frame[["section", "role", "duty", "best_match", "cosine", "matched"]]


def format_comparison(result: Comparison) -> str:
    a, b, s = result.role_a, result.role_b, result.summary
    lines = [
        f"{a} vs {b}",
        f"  records {s['records'][a]} / {s['records'][b]}, distinct duties {s['duties'][a]} / {s['duties'][b]}",
        f"  profile cosine {s['cosine']:.3f}",
        f"  duty overlap (cosine >= {result.threshold}): {s['overlap_a_in_b']:.0%} of {a}'s duties have a match "
        f"in {b}; {s['overlap_b_in_a']:.0%} of {b}'s in {a}",
        f"  shared themes: {'; '.join(s['shared_themes']) or '-'}",
        f"  top shared terms: {', '.join(s['top_shared_terms']) or '-'}",
        f"  distinctive terms {a}: {', '.join(s['distinct_terms'][a])}",
        f"  distinctive terms {b}: {', '.join(s['distinct_terms'][b])}",
        "",
        f"Closest duty pairs ({a} -> {b}):",
    ]
    for row in result.matches.head(SHOWN).itertuples(index=False):
        lines.append(f"  {row.cosine:.2f}  {row.duty}\n        ⇄ {row.best_match}")
    for side, role in (("a", a), ("b", b)):
        unique = result.unique(side)
        lines += ["", f"Only {role} ({len(unique)} duties without a match >= {result.threshold}):"]
        lines += [f"  - {duty}" for duty in unique[:SHOWN]]
        if len(unique) > SHOWN:
            lines.append(f"  … {len(unique) - SHOWN} more in the CSV")
    return "\n".join(lines)
