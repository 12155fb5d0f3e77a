"""The one helper for slow work (import, export, report): a worker thread, progress by signal.

Like Anki's ``taskman.py``: ``TaskManager.run(title, work)`` runs ``work(progress, cancel)`` in
a worker thread (annotator.gui.background). The work opens its own database connection
(``on_own_store``); it never touches a Qt object: ``progress(done, total)`` and its result or
exception travel back as plain data, handed to the GUI thread, where the progress dialog and
the callbacks run (and only while the manager is alive). One task runs at a time; the window
closing cancels it and waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import background
from annotator.gui.messages import translate_message
from annotator.gui.widgets import make_plain, plain_box
from annotator.services.project import open_project
from annotator.services.projects import Project, Target, database_file, target_of

Progress = Callable[[int, int], None]
STEPS = 1000  # progress signals per task at most (plus one per change of the total)
DONE, FAILED, CANCELLED = "done", "failed", "cancelled"


class CancelFlag:
    """Set in the GUI thread, polled by the work with ``is_set()``."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


class TaskCancelledError(Exception):
    """Raised by work that stopped because its cancel flag was set."""


Work = Callable[[Progress, CancelFlag], Any]
StoreWork = Callable[[Project, Progress, CancelFlag], Any]


def on_own_store(db_path: Target, work: StoreWork) -> Work:
    """``work(db, progress, cancel)`` on a connection opened and closed in the worker thread
    (to the project's file, or to its team server)."""

    def run(progress: Progress, cancel: CancelFlag) -> Any:
        db = open_project(db_path)
        try:
            return work(db, progress, cancel)
        finally:
            db.close()

    return run


@dataclass
class _Callbacks:
    done: Callable[[Any], None] | None
    failed: Callable[[BaseException], None] | None
    cancelled: Callable[[BaseException], None] | None


PROGRESS = "progress"


