"""File → Import…: files or folders, the gold spans' owner, suggestions; run in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from annotator.gui.form_dialog import FormDialog, accept_on_ctrl_enter
from annotator.gui.tasks import (
    CancelFlag,
    Progress,
    TaskCancelledError,
    TaskManager,
    TaskRun,
    on_own_store,
)
from annotator.services.importing import ImportFiles, ImportReport, run_import
from annotator.services.projects import Project, annotator_names

MAX_FAILURES_SHOWN = 20
FILE_FILTER = "Articles (*.txt *.jsonl *.csv)"


class ImportDialog(FormDialog):
    """Paths one per line (typed or added with the buttons), the owner of gold spans, suggest."""

    def __init__(
        self, names: Sequence[str], parent: QWidget | None = None, *, base: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import articles"))
        self.base = base or Path.home()  # relative paths are taken from here
        self.paths = QPlainTextEdit(self)
        self.paths.setTabChangesFocus(True)
        self.paths.setPlaceholderText(self.tr("One file or folder per line (Ctrl+Enter imports)"))
        self.paths.setMinimumSize(420, 90)
        self.add_files = QPushButton(self.tr("Add f&iles…"), self)
        self.add_folder = QPushButton(self.tr("Add f&older…"), self)
        for button in (self.add_files, self.add_folder):
            button.setAutoDefault(False)
        self.add_files.clicked.connect(self._browse_files)
        self.add_folder.clicked.connect(self._browse_folder)
        self.annotator = QComboBox(self)
        self.annotator.setEditable(True)
        self.annotator.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.annotator.addItems(["", *(n for n in names if n)])
        self.annotator.setCurrentIndex(0)
        self.annotator.lineEdit().setPlaceholderText(self.tr("each line's annotator, or import"))
        self.suggest = QCheckBox(self.tr("S&uggest spans for new articles"), self)
        self.suggest.setChecked(True)
        note = self._note(
            self.tr("Reads .txt, .jsonl and .csv files; folders are searched.")
            + " "
            + self.tr("Articles already in the project are skipped: rerun a stopped import.")
        )
        adders = QHBoxLayout()
        adders.addWidget(self.add_files)
        adders.addWidget(self.add_folder)
        adders.addStretch(1)
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&Files and folders:"), self.paths), self.paths)
        form.addRow("", adders)
        form.addRow(
            self._buddy(self.tr("&Annotator of gold spans:"), self.annotator), self.annotator
        )
        form.addRow("", self.suggest)
        form.addRow("", note)
        self._ok_cancel(self.tr("I&mport"))
        self.paths.textChanged.connect(lambda: self.ok.setEnabled(bool(self.chosen_paths())))
        accept_on_ctrl_enter(self)
        self._lay_out_form(form)
        self.ok.setEnabled(False)
        self.paths.setFocus()

    def chosen_paths(self) -> list[Path]:
        lines = (line.strip() for line in self.paths.toPlainText().splitlines())
        return [self.base / Path(line).expanduser() for line in lines if line]

    def chosen_annotator(self) -> str | None:
        return self.annotator.currentText().strip() or None

    def add_paths(self, paths: Sequence[str]) -> None:
        """Append paths, one per line."""
        text = self.paths.toPlainText().rstrip("\n")
        lines = ([text] if text else []) + [p for p in paths if p]
        self.paths.setPlainText("\n".join(lines))

    def _browse_files(self) -> None:
        title = self.tr("Add files")
        chosen, _filter = QFileDialog.getOpenFileNames(self, title, str(self.base), FILE_FILTER)
        self.add_paths(chosen)
        self.paths.setFocus()

    def _browse_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"), str(self.base))
        self.add_paths([chosen])
        self.paths.setFocus()

    def accept(self) -> None:
        """Only with at least one path."""
        if self.chosen_paths():
            super().accept()


@dataclass
class _Count:
    """Files imported so far (written by the worker, read after it has ended)."""

    done: int = 0
    total: int = 0


class ImportRun(TaskRun):
    """File → Import…: ask, import in the background file by file, refresh, summarise."""

    def __init__(
        self,
        window: QWidget,
        tasks: TaskManager,
        db: Project,
        on_imported: Callable[[list[int]], None] | None = None,
    ) -> None:
        super().__init__(window, tasks, db)
        self.on_imported = on_imported
        self.count = _Count()

    def ask(self) -> ImportDialog:
        """Open the dialog (window-modal); the import starts when it is accepted."""
        base = self.db_path.parent if self.db_path is not None else None
        dialog = ImportDialog(annotator_names(self.db), self.window, base=base)
        dialog.accepted.connect(
            lambda: self.start(
                dialog.chosen_paths(), dialog.chosen_annotator(), dialog.suggest.isChecked()
            )
        )
        self.opened(dialog)
        return dialog

    def start(self, paths: list[Path], annotator: str | None, suggest: bool) -> bool:
        """Import in the worker, stopping between files on Cancel; False if it cannot start."""
        db_path = self.ready(self.tr("Import"))
        if db_path is None:
            return False
        count = self.count = _Count()
        # the desk's coder, choosing "gold" as the owner of gold spans, is the lead who writes it
        session = getattr(self.window, "session", None)
        lead = getattr(session, "annotator", None)

        def work(db: Project, progress: Progress, cancel: CancelFlag) -> ImportReport:
            inputs = ImportFiles.find(paths)  # walked once: the count and the import
            count.total = len(inputs.files)
            progress(0, count.total)

            def step(_path: Path, _size: int) -> None:
                count.done += 1
                progress(count.done, count.total)
                if cancel.is_set() and count.done < count.total:
                    raise TaskCancelledError("import stopped between two files")

            if cancel.is_set():
                raise TaskCancelledError("import cancelled before the first file")
            return run_import(
                db, inputs, annotator=annotator, gold_by=lead, suggest=suggest, progress=step
            )

        return self.tasks.run(
            self.tr("Importing…"),
            on_own_store(db_path, work),
            on_done=self._on_done,
            on_failed=self._on_failed,
            on_cancelled=lambda _exc: self._on_cancelled(),
        )

    def _refresh(self, article_ids: list[int]) -> None:
        if self.on_imported is not None:
            self.on_imported(article_ids)

    def _on_done(self, report: ImportReport) -> None:
        self._refresh(report.article_ids)
        lines = [
            self.tr("Articles imported: %1").replace("%1", str(report.imported)),
            self.tr("Already in the project: %1").replace("%1", str(report.duplicates)),
        ]
        if report.spans:
            lines.append(self.tr("Gold spans: %1").replace("%1", str(report.spans)))
        if report.suggestions:
            lines.append(self.tr("Suggestions: %1").replace("%1", str(report.suggestions)))
        if report.skipped:
            skipped = str(len(report.skipped))
            lines.append(self.tr("Files of other types skipped: %1").replace("%1", skipped))
        if report.failures:
            lines.append(self.tr("Files that failed: %1").replace("%1", str(len(report.failures))))
            lines.extend(str(f) for f in report.failures[:MAX_FAILURES_SHOWN])
        if report.stopped:
            lines.append(self.tr("Stopped early: %1").replace("%1", report.stopped))
        ok = report.ok
        self.tell(
            QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning,
            self.tr("Import"),
            self.tr("The import is finished.") if ok else self.tr("Some files were not imported."),
            "\n".join(lines),
        )

    def _on_failed(self, exc: BaseException) -> None:
        self._refresh([])
        self.tell(
            QMessageBox.Icon.Warning,
            self.tr("Import"),
            self.tr("The import failed."),
            str(exc) or repr(exc),
        )

    def _on_cancelled(self) -> None:
        self._refresh([])
        text = self.tr("The import stopped after %1 of %2 files.")
        done, total = str(self.count.done), str(self.count.total)
        self.tell(
            QMessageBox.Icon.Information,
            self.tr("Import"),
            text.replace("%1", done).replace("%2", total),
            self.tr("Those files are in the project; importing again skips them."),
        )
