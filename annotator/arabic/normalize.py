"""Arabic normalisation for matching, with a map back to original code points.

Decisions (also in the docstrings the gazetteer relies on):

- alef forms أ إ آ ٱ ٲ ٳ ٵ → ا; alef maqsura ى → ي; taa marbuta ة → ه.
- hamza carried on waw/yaa is folded to its carrier: ؤ → و, ئ → ي (so مسئول and مسؤول stay
  different, but typed-without-hamza spellings such as رييس/رئيس match); a lone ء is kept.
- tatweel, harakat, tanween, shadda, sukun, dagger alef and Quranic marks are dropped
  ("combining" marks: a span's end is extended over them when mapped back).
- bidi controls and zero-width characters (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069,
  U+2060, U+FEFF, U+061C, soft hyphen) are dropped ("format" characters: never included
  at a span's end when mapped back).
- Persian/Urdu/Kurdish letters are folded to the Arabic letter a reader of Arabic news would
  write: ک ڪ گ → ك; ی ې ێ ے → ي; ۀ ە ھ ہ ۃ → ه; ۆ ۇ ۈ ۋ → و; پ → ب; چ → ج; ژ → ز; ڤ → ف;
  ڕ → ر; ڵ → ل.
- Eastern Arabic (٠-٩) and Persian (۰-۹) digits → ASCII; ٬ → ","; ٫ → "."; ٪ → "%".
- Latin letters are lower-cased (only where that keeps one character); no-break and other
  wide spaces become " ".
- Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFC) are decomposed with NFKC and then
  folded as above; a ligature such as ﻻ becomes two characters mapped to the same original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "COMBINING",
    "FORMAT",
    "Normalized",
    "normalize",
    "normalize_key",
]


def _chars(*ranges: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(c) for lo, hi in ranges for c in range(lo, hi + 1))


# Dropped, and swallowed by a span's end when mapped back.
COMBINING: frozenset[str] = _chars(
    (0x0610, 0x061A),  # Quranic honorific marks
    (0x0640, 0x0640),  # tatweel
    (0x064B, 0x065F),  # harakat, tanween, shadda, sukun, ...
    (0x0670, 0x0670),  # dagger alef
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08FF),  # extended Arabic marks
    (0xFE70, 0xFE7F),  # presentation forms of harakat (isolated/medial)
)

# Dropped, and never part of a span's end when mapped back.
FORMAT: frozenset[str] = _chars(
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200B, 0x200F),  # zero-width space/joiners, LRM, RLM
    (0x202A, 0x202E),  # embeddings and overrides
    (0x2060, 0x2060),  # word joiner
    (0x2066, 0x2069),  # isolates
    (0xFEFF, 0xFEFF),  # zero-width no-break space / BOM
)

_FOLD: dict[str, str] = {
    **dict.fromkeys("أإآٱٲٳٵ", "ا"),
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    **dict.fromkeys("کڪگ", "ك"),
    **dict.fromkeys("یېێے", "ي"),
    **dict.fromkeys("ۀەھہۃ", "ه"),
    **dict.fromkeys("ۆۇۈۋ", "و"),
    "پ": "ب",
    "چ": "ج",
    "ژ": "ز",
    "ڤ": "ف",
    "ڕ": "ر",
    "ڵ": "ل",
    "٬": ",",
    "٫": ".",
    "٪": "%",
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **dict.fromkeys("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
    **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000", " "),
}


def _fold_char(ch: str) -> str:
    """The normalised form of one character that is neither dropped nor a presentation form."""
    if ch in _FOLD:
        return _FOLD[ch]
    if ch.isascii() or "\u00c0" <= ch <= "\u024f":
        low = ch.lower()
        return low if len(low) == 1 else ch
    return ch


# Frequent one-to-one folds, done with str.replace (much faster than str.translate on Arabic).
_COMMON: tuple[tuple[str, str], ...] = tuple((ch, _FOLD[ch]) for ch in "أإآٱىةؤئ")


def _build_rare() -> dict[str, str]:
    """Every other character that changes: its replacement ("" when dropped)."""
    rare: dict[str, str] = {}
    common = {ch for ch, _ in _COMMON}
    for ch, rep in _FOLD.items():
        if ch not in common:
            rare[ch] = rep
    for code in range(0x41, 0x250):
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch:
            rare[ch] = folded
    for ch in COMBINING | FORMAT:
        rare[ch] = ""
    for code in [*range(0xFB50, 0xFE00), *range(0xFE80, 0xFEFD)]:
        ch = chr(code)
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed != ch:
            rare[ch] = "".join(
                "" if c in COMBINING or c in FORMAT else _fold_char(c) for c in decomposed
            ).strip()
    return rare


def _char_class(chars: set[str] | dict[str, str]) -> str:
    """A regex character class of ``chars``, written as ranges."""
    codes = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = chr(codes[i]), chr(codes[j])
        parts.append(re.escape(lo) if i == j else f"{re.escape(lo)}-{re.escape(hi)}")
        i = j + 1
    return "[" + "".join(parts) + "]"


_RARE = _build_rare()
_RARE_RE = re.compile(_char_class(_RARE))
_TABLE = {ord(ch): (rep or None) for ch, rep in _RARE.items()} | {
    ord(ch): rep for ch, rep in _COMMON
}


@dataclass(frozen=True)
class Normalized:
    """A normalised string and, per normalised character, its code-point index in the original."""

    text: str
    offsets: Sequence[int]
    original: str = field(default="", repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` to original code points.

        The end extends over dropped combining marks that follow (harakat, tanween, shadda,
        sukun, dagger alef, tatweel) so ``original[s:e]`` holds ``تسعةً`` whole, but not over
        dropped bidi or zero-width format characters.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"[{start}, {end}) outside normalised text of {len(self.text)}")
        offsets = self.offsets
        s = offsets[start]
        if end == start:
            return s, s
        e = offsets[end - 1] + 1
        limit = offsets[end]
        original = self.original
        while e < limit and original[e : e + 1] in COMBINING:
            e += 1
        return s, e


def _fold_common(s: str) -> str:
    for ch, rep in _COMMON:
        if ch in s:
            s = s.replace(ch, rep)
    return s


def normalize(text: str) -> Normalized:
    """Normalise ``text`` for matching, keeping the map back to its code points."""
    n = len(text)
    hits = [m.start() for m in _RARE_RE.finditer(text)]
    if not hits:
        return Normalized(_fold_common(text), range(n + 1), text)
    rare = _RARE
    pieces: list[str] = []
    offsets: list[int] | None = None
    prev = 0
    for pos in hits:
        rep = rare[text[pos]]
        if len(rep) != 1 and offsets is None:
            offsets = list(range(prev))
        if offsets is not None:
            offsets.extend(range(prev, pos))
            offsets.extend([pos] * len(rep))
        pieces.append(text[prev:pos])
        pieces.append(rep)
        prev = pos + 1
    pieces.append(text[prev:])
    out = _fold_common("".join(pieces))
    if offsets is None:
        return Normalized(out, range(n + 1), text)
    offsets.extend(range(prev, n + 1))
    return Normalized(out, offsets, text)


def normalize_key(s: str) -> str:
    """The normalised text of ``s`` alone, for dictionary keys."""
    return _fold_common(s.translate(_TABLE))
