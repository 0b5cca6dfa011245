"""Section headers, flattened duty tables and flattened documents, on small made-up pages."""
from pipeline.parse import parse_text
from pipeline.parse.sections import next_section, section_header, section_number

DUTIES = ["接听客户来电并做好记录", "处理客户投诉并跟踪结果", "完成上级交办的其他工作"]


def one_record(text):
    records = parse_text(text, "t.txt")
    assert len(records) == 1, [r.title for r in records]
    return records[0]


# -- SECT: section headers ------------------------------------------------------

def test_an_unknown_heading_numbered_like_the_duty_header_closes_the_list():
    text = ("仓库主管岗位说明书\n三、岗位职责:\n1、{}\n2、{}\n3、{}\n"
            "四、对外联络事项 质检部、供应商\n五、审批权 采购申请审批权\n").format(*DUTIES)
    record = one_record(text)
    assert record.duties == DUTIES


def test_sections_before_the_duty_header_numbered_like_it_are_not_duties():
    text = ("一、基本资料\n岗位名称:仓库主管\n二、岗位在公司中的位置\n三、上报路线\n"
            "四、岗位职责:\n1、{}\n2、{}\n3、{}\n").format(*DUTIES)
    assert one_record(text).duties == DUTIES


def test_items_numbered_like_their_header_are_items():
    # the list uses the header's own numbering: no sibling section follows
    text = "仓库主管岗位说明书\n一、岗位职责:\n一、{}\n二、{}\n三、{}\n".format(*DUTIES)
    assert one_record(text).duties == DUTIES


def test_sibling_numbering_must_continue_the_header():
    assert section_number("四、 岗位职责") == ("cn", 4)
    assert section_number("(二)工作内容") == ("cn-paren", 2)
    assert section_number("4、岗位职责") is None
    assert next_section("五、权限范围", ("cn", 4))
    assert not next_section("一、权限范围", ("cn", 4))
    assert not next_section("(五)权限范围", ("cn", 4))


def test_a_requirements_section_found_by_its_number_gives_education_and_experience():
    text = ("仓库主管岗位说明书\n四、岗位职责:\n1、{}\n2、{}\n3、{}\n"
            "五、任用资格 受教育程度:大专以上 经验:3年以上仓储工作经验\n").format(*DUTIES)
    record = one_record(text)
    assert record.duties == DUTIES
    assert (record.education, record.experience_years) == ("大专", 3)


def test_a_numbered_header_closed_by_a_full_stop():
    assert section_header("二、岗位职责。") == ("duties", "")
    assert section_header("1、工作概要。") == ("summary", "")
    assert section_header("目标。") is None  # the tail of a broken sentence, not a header


def test_a_header_with_a_qualifier_and_the_table_header_row_after_it():
    assert section_header("三、主要工作职责(按重要性排序) 序号 概述 内容描述") == ("duties", "序号 概述 内容描述")
    text = ("仓库主管岗位说明书\n三、主要工作职责(按重要性排序) 序号 概述 内容描述\n"
            "1、{}\n2、{}\n3、{}\n4、核对每日出入库单据\n1、盘点库存并上报差异\n2、维护仓库货架安全\n").format(*DUTIES)
    record = one_record(text)
    # the numbers of a table's cells restart by row: not a second list
    assert record.duties == DUTIES + ["核对每日出入库单据", "盘点库存并上报差异", "维护仓库货架安全"]


def test_a_requirements_header_wrapped_over_short_lines_in_its_cell():
    text = ("仓库主管岗位说明书\n岗位职责\n1、{}\n2、{}\n3、{}\n"
            "任职\n/资格\n要求\n1、熟悉仓储管理流程\n2、大学本科以上学历\n").format(*DUTIES)
    record = one_record(text)
    assert record.duties == DUTIES
    assert record.requirements == ["熟悉仓储管理流程", "大学本科以上学历"]
    assert record.education == "本科"


def test_a_requirements_header_that_contains_the_word_duties():
    text = "仓库主管岗位职责:\n1、{}\n2、{}\n3、{}\n职责要求:\n1、熟悉仓储管理流程\n2、有叉车操作证\n".format(*DUTIES)
    record = one_record(text)
    assert record.duties == DUTIES
    assert record.requirements == ["熟悉仓储管理流程", "有叉车操作证"]


def test_a_sentence_announcing_the_conditions_opens_the_requirements():
    text = ("店长岗位职责\n1、{}\n2、{}\n3、{}\n因此,一个合格的店长必须具备如下条件:\n"
            "1、熟悉门店的经营管理流程\n2、良好的沟通与协调能力\n").format(*DUTIES)
    record = one_record(text)
    assert record.duties == DUTIES
    assert record.requirements == ["熟悉门店的经营管理流程", "良好的沟通与协调能力"]


