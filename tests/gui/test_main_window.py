"""The coding desk end to end: key presses in, exact rows in the database out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import ArticleState, Status
from annotator.gui.desk_parts import UndecidedQuestion
from annotator.gui.main_window import MainWindow
from annotator.store import open_store
from annotator.store import repository as repo
from tests.gui.desk_driver import EXTRA, desk_fixtures, seed_text
from tests.gui.windows import ALT, CTRL, SHIFT, current_surface

open_desk, desk = desk_fixtures(EXTRA)


def work(db) -> dict[str, list[tuple]]:
    """The coders' work: every span and article_state row."""
    return {
        table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in ("spans", "article_state")
    }


def coded_spans(window: MainWindow, article_id: int) -> set[tuple]:
    text = seed_text("000_4aec2ec63595c89c.txt")
    return {
        (
            text[r.start : r.end],
            r.start,
            r.label.value,
            tuple(sorted(r.span.attrs.items())),
            r.status,
        )
        for r in repo.confirmed_spans(window.db, article_id, window.session.annotator)
    }


def test_focus_starts_in_the_article(desk: MainWindow) -> None:
    assert QApplication.focusWidget() is desk.view
    assert desk.article_id == 1
    assert desk.view.text() == seed_text("000_4aec2ec63595c89c.txt")
    assert desk.status.progress.text() == "Done 0 / 3"
    assert desk.status.coder.text() == "Coder: ali"
    assert not desk.actions["undo"].isEnabled()


def test_code_a_seed_article_with_keys_only(desk: MainWindow, qtbot, press, type_text) -> None:
    article = desk.article_id
    press(Qt.Key.Key_Tab)
    assert current_surface(desk) == "جيش الإسلام"
    press(Qt.Key.Key_A)  # accept; on to the next suggestion
    assert current_surface(desk) == "يعلن"
    press(Qt.Key.Key_R)  # reject
    assert current_surface(desk) == "45"
    press(Qt.Key.Key_Return)  # accept (Enter is an alias)
    assert current_surface(desk) == "داعش"
    assert desk.actions["undo"].text() == "&Undo Accept ‘45’"
    # Back to the casualty and its attributes, all from the keyboard.
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(desk) == "45"
    press(Qt.Key.Key_E)  # the victim first: the field corrected most often
    assert QApplication.focusWidget() in (desk.panel.victim, desk.panel.victim.lineEdit())
    type_text("ISIS")
    qtbot.waitUntil(lambda: desk.panel.victim.completer().popup().isVisible())
    press(Qt.Key.Key_Escape)  # closes the completion only
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is desk.panel.count
    press(Qt.Key.Key_Tab)  # no extra Tab: straight on to the kind
    type_text("k")  # kind: killed
    press(Qt.Key.Key_Tab)
    type_text("e")  # qualifier: exact
    press(Qt.Key.Key_Return)  # saves, and on to the next undecided span in the article
    assert desk.session.undo_label == "Edit attributes of ‘45’"
    qtbot.waitUntil(desk.view.hasFocus)
    assert current_surface(desk) == "داعش"
    press(Qt.Key.Key_1)  # relabel PLACE -> ACTOR
    assert desk.current_row().label.value == "ACTOR"
    press(Qt.Key.Key_Tab)
    assert current_surface(desk) == "القلمون السورية"
    press(Qt.Key.Key_Right, ALT)  # drop the last word (its left edge moves right)
    assert current_surface(desk) == "القلمون"
    press(Qt.Key.Key_Tab)
    assert current_surface(desk) == "جيش"
    press(Qt.Key.Key_Left, ALT | SHIFT)  # grow by a word at the end (left edge moves left)
    assert current_surface(desk) == "جيش الإسلام"
    # A missed place: caret to "دمشق" with arrows, select it with Shift+Left, label it 2.
    while desk.view.caret() < 114:
        press(Qt.Key.Key_Left)
    press(Qt.Key.Key_Left, SHIFT, times=4)
    assert desk.view.selected_range() == (114, 118)
    press(Qt.Key.Key_2)
    assert current_surface(desk) == "دمشق"
    press(Qt.Key.Key_Return, CTRL)  # done, and on to the next open article
    assert desk.article_id == 2
    assert coded_spans(desk, article) == {
        ("جيش الإسلام", 1, "ACTOR", (("actor", "JAYSH_AL_ISLAM"),), Status.ACCEPTED),
        (
            "45",
            24,
            "CASUALTY",
            (("count", 45), ("kind", "killed"), ("qualifier", "exact"), ("victim", "ISIS")),
            Status.CORRECTED,
        ),
        ("داعش", 30, "ACTOR", (("actor", "ISIS"),), Status.CORRECTED),
        ("القلمون", 36, "PLACE", (), Status.CORRECTED),
        ("جيش الإسلام", 54, "ACTOR", (("actor", "JAYSH_AL_ISLAM"),), Status.CORRECTED),
        ("دمشق", 114, "PLACE", (), Status.ADDED),
    }
    rejected = [r for r in repo.all_spans(desk.db, article) if r.status is Status.REJECTED]
    assert [(r.start, r.end, r.annotator) for r in rejected] == [(14, 18, "ali")]
    assert repo.get_state(desk.db, article, "ali").state is ArticleState.DONE
    assert desk.status.progress.text() == "Done 1 / 3"
    assert desk.model.item(0).state is ArticleState.DONE  # the list row follows
    assert (desk.model.item(0).n_confirmed, desk.model.item(0).n_pending) == (6, 0)


