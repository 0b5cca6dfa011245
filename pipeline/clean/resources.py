"""Compiled patterns for the cleaning steps; phrase lists live in ``pipeline/resources``."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..resources import resource_lines

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
# NFKC of the full-width ASCII block and the ideographic space, as one translate table.
FULL_WIDTH_TO_ASCII = {c: unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000]}
CJK_CHAR = re.compile("[\u4e00-\u9fff]")
TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

# 網(wǎng), 業（yè）: a gloss has at least one tone-marked vowel, so (cps) or (VI) stay. It may open
# a line when the page width broke the line between a character and its gloss.
PINYIN_GLOSS = re.compile(  # one or more in a row: 經(zé)(jīng)理
    rf"(?:(?<=[{CJK}])|^)(?:[(（]\s*[a-z{TONE_VOWELS}]*[{TONE_VOWELS}][a-z{TONE_VOWELS}]*\s*[)）])+"
)
# Thai, Lao, Myanmar, Ethiopic, Khmer: scripts PDF watermarks leave behind in Chinese text.
FOREIGN_SCRIPT_RUN = re.compile(
    r"[\u0e00-\u0eff\u1000-\u109f\u1200-\u139f\u1780-\u17ff\u2d80-\u2ddf]"
    r"(?:[\s\u200b-\u200d]*[\u0e00-\u0eff\u1000-\u109f\u1200-\u139f\u1780-\u17ff\u2d80-\u2ddf])*"
)
# Watermark symbols standing alone between items (not a dash glued to a word).
WATERMARK_SYMBOLS = re.compile(r"(?:(?<=\s)|^)[&|*^#—―─_~]+(?=\s|$)")
LEADING_BULLET = re.compile(r"^\s*\*\s+(?=[\u4e00-\u9fff])")  # "* 接听客户电话": a list's bullet
PAGE_NUMBER_INLINE = re.compile(
    r"第\s*(?:PAGE\s*)?\d+\s*页(?:\s*[,，/]?\s*共\s*(?:NUMPAGES\s*)?\d+\s*页)?"
    r"|(?:^|\s)Page\s+\d+(?:\s+of\s+\d+)?(?=\s|$)",
    re.IGNORECASE,
)
# The page count a doc site prints after a file's name: 销售主管职位说明书 2页, 客服职责.docx 共3页
# (a document word ends the name); not 第 2 页, nor a duty's own figure (编写培训手册 10页).
PAGE_COUNT_TAIL = re.compile(r"(?:(?<=[书责档能文本板全集])|(?<=doc|ocx|pdf|PDF))\s++共?\s*+\d{1,4}\s*+页$")
# What is left of a line once its page mark is gone, when that is a page's running header or
# footer: short, no sentence punctuation, not a numbered item.
RUNNING_HEADER = re.compile(r"(?![\d一二三四五六七八九十(（•·-])[^，。；,;!！?？:：]{0,30}")
PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[-—–―·•]\s*\d{1,4}\s*[-—–―·•]|\d{1,4}\s*/\s*\d{1,4}|\[\d{1,4}\]|\d{1,4})\s*$")
# 客户服务总监 (42) / 第三章 客服部……………12 / 目录
TOC_LINE = re.compile(  # possessive (++ *+): a leader never gives back what the next part cannot take
    rf"^(?:目\s*录|[{CJK}A-Za-z/、()（）\s]{{2,30}}?(?:[.…·。\s]{{3,}}+|\s*+[(（]\s*+)\d{{1,4}}\s*+[)）]?)\s*+$"
)
# 物管文书 >方案制度 >内容 时间:2009-2-7 21:49:22 — a site's breadcrumb trail and post time.
BREADCRUMB_TRAIL = re.compile(
    r"(?:[-–—]\s*)?[^\s>›»]{1,20}(?:\s*[>›»]\s*[^\s>›»]{1,20}){2,}"
    r"(?:\s*(?:发布)?时间\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)?"
)
# Line breaks a scraper or a spreadsheet export left as text: <br />, </p>, <div>, Excel's
# _x000d_, an escaped \\n; each becomes a real line break (_x000d_ before a real one, and \\r
# before \\n, only a space). The tags may be HTML-escaped once (&lt;br&gt;).
MARKUP_BREAK = re.compile(
    r"(?:<|&lt;)(?:/?br|/?p|/?div|/?li|/?tr|/?h[1-6])\b[^<>\n]{0,200}?/?(?:>|&gt;)"
    r"|_x000[dDaA]_(?!\n)|\\r\\n|\\[nr]|\\t",
    re.IGNORECASE,
)
MARKUP_SPACE = re.compile(r"_x000[dD]_(?=\n)|_x0009_")
# Any other HTML tag left inside a line: formatting tags go without a trace, cells leave a space.
HTML_TAG = re.compile(  # ?/p>: a closing tag whose < an encoding error took
    r"(?:</?|\?/)(?:(b|strong|i|em|u|s|span|font|a|small|big|sup|sub|code|label|img)"
    r"|td|th|table|tbody|thead|ul|ol|section|article|hr|center|blockquote|pre|br|p|div|li|tr|h[1-6])"
    r"\b[^<>]{0,200}?/?>",
    re.IGNORECASE,
)
# Anti-copy strings some sites append to lines (DO7W}WU, [![%9'+P, KRJLxNr): a run of ASCII that
# is no word, number, code, time or address. A real token splits at its joining punctuation into
# parts of the shapes below; a part of any other shape, or a stray symbol, marks the junk.
ASCII_JUNK_MIN = 5
ASCII_TOKEN_JOINERS = re.compile(r"[-/.:_,()+*~]+")
ASCII_TOKEN_EDGES = "\"'([{)]}!?;:,.。"
ASCII_WORD_PART = re.compile(
    r"\d+(?:\.\d+)?[%kKwW]?"  # 30 / 5k / 30%
    r"|[A-Z]+s?|[A-Z]?[a-z]+(?:'[a-z]{1,2})?"  # PPT, KPIs, Word, excel, company's
    r"|(?:[A-Z][a-z]+)+(?:[A-Z]{2,4})?|[a-z][A-Z][a-z]+"  # PowerPoint, MySQL, PowerBI, iPhone
    r"|[A-Za-z]+\d+[A-Za-z]{0,2}|\d+[A-Za-z]+"  # Win10, ISO9001, B2B, 3PLs, 28years
    r"|[A-Z]+&[A-Z]+|[A-Za-z]#"  # R&D, AT&T, C#
)
ASCII_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# A bullet glyph the export lost, printed as ? or % (? 负责… / …政策; %培训…): a ? standing
# apart before Chinese text, a % after no number. ? inside mojibake (确??蜕) or after a word
# (…吗?) and 30% stay.
LOST_BULLET = re.compile(
    r"(?:^|(?<=[\s。；;]))\?(?=\s*[\u4e00-\u9fff])|(?:^|(?<=[\s;；,，。]))(?<!\d\s)%(?=\s*[\u4e00-\u9fff])"
)
# A short heading-like line and a copy of itself glued after it (客服部岗位职责客服部岗位职):
# lines with sentence punctuation or digits (1、2、) are text, never a copy.
REPEAT_MAX_LINE = 60
REPEAT_MIN_UNIT = 4
REPEAT_MIN_COPY = 4
REPEAT_STOPPER = re.compile(r"[,，。；;!！?？:：、\d]")
# Markdown a chat tool or editor left in a copied page: heading marks opening the line, a
# rule or table-separator row, **bold** around a word. ** glued between two characters on
# both sides is a site's mask over a word (上月**商), not emphasis, and stays.
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}(?=\s|\*|[^\x00-\x7f])\s*")
MARKDOWN_RULE = re.compile(
    r"^\s*+(?:[-*_=]\s*+){3,}$|^\s*+\|?(?:\s*+:?-{3,}+:?\s*+\|)+\s*+(?::?-{3,}+:?\s*+)?$"
)
MARKDOWN_BOLD = re.compile(
    r"(?:^|(?<=[\s:：(（、.\-•·]))\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*(?=$|[\s:：,，。;；、)）(（])"
)
FILL_IN_BLANK = re.compile(r"_{2,}|＿{2,}")
SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]?")
# A flattened document: a line this long is a whole page joined, never one line of chrome.
FLAT_LINE = 200
CHROME_SENTENCE = 120  # characters: how far a chrome sentence glued in a flattened line reaches
# Where a sentence longer than that is cut before boilerplate sentences are matched: after a
# semicolon, before a list item's number or a bracketed label (…信 【加入我们】 ★温馨提示:…).
LONG_SENTENCE_CUT = re.compile(r"(?<=[;；])|(?=\s(?:\d{1,2}\s*[、.．]|[【★]))")
SENTENCE_STOP = re.compile(r"[。！？!?]")
CHROME_SENTENCE_OPENING = re.compile(r"[。！？!?\s]|(\d{1,2}[、.])")  # the number goes with the sentence
# Zero-width spaces and BOMs: not \s to re, so every pattern with \s or ^ would miss them.
ZERO_WIDTH = re.compile(r"[\u200b-\u200d\ufeff]")
# Invisible characters Word and HTML exports leave inside words: format characters (LRM/RLM,
# RLO, word joiner, soft hyphen …: Unicode category Cf; zero-width spaces are spaces, above)
# and combining marks (Mn, Me: variation selectors, stray accents).
INVISIBLE_CATEGORIES = ("Cf", "Mn", "Me")
# Ideographic variation selectors and tag characters: the marks outside the BMP that Chinese
# pages carry. A separate pattern, so that the BMP class stays a fast bitmap.
INVISIBLE_SUPPLEMENTARY = re.compile("[\U000e0000-\U000e01ef]")


@lru_cache(maxsize=1)
def invisible_mark() -> re.Pattern:
    """One class of the BMP's invisible characters, read from ``unicodedata`` on first use."""
    marks = [chr(c) for c in range(0x80, 0x10000) if unicodedata.category(chr(c)) in INVISIBLE_CATEGORIES]
    # zero-width spaces stay: blank_zero_width_spaces makes them spaces
    return re.compile("[" + "".join(re.escape(m) for m in marks if not ZERO_WIDTH.match(m)) + "]")


