"""File → Export…: the export's choices (as ``annotator export``) and its run in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QMessageBox, QWidget

from annotator.domain import GOLD
from annotator.gui.form_dialog import FolderRun, FormDialog
from annotator.gui.messages import translate_message
from annotator.gui.tasks import CancelFlag, Progress
from annotator.gui.widgets import plain_tooltip
from annotator.services import export as exporting
from annotator.services.projects import annotator_names

SUFFIXES = {
    "jsonl": ".jsonl",
    "prodigy": ".prodigy.jsonl",
    "conll": ".conll",
    "brat": "",
    "csv": "",
    "spacy": ".spacy",
}
FOLDER_KEY = "export/folder"
DEFAULT_STEM = "annotations"


def swap_suffix(name: str, old: str, new: str) -> str:
    """``name`` with the format suffix ``old`` replaced by ``new`` (kept if it has another)."""
    if old and name.endswith(old):
        return name[: -len(old)] + new
    if not old and not any(s and name.endswith(s) for s in SUFFIXES.values()):
        return name + new
    return name


class ExportDialog(FormDialog):
    """Format, layer, which articles and where to: every choice reachable from the keyboard."""

    def __init__(
        self,
        layers: Sequence[str],
        folder: Path,
        parent: QWidget | None = None,
        *,
        missing: Callable[[str], str | None] = exporting.missing_requirement,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export annotations"))
        self._base = folder  # a relative path is taken from here
        self._build_choices(layers, missing)
        where = self._path_field(str(folder / (DEFAULT_STEM + SUFFIXES["jsonl"])))
        self.kind = self._note()
        self._ok_cancel(self.tr("&Export"))
        self._lay_out(where)
        self._fmt = "jsonl"
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.path.textChanged.connect(lambda _t: self._update_ok())
        self._on_format_changed()
        self.format.setFocus()

    def _build_choices(self, layers: Sequence[str], missing: Callable[[str], str | None]) -> None:
        self.format = QComboBox(self)
        names = self._format_names()
        reasons: list[str] = []
        for fmt in exporting.FORMATS:
            self.format.addItem(names[fmt], fmt)
            reason = missing(fmt)
            if reason:
                reason = translate_message(reason)
                item = self._item(self.format.count() - 1)
                item.setEnabled(False)
                item.setToolTip(plain_tooltip(reason))
                note = self.tr("Not available here: %1 (%2)")
                reasons.append(note.replace("%1", names[fmt]).replace("%2", reason))
        self.unavailable = self._note("\n".join(reasons))
        self.unavailable.setVisible(bool(reasons))
        self.layer = QComboBox(self)
        self.layer.addItem(self.tr("gold (the adjudicated layer)"), GOLD)
        for name in layers:
            if name != GOLD:
                self.layer.addItem(name, name)
        self.layer.addItem(self.tr("all layers (one record per article and annotator)"), "all")
        self.only = QComboBox(self)
        self.only.addItem(self.tr("every article with confirmed spans or marked done"), None)
        self.only.addItem(self.tr("only articles the annotator marked done"), "done")
        self.only.addItem(self.tr("only adjudicated articles (gold done)"), "adjudicated")

    def _lay_out(self, where: QHBoxLayout) -> None:
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&Format:"), self.format), self.format)
        form.addRow("", self.unavailable)
        form.addRow(self._buddy(self.tr("&Layer:"), self.layer), self.layer)
        form.addRow(self._buddy(self.tr("&Articles:"), self.only), self.only)
        form.addRow(self._buddy(self.tr("Save &to:"), self.path), where)
        form.addRow("", self.kind)
        self._lay_out_form(form)

    def _format_names(self) -> dict[str, str]:
        return {
            "jsonl": self.tr("Gold JSONL (re-importable)"),
            "prodigy": self.tr("Prodigy JSONL"),
            "conll": self.tr("CoNLL BIO"),
            "brat": self.tr("brat standoff (folder)"),
            "csv": self.tr("CSV tables (folder)"),
            "spacy": self.tr("spaCy DocBin"),
        }

    def _item(self, row: int) -> QStandardItem:
        model = self.format.model()
        assert isinstance(model, QStandardItemModel)
        return model.item(row)

    def available(self, fmt: str) -> bool:
        row = self.format.findData(fmt)
        return row >= 0 and self._item(row).isEnabled()

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def options(self) -> exporting.ExportOptions:
        """The choices as the service's options."""
        return exporting.ExportOptions(
            self.chosen_format(),
            self._typed_path(self._base),
            layer=str(self.layer.currentData()),
            only=self.only_choice(),
        )

    def only_choice(self) -> str | None:
        value = self.only.currentData()
        return str(value) if value else None

    def _on_format_changed(self, _row: int = 0) -> None:
        fmt = self.chosen_format()
        text = self.path.text().strip()
        if text:
            current = Path(text)
            name = swap_suffix(current.name, SUFFIXES[self._fmt], SUFFIXES[fmt])
            self.path.setText(str(current.with_name(name)))
        self._fmt = fmt
        if fmt in exporting.DIR_FORMATS:
            self.kind.setText(
                self.tr(
                    "Writes a folder: a new or empty one, or an earlier export, which is replaced."
                )
            )
        else:
            self.kind.setText(self.tr("Writes one file; an earlier file of that name is replaced."))
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok.setEnabled(bool(self.path.text().strip()) and self.available(self.chosen_format()))

    def _browse(self) -> None:
        if self.chosen_format() in exporting.DIR_FORMATS:
            self._browse_path(self.tr("Export to folder"), folder=True)
        else:
            self._browse_path(self.tr("Export to file"), folder=False)

    def accept(self) -> None:
        """Only with a path and an available format."""
        if self.ok.isEnabled():
            super().accept()


