"""Generate a benchmark corpus of scraped-looking JD pages from the real pages in data/raw.

    python benchmarks/generate_corpus.py OUT_DIR --mb 20 [--seed 0] [--raw data/raw]

Material comes from the dev corpus: the parser's records give real blocks (a record's text
as it stands on the page: tables, glued numbering, 篇 variants), real titles, duty and
requirement lines, and the lines around the records give real site chrome (当前位置…,
小编为你整理…). Each generated page is site chrome, then two to six blocks — a quarter of
them real blocks verbatim, the others a real title over real duty lines in one of the real
numbering styles — then more chrome. Duties are drawn from the real ones and from a fixed,
seeded pool of clause recombinations (``VARIANT_POOL``): distinct duties saturate near
``VARIANT_POOL``, as in template-heavy scraped corpora, so the analysis cost (which depends on
distinct duties) is the same at every corpus size and the size scaling shows the per-file
stages.

Noise, the kinds the cleaner handles: pinyin glosses 網(wǎng), Thai/Lao watermark runs,
stray watermark symbols between items, page-number lines, and traditional script (OpenCC
s2t) for a page in eight. Formats: UTF-8 text, GB18030 text (one in six) and HTML pages
(one in six, with navigation, scripts and footer). About 25% of the pages are duplicates:
exact copies (same bytes, or the same text in another encoding) and near copies (a duty
dropped, a few characters changed, new noise).
"""
from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANT_POOL = 6000
VERBATIM_SHARE = 0.25
EXACT_SHARE, NEAR_SHARE = 0.12, 0.13
HTML_SHARE, GB18030_SHARE, TRADITIONAL_SHARE = 1 / 6, 1 / 6, 1 / 8
NUMBERING = [
    lambda i: f"{i}、", lambda i: f"{i}.", lambda i: f"({i})", lambda i: f"（{i}）",
    lambda i: f"{'一二三四五六七八九十'[i - 1] if i <= 10 else i}、", lambda i: "①②③④⑤⑥⑦⑧⑨⑩"[i - 1] if i <= 10 else f"{i}.",
]
HEADINGS = ["{t}岗位职责", "{t}岗位职责：", "岗位名称：{t}", "第{n}篇：{t}岗位职责", "【篇{c}：{t}岗位职责】",
            "{t}工作职责", "{t}岗位说明书"]
DUTY_HEADERS = ["岗位职责：", "工作职责：", "主要职责：", "职责描述：", ""]
REQUIREMENT_HEADERS = ["任职要求：", "任职资格：", "岗位要求："]
GLOSSES = ["(wǎng)", "(yè)", "(zé)", "(xié)", "(fā)", "(jì)", "(gǎng)", "(wèi)", "(zhí)", "(guǎn)"]
JUNK = ["ห้องสมุดไป่ตู้", "ສະບາຍດີ", "ห้องสมุด", "ไป่ตู้"]
WATERMARKS = [" & ", " | ", " * ", " # ", " — "]
CHINESE_NUMBERS = "一二三四五六七八九十"
CLAUSE = re.compile(r"[,，;；]")
NUMBERED = re.compile(r"^(?:\d+[、.]|[(（]\d+[)）]|[一二三四五六七八九十]、|[①-⑩])")


@dataclass
class Material:
    blocks: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    chrome: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)


def load_material(raw: Path, rng: random.Random) -> Material:
    from pipeline.ingest import read_document
    from pipeline.walk import find_files
    from pipeline.parse import parse_text

    material = Material()
    for path, root in find_files([str(raw)]):
        doc = read_document(path, root)
        if doc.text is None:
            continue
        records = parse_text(doc.text, doc.source)
        covered = [False] * len(doc.text)
        for record in records:
            start, end = record.span
            material.blocks.append(doc.text[start:end].strip("\n"))
            covered[start:end] = [True] * (end - start)
            material.titles.append(record.title)
            material.duties += record.duties
            material.requirements += record.requirements
        offset = 0
        for line in doc.text.split("\n"):  # lines outside every record: the site's chrome
            if line.strip() and not any(covered[offset:offset + len(line)]) and len(line) < 200:
                material.chrome.append(line.strip())
            offset += len(line) + 1
    material.duties = sorted(set(d for d in material.duties if len(d) >= 6))
    material.requirements = sorted(set(material.requirements)) or ["大专以上学历", "三年以上相关工作经验"]
    material.titles = sorted(set(t for t in material.titles if 2 <= len(t) <= 12))
    material.variants = clause_variants(material.duties, rng)
    return material


