"""Noise classes of scraped pages the line cleaner removes: made-up examples of each kind."""
import pytest

from pipeline.clean import clean_line, steps


@pytest.mark.parametrize("line, expected", [
    ("### **销售主管职位说明**", "销售主管职位说明"),
    ("#### **2. 渠道开发**", "2. 渠道开发"),
    ("1. **报表编制**:按月编制财务报表", "1. 报表编制:按月编制财务报表"),
    ("- **学历**:本科及以上", "- 学历:本科及以上"),
    ("月薪 **8K-12K**(面议)", "月薪 8K-12K(面议)"),
    ("---", ""),
    ("| --- | :---: | --- |", ""),
    ("上季度**商和代理商的返利**况", "上季度**商和代理商的返利**况"),  # a site's mask, not bold
    ("手机:139****5678", "手机:139****5678"),
])
def test_markdown_marks_go(line, expected):
    assert clean_line(line) == expected


@pytest.mark.parametrize("text, lines", [
    ("职责:<br />1、接待来访<br>2、整理档案", ["职责:", "1、接待来访", "2、整理档案"]),
    ("职责_x000d_\n1、接待来访_x000d_2、整理档案", ["职责", "1、接待来访", "2、整理档案"]),
    ("职责\\n1、接待来访\\r\\n2、整理档案", ["职责", "1、接待来访", "2、整理档案"]),
    ("&lt;br&gt;1、接待来访", ["", "1、接待来访"]),
    ("<p>职责</p>", ["", "职责", ""]),
])
def test_markup_line_breaks_become_lines_of_the_same_length(text, lines):
    broken = steps.break_markup_lines(text)
    assert len(broken) == len(text)  # offsets into the document stay true
    assert [line.strip() for line in broken.split("\n")] == lines


@pytest.mark.parametrize("line, expected", [
    ("<strong>负责</strong>前台接待", "负责前台接待"),
    ('<font color="red">整理</font>档案', "整理档案"),
    ("<td>岗位</td><td>职责</td>", "岗位 职责"),
    ("&lt;b&gt;负责&lt;/b&gt;接待", "负责接待"),
    ("年龄<35岁, 经验>3年", "年龄<35岁, 经验>3年"),  # comparisons, not tags
])
def test_html_tags_left_in_a_line_go(line, expected):
    assert clean_line(line) == expected


def test_a_posting_with_br_tags_parses_as_lines():
    from pipeline.parse import parse_text

    text = "出纳<br /><br />岗位职责：<br />1、办理现金收付；<br />2、登记日记账；<br /><br />任职资格：<br />1、大专及以上学历"
    [record] = parse_text(text)
    assert record.duties == ["办理现金收付", "登记日记账"]
    assert record.education == "大专"


@pytest.mark.parametrize("line, expected", [
    # a table flattened onto one line: only its spaced-out cells join, the cells stay apart
    ("职位名称 仓库主管 学 历 中专以上 工 作 内 容 描 述 1.收发货物",
     "职位名称 仓库主管 学历 中专以上 工作内容描述 1.收发货物"),
    ("仓 库 主 管 岗 位 职 责", "仓库主管岗位职责"),
    ("仓库主管 学 历 中专", "仓库主管 学 历 中专"),  # no spaced-out run of four: nothing joins
])
def test_letter_spacing_joins_only_the_spaced_runs(line, expected):
    assert steps.join_letter_spaced_text(line) == expected
