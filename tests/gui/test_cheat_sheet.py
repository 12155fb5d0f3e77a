"""The shortcut table is the single source of keys, and F1's dialog shows all of it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from annotator.gui.cheat_sheet import (
    ALIASES,
    BUILT_IN,
    OWNED_BY_WIDGETS,
    SECTIONS,
    SHORTCUTS,
    VIEW_SCOPED,
    CheatSheet,
    all_entries,
    key_sequences,
)
from annotator.gui.legend import LABEL_ACTIONS, Legend

REQUIRED = {
    "next_span",
    "previous_span",
    "accept",
    "reject",
    "label_actor",
    "label_place",
    "label_casualty",
    "grow_start",
    "grow_end",
    "shrink_start",
    "shrink_end",
    "accept_all",
    "next_article",
    "previous_article",
    "mark_done",
    "skip",
    "flag",
    "undo",
    "redo",
    "edit_attributes",
    "zoom_in",
    "zoom_out",
    "help",
}


def test_every_desk_action_has_one_valid_key() -> None:
    assert set(SHORTCUTS) >= REQUIRED
    for action, (keys, description) in SHORTCUTS.items():
        sequence = QKeySequence(keys)
        assert sequence.count() == 1, action
        assert sequence.toString() == keys, action  # round-trips: no typo in the key name
        assert description and description[0].isupper(), action


def test_no_two_bindings_share_a_key() -> None:
    bound = [s.toString() for action in SHORTCUTS for s in key_sequences(action)]
    assert len(bound) == len(set(bound))
    assert set(ALIASES) <= set(SHORTCUTS)
    assert set(SHORTCUTS) >= VIEW_SCOPED and set(SHORTCUTS) >= OWNED_BY_WIDGETS


EDITING_KEYS = (
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
)


def test_keys_that_type_or_edit_are_view_scoped() -> None:
    """Plain letters, digits, Tab, Enter, Delete: bound only in the view, so fields still work."""
    for action in SHORTCUTS:
        for sequence in key_sequences(action):
            combo = sequence[0]
            plain = combo.keyboardModifiers() in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.ShiftModifier,
            )
            key = combo.key()
            types_text = Qt.Key.Key_Space <= key <= Qt.Key.Key_AsciiTilde
            if plain and (types_text or key in EDITING_KEYS):
                assert action in VIEW_SCOPED, (action, sequence.toString())


def test_sections_list_every_entry_once() -> None:
    listed = [a for _, actions in SECTIONS for a in actions]
    assert sorted(listed) == sorted([*SHORTCUTS, *BUILT_IN])


def test_f1_dialog_lists_all_shortcuts(qtbot, press, show_focused) -> None:
    sheet = CheatSheet()
    show_focused(sheet, focus=sheet.table)
    cells = {
        sheet.table.item(r, c).text()
        for r in range(sheet.table.rowCount())
        for c in range(2)
        if sheet.table.item(r, c) is not None
    }
    for _section, action, keys, description in all_entries():
        assert description in cells, action
        native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        assert any(native in cell for cell in cells), action
    with qtbot.waitSignal(sheet.rejected):
        press(Qt.Key.Key_F1)
    assert not sheet.isVisible()


def test_legend_shows_each_label_key(show_focused) -> None:
    legend = Legend()
    show_focused(legend)
    for label, (key, name, confirmed, suggested) in legend.rows.items():
        assert key.text() == SHORTCUTS[LABEL_ACTIONS[label]][0]
        assert name.text() == label.value
        assert confirmed.confirmed and not suggested.confirmed
        a = confirmed.grab().toImage().pixelColor(6, 6)
        b = suggested.grab().toImage().pixelColor(6, 6)
        assert a != b  # confirmed and suggestion backgrounds differ
