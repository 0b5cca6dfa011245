"""Find input files, decode them whatever their encoding, turn HTML into text.

Nothing here raises on bad input: a file that cannot be used comes back as a
``Document`` with ``status`` and ``reason`` set, and becomes a manifest row.
"""
from __future__ import annotations

import codecs
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Magic numbers of formats that are never text, whatever the extension says.
BINARY_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (docx/xlsx/zip)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\xd0\xcf\x11\xe0": "OLE2 document (.doc/.xls)",
    b"\x1f\x8b": "gzip archive",
    b"Rar!": "RAR archive",
    b"7z\xbc\xaf": "7z archive",
}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Chinese pages come in few encodings; try them strictly before asking the detector.
CHINESE_CODECS = ("gb18030", "big5")
DROP_TAGS = ("script", "style", "nav", "header", "footer", "noscript", "template", "svg", "head")
BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "dt", "dd", "blockquote", "pre", "title",
)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True)
class Document:
    source: str  # path relative to the input root, with forward slashes
    path: str
    text: str | None = None
    encoding: str | None = None
    status: str = "parsed"  # parsed / empty / skipped / error
    reason: str = ""
    bytes: int = 0


def find_files(inputs: list[str]) -> list[tuple[Path, Path]]:
    """(file, root) pairs for every file under the inputs, sorted, symlink loops ignored."""
    found: list[tuple[Path, Path]] = []
    for item in inputs:
        path = Path(item)
        if path.is_file():
            found.append((path, path.parent))
        elif path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        found.append((Path(dirpath) / name, path))
    return sorted(set(found))


def relative_source(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format, or None when the bytes may be text."""
    for magic, name in BINARY_MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in BOMS):
        return None
    if head.count(b"\x00") > len(head) // 10 and not _looks_utf16(head):
        return "binary data (NUL bytes)"
    return None


def _looks_utf16(head: bytes) -> bool:
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 20


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding name); (None, None) when no encoding gives usable text."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    if _looks_utf16(data[:4096]):
        order = "utf-16-le" if data[1::2][:2048].count(0) > data[0::2][:2048].count(0) else "utf-16-be"
        return data.decode(order, errors="replace"), order
    for name in ("utf-8", *CHINESE_CODECS):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if name == "utf-8" or _mostly_cjk(text):
            return text, name
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return None, None


def _mostly_cjk(text: str) -> bool:
    """GB18030 decodes almost any bytes; accept it only when the result reads as Chinese."""
    sample = text[:20_000]
    letters = [c for c in sample if not c.isspace() and not c.isascii()]
    if not letters:
        return True
    common = sum("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
                 for c in letters)
    return common / len(letters) > 0.9


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(markup, "lxml")
        for tag in soup(DROP_TAGS):
            tag.decompose()
        for tag in soup.find_all(BLOCK_TAGS):
            tag.insert_before("\n")
            tag.insert_after("\n")
        text = soup.get_text()
    except RecursionError:
        # Pathologically deep trees: fall back to stripping tags with a regex.
        text = re.sub(r"<[^>]*>", "\n", re.sub(r"(?is)<(script|style)\b.*?</\1>", "", markup))
    text = re.sub(r"[ \t\u00a0]*\n[ \t\u00a0]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def read_document(path: Path, root: Path, max_bytes: int | None = None) -> Document:
    """Read one file into a Document; problems become status + reason, never exceptions."""
    doc = Document(source=relative_source(path, root), path=str(path))
    try:
        doc.bytes = path.stat().st_size
        if max_bytes is not None and doc.bytes > max_bytes:
            return _reject(doc, "skipped", f"file is {doc.bytes / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        return _reject(doc, "error", f"cannot read file: {exc.strerror or exc}")
    if not data.strip():
        return _reject(doc, "empty", "file is empty" if not data else "file holds only whitespace")
    binary = sniff_binary(data)
    if binary:
        return _reject(doc, "skipped", f"not a text file: {binary}")
    text, encoding = decode_bytes(data)
    if text is None:
        return _reject(doc, "error", "no text encoding decodes this file")
    doc.encoding = encoding
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        text = html_to_text(text)
    text = normalize_newlines(text)
    if not text.strip():
        return _reject(doc, "empty", "no visible text after decoding")
    doc.text = text
    return doc


def normalize_newlines(text: str) -> str:
    """Line feeds only, control characters blanked; same length, so spans stay true."""
    text = text.replace("\r\n", " \n").replace("\r", "\n")
    return CONTROL_CHARS.sub(" ", text)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)


def _reject(doc: Document, status: str, reason: str) -> Document:
    log.info("%s: %s (%s)", doc.source, status, reason)
    doc.status, doc.reason = status, reason
    return doc
