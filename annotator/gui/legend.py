"""A small key to the article's colours: labels, suggestion vs confirmed, and their keys."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from annotator.domain import Label
from annotator.gui import colors
from annotator.gui.article_view import paint_frame
from annotator.gui.cheat_sheet import SHORTCUTS
from annotator.gui.fonts import load_arabic_font

LABEL_ACTIONS = {
    Label.ACTOR: "label_actor",
    Label.PLACE: "label_place",
    Label.CASUALTY: "label_casualty",
}
SAMPLE = "نص"


class Swatch(QWidget):
    """A sample word drawn the way the article view draws a span."""

    def __init__(
        self, label: Label, confirmed: bool, current: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.confirmed = confirmed
        self.current = current
        self.setFont(QFont(load_arabic_font(), 12))
        self.setFixedSize(self.sizeHint())
        tip = self.tr("%1: confirmed") if confirmed else self.tr("%1: suggestion")
        if current:
            tip = self.tr("%1: the current span")
        self.setToolTip(tip.replace("%1", label.value))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Room for the sample word."""
        return QSize(44, 30)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Background, sample text, dashed underline for suggestions, frame when current."""
        tone = colors.for_label(self.label)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(3, 3, -3, -3)
        painter.fillRect(box, QColor(tone.confirmed if self.confirmed else tone.suggested))
        painter.setPen(QColor(colors.TEXT))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, SAMPLE)
        if not self.confirmed:
            pen = QPen(QColor(tone.strong), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(box.bottomLeft() - QPointF(0, 3), box.bottomRight() - QPointF(0, 3))
        if self.current:  # as the article view marks the current span: bars above and below
            paint_frame(painter, [box])
        painter.end()


class Legend(QWidget):
    """Each label's colour as confirmed span and as suggestion, with its key (1/2/3)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(6)
        headers = (self.tr("Key"), self.tr("Label"), self.tr("Confirmed"), self.tr("Suggestion"))
        for col, text in enumerate(headers):
            header = QLabel(text, self)
            header.setStyleSheet("color: #555555;")
            grid.addWidget(header, 0, col)
        self.rows: dict[Label, tuple[QLabel, QLabel, Swatch, Swatch]] = {}
        for row, label in enumerate(Label, start=1):
            key = QLabel(SHORTCUTS[LABEL_ACTIONS[label]][0], self)
            key.setStyleSheet("border: 1px solid #888888; border-radius: 3px; padding: 0 5px;")
            key.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name = QLabel(label.value, self)
            name.setStyleSheet(f"color: {colors.for_label(label).strong}; font-weight: bold;")
            confirmed = Swatch(label, True, parent=self)
            suggested = Swatch(label, False, parent=self)
            for col, widget in enumerate((key, name, confirmed, suggested)):
                grid.addWidget(widget, row, col)
            self.rows[label] = (key, name, confirmed, suggested)
        current_row = len(Label) + 1
        grid.addWidget(Swatch(Label.ACTOR, True, current=True, parent=self), current_row, 2)
        grid.addWidget(QLabel(self.tr("outlined: the current span"), self), current_row, 3)
        grid.setRowStretch(current_row + 1, 1)
        grid.setColumnStretch(4, 1)
