"""Duplicates: exact duplicate documents, near-duplicate records, and what the analysis counts."""
import csv
import json

import numpy as np
import pandas as pd
import pytest

from pipeline import dedupe
from pipeline.cli import main
from pipeline.dedupe import Deduper, duty_shingles, shingle_hashes, signature
from pipeline.parse.record import Record

from .conftest import RAW, read_jsonl

JD = ("客服专员岗位职责\n1、接听客户电话，记录客户需求并及时反馈；\n2、处理客户投诉，跟进处理结果直至客户满意；\n"
      "3、维护客户档案，定期进行回访；\n4、完成上级交办的其他工作。\n")
# the same JD with one word changed: a copy, not a new JD
JD_EDITED = JD.replace("定期进行回访", "定期电话回访")
OTHER = ("销售经理岗位职责\n1、制定年度销售计划并分解到各区域；\n2、开拓新市场，发展新客户；\n"
         "3、带领销售团队完成销售目标；\n4、收集市场信息和竞争对手动态。\n")


def manifest(out):
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {row["source"]: row for row in csv.DictReader(f)}


def parse(folder, out, *flags):
    assert main(["parse", str(folder), "--out", str(out), "--workers", "1", "--quiet", *flags]) == 0
    return {r["source"]: r for r in read_jsonl(out / "records.jsonl")}


@pytest.mark.parametrize("text, other, similar", [
    (JD, JD, True),
    (JD, JD_EDITED, True),
    (JD, JD.replace("4、完成上级交办的其他工作。\n", ""), True),  # one duty of four dropped
    (JD, OTHER, False),
    (JD, JD.split("3、")[0], False),  # half the duties: shares only half the shingles
])
def test_near_duplicate_threshold(text, other, similar):
    from pipeline.parse import parse_text

    (a,), (b,) = parse_text(text), parse_text(other)
    exact = len(duty_shingles(a.duties) & duty_shingles(b.duties)) / len(duty_shingles(a.duties) | duty_shingles(b.duties))
    assert (exact >= dedupe.NEAR_THRESHOLD) == similar
    deduper = Deduper()
    deduper.document("a", None, [a], [signature(a.duties)])
    deduper.document("b", None, [b], [signature(b.duties)])
    assert a.duplicate_of is None
    assert b.duplicate_of == (a.record_id if similar else None)


def test_shingle_hashes_count_the_distinct_shingles():
    for duties in (["处理客户投诉"], ["处理客户投诉", "处理客户投诉"], ["a b c d e"], ["短"], []):
        assert len(shingle_hashes(duties)) == len(duty_shingles(duties))


def test_short_records_are_never_near_duplicates():
    assert signature(["完成交办工作"]) is None  # fewer than MIN_SHINGLES 4-grams
    assert signature(["客服" * 8]) is None  # 13 shingles, but only 2 distinct ones


def test_signature_is_datasketchs_minhash():
    """The numpy signature equals datasketch's affine32 MinHash over the same shingle hashes."""
    from datasketch import MinHash

    for duties in (JD.splitlines()[1:], JD_EDITED.splitlines()[1:], OTHER.splitlines()[1:]):
        minhash = MinHash(num_perm=dedupe.NUM_PERM, seed=dedupe.MINHASH_SEED, hashfunc=int, scheme="affine32")
        minhash.update_batch(shingle_hashes(duties).tolist())
        assert np.array_equal(signature(duties), np.asarray(minhash.hashvalues, dtype=np.uint32))


