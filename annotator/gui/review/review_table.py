"""The table of an article's review items: the kind of each, every coder's version side by side,
and what gold made of it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from annotator.gui import colors
from annotator.gui.i18n import attr_words
from annotator.gui.review.review_rows import KIND_COLORS, ReviewRow, coder_color, describe

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class _Versions(QStyledItemDelegate):
    """Versions (‘surface’ LABEL key=value …) in the UI's direction: their attribute names and
    values are in the UI language; Qt lays out the Arabic surface inside right to left."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if index.column() > 0:
            option.displayAlignment = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter


class ReviewTable(QTableWidget):
    """One row per review item; the current row is the item the keys act on."""

    row_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self._rows: list[ReviewRow] = []
        self._coders: list[str] = []
        self.kind_names = {
            "missing": self.tr("missing span"),
            "label": self.tr("different label"),
            "boundary": self.tr("different boundaries"),
            "attribute": self.tr("different attributes"),
            "agreed": self.tr("agreed"),
            "gold": self.tr("added by the lead"),
        }
        self.setItemDelegate(_Versions(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.currentCellChanged.connect(self._on_current_cell)

    def kinds_text(self, row: ReviewRow) -> str:
        """The row's kind(s) in words: every way the coders' versions differ."""
        if row.item is None or row.item.agreed:
            return self.kind_names[row.kind]
        return " + ".join(self.kind_names[k.value] for k in row.item.kinds)

    def decision_text(self, row: ReviewRow, text: str) -> str:
        """What gold made of the row: its gold span(s), rejected, or still open."""
        if row.gold:
            words = attr_words()
            return "\n".join("✓ " + describe(g.span, text, words) for g in row.gold)
        if row.item is not None and row.item.settled:
            return "✗ " + self.tr("rejected")
        return self.tr("open")

    def set_rows(self, rows: Sequence[ReviewRow], coders: Sequence[str], text: str) -> None:
        """Show ``rows`` with one version column per compared coder (current row kept if any)."""
        self.blockSignals(True)
        self._rows = list(rows)
        self._coders = list(coders)
        headers = [self.tr("Kind")]
        headers += [f"{n}  {name}" for n, name in enumerate(coders, 1)]
        headers.append(self.tr("Gold"))
        self.clear()
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        for col in range(1, len(coders) + 1):
            header = self.horizontalHeaderItem(col)
            header.setForeground(QBrush(QColor(coder_color(col - 1)).darker(130)))
        self.setRowCount(len(self._rows))
        words = attr_words()
        for r, row in enumerate(self._rows):
            kind = QTableWidgetItem(self.kinds_text(row))
            kind.setBackground(QColor(KIND_COLORS[row.kind]))
            kind.setForeground(QColor(colors.TEXT))
            kind.setData(ROW_ROLE, r)
            self.setItem(r, 0, kind)
            for c, coder in enumerate(coders, 1):
                spans = row.item.version(coder) if row.item is not None else ()
                cell = "\n".join(describe(s.span, text, words) for s in spans) or "—"
                self.setItem(r, c, QTableWidgetItem(cell))
            decision = QTableWidgetItem(self.decision_text(row, text))
            if row.open:
                font = decision.font()
                font.setBold(True)
                decision.setFont(font)
            self.setItem(r, len(coders) + 1, decision)
        self.blockSignals(False)

    def rows(self) -> list[ReviewRow]:
        return list(self._rows)

    def cell_text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def select_row(self, index: int | None) -> None:
        """Make ``index`` the current row (no signal)."""
        self.blockSignals(True)
        if index is None or not 0 <= index < self.rowCount():
            self.clearSelection()
            self.setCurrentCell(-1, -1)
        else:
            self.setCurrentCell(index, 0)
            self.selectRow(index)
            self.scrollToItem(self.item(index, 0))
        self.blockSignals(False)

    def _on_current_cell(self, row: int, _col: int, old_row: int, _old_col: int) -> None:
        if row >= 0 and row != old_row:
            self.row_chosen.emit(row)
