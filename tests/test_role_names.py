"""Canonical roles of noisy posting and page titles: role, level and family; traditional names;
a rank alone named by its department; `jdpipe roles`; `jdpipe compare --level family` and the
aliases it says it applied. Every title here is made up."""
import json

import pandas as pd
import pytest

from pipeline.analyze.compare_roles import at_level, resolve, resolve_names
from pipeline.analyze.role_words import family_of, split_level
from pipeline.analyze.roles import RoleNamer, alias_table, canonical_role, canonicalise_records, resolve_record, resolve_title
from pipeline.cli import main
from pipeline.config import load_settings
from pipeline.errors import UserError
from pipeline.parse.posting_titles import posting_name

# title -> (role, level, family)
CASES = [
    # a job board's noise: codes, perks, pay, platform tags, brackets, places
    ("JAVA全栈工程师(J10597)", "JAVA全栈工程师", None, "技术"),
    ("运营客服（周末双休）", "运营客服", None, "客服"),
    ("[直聘]新媒体运营专员", "新媒体运营专员", None, "运营"),
    ("6k坐岗保安", "保安", None, "物业"),
    ("带货主播（品牌服饰+入职六险一金）", "带货主播", None, "直播"),
    ("售后客服专员 底薪+提成+双休", "售后客服专员", None, "客服"),
    ("仓储主管-嘉定区", "仓储主管", None, "物流"),
    ("杭州品牌策划专员", "品牌策划专员", None, "品牌"),  # 策划 is weak
    ("出纳/五险一金/南京", "出纳", None, "财务"),
    # seniority words go to `level`, not into the role
    ("高级产品经理", "产品经理", "高级", "产品"),
    ("资深会计", "会计", "资深", "财务"),
    ("初级审计专员", "审计专员", "初级", "财务"),
    ("品牌实习生", "品牌", "实习", "品牌"),
    ("运营高级经理", "营运经理", "高级", "运营"),
    ("Junior Buyer", "Buyer", "初级", None),
    # combined posts: one part names the role
    ("采购员 采购助理", "采购员", None, "采购"),
    ("秘书/行政助理", "秘书", None, "行政"),
    ("助理/招聘助理/前台", "招聘助理", None, "人事"),
    ("市场/销售经理", "市场经理", None, "市场"),
    ("外资500强 某品牌会计专员", "某品牌会计专员", None, "财务"),
    # the family is the word nearest the end; weak words only alone
    ("电商运营专员", "电商运营专员", None, "运营"),
    ("物流客服专员", "物流客服专员", None, "客服"),
    ("客服文员", "客服文员", None, "客服"),
    ("前台文员", "前台文员", None, "行政"),
    ("电子商务助理", "电子商务助理", None, "运营"),
    # 运营 and 营运 are one role for management ranks, apart below them, one family
    ("营运部经理", "营运经理", None, "运营"),
    ("运营经理", "营运经理", None, "运营"),
    ("运营专员", "运营专员", None, "运营"),
    # a rank alone and no department: the alias table's word for it
    ("文员", "行政文员", None, "行政"),
    ("经理", "经理", None, None),
]


@pytest.mark.parametrize("title, role, level, family", CASES)
def test_title_gives_role_level_and_family(title, role, level, family):
    found = resolve_record(title)
    assert (found.role, found.level, found.family) == (role, level, family)


TRADITIONAL = [
    ("客服經理", "客服经理", "客服"),
    ("營運總監", "营运总监", "运营"),
    ("資深財務專員", "财务专员", "财务"),
    ("品牌經理（雙休）", "品牌经理", "品牌"),
    ("客戶服務部經理", "客服经理", "客服"),
]


@pytest.mark.parametrize("title, role, family", TRADITIONAL)
def test_traditional_titles_are_folded(title, role, family):
    found = resolve_record(title)
    assert (found.role, found.family) == (role, family)
    assert found.steps[0] == "traditional folded"


def test_steps_say_what_was_applied():
    assert resolve_title("客服").steps == ("alias 客服 -> 客服专员",)
    assert resolve_title("高级客服").steps == ("level 高级", "alias 客服 -> 客服专员")
    assert "posting noise removed" in resolve_title("采购专员（急聘）").steps
    assert resolve_title("客服专员").steps == ()


