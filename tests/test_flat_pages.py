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


def _units(text: str) -> list[str]:
    from pipeline.parse.units import document_units

    return [unit.text for unit in document_units(text, traditional=True)]


def test_a_heading_between_spaces_of_a_flattened_page_is_a_unit_of_its_own():
    page = f"门店运营手册 收银员职位描述 收银员在店长领导下负责收银工作。 {DUTIES} 职位名称: 店长 理货员岗位描述 " + DUTIES
    units = _units(page)
    assert "收银员职位描述" in units and "理货员岗位描述" in units
    assert "职位名称: 店长" in units or "职位名称:店长" in units  # a bare name is a field's value


def test_a_phrase_with_clauses_between_spaces_is_no_heading():
    page = f"工作须知 {DUTIES} 基本职责 客服(产品知识,销售技巧,售前接待) 一.产品知识 " + DUTIES
    assert not any(unit.startswith("客服(产品知识") for unit in _units(page))


def test_a_section_header_glued_to_a_posting_title_is_cut_off():
    page = "收银员(急聘)4500+双休+包吃住工作内容:" + DUTIES + "任职要求:1、高中及以上学历;2、有收银经验者优先。" * 2
    units = _units(page)
    assert units[0] == "收银员(急聘)4500+双休+包吃住"
    assert units[1].startswith("工作内容")


def test_a_header_that_wraps_the_name_before_it_stays_whole():
    page = "门店概况。客服部岗位职责:" + DUTIES + "专业要求:不限(营销类优先)。" + DUTIES
    units = _units(page)
    assert not any(unit == "客服部" for unit in units)
    assert not any(unit.startswith("要求:不限") for unit in units)


def test_a_heading_closed_by_its_variant_number_is_cut_out_of_a_flattened_page():
    page = "收银员的工作内容有哪些(精选3篇)收银员的工作内容有哪些篇1" + DUTIES + "男女不限;收银员的工作内容有哪些篇2" + DUTIES
    units = _units(page)
    assert "收银员的工作内容有哪些篇2" in units
    assert "收银员的工作内容有哪些篇1" in units


def test_a_variant_number_opening_its_heading_is_left_to_the_variant_rules():
    page = "商场收银员岗位职责 篇一:商场收银部工作职责 " + DUTIES * 2
    assert not any(unit.startswith("商场收银员岗位职责 篇一") and len(unit) < 16 for unit in _units(page))


def test_bullets_between_spaces_of_a_flattened_page_cut_its_items():
    items = " - 负责门店排班与考勤管理; - 协调各部门资源,保障运营; - 组织召开每周例会; - 监督卫生与安全检查"
    page = "门店运营手册 一、岗位职责 1. 团队管理" + items + " 上班时间 9:00 - 18:00 " + DUTIES
    units = _units(page)
    assert "协调各部门资源,保障运营; -" in units or "协调各部门资源,保障运营;" in units
    assert not any(unit.startswith("18:00") for unit in units)  # a range is no bullet


def test_a_bare_name_over_field_rows_is_a_unit_but_a_labels_value_is_not():
    page = f"门店岗位汇编 {DUTIES}6、完成上级交办的其他工作 收银主管 直接上级:店长 直接下级:收银员 " + DUTIES + " 职位名称: 理货主管 直接上级:店长 "
    units = _units(page)
    assert "收银主管" in units
    assert "理货主管" not in units
