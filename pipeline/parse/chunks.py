"""Site chunk numbers: pages some doc sites print as numbered chunks (1、… 2、… 3、…) cut at
fixed sizes, wherever a sentence or word happens to be. The numbers count physical lines, not
items; read as items they cut sentences (…产品策略及政 / 2、策;…) and glue the real items."""
from __future__ import annotations

import re
from dataclasses import replace
from statistics import mean

CHUNK_NUMBER = re.compile(r"^(\d{1,3})、\s*")
# An item number inside a chunk: the chunk carries lists of its own (… 四、岗位职责: 1、参与…).
INNER_NUMBER = re.compile(
    r"(?:^|(?<=[\s;；。:：,，]))(?:\d{1,2}[、.．](?!\d)|[一二三四五六七八九十]{1,2}、|[(（]\d{1,2}[)）])"
)
CLOSED = ("。", "；", ";", "!", "！", "?", "？", ":", "：", ")", "）", "」", "”")
MIN_CHUNKS = 3
CUT_SHARE = 2 / 3  # of the boundaries between chunks that fall mid-sentence
LONG_CHUNK = 100  # characters: items are shorter on average; chunks of a page are longer
GLUE_BEFORE = re.compile(r"[\u4e00-\u9fff,，;；、.．:：)）%]")  # a word or sentence cut in two


def join_site_chunks(lines: list) -> list:
    """The lines (units.Unit) of a run numbered 1、 2、 3、 … by the site, one text again
    without the numbers."""
    out, i = [], 0
    while i < len(lines):
        run = _numbered_run(lines, i)
        if len(run) >= MIN_CHUNKS and is_chunk_counter([CHUNK_NUMBER.sub("", u.text, 1) for u in run]):
            out.append(_joined(run))
            i += len(run)
        else:
            out.append(lines[i])
            i += 1
    return out


def _numbered_run(lines: list, i: int) -> list:
    """lines[i:j], opened by 1、 2、 3、 … in order (empty unless lines[i] opens with 1、)."""
    run = []
    for j in range(i, len(lines)):  # not lines[i:] nor islice: both pass the first i lines (quadratic)
        line = lines[j]
        match = None if line.chrome else CHUNK_NUMBER.match(line.text)
        if not match or int(match.group(1)) != len(run) + 1:
            break
        run.append(line)
    return run if len(run) >= MIN_CHUNKS else []


def is_chunk_counter(bodies: list[str]) -> bool:
    """Numbered lines that count chunks: most breaks between them fall mid-sentence, and the
    chunks are long or hold numbered lists of their own (a list's items do neither)."""
    cut = sum(not body.rstrip().endswith(CLOSED) for body in bodies[:-1])
    if cut < CUT_SHARE * (len(bodies) - 1):
        return False
    listed = sum(bool(INNER_NUMBER.search(body)) for body in bodies[:-1])
    return mean(len(body) for body in bodies[:-1]) >= LONG_CHUNK or listed >= (len(bodies) - 1) / 2


def _joined(run: list):
    text = ""
    for line in run:
        body = CHUNK_NUMBER.sub("", line.text, 1)
        text += body if not text or GLUE_BEFORE.match(body) else " " + body
    return replace(run[0], text=text, end=run[-1].end)
