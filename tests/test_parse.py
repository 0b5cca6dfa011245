"""The parser on small documents built to show one layout each: (input, expected) tables."""
import pytest

from pipeline.parse import parse_text
from pipeline.parse.fields import education_of, experience_of, parse_fields
from pipeline.parse.titles import heading

DUTIES = ["接听客户电话", "处理客户投诉", "完成上级交办的其他工作"]


def one_record(text):
    records = parse_text(text, "t.txt")
    assert len(records) == 1, [r.title for r in records]
    return records[0]


NUMBERING = {
    "1、": "1、{}\n2、{}\n3、{}",
    "1.": "1.{}；\n2.{}；\n3.{}。",
    "1)": "1){}\n2){}\n3){}",
    "(1)": "(1){}\n(2){}\n(3){}",
    "（1）": "（1）{}\n（2）{}\n（3）{}",
    "一、": "一、{}\n二、{}\n三、{}",
    "①": "①{}\n②{}\n③{}",
    "•": "• {}\n• {}\n• {}",
    "-": "- {}\n- {}\n- {}",
    "A、": "A、{}\nB、{}\nC、{}",
    "第一条": "第一条 {}\n第二条 {}\n第三条 {}",
    "number alone on its line": "1\n{}\n2\n{}\n3\n{}",
    "number and space": "1 {}\n2 {}\n3 {}",
    "inline after separators": "1、{}；2、{}；3、{}。",
    "glued to the previous item": "1、{}2、{}3、{}",
    "(n) glued": "(1){}(2){}(3){}",
    "dotted": "2.1 {}\n2.2 {}\n2.3 {}",
    "roman": "Ⅰ.{}\nⅡ.{}\nⅢ.{}",
    "bare number glued to the text": "1{}\n2{}\n3{}",
}


@pytest.mark.parametrize("style", NUMBERING, ids=list(NUMBERING))
def test_numbering_style(style):
    text = "客服专员岗位职责：\n" + NUMBERING[style].format(*DUTIES) + "\n"
    assert one_record(text).duties == DUTIES


def test_group_names_are_not_duties():
    text = "客服经理岗位职责\n职责一：部门管理\n1、接听客户电话\n2、处理客户投诉\n职责二：客户管理\n1、完成上级交办的其他工作\n"
    assert one_record(text).duties == DUTIES


def test_unnumbered_line_continues_the_item_above():
    text = "客服专员岗位职责\n1、接听客户\n电话\n2、处理客户投诉\n3、完成上级交办的其他工作\n"
    assert one_record(text).duties == DUTIES


FIELD_TABLES = {
    "flattened": "岗位名称客服部经理所属部门客户服务部直接上级总经理直接下级客户服务专员所辖人数定员人数",
    "with colons": "岗位名称：客服部经理 所属部门：客户服务部 直接上级：总经理 直接下级：客户服务专员",
    "header row then values": "岗位名称 所在部门 直接上级 直接下级 客服部经理 客户服务部 总经理 客户服务专员",
    "one cell per line": "岗位名称\n客服部经理\n所属部门\n客户服务部\n直接上级\n总经理\n直接下级\n客户服务专员",
}


@pytest.mark.parametrize("layout", FIELD_TABLES, ids=list(FIELD_TABLES))
def test_field_table_layouts(layout):
    text = "岗位说明书\n" + FIELD_TABLES[layout] + "\n岗位职责：\n1、接听客户电话\n2、处理客户投诉\n"
    record = one_record(text)
    assert (record.title, record.department, record.superior, record.subordinates) == (
        "客服部经理", "客户服务部", "总经理", ["客户服务专员"])


def test_parse_fields_none_for_text():
    assert parse_fields("负责部门的预算工作") is None


@pytest.mark.parametrize("text,name", [
    ("客服部经理岗位职责说明书", "客服部经理"),
    ("客户服务部经理岗位说明书.doc", "客户服务部经理"),
    ("第一篇：营运部岗位职责", "营运部"),
    ("客服部主管岗位职责说明(篇2)", "客服部主管"),
    ("【篇一：运营中心品牌推广部岗位职责说明书】", "运营中心品牌推广部"),
    ("岗位说明书(品牌经理)", "品牌经理"),
    ("品牌经理岗位职责及任职资格", "品牌经理"),
    ("某电子商务公司的客服专员岗位职责", "客服专员"),
    ("一.客服部主管职责", "客服部主管"),
    ("【客服经理】", "客服经理"),
    ("客服经理职责范围", "客服经理"),
    ("客服经理的岗位职责", "客服经理"),
    ("【急聘】客服专员", "客服专员"),
])
def test_heading_names(text, name):
    assert heading(text).name == name


@pytest.mark.parametrize("text", ["负责客服专员的培训", "完成上级交办的其他工作", "客服员工工作总结"])
def test_not_position_headings(text):
    head = heading(text)
    assert head is None or head.kind is None


def test_variants_and_roles_give_one_record_each():
    text = ("客服主管岗位职责(精选3篇)\n小编为大家整理了客服主管岗位职责。\n"
            "客服主管岗位职责(篇1)\n1、接听客户电话\n2、处理客户投诉\n"
            "客服主管岗位职责(篇2)\n1、完成上级交办的其他工作\n"
            "一.客服部主管职责\n1.主持部门例会\n二.客服前台职责\n1.接待来访业主\n")
    records = parse_text(text, "t.txt")
    assert [(r.title, len(r.duties)) for r in records] == [
        ("客服主管", 2), ("客服主管", 1), ("客服部主管", 1), ("客服前台", 1)]


def test_department_block_kind():
    record = one_record("客户服务部职责\n1、接听客户电话\n2、处理客户投诉\n")
    assert (record.kind, record.title) == ("department", "客户服务部")


def test_work_summary_and_regulations_give_no_record():
    text = ("第一篇：客服员工工作总结\n下面是我这一年来的主要工作内容\n1、接听客户电话\n"
            "第二篇：客服部管理制度\n1、上班时间不准玩游戏\n")
    assert parse_text(text, "t.txt") == []


