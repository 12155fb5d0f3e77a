"""One coder's coding session: every decision an undoable command, written at once.

The session keeps one undo stack for the whole session (across articles). Each action is a
``DbCommand`` whose first ``do()`` performs the repository write and keeps its ``DbChange``;
``undo()`` reverts those rows exactly and ``redo()`` reapplies them. Time spent on an article is
added when the coder leaves it; it is not an undo step, and undo keeps it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from annotator.domain import (
    CODEBOOK_ACTOR_IDS,
    AnnotatorNameError,
    Article,
    ArticleState,
    Label,
    Span,
    SpanRow,
    clean_name,
    looks_like_gold,
)
from annotator.domain.commands import Change, UndoableSession, UndoStack
from annotator.services.actors import ActorCatalogue
from annotator.services.project import open_project
from annotator.services.undo import CodingError, DbCommand, Namer, guarded, short
from annotator.services.words import Edge, Words, default_attrs, moved_attrs, proclitic_length
from annotator.store import Project, spans, write_transaction
from annotator.store import repository as repo
from annotator.store.assignments import assigned_ids, open_assigned_ids
from annotator.store.changes import DbChange
from annotator.store.connection import checkpoint
from annotator.store.listing import state_count
from annotator.store.postgres.handle import reconnect

# Human labels of the undo steps (English templates; the GUI passes a translator).
LABELS: dict[str, str] = {
    "accept": "Accept ‘{surface}’",
    "reject": "Reject ‘{surface}’",
    "remove": "Remove ‘{surface}’",
    "relabel": "Relabel ‘{surface}’ as {label}",
    "grow": "Grow ‘{surface}’",
    "shrink": "Shrink ‘{surface}’",
    "add": "Add {label} ‘{surface}’",
    "replace": "Replace ‘{old}’ with ‘{surface}’",
    "replace_many": "Replace {n} spans with ‘{surface}’",
    "edit_one": "Edit {field} of ‘{surface}’",
    "edit_many": "Edit attributes of ‘{surface}’",
    "accept_all": "Accept all ({n})",
    "done": "Mark done",
    "skip": "Skip",
    "flag": "Flag",
    "reopen": "Reopen",
}
FIELDS: dict[str, str] = {
    "count": "count",
    "kind": "kind",
    "qualifier": "qualifier",
    "victim": "victim",
    "actor": "actor",
    "place": "place",
    "geonames_id": "GeoNames id",
}

Translate = Callable[[str], str]
Clock = Callable[[], float]


class CodingSession(UndoableSession):
    """One coder working through articles, with one undo stack for the whole session."""

    step_labels = LABELS

    def __init__(
        self,
        db: Project,
        annotator: str,
        *,
        translate: Translate | None = None,
        clock: Clock = time.monotonic,
        actor_names: Mapping[str, str] | None = None,
    ) -> None:
        if not annotator or not annotator.strip():
            raise CodingError("A coder needs a name.")
        if is_reserved(annotator):
            raise CodingError(
                f"‘{annotator}’ is reserved for the adjudicated gold layer; choose another name."
            )
        try:
            annotator = clean_name(annotator)
        except AnnotatorNameError as exc:
            raise CodingError(f"A coder cannot take this name: {exc}.") from exc
        self.db = db
        self.annotator = annotator
        self.stack = UndoStack()
        self._translate = translate or (lambda s: s)
        self._clock = clock
        self._actor_names = dict(actor_names or {})
        self._actors: ActorCatalogue | None = None
        self._coder_known = False
        self._texts: dict[int, str] = {}
        self._words: dict[int, Words] = {}
        self._entered: tuple[int, float] | None = None
        self._unsaved_seconds: dict[int, float] = {}
        self._total: int | None = None
        self._done: int | None = None  # counted once, again only after a state change
        self.stack.subscribe(self._on_change)

    @classmethod
    def open(cls, path: str | Path, annotator: str, **kwargs: Any) -> CodingSession:
        """A session on the project database at ``path``."""
        with guarded():
            db = open_project(path)
        return cls(db, annotator, **kwargs)

    def close(self) -> None:
        """Record the time on the open article and close the database."""
        self.leave()
        self.db.close()

    # ----- reading -----------------------------------------------------------------------------

    def article(self, article_id: int) -> Article:
        with guarded():
            article = repo.get_article(self.db, article_id)
        if len(self._texts) > 16:
            self._texts.clear()
            self._words.clear()
        self._texts[article_id] = article.text
        return article

    def text(self, article_id: int) -> str:
        if article_id not in self._texts:
            self.article(article_id)
        return self._texts[article_id]

    def spans(self, article_id: int) -> list[SpanRow]:
        """The coder's view of the article: own spans and suggestions still to decide."""
        with guarded():
            return repo.spans_for(self.db, article_id, self.annotator)

    def refresh_spans(
        self, article_id: int, known: Mapping[int, SpanRow], changed: Iterable[int] = ()
    ) -> dict[int, SpanRow]:
        """The coder's view again (id -> row), re-reading only rows that are new, changed
        since ``known`` or named in ``changed`` (a write's span ids); the others are reused."""
        with guarded():
            return spans.refresh_view(self.db, article_id, self.annotator, known, changed)

    def span(self, span_id: int) -> SpanRow:
        with guarded():
            row = repo.get_span(self.db, span_id)
        if row is None:
            raise CodingError(f"No span with id {span_id}.")
        return row

    def state(self, article_id: int) -> repo.StateRow:
        with guarded():
            return repo.get_state(self.db, article_id, self.annotator)

    def progress(self) -> tuple[int, int]:
        """(articles done by this coder, articles in the project)."""
        with guarded():
            if self._total is None:
                self._total = repo.article_count(self.db)
            if self._done is None:
                self._done = state_count(self.db, self.annotator, ArticleState.DONE)
            return self._done, self._total

    def checkpoint(self) -> bool:
        """Move the decisions written so far from the write-ahead log into the database file
        (call it when the coder pauses); False if another connection was in the way."""
        return checkpoint(self.db)

    def reconnect(self) -> bool:
        """After an offline CodingError: a new connection to the team server when the old one
        was lost (True), False when there was nothing to make again (a SQLite file, or the
        connection works); CodingError (offline) while the server cannot be reached. Cheap
        and never long (a short connect timeout): a desk calls it on a timer."""
        with guarded():
            return reconnect(self.db)

    def articles_added(self) -> None:
        """Articles came in (an import): count them again at the next ``progress()``."""
        self._total = None

    def changed_elsewhere(self) -> None:
        """Another desk wrote to the project: count articles and states again."""
        self._total = self._done = None

    def _on_change(self, change: Change) -> None:
        if change.state_changed:  # done, skip, flag, reopen or their undo: count again
            self._done = None

    def surface(self, row: SpanRow) -> str:
        return self.text(row.article_id)[row.start : row.end]

    # ----- decisions -----------------------------------------------------------------------------

    def undo(self) -> Change | None:
        """Undo the last step; a step whose rows changed elsewhere is dropped (CodingError)."""
        return self._step(redo=False)

    def redo(self) -> Change | None:
        return self._step(redo=True)

    def _step(self, *, redo: bool) -> Change | None:
        try:
            return self.stack.redo() if redo else self.stack.undo()
        except CodingError as exc:
            if not exc.conflict:
                raise
            dropped = self.stack.drop(redo=redo)
            change = getattr(dropped, "change", None)
            article_id = change.article_id if change is not None else None
            raise CodingError(
                f"The article changed elsewhere since this step (another window or computer"
                f" of {self.annotator}): it was not {'redone' if redo else 'undone'} and is"
                f" dropped. ({exc.message})",
                conflict=True,
                article_id=article_id,
            ) from exc

    def _push(self, label: str | Namer, write: Callable[[], DbChange]) -> Change:
        with guarded():
            if not self._coder_known:
                with write_transaction(self.db):
                    repo.ensure_annotator(self.db, self.annotator)
                self._coder_known = True
        return self.stack.push(DbCommand(self.db, label, write))

    def accept(self, span_id: int) -> Change:
        """Accept a suggestion as it is (nothing to do on the coder's own span)."""
        row = self.span(span_id)
        if row.confirmed:
            return Change(row.article_id, frozenset({span_id}))
        label = self._label("accept", surface=short(self.surface(row)))
        return self._push(label, lambda: repo.accept(self.db, span_id, self.annotator))

    def reject(self, span_id: int) -> Change:
        """Reject a suggestion, or remove the coder's own span."""
        row = self.span(span_id)
        text = self.text(row.article_id)
        return self._push(
            lambda change: self._decision_label(text, change),
            lambda: repo.reject(self.db, span_id, self.annotator),
        )

    def relabel(self, span_id: int, label: Label | str) -> Change:
        """Give the span another label (with that label's default attributes)."""
        row = self.span(span_id)
        label = Label(label)
        if row.label is label:
            return Change(row.article_id, frozenset({span_id}))
        surface = self.surface(row)
        span = Span(row.start, row.end, label, default_attrs(label, surface, self._actor_names))
        text = self._label("relabel", surface=short(surface), label=label.value)
        return self._push(text, lambda: repo.edit_span(self.db, span_id, self.annotator, span))

    def resize(self, span_id: int, edge: Edge, grow: bool, *, by_char: bool = False) -> Change:
        """Grow or shrink the span by one word (or one character) at its start or end (no-op
        if impossible)."""
        row = self.span(span_id)
        if row.article_id not in self._words:
            self._words[row.article_id] = Words(self.text(row.article_id))
        words = self._words[row.article_id]
        bounds = (words.nudged if by_char else words.resized)(row.start, row.end, edge, grow)
        if bounds is None or bounds == (row.start, row.end):
            return Change(row.article_id, frozenset({span_id}))
        return self.move_edges(span_id, bounds[0], bounds[1], "grow" if grow else "shrink")

    def move_edges(self, span_id: int, start: int, end: int, key: str = "shrink") -> Change:
        """Give the span new boundaries, as one undo step (``key``: "grow" or "shrink" for its
        label); the attributes that describe its surface are read again from the new text
        (annotator.services.words.moved_attrs), in the same step."""
        row = self.span(span_id)
        text = self.text(row.article_id)
        if not 0 <= start < end <= len(text):
            raise CodingError("A span needs at least one character of the article.")
        if (start, end) == (row.start, row.end):
            return Change(row.article_id, frozenset({span_id}))
        attrs = moved_attrs(
            row.label,
            row.span.attrs,
            text[start:end],
            actor_of=self._actor_of,
            place_of=_gazetteer_place,
        )
        span = Span(start, end, row.label, attrs)
        label = self._label(key, surface=short(self.surface(row)))
        return self._push(label, lambda: repo.edit_span(self.db, span_id, self.annotator, span))

    def _actor_of(self, surface: str) -> str | None:
        """The actor id ``surface`` names exactly (a known name or id, normalised), or None."""
        if self._actors is None:
            self._actors = ActorCatalogue.from_choices([], self._actor_names)
        return self._actors.named(surface)

    def add_span(self, article_id: int, start: int, end: int, label: Label | str) -> Change:
        """Mark ``text[start:end]`` with ``label``, as one undo step.

        A proclitic (بالقلمون) is left out when the rest is a span of the view or a known actor
        name. Over a suggestion at the same offsets: the same label accepts it with its
        attributes, another label relabels it. Suggestions and own spans the new span overlaps
        are rejected or removed (a coder's spans never overlap).
        """
        label = Label(label)
        text = self.text(article_id)
        if not 0 <= start < end <= len(text):
            raise CodingError("Select some text of the article first.")
        with guarded():  # only the spans the selection touches: not the whole view
            view = spans.view_overlapping(self.db, article_id, self.annotator, start, end)
        start = self._without_proclitic(text, start, end, view)
        own = next((r for r in view if r.confirmed and r.span.key == (start, end, label)), None)
        if own is not None:
            return Change(article_id, frozenset({own.id}))
        new = Span(start, end, label, default_attrs(label, text[start:end], self._actor_names))
        return self._push(
            lambda change: self._decision_label(text, change),
            lambda: repo.add_span(self.db, article_id, self.annotator, new),
        )

    def _decision_label(self, text: str, change: DbChange) -> str:
        """The undo step's name, from what the store decided (accept, relabel, add replacing
        the spans it overlapped; reject, remove)."""
        decision = change.decision
        if decision is None or decision.span is None:
            return ""  # nothing was written: the step is not kept
        span = decision.span
        surface = short(text[span.start : span.end])
        if len(decision.replaced) == 1:
            old = decision.replaced[0]
            return self._label("replace", old=short(text[old.start : old.end]), surface=surface)
        if decision.replaced:
            return self._label("replace_many", n=len(decision.replaced), surface=surface)
        # accept, relabel, add, reject, remove: the templates take what they need
        return self._label(decision.action, surface=surface, label=span.label.value)

    def _without_proclitic(self, text: str, start: int, end: int, view: Sequence[SpanRow]) -> int:
        """``start`` past a proclitic of the selection when the rest is a known span or name."""
        cut = start + proclitic_length(text[start:end])
        if cut == start:
            return start
        known = any((r.start, r.end) == (cut, end) for r in view)
        return cut if known or text[cut:end] in self._actor_names else start

    def set_attributes(self, span_id: int, attrs: Mapping[str, Any]) -> Change:
        """Replace the span's attributes (e.g. a casualty's count, kind, qualifier, victim)."""
        row = self.span(span_id)
        old = dict(row.span.attrs)
        changed = [k for k in sorted(set(old) | set(attrs)) if old.get(k) != attrs.get(k)]
        if not changed:
            return Change(row.article_id, frozenset({span_id}))
        surface = short(self.surface(row))
        if len(changed) == 1:
            field = self._translate(FIELDS.get(changed[0], changed[0]))
            label = self._label("edit_one", field=field, surface=surface)
        else:
            label = self._label("edit_many", surface=surface)
        new = dict(attrs)
        return self._push(label, lambda: repo.set_attrs(self.db, span_id, self.annotator, new))

    def accept_all(self, article_id: int) -> Change:
        """Accept every suggestion of the article not decided yet, except those overlapping a
        confirmed span (they stay to decide). The store decides which; the step is named from
        how many it accepted, and is no step when it accepted none."""
        if all(r.confirmed for r in self.spans(article_id)):
            return Change(article_id)  # no suggestion left to decide
        return self._push(
            lambda change: self._label(
                "accept_all", n=change.decision.count if change.decision else 0
            ),
            lambda: repo.accept_all(self.db, article_id, self.annotator),
        )

    def _set_state(
        self, article_id: int, key: str, state: ArticleState, note: str | None
    ) -> Change:
        current = self.state(article_id)
        if current.state is state and (note is None or note == current.note):
            return Change(article_id)
        return self._push(
            self._label(key),
            lambda: repo.set_state(self.db, article_id, self.annotator, state, note),
        )

    def mark_done(self, article_id: int) -> Change:
        return self._set_state(article_id, "done", ArticleState.DONE, None)

    def skip(self, article_id: int, note: str | None = None) -> Change:
        return self._set_state(article_id, "skip", ArticleState.SKIPPED, note)

    def flag(self, article_id: int, note: str) -> Change:
        return self._set_state(article_id, "flag", ArticleState.FLAGGED, note)

    def reopen(self, article_id: int) -> Change:
        return self._set_state(article_id, "reopen", ArticleState.OPEN, None)

    # ----- navigation and time -------------------------------------------------------------------

    def neighbour(
        self, article_id: int, step: int, states: Sequence[ArticleState] | None = None
    ) -> int | None:
        """The next (step > 0) or previous article id in list order, optionally by state."""
        with guarded():
            wanted = tuple(states) if states is not None else None
            return repo.neighbour_article(self.db, article_id, step, self.annotator, wanted)

    def next_open(self, after_id: int) -> int | None:
        """The next article still open for this coder after ``after_id``, wrapping around:
        the coder's assigned articles first (as the list shows them), then any other."""
        mine = self.open_assigned()
        later = [i for i in mine if i > after_id] if after_id in self.assigned() else []
        found = next(iter(later or [i for i in mine if i != after_id]), None)
        if found is None:
            found = self.neighbour(after_id, 1, (ArticleState.OPEN,))
        if found is None:
            found = self.neighbour(0, 1, (ArticleState.OPEN,))
        return None if found == after_id else found

    def first_article(self) -> int | None:
        """The first article assigned to and open for this coder, else the first open one, else
        the first article."""
        mine = self.open_assigned()
        if mine:
            return mine[0]
        return self.neighbour(0, 1, (ArticleState.OPEN,)) or self.neighbour(0, 1)

    def assigned(self) -> set[int]:
        """Ids of the articles assigned to this coder."""
        with guarded():
            return set(assigned_ids(self.db, self.annotator))

    def open_assigned(self) -> list[int]:
        """Ids of the coder's assigned articles still open for them, ascending."""
        with guarded():
            return open_assigned_ids(self.db, self.annotator)

    def enter(self, article_id: int) -> None:
        """The coder opened ``article_id``: time counts for it from now."""
        if self._entered is not None and self._entered[0] == article_id:
            return
        self.leave()
        self._entered = (article_id, self._clock())

    def leave(self) -> None:
        """Add the time spent on the open article (kept in memory if the write fails)."""
        if self._entered is None:
            return
        article_id, since = self._entered
        self._entered = None
        seconds = self._clock() - since
        if seconds > 0:
            self._unsaved_seconds[article_id] = self._unsaved_seconds.get(article_id, 0) + seconds
        for pending, value in list(self._unsaved_seconds.items()):
            try:
                with guarded():
                    if not self._coder_known:
                        with write_transaction(self.db):
                            repo.ensure_annotator(self.db, self.annotator)
                        self._coder_known = True
                    repo.add_seconds(self.db, pending, self.annotator, value)
            except CodingError:
                return
            del self._unsaved_seconds[pending]


