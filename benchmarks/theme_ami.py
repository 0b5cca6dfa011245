"""Duty themes against the hand labelling of tests/fixtures/theme_labels.tsv, on two halves.

    python benchmarks/theme_ami.py [--corpus OUT_DIR ...]

The labelled duties are split into two halves by a hash of the duty text (never by its label):
``dev`` (even) is the half to look at while developing, ``held`` (odd) the honest number. Themes
are fitted the way `jdpipe run` fits them (``analysis.duty_vectors`` and ``fit_themes``, default
settings): on the labelled duties alone, and, for each ``--corpus`` (the output folder of a
`jdpipe run`, whose duties.parquet is read), on that corpus's distinct duties plus the labelled
ones. Prints one JSON line per setting: adjusted mutual information per half, k, seconds.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_mutual_info_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.analyze.analysis import duty_vectors, fit_themes  # noqa: E402
from pipeline.analyze.tokens import JiebaTokenizer  # noqa: E402
from pipeline.analyze.vectorize import unique_duty_table  # noqa: E402
from pipeline.config import Settings  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "theme_labels.tsv"
HALVES = ("dev", "held")


def labelled_duties(path: Path = LABELS) -> pd.DataFrame:
    """``theme, duty, half``: half from the duty text's MD5, so it never depends on the label."""
    labels = pd.read_csv(path, sep="\t", comment="#", quoting=csv.QUOTE_NONE)
    labels["half"] = [HALVES[int(hashlib.md5(d.encode("utf-8")).hexdigest(), 16) % 2] for d in labels["duty"]]
    return labels


def theme_ami(labels: pd.DataFrame, texts, settings: Settings | None = None) -> dict:
    """Fit themes on ``texts`` (which hold every labelled duty); AMI of each half, k, seconds."""
    settings = settings or Settings()
    started = time.perf_counter()
    table = unique_duty_table(pd.DataFrame({"duty": sorted(set(texts))}), JiebaTokenizer())
    _, vectors, _, words = duty_vectors(table, settings)
    themes = fit_themes(vectors, words, settings)
    theme_of = dict(zip(table["duty"], themes.labels_))
    scores = {half: round(adjusted_mutual_info_score(part["theme"], part["duty"].map(theme_of)), 3)
              for half, part in labels.groupby("half")}
    return {**scores, "duties": len(table), "k": int(themes.k_), "seconds": round(time.perf_counter() - started, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", default=[], help="a `jdpipe run` output folder")
    args = parser.parse_args(argv)
    labels = labelled_duties()
    print(json.dumps({"setting": "alone", **theme_ami(labels, labels["duty"])}, ensure_ascii=False))
    for folder in args.corpus:
        corpus = pd.read_parquet(Path(folder) / "duties.parquet", columns=["duty"])["duty"]
        result = theme_ami(labels, set(corpus) | set(labels["duty"]))
        print(json.dumps({"setting": f"corpus {folder}", **result}, ensure_ascii=False))


if __name__ == "__main__":
    main()
