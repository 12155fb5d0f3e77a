"""Spans: shared suggestions, each coder's decisions on them, and the coder's view.

A suggestion is a shared row (origin ``suggestion``, status ``suggested``, no annotator).
A coder's decision on it is the coder's own row pointing at it (``suggestion_id``). Every
write is one transaction and returns a ``DbChange`` that ``changes.revert`` undoes exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from annotator.domain import Label, Origin, Span, SpanError, SpanRow, Status, Suggestion
from annotator.domain.commands import Decision
from annotator.domain.span import check_attributes, check_no_overlap, check_offsets
from annotator.store.changes import DbChange, Row, RowChange, read_row, record
from annotator.store.connection import now, write_transaction
from annotator.store.errors import StoreError
from annotator.store.pending import visible
from annotator.store.postgres.handle import json_value
from annotator.store.states import ensure_annotator

_LABELS = {m.value: m for m in Label}
_ORIGINS = {m.value: m for m in Origin}
_STATUSES = {m.value: m for m in Status}
SPAN_COLUMNS = (
    "article_id",
    "start",
    "end",
    "label",
    "attrs",
    "origin",
    "status",
    "annotator",
    "suggestion_id",
    "suggester",
    "suggester_version",
    "score",
    "created_at",
    "updated_at",
)
_COLUMNS = ("id", *SPAN_COLUMNS)
_SELECT = "SELECT " + ", ".join(f'"{c}"' for c in _COLUMNS) + " FROM spans"
_ORDER = ' ORDER BY start, "end", label, id'


def _to_span_row(row: Row) -> SpanRow:
    return _from_tuple(tuple(row[c] for c in _COLUMNS))


def _from_tuple(r: tuple[Any, ...]) -> SpanRow:
    """A SpanRow from a row in ``_COLUMNS`` order (the hot path of every view read)."""
    attrs = r[5]
    return SpanRow(
        r[0],
        r[1],
        Span(r[2], r[3], _LABELS[r[4]], {} if attrs == "{}" else json.loads(attrs)),
        _ORIGINS[r[6]],
        _STATUSES[r[7]],
        r[8],
        r[9],
        r[10],
        r[11],
        r[12],
        r[13],
        r[14],
    )


def _select(db: Database, where: str, params: Iterable[Any]) -> list[SpanRow]:
    cur = db.execute(f"{_SELECT} WHERE {where}{_ORDER}", list(params))
    return [_from_tuple(r) for r in cur]


def get_span(db: Database, span_id: int) -> SpanRow | None:
    """One stored span by id."""
    row = read_row(db, "spans", (span_id,))
    return _to_span_row(row) if row is not None else None


# The coder's view: own rows that are not rejected, plus suggestions the coder has not decided.
_VIEW = (
    "article_id = ? AND ((annotator = ? AND status != 'rejected') OR (annotator IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM spans d WHERE d.article_id = spans.article_id"
    " AND d.annotator = ? AND d.suggestion_id = spans.id)))"
)


def spans_for(db: Database, article_id: int, annotator: str) -> list[SpanRow]:
    """The coder's view: own rows that are not rejected, plus suggestions not decided yet."""
    return _select(db, _VIEW, [article_id, annotator, annotator])


def refresh_view(
    db: Database,
    article_id: int,
    annotator: str,
    known: Mapping[int, SpanRow],
    changed: Iterable[int] = (),
) -> dict[int, SpanRow]:
    """The coder's view again (id -> row, in ``spans_for`` order), reusing ``known`` rows.

    Only ids and change stamps of the view are read; rows that are new, whose ``updated_at``
    differs or whose id is in ``changed`` (e.g. the span ids of a write) are read in full.
    """
    stamps = db.execute(
        f"SELECT id, updated_at FROM spans WHERE {_VIEW}{_ORDER}",
        [article_id, annotator, annotator],
    ).fetchall()
    forced = set(changed)
    stale = [
        i
        for i, stamp in stamps
        if i in forced or (old := known.get(i)) is None or old.updated_at != stamp
    ]
    fresh = {r.id: r for r in spans_by_ids(db, stale)}
    return {i: fresh[i] if i in fresh else known[i] for i, _stamp in stamps}


