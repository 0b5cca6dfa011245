"""Read input files safely, decode them whatever their encoding, turn HTML into text (and
PDF and Word documents, by ``office``).

Nothing here raises on bad input: a file that cannot be used comes back as a
``Document`` with ``status`` and ``reason`` set, and becomes a manifest row. Files are
found by ``pipeline.walk``; paths longer than the system takes in one call are reached a
few folders at a time (``reachable``).
"""
from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from . import office
from .common import NUMBERED, Rejection, normalize_newlines  # noqa: F401  (Rejection, normalize_newlines: read from here too)
from .decoding import BOMS, SAMPLE_BYTES, decode_bytes, decode_strict, looks_binary

log = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
HEAD_BYTES = 8192  # read first, to skip binary files without reading them whole
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
    b"\x7fELF": "executable",
}
MAGIC_PREFIXES = tuple(BINARY_MAGIC)
OLE2 = BINARY_MAGIC[b"\xd0\xcf\x11\xe0"]
# What to do with a file in an old binary office format, by its name (the format is not read).
OLD_OFFICE_ADVICE = {
    ".doc": "old Word format .doc: save it as .docx",
    ".docx": "old Word format .doc named .docx: save it as .docx",
    ".wps": "WPS format .wps: save it as .docx",
    ".xls": "old Excel format .xls: save it as .xlsx",
}
BOM_PREFIXES = tuple(bom for bom, _ in BOMS)
READ_ERRORS = {errno.ELOOP: "symbolic link loop", errno.EACCES: "permission denied"}
LONG_PATH = 3800  # bytes; Linux takes paths up to PATH_MAX (4096) in one call: longer ones go by parts
DROP_TAGS = ("script", "style", "nav", "header", "footer", "noscript", "template", "svg", "head")
BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "dt", "dd", "blockquote", "pre", "title",
)


@dataclass(slots=True)
class Document:
    source: str  # path relative to the input root, with forward slashes, always printable
    path: str
    text: str | None = None
    encoding: str | None = None
    status: str = "parsed"  # parsed / empty / skipped / error
    reason: str = ""  # why it was rejected; for parsed files, what had to be repaired
    bytes: int = 0
    content: str | None = None  # ``read_digest`` of the bytes read; None when none were


def relative_source(path: Path, root: Path, decode: bool = True) -> str:
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return "/".join(printable_name(part, decode) for part in relative.parts)


def printable_path(path: str, decode: bool = True) -> str:
    """``printable_name`` of each part of a "/"-separated path."""
    return "/".join(printable_name(part, decode) for part in path.split("/"))


