"""Theme quality (issue 15 point 4): filler never names a theme or a role, words the corpus
teaches bring synonyms together, themes follow hand-labelled activities."""
import copy
import csv
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_mutual_info_score

from pipeline.analyze.analysis import duty_vectors, fit_themes
from pipeline.analyze.themes import DutyThemes
from pipeline.analyze.tokens import JiebaTokenizer, without_filler
from pipeline.analyze.vectorize import DutyVectorizer, duty_documents, unique_duty_table
from pipeline.analyze.word_vectors import CorpusWordVectors
from pipeline.api import analyze_records, parse_files
from pipeline.config import Settings
from tests.conftest import RAW

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILLER = ["我们", "他们", "是否", "或是", "不佳", "以及", "相关"]

# Made up: three roles whose duties are mostly filler; what each does is said once or twice.
FILLER_DUTIES = {
    "客服专员": ["我们负责相关客户投诉的处理以及回访", "他们是否或是不佳时我们及时处理投诉", "我们以及他们受理相关客户投诉",
             "是否回访客户或是记录不佳的投诉", "我们整理相关投诉记录以及回访记录"],
    "品牌专员": ["我们负责相关品牌宣传以及推广", "他们是否或是不佳时我们策划品牌活动", "我们以及他们撰写相关品牌文案",
             "是否投放广告或是评估不佳的宣传", "我们维护相关品牌形象以及宣传渠道"],
    "培训专员": ["我们负责相关员工培训以及考核", "他们是否或是不佳时我们组织新员工培训", "我们以及他们编写相关培训课件",
             "是否评估培训效果或是改进不佳的课程", "我们安排相关培训计划以及培训场地"],
}


def filler_records() -> list[dict]:
    return [{"record_id": f"r{n}", "title": role, "kind": "role", "source": f"{n}.txt",
             "duties": FILLER_DUTIES[role]}
            for n, role in enumerate(FILLER_DUTIES)]


def test_filler_is_the_most_frequent_text_but_never_a_label_or_a_role_term():
    text = "".join(d for duties in FILLER_DUTIES.values() for d in duties)
    counts = {word: text.count(word) for word in FILLER + ["投诉", "品牌", "培训"]}
    assert min(counts[w] for w in FILLER) >= 5 and max(counts, key=counts.get) in FILLER
    results = analyze_records(copy.deepcopy(filler_records()), workers=1, theme_k_min=2, theme_k_max=3)
    labels = " / ".join(results.themes["label"]).split(" / ")
    terms = set(results.role_terms["term"])
    assert not set(FILLER) & (set(labels) | terms), (labels, sorted(terms))
    assert {"投诉", "品牌", "培训"} <= terms


@pytest.mark.parametrize("token, kept", [
    ("管理工作", "管理"), ("及时处理", "处理"), ("部门经理", "经理"), ("工作流程", "流程"),
    ("保持良好", ""), ("认真负责", ""),   # filler at both ends: nothing left
    ("子公司", "子公司"), ("执行力", "执行力"),  # a cut would leave one character
    ("客户投诉", "客户投诉"),
])
def test_stopwords_at_a_words_ends_are_cut_off(token, kept):
    assert without_filler(token, JiebaTokenizer().stopword_set()) == kept


def test_pronouns_and_hedges_are_no_tokens():
    assert JiebaTokenizer()("我们是否或是不佳以及相关他们") == []


# Made up: 投诉 and 客诉 never meet in one duty, but stand in the same places.
SYNONYM_DUTIES = ([f"处理 客户 投诉 {w}" for w in ("记录", "回访", "登记", "跟进")] +
                  [f"处理 客户 客诉 {w}" for w in ("记录", "回访", "登记", "跟进")] +
                  [f"策划 品牌 宣传 {w}" for w in ("活动", "文案", "渠道", "形象")] +
                  [f"组织 员工 培训 {w}" for w in ("课程", "考核", "计划", "场地")])


