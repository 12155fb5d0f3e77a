"""A coder's write decides once and says what it did: accept, relabel, add, replacing what."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from annotator.domain import Article, Label, Span, Suggestion
from annotator.domain.commands import Decision
from annotator.store import repository as repo
from annotator.store.changes import revert

TEXT = "أعلن تنظيم داعش مقتل 45 عنصراً من قوات النظام في دير الزور"
ISIS = Span(11, 15, Label.ACTOR, {"actor": "ISIS"})
NUM = Span(21, 23, Label.CASUALTY, {"count": 45, "kind": "killed"})
PLACE = Span(49, 58, Label.PLACE)


@pytest.fixture
def article(db: Database) -> int:
    article_id, _ = repo.add_article(db, Article(TEXT, source="a.txt"))
    repo.add_suggestions(
        db, article_id, [Suggestion(s, 0.8, "rules", "1") for s in (ISIS, NUM, PLACE)]
    )
    return article_id


def test_the_same_label_over_a_suggestion_accepts_it_with_its_attributes(db, article) -> None:
    change = repo.add_span(db, article, "ali", Span(11, 15, Label.ACTOR))
    assert change.decision == Decision("accept", ISIS)


def test_another_label_over_a_suggestion_relabels_it(db, article) -> None:
    place = Span(11, 15, Label.PLACE)
    change = repo.add_span(db, article, "ali", place)
    assert change.decision == Decision("relabel", place)
    assert [r.span for r in repo.confirmed_spans(db, article, "ali")] == [place]


def test_a_new_span_says_which_spans_it_replaced(db, article) -> None:
    wide = Span(11, 23, Label.ACTOR)  # over داعش and 45
    change = repo.add_span(db, article, "ali", wide)
    assert change.decision == Decision("add", wide, (ISIS, NUM))
    assert revert(db, change).decision == change.decision  # undo keeps what it was


def test_accept_all_counts_what_it_accepted(db, article) -> None:
    repo.add_span(db, article, "ali", Span(21, 30, Label.CASUALTY))  # over 45
    change = repo.accept_all(db, article, "ali")
    assert change.decision == Decision("accept_all", count=2)
    assert repo.accept_all(db, article, "ali").decision == Decision("accept_all", count=0)


def test_reject_says_whether_it_rejected_or_removed(db, article) -> None:
    sug = {r.span.key: r.id for r in repo.spans_for(db, article, "ali")}
    assert repo.reject(db, sug[ISIS.key], "ali").decision == Decision("reject", ISIS)
    assert repo.reject(db, sug[ISIS.key], "ali").decision is None  # rejected already: nothing
    own = Span(35, 46, Label.ACTOR)
    added = repo.add_span(db, article, "ali", own)
    assert repo.reject(db, added.created_span_ids[-1], "ali").decision == Decision("remove", own)
