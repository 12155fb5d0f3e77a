"""The exports' tokenisation (documented in docs/EXPORTS.md) and span alignment to tokens.

1. ``annotator.arabic.tokens.tokenize``: words (letters with their diacritics and tatweel),
   numbers and single punctuation or symbol characters, with code-point offsets.
2. Emoji sequences joined by ZWJ, variation selectors or skin-tone modifiers become one token;
   tokens made only of invisible format characters (bidi marks, ZWSP, BOM) are dropped.
3. Proclitics are split off a word, one token each: up to one conjunction (و ف) and one
   preposition (ب ك ل) before the article ال with at least three letters after it
   (وبالباغوز → و + ب + الباغوز); the ل of لل (للحسكة → ل + لحسكة); and a preposition
   written with tatweel (لـداعش → لـ + داعش). Diacritics stay on their letter.
4. Any span boundary still inside a token splits that token there (for example وداعش → و +
   داعش when داعش is annotated); each such split is listed as a ``split`` note.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, count, pairwise, repeat
from operator import itemgetter, sub
from typing import NamedTuple

from annotator.arabic.clitics import MARKED_CONJUNCTION, PROCLITIC_LETTERS, clitic_cuts
from annotator.arabic.tokens import token_pieces, tokenize
from annotator.domain import Span


class Tok(NamedTuple):
    """One exported token: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Issue:
    """A note on how a span met the tokens: ``split``, ``contracted`` or ``dropped``."""

    source: str
    annotator: str
    span: Span
    surface: str
    kind: str
    reason: str

    def line(self) -> str:
        s = self.span
        where = f"{self.source} [{self.annotator}] {s.label.value} {s.start}-{s.end}"
        return f"{self.kind}: {where} {self.surface!r}: {self.reason}"


_JOINERS = {"\u200d", "\ufe0f", "\ufe0e"}
_SENTENCE_END = set(".!?؟…")
_new = tuple.__new__
_first = itemgetter(0)
_second = itemgetter(1)
_third = itemgetter(2)


def _is_format(s: str) -> bool:
    return all(unicodedata.category(c) == "Cf" for c in s)


def _joins(prev: Tok, tok: Tok) -> bool:
    if prev.end != tok.start:
        return False
    if tok.text in _JOINERS or "\U0001f3fb" <= tok.text <= "\U0001f3ff":
        return True
    return prev.text.endswith("\u200d") and not tok.text[0].isalnum()


_PLAIN_CHARS: set[str] = set()  # characters seen that no emoji or format rule concerns
_PLAIN_LIMIT = 20_000  # kept at most (a few hundred in practice): memory stays flat
# Characters that are surely none of those (whitespace, ASCII and Latin, the Arabic block and
# general punctuation without their format characters); tests/services/test_export_speed.py
# checks the class against this Python's Unicode data.
# The whitespace is spelled out (str.isspace's characters) instead of \s: a class of ranges
# only compiles to one table look-up per character (a search twice as fast).
SURELY_PLAIN = (
    "\t-\r\x1c- \x85\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "!-~\u00a0-\u00ac\u00ae-\u024f\u0606-\u061b\u061d-\u06dc\u06de-\u06ff"
    "\u2010-\u2027\u2030-\u205e"
)
_UNUSUAL = re.compile(f"[^{SURELY_PLAIN}]")


def _plain(text: str) -> bool:
    """True if no character of ``text`` is a format character, a variation selector or a
    skin-tone modifier: then no token is dropped or joined (step 2 has nothing to do)."""
    unusual = _UNUSUAL.findall(text)  # only the characters the class does not clear
    if not unusual:
        return True
    new = set(unusual)
    new -= _PLAIN_CHARS
    for c in new:
        if c in _JOINERS or "\U0001f3fb" <= c <= "\U0001f3ff" or unicodedata.category(c) == "Cf":
            return False
    if len(_PLAIN_CHARS) < _PLAIN_LIMIT:
        _PLAIN_CHARS.update(new)
    return True


Columns = tuple[list[int], list[int], list[str]]  # (starts, ends, texts) of tokens in order


def base_pieces(text: str) -> list[str] | None:
    """Steps 1 to 3 (tokens that do not depend on any annotation) as pieces, each token with
    the whitespace before it (``token_pieces``: one regex pass that cuts the proclitics off
    too), or None for a text that goes token by token: one with format characters or emoji
    sequences (``_plain``), or with a conjunction carrying more marks than the pass reads."""
    if not _plain(text) or MARKED_CONJUNCTION.search(text):
        return None
    return token_pieces(text)


_PIECES_LIMIT = 50_000  # distinct pieces kept (cleared when full: memory stays flat)


