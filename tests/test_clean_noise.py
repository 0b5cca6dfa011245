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


@pytest.mark.parametrize("line", [
    "- 仓库管理员岗位职责 推荐度:",
    "• 相关推荐",
    "  - 相关推荐",
    "• 2页",
    "• 56.2 KB",
    "• 2022-03-08 发布",
    "发布 2020-01-02 08:00:00 阅读 512",
    "时间:2024-02-01 10:20:30 岗位职责 我要投稿",
    "• 当前文档由用户上传发布,收益归属用户",
    "3. 本文档内容版权归属内容提供方,如有争议请联系网站客服。",
    "4. 网站客服QQ:123456789",
    "下载后只包含 1 个 PDF 格式的文档,查看文件列表",
    "如果您已付费下载过本站文档,您可以点这里二次下载",
    "上传人:张三 2020/5/6 文件大小:28 KB",
    "已阅读3页,还剩9页未读, 继续免费阅读",
    "阅读已结束,您可以下载文档离线阅读编辑",
    "合集下载",
])
def test_doc_site_chrome_lines_go(line):
    assert clean_line(line) == ""


@pytest.mark.parametrize("line", [
    "3、负责网络平台客服团队的排班与考核",  # 平台客服 is a job, not a site's help desk
    "核对已付费订单并安排发货",
    "维护部门共享盘的文件列表",
    "2. 推荐优质供应商",
    "职责是指导新员工开展工作",  # 是指导, not 是指: a duty, not a definition of 职责
    "在现代社会中,客服部承担着重要责任。",  # 在…社会中 alone is no stock intro about job descriptions
    "编写培训手册 10页",  # a duty's own page count, not a file's
])
def test_duties_that_share_words_with_chrome_stay(line):
    assert clean_line(line) == line


@pytest.mark.parametrize("line, expected", [
    ("精品文档---下载后可任意编辑仓库管理员职责一、收发货物", "仓库管理员职责一、收发货物"),
    ("(荐)仓库管理员岗位职责", "仓库管理员岗位职责"),
    ("文档介绍:仓库管理员岗位说明书", "仓库管理员岗位说明书"),
    ("仓库管理员岗位说明书 3页", "仓库管理员岗位说明书"),
])
def test_stamps_glued_to_the_text_go_and_the_text_stays(line, expected):
    assert clean_line(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("在如今的社会生活中,用到岗位职责的场合越来越多。仓管员的岗位职责是怎样写的呢?以下是仓管员岗位职责。", "以下是仓管员岗位职责。"),
    ("大家了解岗位职责的写法吗?1、收发货物。", "1、收发货物。"),
    ("仓管员岗位职责都是什么样的呢?", ""),
])
def test_stock_intro_sentences_of_essay_sites_go(line, expected):
    assert clean_line(line) == expected


@pytest.mark.parametrize("line, expected", [
    ("所属部门:行政部 pQ7}xR2", "所属部门:行政部"),
    ("2、负责收发文件; Zk]8w%T", "2、负责收发文件;"),
    ("hT{4@!Lp", ""),  # the whole line
    ("1、编制报表 gWxTqLm", "1、编制报表"),  # letters only, but no word's shape
    ("能熟练使用 Excel/Word/PPT", "能熟练使用 Excel/Word/PPT"),
    ("英语 CET-4 以上", "英语 CET-4 以上"),
    ("工作时间 9:00-18:00", "工作时间 9:00-18:00"),
    ("熟悉 MySQL PowerBI", "熟悉 MySQL PowerBI"),
    ("邮箱 hr@example.com", "邮箱 hr@example.com"),
    ("Daily tracking of open orders", "Daily tracking of open orders"),
    ("负责 R&D 部门的 ISO9001 认证", "负责 R&D 部门的 ISO9001 认证"),
])
def test_ascii_anti_copy_strings_go_words_and_codes_stay(line, expected):
    assert clean_line(line) == expected


def _units(text):
    from pipeline.parse.units import document_units

    return [u.text for u in document_units(text, traditional=False)]


