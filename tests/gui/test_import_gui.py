"""File → Import… from the keyboard: articles added in the background, the list refreshed."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.gui import import_dialog
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.main_window import MainWindow
from annotator.store import repository as repo
from annotator.store.gold import imported_by
from tests.gui.desk_driver import SEEDS, desk_fixtures
from tests.gui.windows import ALT, CTRL, WAIT, answer, file_menu_action, outcome_box

open_desk, desk = desk_fixtures()
NEW_SEEDS = sorted(p.name for p in SEEDS.glob("*.txt"))[1:]  # seed 000 is in the desk already


def open_import(window: MainWindow, qtbot) -> ImportDialog:
    file_menu_action(window, "&Import…").trigger()
    dialog = window._dialogs["import"]
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.paths.hasFocus())
    return dialog


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Seeds 001-004 in a folder, with a file of another type and one that is not text."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in NEW_SEEDS:
        shutil.copy(SEEDS / name, folder / name)
    (folder / "readme.md").write_text("not an article", encoding="utf-8")
    (folder / "zz_broken.txt").write_bytes(b"\x00\x01binary\x00")
    return folder


def test_import_a_folder_adds_articles_and_refreshes_the_list(
    desk: MainWindow, qtbot, press, type_text, corpus: Path
) -> None:
    assert desk.model.rowCount() == 1
    dialog = open_import(desk, qtbot)
    assert not dialog.ok.isEnabled()
    type_text(str(corpus))
    assert dialog.chosen_paths() == [corpus] and dialog.suggest.isChecked()
    assert dialog.chosen_annotator() is None
    with qtbot.waitSignal(desk.tasks.finished, timeout=WAIT) as done:
        press(Qt.Key.Key_M, ALT)  # I&mport
    report = done.args[0]
    assert (report.imported, report.duplicates, len(report.failures)) == (4, 0, 1)
    assert report.suggestions > 0
    # the list shows the new articles at once, and the open article stays open
    assert desk.model.rowCount() == 5
    assert [desk.model.article_id(r) for r in range(5)] == [1, *report.article_ids]
    assert desk.article_id == 1 and desk.list.current_article() == 1
    assert desk.status.progress.text() == "Done 0 / 5"
    box = outcome_box(desk, qtbot)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == "Some files were not imported."
    lines = box.informativeText().splitlines()
    assert lines[:2] == ["Articles imported: 4", "Already in the project: 0"]
    assert f"Suggestions: {report.suggestions}" in lines
    assert "Files of other types skipped: 1" in lines
    assert "Files that failed: 1" in lines
    assert any(line.startswith("zz_broken.txt") or "zz_broken.txt" in line for line in lines)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(desk.view.hasFocus)
    # the new articles can be coded: their suggestions are there for this coder
    desk.go_article(1)
    assert desk.article_id == report.article_ids[0]
    assert any(not r.confirmed for r in desk.session.spans(desk.article_id))


def test_import_gold_as_an_annotator_without_suggestions(
    desk: MainWindow, qtbot, press, type_text, gold_path: Path
) -> None:
    dialog = open_import(desk, qtbot)
    type_text(str(gold_path))
    press(Qt.Key.Key_A, ALT)
    type_text("gold")
    press(Qt.Key.Key_Tab)
    assert dialog.suggest.hasFocus()
    press(Qt.Key.Key_Space)
    assert not dialog.suggest.isChecked()
    assert dialog.chosen_annotator() == "gold"
    with qtbot.waitSignal(desk.tasks.finished, timeout=WAIT) as done:
        press(Qt.Key.Key_Return, CTRL)
    report = done.args[0]
    assert (report.imported, report.duplicates, report.spans, report.suggestions) == (4, 1, 215, 0)
    assert desk.model.rowCount() == 5
    assert len(repo.confirmed_spans(desk.db, 1, "gold")) > 0
    (gold_span, *_rest) = repo.confirmed_spans(desk.db, 1, "gold")
    assert imported_by(desk.db, gold_span.id) == desk.session.annotator  # the lead, audited
    box = outcome_box(desk, qtbot)
    assert box.text() == "The import is finished."
    assert box.informativeText().splitlines() == [
        "Articles imported: 4",
        "Already in the project: 1",
        "Gold spans: 215",
    ]
    answer(qtbot, press, box)


def test_cancel_stops_between_files_and_keeps_what_was_imported(
    desk: MainWindow, qtbot, press, type_text, *, tmp_path: Path, monkeypatch
) -> None:
    folder = tmp_path / "four"
    folder.mkdir()
    for name in NEW_SEEDS:
        shutil.copy(SEEDS / name, folder / name)
    reached, release = threading.Event(), threading.Event()
    real_run_import = import_dialog.run_import

    def paused_run_import(db, inputs, *, progress, **options):
        """The real import; after the first file it waits until the test has pressed Cancel."""

        def pausing(path: Path, size: int) -> None:
            reached.set()
            release.wait(WAIT / 1000)
            progress(path, size)

        return real_run_import(db, inputs, progress=pausing, **options)

    monkeypatch.setattr(import_dialog, "run_import", paused_run_import)
    dialog = open_import(desk, qtbot)
    type_text(str(folder))
    press(Qt.Key.Key_U, ALT)  # S&uggest off (a mnemonic clicks the box after a short animation)
    qtbot.waitUntil(lambda: not dialog.suggest.isChecked())
    press(Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: desk.tasks.dialog is not None)
    progress = desk.tasks.dialog
    assert progress is not None
    qtbot.waitUntil(reached.is_set, timeout=WAIT)
    qtbot.waitUntil(progress.isActiveWindow)
    press(Qt.Key.Key_Escape)
    assert progress.label.text() == "Cancelling…"
    with qtbot.waitSignal(desk.tasks.cancelled, timeout=WAIT):
        release.set()
    assert desk.model.rowCount() == 2  # the first file is in, and the list shows it
    box = outcome_box(desk, qtbot)
    assert box.text() == "The import stopped after 1 of 4 files."
    assert box.informativeText() == "Those files are in the project; importing again skips them."
    answer(qtbot, press, box)
