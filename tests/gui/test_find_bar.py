"""Find as you type: / or Ctrl+F, a few letters, Enter selects the next whole-word match, 1/2/3
label it, Enter goes on, Esc returns to the article."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui.find_bar import FindBar
from annotator.gui.main_window import MainWindow
from annotator.store import repository as repo
from tests.gui.desk_driver import desk_fixtures
from tests.gui.windows import CTRL, SHIFT

open_desk, desk = desk_fixtures()


def selected(window: MainWindow) -> str:
    found = window.view.selected_range()
    assert found is not None
    return window.view.text()[found[0] : found[1]]


def own_spans(window: MainWindow) -> list[tuple[int, str, str]]:
    text = window.view.text()
    rows = repo.confirmed_spans(window.db, window.article_id, window.session.annotator)
    return sorted((r.start, text[r.start : r.end], r.label.value) for r in rows)


def test_a_missed_span_in_four_keys(desk: MainWindow, qtbot, press, type_text) -> None:
    text = desk.view.text()
    press(Qt.Key.Key_Slash)  # key 1
    bar = desk.view.findChild(FindBar)
    assert bar is not None and bar.isVisible()
    assert QApplication.focusWidget() is bar.edit
    assert bar.edit.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert bar.geometry().bottom() < desk.view.viewport().geometry().top()  # hides no line
    type_text("دم")  # keys 2 and 3: the match shows as they are typed
    assert selected(desk) == "دمشق"
    assert QApplication.focusWidget() is bar.edit
    press(Qt.Key.Key_Return)  # key 4: the match goes to the article
    assert QApplication.focusWidget() is desk.view
    assert selected(desk) == "دمشق"
    press(Qt.Key.Key_2)  # and 2 labels it
    assert own_spans(desk) == [(text.index("دمشق"), "دمشق", "PLACE")]


def test_enter_goes_on_and_esc_returns(desk: MainWindow, qtbot, press, type_text) -> None:
    text = desk.view.text()
    press(Qt.Key.Key_F, CTRL)
    bar = desk.view.findChild(FindBar)
    type_text("قلمون")  # written without ال and without the clitic
    press(Qt.Key.Key_Return)
    first = desk.view.selected_range()
    assert selected(desk) == "القلمون" and first[0] == text.index("القلمون")
    press(Qt.Key.Key_Return)  # Enter on a match goes on (it does not accept a span)
    second = desk.view.selected_range()
    assert selected(desk) == "القلمون" and second[0] > first[0]
    press(Qt.Key.Key_Return, SHIFT)  # and back
    assert desk.view.selected_range() == first
    assert own_spans(desk) == []  # nothing was accepted on the way
    press(Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is desk.view
    assert desk.view.viewport().geometry().top() == desk.view.frameWidth()  # its margin gone


def test_normalised_matching_and_not_found(desk: MainWindow, qtbot, press, type_text) -> None:
    press(Qt.Key.Key_Slash)
    bar = desk.view.findChild(FindBar)
    type_text("جيش الاسلام")  # plain alef finds الإسلام
    press(Qt.Key.Key_Return)
    assert selected(desk) == "جيش الإسلام"
    press(Qt.Key.Key_Slash)  # back into the bar: the query is selected, typing replaces it
    assert QApplication.focusWidget() is bar.edit and bar.edit.selectedText() == "جيش الاسلام"
    type_text("خمسة واربعين")  # harakat of خمسةُ and the hamza of وأربعين do not count
    press(Qt.Key.Key_Return)
    assert selected(desk) == "خمسةُ وأربعين"
    press(Qt.Key.Key_3)
    assert [s[1:] for s in own_spans(desk)] == [("خمسةُ وأربعين", "CASUALTY")]
    press(Qt.Key.Key_Slash)
    type_text("طوكيو")
    press(Qt.Key.Key_Return)
    assert bar.note.text() == "Not found"
    assert QApplication.focusWidget() is bar.edit
    press(Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is desk.view
