"""Flattened documents (every line break joined away): made-up examples."""
from pipeline.clean.steps import remove_boilerplate_line

DUTIES = "".join(f"{i}、负责门店的日常运营管理工作,按时完成公司下达的各项指标任务。" for i in range(1, 6))


def test_chrome_glued_into_a_flattened_page_drops_only_its_sentence():
    line = "店长岗位说明书 - 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑服务。 职责: " + DUTIES
    kept = remove_boilerplate_line(line)
    assert kept.startswith("店长岗位说明书")
    assert "下载文档" not in kept and "平台不提供" not in kept
    assert kept.endswith(DUTIES)


def test_a_short_chrome_line_is_still_emptied():
    assert remove_boilerplate_line("1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑服务。") == ""