def test_words_in_the_same_contexts_get_close_vectors():
    model = CorpusWordVectors(n_components=8, window=2, random_state=0).fit(SYNONYM_DUTIES)
    vector = {w: model.vectors_[i] for w, i in model.tfidf_.vocabulary_.items()}
    assert vector["投诉"] @ vector["客诉"] > 0.8
    assert vector["投诉"] @ vector["客诉"] > vector["投诉"] @ vector["宣传"] + 0.3
    rows = model.transform(["投诉 记录", "客诉 记录", "宣传 文案"])
    assert rows[0] @ rows[1] > rows[0] @ rows[2]
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)


def test_word_vectors_are_deterministic_and_pickle():
    first = CorpusWordVectors(n_components=8, random_state=3).fit(SYNONYM_DUTIES)
    second = CorpusWordVectors(n_components=8, random_state=3).fit(list(SYNONYM_DUTIES))
    np.testing.assert_array_equal(first.vectors_, second.vectors_)
    restored = pickle.loads(pickle.dumps(first))
    np.testing.assert_array_equal(first.transform(SYNONYM_DUTIES), restored.transform(SYNONYM_DUTIES))


def test_word_vectors_of_a_corpus_with_too_few_words_are_left_out():
    model = CorpusWordVectors().fit(["投诉", "投诉"])
    assert model.vectors_ is None and model.transform(["投诉"]).shape == (1, 0)
    X = DutyVectorizer().fit_transform([("投诉 处理", "投诉处理"), ("品牌 宣传", "品牌宣传"), ("员工 培训", "员工培训")])
    themes = DutyThemes(k_min=2, k_max=2, n_components=2).fit(X, words=model.transform(["a"] * 3))
    assert len(set(themes.labels_)) == 2


def test_themes_join_word_vectors_to_lsa_rows():
    X = DutyVectorizer().fit_transform([(d, d.replace(" ", "")) for d in SYNONYM_DUTIES])
    words = CorpusWordVectors(n_components=8, window=2).fit_transform(SYNONYM_DUTIES)
    themes = DutyThemes(k_min=3, k_max=3, n_components=4).fit(X, words=words)
    assert themes.cluster_centers_.shape[1] == 4 + words.shape[1]
    np.testing.assert_array_equal(themes.predict(X, words), themes.labels_)
    plain = DutyThemes(k_min=3, k_max=3, n_components=4, word_weight=0).fit(X, words=words)
    assert plain.cluster_centers_.shape[1] == 4


def test_themes_follow_hand_labelled_activities_at_the_new_bar():
    """The fixture's 384 duties themed inside the dev corpus, as `jdpipe run` themes them
    (default settings, k chosen by silhouette, never from the labels): adjusted mutual
    information of at least 0.50 (0.57 now, about 0.50 before the word vectors and the filler
    cuts; benchmarks/theme_ami.py scores each hash half)."""
    labels = pd.read_csv(FIXTURES / "theme_labels.tsv", sep="\t", comment="#", quoting=csv.QUOTE_NONE)
    corpus = {duty for duties in parse_files(RAW).records["duties"] for duty in duties}
    table = unique_duty_table(pd.DataFrame({"duty": sorted(corpus | set(labels["duty"]))}), JiebaTokenizer())
    settings = Settings()
    _, vectors, _, words = duty_vectors(table, settings)
    themes = fit_themes(vectors, words, settings)
    theme_of = dict(zip(table["duty"], themes.labels_))
    ami = adjusted_mutual_info_score(labels["theme"], labels["duty"].map(theme_of))
    assert ami >= 0.50, ami


def test_domain_dictionary_terms_are_not_cut():
    assert "工作计划" in JiebaTokenizer()("制定部门年度工作计划")  # 工作 is filler, the term is not
    assert "管理" in JiebaTokenizer()("负责部门管理工作")
