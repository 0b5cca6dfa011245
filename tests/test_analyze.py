"""Analysis: estimator protocol, blocked overlap, themes against hand labels, outputs on the real corpus."""
import copy
import csv
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import adjusted_mutual_info_score

from pipeline.analyze import similarity as compare
from pipeline.api import analyze_records
from pipeline.analyze.profiles import ClassTfidf
from pipeline.analyze.themes import DutyThemes, candidate_ks
from pipeline.analyze.vectorize import DutyVectorizer, duty_documents, unique_duty_table
from pipeline.analyze.tokens import JiebaTokenizer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OUTPUTS = ["duties", "themes", "role_terms", "role_themes", "role_similarity", "role_pairs"]

DOCS = ["投诉 处理 客户", "投诉 回访", "品牌 推广 宣传", "品牌 形象", "培训 员工", "培训 计划"]
ROLES = ["客服", "客服", "品牌", "品牌", "人事", "人事"]
PAIRS = [(doc, doc.replace(" ", "")) for doc in DOCS]


def fitted_attributes(estimator):
    return [name for name in vars(estimator) if name.endswith("_") and not name.startswith("_")]


@pytest.mark.parametrize("estimator, X, y", [
    (ClassTfidf(), DOCS, ROLES),
    (DutyVectorizer(), PAIRS, None),
    (DutyThemes(k_min=2, k_max=3, n_components=3), DutyVectorizer().fit_transform(PAIRS), None),
])
def test_scikit_learn_protocol(estimator, X, y):
    params = estimator.get_params()
    assert not fitted_attributes(estimator), "__init__ only stores parameters"
    assert clone(estimator).get_params() == params
    method = "predict" if isinstance(estimator, DutyThemes) else "transform"
    with pytest.raises(NotFittedError):
        getattr(estimator, method)(X)
    assert estimator.fit(X, y) is estimator
    assert fitted_attributes(estimator)
    assert estimator.get_params() == params, "fit does not change parameters"
    restored = pickle.loads(pickle.dumps(estimator))
    out, again = getattr(estimator, method)(X), getattr(restored, method)(X)
    if sp.issparse(out):
        out, again = out.toarray(), again.toarray()
    np.testing.assert_allclose(out, again)


def test_class_tfidf_profiles():
    model = ClassTfidf().fit(DOCS, ROLES)
    assert list(model.classes_) == ["人事", "品牌", "客服"]
    assert model.profiles_.shape == (3, len(model.get_feature_names_out()))
    np.testing.assert_allclose(sp.linalg.norm(model.profiles_, axis=1), 1.0)
    top = model.top_terms(1).set_index("class")["term"].to_dict()
    assert top == {"人事": "培训", "品牌": "品牌", "客服": "投诉"}
    with pytest.raises(ValueError):
        ClassTfidf().fit(DOCS, ROLES[:2])


def test_duty_vectorizer_rows_are_unit_length():
    vectors = DutyVectorizer().fit(PAIRS).transform(PAIRS)
    np.testing.assert_allclose(sp.linalg.norm(vectors, axis=1), 1.0)
    words_only = DutyVectorizer(char_weight=0.0).fit(PAIRS)
    assert all(name.startswith("w:") for name in words_only.get_feature_names_out())
    with pytest.raises(ValueError):
        DutyVectorizer().fit(["not a pair"])


def test_duty_vectorizer_shortcuts_equal_the_long_way():
    """fit_transform counts each block once and word_vectors reuses the fitted word block:
    both must give exactly what fit-then-transform and a words-only vectorizer give."""
    pairs = PAIRS * 4  # enough duties for the character block's min_df to apply
    fitted = DutyVectorizer().fit(pairs)
    assert (DutyVectorizer().fit_transform(pairs) != fitted.transform(pairs)).nnz == 0
    words_only = DutyVectorizer(char_weight=0.0).fit_transform(pairs)
    assert (fitted.word_vectors(pairs) != words_only).nnz == 0


@pytest.mark.parametrize("n, k_min, k_max, check", [
    (1000, 8, 40, lambda ks: ks[0] == 8 and ks[-1] == 22),
    (100_000, 8, 40, lambda ks: ks[0] == 8 and ks[-1] == 40 and len(ks) <= 12),
    (50, 8, 40, lambda ks: ks == [8]),
    (3, 8, 40, lambda ks: ks == [2]),
])
def test_candidate_ks(n, k_min, k_max, check):
    assert check(candidate_ks(n, k_min, k_max))


def test_blocked_matches_equal_a_dense_computation(monkeypatch):
    rng = np.random.default_rng(0)
    vectors = sp.random(60, 25, density=0.2, random_state=1, format="csr")
    vectors = sp.csr_matrix(vectors / np.maximum(sp.linalg.norm(vectors, axis=1), 1e-9)[:, None])
    duty_roles = pd.DataFrame({"duty_id": np.arange(60), "role": rng.choice(["a", "b", "c"], size=60)})
    member = compare.membership_matrix(duty_roles, 60, ["a", "b", "c"])
    monkeypatch.setattr(compare, "BLOCK_CELLS", 7 * 60)  # 7 rows a block
    blocked = compare.best_matches(vectors, member, 0.3)
    dense = (vectors @ vectors.T).toarray()
    for row in blocked.itertuples():
        in_role = np.flatnonzero(member[:, row.role_id].toarray().ravel())
        assert np.isclose(row.cosine, dense[row.duty_id, in_role].max())
    expected = sum((dense[i, np.flatnonzero(member[:, r].toarray().ravel())] >= 0.3).any()
                   for i in range(60) for r in range(3))
    assert len(blocked) == expected


