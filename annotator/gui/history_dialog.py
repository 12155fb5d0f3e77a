"""A span's history from the audit log: who suggested, accepted, changed or rejected it, when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QWidget,
)

from annotator.domain import GOLD
from annotator.gui.i18n import attr_words
from annotator.gui.paged_list import Isolating
from annotator.gui.review.review_rows import describe
from annotator.gui.widgets import plain_tooltip, read_only_table, table_page
from annotator.services.coding import guarded
from annotator.services.history import HistoryEvent, span_history
from annotator.services.projects import Project


def local_time(at: str) -> str:
    """An audit time (ISO 8601, UTC) as local date and time to the second."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at


class HistoryDialog(QDialog):
    """The events of one span (and of the rows tied to it), oldest first, in a table."""

    WHEN, WHO, ACTION, LAYER, SPAN = range(5)

    def __init__(
        self, events: Sequence[HistoryEvent], text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.events = list(events)
        self.setWindowTitle(self.tr("History of the span"))
        self.actions_text = {
            "suggested": self.tr("suggested"),
            "accepted": self.tr("accepted"),
            "corrected": self.tr("accepted with changes"),
            "rejected": self.tr("rejected"),
            "added": self.tr("added"),
            "imported": self.tr("imported"),
            "changed": self.tr("changed"),
            "deleted": self.tr("deleted"),
            "gold_rejected": self.tr("rejected for gold"),
            "gold_unrejected": self.tr("rejection for gold undone"),
        }
        self.table = read_only_table(
            self,
            [self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Layer"), self.tr("Span")],
        )
        self.table.setWordWrap(True)
        self.table.setItemDelegateForColumn(self.WHEN, Isolating(self.table))  # in order in RTL
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for event in self.events:
            self._add(event, text)
        note = QLabel(
            self.tr("Every change to the span, to the suggestion it decides and to gold.")
            if self.events
            else self.tr("No recorded changes."),
            self,
        )
        table_page(self, note, self.table)
        self.resize(860, 420)

    def _layer(self, annotator: str | None) -> str:
        if annotator is None:
            return self.tr("suggestions")
        return self.tr("gold") if annotator == GOLD else annotator

    def _span_text(self, event: HistoryEvent, text: str) -> str:
        words = attr_words()
        after = describe(event.span, text, words) if event.span is not None else ""
        if event.previous is not None and event.previous != event.span:
            return f"{describe(event.previous, text, words)} → {after}"
        return after

    def _add(self, event: HistoryEvent, text: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = (
            local_time(event.at),
            event.who or "",
            self.actions_text.get(event.action, event.action),
            self._layer(event.annotator),
            self._span_text(event, text),
        )
        for col, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if col == self.WHEN:
                item.setToolTip(plain_tooltip(event.at))
                item.setData(Qt.ItemDataRole.UserRole, event.at)
            self.table.setItem(row, col, item)

    def cell_text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""


def history_dialog(
    db: Project, span_id: int, text: str, parent: QWidget | None = None
) -> HistoryDialog:
    """The dialog for ``span_id`` (raises CodingError when the log cannot be read)."""
    with guarded():
        events = span_history(db, span_id)
    return HistoryDialog(events, text, parent)
