"""Agreement measures on plain data: span matching, Cohen's and Fleiss' kappa, Krippendorff's alpha.

Undefined values (no data, or no variation to agree on) are None, never NaN. The kappas and alpha
are tallies filled item by item and merged, so any number of items takes constant memory; alpha
uses the pairwise form (no coincidence matrix) in exact rational arithmetic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

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


@dataclass
class CohenTally:
    """Cohen's kappa of two coders, item by item: agreements and each coder's marginals."""

    items: int = 0
    agree: int = 0
    first: Counter[Hashable] = field(default_factory=Counter)
    second: Counter[Hashable] = field(default_factory=Counter)

    def add(self, a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
        """Items labelled by both coders: ``a[i]`` and ``b[i]`` for item ``i``."""
        if len(a) != len(b):
            raise ValueError("both coders must label the same items")
        for (x, y), times in Counter(zip(a, b, strict=True)).items():
            self.items += times
            self.agree += times if x == y else 0
            self.first[x] += times
            self.second[y] += times

    def merge(self, other: CohenTally) -> None:
        self.items += other.items
        self.agree += other.agree
        self.first.update(other.first)
        self.second.update(other.second)

    def kappa(self) -> float | None:
        n = self.items
        if n == 0:
            return None
        observed = self.agree / n
        expected = sum(v * self.second[k] for k, v in self.first.items()) / (n * n)
        if math.isclose(expected, 1.0):
            return None
        return (observed - expected) / (1 - expected)

    def alpha(self) -> AlphaTally:
        """Krippendorff's alpha (nominal) of the same items."""
        return AlphaTally(
            "nominal", 2 * self.items, {2: 2 * (self.items - self.agree)}, self.first + self.second
        )


@dataclass
class FleissTally:
    """Fleiss' kappa, item by item: per-item agreeing rater pairs and category totals."""

    raters: int = 0
    items: int = 0
    agreeing: int = 0  # sum over items of sum_k n_k (n_k - 1)
    totals: Counter[Hashable] = field(default_factory=Counter)

    def add(self, counts: Mapping[Hashable, int], times: int = 1) -> None:
        """``times`` items with these counts of raters per category."""
        raters = sum(counts.values())
        if raters < 2 or (self.items and raters != self.raters):
            raise ValueError("every item needs the same number (at least 2) of ratings")
        self.raters = raters
        self.items += times
        self.agreeing += times * (sum(v * v for v in counts.values()) - raters)
        for k, v in counts.items():
            self.totals[k] += times * v

    def add_labels(self, columns: Sequence[Sequence[Hashable]]) -> None:
        """Items labelled by every rater: ``columns[r][i]`` is rater r's label of item i."""
        for labels, times in Counter(zip(*columns, strict=True)).items():
            self.add(Counter(labels), times)

    def merge(self, other: FleissTally) -> None:
        if not other.items:
            return
        if self.items and other.raters != self.raters:
            raise ValueError("every item needs the same number (at least 2) of ratings")
        self.raters = other.raters
        self.items += other.items
        self.agreeing += other.agreeing
        self.totals.update(other.totals)

    def kappa(self) -> float | None:
        if not self.items:
            return None
        r, n = self.raters, self.items
        p_bar = self.agreeing / (r * (r - 1) * n)
        p_e = sum((v / (n * r)) ** 2 for v in self.totals.values())
        if math.isclose(p_e, 1.0):
            return None
        return (p_bar - p_e) / (1 - p_e)

    def alpha(self) -> AlphaTally:
        """Krippendorff's alpha (nominal) of the same items."""
        r, n = self.raters, self.items
        apart = {r: r * r * n - self.agreeing - r * n} if n else {}
        return AlphaTally("nominal", r * n, apart, Counter(self.totals))


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two coders' labels on the same items."""
    if len(a) != len(b):
        raise ValueError("both coders must label the same items")
    tally = CohenTally()
    tally.add(a, b)
    return tally.kappa()


