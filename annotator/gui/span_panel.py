"""Side panel that edits the current span's attributes, all from the keyboard."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import CIVILIANS, CODEBOOK_ACTOR_IDS, Kind, Label, Qualifier
from annotator.gui import background, colors
from annotator.gui.fonts import load_arabic_font
from annotator.gui.i18n import value_name
from annotator.services.actors import CANDIDATES_SHOWN, ActorCatalogue, Found

UNKNOWN = QT_TRANSLATE_NOOP("SpanPanel", "(unknown)")
NOT_SET = QT_TRANSLATE_NOOP("SpanPanel", "(not set)")
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
        self.show_ids = False  # actor and victim: a chosen item shows as its id alone
        completer.activated[str].connect(self._on_completed)
        self.activated.connect(lambda index: self._on_completed(self.itemText(index)))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    @Slot(QWidget, QWidget)
    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The focus went to another field (an Alt+letter, a click): close the list left open,
        so that it neither hides that field nor takes its keys."""
        popup = self.completer().popup()
        if popup.isVisible() and new is not None and new not in (self, self.lineEdit(), popup):
            popup.hide()

    def _on_completed(self, text: str) -> None:
        """A completion chosen: show the canonical id, not the long display text."""
        if not self.show_ids:
            return
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        value = self.itemData(index) if index >= 0 else None
        if isinstance(value, str):
            self.setCurrentIndex(-1)
            self.setEditText(value)

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

    def show_value(self, value: Any) -> None:
        """Show ``value`` itself (the canonical actor id), not an item's long display text."""
        self.setCurrentIndex(-1)
        self.setEditText("" if value is None else str(value))