def test_requirements_are_not_duties():
    record = one_record("客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n任职要求：\n1、大专及以上学历\n2、3年以上客服工作经验\n")
    assert record.duties == DUTIES[:2]
    assert (record.education, record.experience_years) == ("大专", 3)
    assert record.requirements == ["大专及以上学历", "3年以上客服工作经验"]


@pytest.mark.parametrize("text,degree", [
    ("大专及以上学历，本科优先", "大专"), ("本科以上学历", "本科"), ("硕士研究生", "硕士"), ("学历不限", None),
    ("最低学历 最佳学历 本科", None), ("学士学位", "本科")])
def test_education(text, degree):
    assert education_of(text) == degree


@pytest.mark.parametrize("text,years", [
    ("5年以上的相关岗位工作经验,3年以上相关管理岗位工作经验", 5), ("工作年限三年以上", 3),
    ("具有两年以上客服经验", 2), ("工作经验:15年以上", 15), ("熟悉办公软件", None),
    ("2.三年以上网络推广经验", 3), ("2014年起从事相关工作经验", None),
    ("一年以上互联网产品、电子商务平台的产品设计与运营经验", 1),
    ("3-5年相关工作经验", 3), ("三至五年工作经验", 3), ("工作年限:3~5年", 3),  # a range: its least
    ("从事人力资源工作3年以上", 3), ("每周工作5天", None)])
def test_experience(text, years):
    assert experience_of(text) == years


def test_traditional_heading_over_simplified_text_is_converted():
    record = one_record("客服專員崗位職責\n1、接听客户电话\n2、处理客户投诉\n")
    assert (record.title, record.duties) == ("客服专员", DUTIES[:2])


def test_traditional_page_is_converted_and_flagged():
    record = one_record("營運總監 崗位職責:\n1、策劃推進公司的業(yè)務運營戰(zhàn)略\n2、制定公司運營標準並監督實施\n")
    assert record.title == "营运总监" and record.script == "traditional"
    assert record.duties == ["策划推进公司的业务运营战略", "制定公司运营标准并监督实施"]
    assert record.original_title.startswith("營運總監")


def test_department_head_prose_fills_the_head_record():
    text = ("A. 设计部\n●部门负责人:设计部主管 设计经理直接对产品及开发总监负责,所领导的团队包括设计师及设计助理。\n"
            "3.部门职能\n●负责每个季度产品的开发设计\n4.设计部主管职责\n●管理设计团队运作\n")
    records = {r.title: r for r in parse_text(text, "t.txt")}
    head = records["设计部主管"]
    assert (head.superior, head.subordinates) == ("产品及开发总监", ["设计师", "设计助理"])
    assert records["设计部"].superior is None


def test_list_intro_sentences_are_not_duties_and_name_their_owner():
    text = ("客户服务部职能\n该部门的职能主要包括以下几个方面:\n1. 接听客户电话\n2. 处理客户投诉\n"
            "以下是客户服务部人员的主要工作职责:\n1. 完成上级交办的其他工作\n")
    records = parse_text(text, "t.txt")
    assert [(r.title, r.duties) for r in records] == [
        ("客户服务部", DUTIES[:2]), ("客户服务部人员", DUTIES[2:])]


def test_html_list_items_stay_items(tmp_path):
    from pipeline.ingest import read_document
    from pipeline.parse import parse_document

    page = tmp_path / "p.html"
    page.write_text(
        "<html><body><h1>客服经理岗位职责</h1><table><tr><td>岗位名称</td><td>客服经理</td>"
        "<td>直接上级</td><td>总经理</td></tr></table><p>岗位职责：</p><ol><li>负责客服部的日常管理工作；</li>"
        "<li>日常会议</li><li>2、处理客户的重大投诉</li></ol></body></html>", encoding="utf-8")
    record, = parse_document(read_document(page, tmp_path))
    assert (record.title, record.superior) == ("客服经理", "总经理")
    assert record.duties == ["负责客服部的日常管理工作", "日常会议", "处理客户的重大投诉"]


def test_recruitment_post_layout():
    text = ("【急聘】客服专员\n薪资:4000-6000元/月\n职位描述:\n1. 接听客户电话\n2. 处理客户投诉\n"
            "任职要求:\n1. 大专及以上学历\n2. 1年以上客服经验\n")
    record = one_record(text)
    assert (record.title, record.duties, record.education, record.experience_years) == (
        "客服专员", DUTIES[:2], "大专", 1)


def test_roles_listed_one_after_another_under_a_page_title():
    text = ("客服部各岗位职责\n一、客服主管\n1、接听客户电话\n2、处理客户投诉\n"
            "二、客服专员\n1、完成上级交办的其他工作\n")
    assert [(r.title, len(r.duties)) for r in parse_text(text, "t.txt")] == [("客服主管", 2), ("客服专员", 1)]


def test_quality_warnings():
    long_duty = "負責" + "客戶服務" * 60
    record = one_record(f"客服專員崗位職責\n1、{long_duty}\n")
    assert "converted from traditional Chinese" in record.warnings
    assert "only one duty found" in record.warnings
    assert any("longer than" in w for w in record.warnings)


def test_department_from_belongs_to_prose():
    record = one_record("业务受理组职责\n业务受理组隶属于客户服务中心,主要负责业务咨询及投诉受理工作。\n")
    assert (record.kind, record.department) == ("department", "客户服务中心")


@pytest.mark.parametrize("name,kind", [
    ("审核员", "role"), ("规划师", "role"), ("负责人", "role"), ("客服部", "department"),
    ("统筹客服部", None), ("负责人员培训", None), ("物业内部", None), ("本科", None), ("部门", "department"),
    ("总经办", "department"), ("督办", None), ("导购", "role"), ("文字编辑", "role"), ("门卫", "role"),
])
def test_name_kind(name, kind):
    from pipeline.parse.titles import name_kind

    assert name_kind(name) == kind


def test_site_chrome_ends_the_open_record():
    text = ("客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n"
            "- 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑\n"
            "Role 角色\n• Salesmen 贩卖者\n")
    assert one_record(text).duties == DUTIES[:2]


