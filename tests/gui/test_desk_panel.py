"""The span panel on the desk: nothing a coder types is lost, whichever way they leave it.

Every test edits the casualty ‘45’ of seed 000 by real key presses, leaves the panel by one
path, and reads the database afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain import ArticleState
from annotator.gui.main_window import MainWindow
from annotator.store import open_store
from annotator.store import repository as repo
from tests.gui.desk_driver import EXTRA, desk_fixtures
from tests.gui.windows import ALT, CTRL, SHIFT, answer

EDITING, SAVED = "Editing — not saved", "Saved"

open_desk, desk = desk_fixtures(EXTRA)


def stored(db, surface_start: int = 24, coder: str = "ali") -> dict | None:
    """The attributes ali's own row at ``surface_start`` holds in the database, if any."""
    rows = repo.confirmed_spans(db, 1, coder)
    found = [r for r in rows if r.start == surface_start]
    return dict(found[0].span.attrs) if found else None


def to_45(desk: MainWindow, press) -> None:
    press(Qt.Key.Key_Tab, times=3)
    row = desk.current_row()
    assert row is not None and desk.view.text()[row.start : row.end] == "45"


def edit_count(desk: MainWindow, qtbot, press, type_text, count: str = "99") -> None:
    """E on ‘45’, Tab from the victim to the count, type ``count``: pending, not saved."""
    to_45(desk, press)
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is desk.panel.count
    type_text(count)
    assert desk.panel.pending()
    assert desk.status.saved.text() == EDITING
    assert stored(desk.db) is None  # nothing written yet


def test_next_article_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_PageDown, CTRL)
    assert desk.article_id == 2
    assert stored(desk.db)["count"] == 99
    assert desk.status.saved.text() == SAVED


def test_leaving_the_panel_for_another_article_gives_the_keys_to_that_article(
    desk, qtbot, press, type_text
) -> None:
    """Seen on X11: E, a field typed into, then Article > Next article (or Ctrl+PgDown): the
    edit was stored, but the emptied panel kept the focus, so Tab and A went to the list's
    filter (A chose "Assigned to me") instead of the new article."""
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_PageDown, CTRL)
    assert desk.article_id == 2
    qtbot.waitUntil(desk.view.hasFocus)
    shown = desk.list.state_filter.currentText()
    press(Qt.Key.Key_Tab)  # the article's next span (it has none): the focus stays there
    press(Qt.Key.Key_A)
    assert desk.view.hasFocus()
    assert desk.list.state_filter.currentText() == shown


def test_previous_article_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_PageUp, CTRL)  # there is none before: the edit is stored all the same
    assert stored(desk.db)["count"] == 99
    assert desk.status.saved.text() == SAVED


def test_done_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_Return, CTRL)  # done: asks about the undecided suggestions first
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    box = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    assert stored(desk.db)["count"] == 99
    press(Qt.Key.Key_L)  # mark done, leaving them
    qtbot.waitUntil(lambda: desk.article_id == 2)
    assert repo.get_state(desk.db, 1, "ali").state is ArticleState.DONE
    assert stored(desk.db)["count"] == 99


def test_skip_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_K, CTRL)
    assert desk.article_id == 2
    assert repo.get_state(desk.db, 1, "ali").state is ArticleState.SKIPPED
    assert stored(desk.db)["count"] == 99


def test_flag_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_F, CTRL | SHIFT)
    dialog = desk._dialogs["note"]
    qtbot.waitUntil(dialog.editor.hasFocus)
    assert stored(desk.db)["count"] == 99
    type_text("check")
    press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: desk.article_id == 2)
    assert repo.get_state(desk.db, 1, "ali").state is ArticleState.FLAGGED


def test_escape_commits_every_field(desk, qtbot, press, type_text) -> None:
    """E, victim داعش, kind wounded, Escape: all of it stored (today: nothing was)."""
    to_45(desk, press)
    press(Qt.Key.Key_E)
    type_text("داعش")  # the Arabic name: resolved to the id
    press(Qt.Key.Key_Escape)  # closes the completion, if open
    if desk.panel.victim.completer().popup().isVisible():
        press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_Tab, times=2)
    assert QApplication.focusWidget() is desk.panel.kind
    type_text("w")
    assert desk.status.saved.text() == EDITING
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(desk.view.hasFocus)
    assert stored(desk.db) == {"count": 45, "kind": "wounded", "qualifier": None, "victim": "ISIS"}
    assert desk.panel.victim.currentText() == "ISIS"  # the canonical id, not a long name
    assert desk.status.saved.text() == SAVED


