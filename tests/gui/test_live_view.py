"""The live team view: another desk's writes to the same SQLite file show on a running desk and
in the review window within a poll, keeping the selection, the current span or item and any
edit the span panel holds (the refresh waits until it is stored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import ArticleState, Label
from annotator.gui.article_list import ArticleListModel
from annotator.gui.main_window import MainWindow
from annotator.services.assign import assign_articles
from annotator.services.coding import CodingSession
from annotator.services.importing import import_paths
from annotator.store import open_store
from tests.builders import OTHER, TEXT, at, pending, suggest
from tests.gui.desk_driver import make_review_project

POLL_WAIT_MS = 3000  # qtbot.waitUntil's limit: generous on a busy machine; the poll is 0.4 s


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, tuple[int, int, int]]:
    path = tmp_path / "team.db"
    return path, make_review_project(path)


@pytest.fixture
def other(project):
    """A second connection to the file: another desk."""
    db = open_store(project[0])
    yield db
    db.close()


def state_shown(desk: MainWindow, article_id: int) -> str:
    row = desk.model.row_of(article_id)
    assert row is not None
    return desk.model.index(row, ArticleListModel.STATE).data()


def test_another_desk_marking_done_shows_in_the_list(open_desk, project, other, qtbot) -> None:
    path, (first, _second, third) = project
    desk = open_desk(path, "bea", first)
    assert state_shown(desk, third) == "open"
    assert desk.list.current_article() == first
    assert desk.session.progress() == (2, 3)
    CodingSession(other, "bea").mark_done(third)  # bea's other desk
    qtbot.waitUntil(lambda: state_shown(desk, third) == "done", timeout=POLL_WAIT_MS)
    assert desk.list.current_article() == first  # the selection stays
    assert desk.article_id == first
    assert desk.session.progress() == (3, 3)


def test_new_articles_and_a_leads_assignment_keep_the_selection(
    open_desk, project, other, qtbot, tmp_path
) -> None:
    path, (first, second, third) = project
    desk = open_desk(path, "dan", second)
    assert desk.model.ids() == [first, second, third]
    assert desk.list.current_article() == second
    (tmp_path / "d.txt").write_text("خبر جديد عن حمص", encoding="utf-8")
    (fourth,) = import_paths(other, [tmp_path / "d.txt"], suggest=suggest).article_ids
    qtbot.waitUntil(lambda: desk.model.row_of(fourth) is not None, timeout=POLL_WAIT_MS)
    assert desk.session.progress() == (0, 4)
    assign_articles(other, ["dan"], 0.0)  # the one article nobody started
    qtbot.waitUntil(lambda: desk.model.ids()[0] == fourth, timeout=POLL_WAIT_MS)
    assert desk.model.ids() == [fourth, first, second, third]
    assert desk.list.current_article() == second and desk.model.row_of(second) == 2
    assert desk.model.row_of(first) == 1  # found in a list not in id order
    assert desk.article_id == second


def test_own_writes_trigger_no_refresh(open_desk, project, qtbot) -> None:
    path, (_first, _second, third) = project
    desk = open_desk(path, "bea", third)
    seen = []
    desk.live.changed.connect(seen.append)
    qtbot.keyClick(desk.view, Qt.Key.Key_Tab)
    qtbot.keyClick(desk.view, Qt.Key.Key_A)  # bea accepts a suggestion on this desk
    assert desk.session.state(third).state is ArticleState.OPEN
    desk.live.poll()
    qtbot.wait(600)  # a poll or more
    assert seen == []


def test_this_coder_changing_the_open_article_elsewhere_reloads_it(
    open_desk, project, other, qtbot
) -> None:
    path, (_first, _second, third) = project
    desk = open_desk(path, "cem", third)
    before = set(desk._rows)
    elsewhere = CodingSession(other, "cem")
    change = elsewhere.add_span(third, 0, 3, Label.ACTOR)  # "خبر": cem on another computer
    added = set(change.span_ids)
    qtbot.waitUntil(lambda: added <= set(desk._rows), timeout=POLL_WAIT_MS)
    assert set(desk._rows) == before | added
    assert "another window" in desk.status.hint.text()


def test_no_refresh_under_an_open_panel_edit_then_after_it_is_settled(
    open_desk, project, other, qtbot
) -> None:
    path, (_first, second, third) = project
    desk = open_desk(path, "bea", second)
    qtbot.keyClick(desk.view, Qt.Key.Key_Tab)  # the first span of OTHER: a place
    qtbot.keyClick(desk.view, Qt.Key.Key_Tab)  # ‘12’, a casualty count
    row = desk.current_row()
    assert row is not None and OTHER[row.start : row.end] == "12"
    qtbot.keyClick(desk.view, Qt.Key.Key_E)
    qtbot.keyClick(desk.panel.focusWidget() or desk.panel, Qt.Key.Key_Tab)
    field = desk.focusWidget()
    assert field is desk.panel.count
    qtbot.keyClicks(field, "7")
    assert desk.panel.pending()
    CodingSession(other, "bea").mark_done(third)
    qtbot.wait(1200)  # three polls: the change is held, not shown
    assert state_shown(desk, third) == "open"
    assert desk.panel.pending() and desk.focusWidget() is field
    assert desk.settle_panel()  # the edit is stored
    qtbot.waitUntil(lambda: state_shown(desk, third) == "done", timeout=POLL_WAIT_MS)


def test_a_coders_new_span_appears_in_the_review_keeping_the_current_row(
    open_review, project, other, qtbot
) -> None:
    path, (first, _second, _third) = project
    review = open_review(path)
    assert review.article_id == first
    review.step_item(1)
    kept = review.current_row()
    assert kept is not None
    before = len(review.rows)
    bea = CodingSession(other, "bea")
    bea.add_span(first, *at(TEXT, "مقتل"), Label.CASUALTY)
    qtbot.waitUntil(lambda: len(review.rows) == before + 1, timeout=POLL_WAIT_MS)
    assert any(TEXT[r.start : r.end] == "مقتل" for r in review.rows)
    current = review.current_row()
    assert current is not None and current.key == kept.key  # by identity, not index
    assert pending(bea, first, "مقتل")


def test_the_review_waits_for_an_open_gold_edit(open_review, project, other, qtbot, press):
    path, (first, _second, _third) = project
    review = open_review(path)
    press(Qt.Key.Key_Tab, times=2)
    press(Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # bea's 45 into gold
    press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    row = review.current_row()
    assert row is not None and TEXT[row.start : row.end] == "45" and row.gold
    press(Qt.Key.Key_E)
    press(Qt.Key.Key_Tab)  # from the victim to the count
    panel = review.panel.span_panel
    assert QApplication.focusWidget() is panel.count
    press(Qt.Key.Key_9)
    assert panel.pending()
    before = len(review.rows)
    CodingSession(other, "bea").add_span(first, *at(TEXT, "مقتل"), Label.CASUALTY)
    qtbot.wait(1200)  # three polls: held
    assert len(review.rows) == before
    assert panel.pending() and QApplication.focusWidget() is panel.count
    press(Qt.Key.Key_Return)  # stored
    assert not panel.pending()
    qtbot.waitUntil(lambda: len(review.rows) == before + 1, timeout=POLL_WAIT_MS)
    kept = review.current_row()
    assert kept is not None


def test_an_article_a_coder_finishes_joins_the_review_list(
    open_review, project, other, qtbot, tmp_path
) -> None:
    path, (first, second, third) = project
    review = open_review(path)
    review.list.show_article(second)
    assert review.model.ids() == [first, second, third]
    (tmp_path / "d.txt").write_text("خبر جديد عن حمص", encoding="utf-8")
    (fourth,) = import_paths(other, [tmp_path / "d.txt"], suggest=suggest).article_ids
    qtbot.wait(600)  # nobody finished it: not for review
    assert review.model.row_of(fourth) is None
    CodingSession(other, "ali").mark_done(fourth)
    qtbot.waitUntil(lambda: review.model.row_of(fourth) is not None, timeout=POLL_WAIT_MS)
    row = review.model.row_of(fourth)
    assert review.model.index(row, review.model.DONE_BY).data() == "ali"
    assert review.list.current_article() == second and review.article_id == first
    assert review.status.progress.text().endswith("/ 4")


def test_changed_rows_are_read_once_and_only_where_cached(project, other, qtbot) -> None:
    path, (first, _second, third) = project
    db = open_store(path)
    try:
        model = ArticleListModel(db, "bea")
        model.refresh_articles([first, third])
        assert model.rows_fetched == 0  # nothing shown yet: nothing read
        assert model.index(2, ArticleListModel.STATE).data() == "open"
        fetched = model.rows_fetched
        CodingSession(other, "bea").mark_done(third)
        CodingSession(other, "bea").reopen(first)
        with qtbot.waitSignal(model.dataChanged) as signal:
            model.refresh_articles([first, third, 999])
        assert model.rows_fetched == fetched + 2
        assert [model.index(r, ArticleListModel.STATE).data() for r in range(3)] == [
            "open",
            "done",
            "done",
        ]
        assert (signal.args[0].row(), signal.args[1].row()) == (0, 2)
    finally:
        db.close()


def test_a_new_coder_joins_the_open_reviews_coder_lists(open_review, project, other, qtbot):
    path, (first, second, _third) = project
    review = open_review(path)
    assert review.article_id == first
    assert "dan" not in review.all_coders
    CodingSession(other, "dan").mark_done(second)  # a coder who was not there at opening
    qtbot.waitUntil(lambda: "dan" in review.all_coders, timeout=POLL_WAIT_MS)
    combo = review.list.coded_by
    assert "dan" in [combo.itemText(i) for i in range(combo.count())]
    panel = review.panel.coders
    assert "dan" in [panel.item(i).text() for i in range(panel.count())]
    assert "dan" not in review.coders  # not compared: dan did not finish the open article
    assert review.article_id == first
