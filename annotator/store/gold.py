"""The gold layer: adjudicated spans (annotator ``gold``), their sources and overruled spans.

Gold spans are ordinary ``spans`` rows of the reserved annotator ``gold`` (origin ``coder``,
status ``added``). ``gold_sources`` records the coders' spans each gold span came from;
``gold_rejections`` the coders' spans the lead overruled or rejected; both name the lead who
decided in ``decided_by`` (a lead that removes or edits such a decision is stamped on its rows
first, so the audit log names who did what). An article is adjudicated when ``article_state``
has ``(article_id, 'gold')`` in state ``done``. Every write returns a ``DbChange`` that
``changes.revert`` undoes exactly.

Gold spans imported from a file (``annotator import --gold-by LEAD``) come from no coder's
span, so ``gold_sources`` cannot hold them; the lead who imported them is recorded in the
audit log instead, one row per gold span (``who`` the lead, ``tbl`` ``gold_import``, ``row_id``
the gold span, ``after`` with ``decided_by`` and the file and line): ``imported_by`` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.domain import GOLD, ArticleState, Origin, Span, SpanRow, Status
from annotator.store.changes import DbChange, RowChange, read_row, record
from annotator.store.connection import now, write_transaction
from annotator.store.errors import StoreError
from annotator.store.spans import _check as check_span
from annotator.store.spans import _insert_new as insert_row
from annotator.store.spans import _new_row as new_row
from annotator.store.spans import confirmed_spans, edit_span, get_span
from annotator.store.states import ensure_annotator, get_state, set_state

GOLD_ROLE = "gold"
GOLD_IMPORT = "gold_import"  # the audit log's table name for gold spans a lead imported


@dataclass(frozen=True)
class Source:
    """A coder's span a gold span came from."""

    span_id: int
    annotator: str


def gold_spans(db: Database, article_id: int) -> list[SpanRow]:
    """The article's gold spans in reading order."""
    return confirmed_spans(db, article_id, GOLD)


def sources_of(db: Database, gold_span_ids: Iterable[int]) -> dict[int, list[Source]]:
    """For each gold span id, the coders' spans it came from (sorted by span id)."""
    ids = list(gold_span_ids)
    out: dict[int, list[Source]] = {i: [] for i in ids}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        for gold_id, source_id, annotator in db.execute(
            "SELECT gold_span_id, source_span_id, annotator FROM gold_sources"
            f" WHERE gold_span_id IN ({marks}) ORDER BY source_span_id",
            chunk,
        ):
            out[gold_id].append(Source(source_id, annotator))
    return out


def taken_sources(db: Database, article_id: int) -> dict[int, list[int]]:
    """Coders' span ids of the article taken into gold, each with the gold span ids."""
    out: dict[int, list[int]] = {}
    for source_id, gold_id in db.execute(
        "SELECT g.source_span_id, g.gold_span_id FROM gold_sources g"
        " JOIN spans s ON s.id = g.gold_span_id WHERE s.article_id = ?"
        " ORDER BY g.gold_span_id",
        [article_id],
    ):
        out.setdefault(source_id, []).append(gold_id)
    return out


def rejected_sources(db: Database, article_id: int) -> set[int]:
    """Coders' span ids of the article the lead rejected or overruled."""
    return {
        r[0]
        for r in db.execute(
            "SELECT source_span_id FROM gold_rejections WHERE article_id = ?", [article_id]
        )
    }


def _gold_row(db: Database, span_id: int) -> SpanRow:
    row = get_span(db, span_id)
    if row is None or row.annotator != GOLD:
        raise StoreError(f"span {span_id} is not a gold span")
    return row


def add_gold_span(
    db: Database,
    article_id: int,
    span: Span,
    sources: Sequence[Source] = (),
    decided_by: str | None = None,
) -> DbChange:
    """Add a gold span (or add sources to the identical gold span already there)."""
    with write_transaction(db):
        rows = ensure_annotator(db, GOLD, role=GOLD_ROLE)
        existing = next((r for r in gold_spans(db, article_id) if r.span.key == span.key), None)
        if existing is None:
            # a plain added row, never a decision on a suggestion at the same place
            check_span(db, article_id, span)
            row = new_row(
                article_id, span, origin=Origin.CODER.value, status=Status.ADDED.value,
                annotator=GOLD,
            )  # fmt: skip
            change = DbChange(article_id, (insert_row(db, row),))
            gold_id = change.created_span_ids[-1]
        elif existing.span != span:
            change = edit_gold_span(db, existing.id, span, decided_by)
            gold_id = existing.id
        else:
            change = DbChange(article_id)
            gold_id = existing.id
        change = DbChange(article_id, tuple(rows)) + change
        return change + add_sources(db, gold_id, sources, decided_by)


def add_sources(
    db: Database, gold_span_id: int, sources: Sequence[Source], decided_by: str | None = None
) -> DbChange:
    """Record that the gold span came from these coders' spans (the lead ``decided_by``)."""
    with write_transaction(db):
        row = _gold_row(db, gold_span_id)
        rows: list[RowChange] = []
        for source in sources:
            key = (gold_span_id, source.span_id)
            if read_row(db, "gold_sources", key) is None:
                after = {
                    "gold_span_id": gold_span_id,
                    "source_span_id": source.span_id,
                    "annotator": source.annotator,
                    "decided_by": decided_by,
                }
                rows.append(record(db, "gold_sources", None, after))
        return DbChange(row.article_id, tuple(rows))


