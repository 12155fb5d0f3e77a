"""The review window's article list: filters (coded by, done by at least n coders, has
disagreements, flagged, adjudicated, search) over ``services.review_list`` and a paged table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from annotator.domain import GOLD, ArticleState
from annotator.gui.paged_list import Index, PagedList, PagedListModel
from annotator.gui.widgets import plain_tooltip
from annotator.services.coding import guarded
from annotator.services.listing import list_items
from annotator.services.projects import Project
from annotator.services.review import finished_coders
from annotator.services.review_list import ReviewFilter, filtered_ids

ADJUDICATED_COLOR = "#2E7D32"


@dataclass(frozen=True)
class ReviewListRow:
    """One article as the review list shows it."""

    id: int
    title: str
    source: str
    done_by: tuple[str, ...]
    adjudicated: bool
    n_gold: int


class ReviewListModel(PagedListModel):
    """Articles the filter keeps, in id order; rows read a page at a time."""

    TITLE, SOURCE, DONE_BY, GOLD = range(4)

    def __init__(self, db: Project, parent: Any = None) -> None:
        super().__init__(db, parent)
        self.filter = ReviewFilter(min_done=1)
        self._headers = (self.tr("Title"), self.tr("Source"), self.tr("Done by"), self.tr("Gold"))
        self.adjudicated_text = self.tr("adjudicated")
        self.reload()

    def _query_ids(self) -> list[int]:
        with guarded():
            return filtered_ids(self.db, self.filter)

    def set_filter(self, review_filter: ReviewFilter) -> None:
        if review_filter != self.filter:
            self.filter = review_filter
            self.reload()

    def row_data(self, row: int) -> ReviewListRow | None:
        """The row's data, reading its page if needed."""
        return super().row_data(row)

    def _read(self, ids: list[int]) -> dict[int, ReviewListRow]:
        with guarded():
            items = list_items(self.db, GOLD, ids)  # the gold layer's state and span count
            return {
                i: ReviewListRow(
                    i,
                    item.title,
                    item.source,
                    tuple(finished_coders(self.db, i)),
                    item.state is ArticleState.DONE,
                    item.n_confirmed,
                )
                for i, item in items.items()
            }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_data(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        value: Any = None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.GOLD:
                value = self.adjudicated_text if row.adjudicated else str(row.n_gold or "")
            else:
                value = (row.title, row.source, ", ".join(row.done_by))[col]
        elif role == Qt.ItemDataRole.ForegroundRole and col == self.GOLD and row.adjudicated:
            value = QColor(ADJUDICATED_COLOR)
        elif role == Qt.ItemDataRole.ToolTipRole and col == self.TITLE:
            value = plain_tooltip(row.title)
        elif role == Qt.ItemDataRole.UserRole:
            value = row.id
        return value


class ReviewArticleList(PagedList):
    """The filters and the table; Enter or a click opens an article."""

    filter_changed = Signal()

    def __init__(self, model: ReviewListModel, coders: list[str], parent: QWidget | None = None):
        super().__init__(model, parent)
        self.model: ReviewListModel = model
        self.coded_by = QComboBox(self)
        self.coded_by.addItem(self.tr("anyone"), None)
        for name in coders:
            self.coded_by.addItem(name, name)
        self.min_done = QSpinBox(self)
        self.min_done.setRange(0, 99)
        self.min_done.setValue(model.filter.min_done)
        self.disagreements = self._tristate()
        self.flagged = self._tristate()
        self.adjudicated = self._tristate()
        self.search = self._search_field()
        form = QFormLayout()
        form.addRow(self.tr("Coded &by"), self.coded_by)
        form.addRow(self.tr("Done by at &least"), self.min_done)
        form.addRow(self.tr("&Disagreements"), self.disagreements)
        form.addRow(self.tr("Fla&gged"), self.flagged)
        form.addRow(self.tr("Ad&judicated"), self.adjudicated)
        form.addRow(self.tr("&Search"), self.search)
        self.table = self._list_table(model.TITLE)
        self._fit(model.SOURCE, "0" * 10)
        self._fit(model.DONE_BY, "x" * 10)
        self._fit(model.GOLD, model.adjudicated_text)
        self.min_done.valueChanged.connect(self.apply_filter)
        for combo in (self.coded_by, self.disagreements, self.flagged, self.adjudicated):
            combo.currentIndexChanged.connect(self.apply_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)

    def add_coders(self, names: list[str]) -> None:
        """Coders who appeared in the project since the list was built (the choice stays)."""
        for name in names:
            self.coded_by.addItem(name, name)

    def _tristate(self) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(self.tr("any"), None)
        combo.addItem(self.tr("yes"), True)
        combo.addItem(self.tr("no"), False)
        return combo

    def current_filter(self) -> ReviewFilter:
        """The filter the widgets describe."""
        coder = self.coded_by.currentData()
        return ReviewFilter(
            coded_by=(coder,) if coder else (),
            min_done=self.min_done.value(),
            disagreements=self.disagreements.currentData(),
            flagged=self.flagged.currentData(),
            adjudicated=self.adjudicated.currentData(),
            search=self.search.text().strip(),
        )

    def _filter_model(self) -> None:
        self.model.set_filter(self.current_filter())

    def apply_filter(self) -> None:
        super().apply_filter()
        self.filter_changed.emit()
