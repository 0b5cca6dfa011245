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


# -- FLAT: a document flattened into one long line ----------------------------------

PAD = "本岗位在公司的运营体系中承担承上启下的作用,需要协调各个班组的日常工作,保证服务质量稳定可靠,并持续改进工作方法。" * 3


def units_of(text):
    from pipeline.parse.units import document_units

    return [u.text for u in document_units(text, traditional=False)]


def test_glued_section_numbers_cut_a_flattened_line_when_they_open_a_section_or_continue():
    line = ("某文库1/1仓库主管岗位说明书一、基本信息岗位名称:仓库主管所属部门:物流部直接上级:物流经理"
            "工作性质:全职,需统筹收发货作业二、岗位概述" + PAD)
    units = units_of(line)
    assert "一、基本信息" in units
    assert any(u.startswith("岗位名称:仓库主管") and u.endswith("需统筹收发货作业") for u in units)
    assert any(u.startswith("二、岗位概述") for u in units)


def test_a_short_line_is_never_cut_at_glued_numbers():
    assert units_of("仓库分为一、二、三号库房") == ["仓库分为一、二、三号库房"]


def test_a_flattened_document_keeps_its_header_fields_apart_from_its_sections():
    text = ("文档简介\n仓库主管岗位说明书一、基本信息岗位名称:仓库主管所属部门:物流部直接上级:物流经理"
            "工作性质:全职,需统筹收发货作业二、核心职责框架仓库主管作为物流部的核心岗位," + PAD + "主要职责如下:负责仓库收发货作业的安排与监督;"
            "负责库存盘点并核对账实差异;组织仓库人员的培训与考核;制定仓库安全与卫生制度\n")
    record = one_record(text)
    assert (record.title, record.department, record.superior) == ("仓库主管", "物流部", "物流经理")
    assert "组织仓库人员的培训与考核" in record.duties


def test_a_heading_glued_to_a_section_word_or_its_first_duty_is_cut_off():
    text = ("目录客服部部门职能客服部岗位说明书客服专员……………………10一、客服部部门职能"
            "负责接听客户来电并做好记录;负责处理客户投诉并跟踪结果;组织客户满意度回访调查;"
            "制定客户服务标准与服务流程;" + PAD)
    record = one_record(text)
    assert (record.title, record.kind) == ("客服部", "department")
    assert record.duties[:4] == ["负责接听客户来电并做好记录", "负责处理客户投诉并跟踪结果",
                                 "组织客户满意度回访调查", "制定客户服务标准与服务流程"]


def test_a_heading_glued_to_its_introduction_leaves_the_introduction_out():
    text = ("行政总厨岗位职责说明书引言行政总厨作为厨房的核心管理者,统筹后厨管理。" + PAD
            + "二、主要工作职责(一)制定厨房年度工作计划并分解执行目标。(二)检查餐前备料与出品质量。\n")
    units = units_of(text)
    assert units[:2] == ["行政总厨岗位职责说明书", "引言"]
    assert "二、主要工作职责" in units
    record = one_record(text)
    assert record.title == "行政总厨"
    assert record.duties == ["制定厨房年度工作计划并分解执行目标", "检查餐前备料与出品质量"]


def test_two_headings_glued_on_a_flattened_line_name_the_second_position():
    text = ("仓库主管岗位职责及任职资格区域仓库主管的职责:1. 负责仓库收发货作业的安排与监督。"
            "2. 负责库存盘点并核对账实差异。3. 组织仓库人员的培训与考核。" + PAD + "\n")
    assert one_record(text).title == "区域仓库主管"


def test_a_section_word_at_the_head_of_a_longer_header_or_a_phrase_is_not_cut_off():
    line = ("三、岗位设置目的 1.为实现品牌年度经营目标,在运营部负责人的领导下开展工作。四、职能定位: 所辖品牌的责任人。"
            "五、工作时间安排合理,保证服务质量。" + PAD)
    units = units_of(line)
    assert not any(u in ("三、岗位设置", "四、职能", "五、工作时间") for u in units)


# -- RUNON: activities separated only by ； ----------------------------------------

def test_a_run_of_activities_after_its_intro_is_one_item_each():
    text = ("店长的岗位说明书篇一\n一个连锁门店的店长的工作职责包括:了解企业的经营理念;完成总部下达的各项指标;"
            "制定门店的经营计划;组织员工进行教育培训;负责处理顾客的投诉与抱怨。\n")
    record = one_record(text)
    assert record.title == "店长"
    assert record.duties == ["了解企业的经营理念", "完成总部下达的各项指标", "制定门店的经营计划",
                             "组织员工进行教育培训", "负责处理顾客的投诉与抱怨"]