def spans_by_ids(db: Database, ids: Iterable[int]) -> list[SpanRow]:
    """The stored rows with these ids (missing ids are left out), in ``spans_for`` order."""
    wanted = list(dict.fromkeys(ids))
    rows: list[SpanRow] = []
    for lo in range(0, len(wanted), 500):
        chunk = wanted[lo : lo + 500]
        rows += _select(db, f"id IN ({', '.join('?' for _ in chunk)})", chunk)
    return rows


def view_overlapping(
    db: Database, article_id: int, annotator: str, start: int, end: int
) -> list[SpanRow]:
    """The rows of the coder's view that share a code point with ``[start, end)``."""
    return _select(
        db, f'{_VIEW} AND start < ? AND "end" > ?', [article_id, annotator, annotator, end, start]
    )


def own_span_at(db: Database, article_id: int, annotator: str, span: Span) -> SpanRow | None:
    """The coder's own (not rejected) span with the offsets and label of ``span``, if any."""
    rows = _select(
        db,
        "article_id = ? AND annotator = ? AND status != 'rejected'"
        ' AND start = ? AND "end" = ? AND label = ?',
        [article_id, annotator, *span.key],
    )
    return rows[0] if rows else None


def confirmed_spans(db: Database, article_id: int, annotator: str) -> list[SpanRow]:
    """The coder's own annotations (accepted, corrected, added or imported)."""
    return _select(
        db, "article_id = ? AND annotator = ? AND status != 'rejected'", [article_id, annotator]
    )


def all_spans(db: Database, article_id: int) -> list[SpanRow]:
    """Every row of the article: suggestions and every coder's rows, rejections included."""
    return _select(db, "article_id = ?", [article_id])


def place_names(db: Database, limit: int = 5000) -> list[tuple[str, int | None]]:
    """Distinct (place, GeoNames id) attributes of PLACE spans (at most ``limit`` rows read)."""
    place, gid = json_value(db, "attrs", "place"), json_value(db, "attrs", "geonames_id")
    rows = db.execute(
        f"SELECT DISTINCT {place}, {gid} FROM spans WHERE label = 'PLACE' AND {place} IS NOT NULL"
        f" AND {visible('article_id')} LIMIT ?",
        [limit],
    ).fetchall()
    return [(name, gid) for name, gid in rows if isinstance(name, str)]


def own_overlapping(
    db: Database, article_id: int, annotator: str, span: Span, skip: Iterable[int] = ()
) -> list[SpanRow]:
    """The coder's confirmed spans sharing a code point with ``span`` (ids in ``skip`` aside)."""
    rows = _select(
        db,
        "article_id = ? AND annotator = ? AND status != 'rejected' AND start < ? AND \"end\" > ?",
        [article_id, annotator, span.end, span.start],
    )
    left_out = set(skip)
    return [r for r in rows if r.id not in left_out]


def _check_no_overlap(
    db: Database, article_id: int, annotator: str, span: Span, skip: Iterable[int] = ()
) -> None:
    """StoreError if ``span`` would overlap one of the coder's confirmed spans."""
    others = own_overlapping(db, article_id, annotator, span, skip)
    try:
        check_no_overlap([span, *(r.span for r in others)])
    except SpanError as exc:
        raise StoreError(
            f"This {span.label.value} span would overlap a span {annotator} marked already"
            f" ({others[0].label.value} at {others[0].start}–{others[0].end}); remove or"
            f" resize that one first ({exc})."
        ) from exc


