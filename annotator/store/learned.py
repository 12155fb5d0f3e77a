"""What the suggester learns from coders' decisions."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlite_utils import Database

from annotator.domain import Label, LearnedNames
from annotator.store.pending import visible

BLOCK_AFTER_REJECTIONS = 3
LEARNED_LABELS = (Label.ACTOR, Label.PLACE)

_SURFACES = f"""
SELECT s.label, substr(a.text, CAST(s.start + 1 AS INTEGER), CAST(s."end" - s.start AS INTEGER))
    AS surface, s.attrs, s.status
FROM spans s JOIN articles a ON a.id = s.article_id
WHERE s.annotator IS NOT NULL AND {visible("s.article_id")}
"""


def learned_names(db: Database) -> LearnedNames:
    """Names coders accepted, corrected or added (ACTOR and PLACE), and names they keep rejecting.

    For each (label, surface) the attributes coders gave most often win (non-empty first,
    ties: the latest).
    A (label, surface) rejected at least three times and never confirmed is blocked.
    """
    confirmed: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    last_seen: dict[tuple[str, str, str], int] = {}
    rejected: Counter[tuple[str, str]] = Counter()
    rows = db.execute(_SURFACES + " ORDER BY s.updated_at, s.id")
    for i, (label, surface, attrs, status) in enumerate(rows):
        key = (label, surface)
        if status == "rejected":
            rejected[key] += 1
        else:
            confirmed[key][attrs] += 1
            last_seen[(label, surface, attrs)] = i
    names: list[tuple[Label, str, dict[str, object]]] = []
    for (label, surface), counts in sorted(confirmed.items()):
        if Label(label) not in LEARNED_LABELS:
            continue
        best = max(counts, key=lambda a: (a != "{}", counts[a], last_seen[(label, surface, a)]))
        names.append((Label(label), surface, json.loads(best)))
    blocked = {
        (Label(label), surface)
        for (label, surface), n in rejected.items()
        if n >= BLOCK_AFTER_REJECTIONS and (label, surface) not in confirmed
    }
    return LearnedNames(names=names, blocked=blocked)
