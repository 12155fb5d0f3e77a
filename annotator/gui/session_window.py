"""What the coding desk and the review window do alike around their session: Undo and Redo,
the error box with Retry, and the keyboard focus back to the article.

A mixin of ``MainWindow`` (annotator.gui.main_window) and ``ReviewWindow``
(annotator.gui.review.review_window), which own the widgets and state it uses. It has no strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain.commands import Change
from annotator.services.coding import CodingError


class SessionWindow:
    """Undo, Redo and error reports through the window's ``session`` and ``status``; a window
    implements ``open_article``, ``_run`` and ``_show_step``."""

    session: Any
    status: Any
    view: QWidget
    article_id: int | None
    _dialogs: dict[str, QWidget]
    open_article: Callable[[int], bool]
    _run: Callable[[Callable[[], Change | None], Callable], None]

    def undo(self) -> None:
        if self.session is not None:
            self._run(self.session.undo, self._after_history)

    def redo(self) -> None:
        if self.session is not None:
            self._run(self.session.redo, self._after_history)

    def _after_history(self, change: Change | None) -> None:
        """After Undo or Redo: the article the step changed, then the step shown there."""
        if change is None:
            return
        if change.article_id is not None and change.article_id != self.article_id:
            self.open_article(change.article_id)
        self._show_step(change)

    def _show_step(self, change: Change) -> None:
        """Refresh what an undone or redone step changed and make it current."""
        raise NotImplementedError

    def _report(self, exc: CodingError, retry: Callable[[], None] | None) -> None:
        """Show the error in the status bar and in a message box (with Retry when it may help)."""
        box = self.status.error_box(self, exc, retry)

        def finished(result: int) -> None:
            self._dialogs.pop("error", None)
            QTimer.singleShot(0, self.focus_article)  # once the box is gone
            if result == QMessageBox.StandardButton.Retry and retry is not None:
                retry()

        box.finished.connect(finished)
        self._dialogs["error"] = box
        box.open()

    def _on_list_activated(self, article_id: int) -> None:
        if article_id != self.article_id:
            self.open_article(article_id)
        self.focus_article()

    def focus_article(self) -> None:
        """The keyboard focus back to the article (from the list, the panel or a dialog)."""
        window: Any = self
        if not window.isActiveWindow():
            window.activateWindow()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