def test_chinese_colon_labels_carry_across_lines():
    text = ("客服部职能一:对内职能\n1.接听客户电话\n2.处理客户投诉。\n并提出合理的解决方案供领导参考二:对外职能\n"
            "1.完成上级交办的其他工作\n")
    record = one_record(text)
    assert record.duties == ["接听客户电话", "处理客户投诉。并提出合理的解决方案供领导参考", "完成上级交办的其他工作"]


@pytest.mark.parametrize("line", ["沈阳某某滑雪运动管理有限公司", "产品经理岗位职责编码[BBX968T-XBB8968-NNJ668-MM9N]"])
def test_organisation_names_and_document_codes_are_not_duties(line):
    record = one_record(f"客服专员岗位职责\n1、接听客户电话\n{line}\n2、处理客户投诉\n")
    assert record.duties == DUTIES[:2]


def test_name_label_glued_to_a_heading():
    record = one_record("(一)产品总监职务名称:产品总监\n直接上级:副总经理\n岗位职责:\n1.接听客户电话\n")
    assert (record.title, record.superior) == ("产品总监", "副总经理")


def test_repeated_row_index_beside_a_broken_line_is_dropped():
    text = "客服专员岗位职责\n1、接听客户电话,记录客\n1\n户需求\n2、处理客户投诉\n"
    assert one_record(text).duties == ["接听客户电话,记录客户需求", "处理客户投诉"]


def test_page_number_between_the_halves_of_a_broken_line_is_dropped():
    text = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n3、维护客户档案,定期回\n2\n访客户\n4、完成上级交办的其他工作\n"
    assert one_record(text).duties == ["接听客户电话", "处理客户投诉", "维护客户档案,定期回访客户", "完成上级交办的其他工作"]


def test_a_sub_list_does_not_hide_the_next_item_glued_after_it():
    """1、… (1)…(2)… then 2、 glued to the last sub-item: each numbering style keeps its own count."""
    text = "客服专员岗位职责\n1、接听客户电话 (1)记录客户需求(2)建立客户档案2、处理客户投诉。\n"
    # 1、接听客户电话 heads the sub-list: a group heading, no item (ANNOTATION "Group headings")
    assert one_record(text).duties == ["记录客户需求", "建立客户档案", "处理客户投诉"]


def test_a_passage_the_page_repeats_is_listed_once():
    text = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n1、接听客户电话\n2、处理客户投诉\n"
    assert one_record(text).duties == DUTIES[:2]


def test_a_closing_summary_is_not_a_duty():
    text = ("客服专员岗位职责\n1、接听客户电话。\n2、处理客户投诉。\n"
            "总结:客服专员是公司与客户之间重要的桥梁。\n通过积极的沟通和专业的服务提高客户满意度。\n")
    assert one_record(text).duties == DUTIES[:2]


@pytest.mark.parametrize("line", ["产品部编制总监1人,产品主管1人,产品经理1人,设计师2人", "管理权", "建议权、知情权、执行权"])
def test_staffing_lists_and_bare_authorities_are_not_duties(line):
    record = one_record(f"客服专员岗位职责\n1、接听客户电话\n2、{line}\n3、处理客户投诉\n")
    assert record.duties == DUTIES[:2]


def test_knowledge_requirements_are_not_duties():
    text = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n必要知识\n1、熟悉客户服务流程\n"
    record = one_record(text)
    assert record.duties == DUTIES[:2] and record.requirements == ["熟悉客户服务流程"]


def test_section_header_between_spaces_before_a_numbered_list():
    """Line breaks turned into spaces: 任职要求 stands between two lists with no colon."""
    text = "网店客服岗位职责 1.负责在线解答顾客咨询 2.负责订单跟踪与售后处理 任职要求 1.熟练使用办公软件\n"
    record = one_record(text)
    assert record.duties == ["负责在线解答顾客咨询", "负责订单跟踪与售后处理"]
    assert record.requirements == ["熟练使用办公软件"]
    # a duty may end with a word that also names a section: that one stays in the duty
    assert one_record("客服主管岗位职责 1、负责部门 日常工作 2、处理客户投诉\n").duties == ["负责部门日常工作", "处理客户投诉"]


@pytest.mark.parametrize("numbering", ["1:", "1："])
def test_numbers_with_a_colon(numbering):
    lines = "\n".join(numbering.replace("1", str(i)) + duty for i, duty in enumerate(DUTIES, 1))
    assert one_record("客服专员岗位职责\n" + lines + "\n").duties == DUTIES


def test_recruitment_labels_name_the_position():
    text = "招聘职位：客服专员\n工作地点：上海\n岗位职责：\n1、接听客户电话\n2、处理客户投诉\n任职要求：\n1、中专以上学历\n"
    record = one_record(text)
    assert (record.title, record.duties, record.education) == ("客服专员", DUTIES[:2], "中专")


def test_a_degree_under_requirements_is_a_requirement_not_a_header():
    text = "客服专员\n岗位职责：\n● 接听客户电话\n● 处理客户投诉\n任职资格：\n● 大专学历\n● 一年以上客服经验\n"
    assert one_record(text).requirements == ["大专学历", "一年以上客服经验"]


def test_requirement_naming_a_role_after_an_amount_is_kept_whole():
    """一年以上客服工作经验: 客服 before 工作经验 does not make it a 'position's' header."""
    text = "客服专员岗位职责\n1、接听客户电话\n任职要求：\n1、大专及以上学历；\n2、一年以上客服工作经验；\n"
    assert one_record(text).requirements == ["大专及以上学历", "一年以上客服工作经验"]


def test_short_superior_and_subordinate_labels_need_their_colon():
    record = one_record("岗位：客服专员 部门：客服部 上级：客服主管 下属：无\n职责：1、接听客户电话 2、处理客户投诉\n")
    assert (record.department, record.superior, record.subordinates) == ("客服部", "客服主管", [])
    record = one_record("客服专员岗位职责\n1、服从上级安排,接听客户电话\n2、指导下属完成客户回访\n")
    assert record.duties == ["服从上级安排,接听客户电话", "指导下属完成客户回访"] and record.superior is None


