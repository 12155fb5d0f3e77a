"""Watching over the open project: a damage check when it opens, automatic backups while coding.

``ProjectGuard`` runs ``PRAGMA quick_check`` in a thread of its own (its own connection; the
result comes back through annotator.gui.background, so the thread touches no Qt object), so the
desk opens at once even on a large file; damage found is told in a window-modal message, and
the desk closes when the coder has read it. While the desk is open, ``AutoBackup``
(annotator.services.backup) snapshots the project into ``backups/`` at most every
``backup_minutes`` of work (settings; default 30) and keeps ``backup_keep`` (default 10); the
desk calls ``note_work()`` after each decision and ``finish()`` when it closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.gui import background
from annotator.gui.settings import Settings
from annotator.services.backup import DEFAULT_INTERVAL_S, DEFAULT_KEEP, AutoBackup
from annotator.services.errors import StoreError
from annotator.services.projects import damaged_message, quick_check

TICK_MS = 60_000  # how often the timer looks whether a backup is due (at most)


def _number(settings: Settings, key: str, default: float) -> float:
    try:
        value = float(settings.store.value(key, default))
    except (TypeError, ValueError):
        return default
    return value if value >= 0 else default


def _check(path: Path) -> str:
    """In the check's thread: "" when the file is sound, else what is wrong."""
    try:
        problems = quick_check(path)
    except StoreError as exc:
        return str(exc)
    return damaged_message(path, problems) if problems else ""


class ProjectGuard(QObject):
    """The open check and the automatic backups of one desk's project."""

    checked = Signal(str)  # "" when the file is sound, else what is wrong (GUI thread)

    def __init__(self, window: QWidget, path: Path | None, settings: Settings) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.box: QMessageBox | None = None
        self.auto: AutoBackup | None = None
        self._timer = QTimer(self)
        self._check_job: int | None = None
        if path is None:
            return
        minutes = _number(settings, "backup_minutes", DEFAULT_INTERVAL_S / 60)
        keep = int(_number(settings, "backup_keep", DEFAULT_KEEP)) or DEFAULT_KEEP
        self.auto = AutoBackup(path, interval_s=minutes * 60, keep=keep)
        self._timer.setInterval(max(1000, min(TICK_MS, int(minutes * 60_000))))
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self._check_job = background.start(
            self, lambda _post: _check(path), self._on_checked, "annotator-check"
        )

    # ----- the check when the project opens ---------------------------------------------------

    def _on_checked(self, kind: str, value: object) -> None:
        if kind == background.DONE:
            self._on_found(str(value))
        else:
            raise value  # type: ignore[misc]  # a bug in the check: not hidden

    def _on_found(self, text: str) -> None:
        if text:
            self._timer.stop()
            self.auto = None  # never back a damaged file up over good backups
            box = self._tell(
                QMessageBox.Icon.Critical,
                self.tr("The project file is damaged"),
                self.tr("Close the desk and restore the last good backup (annotator restore)."),
                text,
            )
            box.finished.connect(lambda _result: self.window.close())
        self.checked.emit(text)

    # ----- automatic backups ------------------------------------------------------------------

    def note_work(self) -> None:
        """A decision was saved: back up now if the interval has passed."""
        if self.auto is not None:
            self.auto.note_work()
            self.tick()

    def tick(self) -> None:
        """Start a backup if one is due; tell about a backup that failed."""
        if self.auto is None:
            return
        self.auto.start_if_due()
        errors = self.auto.take_errors()
        if errors and self.box is None:
            self._tell(
                QMessageBox.Icon.Warning,
                self.tr("Automatic backup failed"),
                self.tr("The project could not be backed up; your work is still saved."),
                errors[-1],
            )

    def finish(self) -> Path | None:
        """The desk closes: wait for a running backup, back up once more after changes."""
        self._timer.stop()
        if self._check_job is not None:
            background.wait(self._check_job)
        if self.auto is None:
            return None
        return self.auto.finish()

    def _tell(self, icon: QMessageBox.Icon, title: str, text: str, details: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setInformativeText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(self._forget)
        self.box = box
        box.open()
        return box

    @Slot()
    def _forget(self) -> None:
        self.box = None
