"""Rendering: the current span's frame leaves every letter as it is (rendered offscreen, pixel
by pixel); the codebook draws Arabic code in the Arabic font."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import (
    QColor,
    QFontInfo,
    QImage,
    QTextCursor,
    QTextDocument,
    QTextFragment,
)

from annotator.domain import Label
from annotator.gui import colors
from annotator.gui.article_view import ArticleView, ViewSpan
from annotator.gui.codebook_dialog import CODEBOOK_PATH, CodebookDialog
from annotator.gui.fonts import load_arabic_font
from annotator.gui.review.review_view import ReviewView

# The clitic joined to each span is the letter a coder checks: ب of بالقلمون, the first ل of
# للغوطة (codebook: the span is لغوطة), و of والحسكة.
TEXT = "قتل 45 عنصراً بالقلمون الشرقي وجرح عشرة للغوطة الشرقية والحسكة\nسطر ثان تحته بالقلمون"
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
SPANS = (("بالقلمون", 1), ("للغوطة", 1), ("والحسكة", 1))


def spans() -> list[ViewSpan]:
    out = []
    for n, (word, clitic) in enumerate(SPANS, 1):
        start = TEXT.index(word) + clitic
        out.append(ViewSpan(n, start, start + len(word) - clitic, Label.PLACE, True))
    return out


def flat_colours(view: ArticleView) -> set[int]:
    """Colours of the page and of the confirmed highlights: every other pixel is ink."""
    flat = {view.palette().base().color().rgb()}
    flat |= {QColor(colors.for_label(label).confirmed).rgb() for label in Label}
    return flat


def render(view: ArticleView) -> QImage:
    return view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def changed_pixels(before: QImage, after: QImage) -> list[tuple[int, int]]:
    assert before.size() == after.size()
    return [
        (x, y)
        for y in range(before.height())
        for x in range(before.width())
        if before.pixel(x, y) != after.pixel(x, y)
    ]


def clitic_box(view: ArticleView, span: ViewSpan) -> tuple[int, int, int, int]:
    """Pixel box (x0, y0, x1, y1) of the letter just before the span (its clitic)."""
    clitic = ViewSpan(99, span.start - 1, span.start, span.label, True)
    view.update_spans([clitic])
    (rect,) = view.span_rects(99)
    view.update_spans([], [99])
    return int(rect.left()), int(rect.top()), int(rect.right()) + 1, int(rect.bottom()) + 1


def check_frame_covers_no_letter(view: ArticleView, frame: object, size: float) -> None:
    view.resize(760, 400)
    view.set_font_point_size(size)
    view.set_article(TEXT, spans())
    flat = flat_colours(view)
    for span in spans():
        bare = render(view)
        frame(span)
        framed = render(view)
        frame(None)
        changed = changed_pixels(bare, framed)
        (line,) = view.span_rects(span.id)
        # The frame shows: a bar along the top and the bottom of the span's line box ...
        assert len(changed) >= line.width() * 2
        # ... and not one pixel of a letter changes, the clitic's included.
        inked = [(x, y) for x, y in changed if bare.pixel(x, y) not in flat]
        assert inked == [], (span, size, inked[:5])
        x0, y0, x1, y1 = clitic_box(view, span)
        clitic_ink = [
            (x, y) for y in range(y0, y1) for x in range(x0, x1) if bare.pixel(x, y) not in flat
        ]
        assert clitic_ink, "the clitic is drawn"
        assert all(bare.pixel(x, y) == framed.pixel(x, y) for x, y in clitic_ink)


@pytest.mark.parametrize("size", [12.0, 17.0, 30.0])
def test_the_current_span_frame_covers_no_letter(qtbot, size: float) -> None:
    view = ArticleView()
    qtbot.addWidget(view)
    check_frame_covers_no_letter(
        view, lambda span: view.set_current(span.id if span else None), size
    )


def test_the_review_item_frame_covers_no_letter(qtbot) -> None:
    view = ReviewView()
    qtbot.addWidget(view)
    check_frame_covers_no_letter(
        view, lambda span: view.set_item((span.start, span.end) if span else None), 17.0
    )


def fragments(doc: QTextDocument) -> list[QTextFragment]:
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            out.append(it.fragment())
            it += 1
        block = block.next()
    return out


def test_the_codebook_shows_arabic_code_in_the_arabic_font(qtbot) -> None:
    parsed = QTextDocument()  # where Qt's Markdown reader puts code spans (monospace)
    parsed.setMarkdown(CODEBOOK_PATH.read_text(encoding="utf-8"))
    code = [
        (f.position(), f.text())
        for f in fragments(parsed)
        if f.charFormat().fontFixedPitch() and ARABIC_LETTER.search(f.text())
    ]
    assert "حرس الخابور" in {text for _, text in code}
    book = CodebookDialog()
    qtbot.addWidget(book)
    doc = book.browser.document()
    arabic = load_arabic_font()
    for position, text in code:
        cursor = QTextCursor(doc)
        cursor.setPosition(position + 1)  # the format of the character at ``position``
        font = cursor.charFormat().font()
        assert QFontInfo(font).family() == arabic, text
        assert doc.characterAt(position) == text[0]
