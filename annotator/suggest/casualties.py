"""Casualty numbers: which numbers count harmed people, and their kind, qualifier and victim.

Rules (general, from the codebook; see docs in resources/casualty_words.json for the cue lists):

- A number is a candidate when it counts people — a person noun follows it ("45 عنصراً",
  "ثلاثة عشر آخرين", "8 قتلى"), "من" + people/actor/pronoun follows ("45 من داعش", "تسعةً
  منهم"), it is a dual person noun ("ضابطان"), or a harm word stands right before it ("مقتل 45،")
  — and a harm word in the same sentence gives its kind (the nearest one, left or right; a
  harm noun counted by the number itself wins: "8 قتلى وجرحى"). "بينهم"/"منهم" before the number
  and آخرين after it take the kind of the previous casualty in the sentence.
- Never: dates, years, times, ages, percentages, durations and other non-person counted nouns,
  model numbers (إف 16), digits in URLs/e-mails/phone numbers, decimals, numbers glued to Latin
  letters, and people handed over or released (a release cue nearer on the left than any harm
  word).
- victim: explicit after the number ("من عناصر تنظيم داعش", "في صفوف قوات النظام", "للتحالف",
  "(داعشياً)"), two different actors there → null; a civilian counted noun → CIVILIANS; آخرين
  or "بينهم" → the previous casualty's victim; a pronoun (منهم، عناصره، من الأخيرة) → the nearest
  actor mention before it in this or the previous sentence; an armed or harm noun with no
  actor → the victim of the previous casualty or harm report in this or the previous sentence.
  Generic nouns (التنظيم، الميليشيا، الجيش …) stand for the actor the article names with that
  head word (تنظيم داعش → التنظيم = ISIS). The victim rules live in casualty_victim.py; list
  items, running totals and sides in casualty_rules.py.
- qualifier: at_least / approx / at_most from the words before the number (or على الأقل،
  تقريباً after it); "أقل من" and "دون" are at_most; vague when the count is null; else exact.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from annotator.arabic.lexicon import PersonNoun
from annotator.arabic.normalize import Normalized
from annotator.arabic.numbers import NumberMatch, find_numbers, is_number_word
from annotator.arabic.tokens import NORM_LETTERS
from annotator.domain.labels import Kind, Qualifier
from annotator.suggest.casualty_context import ArticleView, Stretch
from annotator.suggest.casualty_filters import after_number, not_a_count
from annotator.suggest.casualty_lexicon import RELEASE, lexicon, stems
from annotator.suggest.casualty_rules import list_heading, rise_cues, total_kind
from annotator.suggest.casualty_victim import (
    OTHERS,
    ROLES_LIMIT,
    SKIP_IN_VICTIM,
    Found,
    VictimRules,
)
from annotator.suggest.matcher import Tokens

__all__ = ["ActorMention", "CasualtyCandidate", "detect_casualties"]


class ActorMention(NamedTuple):
    """An actor span found by the gazetteer: original code points and the actor id."""

    start: int
    end: int
    actor_id: str


class CasualtyCandidate(NamedTuple):
    """A suggested CASUALTY span with the codebook's attributes and a confidence in [0, 1]."""

    start: int
    end: int
    count: int | None
    kind: str
    qualifier: str
    victim: str | None
    score: float

    def attrs(self) -> dict[str, object]:
        """The span attributes in the codebook's gold format."""
        return {
            "count": self.count,
            "kind": self.kind,
            "qualifier": self.qualifier,
            "victim": self.victim,
        }


_LEFT_WINDOW = 7  # tokens before the number searched for a harm word
_RELEASE_WINDOW = 10  # ... and for a hand-over or release word
_RIGHT_WINDOW = 9  # tokens after the counted noun searched for a harm word
_BARE_DISTANCE = 3  # tokens between a harm word and a number with no counted noun
_HINT_BEFORE, _HINT_AFTER = 110, 160  # characters searched for a harm hint
_CLAUSE_ENDS = frozenset({"،", ",", "؛", ";"})
_DOTTED_RE = re.compile(rf"[{NORM_LETTERS}]\. ?[{NORM_LETTERS}]")
_KILLED, _WOUNDED = Kind.KILLED.value, Kind.WOUNDED.value
_CUES: dict[str, tuple[bool, tuple[str, int] | None]] = {}  # word -> cue_of(word)
_PARTNER = {_KILLED: _WOUNDED, _WOUNDED: _KILLED}
# words of the qualifiers after a count, looked for in the characters after its noun
_QUALIFIER_RE = re.compile("الاقل|تقريبا|تقدير|الاكثر")
_QUALIFIER_REACH = 90


