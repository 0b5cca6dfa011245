"""Overlap on large corpora (issue 15 point 5): above ``overlap_exact_max`` distinct duties,
each duty is scored only against its approximate nearest neighbours.

Made-up corpora whose matches are clear-cut (groups of near-alike duties, groups far apart)
must give the same matches both ways, the approximate path must give the same result twice
and on one thread or two, and the setting is checked like every other.
"""
import faiss
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from pipeline.analyze import neighbours, similarity
from pipeline.analyze.analysis import analyze
from pipeline.analyze.corpus import DutyCorpus
from pipeline.analyze.tokens import token_table, tokenize_chunk
from pipeline.config import Settings, load_settings
from pipeline.errors import ConfigError

ROLES = list("abcde")


def grouped_vectors(groups: int = 100, size: int = 8, seed: int = 3) -> sp.csr_matrix:
    """``groups * size`` rows: a group's rows share a base (its own block of features) plus a
    little noise of their own, so a group's rows match each other and no other group's."""
    rng = np.random.default_rng(seed)
    width = 6
    dense = np.zeros((groups * size, groups * width + groups * size))
    for g in range(groups):
        base = rng.random(width) + 0.5
        for i in range(size):
            row = g * size + i
            dense[row, g * width:(g + 1) * width] = base
            dense[row, groups * width + row] = 0.6 * rng.random() + 0.2
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    return sp.csr_matrix(dense)


