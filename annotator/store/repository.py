"""The repository: every read and write of project data, mapped to domain objects.

Writes are single transactions returning a ``DbChange`` (what changed, and how to undo it).
"""

from __future__ import annotations

from annotator.domain import SpanRow  # the domain type the repository reads back
from annotator.store.articles import (
    ArticleItem,
    add_article,
    article_count,
    article_id_by_hash,
    article_ids,
    article_page,
    check_text,
    get_article,
    neighbour_article,
    stored_hashes,
)
from annotator.store.changes import DbChange, RowChange, apply_change, reapply, revert
from annotator.store.learned import learned_names
from annotator.store.spans import (
    accept,
    accept_all,
    add_span,
    add_suggestions,
    all_spans,
    confirmed_spans,
    delete_span,
    edit_span,
    get_span,
    import_span,
    import_spans,
    reject,
    set_attrs,
    spans_for,
    store_suggestion_batches,
)
from annotator.store.states import (
    StateRow,
    add_seconds,
    annotator_names,
    ensure_annotator,
    get_state,
    set_state,
)

__all__ = [
    "ArticleItem",
    "DbChange",
    "RowChange",
    "SpanRow",
    "StateRow",
    "accept",
    "accept_all",
    "add_article",
    "add_seconds",
    "add_span",
    "add_suggestions",
    "all_spans",
    "annotator_names",
    "apply_change",
    "article_count",
    "article_id_by_hash",
    "article_ids",
    "article_page",
    "check_text",
    "confirmed_spans",
    "delete_span",
    "edit_span",
    "ensure_annotator",
    "get_article",
    "get_span",
    "get_state",
    "import_span",
    "import_spans",
    "learned_names",
    "neighbour_article",
    "reapply",
    "reject",
    "revert",
    "set_attrs",
    "set_state",
    "spans_for",
    "store_suggestion_batches",
    "stored_hashes",
]
