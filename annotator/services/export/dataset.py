"""The dataset stage of an export: which (article, annotator) records, with their spans."""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from annotator.domain import GOLD, ArticleState, Label, Span
from annotator.store import repository as repo
from annotator.store.pending import visible

if TYPE_CHECKING:
    from sqlite_utils import Database

ALL_LAYERS = "all"
ONLY_CHOICES = ("done", "adjudicated")


class ExportError(Exception):
    """An export that cannot run or did not pass its self-check; nothing was written."""


@dataclass(frozen=True)
class Record:
    """One article as one annotator coded it: the exported unit of every format."""

    article_id: int
    source: str
    text: str
    annotator: str
    spans: tuple[Span, ...]
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Selection:
    """What to export: a layer (``gold``, an annotator's name or ``all``) and a filter."""

    layer: str = GOLD
    only: str | None = None  # None, "done" or "adjudicated"

    def describe(self) -> str:
        what = "every layer" if self.layer == ALL_LAYERS else f"layer {self.layer!r}"
        if self.only == "done":
            return f"{what}, articles the annotator marked done"
        if self.only == "adjudicated":
            return f"{what}, adjudicated articles (gold done)"
        return f"{what}, articles with confirmed spans or marked done"


_DONE = ArticleState.DONE.value

# (article, annotator) pairs the layer touched: confirmed spans or a 'done' mark.
_PAIRS = f"""
SELECT article_id, annotator FROM spans
    WHERE annotator IS NOT NULL AND status != 'rejected'
UNION
SELECT article_id, annotator FROM article_state WHERE state = '{_DONE}'
"""


def _pairs_sql(selection: Selection) -> tuple[str, list[Any]]:
    where: list[str] = [visible("p.article_id")]  # not a file an import is still publishing
    params: list[Any] = []
    if selection.layer != ALL_LAYERS:
        where.append("p.annotator = ?")
        params.append(selection.layer)
    if selection.only == "done":
        where.append(
            f"EXISTS (SELECT 1 FROM article_state s WHERE s.article_id = p.article_id"
            f" AND s.annotator = p.annotator AND s.state = '{_DONE}')"
        )
    elif selection.only == "adjudicated":
        where.append(
            f"EXISTS (SELECT 1 FROM article_state s WHERE s.article_id = p.article_id"
            f" AND s.annotator = '{GOLD}' AND s.state = '{_DONE}')"
        )
    elif selection.only is not None:
        raise ExportError(
            f"--only must be one of {', '.join(ONLY_CHOICES)}, got {selection.only!r}"
        )
    sql = f"SELECT p.article_id, p.annotator FROM ({_PAIRS}) p"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY p.article_id, p.annotator", params


def check_selection(db: Database, selection: Selection) -> None:
    """Raise ExportError for a layer name no annotator has (gold and all always exist)."""
    if selection.layer in (GOLD, ALL_LAYERS):
        return
    names = repo.annotator_names(db)
    if selection.layer not in names:
        known = ", ".join(n for n in names) or "none yet"
        raise ExportError(f"no annotator named {selection.layer!r} (annotators: {known})")


def select_pairs(db: Database, selection: Selection) -> list[tuple[int, str]]:
    """The (article id, annotator) pairs to export, in article then annotator order."""
    return list(iter_pairs(db, selection))


def count_pairs(db: Database, selection: Selection) -> int:
    """How many pairs ``iter_pairs`` gives (ExportError for an unknown layer)."""
    check_selection(db, selection)
    sql, params = _pairs_sql(selection)
    return db.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]


def iter_pairs(db: Database, selection: Selection) -> Generator[tuple[int, str], None, None]:
    """``select_pairs`` one at a time, from the database's cursor (nothing kept)."""
    check_selection(db, selection)
    sql, params = _pairs_sql(selection)
    yield from db.conn.execute(sql, params)


# The annotator's confirmed spans of one article in the order every format writes them: by
# start, end and label (the order of ``Span.key``), ties in the order they were stored.
_SPANS = (
    'SELECT start, "end", label, attrs FROM spans'
    " WHERE article_id = ? AND annotator = ? AND status != 'rejected'"
    ' ORDER BY start, "end", label, id'
)
_LABELS = {m.value: m for m in Label}


@lru_cache(maxsize=256)  # the most used values: most spans of a project (87% in bench/)
def _attrs(stored: str) -> dict[str, Any]:
    """A span's stored attributes, parsed once per distinct value (Span copies the dict)."""
    return json.loads(stored)


def iter_records(db: Database, pairs: Iterable[tuple[int, str]]) -> Iterator[Record]:
    """Each pair as a Record: the stored text and the annotator's confirmed spans, sorted.

    One record at a time (an export's memory does not grow with the project); the spans are
    read straight into Span objects, without the provenance a SpanRow carries.
    """
    article = None
    execute = db.conn.execute
    for article_id, annotator in pairs:
        if article is None or article.id != article_id:
            article = repo.get_article(db, article_id)
        spans = tuple(
            Span(start, end, _LABELS[label], _attrs(attrs))
            for start, end, label, attrs in execute(_SPANS, (article_id, annotator))
        )
        yield Record(article_id, article.source, article.text, annotator, spans, article.meta)
