"""Issue 15, points 2 and 3: support and bootstrap intervals of role comparisons, roles with too
few duties, and `jdpipe compare A B C …` — on small made-up corpora built here."""
import json
import random

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from pipeline import compare_roles, load_results
from pipeline.analyze import support
from pipeline.cli import main

VERBS = {"客服": ["处理", "跟踪", "统计", "回访", "受理", "汇总", "登记", "核实"],
         "品牌": ["策划", "推广", "维护", "评估", "提炼", "执行", "监控", "传播"],
         "营运": ["制定", "监督", "优化", "协调", "推进", "审核"]}
OBJECTS = {"客服": ["客户投诉", "客户咨询", "售后问题", "服务质量", "客户满意度", "会员信息", "退换货申请", "来电记录"],
           "品牌": ["品牌形象", "品牌活动", "广告投放", "品牌故事", "品牌策略", "媒体关系", "宣传物料", "竞品动态"],
           "营运": ["运营标准", "门店营运", "年度经营计划", "业务流程", "运营指标", "各部门协作"]}
SHARED = ["组织召开部门例会", "培训部门新员工", "编制部门费用预算", "考核下属工作绩效", "撰写部门月度总结", "建立部门管理制度"]
# role -> (family of its duties, records)
ROLES = {"客服经理": ("客服", 60), "客服主管": ("客服", 60), "客服组长": ("客服", 2), "品牌经理": ("品牌", 60),
         "营运总监": ("营运", 2)}


def pages(rng: random.Random) -> dict[str, str]:
    """One page per record: the role's title, then five duties from its family's pool and from a
    pool every role shares, zero to two of those (so overlaps are neither 0 nor 1 and differ
    between records)."""
    out = {}
    for role, (family, records) in ROLES.items():
        pool = [verb + obj for verb in VERBS[family] for obj in OBJECTS[family]]
        for n in range(records):
            shared = n % 3
            duties = rng.sample(pool, 5 - shared) + rng.sample(SHARED, shared)
            body = "".join(f"{i}、{duty}；\n" for i, duty in enumerate(duties, 1))
            out[f"{family}_{role}_{n:02d}.txt"] = f"{role}岗位职责\n{body}"
    out["数据分析师.txt"] = "数据分析师岗位职责\n1、分析每周销售数据。\n"  # one record, one duty: too few
    return out


