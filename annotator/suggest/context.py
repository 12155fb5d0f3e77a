"""Context rules around a found name: type words, locative cues, government use, quotes."""

from __future__ import annotations

from bisect import bisect_right

from annotator.arabic.clitics import CONJUNCTIONS, PREPOSITIONS, PROCLITICS
from annotator.suggest.entries import FREE, HEAD, LOC, POLITY, TYPE
from annotator.suggest.matcher import PUNCT, WORD, Candidate, Tokens

QUOTES = frozenset("\"'“”«»„‟‘’`")
LIST_SEPARATORS = frozenset({"،", ",", "و", "-", "/"})
PLURAL_TYPES = frozenset(
    {"بلدات", "قري", "مدن", "احياء", "مناطق", "مخيمات", "محافظات", "محاور", "نواحي", "مزارع"}
)
_PREP = PREPOSITIONS
_CONJ = CONJUNCTIONS

# NAME: the words name something else (a facility, an operation, a newspaper); dropped, and
# no shorter place is read inside them (عملية «درع الفرات» is not الفرات).
OK, LIST, DROP, NAME = "ok", "list", "drop", "name"
# A government cue may stand one word further back: "المدعومة من أنقرة", "التنسيق مع أربيل",
# "المتنازع عليها بين أربيل وبغداد".
_GOV_LINKS = frozenset({"من", "مع", "بين", "فيه", "فيها"})
_DATELINE_MARKS = frozenset({"-", ":", "(", "،", ",", "/"})
_OUTLET_DASHES = frozenset({"-", "/"})  # the keys read every dash as "-"
_OUTLET_REACH = 5  # tokens of an outlet's name before a dateline's dash
_OUTLET_WORDS = frozenset({"نيوز", "بوست", "برس", "تايمز"})  # الفرات نيوز: an outlet
_ORG_ADJECTIVES = frozenset({"المحلي", "البلدي", "المحليه", "البلديه"})  # المجلس المحلي لمدينة
_QUOTED_REACH = 5  # words of a quoted name read back to its opening mark
# words before a quoted name that holds no place (normalised): operations, battles, agreements
_QUOTED_NAME_WORDS = ("عمليه", "عمليات", "معركه", "اتفاق", "اتفاقيه", "مسار", "مؤتمر", "محادثات")
_PLACE_PREPOSITIONS = frozenset({"في", "الي", "داخل", "عبر", "نحو", "باتجاه"})
_OBJECT_SUFFIXES = ("هما", "هم", "ها", "ه")
_RIVER_LINKS = frozenset({"لنهر", "للنهر", "لنهري"})
_RIVER_LINK_STEMS = ("لنهر", "للنهر")  # every word of _RIVER_LINKS holds one of these
# the middle word of an organisation named after a place: قيادة عمليات X، مجلس محافظة X
_ORG_MIDDLES = frozenset({"عمليات", "محافظه", "شرطه", "قضاء"})


def with_proclitics(words: frozenset[str]) -> frozenset[str]:
    """``words`` and each of them behind a proclitic (و ف ب ل ك and their pairs)."""
    return frozenset(words | {p + w for w in words for p in PROCLITICS})