CHUNKED_PAGE = (
    "1、仓库主管岗位说明书 一、基本信息 岗位名称:仓库主管 所属部门:物流部 直接上级:物流经理 二、岗位职责 "
    "1、负责仓库的日常管理,制定仓储计划 2、组织货物的收发与盘\n"
    "2、点,确保账实相符 3、监督库存安全,做好防火防盗工作 4、编制库存报表并上报 三、任职资格 "
    "1、大专以上学历 2、三年以上仓储管理经验,熟悉进销存系\n"
    "3、统的操作流程\n"
)


def test_site_chunk_numbers_are_dropped_and_the_cut_text_joined():
    units = _units(CHUNKED_PAGE)
    assert "2、组织货物的收发与盘点,确保账实相符" in units
    assert "2、三年以上仓储管理经验,熟悉进销存系统的操作流程" in units
    assert not any(u.startswith("点") for u in units)  # no item opened by the cut-off word


def test_a_list_of_items_is_not_taken_for_chunks():
    text = ("岗位职责:\n1、负责仓库的日常管理,制定仓储计划\n2、组织货物的收发与盘点\n"
            "3、监督库存安全,做好防火防盗工作\n4、编制库存报表并上报\n")
    assert _units(text) == ["岗位职责:", "1、负责仓库的日常管理,制定仓储计划", "2、组织货物的收发与盘点",
                            "3、监督库存安全,做好防火防盗工作", "4、编制库存报表并上报"]


@pytest.mark.parametrize("line, expected", [
    ("? 负责门店排班", "• 负责门店排班"),
    ("3、店长的岗位职责 ? 负责门店排班。", "3、店长的岗位职责 • 负责门店排班。"),  # the space before ? stays
    ("做好交接记录。? 负责门店排班", "做好交接记录。• 负责门店排班"),
    ("制定排班计划; %检查卫生;", "制定排班计划; •检查卫生;"),
    ("确??蜕舻男", "确??蜕舻男"),  # ? inside mojibake is text, not a bullet
    ("你会做排班吗?", "你会做排班吗?"),
    ("完成率 95%以上", "完成率 95%以上"),
    ("的闹匾暋?/p>", "的闹匾暋"),  # a closing tag that lost its <
])
def test_lost_bullet_glyphs_become_bullets(line, expected):
    assert clean_line(line) == expected


def test_question_mark_bullets_keep_a_heading_and_its_items_apart():
    from pipeline.parse import parse_text

    text = "1、店长的岗位职责\n? 负责门店排班。\n? 检查门店卫生。\n2、店员的岗位职责 ? 接待顾客。\n? 整理货架。\n"
    records = parse_text(text)
    assert [(r.title, r.duties) for r in records] == [
        ("店长", ["负责门店排班", "检查门店卫生"]), ("店员", ["接待顾客", "整理货架"])]


@pytest.mark.parametrize("line, expected", [
    ("仓库主管岗位职责仓库主管岗位职", "仓库主管岗位职责"),  # a copy cut off
    ("仓库主管岗位职责仓库主管岗位职责", "仓库主管岗位职责"),
    ("仓库主管 仓库主管", "仓库主管"),
    ("岗位职责仓库主管岗位职责规范", "岗位职责仓库主管岗位职责规范"),  # a word again, not a copy
    ("1、盘点 2、盘点", "1、盘点 2、盘点"),
])
def test_a_line_glued_to_a_copy_of_itself_keeps_one(line, expected):
    assert clean_line(line) == expected


@pytest.mark.parametrize("name", [
    "boilerplate.txt", "boilerplate_meta.txt", "boilerplate_sentences.txt", "boilerplate_phrases.txt"])
def test_floating_boilerplate_patterns_open_with_a_plain_character(name):
    # what keeps one search of all of them fast (see resources._alternation)
    from pipeline.resources import resource_lines as _read_patterns

    floating = [p for p in _read_patterns(name) if not p.startswith("^")]
    assert [p for p in floating if p[0] in "([{.\\^$|?*+"] == []
