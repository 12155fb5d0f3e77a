"""Keys that type go to an open popup, never to a desk shortcut behind it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class PopupKeyGate(QObject):
    """While a menu, completer list or combo list is open, a key without Ctrl, Alt or Meta
    (A, R, E, 1/2/3, Tab, brackets…) belongs to it: a menu's underlined letter, a list's search.

    Qt matches a shortcut of the article view (WidgetWithChildrenShortcut) by the focus widget,
    which stays the view while a menu pops up: without this gate Alt+E then R (Redo) rejected
    the current span. Installed on the application; dialogs take the focus and need no gate.
    """

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & _COMMAND
            and QApplication.activePopupWidget() is not None
        ):
            event.accept()  # the popup wants the key: no shortcut is tried
            return True
        return False


def install_popup_key_gate(owner: QObject) -> PopupKeyGate:
    """A gate on the application for as long as ``owner`` lives."""
    gate = PopupKeyGate(owner)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(gate)
    return gate