def is_reserved(name: str) -> bool:
    """True for names a coder may not take: the gold layer's and every lookalike of it."""
    return looks_like_gold(name)


# ----- the current span (reading order) -------------------------------------------------------


def _reading_order(spans: Sequence[SpanRow]) -> list[SpanRow]:
    return sorted(spans, key=lambda r: (r.start, r.end, r.id))


def step_span(spans: Sequence[SpanRow], current: int | None, caret: int, step: int) -> int | None:
    """The span after (step > 0) or before ``current`` in reading order, wrapping around.

    Without a current span: the first span starting at or after the caret (or the last one
    before it when going back).
    """
    order = _reading_order(spans)
    if not order:
        return None
    ids = [r.id for r in order]
    if current in ids:
        return ids[(ids.index(current) + (1 if step > 0 else -1)) % len(ids)]
    if step > 0:
        return next((r.id for r in order if r.start >= caret), ids[0])
    return next((r.id for r in reversed(order) if r.start < caret), ids[-1])


def next_pending(spans: Sequence[SpanRow], position: int) -> int | None:
    """The first suggestion still to decide at or after ``position``, wrapping around."""
    first: tuple[int, int, int] | None = None  # one pass, no sort: this runs after every decision
    after: tuple[int, int, int] | None = None
    for r in spans:
        if r.confirmed:
            continue
        key = (r.start, r.end, r.id)
        if first is None or key < first:
            first = key
        if r.start >= position and (after is None or key < after):
            after = key
    found = after or first
    return found[2] if found is not None else None


