"""An article as casualty detection sees it: sentences, actor mentions, tokens on demand.

Only sentences that hold a candidate number are tokenised (tokenising a whole article would
cost more than the rest of the detection); offsets here are those of the normalised text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from functools import cached_property
from itertools import compress, count
from typing import Protocol

from annotator.arabic.normalize import Normalized
from annotator.arabic.tokens import NORM_LETTERS, TokenKind, TokenList
from annotator.suggest.casualty_lexicon import Lexicon, stems

__all__ = ["ArticleView", "Stretch"]

_BOUNDARY_RE = re.compile(r"[.!?؟…\n][.!?؟…\s]*")
_DOTTED_RE = re.compile(rf"([{NORM_LETTERS}]+)\. ?([{NORM_LETTERS}]+)(?:\. ?([{NORM_LETTERS}]+))?")
_MAX_CHUNKS = 3  # a harm word split by dots into at most this many pieces
_MAX_PIECE = 6  # letters before a dot read as a split harm word's first piece
# NORM_LETTERS that are letters (not × ÷), up to the end of the search: the piece before a dot
_RUN_BEFORE_DOT = re.compile(
    rf"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]"
    rf"{{1,{_MAX_PIECE}}}\Z"
)
# Characters the pipeline's tokens (annotator.suggest.matcher.Tokens) read differently from
# TokenList: letters outside NORM_LETTERS, digits other than 0-9, and × ÷ (inside the Latin
# range of NORM_LETTERS but not letters). An article without them can reuse those tokens.
_TOKENS_DIFFER = re.compile(
    r"[^\W_0-9a-z\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u00c0-\u00d6\u00d8-\u00f6"
    r"\u00f8-\u024f]|[\u00d7\u00f7]"
)
# A quick first pass: characters that surely read alike (ASCII but A-Z, the Arabic and Latin
# letters of NORM_LETTERS, common punctuation); the exact test runs from the first other one.
_SURELY_ALIKE = re.compile(
    r"[^\s!-@\[-`a-z{-~\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0621-\u063a\u0641-\u064a"
    r"\u066a-\u066d\u0671-\u06d3\u060c\u061b\u061f«»“”‘’–—…]"
)
# the generic nouns the words of a mention point to, memoised (one lexicon per process)
_GENERICS: dict[tuple[str, ...], list[str]] = {}
_GENERICS_LIMIT = 1 << 16
_LEFT_TOKENS = 14
_RIGHT_TOKENS = 30
_QUOTES_SPACE = " «»“”\"'-–"


class _ActorSpan(Protocol):
    start: int
    end: int
    actor_id: str


class _Tokens(Protocol):
    """The article's tokens as the pipeline made them (annotator.suggest.matcher.Tokens)."""

    starts: list[int]
    ends: list[int]
    kinds: list[str]
    pieces: list[str]
    limit: int


def _read_alike(ntext: str, tokens: _Tokens) -> bool:
    """TokenList would make the same tokens as the pipeline up to its limit."""
    other = _SURELY_ALIKE.search(ntext, 0, tokens.limit)
    return other is None or _TOKENS_DIFFER.search(ntext, other.start(), tokens.limit) is None


#: ACLED actor types of each side a person noun may name.
SIDE_TYPES: dict[str, frozenset[str]] = {
    "state": frozenset({"State Forces", "External/Other Forces"}),
    "insurgent": frozenset({"Rebel Groups"}),
}