def test_a_rank_alone_takes_its_department():
    assert resolve_record("经理", department="客服部").role == "客服经理"
    assert resolve_record("部门主管", department="客户服务中心").role == "客服主管"
    assert resolve_record("专员", department="物业服务部").role == "物业服务专员"
    senior = resolve_record("高级经理", department="品牌部")
    assert (senior.role, senior.level, senior.family) == ("品牌经理", "高级", "品牌")
    assert "department + rank (客服部 + 经理)" in resolve_record("经理", department="客服部").steps


def test_a_rank_alone_without_department_field_takes_the_one_its_duties_name():
    duties = ["安排客服部人员排班", "处理客服部的重大投诉", "与财务部核对费用"]
    assert resolve_record("主管", texts=duties).role == "客服主管"
    assert resolve_record("主管", texts=duties[:1]).role == "主管"  # named once: not enough
    assert resolve_record("主管", texts=["财务部对账", "财务部报销", "客服部排班", "客服部培训"]).role == "主管"


def test_canonical_role_and_records():
    assert canonical_role("客服經理") == "客服经理"
    records = [{"title": "经理", "kind": "role", "department": "客服部", "duties": []},
               {"title": "资深运营专员（双休）", "kind": "role", "duties": []},
               {"title": "客户服务中心", "kind": "department", "duties": []}]
    canonicalise_records(records, {})
    assert [(r["title"], r["role"], r["level"], r["family"]) for r in records] == [
        ("经理", "客服经理", None, "客服"), ("资深运营专员（双休）", "运营专员", "资深", "运营"),
        ("客户服务中心", "客服部", None, "客服")]


def test_level_words_and_families_are_data():
    assert split_level("见习律师") == ("律师", "实习")
    assert split_level("实习生") == ("实习生", "实习")  # nothing else left: the word stays
    assert family_of("总经理助理") == "行政" and family_of("副总经理") == "管理"
    assert family_of("采购跟单员") == "采购"  # 跟单 is a weak word
    assert family_of("安全员") is None


def test_places_are_posting_noise():
    assert posting_name("前台文员/五险一金/上海") == "前台文员"
    assert posting_name("上海高级客服专员J10819") == "高级客服专员"
    assert posting_name("上海办销售助理") == "上海办销售助理"  # 上海办: an office, not a place word


# --- compare: names, levels and what was applied ------------------------------------------------

def duty_rows():
    rows = [("客服经理", "处理客户投诉"), ("客服专员", "接听客户来电"), ("营运经理", "管理门店运营"),
            ("新媒体运营专员", "撰写公众号文章"), ("品牌经理", "制定品牌策略")]
    return pd.DataFrame([{"record_id": f"r{i}", "role": role, "duty": duty, "theme": 0}
                         for i, (role, duty) in enumerate(rows)])


def test_compare_names_resolve_with_notes():
    settings = load_settings(None)
    known = sorted(duty_rows()["role"])
    a, b = resolve_names("客服經理", "品牌經理", known, settings)
    assert (a.name, b.name) == ("客服经理", "品牌经理")
    assert a.note() == "客服經理 -> 客服经理 (traditional folded)"
    assert resolve("客服", known, settings).note() == "客服 -> 客服专员 (alias 客服 -> 客服专员)"
    assert resolve("客服经理", known, settings).note() is None


def test_compare_at_family_level():
    settings = load_settings(None)
    families = at_level(duty_rows(), "family")
    assert sorted(families.groupby("role").size().items()) == [("品牌", 1), ("客服", 2), ("运营", 2)]
    known = sorted(families["role"].unique())
    assert resolve("营运", known, settings, "family").name == "运营"
    assert resolve("客服经理", known, settings, "family").name == "客服"
    with pytest.raises(UserError, match="same family"):
        resolve_names("运营", "营运", known, settings, "family")
    with pytest.raises(UserError, match="unknown family"):
        resolve("护士", known, settings, "family")


# --- jdpipe roles and compare on a small run ----------------------------------------------------

