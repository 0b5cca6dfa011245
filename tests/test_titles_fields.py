"""Position names and header fields: posting titles, heading variants, title normalisation,
header-field labels and values. Each example is made up to show one layout."""
import pytest

from pipeline.parse import parse_text
from pipeline.parse.posting_titles import posting_title

DUTY_LIST = "岗位职责：\n1、整理每日订单数据；\n2、跟进供应商的发货进度；\n3、完成上级交办的其他工作。\n"
REQUIREMENTS = "任职要求：\n1、大专及以上学历；\n2、一年以上相关工作经验。\n"


def records(text):
    return parse_text(text, "t.txt")


def one_record(text):
    found = records(text)
    assert len(found) == 1, [r.title for r in found]
    return found[0]


# -- job-board posting titles ------------------------------------------------------------

POSTING_TITLES = {
    "仓储主管 底薪+提成+五险一金": "仓储主管",
    "质检员（急招）5200+包住+年底双薪": "质检员",
    "周五休二税后4000起聘数据录入员/s": "数据录入员",
    "无需经验售后专员/底薪4k/周末双休/包吃住": "售后专员",
    "园区物业急招维修工": "维修工",
    "前端开发工程师(K20881)": "前端开发工程师",
    "运营客服（周末双休）": "运营客服",
    "出纳员-闵行": "出纳员",
    "仓库助理J30412": "仓库助理",
    "行政前台/行政助理/文员": "行政前台/行政助理/文员",
    "设备维护支持": "设备维护支持",  # not in the role lexicon: the line is the title all the same
}


@pytest.mark.parametrize("line,name", POSTING_TITLES.items(), ids=list(POSTING_TITLES))
def test_posting_title_drops_perks_pay_codes_and_places(line, name):
    assert posting_title(line) == name


@pytest.mark.parametrize("line", [
    "已阅读3页,还剩8页未读",  # a sentence, not a title
    "仓储主管岗位职责",  # a JD heading: the heading rules read it
    "负责仓库的日常管理和盘点工作",
    "客服部年度工作总结",  # the title of no job description
    "仓库管理制度",
])
def test_lines_that_are_no_posting_title(line):
    assert posting_title(line) is None


def test_a_word_of_such_titles_inside_a_position_name_is_no_bar():
    assert posting_title("报告文员") == "报告文员" and posting_title("解决方案工程师") == "解决方案工程师"


def test_posting_title_line_names_the_record_even_outside_the_role_lexicon():
    record = one_record("设备维护支持 底薪+奖金+双休\n" + DUTY_LIST + REQUIREMENTS)
    assert record.title == "设备维护支持"
    assert len(record.duties) == 3


def test_posting_title_line_with_an_intro_before_the_duties():
    text = "周末双休聘仓储专员/s\n★轻松稳定的仓储岗位，欢迎加入！\n公司成立于二零零八年，专注冷链物流。\n" + DUTY_LIST
    assert one_record(text).title == "仓储专员"


def test_a_first_line_far_above_the_duty_list_does_not_name_it():
    intro = "".join(f"第{n}段介绍文字，与岗位无关。\n" for n in "一二三四五六")
    assert records("资料下载频道\n" + intro + DUTY_LIST) == []


def test_posting_title_line_over_a_numbered_list_without_header():
    text = "冷链调度 五险一金+餐补\n1、安排每日冷链车辆的调度；\n2、跟踪在途货物的温度记录；\n3、处理运输异常并及时反馈。\n"
    record = one_record(text)
    assert record.title == "冷链调度" and len(record.duties) == 3


# -- headings that name a position -------------------------------------------------------

def test_question_titles_with_trailing_variant_markers_after_a_collection_title():
    text = ("仓储主管的具体职责范围是什么(精选12篇)\n"
            "仓储主管的具体职责范围是什么 篇1\n职责:\n1、安排仓库每日收发货工作\n2、组织仓库月度盘点\n"
            "仓储主管的具体职责范围是什么 篇2\n1、管理仓储人员的排班\n2、监督货物的出入库登记\n")
    found = records(text)
    assert [r.title for r in found] == ["仓储主管", "仓储主管"]
    assert found[1].duties == ["管理仓储人员的排班", "监督货物的出入库登记"]


@pytest.mark.parametrize("line,name", [
    ("仓储主管的岗位说明书篇一", "仓储主管"),
    ("仓储主管职业说明书", "仓储主管"),
    ("仓储主管什么意思", "仓储主管"),
    ("岗位职责仓储管理部岗位职责规范", "仓储管理部"),  # the site's category before the heading
])
def test_heading_wrappers_and_variant_markers(line, name):
    from pipeline.parse.titles import heading
    assert heading(line).name == name


