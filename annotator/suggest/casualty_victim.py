"""Who a casualty count is: the victim rules of the casualty detector (casualties.py).

- An actor named right after the count wins ("45 من داعش", "في صفوف قوات النظام"); two
  different actors there, or an actor and a pronoun: null. A civilian noun → CIVILIANS.
- آخرين takes the victim of the previous whole count; "بينهم N" that of the earlier count N
  fits in. A pronoun (منهم، عناصره) → the nearest actor mentioned before it.
- A nationality adjective after soldiers with no actor named names that state's forces (3 جنود
  أتراك); civilians and soldiers in one count are mixed: null.
- Otherwise the context: the one actor of the noun's side (soldiers → the state force named,
  "terrorists" → the insurgent group named), the one actor a running total names (none named:
  civilians when the total is of shelling victims or follows a count of civilians), or the
  previous report's victim (never CIVILIANS for fighters). A bare count joined to an earlier
  count of its sentence shares its victim ("قتل خمسة من X وجرح 7").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress, count

from annotator.arabic.lexicon import PersonNoun
from annotator.arabic.numbers import is_number_word
from annotator.domain.labels import CIVILIANS
from annotator.suggest.casualty_context import ArticleView, Stretch
from annotator.suggest.casualty_lexicon import Lexicon, person_of, stems
from annotator.suggest.casualty_rules import one_side, rise_cues

__all__ = ["OTHERS", "SKIP_IN_VICTIM", "Found", "VictimRules"]

_SCAN = 9  # tokens after the counted noun searched for the victim
_CONTEXT_SENTENCES = 2  # how far back a count with no named victim looks for one
_QUOTES = frozenset("«»“”„\"'‘’()[]-–—")
SKIP_IN_VICTIM = frozenset({"و", "ل", "تابعين", "التابعين", "تابعون", "المنتمين", "ينتمون"})
OTHERS = frozenset({"اخرين", "اخرون", "اخر", "اخري", "اخريات", "اخران", "اخريان"})
# roles of a word in a victim phrase besides an actor id (lower case: never an actor id)
_PRONOUN, _PASS, _STOP = "pronoun", "pass", "stop"
_ARMED = "armed"  # an armed noun read after a civilian one: the count mixes sides
_OWN = frozenset({"لها", "له", "لهم", "لهما"})
# mourning verbs (نعى، نعت، تنعى): their subject is the side of the dead, not the one who harms
_MOURN = (
    "نعي",
    "نعت",
    "ينعي",
    "تنعي",
    "ونعي",
    "ونعت",
    "وتنعي",
)  # "تابعين لها": belonging to the one before
_WORD = "word"
_ROLES: dict[str, str] = {}  # word -> role, for the one lexicon of the process
ROLES_LIMIT = 1 << 16


@dataclass(slots=True)
class Found:
    """A casualty under construction, or a harm report without a number."""

    pos: int  # normalised offset
    sid: int  # sentence
    kind: str | None = None
    victim: str | None = None
    victim_how: str = ""  # explicit | civilian | mixed | inherit | pronoun | side | context
    count: int | None = None
    part: bool = False  # "بينهم N": part of an earlier count (set before kind and victim)
    bare: bool = False
    near: bool = False
    agentive: bool = False  # the harm word before the count is an active verb (قتلت، اعتقلوا)
    cue: int = -1  # normalised offset of the harm word before the count, if that gave the kind


class VictimRules:
    """The victim half of the casualty detector (its state is the detector's)."""

    lex: Lexicon
    view: ArticleView
    heads: frozenset[str]
    skip: frozenset[str]
    actor_types: Mapping[str, str]
    done: list[Found]  # accepted candidates, in order
    _reports: dict[int, list[Found]]  # per sentence
    roles: dict[str, str] = _ROLES

    # -- words -------------------------------------------------------------------------------
    @staticmethod
    def person(word: str) -> PersonNoun | None:
        """The person noun a word is a form of, through proclitics and a possessive suffix."""
        return person_of(word)

    def civilian(self, word: str) -> bool:
        """A civilian person noun (أطفال، مدنيين، نساء …)."""
        noun = self.person(word)
        return noun is not None and noun.group == "civilian"

    @staticmethod
    def possessed(word: str) -> bool:
        """A person noun with a possessive suffix ("عناصره", "أشقائه"): it points back."""
        return person_of(word, suffixes=False) is None and person_of(word) is not None

    def previous(self, f: Found, sentences: int, *, whole: bool = False) -> Found | None:
        """The nearest earlier candidate or harm report within ``sentences`` sentences back;
        with ``whole``, never a count that is part of another ("بينهم 3 أطفال")."""
        best = None
        for other in reversed(self.done):
            if other.pos < f.pos and not (whole and other.part):
                best = other
                break
        for sid in range(f.sid, f.sid - sentences - 1, -1):
            reports = [r for r in self.reports(sid) if r.pos < f.pos]
            if reports:
                if best is None or reports[-1].pos > best.pos:
                    best = reports[-1]
                break
            if best is not None and best.sid >= sid:
                break
        if best is None or f.sid - best.sid > sentences:
            return None
        return best

    def container(self, f: Found, count: int | None) -> Found | None:
        """The earlier count of this sentence that "بينهم N" is part of: the nearest one, or
        further back when the nearest is smaller than N ("مقتل 29 وإصابة 11، بينهم 12")."""
        prev = self.previous(f, 0)
        if prev is None or count is None or prev.count is None or prev.count >= count:
            return prev
        for other in reversed(self.done):
            if other.sid != f.sid:
                break
            if other.pos < f.pos and (other.count is None or other.count >= count):
                return other
        return prev

    def inherits(self, w: Stretch, i: int) -> bool:
        """ "بينهم"/"منهم" right before the number: part of the previous count."""
        return self.lex.inherit_before.ending_at(w.words, i) is not None

    # -- victim ------------------------------------------------------------------------------
    def scan_victim(self, w: Stretch, j: int) -> tuple[list[str], bool]:
        """Actors (or CIVILIANS) named right after the counted noun; whether a pronoun is there."""
        actors: list[str] = []
        pronoun = False
        lex, k = self.lex, j
        end = min(j + _SCAN, len(w))
        while k < end:
            found = w.mention_at(k)
            if found is not None:
                actors.append(found[0])
                k = found[1] + 1
                continue
            word = w.word(k)
            if not actors and (w.kinds[k] == "number" or is_number_word(word)):
                k += 1  # a count joined to this one: "ضابطان وثلاثة جنود من الجيش التركي"
                continue
            if not word:
                if w.text(k) in _QUOTES:
                    k += 1
                    continue
                break
            if word == "من" and w.word(k + 1) == "قبل":
                break  # "من قبل": by whom, not who
            step = lex.victim_links.starting_at(w.words, k) or lex.qualifiers_after.starting_at(
                w.words, k
            )
            if step is not None:
                k += step[1]
                continue
            role = self.roles.get(word) or self.role(word)
            if role in (_STOP, _PASS):
                role = self.in_context(w, k, j) or role
            if role == _STOP:
                break
            if role == _PRONOUN:
                pronoun = True
            elif role != _PASS:
                actors.append(role)  # a member noun's actor, or CIVILIANS
            elif CIVILIANS in actors and self.armed(word):
                actors.append(_ARMED)  # "من المدنيين والعسكريين": both sides
            k += 1
        return actors, pronoun

    def in_context(self, w: Stretch, k: int, j: int) -> str | None:
        """The role of token ``k`` that depends on the token before it: a nationality after
        soldiers ("3 جنود أتراك" → their state's forces), "لها" after the counted noun or
        تابعين ("عنصرين تابعين لها": a pronoun pointing back)."""
        word = w.word(k)
        before = w.word(k - 1) if k > 0 else ""
        if before and self.armed(before):
            force = self.nationality(word)
            if force is not None:
                return force
        if word in _OWN and (k == j or before in self.skip):
            return _PRONOUN
        return None

    def armed(self, word: str) -> bool:
        """An armed person noun (جنود، العسكريين، مقاتلين)."""
        noun = self.person(word) if word else None
        return noun is not None and noun.group == "armed"

    def nationality(self, word: str) -> str | None:
        """The state forces a nationality adjective names (أتراك، السوريين), if it is one."""
        table = self.lex.force_nationality
        return next((table[f] for f in stems(word) if f in table), None)

    def role(self, word: str) -> str:
        """What a word after a count says of the victim: an actor id or CIVILIANS, a pronoun
        that points back, a word read past, or the end of the victim phrase (memoised)."""
        lex = self.lex
        forms = stems(word)
        member = next((lex.member_nouns[s] for s in forms if s in lex.member_nouns), None)
        if member is not None:
            role = member
        elif any(s in lex.civilian_words for s in forms) or self.civilian(word):
            role = CIVILIANS
        elif word in lex.victim_pronouns or self.possessed(word):
            role = _PRONOUN
        elif (
            word in self.skip
            or word in OTHERS
            or self.person(word)
            or any(s in self.heads for s in forms)
        ):
            role = _PASS
        else:
            role = _STOP
        if len(self.roles) >= ROLES_LIMIT:
            self.roles.clear()
        self.roles[word] = role
        return role

    def victim(
        self, f: Found, w: Stretch, i: int, *, how: str, noun: PersonNoun | None, after: int
    ) -> None:
        """Set ``f.victim`` and how it was found."""
        if noun is not None and noun.group == "civilian":
            f.victim, f.victim_how = CIVILIANS, "civilian"
            return
        actors, pronoun = self.scan_victim(w, after if how == "person" else i + 1)
        distinct = list(dict.fromkeys(actors))
        if distinct == [CIVILIANS]:
            # "4 أشخاص، 3 منهم أطفال": civilians; "5 مسلحين وطفل": both sides
            armed = noun is not None and noun.group == "armed"
            f.victim, f.victim_how = (None, "mixed") if armed else (CIVILIANS, "civilian")
            return
        if len(distinct) > 1 or (distinct and pronoun):
            f.victim, f.victim_how = None, "mixed"
            return
        if distinct:
            f.victim, f.victim_how = distinct[0], "explicit"
            return
        if how == "others" or f.part:
            prev = (
                self.previous(f, 1, whole=True) if how == "others" else self.container(f, f.count)
            )
            if prev is not None:
                f.victim, f.victim_how = prev.victim, "inherit"
                return
        if pronoun or how == "pronoun":
            lo = self.view.sentence_start(max(f.sid - 1, 0))
            # "وقتلت [قوة من الجيش] اثنين منهم": an actor before an active verb is its agent;
            # "منهم" then points further back.
            hi = self.view.sentence_start(f.sid) if f.agentive else w.starts[i]
            if (
                0 <= f.cue < hi
                and self.view.named_in(f.cue, w.starts[i]) is not None
                and not self.view.ntext.startswith(_MOURN, f.cue)
            ):
                hi = f.cue  # "وقتل الجيش 5 منهم": the actor after the verb is its subject
            actor = self.view.mention_before(hi, lo)
            if actor is not None:
                f.victim, f.victim_how = actor, "pronoun"
                return
        self.victim_in_context(f, how=how, noun=noun, pronoun=pronoun)

    def victim_in_context(
        self, f: Found, *, how: str, noun: PersonNoun | None, pronoun: bool
    ) -> None:
        """The victim of a count that names none: the one actor of the noun's side, the one
        actor of a running total, or the previous report's."""
        if noun is not None and noun.side and not pronoun:
            actor = one_side(self.view, self.actor_types, noun.side, f.pos, f.sid)
            if actor is not None:
                f.victim, f.victim_how = actor, "side"
                return
        rise = rise_cues(self.view, self.lex, f.pos, f.sid)
        if rise is not None:  # a running total: the one actor it names, else every side so far
            if len(rise[1]) == 1:
                f.victim, f.victim_how = next(iter(rise[1])), "explicit"
            elif not rise[1] and (noun is None or noun.group != "armed"):
                # no side named: a total of shelling victims, or of the civilians counted
                # just before it, counts civilians ("ترتفع الحصيلة إلى 23" after "14 مدنياً")
                prev = self.previous(f, 0, whole=True)
                if rise[2] or (prev is not None and prev.victim == CIVILIANS):
                    f.victim, f.victim_how = CIVILIANS, "context"
            return
        if how == "others" or (noun is not None and (noun.group == "armed" or noun.kind)):
            prev = self.previous(f, _CONTEXT_SENTENCES)
            victim = prev.victim if prev is not None else None
            armed = noun is not None and noun.group == "armed"
            if victim is not None and not (armed and victim == CIVILIANS):
                f.victim, f.victim_how = victim, "context"  # fighters are not civilians before
            return
        if how == "bare" and not pronoun:
            # a clause joined to a count of this sentence shares its victim: "قتل خمسة من X
            # وجرح 7"، "15 مسلحاً من X قتلوا وجرح العشرات"؛ a mixed one stays null
            prev = self.previous(f, 0, whole=True)
            if prev is not None and prev.victim is not None:
                f.victim, f.victim_how = prev.victim, "inherit"

    def reports(self, sid: int) -> list[Found]:
        """Harm reports without a number in sentence ``sid`` ("مقتل عناصر للتحالف")."""
        cached = self._reports.get(sid)
        if cached is not None:
            return cached
        out: list[Found] = []
        harm = self.lex.harm_kind.lookup
        if sid >= 0:
            w = self.view.sentence_tokens(sid)  # read only: no copy
            words = w.words
            # the harm words of the sentence, found in C: the word tokens, their kinds (the
            # lookup is a memo's dict lookup), and those that have one (every kind is truthy)
            at = list(compress(count(), map(_WORD.__eq__, w.kinds)))
            harms = list(map(harm, map(words.__getitem__, at)))
            for k, kind in compress(zip(at, harms, strict=True), harms):
                noun = self.person(w.word(k + 1))
                if noun is None:
                    continue
                actors, _ = self.scan_victim(w, k + 2)
                if not actors and noun.group == "civilian":
                    actors = [CIVILIANS]  # "قتل مدني وجرح ثلاثة آخرون"
                if len(set(actors)) == 1:
                    out.append(Found(w.starts[k], sid, kind, actors[0]))
        self._reports[sid] = out
        return out