class _Tokens(dict[str, str]):
    """A piece → its token (the piece without its leading whitespace), bounded."""

    def __missing__(self, piece: str) -> str:
        if len(self) >= _PIECES_LIMIT:
            self.clear()
        token = self[piece] = piece.lstrip()
        return token


_tokens = _Tokens()


def pieces_columns(text: str, pieces: list[str]) -> tuple[Columns, bool]:
    """The pieces' tokens as columns, and whether they hold: True if each token is
    ``text[start:end]``, non-empty and after the one before (what ``_tokens_hold`` in
    prodigy.py checks token by token), proven here with one comparison of the whole text.

    Each end is the sum of the lengths of the pieces up to it and each start its end less
    the token's length, a token being its piece without the whitespace before it. If the
    pieces joined are ``text[:last end]`` (what is compared), each piece is the text that
    ends at its end, so its token, a tail of the piece, is ``text[start:end]``; every token is
    non-empty (checked), so each starts at or after the end before it. The text after the
    last token must be whitespace: else some character would be in no token.
    """
    ends = list(accumulate(map(len, pieces)))
    words = list(map(_tokens.__getitem__, pieces))
    starts = list(map(sub, ends, map(len, words)))
    size = ends[-1] if ends else 0
    holds = "".join(pieces) == text[:size] and not text[size:].strip() and all(words)
    return (starts, ends, words), holds


def base_columns(text: str) -> Columns:
    """Steps 1 to 3 as three parallel lists: each token's start, end and text, with no object
    per token (``base_pieces``, then ``pieces_columns``). Texts with format characters or
    emoji sequences go token by token (``_base_tokens_slow``, the same rules).
    """
    pieces = base_pieces(text)
    if pieces is not None:
        columns, holds = pieces_columns(text, pieces)
        if holds:
            return columns
    return slow_columns(text)


def slow_columns(text: str) -> Columns:
    """``base_columns`` token by token (``_base_tokens_slow``)."""
    slow = _base_tokens_slow(text)
    return list(map(_first, slow)), list(map(_second, slow)), list(map(_third, slow))


def base_tokens(text: str) -> list[Tok]:
    """Steps 1 to 3 as ``Tok`` objects (``base_columns`` zipped)."""
    return list(map(_new, repeat(Tok), zip(*base_columns(text), strict=True)))


def _base_tokens_slow(text: str) -> list[Tok]:
    """``base_tokens`` token by token (steps 1 to 3 as written in the docstring above)."""
    out: list[Tok] = []
    joinable = False
    for t in tokenize(text):
        if t.kind == "word":
            joinable = False
            if t.text[0] in PROCLITIC_LETTERS:
                cuts = clitic_cuts(t.text)
                if cuts:
                    edges = [0, *cuts, len(t.text)]
                    out += [Tok(t.start + a, t.start + b, t.text[a:b]) for a, b in pairwise(edges)]
                    continue
            out.append(Tok(t.start, t.end, t.text))
            continue
        tok = Tok(t.start, t.end, t.text)
        if t.kind == "punct" and joinable and _joins(out[-1], tok):
            prev = out.pop()
            tok = Tok(prev.start, tok.end, text[prev.start : tok.end])
        elif t.kind == "punct" and _is_format(t.text):
            continue
        out.append(tok)
        joinable = t.kind == "punct"
    return out


def split_at(tokens: list[Tok], points: Iterable[int]) -> tuple[list[Tok], set[int]]:
    """Split tokens at offsets strictly inside them; returns the tokens and the offsets used."""
    inside = sorted(set(points))
    if not inside:
        return tokens, set()
    starts = [t[0] for t in tokens]
    for p in inside:  # most span edges are token edges: then nothing is split
        i = bisect_right(starts, p) - 1
        if i >= 0 and starts[i] < p < tokens[i][1]:
            break
    else:
        return tokens, set()
    out: list[Tok] = []
    used: set[int] = set()
    i = 0
    for tok in tokens:
        while i < len(inside) and inside[i] <= tok.start:
            i += 1
        cuts = []
        j = i
        while j < len(inside) and inside[j] < tok.end:
            cuts.append(inside[j])
            j += 1
        if not cuts:
            out.append(tok)
            continue
        edges = [tok.start, *cuts, tok.end]
        for a, b in pairwise(edges):
            out.append(Tok(a, b, tok.text[a - tok.start : b - tok.start]))
        used.update(cuts)
    return out, used


class Aligned(NamedTuple):
    """A span's token range ``[first, last]`` (inclusive), or None when it covers no token."""

    span: Span
    first: int | None
    last: int | None
    exact: bool


