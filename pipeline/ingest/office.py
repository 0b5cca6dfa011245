"""Text of office documents: Word (.docx) and PDF files, read whole and turned into plain text
that then goes the way of decoded text (newlines, cleaning, parsing).

- **docx**: python-docx opens the package; the body's paragraphs and tables are walked here in
  reading order (a table between two paragraphs comes between them), each table cell's
  paragraphs on their own lines and a merged cell once. Headers, footers, footnotes and text
  boxes are page furniture and left out. Word's own list numbering is not in the text, so a
  list paragraph gets "• " (as an HTML <li> does) to stay a list item.
- **PDF**: pypdf's text of each page, in the order the page draws it. Chosen over
  pdfminer.six after both read made-up Chinese PDFs: both kept two columns apart, but
  pdfminer cut letter-spaced Chinese ("工 作 地 点") with spaces, which breaks jieba's words;
  pypdf also needs no other package.

Failures are data: an encrypted, scanned (no text layer) or damaged file comes back as a
``Rejection`` with one reason, never an exception. The libraries are imported on the first
office file, so a run without one never loads them.
"""
from __future__ import annotations

import io
import logging
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from .common import NUMBERED, Rejection, normalize_newlines

PDF_MAGIC, ZIP_MAGIC = b"%PDF", b"PK\x03\x04"
DOCUMENT_MAGIC = (PDF_MAGIC, ZIP_MAGIC)  # a file that starts so may be a document: read whole
SUFFIXES = {"pdf": ".pdf", "docx": ".docx"}  # the name that says a file is meant as this kind
DOCX_MAIN_PART = "word/document.xml"
MAX_UNPACKED = 1 << 30  # bytes a docx may unpack to; more is a zip bomb, not a job description
# Put after a PDF whose end was cut off: with a wrong cross-reference pointer pypdf rebuilds the
# table by scanning the objects that did arrive (without any end it reads nothing).
REPAIRED_END = b"\nstartxref\n0\n%%EOF\n"
REASON_CHARS = 120  # of a library's message quoted in a reason
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_P, W_R, W_TBL, W_TR, W_TC = W + "p", W + "r", W + "tbl", W + "tr", W + "tc"
NOT_OWN_TEXT = {W_P, W + "del", W + "moveFrom"}  # a run under these is deleted, or another paragraph's
BLOCK_WRAPPERS = {W + "sdt": W + "sdtContent", W + "customXml": None}  # content controls: their content


def document_to_text(data: bytes, suffix: str, not_text: str) -> tuple[str, str, str] | Rejection:
    """(text, format, repair notes) of a PDF or Word document whose name ends in ``suffix``; why
    not, as a Rejection. ``not_text``: the reason a binary file of its kind is skipped with."""
    kind = document_kind(data, suffix)
    if kind is None:
        return Rejection("skipped", not_text)
    found = pdf_text(data) if kind == "pdf" else docx_text(data)
    if isinstance(found, Rejection):
        if found.status == "error" and suffix != SUFFIXES[kind]:
            # Not named as a document: one that cannot be read stays what such a file was
            # before documents were read, a binary file skipped, not a failed one.
            return Rejection("skipped", f"{not_text}; {found.reason}")
        return found
    text, notes = found
    text = normalize_newlines(text)
    if not text.strip():
        return Rejection("empty", f"{kind} holds no text")
    return text, kind, notes


def document_kind(data: bytes, suffix: str) -> str | None:
    """"pdf", "docx" or None. The bytes say what a file is, its name only what someone called
    it (scrapers name files after their URL): a PDF is read as one whatever its name; a zip as
    a Word document when it is named .docx or holds Word's main part, so an .xlsx or a zip
    archive stays a skipped binary file."""
    if data.startswith(PDF_MAGIC):
        return "pdf"
    if data.startswith(ZIP_MAGIC) and (suffix == SUFFIXES["docx"] or _holds_docx_part(data)):
        return "docx"
    return None