def test_overlap_is_asymmetric():
    vectors = sp.csr_matrix(np.array([[1.0, 0], [0, 1.0], [1.0, 0]]))
    duty_roles = pd.DataFrame({"duty_id": [0, 1, 2], "role": ["a", "a", "b"]})
    member = compare.membership_matrix(duty_roles, 3, ["a", "b"])
    overlap = compare.duty_overlap(compare.best_matches(vectors, member, 0.5), member, ["a", "b"])
    shares = overlap.set_index(["role_a", "role_b"])["overlap_a_in_b"]
    assert shares[("a", "b")] == 0.5 and shares[("b", "a")] == 1.0


def test_themes_follow_hand_labelled_activities():
    labels = pd.read_csv(FIXTURES / "theme_labels.tsv", sep="\t", comment="#", quoting=csv.QUOTE_NONE)
    table = unique_duty_table(labels, JiebaTokenizer())
    themes = DutyThemes(random_state=0).fit(DutyVectorizer().fit_transform(duty_documents(table)))
    assert 8 <= themes.k_ <= 80
    theme_of = dict(zip(table["duty"], themes.labels_))
    ami = adjusted_mutual_info_score(labels["theme"], labels["duty"].map(theme_of))
    assert ami >= 0.40, ami  # plain jieba TF-IDF + KMeans(17) scores about 0.35 here


def test_outputs_have_their_columns(analysed_corpus):
    results, out = analysed_corpus
    for name in OUTPUTS:
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf"), name
        assert (out / f"{name}.parquet").is_file(), name
    duties = pd.read_parquet(out / "duties.parquet")
    assert list(duties.columns) == ["record_id", "position", "duty", "role", "source", "tokens", "theme"]
    assert duties["theme"].between(0, len(results.themes) - 1).all()
    themes = pd.read_parquet(out / "themes.parquet")
    assert 8 <= len(themes) <= 40 and list(themes.columns) == ["theme", "label", "size", "example", "roles"]
    assert themes["size"].is_monotonic_decreasing and themes["size"].sum() == duties["duty"].nunique()
    pairs = pd.read_parquet(out / "role_pairs.parquet")
    assert pairs[["cosine", "overlap_a_in_b", "overlap_b_in_a"]].stack().between(0, 1).all()
    assert not pairs.duplicated(["role_a", "role_b"]).any() and (pairs["role_a"] < pairs["role_b"]).all()
    shares = pd.read_parquet(out / "role_themes.parquet").set_index("role")
    assert list(shares.columns[:2]) == ["records", "distinct_duties"]  # support, then a column per theme
    np.testing.assert_allclose(shares.iloc[:, 2:].sum(axis=1), 1.0, atol=1e-3)
    terms = pd.read_parquet(out / "role_terms.parquet")
    assert terms.groupby("role").size().max() <= 20 and not terms["term"].isin(["负责", "工作", "上级"]).any()


def test_records_get_canonical_roles(analysed_corpus):
    _, out = analysed_corpus
    records = pd.read_parquet(out / "records.parquet")
    assert "运营总监" not in set(records["role"]) and "营运总监" in set(records["role"])
    assert "客服部经理" in set(records["title"]) and "客服部经理" not in set(records["role"])


def test_similar_roles_are_closer(analysed_corpus):
    _, out = analysed_corpus
    similarity = pd.read_parquet(out / "role_similarity.parquet").set_index("role")
    assert similarity.loc["客服经理", "客服主管"] > similarity.loc["客服经理", "品牌经理"]
    assert similarity.loc["品牌经理", "品牌运营总监"] > similarity.loc["品牌经理", "客服专员"]
    np.testing.assert_allclose(similarity.to_numpy(), similarity.to_numpy().T)


def test_complaint_duties_land_in_a_complaint_theme(analysed_corpus):
    _, out = analysed_corpus
    duties = pd.read_parquet(out / "duties.parquet").drop_duplicates("duty")
    labels = pd.read_parquet(out / "themes.parquet").set_index("theme")["label"]
    complaints = duties[duties["duty"].str.contains("处理") & duties["duty"].str.contains("投诉")
                        & (duties["duty"].str.len() <= 30)]
    assert len(complaints) >= 3
    assert "投诉" in labels[complaints["theme"].mode()[0]]


def test_same_input_gives_identical_csvs(corpus_records, analysed_corpus, tmp_path):
    _, first = analysed_corpus
    result, _ = corpus_records
    analyze_records(copy.deepcopy(result.records), tmp_path, workers=1)
    for name in OUTPUTS:
        assert (tmp_path / f"{name}.csv").read_bytes() == (first / f"{name}.csv").read_bytes(), name