def test_semicolons_do_not_split_a_short_run_a_labelled_cell_or_a_numbered_entry():
    from pipeline.parse.activity_runs import activity_cuts

    assert activity_cuts("监督门店的营运;训练门店的经理;协调区域内人员与物料") == []  # three parts: one duty
    assert activity_cuts("门店日常经营管理:监督商品进货验收;执行商品价格变动;执行促销计划;负责商品陈列") == []
    assert activity_cuts("1、监督商品进货验收;执行商品价格变动;执行促销计划;负责商品陈列") == []
    # a description of the unit, its parts not activities of a position
    assert activity_cuts("客服中心立足服务,面向客户群;完成满意度调查;有效整理客户信息;策划服务策略;与各部门协同合作") == []


# -- postings: items numbered 1，2，3， on one line ----------------------------------

def test_items_numbered_with_a_comma_on_one_line_are_cut_when_they_count_on():
    text = "客服专员\n一、工作职责 1，{}； 2，{}； 3，{}。 二、任职要求： 1，大专及以上学历\n".format(*DUTIES)
    assert one_record(text).duties == DUTIES


def test_a_number_before_a_comma_that_does_not_count_a_list_stays_in_the_text():
    assert units_of("本科学历; 3，5年以上相关经验; 2，能适应出差") == ["本科学历; 3,5年以上相关经验; 2,能适应出差"]


def test_a_field_label_at_the_head_of_a_section_name_is_no_field():
    from pipeline.parse.fields import parse_fields

    assert parse_fields("一、工作岗位内容") is None
    assert parse_fields("工作岗位:仓库文员") == (("title", "仓库文员"),)
    text = "仓库文员\n一、工作岗位内容\n1. {}。\n2. {}。\n3. {}。\n二、应聘要求\n1. 大专以上学历\n".format(*DUTIES)
    record = one_record(text)
    assert (record.title, record.duties) == ("仓库文员", DUTIES)


def test_a_list_of_demands_under_a_name_in_the_requirements_is_no_record():
    text = ("仓库文员\n一、工作内容\n1. {}。\n2. {}。\n3. {}。\n二、应聘要求 仓库文员:\n"
            "1. 有仓库管理经验\n2. 熟练使用办公软件\n3. 家住公司附近最好\n").format(*DUTIES)
    assert one_record(text).title == "仓库文员"


# -- postings in English ---------------------------------------------------------------

ENGLISH = ["Contact agents and forwarders for cargo receiving and delivering",
           "Track and record open orders every day", "Upload master data to the system"]


def test_an_english_posting_lists_its_duties_under_a_duties_header():
    text = ("物流助理\n岗位：物流助理 工作地点：上海 职责： Purpose of the role: 1.{} 2.{} 3.{} "
            "要求： 大专及以上学历，英文书面熟练\n").format(*ENGLISH)
    record = one_record(text)
    assert (record.title, record.duties, record.education) == ("物流助理", ENGLISH, "大专")


def test_english_text_without_a_duties_header_gives_no_record():
    text = ("物流助理岗位说明书\n1.{}.\n2.{}.\n3.{}.\n"
            "Our team works with many partners across the world and we value open communication.\n").format(*ENGLISH)
    assert records_of(text) == []


# -- TABLE leftovers -------------------------------------------------------------------

def test_a_column_label_left_at_the_end_of_a_duty_line_does_not_end_the_list():
    text = ("仓库主管岗位说明书\n岗位职责:\n1.{}\n2.负责库存盘点并核对账实差异;考核要点\n3.{}\n4.{}\n"
            "考核要点\n1.盘点差异率低于千分之一\n").format(*DUTIES)
    record = one_record(text)
    assert record.duties == [DUTIES[0], "负责库存盘点并核对账实差异", DUTIES[1], DUTIES[2]]
    assert record.kpis == ["盘点差异率低于千分之一"]


def test_a_table_of_row_blocks_keeps_every_description_line_and_drops_shares_and_groups():
    text = ("仓库主管岗位说明书\n工作职责:\n时间分配\n主要职责\n职责描述\n业绩衡量标准\n"
            "40 %\n仓库日常作业管理\n{}\n略\n{}\n"
            "60 %\n客户服务\n{}\n负责客户退货的验收与登记\n").format(*DUTIES)
    record = one_record(text)
    assert record.duties == [*DUTIES, "负责客户退货的验收与登记"]
    assert record.kpis == ["略"]
