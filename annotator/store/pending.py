"""Articles an import is still publishing (``import_pending``, see ``staging``) are hidden
from every reader that lists, counts or exports: each such query keeps only ``visible(col)``
for its article id column. Reads of one article by id need no clause: ids come from lists."""

from __future__ import annotations

HIDDEN = "(SELECT article_id FROM import_pending)"


def visible(column: str) -> str:
    """An SQL condition: the article id in ``column`` is not hidden by an import."""
    return f"{column} NOT IN {HIDDEN}"


# Every hidden article is a row of ``articles`` (``import_pending`` references it, deleted with
# it), so the visible articles are counted without a scan: SQLite counts a whole table from its
# b-tree pages, and a project of 100,000 articles opens as fast as one of 1,000.
VISIBLE_ARTICLES = "SELECT (SELECT count(*) FROM articles) - (SELECT count(*) FROM import_pending)"
