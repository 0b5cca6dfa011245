"""The input walk: inputs and outputs kept apart, and nothing under an input lost in silence.

Overlapping input and output folders are refused (one sentence, exit 2, nothing written);
a folder of jdpipe outputs under the input is a skipped row, not input; hidden files and
folders, links to folders and unreadable folders each get a manifest row, at any depth
and path length; sources and record ids stay unique when names collide once decoded.
"""
import csv
import errno
import os

import pytest

from pipeline.cli import main
from pipeline.walk import find_files, walk_inputs

from .conftest import one_sentence, read_jsonl

PAGE = "客服专员岗位职责\n1、接听客户电话；\n2、处理客户投诉；\n3、记录客户需求。\n"
OTHER_PAGE = "品牌经理岗位职责\n1、制定品牌推广计划；\n2、维护品牌形象；\n3、组织市场调研。\n"


def manifest(out) -> dict[str, tuple[str, str]]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        return {row["source"]: (row["status"], row["reason"]) for row in csv.DictReader(f)}


def parse(*args) -> int:
    return main(["parse", *map(str, args), "--workers", "1", "--quiet"])


@pytest.fixture
def pages(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(PAGE, encoding="utf-8")
    (root / "b.txt").write_text(OTHER_PAGE, encoding="utf-8")
    return root


def folder_state(folder):
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes() if p.is_file() else b"")
                  for p in folder.rglob("*"))


# --- inputs and outputs apart ---------------------------------------------------------------

@pytest.mark.parametrize("out_name,words", [
    ("in/out", "is inside the input"),
    ("in", "is also the output folder"),
])
def test_output_folder_inside_or_equal_to_the_input_is_refused(pages, tmp_path, capsys, out_name, words):
    before = folder_state(pages)
    assert parse(pages, "--out", tmp_path / out_name) == 2
    line = one_sentence(capsys)
    assert words in line and "choose another output folder" in line
    assert folder_state(pages) == before  # nothing written, not even the output folder


def test_input_inside_the_output_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "raw").mkdir(parents=True)
    (out / "raw" / "a.txt").write_text(PAGE, encoding="utf-8")
    before = folder_state(out)
    assert main(["run", "--input", str(out / "raw"), "--out", str(out), "--workers", "1", "--quiet"]) == 2
    assert "is inside the output folder" in one_sentence(capsys)
    assert folder_state(out) == before


def test_a_link_does_not_hide_the_overlap(pages, tmp_path, capsys):
    (tmp_path / "alias").symlink_to(pages)
    assert parse(tmp_path / "alias", "--out", pages / "out") == 2
    assert "is inside the input" in one_sentence(capsys)
    assert not (pages / "out").exists()


def test_cache_folder_inside_the_input_is_refused(pages, tmp_path, capsys):
    command = ["run", "--input", str(pages), "--out", str(tmp_path / "out"), "--set", f"cache_dir={pages / 'cache'}",
               "--workers", "1", "--quiet"]
    assert main(command) == 2
    assert "cache folder" in one_sentence(capsys)
    assert not (pages / "cache").exists() and not (tmp_path / "out").exists()


def test_outputs_of_an_earlier_run_under_the_input_are_a_skipped_row(pages, tmp_path, capsys):
    assert parse(pages, "--out", tmp_path / "earlier") == 0
    os.replace(tmp_path / "earlier", pages / "earlier")  # the analyst moved them beside the pages
    assert parse(pages, "--out", tmp_path / "out") == 0
    rows = manifest(tmp_path / "out")
    assert set(rows) == {"a.txt", "b.txt", "earlier"}
    assert rows["earlier"][0] == "skipped" and "outputs of a jdpipe run" in rows["earlier"][1]
    assert {r["source"] for r in read_jsonl(tmp_path / "out" / "records.jsonl")} == {"a.txt", "b.txt"}


def test_an_input_folder_of_jdpipe_outputs_is_refused(pages, tmp_path, capsys):
    assert parse(pages, "--out", tmp_path / "out") == 0
    capsys.readouterr()
    assert parse(tmp_path / "out", "--out", tmp_path / "again") == 2
    assert "holds the outputs of a jdpipe run" in one_sentence(capsys)
    assert not (tmp_path / "again").exists()


