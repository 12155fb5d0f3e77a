"""A short note for flagging an article (Ctrl+Enter saves, Escape cancels)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.form_dialog import accept_on_ctrl_enter


class NoteDialog(QDialog):
    """Asks why an article is flagged."""

    def __init__(self, note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Flag the article"))
        self.editor = QPlainTextEdit(self)
        self.editor.setPlainText(note)
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(self.tr("What should the lead look at?"))
        prompt = QLabel(self.tr("Note for the review (Ctrl+Enter saves):"), self)
        prompt.setBuddy(self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        accept_on_ctrl_enter(self)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)
        self.resize(420, 220)
        self.editor.setFocus()

    def note(self) -> str:
        """The note as typed, trimmed."""
        return self.editor.toPlainText().strip()