def clause_variants(duties: list[str], rng: random.Random) -> list[str]:
    """VARIANT_POOL recombinations: the first clause of one duty with the rest of another."""
    split = [CLAUSE.split(d, maxsplit=1) for d in duties]
    heads = [parts[0] for parts in split if len(parts[0]) >= 4]
    tails = [parts[1] for parts in split if len(parts) == 2 and len(parts[1]) >= 4]
    variants = set()
    while len(variants) < VARIANT_POOL and heads and tails:
        variants.add(f"{rng.choice(heads)},{rng.choice(tails)}")
    return sorted(variants)


def synthetic_block(m: Material, rng: random.Random, n: int) -> list[str]:
    title = rng.choice(m.titles)
    heading = rng.choice(HEADINGS).format(t=title, n=CHINESE_NUMBERS[n % 10], c=CHINESE_NUMBERS[n % 10])
    number = rng.choice(NUMBERING)
    lines = [heading]
    header = rng.choice(DUTY_HEADERS)
    if header and "职责" not in heading:
        lines.append(header)
    for i in range(1, rng.randint(4, 12) + 1):
        duty = rng.choice(m.variants) if m.variants and rng.random() < 0.3 else rng.choice(m.duties)
        lines.append(f"{number(i)}{duty}；")
    lines.append(rng.choice(REQUIREMENT_HEADERS))
    for i, requirement in enumerate(rng.sample(m.requirements, min(len(m.requirements), rng.randint(2, 5))), 1):
        lines.append(f"{i}.{requirement}")
    return lines


def page_lines(m: Material, rng: random.Random) -> list[str]:
    lines = rng.sample(m.chrome, min(3, len(m.chrome)))
    for n in range(rng.randint(2, 6)):
        lines += [""] + (rng.choice(m.blocks).split("\n") if rng.random() < VERBATIM_SHARE else synthetic_block(m, rng, n))
    return lines + [""] + rng.sample(m.chrome, min(2, len(m.chrome)))


def add_noise(lines: list[str], rng: random.Random) -> list[str]:
    out = list(lines)
    if rng.random() < 0.3:  # pinyin glosses after a few Chinese characters
        out = [_after_cjk(line, rng, lambda: rng.choice(GLOSSES), 0.05) for line in out]
    if rng.random() < 0.3:  # Thai / Lao watermark runs
        out = [_after_cjk(line, rng, lambda: rng.choice(JUNK), 0.01) for line in out]
    if rng.random() < 0.3:  # stray watermark symbols between items
        out = [line + rng.choice(WATERMARKS) if line and rng.random() < 0.2 else line for line in out]
    if rng.random() < 0.4:  # page numbers
        pages = max(2, len(out) // 25)
        for page in range(pages, 0, -1):
            mark = rng.choice([f"- {page} -", f"第 {page} 页 共 {pages} 页", f"{page}/{pages}", f"第{page}页"])
            out.insert(min(len(out), page * 25), mark)
    return out


def _after_cjk(line: str, rng: random.Random, make, rate: float) -> str:
    chars = []
    for char in line:
        chars.append(char)
        if "\u4e00" <= char <= "\u9fff" and rng.random() < rate:
            chars.append(make())
    return "".join(chars)


def near_copy(lines: list[str], rng: random.Random) -> list[str]:
    """Drop one numbered line, change a character in two others (titles are left alone)."""
    out = list(lines)
    numbered = [i for i, line in enumerate(out) if NUMBERED.match(line)]
    if len(numbered) > 3:
        out.pop(rng.choice(numbered))
        numbered = [i for i, line in enumerate(out) if NUMBERED.match(line)]
    for i in rng.sample(numbered, min(2, len(numbered))):
        if len(out[i]) > 8:
            k = rng.randrange(3, len(out[i]) - 1)
            out[i] = out[i][:k] + rng.choice("的和及与并") + out[i][k + 1:]
    return out


def render(lines: list[str], kind: str, traditional: bool) -> tuple[bytes, str]:
    text = "\n".join(lines) + "\n"
    if traditional:
        text = _s2t(text)
    if kind == "html":
        title = next((line for line in lines if line.strip()), "岗位职责")
        body = "".join(f"<p>{_escape(line)}</p>" if line else "<br>" for line in text.split("\n"))
        page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{_escape(title)}</title>"
                f"<script>var _hmt = _hmt || []; (function() {{ var hm = 1; }})();</script>"
                f"<style>p {{ margin: 0 }}</style></head><body><div class=\"nav\"><a href=\"/\">首页</a> "
                f"<a href=\"/jd/\">岗位职责</a></div><div class=\"content\">{body}</div>"
                f"<footer>Copyright © 文档网 版权所有</footer></body></html>")
        return page.encode("utf-8"), ".html"
    return text.encode("gb18030" if kind == "gb18030" else "utf-8"), ".txt"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_OPENCC = None


