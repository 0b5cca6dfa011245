"""Bytes to text, whatever the encoding: BOM, then strict tries, then best effort.

Chinese pages come in few encodings, and a wrong one often decodes without error (Big5
bytes are valid GBK; UTF-16 units are almost always valid). So every encoding that
decodes a sample strictly is scored by how *readable* its text is — the share of
characters that are printable ASCII, Latin-1 letters, punctuation or a first-level
character of GB2312 or Big5 — and the most readable wins. Texts of two or three Chinese
characters can read well either way; such ties go to GB18030.

When no strict try reads well, the file is mixed or damaged: charset-normalizer joins the
candidates, the most readable one becomes the file's encoding, and each line is decoded
in UTF-8 or that encoding, whichever fits, bad bytes replaced. Nothing here raises.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried strictly, in order of preference when two read equally well.
STRICT_CODECS = ("utf-8", "gb18030", "big5", "cp950", "utf-16-le", "utf-16-be")
LINE_CODECS = ("utf-8", "gb18030", "big5")  # byte-oriented: b"\n" always ends a line
SAMPLE_BYTES = 64 * 1024  # scored part (see scoring_sample); the winner decodes the whole file
MIN_READABLE = 0.8  # share of readable characters a strict try needs
MIN_READABLE_NON_ASCII = 0.6  # ... and among its non-ASCII characters (Latin-1 is not GBK)
MIN_READABLE_REPLACED = 0.5  # share a best-effort decoding needs to count as text
MAX_CONTROL_BYTES = 0.05  # more C0 control bytes than this and it is binary, not text
# Latin-1 letters (résumé), general and CJK punctuation, full-width forms.
READABLE_RANGES = ((0x00A0, 0x00FF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))
NON_ASCII_BYTE = re.compile(rb"[\x80-\xff]")
WHITESPACE = re.compile(r"\s+")
ASCII_CHARS = re.compile(r"[\x00-\x7f]+")
ASCII_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")  # after whitespace is gone: not printable
CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    note: str = ""  # what had to be repaired: replaced bytes, a truncated last character


@dataclass(slots=True)
class Readability:
    share: float  # readable share of all non-space characters
    non_ascii_share: float  # readable share of the non-ASCII ones
    control_share: float  # share of control characters (NUL, BEL, ESC …)

    def acceptable(self) -> bool:
        return self.share >= MIN_READABLE and self.non_ascii_share >= MIN_READABLE_NON_ASCII


def decode_bytes(data: bytes) -> Decoded | None:
    """The text of ``data`` and the encoding used; None when no encoding gives readable text."""
    decoded = decode_with_bom(data) or decode_strict(data)
    if decoded is None and not looks_binary(data[:SAMPLE_BYTES]):
        decoded = decode_lenient(data)
    return decoded


def looks_binary(sample: bytes) -> bool:
    """Text in any 8-bit encoding has almost no control bytes; binary data has about 10 %."""
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    return controls / len(sample) > MAX_CONTROL_BYTES


def decode_with_bom(data: bytes) -> Decoded | None:
    for bom, name in BOMS:
        if data.startswith(bom):
            return _decode_replacing(data, name)
    return None


@dataclass(slots=True)
class Candidate:
    name: str
    rank: int  # place in STRICT_CODECS: the tie-breaker
    readability: Readability
    cut_off: bool  # the file ends inside a character in this encoding

    def preference(self) -> tuple:
        """Whole characters first; readable UTF-8 next (other text is rarely valid UTF-8);
        then the most readable."""
        return (self.cut_off, self.name != "utf-8", -self.readability.share, self.rank)


def decode_strict(data: bytes) -> Decoded | None:
    """The most readable encoding that decodes every byte (a cut-off last character aside)."""
    sample = scoring_sample(data)
    reaches_the_end = data.endswith(sample)
    candidates = []
    for name in STRICT_CODECS:  # in rank order, so that a sure winner ends the scoring early
        candidates += strict_candidates(sample, reaches_the_end, (name,))
        if candidates and candidates[-1].name == name and _sure_winner(candidates[-1]):
            decoded = _decode_whole(data, name)
            if decoded is not None:
                return decoded
    acceptable = sorted((c for c in candidates if c.readability.acceptable()), key=Candidate.preference)
    # Valid UTF-8 without control characters that reads badly (Korean, emoji …) is still
    # better evidence than any guess.
    fallback = [c for c in candidates if c.name == "utf-8" and c.readability.control_share < 0.01]
    for candidate in acceptable + fallback:
        decoded = _decode_whole(data, candidate.name)
        if decoded is not None:
            return decoded
    return None


def _sure_winner(candidate: Candidate) -> bool:
    """No later candidate can be preferred: readable UTF-8 ranks first, and otherwise a
    wholly readable one is beaten by nothing of a later rank (ties go to the earlier)."""
    if candidate.cut_off or not candidate.readability.acceptable():
        return False
    return candidate.name == "utf-8" or candidate.readability.share >= 1.0


def scoring_sample(data: bytes) -> bytes:
    """SAMPLE_BYTES from just before the first non-ASCII byte: a page that opens with 100 KB
    of inline script says nothing about its encoding there. Even offset: UTF-16 stays aligned."""
    first = NON_ASCII_BYTE.search(data)
    start = max(0, first.start() - 1024) & ~1 if first else 0
    return data[start:start + SAMPLE_BYTES]


def strict_candidates(sample: bytes, reaches_the_end: bool, names=STRICT_CODECS) -> list[Candidate]:
    """Every encoding of ``names`` that decodes ``sample`` without error, scored."""
    candidates = []
    for name in names:
        rank = STRICT_CODECS.index(name)
        decoder = codecs.getincrementaldecoder(name)()
        try:
            text = decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        cut_off = reaches_the_end and _has_pending_bytes(decoder)
        candidates.append(Candidate(name, rank, readability(text), cut_off))
    return candidates


def decode_lenient(data: bytes) -> Decoded | None:
    """Best effort for mixed or damaged files; None when even that does not read as text."""
    sample = scoring_sample(data)
    primary = most_readable(sample, (*STRICT_CODECS, *detected_encoding(sample)))
    if primary.startswith(("utf-16", "utf-32")):  # b"\n" may sit inside a character
        decoded = _decode_replacing(data, primary)
    else:
        decoded = decode_by_line(data, primary)
    return decoded if readability(decoded.text).share >= MIN_READABLE_REPLACED else None


def most_readable(sample: bytes, names) -> str:
    """The first of ``names`` whose decoding of ``sample``, bad bytes replaced, reads best."""
    shares = {name: readability(sample.decode(name, errors="replace")).share for name in names}
    return max(shares, key=shares.get)


def decode_by_line(data: bytes, primary: str) -> Decoded:
    """Each line in UTF-8 when it is valid, else in the most readable encoding that decodes it
    strictly (``primary`` first), else in the most readable one with bad bytes replaced."""
    lines, used, replaced = [], {}, 0
    for line in data.split(b"\n"):
        text, name = _decode_line(line, primary)
        lines.append(text)
        if not line.isascii():  # ASCII lines fit every encoding: no evidence
            used[name] = None
        replaced += text.count("\ufffd")
    encoding = "+".join(used) or primary
    notes = [f"mixed encodings, by line: {', '.join(used)}"] if len(used) > 1 else []
    notes += [f"{replaced} undecodable byte sequence(s) replaced"] if replaced else []
    return Decoded("\n".join(lines), encoding, "; ".join(notes))


def _decode_line(line: bytes, primary: str) -> tuple[str, str]:
    try:
        return line.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    names = tuple(dict.fromkeys((primary, *LINE_CODECS)))
    strict = {}
    for name in names:
        try:
            strict[name] = line.decode(name)
        except UnicodeDecodeError:
            continue
    if len(strict) > 1:  # Big5 lines are valid GBK too: let readability choose
        best = max(strict, key=lambda name: readability(strict[name]).share)
        return strict[best], best
    if strict:
        return next(iter(strict.values())), next(iter(strict))
    name = most_readable(line, names)
    return line.decode(name, errors="replace"), name


def detected_encoding(sample: bytes) -> list[str]:
    """charset-normalizer's guess, as a list of zero or one codec names."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return [canonical_name(best.encoding)] if best is not None else []


