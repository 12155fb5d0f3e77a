"""SpanPanel: every attribute edited from the keyboard, committed by Enter, Escape or focus-out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from annotator.domain import Label, Span
from annotator.gui.span_panel import UNKNOWN, SpanPanel

ACTORS = [
    ("ISIS", "داعش، تنظيم الدولة / Islamic State"),
    ("JAYSH_AL_ISLAM", "جيش الإسلام / Army of Islam"),
    ("SDF", "قسد، قوات سوريا الديمقراطية / Syrian Democratic Forces"),
    ("SYRIAN_GOVERNMENT", "قوات النظام، قوات الأسد / Syrian government forces"),
]
PLACES = [("دمشق", 170654), ("الحسكة", 173631), ("القلمون", None)]


@pytest.fixture
def host(show_focused):
    """A window with the panel and another widget that can take the focus."""
    widget = QWidget()
    widget.panel = SpanPanel(widget)
    widget.elsewhere = QLineEdit(widget)
    layout = QVBoxLayout(widget)
    layout.addWidget(widget.panel)
    layout.addWidget(widget.elsewhere)
    widget.panel.set_actor_choices(ACTORS)
    widget.panel.set_place_choices(PLACES)
    show_focused(widget, focus=widget.elsewhere)
    return widget


def focus_panel(qtbot, panel: SpanPanel) -> None:
    panel.focus_first_field()
    qtbot.waitUntil(lambda: panel.isAncestorOf(QApplication.focusWidget()))


def popup_visible(combo) -> bool:
    popup = combo.completer().popup()
    return popup.isVisible() and popup.model().rowCount() > 0


def test_casualty_from_the_keyboard_only(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.CASUALTY, "خمسةُ وأربعين", None)
    focus_panel(qtbot, panel)
    assert QApplication.focusWidget() is panel.victim  # the field corrected most often first
    type_text("civ")
    qtbot.waitUntil(lambda: popup_visible(panel.victim))
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)  # picks the completion, saves and moves on
    assert panel.victim.currentText() == "CIVILIANS"  # the canonical id, not the long name
    panel.count.setFocus()
    type_text("٣٥")  # Eastern Arabic digits
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.kind
    type_text("w")  # keyboard search in the combo: wounded
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.qualifier
    press(Qt.Key.Key_Down, times=2)  # (not set) -> exact -> at_least
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    expected = {"count": 35, "kind": "wounded", "qualifier": "at_least", "victim": "CIVILIANS"}
    assert signal.args == [expected]
    Span(0, 5, Label.CASUALTY, signal.args[0]).check("x" * 5)  # valid for the codebook


def test_tab_order_victim_count_kind_qualifier(host, qtbot, press) -> None:
    panel = host.panel
    panel.show_span(Label.CASUALTY, "3", {"count": 3})
    focus_panel(qtbot, panel)
    seen = [QApplication.focusWidget()]
    for _ in range(3):
        press(Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [panel.victim, panel.count, panel.kind, panel.qualifier]


def test_vague_count_and_unknown_victim_are_null(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(
        Label.CASUALTY,
        "عشرات",
        {"count": 12, "kind": "killed", "qualifier": "exact", "victim": "ISIS"},
    )
    focus_panel(qtbot, panel)
    assert QApplication.focusWidget() is panel.victim
    assert panel.victim.lineEdit().selectedText() == "ISIS"  # selected on entry
    type_text(UNKNOWN)
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.count
    press(Qt.Key.Key_Backspace)  # the value is selected on entry
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args == [{"count": None, "kind": "killed", "qualifier": "exact", "victim": None}]


@pytest.mark.parametrize("case", [("١٢", 12), ("۳", 3), ("45", 45), ("4٥", 45)])
def test_count_accepts_western_and_eastern_arabic_digits(host, qtbot, press, type_text, case):
    typed, count = case
    panel = host.panel
    panel.show_span(Label.CASUALTY, typed, {})
    focus_panel(qtbot, panel)
    press(Qt.Key.Key_Tab)  # victim -> count
    type_text(typed + "x-.")  # non-digits are refused as they are typed
    assert panel.count.text() == typed
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args[0]["count"] == count


def test_actor_completion_from_the_keyboard(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.ACTOR, "جيش الإسلام", {})
    assert panel.surface.text() == "جيش الإسلام"
    focus_panel(qtbot, panel)
    type_text("ARMY")  # matches anywhere, in any case
    qtbot.waitUntil(lambda: popup_visible(panel.actor))
    assert panel.actor.completer().completionCount() == 1
    press(Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args == [{"actor": "JAYSH_AL_ISLAM"}]


def test_actor_completion_on_arabic_names(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.ACTOR, "قوات الأسد", {"actor": "ISIS"})
    assert panel.actor.currentText().startswith("ISIS")
    focus_panel(qtbot, panel)
    panel.actor.lineEdit().selectAll()
    type_text("الأسد")
    qtbot.waitUntil(lambda: popup_visible(panel.actor))
    press(Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args == [{"actor": "SYRIAN_GOVERNMENT"}]


def question_focused(panel: SpanPanel) -> bool:
    """The new-id question is open and has the keyboard focus (it answers key presses)."""
    question = panel.question
    return question is not None and question.isAncestorOf(QApplication.focusWidget())


def test_new_actor_id_only_after_a_yes(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.ACTOR, "لواء القدس", {})
    focus_panel(qtbot, panel)
    type_text("liwa al quds")  # no completion matches
    with qtbot.assertNotEmitted(panel.attrs_edited):
        press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: question_focused(panel))
        assert "LIWA_AL_QUDS" in panel.question.text()
        assert "not in the actor catalogue" in panel.message.text()
        press(Qt.Key.Key_N)  # no: back to the field to correct it
        qtbot.waitUntil(lambda: panel.question is None)
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (panel.actor, panel.actor.lineEdit()))
    assert panel.pending()
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: question_focused(panel))
    with qtbot.waitSignals([panel.attrs_edited, panel.entered]):
        press(Qt.Key.Key_Y)  # yes: stored as a new id
    assert panel.current_attrs() == {"actor": "LIWA_AL_QUDS"}
    assert not panel.pending()


def test_typed_names_resolve_to_the_catalogue_id(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.CASUALTY, "3", {"count": 3})
    focus_panel(qtbot, panel)
    type_text("داعش")  # the Arabic name, no completion picked
    press(Qt.Key.Key_Escape)  # closes the completion, if open
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args[0]["victim"] == "ISIS"
    assert panel.victim.currentText() == "ISIS"
    focus_panel(qtbot, panel)
    type_text("civ")  # was stored as "CIV"
    press(Qt.Key.Key_Escape)
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args[0]["victim"] == "CIVILIANS"


def test_an_ambiguous_name_lists_the_candidates(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.ACTOR, "قوات", {})
    focus_panel(qtbot, panel)
    type_text("s")  # SDF and SYRIAN_GOVERNMENT
    press(Qt.Key.Key_Escape)
    with qtbot.assertNotEmitted(panel.attrs_edited):
        press(Qt.Key.Key_Return)
    assert "SDF" in panel.message.text() and "SYRIAN_GOVERNMENT" in panel.message.text()
    assert panel.pending()


def test_escape_in_open_completion_only_closes_it(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.ACTOR, "داعش", {})
    focus_panel(qtbot, panel)
    type_text("is")
    qtbot.waitUntil(lambda: popup_visible(panel.actor))
    with qtbot.assertNotEmitted(panel.done_editing), qtbot.assertNotEmitted(panel.attrs_edited):
        press(Qt.Key.Key_Escape)
    assert not panel.actor.completer().popup().isVisible()
    assert QApplication.focusWidget() is panel.actor
    with qtbot.waitSignals([panel.attrs_edited, panel.done_editing]):
        press(Qt.Key.Key_Escape)


def test_invalid_actor_id_is_not_committed(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.ACTOR, "؟", {})
    focus_panel(qtbot, panel)
    type_text("?!")
    with qtbot.assertNotEmitted(panel.attrs_edited):
        press(Qt.Key.Key_Return)
    assert "solid" in panel.actor.styleSheet()


def test_place_with_geonames_id(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.PLACE, "الحسكة", {})
    focus_panel(qtbot, panel)
    type_text("حسك")
    qtbot.waitUntil(lambda: popup_visible(panel.place))
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.geonames.text() == "173631")
    assert panel.current_attrs() == {"place": "الحسكة", "geonames_id": 173631}


def test_place_without_choice_and_id_by_hand(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.PLACE, "الباغوز", {})
    focus_panel(qtbot, panel)
    type_text("الباغوز فوقاني")  # no completion matches
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is panel.geonames
    type_text("١٧٠")
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        press(Qt.Key.Key_Return)
    assert signal.args == [{"place": "الباغوز فوقاني", "geonames_id": 170}]


def test_escape_commits_and_returns(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.CASUALTY, "3", {"count": 3})
    focus_panel(qtbot, panel)
    press(Qt.Key.Key_Tab)  # victim -> count
    assert panel.count.selectedText() == "3"  # entering the field selects its value
    type_text("30")
    with qtbot.waitSignals([panel.attrs_edited, panel.done_editing]):
        press(Qt.Key.Key_Escape)
    assert panel.current_attrs()["count"] == 30


def test_focus_out_commits(host, qtbot, press, type_text) -> None:
    panel = host.panel
    panel.show_span(Label.CASUALTY, "9", {})
    focus_panel(qtbot, panel)
    press(Qt.Key.Key_Tab)  # victim -> count
    type_text("9")
    with qtbot.waitSignal(panel.attrs_edited) as signal:
        host.elsewhere.setFocus()
    assert signal.args[0]["count"] == 9


def test_nothing_emitted_without_a_change(host, qtbot, press) -> None:
    panel = host.panel
    attrs = {"count": 45, "kind": "killed", "qualifier": "exact", "victim": "ISIS"}
    with qtbot.assertNotEmitted(panel.attrs_edited):
        panel.show_span(Label.CASUALTY, "45", attrs)
        focus_panel(qtbot, panel)
        press(Qt.Key.Key_Tab)
        press(Qt.Key.Key_Return)
        host.elsewhere.setFocus()
        qtbot.waitUntil(host.elsewhere.hasFocus)
    assert panel.current_attrs() == attrs


def test_show_span_fills_fields_per_label(host) -> None:
    panel = host.panel
    panel.show_span(Label.PLACE, "دمشق", {"place": "دمشق", "geonames_id": 170654})
    assert panel.place.currentText() == "دمشق"
    assert panel.geonames.text() == "170654"
    assert panel.place.isVisibleTo(host) and not panel.count.isVisibleTo(host)
    panel.show_span(Label.CASUALTY, "<b>3</b>", {"count": 3, "victim": "CIVILIANS"})
    assert panel.surface.text() == "<b>3</b>"
    assert panel.surface.textFormat() == Qt.TextFormat.PlainText
    assert panel.kind.currentData() is None
    assert panel.victim.currentText() == "CIVILIANS"
    panel.show_span(None, "", None)
    assert panel.label() is None and panel.current_attrs() is None
