"""A window that fits the work: the first start fits the screen, later starts come back as the
coder left them (geometry and splitters, desk and review window), list columns fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSplitter

from annotator.gui import i18n
from annotator.gui.main_window import MainWindow
from annotator.gui.review.review_window import ReviewWindow
from annotator.gui.settings import FIRST_SHARE
from annotator.store import open_store
from tests.gui.desk_driver import make_desk_project, make_review_project


def shown(qtbot, window, size: tuple[int, int] | None = None):
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def drag_handle(qtbot, splitter: QSplitter, index: int, by: int) -> None:
    """Drag splitter handle ``index`` by ``by`` pixels with the mouse (across the splitter)."""
    handle = splitter.handle(index)
    middle = handle.rect().center()
    step = QPoint(by, 0) if splitter.orientation() == Qt.Orientation.Horizontal else QPoint(0, by)
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    QTest.mouseMove(handle, middle + step / 2)
    QTest.mouseMove(handle, middle + step)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)


def check_fits_then_comes_back(qtbot, build, splitters) -> None:
    first = shown(qtbot, build())
    area = first.screen().availableGeometry()
    assert first.width() == int(area.width() * FIRST_SHARE)
    assert first.height() == int(area.height() * FIRST_SHARE)
    assert area.contains(first.frameGeometry())
    first.resize(area.width() * 3 // 4, area.height() * 2 // 3)
    for splitter in splitters(first):
        before = splitter.sizes()
        drag_handle(qtbot, splitter, 1, -40)
        assert splitter.sizes() != before  # the mouse moved it
    size = first.size()
    sizes = [s.sizes() for s in splitters(first)]
    first.close()
    first.db.close()
    again = shown(qtbot, build())
    assert again.size() == size
    assert [s.sizes() for s in splitters(again)] == sizes
    again.close()
    again.db.close()


def test_the_desk_fits_the_screen_then_opens_as_left(qtbot, tmp_path: Path) -> None:
    make_desk_project(tmp_path / "desk.db")
    check_fits_then_comes_back(
        qtbot,
        lambda: MainWindow(open_store(tmp_path / "desk.db"), "ali", clock=lambda: 0.0),
        lambda w: [w.splitter],
    )


def test_the_review_window_fits_the_screen_then_opens_as_left(qtbot, tmp_path: Path) -> None:
    make_review_project(tmp_path / "review.db")
    check_fits_then_comes_back(
        qtbot,
        lambda: ReviewWindow(open_store(tmp_path / "review.db")),
        lambda w: [w.splitter, w.middle],
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_list_columns_fit_and_the_title_stretches(qapp, qtbot, tmp_path: Path, lang) -> None:
    assert i18n.install_language(qapp, lang)
    try:
        make_desk_project(tmp_path / "desk.db")
        # The first start on a 1600×1000 screen (85%): the title gets the room that is left.
        desk = shown(qtbot, MainWindow(open_store(tmp_path / "desk.db"), "ali"), (1360, 850))
        make_review_project(tmp_path / "review.db")
        review = shown(qtbot, ReviewWindow(open_store(tmp_path / "review.db")), (1360, 850))
        for table in (desk.list.table, review.list.table):
            header = table.horizontalHeader()
            model = table.model()
            columns = range(model.columnCount())
            for col in columns:  # headers unclipped, in either language
                assert header.sectionSize(col) >= header.sectionSizeHint(col), (lang, col)
            title = model.TITLE
            assert header.sectionResizeMode(title) == header.ResizeMode.Stretch
            assert header.sectionSize(title) == max(header.sectionSize(c) for c in columns)
        metrics = desk.list.table.fontMetrics()
        state_width = desk.list.table.horizontalHeader().sectionSize(desk.model.STATE)
        for name in desk.model.state_names():  # every state shows whole
            assert metrics.horizontalAdvance(name) < state_width
        for window in (desk, review):
            window.close()
            window.db.close()
    finally:
        i18n.install_language(qapp, "en")
