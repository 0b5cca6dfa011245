"""Prose and role lines around duty lists: one line per position, intros, captions, essays,
glued group headings, and when an unnumbered line continues the item above."""
from pipeline.parse import parse_text


def records_of(text):
    return [(r.title, r.duties) for r in parse_text(text, "t.txt")]


# -- ROLE: 职位名:职责 one line per position ---------------------------------------------
def test_role_lines_after_an_intro_are_one_record_each():
    text = ("仓储主管岗位职责:\n1. 制定仓库的年度工作计划。\n2. 监督出入库作业的执行。\n"
            "仓储团队一般由几类人员组成,各自的职责如下:\n"
            "仓库管理员:负责货物的入库验收与上架,定期盘点库存;\n"
            "叉车司机:负责货物的装卸与搬运;保养叉车设备;\n")
    assert records_of(text) == [
        ("仓储主管", ["制定仓库的年度工作计划", "监督出入库作业的执行"]),
        ("仓库管理员", ["负责货物的入库验收与上架,定期盘点库存"]),
        ("叉车司机", ["负责货物的装卸与搬运", "保养叉车设备"]),
    ]


def test_a_single_role_label_inside_a_list_stays_a_duty():
    text = ("门店店长岗位职责:\n1. 负责门店的日常运营管理。\n"
            "收银员:负责每日营业款的核对与上缴,确保账实相符。\n2. 负责员工排班。\n")
    [(title, duties)] = records_of(text)
    assert title == "门店店长"
    assert not any(d.startswith("负责每日营业款") for d in duties)  # not cut off as its own record


# -- PROSE: captions, closing remarks, essays ---------------------------------------------
def test_caption_and_closing_remark_are_no_duties():
    text = ("仓库主管岗位职责\n仓库主管的主要职责见下表:\n"
            "负责制定仓库的管理制度并监督执行。\n负责组织每月的库存盘点工作。\n"
            "以上职责可按企业规模增减。仓库主管还需熟悉进销存系统,以确保账实相符。\n")
    [(_, duties)] = records_of(text)
    assert duties == ["负责制定仓库的管理制度并监督执行", "负责组织每月的库存盘点工作"]


def test_a_paragraph_with_an_essay_sentence_is_prose_throughout():
    text = ("行政专员岗位职责\n负责公司办公用品的采购与发放。\n"
            "行政专员是公司运转的润滑剂。那么行政专员到底要做些什么呢?一家中型公司通常配备两名行政专员。\n")
    [(_, duties)] = records_of(text)
    assert duties == ["负责公司办公用品的采购与发放"]


def test_already_in_a_duty_is_no_essay():
    text = "采购专员岗位职责\n对已经下单的货物跟踪到货时间,延误时及时报告主管。\n负责供应商的比价与询价工作。\n"
    [(_, duties)] = records_of(text)
    assert duties[0] == "对已经下单的货物跟踪到货时间,延误时及时报告主管"


def test_a_preface_over_the_first_list_is_no_duty():
    # the page broke the preface at its width; a list follows it
    text = ("【物流部职能及岗位职责】\n在现代企业的供应链中,物流部是连接采购、生产与销售的纽带,它的运作效率直接\n"
            "影响企业的交付能力与客户体验。\n一、物流部职能\n1. 运输管理:负责制定运输计划并选择承运商。\n"
            "2. 仓储管理:负责仓库的日常运作与库存控制。\n")
    [(title, duties)] = records_of(text)
    assert duties == ["运输管理:负责制定运输计划并选择承运商", "仓储管理:负责仓库的日常运作与库存控制"]


def test_a_duty_before_the_list_is_no_preface():
    text = ("物流部岗位职责\n物流部的主要职责是负责公司全部货物的运输、仓储与配送,保证货物及时安全地送达客户手中。\n"
            "1. 负责制定运输计划并选择承运商。\n2. 负责仓库的日常运作与库存控制。\n")
    [(_, duties)] = records_of(text)
    assert len(duties) == 3


# -- continuation: when an unnumbered line goes on with the numbered item above -----------
def test_a_line_after_a_broken_item_continues_it():
    text = "客服专员岗位职责\n1、负责接听客户来电,\n解答客户的咨询。\n2、负责整理客户资料。\n"
    [(_, duties)] = records_of(text)
    assert duties == ["负责接听客户来电,解答客户的咨询", "负责整理客户资料"]


def test_lines_after_a_finished_item_are_items_of_their_own():
    text = ("客服专员岗位职责\n1、负责接听客户来电。\n负责每周汇总客户的投诉记录。\n负责维护客户档案的完整与准确。\n"
            "2、负责整理客户资料。\n")
    [(_, duties)] = records_of(text)
    assert duties == ["负责接听客户来电", "负责每周汇总客户的投诉记录", "负责维护客户档案的完整与准确",
                      "负责整理客户资料"]


