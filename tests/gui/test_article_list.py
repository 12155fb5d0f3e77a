"""The article list over 20,000 articles: ids up front, rows fetched only for what is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain import ArticleState, Label, Span, Suggestion, content_hash
from annotator.gui.article_list import MAX_PAGES, PAGE, ArticleList, ArticleListModel
from annotator.gui.review.review_articles import ReviewListModel
from annotator.services.review_list import ReviewFilter
from annotator.store import open_store, write_transaction
from annotator.store import repository as repo
from annotator.store.listing import list_ids

N = 20_000


def bulk_project(path: Path, n: int = N):
    """``n`` short articles inserted in one transaction; article 7 has two suggestions."""
    db = open_store(path)
    rows = []
    for i in range(1, n + 1):
        text = f"مقال رقم {i}\nقتل {i % 90} شخصاً في حلب"
        rows.append(
            {
                "id": i,
                "hash": content_hash(text),
                "source": f"feed-{i % 7}/{i:05d}.txt",
                "title": f"مقال رقم {i}",
                "text": text,
                "text_length": len(text),
                "meta": json.dumps({}),
                "imported_at": "2024-01-01T00:00:00",
            }
        )
    with write_transaction(db):
        db["articles"].insert_all(rows, batch_size=2000)
    text = repo.get_article(db, 7).text
    start = text.index("حلب")
    repo.add_suggestions(
        db,
        7,
        [
            Suggestion(Span(start, start + 3, Label.PLACE), 0.9, "t", "1"),
            Suggestion(Span(0, 4, Label.ACTOR), 0.5, "t", "1"),
        ],
    )
    return db


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    db = bulk_project(tmp_path_factory.mktemp("big") / "big.db")
    yield db
    db.close()


def test_model_answers_without_loading_everything(big_db, qtbot) -> None:
    model = ArticleListModel(big_db, "ali")
    assert model.rowCount() == N
    assert model.columnCount() == 5
    assert model.rows_fetched == 0  # only the ids so far
    assert model.data(model.index(0, 0)) == "مقال رقم 1"
    assert model.data(model.index(N - 1, 1)) == f"feed-{N % 7}/{N:05d}.txt"
    assert model.rows_fetched == 2 * PAGE
    assert model.data(model.index(5, 2)) == "open"
    assert model.rows_fetched == 2 * PAGE  # same page: from the cache
    assert (model.data(model.index(6, 3)), model.data(model.index(6, 4))) == ("2", "0")
    for row in range(0, N, 4 * PAGE):  # jump through it all: memory stays bounded
        model.data(model.index(row, 0))
    assert len(model._pages) == MAX_PAGES < N // (4 * PAGE)
    assert model.row_of(12_345) == 12_344
    assert model.article_id(12_344) == 12_345


def test_list_ids_use_the_covering_index(big_db) -> None:
    plan = " ".join(
        str(r[-1])
        for r in big_db.execute(
            "EXPLAIN QUERY PLAN SELECT a.id FROM articles a INDEXED BY articles_list"
        )
    )
    assert "COVERING INDEX articles_list" in plan
    assert len(list_ids(big_db, "ali")) == N


def test_filters_by_state_and_search(big_db) -> None:
    repo.set_state(big_db, 10, "zainab", ArticleState.DONE)
    repo.set_state(big_db, 20, "zainab", ArticleState.FLAGGED)
    model = ArticleListModel(big_db, "zainab")
    model.set_filter((ArticleState.DONE,), "")
    assert [model.article_id(r) for r in range(model.rowCount())] == [10]
    model.set_filter((ArticleState.OPEN,), "")
    assert model.rowCount() == N - 2
    model.set_filter((ArticleState.DONE, ArticleState.FLAGGED), "")
    assert model.rowCount() == 2
    model.set_filter(None, "رقم 1999")  # title
    assert [model.article_id(r) for r in range(model.rowCount())] == [
        1999,
        19990,
        19991,
        19992,
        19993,
        19994,
        19995,
        19996,
        19997,
        19998,
        19999,
    ]
    model.set_filter(None, "feed-3/0001")  # source
    assert model.rowCount() == sum(1 for i in range(10, 20) if i % 7 == 3)
    model.set_filter(None, "100%")  # LIKE wildcards are literal
    assert model.rowCount() == 0
    assert ArticleListModel(big_db, "ali").rowCount() == N  # other coders unaffected


def test_refresh_one_row(big_db) -> None:
    model = ArticleListModel(big_db, "huda")
    assert model.data(model.index(6, 2)) == "open"
    fetched = model.rows_fetched
    suggestion = repo.spans_for(big_db, 7, "huda")[0]
    repo.accept(big_db, suggestion.id, "huda")
    repo.set_state(big_db, 7, "huda", ArticleState.SKIPPED)
    model.refresh_article(7)
    assert model.rows_fetched == fetched + 1
    assert [model.data(model.index(6, c)) for c in (2, 3, 4)] == ["skipped", "1", "1"]


def test_the_widget_fetches_only_visible_pages(big_db, qtbot, show_focused, press) -> None:
    model = ArticleListModel(big_db, "ali")
    widget = ArticleList(model)
    widget.resize(500, 600)
    show_focused(widget, focus=widget.table)
    assert model.rows_fetched <= 2 * PAGE
    widget.show_article(15_000)
    assert widget.current_article() == 15_000
    assert model.rows_fetched <= 4 * PAGE
    with qtbot.waitSignal(widget.article_activated) as signal:
        press(Qt.Key.Key_Down)
        press(Qt.Key.Key_Return)
    assert signal.args == [15_001]


def test_pages_in_use_stay_cached(big_db, qtbot) -> None:
    model = ArticleListModel(big_db, "ali")
    model.data(model.index(0, 0))
    for page in range(1, MAX_PAGES + 1):  # one more page than the cache holds …
        model.data(model.index(page * PAGE, 0))
        model.data(model.index(0, 0))  # … while the first page is read all along
    fetched = model.rows_fetched
    assert fetched == (MAX_PAGES + 1) * PAGE
    model.data(model.index(0, 1))
    assert model.rows_fetched == fetched  # the first page was kept, the least used one went
    model.data(model.index(PAGE, 0))
    assert model.rows_fetched == fetched + PAGE


def test_the_review_list_reads_pages_like_the_desk_list(big_db, qtbot) -> None:
    model = ReviewListModel(big_db)
    done = "SELECT count(DISTINCT article_id) FROM article_state WHERE state = 'done'"
    assert model.rowCount() == big_db.execute(done).fetchone()[0]  # finished by a coder
    model.set_filter(ReviewFilter(min_done=0))
    assert (model.rowCount(), model.columnCount()) == (N, 4)
    assert model.rows_fetched == 0
    assert model.data(model.index(PAGE - 1, 0)) == f"مقال رقم {PAGE}"
    assert model.data(model.index(0, 1)) == "feed-1/00001.txt"
    assert model.rows_fetched == PAGE  # one page, read once
    assert model.ids()[:3] == [1, 2, 3] and model.row_of(12_345) == 12_344
    model.refresh_article(2)
    assert model.rows_fetched == PAGE + 1
