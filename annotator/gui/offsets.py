"""Map code-point offsets (the codebook's) to Qt's UTF-16 positions and back."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Offsets of one text: identity for BMP-only text, else a bisect over astral characters."""

    __slots__ = ("_astral_cp", "_astral_u16", "_length", "_u16_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        self._u16_length = len(text.encode("utf-16-le", "surrogatepass")) // 2
        self._astral_cp: list[int] = []
        self._astral_u16: list[int] = []
        if self._u16_length != self._length:
            self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
            self._astral_u16 = [cp + k for k, cp in enumerate(self._astral_cp)]

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def qt_length(self) -> int:
        """Length of the text in UTF-16 units."""
        return self._u16_length

    @property
    def is_identity(self) -> bool:
        """True when the text has no character outside the BMP (both counts agree)."""
        return not self._astral_cp

    def to_qt(self, cp: int) -> int:
        """UTF-16 position of code-point offset ``cp`` (clamped to the text)."""
        cp = min(max(cp, 0), self._length)
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def from_qt(self, u16: int, *, round_up: bool = False) -> int:
        """Code-point offset of UTF-16 position ``u16`` (clamped).

        A position between the two halves of a surrogate pair snaps to the start of that
        character, or to its end with ``round_up`` (use it for the end of a range).
        """
        u16 = min(max(u16, 0), self._u16_length)
        if not self._astral_u16:
            return u16
        pairs_started = bisect_left(self._astral_u16, u16)
        cp = u16 - pairs_started
        inside_pair = pairs_started > 0 and self._astral_u16[pairs_started - 1] == u16 - 1
        return cp + 1 if inside_pair and round_up else cp

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """A code-point range ``[start, end)`` in UTF-16 positions."""
        return self.to_qt(start), self.to_qt(end)

    def range_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 range in code points, widened to whole characters."""
        return self.from_qt(start), self.from_qt(end, round_up=True)