def fleiss_kappa(counts: Sequence[Mapping[Hashable, int]]) -> float | None:
    """Fleiss' kappa from each item's count of raters per category (same raters per item)."""
    tally = FleissTally()
    for c in counts:
        tally.add(c)
    return tally.kappa()


Number = int | Fraction


def _missing(value: object) -> bool:
    """None, or NaN as the ``krippendorff`` package marks a missing value."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> Number:
    """An interval value as an exact number."""
    if isinstance(value, int):
        return value
    return Fraction(value)  # type: ignore[arg-type]  # exact for floats; rejects non-numbers


@dataclass
class AlphaTally:
    """Krippendorff's alpha, unit by unit, from pairable values only (units with two or more).

    alpha = 1 - (n - 1) * sum_u D_u / (m_u - 1) / sum_{i != j} delta(v_i, v_j), where D_u sums
    delta over ordered pairs of values within unit u (m_u values) and n counts pairable values.
    Nominal: D_u = m_u^2 - sum_c n_uc^2, expected from category counts. Interval: D_u = 2 (m_u
    sum x^2 - (sum x)^2), expected from n, sum x and sum x^2. Exact, so equal to the
    coincidence-matrix form.
    """

    level: Level
    pairable: int = 0
    apart: dict[int, Number] = field(default_factory=dict)  # m_u -> sum of D_u
    categories: Counter[Hashable] = field(default_factory=Counter)  # nominal
    total: Number = 0  # interval: sum x
    squares: Number = 0  # interval: sum x^2

    def add_unit(self, values: Iterable[object | None]) -> None:
        """One unit: each coder's value, None where missing."""
        if self.level == "nominal":
            present = [v for v in values if not _missing(v)]
            if len(present) == 2:
                a, b = present
                self.add_counts({a: 2} if a == b else {a: 1, b: 1})
            elif len(present) > 2:
                self.add_counts(Counter(present))
            return
        numbers = [_number(v) for v in values if not _missing(v)]
        m = len(numbers)
        if m < 2:
            return
        s1, s2 = sum(numbers), sum(x * x for x in numbers)
        self.apart[m] = self.apart.get(m, 0) + 2 * (m * s2 - s1 * s1)
        self.pairable += m
        self.total += s1
        self.squares += s2

    def add_counts(self, counts: Mapping[Hashable, int]) -> None:
        """One nominal unit given as the number of coders per value."""
        m = sum(counts.values())
        if m < 2:
            return
        self.apart[m] = self.apart.get(m, 0) + m * m - sum(v * v for v in counts.values())
        self.pairable += m
        self.categories.update(counts)

    def merge(self, other: AlphaTally) -> None:
        if other.level != self.level:
            raise ValueError("cannot merge alphas of different levels")
        for m, d in other.apart.items():
            self.apart[m] = self.apart.get(m, 0) + d
        self.pairable += other.pairable
        self.categories.update(other.categories)
        self.total += other.total
        self.squares += other.squares

    def alpha(self) -> float | None:
        """The coefficient, or None without two distinct pairable values."""
        n = self.pairable
        if self.level == "nominal":
            expected: Number = n * n - sum(v * v for v in self.categories.values())
        else:
            expected = 2 * (n * self.squares - self.total * self.total)
        if n < 2 or expected <= 0:
            return None
        observed = sum(Fraction(d, m - 1) for m, d in self.apart.items())
        return float(1 - (n - 1) * observed / expected)


def krippendorff_alpha(data: Sequence[Sequence[object | None]], level: Level) -> float | None:
    """Krippendorff's alpha: rows are coders, columns units; None (or NaN) marks a missing value.

    Nominal values may be any hashable; interval values numbers.
    """
    tally = AlphaTally(level)
    for unit in zip(*data, strict=True):
        tally.add_unit(unit)
    return tally.alpha()
