"""Benchmark `jdpipe run` against the notebook-style baseline, side by side, in one session.

    python benchmarks/run_benchmark.py --mb 20 --workers 2            # generate, then measure
    python benchmarks/run_benchmark.py --corpus DIR --workers 2 --skip-baseline
    python benchmarks/run_benchmark.py --export 36000 --workers 2   # a generated job-board export (JSONL)

For each measured command: wall time, documents/s, MB/s, peak RSS of the whole process
tree (the command and every process it starts, sampled every 20 ms; resident sizes are
summed, so pages shared by forked workers count once per process: an upper bound), and
the time of each stage as the command reports it. `jdpipe run` is measured twice: a cold
first run (no cache) and a second run on the unchanged corpus. "parse→exports" is the
run's wall time without the report stage (`jdpipe run` also writes report.html).
Results are printed as a Markdown table and written as JSON (``--json``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
STAGE_LINE = re.compile(r"time\s+(.*?); total")


def measure(command: list[str], cwd: Path) -> dict:
    """Run ``command``; wall seconds, peak RSS of its process tree, its stdout and stderr."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, text=True)
        root, peak = psutil.Process(proc.pid), 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(root))
            time.sleep(0.02)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return {"wall": wall, "peak_rss_mb": peak / 1e6, "stdout": stdout, "stderr": stderr}


def tree_rss(root: psutil.Process) -> int:
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


def corpus_size(corpus: Path) -> tuple[int, int]:
    """(documents, bytes): files of a folder, rows (lines) of a JSONL export."""
    if corpus.is_file():
        with open(corpus, "rb") as f:
            return sum(1 for line in f if line.strip()), corpus.stat().st_size
    files = [p for p in corpus.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def jdpipe_stages(stderr: str) -> dict[str, float]:
    match = STAGE_LINE.search(stderr)
    if not match:
        return {}
    return {name: float(value.rstrip("s")) for name, value in
            (part.strip().split() for part in match.group(1).split(","))}


def run_jdpipe(corpus: Path, out: Path, workers: int, engine: str) -> dict:
    command = [sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--out", str(out),
               "--workers", str(workers), "--engine", engine, "--quiet"]
    result = measure(command, ROOT)
    result["stages"] = jdpipe_stages(result["stderr"])
    result["to_exports"] = result["wall"] - result["stages"].get("report", 0.0)
    return result


def run_baseline(corpus: Path, out: Path) -> dict:
    result = measure([sys.executable, str(ROOT / "benchmarks" / "baseline.py"), str(corpus),
                      "--out", str(out / "baseline.csv")], ROOT)
    result["stages"] = json.loads(result["stdout"].strip().splitlines()[-1])["stages"]
    result["to_exports"] = result["wall"]
    return result


def row(name: str, result: dict, files: int, size: int) -> str:
    stages = ", ".join(f"{k} {v:.1f}" for k, v in result["stages"].items())
    return (f"| {name} | {result['wall']:.1f} | {result['to_exports']:.1f} | {files / result['to_exports']:.0f} | "
            f"{size / 1e6 / result['to_exports']:.2f} | {result['peak_rss_mb']:.0f} | {stages} |")


def median_run(runs: list[dict]) -> dict:
    """The run with the median parse→exports time (``runs`` has an odd length, or the lower middle)."""
    ordered = sorted(runs, key=lambda r: r["to_exports"])
    return ordered[(len(ordered) - 1) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="corpus to use (default: generate one of --mb)")
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--export", type=int, metavar="ROWS", help="measure on a generated JSONL export of ROWS postings")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", default="local", choices=("local", "dask"))
    parser.add_argument("--repeat", type=int, default=1, help="rounds of (baseline, first run, second run)")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--work", type=Path, help="folder for corpus and outputs (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the measurements here")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="jdpipe-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = args.corpus
    if corpus is None and args.export:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from generate_export import rows, write

        corpus = work / f"export_{args.export}.jsonl"
        if not corpus.exists():
            write(rows(args.export, args.seed), corpus, "jsonl")
    if corpus is None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from generate_corpus import generate

        corpus = work / f"corpus_{args.mb:g}mb"
        if not corpus.exists():
            generate(corpus, args.mb, args.seed)
    files, size = corpus_size(corpus)
    print(f"corpus {corpus}: {files} files, {size / 1e6:.1f} MB; {args.workers} workers; "
          f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}", file=sys.stderr)

    rounds = []
    for i in range(args.repeat):
        measured = {}
        if not args.skip_baseline:
            measured["baseline"] = run_baseline(corpus, work)
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        measured["first"] = run_jdpipe(corpus, out, args.workers, args.engine)
        measured["second"] = run_jdpipe(corpus, out, args.workers, args.engine)
        rounds.append(measured)
        print(f"round {i + 1}: " + ", ".join(f"{k} {v['to_exports']:.1f}s" for k, v in measured.items()),
              file=sys.stderr)

    chosen = {name: median_run([r[name] for r in rounds]) for name in rounds[0]}
    lines = ["| command | wall s | parse→exports s | docs/s | MB/s | peak RSS MB | stages (s) |",
             "|---|---|---|---|---|---|---|"]
    names = {"baseline": "baseline (1 process)", "first": f"jdpipe run, {args.workers} workers, first",
             "second": "jdpipe run, second (unchanged corpus)"}
    lines += [row(names[name], result, files, size) for name, result in chosen.items()]
    summary = {"corpus": str(corpus), "files": files, "mb": size / 1e6, "workers": args.workers,
               "second_over_first": chosen["second"]["to_exports"] / chosen["first"]["to_exports"]}
    if "baseline" in chosen:
        summary["first_over_baseline"] = chosen["first"]["to_exports"] / chosen["baseline"]["to_exports"]
    lines.append("")
    lines += [f"- {key}: {value:.3f}" for key, value in summary.items() if key.endswith(("baseline", "first"))]
    print("\n".join(lines))
    if args.json:
        payload = {"summary": summary, "rounds": [{k: {f: v for f, v in r.items() if f not in ("stdout", "stderr")}
                                                   for k, r in rnd.items()} for rnd in rounds]}
        args.json.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