class ArticleContext:
    """The tokens of one normalised article and the word lists the rules consult.

    ``words`` holds each list with its proclitic forms added (see with_proclitics), ``raw``
    the lists as they are.
    """

    __slots__ = ("keys", "kinds", "quoted_tokens", "raw", "rivers", "toks", "words")

    def __init__(
        self, toks: Tokens, words: dict[str, frozenset[str]], raw: dict[str, frozenset[str]]
    ) -> None:
        self.toks = toks
        self.keys = toks.keys
        self.kinds = toks.kinds
        self.words = words
        self.raw = raw
        self.quoted_tokens: frozenset[int] | None = None  # found when first needed
        # a river link word can be a token only where its letters are in the text
        self.rivers = any(link in toks.text for link in _RIVER_LINK_STEMS)

    def prev_word(self, i: int) -> int | None:
        """The word token before token ``i`` on its line, skipping quotation marks."""
        kinds, keys = self.kinds, self.keys
        j = i - 1
        while j >= 0 and kinds[j] == PUNCT and keys[j] in QUOTES:
            j -= 1
        if j < 0 or kinds[j] != WORD or self.toks.gap_has_newline(j, i):
            return None
        return j

    def next_word(self, i: int) -> int | None:
        """The word token at or after index ``i`` on the same line, skipping quotation marks."""
        kinds, keys = self.kinds, self.keys
        j = i
        while j < len(keys) and kinds[j] == PUNCT and keys[j] in QUOTES:
            j += 1
        if j >= len(keys) or kinds[j] != WORD or self.toks.gap_has_newline(i - 1, j):
            return None
        return j

    def word_is(self, i: int | None, name: str) -> bool:
        return i is not None and self.keys[i] in self.words[name]

    def quoted(self, c: Candidate) -> bool:
        """Quotation marks right around the name."""
        kinds, keys = self.kinds, self.keys
        before = c.first - 1
        before_ok = (
            not c.prefix and before >= 0 and kinds[before] == PUNCT and keys[before] in QUOTES
        )
        after_ok = c.last < len(keys) and kinds[c.last] == PUNCT and keys[c.last] in QUOTES
        return before_ok and after_ok

    def actor_status(self, c: Candidate) -> str:
        if c.entry.context != HEAD:
            return OK
        prev = self.prev_word(c.first)
        if prev is not None and self.keys[prev] == "من":
            prev = self.prev_word(prev)  # عناصر من القاعدة
        if self.word_is(prev, "actor_context") or self.quoted(c):
            return OK
        return DROP

    def government_use(self, c: Candidate) -> bool:
        """A country or capital standing for its government: "بغداد أكدت"، "بقيادة واشنطن",
        "التنسيق مع أربيل", "المتنازع عليها بين أربيل وبغداد", "التي تعدها تركيا".

        Never after a preposition of place: "ضربات في سوريا قال إنها ..." is a place."""
        prev = self.prev_word(c.first)
        if self.gov_cue(prev):
            return True
        if (
            prev is not None
            and self.keys[prev] in _GOV_LINKS
            and self.gov_cue(self.prev_word(prev))
        ):
            return True
        if "ب" in c.prefix or (prev is not None and self.keys[prev] in _PLACE_PREPOSITIONS):
            return False
        following = self.next_word(c.last)
        return following is not None and self.keys[following] in self.words["gov_after"]

    def gov_cue(self, i: int | None) -> bool:
        """Token ``i`` is a government cue, maybe with an object pronoun (تعدها، تدعمه)."""
        if i is None:
            return False
        word, cues = self.keys[i], self.words["gov_before"]
        if word in cues:
            return True
        for suffix in _OBJECT_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                return word[: -len(suffix)] in cues
        return False

    def organisation(self, prev: int | None) -> bool:
        """The name ends an organisation's name: "قيادة عمليات سامراء", "مجلس محافظة نينوى",
        "المجلس المحلي لمدينة الأتارب"."""
        if prev is None:
            return False
        key = self.keys[prev]
        if key in _ORG_MIDDLES:
            return self.word_is(self.prev_word(prev), "facilities")
        if key[:1] == "ل" and key[1:] in self.raw["type_words"]:  # "... لمدينة X"
            k = self.prev_word(prev)
            if k is not None and self.keys[k] in _ORG_ADJECTIVES:
                k = self.prev_word(k)
            return k is not None and self.keys[k].removeprefix("ال") in self.raw["facilities"]
        return False

    def quoted_name(self, c: Candidate) -> bool:
        """The name is inside a quoted name after an operation, battle or agreement word,
        anywhere in it: عمليات "قادمون يا نينوى", معركة «تحرير الرقة»."""
        if self.quoted_tokens is None:
            self.quoted_tokens = self.find_quoted_names()
        return c.first in self.quoted_tokens

    def find_quoted_names(self) -> frozenset[int]:
        """The word tokens inside quoted names after an operation word (once per article:
        a few substring searches; most articles have none)."""
        toks, keys, kinds = self.toks, self.keys, self.kinds
        text, limit = toks.text, toks.limit
        inside: set[int] = set()
        for word in _QUOTED_NAME_WORDS:
            at = text.find(word, 0, limit)
            while at != -1:
                end = at + len(word)
                at = text.find(word, end, limit)
                if text[end : end + 2].lstrip()[:1] not in QUOTES:
                    continue
                j = bisect_right(toks.starts, end)  # the opening mark
                while j < len(keys) and kinds[j] == PUNCT and keys[j] in QUOTES:
                    j += 1
                k = j
                while k < len(keys) and k - j < _QUOTED_REACH and kinds[k] == WORD:
                    k += 1
                if k < len(keys) and keys[k] in QUOTES:  # closed: a quoted name
                    inside.update(range(j, k))
        return frozenset(inside)

    def river_bank(self, c: Candidate) -> bool:
        """The name is followed by "لنهر" / "للنهر": a river's bank (الضفة الشرقية لنهر دجلة)."""
        if not self.rivers:
            return False
        following = self.next_word(c.last)
        return following is not None and self.keys[following] in _RIVER_LINKS

    def dateline(self, c: Candidate) -> bool:
        """A name that opens its line before a dash, a colon, a slash or a bracket: "بيروت -
        (أ ف ب)", "أنقرة/ الأناضول"; or the place after the dash of a short line that names
        an outlet first: "بغداد اليوم – صلاح الدين"."""
        toks = self.toks
        if c.first > 0 and not toks.gap_has_newline(c.first - 1, c.first):
            return self.after_outlet(c)
        return c.last < len(self.keys) and self.keys[c.last] in _DATELINE_MARKS

    def after_outlet(self, c: Candidate) -> bool:
        """The name ends a short first part of a line after a dash: "عنب بلدي – إدلب"."""
        toks, keys = self.toks, self.keys
        if c.first < 2 or keys[c.first - 1] not in _OUTLET_DASHES:
            return False
        if c.last < len(keys) and not toks.gap_has_newline(c.last - 1, c.last):
            return False  # the name must end its line
        k = c.first - 2
        while k > 0 and c.first - k <= _OUTLET_REACH and not toks.gap_has_newline(k - 1, k):
            k -= 1
        return k == 0 or toks.gap_has_newline(k - 1, k)

    def told_to(self, c: Candidate) -> bool:
        """A quoted name right after a lone لـ: a newspaper told something ("لـ«الشرق الأوسط»")."""
        before = c.first - 1
        if c.prefix or not self.quoted(c) or before < 1:
            return False
        return self.kinds[before - 1] == WORD and self.keys[before - 1] == "ل"

    def place_status(self, c: Candidate) -> str:
        """OK, DROP, or LIST: kept only if it continues a list after an accepted place."""
        entry = c.entry
        if entry.flags & POLITY and self.government_use(c):
            return DROP
        prev = self.prev_word(c.first) if not c.prefix or c.prefix in _CONJ else None
        if self.names_other(c, prev):
            return NAME  # مطار القامشلي، جامعة دمشق، عملية «درع الفرات»: not a place
        if self.river_bank(c):
            return DROP  # الضفة الغربية لنهر الفرات: a bank of the river, not the West Bank
        located = entry.context == LOC and (
            any(ch in _PREP for ch in c.prefix)
            or self.word_is(prev, "locative")
            or self.word_is(prev, "directions")
            or self.dateline(c)
        )
        word = self.keys[c.first]
        if entry.context != FREE and c.last == c.first + 1 and self.type_word_again(word):
            return DROP  # "في منطقة القرى": the type word again, not Al Qura
        if entry.context == FREE or located or self.word_is(prev, "type_words"):
            return OK
        particle = not c.prefix and word[:1] == "و" and word[1:] in self.raw["guess_stop"]
        # "، وأن": و and a particle, not Van in a list
        return LIST if entry.context in (LOC, TYPE) and not particle else DROP

    def type_word_again(self, word: str) -> bool:
        """A definite form of a type word (القرى، المدينة، البلدتين)."""
        rest = word.removeprefix("ال")
        types = self.raw["type_words"]
        return rest != word and (rest in types or rest.removesuffix("ين") + "ي" in types)

    def names_other(self, c: Candidate, prev: int | None) -> bool:
        """The name is part of a facility's, an organisation's, an operation's or an outlet's
        name, or a newspaper told something."""
        if not c.prefix and (self.word_is(prev, "facilities") or self.organisation(prev)):
            return True
        if c.last < len(self.keys) and self.keys[c.last] in _OUTLET_WORDS:
            return True  # the name begins an outlet's name: "الفرات نيوز"
        return self.quoted_name(c) or self.told_to(c)

    def listed_after(self, prev_last: int, first: int, prefix: str) -> bool:
        """Token ``first`` continues a list whose previous item ended before ``prev_last``."""
        if prefix.startswith("و") and first == prev_last:
            return True
        if first == prev_last + 1:
            key = self.keys[prev_last]
            return key == "و" or (self.kinds[prev_last] == PUNCT and key in LIST_SEPARATORS)
        return False
