"""Side panel that edits the current span's attributes, all from the keyboard."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import CIVILIANS, CODEBOOK_ACTOR_IDS, Kind, Label, Qualifier
from annotator.gui import colors
from annotator.gui.fonts import load_arabic_font
from annotator.gui.i18n import value_name

UNKNOWN = QT_TRANSLATE_NOOP("SpanPanel", "(unknown)")
NOT_SET = QT_TRANSLATE_NOOP("SpanPanel", "(not set)")
_ACTOR_ID = re.compile(r"^[A-Z][A-Z0-9_]*$")
_DIGITS = "[0-9\u0660-\u0669\u06f0-\u06f9]"  # Western, Arabic-Indic, Persian digits
PlaceReader = Callable[[], Sequence[tuple[str, int | None]]]


class ChoiceCombo(QComboBox):
    """Editable combo whose items carry a value; completion matches anywhere, any case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(12)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def set_choices(self, choices: Sequence[tuple[str, Any]]) -> None:
        """Replace the items by ``(display text, value)`` pairs, keeping the typed text."""
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        for display, value in choices:
            self.addItem(display, value)
        self.setCurrentIndex(-1)
        self.setEditText(text)
        self.blockSignals(False)

    def matched_value(self) -> tuple[bool, Any]:
        """(True, value) when the text is an item's display text or value, else (False, None)."""
        text = self.currentText().strip()
        for i in range(self.count()):
            value = self.itemData(i)
            if text.casefold() in (self.itemText(i).casefold(), str(value).casefold()):
                return True, value
        return False, None

    def show_value(self, value: Any) -> None:
        """Show the item carrying ``value``, or the value itself as text."""
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return
        self.setCurrentIndex(-1)
        self.setEditText("" if value is None else str(value))


