"""Job-board postings with a duty part give a record with duties (issue 14): one made-up
posting per mechanism, as the board prints it (title line, then the description on one line)."""
import sys
from pathlib import Path

from pipeline.parse import parse_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import posting_coverage as tool  # noqa: E402


def posting(title: str, description: str) -> list:
    return parse_text(f"{title}\n{description}", "posting.txt")


def only_record(title: str, description: str):
    records = posting(title, description)
    assert len(records) == 1, [(r.title, r.duties) for r in records]
    return records[0]


# -- the measuring tool ----------------------------------------------------------------------
def test_duty_part_rule_is_the_tools_own():
    assert tool.has_duty_part("客服专员\n岗位职责： 1、接听客户来电； 2、处理投诉。 任职要求： 1、大专以上学历")
    assert tool.has_duty_part("客服专员\n1、负责接听客户来电； 2、处理客户投诉； 3、大专以上学历")  # no header
    assert not tool.has_duty_part("客服专员\n任职要求： 1、大专以上学历； 2、一年以上客服经验")
    assert not tool.has_duty_part("客服专员\n工作内容：")  # a header with nothing under it
    assert not tool.has_duty_part("客服专员\n职位描述： 1、大专以上学历； 2、熟悉办公软件")  # demands only


def test_failure_classes_come_from_the_posting_shape():
    assert tool.failure_class("x\n任职要求： 1、大专学历 工作职责： 1、负责报关") == "demands first"
    assert tool.failure_class("x\n职位要求： 1、负责报关； 2、负责订舱") == "under a demand header"
    assert tool.failure_class("x\n工作职责： 跟进客户订单。 整理每月报表。") == "unnumbered"


# -- English words in a posting's demands and contacts ------------------------------------
def test_english_in_demands_and_contacts_keeps_the_record():
    record = only_record(
        "数据专员",
        "1、整理每日销售数据并录入系统； 2、核对客户订单信息； 3、完成上级交办的其他工作。 "
        "职位要求： 1、熟练使用 Microsoft Office Excel； 2、熟悉 SAP Business One 系统； "
        "3、英语 CET-4 Good written English 优先 简历请发 hr.team@example-mail.com 官网 www.example-shop.com",
    )
    assert record.duties[0] == "整理每日销售数据并录入系统"
    assert len(record.duties) == 3


# -- the title line names the list below it, also when the lexicon knows the name ----------
def test_known_name_on_the_title_line_heads_a_list_under_a_summary_header():
    record = only_record("前台专员", "岗位描述： 1.负责访客的登记接待； 2.负责收发快递和信件； 3.上级交办的其他事项。 "
                                    "要求： 1.具有良好的沟通能力")
    assert record.title == "前台专员"
    assert record.duties == ["负责访客的登记接待", "负责收发快递和信件", "上级交办的其他事项"]


def test_known_name_on_the_title_line_heads_a_list_after_a_notice():
    record = only_record("单证员", "本岗位只招本地人员，外地勿投！ 1、负责制作出口单证； 2、跟踪船期和清关进度。 "
                                  "任职资格 1、大专以上学历")
    assert record.title == "单证员"
    assert record.duties == ["负责制作出口单证", "跟踪船期和清关进度"]


# -- a title line that holds the board's pay words --------------------------------------------
def test_pay_words_in_the_title_line_open_no_section():
    record = only_record("仓储专员/助理薪资6000 免费工作餐 五险一金",
                         "岗位职责： 1.了解仓储作业的流程； 2.每周盘点库存并汇总； 3.每月数据的比对； "
                         "任职要求： 1.熟练操作办公软件")
    assert record.title == "仓储专员/助理"
    assert record.duties == ["了解仓储作业的流程", "每周盘点库存并汇总", "每月数据的比对"]
    assert record.requirements == ["熟练操作办公软件"]


def test_a_pay_section_line_still_opens_its_section():
    records = posting("福利待遇：薪资6000 五险一金", "1、带薪年假； 2、员工旅游")
    assert all("带薪年假" not in r.duties for r in records)


# -- duties the board put under a requirements header -----------------------------------------
def test_duties_under_a_requirements_header_are_duties():
    record = only_record("商务专员", "职位要求： 1、负责销售合同的审核和归档； 2、销售数据的统计和汇总； 3、协助起草投标文件； "
                                    "任职资格： 1、大专以上学历； 2、熟练操作办公软件")
    assert record.duties == ["负责销售合同的审核和归档", "销售数据的统计和汇总", "协助起草投标文件"]
    assert record.requirements == ["大专以上学历", "熟练操作办公软件"]
    assert record.education == "大专"


