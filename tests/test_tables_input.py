"""Job-board exports as input: each row of a JSONL, JSON, CSV/TSV, Excel or Parquet file is a
posting, parsed with its title; its other columns travel with its records (``meta``); bad rows
cost only themselves (row_problems.csv); the cache knows rows by their text.

Every export here is made up in the test: three postings, written in each format.
"""
import csv
import json

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.ingest.tables import Columns, choose_columns, posting

from .conftest import one_sentence, read_jsonl

POSTINGS = [
    {"id": "J1", "职位名称": "客服专员（双休+五险一金）", "城市": "上海", "薪资": 6000, "发布平台": "BOSS",
     "职位描述": "岗位职责：\n1、负责接听客户来电，解答客户咨询；\n2、处理客户投诉并跟进处理结果；\n3、维护客户档案，定期回访客户。\n"
                 "任职要求：\n1、大专及以上学历；\n2、1年以上客服工作经验。"},
    {"id": "J2", "职位名称": "品牌经理", "城市": "北京", "薪资": 15000, "发布平台": "智联",
     "职位描述": "工作内容：1.制定品牌年度推广计划；2.组织品牌市场调研并撰写报告；3.管理品牌视觉形象与宣传物料。"
                 "任职要求：1.本科及以上学历；2.3年以上品牌管理经验。"},
    {"id": "J3", "职位名称": "运营专员", "城市": "上海", "薪资": 8000, "发布平台": "BOSS",
     "职位描述": "岗位职责<br />1、负责平台日常活动的策划与执行；<br />2、分析运营数据并提出改进建议；<br />"
                 "3、协调各部门推进运营项目。<br />任职要求<br />1、本科学历；<br />2、2年以上互联网运营经验。"},
]
KEYS = ["title", "role", "duties", "requirements", "education", "experience_years"]


def run(*args) -> int:
    return main(["run", *map(str, args), "--workers", "1", "--quiet"])


def parse(*args) -> int:
    return main(["parse", *map(str, args), "--workers", "1", "--quiet"])


def write_export(folder, fmt: str, rows=POSTINGS, name="jobs"):
    path = folder / f"{name}.{fmt}"
    frame = pd.DataFrame(rows)
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif fmt == "json":
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    elif fmt == "csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif fmt == "tsv":
        frame.replace({"\n": " "}, regex=True).to_csv(path, index=False, sep="\t", encoding="gb18030")
    elif fmt == "xlsx":
        frame.to_excel(path, index=False)
    elif fmt == "parquet":
        frame.to_parquet(path)
    return path


def export_folder(tmp_path, fmt: str, rows=POSTINGS):
    """tmp_path/in holding one export, jobs.FMT."""
    folder = tmp_path / "in"
    folder.mkdir()
    write_export(folder, fmt, rows)
    return folder


def records_of(out):
    return read_jsonl(out / "records.jsonl")


def manifest(out):
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def row_problems(out):
    with open(out / "row_problems.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# --- each format, the same postings -----------------------------------------------------

@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "tsv", "xlsx", "parquet"])
def test_each_format_gives_the_same_records_with_sources_by_id(tmp_path, fmt):
    folder = tmp_path / fmt
    folder.mkdir()
    write_export(folder, fmt)
    assert parse(folder, "--out", tmp_path / "out") == 0
    records = records_of(tmp_path / "out")
    assert [r["source"] for r in records] == [f"jobs.{fmt}#J1", f"jobs.{fmt}#J2", f"jobs.{fmt}#J3"]
    reference = tmp_path / "ref"
    reference.mkdir()
    write_export(reference, "jsonl")
    parse(reference, "--out", tmp_path / "ref_out")
    expected = [{k: r[k] for k in KEYS} for r in records_of(tmp_path / "ref_out")]
    assert [{k: r[k] for k in KEYS} for r in records] == expected
    assert expected[0]["duties"] == ["负责接听客户来电,解答客户咨询", "处理客户投诉并跟进处理结果", "维护客户档案,定期回访客户"]
    assert all(len(r["duties"]) == 3 and r["requirements"] for r in expected)
    [row] = manifest(tmp_path / "out")
    assert (row["source"], row["status"], row["rows"], row["rows_parsed"], row["row_problems"]) == \
        (f"jobs.{fmt}", "parsed", "3", "3", "0")


