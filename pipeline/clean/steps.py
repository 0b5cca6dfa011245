"""Cleaning steps: each a pure ``str -> str`` function named for the noise it removes."""
from __future__ import annotations

import html
import unicodedata
from functools import lru_cache

from . import resources as res


def unescape_html_entities(text: str) -> str:
    """&nbsp; &amp; &#8203; left as text by a scraper, decoded (twice-escaped ones too)."""
    while "&" in text:
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded  # shorter each time: the loop ends
    return text


def break_markup_lines(text: str) -> str:
    """<br />, </p>, _x000d_, a literal \\n left in a document's text -> a real line break (a
    literal \\t -> a tab), padded with spaces to the same length: offsets into the text stay true."""
    if "<" not in text and "&lt;" not in text and "_x00" not in text and "\\" not in text:
        return text  # the common case, without a scan
    text = res.MARKUP_SPACE.sub(lambda m: " " * len(m.group()), text)
    return res.MARKUP_BREAK.sub(_same_length_break, text)


def _same_length_break(match) -> str:
    mark = "\t" if match.group().lower() == "\\t" else "\n"
    return " " * (len(match.group()) - 1) + mark


def remove_html_tags(text: str) -> str:
    """<strong>负责</strong>客户接待 -> 负责客户接待: tags a scraper left inside a line."""
    if ">" not in text:
        return text
    return res.HTML_TAG.sub(lambda m: "" if m.group(1) else " ", text)


def normalize_width(text: str) -> str:
    """Full-width letters, digits and punctuation to their ASCII forms (NFKC on that block only).

    Circled numbers (①) and other compatibility characters keep their form: they are
    numbering the parser needs to see.
    """
    return text.translate(res.FULL_WIDTH_TO_ASCII)


def join_letter_spaced_text(text: str) -> str:
    """客 服 专 员 岗 位 职 责 -> 客服专员岗位职责: single spaces between characters of a line that
    a PDF export spaced out. Only the spaced-out runs join: wider gaps (the real spaces), words
    and the spaces between a run and a word stay (职位名称 销售主管 学 历 大专 -> … 学历 大专)."""
    if not res.LETTER_SPACED.search(text):
        return text
    return res.LETTER_SPACED_RUN.sub(lambda m: m.group().replace(" ", ""), text)


def remove_markdown_marks(text: str) -> str:
    """### **核心职责** -> 核心职责; a --- or |---|---| rule line -> empty: markdown that a chat
    tool or editor left in a copied page. ** between two words (上月**商, a site's mask) stays."""
    if res.MARKDOWN_RULE.match(text):
        return ""
    if "#" in text:
        text = res.MARKDOWN_HEADING.sub("", text)
    if "**" in text:
        text = res.MARKDOWN_BOLD.sub(r"\1", text)
    return text


def restore_lost_bullets(text: str) -> str:
    """? 负责… / …政策; %培训… -> • 负责… / …政策; •培训…: a bullet the export lost keeps a
    bullet's form, so that its items stay apart (and the space before ? is not taken away)."""
    if "?" not in text and "%" not in text:
        return text
    return res.LOST_BULLET.sub("•", text)


def remove_ascii_junk_tail(text: str) -> str:
    """财务部 smG>sEp2 -> 财务部: random ASCII strings an anti-copy script appends to a line (or
    prints as the whole line). Words, numbers, codes (CET-4, ISO9001), times (9:00-18:00),
    addresses and English text at a line's end stay."""
    for _ in range(3):  # a line may carry more than one
        *head, last = text.rsplit(None, 1) or [""]
        if not (len(last) >= res.ASCII_JUNK_MIN and last.isascii() and is_ascii_junk(last)):
            return text
        text = head[0] if head else ""
    return text


def is_ascii_junk(token: str) -> bool:
    """A run of ASCII (no spaces) that is no word, number, code or address (see ASCII_WORD_PART)."""
    if res.ASCII_ADDRESS.fullmatch(token):
        return False
    core = token.strip(res.ASCII_TOKEN_EDGES)
    parts = [p for p in res.ASCII_TOKEN_JOINERS.split(core) if p]
    return any(not res.ASCII_WORD_PART.fullmatch(p) for p in parts)


def join_spaced_labels(text: str) -> str:
    """部  门:市场部 -> 部门:市场部: a two-character label spaced out to its table cell's width."""
    if ":" not in text and "：" not in text:
        return text
    return res.SPACED_LABEL.sub(r"\1\2", text)


def blank_zero_width_spaces(text: str) -> str:
    """Zero-width spaces and BOMs to plain spaces, so that every later step sees them as spaces."""
    return res.ZERO_WIDTH.sub(" ", text)


