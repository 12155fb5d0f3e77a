"""Asked before a new or grown span replaces spans the coder already accepted or corrected."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.domain import Label
from annotator.services.coding import short
from annotator.services.listing import SpanRow


def in_the_way(
    rows: Iterable[SpanRow], start: int, end: int, label: Label | None, skip: int | None
) -> list[SpanRow]:
    """The coder's confirmed spans that a span ``[start, end)`` would replace (suggestions are
    replaced quietly; the span ``skip`` is the one being resized; the same span again is no
    replacement)."""
    return sorted(
        (
            r
            for r in rows
            if r.confirmed
            and r.id != skip
            and r.start < end
            and start < r.end
            and (r.start, r.end, r.label) != (start, end, label)
        ),
        key=lambda r: r.start,
    )


class ReplaceQuestion(QMessageBox):
    """ "Replace ‘X’?" with Yes and No (No is the default and Escape; Y and N answer)."""

    def __init__(self, text: str, replaced: Sequence[SpanRow], parent: QWidget) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Replace spans"))
        names = "، ".join(f"‘{short(text[r.start : r.end])}’" for r in replaced)
        self.setText(self.tr("This replaces what you already decided: %1").replace("%1", names))
        self.setInformativeText(self.tr("Replace them? Undo brings them back."))
        self.yes = self.addButton(self.tr("&Yes, replace"), QMessageBox.ButtonRole.YesRole)
        self.no = self.addButton(self.tr("&No"), QMessageBox.ButtonRole.NoRole)
        self.setDefaultButton(self.no)
        self.setEscapeButton(self.no)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def replace(self) -> bool:
        """True when the coder chose Yes."""
        return self.clickedButton() is self.yes