def test_numbered_positions_with_incumbents_over_their_header_fields():
    text = ("仓储部岗位职责\n一、岗位职责\n1、仓储经理-张明华\n直接上司:运营总监\n"
            "1.制定仓库年度管理计划\n2.审核仓库的月度盘点报告\n"
            "2、仓储助理-李静\n直接上司:仓储经理\n1.协助仓储经理做好部门内务\n2.整理仓库收发货单据\n")
    found = records(text)
    assert [(r.title, r.superior) for r in found] == [("仓储经理", "运营总监"), ("仓储助理", "仓储经理")]
    assert found[0].duties == ["制定仓库年度管理计划", "审核仓库的月度盘点报告"]


@pytest.mark.parametrize("line,incumbent", [("仓储经理-张明华", True), ("仓储经理-华东区", False),
                                             ("仓储经理-江苏省", False), ("仓储经理-储运部", False)])
def test_an_incumbent_is_a_surname_and_a_name_not_a_place(line, incumbent):
    from pipeline.parse.lexicon import lexicon
    assert bool(lexicon().incumbent.search(line)) is incumbent


def test_a_defining_sentence_names_the_duty_list_below_it():
    text = ("仓储经理是物流企业中的中层管理职位,主要负责仓库的运营。以下是具体说明:\n"
            "一、核心职责\n1、制定仓库年度管理计划\n2、审核仓库的月度盘点报告\n")
    assert one_record(text).title == "仓储经理"


# -- title normalisation -------------------------------------------------------------------

@pytest.mark.parametrize("line,name", [
    ("酒店前台接待的岗位职责", "酒店前台接待"),  # the workplace word belongs to the position
    ("公司前台什么意思", "公司前台"),
    ("某物流公司的仓储主管岗位职责", "仓储主管"),  # a named employer goes
    ("顺达物流集团仓储主管岗位职责", "仓储主管"),
    ("【仓储主管岗位职】", "仓储主管"),  # a wrapper the page cut short
])
def test_title_keeps_the_words_of_the_position_and_drops_the_employer(line, name):
    from pipeline.parse.titles import heading
    assert heading(line).name == name


def test_a_plain_word_before_a_duty_header_names_no_position():
    from pipeline.parse.titles import heading
    assert heading("二、具体岗位职责(表格形式)") is None
    text = "【仓储主管岗位职】\n一、岗位职责概述\n仓储主管负责仓库的整体运作。\n二、具体岗位职责(表格形式)\n" + DUTY_LIST
    assert one_record(text).title == "仓储主管"


# -- header fields ---------------------------------------------------------------------------

def fields_of(text):
    from pipeline.parse.fields import parse_fields
    return dict(parse_fields(text))


def test_run_together_row_with_the_less_common_labels():
    row = "岗位名称:仓储主管部门名称:物流部直接上级:物流经理下属部门:收货组、发货组部门性质:负责仓储的全部事务"
    assert fields_of(row) == {"title": "仓储主管", "department": "物流部", "superior": "物流经理",
                              "subordinates": "收货组、发货组"}
    row = "职位等级: 所属部门/科室:物流部 直属上司职位:物流经理 临时替代岗位: 物流经理 可升迁岗位: 物流经理"
    assert fields_of(row) == {"department": "物流部", "superior": "物流经理"}
    assert fields_of("职务名称:仓储主管职务编号:WL-03")["title"] == "仓储主管"


def test_spaced_short_labels_are_labels():
    row = fields_of("职位名称 仓储主管 职位代码 所属部门 职 系 职等职级 直属上级 物流经理 薪金标准 填写日期")
    assert (row["title"], row["superior"], row.get("department")) == ("仓储主管", "物流经理", None)
    text = "仓储主管岗位说明书\n所在部门\n物流部\n审 核 人\n直属部门\n批 准 人\n总经理\n" + DUTY_LIST
    assert one_record(text).department == "物流部"


def test_a_duty_header_glued_to_the_last_value_is_cut():
    assert fields_of("岗位名称:仓储主管直接上级:物流经理下属部门:收货员、理货员主要职责")["subordinates"] == "收货员、理货员"


def test_values_lose_notes_etc_and_a_generic_remainder():
    text = ("岗位名称:仓储经理/主管(根据仓库规模调整)\n直接下级:收货员、理货员(人数3-8人)、叉车司机等\n"
            "所属部门:物流部\n" + DUTY_LIST)
    record = one_record(text)
    assert record.title == "仓储经理/主管"
    assert record.subordinates == ["收货员", "理货员", "叉车司机"]
    record = one_record("岗位名称:仓储经理\n直接下级:仓储主管、理货员及相关仓储团队\n" + DUTY_LIST)
    assert record.subordinates == ["仓储主管", "理货员"]
    assert one_record("岗位名称:仓储经理\n直接下级:相关仓储人员\n" + DUTY_LIST).subordinates == ["相关仓储人员"]


