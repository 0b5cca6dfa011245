"""How well the parser's rules carry over to surface variants of the dev pages.

    python benchmarks/perturb_eval.py                      # the whole table (about a minute)
    python benchmarks/perturb_eval.py --only wrap30 flat   # some rows
    python benchmarks/perturb_eval.py --per-doc wrap30     # the documents a row hurts, worst first
    python benchmarks/perturb_eval.py --markdown           # the table as Markdown (README)

Every dev document (data/raw seeds, the a/b pages and p postings of ../shared/eval/pages) is
changed by one label-preserving perturbation at a time, in memory: the same content laid out
or written the way another site might print it (another numbering or bullet style, lines
wrapped like a PDF, a flattened page, traditional script, site chrome around it …). The text
is parsed with ``parse_text`` under the original file name, so the gold still applies, and
scored with ``pipeline.evaluate``. The gold compares strings without whitespace and
punctuation, after NFKC, so these changes keep it valid. A row far below the unperturbed one
names a rule tuned to the dev pages' surface rather than to their structure.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import load_gold, score, score_document  # noqa: E402
from pipeline.ingest import bytes_to_text  # noqa: E402
from pipeline.parse import parse_text  # noqa: E402

GROUPS: dict[str, Callable[[str], bool]] = {
    "seeds": lambda name: name[:3].isdigit(),
    "pages a+b": lambda name: name[0] in "ab",
    "postings": lambda name: name[0] == "p",
}

# --- numbering and bullets ----------------------------------------------------------------
# A list marker opens a line or follows a space or a sentence end (postings run their items
# on one line), or continues the sequence of the marker before it (a flattened page glues
# them: 参与制订2、组织…); a number glued to a word (有1、2年) is no marker.
_BOUNDARY = re.compile(r"[\s；;。：:]")
_ARABIC_STYLES = {  # style name -> pattern of a marker, the number its group 1
    "N、": r"(\d{1,2})\s?、", "N.": r"(\d{1,2})[.．](?!\d)", "(N)": r"[(（](\d{1,2})[)）]",
    "N)": r"(\d{1,2})[)）]", "①": r"([①-⑳])",
}
_CN_DIGITS = "一二三四五六七八九"
_CN_NUMBER = r"([一二三四五六七八九十]{1,3})"
_CN_STYLES = {"一、": _CN_NUMBER + "、", "一.": _CN_NUMBER + r"[.．]", "（一）": r"[(（]" + _CN_NUMBER + r"[)）]",
              "第一、": "第" + _CN_NUMBER + "、"}


def _value(number: str) -> int:
    """1, 12, ③, 十二 -> its value."""
    if number.isdigit() and number.isascii():
        return int(number)
    if "①" <= number <= "⑳":
        return ord(number) - 0x245F
    tens, _, units = number.rpartition("十")
    value = (_CN_DIGITS.index(tens) + 1 if tens else 1) * 10 if "十" in number else 0
    return value + (_CN_DIGITS.index(units) + 1 if units else 0)


def _markers(text: str, pattern: str) -> list[re.Match]:
    """The list markers of one style: at a boundary, or next in number after the last one."""
    found, last = [], None
    for match in re.finditer(pattern + r"(?=\s*\S)", text):
        start = match.start()
        if start and text[start - 1].isdigit():
            continue
        number = _value(match.group(1))
        if start == 0 or _BOUNDARY.match(text[start - 1]) or (last is not None and number == last + 1):
            found.append(match)
            last = number
    return found


def _rewrite(text: str, styles: dict, target: str, write) -> str:
    """The page's most used style of ``styles`` rewritten as ``target``, when the page does not
    use ``target`` already (two levels of a list must stay two styles)."""
    if _markers(text, styles[target]):
        return text
    counts = {name: _markers(text, pattern) for name, pattern in styles.items() if name != target}
    source = max(counts, key=lambda name: len(counts[name]))
    out, end = [], 0
    for match in counts[source]:
        out += [text[end:match.start()], write(_value(match.group(1)))]
        end = match.end()
    return "".join(out) + text[end:]


def _chinese(n: int) -> str:
    tens, units = divmod(n, 10)
    head = "" if not tens else ("十" if tens == 1 else _CN_DIGITS[tens - 1] + "十")
    return head + (_CN_DIGITS[units - 1] if units else "")


_WRITERS = {"N、": lambda n: f"{n}、", "N.": lambda n: f"{n}.", "(N)": lambda n: f"({n})",
            "①": lambda n: chr(0x245F + n) if 1 <= n <= 20 else f"{n}."}


def renumber(text: str, arabic: str, chinese: str) -> str:
    """Arabic list numbering rewritten as ``arabic`` (N. (N) ①), Chinese as ``chinese``."""
    text = _rewrite(text, _ARABIC_STYLES, arabic, _WRITERS[arabic])
    form = chinese.replace("一", "{}")
    return _rewrite(text, _CN_STYLES, chinese, lambda n: form.format(_chinese(n)))


_BULLET = re.compile(r"(?:^|(?<=\s))([•·●▪◆■\-])(?=\s*[^\s\d\-])", re.M)
_BULLET_CYCLE = {"•": "-", "-": "·", "·": "●", "●": "•", "▪": "•", "◆": "●", "■": "-"}


def swap_bullets(text: str) -> str:
    """Each bullet character replaced by the next of a cycle: a one-to-one swap, so two
    bullet levels stay two."""
    return _BULLET.sub(lambda m: _BULLET_CYCLE[m.group(1)], text)


# --- line layout --------------------------------------------------------------------------
def wrap_lines(text: str, width: int) -> str:
    """Every line cut every ``width`` characters, as a PDF's text layer is. A table row written
    with | between cells is an HTML table's, which no PDF wraps: it stays."""
    return "\n".join(piece for line in text.split("\n") for piece in _wrapped(line, width))


