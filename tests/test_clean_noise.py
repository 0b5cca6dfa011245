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
