"""Inputs into ``Document``s: files read and decoded whatever their encoding (``files``,
``decoding``), HTML reduced to its text, rows of job-board exports (``tables``), office
documents (``office``); ``common`` holds what they share. Nothing here raises on bad input:
a problem is data (a status and a reason), which becomes a manifest row.
"""
from .files import (  # noqa: F401  (the package's public names)
    LONG_PATH, READ_ERRORS, Document, Rejection, bytes_to_text, file_digest, html_to_text, is_utf8,
    normalize_newlines, open_folder, opener_in, printable_name, printable_path, reachable, read_document,
    relative_source, sniff_binary,
)
