"""Casualty rules that look beyond the number's own clause: list items, running totals, sides.

- A line that starts with a list mark ("- 3 مدنيين ...") is an item of the list whose heading
  (the last line before the items, ending with ':') reports the harm: an item with no harm
  word of its own takes the kind of the heading's count ("وثق المرصد مقتل 14 شخصاً، وهم:").
- A running total rises "to" a bare number: "ارتفعت حصيلة قتلى قوات النظام ... إلى 158"; the
  harm word between the rise word and the number gives the kind.
- A count of soldiers or police with no actor named after it was counted from the one state
  force the article names before it ("استشهد جنديان" in a report about the Syrian army); a count
  of "terrorists" from the one insurgent group it names (before it, else just after it, as in
  a title). Two candidates of that side: no victim. A running total takes the one actor named
  in it ("ارتفع عدد قتلى الميليشيات الموالية لإيران ... إلى 53").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping

from annotator.arabic.normalize import normalize_key
from annotator.domain.labels import Kind
from annotator.suggest.casualty_context import SIDE_TYPES, ArticleView
from annotator.suggest.casualty_lexicon import RELEASE, Lexicon

__all__ = ["SIDE_TYPES", "list_heading", "one_side", "rise_cues", "total_kind"]

_RISE_WINDOW = 25  # tokens before the number searched for a rise word
_AFTER_SENTENCES = 2  # a title's "terrorists" are named in the sentences that follow it
_COLON = (":", "：")
_TO = normalize_key("إلى")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _bullet(view: ArticleView, sid: int, marks: frozenset[str]) -> bool:
    """Sentence ``sid`` starts with a list mark."""
    text = view.ntext
    start, end = view.sentence_start(sid), view.sentence_end(sid)
    while start < end and text[start].isspace():
        start += 1
    return start < end and text[start] in marks


def list_heading(view: ArticleView, sid: int, marks: frozenset[str]) -> int | None:
    """The heading sentence (ending with ':') of the list whose item sentence ``sid`` is."""
    if not _bullet(view, sid, marks):
        return None
    s = sid - 1
    while s >= 0 and _bullet(view, s, marks):
        s -= 1
    if s < 0:
        return None
    heading = view.ntext[view.sentence_start(s) : view.sentence_end(s)].rstrip()
    return s if heading.endswith(_COLON) else None


def rise_cues(
    view: ArticleView, lex: Lexicon, ns: int, sid: int
) -> tuple[list[str], set[str], bool] | None:
    """The harm kinds (nearest the number first), the actors named, and whether a shelling
    word stands, between a rise word and "إلى" before the number at ``ns``; None when the
    number does not end a running total."""
    t = view.sentence_tokens(sid)
    i = bisect_left(t.starts, ns)
    q = lex.qualifiers_before.ending_at(t.words, i)
    k = i - 1 - (q[1] if q else 0)
    if k < 0 or t.words[k] != _TO:
        return None
    kinds: list[str] = []
    actors: set[str] = set()
    shelled = False
    for j in range(k - 1, max(k - 1 - _RISE_WINDOW, -1), -1):
        word = t.words[j]
        if t.kinds[j] == "number" and not _YEAR.fullmatch(word):
            return None  # another count stands between: "ارتفع عدد ... 5 إلى 7"
        if word in lex.total_rise or any(s in lex.total_rise for s in _forms(word)):
            return kinds, actors, shelled
        shelled = shelled or word in lex.shelling or any(s in lex.shelling for s in _forms(word))
        named = t.named_at(j)
        if named is not None:
            actors.add(named[2])
        cue = lex.harm_kind(word) if t.kinds[j] == "word" else None
        if cue is not None and cue != RELEASE and cue not in kinds:
            kinds.append(cue)
    return None


def total_kind(view: ArticleView, lex: Lexicon, ns: int, sid: int) -> str | None:
    """The kind of a running total that rises to the number at ``ns`` ("... إلى 158")."""
    rise = rise_cues(view, lex, ns, sid)
    kinds = rise[0] if rise is not None else None
    if not kinds:
        return None
    if {Kind.KILLED.value, Kind.WOUNDED.value} <= set(kinds):
        return Kind.KILLED_OR_WOUNDED.value
    return kinds[-1]  # the harm word nearest the rise word: "حصيلة قتلى"


def _forms(word: str) -> tuple[str, ...]:
    """The word without a conjunction و/ف ("وارتفعت")."""
    return (word[1:],) if word[:1] in ("و", "ف") and len(word) > 3 else ()


def one_side(
    view: ArticleView, types: Mapping[str, str], side: str, pos: int, sid: int
) -> str | None:
    """The one actor of ``side`` the article names before ``pos`` (else the one named in the
    next sentences, as after a title); None when there are none or several."""
    wanted = SIDE_TYPES.get(side)
    if not wanted or not types:
        return None
    k = bisect_left(view.named_starts, pos)
    before = {a for _s, _e, a in view.named[:k] if types.get(a) in wanted}
    if before:
        return before.pop() if len(before) == 1 else None
    limit = view.sentence_end(min(sid + _AFTER_SENTENCES, len(view.bounds)))
    hi = bisect_right(view.named_starts, limit)
    after = {a for _s, _e, a in view.named[k:hi] if types.get(a) in wanted}
    return after.pop() if len(after) == 1 else None
