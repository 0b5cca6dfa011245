"""Office documents as input: .docx and .pdf read into text, then cleaned and parsed like any page.

Every document here is made up and built in the test: Word files with python-docx, PDFs with
fpdf2 and the Chinese font the project installs.
"""
import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.ingest import read_document
from pipeline.ingest.office import docx_text, pdf_text
from pipeline.report.plots import packaged_font_path
from pipeline.run.cache import PARSE_LIBRARIES, _libraries

from .conftest import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
DUTIES = ["负责业务数据的采集、清洗与分析,输出周报", "搭建指标体系,支持产品与运营决策", "与研发团队合作完成数据仓库建设"]
REQUIREMENTS = ["本科及以上学历,统计学相关专业", "三年以上数据分析经验", "熟悉SQL与Python"]
GOOD_TXT = "客服专员岗位职责\n1、接听客户电话，记录客户需求；\n2、处理客户投诉。\n"
PDF_LINES = ["市场专员", "岗位职责：", "1、策划线上推广活动，跟踪投放效果；", "2、维护媒体与渠道合作关系；",
             "3、撰写活动总结与市场分析报告。", "任职要求：", "1、大专及以上学历，市场营销相关专业；"]
PDF_DUTIES = ["策划线上推广活动,跟踪投放效果", "维护媒体与渠道合作关系", "撰写活动总结与市场分析报告"]


# --- made-up documents

def jd_docx() -> bytes:
    """A Word JD: a header (page furniture), a title, a 岗位职责 heading over Word-numbered duties,
    then a table whose 任职要求 cell is merged down three rows and whose last row spans both
    columns, then a paragraph after the table."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "某某科技有限公司 内部资料"
    document.add_heading("高级数据分析师", level=1)
    document.add_heading("岗位职责", level=2)
    for duty in ["负责业务数据的采集、清洗与分析，输出周报；", "搭建指标体系，支持产品与运营决策；", "与研发团队合作完成数据仓库建设。"]:
        document.add_paragraph(duty, style="List Number")
    table = document.add_table(rows=4, cols=2)
    for row, requirement in enumerate(["1、本科及以上学历，统计学相关专业；", "2、三年以上数据分析经验；", "3、熟悉SQL与Python。"]):
        table.cell(row, 1).text = requirement
    table.cell(0, 0).merge(table.cell(2, 0)).text = "任职要求"
    table.cell(3, 0).merge(table.cell(3, 1)).text = "工作地点：上海"
    document.add_paragraph("简历请投递至人力资源部。")
    return docx_bytes(document)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def jd_pdf(lines=PDF_LINES, user_password: str | None = None) -> bytes:
    """A one-page PDF whose text layer holds ``lines``, optionally encrypted."""
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    if user_password is not None:
        pdf.set_encryption(owner_password="owner", user_password=user_password,
                           encryption_method=EncryptionMethod.RC4)
    pdf.add_page()
    pdf.add_font("cjk", fname=packaged_font_path())
    pdf.set_font("cjk", size=12)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page that is only a picture (of text, say): no text layer."""
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (200, 100), 255).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=150)
    return bytes(pdf.output())


