"""Tokens: domain terms kept whole, filler dropped, user lists honoured, picklable, global jieba untouched."""
import logging
import pickle

import jieba
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.analyze.tokens import JiebaTokenizer, read_word_list, split_tokens, tokenize_unique


@pytest.fixture(scope="module")
def tokenizer():
    return JiebaTokenizer()


KEPT_WHOLE = [
    ("负责员工的绩效考核工作", "绩效考核"),
    ("不断提升客户满意度", "客户满意度"),
    ("为客户提供售后服务", "售后服务"),
    ("维护公司品牌形象", "品牌形象"),
    ("严格遵守公司各项规章制度", "规章制度"),
    ("制定部门年度工作计划", "工作计划"),
    ("负责处理客户投诉", "客户投诉"),
]


@pytest.mark.parametrize("text, term", KEPT_WHOLE)
def test_domain_terms_stay_whole(tokenizer, text, term):
    assert term in tokenizer(text)


DROPPED = [
    ("完成上级领导交办的其他工作", {"完成", "上级", "交办", "其他", "工作", "的", "上级领导"}),
    ("负责相关部门的协调工作", {"负责", "相关", "工作", "的"}),
    ("1、接听客户电话；2、记录客户需求。", {"1", "2", "、", "；", "。"}),
    ("A、产品定价 B、成本明细", {"a", "b", "A", "B"}),
]


@pytest.mark.parametrize("text, unwanted", DROPPED)
def test_filler_and_noise_are_dropped(tokenizer, text, unwanted):
    assert not unwanted & set(tokenizer(text))


def test_content_words_survive(tokenizer):
    assert tokenizer("接听客户电话,记录客户需求") == ["接听", "客户", "电话", "记录", "客户需求"]


def test_user_dictionary_and_stopwords(tmp_path):
    userdict = tmp_path / "mine.txt"
    userdict.write_text("# shop words\n智慧客服台\n", encoding="utf-8")
    stops = tmp_path / "stop.txt"
    stops.write_text("电话\n", encoding="utf-8")
    text = "维护智慧客服台并接听电话"
    assert "智慧客服台" not in JiebaTokenizer()(text)
    tokens = JiebaTokenizer(userdicts=[str(userdict)], stopwords=[str(stops)])(text)
    assert "智慧客服台" in tokens and "电话" not in tokens
    # The process-wide jieba dictionary never learns the user's words.
    assert "智慧客服台" not in jieba.lcut(text)


def test_read_word_list_skips_comments(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("\ufeff# comment\n投诉\n\n  回访 \n", encoding="utf-8")
    assert read_word_list(path) == ["投诉", "回访"]


def test_subwords_join_compounds_to_their_parts(tokenizer):
    expanded = tokenizer.with_subwords(["客户投诉", "处理"])
    assert {"客户投诉", "客户", "投诉", "处理"} <= set(expanded)


def test_tokenizer_pickles_and_works_inside_sklearn(tokenizer):
    text = "负责处理客户投诉,跟踪客户满意度"
    clone = pickle.loads(pickle.dumps(tokenizer))
    assert clone(text) == tokenizer(text)
    vectorizer = TfidfVectorizer(tokenizer=tokenizer, token_pattern=None, lowercase=False).fit([text, "制定培训计划"])
    restored = pickle.loads(pickle.dumps(vectorizer))
    assert "客户投诉" in restored.get_feature_names_out()
    assert pickle.loads(pickle.dumps(split_tokens))("a b") == ["a", "b"]


def test_each_distinct_text_is_tokenised_once():
    calls = []

    class Counting(JiebaTokenizer):
        def __call__(self, text):
            calls.append(text)
            return super().__call__(text)

    tokens = tokenize_unique(["处理客户投诉", "处理客户投诉", "制定培训计划"], Counting())
    assert calls == ["处理客户投诉", "制定培训计划"]
    assert tokens["处理客户投诉"] == "处理 客户投诉"


def test_jieba_is_quiet_and_root_logger_untouched(tokenizer):
    root_handlers = list(logging.getLogger().handlers)
    tokenizer("加载词典")
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING
    assert logging.getLogger().handlers == root_handlers
