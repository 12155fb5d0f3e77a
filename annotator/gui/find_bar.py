"""Find as you type in the article: a small right-to-left bar across the article's top."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit

from annotator.gui.article_view import ArticleView
from annotator.gui.fonts import load_arabic_font

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
MARGIN = 4


class FindBar(QFrame):
    """``/`` or Ctrl+F: as a few letters are typed the next whole-word match is selected
    (snapped as a span would be); Enter hands it to the article, so that 1/2/3 label it; Enter
    there while that match is selected goes on to the next one (Shift+Enter: back); Esc
    closes the bar, in the bar or in the article."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self.view = view
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.edit = QLineEdit(self)
        self.edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.edit.setFont(QFont(load_arabic_font(), 13))
        self.edit.setPlaceholderText(self.tr("Find in the article"))
        self.edit.setClearButtonEnabled(True)
        self.note = QLabel(self)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN // 2, MARGIN, MARGIN // 2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.note)
        self._match: tuple[int, int] | None = None
        self._origin = 0  # where the article's caret was when the bar opened
        self.edit.installEventFilter(self)
        view.installEventFilter(self)
        self.edit.textEdited.connect(self._on_typed)
        self.hide()

    def open(self) -> None:
        """Show the bar with the last query selected, the keys in it."""
        selected = self.view.selected_range()
        self._origin = selected[0] if selected is not None else self.view.caret()
        self._place()
        self.show()
        self.raise_()
        self.edit.selectAll()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def close_bar(self) -> None:
        """Hide the bar; the keys go back to the article."""
        self.hide()
        self.view.setViewportMargins(0, 0, 0, 0)
        self._match = None
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def match(self) -> tuple[int, int] | None:
        """The match selected last, while it is still the article's selection."""
        if self._match is not None and self.view.selected_range() == self._match:
            return self._match
        return None

    def _on_typed(self, query: str) -> None:
        """As the coder types: the first match from where the caret was is selected (the keys
        stay in the bar); Enter then hands it to the article."""
        self.note.clear()
        found = self.view.words().find(query, self._origin) if query.strip() else None
        if found is None:
            self._match = None
            if query.strip():
                self.note.setText(self.tr("Not found"))
            return
        self._show(found)

    def _show(self, found: tuple[int, int]) -> None:
        self._match = found
        self.view.select_range(*found)
        self.view.ensureCursorVisible()

    def take(self) -> None:
        """Enter in the bar: the match shown goes to the article (1/2/3 label it), or the next
        one is found first."""
        if self.match() is not None:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.find_next()

    def find_next(self, *, backwards: bool = False) -> bool:
        """Select the next (or previous) match after the caret and focus the article."""
        query = self.edit.text()
        if not query.strip():
            return False
        current = self.match()
        after = self.view.caret()
        if current is not None:  # on from the match shown
            after = current[0] if backwards else current[1]
        found = self.view.words().find(query, after, backwards=backwards)
        if found is None:
            self.note.setText(self.tr("Not found"))
            return False
        self.note.clear()
        self._show(found)
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def _place(self) -> None:
        """Across the top of the article, in a margin of its own: no line is hidden."""
        frame = self.view.frameWidth()
        height = self.sizeHint().height()
        self.view.setViewportMargins(0, height, 0, 0)
        self.setGeometry(frame, frame, self.view.width() - 2 * frame, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        if not isinstance(event, QKeyEvent) or not self.isVisible():
            return False
        if watched is self.edit:
            return self._edit_key(event)
        if watched is self.view:
            return self._view_key(event)
        return False

    def _edit_key(self, event: QKeyEvent) -> bool:
        """In the bar: its keys are not the desk's (the bar lies inside the article); Enter
        finds, Esc closes."""
        if event.type() == QEvent.Type.ShortcutOverride and not event.modifiers() & _COMMAND:
            event.accept()
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() in _ENTER:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find_next(backwards=True)
            else:
                self.take()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        return False

    def _view_key(self, event: QKeyEvent) -> bool:
        """In the article while the bar is open: Enter on the match shown goes on (it is not
        Accept then), Esc closes the bar."""
        key = event.key()
        ours = (key in _ENTER and self.match() is not None) or key == Qt.Key.Key_Escape
        if not ours:
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if event.type() != QEvent.Type.KeyPress:
            return False
        if key == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            self.find_next(backwards=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        return True


def find_bar_of(view: ArticleView) -> FindBar:
    """The view's find bar, made on first use."""
    bar = view.findChild(FindBar)
    return bar if isinstance(bar, FindBar) else FindBar(view)


__all__ = ["FindBar", "find_bar_of"]