def _s2t(text: str) -> str:
    global _OPENCC
    if _OPENCC is None:
        import opencc

        _OPENCC = opencc.OpenCC("s2t")
    return _OPENCC.convert(text)


def choose_kind(rng: random.Random) -> str:
    roll = rng.random()
    return "html" if roll < HTML_SHARE else "gb18030" if roll < HTML_SHARE + GB18030_SHARE else "utf8"


def generate(out: Path, megabytes: float, seed: int = 0, raw: Path = ROOT / "data" / "raw") -> dict:
    rng = random.Random(seed)
    material = load_material(raw, rng)
    out.mkdir(parents=True, exist_ok=True)
    target, written, pages = megabytes * 1e6, 0, 0
    counts = {"pages": 0, "exact": 0, "near": 0, "html": 0, "gb18030": 0, "utf8": 0, "traditional": 0}
    recent: list[tuple[list[str], bool, bytes, str]] = []  # the last pages: lines, traditional, bytes, kind
    while written < target:
        roll = rng.random()
        if recent and roll < EXACT_SHARE:
            lines, traditional, data, kind = rng.choice(recent)
            suffix = ".html" if kind == "html" else ".txt"
            if kind != "html" and rng.random() < 0.5:  # the same text in the other encoding
                codec, other = ("utf-8", "gb18030") if kind == "utf8" else ("gb18030", "utf-8")
                data = data.decode(codec).encode(other)
            counts["exact"] += 1
        else:
            if recent and roll < EXACT_SHARE + NEAR_SHARE:
                base, traditional = rng.choice(recent)[:2]
                lines = near_copy(base, rng)
                counts["near"] += 1
            else:
                lines, traditional = page_lines(material, rng), rng.random() < TRADITIONAL_SHARE
            kind = choose_kind(rng)
            data, suffix = render(add_noise(lines, rng), kind, traditional)
            recent = (recent + [(lines, traditional, data, kind)])[-200:]
            counts[kind] += 1
            counts["traditional"] += traditional
        name = hashlib.sha1(f"{seed}:{pages}".encode()).hexdigest()[:16]
        (out / f"{name}{suffix}").write_bytes(data)
        written += len(data)
        pages += 1
    counts["pages"], counts["bytes"] = pages, written
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw", help="real pages to take blocks from")
    args = parser.parse_args(argv)
    counts = generate(args.out, args.mb, args.seed, args.raw)
    print(f"wrote {counts['pages']} pages, {counts['bytes'] / 1e6:.1f} MB to {args.out}: "
          f"{counts['exact']} exact and {counts['near']} near copies, {counts['html']} HTML, "
          f"{counts['gb18030']} GB18030, {counts['traditional']} traditional")
    return 0


if __name__ == "__main__":
    sys.exit(main())
