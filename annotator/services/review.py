"""Review and adjudication: coders' versions side by side, and the lead's decisions into gold.

``review_items`` lists an article's clusters of coders' spans (agreed or a disagreement, with
each coder's version) and whether the lead has settled each one. A ``ReviewSession`` turns
them into the gold layer through undoable commands (the same ``DbCommand`` pattern as the
coding desk): take one coder's version, reject all versions, accept everything the coders
agree on, add/edit/remove gold spans. An item is settled when each of its coders' spans is a
source of a gold span or was rejected. After every command the article's adjudication state
is recomputed: gold ``done`` when nothing is left to settle, else ``open``. Each decision
names the lead who made it (``decided_by`` on the gold rows, ``who`` in the audit log).
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.domain import GOLD, Label, Span, SpanRow
from annotator.domain.commands import Change, UndoableSession, UndoStack
from annotator.services.compare import Cluster, CoderSpan, Disagreement, adopt, clusters
from annotator.services.history import HistoryEvent, span_history
from annotator.services.project import open_project
from annotator.services.undo import CodingError, DbCommand, guarded, short
from annotator.store import Project, StoreError, write_transaction
from annotator.store import gold as gold_store
from annotator.store import repository as repo
from annotator.store.changes import DbChange
from annotator.store.gold import Source
from annotator.store.states import done_coders

LABELS: dict[str, str] = {
    "take": "Take {coder}’s version of ‘{surface}’",
    "reject_all": "Reject all versions of ‘{surface}’",
    "reset": "Reopen ‘{surface}’",
    "accept_agreed": "Accept agreed spans ({n})",
    "add": "Add gold {label} ‘{surface}’",
    "edit": "Edit gold ‘{surface}’",
    "remove": "Remove gold ‘{surface}’",
}

Translate = Callable[[str], str]


class ReviewError(CodingError):
    """An adjudication step that could not be done, with a message for the lead."""


def default_lead() -> str:
    """The lead's name when none is given: the operating-system user, else ``lead``."""
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):
        name = ""
    return name if name and name != GOLD else "lead"


@dataclass(frozen=True, eq=False)
class ReviewItem:
    """One cluster of an article as the lead sees it: coders' versions and what gold made of it.

    ``taken``: gold span ids made from its spans; ``rejected``: its span ids the lead rejected.
    """

    article_id: int
    cluster: Cluster
    taken: tuple[int, ...]
    rejected: tuple[int, ...]
    settled: bool

    @property
    def key(self) -> tuple[int, ...]:
        return self.cluster.key

    @property
    def agreed(self) -> bool:
        return self.cluster.agreed

    @property
    def kinds(self) -> tuple[Disagreement, ...]:
        return self.cluster.kinds

    @property
    def kind(self) -> Disagreement | None:
        return self.cluster.kind

    @property
    def start(self) -> int:
        return self.cluster.start

    @property
    def end(self) -> int:
        return self.cluster.end

    def version(self, coder: str) -> tuple[CoderSpan, ...]:
        """The coder's spans in this item (empty if the coder has none here)."""
        return self.cluster.versions.get(coder, ())


def finished_coders(db: Project, article_id: int) -> list[str]:
    """Coders (not gold) who marked the article done, by name."""
    return done_coders(db, article_id, GOLD)


def coder_spans(db: Project, article_id: int, coders: Sequence[str]) -> dict[str, list[CoderSpan]]:
    """Each coder's confirmed spans of the article."""
    return {
        c: [CoderSpan(r.id, c, r.span) for r in repo.confirmed_spans(db, article_id, c)]
        for c in coders
    }


def review_items(
    db: Project, article_id: int, coders: Sequence[str] | None = None
) -> list[ReviewItem]:
    """The article's clusters for the compared coders (default: those who marked it done)."""
    chosen = list(coders) if coders is not None else finished_coders(db, article_id)
    if GOLD in chosen:
        raise StoreError("the gold layer is not a coder to compare")
    taken = gold_store.taken_sources(db, article_id)
    rejected = gold_store.rejected_sources(db, article_id)
    items = []
    for cluster in clusters(coder_spans(db, article_id, chosen)):
        ids = cluster.key
        gold_ids = sorted({g for i in ids for g in taken.get(i, ())})
        refused = tuple(i for i in ids if i in rejected)
        settled = all(i in taken or i in rejected for i in ids)
        items.append(ReviewItem(article_id, cluster, tuple(gold_ids), refused, settled))
    return items


# ----- the writes (each one transaction returning a DbChange) ------------------------------------


def _find(db: Project, article_id: int, coders: Sequence[str], key: tuple[int, ...]) -> ReviewItem:
    for item in review_items(db, article_id, coders):
        if item.key == tuple(key):
            return item
    raise StoreError("the coders' spans here changed since the list was shown; look again")


def _clear(db: Project, item: ReviewItem, lead: str | None) -> DbChange:
    """Forget the lead's decision on the item: its gold spans and rejections."""
    change = DbChange(item.article_id)
    for gold_id in item.taken:
        change = change + gold_store.delete_gold_span(db, gold_id, lead)
    return change + gold_store.unreject_sources(db, item.article_id, item.rejected, lead)