def test_meta_columns_travel_with_records_and_join_duties_by_record_id(tmp_path):
    folder = export_folder(tmp_path, "jsonl")
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 0
    first = records_of(out)[0]
    assert first["meta"] == {"id": "J1", "城市": "上海", "薪资": 6000, "发布平台": "BOSS"}
    table = pd.read_parquet(out / "records.parquet")
    assert str(table["meta_薪资"].dtype) == "int64" and list(table["meta_城市"]) == ["上海", "北京", "上海"]
    duties = pd.read_parquet(out / "duties.parquet").merge(table[["record_id", "meta_城市"]], on="record_id")
    assert duties.groupby("meta_城市").size().to_dict() == {"上海": 6, "北京": 3}
    with open(out / "records.csv", encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert header[-4:] == ["meta_id", "meta_城市", "meta_薪资", "meta_发布平台"]


def test_pages_beside_an_export_keep_their_outputs_without_meta(tmp_path):
    folder = export_folder(tmp_path, "jsonl")
    (folder / "page.txt").write_text("客服主管岗位职责\n1、安排客服排班；\n2、培训新员工；\n3、检查服务质量。\n", encoding="utf-8")
    assert parse(folder, "--out", tmp_path / "out") == 0
    by_source = {r["source"]: r for r in records_of(tmp_path / "out")}
    assert "meta" not in by_source["page.txt"] and by_source["jobs.jsonl#J2"]["meta"]["城市"] == "北京"
    table = pd.read_parquet(tmp_path / "out" / "records.parquet").set_index("source")
    assert pd.isna(table.loc["page.txt", "meta_城市"])


# --- columns ------------------------------------------------------------------------------

@pytest.mark.parametrize("text,title,id_", [
    ("job_description", "Job Title", "URL"),
    ("岗位职责", "岗位名称", "职位自编号"),
    ("Description", "position", "job_id"),
])
def test_columns_are_found_by_their_names(text, title, id_):
    names = ["公司", title, text, id_, "城市"]
    assert choose_columns(names, []) == Columns(text, title, id_)


def test_the_description_is_the_column_with_the_longest_texts_when_no_name_says_so():
    sample = [{"a": "上海", "b": "负责客户接待与咨询解答，处理投诉并做好记录，维护客户关系，定期回访。", "c": "6000"}] * 3
    assert choose_columns(["a", "b", "c"], sample).text == "b"


def test_a_separate_requirements_column_is_appended_under_its_heading():
    columns = choose_columns(["职位", "工作职责", "任职要求"], [])
    assert columns.requirements == "任职要求"
    found = posting({"职位": "会计", "工作职责": "1、编制凭证；2、核对账目；3、编制报表。", "任职要求": "1、本科学历"}, columns)
    assert found.text.splitlines() == ["会计", "1、编制凭证；2、核对账目；3、编制报表。", "任职要求：", "1、本科学历"]


def test_settings_name_the_columns(tmp_path):
    rows = [{"名": r["职位名称"], "正文": r["职位描述"], "编号": r["id"]} for r in POSTINGS]
    folder = export_folder(tmp_path, "csv", rows)
    assert parse(folder, "--out", tmp_path / "out", "--set", "text_column=正文", "--set", "title_column=名",
                 "--set", "id_column=编号") == 0
    records = records_of(tmp_path / "out")
    assert [r["source"] for r in records] == ["jobs.csv#J1", "jobs.csv#J2", "jobs.csv#J3"]
    assert records[1]["title"] == "品牌经理"


def test_no_description_column_is_one_sentence_naming_the_columns_and_exit_2(tmp_path, capsys):
    folder = export_folder(tmp_path, "csv", [{"城市": "上海", "代码": "021"}, {"城市": "北京", "代码": "010"}])
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 2
    line = one_sentence(capsys)
    assert "jobs.csv" in line and "城市, 代码" in line and "text_column" in line
    assert not out.exists()


def test_a_named_column_missing_from_an_export_is_exit_2(tmp_path, capsys):
    folder = export_folder(tmp_path, "jsonl")
    assert parse(folder, "--out", tmp_path / "out", "--set", "text_column=正文") == 2
    assert "text_column names '正文'" in one_sentence(capsys)


# --- bad rows ------------------------------------------------------------------------------

def test_bad_rows_are_listed_and_cost_only_themselves(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps(POSTINGS[0], ensure_ascii=False), "{not json", json.dumps({**POSTINGS[1], "职位描述": ""}),
             json.dumps(["a", "list"]), json.dumps({**POSTINGS[2], "职位描述": "负责" * 3_000_000}),
             json.dumps(POSTINGS[2], ensure_ascii=False)]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 0
    assert [r["source"] for r in records_of(out)] == ["feed.jsonl#J1", "feed.jsonl#J3"]
    problems = {p["row"]: p["reason"] for p in row_problems(out)}
    assert set(problems) == {"2", "3", "4", "5"}
    assert "not a JSON object" in problems["2"] and problems["3"] == "empty description"
    assert "JSON list" in problems["4"] and "6,000,000 characters" in problems["5"]
    [row] = manifest(out)
    assert (row["status"], row["rows"], row["rows_parsed"], row["row_problems"]) == ("parsed", "6", "2", "4")
    assert "row_problems.csv" in row["reason"]


def test_csv_rows_with_the_wrong_number_of_fields_and_multi_line_cells(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = ('职位,职位描述,城市\n'
            f'客服专员,"{POSTINGS[0]["职位描述"]}",上海\n'
            '坏行,只有两个字段\n'
            f'品牌经理,"{POSTINGS[1]["职位描述"]}",北京,多余\n'
            f'运营专员,"{POSTINGS[2]["职位描述"]}",上海\n')
    (folder / "jobs.csv").write_bytes(text.encode("gbk"))
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 0
    assert [r["source"] for r in records_of(out)] == ["jobs.csv#1", "jobs.csv#4"]
    problems = {p["row"]: p["reason"] for p in row_problems(out)}
    assert problems == {"2": "row has 2 fields, the header 3", "3": "row has 4 fields, the header 3"}


def test_a_sheet_without_a_header_is_a_row_problem_and_other_sheets_are_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with pd.ExcelWriter(folder / "book.xlsx") as writer:
        pd.DataFrame(POSTINGS[:2]).to_excel(writer, sheet_name="职位", index=False)
        pd.DataFrame([[1, 2], [3, 4]]).to_excel(writer, sheet_name="数字", index=False, header=False)
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 0
    assert len(records_of(out)) == 2
    [problem] = row_problems(out)
    assert "sheet '数字' has no header row" in problem["reason"]


def test_an_unreadable_export_is_an_error_row_and_the_rest_of_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.parquet").write_bytes(b"PAR1 not really parquet")
    write_export(folder, "jsonl")
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 1
    rows = {row["source"]: row for row in manifest(out)}
    assert rows["broken.parquet"]["status"] == "error" and "Parquet" in rows["broken.parquet"]["reason"]
    assert len(records_of(out)) == 3


# --- ids, duplicates, the cache -----------------------------------------------------------------

def test_a_repeated_id_keeps_sources_unique_and_repeated_postings_are_duplicates(tmp_path):
    folder = export_folder(tmp_path, "jsonl", [POSTINGS[0], POSTINGS[1], POSTINGS[0]])
    out = tmp_path / "out"
    assert parse(folder, "--out", out) == 0
    records = records_of(out)
    assert [r["source"] for r in records] == ["jobs.jsonl#J1", "jobs.jsonl#J2", "jobs.jsonl#J1#3"]
    assert records[2]["duplicate_of"] == records[0]["record_id"] and records[0]["duplicate_of"] is None


def test_rows_without_an_id_are_named_by_their_number(tmp_path):
    folder = export_folder(tmp_path, "csv", [{k: v for k, v in r.items() if k != "id"} for r in POSTINGS])
    assert parse(folder, "--out", tmp_path / "out") == 0
    assert [r["source"] for r in records_of(tmp_path / "out")] == ["jobs.csv#1", "jobs.csv#2", "jobs.csv#3"]


def test_a_grown_export_parses_only_its_new_rows(tmp_path, capsys):
    folder = export_folder(tmp_path, "jsonl", POSTINGS[:2])
    out = tmp_path / "out"
    assert run("--input", folder, "--out", out) == 0
    first = {r["source"]: r["record_id"] for r in records_of(out)}
    capsys.readouterr()
    write_export(folder, "jsonl", POSTINGS)
    assert main(["run", "--input", str(folder), "--out", str(out), "--workers", "1"]) == 0
    assert "2 postings from the cache, 1 parsed" in capsys.readouterr().err
    again = {r["source"]: r["record_id"] for r in records_of(out)}
    assert {k: again[k] for k in first} == first and len(again) == 3


# --- where ---------------------------------------------------------------------------------

def test_where_keeps_the_records_whose_metadata_match(tmp_path):
    folder = export_folder(tmp_path, "jsonl")
    out = tmp_path / "out"
    assert parse(folder, "--out", out, "--set", "where=城市~上海 & 薪资>=7000") == 0
    assert [r["source"] for r in records_of(out)] == ["jobs.jsonl#J3"]


def test_a_where_that_is_not_a_condition_is_exit_2(tmp_path, capsys):
    folder = export_folder(tmp_path, "jsonl")
    assert parse(folder, "--out", tmp_path / "out", "--set", "where=城市") == 2
    assert "where" in one_sentence(capsys)


def test_compare_where_uses_only_the_duties_of_the_subset(tmp_path, capsys):
    other = [{**POSTINGS[0], "id": "K1", "发布平台": "智联",
              "职位描述": "岗位职责：1、受理客户退换货申请；2、整理客户反馈周报；3、培训新入职客服。"},
             {**POSTINGS[1], "id": "K2", "发布平台": "BOSS",
              "职位描述": "工作内容：1.策划品牌发布会；2.对接广告代理公司；3.监测品牌舆情。"}]
    folder = export_folder(tmp_path, "jsonl", [POSTINGS[0], POSTINGS[1], *other])
    out = tmp_path / "out"
    assert run("--input", folder, "--out", out) == 0
    capsys.readouterr()
    table = tmp_path / "cmp.csv"
    assert main(["compare", "客服专员", "品牌经理", "--dir", str(out), "--where", "发布平台=BOSS",
                 "--out", str(table), "--set", "min_role_duties=1"]) == 0
    rows = pd.read_csv(table)
    duties = set(rows.filter(like="duty").stack().astype(str))
    assert "受理客户退换货申请" not in duties and "策划品牌发布会" in duties
    assert main(["compare", "客服专员", "品牌经理", "--dir", str(out), "--where", "渠道=BOSS"]) == 2
    assert "no column '渠道'" in one_sentence(capsys)


def test_the_api_takes_where_and_a_pandas_query(tmp_path):
    from pipeline import analyze_records, parse_files

    folder = export_folder(tmp_path, "parquet")
    parsed = parse_files(folder, workers=1)
    assert list(parsed.records["meta_城市"]) == ["上海", "北京", "上海"]
    assert list(parsed.subset("城市=上海").records["record_id"]) == list(parsed.records["record_id"][[0, 2]])
    shanghai = analyze_records(parsed, where="城市=上海", workers=1)
    assert set(shanghai.records["meta_城市"]) == {"上海"}
    paid = analyze_records(parsed, query="meta_薪资 >= 8000", workers=1)
    assert sorted(paid.records["meta_薪资"]) == [8000, 15000]


def test_a_json_array_over_the_size_limit_is_skipped_but_json_lines_stream(tmp_path):
    folder = export_folder(tmp_path, "json")
    write_export(folder, "jsonl")
    out = tmp_path / "out"
    assert parse(folder, "--out", out, "--set", "max_file_mb=0.0001") == 0
    rows = {row["source"]: row for row in manifest(out)}
    assert rows["jobs.json"]["status"] == "skipped" and "save it as .jsonl" in rows["jobs.json"]["reason"]
    assert rows["jobs.jsonl"]["rows_parsed"] == "3"


def test_the_dask_engine_gives_the_local_engines_records(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_export(folder, "jsonl", POSTINGS * 12)  # more rows than one batch
    assert main(["parse", str(folder), "--out", str(tmp_path / "local"), "--workers", "2", "--quiet"]) == 0
    assert main(["parse", str(folder), "--out", str(tmp_path / "dask"), "--workers", "2", "--quiet",
                 "--engine", "dask"]) == 0
    assert (tmp_path / "local" / "records.jsonl").read_bytes() == (tmp_path / "dask" / "records.jsonl").read_bytes()
    assert len(records_of(tmp_path / "dask")) == 36


def test_json_lines_named_json_are_read_as_json_lines(tmp_path):
    folder = export_folder(tmp_path, "jsonl")
    (folder / "jobs.jsonl").rename(folder / "feed.json")
    assert parse(folder, "--out", tmp_path / "out") == 0
    assert [r["source"] for r in records_of(tmp_path / "out")] == ["feed.json#J1", "feed.json#J2", "feed.json#J3"]


def test_rows_of_an_export_merged_from_boards_that_name_the_description_differently(tmp_path):
    boards = [{"职位名称": p["职位名称"], "职位描述": p["职位描述"]} for p in POSTINGS[:2]] + \
             [{"title": POSTINGS[2]["职位名称"], "job_description": POSTINGS[2]["职位描述"], "platform": "lagou"}]
    folder = export_folder(tmp_path, "jsonl", boards)
    assert parse(folder, "--out", tmp_path / "out") == 0
    records = records_of(tmp_path / "out")
    assert [r["title"] for r in records] == ["客服专员", "品牌经理", "运营专员"]
    assert all(len(r["duties"]) == 3 for r in records)
    assert records[2]["meta"] == {"platform": "lagou"}  # the row's description and title are not metadata