def test_requirements_before_the_duties_belong_to_the_name_above_them():
    text = "客服专员\n任职要求：\n1、大专以上学历\n2、普通话标准\n岗位职责：\n1、接听客户电话\n2、处理客户投诉\n"
    record = one_record(text)
    assert (record.duties, record.requirements, record.education) == (DUTIES[:2], ["大专以上学历", "普通话标准"], "大专")


def test_pay_and_benefits_are_not_duties():
    text = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n薪资待遇：\n1、底薪3000+提成\n2、五险一金\n"
    assert one_record(text).duties == DUTIES[:2]


def test_a_comma_at_a_line_break_stays_between_the_joined_halves():
    text = "客服前台岗位职责\n1、负责业主资料的整理与归档，\n做好保密工作；\n2、处理客户投诉\n"
    assert one_record(text).duties == ["负责业主资料的整理与归档,做好保密工作", "处理客户投诉"]


def test_running_page_header_is_not_joined_to_the_item_above():
    text = ("客服前台岗位职责\n1、负责收取物业管理费，开具收据；\nXX物业管理有限公司 岗位说明书 第 2 页\n"
            "2、完成上级交办的其他工作。\n")
    assert one_record(text).duties == ["负责收取物业管理费,开具收据", "完成上级交办的其他工作"]


def test_a_note_after_the_list_is_not_part_of_the_last_duty():
    text = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n注：本岗位需要轮班。\n"
    assert one_record(text).duties == DUTIES[:2]
    text = "客服专员岗位职责\n1、关注客户反馈\n2、注意服务态度\n3、注重细节\n"  # 注 inside duties is no note
    assert one_record(text).duties == ["关注客户反馈", "注意服务态度", "注重细节"]


@pytest.mark.parametrize("title", ["2023年最新客服专员岗位职责", "最新客服专员岗位职责", "2023年度客服专员工作职责"])
def test_date_and_freshness_words_before_the_name_are_not_the_name(title):
    record = one_record(f"{title}\n1、接听客户电话\n2、处理客户投诉\n")
    assert (record.title, record.duties) == ("客服专员", DUTIES[:2])


def test_job_board_post_title_with_pay_and_footer_sections():
    text = ("客服专员 4000-6000元/月\n职位描述\n岗位职责：\n1.接听客户电话；\n2.处理客户投诉；\n任职要求：\n"
            "1.大专及以上学历；\n职能类别：客服专员\n关键字：客服 售后\n上班地址：上海市浦东新区\n公司信息\n"
            "某某公司成立于2010年，是一家专业的电子商务公司。\n")
    record = one_record(text)
    assert (record.title, record.duties, record.requirements) == ("客服专员", DUTIES[:2], ["大专及以上学历"])


def test_the_longest_section_word_decides_the_section():
    """职责概述 is a summary, not the duties word 职责 followed by 概述."""
    record = one_record("客服经理岗位职责\n职责概述：负责客服部的整体工作。\n1、接听客户电话\n2、处理客户投诉\n")
    assert (record.summary, record.duties) == ("负责客服部的整体工作", DUTIES[:2])


def test_a_sentence_naming_the_position_opens_its_list():
    record = one_record("客服专员的主要职责包括：\n1、接听客户电话\n2、处理客户投诉\n")
    assert (record.title, record.duties) == ("客服专员", DUTIES[:2])


def test_a_bare_number_out_of_sequence_stays_text():
    text = "客服专员岗位职责\n1、接听客户电话\n24小时在线值班\n2、处理客户投诉\n"
    assert one_record(text).duties == ["接听客户电话24小时在线值班", "处理客户投诉"]


def test_no_requirement_is_a_requirement_too():
    text = "客服专员\n岗位职责：\n1、接听客户电话\n任职要求：\n1、经验不限\n2、学历不限\n"
    assert one_record(text).requirements == ["经验不限", "学历不限"]
    text = "客服专员\n岗位职责：\n1、接听客户电话\n任职要求：\n学历要求大专及以上学历\n"  # header glued to its value
    assert one_record(text).requirements == ["大专及以上学历"]


def test_a_cut_off_preview_of_a_record_is_dropped_but_a_repeat_stays():
    full = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n3、回访客户\n"
    preview = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n"
    assert [len(r.duties) for r in parse_text(preview + "\n" + full, "t.txt")] == [3]
    assert [len(r.duties) for r in parse_text(full + "\n" + full, "t.txt")] == [3, 3]  # a 合集 prints it twice
    variants = full + "\n" + "客服专员岗位职责\n1、接听客户电话\n2、整理客户档案\n"
    assert [len(r.duties) for r in parse_text(variants, "t.txt")] == [3, 2]
    shared = full + "\n" + "客服专员岗位职责\n1、回访客户\n2、接听客户电话\n"  # its duties recur, but it is no preview
    assert [len(r.duties) for r in parse_text(shared, "t.txt")] == [3, 2]


def test_bracketed_labels_head_their_sections():
    text = ("客服专员岗位职责 【工作时间】 每周休息一天。 【服装礼仪】 着装大方得体。 "
            "【客服工作责任】 1、接听客户电话； 2、处理客户投诉。 【保密制度】 不得泄露客户资料。 "
            "【任职要求】 1、大专学历\n")
    record = one_record(text)
    assert (record.duties, record.requirements) == (DUTIES[:2], ["大专学历"])


def test_a_bracketed_reply_in_a_call_script_is_not_a_section():
    text = "客服专员岗位职责\n1、回访客户，询问是否满意？ 【满意】：感谢您的答复\n2、处理客户投诉\n"
    assert one_record(text).duties == ["回访客户,询问是否满意? 【满意】:感谢您的答复", "处理客户投诉"]


def test_a_column_label_left_after_an_item_is_cut_off():
    text = "客服专员岗位职责\n1、接听客户电话 工作任务 2、处理客户投诉\n"
    assert one_record(text).duties == DUTIES[:2]
    text = "客服专员岗位职责\n1、接听客户电话 认真负责\n2、处理客户投诉\n"  # not a section word: the item's own
    assert one_record(text).duties == ["接听客户电话认真负责", "处理客户投诉"]