# ----- choices for the attribute editors ------------------------------------------------------


def actor_catalogue() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """Actor ids with display text (Arabic names / English name), and each name's id.

    From the suggester's curated actor list when it is readable, else the codebook's ids.
    """
    choices: dict[str, str] = {a: a for a in CODEBOOK_ACTOR_IDS}
    names: dict[str, str] = {}
    try:
        from annotator.suggest.resources import load_json  # noqa: PLC0415 - loaded on first use

        data = load_json("actors.json")
    except (OSError, ValueError):
        return list(choices.items()), names
    entries = [(a["id"], a.get("en", ""), list(a.get("names", []))) for a in data.get("actors", [])]
    entries += [(e[0], e[2], e[3].split("|")) for e in data.get("small_actors", [])]
    for actor_id, english, forms in entries:
        arabic = [f for f in forms if not f.isascii()]
        choices[actor_id] = " / ".join(p for p in ("، ".join(arabic[:3]), english) if p)
        for form in forms:
            names.setdefault(form, actor_id)
    return list(choices.items()), names


def place_choices(db: Project, limit: int = 5000) -> list[tuple[str, int | None]]:
    """Canonical place names coders gave so far, with their GeoNames id."""
    with guarded():
        rows = spans.place_names(db, limit)
    return sorted(set(rows), key=str)


