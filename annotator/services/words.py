"""Word edges for growing and shrinking spans, and the attributes a new span starts with."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from typing import Any, Literal

from annotator.arabic.numbers import find_numbers
from annotator.domain import Label, Qualifier

Edge = Literal["start", "end"]

_MARKS = "[\u064b-\u0652\u0670]*"
# Proclitics left out when a span grows over a word at its beginning: و/ف, then ب/ك/ل before
# the article ال, ل before the ل of a word (ل + ال written لل), or any of them with tatweel.
_PROCLITIC = re.compile(
    rf"^(?:(?:[وف]{_MARKS})?(?:[بكل]{_MARKS})?(?=ال)|(?:[وف]{_MARKS})?ل{_MARKS}(?=ل)"
    rf"|[وفبكل]{{1,2}}{_MARKS}ـ+)"
)
_FALLBACK_WORD = re.compile(r"[^\s!-/:-@\[-`{-~،؛؟«»“”‘’„…–—]+")
_SEPARATORS = re.compile(r"(?<=\d)[,٬](?=\d{3})")


def word_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every word and number of ``text`` in code points, in order."""
    try:
        from annotator.arabic.tokens import tokenize  # noqa: PLC0415 - optional helper
    except ImportError:
        return [(m.start(), m.end()) for m in _FALLBACK_WORD.finditer(text)]
    return [(t.start, t.end) for t in tokenize(text) if t.kind != "punct"]


def proclitic_length(word: str) -> int:
    """How many leading characters of ``word`` are proclitics to leave out of a span."""
    match = _PROCLITIC.match(word)
    if match is None or match.end() >= len(word):
        return 0
    return match.end()


class Words:
    """The words of one text, for moving span edges a word at a time."""

    def __init__(self, text: str) -> None:
        self.text = text
        bounds = word_bounds(text)
        self.starts = [s for s, _ in bounds]
        self.ends = [e for _, e in bounds]

    def resized(self, start: int, end: int, edge: Edge, grow: bool) -> tuple[int, int] | None:
        """The span grown or shrunk by one word at ``edge``; None if that is not possible.

        Growing at the start leaves a proclitic of the added word out; shrinking never makes
        the span empty.
        """
        if edge == "start":
            new = self._grow_start(start) if grow else self._shrink_start(start, end)
            return None if new is None else (new, end)
        new = self._grow_end(end) if grow else self._shrink_end(start, end)
        return None if new is None else (start, new)

    def _grow_start(self, start: int) -> int | None:
        i = bisect_right(self.ends, start) - 1  # last word ending at or before start
        if i < 0:
            return None
        s, e = self.starts[i], self.ends[i]
        return s + proclitic_length(self.text[s:e])

    def _grow_end(self, end: int) -> int | None:
        i = bisect_right(self.ends, end)  # first word ending after end
        return self.ends[i] if i < len(self.ends) else None

    def _shrink_start(self, start: int, end: int) -> int | None:
        i = bisect_right(self.starts, start)  # first word starting after start
        if i < len(self.starts) and self.starts[i] < end:
            return self.starts[i]
        return None

    def _shrink_end(self, start: int, end: int) -> int | None:
        i = bisect_left(self.ends, end) - 1  # last word ending before end
        if i >= 0 and self.ends[i] > start:
            return self.ends[i]
        return None


def parse_count(surface: str) -> int | None:
    """The count a casualty surface writes: digits (ASCII, Eastern Arabic or Persian) or number
    words (خمسةُ وأربعين → 45, ضابطان → 2); None for none or a vague quantity (عشرات)."""
    return read_count(surface)[0]


def read_count(surface: str) -> tuple[int | None, str | None]:
    """(count, qualifier) of a casualty surface: the qualifier is "vague" for عشرات, مئات…,
    else None (the coder decides); the first number expression counts."""
    digits = _SEPARATORS.sub("", surface.strip())
    if digits.isdecimal():
        return int(digits), None
    found = find_numbers(surface)
    if not found:
        return None, None
    first = found[0]
    return first.value, Qualifier.VAGUE.value if first.form == "vague" else None


def default_attrs(
    label: Label, surface: str, actor_names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Attributes of a span the coder just marked: CASUALTY's count from its digits or number
    words; the actor id of a known actor name."""
    if label is Label.CASUALTY:
        count, qualifier = read_count(surface)
        return {"count": count, "kind": None, "qualifier": qualifier, "victim": None}
    if label is Label.ACTOR and actor_names and surface in actor_names:
        return {"actor": actor_names[surface]}
    return {}


def moved_attrs(
    label: Label,
    attrs: Mapping[str, Any],
    surface: str,
    *,
    actor_of: Callable[[str], str | None],
    place_of: Callable[[str], Mapping[str, Any] | None],
) -> dict[str, Any]:
    """The attributes of a span whose boundaries moved, its text now ``surface``:
    those that describe the surface read again, or cleared when they cannot be.

    CASUALTY: the count (and a vague qualifier) re-read from the new surface; kind and victim
    kept. ACTOR: the id the new surface names exactly; when it names none (a generic النظام,
    a partial name) the coder's id stays: who a mention refers to is not spelled by it. PLACE:
    the gazetteer's place for the new surface, else cleared (القلمون الشرقي shrunk to القلمون
    is no longer القلمون الشرقي).
    """
    if label is Label.CASUALTY:
        count, vague = read_count(surface)
        qualifier = attrs.get("qualifier")
        if vague is not None:
            qualifier = vague
        elif qualifier == Qualifier.VAGUE.value:
            qualifier = None
        return {**attrs, "count": count, "qualifier": qualifier}
    if label is Label.ACTOR:
        actor = actor_of(surface)
        return {"actor": actor} if actor is not None else dict(attrs)
    if not attrs:
        return {}
    return dict(place_of(surface) or {})