def plain_zip(**files: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def with_part(package: bytes, name: str, content: bytes) -> bytes:
    """The zip ``package`` with its part ``name`` replaced."""
    source, buffer = zipfile.ZipFile(io.BytesIO(package)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.namelist():
            archive.writestr(item, content if item == name else source.read(item))
    return buffer.getvalue()


def workbook() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def parse(folder: Path, out: Path) -> int:
    return main(["parse", str(folder), "--out", str(out), "--workers", "1", "--quiet"])


def manifest(out: Path) -> dict[str, dict]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {row["source"]: row for row in csv.DictReader(f)}


def records_of(out: Path) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in read_jsonl(out / "records.jsonl"):
        grouped.setdefault(record["source"], []).append(record)
    return grouped


# --- docx

def test_docx_jd_parses_end_to_end(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "analyst.docx").write_bytes(jd_docx())
    assert parse(folder, tmp_path / "out") == 0
    row = manifest(tmp_path / "out")["analyst.docx"]
    assert (row["status"], row["encoding"], row["records"]) == ("parsed", "docx", "1")
    [record] = records_of(tmp_path / "out")["analyst.docx"]
    assert record["title"] == "高级数据分析师"
    assert record["duties"] == DUTIES
    assert record["requirements"][:3] == REQUIREMENTS  # the table's rows, in order


def test_docx_text_in_reading_order():
    text, notes = docx_text(jd_docx())
    lines = text.splitlines()
    assert notes == "" and "某某科技" not in text  # the header is page furniture
    assert lines[:2] == ["高级数据分析师", "岗位职责"]
    assert lines[2].startswith("• 负责业务数据")  # Word numbering is not text: the item stays an item
    # the table between the list and the last paragraph, its rows' cells in order, merged cells once
    assert lines[5:] == ["任职要求", "1、本科及以上学历，统计学相关专业；", "2、三年以上数据分析经验；",
                         "3、熟悉SQL与Python。", "工作地点：上海", "简历请投递至人力资源部。"]


def test_docx_reads_tracked_insertions_and_hyperlinks_not_deletions():
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text, tag="w:t"):
        element, inner = OxmlElement("w:r"), OxmlElement(tag)
        inner.text = text
        element.append(inner)
        return element

    document = docx.Document()
    paragraph = document.add_paragraph("负责")._p
    for wrapper, text, tag in [("w:ins", "客户", "w:t"), ("w:del", "供应商", "w:delText"), ("w:hyperlink", "关系维护", "w:t")]:
        element = OxmlElement(wrapper, {qn("w:id"): "1", qn("w:author"): "HR"} if wrapper != "w:hyperlink" else {})
        element.append(run(text, tag))
        paragraph.append(element)
    text, _ = docx_text(docx_bytes(document))
    assert text == "负责客户关系维护"


def test_docx_content_control_and_nested_table_are_read():
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).paragraphs[0].text = "岗位职责"
    outer.cell(0, 0).add_table(rows=1, cols=1).cell(0, 0).text = "1、维护客户关系"
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    content.append(document.add_paragraph("2、处理客户投诉")._p)  # moved into the control
    control.append(content)
    document.element.body.insert(len(document.element.body) - 1, control)  # before sectPr
    text, _ = docx_text(docx_bytes(document))
    assert text.splitlines() == ["岗位职责", "1、维护客户关系", "2、处理客户投诉"]


# --- pdf

def test_pdf_with_chinese_text_layer_gives_its_duties(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "marketing.pdf").write_bytes(jd_pdf())
    assert parse(folder, tmp_path / "out") == 0
    row = manifest(tmp_path / "out")["marketing.pdf"]
    assert (row["status"], row["encoding"], row["reason"]) == ("parsed", "pdf", "")
    [record] = records_of(tmp_path / "out")["marketing.pdf"]
    assert record["title"] == "市场专员"
    assert record["duties"] == PDF_DUTIES


def test_pdf_text_keeps_the_lines():
    text, notes = pdf_text(jd_pdf())
    assert text.splitlines() == PDF_LINES and notes == ""


# --- failures: one row each, with its reason; the rest of the run goes on