def test_undo_and_redo_restore_the_database_exactly(desk: MainWindow, press) -> None:
    before = work(desk.db)
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_R)
    press(Qt.Key.Key_3)  # relabel "45" (already CASUALTY): nothing to do, no undo step
    press(Qt.Key.Key_2)  # relabel as PLACE
    press(Qt.Key.Key_A, CTRL | SHIFT)  # accept all the rest
    press(Qt.Key.Key_Return, CTRL)  # done: the next article opens
    assert desk.article_id == 2
    press(Qt.Key.Key_Left, SHIFT, times=3)
    press(Qt.Key.Key_2)  # add a span in the second article
    press(Qt.Key.Key_K, CTRL)  # skip it
    after = work(desk.db)
    steps = len(desk.session.stack)
    assert steps == 7
    assert desk.actions["undo"].text() == "&Undo Skip"
    for _ in range(steps):
        press(Qt.Key.Key_Z, CTRL)
    assert work(desk.db) == before
    assert desk.article_id == 1  # undo went back to the article it changed
    assert not desk.actions["undo"].isEnabled()
    assert desk.actions["redo"].text() == "&Redo Accept ‘جيش الإسلام’"
    for _ in range(steps):
        press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert work(desk.db) == after
    assert desk.article_id == 2
    assert not desk.actions["redo"].isEnabled()


def test_non_bmp_offsets_through_the_window(open_desk, tmp_path: Path, press) -> None:
    from annotator.domain import Article

    text = "😀 قصف 𝟘 على حلب وقتل 12 مدنياً 🙏 في إدلب"
    db = open_store(tmp_path / "emoji.db")
    article_id, _ = repo.add_article(db, Article(text, source="emoji.txt"))
    db.close()
    desk = open_desk(tmp_path / "emoji.db")
    start = text.index("إدلب")
    assert start == 36  # code points: 😀, 𝟘 and 🙏 count once each
    while desk.view.caret() < start:  # the caret moves a character (grapheme) per key
        press(Qt.Key.Key_Left)
    assert desk.view.caret() == start
    press(Qt.Key.Key_Left, SHIFT | CTRL)  # select the word
    selected = desk.view.selected_range(trim=True)
    assert selected == (start, start + 4)
    press(Qt.Key.Key_2)
    (row,) = repo.confirmed_spans(desk.db, article_id, "ali")
    assert (row.start, row.end) == (start, start + 4)
    assert text[row.start : row.end] == "إدلب"
    (selection,) = desk.view.extraSelections()
    assert selection.cursor.selectedText() == "إدلب"
    assert desk.view.selected_range() is None  # the new span is current, nothing selected
    press(Qt.Key.Key_Right, ALT | SHIFT)  # grow its beginning by a word: "في"
    (row,) = repo.confirmed_spans(desk.db, article_id, "ali")
    assert text[row.start : row.end] == "في إدلب"


