"""Parser quality on the gold-annotated corpus, and agreement with the reference scorer."""
import json
import subprocess
import sys

from pipeline.evaluate import load_gold, score

from .conftest import GOLD

# Floors under the current scores: a change that lowers any of them fails here.
# (The goals of the parse issue: record F1 and every field >= 0.90, duty F1 >= 0.93.)
FLOORS = {
    "record_f1": 0.96,
    "duty_f1": 0.95,
    "title_accuracy": 0.97,
    "department_accuracy": 0.95,
    "superior_accuracy": 0.95,
    "subordinates_accuracy": 0.95,
    "education_accuracy": 0.95,
    "experience_years_accuracy": 0.95,
}


def test_scores_do_not_regress(corpus_records):
    result, _ = corpus_records
    summary, _ = score(load_gold(GOLD), result.records)
    for key, floor in FLOORS.items():
        assert summary[key] >= floor, (key, summary[key])


def test_evaluate_agrees_with_reference_scorer(corpus_records):
    result, out = corpus_records
    summary, _ = score(load_gold(GOLD), result.records)
    reference = subprocess.run(
        [sys.executable, str(GOLD.parent / "score_reference.py"), str(GOLD), str(out / "records.jsonl"), "--json"],
        capture_output=True, text=True, check=True,
    )
    assert json.loads(reference.stdout) == summary