# -- TABLE: flattened duty tables ---------------------------------------------------

def test_measure_cells_of_a_task_table_are_not_duties_and_a_wrapped_cell_goes_on():
    text = ("仓库主管岗位说明书\n工作任务\n"
            "编制仓库的月度计划:入库计划、出库计划、\n频次:1次/月\n用时:20\n小时\n盘点计划\n"
            "组织仓库人员做好货物的验收入库\n频次:1次/日\n用时:2小时\n")
    record = one_record(text)
    assert record.duties == ["编制仓库的月度计划:入库计划、出库计划、盘点计划", "组织仓库人员做好货物的验收入库"]


def test_an_unnumbered_line_that_ends_a_sentence_is_not_continued():
    text = "仓库主管岗位职责\n组织仓库人员做好货物的验收入库。\n负责仓库的安全与消防检查工作\n"
    assert one_record(text).duties == ["组织仓库人员做好货物的验收入库", "负责仓库的安全与消防检查工作"]


# -- job-board postings ------------------------------------------------------------

def posting(description):
    return parse_text("仓库管理员\n" + description + "\n", "p.txt")


def test_posting_terms_end_the_duty_list():
    records = posting("岗位职责： 1、{}； 2、{}； 3、{}； 上班时间：9:00-18:00 晋升空间：主管、经理 "
                      "联系人：王先生".format(*DUTIES))
    assert [r.duties for r in records] == [DUTIES]


def test_a_posting_term_glued_to_its_value_is_not_a_duty():
    assert section_header("工作时间早上8点半到下午5点半") == ("other", "早上8点半到下午5点半")
    assert section_header("薪资核算与发放") is None  # an HR duty, not the pay on offer
    records = posting("1、{}； 2、{}； 3、{}； 4、工作时间早上8点半到下午5点半".format(*DUTIES))
    assert [r.duties for r in records] == [DUTIES]


def test_a_posting_that_lists_only_demands_gives_no_record():
    records = posting("职位描述： 1、物流相关专业大专以上学历； 2、熟悉仓库管理流程； 3、能吃苦耐劳，有叉车证者优先； "
                      "4、性格开朗，善于沟通")
    assert records == []


def test_demands_after_the_duties_with_no_header_are_requirements():
    records = posting("1、{}； 2、{}； 3、{}； 4、物流相关专业大专以上学历，2年以上仓储经验； 5、熟练使用办公软件，有叉车证者优先".format(*DUTIES))
    assert [r.duties for r in records] == [DUTIES]
    assert (records[0].education, records[0].experience_years) == ("大专", 2)
    assert len(records[0].requirements) == 2


def test_a_single_demand_like_duty_stays_a_duty():
    records = posting("岗位职责： 1、负责仓库货物的收发与盘点，熟悉库存系统的操作； 2、完成上级交办的其他工作")
    assert [r.duties for r in records] == [["负责仓库货物的收发与盘点,熟悉库存系统的操作", "完成上级交办的其他工作"]]


def test_a_pipe_table_a_cell_a_line_pairs_topic_and_text_and_skips_the_repeated_header():
    text = ("仓库主管岗位职责\n职责项目 |\n职责内容 |\n入库管理 |\n核对到货数量并办理入库手续。 |\n"
            "职责项目 |\n职责内容 |\n库存盘点 |\n每月组织库存盘点并上报差异。 |\n安全管理 |\n检查仓库消防设施")
    record = one_record(text)
    assert record.duties == ["入库管理:核对到货数量并办理入库手续", "库存盘点:每月组织库存盘点并上报差异",
                             "安全管理:检查仓库消防设施"]  # the page cut the last cell before its |


def test_a_pipe_table_a_row_a_line_drops_its_header_row():
    text = ("仓库主管岗位职责\n序号 | 职责内容 | 工作说明 |\n1 | 入库管理 | 核对到货数量并办理入库手续。 |\n"
            "2 | 库存盘点 | 每月组织库存盘点并上报差异。 |\n")
    assert one_record(text).duties == ["入库管理:核对到货数量并办理入库手续", "库存盘点:每月组织库存盘点并上报差异"]


def test_pipe_lines_without_a_header_of_column_labels_are_left_as_they_are():
    from pipeline.parse.pipe_table import read_pipe_tables
    lines = [(0, 10, "首页 | 文档 | 范文 |"), (11, 20, "登录 | 注册 |")]
    assert read_pipe_tables(lines) == lines


def test_a_markdown_table_header_is_known_by_the_separator_under_it():
    from pipeline.parse.pipe_table import read_pipe_tables
    lines = [(0, 10, "| 职位 | 侧重点 |"), (11, 20, "|------|------|"), (21, 30, "| 主厨 | 菜品制作 |")]
    assert read_pipe_tables(lines) == [(21, 30, "主厨:菜品制作")]
