"""Excel outputs and the compare table (issue 16, points 3 and 4): records.csv beside
records.jsonl, jdpipe.xlsx (setting ``excel``), `jdpipe compare --out *.xlsx`, and a compare
table with a row per duty of each role, its best match, records and sources."""
import csv
import json
import time
import zipfile

import openpyxl
import pandas as pd
import pytest

from pipeline import compare_roles, load_results
from pipeline.api import analyze_records
from pipeline.cli import main
from pipeline.outputs import excel
from pipeline.outputs.files import csv_file
from pipeline.outputs.schema import records_frame
from pipeline.outputs.streams import RecordCsv
from pipeline.parse.record import Record

from .conftest import read_jsonl

# 客服经理 holds 处理客户投诉 in two files; 组织客服人员培训 is a duty of both roles
PAGES = {
    "a1.txt": "客服经理岗位职责\n1、处理客户投诉,跟踪处理结果；\n2、组织客服人员培训；\n3、制定客服部年度工作计划；\n",
    "a2.txt": "客服经理岗位职责\n1、处理客户投诉,跟踪处理结果；\n2、负责客服团队的绩效考核；\n3、维护重要客户关系；\n",
    "b1.txt": "品牌经理岗位职责\n1、制定品牌推广计划；\n2、维护公司品牌形象；\n3、组织客服人员培训；\n"
              "4、组织市场调研,分析竞争对手；\n",
}
MADE_UP = [
    {"record_id": "r1", "source": "甲/一.txt", "span": [0, 12], "kind": "role", "title": "客服经理", "role": "客服经理",
     "subordinates": ["专员", "助理"], "summary": '带逗号,引号"和\n换行', "duties": ["处理投诉", "培训"],
     "experience_years": 3, "warnings": ["w"]},
    {"record_id": "r2", "source": "b.txt", "span": [5, 9], "kind": "department", "title": "品牌部", "role": "品牌部"},
]


def write_pages(folder, pages=PAGES):
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    root = write_pages(tmp_path_factory.mktemp("excel") / "in")
    out = root.parent / "out"
    assert main(["run", "--input", str(root), "--out", str(out), "--workers", "1", "--quiet",
                 "--set", "excel=true"]) == 0
    return out


def sheets(path):
    return pd.read_excel(path, sheet_name=None)


# --- records.csv --------------------------------------------------------------------------------

