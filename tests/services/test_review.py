"""Review and adjudication: disagreements by type, gold with its sources, undo, history, filters."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from annotator.domain import GOLD, Article, ArticleState, Label, Span, Suggestion
from annotator.services.agreement import compute_agreement
from annotator.services.coding import CodingError, CodingSession
from annotator.services.compare import CoderSpan, Disagreement, classify, clusters
from annotator.services.importing import import_paths
from annotator.services.review import ReviewError, ReviewSession, finished_coders, review_items
from annotator.services.review_list import ReviewFilter, filtered_ids
from annotator.store import gold as gold_store
from annotator.store import repository as repo
from annotator.store.listing import list_items
from tests.builders import TEXT, at, pending


def _summary(items) -> list[tuple[str, tuple[str, ...], dict[str, list[str]]]]:
    out = []
    for item in items:
        versions = {
            c: [TEXT[s.span.start : s.span.end] + "/" + s.span.label.value for s in v]
            for c, v in item.cluster.versions.items()
        }
        out.append((TEXT[item.start : item.end], tuple(map(str, item.kinds)), versions))
    return out


def test_disagreements_by_type_with_each_coders_version(coded) -> None:
    db, first, _ = coded
    assert finished_coders(db, first) == ["ali", "bea"]
    assert _summary(review_items(db, first)) == [
        ("أعلن", ("missing",), {"ali": [], "bea": ["أعلن/PLACE"]}),
        ("داعش", (), {"ali": ["داعش/ACTOR"], "bea": ["داعش/ACTOR"]}),
        ("45", ("attribute",), {"ali": ["45/CASUALTY"], "bea": ["45/CASUALTY"]}),
        (
            "قوات النظام",
            ("boundary",),
            {"ali": ["قوات النظام/ACTOR"], "bea": ["النظام/ACTOR"]},
        ),
        ("دير الزور", ("label",), {"ali": ["دير الزور/PLACE"], "bea": ["دير الزور/ACTOR"]}),
    ]
    assert all(not i.settled for i in review_items(db, first))


def cs(i: int, coder: str, start: int, end: int, label: str = "ACTOR", **attrs) -> CoderSpan:
    return CoderSpan(i, coder, Span(start, end, Label(label), attrs))


def test_classify_each_kind_and_combinations() -> None:
    a = cs(1, "a", 0, 5, actor="ISIS")
    assert classify({"a": [a], "b": [cs(2, "b", 0, 5, actor="ISIS")]}) == ()
    assert classify({"a": [a], "b": []}) == (Disagreement.MISSING,)
    assert classify({"a": [a], "b": [cs(2, "b", 1, 5, actor="ISIS")]}) == (Disagreement.BOUNDARY,)
    assert classify({"a": [a], "b": [cs(2, "b", 0, 5, "PLACE")]}) == (Disagreement.LABEL,)
    assert classify({"a": [a], "b": [cs(2, "b", 0, 5, actor="SDF")]}) == (Disagreement.ATTRIBUTE,)
    # a null attribute is the same as no attribute
    assert classify({"a": [cs(1, "a", 0, 5)], "b": [cs(2, "b", 0, 5, actor=None)]}) == ()
    # label and boundary together; a third coder missing
    mixed = {"a": [a], "b": [cs(2, "b", 2, 7, "PLACE"), cs(3, "b", 0, 4)], "c": []}
    assert classify(mixed) == (
        Disagreement.MISSING,
        Disagreement.LABEL,
        Disagreement.BOUNDARY,
    )


def test_clusters_join_overlapping_spans_only() -> None:
    spans = {
        "a": [cs(1, "a", 0, 5), cs(2, "a", 10, 12)],
        "b": [cs(3, "b", 4, 8), cs(4, "b", 12, 14)],
    }
    found = clusters(spans)
    assert [(c.start, c.end, c.key) for c in found] == [
        (0, 8, (1, 3)),
        (10, 12, (2,)),
        (12, 14, (4,)),
    ]
    assert [c.missing for c in found] == [(), ("b",), ("a",)]


_spans = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 12),
        st.integers(1, 4),
        st.sampled_from(["ACTOR", "PLACE"]),
        st.sampled_from([None, "ISIS", "SDF"]),
    ),
    max_size=8,
)


@given(_spans)
@settings(max_examples=200, deadline=None)
def test_every_disagreement_has_a_kind(rows) -> None:
    by_coder: dict[str, list[CoderSpan]] = {"a": [], "b": [], "c": []}
    for i, (coder, start, length, label, actor) in enumerate(rows):
        by_coder[coder].append(cs(i, coder, start, start + length, label, actor=actor))
    found = clusters(by_coder)
    assert sorted(s.id for c in found for s in c.spans) == list(range(len(rows)))
    for cluster in found:
        same = len({frozenset(
            (s.span.start, s.span.end, s.span.label, s.span.attrs.get("actor")) for s in v
        ) for v in cluster.versions.values()}) == 1  # fmt: skip
        assert cluster.agreed == same
        assert bool(cluster.kinds) != same
        for x in cluster.spans:  # clusters never overlap each other
            for other in found:
                if other is not cluster:
                    assert not any(x.span.overlaps(y.span) for y in other.spans)


def _dump(db: Database) -> dict[str, list[tuple]]:
    tables = ("spans", "article_state", "gold_sources", "gold_rejections", "annotators")
    return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def test_adjudication_to_gold_with_sources_and_state(coded) -> None:
    db, first, _ = coded
    session = ReviewSession(db, ["ali", "bea"])
    start = _dump(db)
    session.accept_agreed(first)
    assert session.undo_label == "Accept agreed spans (1)"
    (isis,) = session.gold(first)
    assert TEXT[isis.start : isis.end] == "داعش" and isis.span.attrs == {"actor": "ISIS"}
    sources = session.sources([isis.id])[isis.id]
    assert sorted(s.annotator for s in sources) == ["ali", "bea"]
    assert not session.adjudicated(first)

    by_text = {TEXT[i.start : i.end]: i for i in session.items(first)}
    session.take(first, by_text["45"].key, "bea")  # bea's kind
    session.take(first, by_text["قوات النظام"].key, "ali")
    session.take(first, by_text["دير الزور"].key, "ali")
    assert not session.adjudicated(first)
    assert len(session.disagreements(first, open_only=True)) == 1
    session.reject_all(first, by_text["أعلن"].key)
    assert session.adjudicated(first)
    assert session.disagreements(first, open_only=True) == []
    assert session.undo_label == "Reject all versions of ‘أعلن’"

    gold = {TEXT[r.start : r.end]: r for r in session.gold(first)}
    assert set(gold) == {"داعش", "45", "قوات النظام", "دير الزور"}
    assert gold["45"].span.attrs["kind"] == "wounded"
    assert gold["دير الزور"].label is Label.PLACE
    assert all(r.annotator == GOLD for r in gold.values())
    # each gold span records the coders' spans it came from; overruled spans are rejected
    srcs = session.sources([r.id for r in gold.values()])
    assert [s.annotator for s in srcs[gold["45"].id]] == ["bea"]
    ali_45 = next(s for s in by_text["45"].version("ali"))
    assert ali_45.id in gold_store.rejected_sources(db, first)
    for item in session.items(first):
        assert item.settled
    # the confirmed spans of gold are what exports read
    assert [r.id for r in repo.confirmed_spans(db, first, GOLD)] == [
        r.id for r in session.gold(first)
    ]

    # undo everything: the database is exactly as before, state cleared on the way
    session.undo()
    assert not session.adjudicated(first)
    while session.undo() is not None:
        pass
    assert _dump(db) == start
    while session.redo() is not None:
        pass
    assert session.adjudicated(first)
    assert {TEXT[r.start : r.end] for r in session.gold(first)} == set(gold)


def test_changing_a_decision_and_removing_gold_reopens(coded) -> None:
    db, first, _ = coded
    session = ReviewSession(db, ["ali", "bea"])
    session.accept_agreed(first)
    for item in session.items(first):
        if not item.settled:
            coder = "bea" if item.version("bea") else "ali"
            session.take(first, item.key, coder)
    assert session.adjudicated(first)
    item = next(i for i in session.items(first) if TEXT[i.start : i.end] == "45")
    session.take(first, item.key, "ali")  # change of mind: ali's version replaces bea's
    (g45,) = [r for r in session.gold(first) if TEXT[r.start : r.end] == "45"]
    assert g45.span.attrs["kind"] == "killed"
    assert session.adjudicated(first)
    # the lead edits the gold span's attributes, then removes it: the item is open again
    session.set_gold_attributes(g45.id, {**g45.span.attrs, "qualifier": "at_least"})
    assert repo.get_span(db, g45.id).span.attrs["qualifier"] == "at_least"
    session.remove_gold(g45.id)
    assert not session.adjudicated(first)
    assert [TEXT[i.start : i.end] for i in session.disagreements(first, open_only=True)] == ["45"]
    session.undo()
    assert session.adjudicated(first)
    # reset and add: a gold span no coder marked does not settle anything by itself
    session.reset(first, item.key)
    assert not session.adjudicated(first)
    session.add_gold(first, Span(*at(TEXT, "مقتل"), Label.PLACE))
    assert "مقتل" in {TEXT[r.start : r.end] for r in session.gold(first)}
    assert not session.adjudicated(first)


def test_agreed_only_article_is_adjudicated_in_one_step(coded) -> None:
    db, _, second = coded
    session = ReviewSession(db, ["ali", "bea"])
    items = session.items(second)
    assert items and all(i.agreed for i in items)
    session.accept_agreed(second)
    assert session.adjudicated(second)
    assert len(session.gold(second)) == len(items)
    assert repo.get_state(db, second, GOLD).state is ArticleState.DONE
    steps = len(session.stack)
    session.accept_agreed(second)  # nothing left: no empty undo step
    assert len(session.stack) == steps
    # an article both coders finished without a single span is adjudicated by the same key
    empty, _ = repo.add_article(db, Article("خبر بلا أسماء", source="e.txt"))
    for coder in ("ali", "bea"):
        repo.set_state(db, empty, coder, ArticleState.DONE)
    assert session.items(empty) == []
    session.accept_agreed(empty)
    assert session.adjudicated(empty) and session.undo_label == "Accept agreed spans (0)"


def test_errors_are_clear(coded) -> None:
    db, first, _ = coded
    session = ReviewSession(db, ["ali", "bea"])
    missing = next(i for i in session.items(first) if i.kind is Disagreement.MISSING)
    with pytest.raises(ReviewError, match="ali has no span here"):
        session.take(first, missing.key, "ali")
    with pytest.raises(ReviewError, match="changed since"):
        session.take(first, (999,), "ali")
    with pytest.raises(ReviewError, match="not a gold span"):
        session.remove_gold(missing.key[0])
    with pytest.raises(ReviewError, match="gold layer"):
        ReviewSession(db, ["ali", GOLD])
    # a coder changes their span after the list was shown: the stale step is refused
    bea = CodingSession(db, "bea")
    bea.reject(missing.key[0])
    with pytest.raises(CodingError, match="changed since"):
        session.reject_all(first, missing.key)


def test_history_from_the_audit_log(coded) -> None:
    db, first, _ = coded
    ali = CodingSession(db, "ali")
    num = next(r for r in ali.spans(first) if r.label is Label.CASUALTY)
    ali.set_attributes(num.id, {**num.span.attrs, "victim": "ISIS"})
    ali.reject(num.id)
    events = ReviewSession(db, ["ali", "bea"]).history(num.id)
    mine = [(e.who, e.action) for e in events if e.span_id in (num.id, num.suggestion_id)]
    assert mine == [
        ("test", "suggested"),
        ("ali", "corrected"),
        ("ali", "changed"),
        ("ali", "rejected"),
    ]
    assert events == sorted(events, key=lambda e: e.at)
    # the suggestion's history holds both coders' decisions
    sug = ReviewSession(db, ["ali", "bea"]).history(num.suggestion_id)
    assert {e.who for e in sug} == {"test", "ali", "bea"}

    session = ReviewSession(db, ["ali", "bea"], lead="lena")
    session.accept_agreed(first)
    (isis,) = session.gold(first)
    trail = [(e.who, e.action) for e in session.history(isis.id)]
    assert ("test", "suggested") in trail and ("ali", "accepted") in trail
    assert ("bea", "accepted") in trail and trail[-1] == ("lena", "added")


def _build_random(db: Database, rng: random.Random, n: int) -> None:
    coders = ["ali", "bea", "cem"]
    text = "كلمة " * 12
    for k in range(n):
        aid, _ = repo.add_article(db, Article(text + str(k), source=f"r{k}.txt"))
        for coder in coders:
            if rng.random() < 0.2:
                continue
            used = set()
            for _ in range(rng.randint(0, 3)):
                start = rng.choice([0, 5, 10])
                span = Span(start, start + rng.choice([4, 9]), Label.ACTOR,
                            {"actor": rng.choice([None, "ISIS"])})  # fmt: skip
                if span.key not in used:
                    used.add(span.key)
                    repo.add_span(db, aid, coder, span)
            state = rng.choice(["done", "done", "open", "flagged"])
            repo.set_state(db, aid, coder, state)


def test_disagreement_filter_is_the_same_as_review_items(db: Database) -> None:
    _build_random(db, random.Random(7), 60)
    ids = repo.article_ids(db)
    for coders in (("ali", "bea"), ("ali", "bea", "cem")):
        expected = [a for a in ids if any(not i.agreed for i in review_items(db, a, coders))]
        assert filtered_ids(db, ReviewFilter(coders=coders, disagreements=True)) == expected
        rest = filtered_ids(db, ReviewFilter(coders=coders, disagreements=False))
        assert rest == [a for a in ids if a not in expected]
    # default: on each article the coders who finished it (at least two)
    expected = [
        a
        for a in ids
        if len(finished_coders(db, a)) >= 2 and any(not i.agreed for i in review_items(db, a))
    ]
    assert 0 < len(expected) < len(ids)
    assert filtered_ids(db, ReviewFilter(disagreements=True)) == expected


def test_list_filters(coded) -> None:
    db, first, second = coded
    third, _ = repo.add_article(db, Article("خبر آخر عن الرقة", source="c.txt"))
    repo.set_state(db, third, "cem", ArticleState.FLAGGED, "unclear")
    assert filtered_ids(db, ReviewFilter()) == [first, second, third]
    assert filtered_ids(db, ReviewFilter(coded_by=("ali",))) == [first, second]
    assert filtered_ids(db, ReviewFilter(coded_by=("ali", "cem"))) == []
    assert filtered_ids(db, ReviewFilter(min_done=2)) == [first, second]
    assert filtered_ids(db, ReviewFilter(min_done=3)) == []
    assert filtered_ids(db, ReviewFilter(disagreements=True)) == [first]
    assert filtered_ids(db, ReviewFilter(flagged=True)) == [third]
    assert filtered_ids(db, ReviewFilter(flagged=False, min_done=1)) == [first, second]
    assert filtered_ids(db, ReviewFilter(adjudicated=True)) == []
    ReviewSession(db, ["ali", "bea"]).accept_agreed(second)
    assert filtered_ids(db, ReviewFilter(adjudicated=True)) == [second]
    assert filtered_ids(db, ReviewFilter(adjudicated=False, min_done=2)) == [first]
    assert filtered_ids(db, ReviewFilter(search="b.tx")) == [second]
    assert filtered_ids(db, ReviewFilter(search="B.TX")) == [second]  # ASCII case ignored
    fourth, _ = repo.add_article(db, Article("خبر رابع", source="Ärzte.txt"))
    assert filtered_ids(db, ReviewFilter(search="ÄRZTE")) == [fourth]
    assert filtered_ids(db, ReviewFilter(search="ärzte")) == []  # as SQLite's LIKE: ASCII only
    # the ids feed the coding desk's paged list rows
    rows = list_items(db, "ali", filtered_ids(db, ReviewFilter(min_done=2)))
    assert [rows[i].state for i in (first, second)] == [ArticleState.DONE] * 2


# ----- optional place attributes: an empty one is no opinion ------------------------------------

DEIR = {"place": "Deir ez-Zor", "geonames_id": 170794}


def test_an_empty_optional_place_attribute_is_no_opinion() -> None:
    def place(i: int, coder: str, **attrs) -> CoderSpan:
        return cs(i, coder, 0, 5, "PLACE", **attrs)

    agreed = [
        ({}, DEIR),
        ({}, {"place": "القلمون الشرقي"}),
        ({"geonames_id": 170794}, {"place": "Deir ez-Zor"}),
        ({"place": "Damascus", "geonames_id": 170654}, {"place": "دمشق", "geonames_id": 170654}),
        ({"place": "الحسكة"}, {"place": "الحسكه"}),  # the same name, normalised
        ({"place": None}, {"place": "Homs"}),
    ]
    for a, b in agreed:
        assert classify({"a": [place(1, "a", **a)], "b": [place(2, "b", **b)]}) == (), (a, b)
    conflicts = [
        (DEIR, {"place": "Deir ez-Zor", "geonames_id": 170795}),
        ({"place": "Homs"}, {"place": "Hama"}),
        ({"place": "Homs"}, {"place": "Hama", "geonames_id": 170063}),
    ]
    for a, b in conflicts:
        found = classify({"a": [place(1, "a", **a)], "b": [place(2, "b", **b)]})
        assert found == (Disagreement.ATTRIBUTE,), (a, b)
    # one coder with no opinion does not hide a conflict between two others
    three = {
        "a": [place(1, "a", geonames_id=1)],
        "b": [place(2, "b")],
        "c": [place(3, "c", geonames_id=2)],
    }
    assert classify(three) == (Disagreement.ATTRIBUTE,)
    # other attributes stay strict: an actor id left empty differs from one given
    assert classify({"a": [cs(1, "a", 0, 5, actor="ISIS")], "b": [cs(2, "b", 0, 5)]}) == (
        Disagreement.ATTRIBUTE,
    )


def _suggest_places(text: str) -> list[Suggestion]:
    return [
        Suggestion(Span(*at(text, "دير الزور"), Label.PLACE, DEIR), 0.9, "test", "1"),
        Suggestion(Span(*at(text, "داعش"), Label.ACTOR, {"actor": "ISIS"}), 0.9, "test", "1"),
    ]


@pytest.fixture
def places(db: Database, tmp_path: Path) -> tuple[Database, int]:
    """ali accepts the suggested place with its GeoNames id; bea marks it without attributes;
    cem gives it another id."""
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (article,) = import_paths(db, [tmp_path / "a.txt"], suggest=_suggest_places).article_ids
    for coder, attrs in (("ali", None), ("bea", {}), ("cem", {**DEIR, "geonames_id": 1})):
        session = CodingSession(db, coder)
        session.accept_all(article)
        if attrs is not None:
            session.set_attributes(pending(session, article, "دير الزور"), attrs)
        session.mark_done(article)
    return db, article


def test_review_agrees_with_agreement_on_place_attributes(places) -> None:
    db, article = places
    items = review_items(db, article, ["ali", "bea"])
    assert [i.agreed for i in items] == [True, True]
    assert filtered_ids(db, ReviewFilter(coders=("ali", "bea"), disagreements=True)) == []
    pair = compute_agreement(db, ["ali", "bea"]).pairs[0].overall
    assert pair.exact["PLACE"].f1 == 1.0 and pair.exact["ALL"].f1 == 1.0
    # two different ids are a real conflict the lead settles
    kinds = [i.kinds for i in review_items(db, article, ["ali", "cem"])]
    assert kinds == [(), (Disagreement.ATTRIBUTE,)]
    assert filtered_ids(db, ReviewFilter(coders=("ali", "cem"), disagreements=True)) == [article]
    assert filtered_ids(db, ReviewFilter(coders=("bea", "cem"), disagreements=True)) == []


def test_gold_takes_the_filled_optional_attributes(places) -> None:
    db, article = places
    session = ReviewSession(db, ["bea", "ali"])  # bea first: accept_agreed takes bea's version
    session.accept_agreed(article)
    assert session.adjudicated(article)
    gold = {TEXT[r.start : r.end]: r for r in session.gold(article)}
    assert gold["دير الزور"].span.attrs == DEIR
    sources = session.sources([gold["دير الزور"].id])[gold["دير الزور"].id]
    assert sorted(s.annotator for s in sources) == ["ali", "bea"]
    # with cem's conflicting id: taking bea's version fills ali's id, and overrules cem
    session = ReviewSession(db, ["bea", "ali", "cem"])
    item = next(i for i in session.items(article) if TEXT[i.start : i.end] == "دير الزور")
    assert item.kinds == (Disagreement.ATTRIBUTE,)
    session.take(article, item.key, "bea")
    gold = {TEXT[r.start : r.end]: r for r in session.gold(article)}
    assert gold["دير الزور"].span.attrs == DEIR
    cem = item.version("cem")[0]
    assert cem.id in gold_store.rejected_sources(db, article)
    sources = session.sources([gold["دير الزور"].id])[gold["دير الزور"].id]
    assert sorted(s.annotator for s in sources) == ["ali", "bea"]


def _build_random_places(db: Database, rng: random.Random, n: int) -> None:
    choices = [{}, {"place": "A"}, {"place": "A", "geonames_id": 1}, {"geonames_id": 2},
               {"place": "B"}, {"place": "a"}]  # fmt: skip
    text = "كلمة " * 12
    for k in range(n):
        aid, _ = repo.add_article(db, Article(text + str(k), source=f"p{k}.txt"))
        for coder in ("ali", "bea", "cem"):
            for start in rng.sample([0, 5, 10], rng.randint(0, 2)):
                repo.add_span(
                    db, aid, coder, Span(start, start + 4, Label.PLACE, rng.choice(choices))
                )
            repo.set_state(db, aid, coder, "done")


def test_disagreement_filter_is_the_same_as_review_items_on_places(db: Database) -> None:
    _build_random_places(db, random.Random(11), 60)
    ids = repo.article_ids(db)
    for coders in (("ali", "bea"), ("ali", "bea", "cem")):
        expected = [a for a in ids if any(not i.agreed for i in review_items(db, a, coders))]
        assert 0 < len(expected) < len(ids)
        assert filtered_ids(db, ReviewFilter(coders=coders, disagreements=True)) == expected
