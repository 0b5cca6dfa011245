"""Overlap matching on templated duties (issue 17 point 10): every pair above the threshold.

Made-up corpora where duties repeat a template with a number in it (the tokenizer drops the
number, so many duties share one vector) and variants of it (near, not identical). The
blocked matching must give what a brute-force reference gives: every pair scored, the best
per role taken by a plain loop, ties to the lowest duty id.
"""
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from pipeline.analyze import similarity
from pipeline.analyze.analysis import analyze
from pipeline.analyze.corpus import DutyCorpus
from pipeline.analyze.tokens import token_table, tokenize_chunk
from pipeline.analyze.vectorize import duty_documents
from pipeline.config import Settings

TEMPLATES = ("负责第{i}号门店的客户投诉处理", "负责第{i}号门店的客户投诉处理与回访",
             "负责第{i}号门店的客户投诉处理及满意度调查", "协助第{i}号门店处理客户投诉")
ROLES = ("店长", "客服专员", "客服主管", "区域经理", "督导")
THRESHOLD = 0.25


def brute_best(scores: np.ndarray, owners: dict[int, set[int]], duty: int, role: int, threshold: float):
    """(match, cosine) of ``duty``'s best duty in ``role``, or None: every candidate looked at."""
    found = [(min(scores[duty, m], 1.0), -m) for m in owners[role] if scores[duty, m] >= threshold - 1e-9]
    if not found:
        return None
    cosine, negative_match = max(found)
    return -negative_match, cosine


def templated_records() -> list[dict]:
    """Records of one or two duties; some duties in several roles, some texts repeated."""
    records = []
    for i in range(60):
        duties = [TEMPLATES[i % len(TEMPLATES)].format(i=i % 17)]
        if i % 7 == 0:
            duties.append(TEMPLATES[(i + 1) % len(TEMPLATES)].format(i=3))
        records.append({"record_id": str(i), "role": ROLES[i % len(ROLES)], "duties": duties})
    return records


@pytest.fixture(scope="module")
def analysis():
    corpus = DutyCorpus.of(templated_records(), dedupe=True)
    texts = corpus.texts()
    tokens = token_table(texts, dict(zip(texts, tokenize_chunk((texts, (), ())))))
    settings = Settings(theme_k_min=2, theme_k_max=2, min_role_duties=1, overlap_threshold=THRESHOLD)
    result = analyze(corpus, tokens, settings)
    return corpus, result


def test_every_pair_of_the_templated_corpus_is_above_the_threshold(analysis):
    corpus, result = analysis
    vectors = result.models["vectorizer"].word_vectors(duty_documents(result.duties))
    scores = (vectors @ vectors.T).toarray()
    assert (scores >= THRESHOLD).all()
    assert len(set(map(tuple, vectors.toarray().round(12)))) < len(result.duties) / 3  # many share a vector


def test_overlap_and_examples_equal_a_brute_force_reference(analysis):
    corpus, result = analysis
    texts = result.duties["duty"].tolist()
    vectors = result.models["vectorizer"].word_vectors(duty_documents(result.duties))
    scores = (vectors @ vectors.T).toarray()  # the same sparse arithmetic, every pair
    rows = corpus.role_rows(texts)
    owners = {role: set(group) for role, group in rows.groupby("role")["duty_id"]}
    pairs = result.frames["role_pairs"]
    assert len(pairs) == len(ROLES) * (len(ROLES) - 1) // 2
    for pair in pairs.itertuples():
        for a, b, overlap, shown in ((pair.role_a, pair.role_b, pair.overlap_a_in_b, pair.example_matches), (
                pair.role_b, pair.role_a, pair.overlap_b_in_a, None)):
            best = {d: brute_best(scores, owners, d, b, THRESHOLD) for d in sorted(owners[a])}
            matched = [(-cosine, d, m) for d, found in best.items() if found for m, cosine in [found]]
            assert overlap == round(len(matched) / len(owners[a]), 4)
            if shown is not None:
                expected = [f"{texts[d]} ⇄ {texts[m]} ({-c:.2f})" for c, d, m in sorted(matched)[:3]]
                assert list(shown) == expected


@pytest.mark.parametrize("block_cells", [1, 50, 5_000_000])
def test_best_matches_equal_a_brute_force_reference_with_ties(block_cells, monkeypatch):
    """Random vectors with many exact copies (ties everywhere), duties in several roles,
    blocks of one row up to everything at once."""
    rng = np.random.default_rng(7)
    dense = (rng.random((40, 6)) < 0.5).astype(float)  # 0/1 entries: equal cosines between different vectors
    dense[rng.integers(0, 40, size=25)] = dense[rng.integers(0, 40, size=25)]
    dense /= np.maximum(np.linalg.norm(dense, axis=1, keepdims=True), 1e-12)
    vectors = sp.csr_matrix(dense)
    duty_roles = pd.DataFrame({"duty_id": rng.integers(0, 40, size=70), "role": rng.choice(list("abcd"), size=70)})
    member = similarity.membership_matrix(duty_roles, 40, list("abcd"))
    owners = {r: set(np.flatnonzero(member[:, r].toarray().ravel())) for r in range(4)}
    rows = np.flatnonzero(np.asarray(member.sum(axis=1)).ravel() > 0)
    monkeypatch.setattr(similarity, "BLOCK_CELLS", block_cells)
    found = similarity.best_matches(vectors, member, 0.4, rows)
    scores = (vectors @ vectors.T).toarray()
    expected = [(d, r, *best) for d in rows for r in range(4)
                if (best := brute_best(scores, owners, d, r, 0.4)) is not None]
    assert list(found.itertuples(index=False, name=None)) == expected


def test_duties_with_one_vector_are_scored_as_one_kind():
    vectors = sp.csr_matrix(np.array([[0.6, 0.8], [1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [0.6, 0.8]]))
    kinds, first = similarity.identical_rows(vectors)
    assert kinds.tolist() == [0, 1, 0, 2, 0] and first.tolist() == [0, 1, 3]
