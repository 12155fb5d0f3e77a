"""The desk's acceptance-review fixes, by key presses: selecting a suggestion accepts it, a new
span replaces what it overlaps, "Mark done" asks about undecided suggestions, the coder dialog
refuses "gold", and the list and "next open" follow the coder's assignment."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.domain import Article, ArticleState, Label, Span, Status, Suggestion
from annotator.domain.span import check_no_overlap
from annotator.gui.coder_dialog import CoderDialog
from annotator.gui.desk_parts import UndecidedQuestion
from annotator.gui.main_window import MainWindow
from annotator.services.assign import assign_articles
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.store.assignments import assigned_ids
from tests.gui.desk_driver import SEED_000, desk_fixtures, seed_text
from tests.gui.windows import CTRL, SHIFT, answer

open_desk, desk = desk_fixtures(("001_4576a7ec77886089.txt",))


def select(desk: MainWindow, press, start: int, length: int) -> None:
    """Caret to ``start`` with arrows, then Shift+Left ``length`` times (right to left text)."""
    while desk.view.caret() < start:
        press(Qt.Key.Key_Left)
    while desk.view.caret() > start:
        press(Qt.Key.Key_Right)
    press(Qt.Key.Key_Left, SHIFT, times=length)
    assert desk.view.selected_range() == (start, start + length)


def own(desk: MainWindow) -> dict[str, repo.SpanRow]:
    text = desk.view.text()
    rows = repo.confirmed_spans(desk.db, desk.article_id, desk.session.annotator)
    return {text[r.start : r.end]: r for r in rows}


def question(qtbot) -> UndecidedQuestion:
    """The open "Mark done" question, once it has the keyboard focus."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), UndecidedQuestion))
    box = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    return box


def test_selecting_a_suggestion_and_pressing_its_key_accepts_it(desk, press) -> None:
    select(desk, press, 24, 2)  # "45", suggested as CASUALTY with count 45
    press(Qt.Key.Key_3)
    row = own(desk)["45"]
    assert (row.status, dict(row.span.attrs)) == (Status.ACCEPTED, {"count": 45})
    assert desk.actions["undo"].text() == "&Undo Accept ‘45’"
    select(desk, press, 30, 4)  # "داعش", suggested as PLACE: key 1 relabels it
    press(Qt.Key.Key_1)
    row = own(desk)["داعش"]
    assert (row.label, row.status) == (Label.ACTOR, Status.CORRECTED)
    assert desk.actions["undo"].text() == "&Undo Relabel ‘داعش’ as ACTOR"


def test_a_selection_replaces_the_suggestion_it_overlaps(desk, press) -> None:
    select(desk, press, 36, 7)  # "القلمون" inside the suggestion "القلمون السورية"
    press(Qt.Key.Key_2)
    assert desk.actions["undo"].text() == "&Undo Replace ‘القلمون السورية’ with ‘القلمون’"
    press(Qt.Key.Key_A, CTRL | SHIFT)  # accept all the rest
    spans = [r.span for r in repo.confirmed_spans(desk.db, 1, "ali")]
    check_no_overlap(spans)
    assert (36, 43) in {(s.start, s.end) for s in spans}
    press(Qt.Key.Key_Z, CTRL)
    press(Qt.Key.Key_Z, CTRL)  # one step for the replacement
    assert repo.confirmed_spans(desk.db, 1, "ali") == []


def test_a_proclitic_before_a_suggestion_is_left_out(open_desk, tmp_path: Path, press) -> None:
    text = seed_text(SEED_000)
    db = open_store(tmp_path / "clitic.db")
    article_id, _ = repo.add_article(db, Article(text, source=SEED_000))
    repo.add_suggestions(db, article_id, [Suggestion(Span(36, 43, Label.PLACE), 0.9, "t", "1")])
    db.close()
    desk = open_desk(tmp_path / "clitic.db")
    while desk.view.caret() < 35:
        press(Qt.Key.Key_Left)
    press(Qt.Key.Key_Left, SHIFT | CTRL)  # the whole word "بالقلمون"
    assert desk.view.selected_range(trim=True) == (35, 43)
    press(Qt.Key.Key_2)
    (row,) = repo.confirmed_spans(desk.db, article_id, "ali")
    assert ((row.start, row.end), row.status) == ((36, 43), Status.ACCEPTED)


def test_mark_done_asks_about_undecided_suggestions(desk, qtbot, press) -> None:
    press(Qt.Key.Key_Return, CTRL)
    box = question(qtbot)
    assert box.text() == "6 suggestions are still undecided."
    assert box.defaultButton() is box.cancel
    press(Qt.Key.Key_Escape)  # Escape cancels: nothing written
    qtbot.waitUntil(box.isHidden)
    qtbot.waitUntil(desk.view.hasFocus)
    assert (desk.article_id, len(desk.session.stack)) == (1, 0)
    press(Qt.Key.Key_Return, CTRL)
    question(qtbot)
    press(Qt.Key.Key_Return)  # Enter: the default button, Cancel
    qtbot.waitUntil(desk.view.hasFocus)
    assert len(desk.session.stack) == 0
    press(Qt.Key.Key_Return, CTRL)
    question(qtbot)
    press(Qt.Key.Key_A)  # accept all and mark done
    qtbot.waitUntil(lambda: desk.article_id == 2)
    assert repo.get_state(desk.db, 1, "ali").state is ArticleState.DONE
    assert [r for r in desk.session.spans(1) if not r.confirmed] == []
    assert len(repo.confirmed_spans(desk.db, 1, "ali")) == 6


def test_coder_dialog_refuses_gold(qtbot, show_focused, type_text, press) -> None:
    dialog = CoderDialog(["alice", "gold", "bob"])
    show_focused(dialog, focus=dialog.names)
    assert [dialog.names.itemText(i) for i in range(dialog.names.count())] == ["alice", "bob"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    type_text("gold")
    assert not ok.isEnabled()
    assert dialog.error.isVisible() and "gold" in dialog.error.text()
    qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != CoderDialog.DialogCode.Accepted
    type_text("x")  # "goldx" is a name like any other
    assert ok.isEnabled() and not dialog.error.isVisible()
    answer(qtbot, press, dialog, Qt.Key.Key_Escape)


def test_the_list_and_next_open_follow_the_assignment(open_desk, tmp_path: Path, press) -> None:
    db = open_store(tmp_path / "assigned.db")
    for i in range(30):
        repo.add_article(db, Article(f"عنوان {i}\nقتل {i + 1} عناصر في حمص.", source=f"a{i}"))
    assign_articles(db, ["a", "b", "c"], overlap=0.2)
    mine = assigned_ids(db, "b")
    db.close()
    assert mine and mine[0] != 1
    desk = open_desk(tmp_path / "assigned.db", coder="b")
    listed = [desk.model.article_id(r) for r in range(desk.model.rowCount())]
    assert listed[: len(mine)] == mine and len(listed) == 30
    assert desk.article_id == mine[0]  # opens on the first open assigned article
    press(Qt.Key.Key_Return, CTRL)  # done (no suggestions: no question), on to the next
    assert desk.article_id == mine[1]
    press(Qt.Key.Key_PageDown, CTRL)  # the next article in the list's order
    assert desk.article_id == mine[2]
    desk.list.state_filter.setCurrentIndex(desk.list.state_filter.findData("assigned"))
    assert [desk.model.article_id(r) for r in range(desk.model.rowCount())] == mine
    assert desk.list.state_filter.currentText() == "Assigned to me"
