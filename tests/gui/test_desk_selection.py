"""Spans from a selection are what the codebook says: a mouse drag, a double-click or a key
selection becomes a span on whole words, without punctuation, spaces or a leading clitic;
replacing decided spans asks first; edges move by a character too."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain import Article
from annotator.gui.main_window import MainWindow
from annotator.gui.replace_question import ReplaceQuestion
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import at
from tests.gui.desk_driver import desk_fixtures
from tests.gui.windows import ALT, CTRL, SHIFT

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier

open_desk, desk = desk_fixtures()


def own_spans(window: MainWindow) -> list[tuple[str, str, str]]:
    """(surface, label, status) of the coder's confirmed spans, read from the database."""
    text = window.view.text()
    rows = repo.confirmed_spans(window.db, window.article_id, window.session.annotator)
    return sorted(((text[r.start : r.end], r.label.value, r.status) for r in rows), key=repr)


def inside(window: MainWindow, cp: int) -> QPoint:
    """A viewport point in the middle of character ``cp`` (from the caret rectangles)."""
    view = window.view
    rects = []
    for pos in (cp, cp + 1):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(pos))
        rects.append(view.cursorRect(cursor))
    x = (rects[0].center().x() + rects[1].center().x()) // 2
    return QPoint(x, rects[0].center().y())


