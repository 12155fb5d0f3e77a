"""Unknown place names right after a strong type word: "في قرية طيب الفال" → طيب الفال."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, count

from annotator.suggest.context import LIST_SEPARATORS, QUOTES, ArticleContext
from annotator.suggest.matcher import PUNCT, WORD

SCORE_GUESS = 0.35
_MIN_LETTERS = 3
_CLITIC_ARTICLE = ("بال", "كال", "لل", "فال", "وال", "وبال", "ولل", "فبال", "فلل")


def block_words(words: dict[str, frozenset[str]]) -> frozenset[str]:
    """Words that never start a guessed name (from the lists with proclitics added)."""
    return (
        words["guess_stop"]
        | words["type_words"]
        | words["directions"]
        | words["locative"]
        | words["actor_context"]
        | words["suffixes"]
    )


class Guesser:
    """Proposes token ranges for place names the gazetteer does not know."""

    __slots__ = ("ctx", "plural", "prefixes", "stop", "suffixes", "triggers")

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        words = ctx.words
        self.stop = words["guess_block"]
        self.prefixes = ctx.raw["prefixes"]
        self.suffixes = ctx.raw["suffixes"]
        self.triggers = words["guess_type"]
        self.plural = words["plural_types"]

    def plausible(self, i: int) -> bool:
        """Token ``i`` could be (the start of) a proper place name."""
        ctx = self.ctx
        return i < len(ctx.keys) and ctx.kinds[i] == WORD and self.plausible_word(ctx.keys[i])

    def plausible_word(self, word: str) -> bool:
        """``word`` could be (the start of) a proper place name."""
        if word in self.prefixes:
            return True
        if len(word) < _MIN_LETTERS or word in self.stop:
            return False
        if word.startswith(_CLITIC_ARTICLE):
            return False  # بالتزامن، للمنطقة: a preposition and an article, not a name
        if not all("\u0621" <= ch <= "\u064a" for ch in word):
            return False
        if word.startswith("ال"):
            return not word.endswith(("ات", "ين", "ون"))
        return not word.endswith(("يه", "ون"))

    def _same_line(self, a: int, b: int) -> bool:
        return not self.ctx.toks.gap_has_newline(a, b)

    def extent(self, j: int) -> int:
        """The token after the guessed name starting at token ``j``."""
        ctx = self.ctx
        keys, kinds = ctx.keys, ctx.kinds
        word = keys[j]
        end = j + 1
        k = j + 1
        if k < len(keys) and kinds[k] == WORD and self._same_line(j, k) and self.plausible(k):
            nxt = keys[k]
            if word in self.prefixes or (not word.startswith("ال") and nxt.startswith("ال")):
                end = k + 1
        if (
            end < len(keys)
            and kinds[end] == WORD
            and keys[end] in self.suffixes
            and self._same_line(end - 1, end)
        ):
            end += 1
        return end

    def skip_quotes(self, j: int) -> int:
        keys, kinds = self.ctx.keys, self.ctx.kinds
        while j < len(keys) and kinds[j] == PUNCT and keys[j] in QUOTES:
            j += 1
        return j

    @staticmethod
    def mark(taken: list[bool], first: int, last: int) -> None:
        for t in range(first, last):
            taken[t] = True

    def guesses(self, taken: list[bool], spans: dict[int, int]) -> Iterator[tuple[int, int, int]]:
        """``(first, last, offset)`` of guessed names: tokens ``[first, last)``, the span
        starting ``offset`` characters into the first (after the و of a list).

        ``taken[i]`` marks tokens already in a span; ``spans`` maps the first token of each
        span already found to the token after it (a list may mix known and unknown names).
        """
        keys, kinds = self.ctx.keys, self.ctx.kinds
        n = len(keys)
        triggers = self.triggers
        for i in list(compress(count(), map(triggers.__contains__, keys))):
            if kinds[i] != WORD or taken[i]:
                continue
            j = self.skip_quotes(i + 1)
            if j >= n or not self._same_line(i, j):
                continue
            if j in spans:
                end = spans[j]
            elif taken[j] or not self.plausible(j):
                continue
            else:
                end = self.extent(j)
                if any(taken[j:end]):
                    continue
                self.mark(taken, j, end)
                yield j, end, 0
            if keys[i] in self.plural:
                yield from self.continuation(end, taken, spans)

    def described(self, k: int) -> bool:
        """Token ``k`` is an indefinite relative adjective ("وشريط حدودي"): the word before it
        is a common noun, not a name."""
        ctx = self.ctx
        if k >= len(ctx.keys) or ctx.kinds[k] != WORD or not self._same_line(k - 1, k):
            return False
        word = ctx.keys[k]
        return len(word) >= 4 and not word.startswith("ال") and word.endswith(("ي", "يه"))

    def continuation(
        self, k: int, taken: list[bool], spans: dict[int, int]
    ) -> Iterator[tuple[int, int, int]]:
        """Further names of a list after a dual or plural type word (منطقتي X، Y وZ)."""
        keys, kinds = self.ctx.keys, self.ctx.kinds
        n = len(keys)
        joined = False  # a و item was read: the list is closing, a comma after it ends it
        while 0 < k < n and self._same_line(k - 1, k):
            word = keys[k]
            if k in spans:
                if not word.startswith("و"):
                    return
                joined = True
                k = spans[k]
            elif kinds[k] == WORD and word.startswith("و") and not taken[k]:
                if not self.plausible_word(word[1:]) or self.described(k + 1):
                    return
                end = k + 1
                if word[1:] in self.prefixes and self.plausible(end) and not taken[end]:
                    end += 1  # "وتل شنان": a name's first word takes the next one
                self.mark(taken, k, end)
                yield k, end, 1
                joined = True
                k = end
            elif kinds[k] == PUNCT and word in LIST_SEPARATORS and not (joined and word != "و"):
                j = self.skip_quotes(k + 1)
                if j >= n:
                    return
                if j in spans:
                    k = spans[j]
                    continue
                if taken[j] or not self.plausible(j):
                    return
                end = self.extent(j)
                if any(taken[j:end]):
                    return
                self.mark(taken, j, end)
                yield j, end, 0
                k = end
            else:
                return
