"""The overlap matching step alone (``similarity.best_matches``) on made-up duty vectors, up to
a million distinct duties: seconds, CPU seconds, peak memory, and the recall of the
approximate path against the exact one where the exact one is run.

    python benchmarks/overlap_match_scale.py [--sizes 50000 1000000] [--exact-up-to 50000]

No text and no jieba: each vector is one of five templates (twelve weighted terms) plus two
"nouns" out of 20,000 (rarer terms, heavier), L2-normalised, so every vector differs, a
template's duties match each other at about 0.4-0.8 and those sharing a noun higher; duties
are spread over 36 roles. Each size runs in its own process (peak memory: VmHWM).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, sys, time
sys.path.insert(0, {code!r})
import numpy as np, pandas as pd, scipy.sparse as sp
from pipeline.analyze import similarity

n, exact = {n}, {exact}
rng = np.random.default_rng(0)
template = np.arange(n) % 5
terms = template[:, None] * 12 + np.arange(12)
nouns = 60 + rng.integers(0, 20_000, size=(n, 2))
columns = np.hstack([terms, nouns])
weights = np.hstack([np.tile(np.linspace(1.0, 0.5, 12), (n, 1)), np.full((n, 2), 1.6)])
vectors = sp.csr_matrix((weights.ravel(), (np.repeat(np.arange(n), 14), columns.ravel())), shape=(n, 20_060))
vectors = sp.csr_matrix(vectors.multiply(1 / np.sqrt(vectors.multiply(vectors).sum(axis=1))))
roles = [f"r{{i:02d}}" for i in range(36)]
member = similarity.membership_matrix(pd.DataFrame({{"duty_id": np.arange(n), "role": np.arange(n) % 36}})
                                      .assign(role=lambda f: [roles[i] for i in f["role"]]), n, roles)

def peak_mb():
    return next(int(line.split()[1]) / 1024 for line in open("/proc/self/status") if line.startswith("VmHWM"))

def timed(exact_max):
    wall, cpu = time.perf_counter(), time.process_time()
    found = similarity.best_matches(vectors, member, 0.5, exact_max=exact_max)
    return found, round(time.perf_counter() - wall, 1), round(time.process_time() - cpu, 1)

row = {{"n": n}}
approximate, row["approx_s"], row["approx_cpu_s"] = timed(0)
row["approx_cells"] = len(approximate)
if exact:
    found, row["exact_s"], row["exact_cpu_s"] = timed(None)
    row["exact_cells"], row["recall"] = len(found), round(len(approximate) / max(1, len(found)), 4)
row["peak_mb"] = round(peak_mb())
print(json.dumps(row))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 1_000_000])
    parser.add_argument("--exact-up-to", type=int, default=50_000, help="run the exact path too up to this size")
    args = parser.parse_args()
    code = str(Path(__file__).resolve().parent.parent)
    for n in args.sizes:
        script = CHILD.format(code=code, n=n, exact=n <= args.exact_up_to)
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        print(done.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
