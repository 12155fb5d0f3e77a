"""Small pieces several widgets share: Escape handing the focus back, checkable name lists,
read-only tables, user text shown as plain text and isolated from the layout around it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6 import QtGui
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

FSI = "\u2068"  # FIRST STRONG ISOLATE: the text inside takes the direction of its first letter
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE


def isolated(text: str) -> str:
    """``text`` as a bidi isolate, for display only: a left-to-right name (``000_4aec2e…``)
    keeps its order inside right-to-left text, and an Arabic one inside English."""
    return f"{FSI}{text}{PDI}" if text else text


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows its text literally, never as rich text (it may show user data)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def make_plain(*labels: QLabel) -> None:
    """Show these labels' texts literally, never as rich text."""
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def plain_box(box: QMessageBox) -> QMessageBox:
    """Every text of the message box (text, informative and detailed text) shown literally."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    make_plain(*box.findChildren(QLabel))
    return box


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (tooltips take markup when it looks like it)."""
    return QtGui.Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal) if text else text


class EscapeHandsBack:
    """Mixin for a widget whose Escape emits ``escaped`` (its window then refocuses)."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


def add_checkable(names: QListWidget, name: str, checked: bool) -> QListWidgetItem:
    """Append ``name`` as a checkable item (its name also in UserRole) to the list."""
    item = QListWidgetItem(name, names)
    item.setData(Qt.ItemDataRole.UserRole, name)
    item.setFlags(
        Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
    )
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def checked_names(names: QListWidget) -> list[str]:
    """The names of the checked items, in list order."""
    items: Iterable[QListWidgetItem] = (names.item(i) for i in range(names.count()))
    return [
        item.data(Qt.ItemDataRole.UserRole)
        for item in items
        if item.checkState() == Qt.CheckState.Checked
    ]


def read_only_table(parent: QWidget, headers: Sequence[str]) -> QTableWidget:
    """An empty table to read, not edit: these column headers, no row numbers, whole rows
    selected."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return table


def table_page(dialog: QDialog, note: QLabel, table: QTableWidget) -> None:
    """Lay ``dialog`` out as a line of text, the table, and Close."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(note)
    layout.addWidget(table)
    layout.addWidget(buttons)
