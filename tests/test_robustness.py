"""The parser on surface variants of one content: other numbering, bullets, line layouts
(benchmarks/perturb_eval.py measures the same on the dev pages)."""
from pipeline.parse import parse_text


def duties_of(text):
    records = parse_text(text, "t.txt")
    assert len(records) == 1, [r.title for r in records]
    return records[0].duties


def test_section_numbered_with_di_after_a_sentence_end_is_cut_from_the_item_before():
    # 第二、 opens the next section on a flattened page as 二、 does
    text = ("仓库主管职责 第一、职能:1、负责仓库的日常管理;2、负责货物的入库验收。"
            "第二、职责:1、负责库存的盘点;2、负责出库单据的审核。")
    duties = duties_of(text)
    assert "负责货物的入库验收" in duties
    assert "负责库存的盘点" in duties
    assert not any("第二" in d for d in duties)
