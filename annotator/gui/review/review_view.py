"""The article in review: gold and undecided versions highlighted, the current item framed, and
under it one bar per coder's span in the coder's colour (as in the item table's header)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from annotator.gui.article_view import ArticleView, paint_frame
from annotator.gui.review.review_rows import coder_color

BAR = 3  # height of a coder's bar in pixels


@dataclass(frozen=True)
class CoderMark:
    """One coder's span of the current item: ``index`` is the coder's column (0-based)."""

    index: int
    start: int
    end: int


class ReviewView(ArticleView):
    """ArticleView with a frame around the current item and per-coder marks under its spans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: tuple[int, int] | None = None
        self._marks: tuple[CoderMark, ...] = ()

    def set_item(self, item: tuple[int, int] | None, marks: Sequence[CoderMark] = ()) -> None:
        """Frame ``[start, end)`` (code points) and mark each coder's spans in it."""
        self._item = item
        self._marks = tuple(marks)
        if item is not None:
            cursor = self.textCursor()
            start, end = self.offsets.range_to_qt(*item)
            if cursor.hasSelection() or not start <= cursor.position() <= end:
                cursor.setPosition(start)
                self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.viewport().update()

    def item(self) -> tuple[int, int] | None:
        """The framed range."""
        return self._item

    def marks(self) -> tuple[CoderMark, ...]:
        return self._marks

    def range_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles covering ``[start, end)``, one per visual line."""
        qt_start, qt_end = self.offsets.range_to_qt(start, end)
        rects: list[QRectF] = []
        block = self.document().findBlock(qt_start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < qt_end:
            top_left = self.blockBoundingGeometry(block).translated(offset).topLeft()
            origin = top_left + block.layout().position()
            rects.extend(self._line_rects(block, qt_start, qt_end, origin.x(), origin.y()))
            block = block.next()
        return rects

    def mark_rects(self, mark: CoderMark) -> list[QRectF]:
        """Where a coder's bar is painted: under the span, stacked by the coder's column."""
        out = []
        for rect in self.range_rects(mark.start, mark.end):
            y = rect.bottom() - 1 - (BAR + 1) * mark.index
            out.append(QRectF(rect.left(), y - BAR, rect.width(), BAR))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """The text and highlights, then the item's frame and the coders' bars."""
        super().paintEvent(event)
        if self._item is None:
            return
        painter = QPainter(self.viewport())
        paint_frame(painter, self.range_rects(*self._item))
        for mark in self._marks:
            color = QColor(coder_color(mark.index))
            for rect in self.mark_rects(mark):
                painter.fillRect(rect, color)
        painter.end()
