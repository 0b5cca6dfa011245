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
])
def test_lines_that_are_no_posting_title(line):
    assert posting_title(line) is None


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
