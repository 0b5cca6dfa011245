"""How a duty list becomes items: group headings, labels, sentences, semicolons, role lines."""
import pytest

from pipeline.parse import parse_text
from pipeline.parse.items import marker


def one_record(text):
    records = parse_text(text, "t.txt")
    assert len(records) == 1, [r.title for r in records]
    return records[0]


@pytest.mark.parametrize("text, kind", [
    ("1.档案管理", "arabic"), ("2、档案管理", "arabic"), ("(1)整理档案", "arabic-paren"),
    ("（2）整理档案", "arabic-paren"), ("1)整理档案", "arabic-close"), ("2.1、整理档案", "decimal"),
    ("2.1 整理档案", "decimal"), ("一、档案管理", "cn"), ("• 整理档案", "bullet"),
])
def test_marker_tells_the_levels_of_a_list_apart(text, kind):
    assert marker(text) == kind


def test_group_heading_numbered_1_over_paren_items_is_no_duty():
    # groups 4 and 5 restart their sub-items at (1): still this record's duties
    groups = "\n".join(
        f"{g}.{name}\n(1)负责{name}方案的起草与报批；\n(2)负责{name}资料的整理归档；"
        for g, name in enumerate(["档案", "印章", "车辆", "会务", "接待"], 1))
    record = one_record("行政部职责\n" + groups + "\n")
    assert len(record.duties) == 10
    assert record.duties[-1] == "负责接待资料的整理归档"
    assert "档案" not in record.duties


def test_chinese_group_heading_over_decimal_items():
    text = ("行政专员岗位职责\n一、文书管理\n1.1、负责公司文件的起草与收发；\n1.2、负责会议记录的整理；\n"
            "二、后勤保障\n2.1、负责办公用品的采购与发放；\n2.2、负责办公环境的维护；\n")
    assert one_record(text).duties == [
        "负责公司文件的起草与收发", "负责会议记录的整理", "负责办公用品的采购与发放", "负责办公环境的维护"]


def test_long_numbered_group_name_is_still_a_heading():
    text = ("客服主管岗位职责\n1. 客户投诉处理与危机应对\n(1)处理客户的重大投诉；\n(2)制定突发事件的应对预案；\n"
            "2. 团队管理\n(1)安排客服人员的排班与考勤；\n")
    assert one_record(text).duties == ["处理客户的重大投诉", "制定突发事件的应对预案", "安排客服人员的排班与考勤"]


def test_label_over_one_description_stays_in_the_item():
    text = ("前台文员岗位职责：\n访客登记:\n负责登记来访人员的姓名与事由，并通知相关同事。\n"
            "快递收发\n负责公司快递与信件的签收和分发。\n")
    assert one_record(text).duties == [
        "访客登记:负责登记来访人员的姓名与事由,并通知相关同事", "快递收发:负责公司快递与信件的签收和分发"]


def test_label_over_several_entries_is_a_group_heading():
    text = ("仓库主管岗位职责\n一、库存管理\n入库验收\n负责核对到货数量与质量，填写验收单。\n"
            "- 协调供应商处理不合格品。\n出库管理\n- 审核出库单据并安排备货。\n- 每月组织一次盘点。\n")
    assert one_record(text).duties == [
        "负责核对到货数量与质量,填写验收单", "协调供应商处理不合格品", "审核出库单据并安排备货", "每月组织一次盘点"]


def test_numbered_heading_over_unnumbered_sentences():
    # 流程 inside the group's name does not make it a procedure (流程优化 is work, 投诉处理流程 a procedure)
    text = ("采购主管岗位职责\n1、体系建设与流程优化\n主导采购制度的建立与优化。\n推进采购系统的升级，提升效率。\n"
            "2、成本控制与价值创造\n牵头制定年度降本目标。\n监控物料价格的波动。\n")
    assert one_record(text).duties == [
        "主导采购制度的建立与优化", "推进采购系统的升级,提升效率", "牵头制定年度降本目标", "监控物料价格的波动"]


def test_numbered_duty_broken_after_its_verb_is_no_heading():
    text = "客服主管岗位职责\n1、负责对合\n作单位及兼职人员的分账管理。\n2、负责客服人员的排班。\n"
    assert one_record(text).duties == ["负责对合作单位及兼职人员的分账管理", "负责客服人员的排班"]


def test_percent_signs_for_lost_bullets_split_running_text():
    text = "市场专员岗位职责\n工作内容: %收集竞争对手的价格信息; %组织区域促销活动的执行; %整理客户拜访记录。\n"
    assert one_record(text).duties == ["收集竞争对手的价格信息", "组织区域促销活动的执行", "整理客户拜访记录"]


def test_semicolon_with_a_bullet_remnant_splits_even_a_numbered_entry():
    text = "会计岗位职责\n1、审核各类报销单据;,负责编制月度财务报表;/定期盘点库存现金;\n2、保管财务专用章。\n"
    assert one_record(text).duties == ["审核各类报销单据", "负责编制月度财务报表", "定期盘点库存现金", "保管财务专用章"]


def test_group_label_inside_a_numbered_entry_heads_semicolon_activities():
    text = "单证员岗位职责\n1、制作报关单据;\n2、费用核对:国内与工厂核对运费;国外与代理确认账单;\n3、归档单证资料。\n"
    assert one_record(text).duties == ["制作报关单据", "国内与工厂核对运费", "国外与代理确认账单", "归档单证资料"]


def test_semicolons_inside_one_numbered_activity_do_not_split_it():
    text = "客服专员岗位职责\n1、接听客户来电;记录客户需求并及时反馈;\n2、处理客户投诉。\n"
    assert one_record(text).duties == ["接听客户来电;记录客户需求并及时反馈", "处理客户投诉"]
