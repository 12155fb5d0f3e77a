"""A span's history from the audit log, on either backend: suggested, decided, changed, removed,
taken into gold by a named lead."""

from __future__ import annotations

from annotator.domain import Article, Label, Span, Suggestion
from annotator.services.history import span_history
from annotator.store import Project
from annotator.store import gold as gold_store
from annotator.store import repository as repo
from annotator.store.gold import Source
from tests.builders import TEXT, at


def test_a_suggestions_history_names_every_decision_in_order(db: Project) -> None:
    article, _ = repo.add_article(db, Article(TEXT))
    place = Span(*at(TEXT, "دير الزور"), Label.PLACE)
    (sug,) = repo.add_suggestions(db, article, [Suggestion(place, 0.25, "rules", "1")]).span_ids
    (mine,) = repo.accept(db, sug, "ali").created_span_ids
    repo.set_attrs(db, mine, "ali", {"place": "Deir ez-Zor", "geonames_id": 170794})
    repo.reject(db, sug, "bea")
    gold = gold_store.add_gold_span(
        db, article, Span(place.start, place.end, Label.PLACE), [Source(mine, "ali")], "lena"
    ).created_span_ids[0]
    repo.delete_span(db, mine, "ali")

    events = span_history(db, sug)
    assert [(e.action, e.who, e.annotator) for e in events] == [
        ("suggested", "rules", None),
        ("accepted", "ali", "ali"),
        ("corrected", "ali", "ali"),
        ("rejected", "bea", "bea"),
        ("deleted", "ali", "ali"),
    ]
    corrected = events[2]
    assert corrected.previous == place
    assert corrected.span == Span(
        place.start, place.end, Label.PLACE, {"place": "Deir ez-Zor", "geonames_id": 170794}
    )
    assert all(e.at.endswith("Z") and e.at[:2] == "20" for e in events)
    assert [e.at for e in events] == sorted(e.at for e in events)
    gold_events = span_history(db, gold)
    assert ("added", "lena", "gold") in [(e.action, e.who, e.annotator) for e in gold_events]
