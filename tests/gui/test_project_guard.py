"""The desk's damage check when a project opens and its automatic backups, through real key
presses on real files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services.backup import list_backups
from annotator.store import open_store
from tests.damage import damage_table
from tests.gui.desk_driver import desk_fixtures, make_desk_project

open_desk, desk = desk_fixtures()


def set_backups(minutes: float, keep: int = 10) -> None:
    settings = Settings()
    settings.store.setValue("backup_minutes", minutes)
    settings.store.setValue("backup_keep", keep)
    settings.store.sync()


def decide(window, press) -> None:
    """One decision by keys: the next suggestion accepted."""
    press(Qt.Key.Key_Tab)
    before = window.current_row()
    assert before is not None and not before.confirmed
    press(Qt.Key.Key_A)


def confirmed(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM spans WHERE annotator = 'ali'").fetchone()[0]
    finally:
        conn.close()


def test_the_desk_backs_up_after_work_once_the_interval_passed(
    open_desk, tmp_path: Path, qtbot, press
) -> None:
    path = tmp_path / "desk.db"
    make_desk_project(path)
    set_backups(0, keep=2)  # the interval is over at once
    window = open_desk(path)
    assert list_backups(path) == []  # no work, no backup
    for n in (1, 2, 3):
        decide(window, press)
        qtbot.waitUntil(lambda n=n: len(window.guard.auto.made) == n)
        window.guard.auto.wait()
    kept = list_backups(path)
    assert len(kept) == 2 and kept == window.guard.auto.made[-2:]
    assert confirmed(kept[-1]) == 3  # the newest holds every decision so far


def test_a_desk_with_the_default_interval_backs_up_when_it_closes_after_work(
    open_desk, tmp_path: Path, press
) -> None:
    path = tmp_path / "desk.db"
    make_desk_project(path)
    window = open_desk(path)
    decide(window, press)
    assert list_backups(path) == []  # 30 minutes have not passed
    window.close()
    (made,) = list_backups(path)
    assert confirmed(made) == 1
    again = open_desk(path)
    again.close()  # nothing done: no backup
    assert list_backups(path) == [made]


def test_a_damaged_project_is_announced_and_the_desk_closes(tmp_path: Path, qtbot) -> None:
    path = tmp_path / "desk.db"
    make_desk_project(path)
    damage_table(path, "audit")  # the desk never reads the log when it opens
    db = open_store(path)  # opening does not notice
    window = MainWindow(db, "ali", clock=lambda: 0.0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.guard.box is not None)
    box = window.guard.box
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.isVisible() and box.windowModality() == Qt.WindowModality.WindowModal
    assert box.informativeText().startswith(f"{path}: the database file is damaged")
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not window.isVisible())
    db.close()
    assert list_backups(path) == []  # a damaged file is never backed up
