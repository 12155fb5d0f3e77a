"""Find every gazetteer name in a normalised text: whole tokens, after proclitics only."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from annotator.arabic.tokens import clitic_splits
from annotator.suggest.entries import Entry
from annotator.suggest.keys import _DASHES, DASH

_CLITIC_LETTERS = frozenset("وفبكل")
_MEMO_LIMIT = 200_000
WORD, NUMBER, PUNCT = "word", "number", "punct"

# The tokens of annotator.arabic.tokens.tokenize() on normalised text (no diacritic, tatweel
# or joiner is left there); a test keeps the two equal.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[,.٫٬]\d+)*|[^\s\w]|_")


_KIND_OF: dict[str, str] = {}


def _kind(first: str) -> str:
    """The token kind from its first character (memoised)."""
    if first.isdecimal():
        kind = NUMBER
    elif first.isalnum() and first != "_":
        kind = WORD
    else:
        kind = PUNCT
    if len(_KIND_OF) < 10_000:
        _KIND_OF[first] = kind
    return kind


class Tokens:
    """The tokens of a normalised text as parallel lists (cheaper than one object each)."""

    __slots__ = ("ends", "keys", "kinds", "starts", "text")

    def __init__(self, text: str, limit: int | None = None) -> None:
        """Tokens of ``text`` that end at or before ``limit`` (the body end)."""
        self.text = text
        pieces = _TOKEN.findall(text)
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        find = text.find
        for piece in pieces:
            pos = find(piece, pos)
            starts.append(pos)
            pos += len(piece)
            ends.append(pos)
        if limit is not None and ends and ends[-1] > limit:
            cut = bisect_right(ends, limit)
            del pieces[cut:], starts[cut:], ends[cut:]
        kind_of = _KIND_OF
        self.kinds = [kind_of.get(p[0]) or _kind(p[0]) for p in pieces]
        self.keys = [DASH if p in _DASHES else p for p in pieces]
        self.starts, self.ends = starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def gap_has_newline(self, i: int, j: int) -> bool:
        """A line break between the end of token ``i`` and the start of token ``j``."""
        return "\n" in self.text[self.ends[i] : self.starts[j]]


class Candidate(NamedTuple):
    """A name found at tokens ``[first, last)``; offsets are in the normalised text."""

    start: int
    end: int
    first: int
    last: int
    entry: Entry
    prefix: str  # the proclitics left out of the span ("" when none)


def _clean_prefix(prefix: str) -> bool:
    """Proclitics only (و ف ب ك ل, 'لل' reading ل + ال): never a dropped article."""
    return (
        len(prefix) <= 3
        and all(ch in _CLITIC_LETTERS for ch in prefix)
        and not prefix.endswith("لل")
    )


class Matcher:
    """Longest-first lookup of token sequences; the article's tokens are scanned once."""

    def __init__(self, names: dict[tuple[str, ...], Entry], first: dict[str, int]) -> None:
        self.names = names
        self.first = first
        self._memo: dict[str, tuple[tuple[int, str], ...]] = {}

    def splits(self, word: str) -> tuple[tuple[int, str], ...]:
        """The readings of a word whose remainder starts some name (memoised per word)."""
        found = self._memo.get(word)
        if found is None:
            first = self.first
            found = tuple(
                (s.offset, s.remainder)
                for s in clitic_splits(word)
                if s.remainder in first and _clean_prefix(word[: s.offset])
            )
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[word] = found
        return found

    def find(self, toks: Tokens) -> list[Candidate]:
        """Every name occurrence (overlapping ones too)."""
        names, first, memo = self.names, self.first, self._memo
        text, starts, ends, kinds, keys = toks.text, toks.starts, toks.ends, toks.kinds, toks.keys
        size = len(text)
        out: list[Candidate] = []
        n = len(keys)
        for i in range(n):
            key0 = keys[i]
            kind = kinds[i]
            if kind == WORD:
                readings = memo.get(key0)
                if readings is None:
                    readings = self.splits(key0)
                if not readings:
                    continue
            elif kind == NUMBER and key0 in first:
                readings = ((0, key0),)
            else:
                continue
            for offset, rest in readings:
                start = starts[i] + offset
                if offset == 0 and start > 0 and text[start - 1].isalnum():
                    continue
                key: tuple[str, ...] = (rest,)
                longest = first[rest]
                j = i + 1
                while True:
                    entry = names.get(key)
                    if entry is not None:
                        end = ends[j - 1]
                        if end >= size or not text[end].isalnum():
                            out.append(Candidate(start, end, i, j, entry, key0[:offset]))
                    if len(key) >= longest or j >= n or "\n" in text[ends[j - 1] : starts[j]]:
                        break
                    key = (*key, keys[j])
                    j += 1
        return out