class _Detector(VictimRules):
    def __init__(
        self,
        text: str,
        norm: Normalized,
        actors: Sequence[ActorMention],
        body_end: int,
        *,
        actor_types: Mapping[str, str],
        tokens: Tokens | None = None,
    ) -> None:
        self.lex = lexicon()
        self.heads = self.lex.head_words
        self.skip = SKIP_IN_VICTIM | self.lex.victim_skip
        self.actor_types = actor_types
        self.text = text
        self.norm = norm
        self.body_end = body_end
        self.view = ArticleView(norm, actors, self.lex, tokens)
        self.view.types = actor_types
        self.number_starts: list[int] = []  # normalised starts of every number, in order
        self.done: list[Found] = []  # accepted candidates, in order
        self._reports: dict[int, list[Found]] = {}  # per sentence

    # -- words -------------------------------------------------------------------------------
    def cue_at(self, w: Stretch, i: int) -> tuple[str, int] | None:
        """(kind or RELEASE, length in tokens) of a cue starting at token ``i``."""
        if w.kinds[i] != "word":
            return None
        word = w.words[i]
        known = _CUES.get(word)
        if known is None:
            known = self.cue_of(word)
        phrases, single = known
        if phrases:
            phrase = self.lex.cue_phrases.starting_at(w.words, i)
            if phrase is not None:
                return phrase
        return single

    def cue_of(self, word: str) -> tuple[bool, tuple[str, int] | None]:
        """Whether a cue phrase may start with ``word``, and its one-word cue (memoised)."""
        lex = self.lex
        phrases = any(s in lex.cue_phrases.by_first for s in stems(word))
        kind = lex.cue(word)
        known = (phrases, (kind, 1) if kind else None)
        if len(_CUES) >= ROLES_LIMIT:
            _CUES.clear()
        _CUES[word] = known
        return known

    def harm_at(self, w: Stretch, i: int) -> tuple[str, int] | None:
        """(kind, length in tokens) of a harm cue starting at token ``i``."""
        if not 0 <= i < len(w):
            return None
        cue = self.cue_at(w, i)
        return cue if cue is not None and cue[0] != RELEASE else None

    def with_partner(self, w: Stretch, kind: str, i: int, n: int) -> str:
        """killed_or_wounded when a killed cue and a wounded cue are joined by و.

        Not when the other cue has a count of its own ("قتلوا وأصيب 9 آخرون").
        """
        other = _PARTNER.get(kind)
        if other is None:
            return kind
        nxt = i + n + (w.word(i + n) == "و")
        after = self.harm_at(w, nxt) if nxt > i + n or w.word(nxt).startswith("و") else None
        end = nxt + after[1] if after else 0
        if after is not None and after[0] == other and not self.counts_near(w, end, end + 3):
            return Kind.KILLED_OR_WOUNDED.value
        b = i - 2 if w.word(i - 1) == "و" else i - 1 if w.word(i).startswith("و") else -1
        before = self.harm_at(w, b) if b >= 0 else None
        if before is not None and before[0] == other and not self.counts_near(w, b - 6, b):
            return Kind.KILLED_OR_WOUNDED.value
        return kind

    def counts_near(self, w: Stretch, lo: int, hi: int) -> bool:
        """A number (digits, words, a dual, a vague quantity) among tokens ``[lo, hi)``: the
        other harm word of "X قتلوا وجرح N" has a count of its own."""
        lo, hi = max(lo, 0), min(hi, len(w))
        if lo >= hi:
            return False
        if _counts_near(w, lo, hi):
            return True
        starts = self.number_starts
        k = bisect_left(starts, w.starts[lo])
        return k < len(starts) and starts[k] < w.ends[hi - 1]

    # -- the counted noun --------------------------------------------------------------------
    def counted(self, m: NumberMatch, w: Stretch, i: int) -> tuple[str, PersonNoun | None, int]:
        """What the number counts: (how, noun, index after the counted noun)."""
        if m.form == "dual":
            return "person", self.person(w.text(i)), i + 1
        j = after_number(w, i)
        word, lex = w.word(j), self.lex
        forms = stems(word) if word else ()
        how, after = "bare", j
        if not word:
            pass
        elif forms[0] in OTHERS:
            how, after = "others", j + 1
        elif any(s in lex.member_nouns for s in forms):
            how = "person"
        elif (noun := self.person(word)) is not None:
            return "person", noun, j + 1
        elif word == "بين" and (noun := self.person(w.word(j + 1))) is not None and noun.kind:
            return "person", noun, j + 2  # "6 بين قتيل وجريح"
        elif word == "عدد" and (noun := self.person(w.word(j + 1))) is not None:
            return "person", noun, j + 2  # "يرتفع إلى 315 عدد المدنيين الذين قتلوا"
        elif word in lex.victim_pronouns:
            how = "pronoun"
        elif (link := lex.victim_links.starting_at(w.words, j)) and self.people_follow(
            w, j + link[1]
        ):
            how = "link"
        elif any(s in lex.not_people for s in forms):
            how = "not_people"
        return how, None, after

    def people_follow(self, w: Stretch, k: int) -> bool:
        """People, an actor or a pronoun within a few tokens after a link word ("45 من داعش")."""
        for i in range(k, min(k + 4, len(w))):
            word = w.word(i)
            if w.mention_at(i) or self.person(word) or word in self.lex.victim_pronouns:
                return True
            forms = stems(word) if word else ()
            if any(s in self.lex.member_nouns or s in self.lex.civilian_words for s in forms):
                return True
            if w.kinds[i] == "word" and not any(s in self.heads for s in forms):
                return False
        return False

    # -- kind --------------------------------------------------------------------------------
    def harm_left(self, w: Stretch, i: int) -> tuple[str, int] | None:
        """(kind, token) of the nearest harm cue before the number; (RELEASE, token) when a
        hand-over or release word is nearer than any harm word."""
        kinds = w.kinds
        for k in range(i - 1, max(i - 1 - _RELEASE_WINDOW, -1), -1):
            cue = self.cue_at(w, k) if kinds[k] == "word" else None
            if cue is None:
                continue
            if cue[0] == RELEASE:
                return cue[0], k
            if i - k <= _LEFT_WINDOW:
                return self.with_partner(w, cue[0], k, cue[1]), k
            return None
        return None

    def harm_right(self, w: Stretch, start: int) -> tuple[str, int] | None:
        """(kind, token) of the nearest harm cue after the counted noun, before another number."""
        words, kinds = w.words, w.kinds
        for k in range(start, min(start + _RIGHT_WINDOW, len(words))):
            kind = kinds[k]
            if kind == "number" or words[k] in _CLAUSE_ENDS:
                return None
            if kind == "word":  # harm_at(w, k) without its checks: only words are cues
                h = self.cue_at(w, k)
                if h is not None and h[0] != RELEASE:
                    return self.with_partner(w, h[0], k, h[1]), k
        return None

    # -- qualifier and score -----------------------------------------------------------------
    def qualifier(
        self, m: NumberMatch, w: Stretch, i: int, after: int, before: tuple[str, int] | None
    ) -> str:
        """at_least/approx/at_most from words before the number (``before``: the qualifier
        that ends there) or after its noun; vague; exact."""
        if m.value is None:
            return Qualifier.VAGUE.value
        if before is not None:
            return before[0]
        for k in (i + 1, after):
            q = self.lex.qualifiers_after.starting_at(w.words, k)
            if q is not None:
                return q[0]
        if 0 < after < len(w):  # a qualifier further on, after the victim phrase?
            at = w.starts[after]
            if _QUALIFIER_RE.search(self.norm.text, at, at + _QUALIFIER_REACH) is not None:
                k = self.past_victim(w, after)
                q = self.lex.qualifiers_after.starting_at(w.words, k) if k > after else None
                if q is not None:
                    return q[0]
        return Qualifier.EXACT.value

    def past_victim(self, w: Stretch, k: int) -> int:
        """The token after the victim phrase that starts at ``k`` ("من قوات الأسد", "منهم"):
        a qualifier there still belongs to the count ("12 عنصراً من قوات الأسد على الأقل")."""
        for _ in range(8):
            found = w.mention_at(k)
            if found is not None:
                k = found[1] + 1
                continue
            word = w.word(k)
            link = self.lex.victim_links.starting_at(w.words, k) if word else None
            if link is not None:
                k += link[1]
            elif word and (
                word in self.lex.victim_pronouns
                or self.person(word)
                or any(s in self.heads for s in stems(word))
            ):
                k += 1
            else:
                break
        return k

    @staticmethod
    def score(f: Found, how: str) -> float:
        """Confidence: a counted person noun, a near harm word and a named victim raise it."""
        s = 0.55
        s += 0.2 if how in ("person", "others", "link") else 0.05
        s += 0.1 if f.near else 0.0
        s += {"explicit": 0.1, "civilian": 0.1, "inherit": 0.0, "mixed": 0.0}.get(
            f.victim_how, -0.05 if f.victim_how else 0.0
        )
        s -= 0.2 if f.bare else 0.0
        return round(min(max(s, 0.05), 0.99), 2)

    # -- one number --------------------------------------------------------------------------
    def consider(self, m: NumberMatch) -> CasualtyCandidate | None:
        w, i = self.view.window(m.norm_start, m.norm_end)
        if not_a_count(m, w, i, self.text, self.norm.text):
            return None
        if m.form == "dual" and i > 0 and self.agrees(w, i - 1):
            return None  # "جنديان آخران"، "اثنان آخران": the dual agrees with the count before
        how, noun, after = self.counted(m, w, i)
        lead = 0  # 1 when the counted noun stands before the number: "جندي واحد"
        if how in ("bare", "not_people") and m.form == "words" and m.value in (1, 2) and i > 0:
            before = self.person(w.word(i - 1))
            if before is not None:
                how, noun, after, lead = "person", before, i + 1, 1
        sid = self.view.sentence(m.norm_start)
        among = self.inherits(w, i)  # "بينهم 5 من ..."
        part = among or self.joined(w, i)  # "..., و3 من ..."
        f = Found(m.norm_start, sid, bare=how == "bare" and not part, count=m.value)
        f.part = among
        q = self.lex.qualifiers_before.ending_at(w.words, i)  # read once, used twice
        if how == "not_people" or not self.kind(f, w, i, noun, after, q=q, lead=lead):
            return None
        self.victim(f, w, i, how=how, noun=noun, after=after)
        self.done.append(f)
        return CasualtyCandidate(
            m.start,
            m.end,
            m.value,
            f.kind,  # type: ignore[arg-type]
            self.qualifier(m, w, i, after, q),
            f.victim,
            self.score(f, how),
        )

    def kind(
        self,
        f: Found,
        w: Stretch,
        i: int,
        noun: PersonNoun | None,
        after: int,
        *,
        q: tuple[str, int] | None,
        lead: int = 0,
    ) -> bool:
        """Set ``f.kind`` from the counted noun or the nearest harm word; False if there is none.

        A bare number (no counted noun) needs a harm word right before it ("مقتل 45،"). ``lead``
        tokens before the number belong to it (the noun of "جندي واحد"); ``q`` is the qualifier
        that ends right before the number ("نحو 5"), if any.
        """
        left = self.harm_left(w, i)
        if left is not None and left[0] == RELEASE:
            return False
        right = self.harm_right(w, after)
        dl = i - left[1] - (q[1] if q else 0) - lead if left else 99
        if noun is not None and noun.kind:
            f.kind, f.near = self.with_partner(w, noun.kind, after - 1, 1), True
        elif left or right:
            dr = right[1] - i if right else 99
            from_left = left is not None and dl <= dr
            f.kind = left[0] if from_left else right[0]  # type: ignore[index]
            f.near = min(dl, dr) <= 2
            f.agentive = from_left and w.words[left[1]] in self.lex.agentive  # type: ignore[index]
            if from_left:
                f.cue = w.starts[left[1]]  # type: ignore[index]
        if (f.part or self.joined(w, i)) and (f.kind is None or not f.near):
            prev = self.container(f, f.count) if f.part else self.previous(f, 0)
            if prev is not None and prev.kind is not None:
                f.kind = prev.kind
        if f.kind is None and not f.bare:
            f.kind = self.heading_kind(f)
        if f.bare and dl > _BARE_DISTANCE:
            f.kind = total_kind(self.view, self.lex, f.pos, f.sid)
            if f.kind is None and rise_cues(self.view, self.lex, f.pos, f.sid) is not None:
                prev = self.previous(f, 0)  # "ترتفع الحصيلة إلى 23": the total of that count
                f.kind = prev.kind if prev is not None else None
            f.bare = f.kind is None
        return f.kind is not None

    def agrees(self, w: Stretch, k: int) -> bool:
        """Token ``k`` is a count or a person noun that a dual after it agrees with."""
        return (
            w.kinds[k] == "number"
            or is_number_word(w.words[k])
            or self.person(w.word(k)) is not None
        )

    @staticmethod
    def joined(w: Stretch, i: int) -> bool:
        """The number continues a list of counts: "18 مدنياً، و43 من ..."."""
        return w.word(i - 1) == "و"

    def heading_kind(self, f: Found) -> str | None:
        """The kind of the count in the heading of the list this line is an item of."""
        heading = list_heading(self.view, f.sid, self.lex.list_marks)
        if heading is None:
            return None
        for other in reversed(self.done):
            if other.sid == heading:
                return other.kind
            if other.sid < heading:
                break
        return None

    def run(self, numbers: list[NumberMatch]) -> list[CasualtyCandidate]:
        out: list[CasualtyCandidate] = []
        self.number_starts = [m.norm_start for m in numbers]
        for m in numbers:
            if m.start >= self.body_end:
                break
            if not self.hinted(m):
                continue
            c = self.consider(m)
            if c is not None:
                out.append(c)
        return out

    def hinted(self, m: NumberMatch) -> bool:
        """A cheap test before any tokenising: a harm (or "بينهم") word near the number."""
        ntext = self.norm.text
        lo, hi = max(0, m.norm_start - _HINT_BEFORE), m.norm_end + _HINT_AFTER
        near = ntext[lo:hi]
        if next(self.lex.hints.iter(near), None) is not None:
            return True
        if _DOTTED_RE.search(near) is not None:
            return True  # a harm word split by dots: "ق. تل"
        line = ntext[ntext.rfind("\n", 0, m.norm_start) + 1 : m.norm_start].lstrip()
        return line[:1] in self.lex.list_marks  # a list item under a heading that says the harm


