"""The review window's article list: filters (coded by, done by at least n coders, has
disagreements, flagged, adjudicated, search) over ``services.review_list`` and a paged table."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from annotator.domain import GOLD, ArticleState
from annotator.services.coding import guarded
from annotator.services.review import finished_coders
from annotator.services.review_list import ReviewFilter, filtered_ids
from annotator.store.listing import list_items

PAGE = 100
MAX_PAGES = 40
ADJUDICATED_COLOR = "#2E7D32"
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ReviewListRow:
    """One article as the review list shows it."""

    id: int
    title: str
    source: str
    done_by: tuple[str, ...]
    adjudicated: bool
    n_gold: int


class ReviewListModel(QAbstractTableModel):
    """Articles the filter keeps, in id order; rows read a page at a time."""

    TITLE, SOURCE, DONE_BY, GOLD = range(4)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.filter = ReviewFilter(min_done=1)
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ReviewListRow]] = OrderedDict()
        self._headers = (self.tr("Title"), self.tr("Source"), self.tr("Done by"), self.tr("Gold"))
        self.adjudicated_text = self.tr("adjudicated")
        self.reload()

    def reload(self) -> None:
        """Run the filter again."""
        self.beginResetModel()
        with guarded():
            self._ids = filtered_ids(self.db, self.filter)
        self._pages.clear()
        self.endResetModel()

    def set_filter(self, review_filter: ReviewFilter) -> None:
        if review_filter != self.filter:
            self.filter = review_filter
            self.reload()

    def ids(self) -> list[int]:
        """Every article id in the list, in order."""
        return list(self._ids)

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        i = bisect_left(self._ids, article_id)  # ids are in ascending order
        return i if i < len(self._ids) and self._ids[i] == article_id else None

    def row_data(self, row: int) -> ReviewListRow | None:
        """The row's data, reading its page if needed."""
        article_id = self.article_id(row)
        if article_id is None:
            return None
        page = row // PAGE
        cached = self._pages.get(page)
        if cached is None:
            cached = self._read(self._ids[page * PAGE : (page + 1) * PAGE])
            self._pages[page] = cached
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        return cached.get(article_id)

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

    def refresh_article(self, article_id: int) -> None:
        """Read one article's row again (after a decision on it)."""
        row = self.row_of(article_id)
        if row is None:
            return
        page = self._pages.get(row // PAGE)
        if page is not None:
            page.update(self._read([article_id]))
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 4

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
            value = row.title
        elif role == Qt.ItemDataRole.UserRole:
            value = row.id
        return value

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class _Table(QTableView):
    """Escape hands the focus back to the article."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class ReviewArticleList(QWidget):
    """The filters and the table; Enter or a click opens an article."""

    article_activated = Signal(int)
    escaped = Signal()
    filter_changed = Signal()

    def __init__(self, model: ReviewListModel, coders: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
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
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search title or source"))
        self.search.setClearButtonEnabled(True)
        form = QFormLayout()
        form.addRow(self.tr("Coded &by"), self.coded_by)
        form.addRow(self.tr("Done by at &least"), self.min_done)
        form.addRow(self.tr("&Disagreements"), self.disagreements)
        form.addRow(self.tr("Fla&gged"), self.flagged)
        form.addRow(self.tr("Ad&judicated"), self.adjudicated)
        form.addRow(self.tr("&Search"), self.search)
        self.table = self._build_table(model)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.min_done.valueChanged.connect(self.apply_filter)
        for combo in (self.coded_by, self.disagreements, self.flagged, self.adjudicated):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.table.escaped.connect(self.escaped)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)

    def _build_table(self, model: ReviewListModel) -> _Table:
        table = _Table(self)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(model.TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        header.resizeSection(model.SOURCE, metrics.horizontalAdvance("0" * 10) + 16)
        header.resizeSection(model.DONE_BY, metrics.horizontalAdvance("x" * 10) + 16)
        header.resizeSection(model.GOLD, metrics.horizontalAdvance(model.adjudicated_text) + 16)
        return table

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

    def apply_filter(self) -> None:
        self._timer.stop()
        current = self.current_article()
        self.model.set_filter(self.current_filter())
        if current is not None:
            self.show_article(current)
        self.filter_changed.emit()

    def _on_activated(self, index: QModelIndex) -> None:
        article_id = self.model.article_id(index.row())
        if article_id is not None:
            self.article_activated.emit(article_id)

    def current_article(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.article_id(index.row()) if index.isValid() else None

    def show_article(self, article_id: int) -> None:
        """Make the article's row current and visible (without emitting anything)."""
        row = self.model.row_of(article_id)
        selection = self.table.selectionModel()
        if row is None:
            self.table.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