def _text_length(db: Database, article_id: int) -> int:
    row = db.execute("SELECT text_length FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return row[0]


def _check(db: Database, article_id: int, span: Span, length: int | None = None) -> None:
    try:
        if length is None:
            length = _text_length(db, article_id)
        check_offsets(span.start, span.end, length)
        check_attributes(span.label, span.attrs)
    except SpanError as exc:
        raise StoreError(str(exc)) from exc


def _span_cols(span: Span) -> Row:
    return {
        "start": span.start,
        "end": span.end,
        "label": span.label.value,
        "attrs": json.dumps(dict(span.attrs), ensure_ascii=False, sort_keys=True),
    }


def _new_row(article_id: int, span: Span, **cols: Any) -> Row:
    stamp = now()
    return {
        "article_id": article_id,
        **_span_cols(span),
        "suggestion_id": None,
        "suggester": None,
        "suggester_version": None,
        "score": None,
        **cols,
        "created_at": stamp,
        "updated_at": stamp,
    }


_SKIP_STORED_SUGGESTION = (
    " ON CONFLICT (article_id, start, \"end\", label) WHERE origin = 'suggestion' DO NOTHING"
)


def _insert(db: Database, row: Row, conflict: str = "") -> RowChange | None:
    """Insert a span row; its stored image (None if ``conflict`` skipped it)."""
    names = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join("?" for _ in row)
    cur = db.conn.execute(
        f"INSERT INTO spans ({names}) VALUES ({marks}){conflict} RETURNING *", list(row.values())
    )
    stored = cur.fetchall()
    if not stored:
        return None
    names = [d[0] for d in cur.description]
    return RowChange("spans", None, dict(zip(names, stored[0], strict=True)))


def _insert_new(db: Database, row: Row) -> RowChange:
    change = _insert(db, row)
    assert change is not None
    return change


def add_suggestions(db: Database, article_id: int, suggestions: Iterable[Suggestion]) -> DbChange:
    """Store suggestions for the article, skipping any already stored at the same place."""
    rows: list[RowChange] = []
    with write_transaction(db):
        length = _text_length(db, article_id)
        for sug in suggestions:
            _check(db, article_id, sug.span, length)
            row = _new_row(
                article_id,
                sug.span,
                origin=Origin.SUGGESTION.value,
                status=Status.SUGGESTED.value,
                annotator=None,
                suggester=sug.suggester,
                suggester_version=sug.version,
                score=float(sug.score),
            )
            change = _insert(db, row, _SKIP_STORED_SUGGESTION)
            if change is not None:
                rows.append(change)
    return DbChange(article_id, tuple(rows))


_BATCH_INSERT = (
    'INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, suggester,'
    " suggester_version, score, created_at, updated_at, batch_id)"
    " VALUES (?, ?, ?, ?, ?, 'suggestion', 'suggested', ?, ?, ?, ?, ?, ?)" + _SKIP_STORED_SUGGESTION
)


def store_suggestion_batches(
    db: Database, items: Iterable[tuple[int, int, Suggestion]], source: str = ""
) -> int:
    """Store machine suggestions in bulk; the number stored (those already there are skipped).

    ``items`` are (article id, its text length, suggestion). Each is checked as
    ``add_suggestions`` checks it (StoreError, nothing stored, if one fails). One row of
    ``suggestion_batches`` per suggester and version records who proposed the spans and when
    (``source`` names where they came from, e.g. the imported file); the spans point at it and
    get no audit row each. One transaction, no read-back.
    """
    stamp = now()
    audit_at = stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp
    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {}
    for article_id, length, sug in items:
        span = sug.span
        try:
            check_offsets(span.start, span.end, length)
            check_attributes(span.label, span.attrs)
        except SpanError as exc:
            raise StoreError(str(exc)) from exc
        attrs = json.dumps(dict(span.attrs), ensure_ascii=False, sort_keys=True)
        row = (article_id, span.start, span.end, span.label.value, attrs)
        tail = (sug.suggester, sug.version, float(sug.score), stamp, stamp)
        groups.setdefault((sug.suggester, sug.version), []).append(row + tail)
    stored = 0
    with write_transaction(db):
        for (name, version), rows in groups.items():
            batch = db.conn.execute(  # at: the spans' created_at, as the audit log writes it
                "INSERT INTO suggestion_batches (suggester, suggester_version, at, source)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                [name, version, audit_at, source],
            ).fetchone()[0]
            cur = db.conn.executemany(_BATCH_INSERT, [(*r, batch) for r in rows])
            stored += max(cur.rowcount, 0)
    return stored


def _decision_of(db: Database, suggestion: Row, annotator: str) -> Row | None:
    row = db.execute(
        "SELECT id FROM spans WHERE article_id = ? AND annotator = ? AND suggestion_id = ?",
        [suggestion["article_id"], annotator, suggestion["id"]],
    ).fetchone()
    return read_row(db, "spans", (row[0],)) if row else None


def _target(db: Database, span_id: int, annotator: str) -> tuple[Row, Row | None]:
    """(row, own decision) for a span id of the coder's view; StoreError otherwise."""
    row = read_row(db, "spans", (span_id,))
    if row is None:
        raise StoreError(f"no span with id {span_id}")
    if row["annotator"] is None:
        return row, _decision_of(db, row, annotator)
    if row["annotator"] != annotator:
        raise StoreError(f"span {span_id} belongs to {row['annotator']}, not {annotator}")
    return row, None


def _decide(db: Database, suggestion: Row, annotator: str, span: Span, status: Status) -> DbChange:
    rows = ensure_annotator(db, annotator)
    row = _new_row(
        suggestion["article_id"],
        span,
        origin=Origin.CODER.value,
        status=status.value,
        annotator=annotator,
        suggestion_id=suggestion["id"],
    )
    rows.append(_insert_new(db, row))
    return DbChange(suggestion["article_id"], tuple(rows))


def _update(db: Database, before: Row, **cols: Any) -> DbChange:
    after = {**before, **cols, "updated_at": now()}
    return DbChange(before["article_id"], (record(db, "spans", before, after),))


def _suggested_span(row: Row) -> Span:
    return _to_span_row(row).span


def accept(db: Database, span_id: int, annotator: str) -> DbChange:
    """Accept a suggestion as it is (a no-op on the coder's own spans)."""
    with write_transaction(db):
        row, decision = _target(db, span_id, annotator)
        if row["annotator"] is not None:
            if row["status"] == Status.REJECTED.value:
                raise StoreError(f"span {span_id} is a rejection; accept its suggestion instead")
            return DbChange(row["article_id"])
        if decision is not None and decision["status"] != Status.REJECTED.value:
            return DbChange(row["article_id"])
        suggested = _suggested_span(row)
        _check_no_overlap(db, row["article_id"], annotator, suggested)
        if decision is not None:
            return _update(db, decision, status=Status.ACCEPTED.value, **_span_cols(suggested))
        return _decide(db, row, annotator, suggested, Status.ACCEPTED)


def reject(db: Database, span_id: int, annotator: str) -> DbChange:
    """Reject a suggestion; on the coder's own span: reject its suggestion or delete it.

    The change's decision says which (``reject`` or ``remove``) and the span as it was."""
    with write_transaction(db):
        row, decision = _target(db, span_id, annotator)
        if row["annotator"] is None:
            if decision is None:
                suggested = _suggested_span(row)
                change = _decide(db, row, annotator, suggested, Status.REJECTED)
                return change.decided(Decision("reject", suggested))
            row = decision
        if row["status"] == Status.REJECTED.value:
            return DbChange(row["article_id"])
        was = _to_span_row(row).span
        if row["suggestion_id"] is not None:
            sug = read_row(db, "spans", (row["suggestion_id"],))
            assert sug is not None
            change = _update(
                db, row, status=Status.REJECTED.value, **_span_cols(_suggested_span(sug))
            )
            return change.decided(Decision("reject", was))
        return _delete(db, row).decided(Decision("remove", was))


def edit_span(db: Database, span_id: int, annotator: str, span: Span) -> DbChange:
    """Give a span of the coder's view new offsets, label or attributes.

    On a suggestion this records the coder's decision (``accepted`` if unchanged, else
    ``corrected``); on the coder's own row it updates that row.
    """
    with write_transaction(db):
        row, decision = _target(db, span_id, annotator)
        _check(db, row["article_id"], span)
        mine = decision or row
        newly = mine["status"] in (Status.REJECTED.value, Status.SUGGESTED.value)
        if newly or (mine["start"], mine["end"]) != (span.start, span.end):
            # confirmed now, or moved: it must not overlap the coder's other spans
            own = [row["id"]] + ([decision["id"]] if decision is not None else [])
            _check_no_overlap(db, row["article_id"], annotator, span, own)
        if row["annotator"] is None:
            status = Status.ACCEPTED if span == _suggested_span(row) else Status.CORRECTED
            if decision is None:
                return _decide(db, row, annotator, span, status)
            return _update(db, decision, status=status.value, **_span_cols(span))
        return _edit_own(db, row, span)


def _edit_own(db: Database, row: Row, span: Span) -> DbChange:
    status = row["status"]
    if row["suggestion_id"] is not None:
        sug = read_row(db, "spans", (row["suggestion_id"],))
        assert sug is not None
        same = span == _suggested_span(sug)
        status = Status.ACCEPTED.value if same else Status.CORRECTED.value
    elif row["origin"] == Origin.IMPORT.value and span != _to_span_row(row).span:
        status = Status.CORRECTED.value
    return _update(db, row, status=status, **_span_cols(span))


def set_attrs(db: Database, span_id: int, annotator: str, attrs: Mapping[str, Any]) -> DbChange:
    """Replace the attributes of a span of the coder's view."""
    with write_transaction(db):
        row, decision = _target(db, span_id, annotator)
        current = _to_span_row(decision or row).span
        return edit_span(
            db, span_id, annotator, Span(current.start, current.end, current.label, attrs)
        )


def add_span(db: Database, article_id: int, annotator: str, span: Span) -> DbChange:
    """Add a span the coder marked, in one transaction.

    Suggestions still undecided that overlap it are rejected and the coder's own spans that
    overlap it are removed (a coder's layer never overlaps). A suggestion at the same offsets
    is decided instead of adding a row: with the same label it is accepted as suggested (its
    attributes kept), with another label it becomes ``span`` (corrected).
    """
    with write_transaction(db):
        _check(db, article_id, span)
        if own_span_at(db, article_id, annotator, span) is not None:
            raise StoreError(f"{annotator} already has this {span.label.value} span")
        hit = view_overlapping(db, article_id, annotator, span.start, span.end)
        at = [r for r in hit if r.annotator is None and (r.start, r.end) == (span.start, span.end)]
        at.sort(key=lambda r: r.label is not span.label)  # the same label first
        same = at[0].id if at else None
        change = DbChange(article_id)
        replaced = tuple(row.span for row in hit if row.id != same)
        for row in hit:
            if row.id != same:
                change = change + reject(db, row.id, annotator)
        if same is None:  # a suggestion this coder rejected before: decide it again
            same = _rejected_suggestion_at(db, article_id, annotator, span)
        if same is not None:
            sug = _suggested_span(_read(db, same))
            if sug.label is span.label:
                return (change + accept(db, same, annotator)).decided(
                    Decision("accept", sug, replaced)
                )
            decided = edit_span(db, same, annotator, span)
            return (change + decided).decided(Decision("relabel", span, replaced))
        added = _insert_own(
            db, article_id, annotator, span, origin=Origin.CODER, status=Status.ADDED
        )
        return (change + added).decided(Decision("add", span, replaced))


def _read(db: Database, span_id: int) -> Row:
    row = read_row(db, "spans", (span_id,))
    assert row is not None
    return row


def _rejected_suggestion_at(
    db: Database, article_id: int, annotator: str, span: Span
) -> int | None:
    """A suggestion at the offsets and label of ``span`` that the coder rejected, if any."""
    found = db.execute(
        "SELECT s.id FROM spans s JOIN spans d ON d.suggestion_id = s.id AND d.annotator = ?"
        " AND d.status = 'rejected' WHERE s.article_id = ? AND s.origin = 'suggestion'"
        ' AND s.start = ? AND s."end" = ? AND s.label = ?',
        [annotator, article_id, *span.key],
    ).fetchone()
    return found[0] if found else None


def import_span(db: Database, article_id: int, annotator: str, span: Span) -> DbChange:
    """Store a span from a gold file as the annotator's accepted annotation."""
    with write_transaction(db):
        _check(db, article_id, span)
        return _insert_own(
            db, article_id, annotator, span, origin=Origin.IMPORT, status=Status.ACCEPTED
        )


_IMPORT_INSERT = (
    'INSERT INTO spans (article_id, start, "end", label, attrs, origin, status, annotator,'
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'import', 'accepted', ?, ?, ?)"
)


