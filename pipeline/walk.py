"""Find the input files, and keep inputs and outputs apart.

Nothing under an input folder is passed over in silence: a hidden file or folder, a link to
a folder, a folder that cannot be listed, the outputs of an earlier jdpipe run each become
an entry with its reason (``problem``), hence a manifest row, whoever runs it. The walk is
iterative (any depth), reaches paths longer than PATH_MAX a few folders at a time, and gives
each entry a ``source`` unique in the run, even when two names read the same once decoded.
"""
from __future__ import annotations

import codecs
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import UserError
from .ingest import LONG_PATH, READ_ERRORS, Rejection, opener_in, open_folder, printable_path, reachable

HIDDEN_FILE = Rejection("skipped", "hidden file, not read")
HIDDEN_FOLDER = Rejection("skipped", "hidden folder, not searched")
FOLDER_LINK = Rejection("skipped", "link to a folder, not followed")
OUTPUT_FOLDER = Rejection("skipped", "outputs of a jdpipe run (its manifest.csv is here), not read as input")
# How a jdpipe output folder is known: its manifest.csv, whose header starts with the first
# columns of ``export.MANIFEST_COLUMNS`` (not imported: that module loads pandas).
MANIFEST_NAME, MANIFEST_HEAD = "manifest.csv", b"source,status,reason,"


@dataclass(frozen=True, slots=True)
class InputEntry:
    path: str
    root: str  # the input folder it was found under (a file named on its own: its folder)
    relative: str  # its path under ``root``, parts joined by "/"
    source: str = ""  # printable and unique in the run (``with_unique_sources``)
    problem: Rejection | None = None  # known without reading it: a manifest row as it stands


def walk_inputs(inputs: list[str]) -> list[InputEntry]:
    """Every file or folder under the inputs to read or to report, sorted, each path once
    (the first input that reaches it gives its root)."""
    entries: dict[str, InputEntry] = {}
    for item in inputs:
        found = walk_folder(item) if os.path.isdir(item) else [InputEntry(item, _parent(item), _name(item))]
        for entry in found:
            entries.setdefault(os.path.normpath(entry.path), entry)
    ordered = sorted(entries.values(), key=lambda e: (e.path.split(os.sep), e.root))
    return with_unique_sources(ordered)


def find_files(inputs: list[str]) -> list[tuple[Path, Path]]:
    """(file, root) pairs of the files to read under the inputs (no reported entries)."""
    return [(Path(e.path), Path(e.root)) for e in walk_inputs(inputs) if e.problem is None]


def walk_folder(top: str) -> Iterator[InputEntry]:
    """Entries under ``top``, with an explicit stack, not recursion; links to folders are not
    followed (no loops), links to files are read like files."""
    stack = [(top, "")]
    while stack:
        folder, relative = stack.pop()
        try:
            listing = list_folder(folder)
        except OSError as exc:  # unreadable: the folder is the row (the input itself: named by its name)
            where = (top, relative) if relative else (_parent(top), _name(top))
            yield InputEntry(folder, *where, problem=Rejection("error", f"cannot read folder: {_reason(exc)}"))
            continue
        if relative and (MANIFEST_NAME, "file") in listing and holds_jdpipe_outputs(folder):
            yield InputEntry(folder, top, relative, problem=OUTPUT_FOLDER)
            continue
        for name, kind in listing:
            path, below = os.path.join(folder, name), f"{relative}/{name}" if relative else name
            problem = entry_problem(name, kind)
            if kind == "folder" and problem is None:
                stack.append((path, below))
            else:
                yield InputEntry(path, top, below, problem=problem)


def _parent(path: str) -> str:
    return str(Path(path).parent)


def _name(path: str) -> str:
    return Path(path).name or os.path.basename(os.path.realpath(path))


def list_folder(folder: str) -> list[tuple[str, str]]:
    """(name, kind) of what a folder holds; kind is file / folder / folder link."""
    if len(os.fsencode(folder)) < LONG_PATH:
        with os.scandir(folder) as it:
            return [(entry.name, _kind(entry)) for entry in it]
    descriptor = open_folder(folder)
    try:
        with os.scandir(descriptor) as it:
            return [(entry.name, _kind(entry)) for entry in it]
    finally:
        os.close(descriptor)