def remove_invisible_marks(text: str) -> str:
    """负\u200e责 -> 负责, 客服\u00ad专员 -> 客服专员, ✔\ufe0f -> ✔: format characters (LRM, RLO, word
    joiner, soft hyphen), variation selectors and stray combining marks, which no pattern expects
    inside a word or before an item's number. A letter and its accent are composed first (NFC):
    a + \u030c is ǎ, as a pinyin gloss writes it."""
    if text.isascii() or not (res.invisible_mark().search(text) or res.INVISIBLE_SUPPLEMENTARY.search(text)):
        return text
    text = unicodedata.normalize("NFC", text)
    return res.INVISIBLE_SUPPLEMENTARY.sub("", res.invisible_mark().sub("", text))


def remove_foreign_script_runs(text: str) -> str:
    """Drop runs of Thai, Lao, Ethiopic … left by PDF watermarks (ห้องสมุดไป่ตู้)."""
    return res.FOREIGN_SCRIPT_RUN.sub("", text)


def remove_pinyin_glosses(text: str) -> str:
    """網(wǎng) -> 網: pinyin readings some sites print after characters."""
    return res.PINYIN_GLOSS.sub("", text)


def remove_boilerplate_sentences(text: str) -> str:
    """Drop sentences written by the site (小编为你整理…, 温馨提示…) from a line of content."""
    if not res.boilerplate_sentence().search(text):
        return text
    pattern = res.boilerplate_sentence()
    return "".join(piece for s in res.SENTENCE.findall(text) for piece in _sentence_pieces(s) if not pattern.search(piece))


def _sentence_pieces(sentence: str) -> list[str]:
    """A sentence, or the clauses and list items of one so long that it is a flattened page's
    run of items (a job board's description on one line): the site's sentence is one of those."""
    if len(sentence) <= res.CHROME_SENTENCE:
        return [sentence]
    return [piece for piece in res.LONG_SENTENCE_CUT.split(sentence) if piece]


def remove_boilerplate_phrases(text: str) -> str:
    """精品文档---下载后可任意编辑客户服务部职能… -> 客户服务部职能…: marks a site stamps onto
    the text (glued to it, so neither the sentence nor the line may go)."""
    opening, anywhere = res.boilerplate_phrase()
    return anywhere.sub("", opening.sub("", text, count=1))


def is_site_chrome(text: str) -> bool:
    """A whole line the site wrote around documents (当前位置, 下载文档前请自行甄别…)."""
    return _matches_lines(normalize_width(text).strip(), "boilerplate.txt")


def is_site_meta(text: str) -> bool:
    """A line the site printed inside a document (发布时间:…, 展开阅读全文, 文档贡献者 上传于…)."""
    return _matches_lines(normalize_width(text).strip(), "boilerplate_meta.txt")


def _matches_lines(line: str, patterns: str) -> bool:
    """Whether the width-normalised, stripped ``line`` matches a pattern of the file ``patterns``."""
    anchored, floating = res.boilerplate_line(patterns)
    unbulleted = res.CHROME_LIST_LEAD.sub("", line, count=1)
    return bool(anchored.match(unbulleted) or floating.search(line))


def remove_boilerplate_line(text: str) -> str:
    """Empty a line the site wrote: chrome around documents (当前位置, 相关主题, 下载文档前请自行甄别…)
    or data inside one (发布时间:…, 展开阅读全文)."""
    line = normalize_width(text).strip()
    if len(line) >= res.FLAT_LINE:
        return _remove_chrome_sentences(line)
    return "" if _matches_lines(line, "boilerplate.txt") or _matches_lines(line, "boilerplate_meta.txt") else text


def _remove_chrome_sentences(line: str) -> str:
    """A flattened document (its lines joined into one) is no chrome line even when chrome is
    glued into it: drop only the sentences a chrome pattern finds, each from the stop, space or
    list number before it (… 岗位说明书 - 1、下载文档前请自行甄别…服务。 | 客服部经理…)."""
    spans = sorted(
        match.span()
        for name in ("boilerplate.txt", "boilerplate_meta.txt")
        for match in res.boilerplate_line(name)[1].finditer(line)
    )
    kept, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # inside the sentence dropped already
        kept.append(line[pos : _chrome_sentence_start(line, pos, start)])
        stop = res.SENTENCE_STOP.search(line, end, end + res.CHROME_SENTENCE)
        pos = stop.end() if stop else end
    return "".join(kept) + line[pos:]


