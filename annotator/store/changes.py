"""What a write changed, as before/after row images that can be applied in either direction.

Every write of the repository returns a ``DbChange``. ``revert(db, change)`` puts the rows back
exactly as they were (same ids, same timestamps); ``reapply(db, change)`` redoes it. An undo
stack only has to keep the ``DbChange`` objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from annotator.domain.commands import Change, Decision
from annotator.store.connection import write_transaction
from annotator.store.errors import StoreConflictError

Row = dict[str, Any]

_TIME = "seconds_spent"

# Primary key columns of every table a DbChange may touch.
KEYS: dict[str, tuple[str, ...]] = {
    "spans": ("id",),
    "article_state": ("article_id", "annotator"),
    "annotators": ("name",),
    "gold_sources": ("gold_span_id", "source_span_id"),
    "gold_rejections": ("source_span_id",),
}


@dataclass(frozen=True)
class RowChange:
    """One row of ``table``: its image before and after (None: the row did not exist)."""

    table: str
    before: Row | None
    after: Row | None

    @property
    def key(self) -> tuple[Any, ...]:
        row = self.after if self.after is not None else self.before
        assert row is not None
        return tuple(row[c] for c in KEYS[self.table])


@dataclass(frozen=True)
class DbChange:
    """The rows one write changed, and the article they belong to (convention 2)."""

    article_id: int | None
    rows: tuple[RowChange, ...] = field(default_factory=tuple)
    decision: Decision | None = None  # what a coder's write decided (add_span, accept_all)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def span_ids(self) -> tuple[int, ...]:
        """Ids of spans created, changed or deleted, in order."""
        return tuple(r.key[0] for r in self.rows if r.table == "spans")

    @property
    def created_span_ids(self) -> tuple[int, ...]:
        return tuple(r.key[0] for r in self.rows if r.table == "spans" and r.before is None)

    @property
    def state_changed(self) -> bool:
        return any(r.table == "article_state" for r in self.rows)

    def summary(self) -> Change:
        """The domain's small summary (article, span ids, state changed) for views."""
        return Change(self.article_id, frozenset(self.span_ids), self.state_changed)

    def inverse(self) -> DbChange:
        """The change that undoes this one."""
        return DbChange(
            self.article_id,
            tuple(RowChange(r.table, r.after, r.before) for r in reversed(self.rows)),
            self.decision,
        )

    def __add__(self, other: DbChange) -> DbChange:
        article = self.article_id if self.article_id is not None else other.article_id
        return DbChange(article, self.rows + other.rows, other.decision or self.decision)

    def decided(self, decision: Decision) -> DbChange:
        """This change, recording what it decided."""
        return DbChange(self.article_id, self.rows, decision)


def read_row(db: Database, table: str, key: tuple[Any, ...]) -> Row | None:
    """The stored image of one row (JSON columns kept as text), or None."""
    where = " AND ".join(f'"{c}" = ?' for c in KEYS[table])
    cur = db.execute(f'SELECT * FROM "{table}" WHERE {where}', list(key))
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    return dict(zip(names, row, strict=True)) if row is not None else None


def _write(db: Database, table: str, before: Row | None, after: Row | None) -> None:
    cols = KEYS[table]
    if after is None:
        assert before is not None
        where = " AND ".join(f'"{c}" = ?' for c in cols)
        db.execute(f'DELETE FROM "{table}" WHERE {where}', [before[c] for c in cols])
    elif before is None:
        names = ", ".join(f'"{c}"' for c in after)
        marks = ", ".join("?" for _ in after)
        db.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(after.values()))
    else:
        changed = [c for c in after if after[c] != before.get(c)]
        if not changed:
            return
        sets = ", ".join(f'"{c}" = ?' for c in changed)
        where = " AND ".join(f'"{c}" = ?' for c in cols)
        db.execute(
            f'UPDATE "{table}" SET {sets} WHERE {where}',
            [after[c] for c in changed] + [before[c] for c in cols],
        )