def import_spans(
    db: Database, article_id: int, annotator: str, spans: Iterable[Span], length: int | None = None
) -> int:
    """Store spans from a file as the annotator's accepted annotations, all in one statement.

    Each span is checked as ``import_span`` checks it (StoreError, nothing stored, if one
    fails); ``length`` is the article's text length if the caller knows it. Every row keeps
    its own audit row; nothing is read back. The number of spans stored.
    """
    with write_transaction(db):
        if length is None:
            length = _text_length(db, article_id)
        stamp = now()
        rows = []
        for span in spans:
            _check(db, article_id, span, length)
            attrs = json.dumps(dict(span.attrs), ensure_ascii=False, sort_keys=True)
            rows.append(
                (article_id, span.start, span.end, span.label.value, attrs, annotator, stamp, stamp)
            )
        if rows:
            ensure_annotator(db, annotator)
            db.conn.executemany(_IMPORT_INSERT, rows)
    return len(rows)


def _insert_own(
    db: Database, article_id: int, annotator: str, span: Span, *, origin: Origin, status: Status
) -> DbChange:
    """A new row of the annotator's own (the annotator recorded first if new)."""
    rows = ensure_annotator(db, annotator)
    row = _new_row(article_id, span, origin=origin.value, status=status.value, annotator=annotator)
    rows.append(_insert_new(db, row))
    return DbChange(article_id, tuple(rows))


