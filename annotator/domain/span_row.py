"""A stored span with its provenance: what the store reads back for the views."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.labels import Label, Origin, Status
from annotator.domain.span import Span


@dataclass(frozen=True)
class SpanRow:
    """A stored span with its provenance."""

    id: int
    article_id: int
    span: Span
    origin: Origin
    status: Status
    annotator: str | None
    suggestion_id: int | None = None
    suggester: str | None = None
    suggester_version: str | None = None
    score: float | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def confirmed(self) -> bool:
        """True for a coder's own span, False for a suggestion still to decide."""
        return self.status is not Status.SUGGESTED

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def label(self) -> Label:
        return self.span.label
