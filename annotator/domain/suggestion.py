"""What the suggester proposes, and what coders taught it."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.labels import Label
from annotator.domain.span import Span


@dataclass(frozen=True)
class Suggestion:
    """A candidate span with the suggester that made it and its confidence in [0, 1]."""

    span: Span
    score: float
    suggester: str
    version: str


@dataclass
class LearnedNames:
    """Coders' decisions the suggester uses from its next run.

    ``names``: surface forms coders confirmed or added, with the attributes they gave
    (for ACTOR the ``actor`` id, for PLACE optionally ``place``/``geonames_id``).
    ``blocked``: surface forms coders keep rejecting under a label; never suggested again.
    """

    names: list[tuple[Label, str, dict[str, object]]] = field(default_factory=list)
    blocked: set[tuple[Label, str]] = field(default_factory=set)
