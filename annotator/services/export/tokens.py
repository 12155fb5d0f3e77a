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
from itertools import pairwise
from typing import NamedTuple

from annotator.arabic.tokens import tokenize
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


_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_L = rf"[{_MARKS}]*"  # marks a letter may carry
_ARTICLE_SPLIT = re.compile(rf"^([وف]{_L})?([بكل]{_L})?(?=ال{_L}(?:[^\W\d_]{_L}){{3}})")
_LAM_LAM = re.compile(rf"^([وف]{_L})?(ل{_L})(?=ل{_L}(?:[^\W\d_]{_L}){{2}})")
_TATWEEL = re.compile(rf"^([وف]{_L})?([بكل]{_L}\u0640+)(?=[^\W\d_])")
_JOINERS = {"\u200d", "\ufe0f", "\ufe0e"}
_SENTENCE_END = set(".!?؟…")
_PROCLITICS = set("وفبكل")


def _is_format(s: str) -> bool:
    return all(unicodedata.category(c) == "Cf" for c in s)


def _joins(prev: Tok, tok: Tok) -> bool:
    if prev.end != tok.start:
        return False
    if tok.text in _JOINERS or "\U0001f3fb" <= tok.text <= "\U0001f3ff":
        return True
    return prev.text.endswith("\u200d") and not tok.text[0].isalnum()


def base_tokens(text: str) -> list[Tok]:
    """Steps 1 to 3: tokens that do not depend on any annotation."""
    out: list[Tok] = []
    joinable = False  # the last token is a symbol an emoji sequence may continue
    for t in tokenize(text):
        if t.kind == "word":
            joinable = False
            if t.text[0] in _PROCLITICS:
                cuts = _clitic_cuts(t.text)
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


def _clitic_cuts(word: str) -> list[int]:
    """Where each proclitic of ``word`` ends (none if the rules find no proclitic)."""
    for pattern in (_TATWEEL, _ARTICLE_SPLIT, _LAM_LAM):
        m = pattern.match(word)
        if m and m.end() > 0:
            return [m.end(g) for g in (1, 2) if m.group(g)]
    return []


def split_at(tokens: list[Tok], points: Iterable[int]) -> tuple[list[Tok], set[int]]:
    """Split tokens at offsets strictly inside them; returns the tokens and the offsets used."""
    inside = sorted(set(points))
    if not inside:
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
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
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

    No sentence break falls inside any span of ``keep``.
    """
    ids: list[int] = []
    sid = 0
    covered = _merged((s.start, s.end) for s in keep)
    starts = [a for a, _b in covered]
    for i, tok in enumerate(tokens):
        if i:
            prev = tokens[i - 1]
            if prev.end != tok.start:  # no gap, no break
                gap = text[prev.end : tok.start]
                if "\n" in gap:
                    brk = True
                elif prev.text in _SENTENCE_END:  # blank: nothing but spaces and format marks
                    brk = gap.isspace() or not "".join(c for c in gap if not _is_format(c)).strip()
                else:
                    brk = False
                if brk and not _inside(covered, starts, tok.start):
                    sid += 1
        ids.append(sid)
    return ids


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
