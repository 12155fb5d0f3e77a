"""Showing the desk or the review window in a GUI test, closing them and their databases, and
the keys, menus and outcome boxes the GUI tests share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

Focus = Callable[[Any], object]

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
WAIT = 20_000  # ms a slow task (export, import, report) may take on a loaded machine


def focus_article(window: Any) -> None:
    """The review window's way in: its own focus_article()."""
    window.focus_article()


def focus_view(window: Any) -> None:
    """Focus on the desk's article view (as a click would)."""
    window.view.setFocus()


def show_window(
    qtbot: Any, window: Any, size: tuple[int, int] | None = None, focus: Focus | None = None
) -> Any:
    """Show ``window`` (at ``size``) as the active window, ``focus(window)`` if given, and wait
    until its article view has the keyboard focus."""
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    if focus is not None:
        focus(window)
    qtbot.waitUntil(window.view.hasFocus)
    return window


def window_opener(
    qtbot: Any, build: Callable[..., Any], size: tuple[int, int], focus: Focus | None = None
) -> Iterator[Callable[..., Any]]:
    """For a fixture to yield: ``open(...)`` shows ``build(...)`` with ``show_window``; after
    the test every window opened is closed with its database."""
    opened = []

    def _open(*args: Any, **kwargs: Any) -> Any:
        window = build(*args, **kwargs)
        opened.append(window)
        return show_window(qtbot, window, size, focus)

    yield _open
    for window in opened:
        window.close()
        window.db.close()


def file_menu_action(window: Any, text: str) -> Any:
    """The action ``text`` of the window's File menu."""
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    (action,) = [a for a in menu.actions() if a.text() == text]
    return action


def outcome_box(window: Any, qtbot: Any) -> QMessageBox:
    """The message box a slow task (export, import, report) shows when it ends."""
    qtbot.waitUntil(lambda: window.tasks.message is not None and window.tasks.message.isVisible())
    box = window.tasks.message
    assert box is not None
    return box


def type_path(press: Any, type_text: Any, mnemonic: Qt.Key, path: Path) -> None:
    """Alt+mnemonic to the path field, select what is there, type the new path."""
    press(mnemonic, ALT)
    press(Qt.Key.Key_A, CTRL)
    type_text(str(path))


def current_surface(window: Any) -> str:
    """The text of the span the desk or the review window has current."""
    row = window.current_row()
    assert row is not None
    return window.view.text()[row.start : row.end]


def answer(qtbot: Any, press: Any, dialog: QWidget, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Answer a message box (or close a dialog) with ``key`` once it has the keyboard focus,
    as the user does, and wait until it is gone."""

    def focused() -> bool:
        widget = QApplication.focusWidget()
        return widget is dialog or dialog.isAncestorOf(widget)

    qtbot.waitUntil(focused)
    press(key)
    qtbot.waitUntil(lambda: not dialog.isVisible())
