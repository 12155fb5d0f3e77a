"""The article, always right to left, with spans highlighted and a keyboard caret."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import Property, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
    QTextLine,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.domain import Label
from annotator.gui import colors
from annotator.gui.cheat_sheet import key_sequences
from annotator.gui.fonts import DEFAULT_POINT_SIZE, load_arabic_font
from annotator.gui.offsets import OffsetMap
from annotator.services.words import Words

# Char-format properties that mark each ExtraSelection (for hit tests and tests).
SPAN_ID_PROPERTY = int(QTextFormat.Property.UserProperty) + 1
CURRENT_PROPERTY = int(QTextFormat.Property.UserProperty) + 2
CONFIRMED_PROPERTY = int(QTextFormat.Property.UserProperty) + 3

MIN_FONT_SIZE = 8.0
MAX_FONT_SIZE = 48.0
ZOOM_STEP = 1.0
FRAME_PER_LINE = 20  # the frame's bars: a twentieth of the line height (2 px at 17 pt)


@dataclass(frozen=True)
class ViewSpan:
    """A span as the view shows it: ``[start, end)`` in code points of the article."""

    id: int
    start: int
    end: int
    label: Label
    confirmed: bool

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", Label(self.label))


def _span_format(label: Label, confirmed: bool) -> QTextCharFormat:
    """Solid background for confirmed spans; pale background and dashed underline otherwise."""
    palette = colors.for_label(label)
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colors.TEXT))
    if confirmed:
        fmt.setBackground(QColor(palette.confirmed))
    else:
        fmt.setBackground(QColor(palette.suggested))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(QColor(palette.strong))
    fmt.setProperty(CONFIRMED_PROPERTY, confirmed)
    return fmt


def frame_bars(rects: Iterable[QRectF]) -> list[QRect]:
    """The current span's frame: a bar along the top and one along the bottom of each line
    box it covers, as wide as its glyphs.

    The bars lie in the font's line spacing, above the ascent and below the descent of the
    letters, and have no sides: no letter inside or outside the span (the clitic ب of
    بالقلمون, joined to it) is covered.
    """
    bars = []
    for rect in rects:
        box = rect.toAlignedRect()
        thick = max(1, round(rect.height() / FRAME_PER_LINE))
        left, width = box.left(), box.width()
        bars.append(QRect(left, int(rect.top()), width, thick))
        bars.append(QRect(left, int(rect.bottom()) - thick, width, thick))
    return bars


def paint_frame(painter: QPainter, rects: Iterable[QRectF]) -> None:
    """Fill ``frame_bars(rects)`` in the outline colour (no antialiasing: no spill)."""
    color = QColor(colors.CURRENT_OUTLINE)
    for bar in frame_bars(rects):
        painter.fillRect(bar, color)


def _layer(span: ViewSpan) -> tuple[bool, int, int]:
    """Painting order: suggestions under confirmed spans, shorter spans over longer ones."""
    return (span.confirmed, span.start - span.end, span.id)


class ArticleView(QPlainTextEdit):
    """Read-only RTL article with a caret, keyboard selection, span highlights and zoom."""

    selection_changed_range = Signal(int, int)  # code points; start == end: no selection
    span_clicked = Signal(int)
    font_size_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._map = OffsetMap("")
        self._words: Words | None = None  # the text's words, read at the first word selection
        self._spans: dict[int, ViewSpan] = {}
        self._selections: dict[int, QTextEdit.ExtraSelection] = {}
        self._layers: list[int] | None = None  # span ids bottom to top, the current left out
        self._current: int | None = None
        self._held = 0  # > 0: inside held_highlights(), highlights applied at its end
        self._stale = False
        self._formats = {
            (label, confirmed): _span_format(label, confirmed)
            for label in Label
            for confirmed in (False, True)
        }
        self.default_font_size = DEFAULT_POINT_SIZE
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setCursorWidth(2)
        self.setFont(QFont(load_arabic_font(), 1))
        self.set_font_point_size(self.default_font_size)
        self._set_palette()
        self.document().setDocumentMargin(18)
        self._apply_text_option()
        self.selectionChanged.connect(self._on_selection_changed)
        for action, slot in (
            ("zoom_in", self.zoom_in),
            ("zoom_out", self.zoom_out),
            ("zoom_reset", self.zoom_reset),
        ):
            for sequence in key_sequences(action):
                shortcut = QShortcut(sequence, self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

    # ----- content -------------------------------------------------------------------------

    def set_article(self, text: str, spans: Sequence[ViewSpan] = ()) -> None:
        """Show ``text`` literally (plain text, never markup) with ``spans`` highlighted."""
        self._text = text
        self._map = OffsetMap(text)
        self._words = None
        self._spans = {}
        self._selections = {}
        self._current = None
        self.setPlainText(text)
        self._apply_text_option()
        self.set_spans(spans)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def text(self) -> str:
        """The article's stored text."""
        return self._text

    @property
    def offsets(self) -> OffsetMap:
        """The code-point/UTF-16 map of the current text."""
        return self._map

    def spans(self) -> list[ViewSpan]:
        """The spans shown, in the order given."""
        return list(self._spans.values())

    def set_spans(self, spans: Sequence[ViewSpan]) -> None:
        """Re-highlight: only spans that are new or changed get a new ExtraSelection."""
        new: dict[int, ViewSpan] = {}
        for span in spans:
            self._check(span)
            new[span.id] = span
        for span_id in list(self._selections):
            if new.get(span_id) != self._spans.get(span_id):
                del self._selections[span_id]
        self._spans = new
        self._layers = None
        if self._current not in new:
            self._current = None
        self._refresh()

    def update_spans(self, changed: Iterable[ViewSpan], removed: Iterable[int] = ()) -> None:
        """Add or replace the ``changed`` spans and drop the ``removed`` ids; others stay."""
        changed = list(changed)
        for span in changed:
            self._check(span)
        for span_id in removed:
            self._spans.pop(span_id, None)
            self._selections.pop(span_id, None)
        for span in changed:
            if self._spans.get(span.id) != span:
                self._selections.pop(span.id, None)
            self._spans[span.id] = span
        self._layers = None
        if self._current not in self._spans:
            self._current = None
        self._refresh()

    def _check(self, span: ViewSpan) -> None:
        if not 0 <= span.start < span.end <= self._map.length:
            raise ValueError(f"span {span} lies outside the text of {self._map.length}")

    @contextmanager
    def held_highlights(self) -> Iterator[None]:
        """Apply the highlights once at the end, however often spans or the current change."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1
            if not self._held and self._stale:
                self._refresh()

    def current(self) -> int | None:
        """Id of the current span, if any."""
        return self._current

    def set_current(self, span_id: int | None) -> None:
        """Outline ``span_id`` and scroll it into view.

        Any selection is cleared; the caret goes to the span's beginning unless it is already
        inside the span.
        """
        if span_id is not None and span_id not in self._spans:
            raise KeyError(span_id)
        for old in (self._current, span_id):
            if old is not None:
                self._selections.pop(old, None)
        self._current = span_id
        self._refresh()
        if span_id is None:
            return
        span = self._spans[span_id]
        start, end = self._map.range_to_qt(span.start, span.end)
        cursor = self.textCursor()
        if cursor.hasSelection() or not start <= cursor.position() <= end:
            cursor.setPosition(start)
            self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self._clear_of_edges()

    def _clear_of_edges(self) -> None:
        """Keep the caret's line two lines or more from the top and bottom of the viewport.

        Near the bottom the text moves up by most of a page at once (what follows shows, and a
        scroll, which repaints a lot, comes every dozen decisions rather than at each); near
        the top the caret's line is centred.
        """
        rect = self.cursorRect()
        line = max(rect.height(), 1)
        height = self.viewport().height()
        if rect.top() < 2 * line:
            lines = (rect.top() - height // 2) // line
        elif rect.bottom() > height - 2 * line:
            lines = (rect.top() - 2 * line) // line
        else:
            return
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + lines)

    def span_at(self, cp: int) -> ViewSpan | None:
        """The shortest span containing code point ``cp`` (the current one wins a tie)."""
        hits = [s for s in self._spans.values() if s.start <= cp < s.end]
        if not hits:
            return None
        return min(hits, key=lambda s: (s.end - s.start, s.id != self._current))

    # ----- selection -------------------------------------------------------------------------

    def selected_range(self, *, trim: bool = False) -> tuple[int, int] | None:
        """The selection in code points, or None when nothing is selected.

        With ``trim``, whitespace at either end is left out (word-wise selection takes the
        space after a word); None if only whitespace is selected.
        """
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        if trim:
            while start < end and self._text[start].isspace():
                start += 1
            while end > start and self._text[end - 1].isspace():
                end -= 1
            if start == end:
                return None
        return start, end

    def words(self) -> Words:
        """The words of the article (for word snapping and edge moves)."""
        if self._words is None:
            self._words = Words(self._text)
        return self._words

    def word_selection(self) -> tuple[int, int] | None:
        """The selection as the codebook's span: whole words, no punctuation, spaces or leading
        clitic around them (annotator.services.words); None without a selected word."""
        selected = self.selected_range()
        return None if selected is None else self.words().snapped(*selected)

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` in code points (the caret ends at ``end``)."""
        cursor = self.textCursor()
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def caret(self) -> int:
        """The caret position in code points."""
        return self._map.from_qt(self.textCursor().position())

    def _on_selection_changed(self) -> None:
        cursor = self.textCursor()
        if cursor.hasSelection():
            start, end = self._map.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        else:
            start = end = self._map.from_qt(cursor.position())
        self.selection_changed_range.emit(start, end)

    # ----- zoom ------------------------------------------------------------------------------

    def font_point_size(self) -> float:
        """The article's font size in points."""
        return self.font().pointSizeF()

    def set_font_point_size(self, size: float) -> None:
        """Set the article's font size (clamped to 8–48 pt)."""
        size = min(max(float(size), MIN_FONT_SIZE), MAX_FONT_SIZE)
        if size == self.font().pointSizeF():
            return
        font = self.font()
        font.setPointSizeF(size)
        self.setFont(font)
        self.font_size_changed.emit(size)

    font_size = Property(float, font_point_size, set_font_point_size, notify=font_size_changed)

    def zoom_in(self) -> None:
        """One point larger."""
        self.set_font_point_size(self.font_point_size() + ZOOM_STEP)

    def zoom_out(self) -> None:
        """One point smaller."""
        self.set_font_point_size(self.font_point_size() - ZOOM_STEP)

    def zoom_reset(self) -> None:
        """Back to ``default_font_size``."""
        self.set_font_point_size(self.default_font_size)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+wheel zooms through our own size property."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta > 0:
                self.zoom_in()
            elif delta < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    # ----- painting and hit tests ------------------------------------------------------------

    def _set_palette(self) -> None:
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Base, QColor(colors.BACKGROUND))
            palette.setColor(group, QPalette.ColorRole.Text, QColor(colors.TEXT))
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(colors.SELECTION))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
        self.setPalette(palette)

    def _apply_text_option(self) -> None:
        doc = self.document()
        option = doc.defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        option.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)

    def _refresh(self) -> None:
        if self._held:
            self._stale = True
            return
        self._stale = False
        for span_id, span in self._spans.items():
            if span_id not in self._selections:
                self._selections[span_id] = self._make_selection(span)
        if self._layers is None:
            ranked = sorted(self._spans.values(), key=_layer)
            self._layers = [s.id for s in ranked]
        order = [i for i in self._layers if i != self._current]
        if self._current is not None:
            order.append(self._current)  # the current span on top of everything
        self.setExtraSelections([self._selections[i] for i in order])

    def _make_selection(self, span: ViewSpan) -> QTextEdit.ExtraSelection:
        start, end = self._map.range_to_qt(span.start, span.end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat(self._formats[(span.label, span.confirmed)])
        fmt.setProperty(SPAN_ID_PROPERTY, span.id)
        fmt.setProperty(CURRENT_PROPERTY, span.id == self._current)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def span_rects(self, span_id: int) -> list[QRectF]:
        """Viewport rectangles covering the span, one per visual line it touches."""
        span = self._spans[span_id]
        start, end = self._map.range_to_qt(span.start, span.end)
        rects: list[QRectF] = []
        block = self.document().findBlock(start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < end:
            top_left = self.blockBoundingGeometry(block).translated(offset).topLeft()
            origin = top_left + block.layout().position()
            rects.extend(self._line_rects(block, start, end, origin.x(), origin.y()))
            block = block.next()
        return rects

    @staticmethod
    def _line_rects(block: QTextBlock, start: int, end: int, ox: float, oy: float) -> list[QRectF]:
        layout = block.layout()
        lo = max(start, block.position()) - block.position()
        hi = min(end, block.position() + block.length() - 1) - block.position()
        rects = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            first = max(lo, line.textStart())
            last = min(hi, line.textStart() + line.textLength())
            if first >= last:
                continue
            runs = [run.boundingRect() for run in layout.glyphRuns(first, last - first)]
            if not runs:
                continue
            left = min(r.left() for r in runs)
            right = max(r.right() for r in runs)
            rects.append(QRectF(ox + left, oy + line.y(), right - left, line.height()))
        return rects

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Paint the text, then the current span's bars above and below it."""
        super().paintEvent(event)
        if self._current is None:
            return
        painter = QPainter(self.viewport())
        paint_frame(painter, self.span_rects(self._current))
        painter.end()

    def char_at(self, point: QPoint) -> int | None:
        """Code point under a viewport point, or None between lines or beyond the text."""
        block = self.cursorForPosition(point).block()
        top_left = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        local = point.toPointF() - top_left - block.layout().position()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if not line.y() <= local.y() < line.y() + line.height():
                continue
            extent = line.naturalTextRect()  # where the glyphs are, alignment included
            if not line.textLength() or not extent.left() <= local.x() <= extent.right():
                return None
            pos = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
            if not line.textStart() <= pos < line.textStart() + line.textLength():
                return None
            return self._map.from_qt(block.position() + pos)
        return None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A drag or double-click selection snaps to the span it would make; a click (not a
        drag) inside a span emits ``span_clicked``."""
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self.textCursor().hasSelection():
            snapped = self.word_selection()
            if snapped is not None and snapped != self.selected_range():
                self.select_range(*snapped)
            return
        cp = self.char_at(event.position().toPoint())
        span = self.span_at(cp) if cp is not None else None
        if span is not None:
            self.span_clicked.emit(span.id)
