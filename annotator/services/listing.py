"""What the article lists and the windows read: list ids and lines, assignments, an article,
the gold layer of one, and the span rows the desk shows."""

from __future__ import annotations

from annotator.domain import SpanRow
from annotator.store.articles import ArticleItem, article_count, get_article
from annotator.store.assignments import assigned_first, assigned_ids
from annotator.store.gold import gold_spans, is_adjudicated
from annotator.store.listing import list_ids, list_items

__all__ = [
    "ArticleItem",
    "SpanRow",
    "article_count",
    "assigned_first",
    "assigned_ids",
    "get_article",
    "gold_spans",
    "is_adjudicated",
    "list_ids",
    "list_items",
]
