"""What the File menu's commands (import, export, report) share: a dialog of labelled fields
over OK and Cancel, a path with Browse…, Ctrl+Enter to accept; and a run that remembers the
folder it last wrote to."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.tasks import TaskManager, TaskRun
from annotator.gui.widgets import plain_label
from annotator.services.projects import Project


def accept_on_ctrl_enter(dialog: QDialog) -> None:
    """Ctrl+Enter accepts ``dialog`` (where Enter itself starts a new line)."""
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(dialog.accept)


class FormDialog(QDialog):
    """A form over OK (named for what it does) and Cancel.

    A subclass creates its widgets in Tab order, the path field with ``_path_field`` and the
    buttons with ``_ok_cancel`` last, then lays the form out with ``_lay_out_form``.
    """

    path: QLineEdit
    browse: QPushButton
    buttons: QDialogButtonBox
    ok: QPushButton

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        """The field's label; its mnemonic moves the focus to ``widget``."""
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    def _note(self, text: str = "") -> QLabel:
        note = plain_label(text, self)  # paths, messages
        note.setWordWrap(True)
        return note

    def _path_field(self, text: str) -> QHBoxLayout:
        """``path`` with its Browse… button (``_browse``), side by side."""
        self.path = QLineEdit(text, self)
        self.path.setMinimumWidth(360)
        self.browse = QPushButton(self.tr("&Browse…"), self)
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)
        return where

    def _browse(self) -> None:
        raise NotImplementedError

    def _browse_path(self, title: str, *, folder: bool) -> None:
        """Choose a folder, or a file to save, starting from the path typed; focus on it."""
        start = self.path.text().strip() or str(Path.home())
        if folder:
            chosen = QFileDialog.getExistingDirectory(self, title, start)
        else:
            chosen, _filter = QFileDialog.getSaveFileName(self, title, start)
        if chosen:
            self.path.setText(chosen)
        self.path.setFocus()

    def _typed_path(self, base: Path) -> Path:
        """The path typed (a relative one taken from ``base``)."""
        return base / Path(self.path.text().strip()).expanduser()

    def _ok_cancel(self, ok_text: str) -> None:
        """OK renamed ``ok_text``, and Cancel."""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def _lay_out_form(self, form: QFormLayout) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)


class FolderRun(TaskRun):
    """A command that writes files and proposes, next time, the folder it wrote to last
    (kept in ``settings`` under ``folder_key``)."""

    folder_key: ClassVar[str] = ""

    def __init__(
        self,
        window: QWidget,
        tasks: TaskManager,
        db: Project,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(window, tasks, db)
        self.settings = settings

    def _saved_folder(self) -> str:
        """The folder remembered ("" if none)."""
        saved = self.settings.value(self.folder_key, "") if self.settings is not None else ""
        return saved if isinstance(saved, str) else ""

    def _project_folder(self) -> Path:
        """The project database's folder (the home folder for an in-memory one)."""
        return self.db_path.parent if self.db_path is not None else Path.home()

    def _remember(self, folder: Path) -> None:
        if self.settings is not None:
            self.settings.setValue(self.folder_key, str(folder))
