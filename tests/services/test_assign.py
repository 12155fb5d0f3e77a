"""Assignment: a deterministic split of open articles, a share double-coded, assigned first."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from sqlite_utils import Database

from annotator.domain import Article, Label
from annotator.services.assign import assign_articles, open_article_ids, plan_assignment
from annotator.services.coding import CodingSession
from annotator.store import StoreError
from annotator.store import assignments as store
from annotator.store import repository as repo
from annotator.store.listing import list_ids

CODERS = ["ali", "bea", "cem"]


def test_plan_is_deterministic_and_balanced() -> None:
    ids = list(range(1, 101))
    plan = plan_assignment(ids, CODERS, 0.2, seed=0)
    assert plan == plan_assignment(list(reversed(ids)), CODERS, 0.2, seed=0)
    assert plan != plan_assignment(ids, CODERS, 0.2, seed=1)
    assert [a for a, _ in plan] == ids  # every article once
    doubles = [c for _, c in plan if len(c) == 2]
    assert len(doubles) == 20
    assert all(len(set(c)) == 2 for c in doubles)
    # every pair of coders shares about as many articles as every other
    pairs = Counter(frozenset(c) for c in doubles)
    assert set(pairs) == {frozenset(p) for p in combinations(CODERS, 2)}
    assert max(pairs.values()) - min(pairs.values()) <= 1
    load = Counter(c for _, chosen in plan for c in chosen)
    assert sum(load.values()) == 120
    assert max(load.values()) - min(load.values()) <= 1


@pytest.mark.parametrize(("n", "overlap", "double"), [(10, 0.0, 0), (10, 1.0, 10), (7, 0.25, 2)])
def test_share_coded_by_two(n: int, overlap: float, double: int) -> None:
    plan = plan_assignment(range(n), ["a", "b"], overlap, seed=5)
    assert sum(len(c) == 2 for _, c in plan) == double


def test_bad_requests_are_refused() -> None:
    with pytest.raises(StoreError, match="at least two coders"):
        plan_assignment([1], ["ali"], 0.2)
    assert plan_assignment([1, 2], ["ali"], 0.0) == [(1, ("ali",)), (2, ("ali",))]
    with pytest.raises(StoreError, match="between 0 and 1"):
        plan_assignment([1], CODERS, 1.5)
    with pytest.raises(StoreError, match="named twice"):
        plan_assignment([1], ["ali", "ali"], 0.0)
    with pytest.raises(StoreError, match="gold"):
        plan_assignment([1], ["ali", "gold"], 0.0)
    with pytest.raises(StoreError, match="at least one"):
        plan_assignment([1], [" "], 0.0)


@pytest.fixture
def project(db: Database) -> list[int]:
    texts = [(f"{k:02d}.txt", f"خبر رقم {k} عن قصف حلب") for k in range(12)]
    return [repo.add_article(db, Article(text, source=name))[0] for name, text in texts]


def test_assign_stores_open_articles_and_lists_them_first(db: Database, project) -> None:
    # one article already coded, one started: neither is open any more
    ali = CodingSession(db, "ali")
    ali.mark_done(project[0])
    ali.add_span(project[1], 0, 3, Label.PLACE)
    assert open_article_ids(db) == project[2:]

    report = assign_articles(db, CODERS, overlap=0.2, seed=0)
    assert report.open_articles == 10 and report.double == 2
    assert sum(report.per_coder().values()) == 12
    assert "10 open article(s) assigned to 3 coder(s); 2 coded by two" in report.summary()
    stored = {c: store.assigned_ids(db, c) for c in CODERS}
    for article, chosen in report.plan:
        assert store.assignees(db, article) == sorted(chosen)
    assert sorted(a for ids in stored.values() for a in ids) == sorted(
        a for a, chosen in report.plan for _ in chosen
    )
    # nothing left to assign; the same request again changes nothing
    again = assign_articles(db, CODERS, overlap=0.2, seed=0)
    assert again.open_articles == 0 and again.plan == []
    # replace redoes the assignments of articles nobody started, with another seed
    redone = assign_articles(db, CODERS, overlap=0.5, seed=9, replace=True)
    assert redone.open_articles == 10 and redone.double == 5 and redone.replaced == 12

    # each coder's list: their assignment first, the rest after, each part in id order
    bea = store.assigned_ids(db, "bea")
    assert bea
    rest = [a for a in project if a not in bea]
    assert store.assigned_first(db, "bea", list_ids(db, "bea")) == bea + rest
    page = repo.article_page(db, "bea", limit=100, assigned_first=True)
    assert [item.id for item in page] == bea + rest
    second = repo.article_page(db, "bea", offset=len(bea), limit=2, assigned_first=True)
    assert [item.id for item in second] == rest[:2]
    assert [i.id for i in repo.article_page(db, "bea", limit=100)] == project  # default: off
    assert store.assigned_first(db, "zed", project) == project
    with pytest.raises(StoreError, match="offset"):
        repo.article_page(db, "bea", after_id=3, assigned_first=True)
