"""Help → Codebook: resources/CODEBOOK.md rendered as Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.paths import resource_path

CODEBOOK_PATH = resource_path("CODEBOOK.md")


class CodebookDialog(QDialog):
    """The annotation scheme, readable while coding (not modal)."""

    def __init__(self, path: Path = CODEBOOK_PATH, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Codebook"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.browser.setPlainText(
                self.tr("The codebook cannot be read: %1").replace("%1", str(exc))
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 820)