def test_duties_among_demands_under_one_header_are_taken_out():
    record = only_record("空运操作", "任职要求： 1.大专以上学历； 2.具备较强的沟通能力； 3.安排出口货物的订舱和报关； "
                                    "4.处理货物运输中的各种问题； 5.负责费用账单的制作； 6.熟练使用办公软件； 7.完成上级交办的其他工作")
    assert record.duties == ["安排出口货物的订舱和报关", "处理货物运输中的各种问题", "负责费用账单的制作", "完成上级交办的其他工作"]
    assert record.requirements == ["大专以上学历", "具备较强的沟通能力", "熟练使用办公软件"]


def test_a_posting_of_demands_only_gives_no_record():
    assert posting("外贸主管", "要求： 1、本科及以上学历； 2、三年以上外贸工作经验； 3、英语熟练，可作为工作语言") == []


def test_demands_over_a_procedure_on_a_page_stay_demands():
    page = ("客服部制度汇编\n篇二:客服人员工作职责\n一:客服人员应具有的条件\n1、有三年以上客服经验\n2、本科以上学历\n"
            "二、处理顾客投诉的程序:\n1、建立客户投诉登记表\n2、分析问题并向客户说明\n3、跟踪处理结果直到客户满意")
    assert all(not r.duties for r in parse_text(page, "page.txt"))


# -- a site's sentence inside a description flattened onto one line ---------------------------
def test_a_notice_on_a_one_line_posting_takes_only_its_own_clause():
    record = only_record("采购专员", "主要职责： 1. 负责生鲜商品的采购； 2. 负责供应商的维护与开发； 3. 负责供应商的货款清算工作； "
                                    "4. 对采购的商品进行质量把控及后续管理； 5. 定期走访市场，收集产地和价格信息，提交每周的行情报告； "
                                    "任职要求： 1. 一年以上采购经验 【加入我们】 ★温馨提示：简历投递量大，如未接到电话请致电预约面试，望理解！ "
                                    "应聘热线：138 0000 0000")
    assert record.duties[0] == "负责生鲜商品的采购"
    assert len(record.duties) == 5
    assert not any("温馨提示" in item for item in record.duties + record.requirements)


def test_a_title_line_after_repeated_urgency_words():
    record = only_record("急急急：行政专员/人事助理", "岗位职责： 1.为管理层预定机票和酒店 2.负责办公用品的采购和发放")
    assert record.title == "行政专员/人事助理"


# -- unnumbered duty lines whose line breaks became spaces ----------------------------------
def test_unnumbered_duties_parted_by_spaces_are_one_item_each():
    record = only_record("行政专员", "工作职责 负责日常行政事务，包括税务和发票等事务 负责客户测评的前期沟通 更新客户数据库及销售报告 "
                                    "协助市场活动及活动后跟进 任职资格 做事严谨细致 善于与人沟通 两年以上行政工作经验")
    assert record.duties == ["负责日常行政事务,包括税务和发票等事务", "负责客户测评的前期沟通", "更新客户数据库及销售报告",
                             "协助市场活动及活动后跟进"]
    assert record.experience_years == 2
    assert not any("严谨" in duty for duty in record.duties)


def test_spaces_inside_one_sentence_do_not_part_it():
    record = only_record("客服专员", "岗位职责： 通过电话和在线工具 为客户解答 关于产品的各种问题。 任职要求： 1、大专学历")
    assert record.duties == ["通过电话和在线工具为客户解答关于产品的各种问题"]


# -- words and numbers a board's posting uses ------------------------------------------------
def test_duty_content_header_after_demands():
    record = only_record("业务员", "A.职务要求： 1.有业务工作经验者优先； 2.熟练使用办公软件； B.职务内容： 1.客户沟通与经营，完成销售指标； "
                                  "2.开发新客户")
    assert record.duties == ["客户沟通与经营,完成销售指标", "开发新客户"]


def test_a_catch_all_duty_marks_duties_under_a_requirements_header():
    record = only_record("采购员", "工作要求： 1、原材料和配件的采购。 2、合格供应商的挑选及管理。 3、部门的其它工作 "
                                  "职位要求： 1、大专以上学历，三年以上工作经验。 2、有耐心，善于沟通。")
    assert record.duties == ["原材料和配件的采购", "合格供应商的挑选及管理", "部门的其它工作"]
    assert record.experience_years == 3