def _wrapped(line: str, width: int) -> list[str]:
    if "|" in line or len(line) <= width:
        return [line]
    return [line[i:i + width] for i in range(0, len(line), width)]


# --- punctuation --------------------------------------------------------------------------
_TO_HALF = str.maketrans("：；，（）！？", ":;,()!?")
_TO_FULL = str.maketrans(":;,()!?", "：；，（）！？")

# --- section headers ----------------------------------------------------------------------
# Each header word by another that the lexicon files under the same section (lexicon.toml).
_HEADER_SWAP = {"岗位职责": "工作职责", "工作职责": "职位描述", "职位描述": "工作内容", "工作内容": "岗位职责",
                "任职要求": "任职资格", "任职资格": "岗位要求", "岗位要求": "任职要求"}
# The word is a header where it opens a line (after a number or bracket) and a colon, a
# bracket or the line's end follows: 客服主管岗位职责 (a title) stays.
_HEADER = re.compile(r"(?:^|(?<=[\s、.．)）【\[]))(" + "|".join(_HEADER_SWAP)
                     + r")(?=\s*(?:[:：】\]]|$))", re.M)


def swap_headers(text: str) -> str:
    return _HEADER.sub(lambda m: _HEADER_SWAP[m.group(1)], text)


# --- chrome and script --------------------------------------------------------------------
CHROME_TOP = "当前位置：首页 > 范文大全 > 岗位职责\n下载后可任意编辑\n"
CHROME_BOTTOM = "\n第1页 共1页\n相关推荐"


def traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "none": lambda t: t,
    "num N. / 一.": lambda t: renumber(t, "N.", "一."),
    "num (N) / （一）": lambda t: renumber(t, "(N)", "（一）"),
    "num ① / 第一、": lambda t: renumber(t, "①", "第一、"),
    "bullets swapped": swap_bullets,
    "flat (spaces)": lambda t: " ".join(t.split("\n")),
    "flat (no spaces)": lambda t: "".join(t.split("\n")),
    "blank lines": lambda t: "\n\n".join(t.split("\n")),
    "wrap 30": lambda t: wrap_lines(t, 30),
    "wrap 45": lambda t: wrap_lines(t, 45),
    "punct half": lambda t: t.translate(_TO_HALF),
    "punct full": lambda t: t.translate(_TO_FULL),
    "<br /> lines": lambda t: "<br />".join(t.split("\n")),
    "_x000d_ lines": lambda t: "_x000d_".join(t.split("\n")),
    "header synonyms": swap_headers,
    "chrome top+bottom": lambda t: CHROME_TOP + t + CHROME_BOTTOM,
    "traditional": traditional,
}


# --- running ------------------------------------------------------------------------------
def eval_dir() -> Path:
    for candidate in (ROOT.parent / "shared" / "eval", Path("/work/shared/eval")):
        if (candidate / "gold").is_dir():
            return candidate
    sys.exit("no eval directory (../shared/eval with pages/ and gold/)")


