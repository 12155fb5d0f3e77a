"""The coding desk: article list | article | span panel, every action from the keyboard."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Label
from annotator.domain.commands import Change
from annotator.gui.article_list import ArticleList, ArticleListModel
from annotator.gui.article_view import ArticleView, ViewSpan
from annotator.gui.cheat_sheet import CheatSheet, panel_field_rows
from annotator.gui.codebook_dialog import CodebookDialog
from annotator.gui.coder_dialog import CoderDialog
from annotator.gui.desk_parts import (
    EDGES,
    LABEL_KEYS,
    NUDGES,
    DeskActions,
    StatusLine,
    UndecidedQuestion,
)
from annotator.gui.export_dialog import ExportRun
from annotator.gui.find_bar import find_bar_of
from annotator.gui.i18n import session_translate
from annotator.gui.import_dialog import ImportRun
from annotator.gui.key_gate import install_popup_key_gate
from annotator.gui.legend import Legend
from annotator.gui.live_view import LiveView
from annotator.gui.note_dialog import NoteDialog
from annotator.gui.offline import OfflineRetry
from annotator.gui.project_guard import ProjectGuard
from annotator.gui.replace_question import ReplaceQuestion, in_the_way
from annotator.gui.report_dialog import ReportRun
from annotator.gui.review.review_window import open_agreement, open_history, open_review
from annotator.gui.session_window import SessionWindow
from annotator.gui.settings import Settings, SettingsDialog, restore_layout, save_layout
from annotator.gui.span_panel import SpanPanel
from annotator.gui.tasks import TaskManager, database_file
from annotator.services.actors import ActorCatalogue
from annotator.services.coding import (
    CodingError,
    CodingSession,
    actor_catalogue,
    next_pending,
    place_choices,
    read_place_choices,
    step_span,
)
from annotator.services.listing import SpanRow
from annotator.services.live import ProjectChanges
from annotator.services.projects import Project, annotator_names, is_server, target_of, where

PAUSE_MS = 1500  # no write for this long: the decisions are checkpointed into the file
# Commands that leave the span panel's edits where they are (they store nothing, go nowhere).
UNGATED = frozenset({"help", "history", "review", "edit_attributes"})


class MainWindow(SessionWindow, QMainWindow):
    """One coder's desk over a project database."""

    article_opened = Signal(int)

    def __init__(
        self,
        db: Project,
        coder: str,
        *,
        settings: Settings | None = None,
        clock: Callable[[], float] = time.monotonic,
        article_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings or Settings()
        self._clock = clock
        self._actors, self._actor_names = actor_catalogue()
        self.session = self._new_session(coder)
        self.article_id: int | None = None
        self._rows: dict[int, SpanRow] = {}
        self._panel_span: int | None = None
        self._write_failed = False
        self._dialogs: dict[str, QWidget] = {}
        self._places_loaded = False
        self.model = ArticleListModel(db, coder, self)
        self.list = ArticleList(self.model, self)
        self.view = ArticleView(self)
        self.view.default_font_size = self.settings.font_size
        self.view.zoom_reset()
        side = self._build_side()
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for widget in (self.list, self.view, side):
            self.splitter.addWidget(widget)
        for index, stretch in enumerate((0, 1, 0)):
            self.splitter.setStretchFactor(index, stretch)
        self._sized = False
        self.setCentralWidget(self.splitter)
        self.status = StatusLine(self)
        # a decision the team server did not store (connection lost): kept, retried, shown
        self.offline = OfflineRetry(self, self.status, self._reconnect, self._run)
        self.offline.stored.connect(self._on_back_online)
        self._quit_without_held = False
        self.tasks = TaskManager(self, refocus=self.focus_article)  # slow work, off the GUI
        self.guard = ProjectGuard(self, database_file(db), self.settings)  # damage, backups
        target = target_of(db)  # a team server (no file to check or back up): in the title
        self.server = where(target) if is_server(target) else ""  # user@host:port/db only
        self._pause = QTimer(self)  # the coder paused: checkpoint the write-ahead log now
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(self._on_pause)
        self._build_actions()
        self._key_gate = install_popup_key_gate(self)  # letters reach an open menu, not the desk
        self._connect()
        self._restore_layout()
        last = self.settings.last_article(coder)
        if last is not None and self.model.row_of(last) is None:
            last = None  # another database, or the article is gone
        first = article_id or last or self._quiet(self.session.first_article)
        if first is not None:
            self.open_article(first)
        self._update_status()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        # other desks' writes, shown live; never under an edit the span panel holds
        self.live = LiveView(self, db, lambda: not self.panel.pending())
        self.live.changed.connect(self._on_project_changed)

    # ----- building ----------------------------------------------------------------------------

    def _build_side(self) -> QWidget:
        """The span panel over the legend, with the actor catalogue in the panel."""
        self.panel = SpanPanel(self)
        catalogue = ActorCatalogue.from_choices(self._actors, self._actor_names)
        self.panel.set_actor_choices(self._actors, catalogue)
        for combo in (self.panel.actor, self.panel.victim, self.panel.place):
            # long choices must not widen the panel: the completer shows them in full
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14)
        self.legend = Legend(self)
        side = QWidget(self)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.panel, 1)
        column.addWidget(self.legend)
        return side

    def _new_session(self, coder: str) -> CodingSession:
        return CodingSession(
            self.db,
            coder,
            translate=session_translate,
            clock=self._clock,
            actor_names=self._actor_names,
        )

    def _build_actions(self) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "next_span": lambda: self.step_span(1),
            "previous_span": lambda: self.step_span(-1),
            "accept": self.accept_current,
            "reject": self.reject_current,
            "accept_all": self.accept_all,
            "edit_attributes": self.edit_attributes,
            "mark_done": self.mark_done,
            "skip": self.skip,
            "flag": self.flag,
            "reopen": self.reopen,
            "next_article": lambda: self.go_article(1),
            "previous_article": lambda: self.go_article(-1),
            "next_open": self.go_next_open,
            "focus_list": self.list.focus_table,
            "undo": self.undo,
            "redo": self.redo,
            "help": self.show_shortcuts,
            "history": self.show_history,
            "review": self.show_review,
            "find": lambda: find_bar_of(self.view).open(),
        }
        for name, label in LABEL_KEYS.items():
            handlers[name] = lambda _checked=False, label=label: self.label_key(label)
        for name, (edge, grow) in NUDGES.items():
            handlers[name] = lambda _checked=False, edge=edge, grow=grow: self.resize_current(
                edge, grow, by_char=True
            )
        for name, (edge, grow) in EDGES.items():
            handlers[name] = lambda _checked=False, edge=edge, grow=grow: self.resize_current(
                edge, grow
            )
        for name, handler in handlers.items():
            if name not in UNGATED:
                handlers[name] = self._gated(handler)
        self.actions = DeskActions(self, self.view, handlers)
        self.actions.build_menus(
            {
                "coder": self._gated(self.ask_coder),
                "import": self._gated(self.show_import),
                "export": self._gated(self.show_export),
                "report": self._gated(self.show_report),
                "settings": self.show_settings,
                "quit": self.close,
                "zoom_in": self.view.zoom_in,
                "zoom_out": self.view.zoom_out,
                "zoom_reset": self.view.zoom_reset,
                "codebook": self.show_codebook,
                "agreement": self._gated(self.show_agreement),
            }
        )

    # ----- the span panel's gate: nothing a coder types is lost -------------------------------

    def _gated(self, handler: Callable[..., None]) -> Callable[..., None]:
        """``handler`` run only once the span panel's edits are stored (see ``settle_panel``)."""

        def run(*args: object) -> None:
            if self.settle_panel(then=lambda: handler(*args)):
                handler(*args)

        return run

    def settle_panel(self, then: Callable[[], None] | None = None) -> bool:
        """The one gate every way out of the span panel passes (another span or article, done,
        skip, flag, Escape, a click, the list, closing, another coder): commit the panel's
        pending edits; False, with the panel open on the field and a message saying why, when
        a field cannot be resolved or the write failed. When it stops on a new actor id's
        question, ``then`` (the command it stopped) runs after a Yes has saved the edit."""
        if not self.panel.pending():
            return True
        self._write_failed = False
        if self.panel.commit() and not self._write_failed:
            return True
        if then is not None:
            self.panel.when_confirmed(then)
        self.status.say(self.tr("The span panel has an edit that cannot be saved yet."))
        if not self._write_failed:
            self.panel.focus_invalid()
        return False

    def _on_panel_entered(self) -> None:
        """Enter in the span panel: saved; the span accepted, on to the next undecided span."""
        row = self.current_row()
        self.focus_article()
        if row is None:
            return
        if not row.confirmed:
            self._run(lambda: self.session.accept(row.id), lambda c: self._advance(c, row.start))
            return
        target = next_pending(list(self._rows.values()), row.start)
        if target is not None:
            self.set_current(target)

    def _connect(self) -> None:
        self.list.article_activated.connect(self._on_list_activated)
        self.list.escaped.connect(self.focus_article)
        self.view.span_clicked.connect(self.set_current)
        self.view.selection_changed_range.connect(lambda _s, _e: self._update_hint())
        self.panel.attrs_edited.connect(self._on_attrs_edited)
        self.panel.done_editing.connect(self.focus_article)
        self.panel.entered.connect(self._on_panel_entered)
        self.panel.editing_changed.connect(self.status.set_editing)

    def _restore_layout(self) -> None:
        """Geometry and splitter as the coder left them; at the first start, fit the screen."""
        self._sized = restore_layout(self, self.settings, "", {"splitter": self.splitter})

    def _load_place_choices(self) -> None:
        """The places named so far, once a PLACE span is shown; with a file, read in a thread
        when the place field first gets the focus (on a big project: a second or more)."""
        self._places_loaded = True
        path = target_of(self.db)
        if path is not None:
            self.panel.load_place_choices(lambda: read_place_choices(path))
            return
        places = self._quiet(lambda: place_choices(self.db))
        if places:
            self.panel.set_place_choices(places)

    # ----- articles ----------------------------------------------------------------------------

    def open_article(self, article_id: int, *, force: bool = False) -> bool:
        """Show the article with this coder's spans; False (and a message) if it cannot, or if
        the span panel's edits cannot be saved (unless ``force``: read it again as stored)."""
        if not force and not self.settle_panel(then=lambda: self.open_article(article_id)):
            if self.article_id is not None:
                self.list.show_article(self.article_id)
            return False
        try:
            article = self.session.article(article_id)
            rows = self.session.spans(article_id)
        except CodingError as exc:
            self._report(exc, None)
            return False
        self.session.enter(article_id)
        self._pause.start()
        self.article_id = article_id
        self._rows = {r.id: r for r in rows}
        self.view.set_article(article.text, self._view_spans())
        self._show_panel(None)
        self.list.show_article(article_id)
        title = article.title or article.source
        if self.server:
            title = f"{title} — {self.server}"
        self.setWindowTitle(self.tr("Annotator — %1").replace("%1", title))
        self.settings.set_last_article(self.session.annotator, article_id)
        self._update_status()
        self.article_opened.emit(article_id)
        return True

    def _on_list_activated(self, article_id: int) -> None:
        if self.settle_panel():
            super()._on_list_activated(article_id)
        elif self.article_id is not None:
            self.list.show_article(self.article_id)

    def go_article(self, step: int) -> None:
        """The next or previous article in the list's order."""
        if self.article_id is None:
            return
        row = self.model.row_of(self.article_id)
        if row is not None:
            target = self.model.article_id(row + (1 if step > 0 else -1))
        else:
            target = self._quiet(lambda: self.session.neighbour(self.article_id or 0, step))
        if target is not None:
            self.open_article(target)

    def go_next_open(self) -> None:
        """The next article still open for this coder, wrapping around."""
        if self.article_id is None:
            return
        target = self._quiet(lambda: self.session.next_open(self.article_id or 0))
        if target is None:
            self.status.say(self.tr("No other article is open for you."))
        else:
            self.open_article(target)

    def _view_spans(self) -> list[ViewSpan]:
        return [_view_span(r) for r in self._rows.values()]

    # ----- spans -------------------------------------------------------------------------------

    def current_row(self) -> SpanRow | None:
        current = self.view.current()
        return self._rows.get(current) if current is not None else None

    def set_current(self, span_id: int | None) -> None:
        """Outline the span and show it in the panel."""
        if span_id is not None and span_id not in self._rows:
            span_id = None
        if span_id != self._panel_span and not self.settle_panel():
            self.view.set_current(self._panel_span)  # a click elsewhere: the panel stays
            return
        self.view.set_current(span_id)
        self._show_panel(span_id)
        self._update_hint()

    def step_span(self, step: int) -> None:
        rows = list(self._rows.values())
        self.set_current(step_span(rows, self.view.current(), self.view.caret(), step))

    def _show_panel(self, span_id: int | None) -> None:
        self._panel_span = span_id
        row = self._rows.get(span_id) if span_id is not None else None
        if row is None or self.article_id is None:
            # the window's focus widget, also while a question box is closing and the window
            # is not active yet (it gets the keys back when it is)
            stranded = self.panel.isAncestorOf(self.focusWidget())
            self.panel.clear()
            if stranded:  # an emptied panel must not keep the keys (Tab, A went to the list)
                self.focus_article()
            return
        if row.label is Label.PLACE and not self._places_loaded:
            self._load_place_choices()
        surface = self.view.text()[row.start : row.end]
        self.panel.show_span(row.label, surface, row.span.attrs)

    def _need_current(self) -> SpanRow | None:
        row = self.current_row()
        if row is None:
            self.status.say(self.tr("No current span: Tab goes to the next one."))
        return row

    def accept_current(self) -> None:
        row = self._need_current()
        if row is not None:
            self._run(lambda: self.session.accept(row.id), lambda c: self._advance(c, row.start))

    def reject_current(self) -> None:
        row = self._need_current()
        if row is not None:
            self._run(lambda: self.session.reject(row.id), lambda c: self._advance(c, row.start))

    def label_key(self, label: Label) -> None:
        """Label the selection (snapped to the codebook's span), or relabel the current span
        when nothing is selected."""
        if self.view.textCursor().hasSelection() and self.article_id is not None:
            selected = self.view.word_selection()
            if selected is None:
                self.status.say(self.tr("The selection holds no word to label."))
                return
            article_id, (start, end) = self.article_id, selected
            self._replacing(
                in_the_way(self._rows.values(), start, end, label, None),
                lambda: self._run(
                    lambda: self.session.add_span(article_id, start, end, label),
                    self._stay_on_change,
                ),
            )
            return
        row = self._need_current()
        if row is not None:
            self._run(lambda: self.session.relabel(row.id, label), self._stay_on_change)

    def resize_current(self, edge: str, grow: bool, *, by_char: bool = False) -> None:
        """Move an edge of the current span by a word (or a character); growing over spans
        the coder decided asks first, as drawing over them does."""
        row = self._need_current()
        if row is None:
            return
        words = self.view.words()
        move = words.nudged if by_char else words.resized
        bounds = move(row.start, row.end, edge, grow) if grow else None  # type: ignore[arg-type]
        replaced = in_the_way(self._rows.values(), *bounds, None, row.id) if bounds else []

        def resize() -> None:
            for other in replaced:
                self._run(lambda other=other: self.session.reject(other.id), self._refresh)
            self._run(
                lambda: self.session.resize(row.id, edge, grow, by_char=by_char),  # type: ignore[arg-type]
                self._stay_on_change,
            )

        self._replacing(replaced, resize)

    def _replacing(self, replaced: list[SpanRow], then: Callable[[], None]) -> None:
        """``then()`` at once when no decided span is replaced; else after the coder says Yes."""
        if not replaced:
            then()
            return
        box = ReplaceQuestion(self.view.text(), replaced, self)
        self._dialogs["replace"] = box

        def answered(_result: int) -> None:
            self._dialogs.pop("replace", None)
            if box.replace():
                then()
            self.focus_article()

        box.finished.connect(answered)
        box.open()

    def accept_all(self) -> None:
        if self.article_id is not None:
            article_id = self.article_id
            self._run(lambda: self.session.accept_all(article_id), self._refresh)

    def edit_attributes(self) -> None:
        if self._need_current() is not None:
            self.panel.focus_first_field()

    def _on_attrs_edited(self, attrs: dict) -> None:
        span_id = self._panel_span
        if span_id is None:
            return
        if not self._run(lambda: self.session.set_attributes(span_id, attrs), self._stay_on_change):
            self._write_failed = True
            self.panel.write_failed()

    # ----- article states ----------------------------------------------------------------------

    def mark_done(self) -> None:
        """Mark the article done; with suggestions undecided, ask first."""
        if self.article_id is None:
            return
        article_id = self.article_id
        undecided = sum(1 for r in self._rows.values() if not r.confirmed)
        if not undecided:
            self._run(lambda: self.session.mark_done(article_id), self._on_to_next)
            return
        box = UndecidedQuestion(undecided, self)
        self._dialogs["undecided"] = box

        def answered(_result: int) -> None:
            choice = box.choice()
            if choice == "accept_all":
                self._run(lambda: self.session.accept_all(article_id), self._refresh)
            if choice != "cancel" and self.article_id == article_id:
                self._run(lambda: self.session.mark_done(article_id), self._on_to_next)
            else:
                self.focus_article()

        box.finished.connect(answered)
        box.open()

    def skip(self) -> None:
        if self.article_id is not None:
            article_id = self.article_id
            self._run(lambda: self.session.skip(article_id), self._on_to_next)

    def reopen(self) -> None:
        if self.article_id is not None:
            article_id = self.article_id
            self._run(lambda: self.session.reopen(article_id), self._refresh)

    def flag(self) -> None:
        """Ask for a note, then flag the article for review."""
        if self.article_id is None:
            return
        article_id = self.article_id
        note = self._quiet(lambda: self.session.state(article_id).note) or ""
        dialog = NoteDialog(note, self)
        self._dialogs["note"] = dialog

        def done(result: int) -> None:
            if result == NoteDialog.DialogCode.Accepted:
                text = dialog.note()
                self._run(lambda: self.session.flag(article_id, text), self._on_to_next)
            else:
                self.focus_article()

        dialog.finished.connect(done)
        dialog.open()

    def _on_to_next(self, change: Change) -> None:
        self._refresh(change)
        if self.article_id is None:
            return
        self.go_next_open()
        self.focus_article()

    # ----- undo (annotator.gui.session_window) -------------------------------------------------

    def _show_step(self, change: Change) -> None:
        before = set(self._rows)
        self._refresh(change, panel=False)
        appeared = sorted(
            (r for i, r in self._rows.items() if i not in before), key=lambda r: r.start
        )
        target = appeared[0].id if appeared else self._visible(change)
        self.set_current(target)

    # ----- after a write -----------------------------------------------------------------------

    def _run(self, action: Callable[[], Change | None], after: Callable) -> bool:
        """Do ``action``; on success refresh through ``after``, on failure offer a retry (a
        lost connection to the team server: kept and retried by ``self.offline``; while one is
        kept, refused)."""
        if self.offline.refuses():
            return False
        try:
            change = action()
        except CodingError as exc:
            if exc.offline and not self._quit_without_held:
                self.offline.lost((action, after))
            elif exc.conflict:
                self._changed_elsewhere(exc)
            else:
                self._report(exc, lambda: self._run(action, after))
            self._update_undo()
            return False
        self.status.set_saved(True)
        self._pause.start()
        self.guard.note_work()
        with self.view.held_highlights():  # one re-highlight however many steps ``after`` takes
            after(change)
        self._update_undo()
        return True

    def _changed_elsewhere(self, exc: CodingError) -> None:
        """Another desk of this coder changed the article since an undo or redo step was
        recorded: the step was dropped; say so and show the article as stored."""
        article_id = exc.article_id or self.article_id
        if article_id is not None:
            self.open_article(article_id, force=True)
        text = self.tr(
            "Changed in another window of the same coder: step dropped, article shown as stored."
        )
        self._report(CodingError(text), None)
        self.status.set_saved(True)  # the screen shows what the database holds

    def _report(self, exc: CodingError, retry: Callable[[], None] | None) -> None:
        """As the session window reports, except a lost connection: said in the status bar and
        retried by ``self.offline`` (no message box for each read while the server is away)."""
        if exc.offline:
            self.offline.lost()
            return
        super()._report(exc, retry)

    def _reconnect(self) -> bool:
        return self.session.reconnect()  # the session of the coder at work now

    def _on_back_online(self) -> None:
        """Connected again (the held decision stored): the article and the list as stored."""
        if self.article_id is not None:
            self._refresh(None)
            self.model.refresh_article(self.article_id)
        self._update_status()

    def _on_pause(self) -> None:
        self.session.checkpoint()

    def _quiet(self, read: Callable):
        try:
            return read()
        except CodingError as exc:
            self._report(exc, None)
            return None

    def _refresh(self, change: Change | None, *, panel: bool = True) -> None:
        """Re-read the open article's spans and the list rows the change touched (and the
        panel, unless the caller picks the current span next)."""
        if change is not None and change.article_id not in (None, self.article_id):
            self.model.refresh_article(change.article_id)
        if self.article_id is None:
            return
        article_id, known = self.article_id, self._rows
        changed = change.span_ids if change is not None else ()
        rows = self._quiet(lambda: self.session.refresh_spans(article_id, known, changed))
        if rows is not None:  # only new, changed and removed spans are re-highlighted
            self._rows = rows
            self.view.update_spans(
                (_view_span(r) for i, r in rows.items() if known.get(i) is not r),
                known.keys() - rows.keys(),
            )
        self.model.refresh_article(self.article_id)
        if panel and self._panel_span not in self._rows:
            self._show_panel(self.view.current())
        self._update_status()

    def _visible(self, change: Change) -> int | None:
        shown = sorted((i for i in change.span_ids if i in self._rows), key=self._start)
        return shown[0] if shown else None

    def _start(self, span_id: int) -> int:
        return self._rows[span_id].start

    def _stay_on_change(self, change: Change) -> None:
        keep = self.view.current()
        self._refresh(change, panel=False)
        target = self._visible(change)
        self.set_current(target if target is not None else keep)

    def _advance(self, change: Change, position: int) -> None:
        """After accept/reject: on to the next suggestion still to decide."""
        self._refresh(change, panel=False)
        rows = list(self._rows.values())
        target = next_pending(rows, position)
        self.set_current(target if target is not None else self._visible(change))

    # ----- the live team view (annotator.gui.live_view) ----------------------------------------

    def _on_project_changed(self, changes: ProjectChanges) -> None:
        """Another desk (another coder, or this coder elsewhere) or a lead wrote: the list rows
        and the progress again, and the open article when this coder's spans on it changed;
        the selection, the scroll position and the current span stay."""
        self.session.changed_elsewhere()
        if changes.articles_added:
            self.session.articles_added()
        model = self.model
        filtered = model.states is not None or model.assigned_only
        reload = changes.assignments or changes.articles_added or filtered
        self.list.live_update(changes.articles - {self.article_id}, reload=reload)
        changed = False
        if self.article_id is not None and self.article_id in changes.articles:
            before = self._rows
            self._refresh(None)
            changed = before.keys() != self._rows.keys() or any(
                before[i] is not r for i, r in self._rows.items()
            )
            if changed and self._panel_span is not None and self._panel_span in self._rows:
                self._show_panel(self._panel_span)  # its attributes as stored now
        self._update_status()
        if changed:
            self.status.say(
                self.tr("Changed in another window of the same coder: shown as stored.")
            )

    # ----- status ------------------------------------------------------------------------------

    def _update_status(self) -> None:
        self.status.set_coder(self.session.annotator)
        progress = self._quiet(self.session.progress)
        if progress is not None:
            self.status.set_progress(*progress)
        if not self.status.saved.text():
            self.status.set_saved(True)
        self._update_undo()
        self._update_hint()

    def _update_undo(self) -> None:
        self.actions.set_history(self.session.undo_label, self.session.redo_label)

    def _update_hint(self) -> None:
        row = self.current_row()
        self.status.set_hint(
            selection=self.view.selected_range(trim=True) is not None,
            current=row is not None,
            pending=row is not None and not row.confirmed,
        )

    # ----- dialogs and coders ------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        sheet = CheatSheet(self, extra=[panel_field_rows(self.panel)])
        self._dialogs["shortcuts"] = sheet
        sheet.finished.connect(lambda _r: self.focus_article())
        sheet.open()

    def show_codebook(self) -> None:
        book = CodebookDialog(parent=self)
        self._dialogs["codebook"] = book
        book.show()

    def show_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        self._dialogs["settings"] = dialog

        def done(result: int) -> None:
            if result == SettingsDialog.DialogCode.Accepted:
                self.view.default_font_size = self.settings.font_size
                self.view.zoom_reset()

        dialog.finished.connect(done)
        dialog.open()

    def ask_coder(self) -> None:
        names = self._quiet(lambda: annotator_names(self.db)) or []
        dialog = CoderDialog(names, self.session.annotator, self)
        self._dialogs["coder"] = dialog

        def done(result: int) -> None:
            if result == CoderDialog.DialogCode.Accepted:
                self.switch_coder(dialog.name())
            self.focus_article()

        dialog.finished.connect(done)
        dialog.open()

    def switch_coder(self, name: str) -> None:
        """Work as another coder: a new session (and undo history) on the same database."""
        if not name or name == self.session.annotator or not self.settle_panel():
            return
        self.session.leave()
        self.session = self._new_session(name)
        self.settings.coder = name
        self.model.set_annotator(name)
        article = self.article_id or self.session.first_article()
        if article is not None:
            self.open_article(article)
        self._update_status()

    # ----- import, export and report: slow work through gui/tasks.py ---------------------------

    def show_import(self) -> None:
        run = ImportRun(self, self.tasks, self.db, self._on_imported)
        self._dialogs["import"] = run.ask()

    def show_export(self) -> None:
        self._dialogs["export"] = ExportRun(self, self.tasks, self.db, self.settings.store).ask()

    def show_report(self) -> None:
        self._dialogs["report"] = ReportRun(self, self.tasks, self.db, self.settings.store).ask()

    def _on_imported(self, article_ids: list[int]) -> None:
        """After an import (even a stopped one): the list again, the first new article if none."""
        self.session.articles_added()
        self.model.reload()
        if self.article_id is None and article_ids:
            self.open_article(article_ids[0])
        elif self.article_id is not None:
            self.list.show_article(self.article_id)
        self._update_status()

    # ----- review, agreement and span history (annotator.gui.review.review_window) -----------

    def show_review(self) -> None:
        """The review and adjudication window, on the same database."""
        self._dialogs["review"] = open_review(self, self.db, self._report)

    def show_agreement(self) -> None:
        """Agreement between the coders (computed in a worker thread)."""
        self._dialogs["agreement"] = open_agreement(self, self.db, self._report)

    def show_history(self) -> None:
        """Who suggested, accepted, changed or rejected the current span, and when."""
        row = self._need_current()
        if row is not None:
            self._dialogs["history"] = open_history(
                self, self.db, row.id, self.view.text(), self._report
            )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """At the first start: about a quarter of the width each for the list and the panel."""
        super().showEvent(event)
        QTimer.singleShot(0, _freeze_start_up_objects)
        if not self._sized:
            self._sized = True
            width = max(self.width(), 900)
            self.splitter.setSizes([width * 30 // 100, width * 46 // 100, width * 24 // 100])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Store the span panel's edits (or stay open to show why not), record the time spent
        and the layout. With a decision the team server has not stored yet, ask first."""
        if self.offline.held is not None and not self._quit_without_held:
            event.ignore()
            self._dialogs["quit"] = self.offline.confirm_quit(self._quit_without)
            return
        if not self._quit_without_held and not self.settle_panel():
            event.ignore()
            return
        self.offline.discard()
        self._pause.stop()
        self.live.stop()
        self.session.leave()
        self.guard.finish()
        save_layout(self, self.settings, "", {"splitter": self.splitter})
        super().closeEvent(event)

    def _quit_without(self) -> None:
        """The coder chose to quit without the decision the server has not stored."""
        self._quit_without_held = True
        self.close()


def _view_span(row: SpanRow) -> ViewSpan:
    return ViewSpan(row.id, row.start, row.end, row.label, row.confirmed)


def _freeze_start_up_objects() -> None:
    """Once per process, after the desk first shows: collect, then exempt every object alive
    (modules, Qt wrappers, catalogues: about 100,000) from later collections, so that a full
    collection while coding scans only what was made since: a few ms, not a 50-130 ms pause."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()
