"""Helpers for GUI tests: show a widget, give it focus, press keys where Qt would send them."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from annotator.gui import i18n
from tests.gui.desk_driver import make_gold_db
from tests.gui.windows import focus_article, focus_view, window_opener


def none_refs_lost_per_call(calls: int = 2000) -> float:
    """How many references to None one void Qt call loses (0 for a sound binding)."""
    obj = QObject()
    obj.setObjectName("warm-up")
    before = sys.getrefcount(None)
    for _ in range(calls):
        obj.setObjectName("probe")
    return (before - sys.getrefcount(None)) / calls


@pytest.fixture
def refs_lost_per_call():
    """The probe above; test_qt_binding.py fails loudly on a leaking binding (PySide6 6.12.0)."""
    return none_refs_lost_per_call


@pytest.fixture
def show_focused(qtbot):
    """show_focused(widget, focus=None): show it as the active window, focus on ``focus``."""

    def _show(widget: QWidget, focus: QWidget | None = None) -> QWidget:
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        target = focus or widget
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(target.hasFocus)
        return widget

    return _show


def key_target() -> QWidget:
    """Where a real key press goes: the open popup if any, else the focus widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert target is not None, "no widget has the keyboard focus"
    return target


@pytest.fixture
def press(qtbot):
    """press(key, modifiers=NoModifier, times=1): key clicks delivered like real ones."""

    def _press(key, modifiers=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            qtbot.keyClick(key_target(), key, modifiers)

    return _press


@pytest.fixture
def type_text(qtbot):
    """type_text(text): types into the widget that has the focus (or the open popup)."""

    def _type(text: str) -> None:
        for ch in text:
            if ch.isascii():
                qtbot.keyClick(key_target(), ch)
            else:  # QTest maps only ASCII to keys; Arabic arrives as text, as from an IME
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click,
                    key_target(),
                    Qt.Key.Key_unknown,
                    ch,
                    Qt.KeyboardModifier.NoModifier,
                )

    return _type


@pytest.fixture(autouse=True)
def _no_worker_outlives_its_test(qapp):
    """As in the app, garbage is collected in the GUI thread only (never by a worker that
    allocates); every background worker a test started has finished when the test ends (the
    app joins them when it quits): none runs on into the next test while its widgets are
    deleted. Tests without Qt get automatic collection back."""
    from annotator.gui import background

    collector = background.collect_in_gui_thread()
    yield
    assert background.wait_all(timeout=120), [t.name for t in background.running()]
    collector.collect_if_due()
    gc.enable()


@pytest.fixture
def arabic_ui(qapp):
    """The interface in Arabic for the test, English again after it."""
    assert i18n.install_language(qapp, "ar")
    yield
    i18n.install_language(qapp, "en")


@pytest.fixture
def open_review(qtbot):
    """open_review(project): the review window on a database file or a team server's URL, the
    focus in the article."""
    from annotator.gui.review.review_window import ReviewWindow
    from annotator.store import open_store

    yield from window_opener(
        qtbot, lambda path: ReviewWindow(open_store(path)), (1300, 800), focus_article
    )


@pytest.fixture
def open_desk(qtbot):
    """open_desk(project, coder="ali", article_id=None): the desk on a database file or a team
    server's URL (a fixed clock: no time is recorded), the focus in the article. A test module
    may define its own."""
    from annotator.gui.main_window import MainWindow
    from annotator.store import open_store

    def build(target, coder: str = "ali", article_id: int | None = None) -> MainWindow:
        return MainWindow(open_store(target), coder, clock=lambda: 0.0, article_id=article_id)

    yield from window_opener(qtbot, build, (1300, 800), focus_view)


@pytest.fixture
def gold_desk(open_desk, tmp_path, gold_path):
    """The desk (the test module's ``open_desk``) on the seeds' gold imported as the gold layer."""
    return open_desk(make_gold_db(tmp_path / "gold.db", gold_path))


def open_dialogs() -> list[QWidget]:
    """The message boxes and dialogs showing as windows of their own."""
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox | QDialog) and w.isVisible()
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A GUI test fails when it leaves a message box or dialog open (checked as the test body
    ends, before its fixtures close the windows): a box nobody answered is a question the test
    did not look at, and it would steal the next test's focus. They are closed either way."""
    try:
        result = yield
    except BaseException:
        for widget in open_dialogs():
            widget.close()
        raise
    left = open_dialogs()
    for widget in left:
        widget.close()
    if left:
        names = [
            f"{type(w).__name__} {w.windowTitle()!r}"
            + (f": {w.text()!r}" if isinstance(w, QMessageBox) else "")
            for w in left
        ]
        pytest.fail(f"the test left {len(left)} dialog(s) open: {names}", pytrace=False)
    return result
