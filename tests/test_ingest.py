"""Ingest: decoding real Chinese JD text in every encoding, HTML to text, file names, file finding."""
import os
import random

import pytest

from pipeline.ingest.decoding import decode_bytes, looks_binary, readability
from pipeline.ingest import html_to_text, printable_name, read_document, sniff_binary
from pipeline.walk import find_files

SIMPLIFIED = (
    "销售经理岗位职责\n一、岗位职责：\n1、负责公司产品的市场开拓与客户维护，完成销售目标；\n"
    "2、制定销售计划，定期向上级汇报工作进展。\n二、任职要求：\n1、大专及以上学历，市场营销相关专业；\n"
    "2、三年以上销售工作经验，具有良好的沟通能力。\n"
)
TRADITIONAL = (
    "銷售經理崗位職責\n一、崗位職責：\n1、負責公司產品的市場開拓與客戶維護，完成銷售目標；\n"
    "2、制定銷售計劃，定期向上級匯報工作進展。\n二、任職要求：\n1、大專及以上學歷，市場營銷相關專業；\n"
    "2、三年以上銷售工作經驗，具有良好的溝通能力。\n"
)
# Short texts are where GBK and Big5 are easily confused: both decode either way.
SHORT_SIMPLIFIED = ["客服专员", "岗位职责", "财务主管", "人事专员", "行政助理", "仓库管理员", "市场部经理",
                    "前台接待", "质检员", "项目经理", "招聘专员", "档案管理员", "会计", "出纳", "司机", "文员"]
SHORT_TRADITIONAL = ["客服專員", "崗位職責", "財務主管", "人事專員", "行政助理", "倉庫管理員", "市場部經理",
                     "前臺接待", "質檢員", "項目經理", "招聘專員", "檔案管理員", "會計", "出納", "司機", "文員"]

ENCODED = [  # (text, how it is written, encoding the manifest should name)
    *[(t, "utf-8", "utf-8") for t in (SIMPLIFIED, TRADITIONAL, *SHORT_SIMPLIFIED)],
    *[(t, "utf-8-sig", "utf-8-sig") for t in (SIMPLIFIED, "客服专员")],
    *[(t, "gbk", "gb18030") for t in (SIMPLIFIED, *SHORT_SIMPLIFIED)],
    *[(t, "gb18030", "gb18030") for t in (SIMPLIFIED, "客服专员")],
    *[(t, "gbk", "gb18030") for t in (TRADITIONAL, "客服專員")],  # traditional text saved as GBK
    *[(t, "big5", "big5") for t in (TRADITIONAL, *SHORT_TRADITIONAL)],
    *[(t, "utf-16", "utf-16") for t in (SIMPLIFIED, TRADITIONAL, "客服专员")],  # with BOM
    *[(t, "utf-16-le", "utf-16-le") for t in (SIMPLIFIED, TRADITIONAL, "客服专员\n", "岗位职责：")],
    *[(t, "utf-16-be", "utf-16-be") for t in (SIMPLIFIED, TRADITIONAL, "客服专员\n", "岗位职责：")],
    ("Sales manager duties\n1. Sell.\n", "utf-16-le", "utf-16-le"),
    ("Plain ASCII job description.\n", "utf-8", "utf-8"),
    ("Résumé: café, naïve.\n", "utf-8", "utf-8"),
]


@pytest.mark.parametrize("text,codec,expected", ENCODED)
def test_decodes_each_encoding(text, codec, expected):
    decoded = decode_bytes(text.encode(codec))
    assert (decoded.text.lstrip("\ufeff"), decoded.encoding, decoded.note) == (text, expected, "")


def test_short_gbk_is_not_big5_and_short_big5_is_not_gbk():
    for simplified, traditional in zip(SHORT_SIMPLIFIED, SHORT_TRADITIONAL):
        assert decode_bytes(simplified.encode("gbk")).encoding == "gb18030", simplified
        assert decode_bytes(traditional.encode("big5")).encoding == "big5", traditional


def test_random_corpus_slices_decode_in_every_encoding():
    """Slices of 16 characters or more of real JD text, in each encoding, come back exact."""
    from pathlib import Path

    text = (Path(__file__).parent.parent / "data" / "raw" / "000_344b4af18d026dd9.txt").read_text("utf-8")
    rng = random.Random(0)
    for _ in range(60):
        start = rng.randrange(len(text) - 200)
        piece = text[start:start + rng.choice((16, 40, 200))]
        for codec, expected in (("utf-8", "utf-8"), ("gbk", "gb18030"), ("utf-16-le", "utf-16-le")):
            decoded = decode_bytes(piece.encode(codec))
            assert (decoded.text, decoded.encoding) == (piece, expected), (piece, codec)


