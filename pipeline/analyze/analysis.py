"""The analysis: duty vectors, themes and role comparisons from a duty corpus, as frames.

``analyze(corpus, tokens, settings) -> Analysis`` computes and returns; it reads no file and
writes none, so ``jdpipe run`` (which writes what it returns) and the Python API (which
returns it) get the same frames from the same code.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import Settings
from . import similarity, support, tables
from .columns import PAIR_COLUMNS, ROLE_TERM_COLUMNS, THEME_COLUMNS
from .corpus import DutyCorpus
from .profiles import ClassTfidf
from .themes import DutyThemes
from .vectorize import DutyVectorizer, duty_documents
from .word_vectors import CorpusWordVectors

STEPS = ("roles", "tokens", "vectors", "themes", "role profiles", "role pairs")


@dataclass
class AnalysisSummary:
    """The analysis's numbers, for the run summary."""

    roles: int = 0
    compared_roles: int = 0
    unique_duties: int = 0
    themes: int = 0
    silhouette: float = 0.0
    seconds: float = 0.0


@dataclass
class Analysis:
    """What ``analyze`` returns.

    ``frames``: ``themes``, ``role_terms``, ``role_themes``, ``role_similarity``, ``role_pairs``
    (as written to the outputs of the same names). ``duties``: one row per distinct duty,
    ``duty, tokens, features, theme``. ``models``: the fitted ``vectorizer`` (DutyVectorizer),
    ``word_vectors`` (CorpusWordVectors), ``themes`` (DutyThemes) and ``profiler`` (ClassTfidf of the roles)."""

    frames: dict[str, pd.DataFrame]
    duties: pd.DataFrame
    summary: AnalysisSummary
    models: dict = field(default_factory=dict, repr=False)

    def duty_themes(self) -> dict[str, int]:
        return dict(zip(self.duties["duty"], self.duties["theme"]))


def analyze(corpus: DutyCorpus, tokens: pd.DataFrame, settings: Settings, step=lambda name: None) -> Analysis:
    """Every analysis frame of ``corpus``; ``tokens``: ``duty, tokens, features`` for each of
    ``corpus.texts()``, in that order (``pipeline.analyze.tokens``)."""
    started = time.perf_counter()
    table = tokens.reset_index(drop=True).copy()
    rows = corpus.role_rows(list(table["duty"]))
    summary = AnalysisSummary(roles=corpus.roles, unique_duties=len(table))
    step("vectors")
    vectorizer, vectors, word_vectors, words = duty_vectors(table, settings)
    step("themes")
    themes = fit_themes(vectors, words, settings) if vectors is not None else None
    models = {"vectorizer": vectorizer, "word_vectors": word_vectors, "themes": themes}
    table["theme"] = themes.labels_ if themes is not None else np.zeros(0, dtype=int)
    rows["theme"] = table["theme"].to_numpy()[rows["duty_id"].to_numpy()]
    if themes is None or not len(rows):
        frames = empty_frames()
    else:
        summary.themes, summary.silhouette = themes.k_, themes.silhouette_[themes.k_]
        frames = role_frames(rows, table, themes, themes.transform(vectors, words), settings, step, models)
        summary.compared_roles = len(frames["role_similarity"])
    summary.seconds = time.perf_counter() - started
    return Analysis(frames, table, summary, models)


def empty_frames() -> dict[str, pd.DataFrame]:
    """No duties at all: every frame still exists, with its columns, so readers need no special case."""
    return {"themes": pd.DataFrame(columns=THEME_COLUMNS),
            "role_terms": pd.DataFrame(columns=ROLE_TERM_COLUMNS),
            "role_themes": pd.DataFrame(columns=["role"]),
            "role_similarity": pd.DataFrame(columns=["role"]),
            "role_pairs": pd.DataFrame(columns=PAIR_COLUMNS)}


def duty_vectors(table: pd.DataFrame, settings: Settings) -> tuple:
    """(DutyVectorizer, its sparse rows, CorpusWordVectors, their dense rows) of the distinct
    duties in ``table`` (``duty, tokens, features``); rows are None when there are no duties."""
    vectorizer, word_vectors = DutyVectorizer(), CorpusWordVectors(random_state=settings.seed)
    if not len(table):
        return vectorizer, None, word_vectors, None
    vectors = vectorizer.fit_transform(duty_documents(table))
    return vectorizer, vectors, word_vectors, word_vectors.fit_transform(table["features"])


def fit_themes(vectors, words, settings: Settings) -> DutyThemes:
    return DutyThemes(k_min=settings.theme_k_min, k_max=settings.theme_k_max, n_components=settings.theme_dims,
                      sample_size=settings.theme_sample, random_state=settings.seed).fit(vectors, words=words)