BAD_DOCUMENTS = {  # name: (bytes, status, words in the reason)
    "locked.pdf": (lambda: jd_pdf(user_password="secret"), "skipped", "PDF is encrypted"),
    "scan.pdf": (scanned_pdf, "skipped", "PDF has no text layer (scanned?)"),
    "cut.pdf": (lambda: jd_pdf()[:2000], "error", "PDF is damaged or truncated"),
    "cut.docx": (lambda: jd_docx()[:5000], "error", "docx is damaged or truncated"),
    "archive.docx": (lambda: plain_zip(**{"notes.txt": "岗位职责"}), "error", "not a Word document"),
    "sheet.docx": (workbook, "error", "not a Word document: a zip of another kind"),
    "badxml.docx": (lambda: with_part(jd_docx(), "word/document.xml", b"<w:document><w:body"), "error",
                    "docx is damaged (XMLSyntaxError"),
    "blank.docx": (lambda: docx_bytes(__import__("docx").Document()), "empty", "docx holds no text"),
    "old.doc": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "skipped",
                "old Word format .doc: save it as .docx"),
    "bundle.zip": (lambda: plain_zip(**{"a.txt": "岗位职责"}), "skipped", "not a text file: ZIP"),
    # not named as a PDF: a PDF that cannot be read stays a skipped binary file, not a failure
    "saved.txt": (lambda: jd_pdf()[:2000], "skipped", "not a text file: PDF document; PDF is damaged"),
}


def test_bad_documents_each_get_their_row_and_the_run_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    for name, (make, _, _) in BAD_DOCUMENTS.items():
        (folder / name).write_bytes(make())
    assert parse(folder, tmp_path / "out") == 1  # damaged documents are failures
    rows = manifest(tmp_path / "out")
    for name, (_, status, reason) in BAD_DOCUMENTS.items():
        assert (rows[name]["status"], rows[name]["records"]) == (status, "0"), (name, rows[name])
        assert reason in rows[name]["reason"] and "\n" not in rows[name]["reason"], (name, rows[name])
    assert [r["duties"] for r in records_of(tmp_path / "out")["good.txt"]] == [["接听客户电话,记录客户需求", "处理客户投诉"]]
    assert "Traceback" not in capsys.readouterr().err


def test_documents_are_known_by_their_bytes_not_their_name(tmp_path):
    """A Word file saved as .txt and a PDF with no suffix are read as what they are."""
    (tmp_path / "analyst.txt").write_bytes(jd_docx())
    (tmp_path / "marketing").write_bytes(jd_pdf())
    docx_doc = read_document(tmp_path / "analyst.txt", tmp_path)
    pdf_doc = read_document(tmp_path / "marketing", tmp_path)
    assert (docx_doc.status, docx_doc.encoding) == ("parsed", "docx") and "岗位职责" in docx_doc.text
    assert (pdf_doc.status, pdf_doc.encoding) == ("parsed", "pdf") and "岗位职责" in pdf_doc.text


def test_pdf_cut_after_its_pages_is_read_with_a_note():
    """A download cut in its last lines still holds its pages: read with a note, as a text file
    cut off is; one cut in the middle is the damaged row above."""
    whole = jd_pdf()
    text, notes = pdf_text(whole[:whole.rindex(b"startxref")])
    assert text.splitlines() == PDF_LINES and notes == "PDF is cut off: read what arrived"


# --- the libraries: loaded only for office files; their versions key the parse cache

IMPORTED = """
import sys
from pipeline.cli import main
main(["parse", sys.argv[1], "--out", sys.argv[2], "--workers", "1", "--quiet"])
print(" ".join(sorted(m for m in ("docx", "pypdf", "fpdf") if m in sys.modules)))
"""


def office_libraries_imported(folder: Path, out: Path) -> str:
    done = subprocess.run([sys.executable, "-c", IMPORTED, str(folder), str(out)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_run_without_office_files_does_not_import_their_libraries(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (folder / "page.html").write_text(f"<html><body><p>{GOOD_TXT}</p></body></html>", encoding="utf-8")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert office_libraries_imported(folder, tmp_path / "out") == ""
    (folder / "analyst.docx").write_bytes(jd_docx())
    (folder / "marketing.pdf").write_bytes(jd_pdf())
    assert office_libraries_imported(folder, tmp_path / "out2") == "docx pypdf"


@pytest.mark.parametrize("library", ["python-docx", "pypdf"])
def test_office_library_versions_key_the_parse_cache(library):
    assert library in PARSE_LIBRARIES
    [version] = [v for v in _libraries(PARSE_LIBRARIES) if v.startswith(library + "=")]
    assert not version.endswith("=?")  # the distribution's name, so its version is found