def printable_name(name: str, decode: bool = True) -> str:
    """A file name as printable text: bytes that are not UTF-8 (a GBK name from an old
    archive) are decoded like file contents (with ``decode``), or shown as \\x escapes;
    control characters are escaped too."""
    if name.isprintable():  # the common case: no control characters, no undecodable bytes
        return name
    raw = os.fsencode(name)
    if is_utf8(raw):
        text = name
    else:
        decoded = decode_strict(raw) if decode else None
        text = decoded.text if decoded and not decoded.note else raw.decode("utf-8", "backslashreplace")
    return "".join(_escaped(c) if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _escaped(char: str) -> str:
    return char.encode("unicode_escape").decode("ascii")


def sniff_binary(head: bytes) -> str | None:
    """Name of the binary format, or None when the bytes may be text. (Run on every file, by
    the cache's key too: each test is one call into C.)"""
    if head.startswith(MAGIC_PREFIXES):
        return next(name for magic, name in BINARY_MAGIC.items() if head.startswith(magic))
    if head.startswith(BOM_PREFIXES):
        return None
    if head.count(b"\x00") > len(head) // 10 and not _looks_utf16(head):
        return "binary data (NUL bytes)"
    return None


def _looks_utf16(head: bytes) -> bool:
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > len(head) // 4 and min(even, odd) < len(head) // 20


def read_document(path: Path, root: Path, max_bytes: int | None = None, source: str | None = None,
                  problem: Rejection | None = None) -> Document:
    """Read one file into a Document; problems become status + reason, never exceptions.
    ``source`` is the walk's (unique in the run); ``problem`` one the walk found (not read)."""
    doc = Document(source=source or relative_source(path, root), path=str(path))
    if problem is not None:
        return _reject(doc, problem)
    doc.bytes, data, doc.content = read_file_bytes(path, max_bytes)
    if isinstance(data, Rejection):
        return _reject(doc, data)
    decoded = _to_text(data, path)
    if isinstance(decoded, Rejection):
        return _reject(doc, decoded)
    doc.text, doc.encoding, notes = decoded
    doc.reason = "; ".join(filter(None, [notes, _name_note(path)]))
    return doc


def _to_text(data: bytes, path: Path) -> tuple[str, str, str] | Rejection:
    if data.startswith(office.DOCUMENT_MAGIC):
        return office.document_to_text(data, path.suffix.lower(), _binary_reason(sniff_binary(data[:HEAD_BYTES]), path))
    return bytes_to_text(data, path)


def read_file_bytes(path: Path, max_bytes: int | None) -> tuple[int, bytes | Rejection, str | None]:
    """(size, bytes, ``read_digest``) of a regular file that may hold text or be an office
    document; other binary files are not read whole. The digest is None when nothing was read."""
    if len(os.fsencode(path)) < LONG_PATH:  # the common case, without a context manager
        return _read_at(None, path, path, max_bytes)
    try:
        with reachable(path) as (folder, name):
            return _read_at(folder, name, path, max_bytes)
    except OSError as exc:  # a folder on the way cannot be opened
        return 0, Rejection("error", f"cannot read file: {_read_error(exc, path)}"), None


def _read_at(folder: int | None, name: str | bytes, path: Path, max_bytes: int | None):
    """``read_file_bytes`` of ``name`` in the folder descriptor ``folder`` (None: as it stands)."""
    try:
        info = os.stat(name, dir_fd=folder)
    except OSError as exc:
        return 0, Rejection("error", f"cannot read file: {_read_error(exc, path)}"), None
    unread = _unread_reason(info, max_bytes)
    if unread is not None:
        return (info.st_size if stat.S_ISREG(info.st_mode) else 0), unread, None
    try:
        with open(name, "rb", opener=None if folder is None else opener_in(folder)) as f:
            head = f.read(HEAD_BYTES)
            binary = sniff_binary(head)
            if binary and not head.startswith(office.DOCUMENT_MAGIC):  # read on only to name the bytes (the cache's key)
                content = read_digest(chain([head], _chunks(f)))
                return info.st_size, Rejection("skipped", _binary_reason(binary, path)), content
            rest = f.read()
    except OSError as exc:
        return info.st_size, Rejection("error", f"cannot read file: {_read_error(exc, path)}"), None
    return info.st_size, head + rest, read_digest([head, rest])


def _binary_reason(binary: str, path: Path) -> str:
    advice = OLD_OFFICE_ADVICE.get(path.suffix.lower()) if binary == OLE2 else None
    return advice or f"not a text file: {binary}"


def _unread_reason(info: os.stat_result, max_bytes: int | None) -> Rejection | None:
    """Why a file with this ``stat`` is not read at all (None: it is read)."""
    if stat.S_ISDIR(info.st_mode):
        return Rejection("error", "cannot read file: is a folder")
    if not stat.S_ISREG(info.st_mode):  # reading a named pipe would wait forever
        return Rejection("skipped", "not a regular file (a pipe, socket or device)")
    if max_bytes is not None and info.st_size > max_bytes:
        return Rejection("skipped", f"file is {_megabytes(info.st_size)}, over the "
                                    f"max_file_mb limit of {_megabytes(max_bytes)}")
    return None


def read_digest(chunks: Iterable[bytes]) -> str:
    """What names a file's bytes: BLAKE2b of all of them, in order. The per-file stage takes it
    of the very bytes it read, and the cache stores the result under it, so a file rewritten
    while a run reads it never lends its result to its earlier bytes."""
    h = hashlib.blake2b(digest_size=20)
    for chunk in chunks:
        h.update(chunk)
    return h.hexdigest()


def _chunks(f) -> Iterator[bytes]:
    return iter(lambda: f.read(1 << 20), b"")


def file_digest(path: str | os.PathLike, max_bytes: int | None) -> str | None:
    """``read_digest`` of the file as ``read_document`` would read it now, streamed; None when
    it would not read it (not a regular file, over ``max_bytes``, cannot be read)."""
    try:
        if len(os.fsencode(path)) < LONG_PATH:  # the common case, without a context manager
            return _digest_at(None, path, max_bytes)
        with reachable(path) as (folder, name):
            return _digest_at(folder, name, max_bytes)
    except OSError:
        return None


def _digest_at(folder: int | None, name: str | bytes, max_bytes: int | None) -> str | None:
    if _unread_reason(os.stat(name, dir_fd=folder), max_bytes) is not None:
        return None
    with open(name, "rb", opener=None if folder is None else opener_in(folder)) as f:
        return read_digest(_chunks(f))


def opener_in(folder: int):
    """An ``open`` opener for names relative to the folder descriptor ``folder``."""
    return lambda name, flags: os.open(name, flags, dir_fd=folder)


@contextmanager
def reachable(path: str | os.PathLike) -> Iterator[tuple[int | None, str | bytes]]:
    """(folder descriptor or None, name) by which ``path`` can be stat'ed and opened, however
    long it is: ``os.stat(name, dir_fd=folder)``. Raises OSError like ``os.stat`` would."""
    raw = os.fsencode(path)
    if len(raw) < LONG_PATH:
        yield None, path
        return
    parent, name = os.path.split(os.path.normpath(raw))
    folder = open_folder(parent)
    try:
        yield folder, name
    finally:
        os.close(folder)


def open_folder(path: str | bytes) -> int:
    """A descriptor of the folder ``path``, opened a few folders at a time when the path is too
    long for one call (each open relative to the one before)."""
    raw = os.path.normpath(os.fsencode(path))
    parts, chunks = raw.split(b"/"), []
    current = parts[0]  # b"" for an absolute path
    for part in parts[1:]:
        if current and len(current) + len(part) >= LONG_PATH:
            chunks.append(current)
            current = part
        else:
            current += b"/" + part
    folder = None
    try:
        for chunk in [*chunks, current or b"/"]:
            opened = os.open(chunk, os.O_RDONLY | os.O_DIRECTORY, dir_fd=folder)
            if folder is not None:
                os.close(folder)
            folder = opened
    except OSError:
        if folder is not None:
            os.close(folder)
        raise
    return folder


def bytes_to_text(data: bytes, path: Path) -> tuple[str, str, str] | Rejection:
    """(text, encoding, repair notes) of a file's bytes, HTML reduced to its visible text."""
    if not data or data.isspace():
        return Rejection("empty", "file holds only whitespace" if data else "file is empty")
    decoded = decode_bytes(data)
    if decoded is None:
        if looks_binary(data[:SAMPLE_BYTES]):
            return Rejection("skipped", "not a text file: binary data (control bytes)")
        return Rejection("error", "no text encoding decodes this file")
    text = decoded.text
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        text = html_to_text(text)
    text = normalize_newlines(text)
    if not text.strip():
        return Rejection("empty", "no visible text after decoding")
    return text, decoded.encoding, decoded.note


def _reject(doc: Document, rejection: Rejection) -> Document:
    log.info("%s: %s (%s)", doc.source, rejection.status, rejection.reason)
    doc.status, doc.reason = rejection.status, rejection.reason
    return doc


def _read_error(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ENOENT and _is_link(path):
        return "broken symbolic link"
    return READ_ERRORS.get(exc.errno, exc.strerror or str(exc))


def _is_link(path: Path) -> bool:
    try:
        with reachable(path) as (folder, name):
            return stat.S_ISLNK(os.lstat(name, dir_fd=folder).st_mode)
    except OSError:
        return False


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.6g} MB" if size < 1e6 else f"{size / 1e6:.1f} MB"


def _name_note(path: Path) -> str:
    return "" if is_utf8(os.fsencode(path.name)) else "file name is not UTF-8"


def is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    text = page_title(soup) + "".join(visible_strings(soup))
    text = re.sub(r"[ \t\u00a0]*\n[ \t\u00a0]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def page_title(soup) -> str:
    """<title>客服经理岗位职责_文档库</title> -> 客服经理岗位职责 on its own line: often the only name."""
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    title = re.split(r"\s*[_|｜–—]\s*|\s+-\s+", title)[0].strip()
    return f"{title}\n" if title else ""


def visible_strings(root) -> Iterator[str]:
    """Text of ``root`` in document order with a line break around each block element.

    Walks with an explicit stack, not recursion, and never edits the tree: a page nested
    10,000 levels deep costs linear time.
    """
    from bs4 import Tag

    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is str:  # a line break pushed below
            yield node
        elif isinstance(node, Tag):
            if node.name in DROP_TAGS:
                continue
            if node.name in BLOCK_TAGS:
                yield "\n"
                stack.append("\n")
            if node.name == "li" and not _starts_numbered(node):
                yield "• "  # keep the list item a list item once the markup is gone
            stack.extend(reversed(node.contents))
        elif type(node) in Tag.MAIN_CONTENT_STRING_TYPES:  # not comments, doctypes, <rt> …
            yield str(node)


def _starts_numbered(item) -> bool:
    """<li>1、… already carries its number."""
    first = next(item.stripped_strings, "")[:6]  # the first string only: deep lists stay linear
    return bool(NUMBERED.match(first))


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
