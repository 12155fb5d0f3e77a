"""The background helper: work off the GUI thread, its own connection, signals back, Cancel."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QWidget

from annotator.domain import Article
from annotator.gui.tasks import (
    CancelFlag,
    TaskCancelledError,
    TaskManager,
    database_file,
    on_own_store,
)
from annotator.store import open_memory
from annotator.store import repository as repo

WAIT = 10_000  # ms; generous for a loaded CI machine, never reached when things work


def in_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_work_runs_in_a_worker_and_only_signals_reach_the_gui(qtbot) -> None:
    tasks = TaskManager()
    seen: dict[str, object] = {}
    handlers: list[tuple[str, bool]] = []

    def work(progress, cancel: CancelFlag) -> str:
        seen["worker_gui"] = in_gui_thread()
        seen["thread"] = threading.get_ident()
        for done in range(4):
            progress(done, 3)
        return "result"

    tasks.progress.connect(lambda d, t: handlers.append((f"progress {d}/{t}", in_gui_thread())))
    tasks.finished.connect(lambda r: handlers.append((f"finished {r}", in_gui_thread())))
    with qtbot.waitSignal(tasks.finished, timeout=WAIT) as blocker:
        assert tasks.run("Working", work)
        assert tasks.busy
    assert blocker.args == ["result"]
    assert seen == {"worker_gui": False, "thread": seen["thread"]}
    assert seen["thread"] != threading.get_ident()
    # the first and the last progress always arrive, in order, then the result; all on the GUI
    assert handlers[0] == ("progress 0/3", True)
    assert handlers[-2:] == [("progress 3/3", True), ("finished result", True)]
    assert all(gui for _what, gui in handlers)
    assert not tasks.busy


def test_the_worker_opens_its_own_connection(qtbot, db, db_path: Path) -> None:
    article_id, _ = repo.add_article(db, Article("نص للاختبار", source="a.txt"))
    assert database_file(db) == db_path.resolve()
    tasks = TaskManager()

    def count(worker_db, progress, cancel) -> tuple[int, bool]:
        same = worker_db.conn is db.conn
        return repo.article_count(worker_db), same

    with qtbot.waitSignal(tasks.finished, timeout=WAIT) as blocker:
        tasks.run("Counting", on_own_store(db_path, count))
    assert blocker.args == [(1, False)]
    # The GUI's connection cannot be used from the worker at all: sqlite3 refuses it.
    with qtbot.waitSignal(tasks.failed, timeout=WAIT) as failed:
        tasks.run("Misuse", lambda p, c: db.execute("SELECT 1").fetchall())
    assert isinstance(failed.args[0], sqlite3.ProgrammingError)
    assert repo.get_article(db, article_id).source == "a.txt"


def test_a_failure_is_reported_and_the_next_task_runs(qtbot) -> None:
    tasks = TaskManager()
    failures: list[BaseException] = []

    def broken(progress, cancel):
        raise ValueError("disk on fire")

    with qtbot.waitSignal(tasks.failed, timeout=WAIT) as blocker:
        tasks.run("Broken", broken, on_failed=failures.append)
    assert str(blocker.args[0]) == "disk on fire"
    assert failures == [blocker.args[0]]
    assert not tasks.busy
    with qtbot.waitSignal(tasks.finished, timeout=WAIT) as blocker:
        assert tasks.run("Fine", lambda p, c: 42)
    assert blocker.args == [42]


def test_one_task_at_a_time(qtbot) -> None:
    tasks = TaskManager()
    release = threading.Event()
    with qtbot.waitSignal(tasks.finished, timeout=WAIT):
        assert tasks.run("First", lambda p, c: release.wait(WAIT / 1000))
        assert not tasks.run("Second", lambda p, c: None)
        release.set()
    assert tasks.run("Third", lambda p, c: None)
    tasks.wait()


def test_cancel_from_the_progress_dialog(qtbot, press) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tasks = TaskManager(window)
    reached, release = threading.Event(), threading.Event()
    cancelled: list[BaseException] = []

    def long_work(progress, cancel: CancelFlag) -> str:
        for done in range(10):
            if cancel.is_set():
                raise TaskCancelledError("stopped")
            progress(done, 10)
            if done == 3:
                reached.set()
                release.wait(WAIT / 1000)
        return "finished anyway"

    tasks.run("Long work", long_work, on_cancelled=cancelled.append)
    dialog = tasks.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: reached.is_set() and dialog.bar.maximum() == 1000, timeout=WAIT)
    qtbot.waitUntil(lambda: dialog.bar.value() == 300, timeout=WAIT)
    assert (dialog.label.text(), dialog.step.text()) == ("Long work", "3 of 10")
    dialog.activateWindow()
    dialog.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # open until the work has really stopped
    assert dialog.label.text() == "Cancelling…"
    with qtbot.waitSignal(tasks.cancelled, timeout=WAIT):
        release.set()
    assert [str(e) for e in cancelled] == ["stopped"]
    assert tasks.dialog is None
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)


def test_closing_the_window_cancels_and_waits(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    tasks = TaskManager(window, show_progress=False)
    started, stopped = threading.Event(), threading.Event()

    def until_cancelled(progress, cancel: CancelFlag) -> None:
        started.set()
        while not cancel.is_set():
            stopped.wait(0.005)  # the worker polls; the test itself never sleeps
        stopped.set()
        raise TaskCancelledError("window closed")

    tasks.run("Endless", until_cancelled)
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    window.close()
    assert stopped.is_set()  # close returned only after the worker had stopped
    assert tasks.wait(0)


def test_database_file_of_a_memory_database() -> None:
    memory = open_memory()
    assert database_file(memory) is None
    memory.close()
