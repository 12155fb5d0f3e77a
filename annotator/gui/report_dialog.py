"""File → Report…: the HTML report's choices (as ``annotator report``) and its background run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QFormLayout, QMessageBox, QWidget

from annotator.domain import GOLD
from annotator.gui.form_dialog import FolderRun, FormDialog
from annotator.gui.tasks import CancelFlag, Progress
from annotator.services.projects import annotator_names
from annotator.services.report import ALL, AUTO, ReportResult, run_report

FOLDER_KEY = "report/folder"
DEFAULT_NAME = "annotator-report"


class ReportDialog(FormDialog):
    """Which spans the content charts use, and the folder for index.html and the charts."""

    def __init__(self, layers: Sequence[str], out: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Project report"))
        self._base = out.parent
        self.layer = QComboBox(self)
        self.layer.addItem(
            self.tr("automatic: per article the adjudicated gold, else the first coder to finish"),
            AUTO,
        )
        self.layer.addItem(self.tr("gold (the adjudicated layer)"), GOLD)
        self.layer.addItem(self.tr("all coders pooled"), ALL)
        for name in layers:
            if name != GOLD:
                self.layer.addItem(name, name)
        where = self._path_field(str(out))
        note = self._note(
            self.tr("Writes index.html and PNG charts into a new or empty folder.")
            + " "
            + self.tr("An earlier report in the folder is replaced.")
        )
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&Spans from:"), self.layer), self.layer)
        form.addRow(self._buddy(self.tr("&Folder:"), self.path), where)
        form.addRow("", note)
        self._ok_cancel(self.tr("&Write report"))
        self.path.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self._lay_out_form(form)
        self.layer.setFocus()

    def chosen_layer(self) -> str:
        return str(self.layer.currentData())

    def out(self) -> Path:
        """The folder (a relative path is taken from the proposed folder's parent)."""
        return self._typed_path(self._base)

    def _browse(self) -> None:
        self._browse_path(self.tr("Report folder"), folder=True)

    def accept(self) -> None:
        """Only with a folder."""
        if self.path.text().strip():
            super().accept()


class ReportRun(FolderRun):
    """File → Report…: ask, write the report in the background, then say where it is."""

    folder_key = FOLDER_KEY
    result: ReportResult | None = None  # the last report written

    def ask(self) -> ReportDialog:
        """Open the dialog (window-modal); the report starts when it is accepted."""
        dialog = ReportDialog(annotator_names(self.db), self._default_out(), self.window)
        dialog.accepted.connect(lambda: self.start(dialog.out(), dialog.chosen_layer()))
        self.opened(dialog)
        return dialog

    def _default_out(self) -> Path:
        saved = self._saved_folder()
        return Path(saved) if saved else self._project_folder() / DEFAULT_NAME

    def start(self, out: Path, layer: str = AUTO) -> bool:
        """Write the report in the worker; False (and a message) if it cannot start."""
        db_path = self.ready(self.tr("Report"))
        if db_path is None:
            return False

        def work(progress: Progress, cancel: CancelFlag) -> ReportResult:
            return run_report(db_path, out, layer, progress, cancel)

        return self.tasks.run(
            self.tr("Writing the report…"),
            work,
            on_done=self._on_done,
            on_failed=lambda exc: self._on_failed(out, exc),
            on_cancelled=lambda _exc: self._on_cancelled(),
        )

    def _on_done(self, result: ReportResult) -> None:
        self.result = result
        self._remember(result.out)
        details = "\n".join(
            [
                self.tr("Page: %1").replace("%1", str(result.index)),
                self.tr("Charts: %1").replace("%1", str(len(result.charts))),
            ]
        )
        box = self.tell(
            QMessageBox.Icon.Information,
            self.tr("Report"),
            self.tr("The report is written."),
            details,
        )
        show = box.addButton(self.tr("&Open in the browser"), QMessageBox.ButtonRole.ActionRole)
        show.clicked.connect(self.open_in_browser)

    def open_in_browser(self) -> bool:
        """Show the last report's index.html in the system's browser."""
        if self.result is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.index)))

    def _on_failed(self, out: Path, exc: BaseException) -> None:
        text = self.tr("The report in %1 could not be written; nothing was changed.")
        self.tell(
            QMessageBox.Icon.Warning,
            self.tr("Report"),
            text.replace("%1", str(out)),
            str(exc) or repr(exc),
        )

    def _on_cancelled(self) -> None:
        self.tell(
            QMessageBox.Icon.Information,
            self.tr("Report"),
            self.tr("The report was cancelled; nothing was written."),
        )