WHITESPACE_RUN = re.compile(r"[ \t\u00a0\u3000\u200b-\u200d\ufeff]+")
# Each pattern over a run of one class starts only where the run starts (the lookbehind): tried
# from every position inside a long run (100 KB of spaces), it would cost the square of its length.
SPACE_BEFORE_PUNCT = re.compile(r"(?<![ \t\u00a0\u3000])[ \t\u00a0\u3000]+(?=[,，。；;:：、!！?？)）】》])")
# 客 服 专 员 岗 位 职 责: a PDF export that spaced the text out character by character. Four
# Chinese characters in a row, each followed by one space, mark such a line.
LETTER_SPACED = re.compile(rf"(?:(?:^|(?<=\s))[{CJK}] ){{4}}(?=\S)")
# One run of single characters a single space apart (岗 位 职 责); the words, Latin ones and
# wider gaps around it are the line's real spaces (a table's cells flattened onto one line).
LETTER_SPACED_RUN = re.compile(r"(?<!\S)\S(?: \S)+(?!\S)")
# 部  门: / 职 位: a two-character field label a Word table spaced out to the cell's width.
SPACED_LABEL = re.compile(r"(?:^|(?<=\s))([\u4e00-\u9fff])[ \t\u3000]+([\u4e00-\u9fff])(?=[ \t\u3000]*[:：])")
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