@cache
def gazetteer_places() -> tuple[tuple[str, int | None], ...]:
    """Every place of the suggester's compiled gazetteer (curated places and GeoNames, with
    their ids), by name; () if its data is unreadable. Slow the first time (read once, kept)."""
    try:
        from annotator.suggest.gazetteer import load_gazetteer  # noqa: PLC0415 - loaded on first use

        names = load_gazetteer().names
    except (OSError, ValueError):
        return ()
    found = {
        (e.attrs["place"], e.attrs.get("geonames_id"))
        for e in names.values()
        if e.label == Label.PLACE.value and isinstance(e.attrs.get("place"), str)
    }
    return tuple(sorted(found, key=lambda p: (p[0], p[1] or 0)))


def _gazetteer_place(surface: str) -> dict[str, Any] | None:
    """The place attributes the suggester's gazetteer gives ``surface`` (None if no place or
    unreadable gazetteer)."""
    try:
        from annotator.suggest.gazetteer import load_gazetteer  # noqa: PLC0415 - loaded on first use
        from annotator.suggest.keys import name_key  # noqa: PLC0415 - loaded on first use

        entry = load_gazetteer().names.get(name_key(surface))
    except (OSError, ValueError):
        return None
    if entry is None or entry.label != Label.PLACE.value:
        return None
    return {k: v for k, v in entry.attrs.items() if k in ("place", "geonames_id")}


def read_place_choices(path: str | Path, limit: int = 5000) -> list[tuple[str, int | None]]:
    """The gazetteer's places and ``place_choices`` (on a connection of its own), for a worker
    thread; only the gazetteer's if the database cannot be read."""
    known = list(gazetteer_places())
    try:
        with guarded():
            db = open_project(path)
    except CodingError:
        return known
    try:
        named = place_choices(db, limit)
    except CodingError:
        named = []
    finally:
        db.close()
    return sorted(set(known) | set(named), key=lambda p: (p[0], p[1] or 0))
