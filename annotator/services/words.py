"""Word edges for growing and shrinking spans, and the attributes a new span starts with."""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from typing import Any, Literal

from annotator.arabic.clitics import CLITIC_ONLY, MATCH_PREFIX, clitic_splits, proclitic_length
from annotator.arabic.normalize import Normalized, normalize, normalize_key
from annotator.arabic.numbers import find_numbers, is_number_word
from annotator.arabic.tokens import tokenize
from annotator.domain import Label, Qualifier

Edge = Literal["start", "end"]

_SEPARATORS = re.compile(r"(?<=\d)[,٬](?=\d{3})")


def word_bounds(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every word and number of ``text`` in code points, in order."""
    return [(t.start, t.end) for t in tokenize(text) if t.kind != "punct"]


_MIN_AFTER_ARTICLE = 2  # والي، فالح: one letter after ال is no name; the word stays whole


def name_starts() -> frozenset[str]:
    """The normalised first words of every name the suggester's gazetteer knows (places and
    actors); empty if it is unreadable. Read once per process (seconds the very first time,
    when the gazetteer is compiled; a fraction of a second from its cache after); a second
    caller waits for the first (the desk reads it ahead in a thread)."""
    with _NAMES_LOCK:
        return _name_starts()


_NAMES_LOCK = threading.Lock()


@functools.cache
def _name_starts() -> frozenset[str]:
    try:
        from annotator.suggest.gazetteer import load_gazetteer  # noqa: PLC0415 - loaded on first use

        return frozenset(load_gazetteer().first)
    except (OSError, ValueError):
        return frozenset()


def known_word(word: str) -> bool:
    """A normalised word that begins a known name or is a number word by itself (وثلاثه is
    و + ثلاثه, واحد is one word)."""
    if word in name_starts():
        return True
    return is_number_word(word) and not (word[:1] == "و" and is_number_word(word[1:]))


def clitic_length(word: str, known: Callable[[str], bool] = known_word) -> int:
    """How many leading characters of ``word`` are a proclitic the codebook leaves out.

    A word that is itself a known name stays whole (بيجي، كوباني، فليطة); a clitic is cut where
    the rest is a known name or number (بحلب، وداعش، وثلاثة) and in the ال-forms (بالقلمون →
    القلمون, للغوطة → لغوطة, لـداعش → داعش), which need no list.
    """
    norm = normalize(word)
    if not norm.text or known(norm.text):
        return 0
    for split in clitic_splits(norm.text)[1:]:
        if known(split.remainder):
            cut = split.offset  # the article stays in the span: ال, or the ل of لل
            if norm.text[:cut].endswith("ال"):
                cut -= 2
            elif norm.text[:cut].endswith("لل"):
                cut -= 1
            return norm.to_original(cut, len(norm.text))[0] if cut > 0 else 0
    cut = proclitic_length(word)
    rest = normalize(word[cut:]).text
    if rest.startswith("ال") and len(rest) - 2 < _MIN_AFTER_ARTICLE:
        return 0
    return cut


class Words:
    """The words of one text, for moving span edges a word at a time."""

    def __init__(self, text: str) -> None:
        self.text = text
        bounds = word_bounds(text)
        self.starts = [s for s, _ in bounds]
        self.ends = [e for _, e in bounds]
        self._norm: Normalized | None = None

    def find(self, query: str, after: int, *, backwards: bool = False) -> tuple[int, int] | None:
        """The next match of ``query`` after code point ``after`` (or the one before it),
        wrapping around, as a snapped span (see ``snapped``); None if there is none.

        Matched on normalised text (alef forms, taa marbuta, harakat and tatweel do not count)
        at the beginning of a word, clitics and ال allowed before it: قلمون finds بالقلمون.
        """
        key = normalize_key(query).strip()
        if not key:
            return None
        if self._norm is None:
            self._norm = normalize(self.text)
        norm = self._norm
        hits = []
        pos = norm.text.find(key)
        while pos >= 0:
            start, end = norm.to_original(pos, pos + len(key))
            found = self._whole_word_match(start, end)
            if found is not None:
                hits.append(found)
            pos = norm.text.find(key, pos + 1)
        if not hits:
            return None
        if backwards:
            before = [h for h in hits if h[0] < after]
            return before[-1] if before else hits[-1]
        return next((h for h in hits if h[0] >= after), hits[0])

    def _whole_word_match(self, start: int, end: int) -> tuple[int, int] | None:
        """The snapped span of a match that begins its word (after clitics and ال), else None."""
        i = bisect_right(self.ends, start)  # the word the match starts in
        if i >= len(self.starts) or self.starts[i] > start:
            return None
        prefix = normalize_key(self.text[self.starts[i] : start])
        if not MATCH_PREFIX.match(prefix):
            return None
        return self.snapped(start, end)

    def resized(self, start: int, end: int, edge: Edge, grow: bool) -> tuple[int, int] | None:
        """The span grown or shrunk by one word at ``edge``; None if that is not possible.

        A move of the start leaves a proclitic of the new first word out; shrinking never
        makes the span empty.
        """
        if edge == "start":
            new = self._grow_start(start) if grow else self._shrink_start(start, end)
            return None if new is None else (new, end)
        new = self._grow_end(end) if grow else self._shrink_end(start, end)
        return None if new is None else (start, new)

    def snapped(
        self, start: int, end: int, known: Callable[[str], bool] = known_word
    ) -> tuple[int, int] | None:
        """A selection as the codebook's span: the whole words and numbers it touches (a drag
        that starts or ends inside a word takes all of it), without the punctuation and spaces
        around them, and without a leading proclitic (see ``clitic_length``). None if the
        selection holds no word."""
        first = bisect_right(self.ends, start)  # first word ending after start
        last = bisect_left(self.starts, end) - 1  # last word starting before end
        if first > last:
            return None
        if first < last and CLITIC_ONLY.match(self.text[self.starts[first] : self.ends[first]]):
            first += 1  # لـ“جيش الإسلام“: the clitic is a word of its own
        s, e = self.starts[first], self.ends[first]
        return s + clitic_length(self.text[s:e], known), self.ends[last]

    def nudged(self, start: int, end: int, edge: Edge, grow: bool) -> tuple[int, int] | None:
        """The span with one edge moved by one character (a letter with its marks), for the
        rare case the word snap is wrong; None if the span would be empty or leave the text."""
        text = self.text
        if edge == "start":
            pos = _char_before(text, start) if grow else _char_after(text, start)
            ok = 0 <= pos < end
            return (pos, end) if ok else None
        pos = _char_after(text, end) if grow else _char_before(text, end)
        ok = start < pos <= len(text)
        return (start, pos) if ok else None

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
            s, e = self.starts[i], self.ends[i]
            return s + proclitic_length(self.text[s : min(e, end)])  # بالقلمون → القلمون
        return None

    def _shrink_end(self, start: int, end: int) -> int | None:
        i = bisect_left(self.ends, end) - 1  # last word ending before end
        if i >= 0 and self.ends[i] > start:
            return self.ends[i]
        return None


def _is_mark(ch: str) -> bool:
    return bool(re.fullmatch(_MARKS_ONE, ch))


_MARKS_ONE = "[\u064b-\u0652\u0670\u0640]"


def _char_after(text: str, pos: int) -> int:
    """The position after the character at ``pos`` and the marks on it."""
    pos += 1
    while pos < len(text) and _is_mark(text[pos]):
        pos += 1
    return pos


def _char_before(text: str, pos: int) -> int:
    """The position of the character before ``pos`` (marks belong to their letter)."""
    pos -= 1
    while pos > 0 and _is_mark(text[pos]):
        pos -= 1
    return pos


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
