"""Numbers that are not counts of people: dates, years, times, ages, percentages, links."""

from __future__ import annotations

import re

from annotator.arabic.numbers import NumberMatch
from annotator.suggest.casualty_context import Stretch
from annotator.suggest.casualty_lexicon import RELEASE, lexicon, person_of

__all__ = ["after_number", "not_a_count"]

_MAX_DIGITS = 6
_CLITICS = frozenset({"و", "ف", "ب", "ل", "ك"})
_PHONE_RE = re.compile(r"\+?\d[\d \-]{8,}\d")
_LINK_MARKS = ("@", "://", "www.", ".com", ".net", ".org", "/")
# any of _LINK_MARKS, or what _PHONE_RE finds (no lookaround: a search between two offsets
# finds what a search of that slice would)
_LINK_OR_PHONE_RE = re.compile("|".join([*map(re.escape, _LINK_MARKS), _PHONE_RE.pattern]))


def not_a_count(m: NumberMatch, w: Stretch, i: int, text: str, ntext: str) -> bool:
    """Dates, years, times, ages, percentages, model numbers, URLs, decimals."""
    lex = lexicon()
    if m.form == "digits" and _bad_digits(m, w, i, text, ntext):
        return True
    prev, k = w.word(i - 1), i + 1
    while w.word(k) == "و" and w.kinds[k + 1 : k + 2] == ["number"]:
        k += 2  # a list of days: "2 و3 و4 من أيلول"
    nxt = w.word(k)
    if nxt in lex.months or (nxt == "من" and w.word(k + 1) in lex.months):
        return True
    if {prev, w.word(i - 2)} & lex.age_words:
        return True
    if prev in lex.months or prev in lex.year_words or prev in lex.time_words:
        return True
    return prev in lex.model_words or lex.percent.starting_at(w.words, i + 1) is not None


def _bad_digits(m: NumberMatch, w: Stretch, i: int, text: str, ntext: str) -> bool:
    """Decimals, long digit runs, dates and times written with / : -, "الـ10", links, years."""
    if m.decimal or m.value is None or m.value >= 10**_MAX_DIGITS:
        return True
    nt, ns, ne = ntext, m.norm_start, m.norm_end
    before, after = nt[ns - 1 : ns] if ns else "", nt[ne : ne + 2]
    if before in ("/", ":", "-") or after[:1] in ("/", ":"):
        return True  # dates 16/5, times 10:30, ranges
    if after[:1] == "-" and after[1:2].isdigit():
        return True
    if before.isalpha() and w.word(i - 1) not in _CLITICS:
        prev = w.word(i - 1)  # "الـ10" is not a count; "مقتل17"، "وإصابة9" are
        cue = lexicon().cue(prev) if prev and not prev.endswith("ال") else None
        if cue is None or cue == RELEASE:
            return True
    if _in_link_or_phone(m, text):
        return True
    year = 1900 <= m.value <= 2100 and ne - ns == 4
    return year and person_of(w.word(after_number(w, i))) is None


def _in_link_or_phone(m: NumberMatch, text: str) -> bool:
    """Digits inside a URL, an e-mail address or a phone number."""
    if _LINK_OR_PHONE_RE.search(text, max(0, m.start - 40), m.end + 40) is None:
        return False  # no link mark and no phone number near: one search
    lo = max(text.rfind(" ", 0, m.start), text.rfind("\n", 0, m.start)) + 1
    ends = [x for x in (text.find(" ", m.end), text.find("\n", m.end)) if x >= 0]
    chunk = text[lo : min(ends, default=len(text))]
    if any(mark in chunk for mark in _LINK_MARKS) and not chunk.startswith("/"):
        return any(c.isascii() and c.isalpha() for c in chunk)
    phone = _PHONE_RE.search(text, max(0, m.start - 16), m.end + 16)
    return phone is not None and phone.start() <= m.start and m.end <= phone.end()


def after_number(w: Stretch, i: int) -> int:
    """The token after the number and any qualifier that follows it ("35 على الأقل من")."""
    q = lexicon().qualifiers_after.starting_at(w.words, i + 1)
    return i + 1 + q[1] if q else i + 1
