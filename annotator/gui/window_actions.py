"""A window's actions with the keys of its cheat-sheet keymap, and the menus built from them
(the coding desk's ``DeskActions`` and the review window's ``ReviewActions``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from annotator.gui.cheat_sheet import OWNED_BY_WIDGETS, Keymap, key_sequences, translated


class WindowActions(QObject):
    """Every action of ``_texts()`` as a QAction with its keymap's keys: view-scoped keys on
    ``area`` (keys that type work only there), the others anywhere in the window."""

    def __init__(
        self,
        window: QMainWindow,
        area: QWidget,
        handlers: Mapping[str, Callable[[], None]],
        keymap: Keymap,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        for name, text in self._texts().items():
            action = QAction(text, window)
            if name in keymap.shortcuts and name not in OWNED_BY_WIDGETS:
                action.setShortcuts(key_sequences(name, keymap))
                action.setToolTip(translated(keymap.shortcuts[name][1], name))
                if window.isRightToLeft():
                    action.setText(_with_keys_left_to_right(text, action.shortcut()))
            if name in keymap.view_scoped:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                area.addAction(action)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                window.addAction(action)
            action.triggered.connect(handlers[name])
            self.actions[name] = action

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]

    def _texts(self) -> dict[str, str]:
        """Each action's name and menu text."""
        raise NotImplementedError

    def set_history(self, undo: str | None, redo: str | None) -> None:
        """Name the step Undo and Redo would take ("Undo Accept ‘داعش’"), or disable them."""
        for name, label, prefix in (
            ("undo", undo, self.tr("&Undo")),
            ("redo", redo, self.tr("&Redo")),
        ):
            action = self.actions[name]
            action.setEnabled(label is not None)
            action.setText(f"{prefix} {label}" if label else prefix)

    def _zoom_menu(self, slots: Mapping[str, Callable[[], None]]) -> QMenu:
        """The View menu with the article's text sizes."""
        menu = self.window.menuBar().addMenu(self.tr("Vie&w"))
        menu.addAction(self.tr("Larger text"), slots["zoom_in"])
        menu.addAction(self.tr("Smaller text"), slots["zoom_out"])
        menu.addAction(self.tr("Default text size"), slots["zoom_reset"])
        return menu

    def _fill(self, menu: QMenu, names: Iterable[str | None]) -> QMenu:
        """Add the named actions to ``menu`` (None: a separator)."""
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[name])
        return menu


def _with_keys_left_to_right(text: str, keys: QKeySequence) -> str:
    """A menu text with its key in the shortcut column, kept left to right in a right-to-left
    menu (Qt draws Ctrl+} there as {+Ctrl): QMenu shows the part after a tab as the key."""
    shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}\t\u200e{shown}\u200e"