def align(
    text: str, spans: Sequence[Span], source: str = "", annotator: str = ""
) -> tuple[list[Tok], list[Aligned], list[Issue]]:
    """Tokens of ``text`` (split at span boundaries) and each span's token range."""
    tokens, used = split_at(base_tokens(text), (p for s in spans for p in (s.start, s.end)))
    issues: list[Issue] = []
    for s in spans:
        for point in sorted({s.start, s.end} & used):
            side = "start" if point == s.start else "end"
            issues.append(
                Issue(source, annotator, s, s.surface(text), "split", f"token split at its {side}")
            )
    starts = dict(zip(map(_first, tokens), count()))
    ends = dict(zip(map(_second, tokens), count()))
    result: list[Aligned] = []
    for s in spans:
        if s.start in starts and s.end in ends:
            result.append(Aligned(s, starts[s.start], ends[s.end], True))
            continue
        inner = [i for i, t in enumerate(tokens) if s.start <= t.start and t.end <= s.end]
        surface = s.surface(text)
        if inner:
            result.append(Aligned(s, inner[0], inner[-1], False))
            kept = text[tokens[inner[0]].start : tokens[inner[-1]].end]
            reason = f"edges fall outside tokens; tokens cover only {kept!r}"
            issues.append(Issue(source, annotator, s, surface, "contracted", reason))
        else:
            result.append(Aligned(s, None, None, False))
            reason = "covers no token (only spaces or invisible characters)"
            issues.append(Issue(source, annotator, s, surface, "dropped", reason))
    return tokens, result, issues


def sentence_ids(text: str, tokens: Sequence[Tok], keep: Sequence[Span] = ()) -> list[int]:
    """A sentence number per token: a new one after a line break or . ! ? ؟ … then a space.

    No sentence break falls inside any span of ``keep``. Only the tokens after a line break
    or after a sentence-ending mark are looked at (tokens hold no whitespace: every line
    break lies in a gap between two tokens).
    """
    n = len(tokens)
    if not n:
        return []
    starts = list(map(_first, tokens))
    candidates: set[int] = set()
    pos = text.find("\n", starts[0])
    while pos >= 0:
        i = bisect_right(starts, pos)  # the token after the gap this line break is in
        if i >= n:
            break
        candidates.add(i)
        pos = text.find("\n", starts[i])
    ends = None
    for i in compress(count(1), map(_SENTENCE_END.__contains__, map(_third, tokens))):
        if i >= n or i in candidates:
            continue
        if ends is None:
            ends = list(map(_second, tokens))
        gap = text[ends[i - 1] : starts[i]]
        # blank: nothing but spaces and format marks
        if gap and (gap.isspace() or not "".join(c for c in gap if not _is_format(c)).strip()):
            candidates.add(i)
    flags = [0] * n
    if candidates:
        covered = _merged((s.start, s.end) for s in keep)
        cover_starts = [a for a, _b in covered]
        for i in candidates:
            if not _inside(covered, cover_starts, starts[i]):
                flags[i] = 1
    return list(accumulate(flags))


# The whitespace before a sentence's first token in a plain text (see ``sentence_breaks``).
# A match starts at the first whitespace character of a gap (so the search skips everything
# else in one scan): after a sentence mark, or a gap holding a line break.
_BREAK = re.compile(r"\s(?:(?<=[.!?؟…]\s)|(?<=\n)|[^\S\n]*\n)\s*(?=\S)")


def sentence_breaks(text: str) -> tuple[list[int], list[int], int, int] | None:
    """Where sentences may break in ``text``, found by one regex search with no tokens:
    ``(gap starts, gap ends, first token's start, last token's end)``, a gap being the
    whitespace between the last token of a sentence and the first of the next (the rule of
    ``sentence_ids``: a line break, or . ! ? ؟ … then a space). None for a text that is not
    plain (``_plain``: format characters, emoji sequences), where only the tokens tell.

    In a plain text every character that is not whitespace is in a token, a clitic split
    leaves no gap, and each of . ! ? ؟ … followed by whitespace is a token of its own.
    """
    if not _plain(text):
        return None
    first = len(text) - len(text.lstrip())
    gaps = [m.span() for m in _BREAK.finditer(text, first)]
    return list(map(_first, gaps)), list(map(_second, gaps)), first, len(text.rstrip())


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering the same points."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _inside(covered: Sequence[tuple[int, int]], starts: Sequence[int], point: int) -> bool:
    """True if ``point`` lies strictly inside one of the merged ``covered`` ranges."""
    i = bisect_right(starts, point) - 1
    return i >= 0 and covered[i][0] < point < covered[i][1]
