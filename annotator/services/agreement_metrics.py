"""Agreement measures on plain data: span matching, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Undefined values (no data, or no variation to agree on) are None, never NaN.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import krippendorff
import numpy as np

from annotator.domain import Span

Level = Literal["nominal", "interval"]
OUTSIDE = "O"


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 of one coder's spans against a reference coder's."""

    matched: int
    predicted: int
    reference: int

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.reference if self.reference else None

    @property
    def f1(self) -> float | None:
        total = self.predicted + self.reference
        return 2 * self.matched / total if total else None

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.reference + other.reference,
        )

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "matched": self.matched,
            "predicted": self.predicted,
            "reference": self.reference,
        }


def exact_matches(reference: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs (reference index, predicted index) with the same offsets and label, one to one."""
    free: dict[tuple[int, int, str], list[int]] = {}
    for j, span in enumerate(predicted):
        free.setdefault(span.key, []).append(j)
    pairs = []
    for i, span in enumerate(reference):
        if free.get(span.key):
            pairs.append((i, free[span.key].pop(0)))
    return pairs


def overlap_matches(reference: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs of overlapping spans with the same label, one to one, largest overlap first."""
    candidates = []
    for i, r in enumerate(reference):
        for j, p in enumerate(predicted):
            if r.label is p.label and r.overlaps(p):
                shared = min(r.end, p.end) - max(r.start, p.start)
                candidates.append((-shared, r.start, p.start, i, j))
    candidates.sort()
    used_r: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _neg, _rs, _ps, i, j in candidates:
        if i not in used_r and j not in used_p:
            used_r.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def span_scores(
    reference: Sequence[Span], predicted: Sequence[Span], overlap: bool
) -> dict[str, PRF]:
    """PRF per label and over all labels (key ``ALL``), matching exactly or by overlap."""
    labels = sorted({s.label.value for s in (*reference, *predicted)})
    out: dict[str, PRF] = {}
    total = PRF(0, 0, 0)
    match = overlap_matches if overlap else exact_matches
    for label in labels:
        ref = [s for s in reference if s.label.value == label]
        pred = [s for s in predicted if s.label.value == label]
        out[label] = PRF(len(match(ref, pred)), len(pred), len(ref))
        total = total + out[label]
    out["ALL"] = total
    return out


def token_labels(tokens: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[str]:
    """Each token's label: that of the first span (by start) overlapping it, else ``O``."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end, s.label.value))
    out = []
    k = 0
    for start, end in tokens:
        while k < len(ordered) and ordered[k].end <= start:
            k += 1
        label = OUTSIDE
        for span in ordered[k:]:
            if span.start >= end:
                break
            if span.end > start:
                label = span.label.value
                break
        out.append(label)
    return out


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' labels on the same items."""
    if len(a) != len(b):
        raise ValueError("both coders must label the same items")
    n = len(a)
    if n == 0:
        return None
    observed = sum(1 for x, y in zip(a, b, strict=True) if x == y) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if math.isclose(expected, 1.0):
        return None
    return (observed - expected) / (1 - expected)


def fleiss_kappa(counts: Sequence[Mapping[Hashable, int]]) -> float | None:
    """Fleiss' kappa from each item's count of raters per category (same raters per item)."""
    if not counts:
        return None
    raters = sum(counts[0].values())
    if raters < 2 or any(sum(c.values()) != raters for c in counts):
        raise ValueError("every item needs the same number (at least 2) of ratings")
    items = len(counts)
    p_items = [(sum(v * v for v in c.values()) - raters) / (raters * (raters - 1)) for c in counts]
    p_bar = sum(p_items) / items
    totals: Counter[Hashable] = Counter()
    for c in counts:
        totals.update(c)
    p_e = sum((v / (items * raters)) ** 2 for v in totals.values())
    if math.isclose(p_e, 1.0):
        return None
    return (p_bar - p_e) / (1 - p_e)


def krippendorff_alpha(data: Sequence[Sequence[object | None]], level: Level) -> float | None:
    """Krippendorff's alpha (the ``krippendorff`` package): rows are coders, columns units.

    None marks a missing value. Nominal values may be any hashable; interval values numbers.
    """
    if not data or not data[0]:
        return None
    if level == "nominal":
        domain = sorted({v for row in data for v in row if v is not None}, key=repr)
        code = {v: float(i) for i, v in enumerate(domain)}
        matrix = [[np.nan if v is None else code[v] for v in row] for row in data]
    else:
        matrix = [[np.nan if v is None else float(v) for v in row] for row in data]  # type: ignore[arg-type]
    array = np.array(matrix, dtype=float)
    pairable = (~np.isnan(array)).sum(axis=0) >= 2
    values = array[:, pairable]
    if values.size == 0 or len(np.unique(values[~np.isnan(values)])) < 2:
        return None
    with np.errstate(all="ignore"):
        result = float(krippendorff.alpha(values, level_of_measurement=level))
    return None if math.isnan(result) else result
