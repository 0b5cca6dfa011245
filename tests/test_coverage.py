"""Coverage diagnostics: duty-like lines in no record, counted per document (pipeline.parse.coverage),
in the manifest, its reason, the run summary and report.html."""
import csv

import pytest

from pipeline.cli import main
from pipeline.coverage_notes import add_coverage_reason
from pipeline.parse import parse_text, text_units
from pipeline.parse.coverage import duty_pieces, unused_duty_lines

# The first position parses; the second's list sits under a heading the parser does not know
# (no position name, no section word), after a section it leaves out on purpose.
LOST_LIST = (
    "客服主管岗位职责\n岗位职责:\n1、负责客服团队的日常管理工作\n2、制定客户服务标准和工作流程\n"
    "3、处理客户的重大投诉\n福利待遇:\n五险一金,带薪年假\n售后组日常事项\n"
    "1、负责售后维修单据的登记与跟踪\n2、协调仓库及时发放售后配件\n3、定期回访售后客户并整理回访记录\n"
    "4、统计每月售后数据并编写分析报告\n"
)
PARSED = (
    "客服专员岗位职责\n岗位职责:\n1、接听客户电话,记录客户需求\n2、处理客户投诉并跟踪结果\n"
    "3、定期回访老客户\n任职要求:\n1、大专以上学历\n2、熟悉办公软件\n3、两年以上客服工作经验\n"
)


def unused(text: str) -> list[str]:
    return unused_duty_lines(text_units(text), parse_text(text, "t.txt"))


def test_a_list_the_parser_cannot_attach_is_counted():
    records = parse_text(LOST_LIST, "t.txt")
    assert [r.title for r in records] == ["客服主管"] and len(records[0].duties) == 3
    assert [line[2:] for line in unused(LOST_LIST)] == [
        "负责售后维修单据的登记与跟踪", "协调仓库及时发放售后配件", "定期回访售后客户并整理回访记录",
        "统计每月售后数据并编写分析报告"]


def test_a_fully_parsed_document_has_none():
    assert unused(PARSED) == []


def test_requirements_and_prose_are_not_duty_like():
    # no record at all: a requirements list, an article's prose, an authority list, a header row
    text = ("任职要求:\n1、大专以上学历\n2、熟悉办公软件的使用\n3、具备良好的沟通能力\n"
            "在发展不断提速的社会中,我们可以接触到岗位职责的地方越来越多。\n"
            "1、对下属人员的奖惩有建议权\n2、对客户满意度结果负领导责任\n")
    assert parse_text(text, "t.txt") == []
    assert unused(text) == []


def test_nothing_under_a_heading_of_no_job_description_counts():
    text = "客服部工作总结\n1、负责处理客户的投诉与回访工作\n2、完成了全年的客户满意度调查\n"
    assert parse_text(text, "t.txt") == [] and unused(text) == []


def test_a_duty_list_run_into_one_line_counts_each_clause():
    text = ("某连锁门店店长的工作包括:完成总公司下达的各项销售指标；制定门店的月度经营计划；"
            "组织员工进行业务培训；负责处理顾客的投诉与抱怨。\n")
    assert parse_text(text, "t.txt") == []
    # the units cut the run at its ；, the lead (…的工作包括:) is no duty, its four activities are
    assert len(unused(text)) == 4


@pytest.mark.parametrize("text, under_header, pieces", [
    ("1、负责售后维修单据的登记与跟踪", False, 1),  # numbered, verb-led
    ("负责售后维修单据的登记与跟踪", False, 0),  # one unnumbered sentence outside a duty section: prose
    ("接听客户电话", True, 1),  # short, but a verb and its object under a duty header
    ("2. 服务质量监控与提升", True, 0),  # a group's name over its duties
    ("职责一: 客服部规章制度的建设", True, 0),
    ("3、对客户信息的保密负责。", True, 0),  # accountability, not a duty
    ("2.节日福利,不定期团队活动,每年一次旅游。", True, 0),  # a perk of the posting
    ("1. Bachelor degree or above, fluent in English", True, 0),  # an English requirement
    ("3、熟练使用办公软件", True, 0),  # a requirement, though under the header
    ("直接下级:产品主管、首席设计师", True, 0),  # a header field
    ("1. Contacting agents and forwarders for cargo receiving", True, 1),  # English under a duty header
    ("分析市场趋势与供应格局。提出采购建议,支持公司长期发展需求。", True, 2),  # one item per sentence
])
def test_duty_like_pieces(text, under_header, pieces):
    assert len(duty_pieces(text, under_header)) == pieces


@pytest.mark.parametrize("unused_lines, duties, reason", [
    (12, 40, "12 duty-like lines in no record"),  # many
    (4, 3, "4 duty-like lines in no record"),  # most of the document's duty lines
    (3, 40, ""),  # a few of many
    (20, 300, ""),  # more than the count rule asks, but under 10% of a large collection's duties
    (1, 0, ""),  # one stray line is no pattern
])
def test_reason_by_count_or_share(unused_lines, duties, reason):
    row = {"source": "x.txt", "status": "parsed", "reason": "", "duties": duties, "unused_duty_lines": unused_lines}
    add_coverage_reason(row, warn_lines=8, warn_share=0.5)
    assert row["reason"] == reason


def manifest(out) -> dict[str, dict]:
    with open(out / "manifest.csv", encoding="utf-8-sig") as f:
        return {row["source"]: row for row in csv.DictReader(f)}


@pytest.fixture
def pages(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "lost.txt").write_text(LOST_LIST, encoding="utf-8")
    (root / "parsed.txt").write_text(PARSED, encoding="utf-8")
    return root


def test_parse_writes_the_count_and_the_reason(pages, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["parse", str(pages), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    rows = manifest(out)
    assert rows["lost.txt"]["status"] == "parsed" and rows["lost.txt"]["unused_duty_lines"] == "4"
    assert rows["lost.txt"]["duties"] == "3"
    assert rows["lost.txt"]["reason"] == "4 duty-like lines in no record"  # 4 of 7 duty lines
    assert rows["parsed.txt"]["unused_duty_lines"] == "0" and rows["parsed.txt"]["reason"] == ""
    err = capsys.readouterr().err
    assert "coverage: 1 documents have duty-like lines in no record" in err and "lost.txt 4" in err


def test_run_summary_report_and_cache(pages, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--input", str(pages), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "  coverage   1 documents have duty-like lines in no record (4 lines; 1 over the warning threshold)" in err
    page = (out / "report.html").read_text(encoding="utf-8")
    listed = page[page.index('id="unused-duty-lines"'):]
    assert "lost.txt" in listed[:listed.index("</table>")]
    # A stricter setting needs no parse: the counts come from the cache, the reason is redone.
    assert main(["run", "--input", str(pages), "--out", str(out), "--workers", "1", "--quiet",
                 "--set", "coverage_warn_lines=10", "--set", "coverage_warn_share=0.9"]) == 0
    err = capsys.readouterr().err
    assert "2 files from the cache, 0 parsed" in err and "0 over the warning threshold" in err
    rows = manifest(out)
    assert rows["lost.txt"]["unused_duty_lines"] == "4" and rows["lost.txt"]["reason"] == ""
