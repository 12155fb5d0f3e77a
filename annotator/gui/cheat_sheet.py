"""The coding desk's keyboard shortcuts (the single source) and the F1 dialog that lists them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Action name -> (QKeySequence string, English description). The main window binds these.
# In the article the text runs right to left: a span's beginning is its RIGHT edge and its
# end its LEFT edge. For the edge keys the arrow tells which way an edge moves.
SHORTCUTS: dict[str, tuple[str, str]] = {
    "next_span": ("Tab", "Go to the next span (in reading order)"),
    "previous_span": ("Shift+Tab", "Go to the previous span"),
    "accept": ("A", "Accept the current suggestion"),
    "reject": ("R", "Reject the current suggestion, or remove the current span"),
    "label_actor": ("1", "ACTOR: label the selection, or relabel the current span"),
    "label_place": ("2", "PLACE: label the selection, or relabel the current span"),
    "label_casualty": ("3", "CASUALTY: label the selection, or relabel the current span"),
    "grow_start": (
        "Alt+Shift+Right",
        "Grow the current span by one word at its beginning (its right edge moves right)",
    ),
    "grow_end": (
        "Alt+Shift+Left",
        "Grow the current span by one word at its end (its left edge moves left)",
    ),
    "shrink_start": (
        "Alt+Left",
        "Drop the first word of the current span (its right edge moves left)",
    ),
    "shrink_end": (
        "Alt+Right",
        "Drop the last word of the current span (its left edge moves right)",
    ),
    "accept_all": ("Ctrl+Shift+A", "Accept all remaining suggestions in this article"),
    "edit_attributes": ("E", "Edit the current span's attributes in the side panel"),
    "mark_done": ("Ctrl+Return", "Mark the article done and open the next one"),
    "skip": ("Ctrl+K", "Skip the article (leave it for later)"),
    "flag": ("Ctrl+Shift+F", "Flag the article for review, with a note"),
    "next_article": ("Ctrl+PgDown", "Next article"),
    "previous_article": ("Ctrl+PgUp", "Previous article"),
    "focus_list": ("Ctrl+L", "Go to the article list (Enter opens the article, Escape returns)"),
    "undo": ("Ctrl+Z", "Undo"),
    "redo": ("Ctrl+Shift+Z", "Redo"),
    "zoom_in": ("Ctrl+=", "Larger article text"),
    "zoom_out": ("Ctrl+-", "Smaller article text"),
    "zoom_reset": ("Ctrl+0", "Article text at its default size"),
    "help": ("F1", "Show this list of shortcuts"),
}

# Extra key sequences that trigger the same action.
ALIASES: dict[str, tuple[str, ...]] = {
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
        "grow_start",
        "grow_end",
        "shrink_start",
        "shrink_end",
        "edit_attributes",
    }
)

# Actions bound by the widgets themselves (ArticleView, SpanPanel): not for the main window.
OWNED_BY_WIDGETS: frozenset[str] = frozenset({"zoom_in", "zoom_out", "zoom_reset"})

# Keys the widgets handle natively; listed in the dialog only, never bound.
BUILT_IN: dict[str, tuple[str, str]] = {
    "select_char": ("Shift+Left", "Select a character (Shift+Left reads on, Shift+Right back)"),
    "select_word": ("Ctrl+Shift+Left", "Select a word (Ctrl+Shift+Right: back a word)"),
    "move_caret": ("Left", "Move the caret; Left goes forward in Arabic text"),
    "panel_commit": ("Return", "In the span panel: save the attributes"),
    "panel_back": ("Escape", "In the span panel: save and go back to the article"),
    "panel_fields": ("Tab", "In the span panel: next field"),
}

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Spans", ("next_span", "previous_span", "accept", "reject", "accept_all")),
    ("Labels", ("label_actor", "label_place", "label_casualty", "edit_attributes")),
    ("Span edges", ("grow_start", "grow_end", "shrink_start", "shrink_end")),
    (
        "Articles",
        (
            "mark_done",
            "skip",
            "flag",
            "next_article",
            "previous_article",
            "focus_list",
            "undo",
            "redo",
        ),
    ),
    ("View", ("zoom_in", "zoom_out", "zoom_reset", "help")),
    (
        "Selecting text",
        ("select_char", "select_word", "move_caret", "panel_commit", "panel_back", "panel_fields"),
    ),
)


def key_sequences(action: str) -> list[QKeySequence]:
    """Every key sequence bound to ``action`` (its main key first, then aliases)."""
    keys = (SHORTCUTS[action][0], *ALIASES.get(action, ()))
    return [QKeySequence(k) for k in keys]


def all_entries() -> list[tuple[str, str, str, str]]:
    """(section, action, keys, description) rows in display order."""
    table = {**SHORTCUTS, **BUILT_IN}
    return [(section, a, *table[a]) for section, actions in SECTIONS for a in actions]


class CheatSheet(QDialog):
    """F1: every shortcut of the coding desk, grouped, in one table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fill()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("In the article, text runs right to left."), self))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 620)

    def _fill(self) -> None:
        last_section = None
        for section, _action, keys, description in all_entries():
            if section != last_section:
                self._add_row(section, "", header=True)
                last_section = section
            shown = " / ".join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                for k in (keys, *ALIASES.get(_action, ()))
            )
            self._add_row(shown, description)

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
        self.table.setItem(row, 0, key_item)
        self.table.setItem(row, 1, QTableWidgetItem(description))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """F1 closes the sheet again, like Escape."""
        if event.key() == Qt.Key.Key_F1:
            self.reject()
            return
        super().keyPressEvent(event)