def test_named_files_and_separate_folders_are_accepted(pages, tmp_path):
    (tmp_path / "in_other").mkdir()  # a sibling whose name starts like the input's
    assert parse(pages / "a.txt", "--out", tmp_path / "in_other") == 0
    assert set(manifest(tmp_path / "in_other")) == {"a.txt"}


# --- every file or folder gets its row ------------------------------------------------------

def test_hidden_files_and_folders_are_listed_as_skipped(pages, tmp_path):
    (pages / ".notes.txt").write_text(PAGE, encoding="utf-8")
    (pages / ".git" / "objects").mkdir(parents=True)
    (pages / ".git" / "objects" / "x").write_text(PAGE, encoding="utf-8")
    assert parse(pages, "--out", tmp_path / "out") == 0
    rows = manifest(tmp_path / "out")
    assert rows[".notes.txt"] == ("skipped", "hidden file, not read")
    assert rows[".git"] == ("skipped", "hidden folder, not searched")  # one row, not one per file in it
    assert set(rows) == {".git", ".notes.txt", "a.txt", "b.txt"}


def test_only_hidden_files_is_no_corpus(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".DS_Store").write_bytes(b"\x00\x01")
    assert parse(tmp_path / "in", "--out", tmp_path / "out") == 2
    assert "no files in" in one_sentence(capsys)


def test_a_link_to_a_folder_is_listed_not_followed(pages, tmp_path):
    (pages / "loop").symlink_to(pages)
    assert parse(pages, "--out", tmp_path / "out") == 0
    assert manifest(tmp_path / "out")["loop"] == ("skipped", "link to a folder, not followed")


@pytest.fixture
def locked(pages, monkeypatch):
    """pages/locked/deeper/c.txt in a folder that cannot be listed: by its mode for a normal
    user; as root (who reads anything) by an os.scandir that answers as the system would."""
    locked = pages / "locked"
    (locked / "deeper").mkdir(parents=True)
    (locked / "deeper" / "c.txt").write_text(PAGE, encoding="utf-8")
    if os.geteuid() != 0:
        locked.chmod(0)
        yield locked
        locked.chmod(0o755)
        return
    real_scandir = os.scandir

    def scandir(path="."):
        if isinstance(path, (str, os.PathLike)) and os.path.realpath(path) == str(locked.resolve()):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield locked


def test_an_unreadable_folder_is_an_error_row(pages, locked, tmp_path, capsys):
    assert parse(pages, "--out", tmp_path / "out") == 1
    rows = manifest(tmp_path / "out")
    assert rows["locked"] == ("error", "cannot read folder: permission denied")
    assert rows["a.txt"][0] == "parsed"