def test_streamed_records_csv_is_the_csv_of_the_records_frame(tmp_path):
    records = [Record(**fields).to_dict() for fields in MADE_UP]
    stream = RecordCsv(tmp_path / "streamed.csv")
    for record in records:
        stream.add(record)
    stream.close()
    csv_file(records_frame(records), tmp_path / "whole.csv")
    assert (tmp_path / "streamed.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


def test_parse_writes_records_csv_with_lists_excel_can_split(tmp_path):
    root = write_pages(tmp_path / "in")
    assert main(["parse", str(root), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]) == 0
    raw = (tmp_path / "out" / "records.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with open(tmp_path / "out" / "records.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    records = read_jsonl(tmp_path / "out" / "records.jsonl")
    assert [row["record_id"] for row in rows] == [r["record_id"] for r in records]
    for row, record in zip(rows, records):
        assert row["duties"].split(" | ") == record["duties"]
        assert row["span"] == f"{record['span'][0]} | {record['span'][1]}"
    assert not (tmp_path / "out" / "jdpipe.xlsx").exists()  # the workbook only when asked for


# --- the workbook writer ------------------------------------------------------------------------

def test_workbook_sheets_header_widths_and_cells(tmp_path):
    table = pd.DataFrame({"职责": ["处理客户投诉并跟踪处理结果", "=SUM(A1:A2)", "#N/A"], "n": [1, 2, None],
                          "list": [["a", "b"], [], None], "x": ["ab\ufffe", "bell\x07here", "c" * 40_000]})
    path = tmp_path / "t.xlsx"
    excel.write_workbook({"first": [table], "second": [pd.DataFrame({"a": []})]}, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["first", "second", "notes"]
    sheet = book["first"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert [c.value for c in sheet[1]] == ["职责", "n", "list", "x"]
    assert sheet["A2"].value == "处理客户投诉并跟踪处理结果"  # Chinese as it is
    assert sheet["A3"].value == "=SUM(A1:A2)" and sheet["A3"].data_type == "s"  # text, not a formula
    assert sheet["A4"].value == "#N/A" and sheet["A4"].data_type == "s"
    assert sheet["B2"].value == 1 and sheet["B4"].value is None
    assert sheet["C2"].value == "a | b" and sheet["C3"].value is None and sheet["C4"].value is None
    assert sheet["D3"].value == "bell\\x07here" and sheet["D2"].value == "ab\\ufffe"
    assert len(sheet["D4"].value) == excel.EXCEL_CELL and sheet["D4"].value.endswith("…")
    widths = {c: sheet.column_dimensions[c].width for c in "ABD"}
    assert widths["A"] > 2 * len("处理客户投诉并跟踪处理结果") and widths["D"] == excel.MAX_WIDTH
    assert widths["B"] == excel.MIN_WIDTH
    assert [c.value for c in book["second"][1]] == ["a"] and book["second"].max_row == 1
    notes = [tuple(c.value for c in row) for row in book["notes"].iter_rows(min_row=2)]
    assert [sheet for sheet, _ in notes] == ["first", "first"]
    assert "cut" in notes[0][1] and "control characters" in notes[1][1]


def test_a_table_longer_than_a_sheet_goes_on_in_the_next(tmp_path, monkeypatch):
    monkeypatch.setattr(excel, "EXCEL_ROWS", 4)  # a header and three rows a sheet
    batches = [pd.DataFrame({"i": range(0, 5)}), pd.DataFrame({"i": range(5, 8)})]
    path = tmp_path / "long.xlsx"
    excel.write_workbook({"duties": batches, "themes": [pd.DataFrame({"t": [1]})]}, path)
    found = sheets(path)
    assert list(found) == ["duties", "duties (2)", "duties (3)", "themes", "notes"]
    assert pd.concat([found[n] for n in ("duties", "duties (2)", "duties (3)")])["i"].tolist() == list(range(8))
    assert [len(found[n]) for n in ("duties", "duties (2)", "duties (3)")] == [3, 3, 2]
    notes = found["notes"]
    assert notes["sheet"].tolist() == ["duties (2)", "duties (3)"]
    assert "rows 4 to 6 of 8" in notes["note"][0] and "rows 7 to 8 of 8" in notes["note"][1]


def test_the_same_tables_give_the_same_bytes_whatever_the_clock(tmp_path, monkeypatch):
    table = {"records": [pd.DataFrame({"a": ["客服", "品牌"], "b": [1.5, 2.0]})]}
    excel.write_workbook(table, tmp_path / "one.xlsx")
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)  # zipfile stamps entries with the clock
    excel.write_workbook(table, tmp_path / "two.xlsx")
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.xlsx") as archive:
        assert {entry.date_time for entry in archive.infolist()} == {excel.ZIP_TIME}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


# --- jdpipe.xlsx of a run -----------------------------------------------------------------------

def test_run_with_excel_writes_a_sheet_per_table(small_run):
    found = sheets(small_run / "jdpipe.xlsx")
    assert list(found) == ["records", "duties", "manifest", "themes", "role_terms", "role_themes",
                           "role_similarity", "role_pairs"]
    for name in found:
        pd.testing.assert_frame_equal(found[name], pd.read_csv(small_run / f"{name}.csv", encoding="utf-8-sig"),
                                      check_dtype=False, obj=name)
    assert set(found["records"]["role"]) == {"客服经理", "品牌经理"}


def test_parse_with_excel_writes_the_parse_tables(tmp_path):
    root = write_pages(tmp_path / "in")
    assert main(["parse", str(root), "--out", str(tmp_path / "out"), "--quiet", "--workers", "1",
                 "--set", "excel=true"]) == 0
    assert list(sheets(tmp_path / "out" / "jdpipe.xlsx")) == ["records", "duties", "manifest"]


def test_excel_setting_must_be_true_or_false(tmp_path, capsys):
    assert main(["config", "--set", "excel=yes"]) == 2
    err = capsys.readouterr().err
    assert "'excel'" in err and "true or false" in err and err.count("\n") == 1
    assert main(["config", "--set", "excel=true"]) == 0
    assert "[outputs]\nexcel = true" in capsys.readouterr().out


def test_api_writes_records_csv_and_the_workbook(small_run, tmp_path):
    analysed = analyze_records(load_results(small_run), tmp_path / "api", workers=1, excel=True)
    assert (tmp_path / "api" / "records.csv").read_bytes() == (small_run / "records.csv").read_bytes()
    found = sheets(tmp_path / "api" / "jdpipe.xlsx")
    assert "manifest" not in found and {"records", "duties", "role_pairs"} <= set(found)
    assert len(found["duties"]) == len(analysed.duties)


# --- the compare table --------------------------------------------------------------------------

def first_records(out, role):
    """duty -> (record_id, source, records holding it) of ``role``, the first in input order."""
    found = {}
    for record in read_jsonl(out / "records.jsonl"):
        if record["role"] != role:
            continue
        for duty in record["duties"]:
            rid, source, count = found.get(duty, (record["record_id"], record["source"], 0))
            found[duty] = (rid, source, count + 1)
    return found


def test_compare_table_has_each_duty_once_per_side_with_its_records(small_run, tmp_path, capsys):
    path = tmp_path / "cmp.csv"
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(small_run), "--out", str(path),
                 "--set", "overlap_threshold=0.3"]) == 0
    assert f"wrote {path} and {tmp_path / 'cmp_settings.json'}" in capsys.readouterr().out
    table = pd.read_csv(path, encoding="utf-8-sig")
    for side, role, other in (("a", "客服经理", "品牌经理"), ("b", "品牌经理", "客服经理")):
        rows = table[table["side"] == side]
        mine, theirs = first_records(small_run, role), first_records(small_run, other)
        assert sorted(rows["duty"]) == sorted(mine)  # every distinct duty, none twice
        assert (rows["role"] == role).all() and (rows["match_role"] == other).all()
        assert set(rows["best_match"]) <= set(theirs)
        for row in rows.itertuples():
            assert (row.record_id, row.source, row.records) == mine[row.duty]
            assert (row.match_record_id, row.match_source, row.match_records) == theirs[row.best_match]
        assert rows["cosine"].is_monotonic_decreasing
    assert (table["matched"] == (table["cosine"] >= 0.3).astype(int)).all()
    shared = table[table["duty"] == "组织客服人员培训"]
    assert len(shared) == 2 and (shared["cosine"] == 1.0).all() and (shared["matched"] == 1).all()
    twice = table[(table["side"] == "a") & (table["duty"].str.startswith("处理客户投诉"))]
    assert twice["records"].tolist() == [2] and twice["source"].tolist() == ["a1.txt"]
    about = json.loads((tmp_path / "cmp_settings.json").read_text(encoding="utf-8"))
    assert about["overlap_threshold"] == 0.3 and (about["role_a"], about["role_b"]) == ("客服经理", "品牌经理")
    assert about["results"] == str(small_run)


def test_api_table_is_the_cli_table(small_run, tmp_path):
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(small_run), "--out", str(tmp_path / "c.csv")]) == 0
    comparison = compare_roles(load_results(small_run), "客服经理", "品牌经理")
    written = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(comparison.table().astype({"records": int, "match_records": int}), written,
                                  check_dtype=False)
    assert comparison.about()["overlap_threshold"] == 0.5


