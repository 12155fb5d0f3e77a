"""Tokens with code-point offsets (the proclitic splits of a word are in ``arabic.clitics``)."""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Literal, NamedTuple

from annotator.arabic.clitics import EXPORT_PIECE, CliticSplit, clitic_splits

__all__ = [
    "NORM_LETTERS",
    "CliticSplit",
    "Token",
    "TokenKind",
    "TokenList",
    "clitic_splits",
    "token_pieces",
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


# For the exports' one-pass tokeniser (``token_pieces``) a word is matched run by run (letters,
# then marks, then letters…) with possessive repeats instead of character by character: the
# same words as ``_WORD`` (it never backtracks: nothing follows a word in the pattern), found in
# half the time.
_RUNS_WORD = (
    rf"{_LETTER}++(?:(?:[{_MARKS}]++|[\u200c\u200d](?={_LETTER}))(?:{_LETTER}++)?)*+"
    rf"|[{_MARKS}]++(?:(?:{_LETTER}++|[\u200c\u200d](?={_LETTER}))(?:[{_MARKS}]++)?)*+"
)
# The exports' tokens (services/export/tokens.py, steps 1 and 3 in a plain text): tokenize's
# tokens, with each proclitic that the exports cut off a word as a token of its own
# (``EXPORT_PIECE``; the rest of such a word is then matched as a word).
_PIECE_RE = re.compile(rf"\s*+(?:{EXPORT_PIECE}|{_RUNS_WORD}|{_NUMBER}|[^\s\w{_MARKS}]|_)")


def token_pieces(text: str) -> list[str]:
    """The exports' tokens of ``text`` in order, each with the whitespace before it, found in
    one regex pass: every character that is not whitespace is in a token, so the pieces
    joined are the text up to the end of its last token (trailing whitespace is left out) and
    their lengths add up to the offsets. Not for texts with format characters or emoji
    sequences (the exports join or drop those tokens one by one), nor for a text where
    ``MARKED_CONJUNCTION`` finds a conjunction with more marks than ``EXPORT_PIECE`` reads."""
    return _PIECE_RE.findall(text)


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