def test_a_numbered_duty_group_keeps_its_first_item():
    """职责一: is the group's name, not the word 职责 and a Chinese-numbered item 一."""
    text = "客服专员岗位职责\n职责一: 客服部规章制度的建设 1.接听客户电话\n2.处理客户投诉\n职责二: 其他 1.完成上级交办的其他工作\n"
    assert one_record(text).duties == DUTIES


def test_a_sentence_saying_what_the_unit_is_is_its_summary():
    text = "客户服务部职责\n客户服务部是公司的重要部门，负责与客户建立和维护关系。\n1、接听客户电话\n2、处理客户投诉\n"
    record = one_record(text)
    assert (record.summary, record.duties) == ("客户服务部是公司的重要部门,负责与客户建立和维护关系", DUTIES[:2])
    text = "客服专员岗位职责\n负责客户服务部的日常接待。\n1、接听客户电话\n"  # an unnumbered duty stays one
    assert one_record(text).duties == ["负责客户服务部的日常接待", "接听客户电话"]


def test_a_group_numbered_like_a_duty_group_before_it_is_duties_whatever_its_name():
    text = "淘宝客服岗位职责\n一.产品知识\n1.接听客户电话\n二.销售技巧\n1.处理客户投诉\n"
    assert one_record(text).duties == DUTIES[:2]
    procedures = "客服岗位职责\n一、投诉处理流程\n1.受理投诉\n二、回访规范\n1.三日内回访\n"  # no duty group first
    assert parse_text(procedures, "t.txt") == []


def test_a_bare_name_numbered_like_the_duty_groups_is_one_more_group():
    text = ("淘宝客服岗位职责\n一.产品知识\n1.熟悉公司产品知识\n二.售后处理\n1.解决售后问题\n"
            "三.售前接待\n1.接待顾客咨询\n")
    record = one_record(text)
    assert record.duties == ["熟悉公司产品知识", "解决售后问题", "接待顾客咨询"]
    collection = "一、客服主管\n1.负责客服团队管理\n二、客服专员\n1.接听客户电话\n"  # names, not groups
    assert [r.title for r in parse_text(collection, "t.txt")] == ["客服主管", "客服专员"]
    # after a section that is not duties (二、工作权限), a name numbered alike is the next position
    text = "客服岗位职责\n一、日常管理\n1、接听客户电话\n二、工作权限\n1、考核权\n三、客服主管\n1、负责客服团队管理\n"
    assert [r.title for r in parse_text(text, "t.txt")] == ["客服", "客服主管"]


def test_a_duty_table_with_one_cell_per_line_keeps_its_columns_apart():
    rows = "".join(f"{i}\n{duty}\n{standard}\n" for i, (duty, standard) in
                   enumerate(zip(DUTIES, ["接通率95%", "投诉处理及时率100%", "按时完成"]), 1))
    record = one_record("客服专员岗位说明书\n工作职责\n序号\n职责描述\n工作标准\n" + rows + "任职资格\n大专及以上\n")
    assert (record.duties, record.kpis) == (DUTIES, ["接通率95%", "投诉处理及时率100%", "按时完成"])
    # the next position's list, unnumbered lines and all, is not read as that table
    text = ("客服专员岗位说明书\n工作职责\n序号\n职责描述\n工作标准\n1\n接听客户电话\n接通率95%\n"
            "客服主管岗位职责\n1、负责客服团队的管理，\n制定排班计划\n")
    assert parse_text(text, "t.txt")[1].duties == ["负责客服团队的管理,制定排班计划"]
    # a space inside a duty cell does not split it when the cells come one per line
    text = "客服专员岗位说明书\n工作职责\n序号\n职责描述\n工作标准\n1\n接听客户 电话\n接通率95%\n"
    assert (one_record(text).duties, one_record(text).kpis) == (DUTIES[:1], ["接通率95%"])


@pytest.mark.parametrize("text, kpis", [
    # a row on one line is cut into its cells
    ("客服主管岗位说明书\n工作职责\n序号 职责描述 工作标准\n1 接听客户电话 接通率95%\n"
     "2 处理客户投诉 及时率100%\n任职资格\n大专及以上学历\n", ["接通率95%", "及时率100%"]),
    # the header row opens with the duty column; the rows carry numbers it has no column for
    ("客服专员岗位说明书\n职责描述 工作标准 权重\n1 接听客户电话 30秒内接听 30%\n"
     "2 处理客户投诉 24小时内回复 40%\n", ["30秒内接听", "24小时内回复"]),
    # unnumbered rows, one cell a line
    ("客服专员岗位说明书\n工作内容\n工作标准\n接听客户电话\n30秒内接听,解答准确率100%\n"
     "处理客户投诉\n24小时内回复客户\n任职要求：\n大专学历\n", ["30秒内接听,解答准确率100%", "24小时内回复客户"]),
])
def test_a_standards_table_gives_duties_and_their_standards(text, kpis):
    record = one_record(text)
    assert (record.duties, record.kpis) == (DUTIES[:2], kpis)


def test_a_requirement_broken_mid_clause_is_joined_again():
    text = ("客服主管岗位职责\n1、接听客户电话\n任职资格\n1、本科及以上学历，5年以上客服管理经验，\n"
            "其中3年以上同等职位经验；\n2、普通话标准\n经验不限\n")
    assert one_record(text).requirements == ["本科及以上学历,5年以上客服管理经验,其中3年以上同等职位经验",
                                             "普通话标准", "经验不限"]


@pytest.mark.parametrize("text", ["客服专员岗位职责是什么", "客服专员岗位职责有哪些", "客服专员工作职责怎么写",
                                  "客服专员的职责包括哪些"])
def test_a_question_title_names_its_position(text):
    assert (heading(text).name, heading(text).kind) == ("客服专员", "role")


