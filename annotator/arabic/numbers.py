"""Numbers in Arabic text: digits, number words, duals that count people, vague quantities.

Span decisions (the codebook's "number expression alone"):

- A proclitic و/ف/ب/ل/ك on the first word is outside the span ("وثلاثة" → "ثلاثة"); the و that
  joins the parts of a compound is inside it ("خمسةُ وأربعين", "ألف وسبعة وثمانون").
- Diacritics, tanween and tatweel written on the last word are inside the span.
- Vague quantities (عشرات، مئات، آلاف، ملايين, optionally followed by الآلاف) have value None;
  clitics before them stay out, the article ال is part of the word and stays in ("بالعشرات" →
  "العشرات"; in لل the first ل is the clitic). آلاف after a number is a multiplier, not vague
  ("ثلاثة آلاف" = 3000). بضعة, عدد, العديد are not numbers here.
- أحد/إحدى before a plural person noun count one ("أحد مقاتلي X" = 1); number words and digits
  joined by و after a scale word are one number ("ثلاثة آلاف و418" = 3418).
- Duals count 2 only for person nouns (resources/numbers_person_nouns.json): the -ان form always,
  the -ين form only when it is not also a sound plural (ضابطين yes; مدنيين, مقاتلين no). The
  definite dual (الضابطان) refers back and is not returned.
- Digits: ASCII, Eastern Arabic and Persian, with "," or "٬" between groups of three
  ("1,087" = 1087). A decimal ("3.5") is returned with value None and ``decimal=True`` unless a
  scale word follows ("1.5 مليون"); digits, a scale word and و + digits make one number
  ("11 ألفاً و500" = 11500). Digits glued to Latin letters (ISIS23112018) are not numbers.
- Found with one Aho-Corasick pass over the normalised text (number words, duals, vague words,
  digits); only the hits are tokenised, to read compounds.
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Any, Literal, NamedTuple

import ahocorasick

from annotator.arabic.lexicon import person_nouns
from annotator.arabic.normalize import COMBINING, Normalized, normalize
from annotator.arabic.tokens import TokenList

__all__ = [
    "NumberForm",
    "NumberMatch",
    "find_numbers",
    "is_number_word",
    "parse_number_words",
]

NumberForm = Literal["digits", "words", "dual", "vague"]


class NumberMatch(NamedTuple):
    """A number expression: ``text[start:end]`` in original code points, and its value."""

    start: int
    end: int
    value: int | None
    form: NumberForm
    decimal: bool = False
    norm_start: int = -1  # the same span in the normalised text
    norm_end: int = -1


class _Atom(NamedTuple):
    kind: str  # unit head ten tens hundred hword scale vague
    value: int
    end: int  # normalised offset where the atom's word ends
    next: int  # index of the token after it
    plural: bool = False  # آلاف، ملايين: a multiplier after 3..10, vague alone
    dual: bool = False  # ألفان، مليونان: 2 x scale, only alone


def _words(value: int, kind: str, *words: str) -> dict[str, tuple[str, int]]:
    return dict.fromkeys(words, (kind, value))


_UNIT_STEMS = {
    3: ("ثلاث",),
    4: ("اربع",),
    5: ("خمس",),
    6: ("ست",),
    7: ("سبع",),
    8: ("ثمان", "ثماني"),
    9: ("تسع",),
}
_TENS = {
    20: "عشر",
    30: "ثلاث",
    40: "اربع",
    50: "خمس",
    60: "ست",
    70: "سبع",
    80: "ثمان",
    90: "تسع",
}

_LEXICON: dict[str, tuple[str, int]] = {
    **_words(1, "unit", "واحد", "واحده"),
    **_words(2, "unit", "اثنان", "اثنين", "اثنتان", "اثنتين"),
    **_words(1, "head", "احد", "احدي"),
    **_words(2, "head", "اثنا", "اثني", "اثنتا", "اثنتي"),
    **_words(10, "ten", "عشر", "عشره"),
    **_words(100, "hword", "ميه", "مايه"),
    **_words(200, "hundred", "ميتان", "ميتين", "مايتان", "مايتين", "ميتا", "مايتا", "ميتي"),
}
for _value, _stems in _UNIT_STEMS.items():
    for _stem in _stems:
        _LEXICON[_stem] = ("unit", _value)
        _LEXICON[_stem + "ه"] = ("unit", _value)
        for _hundred in ("ميه", "مايه"):
            _LEXICON[_stem + _hundred] = ("hundred", _value * 100)
for _value, _stem in _TENS.items():
    _LEXICON[_stem + "ون"] = ("tens", _value)
    _LEXICON[_stem + "ين"] = ("tens", _value)

# scale words: (value, plural, dual)
_SCALES: dict[str, tuple[int, bool, bool]] = {
    "الف": (1000, False, False),
    "الفا": (1000, False, False),
    "الاف": (1000, True, False),
    "الفان": (1000, False, True),
    "الفين": (1000, False, True),
    "مليون": (10**6, False, False),
    "مليونا": (10**6, False, False),
    "ملايين": (10**6, True, False),
    "مليونان": (10**6, False, True),
    "مليونين": (10**6, False, True),
    "مليار": (10**9, False, False),
    "مليارا": (10**9, False, False),
    "مليارات": (10**9, True, False),
}
_VAGUE = {"عشرات", "ميات", "مايات", "الاف", "ملايين"}
_FATHA = "\u064e"
# a fraction before a scale word: "نصف مليون" = 500000, "ربع مليون" = 250000
_FRACTIONS = {"نصف": (1, 2), "ربع": (1, 4)}
_VAGUE_TAIL = {"الالاف", "الاف"}
_ONE_OF = frozenset({"احد", "احدي"})  # "one of" before a plural person noun counts 1

_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_ARTICLE_PREFIXES = ("ال", "وال", "فال", "بال", "كال", "لل", "وبال", "ولل", "فلل")
# clitic + word pairs that read as another word: لست "I am not"
_NOT_NUMBERS = {("ل", "ست")}

_THOUSANDS_RE = re.compile(r"\d{1,3}(?:,\d{3})+")
_INT_RE = re.compile(r"\d+")
_DECIMAL_RE = re.compile(r"\d+\.\d+")
_DIGITS_RE = re.compile(r"[0-9]+(?:[,.][0-9]+)*")
_REST_RE = re.compile(r" ?و ?([0-9]+)(?![0-9,.])")


class _Parser:
    """Recursive descent over the normalised tokens of one text."""

    __slots__ = ("first", "stem", "tokens")

    def __init__(self, tokens: TokenList) -> None:
        self.tokens = tokens
        self.first = -1  # a token read without its proclitics: index and stem
        self.stem = ""

    def word(self, i: int) -> str | None:
        if i == self.first:
            return self.stem
        return self.tokens.word(i) or None

    def number_at(self, i: int, stem: str) -> tuple[int | None, int, int, int] | None:
        """:meth:`number` reading token ``i`` as ``stem`` (the word without its proclitics)."""
        self.first, self.stem = i, stem
        try:
            return self.number(i)
        finally:
            self.first = -1

    def atom(self, i: int, waw: bool) -> _Atom | None:
        """The number word at token ``i``; with ``waw`` it must be joined by و (glued or apart)."""
        w = self.word(i)
        if w is None:
            return None
        if waw:
            if w == "و":
                i += 1
                w = self.word(i)
                if w is None:
                    return None
            elif w.startswith("و"):
                w = w[1:]
            else:
                return None
        end, nxt = self.tokens.ends[i], i + 1
        if w in _LEXICON:
            kind, value = _LEXICON[w]
            return _Atom(kind, value, end, nxt)
        if w in _SCALES:
            value, plural, dual = _SCALES[w]
            return _Atom("scale", value, end, nxt, plural, dual)
        return None

    def below100(self, i: int, waw: bool) -> _Atom | None:
        """A number below 100: unit, teen (unit + عشر), tens, or unit و tens."""
        a = self.atom(i, waw)
        if a is None or a.kind not in ("unit", "head", "ten", "tens"):
            return None
        if a.kind in ("unit", "head"):
            t = self.atom(a.next, waw=False)
            if t is not None and t.kind == "ten":
                return t._replace(kind="n", value=a.value + 10)
            t = self.atom(a.next, waw=True)
            if a.kind == "unit" and t is not None and t.kind == "tens":
                return t._replace(kind="n", value=a.value + t.value)
        return None if a.kind == "head" else a._replace(kind="n")

    def group(self, i: int, waw: bool) -> _Atom | None:
        """A number below 1000."""
        a = self.atom(i, waw)
        if a is None:
            return None
        hundreds = None
        if a.kind in ("hundred", "hword"):
            hundreds = a
        elif a.kind == "unit" and 3 <= a.value <= 9:
            h = self.atom(a.next, waw=False)
            if h is not None and h.kind == "hword":
                hundreds = h._replace(value=a.value * 100)
        if hundreds is None:
            return self.below100(i, waw)
        rest = self.below100(hundreds.next, waw=True)
        if rest is not None:
            return rest._replace(value=hundreds.value + rest.value)
        return hundreds._replace(kind="n")

    def number(self, i: int) -> tuple[int | None, int, int, int] | None:
        """(value, end, next token, parts) of number words at token ``i``; value None if vague."""
        fraction = _FRACTIONS.get(self.word(i) or "")
        if fraction is not None:
            s = self.atom(i + 1, waw=False)
            if s is None or s.kind != "scale" or s.plural or s.dual:
                return None
            return s.value * fraction[0] // fraction[1], s.end, s.next, 2
        total, last_scale, parts = 0, math.inf, 0
        end, j = -1, i
        while True:
            g = self.group(j, waw=parts > 0)
            s = self.atom(g.next if g else j, waw=parts > 0 and g is None)
            if s is not None and s.kind == "scale" and s.value < last_scale:
                if g is not None and not s.dual:
                    total += g.value * s.value
                elif g is None and s.plural:
                    if parts:
                        break
                    return self.vague(j)
                elif g is None:
                    total += (2 if s.dual or self.word(j) == "الفا" else 1) * s.value
                else:
                    break
                last_scale, end, j, parts = s.value, s.end, s.next, parts + 2
                continue
            if g is not None:
                total, end, j, parts = total + g.value, g.end, g.next, parts + 1
            break
        if end < 0:
            return None
        if last_scale < math.inf:
            return self.digits_after_scale(total, end, j, parts, last_scale)
        return total, end, j, parts

    def digits_after_scale(
        self, total: int, end: int, j: int, parts: int, scale: float
    ) -> tuple[int, int, int, int]:
        """Digits joined by و after a scale word: "ثلاثة آلاف و418" = 3418."""
        tokens = self.tokens
        if self.word(j) == "و" and j + 1 < len(tokens) and tokens.kinds[j + 1] == "number":
            rest = tokens.words[j + 1]
            if rest.isdigit() and int(rest) < scale:
                return total + int(rest), tokens.ends[j + 1], j + 2, parts + 1
        return total, end, j, parts

    def vague(self, i: int) -> tuple[None, int, int, int]:
        end, j = self.tokens.ends[i], i + 1
        if self.word(j) in _VAGUE_TAIL:
            end, j = self.tokens.ends[j], j + 1
        return None, end, j, 1


def is_number_word(word: str) -> bool:
    """A normalised word that is a number by itself, maybe after و ("وثلاثه", "عشرين", "الاف").

    Not أحد/إحدى/اثنا, which count only in a teen ("أحد عناصره" is "one of").
    """
    stem = word[1:] if word[:1] == "و" and word not in _LEXICON else word
    return _LEXICON.get(stem, ("head",))[0] != "head" or stem in _SCALES


def parse_number_words(words: str) -> int | None:
    """The value of a string made only of number words ("ألف وسبعة وثمانون" → 1087), else None."""
    tokens = TokenList(normalize(words).text)
    parsed = _Parser(tokens).number(0) if len(tokens) else None
    if parsed is None or parsed[2] != len(tokens):
        return None
    return parsed[0]


_NUMBER_PREFIXES = frozenset(_PROCLITICS)
_VAGUE_PREFIXES = _NUMBER_PREFIXES | frozenset(_ARTICLE_PREFIXES)
_MAX_PREFIX = 4
_COMPOUND_CHARS = (36, 160)  # windows for number-word phrases: most fit the first
_SCALE_STARTS = (" ال", " مل", "ال", "مل")


@cache
def _automaton() -> Any:
    """Aho-Corasick over number words, scale words, vague words, person duals and digits."""
    automaton = ahocorasick.Automaton()
    nouns = person_nouns()
    for word in [*_LEXICON, *_SCALES, *_VAGUE, *_FRACTIONS, *nouns.dual, *nouns.dual_or_plural]:
        automaton.add_word(word, word)
    for digit in "0123456789":
        automaton.add_word(digit, "")
    automaton.make_automaton()
    return automaton


def _digits_value(s: str) -> tuple[int | None, bool]:
    if _INT_RE.fullmatch(s):
        return int(s), False
    if _THOUSANDS_RE.fullmatch(s):
        return int(s.replace(",", "")), False
    return None, True


_new_tuple = tuple.__new__  # NumberMatch(*fields) without its Python-level __new__


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


class _Finder:
    """find_numbers over one normalised text."""

    __slots__ = ("dual_or_plural", "duals", "norm", "ntext", "out", "plurals")

    def __init__(self, norm: Normalized) -> None:
        self.norm = norm
        self.ntext = norm.text
        self.out: list[NumberMatch] = []
        self.duals = person_nouns().dual
        self.dual_or_plural = person_nouns().dual_or_plural
        self.plurals = person_nouns().plural

    def emit(
        self, ns: int, ne: int, value: int | None, form: NumberForm, dec: bool = False
    ) -> None:
        s, e = self.norm.to_original(ns, ne)
        self.out.append(_new_tuple(NumberMatch, (s, e, value, form, dec, ns, ne)))

    def run(self, stop: int) -> list[NumberMatch]:
        ntext = self.ntext
        consumed = 0
        n = len(ntext)
        # Hits come by end position, the longest first at one end, so a word is tried whole
        # before its tails ("واحد" before "احد").
        for last, key in _automaton().iter(ntext, 0, stop):
            if not key:
                if last >= consumed:
                    consumed = self.digits(last)
                continue
            start = last + 1 - len(key)
            if start < consumed or (last + 1 < n and ntext[last + 1].isalpha()):
                continue
            ws = start
            while ws > 0 and ntext[ws - 1].isalpha() and start - ws <= _MAX_PREFIX:
                ws -= 1
            prefix = ntext[ws:start]
            if prefix not in _VAGUE_PREFIXES:
                continue
            end = self.word_number(ws, start, prefix, key)
            if end is not None:
                consumed = end
        return self.out

    def digits(self, start: int) -> int:
        """Emit the digit number at ``start``; where scanning resumes."""
        ntext = self.ntext
        m = _DIGITS_RE.match(ntext, start)
        assert m is not None
        end = m.end()
        if (start and _latin(ntext[start - 1])) or (end < len(ntext) and _latin(ntext[end])):
            return end
        text = m.group()
        value, dec = _digits_value(text)
        scale = None
        if ntext.startswith(_SCALE_STARTS, end):
            tokens = TokenList(ntext, end, min(end + 20, len(ntext)))
            scale = _Parser(tokens).atom(0, waw=False)
        if scale is not None and scale.kind == "scale" and not scale.dual:
            number = float(text) if _DECIMAL_RE.fullmatch(text) else value
            if number is not None:
                total, stop = round(number * scale.value), scale.end
                rest = _REST_RE.match(ntext, stop)  # "11 ألفاً و500"
                if rest is not None and int(rest.group(1)) < scale.value:
                    total, stop = total + int(rest.group(1)), rest.end()
                self.emit(start, stop, total, "digits")
                return stop
        self.emit(start, end, value, "digits", dec)
        return end

    def one_of(self, tokens: TokenList) -> bool:
        """The word after أحد/إحدى is a plural person noun: "أحد مقاتلي", "أحد المتهمين"."""
        nxt = tokens.word(1)
        if nxt.startswith("ال"):
            nxt = nxt[2:]
        return nxt in self.plurals

    def fatha_dual(self, start: int, key: str) -> bool:
        """The -ين ending of ``key`` at ``start`` is written with a fatha before the ي."""
        ya = self.norm.offsets[start + len(key) - 2]
        marks = ""
        original = self.norm.original
        while ya > 0 and original[ya - 1] in COMBINING:
            ya -= 1
            marks += original[ya]
        return _FATHA in marks

    def word_number(self, ws: int, start: int, prefix: str, key: str) -> int | None:
        """Emit number words, a dual or a vague quantity at ``start``; the end, or None."""
        numeric = prefix in _NUMBER_PREFIXES and (prefix, key) not in _NOT_NUMBERS
        if not numeric and (key not in _VAGUE or prefix not in _ARTICLE_PREFIXES):
            return None
        if key in self.duals or (key in self.dual_or_plural and self.fatha_dual(start, key)):
            self.emit(start, start + len(key), 2, "dual")
            return start + len(key)
        if key in self.dual_or_plural:
            return None
        for chars in _COMPOUND_CHARS:
            tokens = TokenList(self.ntext, ws, min(ws + chars, len(self.ntext)))
            parser = _Parser(tokens)
            parsed = None if key in _VAGUE and key not in _SCALES else parser.number_at(0, key)
            if parsed is None or parsed[2] < len(tokens):
                break
        if parsed is None:
            if key in _ONE_OF and self.one_of(tokens):
                parsed = (1, start + len(key), 1, 1)  # "أحد مقاتلي X": one of them
            elif key in _VAGUE:
                parsed = parser.vague(0)
            else:
                return None
        value, end, nxt, parts = parsed
        if value is None and prefix in _ARTICLE_PREFIXES:
            start -= 1 if prefix.endswith("لل") else 2  # the article is in the span
        if parts == 1 and value is not None and nxt < len(tokens) and tokens.kinds[nxt] == "number":
            return None  # "تسع 500": the verb تسع before a count, not nine
        self.emit(start, end, value, "vague" if value is None else "words")
        return end


def find_numbers(
    text: str, norm: Normalized | None = None, end: int | None = None
) -> list[NumberMatch]:
    """Every number expression in ``text`` (original offsets), in order of position.

    With ``end`` (an offset of the normalised text at a line start or before a mark such as
    "[ads"), only the numbers that start before it.
    """
    norm = norm if norm is not None else normalize(text)
    return _Finder(norm).run(len(norm.text) if end is None else end)
