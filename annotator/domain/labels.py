"""The codebook's closed vocabularies: labels, statuses, casualty attributes."""

from __future__ import annotations

from enum import StrEnum
from functools import cache


class _StrEnum(StrEnum):
    """A string-valued enum that can list its values."""

    @classmethod
    @cache  # members are fixed once the class exists; exports call this per span
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class Label(_StrEnum):
    ACTOR = "ACTOR"
    PLACE = "PLACE"
    CASUALTY = "CASUALTY"


class Status(_StrEnum):
    """Where a span stands for one annotator."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    ADDED = "added"


class Origin(_StrEnum):
    SUGGESTION = "suggestion"
    CODER = "coder"
    IMPORT = "import"


class ArticleState(_StrEnum):
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"
    FLAGGED = "flagged"


class Kind(_StrEnum):
    KILLED = "killed"
    WOUNDED = "wounded"
    CAPTURED = "captured"
    MISSING = "missing"
    KILLED_OR_WOUNDED = "killed_or_wounded"


class Qualifier(_StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    APPROX = "approx"
    AT_MOST = "at_most"
    VAGUE = "vague"


CIVILIANS = "CIVILIANS"

# The reserved annotator name of the adjudicated gold layer.
GOLD = "gold"

# Canonical actor ids named in the codebook; coders may add new upper-case ids.
CODEBOOK_ACTOR_IDS: tuple[str, ...] = (
    "ISIS",
    "SDF",
    "YPG",
    "SYRIAN_GOVERNMENT",
    "JAYSH_AL_ISLAM",
    "COALITION",
    "SYRIAC_MILITARY_COUNCIL",
    "KHABOUR_GUARDS",
    "HTS",
    "FSA",
    "IRAQI_FORCES",
    "PESHMERGA",
    "PMF",
    "TURKISH_FORCES",
    "RUSSIAN_FORCES",
    "HEZBOLLAH",
    "AL_QAEDA",
)

# Attribute keys each label may carry in the gold JSONL format.
LABEL_ATTRIBUTES: dict[Label, tuple[str, ...]] = {
    Label.ACTOR: ("actor",),
    Label.PLACE: ("place", "geonames_id"),
    Label.CASUALTY: ("count", "kind", "qualifier", "victim"),
}