def test_markup_is_shown_literally(open_desk, tmp_path: Path) -> None:
    from annotator.domain import Article

    text = "<b>قتل</b> &amp; <i>45</i>\n<script>alert(1)</script>"
    db = open_store(tmp_path / "markup.db")
    repo.add_article(db, Article(text, source="<b>src</b>"))
    db.close()
    desk = open_desk(tmp_path / "markup.db")
    assert desk.view.toPlainText() == text
    assert desk.model.data(desk.model.index(0, 0)) == "<b>قتل</b> &amp; <i>45</i>"
    assert desk.model.data(desk.model.index(0, 1)) == "<b>src</b>"
    assert "<b>قتل</b>" in desk.windowTitle()


def test_the_list_by_keyboard(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is desk.list.table
    press(Qt.Key.Key_Down, times=2)
    assert desk.article_id == 1  # moving in the list does not open yet
    press(Qt.Key.Key_Return)
    assert desk.article_id == 3
    qtbot.waitUntil(desk.view.hasFocus)
    press(Qt.Key.Key_PageUp, CTRL)
    assert desk.article_id == 2
    press(Qt.Key.Key_PageDown, CTRL)
    assert desk.article_id == 3
    press(Qt.Key.Key_L, CTRL)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(desk.view.hasFocus)
    assert desk.list.current_article() == 3


def test_list_filter_and_search(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Return, CTRL)  # article 1 done, leaving its suggestions undecided
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), UndecidedQuestion))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not desk.view)
    press(Qt.Key.Key_L)
    qtbot.waitUntil(lambda: desk.article_id == 2)
    desk.list.state_filter.setCurrentIndex(desk.list.state_filter.findData("done"))
    assert [desk.model.article_id(r) for r in range(desk.model.rowCount())] == [1]
    desk.list.state_filter.setCurrentIndex(desk.list.state_filter.findData("open"))
    assert [desk.model.article_id(r) for r in range(desk.model.rowCount())] == [2, 3]
    desk.list.state_filter.setCurrentIndex(0)
    desk.list.search.setFocus()
    qtbot.keyClicks(desk.list.search, "001_")
    qtbot.waitUntil(lambda: desk.model.rowCount() == 1)
    assert desk.model.article_id(0) == 2


def test_each_coder_sees_own_decisions(desk: MainWindow, press) -> None:
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    assert desk.model.item(0).n_confirmed == 1
    desk.switch_coder("omar")
    assert desk.status.coder.text() == "Coder: omar"
    assert desk.settings.coder == "omar"
    assert all(not r.confirmed for r in desk._rows.values())  # omar starts from the suggestions
    assert desk.model.item(0).n_confirmed == 0
    assert not desk.actions["undo"].isEnabled()  # a new session: omar's own history
    desk.switch_coder("ali")
    assert sum(r.confirmed for r in desk._rows.values()) == 1


def test_flag_with_a_note_and_reopen(desk: MainWindow, qtbot, press, type_text) -> None:
    press(Qt.Key.Key_F, CTRL | SHIFT)
    dialog = desk._dialogs["note"]
    qtbot.waitUntil(dialog.editor.hasFocus)
    type_text("ask about يعلن")
    press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    state = repo.get_state(desk.db, 1, "ali")
    assert (state.state, state.note) == (ArticleState.FLAGGED, "ask about يعلن")
    assert desk.article_id == 2
    assert desk.session.undo_label == "Flag"
