"""Overlap matching on templated duties: seconds and peak memory of ``analyze`` per corpus size.

    python benchmarks/overlap_scale.py [--sizes 5000 20000 50000] [--words] [--code PATH] [--profile]
                                       [--exact-max N] [--recall]

Each record is a one-duty job description whose duty is one of a few templates with a
number in it ("负责第{i}号门店的客户投诉处理"): the tokenizer drops numbers, so every duty of a
template matches every other at cosine 1.0 and nothing is dropped under the threshold, the
worst case for overlap matching. ``--words`` puts a different dictionary noun (two past the
noun list's end) into longer templates instead: every duty has a vector of its own, and
duties of one template still match each other at about 0.55-0.6, above the default 0.5.
Records are spread over a few dozen roles; themes are fixed at k = 8. Each size runs
in its own process (``--code`` imports ``pipeline`` from another checkout, to measure the
code before a change); tokenising is not timed. Printed per size: wall and CPU seconds of
``analyze`` and of its "role pairs" step (overlap matching, example matches, the pair table),
and peak memory, the process's resident high-water mark over ``analyze`` alone (reset through
/proc/self/clear_refs before it). CPU seconds move less than wall seconds on a shared machine.
``--exact-max N`` sets ``overlap_exact_max`` (0: the approximate path at every size; default:
the setting's default); ``matched`` is the matched duties of both sides summed over all pairs. The
approximate path never finds a match the exact one does not, so with ``--recall`` each size
runs both ways and ``recall`` = approximate matched / exact matched.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

TEMPLATES = ("负责第{i}号门店的客户投诉处理", "完成第{i}号仓库的月度盘点工作", "组织第{i}期新员工入职培训",
             "审核第{i}号项目的费用报销单据", "跟进第{i}号客户的合同签订与回款")
WORD_TEMPLATES = ("负责{w}门店的客户投诉受理、处理、回访跟进、满意度调查与服务质量改进工作",
                  "完成{w}仓库的月度盘点、库存核对、出入库登记、损耗分析与报表汇总工作",
                  "组织{w}新员工的入职培训、岗位考核、带教安排、制度宣讲与培训效果评估",
                  "审核{w}项目的费用报销单据、预算执行、付款申请、发票核验与账务处理",
                  "跟进{w}客户的合同谈判、签订审批、履约监督、回款催收与客户关系维护")
ROLES = 36

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {code!r})
sys.path.insert(0, {here!r})
from overlap_scale import templated_records, word_records
from pipeline.analyze.analysis import analyze
from pipeline.analyze.corpus import DutyCorpus
from pipeline.analyze.tokens import token_table, tokenize_chunk
from pipeline.config import Settings

corpus = DutyCorpus.of((word_records if {words} else templated_records)({n}), dedupe=True)
texts = corpus.texts()
tokens = token_table(texts, dict(zip(texts, tokenize_chunk((texts, (), ())))))
settings = Settings(theme_k_min=8, theme_k_max=8, **{settings})

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
marks = []
def step(name):
    marks.append((name, time.perf_counter(), time.process_time()))
step("start")
if {profile}:
    import cProfile, pstats
    cProfile.run("result = analyze(corpus, tokens, settings, step)", "/tmp/overlap_scale.prof")
    pstats.Stats("/tmp/overlap_scale.prof").sort_stats("cumulative").print_stats(25)
else:
    result = analyze(corpus, tokens, settings, step)
step("end")
wall = dict((a[0], round(b[1] - a[1], 1)) for a, b in zip(marks, marks[1:]))
cpu = dict((a[0], round(b[2] - a[2], 1)) for a, b in zip(marks, marks[1:]))
pairs = result.frames["role_pairs"]
print(json.dumps({{"n": {n}, "duties": len(texts), "seconds": round(marks[-1][1] - marks[0][1], 1),
                  "cpu_s": round(marks[-1][2] - marks[0][2], 1), "peak_mb": round(peak_mb()),
                  "role_pairs_s": wall["role pairs"], "role_pairs_cpu_s": cpu["role pairs"],
                  "overlap_mean": round(float(pairs["overlap_a_in_b"].mean()), 4),
                  "matched": round(float((pairs["overlap_a_in_b"] * pairs["duties_a"]
                                          + pairs["overlap_b_in_a"] * pairs["duties_b"]).sum())), "exact_max": settings.overlap_exact_max}}))
"""


def templated_records(n: int) -> list[dict]:
    """``n`` one-duty records: duty ``i`` is template ``i % 5`` with number ``i``, role ``i % ROLES``."""
    return [{"record_id": str(i), "role": f"岗位{i % ROLES:02d}",
             "duties": [TEMPLATES[i % len(TEMPLATES)].format(i=i)]} for i in range(n)]


def word_records(n: int) -> list[dict]:
    """Like ``templated_records``, the number replaced by a noun (or two) of jieba's dictionary."""
    import jieba
    listing = Path(jieba.__file__).parent / "dict.txt"
    nouns = [word for word, freq, tag in (line.split() for line in listing.read_text(encoding="utf-8").splitlines())
             if tag == "n" and len(word) == 2 and int(freq) >= 200]
    words = [nouns[j % len(nouns)] + (nouns[j // len(nouns)] if j >= len(nouns) else "") for j in range(n)]
    return [{"record_id": str(i), "role": f"岗位{i % ROLES:02d}",
             "duties": [WORD_TEMPLATES[i % len(WORD_TEMPLATES)].format(w=words[i // len(WORD_TEMPLATES)])]}
            for i in range(n)]


def measure(n: int, code: Path, profile: bool, words: bool, exact_max: int | None = None) -> dict | None:
    settings = {} if exact_max is None else {"overlap_exact_max": exact_max}
    script = CHILD.format(code=str(code), here=str(Path(__file__).parent), n=n, profile=profile, words=words,
                          settings=settings)
    done = subprocess.run([sys.executable, "-c", script], capture_output=not profile, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1]) if not profile else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="checkout whose pipeline package is measured (default: this one)")
    parser.add_argument("--words", action="store_true", help="a noun instead of a number: no two vectors alike")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of analyze instead")
    parser.add_argument("--exact-max", type=int, help="overlap_exact_max (0: approximate at every size)")
    parser.add_argument("--recall", action="store_true", help="run exact and approximate, print the recall")
    args = parser.parse_args()
    for n in args.sizes:
        if args.recall:
            exact = measure(n, args.code, False, args.words, 10**9)
            print(json.dumps(exact), flush=True)
            approximate = measure(n, args.code, False, args.words, 0)
            approximate["recall"] = round(approximate["matched"] / max(1, exact["matched"]), 4)
            print(json.dumps(approximate), flush=True)
            continue
        row = measure(n, args.code, args.profile, args.words, args.exact_max)
        if row:
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