@lru_cache(maxsize=None)
def boilerplate_line(name: str = "boilerplate.txt") -> tuple[re.Pattern, re.Pattern]:
    """(patterns anchored at the start, to ``match``; the others, to ``search``).
    ``boilerplate.txt``: page chrome; ``boilerplate_meta.txt``: lines printed inside a document."""
    anchored, floating = _split_anchored(resource_lines(name))
    return _alternation(anchored), _alternation(floating)


def _split_anchored(patterns: list[str]) -> tuple[list[str], list[str]]:
    """(the patterns opened by ^, without it; the others)."""
    return [p[1:] for p in patterns if p.startswith("^")], [p for p in patterns if not p.startswith("^")]


def _alternation(patterns: list[str]) -> re.Pattern:
    """One pattern for a list. Joined bare, not each in a group: when every alternative opens
    with a plain character, re then tries only the positions that hold one of them (a group
    around each costs a try of every alternative at every position of every line)."""
    return re.compile("|".join(patterns) if patterns else r"(?!)")


@lru_cache(maxsize=None)
def boilerplate_sentence() -> re.Pattern:
    return _alternation(resource_lines("boilerplate_sentences.txt"))


@lru_cache(maxsize=None)
def boilerplate_phrase() -> tuple[re.Pattern, re.Pattern]:
    """(the stamps that open a line, as one pattern anchored there; the others)."""
    anchored, floating = _split_anchored(resource_lines("boilerplate_phrases.txt"))
    return re.compile(f"^(?:{'|'.join(anchored)})" if anchored else r"(?!)"), _alternation(floating)


# A list's bullet or an <ol>'s number before a line of chrome (- 相关推荐, • 2页, 4. 网站客服…):
# boilerplate patterns anchored at the start match the line without it.
CHROME_LIST_LEAD = re.compile(r"^(?:[-–•·●◆■▪*>]+\s*|\d{1,2}[.)]\s+)")
