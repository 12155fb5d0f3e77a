"""Unknown place names right after a strong type word: "في قرية طيب الفال" → طيب الفال."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, count

from annotator.suggest.context import LIST_SEPARATORS, QUOTES, ArticleContext
from annotator.suggest.matcher import PUNCT, WORD

SCORE_GUESS = 0.35
_MIN_LETTERS = 3
_PARTICIPLE = 5  # letters of the shortest adverbial participle read as one (مؤكدا)
_DUAL_ENDINGS = ("تين", "تان")  # المدينتين، البلدتان
# singular type words of a settlement: after them a definite plural-looking word is a name
_VILLAGES = frozenset({"قريه", "بلده", "حي", "مخيم", "ناحيه", "مزرعه"})
# first words of landmarks' names, guessed whole after a locative cue (في سوق الهال)
_LANDMARKS = frozenset({"سوق", "خان", "تل", "تله", "جبل"})
LANDMARK_TOKENS = _LANDMARKS | {"ب" + w for w in _LANDMARKS}
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

    __slots__ = ("ctx", "hits", "plural", "prefixes", "stop", "suffixes", "triggers", "type_forms")

    def __init__(self, ctx: ArticleContext) -> None:
        self.ctx = ctx
        words = ctx.words
        self.stop = words["guess_block"]
        self.prefixes = ctx.raw["prefixes"]
        self.suffixes = ctx.raw["suffixes"]
        self.triggers = words["guess_type"]
        self.plural = words["plural_types"]
        self.type_forms = ctx.raw["type_forms"]
        # the tokens that may start a guess: type words and landmark words, in one pass
        self.hits = list(compress(count(), map(words["guess_starts"].__contains__, ctx.keys)))

    def plausible(self, i: int, *, village: bool = False) -> bool:
        """Token ``i`` could be (the start of) a proper place name."""
        ctx = self.ctx
        return (
            i < len(ctx.keys)
            and ctx.kinds[i] == WORD
            and self.plausible_word(ctx.keys[i], village=village)
        )

    def plausible_word(self, word: str, *, village: bool = False) -> bool:
        """``word`` could be (the start of) a proper place name; with ``village`` it follows
        a singular type word of a settlement, where ال...ات is a name (قرية الزهيرات)."""
        if word in self.prefixes:
            return True
        if (
            len(word) < _MIN_LETTERS
            or word in self.stop
            or word.startswith(_CLITIC_ARTICLE)  # بالتزامن، للمنطقة: a preposition + ال
            or not all("\u0621" <= ch <= "\u064a" for ch in word)
            or (word.startswith("م") and word.endswith("ا") and len(word) >= _PARTICIPLE)
        ):
            return False  # the last: an adverbial participle (مؤكدا، مشيرا)
        if word.startswith("ال"):
            if word[2:] in self.type_forms or word[2:].endswith(_DUAL_ENDINGS):
                return False  # البلدتين، القرى: the type word again, not a name
            return not word.endswith(("ين", "ون")) and (village or not word.endswith("ات"))
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
        for i in self.hits:
            if keys[i] not in triggers:
                continue
            if kinds[i] != WORD or taken[i] or self.ctx.organisation(i):
                continue  # "المجلس المحلي لمدينة X": an organisation's name
            j = self.skip_quotes(i + 1)
            if j >= n or not self._same_line(i, j):
                continue
            if j in spans:
                end = spans[j]
            elif taken[j] or not self.plausible(j, village=keys[i] in _VILLAGES):
                continue
            else:
                end = self.extent(j)
                if any(taken[j:end]) or (end == j + 1 and keys[j] in self.prefixes):
                    continue  # a name's first word alone (تل، جديدة) is no name
                self.mark(taken, j, end)
                yield j, end, 0
            if keys[i] in self.plural:
                yield from self.continuation(end, taken, spans)

    def landmarks(self, taken: list[bool]) -> Iterator[tuple[int, int, int]]:
        """A landmark's name after a locative cue: "في سوق الهال", "بخان الشيح": the first
        word (سوق، خان، تل، تلة، جبل) is part of the name."""
        ctx = self.ctx
        keys, kinds = ctx.keys, ctx.kinds
        for i in self.hits:
            if keys[i] not in LANDMARK_TOKENS or i == 0 or i + 1 >= len(keys):
                continue
            if taken[i] or taken[i + 1] or kinds[i] != WORD:
                continue
            word = keys[i]
            offset = 1 if word[:1] == "ب" and word[1:] in _LANDMARKS else 0
            if not offset and (word not in _LANDMARKS or not ctx.word_is(i - 1, "locative")):
                continue
            nxt = keys[i + 1]
            if not (nxt.startswith("ال") and self.plausible(i + 1) and self._same_line(i, i + 1)):
                continue
            if self.described(i + 2) or ctx.word_is(i + 1, "directions"):
                continue
            self.mark(taken, i, i + 2)
            yield i, i + 2, offset

    def described(self, k: int) -> bool:
        """Token ``k`` is an indefinite relative adjective ("وشريط حدودي"): the word before it
        is a common noun, not a name."""
        ctx = self.ctx
        if k >= len(ctx.keys) or ctx.kinds[k] != WORD or not self._same_line(k - 1, k):
            return False
        word = ctx.keys[k]
        if word in ctx.words["directions"]:
            return False  # "وهاكورك شمالي العراق": a direction, not an adjective
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
