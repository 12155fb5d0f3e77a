"""``read_input`` reads what the file holds, not the limit: no 50 MB buffer per small file."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from annotator.services.decoding import DEFAULT_MAX_FILE_SIZE, InputFileError, read_input


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
