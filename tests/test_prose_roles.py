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
