"""What a decision costs the session: the view patched, progress counted once, places read apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.domain import Article, Label, Span, SpanRow, Status, Suggestion
from annotator.services.coding import (
    CodingSession,
    gazetteer_places,
    next_pending,
    place_choices,
    read_place_choices,
)
from annotator.store import repository as repo
from tests import builders

TEXT = "أعلن تنظيم داعش مقتل ٣٥ عنصراً من قوات النظام بالقلمون في ريف دمشق"


def _at(surface: str) -> tuple[int, int]:
    return builders.at(TEXT, surface)


def _suggestion(surface: str, label: Label, **attrs: object) -> Suggestion:
    return Suggestion(Span(*_at(surface), label, attrs), 0.9, "rules", "1")


@pytest.fixture
def article(db: Database) -> int:
    article_id, _ = repo.add_article(db, Article(TEXT, source="one.txt"))
    repo.add_article(db, Article("نص آخر عن حلب", source="two.txt"))
    repo.add_suggestions(
        db,
        article_id,
        [
            _suggestion("داعش", Label.ACTOR, actor="ISIS"),
            _suggestion("٣٥", Label.CASUALTY, count=35),
            _suggestion("ريف دمشق", Label.PLACE, place="Rif Dimashq", geonames_id=170652),
        ],
    )
    return article_id


@pytest.fixture
def session(db: Database, article: int) -> CodingSession:
    return CodingSession(db, "ali", clock=lambda: 0.0)


def _rows(session: CodingSession, article: int) -> dict[int, SpanRow]:
    return {r.id: r for r in session.spans(article)}


def test_refresh_after_decisions_and_undo_matches_a_full_read(
    session: CodingSession, article: int
) -> None:
    known = _rows(session, article)
    first = next(iter(known.values()))
    for step in (
        lambda: session.accept(first.id),
        lambda: session.add_span(article, *_at("قوات النظام"), Label.ACTOR),
        session.undo,
        session.undo,
        session.redo,
    ):
        change = step()
        assert change is not None
        fresh = session.refresh_spans(article, known, change.span_ids)
        assert fresh == _rows(session, article)
        unchanged = set(known) & set(fresh) - set(change.span_ids)
        assert unchanged and all(fresh[i] is known[i] for i in unchanged)
        known = fresh


def test_adding_a_span_the_coder_has_is_no_new_step(session: CodingSession, article: int) -> None:
    start, end = _at("قوات النظام")
    added = session.add_span(article, start, end, Label.ACTOR)
    steps = len(session.stack)
    again = session.add_span(article, start, end, Label.ACTOR)
    assert again.span_ids == added.span_ids
    assert len(session.stack) == steps
    other = session.add_span(article, start, end, Label.PLACE)  # another label is another span
    assert other.span_ids != added.span_ids and len(session.stack) == steps + 1


def test_progress_is_counted_again_only_after_a_state_change(
    db: Database, session: CodingSession, article: int
) -> None:
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        assert session.progress() == (0, 2)
        counted = len(statements)
        session.accept(next(iter(_rows(session, article))))
        statements.clear()
        assert session.progress() == (0, 2)
        assert statements == []  # a decision: no count over the coder's articles
        session.mark_done(article)
        assert session.progress() == (1, 2)
        session.undo()
        assert session.progress() == (0, 2)
        session.redo()
        statements.clear()
        assert session.progress() == (1, 2)
        assert len(statements) == counted - 1  # the articles are not counted again
    finally:
        db.conn.set_trace_callback(None)


def _reference(spans: list[SpanRow], position: int) -> int | None:
    pending = sorted((r for r in spans if not r.confirmed), key=lambda r: (r.start, r.end, r.id))
    if not pending:
        return None
    return next((r.id for r in pending if r.start >= position), pending[0].id)


def _row(span_id: int, start: int, length: int, confirmed: bool) -> SpanRow:
    status = Status.ACCEPTED if confirmed else Status.SUGGESTED
    origin = "coder" if confirmed else "suggestion"
    return SpanRow(span_id, 1, Span(start, start + length, Label.ACTOR), origin, status, None)


@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 5), st.booleans()), max_size=30).map(
        lambda xs: [_row(i + 1, s, n, c) for i, (s, n, c) in enumerate(xs)]
    ),
    st.integers(0, 50),
)
def test_next_pending_is_the_first_pending_in_reading_order(
    spans: list[SpanRow], position: int
) -> None:
    assert next_pending(spans, position) == _reference(spans, position)


def test_place_choices_are_read_on_a_connection_of_their_own(
    project_target: str, db: Database, session: CodingSession, article: int, tmp_path: Path
) -> None:
    session.accept(next(r.id for r in session.spans(article) if r.label is Label.PLACE))
    assert place_choices(db) == [("Rif Dimashq", 170652)]
    gazetteer = list(gazetteer_places())  # unreadable databases: the gazetteer's places only
    assert ("Rif Dimashq", 170652) in read_place_choices(project_target)
    assert read_place_choices(tmp_path / "missing" / "no.db") == gazetteer
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 10)
    assert read_place_choices(tmp_path / "junk.db") == gazetteer
