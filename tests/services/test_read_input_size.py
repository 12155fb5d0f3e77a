"""Reading input files: ``read_input`` reads what the file holds, not the limit (no 50 MB buffer
per small file); a folder walk names files as Path objects would, without one per entry."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from annotator.services.decoding import (
    DEFAULT_MAX_FILE_SIZE,
    InputFileError,
    Walk,
    display_name,
    read_input,
    walk_inputs,
)


def test_a_small_file_allocates_about_its_size(tmp_path: Path) -> None:
    """read(limit + 1) made a bytes object of the whole limit for every file (then shrank it):
    annotator suggest spent most of its time per file outside the suggester there."""
    path = tmp_path / "a.txt"
    path.write_bytes("قتل 5 عناصر في حلب\n".encode() * 50)
    tracemalloc.start()
    try:
        data = read_input(path, DEFAULT_MAX_FILE_SIZE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == path.read_bytes()
    assert peak < 1_000_000, f"reading {len(data)} bytes allocated {peak:,} bytes at its peak"


def test_a_file_whose_size_says_nothing_is_read_whole() -> None:
    """Linux's /proc files are regular files of size 0 that hold text: read on past fstat's
    size, up to the limit, as a file that grows while it is read."""
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("no /proc")
    data = read_input(status, DEFAULT_MAX_FILE_SIZE)
    assert data.startswith(b"Name:") and b"\nPid:" in data
    with pytest.raises(InputFileError, match="over the limit"):
        read_input(status, 10)


def test_the_limit_is_kept_to_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_input(path, 100) == b"x" * 100
    with pytest.raises(InputFileError, match="over the limit"):
        read_input(path, 99)


def _walk_with_paths(root: Path, folder: Path, suffixes: tuple[str, ...], out: Walk) -> None:
    """The walk as it was written with Path objects: the reference."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith("."):
            continue
        found = Path(entry.path)
        if entry.is_symlink():
            out.links.append(found)
        elif entry.is_dir(follow_symlinks=False):
            _walk_with_paths(root, found, suffixes, out)
        elif not entry.is_file(follow_symlinks=False):
            continue
        elif found.suffix.lower() in suffixes:
            out.files.append((found, display_name(found.relative_to(root).as_posix()), False))
        else:
            out.others.append(found)


def test_a_folder_walk_names_files_as_path_objects_would(tmp_path: Path) -> None:
    """Source names and suffixes worked out from the entry names, without a Path each."""
    root = tmp_path / "in"
    names = [
        "a.txt", "B.TXT", "c.Txt", "d.txt.bak", "e.", "f", "g.tar.txt", "h..txt", "حلب.txt",
        ".hidden.txt", "sub/i.txt", "sub/deeper/j.txt", "sub/.k/l.txt", "x y/ z .txt",
        "n.jsonl", "o.csv",
    ]  # fmt: skip
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    bad = os.fsencode(root) + b"/\xff\xfe.txt"  # not UTF-8: shown with U+FFFD
    fd = os.open(bad, os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"x")
    os.close(fd)
    (root / "link.txt").symlink_to(root / "a.txt")
    (root / "sub" / "dirlink").symlink_to(root / "sub" / "deeper")
    for suffixes in ((".txt",), (".jsonl", ".csv", ".txt")):
        expected = Walk()
        _walk_with_paths(root, root, suffixes, expected)
        got = walk_inputs([root], suffixes)
        assert got == expected
        assert any("\ufffd" in source for _, source, _ in got.files)
        assert "sub/deeper/j.txt" in {source for _, source, _ in got.files}
