"""Review and adjudication: article list | article with the current item and the item table |
coders compared and the gold span, every decision from the keyboard and undoable.

``ReviewWindow`` builds the widgets and composes one object per concern, each handed what it
needs: ``ReviewState`` (the open article), ``CurrentItem`` (its rows, the current one, the
status line), ``Decisions`` (every adjudication key) and ``SessionControls`` (undo, redo,
error reports, the focus back to the article).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from annotator.domain import GOLD, Label
from annotator.gui.agreement_dialog import AgreementDialog
from annotator.gui.cheat_sheet import REVIEW, CheatSheet
from annotator.gui.desk_parts import StatusLine
from annotator.gui.history_dialog import history_dialog
from annotator.gui.live_view import LiveView
from annotator.gui.review.review_actions import TAKES, ReviewActions
from annotator.gui.review.review_articles import ReviewArticleList, ReviewListModel
from annotator.gui.review.review_current import CurrentItem, Report
from annotator.gui.review.review_decisions import Decisions
from annotator.gui.review.review_panel import ReviewPanel
from annotator.gui.review.review_rows import ReviewRow, next_open
from annotator.gui.review.review_state import ReviewState
from annotator.gui.review.review_table import ReviewTable
from annotator.gui.review.review_view import ReviewView
from annotator.gui.session_window import SessionControls
from annotator.gui.settings import Settings, restore_layout, save_layout
from annotator.services.actors import ActorCatalogue
from annotator.services.coding import CodingError, actor_catalogue, guarded
from annotator.services.listing import get_article, is_adjudicated
from annotator.services.live import ProjectChanges
from annotator.services.projects import Project, annotator_names
from annotator.services.review import ReviewSession, finished_coders

SESSION_CONTEXT = "ReviewSession"
LAYOUT_KEY = "review/"  # the review window's geometry and splitters in the settings
# The review session's undo labels (annotator.services.review.LABELS), for pyside6-lupdate.
SESSION_STRINGS = (
    QT_TRANSLATE_NOOP("ReviewSession", "Take {coder}’s version of ‘{surface}’"),
    QT_TRANSLATE_NOOP("ReviewSession", "Reject all versions of ‘{surface}’"),
    QT_TRANSLATE_NOOP("ReviewSession", "Reopen ‘{surface}’"),
    QT_TRANSLATE_NOOP("ReviewSession", "Accept agreed spans ({n})"),
    QT_TRANSLATE_NOOP("ReviewSession", "Add gold {label} ‘{surface}’"),
    QT_TRANSLATE_NOOP("ReviewSession", "Edit gold ‘{surface}’"),
    QT_TRANSLATE_NOOP("ReviewSession", "Remove gold ‘{surface}’"),
)
EDGES = {
    "gold_grow_start": ("start", True),
    "gold_grow_end": ("end", True),
    "gold_shrink_start": ("start", False),
    "gold_shrink_end": ("end", False),
}
GOLD_LABELS = {
    "gold_actor": Label.ACTOR,
    "gold_place": Label.PLACE,
    "gold_casualty": Label.CASUALTY,
}


def review_translate(text: str) -> str:
    """Translate one of the review session's undo labels into the UI language."""
    return QCoreApplication.translate(SESSION_CONTEXT, text)