def record(db: Database, table: str, before: Row | None, after: Row | None) -> RowChange:
    """Write ``after`` over ``before`` and return the RowChange with the stored images."""
    _write(db, table, before, after)
    key_row = after if after is not None else before
    assert key_row is not None
    stored = read_row(db, table, tuple(key_row[c] for c in KEYS[table]))
    return RowChange(table, before, stored)


def apply_change(db: Database, change: DbChange) -> DbChange:
    """Bring every row from its ``before`` to its ``after`` image, checking nothing drifted.

    Time spent on an article is never undone: ``seconds_spent`` keeps its current value.
    """
    with write_transaction(db):
        for rc in change.rows:
            current = read_row(db, rc.table, rc.key)
            if rc.table == "annotators" and _annotator_stays(db, rc, current):
                continue
            if rc.table == "article_state":
                before, after = _state_step(rc, current)
            elif _same(current, rc.before):
                before, after = rc.before, rc.after
            else:
                raise _stale(rc)
            _write(db, rc.table, before, after)
        _check_layers(db, change)
    return change


def _stale(rc: RowChange) -> StoreConflictError:
    return StoreConflictError(f"cannot apply change to {rc.table} {rc.key}: the row changed since")


_OVERLAPPING = (
    'SELECT id, start, "end", label FROM spans WHERE article_id = ? AND annotator = ?'
    " AND status != 'rejected' AND id != ? AND start < ? AND \"end\" > ? LIMIT 1"
)


def _check_layers(db: Database, change: DbChange) -> None:
    """StoreConflictError if a span the change confirmed or moved now overlaps another span of
    its coder's layer (another desk of the same coder added it since): a coder's spans never
    overlap. Runs inside the change's transaction, so a refused change writes nothing."""
    for rc in change.rows:
        row = rc.after
        if rc.table != "spans" or row is None or row.get("annotator") is None:
            continue
        if row["status"] == "rejected":
            continue
        args = [row["article_id"], row["annotator"], row["id"], row["end"], row["start"]]
        hit = db.execute(_OVERLAPPING, args).fetchone()
        if hit is not None:
            raise StoreConflictError(
                f"cannot apply change: span {row['id']} ({row['label']} at"
                f" {row['start']}–{row['end']}) would overlap span {hit[0]} ({hit[3]} at"
                f" {hit[1]}–{hit[2]}) of {row['annotator']}, added since"
            )


def _state_step(rc: RowChange, current: Row | None) -> tuple[Row | None, Row | None]:
    """Images to write for an article_state row, carrying the time spent along."""
    blank = current is not None and current["state"] == "open" and current["note"] == ""
    if not (_same(current, rc.before) or (rc.before is None and blank)):
        raise _stale(rc)
    if current is None:
        return None, rc.after
    if rc.after is None:
        if rc.before is not None and current[_TIME] == rc.before[_TIME]:
            return current, None
        return current, {**current, "state": "open", "note": ""}  # keep the time row
    return current, {**rc.after, _TIME: current[_TIME]}


def _annotator_stays(db: Database, rc: RowChange, current: Row | None) -> bool:
    """An annotator row is kept while rows still name it, and not re-created if present."""
    if rc.before is None:
        return current is not None
    if rc.after is None and current is not None:
        name = current["name"]
        return any(
            db.execute(f"SELECT 1 FROM {t} WHERE annotator = ? LIMIT 1", [name]).fetchone()
            for t in ("spans", "article_state")
        )
    return False


def revert(db: Database, change: DbChange) -> DbChange:
    """Undo ``change`` exactly; returns the inverse change that was applied."""
    return apply_change(db, change.inverse())


def reapply(db: Database, change: DbChange) -> DbChange:
    """Redo a change that was reverted."""
    return apply_change(db, change)


def _same(a: Row | None, b: Row | None) -> bool:
    if a is None or b is None:
        return a is b
    return _norm(a) == _norm(b)


def _norm(row: Row) -> Row:
    out = dict(row)
    if _TIME in out:  # time tracking moves on independently of undo
        out.pop(_TIME)
        out.pop("updated_at", None)
    for col in ("attrs", "meta"):
        if isinstance(out.get(col), str):
            out[col] = json.loads(out[col])
    return out