@pytest.mark.parametrize("data,encoding,note", [
    (SIMPLIFIED.strip().encode("utf-8")[:-1], "utf-8", "cut off"),
    (SIMPLIFIED.strip().encode("gbk")[:-1], "gb18030", "cut off"),
    (TRADITIONAL.strip().encode("big5")[:-1], "big5", "cut off"),
    (SIMPLIFIED.strip().encode("utf-16-le")[:-1], "utf-16-le", "cut off"),
    (SIMPLIFIED.encode("utf-8") + b"\xff" + SIMPLIFIED.encode("utf-8"), "utf-8", "1 undecodable"),
])
def test_truncated_and_damaged_text_is_repaired_and_noted(data, encoding, note):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding and note in decoded.note
    assert decoded.text.startswith("销售经理岗位职责") or decoded.text.startswith("銷售經理崗位職責")


def test_mixed_encodings_are_decoded_line_by_line():
    data = SIMPLIFIED.encode("utf-8") + TRADITIONAL.encode("big5") + SIMPLIFIED.encode("gbk")
    decoded = decode_bytes(data)
    assert decoded.text == SIMPLIFIED + TRADITIONAL + SIMPLIFIED
    assert decoded.encoding == "utf-8+big5+gb18030" and "mixed encodings" in decoded.note


@pytest.mark.parametrize("codec,expected", [("big5", "big5"), ("gbk", "gb18030"), ("utf-16-le", "utf-16-le")])
def test_encoding_is_judged_where_the_text_is_not_on_a_long_ascii_head(codec, expected):
    page = "<html><head><script>" + "var a = 1;" * 10_000 + "</script></head><body>" + TRADITIONAL
    decoded = decode_bytes(page.encode(codec))
    assert (decoded.text, decoded.encoding) == (page, expected)


def test_binary_and_undecodable_bytes_give_no_text():
    noise = random.Random(1).randbytes(20_000)
    assert looks_binary(noise) and decode_bytes(noise) is None
    high = bytes(b | 0x80 for b in noise)  # no control bytes, but no encoding reads it
    assert not looks_binary(high) and decode_bytes(high) is None


@pytest.mark.parametrize("head,expected", [
    (b"%PDF-1.4\n", "PDF"), (b"PK\x03\x04\x14\x00", "ZIP"), (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2"), (b"\x00" * 4096, "NUL"),
    (SIMPLIFIED.encode("utf-16-le"), None), ("Plain text".encode("utf-16-le"), None), (b"plain", None),
])
def test_sniff_binary(head, expected):
    found = sniff_binary(head)
    assert (found is None) if expected is None else (expected in found)


def test_readability_scores_right_and_wrong_decodings():
    big5 = TRADITIONAL.encode("big5")
    assert readability(big5.decode("big5")).share > 0.95
    assert readability(big5.decode("gb18030", errors="replace")).share < 0.8


@pytest.mark.parametrize("markup,expected", [
    ("<html><head><title>t</title><style>p{}</style></head><body><nav>首页</nav><header>站点</header>"
     "<h1>客服专员岗位职责</h1><p>1、接听电话；</p><div>2、处理投诉。<br>3、回访</div><footer>版权</footer>"
     "<script>var a = '职责';</script><!-- 注释 --></body></html>",
     "t\n\n客服专员岗位职责\n\n1、接听电话；\n\n2、处理投诉。\n\n3、回访"),
    ("<html><head><title>客服经理岗位职责_某某文库</title></head><body><p>1、接听电话</p></body></html>",
     "客服经理岗位职责\n\n1、接听电话"),
    ("<p>客服专员岗位职责<p>1、接听电话<div><table><tr><td>2、处理投诉", "客服专员岗位职责\n\n1、接听电话\n\n2、处理投诉"),
    ("<html>" + "<div>" * 10_000 + "客服专员岗位职责<br>1、接听电话" + "</div>" * 10_000 + "</html>",
     "客服专员岗位职责\n\n1、接听电话"),
    ("<html><body><img src='a.png'><script>x()</script></body></html>", ""),
    ("<ruby>岗<rt>gǎng</rt></ruby>位", "岗位"),
])
def test_html_to_text(markup, expected):
    assert html_to_text(markup) == expected


@pytest.mark.parametrize("raw,expected", [
    ("客服专员.txt".encode("utf-8"), "客服专员.txt"),
    ("客服专员.txt".encode("gbk"), "客服专员.txt"),
    ("客服專員.txt".encode("big5"), "客服專員.txt"),
    (b"odd\xff\xfe.txt", "odd\\xff\\xfe.txt"),
    (b"new\nline\x07.txt", "new\\nline\\x07.txt"),
])
def test_printable_name(raw, expected):
    assert printable_name(os.fsdecode(raw)) == expected


def test_find_files_follows_no_folder_links_and_skips_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a")
    (tmp_path / ".hidden.txt").write_text("h")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop through a folder link
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a file link loop: listed, to be reported
    found = [p.relative_to(tmp_path).as_posix() for p, _ in find_files([str(tmp_path)])]
    assert found == ["self", "sub/a.txt"]


def test_read_document_reports_instead_of_raising(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    doc = read_document(folder, tmp_path)
    assert (doc.status, doc.reason) == ("error", "cannot read file: is a folder")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing")
    doc = read_document(tmp_path / "dangling.txt", tmp_path)
    assert (doc.status, doc.reason) == ("error", "cannot read file: broken symbolic link")
