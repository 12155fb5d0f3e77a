"""What the review window's parts share about the open article: plain data, no Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.gui.review.review_rows import ReviewRow
from annotator.services.projects import Project
from annotator.services.review import ReviewSession
from annotator.services.words import Words


@dataclass
class ReviewState:
    """The open article, the coders compared, its rows and which one is current."""

    db: Project
    session: ReviewSession | None = None
    article_id: int | None = None
    coders: list[str] = field(default_factory=list)
    pinned: list[str] | None = None  # the lead's own choice of coders, if any
    rows: list[ReviewRow] = field(default_factory=list)
    current: int | None = None
    text: str = ""
    panel_gold: int | None = None  # the gold span the side panel edits
    words: Words | None = None
    adjudicated_ids: set[int] = field(default_factory=set)  # of the list, kept up to date

    def current_row(self) -> ReviewRow | None:
        return self.rows[self.current] if self.current is not None else None

    def text_words(self) -> Words:
        """The open article's words (read once per article)."""
        if self.words is None:
            self.words = Words(self.text)
        return self.words
