"""Showing the desk or the review window in a GUI test, and closing them and their databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Focus = Callable[[Any], object]


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
