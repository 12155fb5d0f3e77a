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

from annotator.domain import MAX_NAME_LENGTH, AnnotatorNameError, check_name, clean_name
from annotator.gui.desk_parts import ERROR_COLOR
from annotator.gui.widgets import plain_label


class CoderDialog(QDialog):
    """An editable list of the project's coders; OK only with a name a coder may take (the
    one name rule of ``domain.names``: not the gold layer's nor a lookalike, nothing invisible)."""

    def __init__(
        self, names: Sequence[str], current: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Coder"))
        self.names = QComboBox(self)
        self.names.setEditable(True)
        self.names.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.names.addItems([n for n in names if n and check_name(n) is None])
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
        """The name typed or chosen, in its stored form (NFC, trimmed)."""
        try:
            return clean_name(self.names.currentText())
        except AnnotatorNameError:
            return self.names.currentText().strip()

    def _reason(self, problem: AnnotatorNameError, text: str) -> str:
        if problem.kind == "gold":
            return self.tr(
                "“%1” is, or looks like, the adjudicated gold layer; a coder needs another name."
            ).replace("%1", text.strip())
        if problem.kind == "long":
            return self.tr("A name has at most %1 characters.").replace("%1", str(MAX_NAME_LENGTH))
        if problem.kind == "hidden":
            return self.tr("The name contains an invisible or control character.")
        return ""

    def _on_name_changed(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        problem = check_name(text)
        ok.setEnabled(problem is None)
        reason = self._reason(problem, text) if problem is not None else ""
        self.error.setText(reason)
        self.error.setVisible(bool(reason))

    def accept(self) -> None:
        """Only with a name a coder may take."""
        if check_name(self.names.currentText()) is None:
            super().accept()