def drag(qtbot, window: MainWindow, start: int, end: int) -> None:
    """A real mouse drag from inside character ``start`` to inside character ``end``."""
    viewport = window.view.viewport()
    QTest.mousePress(viewport, LEFT, NONE, inside(window, start))
    QTest.mouseMove(viewport, inside(window, (start + end) // 2))
    QTest.mouseMove(viewport, inside(window, end))
    QTest.mouseRelease(viewport, LEFT, NONE, inside(window, end))


def offset_of(window: MainWindow, needle: str, nth: int = 0) -> int:
    """Where the ``nth`` ``needle`` starts in the article (code points)."""
    return at(window.view.text(), needle, nth)[0]


def caret_to(window: MainWindow, cp: int) -> None:
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.offsets.to_qt(cp))
    window.view.setTextCursor(cursor)


def test_a_drag_inside_words_snaps_to_whole_words(desk: MainWindow, qtbot, press) -> None:
    start = offset_of(desk, "ثلاثة عشر آخرين،")
    drag(qtbot, desk, start + 2, start + 7)  # from inside ثلاثة to inside عشر
    assert desk.view.selected_range() == (start, start + 9)  # the selection shows the span
    press(Qt.Key.Key_3)
    assert own_spans(desk) == [("ثلاثة عشر", "CASUALTY", "added")]


def test_a_drag_over_a_comma_and_a_clitic_leaves_them_out(desk: MainWindow, qtbot, press) -> None:
    start = offset_of(desk, "بالقلمون", 1)  # the body's: no suggestion there
    drag(qtbot, desk, start - 1, start + 5)  # from the space before ب into the word
    press(Qt.Key.Key_2)
    assert own_spans(desk) == [("القلمون", "PLACE", "added")]
    comma = offset_of(desk, "آخرين،")
    drag(qtbot, desk, comma + 1, comma + 6)  # over the comma and the space after it
    press(Qt.Key.Key_3)
    assert ("آخرين", "CASUALTY", "added") in own_spans(desk)


def test_a_double_click_labels_the_word(desk: MainWindow, qtbot, press) -> None:
    word = offset_of(desk, "قتلوا،")
    QTest.mouseDClick(desk.view.viewport(), LEFT, NONE, inside(desk, word + 2))
    QTest.mouseRelease(desk.view.viewport(), LEFT, NONE, inside(desk, word + 2))
    press(Qt.Key.Key_1)
    assert own_spans(desk) == [("قتلوا", "ACTOR", "added")]  # without the comma


def test_a_key_selection_leaves_out_the_space_and_the_clitic(
    desk: MainWindow, qtbot, press
) -> None:
    caret_to(desk, offset_of(desk, "بالقلمون", 1))
    press(Qt.Key.Key_Left, CTRL | SHIFT)  # one word on, in Arabic reading order
    press(Qt.Key.Key_2)
    assert own_spans(desk) == [("القلمون", "PLACE", "added")]
    word = offset_of(desk, "آخرين،")
    caret_to(desk, word)
    press(Qt.Key.Key_Left, SHIFT, times=6)  # آخرين and its comma, as the issue found it
    press(Qt.Key.Key_3)
    assert ("آخرين", "CASUALTY", "added") in own_spans(desk)


def test_names_that_look_like_a_clitic_stay_whole(open_desk, tmp_path: Path, press) -> None:
    db = open_store(tmp_path / "names.db")
    text = "قصف على كوباني وبيجي وفليطة، وبحلب أيضا."
    repo.add_article(db, Article(text, source="names"))
    db.close()
    window = open_desk(tmp_path / "names.db")
    for word in ("كوباني", "وبيجي", "وفليطة،", "وبحلب"):
        caret_to(window, text.index(word))
        press(Qt.Key.Key_Left, SHIFT, times=len(word))
        press(Qt.Key.Key_2)
    assert own_spans(window) == sorted(
        [(w, "PLACE", "added") for w in ("كوباني", "بيجي", "فليطة", "حلب")], key=repr
    )


def test_drawing_over_a_suggestion_is_one_quiet_undoable_step(
    desk: MainWindow, qtbot, press
) -> None:
    start = offset_of(desk, "القلمون السورية")  # a PLACE suggestion
    drag(qtbot, desk, start + 1, start + 4)
    press(Qt.Key.Key_2)
    assert "replace" not in desk._dialogs
    assert own_spans(desk) == [("القلمون", "PLACE", "added")]
    assert desk.session.undo_label == "Replace ‘القلمون السورية’ with ‘القلمون’"
    press(Qt.Key.Key_Z, CTRL)
    assert own_spans(desk) == []


def answer(qtbot, window: MainWindow, press, key: Qt.Key) -> None:
    qtbot.waitUntil(lambda: "replace" in window._dialogs)
    box = window._dialogs["replace"]
    assert isinstance(box, ReplaceQuestion)
    box.activateWindow()
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    press(key)
    qtbot.waitUntil(lambda: not box.isVisible())
    qtbot.waitUntil(window.view.hasFocus)


def test_drawing_over_an_accepted_span_asks_first(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # جيش الإسلام accepted
    accepted = own_spans(desk)
    start = offset_of(desk, "الإسلام")
    # three drags over الإسلام“ يعلن, each from another letter (not a double-click)
    drag(qtbot, desk, start + 1, start + 10)
    press(Qt.Key.Key_1)
    answer(qtbot, desk, press, Qt.Key.Key_Escape)  # No is the default and Escape
    assert own_spans(desk) == accepted
    press(Qt.Key.Key_Left)  # the refused selection is still shown: an arrow drops it
    drag(qtbot, desk, start + 3, start + 11)
    press(Qt.Key.Key_1)
    answer(qtbot, desk, press, Qt.Key.Key_Return)  # Enter takes the default: No
    assert own_spans(desk) == accepted
    press(Qt.Key.Key_Left)
    drag(qtbot, desk, start + 5, start + 12)
    press(Qt.Key.Key_1)
    answer(qtbot, desk, press, Qt.Key.Key_Y)
    assert own_spans(desk) == [("الإسلام“ يعلن", "ACTOR", "added")]
    press(Qt.Key.Key_Z, CTRL)  # one step brings the accepted span back
    assert own_spans(desk) == accepted


def test_growing_into_an_accepted_neighbour_asks_too(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab, times=4)  # داعش, a PLACE suggestion: accept it
    press(Qt.Key.Key_A)
    assert ("داعش", "PLACE", "accepted") in own_spans(desk)
    press(Qt.Key.Key_Tab, SHIFT, times=2)  # back to 45
    assert current(desk) == "45"
    press(Qt.Key.Key_BraceLeft)  # { (Shift+[): grow at the end (left edge moves left)
    assert current(desk) == "45 من"
    press(Qt.Key.Key_BraceLeft)  # on to داعش: asks
    answer(qtbot, desk, press, Qt.Key.Key_N)
    assert current(desk) == "45 من"
    assert ("داعش", "PLACE", "accepted") in own_spans(desk)
    press(Qt.Key.Key_BraceLeft)
    answer(qtbot, desk, press, Qt.Key.Key_Y)
    assert current(desk) == "45 من داعش"
    assert ("داعش", "PLACE", "accepted") not in own_spans(desk)


def current(window: MainWindow) -> str:
    row = window.current_row()
    assert row is not None
    return window.view.text()[row.start : row.end]


def test_edges_move_by_brackets_and_by_one_character(desk: MainWindow, press) -> None:
    press(Qt.Key.Key_Tab, times=5)
    assert current(desk) == "القلمون السورية"
    press(Qt.Key.Key_BracketRight)  # ] like Alt+Right: the left edge moves right a word
    assert current(desk) == "القلمون"
    press(Qt.Key.Key_BraceRight, CTRL)  # Ctrl+} : the right edge moves right one character
    assert current(desk) == "بالقلمون"
    press(Qt.Key.Key_BracketLeft, CTRL)  # Ctrl+[ : and back
    assert current(desk) == "القلمون"
    press(Qt.Key.Key_BracketLeft, CTRL)
    assert current(desk) == "لقلمون"
    press(Qt.Key.Key_BraceLeft, CTRL)  # Ctrl+{ : the left edge moves left one character
    assert current(desk) == "لقلمون "
    press(Qt.Key.Key_BracketRight, CTRL)  # Ctrl+] : and back
    assert current(desk) == "لقلمون"
    press(Qt.Key.Key_BraceRight)  # } like Alt+Shift+Right: a word at the beginning
    assert current(desk) == "داعش بالقلمون"
    text = desk.view.text()
    row = desk.current_row()
    stored = repo.confirmed_spans(desk.db, desk.article_id, "ali")
    assert [(text[r.start : r.end], r.status) for r in stored] == [
        (text[row.start : row.end], "corrected")
    ]


def test_the_review_window_snaps_a_selection_too(tmp_path: Path, qtbot, press) -> None:
    from annotator.domain import GOLD
    from annotator.gui.review.review_window import ReviewWindow
    from tests.builders import TEXT
    from tests.gui.desk_driver import make_review_project
    from tests.gui.windows import focus_article, show_window

    make_review_project(tmp_path / "review.db")
    review = show_window(qtbot, ReviewWindow(open_store(tmp_path / "review.db")), None)
    focus_article(review)
    qtbot.waitUntil(review.view.hasFocus)
    try:
        start = TEXT.index("دير الزور")
        review.view.select_range(start + 1, start + 6)  # "ير ال": inside two words
        press(Qt.Key.Key_2)
        rows = review.db.execute(
            "SELECT start, end, label FROM spans WHERE annotator = ? AND article_id = ?",
            [GOLD, review.article_id],
        ).fetchall()
        assert [(TEXT[s:e], label) for s, e, label in rows] == [("دير الزور", "PLACE")]
    finally:
        review.close()
        review.db.close()


def test_dropping_the_first_word_leaves_the_next_words_clitic_out(desk: MainWindow, press) -> None:
    """Seen on X11: [ on «داعش بالقلمون» stored «بالقلمون», clitic ب included; dropping the first
    word leaves the new first word's proclitic out, as growing over it does."""
    press(Qt.Key.Key_Tab, times=5)
    press(Qt.Key.Key_BracketRight)
    press(Qt.Key.Key_BraceRight)  # } : داعش بالقلمون
    assert current(desk) == "داعش بالقلمون"
    press(Qt.Key.Key_BracketLeft)  # [ : drop the first word
    assert current(desk) == "القلمون"
    press(Qt.Key.Key_BraceRight)
    press(Qt.Key.Key_Left, ALT)  # Alt+Left, the main key of the same command
    assert current(desk) == "القلمون"
    assert own_spans(desk) == [("القلمون", "PLACE", "corrected")]
