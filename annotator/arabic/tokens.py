"""Tokens with code-point offsets, and the proclitic splits of an Arabic word."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Literal, NamedTuple

__all__ = [
    "NORM_LETTERS",
    "CliticSplit",
    "Token",
    "TokenKind",
    "TokenList",
    "clitic_splits",
    "tokenize",
    "tokenize_normalized",
]

TokenKind = Literal["word", "number", "punct"]

_MARKS = "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff"
_LETTER = r"[^\W\d_]"
_WORD = rf"(?:{_LETTER}|[{_MARKS}])(?:{_LETTER}|[{_MARKS}]|[\u200c\u200d](?={_LETTER}))*"
_NUMBER = r"\d+(?:[,.٫٬]\d+)*"
_TOKEN_RE = re.compile(rf"(?P<word>{_WORD})|(?P<number>{_NUMBER})|(?P<punct>[^\s\w{_MARKS}]|_)")


class Token(NamedTuple):
    """One token: ``text[start:end]`` of the string it came from."""

    start: int
    end: int
    kind: TokenKind
    text: str


def tokenize(text: str) -> list[Token]:
    """Words (letters with their diacritics and tatweel), numbers and punctuation, with offsets.

    Works on original or normalised text alike; offsets index the string given. Digits glued
    to letters ("16مايو") make two tokens; a number keeps inner separators ("1,087", "٣٫٥").
    Whitespace and bidi/zero-width marks between tokens are skipped.
    """
    return [
        Token(m.start(), m.end(), m.lastgroup, m.group())  # type: ignore[arg-type]
        for m in _TOKEN_RE.finditer(text)
    ]


# Letters left after normalisation: Arabic (folded), other Arabic-script letters, Latin.
NORM_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3a-z\u00c0-\u024f"
_NORM_TOKEN_RE = re.compile(rf"\s*(?:[{NORM_LETTERS}]+|[0-9]+(?:[,.][0-9]+)*|\S)")


class TokenList:
    """Tokens of normalised text as parallel lists (cheaper than one object per token)."""

    __slots__ = ("ends", "kinds", "starts", "words")

    def __init__(self, ntext: str, start: int = 0, end: int | None = None) -> None:
        found = _NORM_TOKEN_RE.findall(ntext, start, len(ntext) if end is None else end)
        ends = list(accumulate(map(len, found), initial=start))
        del ends[0]
        words = [m.lstrip() for m in found]
        self.starts = [e - len(w) for e, w in zip(ends, words, strict=True)]
        self.ends = ends
        self.kinds: list[TokenKind] = [
            "word" if w[0].isalpha() else "number" if "0" <= w[0] <= "9" else "punct" for w in words
        ]
        self.words = words

    def __len__(self) -> int:
        return len(self.words)

    def word(self, i: int) -> str:
        """The i-th token's text if it is a word, else ""."""
        if 0 <= i < len(self.words) and self.kinds[i] == "word":
            return self.words[i]
        return ""


def tokenize_normalized(ntext: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of normalised text between ``start`` and ``end`` (absolute offsets); fast path.

    Same kinds as :func:`tokenize`, relying on normalisation having removed marks and folded
    digits; other scripts come out one character per token.
    """
    tl = TokenList(ntext, start, end)
    return [Token(*t) for t in zip(tl.starts, tl.ends, tl.kinds, tl.words, strict=True)]


class CliticSplit(NamedTuple):
    """A way to read a word as proclitics + remainder.

    The candidate span is ``word[offset:]`` (it always ends where the word ends); ``remainder``
    is the key to look up. They differ only where ل + ال wrote "لل": the elided alef is restored,
    so "للحسكه" gives ``CliticSplit(1, "الحسكه")`` whose span is "لحسكه".
    """

    offset: int
    remainder: str


_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ك", "ل")
_MIN_REMAINDER = 2


def clitic_splits(word: str) -> list[CliticSplit]:
    """Candidate splits of a normalised word, longest remainder first, the whole word first.

    Proclitics: an optional conjunction و/ف, an optional preposition ب/ك/ل, then an optional
    article ال (or the لل of ل + ال). Forms with the article keep it in the remainder (the
    codebook's spans keep ال: "والباغوز" → "الباغوز") and are followed by the bare form
    ("باغوز") for names listed without the article. A name that merely starts with a
    clitic-like letter (بيجي، كوباني، فليطة) is matched by the whole-word split, tried first.
    """
    splits: list[CliticSplit] = [CliticSplit(0, word)]
    seen = {(0, word)}

    def add(offset: int, remainder: str) -> None:
        if len(word) - offset >= _MIN_REMAINDER and (offset, remainder) not in seen:
            seen.add((offset, remainder))
            splits.append(CliticSplit(offset, remainder))

    for conj in _CONJ:
        if not word.startswith(conj):
            continue
        for prep in _PREP:
            prefix = conj + prep
            if not prefix and not word.startswith("ال"):
                continue
            if not word.startswith(prefix):
                continue
            p = len(prefix)
            if prep == "ل" and word.startswith("ل", p):
                # ل + ال with the alef elided: "للحسكه" = ل + الحسكه
                add(p, "ا" + word[p:])
                add(p + 1, word[p + 1 :])
            if prefix:
                add(p, word[p:])
            if word.startswith("ال", p):
                add(p + 2, word[p + 2 :])
    splits.sort(key=lambda s: (-(len(word) - s.offset), s.offset))
    return splits