def test_compare_writes_a_workbook_for_xlsx(small_run, tmp_path):
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(small_run), "--out", str(tmp_path / "c.csv")]) == 0
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(small_run), "--out", str(tmp_path / "c.XLSX")]) == 0
    assert zipfile.is_zipfile(tmp_path / "c.XLSX") and not (tmp_path / "c_settings.json").read_text() == ""
    assert not (tmp_path / "c.XLSX_settings.json").exists() and not (tmp_path / "c_settings.xlsx").exists()
    found = sheets(tmp_path / "c.XLSX")
    assert list(found) == ["comparison", "settings"]
    pd.testing.assert_frame_equal(found["comparison"], pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig"))
    settings = dict(zip(found["settings"]["setting"], found["settings"]["value"]))
    assert settings["overlap_threshold"] == 0.5 and settings["role_a"] == "客服经理"


@pytest.mark.parametrize("name", ["c.xls", "c.ods"])
def test_compare_refuses_spreadsheets_it_cannot_write(small_run, tmp_path, capsys, name):
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(small_run), "--out", str(tmp_path / name)]) == 2
    err = capsys.readouterr().err
    assert ".xlsx" in err and err.count("\n") == 1 and not (tmp_path / name).exists()


def test_compare_into_an_unwritable_place_is_one_sentence(small_run, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["compare", "客服经理", "品牌经理", "--dir", str(small_run),
                 "--out", str(tmp_path / "file" / "c.csv")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err and err.count("\n") == 1
