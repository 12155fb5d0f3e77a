"""grab_to_png renders a real widget offscreen, highlights included."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage

from annotator.domain import Label
from annotator.gui import colors
from annotator.gui.article_view import ArticleView, ViewSpan
from annotator.gui.screenshot import grab_to_png


def test_grab_to_png_writes_the_rendered_article(qtbot, tmp_path) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    text = "قتل 45 من عناصر داعش في دير الزور"
    view.set_article(text, [ViewSpan(1, 4, 6, Label.CASUALTY, True)])
    path = grab_to_png(view, tmp_path / "view.png", size=(500, 160))
    image = QImage(str(path))
    assert (image.width(), image.height()) == (500, 160)
    (rect,) = view.span_rects(1)
    inside = image.pixelColor(view.viewport().mapTo(view, rect.topLeft().toPoint()) + QPoint(2, 2))
    assert inside == QColor(colors.CASUALTY.confirmed)
    # The span sits in the right half: the line runs right to left, "قتل" first.
    assert rect.center().x() > image.width() / 2