def test_a_click_in_the_article_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    other = next(r for r in desk._rows.values() if r.start == 30)  # داعش
    rect = desk.view.span_rects(other.id)[0]
    QTest.mouseClick(desk.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: desk.current_row() is not None and desk.current_row().start == 30)
    assert stored(desk.db)["count"] == 99
    assert desk.status.saved.text() == SAVED


def test_the_article_list_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    table = desk.list.table
    second = table.visualRect(desk.model.index(1, 0)).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=second)
    qtbot.waitUntil(lambda: desk.article_id == 2)  # a click opens the article
    assert stored(desk.db)["count"] == 99


def test_closing_the_window_commits_the_edit(open_desk, tmp_path: Path, qtbot, press, type_text):
    from tests.gui.desk_driver import make_desk_project

    make_desk_project(tmp_path / "desk.db", EXTRA)
    window = open_desk(tmp_path / "desk.db")
    edit_count(window, qtbot, press, type_text)
    window.close()  # the window manager's close button (File > Quit does the same)
    assert not window.isVisible()
    other = open_store(tmp_path / "desk.db")
    try:
        assert stored(other)["count"] == 99
    finally:
        other.close()


def test_switching_coder_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    action = next(
        a for m in desk.menuBar().actions() for a in m.menu().actions() if "coder" in a.text()
    )
    action.trigger()  # File > Switch coder…
    assert stored(desk.db)["count"] == 99
    dialog = desk._dialogs["coder"]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    dialog.names.setFocus()
    qtbot.waitUntil(dialog.names.hasFocus)
    dialog.names.lineEdit().selectAll()
    type_text("omar")
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.session.annotator == "omar")
    assert stored(desk.db)["count"] == 99


def test_tab_out_of_the_panel_commits_the_edit(desk, qtbot, press, type_text) -> None:
    edit_count(desk, qtbot, press, type_text)
    press(Qt.Key.Key_Tab, times=3)  # count -> kind -> qualifier -> out of the panel
    qtbot.waitUntil(lambda: not desk.panel.isAncestorOf(QApplication.focusWidget()))
    assert stored(desk.db)["count"] == 99
    assert desk.status.saved.text() == SAVED


@pytest.mark.parametrize(
    "way",
    [
        (Qt.Key.Key_PageDown, CTRL),  # next article
        (Qt.Key.Key_Return, CTRL),  # done
        (Qt.Key.Key_K, CTRL),  # skip
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),  # back to the article
    ],
)
def test_an_unresolvable_victim_blocks_the_way_out(desk, qtbot, press, type_text, way) -> None:
    to_45(desk, press)
    press(Qt.Key.Key_E)
    type_text("داعشستان")  # no actor has this name, and it cannot be an id
    if desk.panel.victim.completer().popup().isVisible():
        press(Qt.Key.Key_Escape)
    press(*way)
    assert desk.article_id == 1
    assert QApplication.activeModalWidget() is None  # not even the "undecided" question
    assert "neither an actor name nor an actor id" in desk.panel.message.text()
    assert desk.panel.victim.hasFocus() or desk.panel.victim.lineEdit().hasFocus()
    assert desk.status.saved.text() == EDITING
    assert stored(desk.db) is None
    assert repo.get_state(desk.db, 1, "ali").state is ArticleState.OPEN
    # corrected: the same key goes on
    desk.panel.victim.lineEdit().selectAll()
    type_text("مدنيين")
    if desk.panel.victim.completer().popup().isVisible():
        press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(desk.view.hasFocus)
    assert stored(desk.db)["victim"] == "CIVILIANS"