def delete_span(db: Database, span_id: int, annotator: str) -> DbChange:
    """Delete the coder's own row; a decision deleted makes its suggestion undecided again."""
    with write_transaction(db):
        row, decision = _target(db, span_id, annotator)
        if row["annotator"] is None:
            if decision is None:
                raise StoreError(f"span {span_id} is a shared suggestion; reject it instead")
            row = decision
        return _delete(db, row)


def _delete(db: Database, row: Row) -> DbChange:
    return DbChange(row["article_id"], (record(db, "spans", row, None),))


def accept_all(db: Database, article_id: int, annotator: str) -> DbChange:
    """Accept every suggestion of the article the coder has not decided yet, except those that
    overlap a confirmed span (or an earlier suggestion accepted here)."""
    with write_transaction(db):
        change = DbChange(article_id)
        rows = sorted(spans_for(db, article_id, annotator), key=lambda r: (r.start, r.end, r.id))
        taken = [r.span for r in rows if r.annotator is not None]
        count = 0
        for row in rows:  # in reading order; a suggestion overlapping a kept span stays pending
            if row.annotator is None and not any(row.span.overlaps(t) for t in taken):
                change = change + accept(db, row.id, annotator)
                taken.append(row.span)
                count += 1
        return change.decided(Decision("accept_all", count=count))
