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

from annotator.gui.desk_parts import ERROR_COLOR
from annotator.gui.widgets import plain_label
from annotator.services.coding import is_reserved


class CoderDialog(QDialog):
    """An editable list of the project's coders; OK only with a name a coder may take (not the
    gold layer's)."""

    def __init__(
        self, names: Sequence[str], current: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coder"))
        self.names = QComboBox(self)
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.names.addItems([n for n in names if n and not is_reserved(n)])
        self.names.setEditText(current)
        self.names.lineEdit().selectAll()
        self.names.lineEdit().setPlaceholderText(self.tr("Your name"))
        prompt = QLabel(self.tr("Who is coding? Each coder's decisions are kept apart."), self)
        prompt.setWordWrap(True)
        prompt.setBuddy(self.names)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.error = plain_label(parent=self)  # shows the typed name
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.hide()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.names.editTextChanged.connect(self._on_name_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.names)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._on_name_changed(self.names.currentText())
        self.names.setFocus()

    def name(self) -> str:
        """The name typed or chosen, trimmed."""
        return self.names.currentText().strip()

    def _on_name_changed(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        reserved = is_reserved(text)
        ok.setEnabled(bool(text.strip()) and not reserved)
        self.error.setText(
            self.tr("“%1” is the adjudicated gold layer; a coder needs another name.").replace(
                "%1", text.strip()
            )
            if reserved
            else ""
        )
        self.error.setVisible(reserved)

    def accept(self) -> None:
        """Only with a name a coder may take."""
        if self.name() and not is_reserved(self.name()):
            super().accept()
