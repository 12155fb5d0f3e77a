"""Project statistics: counts per label and status, progress per annotator."""

from __future__ import annotations

from sqlite_utils import Database

from annotator.domain import Article, Label, Span, Suggestion
from annotator.services.stats import format_stats, project_stats
from annotator.store import repository as repo


def test_empty_project(db: Database) -> None:
    stats = project_stats(db)
    assert (stats.articles, stats.spans, stats.annotators) == (0, {}, [])
    text = format_stats(stats)
    assert "Articles: 0" in text
    assert "(no annotators yet)" in text


def test_counts(db: Database) -> None:
    a, _ = repo.add_article(db, Article("قتل 5 من داعش في حلب"))
    b, _ = repo.add_article(db, Article("خبر آخر"))
    sug = repo.add_suggestions(
        db,
        a,
        [
            Suggestion(Span(4, 5, Label.CASUALTY), 0.9, "t", "1"),
            Suggestion(Span(9, 13, Label.ACTOR), 0.9, "t", "1"),
            Suggestion(Span(17, 20, Label.PLACE), 0.9, "t", "1"),
        ],
    )
    s_num, s_actor, _ = sug.span_ids
    repo.accept(db, s_actor, "ali")
    repo.reject(db, s_num, "ali")
    repo.add_span(db, b, "mona", Span(0, 3, Label.PLACE))
    repo.set_state(db, a, "ali", "done")
    repo.set_state(db, b, "mona", "skipped")
    stats = project_stats(db)
    assert stats.articles == 2
    assert stats.spans == {
        ("CASUALTY", "suggested"): 1,
        ("ACTOR", "suggested"): 1,
        ("PLACE", "suggested"): 1,
        ("ACTOR", "accepted"): 1,
        ("CASUALTY", "rejected"): 1,
        ("PLACE", "added"): 1,
    }
    assert stats.span_total() == 6
    assert stats.span_total(label="PLACE") == 2
    assert [(p.name, p.done, p.skipped, p.spans) for p in stats.annotators] == [
        ("ali", 1, 0, 1),
        ("mona", 0, 1, 1),
    ]
    lines = format_stats(stats).splitlines()
    assert lines[0] == "Articles: 2"
    assert next(x for x in lines if x.strip().startswith("all")).split() == [
        "all",
        "3",
        "1",
        "0",
        "1",
        "1",
        "6",
    ]
    assert next(x for x in lines if x.strip().startswith("ali")).split() == [
        "ali",
        "1",
        "2",
        "50%",
        "0",
        "0",
        "1",
    ]
    as_dict = stats.as_dict()
    assert as_dict["annotators"][1] == {
        "name": "mona",
        "done": 0,
        "skipped": 1,
        "flagged": 0,
        "spans": 1,
        "total": 2,
    }