def load_texts(evaluation: Path, names) -> dict[str, str]:
    """File name -> decoded text of every gold document (seeds from data/raw)."""
    texts = {}
    for name in names:
        path = ROOT / "data" / "raw" / name if name[:3].isdigit() else evaluation / "pages" / name
        decoded = bytes_to_text(path.read_bytes(), path)
        if isinstance(decoded, tuple):
            texts[name] = decoded[0]
    return texts


def parse_all(texts: dict[str, str], perturb: Callable[[str], str]) -> dict[str, list[dict]]:
    return {name: [r.to_dict() for r in parse_text(perturb(text), name)] for name, text in texts.items()}


def group_scores(gold: dict, parsed: dict) -> dict[str, tuple[float, float]]:
    out = {}
    for group, keep in GROUPS.items():
        names = [n for n in gold if keep(n)]
        summary, _ = score({n: gold[n] for n in names}, [r for n in names for r in parsed.get(n, [])])
        out[group] = (summary["record_f1"], summary["duty_f1"])
    return out


def doc_f1(gold_records, records) -> tuple[float, float]:
    c = score_document(records, gold_records)
    rec = 2 * c["matched"] / (c["pred_records"] + c["gold_records"]) if c["pred_records"] + c["gold_records"] else 1.0
    duty = 2 * c["duty_tp"] / (c["pred_duties"] + c["gold_duties"]) if c["pred_duties"] + c["gold_duties"] else 1.0
    return rec, duty


def print_table(rows: dict[str, dict], markdown: bool) -> None:
    """One row per perturbation: record / duty F1 per group, and the change from ``none``."""
    base = rows.get("none")
    head = ["perturbation"] + [f"{g} rec / duty" for g in GROUPS]
    lines = [head] + [[name] + [_cell(scores[g], base[g] if base and name != "none" else None) for g in GROUPS]
                      for name, scores in rows.items()]
    if markdown:  # names in backticks: <br /> and _x000d_ are markup there
        lines = lines[:1] + [[f"`{line[0]}`"] + line[1:] for line in lines[1:]]
        print("\n".join("| " + " | ".join(line) + " |" for line in lines[:1] + [["---"] * len(head)] + lines[1:]))
        return
    for line in lines:
        print(_pad(line[0], 18) + "".join(_pad(cell, 30, right=True) for cell in line[1:]))


def _cell(scores: tuple[float, float], base: tuple[float, float] | None) -> str:
    rec, duty = scores
    cell = f"{rec:.3f} / {duty:.3f}"
    return cell if base is None else cell + f" ({rec - base[0]:+.3f}/{duty - base[1]:+.3f})"


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` columns, a wide (CJK) character taking two."""
    gap = " " * max(width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text), 0)
    return gap + text if right else text + gap


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", help="perturbations to run (prefixes of their names)")
    ap.add_argument("--per-doc", metavar="NAME", help="per-document record/duty F1 under one perturbation vs none")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args(argv)
    evaluation = eval_dir()
    gold = load_gold(evaluation / "gold")
    texts = load_texts(evaluation, gold)
    if args.per_doc:
        return per_doc(gold, texts, args.per_doc)
    names = [n for n in PERTURBATIONS if n == "none" or not args.only or any(n.startswith(p) for p in args.only)]
    rows, started = {}, time.perf_counter()
    for name in names:
        rows[name] = group_scores(gold, parse_all(texts, PERTURBATIONS[name]))
    print_table(rows, args.markdown)
    print(f"\n{len(texts)} documents x {len(names)} layouts in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def per_doc(gold: dict, texts: dict, prefix: str) -> None:
    name = next((n for n in PERTURBATIONS if n.startswith(prefix)), None)
    if name is None:
        sys.exit(f"no perturbation named {prefix!r}; one of: {', '.join(PERTURBATIONS)}")
    before, after = parse_all(texts, PERTURBATIONS["none"]), parse_all(texts, PERTURBATIONS[name])
    rows = []
    for doc in texts:
        b, a = doc_f1(gold[doc], before[doc]), doc_f1(gold[doc], after[doc])
        rows.append((a[0] - b[0] + a[1] - b[1], doc, b, a))
    print(f"{name}: document  rec before->after  duty before->after")
    for drop, doc, b, a in sorted(rows):
        if drop:
            print(f"  {doc:28} {b[0]:.2f} -> {a[0]:.2f}   {b[1]:.2f} -> {a[1]:.2f}")


if __name__ == "__main__":
    main()