def update_adjudicated(db: Project, article_id: int, coders: Sequence[str]) -> DbChange:
    """Mark the article adjudicated when every item is settled, else not."""
    done = all(i.settled for i in review_items(db, article_id, coders))
    return gold_store.set_adjudicated(db, article_id, done)


def take_version(
    db: Project,
    article_id: int,
    coders: Sequence[str],
    key: tuple[int, ...],
    coder: str,
    *,
    lead: str | None = None,
) -> DbChange:
    """Gold gets ``coder``'s spans of the item; spans of others that differ are overruled."""
    with write_transaction(db):
        item = _find(db, article_id, coders, key)
        chosen = item.version(coder)
        if not chosen:
            raise StoreError(f"{coder} has no span here; reject all versions instead")
        change = _clear(db, item, lead)
        used: set[int] = set()
        for cs in chosen:
            span, same = adopt(cs, item.cluster.spans)
            used.update(s.id for s in same)
            sources = [Source(s.id, s.annotator) for s in same]
            change = change + gold_store.add_gold_span(db, article_id, span, sources, lead)
        overruled = [Source(s.id, s.annotator) for s in item.cluster.spans if s.id not in used]
        change = change + gold_store.reject_sources(db, article_id, overruled, lead)
        return change + update_adjudicated(db, article_id, coders)


def reject_item(
    db: Project,
    article_id: int,
    coders: Sequence[str],
    key: tuple[int, ...],
    lead: str | None = None,
) -> DbChange:
    """No gold span for the item: every coder's version is rejected."""
    with write_transaction(db):
        item = _find(db, article_id, coders, key)
        change = _clear(db, item, lead)
        spans = [Source(s.id, s.annotator) for s in item.cluster.spans]
        change = change + gold_store.reject_sources(db, article_id, spans, lead)
        return change + update_adjudicated(db, article_id, coders)


def reset_item(
    db: Project,
    article_id: int,
    coders: Sequence[str],
    key: tuple[int, ...],
    lead: str | None = None,
) -> DbChange:
    """Undo the lead's decision on the item so it is open again."""
    with write_transaction(db):
        change = _clear(db, _find(db, article_id, coders, key), lead)
        return change + update_adjudicated(db, article_id, coders)


def accept_agreed(
    db: Project, article_id: int, coders: Sequence[str], lead: str | None = None
) -> DbChange:
    """Take every agreed item not settled yet into gold."""
    with write_transaction(db):
        change = DbChange(article_id)
        for item in review_items(db, article_id, coders):
            if item.agreed and not item.settled:
                change = change + take_version(
                    db, article_id, coders, item.key, coders[0], lead=lead
                )
        return change + update_adjudicated(db, article_id, coders)


def _then_update(db: Project, coders: Sequence[str], write: Callable[[], DbChange]) -> DbChange:
    with write_transaction(db):
        change = write()
        assert change.article_id is not None
        return change + update_adjudicated(db, change.article_id, coders)


# ----- the session ---------------------------------------------------------------------------


