"""Digests of every file `jdpipe run` writes, to show a refactoring changed no output byte.

    python benchmarks/output_digests.py CORPUS --out DIR [--engine dask] [--save FILE | --check FILE]

Runs `jdpipe run` twice on CORPUS (cold, then from the cache), with ``excel = true`` so that
jdpipe.xlsx is checked too, and prints the SHA-256 of each output of both runs. report.html names its output folder, so that path is masked first.
``--save`` stores the digests; ``--check`` compares against stored ones and exits 1 on any
difference, naming the files.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path


EXTRA_OUTPUTS = ["--set", "excel=true"]  # outputs off by default, checked as well


def output_digests(out: Path) -> dict[str, str]:
    """SHA-256 of each output file in ``out`` (the cache folder left out)."""
    digests = {}
    for path in sorted(out.iterdir()):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "report.html":
                data = data.replace(str(out).encode(), b"OUT")
            digests[path.name] = hashlib.sha256(data).hexdigest()
    return digests


def run_twice(corpus: str, out: Path, extra: list[str]) -> dict[str, dict[str, str]]:
    shutil.rmtree(out, ignore_errors=True)
    runs = {}
    for name in ("cold", "cached"):
        command = [sys.executable, "-m", "pipeline", "run", "--input", corpus, "--out", str(out),
                   "--quiet", *EXTRA_OUTPUTS, *extra]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs[name] = output_digests(out)
    return runs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--workers", default="2")
    parser.add_argument("--save", type=Path)
    parser.add_argument("--check", type=Path)
    args = parser.parse_args(argv)
    runs = run_twice(args.corpus, args.out, ["--engine", args.engine, "--workers", args.workers])
    if args.save:
        args.save.write_text(json.dumps(runs["cold"], indent=1) + "\n")
    expected = json.loads(args.check.read_text()) if args.check else runs["cold"]
    differ = sorted({name for run in runs.values() for name in set(run) | set(expected)
                     if run.get(name) != expected.get(name)})
    print(json.dumps(runs, indent=1))
    if differ:
        print("differ: " + ", ".join(differ), file=sys.stderr)
        return 1
    print("all outputs identical", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
