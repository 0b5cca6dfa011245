"""Issue 17, points 6 and 10: invisible characters and long item numbers, and inputs whose
cost once grew with the square of their length (correct results on long runs; speed is
measured by benchmarks/linear_parse.py, not here)."""
from __future__ import annotations

import itertools

import pytest

from pipeline import clean
from pipeline.clean import resources as res
from pipeline.parse import parse_text
from pipeline.parse.chunks import join_site_chunks
from pipeline.parse.items import DOCUMENT_CODE, HEADCOUNT, not_a_duty
from pipeline.parse.lexicon import ITEM_NUMBER
from pipeline.parse.units import Unit

DUTIES = ["负责接听客户来电并登记", "负责处理客户投诉与回访"]
INVISIBLE = {
    "LRM": "\u200e", "RLM": "\u200f", "RLO": "\u202e", "soft hyphen": "\u00ad", "word joiner": "\u2060",
    "variation selector": "\ufe0f", "combining acute": "\u0301", "ideographic variation selector": "\U000e0100",
}


@pytest.mark.parametrize("mark", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_in_a_heading_keeps_its_record(mark):
    text = f"客服{mark}专员岗位职责\n1、{DUTIES[0]}\n2、{DUTIES[1]}\n"
    [record] = parse_text(text, "x.txt")
    assert (record.title, record.duties) == ("客服专员", DUTIES)


@pytest.mark.parametrize("mark", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_invisible_character_before_a_number_keeps_the_item(mark):
    [record] = parse_text(f"客服专员岗位职责\n1、{DUTIES[0]}\n{mark}2、{DUTIES[1]}\n", "x.txt")
    assert record.duties == DUTIES


@pytest.mark.parametrize("line,expected", [
    ("客服\u200e专员", "客服专员"),
    ("\u202e2、负责接待", "2、负责接待"),
    ("✔\ufe0f负责", "✔负责"),
    ("網(wa\u030cng)", "網"),  # a letter and its combining tone mark are composed (ǎ): the gloss still goes
    ("负责\u200b接待", "负责 接待"),  # a zero-width space stays a space
    ("葛\U000e0100优", "葛优"),
])
def test_invisible_marks_are_removed_before_the_patterns(line, expected):
    assert clean.clean_line(line) == expected
    assert clean.remove_invisible_marks(clean.remove_invisible_marks(line)) == clean.remove_invisible_marks(line)


def _distinct_duties(n: int) -> list[str]:
    words = ("".join(p) for p in itertools.permutations("客户订单合同档案数据报表培训会议", 3))
    return [f"负责{w}的整理与归档工作" for w in itertools.islice(words, n)]


@pytest.mark.parametrize("end", ["", "；", "。"])
def test_items_numbered_100_and_above_are_items(end):
    duties = _distinct_duties(120)
    text = "客服专员岗位职责\n" + "".join(f"{i}、{d}{end}\n" for i, d in enumerate(duties, 1))
    [record] = parse_text(text, "x.txt")
    assert record.duties == duties


def test_long_numbers_inline_and_alone_on_their_line():
    duties = _distinct_duties(120)
    inline = "客服专员岗位职责\n" + "".join(f"{i}.{d}；" for i, d in enumerate(duties, 1))
    assert parse_text(inline, "x.txt")[0].duties == duties
    lone = "客服专员岗位职责\n" + "".join(f"{i}\n{d}\n" for i, d in enumerate(duties, 1))
    assert parse_text(lone, "x.txt")[0].duties == duties


def test_a_long_number_inside_a_sentence_is_no_item():
    text = "客服专员岗位职责\n1、负责接听客户来电 2019、2020年连续获得优秀\n2、负责处理投诉 3000.5元\n"
    assert parse_text(text, "x.txt")[0].duties == ["负责接听客户来电 2019、2020年连续获得优秀", "负责处理投诉 3000.5元"]


def test_a_run_of_digits_longer_than_int_reads_is_no_number():
    assert ITEM_NUMBER.match("1" * 5000 + "、负责") is None
    [record] = parse_text("客服专员岗位职责\n1、负责" + "1" * 5000 + "\n2、负责客户接待工作\n", "x.txt")
    assert record.duties[1] == "负责客户接待工作"


@pytest.mark.parametrize("run", [" ", "\t", "\u3000", "\u00a0"])
def test_patterns_on_a_long_whitespace_run_return_correctly(run):
    gap = run * 50_000
    assert res.SPACE_BEFORE_PUNCT.sub("", f"负责{gap}，接待") == "负责，接待"
    assert res.SPACE_BEFORE_PUNCT.sub("", f"负责{gap}接待") == f"负责{gap}接待"
    assert res.TOC_LINE.match(f"第三章 客服部{gap}12") and not res.TOC_LINE.match(f"客服专员岗位职责{gap}岗位职责")
    assert res.TOC_LINE.match("客户服务总监 ( 42 )")
    assert res.PAGE_COUNT_TAIL.search(f"销售主管职位说明书{gap}2页") and not res.PAGE_COUNT_TAIL.search(f"岗位职责{gap}页")
    assert res.MARKDOWN_RULE.match(f"{gap}---") and not res.MARKDOWN_RULE.match(f"{gap}1")
    assert clean.clean_line(f"客服专员岗位职责{gap}页") == "客服专员岗位职责 页"


def test_a_title_over_a_long_run_keeps_its_record():
    for run in (" " * 50_000, "7" * 50_000):
        [record] = parse_text(f"客服专员岗位职责\n{run}\n1、负责客户接待工作\n", "x.txt")
        assert record.title == "客服专员" and record.duties[-1] == "负责客户接待工作"


def test_patterns_on_a_long_digit_run_return_correctly():
    digits = "1" * 50_000
    assert not_a_duty(f"总监1人,主管2人,{digits}人") and not not_a_duty(f"负责{digits}")
    assert DOCUMENT_CODE.search(f"{digits}-ABC-123") and not DOCUMENT_CODE.search(f"{digits}-AB")
    assert len(HEADCOUNT.findall(f"{digits}人,2人")) == 2


def test_a_long_item_stops_taking_continuation_lines():
    lines = ["客户来电登记、投诉处理、"] * 400  # each goes on with the item above (no sentence end)
    [record] = parse_text("客服专员岗位职责\n1、负责客户服务工作，包括\n" + "\n".join(lines) + "\n", "x.txt")
    assert all(len(duty) <= 2_100 for duty in record.duties)
    assert "".join(record.duties).count("投诉处理") == 400  # nothing lost, only cut


def test_site_chunks_on_a_long_numbered_list():
    lines = [Unit(f"{i}、负责客户接待工作。", i * 20, i * 20 + 12) for i in range(1, 3001)]
    assert join_site_chunks(lines) == lines  # a list's items, not a site's chunks