class ReviewWindow(QMainWindow):
    """The lead comparing coders' versions article by article and deciding gold."""

    article_opened = Signal(int)

    def __init__(
        self, db: Project, *, article_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window)
        self.db = db
        self.state = ReviewState(db)
        self._dialogs: dict[str, QWidget] = {}
        self._actors, self._actor_names = actor_catalogue()
        with guarded():
            self.all_coders = [n for n in annotator_names(db) if n != GOLD]
        self.model = ReviewListModel(db, self)
        self.list = ReviewArticleList(self.model, self.all_coders, self)
        self.view = ReviewView(self)
        self.table = ReviewTable(self)
        self.area = QWidget(self)  # the article and the item table: where plain keys work
        self.middle = self._build_middle()
        self.panel = ReviewPanel(self)
        self.panel.span_panel.set_actor_choices(
            self._actors, ActorCatalogue.from_choices(self._actors, self._actor_names)
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for widget in (self.list, self.area, self.panel):
            self.splitter.addWidget(widget)
        for index, stretch in enumerate((0, 1, 0)):
            self.splitter.setStretchFactor(index, stretch)
        self.setCentralWidget(self.splitter)
        self.settings = Settings()
        self._sized = restore_layout(self, self.settings, LAYOUT_KEY, self._splitters())
        self.status = StatusLine(self)
        self.controls = SessionControls(
            self,
            self.view,
            self.status,
            self._dialogs,
            article_id=self._open_article_id,
            open_article=self.open_article,
        )
        self.items = CurrentItem(
            self.state,
            table=self.table,
            model=self.model,
            undo_shown=self._show_undo,
            report=self.controls.report,
            view=self.view,
            panel=self.panel,
            status=self.status,
        )
        self.decisions = Decisions(
            self.state,
            self.items,
            model=self.model,
            report=self.controls.report,
            actor_names=self._actor_names,
            open_article=self.open_article,
            view=self.view,
            panel=self.panel,
            status=self.status,
        )
        self._build_actions()
        self._connect()
        self.setWindowTitle(self.tr("Review and adjudication"))
        self.items.count_adjudicated()
        first = article_id if article_id is not None else self.model.article_id(0)
        if first is not None:
            self.open_article(first)
        else:
            self.status.say(self.tr("No article matches the filters."))
        self.items.update_status()
        self.focus_article()
        # coders' writes from other desks, shown live; never under a gold edit not stored yet
        self.live = LiveView(self, db, lambda: not self.panel.span_panel.pending())
        self.live.changed.connect(self._on_project_changed)

    # ----- what the window shows (the composed parts hold it) ----------------------------------

    @property
    def session(self) -> ReviewSession | None:
        return self.state.session

    @property
    def article_id(self) -> int | None:
        return self.state.article_id

    @property
    def coders(self) -> list[str]:
        return self.state.coders

    @property
    def pinned(self) -> list[str] | None:
        return self.state.pinned

    @property
    def rows(self) -> list[ReviewRow]:
        return self.state.rows

    @property
    def current(self) -> int | None:
        """The index of the current item in ``rows``."""
        return self.state.current

    def current_row(self) -> ReviewRow | None:
        return self.state.current_row()

    def set_current(self, index: int | None) -> None:
        self.items.set_current(index)

    def step_item(self, step: int) -> None:
        self.items.step_item(step)

    def focus_article(self) -> None:
        """The keyboard focus back to the article."""
        self.controls.focus_article()

    def _open_article_id(self) -> int | None:
        return self.state.article_id

    def _show_undo(self, undo: str | None, redo: str | None) -> None:
        self.actions.set_history(undo, redo)

    # ----- building ----------------------------------------------------------------------------

    def _build_middle(self) -> QSplitter:
        """The article over the item table, in ``area``."""
        column = QVBoxLayout(self.area)
        column.setContentsMargins(0, 0, 0, 0)
        middle = QSplitter(Qt.Orientation.Vertical, self.area)
        middle.addWidget(self.view)
        middle.addWidget(self.table)
        middle.setStretchFactor(0, 3)
        middle.setStretchFactor(1, 2)
        column.addWidget(middle)
        return middle

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "next_item": lambda: self.items.step_item(1),
            "previous_item": lambda: self.items.step_item(-1),
            "next_open_item": self.items.next_open_item,
            "accept_item": self.decisions.accept_item,
            "reject_item": self.decisions.reject_item,
            "reopen_item": self.decisions.reopen_item,
            "accept_agreed": self.decisions.accept_agreed,
            "edit_gold": self.decisions.edit_gold,
            "history": self.show_history,
            "next_to_adjudicate": lambda: self.go_to_adjudicate(1),
            "previous_to_adjudicate": lambda: self.go_to_adjudicate(-1),
            "next_article": lambda: self.go_article(1),
            "previous_article": lambda: self.go_article(-1),
            "focus_list": self.list.focus_table,
            "focus_coders": self.focus_coders,
            "agreement": self.show_agreement,
            "close": self.close,
            "undo": self.decisions.undo,
            "redo": self.decisions.redo,
            "help": self.show_shortcuts,
        }
        for n, name in enumerate(TAKES, 1):
            handlers[name] = lambda _checked=False, n=n: self.decisions.take(n)
        for name, label in GOLD_LABELS.items():
            handlers[name] = lambda _checked=False, label=label: self.decisions.gold_label(label)
        for name, (edge, grow) in EDGES.items():
            handlers[name] = lambda _checked=False, e=edge, g=grow: self.decisions.resize_gold(e, g)
        self.actions = ReviewActions(self, self.area, handlers)
        self.actions.build_menus(
            {
                "zoom_in": self.view.zoom_in,
                "zoom_out": self.view.zoom_out,
                "zoom_reset": self.view.zoom_reset,
            }
        )
        self.actions.set_coders([])

    def _connect(self) -> None:
        self.list.article_activated.connect(self.controls.on_list_activated)
        self.list.escaped.connect(self.focus_article)
        self.list.filter_changed.connect(self.items.on_filter_changed)
        self.view.span_clicked.connect(self.items.on_span_clicked)
        self.table.row_chosen.connect(self.items.set_current)
        self.panel.coders_chosen.connect(self._on_coders_chosen)
        self.panel.default_coders.connect(self._on_default_coders)
        self.panel.coders.escaped.connect(self.focus_article)
        self.panel.span_panel.attrs_edited.connect(self.decisions.on_attrs_edited)
        self.panel.span_panel.done_editing.connect(self.focus_article)
        self.panel.span_panel.entered.connect(self.focus_article)
        self.panel.span_panel.entered.connect(self.decisions.on_panel_entered)

    # ----- articles ----------------------------------------------------------------------------

    def open_article(self, article_id: int) -> bool:
        """Show the article, its items for the compared coders and its gold layer."""
        try:
            with guarded():
                text = get_article(self.db, article_id).text
                done = finished_coders(self.db, article_id)
        except CodingError as exc:
            self.controls.report(exc, None)
            return False
        state = self.state
        state.article_id, state.text, state.words = article_id, text, None
        self.view.set_article(text)
        self._choose_coders(state.pinned if state.pinned is not None else done)
        state.current = None
        self.items.reload(keep=False)
        first = next_open(state.rows, 0)
        self.items.set_current(first if first is not None else (0 if state.rows else None))
        self.list.show_article(article_id)
        self.setWindowTitle(self.tr("Review — %1").replace("%1", self._title(article_id)))
        self.items.update_status()
        self.article_opened.emit(article_id)
        return True

    def _on_project_changed(self, changes: ProjectChanges) -> None:
        """A coder (or another lead) wrote: the list rows, the progress, and the open article's
        items when its spans changed; the current item (by identity) stays."""
        try:
            if changes.tables & {"spans", "article_state"}:
                self._learn_coders()
            new = any(self.model.row_of(i) is None for i in changes.articles)
            self.list.live_update(changes.articles, reload=new or changes.articles_added)
            self.items.count_adjudicated()
            article_id = self.state.article_id
            if article_id is not None and article_id in changes.articles:
                if self.state.pinned is None:
                    with guarded():
                        done = finished_coders(self.db, article_id)
                    if done != self.state.coders:
                        self._choose_coders(done)
                self.items.reload(keep=True)
        except CodingError as exc:
            self.controls.report(exc, None)
        self.items.update_status()

    def _learn_coders(self) -> None:
        """Coders who started since the window opened join its coder lists (the article
        list's "coded by" filter and the coders to compare)."""
        with guarded():
            names = [n for n in annotator_names(self.db) if n != GOLD]
        new = [n for n in names if n not in self.all_coders]
        if new:
            self.all_coders += new
            self.list.add_coders(new)
            self._choose_coders(self.state.coders)

    def _title(self, article_id: int) -> str:
        row = self.model.row_of(article_id)
        data = self.model.row_data(row) if row is not None else None
        return (data.title or data.source) if data is not None else str(article_id)

    def go_article(self, step: int) -> None:
        """The next or previous article in the list."""
        row = self.model.row_of(self.article_id) if self.article_id is not None else None
        target = self.model.article_id((row + step) if row is not None else 0)
        if target is not None:
            self.open_article(target)

    def go_to_adjudicate(self, step: int) -> None:
        """The next (or previous) article in the list that is not adjudicated yet."""
        ids = self.model.ids()
        row = self.model.row_of(self.article_id) if self.article_id is not None else None
        if row is None:
            row = -1 if step > 0 else len(ids)
        order = ids[row + 1 :] if step > 0 else ids[:row][::-1]
        try:
            with guarded():
                target = next((i for i in order if not is_adjudicated(self.db, i)), None)
        except CodingError as exc:
            self.controls.report(exc, None)
            return
        if target is None:
            self.status.say(self.tr("No other article in the list is left to adjudicate."))
            return
        self.open_article(target)

    def focus_coders(self) -> None:
        self.panel.coders.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----- coders ------------------------------------------------------------------------------

    def _choose_coders(self, coders: Sequence[str]) -> None:
        state = self.state
        state.coders = [c for c in dict.fromkeys(coders) if c != GOLD]
        if state.coders:
            if state.session is None:
                state.session = ReviewSession(self.db, state.coders, translate=review_translate)
            state.session.coders = list(state.coders)
        names = self.all_coders + [c for c in state.coders if c not in self.all_coders]
        self.panel.set_coders(names, state.coders, state.pinned is not None)
        self.actions.set_coders(state.coders)

    def _on_coders_chosen(self, coders: list[str]) -> None:
        self.state.pinned = list(coders)
        self._choose_coders(coders)
        self.items.reload(keep=True)
        self.items.update_status()

    def _on_default_coders(self) -> None:
        self.state.pinned = None
        if self.article_id is not None:
            self.open_article(self.article_id)
        self.focus_article()

    # ----- dialogs -----------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        sheet = CheatSheet(self, REVIEW)
        sheet.setWindowTitle(self.tr("Review keys"))
        self._dialogs["shortcuts"] = sheet
        sheet.finished.connect(lambda _r: self.focus_article())
        sheet.open()

    def show_history(self) -> None:
        row = self.decisions.need_row()
        if row is not None:
            self._dialogs["history"] = open_history(
                self, self.db, row.main_span_id(), self.state.text, self.controls.report
            )

    def show_agreement(self) -> None:
        self._dialogs["agreement"] = open_agreement(self, self.db, self.controls.report)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """At the first show: about a quarter of the width each for the list and the panel."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            width = max(self.width(), 900)
            self.splitter.setSizes([width * 27 // 100, width * 50 // 100, width * 23 // 100])

    def _splitters(self) -> dict[str, QSplitter]:
        return {"splitter": self.splitter, "middle": self.middle}

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Save the attributes being edited, and the layout."""
        self.panel.span_panel.commit()
        self.live.stop()
        save_layout(self, self.settings, LAYOUT_KEY, self._splitters())
        super().closeEvent(event)


