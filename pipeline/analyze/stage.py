"""The analysis stage of ``jdpipe run``: canonical roles, tokens, themes, profiles, comparisons."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import Settings
from ..dedupe import counted, mark_counted
from ..export import duties_frame, records_frame, write_csv, write_jsonl, write_parquet
from ..progress import Steps
from ..roles import canonicalise_records
from ..text import JiebaTokenizer
from . import compare, tables
from .profiles import ClassTfidf
from .themes import DutyThemes
from .vectorize import DutyVectorizer, duty_documents, unique_duty_table

DUTY_COLUMNS = ["record_id", "position", "duty", "role", "source", "tokens", "theme"]
STEPS = ("roles", "tokens", "vectors", "themes", "role profiles", "role pairs")


@dataclass
class AnalysisSummary:
    roles: int = 0
    compared_roles: int = 0
    unique_duties: int = 0
    themes: int = 0
    silhouette: float = 0.0
    seconds: float = 0.0
    # the fitted objects, for the Python API: tokenizer, vectorizer, themes, profiler
    models: dict = field(default_factory=dict, repr=False)

    def line(self) -> str:
        return (f"jdpipe: analysis: {self.roles} roles ({self.compared_roles} compared), {self.unique_duties} "
                f"distinct duties in {self.themes} themes (silhouette {self.silhouette:.3f}) in {self.seconds:.1f}s")


def write_frame(frame: pd.DataFrame, out_dir: Path, name: str) -> None:
    """``name.csv`` (UTF-8 with BOM, for Excel) and ``name.parquet`` beside it."""
    write_csv(frame, out_dir / f"{name}.csv")
    write_parquet(frame, out_dir / f"{name}.parquet")


def run_analysis(records: list[dict], out_dir: Path, settings: Settings) -> AnalysisSummary:
    """Every output of issue 3 in ``out_dir``; records get canonical roles (files rewritten)."""
    started, out_dir = time.perf_counter(), Path(out_dir)
    with Steps("analysis", STEPS, settings.quiet) as step:
        step("roles")
        canonicalise_records(records, settings.role_aliases)
        write_jsonl(records, out_dir / "records.jsonl")
        if records:
            write_parquet(records_frame(records), out_dir / "records.parquet")
        summary = analyse_duties(mark_counted(duties_frame(records), records, settings.dedupe_duties),
                                 out_dir, settings, step)
    summary.seconds = time.perf_counter() - started
    return summary


def analyse_duties(duties: pd.DataFrame, out_dir: Path, settings: Settings, step) -> AnalysisSummary:
    """Tokens, duty vectors and themes, then the role outputs; the summary keeps the fitted models."""
    step("tokens")
    tokenizer = JiebaTokenizer(settings.userdict, settings.stopwords)
    table = unique_duty_table(duties, tokenizer)
    summary = AnalysisSummary(roles=duties["role"].nunique(), unique_duties=len(table))
    step("vectors")
    vectorizer = DutyVectorizer()
    vectors = vectorizer.fit_transform(duty_documents(table)) if len(table) else None
    step("themes")
    themes = fit_themes(vectors, settings) if vectors is not None else None
    summary.models.update(tokenizer=tokenizer, vectorizer=vectorizer, themes=themes)
    table["theme"] = themes.labels_ if themes is not None else np.zeros(0, dtype=int)
    duties["duty_id"] = duties["duty"].map({duty: i for i, duty in enumerate(table["duty"])}).astype(int)
    duties["tokens"] = table["tokens"].to_numpy()[duties["duty_id"]]
    duties["theme"] = table["theme"].to_numpy()[duties["duty_id"]]
    write_frame(duties[DUTY_COLUMNS], out_dir, "duties")
    if themes is None:
        write_empty_outputs(out_dir)
    else:
        summary.themes, summary.silhouette = themes.k_, themes.silhouette_[themes.k_]
        reduced = themes.transform(vectors)
        summary.compared_roles = analyse_roles(counted(duties), table, themes, reduced, out_dir, settings,
                                               step=step, models=summary.models)
    return summary


def write_empty_outputs(out_dir: Path) -> None:
    """No duties at all: every output still exists, with its columns, so readers need no special case."""
    write_frame(pd.DataFrame(columns=["theme", "label", "size", "example", "roles"]), out_dir, "themes")
    write_frame(pd.DataFrame(columns=["role", "term", "weight", "rank"]), out_dir, "role_terms")
    write_frame(pd.DataFrame(columns=["role"]), out_dir, "role_themes")
    write_frame(pd.DataFrame(columns=["role"]), out_dir, "role_similarity")
    write_frame(pd.DataFrame(columns=tables.PAIR_COLUMNS), out_dir, "role_pairs")


def fit_themes(vectors, settings: Settings) -> DutyThemes:
    return DutyThemes(k_min=settings.theme_k_min, k_max=settings.theme_k_max, n_components=settings.theme_dims,
                      sample_size=settings.theme_sample, random_state=settings.seed).fit(vectors)


def analyse_roles(duties: pd.DataFrame, table: pd.DataFrame, themes: DutyThemes, reduced: np.ndarray,
                  out_dir: Path, settings: Settings, step=lambda name: None, models: dict | None = None) -> int:
    """Write themes, role_terms, role_themes, role_similarity, role_pairs; return the compared roles."""
    step("role profiles")
    role_duties = duties[["role", "duty_id", "theme"]].drop_duplicates(["role", "duty_id"])
    role_duties = role_duties.sort_values(["role", "duty_id"], kind="mergesort", ignore_index=True)
    labels = tables.theme_labels(table["tokens"], table["theme"].to_numpy())
    examples = tables.representative_duties(reduced, themes.cluster_centers_, table["theme"].to_numpy(), table["duty"])
    sizes = table.groupby("theme").size()  # every distinct duty, also those only in uncounted duplicates
    write_frame(tables.theme_table(role_duties, labels, examples, sizes), out_dir, "themes")

    profiler = ClassTfidf().fit(table["tokens"].to_numpy()[role_duties["duty_id"]], role_duties["role"])
    if models is not None:
        models["profiler"] = profiler
    write_frame(tables.role_terms(profiler), out_dir, "role_terms")
    shares = tables.role_theme_shares(role_duties)
    wide = shares.rename(columns=lambda t: f"{t} {labels[t]}").round(4).reset_index()
    write_frame(wide, out_dir, "role_themes")

    sizes = role_duties.groupby("role").size()
    compared = sorted(sizes[sizes >= settings.min_role_duties].index)
    rows = np.searchsorted(profiler.classes_, compared)
    cosine = compare.cosine_matrix(profiler.profiles_[rows], compared)
    write_frame(cosine.round(4).reset_index(), out_dir, "role_similarity")
    context = {"profiler": profiler, "shares": shares, "labels": labels,
               "vectorizer": (models or {}).get("vectorizer"),
               "records": duties.groupby("role")["record_id"].nunique().to_dict()}
    step("role pairs")
    write_frame(role_pairs(role_duties, table, compared, cosine, context, settings), out_dir, "role_pairs")
    return len(compared)


def role_pairs(role_duties: pd.DataFrame, table: pd.DataFrame, compared: list[str], cosine: pd.DataFrame,
               context: dict, settings: Settings) -> pd.DataFrame:
    """Duty overlap in both directions (word TF-IDF, blocked) joined to cosine, themes and terms."""
    fitted = context.get("vectorizer")  # its word block is the word TF-IDF of these same duties
    documents = duty_documents(table)
    vectors = fitted.word_vectors(documents) if fitted is not None else \
        DutyVectorizer(char_weight=0.0).fit_transform(documents)
    member = compare.membership_matrix(role_duties, len(table), compared)
    rows = np.flatnonzero(np.asarray(member.sum(axis=1)).ravel() > 0)
    matches = compare.best_matches(vectors, member, settings.overlap_threshold, rows)
    overlap = compare.duty_overlap(matches, member, compared)
    owners = pd.DataFrame({"duty_id": member.tocoo().row, "role_a": member.tocoo().col})
    context["examples"] = tables.example_matches(matches, owners, table["duty"], compared)
    pairs = [(a, b) for i, a in enumerate(compared) for b in compared[i + 1:]]
    return tables.role_pair_table(pairs, cosine, overlap, context)
