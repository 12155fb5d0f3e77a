"""Backups and restore of a project on real files (annotator.services.backup)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.services.backup import (
    AutoBackup,
    list_backups,
    make_backup,
    restore,
)
from annotator.services.coding import CodingError, CodingSession
from annotator.store import StoreBusyError, StoreDamagedError, StoreError, open_store
from annotator.store.connection import backups_folder, check_sound, last_backup, quick_check
from tests.builders import accept_one, pending, small_project
from tests.damage import damage_pages, env, holder, release


def confirmed(path: Path) -> int:
    db = open_store(path)
    try:
        return db.execute("SELECT count(*) FROM spans WHERE annotator IS NOT NULL").fetchone()[0]
    finally:
        db.close()


def test_backup_then_restore_round_trip_and_the_restore_is_undoable(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    accept_one(path)
    saved = make_backup(path)
    assert saved.parent == backups_folder(path) and saved.name.startswith("proj-")
    assert quick_check(saved) == []
    accept_one(path, "قوات النظام")
    assert confirmed(path) == 2
    result = restore(saved, path)
    assert confirmed(path) == 1  # the state of the backup
    assert result.saved_as is not None and result.saved_as.parent == backups_folder(path)
    assert not path.with_name("proj.db.restore.part").exists()
    restore(result.saved_as, path)  # undo the restore
    assert confirmed(path) == 2


def test_backup_while_a_connection_writes_holds_every_committed_decision(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    session = CodingSession.open(path, "ali")  # open and not checkpointed: data in the WAL
    session.accept(pending(session, 1, "داعش"))
    out = make_backup(path, tmp_path / "copy.db")
    session.close()
    assert confirmed(out) == 1
    assert not out.with_name("copy.db.part").exists()


def test_rotation_keeps_the_newest_n(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    made = [make_backup(path, keep=3) for _ in range(5)]
    kept = list_backups(path)
    assert kept == made[-3:]
    assert all(not p.exists() for p in made[:2])
    other = backups_folder(path) / "notes.txt"
    other.write_text("mine")
    make_backup(path, keep=1)
    assert len(list_backups(path)) == 1 and other.exists()  # only backups are rotated


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    bad = make_backup(path, tmp_path / "bad.db")
    damage_pages(bad)
    before = path.read_bytes()
    with pytest.raises(StoreDamagedError, match=r"bad\.db: this backup is damaged"):
        restore(bad, path)
    assert path.read_bytes() == before
    assert not backups_folder(path).exists()


def test_restore_refuses_while_another_process_has_the_project_open(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    saved = make_backup(path, tmp_path / "b.db")
    accept_one(path)
    proc = holder(path)
    try:
        with pytest.raises(StoreBusyError, match="open in another window or program"):
            restore(saved, path)
    finally:
        release(proc)
    assert confirmed(path) == 1
    restore(saved, path)
    assert confirmed(path) == 0


def test_a_damaged_project_is_restored_and_kept_as_it_was(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    saved = make_backup(path)
    damage_pages(path)
    assert quick_check(path)
    assert last_backup(path) == saved
    result = restore(saved, path)
    assert quick_check(path) == []
    assert result.saved_as is not None and result.saved_as.exists()
    assert result.saved_as.read_bytes()[:16] == b"SQLite format 3\x00"


def test_the_last_good_backup_is_named_not_a_damaged_newer_one(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    good = make_backup(path)
    newer = make_backup(path)
    damage_pages(newer)
    damage_pages(path)
    assert last_backup(path) == good
    with pytest.raises(StoreDamagedError) as failed:
        check_sound(path)
    assert f"the last good backup is {good}; restore it with: annotator restore {good}" in str(
        failed.value
    )


def test_a_write_into_a_damaged_project_names_its_last_good_backup(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    good = make_backup(path)
    session = CodingSession.open(path, "ali")
    span = pending(session, 1, "داعش")
    damage_pages(path)
    with pytest.raises(CodingError) as failed:
        session.accept(span)
    session.close()
    message = failed.value.message
    assert message.startswith(f"{path}: the database file is damaged")
    assert str(good) in message and message.endswith("nothing was saved")


def test_auto_backup_only_after_work_and_once_the_interval_passed(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    now = [0.0]
    auto = AutoBackup(path, interval_s=60, keep=2, clock=lambda: now[0])
    now[0] = 100
    assert not auto.start_if_due()  # no work: no backup
    auto.note_work()
    assert auto.start_if_due()
    auto.wait()
    assert len(auto.made) == 1
    auto.note_work()
    now[0] = 130
    assert not auto.start_if_due()  # work, but 30 s only
    now[0] = 161
    assert auto.start_if_due()
    auto.wait()
    auto.note_work()
    assert auto.finish() is not None  # closing after changes
    assert auto.finish() is None  # nothing since
    assert len(list_backups(path)) == 2


def test_auto_backup_of_a_damaged_project_keeps_the_good_backups(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    good = make_backup(path)
    damage_pages(path)
    auto = AutoBackup(path, interval_s=0, keep=1)
    auto.note_work()
    assert auto.finish() is None
    assert list_backups(path) == [good]
    (error,) = auto.take_errors()
    assert "proj.db: the database file is damaged" in error and str(good) in error


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        env=env(),
        capture_output=True,
        text=True,
        check=False,
    )


def test_backup_and_restore_commands(tmp_path: Path) -> None:
    path = small_project(tmp_path)
    proc = run_cli("backup", "--db", str(path), "--out", str(tmp_path / "x.db"))
    assert proc.returncode == 0, proc.stderr
    assert f"backup: {tmp_path / 'x.db'}" in proc.stdout
    accept_one(path)
    proc = run_cli("restore", str(tmp_path / "x.db"), "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "restore that to undo" in proc.stdout
    assert confirmed(path) == 0
    proc = run_cli("restore", str(tmp_path / "missing.db"), "--db", str(path))
    assert proc.returncode == 1
    assert f"{tmp_path / 'missing.db'}: no such backup" in proc.stderr
    assert path.exists()


def test_backup_of_a_missing_project_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"nope\.db: no such database"):
        make_backup(tmp_path / "nope.db")


def test_a_project_on_a_team_server_is_backed_up_by_the_server(
    tmp_path: Path, project_url: str, dump
) -> None:
    """Backups and restores copy project files; the server's project is pg_dump's to save."""
    project = open_store(project_url)
    before = dump(project)
    for action in (
        lambda: make_backup(project_url),
        lambda: make_backup(project_url, tmp_path / "copy.db"),
        lambda: restore(small_project(tmp_path), project_url),
    ):
        with pytest.raises(StoreError, match=r"a project on a team server;.* pg_dump") as refused:
            action()
        assert "annotator_admin:" not in str(refused.value)  # no password shown
    assert dump(project) == before
    project.close()
    assert not (tmp_path / "copy.db").exists()
