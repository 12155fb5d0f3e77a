"""Exact-match scores of suggestions against gold spans (bench/quality.py and its CI floor)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.labels import Label

CASUALTY_ATTRS = ("count", "kind", "qualifier", "victim")


@dataclass
class LabelScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Per-label counts, and attribute agreement on exactly matched spans."""

    labels: dict[str, LabelScore] = field(
        default_factory=lambda: {label.value: LabelScore() for label in Label}
    )
    attrs: dict[str, list[int]] = field(default_factory=dict)  # name → [agree, total]
    errors: list[str] = field(default_factory=list)
    attr_errors: list[str] = field(default_factory=list)

    def attr_accuracy(self, name: str) -> float:
        agree, total = self.attrs.get(name, [0, 0])
        return agree / total if total else 1.0

    def add_attr(self, name: str, agree: bool) -> None:
        pair = self.attrs.setdefault(name, [0, 0])
        pair[0] += int(agree)
        pair[1] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": {
                k: {
                    "precision": round(v.precision, 4),
                    "recall": round(v.recall, 4),
                    "f1": round(v.f1, 4),
                    "tp": v.tp,
                    "fp": v.fp,
                    "fn": v.fn,
                }
                for k, v in self.labels.items()
            },
            "attributes": {k: round(self.attr_accuracy(k), 4) for k in sorted(self.attrs)},
        }


def score_article(
    scores: Scores,
    text: str,
    gold: Iterable[Mapping[str, Any]],
    predicted: Iterable[Mapping[str, Any]],
    source: str = "",
) -> None:
    """Add one article: spans as gold-format dicts (start, end, label and attributes)."""
    gold_by_key = {(g["start"], g["end"], g["label"]): g for g in gold}
    pred_by_key = {(p["start"], p["end"], p["label"]): p for p in predicted}
    for key, g in gold_by_key.items():
        label = scores.labels[key[2]]
        p = pred_by_key.get(key)
        if p is None:
            label.fn += 1
            scores.errors.append(f"{source}\tFN\t{key[2]}\t{text[key[0] : key[1]]}")
            continue
        label.tp += 1
        names = {Label.ACTOR.value: ("actor",), Label.CASUALTY.value: CASUALTY_ATTRS}
        for name in names.get(key[2], ()):
            agree = g.get(name) == p.get(name)
            scores.add_attr(name, agree)
            if not agree:
                scores.attr_errors.append(
                    f"{source}\t{name}\t{text[key[0] : key[1]]}\tgold={g.get(name)}"
                    f"\tpredicted={p.get(name)}"
                )
    for key in pred_by_key.keys() - gold_by_key.keys():
        scores.labels[key[2]].fp += 1
        scores.errors.append(f"{source}\tFP\t{key[2]}\t{text[key[0] : key[1]]}")
