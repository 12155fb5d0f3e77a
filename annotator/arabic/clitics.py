"""The proclitics of an Arabic word, in one place: the letters, and the rules built on them.

Arabic writes a conjunction (و ف), a preposition (ب ك ل) and the article (ال) glued to the
word they belong to: "وبالباغوز" is و + ب + الباغوز. Each reader of the text needs them in its
own shape, all defined here from the same letters:

- ``clitic_splits``: every way a normalised word reads as proclitics + remainder (the
  suggester's name lookup, the desk's span snap);
- ``clitic_cuts``: where the exports' tokeniser cuts proclitics off a word (docs/EXPORTS.md),
  and ``EXPORT_PIECE``, the same cuts as branches of its one-pass regex;
- ``proclitic_length``, ``CLITIC_ONLY``, ``MATCH_PREFIX``: what the desk leaves out of a span
  when an edge moves or a search finds a name;
- ``PROCLITICS``, ``clean_prefix``: the proclitic forms the suggester adds to its word lists
  and accepts before a name.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = [
    "ARTICLE",
    "CLITIC_ONLY",
    "CONJUNCTIONS",
    "EXPORT_CUTS",
    "EXPORT_PIECE",
    "MARKED_CONJUNCTION",
    "MATCH_PREFIX",
    "PIECE_MARKS",
    "PREPOSITIONS",
    "PROCLITICS",
    "PROCLITIC_LETTERS",
    "CliticSplit",
    "clean_prefix",
    "clitic_cuts",
    "clitic_splits",
    "match_cuts",
    "proclitic_length",
]

CONJUNCTIONS = "وف"
PREPOSITIONS = "بكل"
PROCLITIC_LETTERS = frozenset(CONJUNCTIONS + PREPOSITIONS)
ARTICLE = "ال"
# One proclitic or a conjunction + preposition pair, as written before a word.
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")


# ---- splits of a normalised word (no diacritics or tatweel left) ----


class CliticSplit(NamedTuple):
    """A way to read a word as proclitics + remainder.

    The candidate span is ``word[offset:]`` (it always ends where the word ends); ``remainder``
    is the key to look up. They differ only where ل + ال wrote "لل": the elided alef is restored,
    so "للحسكه" gives ``CliticSplit(1, "الحسكه")`` whose span is "لحسكه".
    """

    offset: int
    remainder: str


_CONJ = ("", *CONJUNCTIONS)
_PREP = ("", *PREPOSITIONS)
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
            if not prefix and not word.startswith(ARTICLE):
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
            if word.startswith(ARTICLE, p):
                add(p + 2, word[p + 2 :])
    splits.sort(key=lambda s: (-(len(word) - s.offset), s.offset))
    return splits


def clean_prefix(prefix: str) -> bool:
    """Proclitics only (و ف ب ك ل, 'لل' reading ل + ال): never a dropped article."""
    return (
        len(prefix) <= 3
        and all(ch in PROCLITIC_LETTERS for ch in prefix)
        and not prefix.endswith("لل")
    )


# ---- the exports' cuts, on original text (diacritics stay on their letter) ----

_EXPORT_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_L = rf"[{_EXPORT_MARKS}]*"  # marks a letter may carry
_C = rf"([{CONJUNCTIONS}]{_L})?"
_P = rf"[{PREPOSITIONS}]{_L}"
_W = r"[^\W\d_]"  # a letter (any character the tokeniser's words are made of but marks)
_ARTICLE_AND_3 = rf"{ARTICLE}{_L}(?:{_W}{_L}){{3}}"  # rule 2: what follows the proclitics
_LAM_AND_2 = rf"ل{_L}(?:{_W}{_L}){{2}}"  # rule 3: what follows the ل cut off
# First rule that applies: a preposition written with tatweel (لـداعش → لـ + داعش); a
# conjunction and preposition before the article with three letters after it (وبالباغوز →
# و + ب + الباغوز); the ل of لل (للحسكة → ل + لحسكة). Groups 1-2, 3-4 and 5-6 are the cuts.
_EXPORT_RULES = (  # a match that ends at 0 cuts nothing
    rf"{_C}({_P}\u0640+)(?={_W})"
    rf"|{_C}({_P})?(?={_ARTICLE_AND_3})"
    rf"|{_C}(ل{_L})(?={_LAM_AND_2})"
)
EXPORT_CUTS = re.compile(_EXPORT_RULES)


# The same cuts for a tokeniser that matches one token after the other in the whole text
# (``arabic.tokens.token_pieces``): EXPORT_PIECE matches one proclitic that the rules above cut
# off, so each cut-off proclitic is a token of its own and the rest of the word is matched as
# a word. Each branch starts with its letters, so other tokens are turned down in one look.
# - A conjunction at a word's start (the character before it neither a letter nor a mark),
#   when one of the three rules applies with it; for a word starting with و ف only the rules'
#   conjunction forms can match, for any other word only their forms without one.
# - A preposition (rule 1 with its tatweel, rule 2 before the article, rule 3 the ل of لل) at
#   a word's start, or right after a conjunction cut off, rules in the same order. Nothing else
#   is cut: after a preposition, the rest of the word (the article, لل's second ل, a letter
#   after tatweel) is not at a word's start and not after a conjunction.
# Right after a cut-off conjunction is told by a look behind, which has a fixed width: it is
# written for a conjunction with up to PIECE_MARKS marks; a text where و or ف carries more
# (MARKED_CONJUNCTION finds them, never seen in real text) is split the token-by-token way.
PIECE_MARKS = 3
_M = f"[{_EXPORT_MARKS}]"
_AFTER_CONJUNCTION = "|".join(
    f"(?<=[{CONJUNCTIONS}]{_M}{{{k}}}[{PREPOSITIONS}])" for k in range(PIECE_MARKS + 1)
)
EXPORT_PIECE = (
    rf"[{CONJUNCTIONS}](?<!{_W}[{CONJUNCTIONS}])(?<!{_M}[{CONJUNCTIONS}])"
    rf"(?={_L}(?:{_P}\u0640+{_W}|(?:{_P})?{_ARTICLE_AND_3}|ل{_L}{_LAM_AND_2})){_L}"
    rf"|[{PREPOSITIONS}]"
    rf"(?:(?<!{_W}[{PREPOSITIONS}])(?<!{_M}[{PREPOSITIONS}])|{_AFTER_CONJUNCTION})"
    rf"(?:{_L}\u0640+(?={_W})|{_L}(?={_ARTICLE_AND_3})|(?<=ل){_L}(?={_LAM_AND_2}))"
)
MARKED_CONJUNCTION = re.compile(f"[{CONJUNCTIONS}]{_M}{{{PIECE_MARKS + 1}}}")


def clitic_cuts(word: str) -> list[int]:
    """Where each proclitic of ``word`` ends (none if the export's rules find no proclitic)."""
    m = EXPORT_CUTS.match(word)
    if m is None or not m.end():
        return []
    return match_cuts(m)


def match_cuts(m: re.Match[str]) -> list[int]:
    """The cuts of a match of the export's rules (only the matched rule's groups are set)."""
    return [m.end(g) for g in range(1, 7) if m.group(g)]


# ---- the desk's span edges, on original text ----

_DESK_MARKS = "[\u064b-\u0652\u0670]*"
# Proclitics left out when a span grows over a word at its beginning: و/ف, then ب/ك/ل before
# the article ال, ل before the ل of a word (ل + ال written لل), or any of them with tatweel.
_PROCLITIC = re.compile(
    rf"^(?:(?:[{CONJUNCTIONS}]{_DESK_MARKS})?(?:[{PREPOSITIONS}]{_DESK_MARKS})?(?={ARTICLE})"
    rf"|(?:[{CONJUNCTIONS}]{_DESK_MARKS})?ل{_DESK_MARKS}(?=ل)"
    rf"|[{CONJUNCTIONS}{PREPOSITIONS}]{{1,2}}{_DESK_MARKS}ـ+)"
)
# a token that is only proclitics (لـ)
CLITIC_ONLY = re.compile(rf"^(?:[{CONJUNCTIONS}{PREPOSITIONS}]{_DESK_MARKS})+ـ*{_DESK_MARKS}$")
# what may stand before a search match in its word (normalised)
MATCH_PREFIX = re.compile(
    rf"^(?:[{CONJUNCTIONS}]?[{PREPOSITIONS}]?(?:{ARTICLE})?|[{CONJUNCTIONS}]?لل)$"
)


def proclitic_length(word: str) -> int:
    """How many leading characters of ``word`` are proclitics to leave out of a span."""
    match = _PROCLITIC.match(word)
    if match is None or match.end() >= len(word):
        return 0
    return match.end()
