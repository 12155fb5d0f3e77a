"""The article list: a table model over the database with a windowed row cache, and its widget."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
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
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from annotator.domain import ArticleState
from annotator.store.articles import ArticleItem
from annotator.store.listing import list_ids, list_items

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
PAGE = 100
MAX_PAGES = 40  # rows kept in memory: at most PAGE * MAX_PAGES
STATE_COLORS = {
    ArticleState.OPEN: None,
    ArticleState.DONE: "#2E7D32",
    ArticleState.SKIPPED: "#8A6D00",
    ArticleState.FLAGGED: "#B3261E",
}
Index = QModelIndex | QPersistentModelIndex
_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.UserRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


class ArticleListModel(QAbstractTableModel):
    """Articles in list order for one coder: ids up front, rows fetched a page at a time."""

    TITLE, SOURCE, STATE, PENDING, CONFIRMED = range(5)

    def __init__(self, db: Database, annotator: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.annotator = annotator
        self.states: tuple[ArticleState, ...] | None = None
        self.search = ""
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, ArticleItem]] = OrderedDict()
        self.rows_fetched = 0  # how many rows were read from the database (for tests, benches)
        self._headers = (
            self.tr("Title"),
            self.tr("Source"),
            self.tr("State"),
            self.tr("To do"),
            self.tr("Coded"),
        )
        self._state_names = {
            ArticleState.OPEN: self.tr("open"),
            ArticleState.DONE: self.tr("done"),
            ArticleState.SKIPPED: self.tr("skipped"),
            ArticleState.FLAGGED: self.tr("flagged"),
        }
        self.reload()

    # ----- contents ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Query the ids again (after a filter, search or coder change)."""
        self.beginResetModel()
        self._ids = list_ids(self.db, self.annotator, self.states, self.search)
        self._pages.clear()
        self.endResetModel()

    def set_filter(self, states: tuple[ArticleState, ...] | None, search: str) -> None:
        if (states, search) == (self.states, self.search):
            return
        self.states, self.search = states, search
        self.reload()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

    def state_names(self) -> list[str]:
        """The states as the list shows them (translated)."""
        return list(self._state_names.values())

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of ``article_id`` in the list (None when filtered out)."""
        i = bisect_left(self._ids, article_id)
        return i if i < len(self._ids) and self._ids[i] == article_id else None

    def item(self, row: int) -> ArticleItem | None:
        """The row's data, fetching its page if needed."""
        article_id = self.article_id(row)
        if article_id is None:
            return None
        page = row // PAGE
        cached = self._pages.get(page)
        if cached is None:
            ids = self._ids[page * PAGE : (page + 1) * PAGE]
            cached = list_items(self.db, self.annotator, ids)
            self.rows_fetched += len(ids)
            self._pages[page] = cached
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(article_id)

    def refresh_article(self, article_id: int) -> None:
        """Read one article's row again (its state or counts changed)."""
        row = self.row_of(article_id)
        if row is None:
            return
        page = self._pages.get(row // PAGE)
        if page is not None:
            page.update(list_items(self.db, self.annotator, [article_id]))
            self.rows_fetched += 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # ----- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in _ROLES:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            centred = col in (self.PENDING, self.CONFIRMED)
            return int(Qt.AlignmentFlag.AlignCenter) if centred else None
        item = self.item(index.row())
        if item is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.ForegroundRole:
            color = STATE_COLORS[item.state] if col == self.STATE else None
            return QColor(color) if color else None
        values = (
            item.title,
            item.source,
            self._state_names[item.state],
            str(item.n_pending),
            str(item.n_confirmed),
        )
        return values[col]

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class _Directions(QStyledItemDelegate):
    """Titles in their own direction (Arabic ones right to left), sources left to right."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if index.column() == ArticleListModel.SOURCE:
            option.direction = Qt.LayoutDirection.LeftToRight
        elif index.column() == ArticleListModel.TITLE:
            rtl = _ARABIC.search(option.text or "") is not None
            option.direction = (
                Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            )


class _Table(QTableView):
    """The list's table: Escape hands the focus back (to the article)."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)


class ArticleList(QWidget):
    """Filter by state, search title or source, and the table; Enter or a click opens."""

    article_activated = Signal(int)
    escaped = Signal()

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(self.tr("All articles"), None)
        for state, text in (
            (ArticleState.OPEN, self.tr("Open")),
            (ArticleState.DONE, self.tr("Done")),
            (ArticleState.SKIPPED, self.tr("Skipped")),
            (ArticleState.FLAGGED, self.tr("Flagged")),
        ):
            self.state_filter.addItem(text, state.value)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search title or source"))
        self.search.setClearButtonEnabled(True)
        self.table = _Table(self)
        self.table.setModel(model)
        self.table.setItemDelegate(_Directions(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(model.TITLE, QHeaderView.ResizeMode.Stretch)
        self._size_columns()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._apply_filter)
        self.state_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.table.escaped.connect(self.escaped)
        top = QHBoxLayout()
        top.addWidget(self.state_filter)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def _size_columns(self) -> None:
        """Narrow columns sized to their contents in this font; the title takes the rest."""
        metrics = self.table.fontMetrics()
        model = self.model

        def fit(*texts: str) -> int:
            return max(metrics.horizontalAdvance(t) for t in texts) + 16

        header = self.table.horizontalHeader()
        header.resizeSection(model.SOURCE, fit("0" * 10))
        state_header = model.headerData(model.STATE, Qt.Orientation.Horizontal)
        header.resizeSection(model.STATE, fit(state_header, *model.state_names()))
        for col in (model.PENDING, model.CONFIRMED):
            header.resizeSection(col, fit("000", model.headerData(col, Qt.Orientation.Horizontal)))

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        value = self.state_filter.currentData()
        states = (ArticleState(value),) if value else None
        current = self.current_article()
        self.model.set_filter(states, self.search.text().strip())
        if current is not None:
            self.show_article(current)

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
        if row is None:
            self.table.clearSelection()
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            self.table.selectionModel().SelectionFlag.ClearAndSelect
            | self.table.selectionModel().SelectionFlag.Rows,
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def focus_table(self) -> None:
        """Put the keyboard focus on the list (Ctrl+L)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
