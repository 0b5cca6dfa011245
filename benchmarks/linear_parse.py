"""Parse time per MB of one file, from 10 KB to 20 MB, for the input shapes that once were
superlinear (issue 17): is the per-file work linear in the file's size?

    python benchmarks/linear_parse.py [--sizes 0.01,0.1,1,5,20] [--shapes list,html] [--profile SHAPE:MB]

Each shape is generated here, seeded, at each size, written to a temporary file and put
through what a worker does with a file, in this process: ``read_document`` (decoding, HTML
to text), ``parse_document``, ``coverage_of`` and the record signatures. Shapes:

- ``list``: one heading over one numbered duty list of n items (1、… 200000、…);
- ``continued``: one numbered item, then n unnumbered lines that each continue it;
- ``html``: an HTML page whose body is n sibling <p> elements (and one <ul> of n <li>);
- ``digits`` / ``spaces``: a title, then one run of digits or of spaces as long as the file;
- ``ordinary``: ordinary scraped JD pages (benchmarks/generate_corpus.py) joined into one file.

Prints a Markdown table of seconds per MB; a flat row is linear. ``--profile list:1`` prints
the cProfile of one shape at one size instead.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.dedupe import signature  # noqa: E402
from pipeline.ingest import read_document  # noqa: E402
from pipeline.parse import coverage_of, parse_document  # noqa: E402

SORT = "tottime"
SIZES_MB = (0.01, 0.1, 1.0, 5.0, 20.0)
SUFFIXES = {"html": ".html"}
CLAUSES = ("负责客户来电的接听与登记", "处理客户投诉并及时回访", "协助主管完成部门日常工作", "整理客户档案并按月归档",
           "组织新员工的业务培训", "统计每周销售数据并上报", "维护门店陈列与卫生", "跟进订单发货与售后问题")


def numbered_list(size: int, rng: random.Random) -> str:
    lines, total, i = ["客服专员岗位职责"], 0, 0
    while total < size:
        i += 1
        lines.append(f"{i}、{rng.choice(CLAUSES)}，{rng.choice(CLAUSES)}；")
        total += len(lines[-1].encode())
    return "\n".join(lines) + "\n"


def continued_item(size: int, rng: random.Random) -> str:
    lines, total = ["客服专员岗位职责", "1、负责客户服务工作，包括"], 0
    while total < size:  # no sentence end: each line goes on with the item above
        lines.append(f"{rng.choice(CLAUSES)}、{rng.choice(CLAUSES)}、")
        total += len(lines[-1].encode())
    return "\n".join(lines) + "\n"


def html_siblings(size: int, rng: random.Random) -> str:
    paragraphs, items, total = [], [], 0
    while total < size:
        paragraphs.append(f"<p>{rng.choice(CLAUSES)}。</p>")
        items.append(f"<li>{rng.choice(CLAUSES)}</li>")
        total += len(paragraphs[-1].encode()) + len(items[-1].encode())
    return ("<!DOCTYPE html><html><head><title>客服专员岗位职责</title></head><body><h1>客服专员岗位职责</h1>"
            f"{''.join(paragraphs)}<ul>{''.join(items)}</ul></body></html>")


def digit_run(size: int, rng: random.Random) -> str:
    return "客服专员岗位职责\n" + "".join(rng.choice("0123456789") for _ in range(size)) + "\n1、负责客户接待\n"


def space_run(size: int, rng: random.Random) -> str:
    return "客服专员岗位职责" + " " * size + "\n1、负责客户接待\n"


def ordinary_pages(size: int, rng: random.Random) -> str:
    from benchmarks.generate_corpus import add_noise, page_lines

    material = _material()
    pages, total = [], 0
    while total < size:
        pages.append("\n".join(add_noise(page_lines(material, rng), rng)))
        total += len(pages[-1].encode())
    return "\n\n".join(pages) + "\n"


_MATERIAL = []


def _material():
    if not _MATERIAL:
        from benchmarks.generate_corpus import load_material

        _MATERIAL.append(load_material(ROOT / "data" / "raw", random.Random(0)))
    return _MATERIAL[0]


SHAPES = {"list": numbered_list, "continued": continued_item, "html": html_siblings, "digits": digit_run,
          "spaces": space_run, "ordinary": ordinary_pages}


def process(path: Path) -> int:
    """What a worker does with one file; the number of records."""
    doc = read_document(path, path.parent)
    records = parse_document(doc)
    coverage_of(doc, records)
    for record in records:
        signature(record.duties)
    return len(records)


def measure(shape: str, megabytes: float, folder: Path) -> tuple[float, int, int]:
    """(seconds, bytes, records) of one generated file of ``shape``."""
    path = folder / f"{shape}{SUFFIXES.get(shape, '.txt')}"
    data = SHAPES[shape](int(megabytes * 1e6), random.Random(17)).encode("utf-8")
    path.write_bytes(data)
    started = time.perf_counter()
    records = process(path)
    return time.perf_counter() - started, len(data), records


def warm_up(folder: Path) -> None:
    """Imports, lexicon patterns and models loaded once, before anything is timed."""
    for shape in SHAPES:
        measure(shape, 0.002, folder)


def table(shapes: list[str], sizes: list[float]) -> str:
    head = "| shape | " + " | ".join(_size_name(mb) for mb in sizes) + " | records at the largest |"
    rows = [head, "|---" * (len(sizes) + 2) + "|"]
    with tempfile.TemporaryDirectory() as tmp:
        warm_up(Path(tmp))
        for shape in shapes:
            cells, records = [], 0
            for mb in sizes:
                seconds, size, records = measure(shape, mb, Path(tmp))
                cells.append(f"{seconds / (size / 1e6):.2f}")
                print(f"  {shape} {_size_name(mb)}: {seconds:.2f} s, {records} records", file=sys.stderr)
            rows.append(f"| {shape} | " + " | ".join(cells) + f" | {records:,} |")
    return "\n".join(rows)


def _size_name(mb: float) -> str:
    return f"{mb * 1000:g} KB" if mb < 1 else f"{mb:g} MB"


def profile(spec: str) -> None:
    shape, megabytes = spec.split(":")
    with tempfile.TemporaryDirectory() as tmp:
        warm_up(Path(tmp))
        profiler = cProfile.Profile()
        profiler.enable()
        seconds, _, records = measure(shape, float(megabytes), Path(tmp))
        profiler.disable()
    print(f"{shape} {megabytes} MB: {seconds:.2f} s, {records} records")
    pstats.Stats(profiler).sort_stats(SORT).print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES_MB)), help="file sizes in MB, comma-separated")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"any of {', '.join(SHAPES)}")
    parser.add_argument("--profile", metavar="SHAPE:MB", help="print the cProfile of one shape at one size")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.profile)
        return 0
    sizes = [float(s) for s in args.sizes.split(",")]
    print("seconds per MB of file (read, parse, coverage, signatures; one process)")
    print(table(args.shapes.split(","), sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
