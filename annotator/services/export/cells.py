"""CSV files a spreadsheet can open safely: formula injection neutralised, numbers kept numbers.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or NUL could be
run as a formula by Excel, LibreOffice or Google Sheets; ``safe_cell`` prefixes such a cell with
a single quote (OWASP "CSV Injection", ASVS 1.2.10), and a cell that already begins with a quote
gets one more, so a reader gets the exact text back by dropping one leading ``'`` (``original``).
Every text cell is written in double quotes; integers and floats are left unquoted as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_START = frozenset("=+-@\t\r\0")
QUOTE = "'"
_RISKY = FORMULA_START | {QUOTE}
_NUMBERS = (int, float)


def safe_cell(value: Any) -> Any:
    """The cell as written: "" for None, numbers as they are, risky text prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, _NUMBERS):
        return value
    text = value if type(value) is str else str(value)
    if text and text[0] in _RISKY:
        return QUOTE + text
    return text


def original(cell: str) -> str:
    """The text a cell read back from our CSV stands for (one added ``'`` dropped)."""
    return cell[1:] if cell.startswith(QUOTE) else cell


def is_neutral(cell: str) -> bool:
    """True if a cell read back cannot start a formula."""
    return not cell or cell[0] not in FORMULA_START


class SafeWriter:
    """``csv.writer`` for spreadsheets: every row through ``safe_cell``, text cells quoted."""

    def __init__(self, fh: IO[str], columns: Sequence[str], **fmtparams: Any) -> None:
        self.columns = list(columns)
        self._writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC, **fmtparams)

    def header(self) -> None:
        self._writer.writerow(self.columns)

    def row(self, values: Mapping[str, Any] | Sequence[Any]) -> None:
        """One row, from a mapping by column name or a sequence in column order."""
        cells = map(values.get, self.columns) if isinstance(values, Mapping) else values
        self._writer.writerow(list(map(safe_cell, cells)))

    def raw_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows in column order written as they are, for a caller that knows no cell needs
        ``safe_cell`` (every cell None, a number or text not starting with a risky
        character: what ``safe_cell`` keeps)."""
        self._writer.writerows(rows)

    def rows(self, rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> None:
        for values in rows:
            self.row(values)
