"""Each cleaning step on the exact noise it targets: (input, expected) tables."""
import pytest

from pipeline import clean
from pipeline.clean import steps

CASES = {
    steps.unescape_html_entities: [
        ("接听客户电话&nbsp;", "接听客户电话\xa0"),
        ("处理客户投诉&amp;建议", "处理客户投诉&建议"),
        ("&amp;nbsp;客户", "\xa0客户"),  # escaped twice
        ("R&D部门", "R&D部门"),
    ],
    steps.remove_pinyin_glosses: [
        ("千文網(wǎng)小編", "千文網小編"),
        ("監(jiān)督業(yè)務", "監督業務"),
        ("(xié)调各部门", "调各部门"),  # a line the page width broke between a character and its gloss
        ("經(zé)(jīng)理", "經理"),  # two glosses in a row
        ("各app使用市场(cps)", "各app使用市场(cps)"),
        ("公司VI手册(包括VI)", "公司VI手册(包括VI)"),
    ],
    steps.remove_foreign_script_runs: [
        ("——ห้องสมุดไป่ตู้", "——"),
        ("技能素质ຫໍສະໝຸດ求", "技能素质求"),
        ("规范有ቤተ መጻሕፍቲ ባይዱ,客户接待", "规范有,客户接待"),
        ("负责客户接待", "负责客户接待"),
    ],
    steps.normalize_width: [
        ("１、负责：客户", "1、负责:客户"),
        ("ＫＰＩ考核", "KPI考核"),
        ("①负责", "①负责"),
    ],
    steps.join_spaced_labels: [
        ("部  门:市场部", "部门:市场部"),
        ("职 位：市场专员  上 级:市场经理", "职位：市场专员  上级:市场经理"),
        ("负责 门店管理", "负责 门店管理"),  # no colon: not a label
    ],
    steps.join_letter_spaced_text: [
        ("客 服 专 员 岗 位 职 责", "客服专员岗位职责"),
        ("1 、 接 听 客 户 来 电 , 解 答 咨 询  VIP 客 户", "1、接听客户来电,解答咨询  VIP 客户"),
        ("接听客户电话 认真负责", "接听客户电话 认真负责"),
        ("熟练使用 Microsoft Office 软件", "熟练使用 Microsoft Office 软件"),
        ("1 2 3 4 5", "1 2 3 4 5"),
    ],
    steps.remove_boilerplate_line: [
        ("当前位置:搜档网 › 客户服务部经理岗位说明书.doc", ""),
        ("文档库 最新最全的文档下载", ""),
        ("- 1、下载文档前请自行甄别文档内容的完整性,平台不提供额外的编辑", ""),
        ("相关主题", ""),
        ("相关文档 最新文档", ""),
        ("搜档网", ""),
        ("1.负责客户服务网络建设", "1.负责客户服务网络建设"),
        ("文档格式:.doc 文档页数:5页", ""),
        ("展开阅读全文", ""),
        ("猜你喜欢:", ""),
        ("阅读:1234次", ""),
        ("如有侵权请联系删除", ""),
        ("发布时间:2023-05-12 10:21 作者:佚名", ""),
        ("文档贡献者 上传于2019-03-12 下载积分:5", ""),
        ("举报 | 收藏 | 分享到:微信 QQ 微博", ""),
        ("相关文档推荐", ""),
        ("1.负责VIP专享服务的接待", "1.负责VIP专享服务的接待"),
    ],
    steps.remove_boilerplate_sentences: [
        ("千文网小编为你整理了多篇相关的《客服岗位职责》,但愿对你有帮助。", ""),
        ("下面小编给大家带来客服部主管岗位职责说明,希望大家喜欢!客服部主管岗位职责说明(篇1)1. 统筹",
         "客服部主管岗位职责说明(篇1)1. 统筹"),
        ("1.负责整理客户资料。", "1.负责整理客户资料。"),
        ("以上就是客服专员岗位职责的全部内容。1.负责接待", "1.负责接待"),
        ("在现在社会,岗位职责的使用频率呈上升趋势,制定岗位职责可以有效规避工作中的推诿现象。", ""),
        ("岗位职责是指一个岗位所要完成的工作内容。那么你知道岗位职责怎么写吗?", ""),
        ("1、负责制定客服部各岗位职责,明确分工;", "1、负责制定客服部各岗位职责,明确分工;"),
    ],
    steps.remove_page_numbers: [
        ("— 2 —", ""), ("·3·", ""),
        ("第 PAGE 1 页 共 5 页", ""),
        ("客户服务 第1页共3页", ""),  # a running footer beside the mark goes with it
        ("XX物业管理有限公司 岗位说明书 第 2 页", ""),
        ("3、负责收取物业管理费 第2页", "3、负责收取物业管理费  "),
        ("负责客户回访,记录客户意见 第2页", "负责客户回访,记录客户意见  "),
        ("- 3 -", ""),
        ("3/12", ""),
        ("负责第3季度计划", "负责第3季度计划"),
    ],
    steps.remove_toc_line: [
        ("客户服务总监 (42)", ""),
        ("第三章 客服部……………12", ""),
        ("目录", ""),
        ("1、负责客户投诉的处理(2)。", "1、负责客户投诉的处理(2)。"),
    ],
    steps.remove_watermark_symbols: [
        ("1、负责接待 & 2、负责回访", "1、负责接待   2、负责回访"),
        ("——", " "),
        ("| * ^ #", "       "),
        ("—同样因为他们也是人", "—同样因为他们也是人"),
        ("* 接听客户电话 *", "* 接听客户电话  "),  # a bullet opening the line stays
        ("— 2 —", "— 2 —"),  # a page number: remove_page_numbers needs its dashes
    ],
    steps.remove_breadcrumb_trails: [
        ("岗位职责 - 物管文书 >方案制度 >内容 时间:2009-2-7 21:49:22 客服主管职责", "岗位职责   客服主管职责"),
        ("收入>支出", "收入>支出"),
    ],
    steps.remove_fill_in_blanks: [("工作;____日常会议", "工作; 日常会议"), ("a_b", "a_b")],
    steps.collapse_whitespace: [("  负责\t\u3000客户  ", "负责 客户")],
    steps.remove_space_before_punctuation: [("接听客户电话 ,记录", "接听客户电话,记录"), ("负责 KPI", "负责 KPI")],
    steps.join_broken_words: [("客户服务专 员", "客户服务专员"), ("负责 KPI 考核", "负责 KPI 考核")],
    steps.to_simplified: [("營運總監崗位職責", "营运总监岗位职责"), ("客服经理", "客服经理")],
}


