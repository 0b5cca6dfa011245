"""Flattened documents, leftover table layouts and posting list forms, on small made-up pages."""
from pipeline.parse import parse_text
from pipeline.parse.sections import section_header

DUTIES = ["接听客户来电并做好记录", "处理客户投诉并跟踪结果", "完成上级交办的其他工作"]


def records_of(text):
    return parse_text(text, "t.txt")


def one_record(text):
    records = records_of(text)
    assert len(records) == 1, [r.title for r in records]
    return records[0]


# -- a note on the layout after a section header ----------------------------------

def test_a_layout_note_after_a_qualified_duty_header_keeps_it_a_header():
    assert section_header("二、具体岗位职责(表格形式)") == ("duties", "")
    assert section_header("负责客户投诉处理(重大投诉)") is None


def test_a_duty_list_under_a_qualified_header_after_a_summary_section():
    text = ("【仓库主管岗位职责】\n一、岗位概述\n仓库主管负责仓库的整体运作。\n"
            "二、具体岗位职责(列表形式)\n1、{}\n2、{}\n3、{}\n").format(*DUTIES)
    assert one_record(text).duties == DUTIES
