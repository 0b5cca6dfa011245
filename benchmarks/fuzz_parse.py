"""Coverage-guided fuzzing of the document path: bytes -> decoding -> HTML to text -> parser.

    pip install '.[fuzz]'
    python benchmarks/fuzz_parse.py -max_total_time=600              # seeds made from data/raw
    python benchmarks/fuzz_parse.py CORPUS_DIR -max_total_time=600   # libFuzzer flags and folders

The first byte of each input picks the entry: the bytes as a ``.txt`` file, the same bytes
as an ``.html`` file (both through ``ingest.bytes_to_text``, which decodes, detects HTML and
normalises line breaks, as ``read_document`` does after reading), or the rest as a markup
string straight into ``ingest.html_to_text``. Whatever text comes out is parsed with
``parse_text``, and the records are checked: spans inside the text, ids unique.

Any exception, a per-input time-out (``-timeout``, 20 s by default here) or running out of
memory is a crash; libFuzzer writes the input to ``crash-*`` / ``timeout-*`` and stops. Turn
each into a regression test (tests/test_properties.py) before fixing it.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_CHARS = 600  # seeds are cut small: short inputs mean many executions a second
DEFAULT_FLAGS = ["-timeout=20", "-rss_limit_mb=4096"]
# Tokens libFuzzer splices into inputs (-dict): numbering, headings, labels, markup, BOMs.
TOKENS = ["1、", "2、", "3.", "(1)", "（2）", "一、", "二、", "①", "②", "•", "第一条", "篇一", "第二篇",
          "岗位职责", "工作职责", "任职资格", "岗位说明书", "客服经理", "销售部", "岗位名称", "所属部门",
          "直接上级", "直接下级", "职责一", "考核指标", "职责概述", "大专以上学历", "三年以上工作经验",
          "负责", "：", ":", "，", "。", "；", "\n", "\r\n", "\u3000", "\u200b", "<p>", "</p>", "<br>",
          "<td>", "<script>", "<!--", "-->", "<html><body>", "&nbsp;", "&#", "\ufeff"]

try:
    import atheris
except ImportError:  # only the fuzz extras install it; fuzz_one below works without it
    atheris = None

from pipeline.ingest import bytes_to_text, html_to_text, normalize_newlines
from pipeline.parse import parse_text

ENTRIES = ("txt", "html-file", "html-markup")


def fuzz_one(data: bytes) -> None:
    """One input through the document path; raises on any failure."""
    if not data:
        return
    entry, body = ENTRIES[data[0] % len(ENTRIES)], data[1:]
    if entry == "html-markup":
        text = normalize_newlines(html_to_text(body.decode("utf-8", "replace")))
    else:
        decoded = bytes_to_text(body, Path("page.html" if entry == "html-file" else "page.txt"))
        if not isinstance(decoded, tuple):
            return  # empty, binary, undecodable: a manifest row, not a crash
        text = decoded[0]
    check_records(text, parse_text(text, "page.txt"))


def check_records(text: str, records) -> None:
    ids = [r.record_id for r in records]
    if len(set(ids)) != len(ids):
        raise AssertionError(f"duplicate record ids: {ids}")
    for record in records:
        start, end = record.span
        if not 0 <= start < end <= len(text):
            raise AssertionError(f"span {record.span} outside a text of {len(text)} characters")


def seed_inputs() -> list[bytes]:
    """data/raw cut into small pieces, in each entry and in the encodings pages come in."""
    seeds = []
    for path in sorted((ROOT / "data" / "raw").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for piece in (text[i:i + SEED_CHARS] for i in range(0, len(text), SEED_CHARS)):
            seeds.append(b"\x00" + piece.encode("utf-8"))
            seeds.append(b"\x00" + piece.encode("gb18030", "replace"))
            seeds.append(b"\x00" + piece.encode("utf-16"))
            markup = "<html><body><h1>" + piece.replace("\n", "</p><p>") + "</p></body></html>"
            seeds.append(b"\x01" + markup.encode("utf-8"))
            seeds.append(b"\x02" + markup.encode("utf-8"))
    traditional = "客服專員崗位職責\n1、接聽客戶電話，記錄客戶需求；\n2、處理客戶投訴。\n"
    seeds.append(b"\x00" + traditional.encode("big5"))
    return seeds


def write_seeds(folder: Path) -> None:
    for i, seed in enumerate(seed_inputs()):
        (folder / f"seed-{i:04d}").write_bytes(seed)


def write_dictionary(path: Path) -> None:
    lines = ('"' + "".join(f"\\x{b:02x}" for b in token.encode("utf-8")) + '"\n' for token in TOKENS)
    path.write_text("".join(lines))


def run_seeds(every: int = 1) -> int:
    """Without atheris: every ``every``-th seed once, so the harness itself can be checked."""
    seeds = seed_inputs()[::every]
    for seed in seeds:
        fuzz_one(seed)
    return len(seeds)


def main(argv: list[str]) -> None:
    if atheris is None:
        sys.exit("fuzz_parse.py needs atheris, which only the fuzz extras install:\n"
                 "    pip install '.[fuzz]'\n"
                 "(from the project folder; `make test` does not install it).")
    corpus_given = any(not arg.startswith("-") for arg in argv[1:])
    flags = [f for f in DEFAULT_FLAGS if not any(a.startswith(f.split("=")[0] + "=") for a in argv)]
    with tempfile.TemporaryDirectory(prefix="fuzz_parse_") as work:
        if not corpus_given:
            (Path(work) / "corpus").mkdir()
            write_seeds(Path(work) / "corpus")
            argv = [argv[0], str(Path(work) / "corpus"), *argv[1:]]
        if not any(a.startswith("-dict=") for a in argv):
            write_dictionary(Path(work) / "jd.dict")
            flags.append(f"-dict={Path(work) / 'jd.dict'}")
        atheris.instrument_all()  # coverage of the pipeline and of bs4, charset-normalizer …
        atheris.Setup([*argv, *flags], lambda data: fuzz_one(bytes(data)))
        atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
