"""ArticleView: literal RTL text, exact highlights, keyboard and mouse selection, zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from annotator.domain import Label
from annotator.gui.article_view import (
    CONFIRMED_PROPERTY,
    CURRENT_PROPERTY,
    SPAN_ID_PROPERTY,
    ArticleView,
    ViewSpan,
)
from tests.builders import large_article
from tests.gui.windows import CTRL, SHIFT

# Non-BMP characters (emoji, mathematical digit, Ugaritic) before and between spans.
TEXT = "😀 ”جيش الإسلام“ يعلن مقتل 𝟘45 من داعش 𐎀 بالقلمون 😀😀 السورية\nالمصدر: دمشق"


def spans_of(text: str) -> list[ViewSpan]:
    found = [
        ("جيش الإسلام", Label.ACTOR, True),
        ("45", Label.CASUALTY, False),
        ("داعش", Label.ACTOR, False),
        ("القلمون", Label.PLACE, True),
        ("دمشق", Label.PLACE, False),
    ]
    out = []
    for i, (surface, label, confirmed) in enumerate(found, start=1):
        start = text.index(surface)
        out.append(ViewSpan(i, start, start + len(surface), label, confirmed))
    return out


@pytest.fixture
def view(qtbot, show_focused) -> ArticleView:
    v = ArticleView()
    v.resize(700, 400)
    show_focused(v)
    return v


def selections_by_id(view: ArticleView) -> dict[int, object]:
    return {sel.format.property(SPAN_ID_PROPERTY): sel for sel in view.extraSelections()}


def test_highlights_cover_exact_text_after_non_bmp_chars(view: ArticleView) -> None:
    spans = spans_of(TEXT)
    view.set_article(TEXT, spans)
    sels = selections_by_id(view)
    assert set(sels) == {s.id for s in spans}
    for span in spans:
        cursor = sels[span.id].cursor
        assert cursor.selectedText() == TEXT[span.start : span.end]
        assert sels[span.id].format.property(CONFIRMED_PROPERTY) == span.confirmed


def test_suggestions_look_different_from_confirmed(view: ArticleView) -> None:
    view.set_article(TEXT, spans_of(TEXT))
    sels = selections_by_id(view)
    confirmed, suggested = sels[1].format, sels[3].format  # both ACTOR
    assert confirmed.background().color() != suggested.background().color()
    assert suggested.underlineStyle() != confirmed.underlineStyle()
    actor, place = sels[1].format, sels[4].format  # both confirmed
    assert actor.background().color() != place.background().color()


def test_markup_is_shown_literally(view: ArticleView) -> None:
    text = "<b>x</b> &amp; <i>قتل</i> <br>\n<script>alert(1)</script>"
    view.set_article(text, [ViewSpan(1, 3, 4, Label.ACTOR, True)])
    assert view.toPlainText() == text
    assert selections_by_id(view)[1].cursor.selectedText() == "x"


def test_always_right_to_left(view: ArticleView) -> None:
    view.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # e.g. an English UI
    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    view.set_article("Latin first line\nقتل 45 من داعش", [])
    option = view.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.RightToLeft
    # Even a line that starts with Latin letters starts at the right edge.
    cursor = QTextCursor(view.document())
    assert view.cursorRect(cursor).x() > view.viewport().width() * 0.6
    cursor.setPosition(view.document().findBlockByNumber(1).position())
    assert view.cursorRect(cursor).x() > view.viewport().width() * 0.6


def test_read_only_typing_changes_nothing(view: ArticleView, press) -> None:
    view.set_article(TEXT, [])
    press(Qt.Key.Key_A)
    press(Qt.Key.Key_Delete)
    press(Qt.Key.Key_Backspace)
    assert view.toPlainText() == TEXT


def test_shift_arrows_select_code_points_after_emoji(view: ArticleView, press, qtbot) -> None:
    text = "😀 جيش الإسلام 𝟘قتل 45"
    view.set_article(text, [])
    assert view.selected_range() is None
    with qtbot.waitSignal(view.selection_changed_range) as signal:
        press(Qt.Key.Key_Left, SHIFT)  # Left reads on in RTL text
    assert signal.args == [0, 1]
    press(Qt.Key.Key_Left, SHIFT, times=2)
    assert view.selected_range() == (0, 3)
    assert text[0:3] == "😀 ج"
    press(Qt.Key.Key_Right, SHIFT)
    assert view.selected_range() == (0, 2)
    press(Qt.Key.Key_Left)  # no shift: the selection goes, the caret stays
    assert view.selected_range() is None


def test_shift_ctrl_arrows_select_words(view: ArticleView, press) -> None:
    text = "😀 جيش الإسلام 𝟘قتل 45"
    view.set_article(text, [])
    press(Qt.Key.Key_Right)  # at the start already: nothing happens
    press(Qt.Key.Key_Left)  # caret after the emoji
    press(Qt.Key.Key_Left)  # after the space
    assert view.caret() == 2
    press(Qt.Key.Key_Left, SHIFT | CTRL, times=2)
    assert view.selected_range() == (2, 14)
    assert view.selected_range(trim=True) == (2, 13)
    assert text[2:13] == "جيش الإسلام"
    press(Qt.Key.Key_Left, SHIFT | CTRL)
    assert text[slice(*view.selected_range(trim=True))] == "جيش الإسلام 𝟘قتل"
    press(Qt.Key.Key_Right, SHIFT | CTRL)
    assert view.selected_range() == (2, 14)


def test_select_range_round_trips(view: ArticleView) -> None:
    view.set_article(TEXT, [])
    start = TEXT.index("بالقلمون")
    view.select_range(start, start + 8)
    assert view.selected_range() == (start, start + 8)
    assert view.textCursor().selectedText() == "بالقلمون"


def test_double_click_selects_a_word(view: ArticleView, qtbot) -> None:
    view.set_article(TEXT, spans_of(TEXT))
    start = TEXT.index("يعلن")
    view.select_range(start, start + 4)
    center = view.cursorRect().center()
    view.select_range(0, 0)
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(start + 2))
    point = view.cursorRect(cursor).center()
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected_range(trim=True) == (start, start + 4), center


def test_click_inside_span_emits_span_clicked(view: ArticleView, qtbot) -> None:
    spans = spans_of(TEXT)
    view.set_article(TEXT, spans)
    for span in spans:
        (rect,) = view.span_rects(span.id)
        with qtbot.waitSignal(view.span_clicked) as signal:
            qtbot.mouseClick(
                view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint()
            )
        assert signal.args == [span.id]
    # A click on text outside any span emits nothing.
    start = TEXT.index("يعلن")
    view.select_range(start + 1, start + 2)
    rect = view.cursorRect()
    view.select_range(0, 0)
    with qtbot.assertNotEmitted(view.span_clicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # Nor does a click in the empty left part of the short last line, beyond "دمشق".
    (place_rect,) = view.span_rects(5)
    blank = place_rect.center().toPoint()
    blank.setX(int(place_rect.left()) - 40)
    assert blank.x() > 0
    with qtbot.assertNotEmitted(view.span_clicked):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=blank)


def test_current_span_is_outlined_and_scrolled_into_view(view: ArticleView, qtbot) -> None:
    filler = "سطر من النص للملء.\n" * 80
    text = filler + "😀 قتل 45 من داعش"
    start = text.index("داعش")
    spans = [
        ViewSpan(7, start, start + 4, Label.ACTOR, False),
        ViewSpan(8, 0, 3, Label.PLACE, True),
    ]
    view.set_article(text, spans)
    assert view.verticalScrollBar().value() == 0
    view.set_current(7)
    assert view.current() == 7
    flags = {i: s.format.property(CURRENT_PROPERTY) for i, s in selections_by_id(view).items()}
    assert flags == {7: True, 8: False}
    assert view.caret() == start
    assert view.verticalScrollBar().value() > 0
    (rect,) = view.span_rects(7)
    assert view.viewport().rect().contains(rect.toRect())
    # The outline is painted: dark pixels along the frame's top edge.
    image = view.viewport().grab().toImage()
    y = int(rect.top()) + 1
    dark = [
        x for x in range(int(rect.left()), int(rect.right())) if image.pixelColor(x, y).value() < 80
    ]
    assert len(dark) > rect.width() * 0.5
    view.set_current(None)
    assert not any(s.format.property(CURRENT_PROPERTY) for s in view.extraSelections())


def test_set_spans_rebuilds_only_what_changed(view: ArticleView) -> None:
    spans = spans_of(TEXT)
    view.set_article(TEXT, spans)
    before = dict(view._selections)
    changed = ViewSpan(3, spans[2].start, spans[2].end, Label.ACTOR, True)
    view.set_spans([*spans[:2], changed, *spans[3:4]])  # span 5 removed, 3 accepted
    after = view._selections
    assert set(after) == {1, 2, 3, 4}
    assert all(after[i] is before[i] for i in (1, 2, 4))
    assert after[3] is not before[3]
    assert selections_by_id(view)[3].format.property(CONFIRMED_PROPERTY) is True


def test_span_outside_text_is_refused(view: ArticleView) -> None:
    view.set_article("قصير", [])
    with pytest.raises(ValueError, match="outside"):
        view.set_spans([ViewSpan(1, 2, 9, Label.PLACE, True)])


def test_span_at_prefers_the_shortest(view: ArticleView) -> None:
    view.set_article("القلمون الشرقي", [])
    view.set_spans([ViewSpan(1, 0, 14, Label.PLACE, True), ViewSpan(2, 0, 7, Label.PLACE, False)])
    assert view.span_at(3).id == 2
    assert view.span_at(10).id == 1
    assert view.span_at(14) is None


def test_zoom_keys_change_font_size(view: ArticleView, press, qtbot) -> None:
    view.set_article(TEXT, [])
    size = view.font_point_size()
    assert size == view.default_font_size
    with qtbot.waitSignal(view.font_size_changed) as signal:
        press(Qt.Key.Key_Equal, CTRL)
    assert signal.args == [size + 1]
    press(Qt.Key.Key_Plus, CTRL)
    assert view.font_point_size() == size + 2
    assert view.font_size == size + 2
    press(Qt.Key.Key_Minus, CTRL, times=3)
    assert view.font_point_size() == size - 1
    press(Qt.Key.Key_0, CTRL)
    assert view.font_point_size() == size
    view.font_size = 100
    assert view.font_point_size() == 48


def test_zoom_keys_only_while_the_view_has_focus(qtbot, press, show_focused) -> None:
    host = QWidget()
    view = ArticleView(host)
    other = QLineEdit(host)
    layout = QVBoxLayout(host)
    layout.addWidget(view)
    layout.addWidget(other)
    show_focused(host, focus=other)
    size = view.font_point_size()
    press(Qt.Key.Key_Equal, CTRL)
    assert view.font_point_size() == size


def test_a_large_article_builds_each_highlight_once_and_then_only_what_changed(
    view: ArticleView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps 1,200 spans on a 24,000-character article fast (bench/timings.py times it):
    one ExtraSelection per span at load, the selections applied once, and afterwards only the
    changed span and the new current one rebuilt."""
    text, raw = large_article(400)
    spans = [ViewSpan(*r) for r in raw]
    made: list[int] = []
    applied: list[int] = []
    make, apply = view._make_selection, view.setExtraSelections
    monkeypatch.setattr(view, "_make_selection", lambda s: made.append(s.id) or make(s))
    monkeypatch.setattr(
        view, "setExtraSelections", lambda sel: applied.append(len(sel)) or apply(sel)
    )
    view.set_article(text, spans)
    assert sorted(made) == [s.id for s in spans] and applied == [1200]
    made.clear()
    applied.clear()
    spans[600] = ViewSpan(600, spans[600].start, spans[600].end, Label.ACTOR, True)
    view.set_spans(spans)
    view.set_current(900)
    assert made == [600, 900] and applied == [1200, 1200]
    assert selections_by_id(view)[600].format.property(CONFIRMED_PROPERTY) is True
    sel = selections_by_id(view)[spans[-1].id]
    assert sel.cursor.selectedText() == text[spans[-1].start : spans[-1].end]