def _chrome_sentence_start(line: str, floor: int, start: int) -> int:
    """The last stop, space or list number before ``start`` (not before ``floor``), within reach."""
    begin = max(floor, start - res.CHROME_SENTENCE)
    opening = start
    for match in res.CHROME_SENTENCE_OPENING.finditer(line, begin, start):
        opening = match.start() if match.group(1) else match.end()
    return opening if opening < start else begin


def remove_page_numbers(text: str) -> str:
    """Drop 第 PAGE 1 页 / 第1页共5页 marks, lines that hold only a page number like - 3 -, the
    running header or footer printed beside a mark (XX公司岗位说明书 第 2 页), and the page
    count after a file's name (XX岗位说明书 2页)."""
    if res.PAGE_NUMBER_LINE.match(text) and not text.strip().isdigit():
        return ""
    rest = res.PAGE_NUMBER_INLINE.sub(" ", text)
    if rest != text and res.RUNNING_HEADER.fullmatch(rest.strip()):
        return ""
    return res.PAGE_COUNT_TAIL.sub("", rest) if "页" in rest else rest


def remove_toc_line(text: str) -> str:
    """Empty a table-of-contents line (目录, 客户服务总监 (42), 第三章……12)."""
    return "" if res.TOC_LINE.match(text.strip()) else text


def remove_watermark_symbols(text: str) -> str:
    """Drop & | * ^ # — standing alone between items; a dash glued to a word, a * bullet
    opening the line, or the dashes around a page number (— 2 —) stay."""
    if res.PAGE_NUMBER_LINE.match(text):
        return text  # — 2 —: a page number, whose dashes remove_page_numbers needs to see
    bullet = res.LEADING_BULLET.match(text)
    head = bullet.group() if bullet else ""
    return head + res.WATERMARK_SYMBOLS.sub(" ", text[len(head):])


def remove_breadcrumb_trails(text: str) -> str:
    """Drop 物管文书 >方案制度 >内容 时间:2009-2-7 trails a site prints inside the text."""
    if not any(sep in text for sep in ">›»"):
        return text  # the common case, without scanning every position with the pattern
    return res.BREADCRUMB_TRAIL.sub(" ", text)


def remove_fill_in_blanks(text: str) -> str:
    """____ left for a form's blanks: a gap, not text."""
    return res.FILL_IN_BLANK.sub(" ", text)


def remove_space_before_punctuation(text: str) -> str:
    """接听客户电话 ,记录 -> 接听客户电话,记录: PDF layout and blanked control characters leave these."""
    return res.SPACE_BEFORE_PUNCT.sub("", text)


def remove_repeated_copy(text: str) -> str:
    """客服部岗位职责客服部岗位职 -> 客服部岗位职责: a short line followed by a copy of itself,
    whole or cut off (a site's related-links footer, a title printed twice)."""
    if len(text) > res.REPEAT_MAX_LINE or res.REPEAT_STOPPER.search(text):
        return text
    while True:  # until no copy is left, so that the step is idempotent
        period = _shortest_period(text)
        if not res.REPEAT_MIN_UNIT <= period <= len(text) - res.REPEAT_MIN_COPY:
            return text
        text = text[:period].rstrip()


def _shortest_period(text: str) -> int:
    """The smallest p with text[i] == text[i - p] for every i >= p (len(text) when none is
    shorter): the prefix function of Knuth-Morris-Pratt, linear in the line."""
    border = [0] * len(text)
    for i in range(1, len(text)):
        k = border[i - 1]
        while k and text[i] != text[k]:
            k = border[k - 1]
        border[i] = k + (text[i] == text[k])
    return len(text) - border[-1] if text else 0


def collapse_whitespace(text: str) -> str:
    """Runs of spaces, tabs and zero-width characters to one space; strip the ends."""
    return res.WHITESPACE_RUN.sub(" ", text).strip()


def join_broken_words(text: str) -> str:
    """客户服务专 员 -> 客户服务专员: a space between two Chinese characters is a layout break."""
    return res.SPACE_BETWEEN_CJK.sub("", text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese with OpenCC."""
    return _t2s().convert(text) if text else text


TRADITIONAL_SHARE = 0.03  # more than this share of Chinese characters changed by t2s: traditional


def detect_script(text: str, threshold: float = TRADITIONAL_SHARE) -> str:
    """'traditional' when OpenCC would change more than ``threshold`` of the Chinese characters."""
    sample = "".join(res.CJK_CHAR.findall(text[:20_000]))
    if not sample:
        return "simplified"
    converted = to_simplified(sample)
    changed = sum(map(str.__ne__, sample, converted)) if len(converted) == len(sample) else len(sample)
    return "traditional" if changed / len(sample) > threshold else "simplified"
