"""The article list: a table model over the database with a windowed row cache, and its widget."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import ArticleState
from annotator.gui.paged_list import (
    MAX_PAGES,
    PAGE,
    Index,
    Isolating,
    PagedList,
    PagedListModel,
)
from annotator.gui.widgets import plain_tooltip
from annotator.services.listing import (
    ArticleItem,
    assigned_first,
    assigned_ids,
    list_ids,
    list_items,
)
from annotator.services.projects import Project

__all__ = ["MAX_PAGES", "PAGE", "ArticleList", "ArticleListModel"]

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
ASSIGNED = "assigned"  # the list filter's value for "Assigned to me"
STATE_COLORS = {
    ArticleState.OPEN: None,
    ArticleState.DONE: "#2E7D32",
    ArticleState.SKIPPED: "#8A6D00",
    ArticleState.FLAGGED: "#B3261E",
}
_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.UserRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


class ArticleListModel(PagedListModel):
    """Articles in list order for one coder (their assigned articles first): ids up front, rows
    fetched a page at a time."""

    TITLE, SOURCE, STATE, PENDING, CONFIRMED = range(5)

    def __init__(self, db: Project, annotator: str, parent: Any = None) -> None:
        super().__init__(db, parent)
        self.annotator = annotator
        self.states: tuple[ArticleState, ...] | None = None
        self.search = ""
        self.assigned_only = False
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

    def _query_ids(self) -> list[int]:
        ids = list_ids(self.db, self.annotator, self.states, self.search)
        if self.assigned_only:
            mine = set(assigned_ids(self.db, self.annotator))
            return [i for i in ids if i in mine]
        return assigned_first(self.db, self.annotator, ids)

    def _read(self, ids: list[int]) -> dict[int, ArticleItem]:
        return list_items(self.db, self.annotator, ids)

    def set_filter(
        self, states: tuple[ArticleState, ...] | None, search: str, assigned_only: bool = False
    ) -> None:
        if (states, search, assigned_only) == (self.states, self.search, self.assigned_only):
            return
        self.states, self.search, self.assigned_only = states, search, assigned_only
        self.reload()

    def set_annotator(self, annotator: str) -> None:
        self.annotator = annotator
        self.reload()

    def state_names(self) -> list[str]:
        """The states as the list shows them (translated)."""
        return list(self._state_names.values())

    def item(self, row: int) -> ArticleItem | None:
        """The row's data, fetching its page if needed."""
        return self.row_data(row)

    # ----- Qt model interface ------------------------------------------------------------------

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
        tooltip = role == Qt.ItemDataRole.ToolTipRole  # a title may hold markup: shown as written
        return plain_tooltip(values[col]) if tooltip else values[col]


class _Directions(Isolating):
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


class ArticleList(PagedList):
    """Filter by state, search title or source, and the table; Enter or a click opens."""

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.model: ArticleListModel = model
        self.state_filter = QComboBox(self)
        self.state_filter.addItem(self.tr("All articles"), None)
        self.state_filter.addItem(self.tr("Assigned to me"), ASSIGNED)
        for state, text in (
            (ArticleState.OPEN, self.tr("Open")),
            (ArticleState.DONE, self.tr("Done")),
            (ArticleState.SKIPPED, self.tr("Skipped")),
            (ArticleState.FLAGGED, self.tr("Flagged")),
        ):
            self.state_filter.addItem(text, state.value)
        self.search = self._search_field()
        self.table = self._list_table(model.TITLE)
        self.table.setItemDelegate(_Directions(self.table))
        self._size_columns()
        self.state_filter.currentIndexChanged.connect(self.apply_filter)
        top = QHBoxLayout()
        top.addWidget(self.state_filter)
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def _size_columns(self) -> None:
        """Narrow columns sized to their contents in this font; the title takes the rest."""
        model = self.model
        self._fit(model.SOURCE, "0" * 10)
        state_header = model.headerData(model.STATE, Qt.Orientation.Horizontal)
        self._fit(model.STATE, state_header, *model.state_names())
        for col in (model.PENDING, model.CONFIRMED):
            self._fit(col, "000", model.headerData(col, Qt.Orientation.Horizontal))

    def _filter_model(self) -> None:
        value = self.state_filter.currentData()
        states = (ArticleState(value),) if value and value != ASSIGNED else None
        self.model.set_filter(states, self.search.text().strip(), value == ASSIGNED)