def _refocus(parent: QWidget) -> Callable[[int], None]:
    """After a dialog: the keyboard focus back to the parent's article, if it has one."""

    def back(_result: int) -> None:
        focus = getattr(parent, "focus_article", None)
        if callable(focus):
            focus()

    return back


def open_review(parent: QWidget, db: Project, report: Report) -> ReviewWindow | None:
    """Show the review window of ``parent`` (one at a time), creating it when needed."""
    window = parent.findChild(ReviewWindow)
    if window is None:
        try:
            window = ReviewWindow(db, parent=parent)
        except CodingError as exc:
            report(exc, None)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    window.raise_()
    window.activateWindow()
    window.focus_article()
    return window


def open_agreement(parent: QWidget, db: Project, report: Report) -> AgreementDialog | None:
    """Show the agreement dialog and start computing with the default coders."""
    try:
        dialog = AgreementDialog(db, parent)
    except CodingError as exc:
        report(exc, None)
        return None
    dialog.finished.connect(_refocus(parent))
    dialog.open()
    dialog.compute()
    return dialog


def open_history(
    parent: QWidget, db: Project, span_id: int, text: str, report: Report
) -> QWidget | None:
    """Show the history of ``span_id`` (a span of the article whose text is ``text``)."""
    try:
        dialog = history_dialog(db, span_id, text, parent)
    except CodingError as exc:
        report(exc, None)
        return None
    dialog.finished.connect(_refocus(parent))
    dialog.open()
    return dialog