def write_corpus(root) -> None:
    root.mkdir()
    for name, text in pages(random.Random(0)).items():
        (root / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def made_up_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("many")
    write_corpus(base / "in")
    out = base / "out"
    assert main(["run", "--input", str(base / "in"), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


def pair_row(out, a, b) -> pd.Series:
    pairs = pd.read_parquet(out / "role_pairs.parquet")
    key = (min(a, b), max(a, b))
    return pairs[(pairs["role_a"] == key[0]) & (pairs["role_b"] == key[1])].iloc[0]


# --- support and intervals ----------------------------------------------------------------------

def test_the_made_up_corpus_gives_the_roles_it_was_built_with(made_up_run):
    themes = pd.read_parquet(made_up_run / "role_themes.parquet").set_index("role")
    assert list(themes.columns[:2]) == ["records", "distinct_duties"]
    assert {role: int(themes.at[role, "records"]) for role in ROLES} == {r: n for r, (_, n) in ROLES.items()}
    assert themes.at["数据分析师", "records"] == 1 and themes.at["数据分析师", "distinct_duties"] == 1


def test_few_records_give_a_wide_interval_many_a_narrow_one(made_up_run):
    # two roles written alike, one of 2 records and one of 60, each against a third of 60
    two, sixty = pair_row(made_up_run, "客服组长", "客服经理"), pair_row(made_up_run, "客服主管", "客服经理")
    width = lambda row, name: row[f"{name}_high"] - row[f"{name}_low"]  # noqa: E731
    assert width(two, "cosine") > 3 * width(sixty, "cosine") > 0
    # and their duties matched in a role of another family (only the duties all roles share)
    two, sixty = pair_row(made_up_run, "客服组长", "品牌经理"), pair_row(made_up_run, "客服主管", "品牌经理")
    side = lambda row, role: "overlap_a_in_b" if row["role_a"] == role else "overlap_b_in_a"  # noqa: E731
    assert width(two, side(two, "客服组长")) > 3 * width(sixty, side(sixty, "客服主管")) > 0


def test_intervals_hold_the_point_estimate(made_up_run):
    pairs = pd.read_parquet(made_up_run / "role_pairs.parquet")
    for name in ("cosine", "overlap_a_in_b", "overlap_b_in_a"):
        known = pairs[pairs[f"{name}_low"].notna()]
        assert len(known) == len(pairs) > 0
        assert (known[f"{name}_low"] <= known[name]).all() and (known[name] <= known[f"{name}_high"]).all()
        assert known[[f"{name}_low", f"{name}_high"]].stack().between(0, 1).all()


def test_a_role_of_one_record_has_no_interval():
    rows = pd.DataFrame({"role": ["a", "a", "a", "b", "b", "b"], "duty_id": [0, 1, 2, 0, 3, 4],
                         "record": ["r1", "r1", "r1", "r2", "r3", "r3"]})
    records = support.RoleRecords.of(rows, ["a", "b"])
    assert [records.records(0), records.records(1)] == [1, 2]
    terms, weights = sp.csr_matrix(np.eye(5)), support.all_weights(records, 0)
    low, high = support.cosine_intervals(records, terms, weights, [(0, 1)], np.asarray([0.3]))
    assert np.isnan(low[0]) and np.isnan(high[0])
    hits = [sp.csr_matrix(np.ones((3, 1))), sp.csr_matrix(np.array([[1.0], [0.0], [0.0]]))]
    (a_low, _), (b_low, b_high) = support.overlap_intervals(records, hits, weights, [np.ones(1), np.full(1, 1 / 3)])
    assert np.isnan(a_low[0]) and 0 <= b_low[0] <= 1 / 3 <= b_high[0] and b_high[0] > b_low[0]


def test_a_duty_held_by_every_record_weighs_one_in_each_draw():
    rows = pd.DataFrame({"role": ["a"] * 4, "duty_id": [0, 1, 0, 2], "record": ["r1", "r1", "r2", "r2"]})
    records = support.RoleRecords.of(rows, ["a"])
    weights = support.duty_weights(records.shares[0], "a", 0)
    assert weights.shape == (support.DRAWS, 3)
    np.testing.assert_allclose(weights[:, 0], 1.0)  # duty 0 is in both records: each carries half of it
    np.testing.assert_allclose(weights.sum(axis=1), 3.0)


def test_a_pair_has_the_same_numbers_in_role_pairs_and_in_compare(made_up_run):
    row = pair_row(made_up_run, "客服经理", "营运总监")
    summary = compare_roles(load_results(made_up_run), "客服经理", "营运总监").summary
    for name in ("cosine", "cosine_low", "cosine_high", "overlap_a_in_b", "overlap_a_in_b_low", "overlap_a_in_b_high"):
        assert round(summary[name], 4) == pytest.approx(row[name], abs=1e-4), name


# --- too few duties ------------------------------------------------------------------------------

def test_roles_under_min_role_duties_are_listed_not_compared(made_up_run, tmp_path, capsys):
    pairs = pd.read_parquet(made_up_run / "role_pairs.parquet")
    assert "数据分析师" not in set(pairs["role_a"]) | set(pairs["role_b"])
    assert main(["compare", "客服经理", "品牌经理", "数据分析师", "--dir", str(made_up_run),
                 "--out", str(tmp_path / "m.csv")]) == 0
    printed = capsys.readouterr().out
    assert "too few to compare: 数据分析师 (1 record, 1 distinct duty; min_role_duties = 3)" in printed
    matrix = pd.read_csv(tmp_path / "m.csv", encoding="utf-8-sig")
    assert list(matrix["role"]) == ["客服经理", "品牌经理"] and "数据分析师" not in matrix.columns
    settings = json.loads((tmp_path / "m_settings.json").read_text(encoding="utf-8"))
    assert settings["too_few"] == {"数据分析师": {"records": 1, "distinct_duties": 1}}


def test_a_pair_with_a_too_few_role_is_one_sentence(made_up_run, capsys):
    assert main(["compare", "客服经理", "数据分析师", "--dir", str(made_up_run)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "数据分析师 (1 record, 1 distinct duty)" in err and "min_role_duties" in err
    assert main(["compare", "客服经理", "数据分析师", "--dir", str(made_up_run), "--set", "min_role_duties=1",
                 "--out", str(made_up_run.parent / "few.csv")]) == 0
    assert "[n/a, 1 record]" in capsys.readouterr().out


def test_the_report_lists_too_few_roles_and_the_named_ones(made_up_run, tmp_path):
    page_path = tmp_path / "r.html"
    assert main(["report", "--dir", str(made_up_run), "--out", str(page_path), "--quiet",
                 "--set", 'report_roles=["客服經理", "品牌经理", "营运总监", "数据分析师", "护士"]']) == 0
    page = page_path.read_text(encoding="utf-8")
    assert "Too few duties to compare" in page and "数据分析师 (1 rec., 1 duties)" in page
    named = page[page.index('<section id="named">'):page.index('<section id="themes">')]
    assert 'id="named-pairs"' in named and 'id="named-themes"' in named and "Not roles of these results: 护士" in named
    assert "数据分析师 (1 records, 1 duties)" in named and "<td>客服经理</td><td>营运总监</td>" in named
    row = pair_row(made_up_run, "客服经理", "营运总监")
    assert f"{row['cosine']:.3f} [{row['cosine_low']:.3f}, {row['cosine_high']:.3f}]" in named


def test_report_roles_setting_is_checked(capsys):
    assert main(["config", "--set", "report_roles=[1]"]) == 2
    assert "report_roles" in capsys.readouterr().err
    assert main(["config", "--set", 'report_roles=["客服经理"]']) == 0
    assert 'report_roles = ["客服经理"]' in capsys.readouterr().out


# --- several roles ----------------------------------------------------------------------------------

def test_compare_three_writes_the_matrix_of_the_pairs(made_up_run, tmp_path, capsys):
    roles = ["客服经理", "品牌经理", "营运总监"]
    assert main(["compare", *roles, "--dir", str(made_up_run), "--out", str(tmp_path / "m.csv")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("客服经理 vs 品牌经理 vs 营运总监\n") and "Only 营运总监" in printed
    cosine = pd.read_csv(tmp_path / "m.csv", encoding="utf-8-sig").set_index("role")
    overlap = pd.read_csv(tmp_path / "m_overlap.csv", encoding="utf-8-sig").set_index("role")
    assert cosine.shape == overlap.shape == (3, 3) and list(cosine.index) == list(cosine.columns) == roles
    for a in roles:
        for b in roles:
            if a == b:
                assert cosine.at[a, b] == 1.0
                continue
            assert main(["compare", a, b, "--dir", str(made_up_run), "--out", str(tmp_path / "p.csv")]) == 0
            pair = json.loads((tmp_path / "p_settings.json").read_text(encoding="utf-8"))
            assert cosine.at[a, b] == round(pair["profile_cosine"], 4)
            assert overlap.at[a, b] == round(pair["overlap_a_in_b"], 4)
            assert f"profile cosine {pair['profile_cosine']:.3f}" in capsys.readouterr().out
    pairs = pd.read_csv(tmp_path / "m_pairs.csv", encoding="utf-8-sig")
    assert len(pairs) == 3 and (pairs["cosine_low"] <= pairs["cosine"]).all()
    alone = pd.read_csv(tmp_path / "m_alone.csv", encoding="utf-8-sig")
    assert set(alone["role"]) <= set(roles) and (alone["best_cosine"] < 0.5).all()
    themes = pd.read_csv(tmp_path / "m_themes.csv", encoding="utf-8-sig").set_index("theme")
    assert list(themes.columns) == roles
    np.testing.assert_allclose(themes.sum(), 1.0, atol=1e-3)


def test_compare_three_with_traditional_names(made_up_run, tmp_path, capsys):
    assert main(["compare", "客服經理", "品牌經理", "營運總監", "--dir", str(made_up_run),
                 "--out", str(tmp_path / "t.xlsx")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("客服經理 -> 客服经理 (traditional folded)\n品牌經理 -> 品牌经理 (traditional folded)\n"
                              "營運總監 -> 营运总监 (traditional folded)\n客服经理 vs 品牌经理 vs 营运总监")
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "t.xlsx", read_only=True)
    assert book.sheetnames == ["cosine", "overlap", "pairs", "alone", "themes", "settings"]
    rows = list(book["cosine"].values)
    assert rows[0] == ("role", "客服经理", "品牌经理", "营运总监") and len(rows) == 4


def test_compare_many_in_python_matches_the_pairs(made_up_run):
    results = load_results(made_up_run)
    many = compare_roles(results, "客服经理", "客服主管", "营运总监", "客服组长")
    pair = compare_roles(results, "客服主管", "营运总监")
    assert many.matrix("cosine").at["营运总监", "客服主管"] == round(pair.summary["cosine"], 4)
    assert many.pair("客服主管", "营运总监")[0].summary["cosine_low"] == pair.summary["cosine_low"]
    with pytest.raises(Exception, match="at least two"):
        compare_roles(results, "客服经理")


def test_compare_one_name_or_the_same_twice(made_up_run, capsys):
    assert main(["compare", "客服经理", "--dir", str(made_up_run)]) == 2
    assert "at least two" in capsys.readouterr().err
    assert main(["compare", "客服经理", "品牌经理", "客服經理", "--dir", str(made_up_run)]) == 2
    assert "same role" in capsys.readouterr().err


def test_outputs_and_compare_files_are_byte_identical_on_two_runs(tmp_path):
    write_corpus(tmp_path / "in")
    written = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        assert main(["run", "--input", str(tmp_path / "in"), "--out", str(out), "--workers", "1", "--quiet",
                     "--no-cache"]) == 0
        assert main(["compare", "客服经理", "品牌经理", "营运总监", "--dir", str(out),
                     "--out", str(tmp_path / f"m{n}.csv")]) == 0
        written.append(out)
    for name in ("role_pairs.csv", "role_pairs.parquet", "role_themes.csv", "role_similarity.csv"):
        assert (written[0] / name).read_bytes() == (written[1] / name).read_bytes(), name
    for suffix in ("", "_overlap", "_pairs", "_alone", "_themes"):
        assert (tmp_path / f"m1{suffix}.csv").read_bytes() == (tmp_path / f"m2{suffix}.csv").read_bytes()
