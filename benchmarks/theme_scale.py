"""Seconds of the theme step (duty vectors, word vectors, themes) per number of distinct duties.

    python benchmarks/theme_scale.py [--sizes 20000 100000] [--without-words] [--raw data/raw]

Duties are made by recombining the clauses of the real duties of ``--raw`` (split at commas
and semicolons, two or three clauses joined, seeded), until there are as many distinct ones
as asked: real wording, each duty text its own. Tokenising is not timed (the run caches it).
Printed per size, one JSON line: seconds (wall and CPU) of ``duty_vectors`` (TF-IDF blocks
plus the corpus-trained word vectors), of ``fit_themes``, k, and the process's peak memory.
``--without-words`` leaves the word vectors out (the themes of before they were added).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLAUSE_SPLIT = re.compile(r"[,，;；、]")


def real_clauses(raw: Path) -> list[str]:
    from pipeline.api import parse_files
    records = parse_files(raw).records
    duties = {duty for duties in records["duties"] for duty in duties}
    return sorted({c.strip() for d in duties for c in CLAUSE_SPLIT.split(d) if len(c.strip()) >= 4})


def recombined_duties(clauses: list[str], n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    duties: set[str] = set()
    while len(duties) < n:
        duties.add("，".join(rng.sample(clauses, rng.choice((2, 3)))))
    return sorted(duties)


def measure(texts: list[str], with_words: bool) -> dict:
    from pipeline.analyze.analysis import fit_themes
    from pipeline.analyze.tokens import token_table, tokenize_chunk
    from pipeline.analyze.vectorize import DutyVectorizer, duty_documents
    from pipeline.analyze.word_vectors import CorpusWordVectors
    from pipeline.config import Settings

    table = token_table(texts, dict(zip(texts, tokenize_chunk((texts, (), ())))))
    settings, times = Settings(), {}

    def timed(name, work):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        times[f"{name}_s"], times[f"{name}_cpu_s"] = (round(time.perf_counter() - wall, 1),
                                                      round(time.process_time() - cpu, 1))
        return result

    vectors = timed("tfidf", lambda: DutyVectorizer().fit_transform(duty_documents(table)))
    words = timed("words", lambda: CorpusWordVectors(random_state=settings.seed).fit_transform(table["features"])) \
        if with_words else None
    themes = timed("themes", lambda: fit_themes(vectors, words, settings))
    peak = next(int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmHWM"))
    return {"duties": len(texts), **times, "total_s": round(sum(v for k, v in times.items() if "cpu" not in k), 1),
            "k": int(themes.k_), "peak_mb": round(peak), "words": with_words}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--without-words", action="store_true")
    args = parser.parse_args(argv)
    clauses = real_clauses(args.raw)
    for size in args.sizes:
        print(json.dumps(measure(recombined_duties(clauses, size), not args.without_words)), flush=True)


if __name__ == "__main__":
    main()