def _holds_docx_part(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCX_MAIN_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False


# --- PDF

def pdf_text(data: bytes) -> tuple[str, str] | Rejection:
    """(text of every page, repair notes) of a PDF, or why it has none."""
    whole = b"%%EOF" in data[-1024:]
    pages = pdf_pages(data if whole else data + REPAIRED_END)
    if isinstance(pages, Rejection):
        return pages
    texts, unread = _page_texts(pages, _pdf_damage())
    if len(texts) == 0:
        return Rejection("error", "PDF is damaged: no page could be read")
    if not any(text.strip() for text in texts):
        return Rejection("skipped", "PDF has no text layer (scanned?)")
    notes = [f"{unread} of {len(pages)} PDF pages could not be read" if unread else "",
             "" if whole else "PDF is cut off: read what arrived"]
    return "\n".join(texts), "; ".join(filter(None, notes))


def pdf_pages(data: bytes) -> list | Rejection:
    """pypdf's pages of a PDF; a Rejection when it is encrypted, damaged or has none."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on a damaged file: the reason says it
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return Rejection("skipped", "PDF is encrypted")
        pages = list(reader.pages)
    except _pdf_damage() as exc:
        return Rejection("error", f"PDF is damaged or truncated ({_quoted(exc)})")
    return pages or Rejection("empty", "PDF has no pages")


def _pdf_damage() -> tuple[type[BaseException], ...]:
    """What pypdf raises on a damaged file: its own errors, and the plain ones its parsing
    of malformed objects runs into."""
    from pypdf.errors import PyPdfError

    return (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError, zlib.error,
            struct.error, RecursionError)


def _page_texts(pages, damage) -> tuple[list[str], int]:
    """Text of each page that can be read, and how many cannot."""
    texts, unread = [], 0
    for page in pages:
        try:
            texts.append(page.extract_text())
        except damage:
            unread += 1
    return texts, unread


# --- docx

def docx_text(data: bytes) -> tuple[str, str] | Rejection:
    """(text of the body, repair notes) of a Word document, or why it has none."""
    problem = _zip_problem(data)
    if problem is not None:
        return problem
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, PackageNotFoundError):  # a part every Word file has is missing
        return Rejection("error", "not a Word document: the zip lacks Word's parts")
    except ValueError:  # python-docx: "... is not a Word file, content type is ..."
        return Rejection("error", "not a Word document: a zip of another kind (.xlsx, .pptx …)")
    except (zipfile.BadZipFile, zlib.error, EOFError, XMLSyntaxError) as exc:
        return Rejection("error", f"docx is damaged ({_quoted(exc)})")
    lines = block_lines(document.element.body, list_styles(document.styles.element))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n"), ""


def _zip_problem(data: bytes) -> Rejection | None:
    """Why the bytes are not a zip that can be unpacked (None: they are)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return Rejection("error", "docx is damaged or truncated (not a readable zip)")
    if unpacked > MAX_UNPACKED:
        return Rejection("skipped", f"docx unpacks to {unpacked / 1e9:.1f} GB, over the "
                                    f"{MAX_UNPACKED / 1e9:.1f} GB a document may hold")
    return None


def block_lines(container, numbered_styles: frozenset[str]) -> Iterator[str]:
    """Lines of the paragraphs and tables in ``container`` (the body, a table cell, a content
    control) in reading order."""
    for child in container.iterchildren():
        if child.tag == W_P:
            yield paragraph_line(child, numbered_styles)
        elif child.tag == W_TBL:
            yield from table_lines(child, numbered_styles)
        elif child.tag in BLOCK_WRAPPERS:
            inner = BLOCK_WRAPPERS[child.tag]
            content = child.find(inner) if inner else child
            if content is not None:
                yield from block_lines(content, numbered_styles)


def table_lines(table, numbered_styles: frozenset[str]) -> Iterator[str]:
    """Each row's cells in order, each cell's paragraphs on their own lines; an empty cell gives
    none (a blank line would end the list its row is part of). A merged cell is one w:tc (a
    horizontal merge spans columns); the cells below a vertical merge repeat nothing, so they
    are passed over."""
    for row in table.iterchildren(W_TR):
        for cell in row.iterchildren(W_TC):
            merge = cell.find(f"{W}tcPr/{W}vMerge")
            if merge is None or merge.get(W + "val") == "restart":
                yield from (line for line in block_lines(cell, numbered_styles) if line.strip())


def paragraph_line(paragraph, numbered_styles: frozenset[str]) -> str:
    """The paragraph's text: its own runs, inside hyperlinks, fields and tracked insertions
    too (python-docx's ``Paragraph.text`` reads only direct runs), without deleted text."""
    text = "".join(run.text for run in paragraph.iter(W_R) if _own_run(run, paragraph))
    if text.strip() and _is_list_item(paragraph, numbered_styles) and not NUMBERED.match(text.lstrip()):
        return "• " + text
    return text


def _own_run(run, paragraph) -> bool:
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in NOT_OWN_TEXT:  # deleted, or in a text box's own paragraph
            return False
    return False


def _is_list_item(paragraph, numbered_styles: frozenset[str]) -> bool:
    numbering = paragraph.find(f"{W}pPr/{W}numPr")
    if numbering is not None:
        number_id = numbering.find(W + "numId")
        return number_id is None or number_id.get(W + "val") != "0"  # numId 0: numbering removed
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(W + "val") in numbered_styles


def list_styles(styles) -> frozenset[str]:
    """Ids of the paragraph styles that number their paragraphs (List Number …), by inheritance too."""
    numbered, based_on = set(), {}
    for style in styles.iterchildren(W + "style"):
        style_id = style.get(W + "styleId")
        if style.find(f"{W}pPr/{W}numPr") is not None:
            numbered.add(style_id)
        base = style.find(W + "basedOn")
        based_on[style_id] = base.get(W + "val") if base is not None else None
    return frozenset(s for s in based_on if _inherits_numbering(s, numbered, based_on))


def _inherits_numbering(style_id: str | None, numbered: set, based_on: dict) -> bool:
    seen = set()
    while style_id is not None and style_id not in seen:  # a loop of basedOn ends here
        if style_id in numbered:
            return True
        seen.add(style_id)
        style_id = based_on.get(style_id)
    return False


def _quoted(exc: BaseException) -> str:
    """A library's exception as a short reason: its type and first line."""
    message = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "…"