def _enum_combo(values: Sequence[str], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(QCoreApplication.translate("SpanPanel", NOT_SET), None)
    for value in values:
        combo.addItem(value_name(value), value)  # shown in the UI language, stored as is
    return combo


def _actor_id(text: str) -> str | None:
    """An actor id typed by hand, upper-cased with ``_`` for spaces; None if not an id."""
    candidate = re.sub(r"[\s\-]+", "_", text.strip()).upper()
    return candidate if _ACTOR_ID.match(candidate) else None


class SpanPanel(QWidget):
    """Edits one span's attributes; works on plain values and emits ``attrs_edited``."""

    attrs_edited = Signal(dict)  # the span's full attribute dict after the change
    done_editing = Signal()  # Escape: go back to the article view
    _places_read = Signal(list)  # place choices read in a worker thread

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label: Label | None = None
        self._shown: dict[str, Any] = {}
        self._invalid: QWidget | None = None
        self._place_reader: PlaceReader | None = None
        self._build()
        self.set_actor_choices([(a, a) for a in CODEBOOK_ACTOR_IDS])
        self.set_place_choices([])
        self._places_read.connect(self.set_place_choices)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._on_focus_changed)
        self.clear()

    # ----- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setMargin(3)
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)  # bold always: a weight change would re-lay out the panel
        self.surface = QLabel(self)
        self.surface.setTextFormat(Qt.TextFormat.PlainText)
        self.surface.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.surface.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.surface.setWordWrap(True)
        self.surface.setFont(QFont(load_arabic_font(), 16))
        self.pages = QStackedWidget(self)
        self._empty = QLabel(self.tr("No span selected."), self)
        self.pages.addWidget(self._empty)
        self.pages.addWidget(self._build_casualty())
        self.pages.addWidget(self._build_actor())
        self.pages.addWidget(self._build_place())
        hint = QLabel(self.tr("Enter: save · Esc: back to the article · Tab: next field"), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.surface)
        layout.addWidget(self.pages)
        layout.addWidget(hint)
        layout.addStretch(1)
        for widget in self.fields():
            widget.installEventFilter(self)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().installEventFilter(self)
                widget.lineEdit().returnPressed.connect(self.commit)
            elif isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self.commit)

    def _build_casualty(self) -> QWidget:
        page = QWidget(self)
        self.count = QLineEdit(page)
        self.count.setValidator(QRegularExpressionValidator(f"{_DIGITS}{{0,9}}", self.count))
        self.count.setPlaceholderText(self.tr("empty = vague"))
        self.kind = _enum_combo(Kind.values(), page)
        self.qualifier = _enum_combo(Qualifier.values(), page)
        self.victim = ChoiceCombo(page)
        form = QFormLayout(page)
        form.addRow(self.tr("&Count"), self.count)
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&Qualifier"), self.qualifier)
        form.addRow(self.tr("&Victim"), self.victim)
        for first, second in ((self.count, self.kind), (self.kind, self.qualifier)):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.qualifier, self.victim)
        return page

    def _build_actor(self) -> QWidget:
        page = QWidget(self)
        self.actor = ChoiceCombo(page)
        form = QFormLayout(page)
        form.addRow(self.tr("&Actor"), self.actor)
        return page

    def _build_place(self) -> QWidget:
        page = QWidget(self)
        self.place = ChoiceCombo(page)
        self.place.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.place.activated.connect(self._on_place_chosen)
        self.geonames = QLineEdit(page)
        self.geonames.setValidator(QRegularExpressionValidator(f"{_DIGITS}{{0,12}}", self))
        self.geonames.setPlaceholderText(self.tr("GeoNames id, if known"))
        form = QFormLayout(page)
        form.addRow(self.tr("&Place"), self.place)
        form.addRow(self.tr("&GeoNames id"), self.geonames)
        QWidget.setTabOrder(self.place, self.geonames)
        return page

    def fields(self) -> list[QWidget]:
        """Every editor, in tab order."""
        return [
            self.count,
            self.kind,
            self.qualifier,
            self.victim,
            self.actor,
            self.place,
            self.geonames,
        ]

    # ----- public API ------------------------------------------------------------------------

    def set_actor_choices(self, choices: Sequence[tuple[str, str]]) -> None:
        """Actor ids with display text (e.g. Arabic and English names) for actor and victim."""
        items = [(f"{i} — {text}" if text and text != i else i, i) for i, text in choices]
        self.actor.set_choices(items)
        self.victim.set_choices([(self.tr(UNKNOWN), None), (CIVILIANS, CIVILIANS), *items])

    def set_place_choices(self, choices: Sequence[tuple[str, int | None]]) -> None:
        """Canonical place names with their GeoNames id (None when unknown)."""
        self.place.set_choices([(name, (name, gid)) for name, gid in choices])

    def load_place_choices(self, read: PlaceReader) -> None:
        """Set the place choices to what ``read()`` returns, run in a worker thread the first
        time the place field gets the focus (on a big project it scans every place suggestion:
        a second or more, that neither decisions nor the article view wait for)."""
        self._place_reader = read
        if self.place.hasFocus():
            self._read_places()

    def _read_places(self) -> None:
        read, self._place_reader = self._place_reader, None
        if read is None:
            return

        def work() -> None:
            choices = list(read())
            with suppress(RuntimeError):  # the panel is gone
                self._places_read.emit(choices)

        threading.Thread(target=work, name="place-choices", daemon=True).start()

    def show_span(self, label: Label | str | None, surface: str, attrs: Mapping | None) -> None:
        """Show a span's label, text and attributes without emitting anything."""
        if label is None:
            self.clear()
            return
        self._label = Label(label)
        self._shown = _normalise(self._label, attrs or {})
        self.title.setText(self._label.value)
        self._title_tone(colors.for_label(self._label).confirmed)
        self.surface.setText(surface)
        values = self._shown
        if self._label is Label.CASUALTY:
            self.pages.setCurrentIndex(1)
            count = values.get("count")
            self.count.setText("" if count is None else str(count))
            self.kind.setCurrentIndex(max(self.kind.findData(values.get("kind")), 0))
            self.qualifier.setCurrentIndex(max(self.qualifier.findData(values.get("qualifier")), 0))
            self.victim.show_value(values.get("victim"))
        elif self._label is Label.ACTOR:
            self.pages.setCurrentIndex(2)
            self.actor.show_value(values.get("actor"))
        else:
            self.pages.setCurrentIndex(3)
            name, gid = values.get("place"), values.get("geonames_id")
            self.place.setCurrentIndex(-1)
            self.place.setEditText(name or "")
            self.geonames.setText("" if gid is None else str(gid))
        self._mark_invalid(None)

    def clear(self) -> None:
        """Show no span."""
        self._label = None
        self._shown = {}
        self.title.setText(self.tr("No span"))
        self._title_tone(None)
        self.surface.setText("")
        self.pages.setCurrentIndex(0)

    def label(self) -> Label | None:
        """The label of the span shown."""
        return self._label

    def focus_first_field(self) -> None:
        """Put the keyboard focus into the first field of the span shown."""
        first = {Label.CASUALTY: self.count, Label.ACTOR: self.actor, Label.PLACE: self.place}
        if self._label is not None:
            first[self._label].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_attrs(self) -> dict[str, Any] | None:
        """The attributes as the fields now say, or None when a field is invalid."""
        if self._label is Label.CASUALTY:
            return self._casualty_attrs()
        if self._label is Label.ACTOR:
            found, value = self.actor.matched_value()
            actor = value if found else _actor_id(self.actor.currentText())
            if actor is None and self.actor.currentText().strip():
                self._mark_invalid(self.actor)
                return None
            return {"actor": actor} if actor else {}
        if self._label is Label.PLACE:
            return self._place_attrs()
        return None

    def commit(self) -> bool:
        """Emit ``attrs_edited`` if the fields differ from what was shown; False if invalid."""
        attrs = self.current_attrs()
        if attrs is None:
            return self._label is None
        self._mark_invalid(None)
        if attrs != self._shown:
            self._shown = attrs
            self.attrs_edited.emit(dict(attrs))
        return True

    # ----- internals -------------------------------------------------------------------------

    def _casualty_attrs(self) -> dict[str, Any] | None:
        count_text = self.count.text().strip()
        found, victim = self.victim.matched_value()
        if not found:
            victim = _actor_id(self.victim.currentText())
            if victim is None and self.victim.currentText().strip():
                self._mark_invalid(self.victim)
                return None
        return {
            "count": int(count_text) if count_text else None,
            "kind": self.kind.currentData(),
            "qualifier": self.qualifier.currentData(),
            "victim": victim,
        }

    def _place_attrs(self) -> dict[str, Any]:
        name = self.place.currentText().strip()
        gid_text = self.geonames.text().strip()
        if not gid_text:
            known = [v for _d, v in self._place_items() if v[0] == name]
            if len(known) == 1 and known[0][1] is not None:
                gid_text = str(known[0][1])
                self.geonames.setText(gid_text)
        attrs: dict[str, Any] = {}
        if name:
            attrs["place"] = name
        if gid_text:
            attrs["geonames_id"] = int(gid_text)
        return attrs

    def _place_items(self) -> list[tuple[str, tuple[str, int | None]]]:
        return [(self.place.itemText(i), self.place.itemData(i)) for i in range(self.place.count())]

    def _on_place_chosen(self, index: int) -> None:
        data = self.place.itemData(index)
        if data is None:
            return
        name, gid = data
        self.place.setEditText(name)
        self.geonames.setText("" if gid is None else str(gid))

    def _title_tone(self, background: str | None) -> None:
        """The label's colour behind the title (a palette, not a style sheet: no re-layout)."""
        palette = self.title.palette()
        if background is not None:
            palette.setColor(QPalette.ColorRole.Window, QColor(background))
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colors.TEXT))
        self.title.setAutoFillBackground(background is not None)
        self.title.setPalette(palette)

    def _mark_invalid(self, widget: QWidget | None) -> None:
        if widget is self._invalid:
            return
        if self._invalid is not None:
            self._invalid.setStyleSheet("")
        if widget is not None:
            widget.setStyleSheet("border: 2px solid #C00000;")
        self._invalid = widget

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None or not self.isAncestorOf(old):
            return
        if new is not None and self.isAncestorOf(new):
            return
        if new is None and QApplication.activePopupWidget() is not None:
            return
        self.commit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter commits; Escape commits and hands the focus back to the article."""
        focus_in = event.type() == QEvent.Type.FocusIn
        if focus_in and self._place_reader and watched in (self.place, self.place.lineEdit()):
            self._read_places()
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commit()
                return True
            if key == Qt.Key.Key_Escape:
                self.commit()
                self.done_editing.emit()
                return True
        return super().eventFilter(watched, event)


def _normalise(label: Label, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes in the form the panel emits: all four for CASUALTY, no None otherwise."""
    if label is Label.CASUALTY:
        return {k: attrs.get(k) for k in ("count", "kind", "qualifier", "victim")}
    keys = ("actor",) if label is Label.ACTOR else ("place", "geonames_id")
    return {k: attrs[k] for k in keys if attrs.get(k) is not None}
