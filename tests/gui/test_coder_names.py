"""The coder dialog applies the one name rule (domain.names) as the coder types."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from annotator.gui.coder_dialog import CoderDialog
from tests.gui.desk_driver import desk_fixtures
from tests.gui.windows import answer

LOOKALIKES = {
    "upper case": "GOLD",
    "trailing space": "gold ",
    "zero-width joiner": "go\u200dld",
    "Cyrillic o": "g\u043eld",
    "Greek omicron": "g\u03bfld",
    "full-width": "\uff47\uff4f\uff4c\uff44",
    "digit zero, capital I": "G0Id",
    "right-to-left override": "ali\u202e",
}


@pytest.mark.parametrize("typed", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_coder_dialog_refuses_gold_lookalikes_as_typed(
    qtbot, show_focused, type_text, press, typed: str
) -> None:
    dialog = CoderDialog(["alice", "GOLD", "g\u043eld", "bob"])
    show_focused(dialog, focus=dialog.names)
    assert [dialog.names.itemText(i) for i in range(dialog.names.count())] == ["alice", "bob"]
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    type_text(typed)
    assert dialog.names.currentText() == typed
    assert not ok.isEnabled()
    assert dialog.error.isVisible() and dialog.error.text()
    qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != CoderDialog.DialogCode.Accepted
    answer(qtbot, press, dialog, Qt.Key.Key_Escape)


def test_coder_dialog_keeps_names_in_one_form_and_limits_length(
    qtbot, show_focused, type_text
) -> None:
    dialog = CoderDialog([])
    show_focused(dialog, focus=dialog.names)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    type_text("x" * 65)
    assert not ok.isEnabled() and "64" in dialog.error.text()
    qtbot.keyClick(dialog.names, Qt.Key.Key_Backspace)
    assert ok.isEnabled() and not dialog.error.isVisible()
    dialog.names.lineEdit().selectAll()
    type_text(" Rene\u0301 ")  # decomposed é: stored composed (NFC), trimmed
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    assert dialog.name() == "Ren\u00e9"


open_desk, desk = desk_fixtures()


def test_switch_coder_refuses_a_lookalike_and_takes_a_name_in_its_one_form(
    desk, qtbot, type_text
) -> None:
    desk.ask_coder()
    dialog = desk._dialogs["coder"]
    qtbot.waitUntil(dialog.isVisible)
    dialog.names.lineEdit().selectAll()
    dialog.names.setFocus()
    qtbot.waitUntil(dialog.names.hasFocus)
    type_text("g\u043eld")  # Cyrillic o
    qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    assert dialog.isVisible() and desk.session.annotator == "ali"
    dialog.names.lineEdit().selectAll()
    type_text(" Rene\u0301")
    qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.session.annotator == "Ren\u00e9")