class ArticleView:
    """Normalised text of one article with sentence bounds and actor mentions."""

    def __init__(
        self,
        norm: Normalized,
        actors: Sequence[_ActorSpan],
        lex: Lexicon,
        tokens: _Tokens | None = None,
    ) -> None:
        self.ntext = norm.text
        self.lex = lex
        # the pipeline's tokens, when they are exactly what TokenList would make here
        self.tokens = tokens if tokens is not None and _read_alike(norm.text, tokens) else None
        self.limit = tokens.limit if tokens is not None else len(norm.text)
        offsets = norm.offsets
        named = sorted(
            (bisect_left(offsets, a.start), bisect_left(offsets, a.end), a.actor_id) for a in actors
        )
        self.named = [m for m in named if m[0] < m[1]]
        self.named_starts = [m[0] for m in self.named]
        self._sentences: dict[int, Stretch] = {}
        #: actor id -> ACLED type, for side_actors
        self.types: Mapping[str, str] = {}

    # -- sentences -----------------------------------------------------------------------------
    @cached_property
    def bounds(self) -> list[int]:
        """Offsets where a sentence starts (after its predecessor's final punctuation).

        Only as far as the body reaches: the bounds after it are never asked for.
        """
        ntext, out, limit = self.ntext, [], self.limit
        for m in _BOUNDARY_RE.finditer(ntext):
            if m.group().rstrip() == "." and self._inside_word(m.start()):
                continue
            out.append(m.end())
            if m.start() >= limit:
                break  # the end of the body's last sentence
        return out

    def _inside_word(self, dot: int) -> bool:
        """A dot that splits a harm word to dodge filters ("ق. تل", "قت. يلا", "ق.تلى")."""
        ntext = self.ntext
        # the letters right before the dot, at most six (a run that any other letter stops
        # is no harm word's first piece: the pieces must be NORM_LETTERS)
        run = _RUN_BEFORE_DOT.search(ntext, max(0, dot - _MAX_PIECE), dot)
        if run is None:
            return False
        ws = run.start()
        if dot - ws < _MAX_PIECE and ws > 0 and ntext[ws - 1].isalpha():
            return False
        m = _DOTTED_RE.match(ntext, ws)
        if m is None or m.end(1) != dot:
            return False
        return self.lex.split_harm([p for p in m.groups() if p]) > 0

    def sentence(self, pos: int) -> int:
        return bisect_right(self.bounds, pos)

    def sentence_start(self, sid: int) -> int:
        return self.bounds[sid - 1] if sid > 0 else 0

    def sentence_end(self, sid: int) -> int:
        return self.bounds[sid] if sid < len(self.bounds) else len(self.ntext)

    # -- tokens ------------------------------------------------------------------------------
    def sentence_tokens(self, sid: int) -> Stretch:
        """Tokens of sentence ``sid``, harm words split by dots joined again (cached)."""
        found = self._sentences.get(sid)
        if found is None:
            start, end = self.sentence_start(sid), self.sentence_end(sid)
            found = self._reused(start, end)
            if found is None:
                tl = TokenList(self.ntext, start, end)
                found = Stretch(self, tl.starts, tl.ends, tl.kinds, tl.words)
            found.repair()
            self._sentences[sid] = found
        return found

    def _reused(self, start: int, end: int) -> Stretch | None:
        """The tokens in ``[start, end)`` sliced from the pipeline's, when none is cut there
        (a sentence bound inside "3.5") and the pipeline tokenised that far."""
        toks = self.tokens
        if toks is None or end > toks.limit:
            return None
        starts, ends = toks.starts, toks.ends
        i, j = bisect_left(starts, start), bisect_left(starts, end)
        if (i and ends[i - 1] > start) or (j > i and ends[j - 1] > end):
            return None
        kinds: list[TokenKind] = toks.kinds[i:j]  # type: ignore[assignment]
        return Stretch(self, starts[i:j], ends[i:j], kinds, toks.pieces[i:j])

    def stretch(self, start: int, end: int) -> Stretch:
        """The tokens that start in ``[start, end)``."""
        out = Stretch(self, [], [], [], [])
        for sid in range(self.sentence(start), self.sentence(max(start, end - 1)) + 1):
            t = self.sentence_tokens(sid)
            i, j = bisect_left(t.starts, start), bisect_left(t.starts, end)
            out.starts += t.starts[i:j]
            out.ends += t.ends[i:j]
            out.kinds += t.kinds[i:j]
            out.words += t.words[i:j]
        return out

    def window(self, ns: int, ne: int) -> tuple[Stretch, int]:
        """Tokens of the number's sentence near it, the number as one token; and its index."""
        t = self.sentence_tokens(self.sentence(ns))
        i = bisect_left(t.starts, ns)
        lo = max(0, i - _LEFT_TOKENS)
        j = bisect_left(t.starts, ne)
        hi = min(len(t.starts), j + _RIGHT_TOKENS)
        if j == i + 1 and t.starts[i] == ns and t.ends[i] == ne and t.kinds[i] == "number":
            # the number is one token already (digits): the window is a slice of the sentence,
            # or the sentence itself when it is that short (windows are only read, never changed)
            if lo == 0 and hi == len(t.starts):
                return t, i
            sl = slice(lo, hi)
            return Stretch(self, t.starts[sl], t.ends[sl], t.kinds[sl], t.words[sl]), i - lo
        starts, ends, kinds, words = t.starts[lo:i], t.ends[lo:i], t.kinds[lo:i], t.words[lo:i]
        if starts and ends[-1] > ns:  # a proclitic glued to the number: "وثلاثة"
            ends[-1], words[-1] = ns, self.ntext[starts[-1] : ns]
        n = len(words)
        return (
            Stretch(
                self,
                [*starts, ns, *t.starts[j:hi]],
                [*ends, ne, *t.ends[j:hi]],
                [*kinds, "number", *t.kinds[j:hi]],
                [*words, self.ntext[ns:ne], *t.words[j:hi]],
            ),
            n,
        )

    # -- actors ------------------------------------------------------------------------------
    def named_in(self, start: int, end: int) -> tuple[int, int, str] | None:
        """The first named mention that starts in ``[start, end)``."""
        k = bisect_left(self.named_starts, start)
        if k < len(self.named) and self.named[k][0] < end:
            return self.named[k]
        return None

    @cached_property
    def side_actors(self) -> dict[str, str]:
        """Per side (state, insurgent), the one actor of it the article names, if only one."""
        out: dict[str, str] = {}
        for side, wanted in SIDE_TYPES.items():
            found = {a for _s, _e, a in self.named if self.types.get(a) in wanted}
            if len(found) == 1:
                out[side] = found.pop()
        return out

    @cached_property
    def evidence(self) -> dict[str, list[tuple[int, str]]]:
        """Per generic noun (التنظيم …), where the article names an actor with its head word."""
        out: dict[str, list[tuple[int, str]]] = {}
        points = self.lex.generic_points
        ntext = self.ntext
        for ns, ne, actor in self.named:
            words = ntext[ns:ne].split()
            gap = ntext[max(0, ns - 24) : ns].rstrip(_QUOTES_SPACE)
            if gap and gap[-1].isalpha():
                words.append(gap.split()[-1].lstrip(_QUOTES_SPACE))
            key = tuple(words)
            generics = _GENERICS.get(key)
            if generics is None:
                generics = sorted({g for w in words for s in stems(w) for g in points.get(s, ())})
                if len(_GENERICS) >= _GENERICS_LIMIT:
                    _GENERICS.clear()
                _GENERICS[key] = generics
            for g in generics:
                out.setdefault(g, []).append((ns, actor))
        return out

    def generic(self, word: str, pos: int) -> str | None:
        """The actor a generic noun (with clitics) at ``pos`` stands for, if the article says."""
        form = self.lex.generic_form.lookup(word)
        if not form:
            return None
        found = self.evidence.get(form)
        if not found:
            # no actor named with its head word: the one actor of its side ("التنظيم" = داعش)
            side = self.lex.generic_sides.get(form)
            return self.side_actors.get(side) if side else None
        before = [actor for p, actor in found if p < pos]
        return before[-1] if before else found[0][1]

    def mention_before(self, pos: int, lo: int) -> str | None:
        """The actor of the nearest mention (named or generic) in ``[lo, pos)``."""
        k = bisect_left(self.named_starts, pos) - 1
        best_pos, best = -1, None
        if k >= 0 and self.named[k][0] >= lo:
            best_pos, best = self.named[k][0], self.named[k][2]
        region = self.stretch(max(lo, best_pos + 1), pos)
        for j in range(len(region.words) - 1, -1, -1):
            if region.kinds[j] == "word" and region.named_at(j) is None:
                actor = self.generic(region.words[j], region.starts[j])
                if actor is not None:
                    return actor
        return best


