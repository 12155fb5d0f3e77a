"""The review window's side panel: the coders compared, the current item, and its gold span's
attributes (the coding desk's span panel)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.review.review_rows import coder_color
from annotator.gui.span_panel import SpanPanel
from annotator.gui.widgets import EscapeHandsBack, add_checkable, checked_names, plain_label


class CoderList(EscapeHandsBack, QListWidget):
    """Checkable coder names; Space toggles, Escape hands the focus back."""


class ReviewPanel(QWidget):
    """Coders to compare (checkable), what the current item is, and the gold span editor."""

    coders_chosen = Signal(list)  # the checked coders, after the lead changed a check
    default_coders = Signal()  # back to: on each article, the coders who finished it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filling = False
        box = QGroupBox(self.tr("Coders compared"), self)
        self.coders = CoderList(box)
        self.coders.setMaximumHeight(120)
        self.coder_note = plain_label(parent=box)
        self.coder_note.setWordWrap(True)
        self.coder_note.setStyleSheet("color: #555555;")
        self.reset_coders = QPushButton(self.tr("Coders who &finished each article"), box)
        self.reset_coders.clicked.connect(self.default_coders)
        column = QVBoxLayout(box)
        column.addWidget(self.coders)
        column.addWidget(self.coder_note)
        column.addWidget(self.reset_coders)
        self.item_title = plain_label(parent=self)  # surfaces and attribute values
        self.item_title.setWordWrap(True)
        self.item_title.setStyleSheet("font-weight: bold; padding: 3px;")
        self.item_keys = QLabel(self)
        self.item_keys.setWordWrap(True)
        self.item_keys.setTextFormat(Qt.TextFormat.PlainText)
        self.gold_title = QLabel(self.tr("Gold span"), self)
        self.gold_title.setStyleSheet("font-weight: bold;")
        self.span_panel = SpanPanel(self)
        panel = self.span_panel
        for combo in (panel.actor, panel.victim, panel.place):
            # long choices must not widen the panel: the completer shows them in full
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(self.item_title)
        layout.addWidget(self.item_keys)
        layout.addWidget(self.gold_title)
        layout.addWidget(self.span_panel, 1)
        self.coders.itemChanged.connect(self._on_item_changed)

    def set_coders(self, names: Sequence[str], checked: Sequence[str], pinned: bool) -> None:
        """Every coder of the project, the compared ones checked (numbered in their order)."""
        self._filling = True
        self.coders.clear()
        order = list(checked) + [n for n in names if n not in checked]
        for name in order:
            item = add_checkable(self.coders, name, name in checked)
            if name in checked:
                index = list(checked).index(name)
                item.setText(f"{index + 1}  {name}")
                item.setForeground(QColor(coder_color(index)).darker(130))
        self.coders.setCurrentRow(0)
        self._filling = False
        if pinned:
            self.coder_note.setText(self.tr("Your choice, on every article."))
        else:
            self.coder_note.setText(self.tr("The coders who finished this article."))
        self.reset_coders.setEnabled(pinned)

    def checked_coders(self) -> list[str]:
        """The checked coders, in list order."""
        return checked_names(self.coders)

    def _on_item_changed(self, _item: QListWidgetItem) -> None:
        if not self._filling:  # once the check is done: the list is rebuilt in response
            QTimer.singleShot(0, lambda: self.coders_chosen.emit(self.checked_coders()))

    def show_item(self, title: str, keys: str, color: str | None) -> None:
        """The current item in words, and the keys that decide it."""
        self.item_title.setText(title)
        style = "font-weight: bold; padding: 3px;"
        if color:
            style += f" background: {color}; color: #111111;"
        self.item_title.setStyleSheet(style)
        self.item_keys.setText(keys)