def _throttled(post: background.Post) -> Progress:
    """A progress callback for the worker: emits only when the per-mille value moves, so a
    100,000-record export sends about a thousand signals, and a short task every step."""
    last: list[tuple[int, int] | None] = [None]

    def progress(done: int, total: int) -> None:
        key = (total, done * STEPS // total if total > 0 else done)
        if key != last[0]:
            last[0] = key
            post(PROGRESS, (done, total))

    return progress


def _work_in_thread(work: Work, post: background.Post, cancel: CancelFlag) -> tuple[str, Any]:
    """The worker thread's whole job: run the work, return the outcome (plain data)."""
    try:
        result = work(_throttled(post), cancel)
    except BaseException as exc:  # every outcome goes back to the GUI, which decides
        stopped = isinstance(exc, TaskCancelledError) or cancel.is_set()
        return (CANCELLED if stopped else FAILED, exc)
    return (DONE, result)


class TaskManager(QObject):
    """Runs one slow task at a time off the GUI thread, with a progress dialog and Cancel."""

    started = Signal(str)
    progress = Signal(object, object)  # done, total (Python ints: no 32-bit limit)
    finished = Signal(object)  # the work's result
    failed = Signal(object)  # the exception
    cancelled = Signal(object)  # the exception that stopped the work

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        show_progress: bool = True,
        refocus: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self._refocus = refocus
        self._show_progress = show_progress and parent is not None
        self._job: int | None = None  # the running (or last) task's background job
        self._cancel: CancelFlag | None = None
        self._callbacks: _Callbacks | None = None
        self.title = ""
        self.dialog: TaskProgressDialog | None = None
        self.message: QMessageBox | None = None  # the last outcome box (tests look at it)
        if parent is not None:
            parent.installEventFilter(self)

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def run(
        self,
        title: str,
        work: Work,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[BaseException], None] | None = None,
    ) -> bool:
        """Start ``work(progress, cancel)`` in the worker; False if a task is running."""
        if self.busy:
            return False
        self._cancel = CancelFlag()
        self._callbacks = _Callbacks(on_done, on_failed, on_cancelled)
        self.title = title
        if self._show_progress:
            self.dialog = TaskProgressDialog(title, self._window)
            self.dialog.cancel_requested.connect(self.cancel)
            self.dialog.open()
        cancel = self._cancel
        self._job = background.start(
            self, lambda post: _work_in_thread(work, post, cancel), self._on_message, "task"
        )
        self.started.emit(title)
        return True

    def cancel(self) -> None:
        """Ask the running work to stop at its next step."""
        if self._cancel is not None:
            self._cancel.set()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (its last signals may still be queued)."""
        if self._job is None:
            return True
        return background.wait(self._job, None if msecs < 0 else msecs / 1000)

    def shutdown(self) -> None:
        """Cancel, wait for the worker, and drop the callbacks (the window is going away)."""
        self.cancel()
        self._callbacks = None
        self.wait()

    def tell(self, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> QMessageBox:
        """An outcome in a window-modal message box, opened (not exec'd)."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self._window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        if details:
            box.setInformativeText(translate_message(details))
        plain_box(box)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = box
        box.destroyed.connect(lambda _obj=None: self._forget(box))
        box.finished.connect(lambda _result: self.return_focus())
        box.open()
        return box

    def _forget(self, box: QMessageBox) -> None:
        if self.message is box:
            self.message = None

    def return_focus(self) -> None:
        """Once a dialog or box of ours has closed: the window active again, focus where it was."""

        def back() -> None:
            if self._refocus is not None:
                self._refocus()
            elif self._window is not None:
                self._window.activateWindow()

        QTimer.singleShot(0, self, back)

    def _on_message(self, kind: str, value: Any) -> None:
        """From the worker, in the GUI thread: progress, then the outcome."""
        if kind == PROGRESS:
            self._on_progress(*value)
        elif kind == background.DONE:
            self._on_ended(*value)
        else:  # _work_in_thread itself failed
            self._on_ended(FAILED, value)

    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.set_progress(done, total)
        self.progress.emit(done, total)

    def _on_ended(self, outcome: str, value: object) -> None:
        callbacks = self._callbacks
        self._cancel = None
        self._callbacks = None
        if self.dialog is not None:
            self.dialog.end()
            self.dialog.deleteLater()
            self.dialog = None
        if outcome == DONE:
            if callbacks is not None and callbacks.done is not None:
                callbacks.done(value)
            self.finished.emit(value)
        elif outcome == CANCELLED:
            if callbacks is not None and callbacks.cancelled is not None:
                callbacks.cancelled(value)  # type: ignore[arg-type]
            self.cancelled.emit(value)
        else:
            if callbacks is not None and callbacks.failed is not None:
                callbacks.failed(value)  # type: ignore[arg-type]
            self.failed.emit(value)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """The window closing: stop the running task first."""
        if watched is self._window and event.type() == QEvent.Type.Close and self.busy:
            self.shutdown()
        return super().eventFilter(watched, event)


class TaskProgressDialog(QDialog):
    """Window-modal progress with Cancel; stays open until the work has really stopped."""

    cancel_requested = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(title, self)
        self.label.setWordWrap(True)
        self.step = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the first progress arrives
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        make_plain(self.label, self.step)
        layout.addWidget(self.label)
        layout.addWidget(self.step)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self._ending = False
        self.cancelling = False

    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` steps (a busy bar while the total is unknown)."""
        if total <= 0:
            return
        self.bar.setRange(0, STEPS)
        self.bar.setValue(min(STEPS, done * STEPS // total))
        self.step.setText(self.tr("%1 of %2").replace("%1", str(done)).replace("%2", str(total)))

    def reject(self) -> None:
        """Cancel or Escape: ask the work to stop; the dialog closes when it has."""
        if self._ending:
            super().reject()
            return
        if not self.cancelling:
            self.cancelling = True
            self.buttons.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
            self.cancel_requested.emit()

    def end(self) -> None:
        """The work is over: close for good."""
        self._ending = True
        self.done(QDialog.DialogCode.Rejected)


class TaskRun(QObject):
    """One menu command (import, export, report): its dialog, its task, its outcome box.

    A child of the window until its outcome box (or its dialog, cancelled) has closed.
    """

    def __init__(self, window: QWidget, tasks: TaskManager, db: Project) -> None:
        super().__init__(window)
        self.window = window
        self.tasks = tasks
        self.db = db
        self.db_path = database_file(db)  # None on a team server: no folder beside it
        self.target = target_of(db)  # what the task's own connection opens

    def opened(self, dialog: QDialog) -> QDialog:
        """Show the command's dialog window-modal; a cancelled dialog ends the run."""
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(dialog.deleteLater)  # after its accepted/rejected handlers
        dialog.rejected.connect(self.tasks.return_focus)
        dialog.rejected.connect(self.deleteLater)
        dialog.open()
        return dialog

    def ready(self, title: str) -> Target | None:
        """The project for the task (its file or its team server); None (and a message) if
        another task runs or the project has no file."""
        if self.tasks.busy:
            text = self.tr("Another task is running; try again when it has finished.")
        elif self.target is None:
            text = self.tr("This project has no database file.")
        else:
            return self.target
        self.tell(QMessageBox.Icon.Warning, title, text)
        return None

    def tell(self, icon: QMessageBox.Icon, title: str, text: str, details: str = "") -> QMessageBox:
        """The outcome in a message box; the run ends when it closes."""
        box = self.tasks.tell(icon, title, text, details)
        box.finished.connect(self.deleteLater)
        return box