def _kind(entry: os.DirEntry) -> str:
    try:
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        return "folder link" if entry.is_symlink() and entry.is_dir() else "file"
    except OSError:  # a link loop, say: read as a file, whose row says what is wrong
        return "file"


def entry_problem(name: str, kind: str) -> Rejection | None:
    if name.startswith("."):
        return HIDDEN_FILE if kind == "file" else HIDDEN_FOLDER
    return FOLDER_LINK if kind == "folder link" else None


def holds_jdpipe_outputs(folder: str) -> bool:
    try:
        with reachable(os.path.join(folder, MANIFEST_NAME)) as (parent, name):
            with open(name, "rb", opener=None if parent is None else opener_in(parent)) as f:
                head = f.read(len(codecs.BOM_UTF8) + len(MANIFEST_HEAD))
    except OSError:
        return False
    return head.removeprefix(codecs.BOM_UTF8).startswith(MANIFEST_HEAD)


def _reason(exc: OSError) -> str:
    return READ_ERRORS.get(exc.errno, exc.strerror or str(exc))


# Sources from the most readable to the most distinct: the decoded path under the input
# root; the same with bytes that are not UTF-8 shown as \x escapes; the whole path as given.
SOURCE_STYLES = (
    lambda e: printable_path(e.relative),
    lambda e: printable_path(e.relative, decode=False),
    lambda e: printable_path(os.path.normpath(e.path), decode=False),
)


def with_unique_sources(entries: list[InputEntry]) -> list[InputEntry]:
    """Each entry with a source no other entry has: entries whose sources collide (a GBK and
    a UTF-8 name that read the same; the same name under two inputs) take the next style."""
    styles = [0] * len(entries)
    sources = [SOURCE_STYLES[0](entry) for entry in entries]
    while crowded := [i for group in _collisions(sources) for i in group if styles[i] < len(SOURCE_STYLES) - 1]:
        for i in crowded:
            styles[i] += 1
            sources[i] = SOURCE_STYLES[styles[i]](entries[i])
    for group in _collisions(sources):  # only a literal backslash in a name gets here: numbered
        for n, i in enumerate(group[1:], start=2):
            sources[i] = f"{sources[i]} ({n})"
    return [replace(entry, source=source) for entry, source in zip(entries, sources)]


def _collisions(sources: list[str]) -> list[list[int]]:
    holders: dict[str, list[int]] = defaultdict(list)
    for i, source in enumerate(sources):
        holders[source].append(i)
    return [group for group in holders.values() if len(group) > 1]


def check_apart(inputs: list[str], out_dir: str | os.PathLike, cache_dir: str | os.PathLike | None) -> None:
    """Refuse (UserError, before anything is written) inputs that overlap the output or
    cache folder, and an input folder that holds the outputs of a jdpipe run: a run would
    read its own outputs as input, or overwrite input files with them."""
    for item in inputs:
        for folder, what in ((out_dir, "output folder"), (cache_dir, "cache folder")):
            if folder is not None and (problem := overlap(item, os.fspath(folder), what)):
                raise UserError(f"{problem}; choose another {what}, outside the input.")
        if os.path.isdir(item) and holds_jdpipe_outputs(item):
            raise UserError(f"input folder '{item}' holds the outputs of a jdpipe run (manifest.csv), not "
                              "pages to parse; name the folder of the pages instead.")


def overlap(item: str, folder: str, what: str) -> str:
    """How ``folder`` and the input ``item`` overlap, in words ("" when they do not)."""
    a, b = Path(os.path.realpath(item)), Path(os.path.realpath(folder))
    if a == b:
        return f"the input '{item}' is also the {what}: outputs would overwrite input files and be read as input"
    if b.is_relative_to(a):
        return (f"the {what} '{folder}' is inside the input '{item}': each run would read the last run's "
                "outputs as input")
    if a.is_relative_to(b):
        return f"the input '{item}' is inside the {what} '{folder}': outputs would be written among the input files"
    return ""
