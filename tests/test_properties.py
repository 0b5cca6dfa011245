"""Properties that hold for any text: cleaning steps never raise and are idempotent, the parser
never raises, every duty comes from its record's span, record ids are stable and unique.

Strings are drawn from a mix of job-description vocabulary (numbering, headings, field
labels, section words, traditional script, site noise) and arbitrary unicode, so the parser
meets both plausible pages and garbage. Failing examples hypothesis found, and the fixes
they led to, are kept as explicit regression cases at the end.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import clean
from pipeline.evaluate import norm
from pipeline.parse import parse_text
from pipeline.parse.units import document_units

# A longer hunt by hand: JD_PROPERTY_EXAMPLES=5000 python -m pytest tests/test_properties.py
PROPERTY_SETTINGS = settings(max_examples=int(os.environ.get("JD_PROPERTY_EXAMPLES", 150)), deadline=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NUMBERING = ["1、", "2、", "3.", "4．", "(1)", "（2）", "(三)", "一、", "二、", "三.", "①", "②", "⑴", "•", "●",
             "-", "* ", "第一条", "第2条", "A.", "b、", "1.1 ", "10、", "12.", "1 ", "2 "]
HEADINGS = ["客服经理岗位职责", "销售部职责", "客服部主管岗位说明书", "行政专员的职责:", "客服专员岗位职责(篇2)",
            "篇一", "第二篇", "【篇三:人事经理岗位职责】", "岗位说明书(品牌经理)", "客服部岗位职责8篇",
            "财务部职能", "仓库管理员工作内容", "客服岗位职责说明", "前台接待职责"]
LABELS = ["岗位名称", "所属部门", "直接上级", "直接下级", "职位名称", "部门", "岗位编号", "定员人数",
          "岗位职责", "任职资格", "任职要求", "工作内容", "考核指标", "职责概述", "工作关系", "职责一", "权限"]
WORDS = ["负责", "接听客户电话", "记录客户需求", "处理客户投诉", "完成上级交办的其他工作", "大专以上学历",
         "三年以上工作经验", "客服部", "总经理", "客服专员", "销售经理", "制定部门工作计划", "协助", "组织",
         "客服專員崗位職責", "接聽客戶電話", "處理客戶投訴", "網(wǎng)", "ห้องสมุดไป่ตู้", "第1页共5页", "- 3 -",
         "目录", "客户服务总监 (42)", "小编为你整理了", "温馨提示:", "当前位置:", "１２３ＡＢＣ", "KPI",
         "的", "和", "及", "5人", "3个月", "2、3年", "100%", "<<销售管理>>", "【", "】"]
PUNCT = ["\n", "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u3000", "\u200b", "\xa0", ":", "：", "，", ",", "。",
         "；", ";", "、", "!", "？", "(", ")", "（", "）", "&", "|", "#", "—", "……", "..."]

fragments = st.one_of(
    st.sampled_from(NUMBERING), st.sampled_from(HEADINGS), st.sampled_from(LABELS),
    st.sampled_from(WORDS), st.sampled_from(PUNCT), st.text(max_size=4),
)
jd_text = st.lists(fragments, max_size=60).map("".join)
any_text = st.one_of(st.text(), jd_text)

STEPS = [*clean.LINE_STEPS, clean.join_broken_words, clean.to_simplified]


# --- cleaning ---------------------------------------------------------------------------------

@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.__name__)
@PROPERTY_SETTINGS
@given(text=any_text)
def test_cleaning_step_never_raises_and_is_idempotent(step, text):
    once = step(text)
    assert isinstance(once, str)
    assert step(once) == once


# --- parsing ----------------------------------------------------------------------------------

def span_lines(text: str, span: list[int]) -> list[str]:
    """The lines of a record's span, converted and cleaned as ``parse_text`` does: every line
    through OpenCC t2s (pages mix scripts), then ``clean_line``.

    The span is widened to whole lines: a record that starts inside a line (a heading after a
    sentence) has its start taken from the *cleaned* line, an offset that is close to, never
    after, the heading's place in the raw line; and cleaning a cut line is not cleaning the line.
    """
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    lines = text[start:len(text) if end < 0 else end].split("\n")
    # a tab-separated row's cells are cleaned one by one, as document_lines does
    return [" ".join(clean.clean_line(clean.to_simplified(cell)) for cell in line.split("\t")) for line in lines]


def pieces_in_order(target: str, body: str) -> int | None:
    """How many pieces ``target`` splits into, each found in ``body`` after the one before
    (longest pieces first); None when some character cannot be found."""
    pos = i = pieces = 0
    while i < len(target):
        length = 0
        while i + length < len(target) and target[i:i + length + 1] in body[pos:]:
            length += 1
        if not length:
            return None
        pos = body.index(target[i:i + length], pos) + length
        i += length
        pieces += 1
    return pieces


def check_duty(duty: str, lines: list[str], units: int) -> None:
    """The duty's text is in the span's cleaned text, both normalised like the scorer (NFKC,
    no whitespace or punctuation, so adjacent lines joined by the parser, with or without the
    。 it puts between them, match).

    The parser joins a numbered item broken over several lines across units it uses for
    something else or drops: a field row, a group label, a line with no Chinese character (a
    stray ``word`` watermark between the two halves of an item), a bare position name. What it
    guarantees is therefore: the duty is a concatenation of pieces of the span's cleaned text,
    in the span's order, at most one piece per unit of the span.
    """
    target, body = norm(duty), norm("".join(lines))
    if target in body:
        return
    pieces = pieces_in_order(target, body)
    assert pieces is not None and pieces <= units, (duty, pieces, units, lines)


def check_document(text: str) -> None:
    records = parse_text(text, "x.txt")
    again = parse_text(text, "x.txt")
    ids = [r.record_id for r in records]
    assert ids == [r.record_id for r in again]  # stable under re-runs
    assert len(set(ids)) == len(ids)  # unique within a document
    for record in records:
        start, end = record.span
        assert 0 <= start < end <= len(text)
        lines = span_lines(text, record.span)
        units = sum(start <= u.start < end for u in document_units(text, traditional=True))
        for duty in record.duties:
            check_duty(duty, lines, units)


@PROPERTY_SETTINGS
@given(text=jd_text)
def test_parser_on_jd_like_text(text):
    check_document(text)


@PROPERTY_SETTINGS
@given(text=st.text())
def test_parser_on_any_text(text):
    check_document(text)


@PROPERTY_SETTINGS
@given(lines=st.lists(jd_text, min_size=1, max_size=12))
def test_parser_on_jd_like_lines(lines):
    check_document("\n".join(lines))


# --- regressions: examples hypothesis found, and the fixes they led to ---------------------------

@pytest.mark.parametrize("line,expected", [
    ("0\u200b】", "0】"),  # found: a zero-width space became a space only after the step that drops spaces before 】
    ("*\u200b", ""),  # found: a watermark symbol beside a zero-width space was not standing alone
    ("\u200b当前位置:首页 > 岗位职责", ""),  # found: ^-anchored boilerplate missed a line opening with one
    ("\u200b- 3 -", ""),
    ("负责接待\u200b&\u200b回访", "负责接待 回访"),
])
def test_zero_width_spaces_are_spaces_to_every_step(line, expected):
    """Fix: ``blank_zero_width_spaces`` runs first, so no step sees a zero-width space as text."""
    assert clean.clean_line(line) == expected
    assert clean.clean_line(expected) == expected


@pytest.mark.parametrize("text,duties", [
    # found: ['客服经理岗位职责2、3年', '1、1、', '篇一'] gave the duty 3年篇一
    ("客服经理岗位职责2、3年\n1、1、\n篇一", ["3年"]),
    ("客服专员岗位职责\n1、接听客户电话；\n2、客服主管\n负责处理客户投诉及回访工作",
     ["接听客户电话", "负责处理客户投诉及回访工作"]),
])
def test_lines_below_a_dropped_item_do_not_continue_the_item_before_it(text, duties):
    """Fix: a numbered unit that is not a duty (empty, a bare position name) closes the open item."""
    [record] = parse_text(text, "x.txt")
    assert record.duties == duties
    check_document(text)


@pytest.mark.parametrize("text", [
    # a traditional phrase on a simplified page: parse_text converts every line, the check must too
    "第一条客服经理岗位职责1、客服经理岗位职责【篇三:人事经理岗位职责】完成上级交办的其他工作1、客服经理岗位职责岗位名称處理客戶投訴",
    # an item continued below a field row: one duty from two pieces of the span
    "客服经理岗位职责1、1、第一条1、所属部门1、1、\n负责",
])
def test_documents_hypothesis_found(text):
    check_document(text)


def test_fuzz_harness_runs_on_its_seeds():
    """benchmarks/fuzz_parse.py's entry point works (without atheris too) on a sample of its seeds."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "fuzz_parse.py"
    spec = importlib.util.spec_from_file_location("fuzz_parse", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.run_seeds(every=7) > 50
    module.fuzz_one(b"")
    module.fuzz_one(b"\x02<html><body>" + "<div>".join(["客服专员岗位职责", "1、接听电话"]).encode() + b"</body>")
