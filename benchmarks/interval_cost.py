"""What the bootstrap intervals of role_pairs add to the analysis (issue 15).

    python benchmarks/interval_cost.py PARSED_DIR [--repeat 2]

PARSED_DIR holds the outputs of ``jdpipe parse`` (records.parquet), e.g. of a corpus from
``benchmarks/generate_corpus.py``. Runs ``pipeline.analyze_records`` on them (in memory) and
times, inside it, the interval step (``pipeline.analyze.analysis.pair_intervals``) alone;
prints the corpus's size, the compared roles and pairs, the analysis's seconds and the
intervals' seconds (wall and CPU), the best of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import analyze_records, load_results  # noqa: E402
from pipeline.analyze import analysis  # noqa: E402


def timed_intervals(spent: list[tuple[float, float]]):
    original = analysis.pair_intervals

    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent.append((time.perf_counter() - wall, time.process_time() - cpu))
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parsed", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    parsed = load_results(args.parsed)
    print(f"{len(parsed.records)} records, {len(parsed.duties)} duty rows, "
          f"{parsed.duties['duty'].nunique()} distinct duties")
    runs = []
    for _ in range(args.repeat):
        spent: list[tuple[float, float]] = []
        analysis.pair_intervals = timed_intervals(spent)
        wall, cpu = time.perf_counter(), time.process_time()
        result = analyze_records(parsed)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu, *spent[0]))
    compared = len(result.role_similarity)
    print(f"{compared} compared roles, {len(result.role_pairs)} pairs")
    wall, cpu, interval_wall, interval_cpu = min(runs)
    print(f"analyze_records: {wall:.1f} s wall, {cpu:.1f} s CPU; intervals: {interval_wall:.2f} s wall, "
          f"{interval_cpu:.2f} s CPU ({interval_cpu / cpu:.0%} of the CPU)")


if __name__ == "__main__":
    main()