class Stretch(TokenList):
    """Tokens of part of one article, with their actor mentions."""

    __slots__ = ("view",)

    def __init__(
        self,
        view: ArticleView,
        starts: list[int],
        ends: list[int],
        kinds: list[TokenKind],
        words: list[str],
    ) -> None:
        self.view = view
        self.starts, self.ends, self.kinds, self.words = starts, ends, kinds, words

    def text(self, i: int) -> str:
        """Token ``i`` whatever its kind, "" outside."""
        return self.words[i] if 0 <= i < len(self.words) else ""

    def repair(self) -> None:
        """Join harm words split by dots: "ق", ".", "تل" → "قتل"."""
        words, kinds = self.words, self.kinds
        for i in reversed([k - 1 for k in compress(count(), map(".".__eq__, words))]):
            if i < 0 or i + 2 >= len(words) or kinds[i] != "word":
                continue  # no word after the dot: nothing to join (a sentence's final dot)
            parts, k = [words[i]], i
            while len(parts) < _MAX_CHUNKS and self._dotted(k):
                parts.append(words[k + 2])
                k += 2
            n = self.view.lex.split_harm(parts)
            if n:
                last = i + 2 * (n - 1)
                self.ends[i], words[i] = self.ends[last], "".join(parts[:n])
                for lst in (self.starts, self.ends, self.kinds, self.words):
                    del lst[i + 1 : last + 1]

    def _dotted(self, k: int) -> bool:
        """Word ``k`` and word ``k + 2`` joined by a dot and at most one space."""
        if k + 2 >= len(self.words) or self.words[k + 1] != "." or self.kinds[k + 2] != "word":
            return False
        ntext = self.view.ntext
        return self.starts[k + 1] == self.ends[k] and ntext[
            self.ends[k + 1] : self.starts[k + 2]
        ] in ("", " ")

    def named_at(self, i: int) -> tuple[int, int, str] | None:
        """A named mention that starts inside token ``i`` (after a clitic, say)."""
        return self.view.named_in(self.starts[i], self.ends[i])

    def mention_at(self, i: int) -> tuple[str, int] | None:
        """(actor, index of its last token) of a named or generic mention starting at ``i``."""
        if not 0 <= i < len(self.words):
            return None
        named = self.named_at(i)
        if named is not None:
            last = bisect_left(self.starts, named[1], i) - 1
            return named[2], max(i, last)
        if self.kinds[i] == "word":
            actor = self.view.generic(self.words[i], self.starts[i])
            if actor is not None:
                return actor, i
        return None
