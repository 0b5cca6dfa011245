"""The Python API: ``from pipeline import parse_files, analyze_records, load_results, compare_roles``."""
import subprocess
import sys

import pandas as pd
import pytest

import pipeline
from pipeline import Results, UserError, analyze_records, compare_roles, load_results, parse_files
from pipeline.results import corpus_stats, field_coverage, manifest_problems, role_counts, warning_counts

from .conftest import RAW
from .test_compare_cli import PAGES


@pytest.fixture
def pages(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_import_pipeline_is_light():
    code = "import sys, pipeline; print(sorted(m for m in ('pandas', 'sklearn', 'jieba', 'matplotlib') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert {"parse_files", "analyze_records", "load_results", "compare_roles", "write_report"} <= set(dir(pipeline))
    with pytest.raises(AttributeError):
        pipeline.no_such_thing  # noqa: B018


def test_parse_then_analyze_in_memory(pages):
    parsed = parse_files(pages, workers=1)
    assert isinstance(parsed, Results) and parsed.folder is None and not parsed.analysed
    assert len(parsed.records) == 3 and len(parsed.manifest) == 3
    assert list(parsed.duties.columns) == ["record_id", "position", "duty", "role", "source"]

    analysed = analyze_records(parsed)
    assert analysed.analysed and len(analysed.manifest) == 3
    assert set(analysed.duties["role"]) == {"客服主管", "品牌经理", "客服经理"}
    assert {"tokens", "theme"} <= set(analysed.duties.columns)
    assert analysed.role_similarity.index.name == "role"
    assert list(analysed.role_similarity.index) == list(analysed.role_similarity.columns)
    models = analysed.models
    assert len(models["themes"].labels_) == analysed.duties["duty"].nunique()
    assert list(models["profiler"].classes_) == sorted(analysed.duties["role"].unique())
    assert models["vectorizer"].n_features_out_ > 0 and models["tokenizer"]("处理客户投诉")


def test_analyze_accepts_frames_and_folders(pages, tmp_path):
    out = tmp_path / "parsed"
    parsed = parse_files([pages], out=out, workers=1)
    assert parsed.folder == out and (out / "records.parquet").is_file()
    from_frame = analyze_records(parsed.records)
    from_folder = analyze_records(out, out=tmp_path / "analysed")
    pd.testing.assert_frame_equal(from_frame.role_similarity, from_folder.role_similarity)
    assert (tmp_path / "analysed" / "role_pairs.parquet").is_file()


def test_load_results_reads_a_run(full_run):
    results = load_results(full_run)
    assert results.analysed and results.folder == full_run
    stats = dict(corpus_stats(results).itertuples(index=False))
    assert stats["files"] == 5 and stats["records"] == len(results.records) and stats["duties"] == len(results.duties)
    counts = role_counts(results)
    assert counts["distinct_duties"].is_monotonic_decreasing and "客服经理" in set(counts["role"])
    assert set(field_coverage(results.records)["field"]) >= {"duties", "education", "superior"}
    assert len(manifest_problems(results.manifest)) == 0
    assert list(warning_counts(results.records).columns) == ["warning", "records", "example_source"]


def test_compare_roles(full_run):
    results = load_results(full_run)
    comparison = compare_roles(results, "客服部经理", "品牌经理")
    assert (comparison.role_a, comparison.role_b) == ("客服经理", "品牌经理")
    assert 0 <= comparison.summary["cosine"] <= 1 and len(comparison.matches) == comparison.summary["duties"]["客服经理"]
    with pytest.raises(UserError, match="did you mean"):
        compare_roles(results, "客服经里", "品牌经理")


def test_load_results_mistakes(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        load_results(tmp_path / "nope")
    with pytest.raises(UserError, match="jdpipe run"):
        load_results(tmp_path)


def test_warning_counts_groups_by_kind():
    records = pd.DataFrame({"source": ["a", "b", "c"],
                            "warnings": [["no duties: empty list"], [], ["no duties: x", "title: too long"]]})
    table = warning_counts(records)
    assert table.to_dict("records") == [{"warning": "no duties", "records": 2, "example_source": "a"},
                                        {"warning": "title", "records": 1, "example_source": "c"}]


def test_analyze_records_returns_what_jdpipe_run_writes_without_a_temporary_folder(full_run, monkeypatch):
    import tempfile

    def no_temporary_folder(*args, **kwargs):
        raise AssertionError("the API made a temporary folder")

    monkeypatch.setattr(tempfile, "mkdtemp", no_temporary_folder)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_temporary_folder)
    analysed = analyze_records(parse_files(RAW, workers=1), workers=1)
    written = load_results(full_run)
    for name in ("records", "duties", "themes", "role_terms", "role_themes", "role_similarity", "role_pairs"):
        pd.testing.assert_frame_equal(getattr(analysed, name), getattr(written, name), obj=name)
    assert {"tokenizer", "vectorizer", "themes", "profiler"} <= set(analysed.models)
