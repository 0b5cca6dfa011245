"""Overlap matching on templated duties: seconds and peak memory of ``analyze`` per corpus size.

    python benchmarks/overlap_scale.py [--sizes 5000 20000 50000] [--code PATH] [--profile N]

Each record is a one-duty job description whose duty is one of a few templates with a
number in it ("负责第{i}号门店的客户投诉处理"): the tokenizer drops numbers, so every duty of a
template matches every other at cosine 1.0 and nothing is dropped under the threshold, the
worst case for overlap matching. Records are spread over a few dozen roles. Each size runs
in its own process (``--code`` imports ``pipeline`` from another checkout, to measure the
code before a change); tokenising is not timed. Peak memory is the process's resident
high-water mark over ``analyze`` alone (reset through /proc/self/clear_refs before it).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

TEMPLATES = ("负责第{i}号门店的客户投诉处理", "完成第{i}号仓库的月度盘点工作", "组织第{i}期新员工入职培训",
             "审核第{i}号项目的费用报销单据", "跟进第{i}号客户的合同签订与回款")
ROLES = 36

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {code!r})
sys.path.insert(0, {here!r})
from overlap_scale import templated_records
from pipeline.analyze.analysis import analyze
from pipeline.analyze.corpus import DutyCorpus
from pipeline.analyze.tokens import token_table, tokenize_chunk
from pipeline.config import Settings

corpus = DutyCorpus.of(templated_records({n}), dedupe=True)
texts = corpus.texts()
tokens = token_table(texts, dict(zip(texts, tokenize_chunk((texts, (), ())))))
settings = Settings(theme_k_min=8, theme_k_max=8)

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
started = time.perf_counter()
if {profile}:
    import cProfile, pstats
    cProfile.run("result = analyze(corpus, tokens, settings)", "/tmp/overlap_scale.prof")
    pstats.Stats("/tmp/overlap_scale.prof").sort_stats("cumulative").print_stats(25)
else:
    result = analyze(corpus, tokens, settings)
seconds = time.perf_counter() - started
pairs = result.frames["role_pairs"]
print(json.dumps({{"n": {n}, "seconds": round(seconds, 1), "peak_mb": round(peak_mb()),
                  "overlap_mean": round(float(pairs["overlap_a_in_b"].mean()), 4)}}))
"""


def templated_records(n: int) -> list[dict]:
    """``n`` one-duty records: duty ``i`` is template ``i % 5`` with number ``i``, role ``i % ROLES``."""
    return [{"record_id": str(i), "role": f"岗位{i % ROLES:02d}",
             "duties": [TEMPLATES[i % len(TEMPLATES)].format(i=i)]} for i in range(n)]


def measure(n: int, code: Path, profile: bool) -> dict | None:
    script = CHILD.format(code=str(code), here=str(Path(__file__).parent), n=n, profile=profile)
    done = subprocess.run([sys.executable, "-c", script], capture_output=not profile, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]) if not profile else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="checkout whose pipeline package is measured (default: this one)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of analyze instead")
    args = parser.parse_args()
    for n in args.sizes:
        row = measure(n, args.code, args.profile)
        if row:
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