def test_a_list_whose_first_number_the_page_garbled():
    record = only_record("人事行政专员", "-1、负责公司资料的整理归档工作； 2、协助完成各项行政事务的安排； 3、完成领导交代的其他事项。 "
                                        "任职要求： 1、大专及以上学历")
    assert record.duties == ["协助完成各项行政事务的安排", "完成领导交代的其他事项"]


def test_a_code_cut_from_the_title_line_starts_no_list():
    record = only_record("物流专员(职位编号：\n014)", "1.负责公司的仓储管理。 2.合理安排物品的配送。 3.负责物流费用的审核。")
    assert record.duties == ["负责公司的仓储管理", "合理安排物品的配送", "负责物流费用的审核"]


# -- postings in English, and bilingual headers ---------------------------------------------
def test_english_headers_in_any_letter_case_with_mark_bullets():
    record = only_record("Order Specialist", "DUTIES AND RESPONSIBILITIES: ® Maintain the supply of exported products. "
                                            "® Communicate with suppliers on order delivery. ® Manage key vendors. "
                                            "job requirements: ® College degree or above. ® Two years of export experience.")
    assert record.duties == ["Maintain the supply of exported products", "Communicate with suppliers on order delivery",
                             "Manage key vendors"]
    assert "College degree or above" in record.requirements


def test_dash_bullets_and_a_list_label_in_english():
    record = only_record("HR Specialist", "Responsibilities: - Ensure timely execution of the HR operation process. "
                                         "- Prepare monthly HR reports for the managers. Qualifications: - Bachelor degree")
    assert record.duties == ["Ensure timely execution of the HR operation process",
                             "Prepare monthly HR reports for the managers"]
    labelled = only_record("Logistics Assistant", "Duties: Purpose & Overall Relevance for the Organization: "
                                                  "1.Contact forwarders for cargo delivery 2.Track and record open orders")
    assert labelled.duties == ["Contact forwarders for cargo delivery", "Track and record open orders"]


def test_an_unnumbered_english_duty_sentence_is_kept():
    record = only_record("行政助理", "职责： Office administration and support for the sales managers. 要求： 1. Good English")
    assert record.duties == ["Office administration and support for the sales managers"]


def test_a_chinese_header_glued_to_its_english_twin():
    record = only_record("财务实习生", "职责Responsibilities: 1、协助完成发票开具工作; 2、协助完成费用报销; "
                                     "岗位要求Job requirements： 1、会计相关专业大专以上学历; 2、实习期六个月以上。")
    assert record.duties == ["协助完成发票开具工作", "协助完成费用报销"]
    assert record.requirements == ["会计相关专业大专以上学历", "实习期六个月以上"]


# -- numbering and titles of flattened postings ---------------------------------------------
def test_names_in_brackets_after_a_lone_hiring_word():
    record = only_record("急聘（销售助理/业务助理）(职位编号：2017002)", "1、负责订单信息录入； 2、负责整理客户档案。")
    assert record.title == "销售助理/业务助理"


def test_comma_numbers_and_dash_numbers_after_spaces():
    commas = only_record("商务助理", "任职资格： 1，具有本科及以上学历 2，日语一级 工作职责 1，负责日语资料的翻译工作 "
                                    "2，负责日本访客的接待工作 3，协助部门经理管理资料文档")
    assert commas.duties == ["负责日语资料的翻译工作", "负责日本访客的接待工作", "协助部门经理管理资料文档"]
    dashes = only_record("单证员", "岗位职责 1- 负责出口单证的制作及审核 2- 负责海运订舱和报关 任职要求 1- 大专及以上学历 "
                                  "2- 有两年以上单证经验")
    assert dashes.duties == ["负责出口单证的制作及审核", "负责海运订舱和报关"]
    assert dashes.experience_years == 2


def test_a_long_run_of_address_characters_is_read_once():
    """The contacts pattern (mail addresses) starts only where a run of their characters starts."""
    from pipeline.parse.segment import WEB_ADDRESS
    assert WEB_ADDRESS.sub("|", "简历 hr.team@example-mail.com 官网 www.example.com 负责") == "简历 | 官网 | 负责"
    assert WEB_ADDRESS.search("负" * 200_000) is None  # linear: would take minutes if tried from each position
