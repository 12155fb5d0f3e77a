"""A project in a read-only folder or a read-only file: reading commands work, writing ones say
"read-only" naming the path (real processes; the folder is made immutable with chattr, which
also stops root)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services.importing import import_paths
from annotator.store import open_store
from tests.builders import code_two_coders, run_annotator, suggest

TEXTS = ("أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام في دير الزور", "قصف على حلب وقتل 12 مدنياً")


def _immutable(path: Path, on: bool) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    flag = "+i" if on else "-i"
    return (
        subprocess.run([chattr, flag, str(path)], capture_output=True, check=False).returncode == 0
    )


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A coded project in a folder nobody (root included) can write; the folder, the project."""
    folder = tmp_path / "ro"
    folder.mkdir()
    source = tmp_path / "texts"
    source.mkdir()
    for i, text in enumerate(TEXTS):
        (source / f"{i}.txt").write_text(text, encoding="utf-8")
    path = folder / "p.db"
    db = open_store(path)
    import_paths(db, [source], suggest=suggest)
    code_two_coders(db, 1, 2)
    db.close()
    assert sorted(p.name for p in folder.iterdir()) == ["p.db"]
    if not _immutable(folder, True):
        pytest.skip("chattr +i is not available here: cannot make a folder read-only for root")
    try:
        yield folder, path
    finally:
        _immutable(folder, False)


def test_reading_commands_work_in_a_read_only_folder(
    locked: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, path = locked
    proc = run_annotator("stats", "--db", path)
    assert proc.returncode == 0, proc.stderr
    assert "Articles: 2" in proc.stdout
    proc = run_annotator("agreement", "--db", path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out.jsonl"
    proc = run_annotator(
        "export", "--db", path, "--format", "jsonl", "--layer", "ali", "--out", out
    )
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 2
    proc = run_annotator("report", "--db", path, "--out", tmp_path / "report")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["p.db"]  # nothing written beside it


def test_writing_commands_say_read_only_naming_the_path(
    locked: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, path = locked
    text = tmp_path / "new.txt"
    text.write_text("خبر جديد عن الرقة", encoding="utf-8")
    for args in (
        ("import", "--no-suggest", "--db", path, text),
        ("assign", "--db", path, "--annotators", "ali,bea"),
        ("merge", folder / "out.db", path),
    ):
        proc = run_annotator(*args)
        assert proc.returncode == 1, args
        assert "read-only" in proc.stderr and str(folder) in proc.stderr, (args, proc.stderr)
        assert "damaged" not in proc.stderr, args
    assert sorted(p.name for p in folder.iterdir()) == ["p.db"]


def test_a_read_only_file_in_a_writable_folder(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    db = open_store(path)
    db.close()
    if not _immutable(path, True):
        pytest.skip("chattr +i is not available here")
    try:
        proc = run_annotator("stats", "--db", path)
        assert proc.returncode == 0, proc.stderr
        proc = run_annotator("assign", "--db", path, "--annotators", "ali,bea")
        assert proc.returncode == 1
        assert f"{path}: read-only (the file {path} cannot be written)" in proc.stderr
    finally:
        _immutable(path, False)
