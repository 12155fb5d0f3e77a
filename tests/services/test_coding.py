"""CodingSession: every decision written at once, undone and redone exactly, errors made clear."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from annotator.domain import Article, ArticleState, Label, Span, Status, Suggestion
from annotator.services.coding import (
    CodingError,
    CodingSession,
    next_pending,
    step_span,
)
from annotator.services.words import (
    Words,
    default_attrs,
    moved_attrs,
    parse_count,
    proclitic_length,
)
from annotator.store import open_store
from annotator.store import repository as repo
from tests.builders import at
from tests.pg.support import driver

TEXT = "أعلن تنظيم داعش مقتل ٣٥ عنصراً من قوات النظام بالقلمون في ريف دمشق"
OTHER = "😀 قصف 𝟘 على حلب وقتل 12 مدنياً"


def suggestion(text: str, surface: str, label: Label, **attrs: object) -> Suggestion:
    start, end = at(text, surface)
    return Suggestion(Span(start, end, label, attrs), 0.9, "rules", "1")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def articles(db: Database) -> tuple[int, int]:
    first, _ = repo.add_article(db, Article(TEXT, source="one.txt"))
    repo.add_suggestions(
        db,
        first,
        [
            suggestion(TEXT, "داعش", Label.ACTOR, actor="ISIS"),
            suggestion(TEXT, "٣٥", Label.CASUALTY, count=35),
            suggestion(TEXT, "قوات النظام", Label.ACTOR, actor="SYRIAN_GOVERNMENT"),
            suggestion(TEXT, "القلمون", Label.PLACE),
        ],
    )
    second, _ = repo.add_article(db, Article(OTHER, source="two.txt"))
    repo.add_suggestions(db, second, [suggestion(OTHER, "حلب", Label.PLACE)])
    return first, second


@pytest.fixture
def session(db: Database, articles) -> CodingSession:
    return CodingSession(db, "ali", clock=Clock())


def by_surface(session: CodingSession, article_id: int) -> dict[str, repo.SpanRow]:
    return {session.surface(r): r for r in session.spans(article_id)}


def tables(db: Database) -> dict[str, list[tuple]]:
    """The coders' work: every span and article_state row."""
    return {
        name: sorted(db.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
        for name in ("spans", "article_state")
    }


def test_decisions_are_written_at_once(
    db: Database, project_target: str, articles, session
) -> None:
    first, _ = articles
    spans = by_surface(session, first)
    session.accept(spans["داعش"].id)
    session.reject(spans["قوات النظام"].id)
    session.relabel(spans["القلمون"].id, Label.ACTOR)
    session.set_attributes(
        spans["٣٥"].id, {"count": 35, "kind": "killed", "qualifier": "exact", "victim": "ISIS"}
    )
    start, end = at(TEXT, "دمشق")
    session.add_span(first, start, end, Label.PLACE)
    session.mark_done(first)
    other = open_store(
        project_target
    )  # a second connection sees everything: nothing waits for a save
    view = [
        (TEXT[r.start : r.end], r.label.value, dict(r.span.attrs), r.status)
        for r in repo.spans_for(other, first, "ali")
    ]
    assert view == [
        ("داعش", "ACTOR", {"actor": "ISIS"}, Status.ACCEPTED),
        (
            "٣٥",
            "CASUALTY",
            {"count": 35, "kind": "killed", "qualifier": "exact", "victim": "ISIS"},
            Status.CORRECTED,
        ),
        ("القلمون", "ACTOR", {}, Status.CORRECTED),
        ("دمشق", "PLACE", {}, Status.ADDED),
    ]
    assert repo.get_state(other, first, "ali").state is ArticleState.DONE
    assert repo.spans_for(other, first, "omar")[0].status is Status.SUGGESTED  # others unaffected
    other.close()


def test_undo_labels_name_the_action(articles, session) -> None:
    first, _ = articles
    spans = by_surface(session, first)
    session.accept(spans["داعش"].id)
    assert session.undo_label == "Accept ‘داعش’"
    session.reject(spans["قوات النظام"].id)
    assert session.undo_label == "Reject ‘قوات النظام’"
    session.relabel(spans["القلمون"].id, "ACTOR")
    assert session.undo_label == "Relabel ‘القلمون’ as ACTOR"
    session.set_attributes(spans["٣٥"].id, {"count": 36})
    assert session.undo_label == "Edit count of ‘٣٥’"
    start, end = at(TEXT, "ريف دمشق")
    change = session.add_span(first, start, end, Label.PLACE)
    assert session.undo_label == "Add PLACE ‘ريف دمشق’"
    (added,) = change.span_ids
    session.reject(added)
    assert session.undo_label == "Remove ‘ريف دمشق’"
    session.mark_done(first)
    assert session.undo_label == "Mark done"
    session.undo()
    assert session.redo_label == "Mark done"
    assert session.undo_label == "Remove ‘ريف دمشق’"


def test_translated_labels(db: Database, articles) -> None:
    arabic = {"Accept ‘{surface}’": "قبول ‘{surface}’", "Accept all ({n})": "قبول الكل ({n})"}
    session = CodingSession(db, "ali", translate=lambda s: arabic.get(s, s))
    first, _ = articles
    session.accept(by_surface(session, first)["داعش"].id)
    assert session.undo_label == "قبول ‘داعش’"
    session.accept_all(first)
    assert session.undo_label == "قبول الكل (3)"


def test_undo_and_redo_restore_the_database_exactly(db: Database, articles, session) -> None:
    first, second = articles
    before = tables(db)
    steps = []
    spans = by_surface(session, first)
    steps.append(session.accept(spans["داعش"].id))
    steps.append(session.relabel(spans["القلمون"].id, Label.ACTOR))
    spans = by_surface(session, first)
    steps.append(session.resize(spans["القلمون"].id, "end", grow=True))
    steps.append(session.set_attributes(spans["٣٥"].id, {"count": 35, "kind": "wounded"}))
    steps.append(session.accept_all(first))
    steps.append(session.mark_done(first))
    start, end = at(OTHER, "12")
    steps.append(session.add_span(second, start, end, Label.CASUALTY))
    steps.append(session.flag(second, "ask the lead about 𝟘"))
    assert len(session.stack) == len(steps) == 8
    after = tables(db)
    assert after != before
    middle = None
    for n in range(8):
        change = session.undo()
        assert change is not None
        if n == 3:
            middle = tables(db)
    assert session.undo() is None
    assert tables(db) == before
    for n in range(8):
        assert session.redo() is not None
        if n == 3:
            assert tables(db) == middle
    assert tables(db) == after
    assert session.redo() is None


def test_undo_reports_which_article_changed(articles, session) -> None:
    first, second = articles
    session.accept(by_surface(session, first)["داعش"].id)
    session.mark_done(second)
    assert session.undo().article_id == second
    undone = session.undo()
    assert undone.article_id == first and len(undone.span_ids) == 1


def test_noop_actions_leave_no_undo_step(articles, session) -> None:
    first, _ = articles
    spans = by_surface(session, first)
    session.accept(spans["داعش"].id)
    (accepted,) = [r for r in session.spans(first) if r.confirmed]
    session.accept(accepted.id)
    session.relabel(accepted.id, Label.ACTOR)
    session.set_attributes(accepted.id, {"actor": "ISIS"})
    start, end = at(TEXT, "داعش")
    assert session.add_span(first, start, end, Label.ACTOR).span_ids == {accepted.id}
    session.reopen(first)  # it is open already
    assert len(session.stack) == 1


def test_resize_by_words_keeps_clitics_out(articles, session) -> None:
    first, _ = articles
    place = by_surface(session, first)["القلمون"]
    # Grow the end: "القلمون في".
    change = session.resize(place.id, "end", grow=True)
    (grown,) = change.span_ids
    assert session.surface(session.span(grown)) == "القلمون في"
    assert session.undo_label == "Grow ‘القلمون’"
    session.resize(grown, "end", grow=False)
    assert session.surface(session.span(grown)) == "القلمون"
    assert session.resize(grown, "end", grow=False).span_ids == {grown}  # never empty
    assert session.resize(grown, "start", grow=False).span_ids == {grown}
    assert session.surface(session.span(grown)) == "القلمون"
    # Growing the start of "النظام" adds "قوات"; of "مقتل" over "بالقلمون"-like clitics:
    words = Words("قتلى بالقلمون وداعش")
    start, end = at("قتلى بالقلمون وداعش", "وداعش")
    assert words.resized(start, end, "start", grow=True) == at(
        "قتلى بالقلمون وداعش", "القلمون وداعش"
    )
    assert words.resized(0, 4, "start", grow=True) is None  # nothing before the first word
    assert words.resized(start, end, "end", grow=True) is None


def test_proclitics() -> None:
    assert proclitic_length("بالقلمون") == 1
    assert proclitic_length("والباغوز") == 1
    assert proclitic_length("وبالباغوز") == 2
    assert proclitic_length("للحسكة") == 1
    assert proclitic_length("لـداعش") == 2
    assert proclitic_length("الحسكة") == 0
    assert proclitic_length("وقوات") == 0  # و is not surely a clitic here


def test_default_attributes_of_a_new_span() -> None:
    assert parse_count("٣٥") == 35
    assert parse_count("1,087") == 1087
    assert parse_count("خمسة") == 5
    assert parse_count("مقتل") is None
    assert default_attrs(Label.CASUALTY, "۱۲") == {
        "count": 12,
        "kind": None,
        "qualifier": None,
        "victim": None,
    }
    assert default_attrs(Label.ACTOR, "داعش", {"داعش": "ISIS"}) == {"actor": "ISIS"}
    assert default_attrs(Label.PLACE, "حلب") == {}


def test_add_span_after_non_bmp_characters(db: Database, articles, session) -> None:
    _, second = articles
    start, end = at(OTHER, "12")
    assert start == 21  # code points: the emoji and 𝟘 count once each
    (span_id,) = session.add_span(second, start, end, Label.CASUALTY).span_ids
    row = repo.get_span(db, span_id)
    assert OTHER[row.start : row.end] == "12"
    assert row.span.attrs == {"count": 12, "kind": None, "qualifier": None, "victim": None}
    with pytest.raises(CodingError, match="Select"):
        session.add_span(second, 5, 5, Label.PLACE)


def test_time_spent_is_added_on_leave_and_survives_undo(db: Database, articles) -> None:
    first, second = articles
    clock = Clock()
    session = CodingSession(db, "ali", clock=clock)
    session.enter(first)
    clock.now += 40
    session.mark_done(first)
    session.enter(second)  # leaves the first article: 40 s recorded
    clock.now += 5
    session.mark_done(second)  # creates the state row
    session.leave()
    assert repo.get_state(db, first, "ali").seconds_spent == 40
    assert repo.get_state(db, second, "ali").seconds_spent == 5
    session.undo()  # the state row of the second article existed only since "Mark done"
    session.undo()
    assert repo.get_state(db, second, "ali").state is ArticleState.OPEN
    assert repo.get_state(db, second, "ali").seconds_spent == 5
    assert repo.get_state(db, first, "ali").state is ArticleState.OPEN
    assert repo.get_state(db, first, "ali").seconds_spent == 40
    session.redo()
    assert repo.get_state(db, first, "ali").state is ArticleState.DONE
    assert repo.get_state(db, first, "ali").seconds_spent == 40


def test_a_locked_database_is_a_clear_retryable_error(
    backend: str, project_target: str, articles
) -> None:
    """Another program holds the write lock (SQLite) or locks the spans table (the server)
    beyond the wait: the decision is refused as busy, retryable, and works once it lets go."""
    session = CodingSession(open_store(project_target), "ali")
    first, _ = articles
    target = by_surface(session, first)["داعش"].id
    if backend == "postgresql":
        session.db.execute("SET lock_timeout = 50")
        blocker = driver().connect(project_target, autocommit=True)
        blocker.execute("BEGIN")
        blocker.execute("LOCK TABLE spans IN SHARE ROW EXCLUSIVE MODE")  # reads go on
    else:
        session.db.execute("PRAGMA busy_timeout = 50")
        blocker = sqlite3.connect(project_target, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(CodingError) as info:
            session.accept(target)
        assert info.value.retryable
        assert "busy" in info.value.message
        assert len(session.stack) == 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    session.accept(target)  # the retry works
    assert len(session.stack) == 1
    session.close()


def test_navigation_in_list_order(articles, session) -> None:
    first, second = articles
    assert session.first_article() == first
    assert session.neighbour(first, 1) == second
    assert session.neighbour(first, -1) is None
    session.mark_done(first)
    assert session.first_article() == second
    assert session.next_open(second) is None  # no other open article
    session.reopen(first)
    assert session.next_open(second) == first  # wraps around
    assert session.progress() == (0, 2)
    session.mark_done(second)
    assert session.progress() == (1, 2)


def test_current_span_moves_in_reading_order(articles, session) -> None:
    first, _ = articles
    spans = session.spans(first)
    ids = [r.id for r in sorted(spans, key=lambda r: r.start)]
    assert step_span(spans, None, 0, 1) == ids[0]
    assert step_span(spans, ids[0], 0, 1) == ids[1]
    assert step_span(spans, ids[-1], 0, 1) == ids[0]  # wraps
    assert step_span(spans, ids[0], 0, -1) == ids[-1]
    assert step_span(spans, None, at(TEXT, "عنصراً")[0], 1) == ids[2]
    assert step_span(spans, None, at(TEXT, "عنصراً")[0], -1) == ids[1]
    session.accept(ids[1])
    spans = session.spans(first)
    assert next_pending(spans, spans[1].start) == ids[2]
    assert next_pending([], 0) is None


def test_unknown_span_and_empty_coder_are_errors(db: Database, articles) -> None:
    with pytest.raises(CodingError):
        CodingSession(db, "  ")
    session = CodingSession(db, "ali")
    with pytest.raises(CodingError, match="No span"):
        session.accept(999)


def test_undo_refused_when_another_desk_changed_the_layer(project_target: str, articles) -> None:
    """Two sessions of one coder on one project: an undo that would make the coder's spans
    overlap is refused, names the article, and is dropped from the history."""
    one = CodingSession(open_store(project_target), "ali", clock=Clock())
    two = CodingSession(open_store(project_target), "ali", clock=Clock())
    try:
        first = articles[0]
        one.add_span(first, 0, 10, Label.ACTOR)
        (mine,) = [r for r in one.spans(first) if (r.start, r.end) == (0, 10)]
        one.reject(mine.id)  # remove it
        two.add_span(first, 5, 15, Label.ACTOR)
        before = tables(one.db)
        with pytest.raises(CodingError, match="changed elsewhere") as caught:
            one.undo()
        assert caught.value.conflict and caught.value.article_id == first
        assert tables(one.db) == before
        assert one.undo_label == "Add ACTOR ‘أعلن تنظيم’"  # the refused step is gone
        confirmed = [(r.start, r.end) for r in repo.confirmed_spans(one.db, first, "ali")]
        assert confirmed == [(5, 15)]
    finally:
        one.close()
        two.close()


MOVED = "قصف على القلمون الشرقي وقتل خمسة عشر مدنياً من قوات النظام وعشرات من تنظيم داعش"


def _own(session: CodingSession, article: int, surface: str, label: Label, **attrs) -> int:
    start, end = at(MOVED, surface)
    (span_id,) = session.add_span(article, start, end, label).span_ids
    if attrs:
        session.set_attributes(span_id, {**session.span(span_id).span.attrs, **attrs})
    return span_id


def test_moving_an_edge_reads_the_surface_attributes_again(db: Database) -> None:
    """A PLACE shrunk from القلمون الشرقي to القلمون no longer says القلمون الشرقي; a count is
    read again from the new text; an actor's id resolved again; one undo restores it all."""
    article, _ = repo.add_article(db, Article(MOVED, source="moved.txt"))
    names = {"قوات النظام": "SYRIAN_GOVERNMENT", "داعش": "ISIS"}
    session = CodingSession(db, "ali", actor_names=names)
    place = _own(session, article, "القلمون الشرقي", Label.PLACE, place="القلمون الشرقي")
    before = tables(db)
    session.resize(place, "end", grow=False)
    row = session.span(place)
    assert (session.surface(row), row.span.attrs) == ("القلمون", {"place": "القلمون"})
    session.undo()  # boundary and attributes in one step
    assert tables(db) == before
    casualty = _own(session, article, "خمسة عشر", Label.CASUALTY, kind="killed")
    assert session.span(casualty).span.attrs["count"] == 15
    session.resize(casualty, "end", grow=False)
    attrs = session.span(casualty).span.attrs
    assert (attrs["count"], attrs["kind"]) == (5, "killed")
    vague = _own(session, article, "وعشرات", Label.CASUALTY)
    session.resize(vague, "end", grow=True)  # "وعشرات من": still vague
    assert session.span(vague).span.attrs["qualifier"] == "vague"
    actor = _own(session, article, "قوات", Label.ACTOR, actor="GOV")
    session.resize(actor, "end", grow=True)  # "قوات النظام": a known name
    assert session.span(actor).span.attrs == {"actor": "SYRIAN_GOVERNMENT"}
    session.resize(actor, "end", grow=False)  # "قوات" names no one: the coder's id stays
    assert session.span(actor).span.attrs == {"actor": "SYRIAN_GOVERNMENT"}
    isis = _own(session, article, "تنظيم", Label.ACTOR, actor="ISIS")
    session.resize(isis, "end", grow=True)  # "تنظيم داعش": no exact name: kept
    assert session.span(isis).span.attrs == {"actor": "ISIS"}
    session.resize(isis, "start", grow=False)  # "داعش"
    assert session.span(isis).span.attrs == {"actor": "ISIS"}


def test_moved_attrs_clears_a_place_it_cannot_resolve() -> None:
    def nowhere(_surface: str) -> None:
        return None

    attrs = {"place": "القلمون الشرقي", "geonames_id": 1}
    moved = moved_attrs(Label.PLACE, attrs, "الشرقي", actor_of=nowhere, place_of=nowhere)
    assert moved == {}
    assert moved_attrs(Label.PLACE, {}, "x", actor_of=nowhere, place_of=lambda _s: {"p": 1}) == {}
