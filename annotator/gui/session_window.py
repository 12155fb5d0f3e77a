"""What the coding desk and the review window do alike around their session: Undo and Redo,
the error box with Retry, and the keyboard focus back to the article.

``SessionControls`` is handed what it needs in its constructor (the review window composes
one); ``SessionWindow`` is the coding desk's mixin over one. It has no strings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain.commands import Change
from annotator.services.coding import CodingError


def show_history_step(
    change: Change | None,
    article_id: int | None,
    open_article: Callable[[int], bool],
    show_step: Callable[[Change], None],
) -> None:
    """After Undo or Redo: the article the step changed (``article_id`` is the open one), then
    the step shown there."""
    if change is None:
        return
    if change.article_id is not None and change.article_id != article_id:
        open_article(change.article_id)
    show_step(change)


class SessionControls:
    """Error reports (with Retry), the list opening an article and the focus back to the
    article, for one window; ``article_id`` reads the window's open article."""

    def __init__(
        self,
        window: QWidget,
        view: QWidget,
        status: Any,
        dialogs: dict[str, QWidget],
        *,
        article_id: Callable[[], int | None],
        open_article: Callable[[int], bool],
    ) -> None:
        self.window = window
        self.view = view
        self.status = status
        self.dialogs = dialogs
        self._article_id = article_id
        self._open_article = open_article

    def report(self, exc: CodingError, retry: Callable[[], None] | None) -> None:
        """Show the error in the status bar and in a message box (with Retry when it may help)."""
        box = self.status.error_box(self.window, exc, retry)

        def finished(result: int) -> None:
            self.dialogs.pop("error", None)
            QTimer.singleShot(0, self.focus_article)  # once the box is gone
            if result == QMessageBox.StandardButton.Retry and retry is not None:
                retry()

        box.finished.connect(finished)
        self.dialogs["error"] = box
        box.open()

    def on_list_activated(self, article_id: int) -> None:
        if article_id != self._article_id():
            self._open_article(article_id)
        self.focus_article()

    def focus_article(self) -> None:
        """The keyboard focus back to the article (from the list, the panel or a dialog)."""
        if not self.window.isActiveWindow():
            self.window.activateWindow()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)


class SessionWindow:
    """The coding desk's Undo, Redo and error reports through its ``session`` and ``status``;
    the desk implements ``open_article``, ``_run`` and ``_show_step``."""

    session: Any
    status: Any
    view: QWidget
    article_id: int | None
    _dialogs: dict[str, QWidget]
    open_article: Callable[[int], bool]
    _run: Callable[[Callable[[], Change | None], Callable], None]

    @cached_property
    def _controls(self) -> SessionControls:
        window: Any = self
        return SessionControls(
            window,
            self.view,
            self.status,
            self._dialogs,
            article_id=self._open_article_id,
            open_article=self.open_article,
        )

    def _open_article_id(self) -> int | None:
        return self.article_id

    def undo(self) -> None:
        if self.session is not None:
            self._run(self.session.undo, self._after_history)

    def redo(self) -> None:
        if self.session is not None:
            self._run(self.session.redo, self._after_history)

    def _after_history(self, change: Change | None) -> None:
        show_history_step(change, self.article_id, self.open_article, self._show_step)

    def _show_step(self, change: Change) -> None:
        """Refresh what an undone or redone step changed and make it current."""
        raise NotImplementedError

    def _report(self, exc: CodingError, retry: Callable[[], None] | None) -> None:
        """Show the error in the status bar and in a message box (with Retry when it may help)."""
        self._controls.report(exc, retry)

    def _on_list_activated(self, article_id: int) -> None:
        self._controls.on_list_activated(article_id)

    def focus_article(self) -> None:
        """The keyboard focus back to the article (from the list, the panel or a dialog)."""
        self._controls.focus_article()
