"""The cue words of casualty detection (resources/casualty_words.json), normalised once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from annotator.arabic.clitics import clitic_splits
from annotator.arabic.lexicon import PersonNoun, load_resource, person_nouns
from annotator.arabic.normalize import normalize_key

__all__ = ["RELEASE", "Lexicon", "Phrases", "StemLookup", "lexicon", "person_of", "stems"]

Phrase = tuple[str, ...]
RELEASE = "release"  # the cue value of words that hand people over or set them free


class _Memo(dict[str, Any]):
    """A one-argument function's results by argument; starts over when it has grown large.

    Its ``__getitem__`` is the memoised function: a plain dict lookup when the word was seen
    (cheaper than functools.lru_cache, which keeps a recency order).
    """

    def __init__(self, function: Callable[[str], Any], size: int = 1 << 16) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, word: str) -> Any:
        value = self.function(word)
        if len(self) >= self.size:
            self.clear()
        self[word] = value
        return value


def _stems(word: str) -> tuple[str, ...]:
    """A normalised word and its readings without proclitics (و ف ب ك ل ال), whole word first."""
    return tuple(s.remainder for s in clitic_splits(word))


stems: Callable[[str], tuple[str, ...]] = _Memo(_stems).__getitem__


_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "نا")  # possessive pronouns on a noun
_CACHE_SIZE = 1 << 17  # words remembered per lookup table before it starts over


def _remember(cache: dict[str, Any], word: str, value: Any) -> None:
    """Store a per-word lookup, clearing the table when it has grown large (a huge corpus)."""
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[word] = value


_UNSEEN: Any = object()  # a word not looked up yet (None: looked up, no phrase)


def _phrase(text: str) -> Phrase:
    return tuple(normalize_key(text).split())


class Phrases:
    """Multi-word cues with a value each, matched token by token; longest first."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        items = sorted({(_phrase(t), v) for t, v in pairs}, key=lambda pv: (-len(pv[0]), pv))
        self.by_first: dict[str, list[tuple[Phrase, str]]] = {}
        self.by_last: dict[str, list[tuple[Phrase, str]]] = {}
        for phrase, value in items:
            self.by_first.setdefault(phrase[0], []).append((phrase, value))
            self.by_last.setdefault(phrase[-1], []).append((phrase, value))
        self._starts: dict[str, list[tuple[Phrase, str]]] = {}  # word -> phrases it may start
        self._ends: dict[str, list[tuple[Phrase, str]] | None] = {}  # word -> phrases it may end

    def ending_at(self, words: list[str], end: int) -> tuple[str, int] | None:
        """(value, length) of the longest phrase whose last word is ``words[end - 1]``.

        The phrase's first word may carry proclitics ("لنحو", "وقرابة").
        """
        if end < 1 or end > len(words):
            return None
        last = words[end - 1]
        candidates = self._ends.get(last, _UNSEEN)
        if candidates is _UNSEEN:
            candidates = self.by_last.get(last)
            if candidates is None:
                forms = stems(last)
                candidates = next((self.by_last[f] for f in forms if f in self.by_last), None)
            _remember(self._ends, last, candidates)
        if candidates is None:
            return None
        for phrase, value in candidates:
            n = len(phrase)
            start = end - n
            if start < 0 or (n > 1 and tuple(words[start + 1 : end]) != phrase[1:]):
                continue
            if phrase[0] in stems(words[start]):
                return value, n
        return None

    def starting_at(self, words: list[str], start: int) -> tuple[str, int] | None:
        """(value, length) of the longest phrase that starts at ``words[start]``."""
        if not 0 <= start < len(words):
            return None
        word = words[start]
        candidates = self._starts.get(word)
        if candidates is None:
            candidates = [pv for form in stems(word) for pv in self.by_first.get(form, ())]
            _remember(self._starts, word, candidates)
        for phrase, value in candidates:
            n = len(phrase)
            if n == 1 or tuple(words[start + 1 : start + n]) == phrase[1:]:
                return value, n
        return None


