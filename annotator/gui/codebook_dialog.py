"""Help → Codebook: resources/CODEBOOK.md rendered as Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.gui.fonts import load_arabic_font
from annotator.paths import resource_path

CODEBOOK_PATH = resource_path("CODEBOOK.md")
CODE_BACKGROUND = "#EEF0F3"
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def arabic_code_in_arabic_font(doc: QTextDocument) -> int:
    """Code spans with Arabic in them (`القلمون`) in the Arabic font, on a pale background:
    the monospace font would draw them stretched and cut (« الخا بور »). Returns how many."""
    code = QTextCharFormat()
    code.setFontFamilies([load_arabic_font()])
    code.setFontFixedPitch(False)
    code.setBackground(QColor(CODE_BACKGROUND))
    ranges = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().fontFixedPitch() and _ARABIC.search(fragment.text()):
                ranges.append((fragment.position(), fragment.position() + fragment.length()))
            it += 1
        block = block.next()
    cursor = QTextCursor(doc)
    for start, end in ranges:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(code)
    return len(ranges)


class CodebookDialog(QDialog):
    """The annotation scheme, readable while coding (not modal)."""

    def __init__(self, path: Path = CODEBOOK_PATH, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Codebook"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
            arabic_code_in_arabic_font(self.browser.document())
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
