"""Find every gazetteer name in a normalised text: whole tokens, after proclitics only."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate, compress, count
from operator import not_, sub
from typing import NamedTuple

from annotator.arabic.clitics import clean_prefix, clitic_splits
from annotator.suggest.entries import Entry
from annotator.suggest.keys import _DASHES, DASH

_MEMO_LIMIT = 200_000
WORD, NUMBER, PUNCT = "word", "number", "punct"

# The tokens of annotator.arabic.tokens.tokenize() on normalised text (no diacritic, tatweel
# or joiner is left there); a test keeps the two equal.
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[,.٫٬]\d+)*|[^\s\w]|_")
# The same tokens, each with the whitespace before it; a run of Arabic letters is tried first
# (the same maximal run of letters, found faster).
_SPACED_TOKEN = re.compile(
    r"\s*+(?:[\u0621-\u063a\u0641-\u064a]++[^\W\d_]*+|[^\W\d_]++|\d++(?:[,.٫٬]\d++)*+|[^\s\w]|_)"
)
_OTHER_DASHES = tuple(sorted(_DASHES - {DASH}))  # "-" is its own key already


class _Kinds(dict[str, str]):
    """The token kind from its first character (memoised)."""

    def __missing__(self, first: str) -> str:
        if first.isdecimal():
            kind = NUMBER
        elif first.isalnum() and first != "_":
            kind = WORD
        else:
            kind = PUNCT
        if len(self) < 10_000:
            self[first] = kind
        return kind


_KIND_OF = _Kinds()


class _TokenKinds(dict[str, str]):
    """The kind of a token, from its first character (memoised per token)."""

    def __missing__(self, token: str) -> str:
        kind = _KIND_OF[token[0]]
        if len(self) >= _MEMO_LIMIT:
            self.clear()
        self[token] = kind
        return kind


_KIND_OF_TOKEN = _TokenKinds()


class Tokens:
    """The tokens of a normalised text as parallel lists (cheaper than one object each)."""

    __slots__ = ("ends", "keys", "kinds", "limit", "pieces", "starts", "text")

    def __init__(self, text: str, limit: int | None = None) -> None:
        """Tokens of ``text`` that end at or before ``limit`` (the body end)."""
        self.text = text
        end = len(text) if limit is None else min(limit, len(text))
        self.limit = end
        # each piece is a token with the whitespace before it: its end is the running sum
        found = _SPACED_TOKEN.findall(text, 0, end)
        ends = list(accumulate(map(len, found)))
        pieces = list(map(str.lstrip, found))
        if end < len(text) and pieces:
            # the tokens that touch each other up to the limit may read otherwise once the text
            # goes on ("00." + "0" is one number, 00.0): read that run as the whole text does
            # and keep the tokens that end by the limit
            first = len(pieces) - 1
            while first > 0 and len(found[first]) == len(pieces[first]):
                first -= 1
            at = ends[first] - len(pieces[first])
            del pieces[first:], ends[first:]
            while at < end and (token := _TOKEN.match(text, at)) is not None:
                if token.end() > end:
                    break
                pieces.append(token.group())
                ends.append(token.end())
                at = token.end()
        # keyed by the token: its hash is computed once and serves the lookups that follow
        self.kinds = list(map(_KIND_OF_TOKEN.__getitem__, pieces))
        self.starts = starts = list(map(sub, ends, map(len, pieces)))
        self.keys = pieces  # a dash is a token by itself; the keys read every dash as "-"
        for dash in _OTHER_DASHES:
            at = text.find(dash, 0, end)
            while at != -1:
                if self.keys is pieces:
                    self.keys = pieces.copy()
                self.keys[bisect_left(starts, at)] = DASH
                at = text.find(dash, at + 1, end)
        self.ends = ends
        self.pieces = pieces  # the token texts as written (keys read every dash as "-")

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


_new_tuple = tuple.__new__


class Matcher:
    """Longest-first lookup of token sequences; the article's tokens are scanned once."""

    def __init__(self, names: dict[tuple[str, ...], Entry], first: dict[str, int]) -> None:
        self.names = names
        self.first = first
        self._memo: dict[str, tuple[tuple[int, str], ...]] = {}
        self._dead: set[str] = set()  # tokens that start no name (memoised)
        # every key that a longer name starts with: reading further can still find a name
        self.prefixes = {k[:i] for k in names if len(k) > 1 for i in range(1, len(k))}
        self.single = {k[0]: entry for k, entry in names.items() if len(k) == 1}
        # first token -> the second tokens of the longer names it starts
        self.second: dict[str, set[str]] = {}
        for k in names:
            if len(k) > 1:
                self.second.setdefault(k[0], set()).add(k[1])

    def splits(self, word: str) -> tuple[tuple[int, str], ...]:
        """The readings of a word whose remainder starts some name (memoised per word)."""
        found = self._memo.get(word)
        if found is None:
            first = self.first
            found = tuple(
                (s.offset, s.remainder)
                for s in clitic_splits(word)
                if s.remainder in first and clean_prefix(word[: s.offset])
            )
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[word] = found
        return found

    def readings(self, key0: str, kind: str) -> tuple[tuple[int, str], ...]:
        """(offset, key) of each way a token may start a name: a word after its proclitics,
        a number as it is."""
        if kind == WORD:
            return self.splits(key0)
        if kind == NUMBER and key0 in self.first:
            return ((0, key0),)
        return ()

    def find(self, toks: Tokens) -> list[Candidate]:
        """Every name occurrence (overlapping ones too)."""
        memo, dead, single, second = self._memo, self._dead, self.single, self.second
        text, starts, ends, kinds, keys = toks.text, toks.starts, toks.ends, toks.kinds, toks.keys
        size, last = len(text), len(keys) - 1
        out: list[Candidate] = []
        if len(dead) >= _MEMO_LIMIT:
            dead.clear()
        for i in list(compress(count(), map(not_, map(dead.__contains__, keys)))):
            key0 = keys[i]
            readings = memo.get(key0) if kinds[i] == WORD else None
            if readings is None:
                readings = self.readings(key0, kinds[i])
            if not readings:
                dead.add(key0)  # a token's kind follows from its text: it never starts a name
                continue
            for offset, rest in readings:
                start = starts[i] + offset
                if offset == 0 and start > 0 and text[start - 1].isalnum():
                    continue
                entry = single.get(rest)  # a one-token name
                if entry is not None:
                    end = ends[i]
                    if end >= size or not text[end].isalnum():
                        found = (start, end, i, i + 1, entry, key0[:offset])
                        out.append(_new_tuple(Candidate, found))  # Candidate(*found)
                if i < last and keys[i + 1] in second.get(rest, ()):
                    out += self.longer(toks, i, start, key0[:offset], rest)
        return out

    def longer(self, toks: Tokens, i: int, start: int, prefix: str, rest: str) -> list[Candidate]:
        """Names of more than one token that start at token ``i`` (read as ``rest``)."""
        out: list[Candidate] = []
        names, prefixes = self.names, self.prefixes
        text, starts, ends, keys = toks.text, toks.starts, toks.ends, toks.keys
        size, n = len(text), len(keys)
        longest = self.first[rest]
        key: tuple[str, ...] = (rest,)
        j = i + 1
        while j < n and "\n" not in text[ends[j - 1] : starts[j]]:
            key = (*key, keys[j])
            j += 1
            entry = names.get(key)
            if entry is not None:
                end = ends[j - 1]
                if end >= size or not text[end].isalnum():
                    out.append(_new_tuple(Candidate, (start, end, i, j, entry, prefix)))
            if len(key) >= longest or key not in prefixes:
                break
        return out
