"""The review window end to end: two coders' work in a real database, adjudicated by key presses."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.domain import GOLD, ArticleState, Label, Span
from annotator.gui.review.review_rows import describe
from annotator.gui.review.review_window import ReviewWindow
from annotator.services.coding import CodingSession
from annotator.store import gold as gold_store
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import CASUALTY, TEXT, at
from tests.gui.desk_driver import make_review_project
from tests.gui.windows import (
    ALT,
    CTRL,
    SHIFT,
    current_surface,
    focus_view,
    show_window,
)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, tuple[int, int, int]]:
    path = tmp_path / "review.db"
    return path, make_review_project(path)


@pytest.fixture
def review(open_review, project) -> ReviewWindow:
    return open_review(project[0])


def surfaces(window: ReviewWindow) -> list[str]:
    return [TEXT[r.start : r.end] for r in window.rows]


def gold_layer(window: ReviewWindow, article_id: int) -> dict[str, tuple]:
    """Gold spans by surface: (label, attrs, sorted (source coder, source surface))."""
    text = repo.get_article(window.db, article_id).text
    rows = gold_store.gold_spans(window.db, article_id)
    sources = gold_store.sources_of(window.db, [r.id for r in rows])
    out = {}
    for r in rows:
        from_ = []
        for s in sources[r.id]:
            span = repo.get_span(window.db, s.span_id)
            from_.append((s.annotator, text[span.start : span.end]))
        assert r.annotator == GOLD and r.status.value == "added"
        out[text[r.start : r.end]] = (r.label.value, dict(r.span.attrs), sorted(from_))
    return out


def no_audit(dump, db):
    return dump(db, skip=("audit", "sqlite_sequence"))


def test_every_disagreement_type_with_each_coders_version(review: ReviewWindow, press) -> None:
    assert review.article_id == 1 and review.coders == ["ali", "bea"]
    assert surfaces(review) == ["أعلن", "داعش", "45", "قوات النظام", "دير الزور"]
    assert [r.kind for r in review.rows] == ["missing", "agreed", "attribute", "boundary", "label"]
    table = review.table
    assert table.columnCount() == 4  # kind, ali, bea, gold
    assert table.horizontalHeaderItem(1).text() == "1  ali"
    kinds = [table.cell_text(r, 0) for r in range(5)]
    assert kinds == [
        "missing span",
        "agreed",
        "different attributes",
        "different boundaries",
        "different label",
    ]
    assert table.cell_text(0, 1) == "—"
    assert table.cell_text(0, 2) == "‘أعلن’ PLACE"
    assert table.cell_text(2, 1) == "‘45’ CASUALTY count=45, kind=killed, qualifier=exact"
    assert table.cell_text(2, 2) == "‘45’ CASUALTY count=45, kind=wounded, qualifier=exact"
    assert table.cell_text(3, 2) == "‘النظام’ ACTOR actor=SYRIAN_GOVERNMENT"
    assert table.cell_text(4, 2) == "‘دير الزور’ ACTOR"
    assert all(table.cell_text(r, 3) == "open" for r in range(5))
    # the first item to decide is current: framed in the article, with each coder's mark
    assert review.current == 0 and review.view.item() == at(TEXT, "أعلن")
    assert [(m.index, m.start, m.end) for m in review.view.marks()] == [(1, 0, 4)]
    assert "Item 1 of 5: missing span" in review.panel.item_title.text()
    # Tab to the boundary disagreement: both coders' spans marked, in their own extent
    press(Qt.Key.Key_Tab, times=3)
    assert current_surface(review) == "قوات النظام"
    marks = [(m.index, TEXT[m.start : m.end]) for m in review.view.marks()]
    assert marks == [(0, "قوات النظام"), (1, "النظام")]
    # undecided versions are shown in the article as pale (unconfirmed) highlights
    shown = {(s.start, s.end, s.label.value, s.confirmed) for s in review.view.spans()}
    assert (*at(TEXT, "النظام"), "ACTOR", False) in shown


def test_adjudicate_with_keys_only(review: ReviewWindow, qtbot, press, type_text, dump) -> None:
    db, first = review.db, review.article_id
    before = no_audit(dump, db)
    press(Qt.Key.Key_A, CTRL | SHIFT)  # accept the one agreed span
    assert review.session.undo_label == "Accept agreed spans (1)"
    assert review.table.cell_text(1, 3) == "✓ ‘داعش’ ACTOR actor=ISIS"
    assert current_surface(review) == "أعلن"  # still the first item to decide
    press(Qt.Key.Key_A)  # not agreed: A does nothing but say so
    assert "disagree" in review.status.hint.text()
    press(Qt.Key.Key_R)  # reject all versions of أعلن; on to the next open item
    assert review.table.cell_text(0, 3) == "✗ rejected"
    assert current_surface(review) == "45"
    press(Qt.Key.Key_2, ALT)  # bea's version: kind wounded
    assert review.session.undo_label == "Take bea’s version of ‘45’"
    assert current_surface(review) == "قوات النظام"
    press(Qt.Key.Key_1, ALT)  # ali's boundaries
    assert current_surface(review) == "دير الزور"
    assert not gold_store.is_adjudicated(db, first)
    press(Qt.Key.Key_1, ALT)  # ali's label: PLACE
    assert gold_store.is_adjudicated(db, first)
    assert "Adjudicated" in review.status.hint.text()
    # edit the gold 45: victim ISIS, through the side panel
    press(Qt.Key.Key_Tab, SHIFT)
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(review) == "45"
    press(Qt.Key.Key_E)
    panel = review.panel.span_panel
    assert QApplication.focusWidget() in (panel.victim, panel.victim.lineEdit())  # victim first
    type_text("ISIS")
    qtbot.waitUntil(lambda: panel.victim.completer().popup().isVisible())
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)  # picks the completion, saves, back to the article
    qtbot.waitUntil(review.view.hasFocus)
    assert review.session.undo_label == "Edit gold ‘45’"
    assert gold_layer(review, first) == {
        "داعش": ("ACTOR", {"actor": "ISIS"}, [("ali", "داعش"), ("bea", "داعش")]),
        "45": ("CASUALTY", {**CASUALTY, "kind": "wounded", "victim": "ISIS"}, [("bea", "45")]),
        "قوات النظام": (
            "ACTOR",
            {"actor": "SYRIAN_GOVERNMENT"},
            [("ali", "قوات النظام")],
        ),
        "دير الزور": ("PLACE", {}, [("ali", "دير الزور")]),
    }
    assert gold_store.is_adjudicated(db, first)
    # overruled and rejected versions are recorded as such
    rejected = {
        (s.annotator, TEXT[s.span.start : s.span.end], s.span.label.value)
        for row in review.rows
        for s in row.item.cluster.spans
        if s.id in gold_store.rejected_sources(db, first)
    }
    assert rejected == {
        ("bea", "أعلن", "PLACE"),
        ("ali", "45", "CASUALTY"),
        ("bea", "النظام", "ACTOR"),
        ("bea", "دير الزور", "ACTOR"),
    }
    model = review.model
    assert model.data(model.index(0, model.GOLD)) == "adjudicated"
    assert review.status.progress.text() == "Adjudicated 1 / 3"
    # undo everything: the database is exactly as before; redo gets it all back
    after = no_audit(dump, db)
    steps = len(review.session.stack)
    assert steps == 6
    for _ in range(steps):
        press(Qt.Key.Key_Z, CTRL)
    assert not review.actions["undo"].isEnabled()
    assert no_audit(dump, db) == before
    assert not gold_store.is_adjudicated(db, first)
    assert all(review.table.cell_text(r, 3) == "open" for r in range(5))
    for _ in range(steps):
        press(Qt.Key.Key_Z, CTRL | SHIFT)
    assert no_audit(dump, db) == after
    assert review.actions["undo"].text() == "&Undo Edit gold ‘45’"


def test_edit_gold_span_label_and_boundaries(review: ReviewWindow, press) -> None:
    db, first = review.db, review.article_id
    for _ in range(3):
        press(Qt.Key.Key_Tab)
    assert current_surface(review) == "قوات النظام"
    press(Qt.Key.Key_2, ALT)  # bea's "النظام"
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(review) == "قوات النظام"
    press(Qt.Key.Key_Right, ALT | SHIFT)  # grow at the beginning: back to "قوات النظام"
    (gold,) = review.current_row().gold
    assert TEXT[gold.start : gold.end] == "قوات النظام"
    press(Qt.Key.Key_2)  # relabel PLACE (attributes reset for the new label)
    (gold,) = review.current_row().gold
    assert (gold.label, gold.span.attrs) == (Label.PLACE, {})
    sources = gold_store.sources_of(db, [gold.id])[gold.id]
    assert [s.annotator for s in sources] == ["bea"]  # the edit keeps the provenance
    # a selection becomes the gold span's new extent
    review.view.select_range(*at(TEXT, "النظام"))
    press(Qt.Key.Key_1)
    (gold,) = review.current_row().gold
    assert (TEXT[gold.start : gold.end], gold.label) == ("النظام", Label.ACTOR)
    # a selection where no gold span is: a new gold span without sources
    review.view.select_range(*at(TEXT, "مقتل"))
    press(Qt.Key.Key_2)
    added = [r for r in review.rows if r.item is None]
    assert [TEXT[r.start : r.end] for r in added] == ["مقتل"]
    assert review.table.cell_text(review.rows.index(added[0]), 0) == "added by the lead"
    review.set_current(review.rows.index(added[0]))
    press(Qt.Key.Key_Delete)  # R / Delete on the lead's own span removes it
    assert all(r.item is not None for r in review.rows)
    assert not gold_store.is_adjudicated(db, first)


def test_reopen_and_the_next_article_to_adjudicate(review: ReviewWindow, press) -> None:
    first, db = review.article_id, review.db
    press(Qt.Key.Key_R)  # أعلن rejected
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(review) == "أعلن" and not review.current_row().open
    press(Qt.Key.Key_Backspace)  # reopen it
    assert review.current_row().open and review.table.cell_text(0, 3) == "open"
    assert gold_store.rejected_sources(db, first) == set()
    press(Qt.Key.Key_PageDown, CTRL)  # the next article not adjudicated
    assert review.article_id == 2
    assert [r.kind for r in review.rows] == ["agreed", "agreed"]
    press(Qt.Key.Key_A, CTRL | SHIFT)
    assert gold_store.is_adjudicated(db, 2)
    press(Qt.Key.Key_PageDown, CTRL)
    assert review.article_id == 3  # only ali finished it: nothing to compare
    assert review.coders == ["ali"] and review.rows == []
    press(Qt.Key.Key_PageDown, CTRL)
    assert review.article_id == 3 and "No other article" in review.status.hint.text()
    press(Qt.Key.Key_PageUp, CTRL)
    assert review.article_id == first  # article 2 is adjudicated: skipped
    press(Qt.Key.Key_PageDown, CTRL | SHIFT)
    assert review.article_id == 2
    # undo from another article goes back to where the step was done
    press(Qt.Key.Key_PageDown, CTRL | SHIFT)
    press(Qt.Key.Key_Z, CTRL)
    assert review.article_id == 2 and not gold_store.is_adjudicated(db, 2)


def test_choose_the_coders_to_compare(review: ReviewWindow, qtbot, press) -> None:
    press(Qt.Key.Key_C, CTRL | SHIFT)
    coders = review.panel.coders
    assert QApplication.focusWidget() is coders
    assert [coders.item(i).text() for i in range(coders.count())] == ["1  ali", "2  bea", "cem"]
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)  # uncheck bea: ali alone agrees with herself everywhere
    qtbot.waitUntil(lambda: review.coders == ["ali"])
    assert review.pinned == ["ali"]
    assert [r.kind for r in review.rows] == ["agreed"] * 4
    assert review.table.columnCount() == 3
    assert not review.actions["take_2"].isVisible()
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(review.view.hasFocus)
    press(Qt.Key.Key_PageDown, CTRL | SHIFT)  # the choice holds on the next article
    assert review.article_id == 2 and review.coders == ["ali"]
    press(Qt.Key.Key_F, ALT)  # back to: the coders who finished each article
    qtbot.waitUntil(lambda: review.pinned is None)  # a button's mnemonic animates its click
    assert review.coders == ["ali", "bea"]


def test_list_filters_show_the_right_articles(review: ReviewWindow, qtbot, press) -> None:
    first, second, third = 1, 2, 3
    lst, model = review.list, review.model
    assert model.ids() == [first, second, third]  # done by at least one coder
    press(Qt.Key.Key_D, ALT)  # has disagreements: yes
    assert QApplication.focusWidget() is lst.disagreements
    press(Qt.Key.Key_Down)
    assert model.ids() == [first]
    press(Qt.Key.Key_Down)  # no
    assert model.ids() == [second, third]
    press(Qt.Key.Key_Up, times=2)  # any
    press(Qt.Key.Key_G, ALT)  # flagged: yes
    press(Qt.Key.Key_Down)
    assert model.ids() == [third]
    press(Qt.Key.Key_Up)
    press(Qt.Key.Key_L, ALT)  # done by at least 2
    press(Qt.Key.Key_Up)
    assert model.ids() == [first, second]
    press(Qt.Key.Key_B, ALT)  # coded by cem (a flag counts)
    for _ in range(3):
        press(Qt.Key.Key_Down)
    assert lst.coded_by.currentText() == "cem" and model.ids() == []
    press(Qt.Key.Key_Up)  # bea
    assert model.ids() == [first, second]
    press(Qt.Key.Key_S, ALT)
    assert QApplication.focusWidget() is lst.search
    press(Qt.Key.Key_B)  # "b" matches b.txt and nothing else
    press(Qt.Key.Key_Return)
    assert model.ids() == [second]
    assert model.data(model.index(0, model.DONE_BY)) == "ali, bea"
    lst.search.clear()
    lst.apply_filter()
    # adjudicated: yes / no, kept up to date after a decision
    review.focus_article()
    qtbot.waitUntil(review.view.hasFocus)
    press(Qt.Key.Key_PageDown, CTRL | SHIFT)
    assert review.article_id == second
    press(Qt.Key.Key_A, CTRL | SHIFT)
    press(Qt.Key.Key_J, ALT)
    press(Qt.Key.Key_Down)
    assert model.ids() == [second]
    assert review.status.progress.text() == "Adjudicated 1 / 1"
    press(Qt.Key.Key_Down)
    assert model.ids() == [first]
    assert repo.get_state(review.db, third, "cem").state is ArticleState.FLAGGED


def test_review_keys_are_valid_and_listed(qtbot, show_focused, press) -> None:
    from PySide6.QtGui import QKeySequence

    from annotator.gui.cheat_sheet import REVIEW, CheatSheet, all_entries, key_sequences

    bound = [s.toString() for a in REVIEW.shortcuts for s in key_sequences(a, REVIEW)]
    assert len(bound) == len(set(bound))
    for action, (keys, description) in REVIEW.shortcuts.items():
        assert QKeySequence(keys).toString() == keys, action
        assert description[0].isupper(), action
        combo = QKeySequence(keys)[0]
        plain = combo.keyboardModifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.ShiftModifier,
        )
        if plain and combo.key() not in (Qt.Key.Key_F1,):
            assert action in REVIEW.view_scoped, action
    listed = [a for _, actions in REVIEW.sections for a in actions]
    assert sorted(listed) == sorted([*REVIEW.shortcuts, *REVIEW.built_in])
    sheet = CheatSheet(None, REVIEW)
    show_focused(sheet, focus=sheet.table)
    cells = {
        sheet.table.item(r, 1).text()
        for r in range(sheet.table.rowCount())
        if sheet.table.item(r, 1) is not None
    }
    for _section, _action, _keys, description in all_entries(REVIEW):
        assert description in cells
    assert "Take coder 2’s version of the current item into gold" in cells


def test_help_and_the_review_menu_of_the_desk(tmp_path: Path, qtbot, press) -> None:
    from annotator.gui.main_window import MainWindow

    make_review_project(tmp_path / "r.db")
    desk = MainWindow(open_store(tmp_path / "r.db"), "ali", clock=lambda: 0.0)
    show_window(qtbot, desk, focus=focus_view)
    menus = [a.text() for a in desk.menuBar().actions()]
    assert "&Review" in menus
    press(Qt.Key.Key_R, CTRL | SHIFT)
    window = desk.findChild(ReviewWindow)
    assert window is not None and window.isVisible()
    qtbot.waitUntil(window.view.hasFocus)
    press(Qt.Key.Key_F1)
    sheet = window._dialogs["shortcuts"]
    qtbot.waitUntil(lambda: sheet.isAncestorOf(QApplication.focusWidget()))
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sheet.isVisible())
    qtbot.waitUntil(window.view.hasFocus)
    press(Qt.Key.Key_W, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible())
    desk.close()
    desk.db.close()


def test_describe_matches_the_table() -> None:
    span = Span(*at(TEXT, "45"), Label.CASUALTY, {**CASUALTY, "victim": None})
    assert describe(span, TEXT) == "‘45’ CASUALTY count=45, kind=killed, qualifier=exact"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_screenshot_shows_gold_versions_and_marks(
    open_review, project, qapp, *, tmp_path: Path, press, lang: str
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QImage

    from annotator.gui import colors, i18n
    from annotator.gui.review.review_rows import coder_color
    from annotator.gui.screenshot import grab_to_png

    assert i18n.install_language(qapp, lang)
    try:
        window = open_review(project[0])
        press(Qt.Key.Key_A, CTRL | SHIFT)  # داعش into gold
        press(Qt.Key.Key_Tab, times=3)
        assert current_surface(window) == "قوات النظام"
        path = grab_to_png(window, tmp_path / f"review-{lang}.png", (1400, 850))
        image = QImage(str(path))
        assert (image.width(), image.height()) == (1400, 850)

        def pixel(rect, corner: bool = False) -> QColor:
            at_ = rect.topLeft().toPoint() + QPoint(2, 2) if corner else rect.center().toPoint()
            return image.pixelColor(window.view.viewport().mapTo(window, at_))

        (gold,) = window.rows[1].gold
        (rect,) = window.view.span_rects(gold.id)
        assert pixel(rect, corner=True) == QColor(colors.ACTOR.confirmed)  # gold: a solid highlight
        bars = [window.view.mark_rects(m)[0] for m in window.view.marks()]
        assert [pixel(b) for b in bars] == [QColor(coder_color(0)), QColor(coder_color(1))]
        assert bars[1].width() < bars[0].width()  # bea's "النظام" is shorter than ali's span
        x = {w: w.mapTo(window, w.rect().center()).x() for w in (window.list, window.view)}
        x[window.panel] = window.panel.mapTo(window, window.panel.rect().center()).x()
        if lang == "ar":  # mirrored: the list on the right, the panel on the left
            assert x[window.list] > x[window.view] > x[window.panel]
            assert window.table.horizontalHeaderItem(0).text() == "النوع"
            assert window.actions["undo"].text() == "تراجع (&U) قبول المقاطع المتفق عليها (1)"
        else:
            assert x[window.list] < x[window.view] < x[window.panel]
        assert window.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # the article runs right to left: the first word sits at the right
        (first_word,) = window.view.range_rects(0, 4)
        assert first_word.center().x() > window.view.viewport().width() / 2
    finally:
        i18n.install_language(qapp, "en")


def test_review_strings_are_translated() -> None:
    import xml.etree.ElementTree as ET

    from annotator.gui import i18n
    from annotator.gui.review.review_window import SESSION_STRINGS
    from annotator.services.review import LABELS

    assert set(SESSION_STRINGS) == set(LABELS.values())
    root = ET.parse(i18n.I18N_DIR / "annotator_ar.ts").getroot()
    found = {
        (ctx.findtext("name"), m.findtext("source")): m.findtext("translation")
        for ctx in root
        for m in ctx.iter("message")
    }
    for template in LABELS.values():
        assert found.get(("ReviewSession", template)), template
    # strings of the window's mixins are looked up in the window's context
    for path in ("review/review_current.py", "review/review_decisions.py"):
        text = (Path(i18n.__file__).parent / path).read_text("utf-8")
        assert "self.tr(" not in text
        calls = [
            node.args
            for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "translate"
        ]
        assert len(calls) > 3
        for context, literal in calls:
            assert context.value == "ReviewWindow"
            assert found.get(("ReviewWindow", literal.value)), literal.value


def test_the_item_table_and_the_list_by_keyboard_and_mouse(review: ReviewWindow, qtbot, press):
    table = review.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    press(Qt.Key.Key_Down)  # the table's own keys move the current item
    assert review.current == 1 and review.view.item() == at(TEXT, "داعش")
    press(Qt.Key.Key_Tab)  # review keys work in the table too
    assert review.current == 2 and table.currentRow() == 2
    press(Qt.Key.Key_2, ALT)
    assert review.rows[2].gold and review.current == 3
    # a click on a span in the article makes its item current
    review.view.span_clicked.emit(review.rows[4].item.key[0])
    assert review.current == 4
    # Ctrl+L: the article list; Enter opens an article, Escape comes back
    press(Qt.Key.Key_L, CTRL)
    assert QApplication.focusWidget() is review.list.table
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(review.view.hasFocus)
    assert review.article_id == 2
    press(Qt.Key.Key_L, CTRL)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(review.view.hasFocus)


def test_a_stale_item_is_refused_and_shown_again(review: ReviewWindow, qtbot, press) -> None:
    from PySide6.QtWidgets import QMessageBox

    bea = CodingSession(review.db, "bea")
    bea.reject(review.rows[0].item.key[0])  # bea drops "أعلن" while the lead looks at it
    assert current_surface(review) == "أعلن"
    press(Qt.Key.Key_R)
    box = review._dialogs["error"]
    assert isinstance(box, QMessageBox) and "changed since" in box.informativeText()
    assert review.status.saved.text() == "Not saved"
    assert surfaces(review) == ["داعش", "45", "قوات النظام", "دير الزور"]  # read again
    box.accept()
    qtbot.waitUntil(review.view.hasFocus)
    assert review.session.undo_label is None


def test_enter_accepts_the_decided_item_and_moves_on(review: ReviewWindow, press) -> None:
    """Enter is "accept and next", as on the desk: on an item already decided (a version
    taken, all rejected, a gold span of the lead's own) it keeps the decision and goes on to
    the next item to decide; on an open disagreement it takes nothing."""
    db, first = review.db, review.article_id
    press(Qt.Key.Key_Tab, times=2)
    assert current_surface(review) == "45"
    press(Qt.Key.Key_Return)  # the coders disagree: nothing is taken, the item stays current
    assert current_surface(review) == "45" and "disagree" in review.status.hint.text()
    assert gold_layer(review, first) == {}
    press(Qt.Key.Key_2, ALT)  # bea's version, on to the next open item
    assert current_surface(review) == "قوات النظام"
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(review) == "45" and not review.current_row().open
    decided = gold_layer(review, first)
    press(Qt.Key.Key_Return)  # bea's version stays gold; on to the next item to decide
    assert current_surface(review) == "قوات النظام" and review.current_row().open
    assert gold_layer(review, first) == decided
    assert review.session.undo_label == "Take bea’s version of ‘45’"
    press(Qt.Key.Key_R)  # all versions of قوات النظام rejected; on to دير الزور
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(review) == "قوات النظام" and not review.current_row().open
    press(Qt.Key.Key_Return)  # a rejection is a decision too
    assert current_surface(review) == "دير الزور"
    # a gold span of the lead's own: Enter keeps it and goes on to the next item to decide
    review.view.select_range(*at(TEXT, "مقتل"))
    press(Qt.Key.Key_2)
    (own,) = [i for i, r in enumerate(review.rows) if r.item is None]
    review.set_current(own)
    press(Qt.Key.Key_Return)
    assert review.current_row().open
    assert [r.item for r in review.rows].count(None) == 1
    assert not gold_store.is_adjudicated(db, first)


def test_enter_in_the_gold_panel_saves_and_moves_on(
    review: ReviewWindow, qtbot, press, type_text
) -> None:
    """E, an attribute typed, Enter: the gold span saved with it and, as on the desk, on to the
    next item to decide."""
    first = review.article_id
    press(Qt.Key.Key_Tab, times=2)
    press(Qt.Key.Key_2, ALT)  # bea's 45; on to قوات النظام
    press(Qt.Key.Key_Tab, SHIFT)
    assert current_surface(review) == "45"
    press(Qt.Key.Key_E)
    panel = review.panel.span_panel
    assert QApplication.focusWidget() in (panel.victim, panel.victim.lineEdit())
    type_text("ISIS")
    qtbot.waitUntil(lambda: panel.victim.completer().popup().isVisible())
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)  # picks the completion, saves, on to the next item to decide
    qtbot.waitUntil(review.view.hasFocus)
    assert review.session.undo_label == "Edit gold ‘45’"
    assert gold_layer(review, first)["45"][1]["victim"] == "ISIS"
    assert current_surface(review) == "قوات النظام" and review.current_row().open