def test_labels_one_per_line_then_values_one_per_line():
    text = ("仓储经理岗位说明书\n岗位名称\n所在部门\n直接上级\n直接下级\n所辖人员仓储经理\n物流中心\n物流总监\n"
            "仓储主管、理货员\n" + DUTY_LIST)
    record = one_record(text)
    assert (record.title, record.department, record.superior) == ("仓储经理", "物流中心", "物流总监")
    assert record.subordinates == ["仓储主管", "理货员"]


def test_label_value_pairs_with_a_lost_empty_cell_keep_the_last_label():
    text = "岗位名称\n仓储经理\n岗位编号\n所在部门\n物流部\n岗位定员\n1人\n直接上级\n物流总监\n" + DUTY_LIST
    record = one_record(text)
    assert (record.title, record.department, record.superior) == ("仓储经理", "物流部", "物流总监")


def test_a_value_broken_after_a_slash_continues_in_the_next_cell():
    text = "职务名称\n仓储主管/\n仓储经理助理\n工作性质\n直属上级\n仓储经理\n" + DUTY_LIST
    record = one_record(text)
    assert (record.title, record.superior) == ("仓储主管/仓储经理助理", "仓储经理")


def test_a_table_header_row_after_a_name_label_is_no_title():
    from pipeline.parse.segment import field_title
    assert field_title("侧重点 管理范围 发展路径") is None  # 职位名称 | 侧重点 | …: column labels
    assert field_title("仓储经理") == "仓储经理"


# -- degrees and years -----------------------------------------------------------------------

@pytest.mark.parametrize("text,degree", [
    ("受教育程度:大学 年龄:30岁以上", "本科"),
    ("大学以上学历,物流相关专业", "本科"),
    ("大专以上学历,大学英语四级", "大专"),  # a language test, not a degree
    ("大学专科及以上学历", "大专"),
])
def test_university_degree_words(text, degree):
    from pipeline.parse.fields import education_of
    assert education_of(text) == degree


@pytest.mark.parametrize("text,years", [
    ("8年以上仓储管理工作经验,3年以上团队管理经验", 8),  # all must hold: the general demand
    ("5年以上物流工作经验或3年以上仓储主管经验", 3),  # alternatives: the smallest
    ("3-5年仓储工作经验", 3),
    ("1~3年相关工作经验者优先", None),  # preferred, not demanded
    ("如果您有两年的仓储经验,起薪更高", None),  # a condition of pay, not a demand
    ("大专以上学历;两年以上工作经验;有叉车证者优先", 2),
    ("15年以上工作经验,其中5年以上大型仓库或配送中心管理经验", 15),
])
def test_experience_demands(text, years):
    from pipeline.parse.fields import experience_of
    assert experience_of(text) == years


def test_a_wrapper_joined_to_the_one_before_is_no_part_of_the_name():
    from pipeline.parse.titles import heading
    assert heading("仓储经理岗位职责及任职资格物流仓储经理的职责:").name == "物流仓储经理"


def test_a_short_word_after_a_name_label_is_no_title():
    from pipeline.parse.segment import field_title
    assert field_title("内容") is None  # 一、工作岗位内容
    assert field_title("出纳") == "出纳"


def test_a_name_in_a_requirements_header_labels_the_open_records_demands():
    text = ("空运出口大客户客服\n一、工作内容\n1. 负责与客户沟通,安排航班出运计划。\n2. 成本报价的系统输入。\n"
            "二、应聘要求 空运出口客服:\n1. 有空运出口操作经验\n2. 英语读写能力较好\n")
    record = one_record(text)
    assert record.title == "空运出口大客户客服" and len(record.duties) == 2
    assert record.requirements == ["有空运出口操作经验", "英语读写能力较好"]


def test_a_title_line_the_heading_rules_read_as_a_name_is_cleaned_as_a_posting_title():
    assert one_record("园区物业急招仓储专员\n" + DUTY_LIST).title == "仓储专员"


def test_a_value_the_row_ran_into_keeps_the_value_read_before():
    text = ("岗位名称:仓储经理\n直属上司职位:物流总监\n直接汇报对象:物流总监 直接督导 个岗位,共人 间接督导 个岗位\n"
            + DUTY_LIST)
    assert one_record(text).superior == "物流总监"


def test_a_header_row_of_labels_only_sets_no_field():
    assert fields_of("岗位名称 所属部门 直接上级 职位类别") == {
        "title": "", "department": "", "superior": "", "stop": ""}


def test_a_plain_word_after_a_wrapper_is_no_name():
    from pipeline.parse.titles import heading
    assert heading("职责细化描述岗位职责") is None  # a section header: 职责细化描述 / 岗位职责
    assert heading("2023年最新运营岗位职责").name == "运营"