def test_a_click_elsewhere_keeps_an_unresolvable_field(desk, qtbot, press, type_text) -> None:
    to_45(desk, press)
    press(Qt.Key.Key_E)
    type_text("foo!")
    current = desk.current_row().id
    other = next(r for r in desk._rows.values() if r.start == 30)
    rect = desk.view.span_rects(other.id)[0]
    QTest.mouseClick(desk.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    qtbot.waitUntil(lambda: desk.panel.isAncestorOf(QApplication.focusWidget()))
    assert desk.current_row().id == current  # the panel stays on its span
    assert desk.panel.message.text()
    assert stored(desk.db) is None
    desk.panel.victim.lineEdit().selectAll()
    press(Qt.Key.Key_Delete)  # back to the victim as suggested (unknown): nothing to store
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(desk.view.hasFocus)
    assert not desk.panel.pending() and desk.status.saved.text() == SAVED
    assert stored(desk.db) is None


def test_enter_saves_accepts_and_goes_to_the_next_undecided_span(
    desk, qtbot, press, type_text
) -> None:
    """E, the victim, Enter: the suggestion accepted with its corrected victim, the next
    undecided span current, the focus back in the article: 1 + typing + 1 keys."""
    to_45(desk, press)
    press(Qt.Key.Key_E)
    assert QApplication.focusWidget() in (desk.panel.victim, desk.panel.victim.lineEdit())
    type_text("civ")
    if desk.panel.victim.completer().popup().isVisible():
        press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(desk.view.hasFocus)
    assert stored(desk.db)["victim"] == "CIVILIANS"
    row = desk.current_row()
    assert desk.view.text()[row.start : row.end] == "داعش" and not row.confirmed
    # on a suggestion left as it was, Enter accepts it as suggested
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(desk.view.hasFocus)
    assert stored(desk.db, 30) == {}
    assert desk.current_row().start == 36  # القلمون السورية, the next undecided one


def ask_new_id_on_next_article(desk: MainWindow, qtbot, press, type_text) -> None:
    """E on ‘45’, an unknown victim id typed, Ctrl+PgDown: the question stops the move."""
    to_45(desk, press)
    press(Qt.Key.Key_E)
    type_text("civ_x")
    if desk.panel.victim.completer().popup().isVisible():
        press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_PageDown, CTRL)
    qtbot.waitUntil(lambda: desk.panel.question is not None)
    qtbot.waitUntil(lambda: desk.panel.question.isAncestorOf(QApplication.focusWidget()))
    assert desk.article_id == 1 and stored(desk.db) is None


def test_unknown_id_needs_a_yes_on_the_desk(desk, qtbot, press, type_text) -> None:
    """Yes stores the new id and carries out the command the question stopped: the next
    article (seen on X11: the desk stayed on the article and went to its next span)."""
    ask_new_id_on_next_article(desk, qtbot, press, type_text)
    press(Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: stored(desk.db) is not None)
    assert stored(desk.db)["victim"] == "CIV_X"
    qtbot.waitUntil(lambda: desk.article_id == 2)
    qtbot.waitUntil(desk.view.hasFocus)
    assert desk.status.saved.text() == SAVED
    assert not desk.panel.pending()


def test_no_to_an_unknown_id_stays_on_the_field(desk, qtbot, press, type_text) -> None:
    """No goes back to the field on the same article; a later Enter then asks again, and
    its Yes accepts the span as Enter does (the stopped move is not carried out later)."""
    ask_new_id_on_next_article(desk, qtbot, press, type_text)
    press(Qt.Key.Key_N)
    qtbot.waitUntil(lambda: desk.panel.question is None)
    victim = desk.panel.victim
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (victim, victim.lineEdit()))
    assert desk.article_id == 1 and stored(desk.db) is None and desk.panel.pending()
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.panel.question is not None)
    qtbot.waitUntil(lambda: desk.panel.question.isAncestorOf(QApplication.focusWidget()))
    press(Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: stored(desk.db) is not None)
    assert stored(desk.db)["victim"] == "CIV_X"
    qtbot.waitUntil(desk.view.hasFocus)
    assert desk.article_id == 1


