"""User text is shown as written: markup in a coder's name, a title, a source, an attribute value
or a message stays literal (no local image is loaded), and left-to-right names keep their order
in the right-to-left interface."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QImage, QTextDocument, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QStyleOptionViewItem, QWidget

from annotator.domain import Article
from annotator.gui.history_dialog import history_dialog
from annotator.services.coding import CodingError, CodingSession
from annotator.services.importing import import_paths
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import TEXT, pending, suggest
from tests.gui.desk_driver import SEED_000, desk_fixtures, make_desk_project
from tests.gui.windows import ALT

open_desk, _desk = desk_fixtures()


@pytest.fixture
def red_png() -> Iterator[Path]:
    """A solid red picture: if any markup is rendered, red pixels show. Kept at a short path
    so that markup naming it is still a name a coder may take (at most 64 characters)."""
    folder = Path(tempfile.mkdtemp(prefix="r", dir="/tmp"))
    image = QImage(60, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#FF0000"))
    path = folder / "r.png"
    assert image.save(str(path))
    yield path
    shutil.rmtree(folder)


def markup(png: Path) -> str:
    return f'x<img src="{png}"><h1>big</h1>'


def red_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage()
    count = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            count += c.red() > 220 and c.green() < 40 and c.blue() < 40
    return count


def assert_literal(label: QLabel, text: str) -> None:
    """The label holds ``text`` as written and renders no markup."""
    assert text in label.text()
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert red_pixels(label) == 0


def tooltip_text(tooltip: str) -> str:
    """What a tooltip shows (tooltips render markup)."""
    doc = QTextDocument()
    doc.setHtml(tooltip)
    return doc.toPlainText()


def test_the_desk_shows_names_titles_and_messages_as_written(
    open_desk, tmp_path: Path, red_png: Path
) -> None:
    evil = markup(red_png)
    make_desk_project(tmp_path / "desk.db")
    db = open_store(tmp_path / "desk.db")
    repo.add_article(db, Article("نص الخبر", title=evil, source=evil))
    db.close()
    desk = open_desk(tmp_path / "desk.db", coder=evil)
    assert_literal(desk.status.coder, evil)
    # The list's tooltips show the title and source as written.
    model = desk.model
    for column in (model.TITLE, model.SOURCE):
        tip = model.data(model.index(1, column), Qt.ItemDataRole.ToolTipRole)
        assert tooltip_text(tip) == evil
    # An error's message (it may name a file or a coder) in the status bar and the box.
    box = desk.status.error_box(desk, CodingError(evil), None)
    assert_literal(desk.status.hint, evil)
    box.show()
    labels = [label for label in box.findChildren(QLabel) if evil in label.text()]
    assert labels
    for label in labels:
        assert_literal(label, evil)
    box.close()
    # An outcome box of the slow tasks (export, import, report) with details.
    told = desk.tasks.tell(QMessageBox.Icon.Information, "Export", evil, evil)
    for label in told.findChildren(QLabel):
        if evil in label.text():
            assert_literal(label, evil)
    told.close()


def make_evil_review_project(path: Path, evil: str) -> None:
    folder = path.parent / "corpus"
    folder.mkdir()
    (folder / SEED_000).write_text(TEXT, encoding="utf-8")
    db = open_store(path)
    (first,) = import_paths(db, [folder / SEED_000], suggest=suggest).article_ids
    second, _ = repo.add_article(db, Article("نص آخر", title=evil, source="b.txt"))
    for coder in ("ali", evil):
        session = CodingSession(db, coder)
        session.set_attributes(pending(session, first, "دير الزور"), {"place": evil})
        session.mark_done(first)
        session.mark_done(second)
    db.close()


def test_the_review_window_shows_names_and_values_as_written(
    open_review, tmp_path: Path, red_png: Path, press, qtbot
) -> None:
    evil = markup(red_png)
    make_evil_review_project(tmp_path / "review.db", evil)
    review = open_review(tmp_path / "review.db")
    assert_literal(review.status.coder, evil)  # "Comparing: ali, <the second coder>"
    row = review.current_row()
    assert row is not None and review.view.text()[row.start : row.end] == "دير الزور"
    press(Qt.Key.Key_1, ALT)  # take the first coder's version into gold: place=<markup>
    qtbot.waitUntil(lambda: bool(review.current_row() and review.current_row().gold))
    assert_literal(review.panel.item_title, f"place={evil}")
    assert_literal(review.panel.item_keys, evil)
    model = review.model
    tip = model.data(model.index(1, model.TITLE), Qt.ItemDataRole.ToolTipRole)
    assert tooltip_text(tip) == evil


# ----- left-to-right names in right-to-left lists ---------------------------------------------


def visual_x(text: str, direction: Qt.LayoutDirection, parts: list[str]) -> list[float]:
    """Where each of ``parts`` of ``text`` lands on a line laid out in ``direction``."""
    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setTextDirection(direction)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(2000)
    layout.endLayout()
    return [layout.glyphRuns(text.index(p), 1)[0].boundingRect().center().x() for p in parts]


def reads_in_order(table, index: QModelIndex, stored: str) -> None:
    """The cell shows ``stored`` (a file name) left to right, in the order it is written;
    the model still holds it unchanged."""
    assert index.data() == stored
    option = QStyleOptionViewItem()
    option.initFrom(table)
    table.itemDelegate().initStyleOption(option, index)
    xs = visual_x(option.text, option.direction, ["000", "_", "4aec", "txt"])
    assert xs == sorted(xs), (option.text, xs)


@pytest.fixture
def rtl(qapp):
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def test_file_names_read_in_order_in_the_rtl_lists(
    rtl, open_desk, open_review, tmp_path: Path, red_png: Path
) -> None:
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    make_desk_project(tmp_path / "desk.db")
    desk = open_desk(tmp_path / "desk.db")
    table, model = desk.list.table, desk.model
    reads_in_order(table, model.index(0, model.SOURCE), SEED_000)
    make_evil_review_project(tmp_path / "review.db", markup(red_png))
    review = open_review(tmp_path / "review.db")
    table, model = review.list.table, review.model
    reads_in_order(table, model.index(0, model.SOURCE), SEED_000)
    db = open_store(tmp_path / "review.db")
    assert db.execute("SELECT source FROM articles WHERE id = 1").fetchone()[0] == SEED_000
    db.close()


def test_history_times_read_in_order_in_the_rtl_dialog(rtl, qtbot, tmp_path: Path) -> None:
    make_desk_project(tmp_path / "desk.db")
    db = open_store(tmp_path / "desk.db")
    session = CodingSession(db, "ali")
    span_id = min(session.accept(pending(session, 1, "جيش الإسلام")).span_ids)
    dialog = history_dialog(db, span_id, session.text(1))
    qtbot.addWidget(dialog)
    table = dialog.table
    index = table.model().index(0, dialog.WHEN)
    stored = index.data()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", stored)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    assert option.direction == Qt.LayoutDirection.RightToLeft
    date, time = stored.split()
    x_date, x_time = visual_x(option.text, option.direction, [date[:4], time[:2]])
    assert x_date < x_time  # the date, then the time, left to right
    db.close()