class ReviewSession(UndoableSession):
    """The lead comparing chosen coders and adjudicating, with one undo stack.

    ``lead`` names who decides (default: the operating-system user, else ``lead``).
    """

    step_labels = LABELS

    def __init__(
        self,
        db: Project,
        coders: Sequence[str],
        *,
        translate: Translate | None = None,
        lead: str | None = None,
    ) -> None:
        chosen = list(dict.fromkeys(coders))
        if not chosen:
            raise ReviewError("Choose at least one coder to review.")
        if GOLD in chosen:
            raise ReviewError("The gold layer is not a coder to compare.")
        lead = (lead or "").strip() or default_lead()
        if lead == GOLD:
            raise ReviewError("The lead needs a name of their own, not the gold layer's.")
        self.db = db
        self.coders = chosen
        self.lead = lead
        self.stack = UndoStack()
        self._translate = translate or (lambda s: s)
        self._texts: dict[int, str] = {}

    @classmethod
    def open(cls, path: str | Path, coders: Sequence[str], **kwargs: Any) -> ReviewSession:
        """A session on the project database at ``path``."""
        with guarded():
            db = open_project(path)
        return cls(db, coders, **kwargs)

    def close(self) -> None:
        self.db.close()

    # ----- reading -----------------------------------------------------------------------------

    def text(self, article_id: int) -> str:
        if article_id not in self._texts:
            if len(self._texts) > 16:
                self._texts.clear()
            with guarded():
                self._texts[article_id] = repo.get_article(self.db, article_id).text
        return self._texts[article_id]

    def items(self, article_id: int) -> list[ReviewItem]:
        """Every cluster of the article, agreed or not, settled or not, in reading order."""
        with guarded():
            return review_items(self.db, article_id, self.coders)

    def disagreements(self, article_id: int, *, open_only: bool = False) -> list[ReviewItem]:
        """The article's disagreements (only those not settled yet with ``open_only``)."""
        return [i for i in self.items(article_id) if not i.agreed and not (open_only and i.settled)]

    def gold(self, article_id: int) -> list[SpanRow]:
        with guarded():
            return gold_store.gold_spans(self.db, article_id)

    def sources(self, gold_span_ids: Sequence[int]) -> dict[int, list[Source]]:
        """The coders' spans each gold span came from."""
        with guarded():
            return gold_store.sources_of(self.db, gold_span_ids)

    def adjudicated(self, article_id: int) -> bool:
        with guarded():
            return gold_store.is_adjudicated(self.db, article_id)

    def history(self, span_id: int) -> list[HistoryEvent]:
        """Who suggested, accepted, changed or rejected the span, and when."""
        with guarded():
            return span_history(self.db, span_id)

    # ----- adjudication ------------------------------------------------------------------------

    def _surface(self, article_id: int, start: int, end: int) -> str:
        return short(self.text(article_id)[start:end])

    def _item(self, article_id: int, key: Sequence[int]) -> ReviewItem:
        for item in self.items(article_id):
            if item.key == tuple(key):
                return item
        raise ReviewError("The coders' spans here changed since the list was shown; look again.")

    def _push(self, label: str, write: Callable[[], DbChange]) -> Change:
        return self.stack.push(DbCommand(self.db, label, write))

    def take(self, article_id: int, key: Sequence[int], coder: str) -> Change:
        """Gold gets ``coder``'s version of the item."""
        item = self._item(article_id, key)
        if not item.version(coder):
            raise ReviewError(f"{coder} has no span here; reject all versions instead.")
        surface = self._surface(article_id, item.start, item.end)
        label = self._label("take", coder=coder, surface=surface)
        k = item.key
        return self._push(
            label, lambda: take_version(self.db, article_id, self.coders, k, coder, lead=self.lead)
        )

    def reject_all(self, article_id: int, key: Sequence[int]) -> Change:
        """No gold span for the item."""
        item = self._item(article_id, key)
        surface = self._surface(article_id, item.start, item.end)
        k = item.key
        return self._push(
            self._label("reject_all", surface=surface),
            lambda: reject_item(self.db, article_id, self.coders, k, self.lead),
        )

    def reset(self, article_id: int, key: Sequence[int]) -> Change:
        """Open the item again (its gold spans and rejections removed)."""
        item = self._item(article_id, key)
        if not item.taken and not item.rejected:
            return Change(article_id)
        surface = self._surface(article_id, item.start, item.end)
        k = item.key
        return self._push(
            self._label("reset", surface=surface),
            lambda: reset_item(self.db, article_id, self.coders, k, self.lead),
        )

    def accept_agreed(self, article_id: int) -> Change:
        """Accept every span all coders agree on into gold (one undo step)."""
        items = self.items(article_id)
        pending = [i for i in items if i.agreed and not i.settled]
        if not pending and self.adjudicated(article_id) == all(i.settled for i in items):
            return Change(article_id)
        label = self._label("accept_agreed", n=len(pending))
        return self._push(label, lambda: accept_agreed(self.db, article_id, self.coders, self.lead))

    def add_gold(self, article_id: int, span: Span) -> Change:
        """Add a gold span no coder marked."""
        surface = self._surface(article_id, span.start, span.end)
        label = self._label("add", label=Label(span.label).value, surface=surface)

        def write() -> DbChange:
            return _then_update(
                self.db,
                self.coders,
                lambda: gold_store.add_gold_span(self.db, article_id, span, (), self.lead),
            )

        return self._push(label, write)

    def _gold_row(self, span_id: int) -> SpanRow:
        with guarded():
            row = repo.get_span(self.db, span_id)
        if row is None or row.annotator != GOLD:
            raise ReviewError(f"Span {span_id} is not a gold span.")
        return row

    def edit_gold(self, span_id: int, span: Span) -> Change:
        """Give a gold span new offsets, label or attributes."""
        row = self._gold_row(span_id)
        if row.span == span:
            return Change(row.article_id, frozenset({span_id}))
        label = self._label("edit", surface=self._surface(row.article_id, row.start, row.end))
        return self._push(
            label,
            lambda: _then_update(
                self.db,
                self.coders,
                lambda: gold_store.edit_gold_span(self.db, span_id, span, self.lead),
            ),
        )

    def set_gold_attributes(self, span_id: int, attrs: Mapping[str, Any]) -> Change:
        """Replace the attributes of a gold span."""
        row = self._gold_row(span_id)
        return self.edit_gold(span_id, Span(row.start, row.end, row.label, attrs))

    def remove_gold(self, span_id: int) -> Change:
        """Remove a gold span (the items it came from are open again)."""
        row = self._gold_row(span_id)
        label = self._label("remove", surface=self._surface(row.article_id, row.start, row.end))
        return self._push(
            label,
            lambda: _then_update(
                self.db,
                self.coders,
                lambda: gold_store.delete_gold_span(self.db, span_id, self.lead),
            ),
        )
