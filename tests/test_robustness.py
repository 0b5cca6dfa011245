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


def wrap(text, width):
    return "\n".join(line[k:k + width] for line in text.split("\n") for k in range(0, max(len(line), 1), width))


def test_a_stock_sentence_a_pdf_width_cut_in_two_is_still_removed():
    intro = "在当今社会中,需要使用岗位职责的场合越来越多,制定岗位职责可以最大限度地实现劳动用工的科学配置。"
    items = ["负责仓库货物的入库验收与登记工作", "负责库存盘点并编制月度盘点报告", "负责出库单据的审核与归档管理",
             "负责仓库的安全检查与消防设施维护"]
    body = "".join(f"{i}、{item}；" for i, item in enumerate(items, 1))
    width = intro.index("岗位职责可以")  # the break leaves 岗位职责可以… opening a line
    text = "仓库管理员岗位职责\n" + wrap(intro, width) + "\n" + wrap(body, width) + "\n"
    assert "\n岗位职责可以" in text
    assert duties_of(text) == items


def test_a_percent_sign_the_page_width_pushed_to_the_next_line_is_no_bullet():
    item = "遇到货物损失时按规定及时上报,对直接责任人处以损失金额30%的罚款"
    lines = ["1、负责仓库货物的入库验收与登记工作,做到账实相符；", "2、" + item + "；",
             "3、负责库存盘点并编制月度盘点报告,按时提交上级审核；", "4、负责出库单据的审核与归档管理工作,确保单据完整；"]
    body = "".join(lines)
    width = next(w for w in range(14, 40) if body.index("%") % w == 0)  # the % opens a line
    text = "仓库管理员岗位职责\n" + wrap(body, width) + "\n"
    assert "\n%" in text
    assert item in duties_of(text)


def test_a_traditional_table_of_cells_with_a_bar_after_each_is_read_as_rows():
    rows = [("客戶投訴處理", "監督並處理客戶投訴,及時回覆客戶。"), ("服務質量管理", "制定客服服務標準,定期檢查執行情況。"),
            ("團隊培訓", "組織客服人員的業務培訓與考核。")]
    cells = ["職責項目 |", "職責內容 |"] + [f"{cell} |" for row in rows for cell in row]
    duties = duties_of("客服主管崗位職責\n" + "\n".join(cells) + "\n")
    assert duties == ["客户投诉处理:监督并处理客户投诉,及时回复客户", "服务质量管理:制定客服服务标准,定期检查执行情况",
                      "团队培训:组织客服人员的业务培训与考核"]
