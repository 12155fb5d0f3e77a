"""Article list filters for review (the query is the store's ``store.review_filter``).

"has disagreements" uses the same definition as ``services.compare`` (offsets, label and
attributes with nulls dropped; an optional attribute left empty is no opinion).
"""

from __future__ import annotations

from annotator.services.compare import attrs_json_agree
from annotator.store import Project
from annotator.store import review_filter as store
from annotator.store.review_filter import ReviewFilter

__all__ = ["ReviewFilter", "filtered_ids"]


def filtered_ids(db: Project, f: ReviewFilter) -> list[int]:
    """Ids of the articles the filter keeps, in list order (ascending id)."""
    return store.filtered_ids(db, f, attrs_json_agree)