def canonical_name(name: str) -> str:
    """'utf_16_le' -> 'utf-16-le', 'GBK' -> 'gbk': one spelling per codec in the manifest."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def readability(text: str, limit: int = 20_000) -> Readability:
    """How much of ``text`` reads as Chinese, English or punctuation (see the module doc).

    Counted with regex substitutions rather than a Python loop over characters: this runs
    for every candidate encoding of every file, and per-character Python dominated ingest.
    """
    text = WHITESPACE.sub("", text[:limit])  # str.isspace() characters, as \s means for str patterns
    total = len(text)
    if not total:
        return Readability(1.0, 1.0, 0.0)
    non_ascii_text = ASCII_CHARS.sub("", text)
    non_ascii = len(non_ascii_text)
    controls = len(ASCII_CONTROLS.findall(text))
    non_ascii_good = non_ascii - len(readable_non_ascii().sub("", non_ascii_text))
    good = (total - non_ascii - controls) + non_ascii_good
    return Readability(good / total, non_ascii_good / non_ascii if non_ascii else 1.0, controls / total)


def _in_readable_range(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in READABLE_RANGES) and char != "\ufffd"


@lru_cache(maxsize=1)
def readable_non_ascii() -> re.Pattern:
    """One character class: the common characters plus READABLE_RANGES."""
    ranges = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in READABLE_RANGES)
    singles = "".join(re.escape(c) for c in sorted(common_characters()) if not _in_readable_range(c))
    return re.compile(f"[{ranges}{singles}]")


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Symbols and first-level (most used) characters of GB2312 and Big5: about 9,000.

    GB2312 rows 4-7 (kana, Greek, Cyrillic) are left out: Big5 bytes decoded as GBK land there.
    """
    gb2312_rows = [0xA1, 0xA2, 0xA3, 0xA8, 0xA9, *range(0xB0, 0xD8)]
    gb2312 = _two_byte_characters("gb2312", gb2312_rows, range(0xA1, 0xFF))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    big5 = _two_byte_characters("big5", range(0xA1, 0xC6), big5_trails)
    big5 |= _two_byte_characters("big5", [0xC6], range(0x40, 0x7F))  # C6A1 on is kana, not level 1
    return frozenset(gb2312 | big5)


def _two_byte_characters(codec: str, leads, trails) -> set[str]:
    pairs = (bytes((lead, trail)) for lead in leads for trail in trails)
    return {pair.decode(codec, errors="ignore") for pair in pairs} - {""}


def _has_pending_bytes(decoder: codecs.IncrementalDecoder) -> bool:
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return True
    return False


def _decode_whole(data: bytes, name: str) -> Decoded | None:
    decoder = codecs.getincrementaldecoder(name)()
    try:
        text = decoder.decode(data, final=False)
    except UnicodeDecodeError:
        return None
    if _has_pending_bytes(decoder):
        return Decoded(text, name, "the last character is cut off (truncated file)")
    return Decoded(text, name)


def _decode_replacing(data: bytes, name: str) -> Decoded:
    text = data.decode(name, errors="replace")
    replaced = text.count("\ufffd")
    note = f"{replaced} undecodable byte sequence(s) replaced" if replaced else ""
    return Decoded(text, name, note)
