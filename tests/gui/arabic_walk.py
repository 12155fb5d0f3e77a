"""Walk a window's visible widgets and collect the texts a coder sees: for the test that the
Arabic interface shows no English."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# Latin that may show in the Arabic interface: ids of the codebook (ACTOR, ISIS, JAYSH_AL_ISLAM),
# file names, format and product names, key names, units, and the test data's coder names.
ALLOWED = re.compile(
    r"""
    \b[A-Z][A-Z0-9_]+\b                        # codebook ids and labels, key names (PgDown: below)
    | [\w.-]*\.(txt|jsonl|json|db|csv|conll|spacy|ann|md|ini|png|html)\b   # file names
    | [\w.-]+/[\w./-]*                         # paths
    | \bbrat\ standoff\b
    | \b(JSONL|CoNLL|BIO|brat|spaCy|DocBin|Prodigy|GeoNames|Krippendorff|SQLite|CSV|Unicode)\b
    | \b(Ctrl|Shift|Alt|Tab|Enter|Return|Esc|Escape|Backspace|Del|Delete|Space|Home|End|PgUp|PgDown
         |PgDn|Up|Down|Left|Right|Ins|Meta|F\d{1,2})\b
    | \(&[A-Za-z0-9]\)                         # mnemonics kept in brackets: ملف (&F)
    | «[^»]*»                                  # a name or id quoted as such: «import»
    | \bpip\ install\ [\w.'\[\]-]+             # a command to type: pip install 'annotator[spacy]'
    | \b[A-Za-z]\b                             # single keys: A, R, E, N
    | \bpt\b | \bEnglish\b | \bα\b
    | \b(ali|bea|cem|omar|coder|killer|test)\b       # the test data's coder names
    """,
    re.VERBOSE,
)
LATIN = re.compile(r"[A-Za-z]{2,}")


def model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a header's own empty model
        return
    for col in range(columns):
        yield str(model.headerData(col, Qt.Orientation.Horizontal) or "")
    for row in range(min(model.rowCount(QModelIndex()), 50)):
        for col in range(columns):
            value = model.data(model.index(row, col))
            if value is not None:
                yield str(value)


def menu_texts(menu: QMenu) -> Iterator[str]:
    yield menu.title()
    for action in menu.actions():
        yield action.text()
        if action.menu() is not None:
            yield from menu_texts(action.menu())


def widget_texts(widget: QWidget, *, documents: bool) -> Iterator[str]:
    """The texts one widget shows (not its children's)."""
    if isinstance(widget, QLabel | QAbstractButton | QAbstractSpinBox):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QComboBox):
        if not widget.isEditable():  # fixed choices (kind, format); not catalogue data
            yield from (widget.itemText(i) for i in range(widget.count()))
        yield widget.currentText()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
        if widget.isReadOnly():  # else: what the coder types
            yield widget.text()
    elif isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    elif isinstance(widget, QHeaderView):
        return  # its texts are the table model's headers
    elif isinstance(widget, QAbstractItemView) and not isinstance(widget.parent(), QComboBox):
        yield from model_texts(widget.model())
    elif isinstance(widget, QTextEdit) and documents:
        yield widget.toPlainText()


def visible_texts(window: QWidget, *, documents: bool = True) -> Iterator[tuple[str, str]]:
    """(where, text) for every text the window shows now: title, menus, visible widgets."""
    yield "title", window.windowTitle()
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if action.menu() is not None:
                yield from (("menu", text) for text in menu_texts(action.menu()))
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is window or widget.isVisibleTo(window):
            name = type(widget).__name__
            yield from ((name, text) for text in widget_texts(widget, documents=documents))


def latin_words(text: str) -> list[str]:
    """Latin words of ``text`` that the allowed list does not explain."""
    rest = ALLOWED.sub(" ", text)
    return LATIN.findall(rest)


def english_in(
    window: QWidget, *, documents: bool = True, data: Sequence[str] = ()
) -> list[tuple[str, str, list[str]]]:
    """Every text of the window with Latin words outside the allowed list and ``data`` (texts
    of the project's catalogue shown as they are)."""
    found = []
    for where, text in visible_texts(window, documents=documents):
        rest = text
        for item in data:
            rest = rest.replace(item, " ")
        words = latin_words(rest)
        if words:
            found.append((where, text, words))
    return found
