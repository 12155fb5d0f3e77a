"""Asks for the coder's name: at first start and from File → Switch coder…"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)


class CoderDialog(QDialog):
    """An editable list of the project's coders; OK only with a non-empty name."""

    def __init__(
        self, names: Sequence[str], current: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coder"))
        self.names = QComboBox(self)
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.names.addItems([n for n in names if n])
        self.names.setEditText(current)
        self.names.lineEdit().selectAll()
        self.names.lineEdit().setPlaceholderText(self.tr("Your name"))
        prompt = QLabel(self.tr("Who is coding? Each coder's decisions are kept apart."), self)
        prompt.setWordWrap(True)
        prompt.setBuddy(self.names)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.names.editTextChanged.connect(self._on_name_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.names)
        layout.addWidget(self.buttons)
        self._on_name_changed(self.names.currentText())
        self.names.setFocus()

    def name(self) -> str:
        """The name typed or chosen, trimmed."""
        return self.names.currentText().strip()

    def _on_name_changed(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()))

    def accept(self) -> None:
        """Only with a name."""
        if self.name():
            super().accept()