def test_a_line_the_site_prints_inside_a_document_does_not_end_it():
    text = "客服专员岗位职责\n发布时间：2023-05-12 10:21 阅读：1200\n1、接听客户电话\n展开阅读全文\n2、处理客户投诉\n"
    assert one_record(text).duties == DUTIES[:2]
    text = "客服专员岗位职责\n1、接听客户电话\n2、处理客户投诉\n相关文档推荐\n客服主管岗位职责 5页\n"
    assert one_record(text).duties == DUTIES[:2]  # chrome still ends the block


@pytest.mark.parametrize("marker", ["范文一", "范文2", "模板1"])
def test_numbered_model_texts_are_variants(marker):
    text = (f"客服岗位职责精选10篇\n客服岗位职责{marker}\n1、接听客户电话；\n2、处理客户投诉。\n"
            f"客服岗位职责{marker[:-1]}三\n1、回访客户；\n")
    assert [(r.title, len(r.duties)) for r in parse_text(text, "t.txt")] == [("客服", 2), ("客服", 1)]


def test_job_board_second_person_headers():
    text = ("高级客服专员\n你将负责：\n1. 接听客户电话；\n2. 处理客户投诉。\n我们希望你：\n"
            "1. 本科及以上学历，3年以上客服经验；\n加分项：\n有电商客服经验者优先。\n")
    record = one_record(text)
    assert (record.title, record.duties) == ("高级客服专员", DUTIES[:2])
    assert record.requirements == ["本科及以上学历,3年以上客服经验", "有电商客服经验者优先"]


@pytest.mark.parametrize("text", ["客服专员岗位职责\n【客户服务】\n1、接听客户电话\n【投诉处理】\n1、处理客户投诉\n",
                                  "客服专员岗位职责\n【客户服务】1、接听客户电话\n【投诉处理】1、处理客户投诉\n"])
def test_a_bracketed_label_over_a_numbered_list_is_a_group_of_duties(text):
    assert one_record(text).duties == DUTIES[:2]


def test_a_section_word_inside_a_running_list_stays_in_its_item():
    text = "客服专员岗位职责\n1、协助人事部门办理员工 福利 2、接听客户电话\n3、处理客户投诉\n"
    assert one_record(text).duties == ["协助人事部门办理员工福利", *DUTIES[:2]]


def test_an_essay_opening_a_group_of_duties_is_not_a_duty():
    text = ("客服部职能\n一:对内职能客户服务工作的核心价值,就是通过提供良好的服务提升客户满意度。\n"
            "1.接听客户电话\n2.处理客户投诉\n")
    assert one_record(text).duties == DUTIES[:2]
    text = "客服部职能\n一、负责客服部的日常管理,包括:\n1.接听客户电话\n"  # no essay: the item stays
    assert one_record(text).duties == ["负责客服部的日常管理,包括", DUTIES[0]]


def test_a_duty_statement_under_a_bare_group_number_is_a_duty():
    """职责一 / 职责表述: … on two lines reads as 职责一、职责表述: … on one."""
    one_line = "客服主管岗位说明书\n职责一、职责表述: 负责客户投诉的处理\n工作任务:\n1、接听客户电话\n"
    two_lines = "客服主管岗位说明书\n职责一\n职责表述: 负责客户投诉的处理\n工作任务:\n1、接听客户电话\n"
    assert one_record(one_line).duties == one_record(two_lines).duties == ["负责客户投诉的处理", DUTIES[0]]


def test_a_number_before_a_number_cuts_only_where_the_list_continues():
    """2、3年 reads "two or three years", except as the next item of a running list."""
    text = "销售经理岗位职责：1、接听客户电话；2、3个月内完成客户回访；3、处理客户投诉。"
    assert one_record(text).duties == [DUTIES[0], "3个月内完成客户回访", DUTIES[1]]
    text = "销售经理岗位职责：1、负责开拓2、3线城市市场；2、接听客户电话。"
    assert one_record(text).duties == ["负责开拓2、3线城市市场", DUTIES[0]]


def test_a_short_duty_that_ends_like_a_unit_name_is_a_duty():
    text = "销售经理岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、带领团队。\n"
    assert one_record(text).duties == [*DUTIES[:2], "带领团队"]


@pytest.mark.parametrize("marks", [
    ["一）", "二）", "三）"], ["第一，", "第二，", "第三，"], ["[1]", "[2]", "[3]"], ["【1】", "【2】", "【3】"],
    ["* "] * 3, ["→"] * 3, ["※"] * 3, ["√"] * 3,
    ["Ø "] * 3, ["ü "] * 3,  # Wingdings bullets (➢ ✓) a Word/PDF export lost its font for
])
def test_more_numbering_and_bullet_styles_are_removed_from_duties(marks):
    text = "客服专员岗位职责\n" + "".join(f"{mark}{duty}\n" for mark, duty in zip(marks, DUTIES))
    assert one_record(text).duties == DUTIES


def test_an_arrow_inside_a_duty_is_prose_not_a_bullet():
    text = "客服专员岗位职责\n1、处理订单:接单→审核→发货；\n2、接听客户电话\n"
    assert one_record(text).duties == ["处理订单:接单→审核→发货", DUTIES[0]]


@pytest.mark.parametrize("line, field, value", [
    ("归属部门：市场部", "department", "市场部"),
    ("部  门：市场部", "department", "市场部"),  # a label spaced out to its table cell
    ("所属部门|市场部", "department", "市场部"),
    ("直接主管：市场经理", "superior", "市场经理"),
    ("上级领导：市场经理", "superior", "市场经理"),
    ("报告对象：市场经理", "superior", "市场经理"),
])
def test_more_header_labels(line, field, value):
    record = one_record(f"市场专员岗位说明书\n{line}\n岗位职责：\n1、接听客户电话\n")
    assert (getattr(record, field), record.duties) == (value, DUTIES[:1])


def test_a_label_that_also_opens_a_sentence_needs_a_colon():
    text = "客服主管岗位职责\n1、直接领导客服团队完成服务指标；\n2、上级领导交办的其他任务\n"
    record = one_record(text)
    assert (record.superior, record.duties) == (None, ["直接领导客服团队完成服务指标", "上级领导交办的其他任务"])