def test_undo_refused_when_another_window_changed_the_layer(
    open_desk, tmp_path: Path, qtbot, press
) -> None:
    """Two windows of ali on one file: A removes its span, B marks an overlapping one, A's
    undo would make both stand: refused, said, and A shows the article as stored."""
    from tests.gui.desk_driver import make_desk_project

    make_desk_project(tmp_path / "desk.db", EXTRA)
    a = open_desk(tmp_path / "desk.db")
    b = open_desk(tmp_path / "desk.db")
    a.activateWindow()
    a.view.setFocus()
    qtbot.waitUntil(a.view.hasFocus)
    press(Qt.Key.Key_Tab)  # جيش الإسلام (1–12)
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_Tab, SHIFT)
    assert a.current_row().start == 1
    press(Qt.Key.Key_R)  # remove it again
    assert stored(a.db, 1) is None
    b.activateWindow()
    b.view.setFocus()
    qtbot.waitUntil(b.view.hasFocus)
    b.view.select_range(1, 4)  # جيش
    press(Qt.Key.Key_1)
    assert stored(b.db, 1) == {}
    a.activateWindow()
    a.view.setFocus()
    qtbot.waitUntil(a.view.hasFocus)
    press(Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: a._dialogs.get("error") is not None and a._dialogs["error"].isVisible())
    assert "another window of the same coder" in a._dialogs["error"].informativeText()
    spans = [(r.start, r.end) for r in repo.confirmed_spans(a.db, 1, "ali")]
    assert spans == [(1, 4)]
    assert [(r.start, r.end) for r in a._rows.values() if r.confirmed] == [(1, 4)]
    assert a.session.undo_label == "Accept ‘جيش الإسلام’"  # the refused step dropped
    answer(qtbot, press, a._dialogs["error"])


def test_a_shrunk_place_does_not_keep_its_old_name(desk, qtbot, press, type_text) -> None:
    """Alt+Right drops the last word of القلمون السورية: the place is read again from the
    gazetteer in the same step, and Ctrl+Z restores boundary and place together."""
    press(Qt.Key.Key_Tab, times=5)
    row = desk.current_row()
    assert desk.view.text()[row.start : row.end] == "القلمون السورية"
    press(Qt.Key.Key_E)
    type_text("القلمون السورية")
    if desk.panel.place.completer().popup().isVisible():
        press(Qt.Key.Key_Escape)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(desk.view.hasFocus)
    assert stored(desk.db, 36) == {"place": "القلمون السورية"}
    press(Qt.Key.Key_Right, ALT)  # drop the last word
    assert stored(desk.db, 36) == {"place": "القلمون"}
    assert desk.panel.place.currentText() == "القلمون"
    press(Qt.Key.Key_Z, CTRL)
    assert stored(desk.db, 36) == {"place": "القلمون السورية"}
    row = desk.current_row()
    assert (row.start, row.end) == (36, 51)


def test_a_failed_write_keeps_the_edit_pending_until_retried(
    desk, tmp_path: Path, qtbot, press, type_text
) -> None:
    """Another program holds the write lock: Ctrl+PgDown cannot store the edit, so the desk
    stays on the article, says "Editing — not saved", and Retry stores it."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    desk.db.execute("PRAGMA busy_timeout = 50")
    edit_count(desk, qtbot, press, type_text)
    blocker = sqlite3.connect(tmp_path / "desk.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        press(Qt.Key.Key_PageDown, CTRL)
        qtbot.waitUntil(lambda: desk._dialogs.get("error") is not None)
        box = desk._dialogs["error"]
        qtbot.waitUntil(box.isVisible)
        assert desk.article_id == 1
        assert desk.panel.pending()
        assert desk.status.saved.text() == EDITING
        assert stored(desk.db) is None
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Retry)
    press(Qt.Key.Key_Return)  # Retry
    qtbot.waitUntil(lambda: stored(desk.db) is not None)
    assert stored(desk.db)["count"] == 99
    qtbot.waitUntil(lambda: desk.status.saved.text() == SAVED)
    assert not desk.panel.pending()


def test_alt_letter_leaves_an_open_completion_for_its_field(desk, qtbot, press, type_text):
    """E, ‘I’ (the completion opens), Alt+K: the kind field has the focus, the list is closed
    and no ‘k’ was typed into the victim."""
    to_45(desk, press)
    press(Qt.Key.Key_E)
    type_text("I")
    popup = desk.panel.victim.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    press(Qt.Key.Key_K, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is desk.panel.kind)
    assert not popup.isVisible()
    assert desk.panel.victim.currentText() == "I"