def _stamp(db: Database, table: str, key: tuple[int, ...], decided_by: str | None) -> RowChange:
    """The row's image, after naming ``decided_by`` as its deciding lead if another one is."""
    before = read_row(db, table, key)
    assert before is not None
    if decided_by is None or before["decided_by"] == decided_by:
        return RowChange(table, before, before)
    return record(db, table, before, {**before, "decided_by": decided_by})


def edit_gold_span(
    db: Database, span_id: int, span: Span, decided_by: str | None = None
) -> DbChange:
    """Give a gold span new offsets, label or attributes (its sources now name ``decided_by``)."""
    with write_transaction(db):
        row = _gold_row(db, span_id)
        change = edit_span(db, span_id, GOLD, span)
        if change.empty:
            return change
        rows = []
        for source in sources_of(db, [span_id])[span_id]:
            stamped = _stamp(db, "gold_sources", (span_id, source.span_id), decided_by)
            if stamped.before != stamped.after:
                rows.append(stamped)
        return change + DbChange(row.article_id, tuple(rows))


def delete_gold_span(db: Database, span_id: int, decided_by: str | None = None) -> DbChange:
    """Delete a gold span and the record of its sources (removed by the lead ``decided_by``)."""
    with write_transaction(db):
        row = _gold_row(db, span_id)
        rows: list[RowChange] = []
        for source in sources_of(db, [span_id])[span_id]:
            stamped = _stamp(db, "gold_sources", (span_id, source.span_id), decided_by)
            if stamped.before != stamped.after:
                rows.append(stamped)
            rows.append(record(db, "gold_sources", stamped.after, None))
        before = read_row(db, "spans", (span_id,))
        rows.append(record(db, "spans", before, None))
        return DbChange(row.article_id, tuple(rows))


def reject_sources(
    db: Database, article_id: int, sources: Sequence[Source], decided_by: str | None = None
) -> DbChange:
    """Record coders' spans the lead ``decided_by`` rejected (or overruled by another version)."""
    with write_transaction(db):
        rows: list[RowChange] = []
        stamp = now()
        for source in sources:
            if read_row(db, "gold_rejections", (source.span_id,)) is None:
                after = {
                    "source_span_id": source.span_id,
                    "article_id": article_id,
                    "annotator": source.annotator,
                    "rejected_at": stamp,
                    "decided_by": decided_by,
                }
                rows.append(record(db, "gold_rejections", None, after))
        return DbChange(article_id, tuple(rows))


def unreject_sources(
    db: Database, article_id: int, span_ids: Iterable[int], decided_by: str | None = None
) -> DbChange:
    """Forget the lead's rejection of these coders' spans (undone by the lead ``decided_by``)."""
    with write_transaction(db):
        rows: list[RowChange] = []
        for span_id in span_ids:
            if read_row(db, "gold_rejections", (span_id,)) is None:
                continue
            stamped = _stamp(db, "gold_rejections", (span_id,), decided_by)
            if stamped.before != stamped.after:
                rows.append(stamped)
            rows.append(record(db, "gold_rejections", stamped.after, None))
        return DbChange(article_id, tuple(rows))


def is_adjudicated(db: Database, article_id: int) -> bool:
    """True when the article's gold layer is marked done."""
    return get_state(db, article_id, GOLD).state is ArticleState.DONE


def set_adjudicated(db: Database, article_id: int, done: bool) -> DbChange:
    """Mark the article adjudicated (gold ``done``) or not (gold ``open``); no-op if so already."""
    with write_transaction(db):
        if is_adjudicated(db, article_id) == done:
            return DbChange(article_id)
        rows = ensure_annotator(db, GOLD, role=GOLD_ROLE)
        state = ArticleState.DONE if done else ArticleState.OPEN
        return DbChange(article_id, tuple(rows)) + set_state(db, article_id, GOLD, state)


def record_gold_import(
    db: Database, article_id: int, span_ids: Iterable[int], decided_by: str, origin: str
) -> None:
    """Record in the audit log that the lead ``decided_by`` imported these gold spans (one row
    with ``row_id`` NULL for a record without spans: the lead still adjudicated the article)."""
    for span_id in list(span_ids) or [None]:
        after = {"gold_span_id": span_id, "decided_by": decided_by, "from": origin}
        db.execute(
            "INSERT INTO audit (who, action, tbl, row_id, article_id, after)"
            " VALUES (?, 'insert', ?, ?, ?, ?)",
            [decided_by, GOLD_IMPORT, span_id, article_id, json.dumps(after, ensure_ascii=False)],
        )


def imported_by(db: Database, span_id: int) -> str | None:
    """The lead who imported this gold span from a file, or None if no lead imported it."""
    row = db.execute(
        "SELECT who FROM audit WHERE tbl = ? AND row_id = ? ORDER BY id DESC LIMIT 1",
        [GOLD_IMPORT, span_id],
    ).fetchone()
    return row[0] if row else None
