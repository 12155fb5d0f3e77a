"""A span's history: every event from the audit log, in order, in the desk and in review."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.history_dialog import HistoryDialog, history_dialog, local_time
from annotator.gui.main_window import MainWindow
from annotator.gui.review.review_window import ReviewWindow
from annotator.services.history import span_history
from annotator.services.review import default_lead
from annotator.store import gold as gold_store
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import TEXT
from tests.gui.desk_driver import make_review_project
from tests.gui.windows import ALT, CTRL, focus_article, focus_view, show_window


def rows(dialog: HistoryDialog) -> list[tuple[str, ...]]:
    return [
        tuple(dialog.cell_text(r, c) for c in range(dialog.table.columnCount()))
        for r in range(dialog.table.rowCount())
    ]


def test_the_events_of_a_span_in_order(tmp_path: Path, qtbot) -> None:
    path = tmp_path / "h.db"
    first, _, _ = make_review_project(path)
    db = open_store(path)
    ali_45 = next(
        r for r in repo.confirmed_spans(db, first, "ali") if TEXT[r.start : r.end] == "45"
    )
    dialog = history_dialog(db, ali_45.id, TEXT)
    qtbot.addWidget(dialog)
    events = span_history(db, ali_45.id)
    shown = rows(dialog)
    assert len(shown) == len(events) >= 2
    assert [r[0] for r in shown] == [local_time(e.at) for e in events]
    assert [r[0] for r in shown] == sorted(r[0] for r in shown)
    mine = [(who, action, layer) for _when, who, action, layer, _span in shown if who != "bea"]
    assert mine[:2] == [
        ("test", "suggested", "suggestions"),
        ("ali", "accepted with changes", "ali"),
    ]
    assert shown[0][4] == "‘45’ CASUALTY count=45"
    corrected = next(r for r in shown if r[2] == "accepted with changes" and r[1] == "ali")
    assert corrected[4] == "‘45’ CASUALTY count=45, kind=killed, qualifier=exact"
    db.close()


def test_history_of_a_gold_span_from_the_review_window(tmp_path: Path, qtbot, press) -> None:
    path = tmp_path / "h.db"
    make_review_project(path)
    window = show_window(qtbot, ReviewWindow(open_store(path)), focus=focus_article)
    press(Qt.Key.Key_Tab, times=2)
    assert TEXT[window.current_row().start : window.current_row().end] == "45"
    press(Qt.Key.Key_2, ALT)  # bea's version into gold
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    (gold,) = window.current_row().gold
    press(Qt.Key.Key_H, CTRL)
    dialog = window._dialogs["history"]
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    shown = rows(dialog)
    who_did = [(r[1], r[2], r[3]) for r in shown]
    assert who_did[0] == ("test", "suggested", "suggestions")
    assert ("bea", "accepted with changes", "bea") in who_did
    # from bea's span (ali's not included), added by the lead: the OS user by default
    assert who_did[-1] == (default_lead(), "added", "gold")
    assert all(r[1] != "ali" for r in shown)
    assert shown[-1][4] == "‘45’ CASUALTY count=45, kind=wounded, qualifier=exact"
    assert len(shown) == len(span_history(window.db, gold.id))
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(window.view.hasFocus)
    # ali's overruled version: its history ends with the lead's rejection
    ali = next(s for s in window.current_row().item.version("ali"))
    assert ali.id in gold_store.rejected_sources(window.db, window.article_id)
    press(Qt.Key.Key_Z, CTRL)  # undo the take: the rejection is undone in the log too
    overruled = history_dialog(window.db, ali.id, TEXT)
    qtbot.addWidget(overruled)
    actions = [r[2] for r in rows(overruled)]
    assert actions[-2:] == ["rejected for gold", "rejection for gold undone"]
    window.close()
    window.db.close()


def test_ctrl_h_in_the_coding_desk(tmp_path: Path, qtbot, press) -> None:
    path = tmp_path / "h.db"
    first, _, _ = make_review_project(path)
    desk = MainWindow(open_store(path), "bea", clock=lambda: 0.0, article_id=first)
    show_window(qtbot, desk, focus=focus_view)
    press(Qt.Key.Key_H, CTRL)
    assert "No current span" in desk.status.hint.text()
    press(Qt.Key.Key_Tab)
    row = desk.current_row()
    press(Qt.Key.Key_H, CTRL)
    dialog = desk._dialogs["history"]
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    assert len(rows(dialog)) == len(span_history(desk.db, row.id)) >= 1
    assert rows(dialog)[-1][1] == "bea"
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(desk.view.hasFocus)
    desk.close()
    desk.db.close()


def test_no_events_and_odd_times(qtbot) -> None:
    dialog = HistoryDialog([], "")
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0
    assert local_time("not a time") == "not a time"