def test_one_more_sentence_right_before_the_next_entry_stays_in_the_entry():
    text = "客服专员岗位职责\n1、接到投诉时要即时处理。\n处理后要及时回访客户并归档。\n2、负责整理客户资料。\n"
    [(_, duties)] = records_of(text)
    assert duties == ["接到投诉时要即时处理。处理后要及时回访客户并归档", "负责整理客户资料"]


def test_a_blank_line_parts_an_item_from_the_line_below():
    lines = ["客服专员岗位职责", "1、负责接听客户来电", "2、负责整理客户资料", "", "负责每周汇总客户的投诉记录", "3、负责维护客户档案"]
    [(_, duties)] = records_of("\n".join(lines) + "\n")
    assert duties == ["负责接听客户来电", "负责整理客户资料", "负责每周汇总客户的投诉记录", "负责维护客户档案"]


def test_a_page_with_a_blank_line_after_every_line_keeps_broken_items_whole():
    lines = ["客服专员岗位职责", "1、负责接听客户来电,", "解答客户的咨询", "2、负责整理客户资料", "3、负责维护客户档案"]
    [(_, duties)] = records_of("\n\n".join(lines) + "\n")
    assert duties == ["负责接听客户来电,解答客户的咨询", "负责整理客户资料", "负责维护客户档案"]


# -- group headings glued to their first sentence -----------------------------------------
def test_a_heading_glued_to_its_first_sentence_is_cut_off():
    text = ("仓储经理岗位职责\n二、主要职责\n"
            "1、库存规划与目标管理组织制定仓库的年度库存计划与周转目标,并推动落实。\n"
            "分析出入库数据,提出库存结构的优化建议。\n"
            "2、仓储体系建设与流程优化\n"
            "主导仓储作业标准的建立与优化,推动作业规范化。\n"
            "推进仓储信息化建设,提升库位利用效率。\n"
            "3、安全管理与风险防范落实仓库的消防与安全检查制度,消除安全隐患。建立突发事件的应急处置预案,定期组织演练。\n")
    [(_, duties)] = records_of(text)
    assert duties == [
        "组织制定仓库的年度库存计划与周转目标,并推动落实", "分析出入库数据,提出库存结构的优化建议",
        "主导仓储作业标准的建立与优化,推动作业规范化", "推进仓储信息化建设,提升库位利用效率",
        "落实仓库的消防与安全检查制度,消除安全隐患", "建立突发事件的应急处置预案,定期组织演练"]


def test_a_numbered_duty_in_a_flat_list_is_not_cut():
    text = ("仓储专员岗位职责\n1、仓库日常管理工作组织实施,确保货物安全与账实相符。\n"
            "2、根据公司库存策略制定补货计划,并跟踪到货情况。\n3、负责出入库单据的录入与归档。\n")
    [(_, duties)] = records_of(text)
    assert duties[0] == "仓库日常管理工作组织实施,确保货物安全与账实相符"
    assert duties[1] == "根据公司库存策略制定补货计划,并跟踪到货情况"


def test_a_bulleted_header_with_a_colon_over_other_bullets_is_no_duty():
    text = ("仓储经理岗位职责\n◆仓储经理的工作重点:\n·制定仓库的年度工作计划\n·审核每月的盘点报告\n"
            "◆仓储经理的日常事务:\n·检查出入库单据\n")
    [(_, duties)] = records_of(text)
    assert duties == ["制定仓库的年度工作计划", "审核每月的盘点报告", "检查出入库单据"]


def test_a_numbered_duty_ending_with_a_colon_stays_a_duty():
    text = "法务专员岗位职责\n1、起草和修改常用合同;\n2、法务部日常事务的管理:\n3、代理公司参与一般诉讼案件的庭审;\n"
    [(_, duties)] = records_of(text)
    assert "法务部日常事务的管理" in duties


def test_a_topic_before_a_comma_heads_the_activities_of_its_entry():
    text = ("会计主管岗位职责\n(1)账务核算管理,负责审核各类记账凭证;,负责编制月度财务报表;/定期核对银行存款余额。\n"
            "(2)接听供应商来电,及时记录对账差异;协助处理付款事宜。\n")
    [(_, duties)] = records_of(text)
    assert duties == ["负责审核各类记账凭证", "负责编制月度财务报表", "定期核对银行存款余额",
                      "接听供应商来电,及时记录对账差异;协助处理付款事宜"]
