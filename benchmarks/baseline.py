"""The plain, single-process, notebook-style pipeline `jdpipe run` is measured against.

    python benchmarks/baseline.py CORPUS_DIR [--out FILE.csv]
    python benchmarks/baseline.py EXPORT.jsonl [--out FILE.csv]   # a job-board export: pandas reads it

What a first notebook on such a corpus does: read every file (UTF-8, else GB18030; HTML
tags stripped by a regex), split out the numbered lines with a regex, ``jieba.lcut`` each
one, TF-IDF over the tokens, KMeans into 20 clusters, and a CSV of line and cluster. No
cleaning, no duplicate handling, no structure. Prints one JSON line of stage times.
"""
from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from pathlib import Path

NUMBERED = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[(（]\d{1,2}[)）]|[①-⑳])\s*[、.．:：]?\s*(.{4,})$",
                      re.MULTILINE)
TAG = re.compile(r"<[^>]+>")


def read(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="ignore")
    if path.suffix in (".html", ".htm"):
        text = TAG.sub("\n", text)
    return text


def read_export(path: Path) -> list[str]:
    """The descriptions of an export, as a notebook gets them: pandas reads the file, the column
    with the longest texts is the description."""
    import pandas as pd

    readers = {".jsonl": lambda p: pd.read_json(p, lines=True), ".csv": pd.read_csv, ".parquet": pd.read_parquet,
               ".xlsx": pd.read_excel}
    frame = readers[path.suffix.lower()](path)
    column = max(frame.columns, key=lambda c: frame[c].astype(str).str.len().mean())
    return frame[column].astype(str).tolist()


def identity(tokens):
    return tokens


def run(corpus: Path, out: Path | None) -> dict:
    import jieba
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    times, started = {}, time.perf_counter()
    mark = started

    def lap(name):
        nonlocal mark
        now = time.perf_counter()
        times[name] = round(now - mark, 3)
        mark = now

    texts = read_export(corpus) if corpus.is_file() else [read(p) for p in sorted(corpus.rglob("*")) if p.is_file()]
    lap("read")
    items = [m.group(1).strip() for text in texts for m in NUMBERED.finditer(text)]
    lap("split")
    jieba.setLogLevel(60)
    tokens = [jieba.lcut(item) for item in items]
    lap("tokenise")
    vectors = TfidfVectorizer(analyzer=identity).fit_transform(tokens)
    lap("tfidf")
    labels = KMeans(n_clusters=20, random_state=0, n_init="auto").fit_predict(vectors)
    lap("kmeans")
    if out is not None:
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["line", "cluster"])
            writer.writerows(zip(items, labels.tolist()))
    lap("export")
    return {"files": len(texts), "lines": len(items), "stages": times, "seconds": round(mark - started, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.corpus, args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
