"""The suggester: gazetteer names, context rules and casualty numbers → non-overlapping spans."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain
from operator import attrgetter
from typing import TypeVar

from annotator.arabic.normalize import Normalized, normalize, normalize_key
from annotator.domain.labels import Label
from annotator.domain.span import Span
from annotator.domain.suggestion import LearnedNames, Suggestion
from annotator.suggest.boilerplate import BodyEnd
from annotator.suggest.casualties import ActorMention, detect_casualties
from annotator.suggest.commands import command_candidates, quoted_candidates
from annotator.suggest.context import (
    DROP,
    LIST,
    NAME,
    OK,
    PLURAL_TYPES,
    ArticleContext,
    with_proclitics,
)
from annotator.suggest.entries import ACTOR, BLOCK, FREE, P_LEARNED, PLACE, POLITY, Entry
from annotator.suggest.gazetteer import Gazetteer, cache_key, load_gazetteer
from annotator.suggest.guess import LANDMARK_TOKENS, SCORE_GUESS, Guesser, block_words
from annotator.suggest.keys import name_key
from annotator.suggest.matcher import Candidate, Matcher, Tokens

#: Bump when the rules change; the data hash is appended to it in ``Suggester.version``.
RULES_VERSION = "1.2"
SCORE_LEARNED = 0.95

_ALLOWED = {ACTOR: ("actor",), PLACE: ("place", "geonames_id")}
_LABELS = {label.value: label for label in Label}
_CASUALTY = Label.CASUALTY
# adjectives that name a part of a known place with it (دمشق القديمة، الموصل الجديدة)
_PART_NAMES = frozenset({"القديمه", "الجديده", "القديم", "الجديد"})
_new_tuple = tuple.__new__
_new_object = object.__new__
_T = TypeVar("_T")
_START, _END = attrgetter("start"), attrgetter("end")
_GAZETTEERS: dict[str, Gazetteer] = {}


def _made(cls: type[_T], fields: dict[str, object]) -> _T:
    """An instance of the frozen dataclass ``cls`` with ``fields`` set as its ``__init__``
    would set them, without the call (a Span's ``__init__`` costs five times this; ~25 spans an
    article). Only for fields that are already what ``__post_init__`` would make: a Span's
    label a Label and its attrs a fresh dict (tests/suggest/test_fast_paths.py compares)."""
    made: _T = _new_object(cls)
    made.__dict__.update(fields)
    return made


class Suggester:
    """Suggests ACTOR, PLACE and CASUALTY spans for one article at a time."""

    name = "annotator-rules"

    def __init__(self, gazetteer: Gazetteer, learned: LearnedNames | None = None) -> None:
        self.gazetteer = gazetteer
        names, first = gazetteer.names, gazetteer.first
        self.blocked: set[tuple[str, tuple[str, ...]]] = set()
        learned_digest = ""
        if learned is not None and (learned.names or learned.blocked):
            names, first = dict(names), dict(first)
            for raw_label, surface, attrs in learned.names:
                label = Label(raw_label).value
                key = name_key(surface)
                if label not in _ALLOWED or not key:
                    continue
                kept = {k: v for k, v in attrs.items() if k in _ALLOWED[label]}
                names[key] = Entry(label, kept, FREE, 0, SCORE_LEARNED, P_LEARNED)
                first[key[0]] = max(first.get(key[0], 0), len(key))
            self.blocked = {(Label(lab).value, name_key(s)) for lab, s in learned.blocked}
            learned_digest = _learned_digest(learned)
        self.matcher = Matcher(names, first)
        self.body_end = BodyEnd(gazetteer.boilerplate)
        raw = gazetteer.words
        # a type word's forms that a guessed name never is (القرى، البلدتين: guess.py)
        self.raw_words = {**raw, "type_forms": raw["type_words"] | raw["guess_type"]}
        self.words = {name: with_proclitics(ws) for name, ws in gazetteer.words.items()}
        # A verb that marks a government after its name marks it before it too (VSO order:
        # "وتلوّح أنقرة", "قالت موسكو").
        self.words["gov_before"] |= self.words["gov_after"]
        plural = {w for w in gazetteer.words["type_words"] if w.endswith("تي")} | PLURAL_TYPES
        self.words["plural_types"] = with_proclitics(frozenset(plural))
        self.words["guess_block"] = block_words(self.words)
        self.words["guess_starts"] = self.words["guess_type"] | LANDMARK_TOKENS
        self.version = f"{RULES_VERSION}+{gazetteer.data_hash[:10]}"
        if learned_digest:
            self.version += f".L{learned_digest[:8]}"

    def suggest(self, text: str) -> list[Suggestion]:
        """Suggestions for ``text`` (the stored text), sorted by start, never overlapping."""
        name, version = self.name, self.version
        return [
            _made(Suggestion, {"span": span, "score": score, "suggester": name, "version": version})
            for span, score in self.spans(text)
        ]

    def suggest_many(self, texts: Iterable[str]) -> Iterator[list[Suggestion]]:
        """One list of suggestions per text, lazily (a worker can report progress and stop)."""
        for text in texts:
            yield self.suggest(text)

    def body_end_of(self, text: str) -> int:
        """Where page furniture and reader comments start (nothing is suggested after it)."""
        return self.body_end(text)

    def spans(self, text: str) -> list[tuple[Span, float]]:
        """The suggested spans with their scores."""
        norm = normalize(text)
        ntext = norm.text
        body_end = self.body_end(text)
        nbody = bisect_left(norm.offsets, body_end, 0, len(ntext))
        toks = Tokens(ntext, nbody)
        keys = toks.keys
        ctx = ArticleContext(toks, self.words, self.raw_words)
        found = self.matcher.find(toks)
        found += command_candidates(toks, found) + quoted_candidates(toks, self.matcher)

        heads = self.words["heads"]
        chosen = _select([c for c in found if _first_phase(c, ctx)], [], keys, heads)
        places = [c for c in found if c.entry.label == PLACE]
        status = {(c.start, c.end): ctx.place_status(c) for c in places}
        _government_lists(places, status, {c.last for c in chosen if c.entry.label == ACTOR})
        kept = [c for c in places if status[c.start, c.end] not in (DROP, NAME)]
        named = [c for c in places if status[c.start, c.end] == NAME]
        placed = _select(kept, chosen + named, keys, heads)
        placed = _resolve_lists(placed, status, ctx)
        placed = _with_part_names(placed, chosen, toks)

        out: list[tuple[int, int, str, dict[str, object], float]] = []
        for c in chosen + placed:
            if c.entry.label != BLOCK:
                out.append((c.start, c.end, c.entry.label, dict(c.entry.attrs), c.entry.score))
        taken = [False] * len(toks)
        spans_at: dict[int, int] = {}
        for c in chosen + placed:
            spans_at[c.first] = c.last
            for i in range(c.first, c.last):
                taken[i] = True
        guesser = Guesser(ctx)
        for first, last, offset in chain(
            guesser.guesses(taken, spans_at), guesser.landmarks(taken)
        ):
            start, end = toks.starts[first] + offset, toks.ends[last - 1]
            out.append((start, end, PLACE, {}, SCORE_GUESS))

        result: list[tuple[Span, float]] = []
        actors: list[ActorMention] = []
        for start, end, label, attrs, score in out:
            s, e = norm.to_original(start, end)
            if self.blocked and (label, name_key(text[s:e])) in self.blocked:
                continue
            span = _made(Span, {"start": s, "end": e, "label": _LABELS[label], "attrs": attrs})
            result.append((span, score))
            if label == ACTOR:
                actors.append(_new_tuple(ActorMention, (s, e, str(attrs["actor"]))))
        result.extend(self._casualties(text, norm, actors, body_end, result, toks=toks))
        # by (start, end), ties in their order here (as a stable sort), compared in C
        spans = [span for span, _ in result]
        order = sorted(zip(map(_START, spans), map(_END, spans), range(len(spans)), strict=True))
        return [result[k] for _, _, k in order]

    def _casualties(
        self,
        text: str,
        norm: Normalized,
        actors: list[ActorMention],
        body_end: int,
        spans: list[tuple[Span, float]],
        *,
        toks: Tokens,
    ) -> list[tuple[Span, float]]:
        """Casualty numbers (helper B's detector), never over an actor or place span."""
        out: list[tuple[Span, float]] = []
        types = self.gazetteer.actor_types
        found = detect_casualties(text, norm, actors, body_end, actor_types=types, tokens=toks)
        if not found:
            return out
        taken = sorted((s.start, s.end) for s, _ in spans)
        starts = [s for s, _ in taken]
        reach = list(accumulate((e for _, e in taken), max))  # furthest end so far
        for cand in found:
            k = bisect_left(starts, cand.end)  # the spans that start before the number ends
            if k and reach[k - 1] > cand.start:
                continue  # it overlaps an actor or place span
            span = _made(
                Span,
                {"start": cand.start, "end": cand.end, "label": _CASUALTY, "attrs": cand.attrs()},
            )
            if self.blocked and ("CASUALTY", name_key(text[cand.start : cand.end])) in self.blocked:
                continue
            out.append((span, cand.score))
        return out


def _government_lists(
    places: list[Candidate], status: dict[tuple[int, int], str], actor_ends: set[int]
) -> None:
    """A country or capital joined by و to one standing for its government does too
    (أنقرة وموسكو توصلتا), and so does one joined by و to an armed actor (طالبت التحالف
    الدولي وروسيا)."""
    dropped_ends = actor_ends | {
        c.last for c in places if c.entry.flags & POLITY and status[c.start, c.end] == DROP
    }
    for c in sorted(places, key=lambda c: c.start):
        if c.entry.flags & POLITY and c.prefix.startswith("و") and c.first in dropped_ends:
            status[c.start, c.end] = DROP
            dropped_ends.add(c.last)


def _first_phase(c: Candidate, ctx: ArticleContext) -> bool:
    """Actors (their context checked) and blockers are placed before places."""
    if c.entry.label == BLOCK:
        return True
    return c.entry.label == ACTOR and ctx.actor_status(c) == OK


def _select(
    cands: list[Candidate], fixed: list[Candidate], keys: list[str], heads: frozenset[str]
) -> list[Candidate]:
    """Longest first, never overlapping each other or ``fixed``. Of two names as long, a
    blocker wins, then one that does not start with a head word (طائرات التحالف loses to
    التحالف الدولي: the head word stays out when the rest is a name by itself)."""

    def rank(c: Candidate) -> tuple[int, bool, bool, int]:
        headed = keys[c.first][len(c.prefix) :] in heads
        return (c.start - c.end, c.entry.label != BLOCK, headed, c.start)

    order = sorted(cands, key=rank)
    size = max([c.end for c in cands] + [c.end for c in fixed] + [0])
    occupied = bytearray(size)
    for c in fixed:
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    out: list[Candidate] = []
    for c in order:
        if occupied.find(1, c.start, c.end) != -1:
            continue
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
        out.append(c)
    return out


def _resolve_lists(
    placed: list[Candidate], status: dict[tuple[int, int], str], ctx: ArticleContext
) -> list[Candidate]:
    """Keep a name that needs context only when it continues a list after an accepted place."""
    out: list[Candidate] = []
    for c in sorted(placed, key=lambda c: c.start):
        if status[c.start, c.end] == LIST and (
            not out or not ctx.listed_after(out[-1].last, c.first, c.prefix)
        ):
            continue
        out.append(c)
    return out


def _with_part_names(
    placed: list[Candidate], chosen: list[Candidate], toks: Tokens
) -> list[Candidate]:
    """A known place followed by القديمة/الجديدة names a part of it by that whole name
    (دمشق القديمة، الموصل الجديدة): the adjective joins the span."""
    keys = toks.keys
    if not any(c.last < len(keys) and keys[c.last] in _PART_NAMES for c in placed):
        return placed  # the usual case
    starts = {c.first for c in placed} | {c.first for c in chosen}
    out: list[Candidate] = []
    for c in placed:
        k = c.last
        if (
            k < len(keys)
            and keys[k] in _PART_NAMES
            and k not in starts
            and not toks.gap_has_newline(k - 1, k)
        ):
            # a part of the place, not the place itself: no canonical name or GeoNames id
            out.append(c._replace(end=toks.ends[k], last=k + 1, entry=c.entry._replace(attrs={})))
        else:
            out.append(c)
    return out


def _learned_digest(learned: LearnedNames) -> str:
    digest = hashlib.sha256()
    for label, surface, attrs in sorted(learned.names, key=lambda n: (str(n[0]), n[1])):
        digest.update(f"{label}\t{normalize_key(surface)}\t{sorted(attrs.items())}\n".encode())
    for label, surface in sorted(learned.blocked, key=lambda b: (str(b[0]), b[1])):
        digest.update(f"!{label}\t{normalize_key(surface)}\n".encode())
    return digest.hexdigest()


def load_suggester(learned: LearnedNames | None = None) -> Suggester:
    """The rule suggester over the cached gazetteer, with coders' learned names applied."""
    key = cache_key()
    gazetteer = _GAZETTEERS.get(key)
    if gazetteer is None:
        gazetteer = load_gazetteer(key=key)
        _GAZETTEERS.clear()
        _GAZETTEERS[key] = gazetteer
    return Suggester(gazetteer, learned)
