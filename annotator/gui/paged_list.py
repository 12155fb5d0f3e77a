"""What the desk's and the review's article lists share: a table model over a list of article
ids that reads rows a page at a time into a cache, and the list widget around its table."""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from annotator.gui.widgets import EscapeHandsBack, isolated
from annotator.services.projects import Project, reconnect
from annotator.services.undo import CodingError, guarded

PAGE = 100
MAX_PAGES = 40  # rows kept in memory: at most PAGE * MAX_PAGES
RETRY_MS = 1000  # a team server's list read failed offline: tried again after this
Index = QModelIndex | QPersistentModelIndex


class PagedListModel(QAbstractTableModel):
    """Article ids (ascending, or in the subclass's order) up front; each row's data read
    with its page, the last MAX_PAGES pages kept. A subclass sets ``_headers`` and implements
    ``_query_ids``, ``_read`` and ``data``."""

    def __init__(self, db: Project, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self._ids: list[int] = []
        self._unsorted: dict[int, int] | None = None  # row by id when ids are not ascending
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()
        self._headers: tuple[str, ...] = ()
        self.rows_fetched = 0  # how many rows were read from the database (for tests, benches)
        self._retry = QTimer(self)  # rows left blank while a team server was out of reach
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._read_again)

    def _query_ids(self) -> list[int]:
        """The ids the list shows, ascending."""
        raise NotImplementedError

    def _read(self, ids: list[int]) -> dict[int, Any]:
        """The rows of these ids, by id."""
        raise NotImplementedError

    def reload(self) -> None:
        """Query the ids again (after a filter, search or coder change)."""
        self.beginResetModel()
        self._ids = self._query_ids()
        ids = self._ids
        ascending = all(a < b for a, b in pairwise(ids))
        self._unsorted = None if ascending else {i: row for row, i in enumerate(ids)}
        self._pages.clear()
        self.endResetModel()

    def ids(self) -> list[int]:
        """Every article id in the list, in order."""
        return list(self._ids)

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        """The row of ``article_id`` in the list (None when filtered out)."""
        if self._unsorted is not None:  # e.g. a coder's assigned articles first
            return self._unsorted.get(article_id)
        i = bisect_left(self._ids, article_id)
        return i if i < len(self._ids) and self._ids[i] == article_id else None

    def row_data(self, row: int) -> Any:
        """The row's data, reading its page if needed."""
        article_id = self.article_id(row)
        if article_id is None:
            return None
        page = row // PAGE
        cached = self._pages.get(page)
        if cached is None:
            ids = self._ids[page * PAGE : (page + 1) * PAGE]
            cached = self._read_offline_blank(ids)
            if cached is None:
                return None
            self.rows_fetched += len(ids)
            self._pages[page] = cached
            while len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return cached.get(article_id)

    def _read_offline_blank(self, ids: list[int]) -> dict[int, Any] | None:
        """``_read(ids)``, or None while the team server is out of reach: the rows stay blank
        (nothing cached) and are read again once its connection is made again (Qt asks for
        rows while painting: an exception there would only print a traceback)."""
        try:
            with guarded():
                return self._read(ids)
        except CodingError as exc:
            if not exc.offline:
                raise
            if not self._retry.isActive():
                self._retry.start(RETRY_MS)
            return None

    def _read_again(self) -> None:
        """Connect again (the desk may have already) and repaint the blank rows; else later."""
        try:
            reconnect(self.db)
        except CodingError:
            self._retry.start(RETRY_MS)
            return
        if self._ids:
            last = self.index(len(self._ids) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def refresh_article(self, article_id: int) -> None:
        """Read one article's row again (its state, counts or decisions changed)."""
        row = self.row_of(article_id)
        if row is None:
            return
        page = self._pages.get(row // PAGE)
        if page is not None:
            page.update(self._read([article_id]))
            self.rows_fetched += 1
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def refresh_articles(self, article_ids: Iterable[int]) -> None:
        """Read the rows of these articles again where they are cached (one read for all),
        and repaint them: another desk changed them."""
        rows = sorted(r for i in set(article_ids) if (r := self.row_of(i)) is not None)
        if not rows:
            return
        stale = [self._ids[r] for r in rows if r // PAGE in self._pages]
        fresh = self._read(stale) if stale else {}
        self.rows_fetched += len(stale)
        for article_id, data in fresh.items():
            row = self.row_of(article_id)
            if row is not None:
                self._pages[row // PAGE][article_id] = data
        self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], self.columnCount() - 1))

    # ----- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None


class Isolating(QStyledItemDelegate):
    """Each cell's text shown as a bidi isolate: a left-to-right name (``000_4aec2e….txt``, a
    coder's name) reads in its own order in the right-to-left interface. Display only: the
    model's data stays as stored."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        option.text = isolated(option.text)


class ListTable(EscapeHandsBack, QTableView):
    """A list's table: Escape hands the focus back (to the article)."""


class PagedList(QWidget):
    """A filtered article list: a search field, the table; Enter or a click opens an article.

    A subclass builds its filters, then ``_search_field()`` and ``_list_table(title)`` (in that
    order: it is the Tab order), and implements ``_filter_model``.
    """

    article_activated = Signal(int)
    escaped = Signal()
    table: ListTable

    def __init__(self, model: PagedListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._timer = QTimer(self)  # the search waits for a pause in typing
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply_filter)

    def _search_field(self) -> QLineEdit:
        search = QLineEdit(self)
        search.setPlaceholderText(self.tr("Search title or source"))
        search.setClearButtonEnabled(True)
        search.textChanged.connect(self._timer.start)
        search.returnPressed.connect(self.apply_filter)
        return search

    def _list_table(self, stretch: int) -> ListTable:
        """The table over the model, rows of one line; column ``stretch`` takes the spare width."""
        table = ListTable(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)
        table.setItemDelegate(Isolating(table))
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._on_activated)
        table.clicked.connect(self._on_activated)
        table.escaped.connect(self.escaped)
        return table

    def _fit(self, column: int, *texts: str) -> None:
        """Size a narrow column to the widest of ``texts`` in the table's font, and never
        narrower than its header needs (in the header's own font and style: unclipped)."""
        metrics = self.table.fontMetrics()
        width = max(metrics.horizontalAdvance(t) for t in texts) + 16
        header = self.table.horizontalHeader()
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))

    def _filter_model(self) -> None:
        """Hand the filter the widgets describe to the model."""
        raise NotImplementedError

    def apply_filter(self) -> None:
        """Filter the list now, keeping the current article current if it stays in."""
        self._timer.stop()
        current = self.current_article()
        self._filter_model()
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
        selection = self.table.selectionModel()
        if row is None:
            self.table.clearSelection()
            return
        index = self.model.index(row, 0)
        selection.setCurrentIndex(
            index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Rows
        )
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def live_update(self, article_ids: Iterable[int], *, reload: bool = False) -> None:
        """Other desks changed these articles: their rows read again (with ``reload``, the
        list's ids too), keeping the current article and the scroll position."""
        if not reload:
            self.model.refresh_articles(article_ids)
            return
        current = self.current_article()
        bar = self.table.verticalScrollBar()
        top = bar.value()
        self.model.reload()
        if current is not None:
            self.show_article(current)
        bar.setValue(top)

    def focus_table(self) -> None:
        """Put the keyboard focus on the list (Ctrl+L)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