def test_a_requirement_cell_after_a_finished_duty_is_not_more_of_it():
    """A table row flattened one cell per line: the 任职要求 cell follows the last duty."""
    text = "客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉。\n本科以上学历，3年以上客服经验\n"
    record = one_record(text)
    assert (record.duties, record.requirements) == (DUTIES[:2], ["本科以上学历,3年以上客服经验"])
    assert (record.education, record.experience_years) == ("本科", 3)
    text = "客服专员岗位职责\n1、接听客户电话，\n本科生客户的来电优先处理。\n"  # a broken duty goes on
    assert one_record(text).duties == ["接听客户电话,本科生客户的来电优先处理"]


def test_a_table_of_positions_flattened_one_cell_per_line_gives_a_record_per_row():
    """岗位职责一览表: 序号 / 岗位名称 / 岗位职责 (/ 任职要求), then each row's cells, one per line."""
    text = ("客服部岗位职责一览表\n序号\n岗位名称\n岗位职责\n任职要求\n"
            "1\n客服经理\n负责客服部全面管理工作，组织客服培训。\n本科以上学历，5年以上客服管理经验\n"
            "2\n客服专员\n接听客户电话，处理客户投诉\n大专以上学历\n")
    records = parse_text(text)
    assert [(r.title, r.duties, r.education) for r in records] == [
        ("客服经理", ["负责客服部全面管理工作,组织客服培训"], "本科"),
        ("客服专员", ["接听客户电话,处理客户投诉"], "大专"),
    ]
    numbered = text.replace("负责客服部全面管理工作，组织客服培训。", "1、负责客服部全面管理工作；\n2、组织客服培训。")
    assert [(r.title, r.duties) for r in parse_text(numbered)][0] == ("客服经理", ["负责客服部全面管理工作", "组织客服培训"])


def test_a_numbered_name_over_a_cell_without_a_clause_is_not_a_row():
    text = "客服经理岗位职责\n1、接听客户电话\n2、客服专员\n客服营销经理 营销客户服务部\n3、处理客户投诉\n"
    assert [r.title for r in parse_text(text)] == ["客服经理"]


def test_requirements_at_the_end_of_one_job_board_list_are_not_duties():
    text = ("客服专员\n职位描述：\n1、接听客户电话；\n2、处理客户投诉；\n"
            "3、大专及以上学历，专业不限；\n4、1年以上客服工作经验；\n5、普通话标准。\n")
    record = one_record(text)
    assert record.duties == DUTIES[:2]
    assert record.requirements == ["大专及以上学历,专业不限", "1年以上客服工作经验", "普通话标准"]
    assert (record.education, record.experience_years) == ("大专", 1)


@pytest.mark.parametrize("title", [
    "岗位职责-客服专员", "2024客服专员岗位职责", "《客服专员岗位职责》", "客服专员主要做什么", "关于客服专员的岗位职责",
    "客服专员岗位职责描述", "客服专员岗位职责内容", "客服专员职责简述", "客服专员岗位职责_文档之家", "优秀客服专员岗位职责",
])
def test_more_title_wrappers(title):
    assert one_record(f"{title}\n1、接听客户电话；\n2、处理客户投诉。\n").title == "客服专员"


@pytest.mark.parametrize("title", ["客服专员岗位职责(通用10篇)", "客服专员岗位职责共3篇", "客服专员岗位职责大全"])
def test_a_collection_title_with_a_list_right_under_it_heads_that_list(title):
    record = one_record(f"{title}\n1、接听客户电话；\n2、处理客户投诉。\n")
    assert (record.title, record.duties) == ("客服专员", DUTIES[:2])
    # With the site's intro under it, the collection title still heads nothing.
    text = f"{title}\n客服专员岗位职责很重要,你知道如何来写吗?\n• 接听客户电话\n"
    assert parse_text(text) == []


def test_a_bare_requirements_label_with_a_colon_starts_the_requirements():
    text = "职位：客服专员\n职责：\n1、接听客户电话；\n2、处理客户投诉。\n要求：大专以上学历\n"
    record = one_record(text)
    assert (record.duties, record.requirements, record.education) == (DUTIES[:2], ["大专以上学历"], "大专")
    text = "客服专员岗位职责\n一、服务要求\n1、接听客户电话\n"  # no colon: a group of duties
    assert one_record(text).duties == DUTIES[:1]


def test_short_unnumbered_lines_that_are_a_verb_and_its_object_are_duties():
    assert one_record("客服专员岗位职责\n接听客户电话\n处理客户投诉\n完成上级交办的其他工作\n").duties == DUTIES
    # topics of a table's first column stay out (no record without duties)
    assert parse_text("客服专员岗位职责\n市场调研\n培训管理\n客户资料管理\n") == []


def test_a_list_of_related_articles_with_dates_adds_no_duty():
    text = ("出纳岗位职责\n1、接听客户电话；\n2、处理客户投诉。\n扩展阅读\n"
            "会计岗位职责 2024-01-02\n出纳岗位职责范文 2024/1/3\n财务经理岗位职责\n")
    assert [(r.title, r.duties) for r in parse_text(text)] == [("出纳", DUTIES[:2])]


def test_a_numbered_item_broken_before_a_section_word_goes_on():
    """…确保 / 部门目标的达成; : 目标 inside a sentence the page broke is no KPI header."""
    text = ("客服经理岗位职责\n1、负责制定部门年度工作计划,确保\n部门目标的达成；\n2、负责客服团队建设,达成\n"
            "目标；\n3、接听客户电话\n")
    assert one_record(text).duties == ["负责制定部门年度工作计划,确保部门目标的达成", "负责客服团队建设,达成目标",
                                       DUTIES[0]]


def test_an_item_that_ends_like_a_title_but_has_de_in_it_is_a_duty():
    text = "专员岗位职责\n1、接听客户电话；\n2、兼任企业内刊的通讯员。\n3、客服主管\n"
    assert one_record(text).duties == [DUTIES[0], "兼任企业内刊的通讯员"]