def test_an_unreadable_folder_fails_a_strict_run(pages, locked, tmp_path, capsys):
    assert main(["parse", str(pages), "--out", str(tmp_path / "out"), "--strict", "--workers", "1", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "locked" in err and "permission denied" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "manifest.csv").exists()


def test_an_unreadable_input_folder_is_its_own_row(locked, tmp_path):
    assert parse(locked, "--out", tmp_path / "out") == 1
    assert manifest(tmp_path / "out") == {"locked": ("error", "cannot read folder: permission denied")}


def test_a_tree_deeper_than_the_recursion_limit(tmp_path):
    depth, folder = 1_100, tmp_path / "in"
    bottom = folder
    for _ in range(depth + 1):  # Path.mkdir(parents=True) recurses: too deep for it
        bottom.mkdir()
        bottom = bottom / "d"
    bottom = bottom.parent
    (bottom / "deep.txt").write_text(PAGE, encoding="utf-8")
    (bottom / ".hidden.txt").write_text(PAGE, encoding="utf-8")
    try:
        assert parse(folder, "--out", tmp_path / "out") == 0
        rows = manifest(tmp_path / "out")
        assert rows["d/" * depth + "deep.txt"][0] == "parsed"
        assert rows["d/" * depth + ".hidden.txt"][0] == "skipped"
    finally:
        remove_bottom_up(bottom, folder)


def remove_bottom_up(bottom, top):
    """shutil.rmtree recurses (and holds a descriptor per level): too deep for it."""
    for child in bottom.iterdir():
        child.unlink()
    while bottom != top.parent:
        bottom.rmdir()
        bottom = bottom.parent


def make_long_path(top, levels: int, name_len: int = 200) -> str:
    """top/xxx…/xxx…/ (levels folders of name_len characters), made a level at a time with
    descriptors since the whole path is too long for one system call; returns its path."""
    name = "x" * name_len
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(levels):
        os.mkdir(name, dir_fd=fd)
        inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    page = os.open("long.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(page, PAGE.encode("utf-8"))
    os.close(page)
    os.mkdir(".hidden", dir_fd=fd)
    os.close(fd)
    return os.path.join(str(top), *[name] * levels)


def test_paths_longer_than_path_max_are_read(pages, tmp_path):
    long_folder = make_long_path(pages, levels=25)
    assert len(os.fsencode(long_folder)) > 4096
    assert parse(pages, "--out", tmp_path / "out") == 0
    rows = manifest(tmp_path / "out")
    relative = os.path.relpath(long_folder, pages)
    assert rows[f"{relative}/long.txt"] == ("parsed", "")
    assert rows[f"{relative}/.hidden"][0] == "skipped"
    records = [r for r in read_jsonl(tmp_path / "out" / "records.jsonl") if r["source"].endswith("long.txt")]
    assert records and records[0]["duties"]


def test_names_that_read_the_same_once_decoded_keep_distinct_sources(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    utf8_name, gbk_name = "客服专员.txt".encode("utf-8"), "客服专员.txt".encode("gbk")
    for raw in (utf8_name, gbk_name):
        with open(os.path.join(os.fsencode(root), raw), "w", encoding="utf-8") as f:
            f.write(PAGE)
    assert parse(root, "--out", tmp_path / "out") == 0
    rows = manifest(tmp_path / "out")
    escaped = gbk_name.decode("utf-8", "backslashreplace")
    assert set(rows) == {"客服专员.txt", escaped}
    assert "file name is not UTF-8" in rows[escaped][1]
    records = read_jsonl(tmp_path / "out" / "records.jsonl")
    assert {r["source"] for r in records} == set(rows)
    assert len({r["record_id"] for r in records}) == len(records) == 2


def test_a_gbk_name_alone_is_still_shown_decoded(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), "客服专员.txt".encode("gbk")), "w", encoding="utf-8") as f:
        f.write(PAGE)
    assert [e.source for e in walk_inputs([str(root)])] == ["客服专员.txt"]


def test_the_same_name_under_two_inputs_keeps_distinct_sources(tmp_path):
    for folder in ("2019", "2020"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "2020" / "2019").mkdir()
    (tmp_path / "2020" / "2019" / "a.txt").write_text(OTHER_PAGE, encoding="utf-8")
    inputs = [str(tmp_path / "2019"), str(tmp_path / "2020")]
    sources = [e.source for e in walk_inputs(inputs)]
    assert len(set(sources)) == len(sources) == 3
    assert "2019/a.txt" in sources  # the nested file keeps its short source only when no other has it


def test_a_file_reached_twice_is_read_once(pages):
    found = find_files([str(pages), str(pages / "a.txt")])
    assert [p.name for p, _ in found] == ["a.txt", "b.txt"]


def test_a_second_run_with_hidden_files_changes_nothing(pages, tmp_path, capsys):
    (pages / ".DS_Store").write_bytes(b"\x00\x01")
    (pages / ".copy.txt").write_text(PAGE, encoding="utf-8")  # a.txt's bytes: a.txt is still parsed
    command = ["run", "--input", str(pages), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"]
    assert main(command) == 0
    rows = manifest(tmp_path / "out")
    assert rows[".copy.txt"] == ("skipped", "hidden file, not read") and rows["a.txt"][0] == "parsed"
    capsys.readouterr()
    assert main(command) == 0
    assert "nothing changed since the last run" in capsys.readouterr().err
    assert manifest(tmp_path / "out") == rows


def test_the_same_folder_twice_is_named_as_such_after_a_run(pages, tmp_path, capsys):
    assert parse(pages, "--out", tmp_path / "out") == 0
    capsys.readouterr()
    assert parse(tmp_path / "out", "--out", tmp_path / "out") == 2
    assert "is also the output folder" in one_sentence(capsys)
