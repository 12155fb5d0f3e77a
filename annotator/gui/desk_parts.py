"""Parts of the coding desk's window: its actions and menus (keys from the cheat sheet), the
status line, and the error box with Retry."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QPushButton, QWidget

from annotator.domain import Label
from annotator.gui.cheat_sheet import DESK, SHORTCUTS
from annotator.gui.messages import translate_message
from annotator.gui.widgets import make_plain, plain_box
from annotator.gui.window_actions import WindowActions
from annotator.services.coding import CodingError

LABEL_KEYS = {
    "label_actor": Label.ACTOR,
    "label_place": Label.PLACE,
    "label_casualty": Label.CASUALTY,
}
EDGES = {
    "grow_start": ("start", True),
    "grow_end": ("end", True),
    "shrink_start": ("start", False),
    "shrink_end": ("end", False),
}
NUDGES = {  # one character instead of one word
    "nudge_grow_start": ("start", True),
    "nudge_grow_end": ("end", True),
    "nudge_shrink_start": ("start", False),
    "nudge_shrink_end": ("end", False),
}
SPAN_MENU = (
    "next_span", "previous_span", "accept", "reject", "accept_all", "history", None,
    "label_actor", "label_place", "label_casualty", "edit_attributes", None,
    "grow_start", "grow_end", "shrink_start", "shrink_end",
    "nudge_grow_start", "nudge_grow_end", "nudge_shrink_start", "nudge_shrink_end", None,
    "find",
)  # fmt: skip
ARTICLE_MENU = (
    "mark_done", "skip", "flag", "reopen", None,
    "next_article", "previous_article", "next_open", None, "focus_list",
)  # fmt: skip
DONE_COLOR = "#2E7D32"
ERROR_COLOR = "#B3261E"
EDITING_COLOR = "#B26A00"


def native_key(action: str) -> str:
    """The main key of a cheat-sheet action as the platform writes it."""
    return QKeySequence(SHORTCUTS[action][0]).toString(QKeySequence.SequenceFormat.NativeText)


class DeskActions(WindowActions):
    """Every desk action as a QAction: view-scoped keys on the article view, others window-wide."""

    def __init__(
        self, window: QMainWindow, view: QWidget, handlers: Mapping[str, Callable[[], None]]
    ) -> None:
        super().__init__(window, view, handlers, DESK)

    def _texts(self) -> dict[str, str]:
        return {
            "next_span": self.tr("&Next span"),
            "previous_span": self.tr("&Previous span"),
            "accept": self.tr("&Accept"),
            "reject": self.tr("&Reject or remove"),
            "label_actor": self.tr("Label ACTOR"),
            "label_place": self.tr("Label PLACE"),
            "label_casualty": self.tr("Label CASUALTY"),
            "grow_start": self.tr("Grow at the beginning"),
            "grow_end": self.tr("Grow at the end"),
            "shrink_start": self.tr("Shrink at the beginning"),
            "shrink_end": self.tr("Shrink at the end"),
            "nudge_grow_start": self.tr("Grow one character at the beginning"),
            "nudge_grow_end": self.tr("Grow one character at the end"),
            "nudge_shrink_start": self.tr("Shrink one character at the beginning"),
            "nudge_shrink_end": self.tr("Shrink one character at the end"),
            "find": self.tr("Find in the article…"),
            "accept_all": self.tr("Accept a&ll suggestions"),
            "edit_attributes": self.tr("&Edit attributes"),
            "mark_done": self.tr("Mark &done"),
            "skip": self.tr("&Skip"),
            "flag": self.tr("&Flag…"),
            "reopen": self.tr("Re&open"),
            "next_article": self.tr("&Next article"),
            "previous_article": self.tr("&Previous article"),
            "next_open": self.tr("Next op&en article"),
            "focus_list": self.tr("Go to the article &list"),
            "undo": self.tr("&Undo"),
            "redo": self.tr("&Redo"),
            "help": self.tr("&Keyboard shortcuts"),
            "history": self.tr("&History of this span…"),
            "review": self.tr("&Review and adjudicate…"),
        }

    def build_menus(self, slots: Mapping[str, Callable[[], None]]) -> None:
        """File, Edit, Span, Article, View and Help; ``slots`` holds the menu-only commands."""
        bar = self.window.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.tr("&Import…"), slots["import"])
        file_menu.addAction(self.tr("&Export…"), slots["export"])
        file_menu.addAction(self.tr("&Report…"), slots["report"])
        file_menu.addSeparator()
        file_menu.addAction(self.tr("Switch &coder…"), slots["coder"])
        file_menu.addAction(self.tr("&Settings…"), slots["settings"])
        file_menu.addSeparator()
        quit_action = file_menu.addAction(self.tr("&Quit"), slots["quit"])
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self._fill(bar.addMenu(self.tr("&Edit")), ("undo", "redo"))
        self._fill(bar.addMenu(self.tr("&Span")), SPAN_MENU)
        self._fill(bar.addMenu(self.tr("Ar&ticle")), ARTICLE_MENU)
        view_menu = self._zoom_menu(slots)
        view_menu.addSeparator()
        view_menu.addAction(self.tr("Language and &settings…"), slots["settings"])
        review_menu = bar.addMenu(self.tr("&Review"))  # annotator.gui.review.review_window
        review_menu.addAction(self.actions["review"])
        review_menu.addAction(self.tr("&Agreement…"), slots["agreement"])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.actions["help"])
        help_menu.addAction(self.tr("&Codebook"), slots["codebook"])


class StatusLine(QObject):
    """The status bar: the hint for the next keys, save state, progress and the coder."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        bar = window.statusBar()
        self.hint = QLabel(window)
        self.saved = QLabel(window)
        self.progress = QLabel(window)
        self.coder = QLabel(window)
        self._ok = True  # the last write was stored
        self._editing = False  # the span panel holds an edit not stored yet
        self._offline: tuple[bool, bool] | bool = False  # (lost, a decision held) or False
        make_plain(self.hint, self.saved, self.progress, self.coder)  # names, user data
        bar.addWidget(self.hint, 1)
        for label in (self.saved, self.progress, self.coder):
            bar.addPermanentWidget(label)

    def set_coder(self, name: str) -> None:
        self.coder.setText(self.tr("Coder: %1").replace("%1", name))

    def set_progress(self, done: int, total: int) -> None:
        text = self.tr("Done %1 / %2").replace("%1", str(done)).replace("%2", str(total))
        self.progress.setText(text)

    def set_saved(self, ok: bool) -> None:
        """After a write: "Saved" or "Not saved" (unless an edit of the span panel is pending)."""
        self._ok = ok
        self._show_saved()

    def set_editing(self, editing: bool) -> None:
        """The span panel holds an edit the database does not have yet (or no longer)."""
        self._editing = editing
        self._show_saved()

    def set_offline(self, offline: bool, *, holding: bool = False) -> None:
        """The connection to the team server is lost (or back): "Offline — retrying", and
        whether a decision waits to be stored (``holding``)."""
        self._offline = (offline, holding) if offline else False
        self._show_saved()

    def _show_saved(self) -> None:
        if self._offline == (True, True):
            text = self.tr("Offline — retrying · 1 decision not stored yet")
            color, weight = ERROR_COLOR, "bold"
        elif self._offline:
            text, color, weight = self.tr("Offline — retrying"), ERROR_COLOR, "bold"
        elif self._editing:
            text, color, weight = self.tr("Editing — not saved"), EDITING_COLOR, "bold"
        elif self._ok:
            text, color, weight = self.tr("Saved"), DONE_COLOR, "normal"
        else:
            text, color, weight = self.tr("Not saved"), ERROR_COLOR, "bold"
        if text == self.saved.text():
            return  # the same style sheet set again would re-lay out the status bar
        self.saved.setText(text)
        self.saved.setStyleSheet(f"color: {color}; font-weight: {weight};")

    def set_hint(self, *, selection: bool, current: bool, pending: bool) -> None:
        """What the keys do now: label a selection, decide the current span, or move on."""
        if selection:
            text = self.tr("1 ACTOR · 2 PLACE · 3 CASUALTY: label the selection")
        elif current and pending:
            text = self.tr("%1 accept · %2 reject · 1/2/3 relabel · %3 attributes · %4 next")
        elif current:
            text = self.tr("%2 remove · 1/2/3 relabel · Alt+arrows: edges · %3 attributes")
        else:
            text = self.tr(
                "%4: next span · Shift+arrows: select text · Ctrl+Enter: done · F1: all keys"
            )
        for n, action in enumerate(("accept", "reject", "edit_attributes", "next_span"), 1):
            text = text.replace(f"%{n}", native_key(action))
        self.hint.setText(text)

    def say(self, text: str) -> None:
        self.hint.setText(text)

    def error_box(
        self, parent: QWidget, exc: CodingError, retry: Callable[[], None] | None
    ) -> QMessageBox:
        """Show the error here and in a (window-modal, open) message box; Retry if it may help."""
        self.set_saved(False)
        if exc.retryable:
            text = self.tr("The database is busy: your last action was not saved.")
        else:
            text = self.tr("Your last action could not be done.")
        message = translate_message(exc.message)
        self.say(f"{text} {message}")
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Not saved"), text, parent=parent)
        box.setInformativeText(message)
        plain_box(box)
        if retry is not None and exc.retryable:
            box.setStandardButtons(
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel
            )
            box.setDefaultButton(QMessageBox.StandardButton.Retry)
        else:
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
        return box


class UndecidedQuestion(QMessageBox):
    """Asked by "Mark done" while suggestions are undecided: accept them all, leave them, or
    cancel (the default, and Escape); each button also answers to its underlined letter."""

    def __init__(self, undecided: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Mark done"))
        self.setText(self.tr("%1 suggestions are still undecided.").replace("%1", str(undecided)))
        self.setInformativeText(
            self.tr("Suggestions left undecided count as rejected in exports and agreement.")
        )
        self.accept_all: QPushButton = self.addButton(
            self.tr("&Accept all and mark done"), QMessageBox.ButtonRole.AcceptRole
        )
        self.leave: QPushButton = self.addButton(
            self.tr("Mark done, &leaving them"), QMessageBox.ButtonRole.DestructiveRole
        )
        self.cancel: QPushButton = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel)
        self.setEscapeButton(self.cancel)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def choice(self) -> str:
        """ "accept_all", "leave" or "cancel": the button the coder pressed."""
        clicked = self.clickedButton()
        if clicked is self.accept_all:
            return "accept_all"
        return "leave" if clicked is self.leave else "cancel"