class ExportRun(FolderRun):
    """File → Export…: ask, export in the background with progress, then show the summary."""

    folder_key = FOLDER_KEY

    def ask(self) -> ExportDialog:
        """Open the dialog (window-modal); the export starts when it is accepted."""
        dialog = ExportDialog(annotator_names(self.db), self._folder(), self.window)
        dialog.accepted.connect(lambda: self.start(dialog.options()))
        self.opened(dialog)
        return dialog

    def _folder(self) -> Path:
        saved = self._saved_folder()
        return Path(saved) if saved and Path(saved).is_dir() else self._project_folder()

    def start(self, options: exporting.ExportOptions) -> bool:
        """Run the export in the worker; False (and a message) if it cannot start."""
        db_path = self.ready(self.tr("Export"))
        if db_path is None:
            return False

        def work(progress: Progress, cancel: CancelFlag) -> exporting.ExportResult:
            return exporting.run_export(db_path, options, progress, cancel)

        title = self.tr("Exporting %1…").replace("%1", options.format)
        return self.tasks.run(
            title,
            work,
            on_done=self._on_done,
            on_failed=lambda exc: self._on_failed(options, exc),
            on_cancelled=lambda _exc: self._on_cancelled(),
        )

    def _on_done(self, result: exporting.ExportResult) -> None:
        out = Path(result.options.out)
        self._remember(out.parent)
        lines = [
            self.tr("Records: %1").replace("%1", str(result.records)),
            self.tr("Spans: %1").replace("%1", str(result.spans)),
            self.tr("Written to: %1").replace("%1", str(out)),
        ]
        problems = len(result.problems)
        splits = len(result.issues) - problems
        if problems:
            lines.append(self.tr("Spans not exported exactly: %1").replace("%1", str(problems)))
        if splits:
            lines.append(self.tr("Tokens split at span edges: %1").replace("%1", str(splits)))
        if result.alignment_report is not None:
            report = str(result.alignment_report)
            lines.append(self.tr("Alignment report: %1").replace("%1", report))
        if result.note:  # nothing exported: said here in the UI language
            lines.append(self.tr("Nothing to export: no article in this layer and choice."))
            others = [n for n in annotator_names(self.db) if n != result.options.layer]
            if result.options.layer == GOLD and others:
                lines.append(self.tr("Other layers: %1").replace("%1", ", ".join(others)))
        self.tell(
            QMessageBox.Icon.Information,
            self.tr("Export"),
            self.tr("The export is finished."),
            "\n".join(lines),
        )

    def _on_failed(self, options: exporting.ExportOptions, exc: BaseException) -> None:
        text = self.tr("The export to %1 failed; nothing was written.")
        self.tell(
            QMessageBox.Icon.Warning,
            self.tr("Export"),
            text.replace("%1", str(options.out)),
            str(exc) or repr(exc),
        )

    def _on_cancelled(self) -> None:
        self.tell(
            QMessageBox.Icon.Information,
            self.tr("Export"),
            self.tr("The export was cancelled; nothing was written."),
        )