def test_a_page_wrapped_at_one_width_is_read_as_if_unwrapped():
    """A PDF export: most long lines share one width, and a line that reaches it without a stop
    goes on in the next line, unnumbered paragraphs too."""
    sentences = ["负责制定客户服务部年度工作计划,并组织实施,确保部门目标的达成", "负责建立和完善客户服务体系,制定客户服务标准和工作流程,并监督执行",
                 "负责处理重大客户投诉,协调相关部门解决客户问题,维护公司形象", "负责部门员工的招聘、培训和考核工作,提升团队的整体服务水平",
                 "定期组织召开部门例会,总结工作中的问题并提出改进措施"]
    body = "".join(f"{s}。" for s in sentences)
    text = "客户服务部经理岗位职责\n" + "\n".join(body[k:k + 20] for k in range(0, len(body), 20)) + "\n"
    assert one_record(text).duties == sentences
    # lines of a natural page, with no common width, stay apart even without a full stop
    lines = ["负责公司网站的日常维护和内容更新工作并及时处理问题", "负责客户咨询的接待和回复并做好相关记录"]
    assert one_record("客服专员岗位职责\n" + "\n".join(lines) + "\n").duties == lines


def test_a_list_wrapped_at_the_page_width_reads_like_the_unwrapped_list():
    """A PDF export breaks every long item; no piece of a broken item may pass for a heading,
    a section header or a new item, wherever the break falls."""
    duties = ["贯彻执行项目负责人和客服主管的工作指令,向客服主管负责", "制订服务标准、工作规范和工作流程,提供客服培训",
              "根据客服管理工作的实际工作及考核标准,进行本部门人员的绩效考核", "制定部门的年度工作计划和目标,确保部门目标的达成"]
    items = "".join(f"{i}、{duty}；" for i, duty in enumerate(duties, 1))
    for width in (14, 16, 20, 24):
        text = "前台客服岗位职责\n" + "\n".join(items[k:k + width] for k in range(0, len(items), width)) + "\n"
        assert one_record(text).duties == duties, width


@pytest.mark.parametrize("mark", ["— 2 —", "·2·", "2"])
def test_a_page_number_between_the_halves_of_a_broken_item_is_dropped(mark):
    """A bare 2 there is a page mark, not the next item's number: item 2、 comes after it."""
    text = f"客服专员岗位职责\n1、接听客户电话，记录客户\n{mark}\n需求并及时反馈；\n2、处理客户投诉。\n"
    assert one_record(text).duties == ["接听客户电话,记录客户需求并及时反馈", DUTIES[1]]


def test_a_bilingual_job_board_page():
    text = ("Customer Service Specialist 客服专员\n岗位职责 Responsibilities:\n1. 接听客户电话；\n2. 处理客户投诉；\n"
            "Requirements:\n1. 大专及以上学历；\n")
    record = one_record(text)
    assert (record.title, record.duties, record.requirements) == ("客服专员", DUTIES[:2], ["大专及以上学历"])


def test_a_department_page_with_its_positions_below():
    text = ("客服部职责及岗位设置\n一、部门职责\n1、接听客户电话；\n2、处理客户投诉。\n二、岗位职责\n"
            "（一）客服经理\n1、完成上级交办的其他工作。\n")
    assert [(r.kind, r.title, r.duties) for r in parse_text(text)] == [
        ("department", "客服部", DUTIES[:2]), ("role", "客服经理", DUTIES[2:])]


def test_short_duties_under_a_bare_duties_label_are_not_column_labels():
    text = "客服专员\n岗位职责：\n接听客户电话\n处理客户投诉\n完成上级交办的其他工作\n"
    assert one_record(text).duties == DUTIES


def test_a_document_control_row_is_no_duty():
    text = "客服专员岗位职责\n版本/版次 编制/修改人\n审核人 批准人 生效日期\n1、接听客户电话\n"
    assert one_record(text).duties == DUTIES[:1]


def test_a_value_that_ends_a_line_with_a_number_does_not_join_the_next_line():
    record = one_record("客服专员岗位说明书\n岗位定员 2\n直接上级 客服经理\n岗位职责\n1、接听客户电话\n")
    assert (record.superior, record.duties) == ("客服经理", DUTIES[:1])


def test_a_table_of_positions_copied_with_tabs_gives_one_record_per_row():
    text = ("客服部岗位职责一览表\n序号\t岗位名称\t岗位职责\t任职要求\n"
            "1\t客服经理\t接听客户电话，处理客户投诉\t本科以上学历\n2\t客服专员\t完成上级交办的其他工作\t大专以上学历\n")
    assert [(r.title, r.duties, r.education) for r in parse_text(text)] == [
        ("客服经理", ["接听客户电话,处理客户投诉"], "本科"), ("客服专员", DUTIES[2:], "大专")]


def test_a_title_cell_gives_the_name_without_its_wrapper_and_never_a_bare_number():
    record = one_record("职位名称\n客服专员岗位说明书\n岗位职责：\n1、接听客户电话\n")
    assert (record.title, record.duties) == ("客服专员", DUTIES[:1])
    assert [r.title for r in parse_text("职位名称 隶属部门\n2. 销售部门:负责销售工作\n客服专员岗位职责\n1、接听客户电话\n")] == ["客服专员"]


def test_a_bare_name_over_its_demands_opens_the_next_position_after_a_duty_list():
    text = ("客服专员\n任职要求：\n1、大专以上学历\n岗位职责：\n1、接听客户电话\n"
            "客服主管\n任职要求：\n本科以上学历\n岗位职责：\n1、处理客户投诉\n")
    assert [(r.title, r.duties, r.education) for r in parse_text(text)] == [
        ("客服专员", DUTIES[:1], "大专"), ("客服主管", DUTIES[1:2], "本科")]


def test_positions_that_each_open_with_a_bare_name_over_header_fields():
    text = ("客服专员\n所属部门：客服部\n岗位职责：\n1、接听客户电话；\n"
            "客服主管\n所属部门：客服部\n直接上级：客服经理\n岗位职责：\n1、处理客户投诉；\n")
    assert [(r.title, r.department, r.superior, r.duties) for r in parse_text(text)] == [
        ("客服专员", "客服部", None, DUTIES[:1]), ("客服主管", "客服部", "客服经理", DUTIES[1:2])]
