"""Titles -> canonical roles: the alias table, the rules for unseen titles, user aliases, suggestions."""
import pytest

from pipeline.analyze.roles import alias_table, canonical_role, canonicalise_records, suggest_roles

CASES = [
    # The aliases, and the 运营总监 / 营运总监 decision.
    ("客服部经理", "role", "客服经理"),
    ("客户服务部经理", "role", "客服经理"),
    ("客户服务经理", "role", "客服经理"),
    ("客服经理", "role", "客服经理"),
    ("运营总监", "role", "营运总监"),
    ("营运总监", "role", "营运总监"),
    # Rules for titles the table has not seen.
    ("营运部总监职位代码", "role", "营运总监"),
    ("客户服务中心主管", "role", "客服主管"),
    ("逸兴物业公司客户服务部主管", "role", "客服主管"),
    ("某金融行业公司的客服专员", "role", "客服专员"),
    ("公司在线网络交易平台的在线客服", "role", "在线客服"),
    ("客服经理/主管", "role", "客服经理"),
    ("品牌/零售经理", "role", "品牌经理"),
    ("客服部主管及物业管理员", "role", "客服主管"),
    ("市场部经理", "role", "市场经理"),
    ("产品及开发经理", "role", "产品及开发经理"),
    ("行政总厨", "role", "行政总厨"),
    # Departments are named "X部".
    ("客户服务部", "department", "客服部"),
    ("产品部门", "department", "产品部"),
    ("客服中心部门", "department", "客服部"),
    ("", "role", ""),
]


@pytest.mark.parametrize("title, kind, expected", CASES)
def test_canonical_role(title, kind, expected):
    assert canonical_role(title, kind) == expected


def test_user_aliases_extend_and_win():
    aliases = alias_table({"客服部经理": "客服部负责人", "店长助理": "店长"})
    assert canonical_role("客服部经理", aliases=aliases) == "客服部负责人"
    assert canonical_role("店长助理", aliases=aliases) == "店长"
    assert canonical_role("运营总监", aliases=aliases) == "营运总监"


def test_records_keep_their_title():
    records = [{"title": "客户服务部经理", "role": "客户服务部经理", "kind": "role"},
               {"title": "运营总监", "role": "运营总监", "kind": "role"}]
    canonicalise_records(records, {})
    assert [(r["title"], r["role"]) for r in records] == [("客户服务部经理", "客服经理"), ("运营总监", "营运总监")]


def test_suggestions_for_unknown_names():
    known = ["客服经理", "客服主管", "品牌经理", "营运总监"]
    assert suggest_roles("客服经里", known)[0] == "客服经理"
    assert "营运总监" in suggest_roles("营运", known)
    assert suggest_roles("护士长", known) == []
