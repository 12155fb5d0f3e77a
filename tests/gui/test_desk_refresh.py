"""A decision repaints little: changed spans only, one re-highlight, rare scrolls, no restyles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.domain import Article, Label, Span, Suggestion
from annotator.gui import colors
from annotator.gui.article_view import CURRENT_PROPERTY, SPAN_ID_PROPERTY, ArticleView, ViewSpan
from annotator.gui.main_window import MainWindow
from annotator.gui.span_panel import SpanPanel
from annotator.services.coding import gazetteer_places
from annotator.store import open_store
from annotator.store import repository as repo
from tests.gui.desk_driver import desk_fixtures

open_desk, desk = desk_fixtures()

WORD = "قصف "  # 4 code points
LONG = "\n".join(WORD * 12 for _ in range(80))  # 80 paragraphs of 12 words


def _ids(view: ArticleView) -> list[int]:
    return [s.format.property(SPAN_ID_PROPERTY) for s in view.extraSelections()]


def test_a_decision_reads_and_rehighlights_only_what_changed(desk: MainWindow) -> None:
    QTest.keyClick(desk.view, Qt.Key.Key_Tab)
    before = dict(desk._rows)
    first = desk.current_row()
    assert first is not None
    QTest.keyClick(desk.view, Qt.Key.Key_A)
    after = desk._rows
    assert after == {r.id: r for r in desk.session.spans(desk.article_id or 0)}
    assert first.id not in after  # the suggestion gave way to the coder's decision
    kept = set(before) & set(after)
    assert kept and all(after[i] is before[i] for i in kept)  # not read again
    assert sorted(_ids(desk.view)) == sorted(after)
    assert {s.id for s in desk.view.spans()} == set(after)


def test_highlights_wait_for_the_end_of_a_held_block(qtbot) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_article("أعلن تنظيم داعش مقتل 45", [ViewSpan(1, 0, 4, Label.ACTOR, False)])
    with view.held_highlights():
        view.update_spans([ViewSpan(2, 11, 15, Label.ACTOR, True)])
        view.set_current(2)
        with view.held_highlights():  # nested blocks apply at the outermost end
            view.update_spans([], removed=[1])
        assert _ids(view) == [1]  # nothing applied yet
    assert _ids(view) == [2]
    assert view.extraSelections()[0].format.property(CURRENT_PROPERTY) is True


def test_update_spans_adds_replaces_and_removes(qtbot) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    text = "أعلن تنظيم داعش مقتل 45 عنصراً"
    view.set_article(
        text, [ViewSpan(1, 0, 4, Label.ACTOR, False), ViewSpan(2, 21, 23, "CASUALTY", False)]
    )
    view.update_spans(
        [ViewSpan(2, 21, 23, Label.CASUALTY, True), ViewSpan(3, 11, 15, Label.ACTOR, True)], [1]
    )
    assert {s.id: s.confirmed for s in view.spans()} == {2: True, 3: True}
    assert sorted(_ids(view)) == [2, 3]
    view.set_current(3)
    view.update_spans([], [3])
    assert view.current() is None and _ids(view) == [2]


def test_the_current_span_is_on_top_and_confirmed_over_suggested(qtbot) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    spans = [
        ViewSpan(1, 0, 10, Label.ACTOR, True),  # long, confirmed
        ViewSpan(2, 0, 4, Label.ACTOR, False),  # short suggestion inside it
        ViewSpan(3, 5, 10, Label.PLACE, True),  # short, confirmed
        ViewSpan(4, 11, 15, Label.ACTOR, False),
    ]
    view.set_article("أعلن تنظيم داعش مقتل 45", spans)
    assert _ids(view) == [2, 4, 1, 3]  # suggestions lowest; a longer span under a shorter one
    view.set_current(2)
    assert _ids(view) == [4, 1, 3, 2]
    view.set_current(None)
    assert _ids(view) == [2, 4, 1, 3]


def test_stepping_through_spans_scrolls_seldom_and_keeps_the_span_in_view(qtbot) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(500, 800)
    view.show()
    qtbot.waitExposed(view)
    spans = [ViewSpan(i + 1, i * 48, i * 48 + 3, Label.PLACE, False) for i in range(80)]
    view.set_article(LONG, spans)
    bar = view.verticalScrollBar()
    scrolled = 0
    for span in spans:
        top = bar.value()
        view.set_current(span.id)
        QApplication.processEvents()
        scrolled += bar.value() != top
        rect = view.cursorRect()
        assert rect.top() >= 0 and rect.bottom() <= view.viewport().height()
    assert bar.value() > 0
    assert 0 < scrolled <= len(spans) // 4  # most of a page at a time, not a line each step


def test_the_title_colour_is_a_palette_not_a_style_sheet(qtbot) -> None:
    panel = SpanPanel()
    qtbot.addWidget(panel)
    panel.show_span(Label.PLACE, "حلب", {})
    background = panel.title.palette().color(QPalette.ColorRole.Window).name().upper()
    assert background == colors.for_label(Label.PLACE).confirmed.upper()
    assert panel.title.autoFillBackground() and panel.title.styleSheet() == ""
    panel.show_span(Label.ACTOR, "داعش", {})
    background = panel.title.palette().color(QPalette.ColorRole.Window).name().upper()
    assert background == colors.for_label(Label.ACTOR).confirmed.upper()
    panel.clear()
    assert not panel.title.autoFillBackground() and panel.title.text() == "No span"


def _place_project(path: Path) -> None:
    db = open_store(path)
    text = "قصف على حلب وقتل 12 مدنياً"
    article, _ = repo.add_article(db, Article(text, source="a.txt"))
    start = text.index("حلب")
    place = Span(start, start + 3, Label.PLACE, {"place": "Aleppo", "geonames_id": 170063})
    repo.add_suggestions(db, article, [Suggestion(place, 0.9, "test", "1")])
    db.close()


def test_place_choices_are_read_when_the_place_field_gets_the_focus(
    open_desk, tmp_path: Path, qtbot
) -> None:
    _place_project(tmp_path / "places.db")
    gazetteer_places()  # compiled (or read from the cache) once per process: seconds at most
    window = open_desk(tmp_path / "places.db")
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.panel.label() is Label.PLACE
    qtbot.wait(50)  # room for a read that should not have started
    assert window.panel.place.count() == 0
    window.edit_attributes()
    qtbot.waitUntil(lambda: window.panel.place.count() > 1000)  # with the gazetteer's places
    items = [window.panel.place.itemData(i) for i in range(window.panel.place.count())]
    assert ("Aleppo", 170063) in items and ("Damascus", 170654) in items


def test_a_pause_checkpoints_the_decisions_into_the_file(desk: MainWindow, qtbot) -> None:
    path = Path(next(r[2] for r in desk.db.execute("PRAGMA database_list") if r[1] == "main"))
    desk._pause.setInterval(20)
    desk.session.checkpoint()
    QTest.keyClick(desk.view, Qt.Key.Key_Tab)
    QTest.keyClick(desk.view, Qt.Key.Key_A)
    assert _decisions_in_file(path) == 0  # committed to the write-ahead log only
    qtbot.waitUntil(lambda: _decisions_in_file(path) == 1)


def _decisions_in_file(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM spans WHERE annotator = 'ali'").fetchone()[0]
    finally:
        conn.close()