@pytest.mark.parametrize(
    "step,text,expected",
    [(step, text, expected) for step, pairs in CASES.items() for text, expected in pairs],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_step(step, text, expected):
    assert step(text) == expected


@pytest.mark.parametrize("step", clean.LINE_STEPS, ids=lambda s: s.__name__)
def test_steps_are_idempotent(step):
    for pairs in CASES.values():
        for text, _ in pairs:
            once = step(text)
            assert step(once) == once


def test_detect_script():
    assert steps.detect_script("營運總監崗位職責:督導下屬各部門工作計劃的落實執行") == "traditional"
    assert steps.detect_script("营运总监岗位职责:督导下属各部门工作计划的落实执行") == "simplified"


def test_clean_line_runs_steps_in_order():
    assert clean.clean_line("千文網(wǎng)ห้องสมุด １、負責") == "千文網 1、負責"


def test_chrome_frames_documents_and_meta_lines_sit_inside_them():
    assert steps.is_site_chrome("相关文档推荐") and not steps.is_site_meta("相关文档推荐")
    assert steps.is_site_meta("发布时间:2023-05-12") and not steps.is_site_chrome("发布时间:2023-05-12")


@pytest.mark.parametrize("line", ["-0- &", "- 3 - &", "& 第2页", "3、负责收取物业管理费 第2页 ^"])
def test_clean_line_as_a_whole_is_idempotent_on_page_marks_beside_watermarks(line):
    once = clean.clean_line(line)
    assert clean.clean_line(once) == once