PAGE = """客服部经理岗位说明书
职位名称:经理
所属部门:客服部
岗位职责:
1、负责客服部的日常管理工作
2、处理客户的重大投诉
3、制定客服人员的培训计划

客服专员岗位职责
1、接听客户来电并记录问题
2、回访客户并收集意见
3、整理客户档案
"""
POSTINGS = {
    "p1.txt": "高级客服专员（双休+五险一金）\n岗位职责：\n1、接听客户来电，解答咨询\n2、处理客户投诉并跟进结果\n3、维护客户资料\n",
    "p2.txt": "新媒体运营专员 底薪+提成\n岗位职责：\n1、负责公众号内容策划与撰写\n2、分析粉丝数据并优化内容\n3、策划线上活动\n",
    "p3.txt": "营运经理-徐汇\n岗位职责：\n1、负责门店日常营运管理\n2、制定门店销售目标并跟进\n3、培训门店员工\n",
}


@pytest.fixture(scope="module")
def run_out(tmp_path_factory):
    root = tmp_path_factory.mktemp("roles")
    raw = root / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text(PAGE, encoding="utf-8")
    for name, text in POSTINGS.items():
        (raw / name).write_text(text, encoding="utf-8")
    out = root / "out"
    assert main(["run", "--input", str(raw), "--out", str(out), "--quiet", "--workers", "1", "--no-cache"]) == 0
    return out


def test_records_carry_role_level_and_family(run_out):
    rows = [json.loads(line) for line in (run_out / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    by_title = {row["title"]: (row["role"], row["level"], row["family"]) for row in rows}
    assert by_title["经理"] == ("客服经理", None, "客服")
    assert by_title["高级客服专员"] == ("客服专员", "高级", "客服")
    assert by_title["营运经理"] == ("营运经理", None, "运营")
    assert list(rows[0])[5:8] == ["role", "level", "family"]
    assert list(pd.read_parquet(run_out / "records.parquet").columns[5:8]) == ["role", "level", "family"]


def test_jdpipe_roles_lists_roles_titles_and_aliases(run_out, capsys, tmp_path):
    csv = tmp_path / "roles.csv"
    assert main(["roles", "--dir", str(run_out), "--out", str(csv)]) == 0
    printed = capsys.readouterr().out
    assert "客服经理" in printed and "department + rank (客服部 + 经理)" in printed
    table = pd.read_csv(csv, encoding="utf-8-sig").set_index("role")
    assert list(table.columns) == ["family", "records", "distinct_duties", "levels", "titles", "applied"]
    assert table.at["客服专员", "records"] == 2 and table.at["客服专员", "levels"] == "高级 1"
    assert "高级客服专员 1" in table.at["客服专员", "titles"]
    assert table.at["新媒体运营专员", "family"] == "运营"
    assert not any(name in table.index for name in ("经理", "专员", "主管"))


def test_jdpipe_compare_says_what_it_applied_and_compares_families(run_out, capsys, tmp_path):
    assert main(["compare", "客服經理", "营运经理", "--dir", str(run_out), "--out", str(tmp_path / "a.csv")]) == 0
    assert capsys.readouterr().out.startswith("客服經理 -> 客服经理 (traditional folded)\n客服经理 vs 营运经理")
    assert main(["compare", "客服", "营运", "--level", "family", "--dir", str(run_out),
                 "--out", str(tmp_path / "b.csv")]) == 0
    printed = capsys.readouterr().out
    assert "营运 -> 运营 (family word 营运)" in printed and "客服 vs 运营" in printed
    assert "records 3 / 2" in printed


def test_role_namer_resolves_a_repeated_title_once_and_a_bare_rank_by_each_records_department():
    name = RoleNamer(alias_table(None))
    asked = []

    def texts(duties):
        def given():
            asked.append(duties)
            return duties
        return given

    first = name("客服专员（双休）", "role", None, texts(["接听电话"]))
    again = name("客服专员（双休）", "role", None, texts(["接听电话"]))
    assert first is again and len(name.memo) == 1
    assert name("经理", "role", "客服部", texts([])).role == "客服经理"
    assert name("经理", "role", "品牌部", texts([])).role == "品牌经理"
    assert asked == [[], []]  # duties are read only for a rank alone
