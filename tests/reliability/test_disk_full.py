"""A full disk stops an import at the first file that does not fit, with one message; the files
before it are saved and rerunning the same import resumes. Two real ways to fill it: SQLite's
``max_page_count`` (SQLITE_FULL, portable) and a small tmpfs (needs mount rights; else skipped)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo

ROOT = Path(__file__).resolve().parents[2]
FILES = 12


def _corpus(folder: Path, size: int) -> Path:
    folder.mkdir()
    for i in range(FILES):
        words = " ".join(f"خبر{i}-{j}" for j in range(size // 12))
        (folder / f"{i:02d}.txt").write_text(f"قتل {i + 1} في حلب. {words}", encoding="utf-8")
    return folder


def test_sqlite_full_stops_the_import_once_and_a_rerun_resumes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 40_000)
    db = open_store(tmp_path / "p.db")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    size = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + (4 * 40_000 * 2) // size}")  # about 4 files
    report = import_paths(db, [corpus])
    assert report.stopped is not None and "the disk is full" in report.stopped
    (failure,) = report.failures  # one message, not one per remaining file
    assert failure.reason == "not stored: the disk is full"
    saved = report.files
    assert 0 < saved < FILES
    assert failure.path == corpus / f"{saved:02d}.txt"
    assert f"{saved} file(s) were saved before it" in report.stopped
    assert "run the same import again" in report.stopped
    assert repo.article_count(db) == saved  # each saved file whole, nothing of the rest
    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    again = import_paths(db, [corpus])
    assert again.ok and (again.duplicates, again.imported) == (saved, FILES - saved)
    db.close()


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_real_full_disk_stops_the_command_once(tmp_path: Path, small_disk: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 120_000)
    db = small_disk / "p.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_DATA_DIR": str(tmp_path / "d")}
    command = [sys.executable, "-m", "annotator", "import", "--no-suggest", "--db", str(db)]
    proc = subprocess.run(
        [*command, str(corpus)], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert proc.returncode == 1
    failed = [line for line in proc.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and failed[0].endswith("not stored: the disk is full"), proc.stderr
    assert "stopped early: the disk is full" in proc.stdout
    assert "run the same import again: it resumes where it stopped" in proc.stdout
    saved = int(proc.stdout.split(" imported")[0].rsplit(None, 1)[-1])
    assert 0 < saved < FILES
    check = open_store(db)
    assert repo.article_count(check) == saved
    assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    check.close()