def _enum_combo(values: Sequence[str], parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(QCoreApplication.translate("SpanPanel", NOT_SET), None)
    for value in values:
        combo.addItem(value_name(value), value)  # shown in the UI language, stored as is
    return combo


class NewIdQuestion(QMessageBox):
    """Asked before an actor id that is not in the catalogue is stored: Y stores it as a new
    id, N (the default, and Escape) goes back to correct it."""

    def __init__(self, actor_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor_id = actor_id
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("New actor id"))
        self.setText(
            self.tr("‘%1’ is not in the actor catalogue. Store it as a new actor id?").replace(
                "%1", _isolated(actor_id)
            )
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.setDefaultButton(QMessageBox.StandardButton.No)
        self.setEscapeButton(QMessageBox.StandardButton.No)
        self.setWindowModality(Qt.WindowModality.WindowModal)


class SpanPanel(QWidget):
    """Edits one span's attributes; works on plain values and emits ``attrs_edited``.

    Leaving the panel commits: Enter (``entered``: the desk accepts the span and moves on),
    Escape (``done_editing``), the focus going elsewhere, or the desk's gate (``pending`` and
    ``commit``) before any other command. A field that cannot be resolved keeps the panel
    open with a message saying why; ``editing_changed`` tells when edits are pending.
    """

    attrs_edited = Signal(dict)  # the span's full attribute dict after the change
    done_editing = Signal()  # Escape: go back to the article view
    entered = Signal()  # Enter: saved; the desk accepts the span and goes to the next one
    editing_changed = Signal(bool)  # True while the fields hold an edit not yet saved

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label: Label | None = None
        self._shown: dict[str, Any] = {}
        self._previous: dict[str, Any] = {}
        self._raw_shown: tuple | None = None
        self._editing = False
        self._invalid: QWidget | None = None
        self._place_reader: PlaceReader | None = None
        self._catalogue = ActorCatalogue.from_choices([], {})
        self._new_ids: set[str] = set()
        self.question: NewIdQuestion | None = None
        self._after_yes: Callable[[], None] | None = None  # see ``when_confirmed``
        self._build()
        self.set_actor_choices([(a, a) for a in CODEBOOK_ACTOR_IDS])
        self.set_place_choices([])
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
        self.message = QLabel(self)  # why a field cannot be saved
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #B3261E;")
        hint = QLabel(
            self.tr(
                "Enter: save, accept, next span · Esc: save, back to the article · Tab: next field"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.surface)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        layout.addWidget(hint)
        layout.addStretch(1)
        for widget in self.fields():
            widget.installEventFilter(self)
            if isinstance(widget, QComboBox) and widget.lineEdit() is not None:
                widget.lineEdit().installEventFilter(self)
                widget.lineEdit().returnPressed.connect(self._enter)
                widget.editTextChanged.connect(self._on_edited)
            elif isinstance(widget, QLineEdit):
                widget.returnPressed.connect(self._enter)
                widget.textChanged.connect(self._on_edited)
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_edited)

    def _build_casualty(self) -> QWidget:
        page = QWidget(self)
        # made in tab order; the field coders correct most often first: the victim
        self.victim = ChoiceCombo(page)
        self.victim.show_ids = True
        self.count = QLineEdit(page)
        self.count.setValidator(QRegularExpressionValidator(f"{_DIGITS}{{0,9}}", self.count))
        self.count.setPlaceholderText(self.tr("empty = vague"))
        self.kind = _enum_combo(Kind.values(), page)
        self.qualifier = _enum_combo(Qualifier.values(), page)
        form = QFormLayout(page)
        form.addRow(self.tr("&Victim"), self.victim)
        form.addRow(self.tr("&Count"), self.count)
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("&Qualifier"), self.qualifier)
        return page

    def _build_actor(self) -> QWidget:
        page = QWidget(self)
        self.actor = ChoiceCombo(page)
        self.actor.show_ids = True
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
            self.victim,
            self.count,
            self.kind,
            self.qualifier,
            self.actor,
            self.place,
            self.geonames,
        ]

    # ----- public API ------------------------------------------------------------------------

    def set_actor_choices(
        self, choices: Sequence[tuple[str, str]], catalogue: ActorCatalogue | None = None
    ) -> None:
        """Actor ids with display text (e.g. Arabic and English names) for actor and victim;
        typed text resolves through ``catalogue`` (by default: the names in ``choices``)."""
        items = [(f"{i} — {text}" if text and text != i else i, i) for i, text in choices]
        self.actor.set_choices(items)
        self.victim.set_choices([(self.tr(UNKNOWN), None), (CIVILIANS, CIVILIANS), *items])
        self._catalogue = catalogue or ActorCatalogue.from_choices(choices, {})

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

        def deliver(kind: str, value: object) -> None:
            if kind == background.DONE:
                self.set_place_choices(value)  # type: ignore[arg-type]

        # the worker computes plain data; the panel may be deleted before it has finished
        background.start(self, lambda _post: list(read()), deliver, "place-choices")

    def show_span(self, label: Label | str | None, surface: str, attrs: Mapping | None) -> None:
        """Show a span's label, text and attributes without emitting ``attrs_edited``."""
        if label is None:
            self.clear()
            return
        self._label = Label(label)
        self._shown = _normalise(self._label, attrs or {})
        self.title.setText(self._label.value)
        self._title_tone(colors.for_label(self._label).confirmed)
        self.surface.setText(surface)
        self._fill(self._shown)
        self._mark_invalid(None)
        self._saved()

    def _fill(self, values: Mapping[str, Any]) -> None:
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

    def clear(self) -> None:
        """Show no span."""
        self._label = None
        self._shown = {}
        self.title.setText(self.tr("No span"))
        self._title_tone(None)
        self.surface.setText("")
        self.pages.setCurrentIndex(0)
        self._mark_invalid(None)
        self._saved()

    def label(self) -> Label | None:
        """The label of the span shown."""
        return self._label

    def first_field(self) -> QWidget | None:
        """The field of the span shown that coders correct most often."""
        first = {Label.CASUALTY: self.victim, Label.ACTOR: self.actor, Label.PLACE: self.place}
        return first[self._label] if self._label is not None else None

    def focus_first_field(self) -> None:
        """Put the keyboard focus into the first field of the span shown, its text selected."""
        field = self.first_field()
        if field is not None:
            field.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if isinstance(field, QComboBox) and field.lineEdit() is not None:
                field.lineEdit().selectAll()

    def pending(self) -> bool:
        """True while the fields hold an edit the database does not have yet."""
        return self._label is not None and self._raw() != self._raw_shown

    def current_attrs(self) -> dict[str, Any] | None:
        """The attributes as the fields now say, or None when a field is invalid."""
        if self._label is Label.CASUALTY:
            return self._casualty_attrs()
        if self._label is Label.ACTOR:
            actor = self._resolve(self.actor)
            if actor is False:
                return None
            return {"actor": actor} if actor else {}
        if self._label is Label.PLACE:
            return self._place_attrs()
        return None

    def commit(self) -> bool:
        """Emit ``attrs_edited`` if the fields differ from what was shown; False if a field
        cannot be resolved (the message says why)."""
        if self._label is None:
            return True
        attrs = self.current_attrs()
        if attrs is None:
            return False
        self._mark_invalid(None)
        if self._label is Label.CASUALTY:  # typed names shown as the canonical id
            self.victim.show_value(attrs.get("victim"))
        elif self._label is Label.ACTOR:
            self.actor.show_value(attrs.get("actor"))
        if attrs != self._shown:
            self._previous, self._shown = self._shown, attrs
            self._saved()
            self.attrs_edited.emit(dict(attrs))
        else:
            self._saved()
        return True

    def write_failed(self) -> None:
        """The desk could not store the last ``attrs_edited``: the edit stays pending."""
        self._shown = self._previous
        self._raw_shown = None
        self._set_editing(True)

    def focus_invalid(self) -> None:
        """The keyboard focus back to the field that cannot be saved (if any)."""
        if self._invalid is not None and self.question is None:
            self._invalid.setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- internals -------------------------------------------------------------------------

    def _raw(self) -> tuple:
        """What the fields of the span shown say, as typed."""
        if self._label is Label.CASUALTY:
            return (
                self.victim.currentText(),
                self.count.text(),
                self.kind.currentIndex(),
                self.qualifier.currentIndex(),
            )
        if self._label is Label.ACTOR:
            return (self.actor.currentText(),)
        if self._label is Label.PLACE:
            return (self.place.currentText(), self.geonames.text())
        return ()

    def _saved(self) -> None:
        self._raw_shown = self._raw()
        self._set_editing(False)

    def _on_edited(self, *_args: Any) -> None:
        self._set_editing(self.pending())

    def _set_editing(self, editing: bool) -> None:
        if editing != self._editing:
            self._editing = editing
            self.editing_changed.emit(editing)

    def _resolve(self, combo: ChoiceCombo) -> str | bool | None:
        """The actor id a field names, None for none, False if it cannot be resolved."""
        text = combo.currentText().strip()
        if combo is self.victim and text.casefold() in (UNKNOWN.casefold(), self.tr(UNKNOWN)):
            return None
        found = self._catalogue.resolve(text)
        if found.found is Found.EMPTY:
            return None
        if found.found is Found.ACTOR:
            return found.actor_id
        shown = self._shown.get("victim" if combo is self.victim else "actor")
        if found.found is Found.NEW and found.actor_id in (*self._new_ids, shown):
            return found.actor_id
        if found.found is Found.AMBIGUOUS:
            names = ", ".join(found.candidates[:CANDIDATES_SHOWN])
            more = "…" if len(found.candidates) > CANDIDATES_SHOWN else ""
            why = self.tr("‘%1’ fits several actors: %2. Type more of the name, or pick one.")
            names = _isolated(names + more)
            self._mark_invalid(combo, why.replace("%1", _isolated(text)).replace("%2", names))
        elif found.found is Found.NEW and found.actor_id is not None:
            why = self.tr("‘%1’ is not in the actor catalogue: confirm it as a new actor id.")
            self._mark_invalid(combo, why.replace("%1", _isolated(found.actor_id)))
            self._ask_new_id(found.actor_id, combo)
        else:
            why = self.tr(
                "‘%1’ is neither an actor name nor an actor id (capital letters, digits and _)."
            )
            self._mark_invalid(combo, why.replace("%1", _isolated(text)))
        return False

    def _ask_new_id(self, actor_id: str, combo: ChoiceCombo) -> None:
        if self.question is not None:
            return
        question = NewIdQuestion(actor_id, self)
        self.question = question

        def answered(result: int) -> None:
            self.question = None
            question.deleteLater()
            then, self._after_yes = self._after_yes, None
            if result == QMessageBox.StandardButton.Yes:
                self._new_ids.add(actor_id)
                combo.setEditText(actor_id)
                if self.commit():
                    if then is None:
                        self.entered.emit()
                    else:
                        then()
                    return
            self.window().activateWindow()
            combo.setFocus(Qt.FocusReason.OtherFocusReason)
            if combo.lineEdit() is not None:
                combo.lineEdit().selectAll()

        question.finished.connect(answered)
        question.open()

    def when_confirmed(self, then: Callable[[], None]) -> None:
        """Run ``then`` instead of ``entered`` if the open new-id question is answered Yes and
        the edit is then saved: the desk's command that the question stopped (the next
        article, done…) is carried out. No forgets it: the coder corrects the field first."""
        if self.question is not None:
            self._after_yes = then

    def _casualty_attrs(self) -> dict[str, Any] | None:
        count_text = self.count.text().strip()
        victim = self._resolve(self.victim)
        if victim is False:
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

    def _mark_invalid(self, widget: QWidget | None, why: str = "") -> None:
        self.message.setText(why)
        self.message.setVisible(bool(why))
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
        if self.question is not None:
            return  # the new-id question has the focus: its answer commits
        if not self.commit() and new is not None and new.window() is self.window():
            QTimer.singleShot(0, self.focus_invalid)  # a click or Tab elsewhere: stay

    def _enter(self) -> None:
        if any(_completing(c) for c in (self.victim, self.actor, self.place)):
            QTimer.singleShot(0, self._enter)  # the completion is picked first, then saved
            return
        if self.commit():
            self.entered.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter commits and moves on; Escape commits and hands the focus back to the article."""
        focus_in = event.type() == QEvent.Type.FocusIn
        if focus_in and self._place_reader and watched in (self.place, self.place.lineEdit()):
            self._read_places()
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                if _completing(watched):
                    return False  # the completion is picked first, then returnPressed saves
                self._enter()
                return True
            if key == Qt.Key.Key_Escape:
                if self.commit():
                    self.done_editing.emit()
                return True
        return super().eventFilter(watched, event)


def _isolated(text: str) -> str:
    """``text`` in Unicode isolates (FSI … PDI): in an Arabic line, an id reads in order."""
    return f"\u2068{text}\u2069"


def _completing(watched: QObject) -> bool:
    """True while the completion popup of the combo ``watched`` belongs to is open."""
    combo = watched if isinstance(watched, QComboBox) else watched.parent()
    completer = combo.completer() if isinstance(combo, QComboBox) else None
    return completer is not None and completer.popup().isVisible()


def _normalise(label: Label, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes in the form the panel emits: all four for CASUALTY, no None otherwise."""
    if label is Label.CASUALTY:
        return {k: attrs.get(k) for k in ("count", "kind", "qualifier", "victim")}
    keys = ("actor",) if label is Label.ACTOR else ("place", "geonames_id")
    return {k: attrs[k] for k in keys if attrs.get(k) is not None}