class StemLookup:
    """A table of normalised words, looked up through a word's proclitics; cached per word."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        #: the lookup itself, memoised per word (a C-level call: hot loops use it directly)
        self.lookup: Callable[[str], str | None] = _Memo(self._first, _CACHE_SIZE).__getitem__

    def _first(self, word: str) -> str | None:
        table = self.table
        return next((table[f] for f in stems(word) if f in table), None)

    def __call__(self, word: str) -> str | None:
        """The value of the first reading of ``word`` (whole word first) in the table."""
        return self.lookup(word)


@dataclass(frozen=True)
class Lexicon:
    """Normalised cue sets; see resources/casualty_words.json for what each holds."""

    harm_kind: StemLookup  # a word that states a kind of harm -> the kind
    cue: StemLookup  # ... and hand-over/release words -> RELEASE
    cue_phrases: Phrases  # multi-word harm and release cues
    generic_form: StemLookup  # a word that is a generic noun (والتنظيم) -> the noun (التنظيم)
    qualifiers_before: Phrases
    qualifiers_after: Phrases
    not_people: frozenset[str]
    months: frozenset[str]
    year_words: frozenset[str]
    time_words: frozenset[str]
    age_words: frozenset[str]
    percent: Phrases
    model_words: frozenset[str]
    victim_links: Phrases
    agentive: frozenset[str]  # active verbs whose subject is the one who harms
    victim_pronouns: frozenset[str]
    inherit_before: Phrases
    generic_heads: dict[str, frozenset[str]]  # generic noun -> head words that name its actor
    generic_points: dict[str, tuple[str, ...]]  # a word in or before a name -> generic nouns
    head_words: frozenset[str]  # descriptive heads between a count and its actor (قوات، عناصر)
    member_nouns: dict[str, str]
    civilian_words: frozenset[str]
    victim_skip: frozenset[str]  # read past between a count and its actor (تلك، بتهمة الانتماء)
    total_rise: frozenset[str]  # a running total rising "to" a number (ارتفعت ... إلى)
    list_marks: frozenset[str]  # a line starting with one is a list item
    generic_sides: dict[str, str]  # generic noun -> the side whose one actor it may stand for
    force_nationality: dict[str, str]  # nationality adjective (no ال) -> that state's forces
    shelling: frozenset[str]  # shelling and air-strike words: a total of their victims
    hints: Any  # Aho-Corasick automaton of harm words, harm nouns and "بينهم": substrings

    def split_harm(self, parts: list[str]) -> int:
        """How many leading pieces (two or more) join into a harm word ("ق", "تل"), else 0."""
        for n in range(len(parts), 1, -1):
            if self.harm_kind("".join(parts[:n])) is not None:
                return n
        return 0


def _person_plain_of(word: str) -> PersonNoun | None:
    """The person noun of a normalised word, through its proclitics."""
    nouns = person_nouns()
    for form in stems(word):
        noun = nouns.counted(form) or nouns.dual.get(form)
        if noun is not None:
            return noun
    return None


_person_plain: Callable[[str], PersonNoun | None] = _Memo(_person_plain_of).__getitem__


def person_of(word: str, *, suffixes: bool = True) -> PersonNoun | None:
    """The person noun of a normalised word, through proclitics and a possessive suffix."""
    return _person_of(word) if suffixes else _person_plain(word)


def _person_suffixed_of(word: str) -> PersonNoun | None:
    found = _person_plain(word)
    if found is None:
        found = next((n for n in map(_person_plain, _unsuffixed(word)) if n is not None), None)
    return found


_person_of: Callable[[str], PersonNoun | None] = _Memo(_person_suffixed_of).__getitem__


def _unsuffixed(word: str) -> tuple[str, ...]:
    """Readings of a word without a possessive pronoun suffix (أشقائه → أشقاء, جنوده → جنود)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            return (stem, stem[:-1] + "ء") if stem.endswith("ي") else (stem,)
    return ()