def _counts_near(w: Stretch, lo: int, hi: int) -> bool:
    """A number among tokens ``[lo, hi)``."""
    return any(
        w.kinds[k] == "number" or is_number_word(w.words[k])
        for k in range(max(lo, 0), min(hi, len(w)))
    )


def detect_casualties(
    text: str,
    norm: Normalized,
    actors: Sequence[ActorMention],
    body_end: int,
    *,
    actor_types: Mapping[str, str] | None = None,
    tokens: Tokens | None = None,
) -> list[CasualtyCandidate]:
    """Casualty candidates in ``text[:body_end]``; ``norm`` is ``normalize(text)``.

    ``actors`` are the gazetteer's actor spans (original offsets, any order); they name victims.
    ``actor_types`` (actor id → ACLED type) lets a count of soldiers or "terrorists" with no
    actor named take the one state force or insurgent group the article names. ``tokens``
    (the pipeline's tokens of ``norm.text``) spare tokenising sentences again.
    """
    # the numbers of the body only (its end is where the pipeline's tokens stop)
    numbers = find_numbers(text, norm, tokens.limit if tokens is not None else None)
    if not numbers or numbers[0].start >= body_end:
        return []
    detector = _Detector(text, norm, actors, body_end, actor_types=actor_types or {}, tokens=tokens)
    return detector.run(numbers)
