"""Splitting open articles among coders, a share of them coded by two (for agreement).

Open articles are those nobody has started: no coder's span or decision and no state other than
open, and (unless ``replace``) no assignment yet. The plan is deterministic for a given seed:
the articles are shuffled with ``random.Random(seed)``; the first ``round(overlap * n)`` go to two
coders, cycling through every pair of coders (so each pair shares as many articles as the
others); each remaining article goes to the coder with the fewest so far.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.domain import GOLD, AnnotatorNameError, clean_name
from annotator.domain.safe_text import visible
from annotator.store import Project, StoreError, write_transaction
from annotator.store import assignments as store

Plan = list[tuple[int, tuple[str, ...]]]


@dataclass
class AssignReport:
    """What ``assign_articles`` did."""

    coders: list[str]
    open_articles: int
    double: int
    plan: Plan = field(default_factory=list)
    replaced: int = 0

    def per_coder(self) -> dict[str, int]:
        counts = dict.fromkeys(self.coders, 0)
        for _article, coders in self.plan:
            for c in coders:
                counts[c] += 1
        return counts

    def summary(self) -> str:
        lines = [
            f"{self.open_articles} open article(s) assigned to {len(self.coders)} coder(s);"
            f" {self.double} coded by two"
        ]
        if self.replaced:
            lines.append(f"{self.replaced} earlier assignment(s) of open articles replaced")
        for coder, n in self.per_coder().items():
            lines.append(f"  {coder}: {n}")
        return "\n".join(lines)


def check_coders(coders: Sequence[str], overlap: float) -> list[str]:
    """The coders, checked: names given, each a name a coder may take (``domain.names``: not
    the gold layer nor a lookalike of it), none twice; overlap in [0, 1]."""
    names = []
    for given in coders:
        if not given.strip():
            continue
        try:
            names.append(clean_name(given))
        except AnnotatorNameError as exc:
            if given.strip() == GOLD:
                raise StoreError("the gold layer cannot be assigned articles") from exc
            raise StoreError(f"cannot assign articles to '{visible(given)}': {exc}") from exc
    if not names:
        raise StoreError("name at least one coder")
    if len(set(names)) != len(names):
        raise StoreError("a coder is named twice")
    if not 0.0 <= overlap <= 1.0:
        raise StoreError(f"overlap must be between 0 and 1, got {overlap}")
    if overlap > 0 and len(names) < 2:
        raise StoreError("double coding (overlap > 0) needs at least two coders")
    return names


def plan_assignment(
    article_ids: Sequence[int], coders: Sequence[str], overlap: float, seed: int = 0
) -> Plan:
    """Who codes which article: ``[(article_id, (coder, ...)), ...]`` sorted by article id."""
    names = check_coders(coders, overlap)
    rng = random.Random(seed)
    ids = sorted(article_ids)
    rng.shuffle(ids)
    n_double = int(overlap * len(ids) + 0.5)
    pairs = list(combinations(names, 2))
    rng.shuffle(pairs)
    order = list(names)
    rng.shuffle(order)
    rank = {c: i for i, c in enumerate(order)}
    load = dict.fromkeys(names, 0)
    plan: Plan = []
    for k, article in enumerate(ids):
        if k < n_double:
            chosen: tuple[str, ...] = tuple(sorted(pairs[k % len(pairs)], key=names.index))
        else:
            chosen = (min(names, key=lambda c: (load[c], rank[c])),)
        for c in chosen:
            load[c] += 1
        plan.append((article, chosen))
    plan.sort()
    return plan


def open_article_ids(db: Project, include_assigned: bool = False) -> list[int]:
    """Articles nobody has started (and, unless ``include_assigned``, nobody is assigned)."""
    return store.unstarted_ids(db, include_assigned)


def assign_articles(
    db: Project,
    coders: Sequence[str],
    overlap: float = 0.2,
    seed: int = 0,
    *,
    replace: bool = False,
) -> AssignReport:
    """Assign the open articles (with ``replace``, also redo open articles' earlier ones)."""
    names = check_coders(coders, overlap)
    with write_transaction(db):
        ids = open_article_ids(db, include_assigned=replace)
        replaced = store.unassign(db, ids) if replace else 0
        plan = plan_assignment(ids, names, overlap, seed)
        store.assign(db, ((a, c) for a, chosen in plan for c in chosen))
    double = sum(1 for _a, chosen in plan if len(chosen) > 1)
    return AssignReport(names, len(ids), double, plan, replaced)