def test_exact_and_near_duplicates_in_a_corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(JD + "\n" + OTHER, encoding="utf-8")
    (folder / "b_copy.txt").write_bytes((JD + "\n" + OTHER).encode("gb18030"))  # same text, other encoding
    (folder / "c_edited.txt").write_text(JD_EDITED, encoding="utf-8")
    (folder / "d_other.txt").write_text(OTHER.replace("销售经理", "区域销售经理"), encoding="utf-8")
    (folder / "e_unrelated.txt").write_text("行政专员岗位职责\n1、负责办公用品的采购与管理；\n2、组织公司会议并做好会议记录；\n"
                                            "3、管理公司固定资产台账。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["parse", str(folder), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    records = read_jsonl(out / "records.jsonl")
    by_source = {}
    for record in records:
        by_source.setdefault(record["source"], []).append(record)
    first_jd, first_other = by_source["a.txt"]
    assert first_jd["duplicate_of"] is None and first_other["duplicate_of"] is None
    assert [r["duplicate_of"] for r in by_source["b_copy.txt"]] == [first_jd["record_id"], first_other["record_id"]]
    assert by_source["c_edited.txt"][0]["duplicate_of"] == first_jd["record_id"]
    assert by_source["d_other.txt"][0]["duplicate_of"] == first_other["record_id"]  # only the title differs
    assert by_source["e_unrelated.txt"][0]["duplicate_of"] is None
    rows = manifest(out)
    assert rows["b_copy.txt"]["duplicate_of"] == "a.txt"
    assert all(rows[s]["duplicate_of"] == "" for s in rows if s != "b_copy.txt")
    stored = pd.read_parquet(out / "records.parquet")["duplicate_of"]
    assert [None if pd.isna(v) else v for v in stored] == [r["duplicate_of"] for r in records]


def test_duplicate_of_names_the_first_occurrence_not_a_duplicate(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    texts = [JD, JD_EDITED, JD_EDITED.replace("记录客户需求", "记录客户问题")]  # a chain of edits
    for i, text in enumerate(texts):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    records = parse(folder, tmp_path / "out")
    assert records["1.txt"]["duplicate_of"] == records["0.txt"]["record_id"]
    assert records["2.txt"]["duplicate_of"] in (records["0.txt"]["record_id"], None)


def test_run_summary_reports_duplicates(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(JD, encoding="utf-8")
    (folder / "b.txt").write_text(JD, encoding="utf-8")
    (folder / "c.txt").write_text(JD_EDITED, encoding="utf-8")
    assert main(["parse", str(folder), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "1 exact duplicate files, 2 duplicate records (1 in duplicate files, 1 near duplicates)" in err


def test_band_index_finds_candidates_across_merges(monkeypatch):
    monkeypatch.setattr(dedupe.BandIndex, "MERGE_EVERY", 25)
    rng = np.random.default_rng(0)
    deduper = Deduper()
    sigs = rng.integers(0, 2**32, (40, dedupe.NUM_PERM), dtype=np.uint64).astype(np.uint32)
    records = [Record(f"r{i}", "x.txt", [i, i + 1], "role", "经理", "经理") for i in range(40)]
    for record, sig in zip(records, sigs):
        deduper.record(record, sig)
    assert all(r.duplicate_of is None for r in records)
    assert len(deduper.index.keys) > 0  # some keys were merged into the sorted arrays
    for i in (0, 17, 39):
        again = Record(f"again{i}", "y.txt", [i, i + 1], "role", "经理", "经理")
        deduper.record(again, sigs[i].copy())
        assert again.duplicate_of == f"r{i}"


def test_dedupe_duties_counts_a_copied_jd_once_per_role(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(JD, encoding="utf-8")
    (folder / "b.txt").write_text(JD_EDITED, encoding="utf-8")  # same role, a near copy
    (folder / "c.txt").write_text(OTHER, encoding="utf-8")
    (folder / "d.txt").write_text(OTHER.replace("销售经理", "市场经理"), encoding="utf-8")  # a copy under another role
    counts = {}
    for dedupe_duties in (True, False):
        out = tmp_path / f"out_{dedupe_duties}"
        config = tmp_path / f"{dedupe_duties}.toml"
        config.write_text(f"dedupe_duties = {str(dedupe_duties).lower()}\nmin_role_duties = 1\n", encoding="utf-8")
        assert main(["--config", str(config), "run", "--input", str(folder), "--out", str(out), "--workers", "1",
                     "--quiet", "--no-cache"]) == 0
        pairs = pd.read_csv(out / "role_pairs.csv", encoding="utf-8-sig")
        sizes = {}
        for row in pairs.itertuples():
            sizes[row.role_a], sizes[row.role_b] = (row.duties_a, row.records_a), (row.duties_b, row.records_b)
        counts[dedupe_duties] = sizes
        assert len(pd.read_parquet(out / "duties.parquet")) == 16  # every duty row is still written
    assert counts[True]["客服专员"] == (4, 1)  # the edited copy adds neither a record nor its variant duty
    assert counts[False]["客服专员"] == (5, 2)
    assert counts[True]["市场经理"] == counts[False]["市场经理"] == (4, 1)  # another role's copy still counts


def test_streamed_run_equals_parse_then_analyze_records(tmp_path, corpus_records):
    """`jdpipe run` (streamed) and parse_inputs + analyze_records (records in memory) write the
    same analysis outputs."""
    import copy

    from pipeline.api import analyze_records

    result, _ = corpus_records
    listed = tmp_path / "listed"
    analyze_records(copy.deepcopy(result.records), listed, workers=1)
    streamed = tmp_path / "streamed"
    assert main(["run", "--input", str(RAW), "--out", str(streamed), "--workers", "1", "--quiet", "--no-cache"]) == 0
    for name in ("duties", "themes", "role_terms", "role_themes", "role_similarity", "role_pairs"):
        assert (listed / f"{name}.csv").read_bytes() == (streamed / f"{name}.csv").read_bytes(), name
        pd.testing.assert_frame_equal(pd.read_parquet(listed / f"{name}.parquet"),
                                      pd.read_parquet(streamed / f"{name}.parquet"), check_dtype=False)
    assert (listed / "records.jsonl").read_bytes() == (streamed / "records.jsonl").read_bytes()


def test_dev_corpus_duplicates(corpus_records):
    """The copies the dev corpus holds (the same JD under two headings) are found."""
    result, _ = corpus_records
    by_id = {r["record_id"]: r for r in result.records}
    pairs = [(by_id[r["duplicate_of"]]["title"], r["title"]) for r in result.records if r["duplicate_of"]]
    # e.g. 客户服务部 repeats 客服部's duties with a few words changed (Jaccard 0.81)
    assert ("在线客服", "在线客服") in pairs and ("客服部", "客户服务部") in pairs
    assert all(by_id[r["duplicate_of"]]["duplicate_of"] is None for r in result.records if r["duplicate_of"])
    assert json.dumps(result.records)  # duplicate_of is plain JSON