def members(n: int, seed: int = 5) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    duty_roles = pd.DataFrame({"duty_id": np.r_[np.arange(n), rng.integers(0, n, size=n // 4)],
                               "role": rng.choice(ROLES, size=n + n // 4)})
    return similarity.membership_matrix(duty_roles, n, ROLES)


def test_the_neighbour_search_is_really_used_and_asks_for_fewer_than_all():
    vectors = grouped_vectors()
    k = neighbours.neighbour_count(len(ROLES), vectors.shape[0])
    assert k < vectors.shape[0]
    scores = neighbours.NeighbourScores(vectors, k, seed=0)(vectors)
    assert scores.nnz <= k * vectors.shape[0] < vectors.shape[0] ** 2


@pytest.mark.parametrize("probed", [2, 32])
def test_approximate_matches_equal_the_exact_ones_on_clear_cut_groups(probed, monkeypatch):
    monkeypatch.setattr(neighbours, "PROBED_CELLS", probed)  # 2 of 20 cells, or all of them
    vectors = grouped_vectors()
    member = members(vectors.shape[0])
    exact = similarity.best_matches(vectors, member, 0.5)
    approximate = similarity.best_matches(vectors, member, 0.5, exact_max=0, seed=0)
    assert len(exact) > 2 * vectors.shape[0]  # many matches to find, in several roles each
    pd.testing.assert_frame_equal(approximate.drop(columns="cosine"), exact.drop(columns="cosine"))
    assert np.allclose(approximate["cosine"], exact["cosine"], atol=1e-12)


def test_up_to_exact_max_the_exact_path_is_taken_to_the_bit():
    vectors, member = grouped_vectors(), members(800)
    exact = similarity.best_matches(vectors, member, 0.5)
    pd.testing.assert_frame_equal(similarity.best_matches(vectors, member, 0.5, exact_max=800), exact)


def test_approximate_matches_are_never_below_the_threshold_nor_rescored():
    """On random vectors (no clear groups) some matches may be missed, none invented."""
    rng = np.random.default_rng(11)
    vectors = sp.csr_matrix(rng.random((400, 30)) ** 4)
    vectors = sp.csr_matrix(vectors.multiply(1 / np.sqrt(vectors.multiply(vectors).sum(axis=1))))
    member = members(400)
    exact = similarity.best_matches(vectors, member, 0.8).set_index(["duty_id", "role_id"])
    approximate = similarity.best_matches(vectors, member, 0.8, exact_max=0).set_index(["duty_id", "role_id"])
    assert approximate.index.isin(exact.index).all()
    assert (approximate["cosine"] <= exact.loc[approximate.index, "cosine"] + 1e-12).all()
    assert len(approximate) >= 0.9 * len(exact)


def test_the_approximate_path_gives_the_same_matches_twice_and_on_one_or_two_threads():
    vectors = grouped_vectors(groups=60, size=12, seed=9)
    member = members(vectors.shape[0])
    first = similarity.best_matches(vectors, member, 0.3, exact_max=0, seed=4)
    threads = faiss.omp_get_max_threads()
    try:
        for count in (1, 2):
            faiss.omp_set_num_threads(count)
            pd.testing.assert_frame_equal(similarity.best_matches(vectors, member, 0.3, exact_max=0, seed=4), first)
    finally:
        faiss.omp_set_num_threads(threads)


TEMPLATES = ("负责{w}门店的客户投诉受理与回访", "完成{w}仓库的月度盘点与库存核对", "组织{w}新员工的入职培训与考核",
             "审核{w}项目的费用报销与发票核验", "跟进{w}客户的合同签订与回款催收", "策划{w}品牌的推广活动与媒体投放")
WORDS = ("华东", "华南", "华北", "西南", "东北", "西北", "华中", "沿海", "内陆", "海外", "城区", "郊区",
         "北京", "上海", "广州", "深圳", "成都", "重庆", "武汉", "西安", "南京", "杭州", "苏州", "天津")


def test_analyze_with_overlap_exact_max_zero_gives_the_same_role_pairs():
    """Through the setting: forced onto the approximate path, a corpus of well-apart
    templates gets the same role_pairs (overlaps, intervals, examples) as the exact path."""
    records = [{"record_id": str(i), "role": f"岗位{i % 7}",
                "duties": [TEMPLATES[i % len(TEMPLATES)].format(w=WORDS[(i // len(TEMPLATES)) % len(WORDS)])]}
               for i in range(len(TEMPLATES) * len(WORDS) * 2)]
    corpus = DutyCorpus.of(records, dedupe=True)
    texts = corpus.texts()
    tokens = token_table(texts, dict(zip(texts, tokenize_chunk((texts, (), ())))))
    base = dict(theme_k_min=2, theme_k_max=2, min_role_duties=1)
    exact = analyze(corpus, tokens, Settings(**base)).frames["role_pairs"]
    approximate = analyze(corpus, tokens, Settings(**base, overlap_exact_max=0)).frames["role_pairs"]
    assert len(texts) > neighbours.FEWEST_NEIGHBOURS  # the neighbour search is not all pairs
    assert exact["overlap_a_in_b"].gt(0).any()
    pd.testing.assert_frame_equal(approximate, exact)


@pytest.mark.parametrize("value", [-1, 1.5, "many", True])
def test_the_setting_is_checked(value):
    with pytest.raises(ConfigError, match="overlap_exact_max"):
        load_settings(None, overlap_exact_max=value)


def test_the_setting_is_documented_with_its_default():
    from pathlib import Path
    toml = (Path(__file__).resolve().parent.parent / "jdpipe.toml").read_text(encoding="utf-8")
    assert f"overlap_exact_max = {Settings().overlap_exact_max}" in toml
    assert load_settings(None, overlap_exact_max=0).overlap_exact_max == 0


def rare_word_pair() -> sp.csr_matrix:
    """Grouped duties, and two of different groups (rows 0 and 400) that share one heavy word
    nobody else has: a pair a few LSA dimensions lose among the groups' own near neighbours."""
    dense = grouped_vectors().toarray()
    shared = np.zeros((len(dense), 1))
    shared[[0, 400]] = 1.5
    dense = np.hstack([dense, shared])
    dense /= np.linalg.norm(dense, axis=1, keepdims=True)
    return sp.csr_matrix(dense)


@pytest.mark.parametrize("rare_df, found", [(16, True), (0, False)])
def test_duties_sharing_a_rare_word_are_scored_even_when_not_near_neighbours(rare_df, found, monkeypatch):
    monkeypatch.setattr(neighbours, "RARE_TERM_DF", rare_df)  # 0: no term is rare, neighbours alone
    vectors = rare_word_pair()
    exact = float(vectors[0].multiply(vectors[400]).sum())
    assert exact > 0.5  # a match at the usual threshold
    scores = neighbours.NeighbourScores(vectors, 4, seed=0)(vectors).toarray()
    assert bool(scores[0, 400] == exact and scores[400, 0] == exact) == found
    assert np.count_nonzero(scores[0]) <= 4 + 16  # the neighbours, then the rare word's few holders