def role_frames(duties: pd.DataFrame, table: pd.DataFrame, themes: DutyThemes, reduced: np.ndarray,
                settings: Settings, step, models: dict) -> dict[str, pd.DataFrame]:
    """themes, role_terms, role_themes, role_similarity, role_pairs; the profiler goes into ``models``."""
    step("role profiles")
    role_duties = duties[["role", "duty_id", "theme"]].drop_duplicates(["role", "duty_id"])
    role_duties = role_duties.sort_values(["role", "duty_id"], kind="mergesort", ignore_index=True)
    labels = tables.theme_labels(table["tokens"], table["theme"].to_numpy())
    examples = tables.representative_duties(reduced, themes.cluster_centers_, table["theme"].to_numpy(), table["duty"])
    sizes = table.groupby("theme").size()  # every distinct duty, also those only in uncounted duplicates
    frames = {"themes": tables.theme_table(role_duties, labels, examples, sizes)}

    profiler = models["profiler"] = ClassTfidf().fit(table["tokens"].to_numpy()[role_duties["duty_id"]],
                                                     role_duties["role"])
    frames["role_terms"] = tables.role_terms(profiler)
    shares = tables.role_theme_shares(role_duties)
    sizes = role_duties.groupby("role").size()
    records = duties.groupby("role")["record_id"].nunique()
    frames["role_themes"] = tables.role_theme_table(shares, labels, records, sizes)

    compared = sorted(sizes[sizes >= settings.min_role_duties].index)
    cosine = similarity.cosine_matrix(profiler.profiles_[np.searchsorted(profiler.classes_, compared)], compared)
    frames["role_similarity"] = cosine.round(4).reset_index()
    context = {"profiler": profiler, "shares": shares, "labels": labels, "vectorizer": models.get("vectorizer"),
               "records": records.to_dict(), "rows": duties}
    step("role pairs")
    frames["role_pairs"] = role_pairs(role_duties, table, compared, cosine, context, settings)
    return frames


def role_pairs(role_duties: pd.DataFrame, table: pd.DataFrame, compared: list[str], cosine: pd.DataFrame,
               context: dict, settings: Settings) -> pd.DataFrame:
    """Duty overlap in both directions (word TF-IDF, blocked) joined to cosine, themes and terms."""
    fitted = context.get("vectorizer")  # its word block is the word TF-IDF of these same duties
    documents = duty_documents(table)
    vectors = fitted.word_vectors(documents) if fitted is not None else \
        DutyVectorizer(char_weight=0.0).fit_transform(documents)
    member = similarity.membership_matrix(role_duties, len(table), compared)
    rows = np.flatnonzero(np.asarray(member.sum(axis=1)).ravel() > 0)
    matches = similarity.best_matches(vectors, member, settings.overlap_threshold, rows,
                                      settings.overlap_exact_max, settings.seed)
    overlap = similarity.duty_overlap(matches, member, compared)
    owners = pd.DataFrame({"duty_id": member.tocoo().row, "role_a": member.tocoo().col})
    context["examples"] = tables.example_matches(matches, owners, table["duty"], compared)
    pairs = [(a, b) for i, a in enumerate(compared) for b in compared[i + 1:]]
    hit = sp.csr_matrix((np.ones(len(matches)), (matches["duty_id"], matches["role_id"])), shape=member.shape)
    context["intervals"] = pair_intervals(context, table, compared, cosine, hit, settings.seed)
    return tables.role_pair_table(pairs, cosine, overlap, context)


def pair_intervals(context: dict, table: pd.DataFrame, compared: list[str], cosine: pd.DataFrame,
                   hit: sp.csr_matrix, seed: int) -> dict:
    """Bootstrap intervals of every pair's cosine and both overlaps (``support``):
    ``{"cosine": {(a, b): (low, high)}, "overlap": {(a, b): (low, high)}}``, overlap of a in b."""
    records = support.RoleRecords.of(context["rows"].rename(columns={"record_id": "record"}), compared)
    terms = context["profiler"].term_weights(table["tokens"].fillna(""))
    left, right = np.triu_indices(len(compared), k=1)
    weights = support.all_weights(records, seed)
    low, high = support.cosine_intervals(records, terms, weights, list(zip(left, right)),
                                         cosine.to_numpy()[left, right])
    hits = [hit[duties] for duties in records.duties]
    points = [np.asarray(h.sum(axis=0)).ravel() / max(h.shape[0], 1) for h in hits]
    overlaps = support.overlap_intervals(records, hits, weights, points)
    return {"cosine": {(compared[i], compared[j]): (lo, hi) for i, j, lo, hi in zip(left, right, low, high)},
            "overlap": {(a, b): (overlaps[i][0][j], overlaps[i][1][j])
                        for i, a in enumerate(compared) for j, b in enumerate(compared) if i != j}}