def _keys(words: list[str]) -> frozenset[str]:
    return frozenset(normalize_key(w) for w in words)


def _split(words: list[str], value: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    single: dict[str, str] = {}
    multi: list[tuple[str, str]] = []
    for w in words:
        if len(_phrase(w)) == 1:
            single[normalize_key(w)] = value
        else:
            multi.append((w, value))
    return single, multi


_INHERIT_HINTS = ("بينهم", "منهم", "بينهن", "منهن", "بينهما")
_MIN_HINT = 3  # shorter harm words (جرح is 3) are still hints; two letters would match anything


def _hints(words: list[str]) -> Any:
    """An automaton that finds any of ``words`` inside text, for a quick look before tokenising."""
    automaton = ahocorasick.Automaton()
    for word in {w for w in words if len(w) >= _MIN_HINT}:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


@cache
def lexicon() -> Lexicon:
    """The cue lexicon, loaded once."""
    data = load_resource("casualty_words.json")
    nouns = person_nouns()
    harm: dict[str, str] = {}
    harm_multi: list[tuple[str, str]] = []
    for kind, words in data["harm"].items():
        single, multi = _split(words, kind)
        harm.update(single)
        harm_multi += multi
    release, release_multi = _split(data["not_harmed"], RELEASE)
    heads = {normalize_key(g): _keys(h) for g, h in data["generic_actors"].items()}
    points: dict[str, set[str]] = {}
    for g, hs in heads.items():
        for word in (g, *hs):
            points.setdefault(word, set()).add(g)
    quals = [(w, q) for q, words in data["qualifiers"].items() for w in words]
    after = set(data["after_qualifiers"])
    return Lexicon(
        harm_kind=StemLookup(harm),
        cue=StemLookup({**release, **harm}),
        cue_phrases=Phrases(harm_multi + release_multi),
        generic_form=StemLookup({g: g for g in heads}),
        hints=_hints(
            [
                *harm,
                *(w for p, _ in harm_multi for w in _phrase(p)),
                *(w for w, noun in nouns.singular.items() if noun.kind),
                *(w for w, noun in nouns.plural.items() if noun.kind),
                *_INHERIT_HINTS,
            ]
        ),
        qualifiers_before=Phrases([(w, q) for w, q in quals if w not in after]),
        qualifiers_after=Phrases([(w, q) for w, q in quals if w in after]),
        not_people=_keys(data["not_people"]),
        months=_keys(data["months"]),
        year_words=_keys(data["year_words"]),
        time_words=_keys(data["time_words"]),
        age_words=_keys(data["age_words"]),
        percent=Phrases([(w, "percent") for w in data["percent_words"]]),
        model_words=_keys(data["model_words"]),
        victim_links=Phrases([(w, "link") for w in data["victim_links"]]),
        agentive=frozenset(f for w in _keys(data["agentive"]) for f in (w, "و" + w, "ف" + w)),
        victim_pronouns=_keys(data["victim_pronouns"]),
        inherit_before=Phrases([(w, "inherit") for w in data["inherit_before"]]),
        generic_heads=heads,
        generic_points={w: tuple(sorted(gs)) for w, gs in points.items()},
        head_words=frozenset().union(*heads.values()) | _keys(data["head_words"]),
        member_nouns={normalize_key(w): a for w, a in data["member_nouns"].items()},
        civilian_words=_keys(data["civilian_words"]),
        victim_skip=_keys(data["victim_skip"]),
        total_rise=_keys(data["total_rise"]),
        list_marks=frozenset(data["list_marks"]),
        generic_sides=_entries(data["generic_sides"]),
        force_nationality=_entries(data["force_nationality"]),
        shelling=_keys(data["shelling_words"]),
    )


def _entries(table: dict[str, str]) -> dict[str, str]:
    """A table of the resource keyed by normalised words, without its _doc."""
    return {normalize_key(w): v for w, v in table.items() if not w.startswith("_")}
