"""Keyboard shortcuts of the coding desk and of the review window (the single source of keys),
and the F1 dialog that lists them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QWidget,
)

from annotator.gui.widgets import read_only_table, table_page

CONTEXT = "Shortcuts"  # translation context of the descriptions and section names

# Action name -> (QKeySequence string, English description). The main window binds these.
# In the article the text runs right to left: a span's beginning is its RIGHT edge and its
# end its LEFT edge. For the edge keys the arrow tells which way an edge moves.
SHORTCUTS: dict[str, tuple[str, str]] = {
    "next_span": ("Tab", QT_TRANSLATE_NOOP("Shortcuts", "Go to the next span (in reading order)")),
    "previous_span": ("Shift+Tab", QT_TRANSLATE_NOOP("Shortcuts", "Go to the previous span")),
    "accept": ("A", QT_TRANSLATE_NOOP("Shortcuts", "Accept the current suggestion")),
    "reject": (
        "R",
        QT_TRANSLATE_NOOP("Shortcuts", "Reject the current suggestion, or remove the current span"),
    ),
    "label_actor": (
        "1",
        QT_TRANSLATE_NOOP("Shortcuts", "ACTOR: label the selection, or relabel the current span"),
    ),
    "label_place": (
        "2",
        QT_TRANSLATE_NOOP("Shortcuts", "PLACE: label the selection, or relabel the current span"),
    ),
    "label_casualty": (
        "3",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "CASUALTY: label the selection, or relabel the current span"
        ),
    ),
    "grow_start": (
        "Alt+Shift+Right",
        QT_TRANSLATE_NOOP(
            "Shortcuts",
            "Grow the current span by one word at its beginning (its right edge moves right)",
        ),
    ),
    "grow_end": (
        "Alt+Shift+Left",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Grow the current span by one word at its end (its left edge moves left)"
        ),
    ),
    "shrink_start": (
        "Alt+Left",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Drop the first word of the current span (its right edge moves left)"
        ),
    ),
    "shrink_end": (
        "Alt+Right",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Drop the last word of the current span (its left edge moves right)"
        ),
    ),
    "nudge_grow_start": (
        "Ctrl+}",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Grow the current span by one character at its beginning (right edge)"
        ),
    ),
    "nudge_grow_end": (
        "Ctrl+{",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Grow the current span by one character at its end (left edge)"
        ),
    ),
    "nudge_shrink_start": (
        "Ctrl+[",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Drop one character at the beginning of the current span (right edge)"
        ),
    ),
    "nudge_shrink_end": (
        "Ctrl+]",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Drop one character at the end of the current span (left edge)"
        ),
    ),
    "find": (
        "Ctrl+F",
        QT_TRANSLATE_NOOP(
            "Shortcuts",
            "Find a word in the article: type, Enter selects the next match, Esc returns",
        ),
    ),
    "accept_all": (
        "Ctrl+Shift+A",
        QT_TRANSLATE_NOOP("Shortcuts", "Accept all remaining suggestions in this article"),
    ),
    "history": (
        "Ctrl+H",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Show the history of the current span: who did what, and when"
        ),
    ),
    "edit_attributes": (
        "E",
        QT_TRANSLATE_NOOP("Shortcuts", "Edit the current span's attributes in the side panel"),
    ),
    "mark_done": (
        "Ctrl+Return",
        QT_TRANSLATE_NOOP("Shortcuts", "Mark the article done and open the next one"),
    ),
    "skip": ("Ctrl+K", QT_TRANSLATE_NOOP("Shortcuts", "Skip the article (leave it for later)")),
    "flag": (
        "Ctrl+Shift+F",
        QT_TRANSLATE_NOOP("Shortcuts", "Flag the article for review, with a note"),
    ),
    "next_article": ("Ctrl+PgDown", QT_TRANSLATE_NOOP("Shortcuts", "Next article")),
    "previous_article": ("Ctrl+PgUp", QT_TRANSLATE_NOOP("Shortcuts", "Previous article")),
    "focus_list": (
        "Ctrl+L",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Go to the article list (Enter opens the article, Escape returns)"
        ),
    ),
    "review": (
        "Ctrl+Shift+R",
        QT_TRANSLATE_NOOP("Shortcuts", "Open the review and adjudication window"),
    ),
    "undo": ("Ctrl+Z", QT_TRANSLATE_NOOP("Shortcuts", "Undo")),
    "redo": ("Ctrl+Shift+Z", QT_TRANSLATE_NOOP("Shortcuts", "Redo")),
    "zoom_in": ("Ctrl+=", QT_TRANSLATE_NOOP("Shortcuts", "Larger article text")),
    "zoom_out": ("Ctrl+-", QT_TRANSLATE_NOOP("Shortcuts", "Smaller article text")),
    "zoom_reset": ("Ctrl+0", QT_TRANSLATE_NOOP("Shortcuts", "Article text at its default size")),
    "help": ("F1", QT_TRANSLATE_NOOP("Shortcuts", "Show this list of shortcuts")),
}

EDGES = ("grow_start", "grow_end", "shrink_start", "shrink_end")  # by a word
NUDGES = tuple(f"nudge_{name}" for name in EDGES)  # by one character

# Extra key sequences that trigger the same action. The edge keys' second bindings: window
# managers take Alt+Shift+arrows (Openbox, LXQt: window to another desktop) and Ctrl+Alt+arrows
# (workspaces on GNOME, KDE, LXQt, Openbox); bracket keys are bound by no desktop on Linux,
# Windows or macOS. They read like the arrows of the main keys: [ is Left, ] is Right, and
# Shift ({ }) grows, as Shift does with Alt+arrows; Ctrl+brackets move an edge one character.
ALIASES: dict[str, tuple[str, ...]] = {
    "grow_start": ("}",),
    "grow_end": ("{",),
    "shrink_start": ("[",),
    "shrink_end": ("]",),
    "find": ("/",),
    "accept": ("Return",),
    "reject": ("Delete",),
    "edit_attributes": ("F2",),
    "mark_done": ("Ctrl+Enter",),  # the keypad's Enter
    "zoom_in": ("Ctrl++",),
}

# Actions whose keys are plain letters, digits or Tab: bind them only while the article view
# has focus (Qt.WidgetWithChildrenShortcut on it), so that typing and Tab in the span panel work.
VIEW_SCOPED: frozenset[str] = frozenset(
    {
        "next_span",
        "previous_span",
        "accept",
        "reject",
        "label_actor",
        "label_place",
        "label_casualty",
        *EDGES,
        *NUDGES,
        "find",
        "edit_attributes",
    }
)

# Actions bound by the widgets themselves (ArticleView, SpanPanel): not for the main window.
OWNED_BY_WIDGETS: frozenset[str] = frozenset({"zoom_in", "zoom_out", "zoom_reset"})

# Keys the widgets handle natively; listed in the dialog only, never bound.
BUILT_IN: dict[str, tuple[str, str]] = {
    "select_char": (
        "Shift+Left",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Select a character (Shift+Left reads on, Shift+Right back)"
        ),
    ),
    "select_word": (
        "Ctrl+Shift+Left",
        QT_TRANSLATE_NOOP("Shortcuts", "Select a word (Ctrl+Shift+Right: back a word)"),
    ),
    "move_caret": (
        "Left",
        QT_TRANSLATE_NOOP("Shortcuts", "Move the caret; Left goes forward in Arabic text"),
    ),
    "panel_commit": (
        "Return",
        QT_TRANSLATE_NOOP(
            "Shortcuts",
            "In the span panel: save, accept the span and go to the next undecided one"
            " (E, type the victim, Enter: accepted with its victim corrected)",
        ),
    ),
    "panel_back": (
        "Escape",
        QT_TRANSLATE_NOOP("Shortcuts", "In the span panel: save and go back to the article"),
    ),
    "panel_fields": ("Tab", QT_TRANSLATE_NOOP("Shortcuts", "In the span panel: next field")),
    "find_next": (
        "Return",
        QT_TRANSLATE_NOOP("Shortcuts", "In the find bar: select the next match (Shift: previous)"),
    ),
    "find_close": (
        "Escape",
        QT_TRANSLATE_NOOP("Shortcuts", "In the find bar: close it and go back to the article"),
    ),
    "quit": ("Ctrl+Q", QT_TRANSLATE_NOOP("Shortcuts", "Quit (decisions are saved as you go)")),
}

# The span panel's fields: Alt + the letter underlined in each field's name (its label's
# mnemonic); the rows are read from the panel's labels (see ``panel_field_rows``).
PANEL_FIELD_JUMP = QT_TRANSLATE_NOOP("Shortcuts", "In the span panel: go to the field “%1”")

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Spans"),
        ("next_span", "previous_span", "accept", "reject", "accept_all", "history"),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Labels"),
        ("label_actor", "label_place", "label_casualty", "edit_attributes"),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Span edges"),
        (*EDGES, *NUDGES),
    ),
    (QT_TRANSLATE_NOOP("Shortcuts", "Find"), ("find", "find_next", "find_close")),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Articles"),
        (
            "mark_done",
            "skip",
            "flag",
            "next_article",
            "previous_article",
            "focus_list",
            "review",
            "undo",
            "redo",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "View"),
        ("zoom_in", "zoom_out", "zoom_reset", "help", "quit"),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Selecting text"),
        ("select_char", "select_word", "move_caret", "panel_commit", "panel_back", "panel_fields"),
    ),
)

# ----- the review window (annotator.gui.review.review_window) ------------------------------

MAX_CODERS = 9  # Alt+1 … Alt+9 take coder 1 … 9's version

REVIEW_SHORTCUTS: dict[str, tuple[str, str]] = {
    "next_item": (
        "Tab",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Go to the next item (the coders' overlapping spans, in reading order)"
        ),
    ),
    "previous_item": ("Shift+Tab", QT_TRANSLATE_NOOP("Shortcuts", "Go to the previous item")),
    "next_open_item": (
        "N",
        QT_TRANSLATE_NOOP("Shortcuts", "Go to the next item still to decide"),
    ),
    **{
        f"take_{n}": (
            f"Alt+{n}",
            QT_TRANSLATE_NOOP("Shortcuts", "Take coder %n’s version of the current item into gold"),
        )
        for n in range(1, MAX_CODERS + 1)
    },
    "accept_item": (
        "A",
        QT_TRANSLATE_NOOP(
            "Shortcuts",
            "Accept the current item into gold when the coders agree, or "
            "keep its decision; then the next item to decide",
        ),
    ),
    "reject_item": (
        "R",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Reject all versions of the current item, or remove a gold span"
        ),
    ),
    "reopen_item": (
        "Backspace",
        QT_TRANSLATE_NOOP("Shortcuts", "Reopen the current item: forget the decision on it"),
    ),
    "accept_agreed": (
        "Ctrl+Shift+A",
        QT_TRANSLATE_NOOP("Shortcuts", "Accept every span all coders agree on into gold"),
    ),
    "gold_actor": (
        "1",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "ACTOR: the selection becomes gold, or relabel the current gold span"
        ),
    ),
    "gold_place": (
        "2",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "PLACE: the selection becomes gold, or relabel the current gold span"
        ),
    ),
    "gold_casualty": (
        "3",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "CASUALTY: the selection becomes gold, or relabel the current gold span"
        ),
    ),
    "gold_grow_start": ("Alt+Shift+Right", SHORTCUTS["grow_start"][1]),
    "gold_grow_end": ("Alt+Shift+Left", SHORTCUTS["grow_end"][1]),
    "gold_shrink_start": ("Alt+Left", SHORTCUTS["shrink_start"][1]),
    "gold_shrink_end": ("Alt+Right", SHORTCUTS["shrink_end"][1]),
    "edit_gold": (
        "E",
        QT_TRANSLATE_NOOP("Shortcuts", "Edit the current gold span's attributes in the side panel"),
    ),
    "history": SHORTCUTS["history"],
    "next_to_adjudicate": (
        "Ctrl+PgDown",
        QT_TRANSLATE_NOOP("Shortcuts", "Next article in the list not adjudicated yet"),
    ),
    "previous_to_adjudicate": (
        "Ctrl+PgUp",
        QT_TRANSLATE_NOOP("Shortcuts", "Previous article in the list not adjudicated yet"),
    ),
    "next_article": ("Ctrl+Shift+PgDown", QT_TRANSLATE_NOOP("Shortcuts", "Next article")),
    "previous_article": ("Ctrl+Shift+PgUp", QT_TRANSLATE_NOOP("Shortcuts", "Previous article")),
    "focus_list": SHORTCUTS["focus_list"],
    "focus_coders": (
        "Ctrl+Shift+C",
        QT_TRANSLATE_NOOP(
            "Shortcuts", "Choose the coders to compare (Space checks or unchecks, Escape returns)"
        ),
    ),
    "agreement": (
        "Ctrl+Shift+G",
        QT_TRANSLATE_NOOP("Shortcuts", "Agreement between the coders"),
    ),
    "undo": SHORTCUTS["undo"],
    "redo": SHORTCUTS["redo"],
    "help": SHORTCUTS["help"],
    "close": ("Ctrl+W", QT_TRANSLATE_NOOP("Shortcuts", "Close the review window")),
}

REVIEW_ALIASES: dict[str, tuple[str, ...]] = {
    **{f"gold_{name}": ALIASES[name] for name in EDGES},  # the bracket keys (see ALIASES)
    "accept_item": ("Return",),
    "reject_item": ("Delete",),
    "edit_gold": ("F2",),
}

# Bound only while the article or the item table has focus (see VIEW_SCOPED).
REVIEW_VIEW_SCOPED: frozenset[str] = frozenset(
    {
        "next_item",
        "previous_item",
        "next_open_item",
        "accept_item",
        "reject_item",
        "reopen_item",
        "gold_actor",
        "gold_place",
        "gold_casualty",
        "gold_grow_start",
        "gold_grow_end",
        "gold_shrink_start",
        "gold_shrink_end",
        "edit_gold",
    }
)

REVIEW_BUILT_IN: dict[str, tuple[str, str]] = {
    **{k: SHORTCUTS[k] for k in ("zoom_in", "zoom_out", "zoom_reset")},
    **{k: BUILT_IN[k] for k in ("select_char", "select_word", "panel_commit", "panel_back")},
}

REVIEW_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Items"),
        ("next_item", "previous_item", "next_open_item", "history"),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Adjudication"),
        (
            *(f"take_{n}" for n in range(1, MAX_CODERS + 1)),
            "accept_item",
            "reject_item",
            "reopen_item",
            "accept_agreed",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Gold spans"),
        (
            "gold_actor",
            "gold_place",
            "gold_casualty",
            "edit_gold",
            "gold_grow_start",
            "gold_grow_end",
            "gold_shrink_start",
            "gold_shrink_end",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Articles"),
        (
            "next_to_adjudicate",
            "previous_to_adjudicate",
            "next_article",
            "previous_article",
            "focus_list",
            "focus_coders",
            "undo",
            "redo",
        ),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "View"),
        ("zoom_in", "zoom_out", "zoom_reset", "agreement", "help", "close"),
    ),
    (
        QT_TRANSLATE_NOOP("Shortcuts", "Selecting text"),
        ("select_char", "select_word", "panel_commit", "panel_back"),
    ),
)


@dataclass(frozen=True)
class Keymap:
    """One window's keys: bound shortcuts, aliases, view-scoped ones, and the dialog's rows."""

    shortcuts: dict[str, tuple[str, str]]
    aliases: dict[str, tuple[str, ...]]
    view_scoped: frozenset[str]
    built_in: dict[str, tuple[str, str]]
    sections: tuple[tuple[str, tuple[str, ...]], ...]


DESK = Keymap(SHORTCUTS, ALIASES, VIEW_SCOPED, BUILT_IN, SECTIONS)
REVIEW = Keymap(
    REVIEW_SHORTCUTS, REVIEW_ALIASES, REVIEW_VIEW_SCOPED, REVIEW_BUILT_IN, REVIEW_SECTIONS
)


def translated(text: str, action: str = "") -> str:
    """A description or section name in the UI language (``%n``: the action's number)."""
    return QCoreApplication.translate(CONTEXT, text).replace("%n", action.rpartition("_")[2])


def key_sequences(action: str, keymap: Keymap = DESK) -> list[QKeySequence]:
    """Every key sequence bound to ``action`` (its main key first, then aliases)."""
    keys = (keymap.shortcuts[action][0], *keymap.aliases.get(action, ()))
    return [QKeySequence(k) for k in keys]


def panel_field_rows(panel: QWidget) -> tuple[str, list[tuple[str, str]]]:
    """The F1 rows of the Alt+letter field jumps of a panel: one per label with a buddy and
    an underlined letter, read from the labels themselves (in the UI language)."""
    rows = []
    for label in panel.findChildren(QLabel):
        keys = QKeySequence.mnemonic(label.text())
        if label.buddy() is None or keys.isEmpty():
            continue
        name = re.sub(r"\s*\(&\w\)|&(?=\w)", "", label.text())  # "العدد (&C)", "&Count"
        shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
        rows.append((shown, translated(PANEL_FIELD_JUMP).replace("%1", name.strip())))
    return SPAN_PANEL_SECTION, rows


SPAN_PANEL_SECTION = QT_TRANSLATE_NOOP("Shortcuts", "Span panel fields")


def all_entries(keymap: Keymap = DESK) -> list[tuple[str, str, str, str]]:
    """(section, action, keys, description) rows in display order (English)."""
    table = {**keymap.shortcuts, **keymap.built_in}
    return [
        (section, a, table[a][0], table[a][1].replace("%n", a.rpartition("_")[2]))
        for section, actions in keymap.sections
        for a in actions
    ]


class CheatSheet(QDialog):
    """F1: every shortcut of the coding desk (or of the review window), grouped, in one table."""

    def __init__(
        self,
        parent: QWidget | None = None,
        keymap: Keymap = DESK,
        extra: Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
    ) -> None:
        super().__init__(parent)
        self.keymap = keymap
        self.extra = extra  # (section, [(keys, description)]) rows read from other widgets
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = read_only_table(self, [self.tr("Keys"), self.tr("Action")])
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fill()
        note = QLabel(self.tr("In the article, text runs right to left."), self)
        table_page(self, note, self.table)
        self.resize(640, 620)

    def _fill(self) -> None:
        last_section = None
        raw = {**self.keymap.shortcuts, **self.keymap.built_in}
        for section, action, keys, _english in all_entries(self.keymap):
            if section != last_section:
                self._add_row(translated(section), "", header=True)
                last_section = section
            shown = " / ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                for k in (keys, *self.keymap.aliases.get(action, ()))
            )
            self._add_row(shown, translated(raw[action][1], action))
        for section, rows in self.extra:
            self._add_row(translated(section), "", header=True)
            for keys, description in rows:
                self._add_row(keys, description)

    def _add_row(self, keys: str, description: str, *, header: bool = False) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        key_item = QTableWidgetItem(keys)
        if header:
            font = key_item.font()
            font.setBold(True)
            key_item.setFont(font)
            key_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, 0, key_item)
            self.table.setSpan(row, 0, 1, 2)
            return
        key_item.setText(f"\u200e{keys}\u200e")  # left to right in an Arabic table: Ctrl+}
        self.table.setItem(row, 0, key_item)
        self.table.setItem(row, 1, QTableWidgetItem(description))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """F1 closes the sheet again, like Escape."""
        if event.key() == Qt.Key.Key_F1:
            self.reject()
            return
        super().keyPressEvent(event)
