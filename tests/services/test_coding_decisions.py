"""Marking text over suggestions: accept, relabel or replace; a coder's spans never overlap."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.domain import GOLD, Article, Label, Span, SpanError, Status, Suggestion
from annotator.domain.span import check_no_overlap, overlapping
from annotator.services.coding import CodingError, CodingSession, read_place_choices
from annotator.services.words import default_attrs, parse_count, read_count
from annotator.store import StoreError
from annotator.store import repository as repo
from tests.builders import at

TEXT = "قتل خمسةُ وأربعين عنصراً من داعش في دمشق، وسيطرت القوات بالقلمون السورية وقتل ثلاثة عشر جندياً"
FORTY_FIVE = {"count": 45, "kind": "killed", "qualifier": "exact", "victim": "ISIS"}
DAMASCUS = {"place": "Damascus", "geonames_id": 170654}


def sug(surface: str, label: Label, **attrs: object) -> Suggestion:
    return Suggestion(Span(*at(TEXT, surface), label, attrs), 0.9, "rules", "1")


@pytest.fixture
def article(db: Database) -> int:
    article_id, _ = repo.add_article(db, Article(TEXT, source="a.txt"))
    repo.add_suggestions(
        db,
        article_id,
        [
            sug("خمسةُ وأربعين", Label.CASUALTY, **FORTY_FIVE),
            sug("داعش", Label.ACTOR, actor="ISIS"),
            sug("دمشق", Label.PLACE, **DAMASCUS),
            sug("القلمون", Label.PLACE),
        ],
    )
    return article_id


@pytest.fixture
def session(db: Database, article: int) -> CodingSession:
    return CodingSession(db, "gina", actor_names={"داعش": "ISIS"})


def own(db: Database, article: int) -> dict[str, repo.SpanRow]:
    return {TEXT[r.start : r.end]: r for r in repo.confirmed_spans(db, article, "gina")}


def pending(session: CodingSession, article: int) -> list[str]:
    return [TEXT[r.start : r.end] for r in session.spans(article) if not r.confirmed]


def test_selecting_a_suggestion_with_its_label_accepts_it(db, article, session) -> None:
    session.add_span(article, *at(TEXT, "خمسةُ وأربعين"), Label.CASUALTY)
    assert session.undo_label == "Accept ‘خمسةُ وأربعين’"
    session.add_span(article, *at(TEXT, "دمشق"), Label.PLACE)
    rows = own(db, article)
    assert (rows["خمسةُ وأربعين"].status, dict(rows["خمسةُ وأربعين"].span.attrs)) == (
        Status.ACCEPTED,
        FORTY_FIVE,
    )
    assert (rows["دمشق"].status, dict(rows["دمشق"].span.attrs)) == (Status.ACCEPTED, DAMASCUS)
    assert rows["دمشق"].suggestion_id is not None


def test_selecting_a_suggestion_with_another_label_relabels_it(db, article, session) -> None:
    session.add_span(article, *at(TEXT, "داعش"), Label.PLACE)
    assert session.undo_label == "Relabel ‘داعش’ as PLACE"
    row = own(db, article)["داعش"]
    assert (row.label, row.status, dict(row.span.attrs)) == (Label.PLACE, Status.CORRECTED, {})
    session.add_span(article, *at(TEXT, "داعش"), Label.ACTOR)  # back: accepted as suggested
    row = own(db, article)["داعش"]
    assert (row.label, row.status, dict(row.span.attrs)) == (
        Label.ACTOR,
        Status.ACCEPTED,
        {"actor": "ISIS"},
    )


def test_relabel_to_actor_looks_the_name_up(db, article, session) -> None:
    session.add_span(article, *at(TEXT, "دمشق"), Label.ACTOR)
    assert dict(own(db, article)["دمشق"].span.attrs) == {}
    session.add_span(article, *at(TEXT, "خمسةُ وأربعين"), Label.ACTOR)
    session.add_span(article, *at(TEXT, "خمسةُ وأربعين"), Label.CASUALTY)
    assert dict(own(db, article)["خمسةُ وأربعين"].span.attrs) == FORTY_FIVE


def test_a_new_span_replaces_what_it_overlaps_in_one_step(db, article, session) -> None:
    session.accept(next(r.id for r in session.spans(article) if TEXT[r.start : r.end] == "داعش"))
    before = db.execute("SELECT * FROM spans ORDER BY id").fetchall()
    session.add_span(article, *at(TEXT, "القلمون السورية"), Label.PLACE)
    assert session.undo_label == "Replace ‘القلمون’ with ‘القلمون السورية’"
    assert "القلمون" not in pending(session, article)
    session.accept_all(article)
    assert set(own(db, article)) == {"خمسةُ وأربعين", "داعش", "دمشق", "القلمون السورية"}
    check_no_overlap([r.span for r in repo.confirmed_spans(db, article, "gina")])
    session.add_span(article, *at(TEXT, "من داعش"), Label.ACTOR)  # over an own accepted span
    assert session.undo_label == "Replace ‘داعش’ with ‘من داعش’"
    assert "داعش" not in own(db, article)
    session.add_span(article, *at(TEXT, "خمسةُ وأربعين عنصراً من"), Label.CASUALTY)
    assert session.undo_label == "Replace 2 spans with ‘خمسةُ وأربعين عنصراً من’"
    for _ in range(4):
        session.undo()
    assert db.execute("SELECT * FROM spans ORDER BY id").fetchall() == before


def test_accept_all_skips_suggestions_overlapping_confirmed_spans(db, article, session) -> None:
    # legacy: a span added before the rule existed; accept_all must not confirm its neighbour
    repo.import_span(db, article, "gina", Span(*at(TEXT, "القلمون السورية"), Label.PLACE))
    session.accept_all(article)
    assert session.undo_label == "Accept all (3)"
    assert pending(session, article) == ["القلمون"]
    with pytest.raises(CodingError, match="overlap"):
        session.accept(next(r.id for r in session.spans(article) if not r.confirmed))


def test_store_refuses_overlap_on_accept_and_resize(db, article) -> None:
    ids = {TEXT[r.start : r.end]: r.id for r in repo.spans_for(db, article, "gina")}
    repo.add_span(db, article, "gina", Span(*at(TEXT, "بالقلمون"), Label.PLACE))
    with pytest.raises(StoreError, match="overlap"):
        repo.accept(db, ids["القلمون"], "gina")
    repo.accept(db, ids["دمشق"], "gina")
    with pytest.raises(StoreError, match="overlap"):  # grown over the next own span
        repo.edit_span(db, ids["داعش"], "gina", Span(*at(TEXT, "داعش في دمشق"), Label.ACTOR))


def test_a_proclitic_before_a_suggestion_is_left_out(db, article, session) -> None:
    session.add_span(article, *at(TEXT, "بالقلمون"), Label.PLACE)
    assert list(own(db, article)) == ["القلمون"]
    assert own(db, article)["القلمون"].status is Status.ACCEPTED
    start, end = at(TEXT, "وسيطرت")
    session.add_span(article, start, end, Label.ACTOR)  # و + no known rest: kept whole
    assert "وسيطرت" in own(db, article)


def test_domain_overlap_check() -> None:
    a, b, c = Span(0, 5, Label.PLACE), Span(4, 8, Label.ACTOR), Span(8, 9, Label.ACTOR)
    assert overlapping(a, [b, c]) == [b]
    check_no_overlap([a, c])
    with pytest.raises(SpanError, match="overlap"):
        check_no_overlap([c, Span(0, 10, Label.PLACE), a])


def test_gold_is_not_a_coders_name(db, article) -> None:
    for name in (GOLD, " Gold "):
        with pytest.raises(CodingError, match="reserved"):
            CodingSession(db, name)


@pytest.mark.parametrize(
    ("surface", "count", "qualifier"),
    [
        ("خمسةُ وأربعين", 45, None),
        ("ثلاثة عشر", 13, None),
        ("ضابطان", 2, None),
        ("عشرات", None, "vague"),
        ("١٬٠٨٧", 1087, None),
        ("جندياً", None, None),
    ],
)
def test_counts_from_number_words(surface: str, count, qualifier) -> None:
    assert read_count(surface) == (count, qualifier)
    assert parse_count(surface) == count
    attrs = default_attrs(Label.CASUALTY, surface)
    assert (attrs["count"], attrs["qualifier"]) == (count, qualifier)


def test_a_marked_number_gets_its_count(db, article, session) -> None:
    session.add_span(article, *at(TEXT, "ثلاثة عشر"), Label.CASUALTY)
    assert own(db, article)["ثلاثة عشر"].span.attrs["count"] == 13
    session.add_span(article, *at(TEXT, "دمشق"), Label.CASUALTY)  # relabel: parse again (nothing)
    assert own(db, article)["دمشق"].span.attrs["count"] is None


def test_place_choices_offer_the_gazetteer(project_target, db, article) -> None:
    choices = read_place_choices(project_target)  # nobody has named a place in this project yet
    assert ("Damascus", 170654) in choices
    assert len(choices) > 1000
    assert choices == sorted(set(choices), key=lambda p: (p[0], p[1] or 0))


def test_marking_a_rejected_suggestion_again_is_named_as_the_store_decided(
    db, article, session
) -> None:
    isis = next(r for r in session.spans(article) if TEXT[r.start : r.end] == "داعش")
    session.reject(isis.id)
    session.add_span(article, *at(TEXT, "داعش"), Label.ACTOR)
    # the store decides the rejected suggestion again (accepted): the step says so
    assert session.undo_label == "Accept ‘داعش’"
    row = own(db, article)["داعش"]
    assert (row.status, row.suggestion_id) == (Status.ACCEPTED, isis.id)
    session.undo()
    assert "داعش" not in own(db, article)


def test_accept_all_with_nothing_to_accept_is_no_step(db, article, session) -> None:
    session.accept_all(article)
    session.undo()
    assert session.redo_label == "Accept all (4)"
    session.redo()
    assert session.accept_all(article).span_ids == frozenset()
    assert (session.undo_label, len(session.stack)) == ("Accept all (4)", 1)


def test_accept_all_that_the_store_finds_nothing_to_accept_keeps_redo(db, article) -> None:
    repo.import_span(db, article, "gina", Span(*at(TEXT, "القلمون السورية"), Label.PLACE))
    session = CodingSession(db, "gina")
    session.accept_all(article)  # accepts three; القلمون overlaps the imported span
    isis = next(r for r in session.spans(article) if TEXT[r.start : r.end] == "داعش")
    session.relabel(isis.id, Label.PLACE)
    session.undo()
    assert pending(session, article) == ["القلمون"]
    session.accept_all(article)  # a suggestion is pending, but the store accepts none
    assert (session.undo_label, session.redo_label) == ("Accept all (3)", "Relabel ‘داعش’ as PLACE")


def test_rejecting_twice_is_one_step(db, article, session) -> None:
    isis = next(r for r in session.spans(article) if TEXT[r.start : r.end] == "داعش")
    session.reject(isis.id)
    session.reject(isis.id)  # another window still showed it: nothing left to do
    assert (session.undo_label, len(session.stack)) == ("Reject ‘داعش’", 1)
