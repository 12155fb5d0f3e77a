"""Which lead adjudicated: ``decided_by`` on gold rows, ``who`` in the audit log and history."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Span
from annotator.services.review import ReviewError, ReviewSession, default_lead
from annotator.store import gold as gold_store


def _leads(db: Database) -> dict[str, set[str | None]]:
    return {
        table: {r[0] for r in db.execute(f"SELECT decided_by FROM {table}")}
        for table in ("gold_sources", "gold_rejections")
    }


def _logged(db: Database, since: int = 0) -> list[tuple[str, str, str]]:
    return db.execute(
        "SELECT who, tbl, action FROM audit WHERE id > ? AND tbl IN"
        " ('gold_sources', 'gold_rejections') ORDER BY id",
        [since],
    ).fetchall()


def _last_audit_id(db: Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]


def test_each_decision_names_its_lead(coded) -> None:
    db, first, _second = coded
    lena = ReviewSession(db, ["ali", "bea"], lead="lena")
    lena.accept_agreed(first)
    disputed = [i for i in lena.items(first) if not i.settled]
    taking = next(i for i in disputed if i.version("ali"))
    rejecting = next(i for i in disputed if i is not taking)
    lena.take(first, taking.key, "ali")
    lena.reject_all(first, rejecting.key)
    assert _leads(db) == {"gold_sources": {"lena"}, "gold_rejections": {"lena"}}
    assert {who for who, _t, _a in _logged(db)} == {"lena"}

    # a second lead reopens lena's decision: the removal is logged under omar's name
    omar = ReviewSession(db, ["ali", "bea"], lead="omar")
    mark = _last_audit_id(db)
    omar.reset(first, rejecting.key)
    assert _logged(db, mark) and {who for who, _t, _a in _logged(db, mark)} == {"omar"}
    # and his undo puts lena's decision back exactly, still hers
    omar.undo()
    assert _leads(db)["gold_rejections"] == {"lena"}

    # history names the lead who made a gold span, not the gold layer
    taken = next(i for i in omar.items(first) if i.key == taking.key).taken
    trail = [(e.who, e.action) for e in omar.history(taken[0])]
    assert ("lena", "added") in trail and (GOLD, "added") not in trail


def test_a_lead_editing_or_removing_gold_is_named(coded) -> None:
    db, first, _second = coded
    lena = ReviewSession(db, ["ali", "bea"], lead="lena")
    lena.accept_agreed(first)
    gold = gold_store.gold_spans(db, first)[0]
    omar = ReviewSession(db, ["ali", "bea"], lead="omar")
    omar.edit_gold(gold.id, gold.span)  # no change: nothing written
    assert _leads(db)["gold_sources"] == {"lena"}
    edited = Span(gold.start, gold.end - 1, gold.label, gold.span.attrs)
    omar.edit_gold(gold.id, edited)
    assert ("omar", "changed") in [(e.who, e.action) for e in omar.history(gold.id)]
    omar.remove_gold(gold.id)
    events = [(e.who, e.action) for e in omar.history(gold.id)]
    assert events[-1] == ("omar", "deleted") and ("lena", "added") in events


def test_the_default_lead_is_the_os_user(coded, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _first, _second = coded
    monkeypatch.setenv("LOGNAME", "lena")
    monkeypatch.setenv("USER", "lena")
    assert default_lead() == "lena" and ReviewSession(db, ["ali"]).lead == "lena"
    monkeypatch.setenv("LOGNAME", GOLD)
    assert default_lead() == "lead"  # never the gold layer's reserved name
    with pytest.raises(ReviewError, match="name of their own"):
        ReviewSession(db, ["ali"], lead=GOLD)
