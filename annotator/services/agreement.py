"""Inter-coder agreement over the articles coders both (or all) finished.

For every pair of coders, over the articles both marked done (the first coder of the pair is
the reference): span precision/recall/F1 per label with exact and overlap matching; Cohen's
kappa and Krippendorff's alpha (nominal) on token labels (each token of
``annotator.arabic.tokens.tokenize`` gets the label of a span overlapping it, else ``O``); on
matched casualty spans Krippendorff's alpha on kind and victim (nominal, null a value of its
own) and on count (interval, null missing); on matched actor spans the share with the same
actor id and its alpha. With more than two coders the same for the whole group over the
articles all of them finished, with Fleiss' kappa instead of Cohen's. Matched spans of a label
are the clusters of overlapping spans of that label (``services.compare``) where a coder has
exactly one span. Everything per article and overall (tokens and spans pooled).

Articles are read one at a time and folded into running tallies, so memory stays bounded by one
article (plus the per-article figures of the report) however large the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.arabic.tokens import tokenize
from annotator.domain import GOLD, Label, Span
from annotator.services.agreement_metrics import (
    PRF,
    AlphaTally,
    CohenTally,
    FleissTally,
    Level,
    span_scores,
    token_labels,
)
from annotator.services.compare import CoderSpan, clusters
from annotator.store import Project, StoreError
from annotator.store import repository as repo
from annotator.store.articles import article_sources
from annotator.store.states import coders_with_done, done_ids

ATTRIBUTES: tuple[tuple[str, Label, str, Level], ...] = (
    ("kind", Label.CASUALTY, "kind", "nominal"),
    ("victim", Label.CASUALTY, "victim", "nominal"),
    ("count", Label.CASUALTY, "count", "interval"),
    ("actor", Label.ACTOR, "actor", "nominal"),
)
NULL = "∅"  # a nominal attribute left null is a value of its own
ABSENT = object()  # the coder has no single span in a matched cluster


@dataclass(frozen=True)
class AttributeAgreement:
    """Agreement on one attribute over matched spans: units, share all equal, alpha."""

    units: int
    observed: float | None
    alpha: float | None

    def as_dict(self) -> dict[str, Any]:
        return {"units": self.units, "observed": self.observed, "alpha": self.alpha}


@dataclass
class Scores:
    """The figures for one pair or the group, on one article or overall."""

    articles: int
    tokens: int
    token_kappa: float | None  # Cohen's for a pair, Fleiss' for the group
    token_alpha: float | None
    attributes: dict[str, AttributeAgreement]
    exact: dict[str, PRF] = field(default_factory=dict)  # pairs only
    overlap: dict[str, PRF] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "articles": self.articles,
            "tokens": self.tokens,
            "token_kappa": self.token_kappa,
            "token_alpha": self.token_alpha,
            "attributes": {k: v.as_dict() for k, v in self.attributes.items()},
        }
        if self.exact or self.overlap:
            out["spans"] = {
                "exact": {k: v.as_dict() for k, v in self.exact.items()},
                "overlap": {k: v.as_dict() for k, v in self.overlap.items()},
            }
        return out


@dataclass
class Comparison:
    """A pair of coders (reference first) or the whole group, with its articles."""

    coders: tuple[str, ...]
    articles: list[int]
    overall: Scores
    per_article: dict[int, Scores]

    def as_dict(self, sources: dict[int, str]) -> dict[str, Any]:
        return {
            "coders": list(self.coders),
            "articles": len(self.articles),
            "overall": self.overall.as_dict(),
            "per_article": [
                {"article_id": a, "source": sources.get(a, ""), **s.as_dict()}
                for a, s in self.per_article.items()
            ],
        }


@dataclass
class AgreementReport:
    coders: list[str]
    pairs: list[Comparison]
    group: Comparison | None
    sources: dict[int, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "coders": self.coders,
            "pairs": [p.as_dict(self.sources) for p in self.pairs],
            "group": self.group.as_dict(self.sources) if self.group else None,
        }


@dataclass
class _Article:
    id: int
    tokens: list[tuple[int, int]]
    spans: dict[str, list[Span]]  # the coders who finished it


@dataclass
class _AttributeTally:
    """Matched units of one attribute: how many, how many complete and unanimous, alpha."""

    level: Level
    units: int = 0
    complete: int = 0
    unanimous: int = 0
    alpha: AlphaTally = field(init=False)

    def __post_init__(self) -> None:
        self.alpha = AlphaTally(self.level)

    def add(self, unit: list[Any]) -> None:
        """One matched unit: a value per coder, ABSENT where the coder has no single span."""
        self.units += 1
        if ABSENT not in unit:
            self.complete += 1
            self.unanimous += all(v == unit[0] for v in unit)
        if self.level == "nominal":
            self.alpha.add_unit(None if v is ABSENT else (NULL if v is None else v) for v in unit)
        else:
            self.alpha.add_unit(None if v is ABSENT else v for v in unit)

    def merge(self, other: _AttributeTally) -> None:
        self.units += other.units
        self.complete += other.complete
        self.unanimous += other.unanimous
        self.alpha.merge(other.alpha)

    def result(self) -> AttributeAgreement:
        observed = self.unanimous / self.complete if self.complete else None
        return AttributeAgreement(self.units, observed, self.alpha.alpha() if self.units else None)


class _Tally:
    """Running figures of one pair or the group over the articles folded in so far."""

    def __init__(self, coders: tuple[str, ...]) -> None:
        self.coders = coders
        self.articles = 0
        self.tokens = 0
        self.kappa: CohenTally | FleissTally = CohenTally() if len(coders) == 2 else FleissTally()
        self.attributes = {name: _AttributeTally(level) for name, _l, _k, level in ATTRIBUTES}
        self.exact: dict[str, PRF] = {}
        self.overlap: dict[str, PRF] = {}

    def add(self, article: _Article, labels: dict[str, list[str]]) -> None:
        """Fold in one article, given each coder's token labels."""
        self.articles += 1
        columns = [labels[c] for c in self.coders]
        self.tokens += len(columns[0])
        if isinstance(self.kappa, CohenTally):
            self.kappa.add(*columns)
            ref, pred = article.spans[self.coders[0]], article.spans[self.coders[1]]
            self.exact = _add(self.exact, span_scores(ref, pred, overlap=False))
            self.overlap = _add(self.overlap, span_scores(ref, pred, overlap=True))
        else:
            self.kappa.add_labels(columns)
        for name, label, key, _level in ATTRIBUTES:
            for unit in _units(self.coders, article, label, key):
                self.attributes[name].add(unit)

    def merge(self, other: _Tally) -> None:
        self.articles += other.articles
        self.tokens += other.tokens
        self.kappa.merge(other.kappa)  # type: ignore[arg-type]  # same kind: same coders
        for name, tally in other.attributes.items():
            self.attributes[name].merge(tally)
        self.exact = _add(self.exact, other.exact)
        self.overlap = _add(self.overlap, other.overlap)

    def scores(self) -> Scores:
        token_alpha = self.kappa.alpha().alpha() if self.tokens else None
        attributes = {name: t.result() for name, t in self.attributes.items()}
        return Scores(
            self.articles,
            self.tokens,
            self.kappa.kappa(),
            token_alpha,
            attributes,
            self.exact,
            self.overlap,
        )


def default_coders(db: Project) -> list[str]:
    """Coders (not gold) with at least one finished article."""
    return coders_with_done(db, GOLD)


def compute_agreement(db: Project, coders: Sequence[str] | None = None) -> AgreementReport:
    """Agreement for every pair of ``coders`` (default: all who finished something) and group."""
    chosen = list(dict.fromkeys(coders)) if coders is not None else default_coders(db)
    known = set(repo.annotator_names(db))
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise StoreError(f"no annotator named {', '.join(unknown)}")
    done = {c: done_ids(db, c) for c in chosen}
    groups = list(combinations(chosen, 2))
    if len(chosen) > 2:
        groups.append(tuple(chosen))
    members = {g: set.intersection(*(done[c] for c in g)) for g in groups}
    totals = {g: _Tally(g) for g in groups}
    per_article: dict[tuple[str, ...], dict[int, Scores]] = {g: {} for g in groups}
    needed = sorted(set().union(*members.values()))
    for article_id in needed:  # one article in memory at a time
        article = _load(db, article_id, [c for c in chosen if article_id in done[c]])
        labels = {c: token_labels(article.tokens, spans) for c, spans in article.spans.items()}
        for g in groups:
            if article_id in members[g]:
                tally = _Tally(g)
                tally.add(article, labels)
                per_article[g][article_id] = tally.scores()
                totals[g].merge(tally)
    sources = article_sources(db, needed)
    comparisons = [
        Comparison(g, sorted(members[g]), totals[g].scores(), per_article[g]) for g in groups
    ]
    group = comparisons.pop() if len(chosen) > 2 else None
    return AgreementReport(chosen, comparisons, group, sources)


def _load(db: Project, article_id: int, coders: Sequence[str]) -> _Article:
    text = repo.get_article(db, article_id).text
    tokens = [(t.start, t.end) for t in tokenize(text)]
    spans = {c: [r.span for r in repo.confirmed_spans(db, article_id, c)] for c in coders}
    return _Article(article_id, tokens, spans)


def _add(total: dict[str, PRF], more: dict[str, PRF]) -> dict[str, PRF]:
    out = dict(total)
    for k, v in more.items():
        out[k] = out.get(k, PRF(0, 0, 0)) + v
    return out


def _units(coders: tuple[str, ...], article: _Article, label: Label, key: str) -> list[list[Any]]:
    """Matched spans of ``label``: one row per cluster where at least two coders have one span.

    A coder without exactly one span in the cluster is ABSENT; a null attribute stays None.
    """
    by_coder = {
        c: [CoderSpan(i, c, s) for i, s in enumerate(article.spans[c]) if s.label is label]
        for c in coders
    }
    out = []
    for cluster in clusters(by_coder):
        singles = {c: v[0] for c, v in cluster.versions.items() if len(v) == 1}
        if len(singles) >= 2:
            out.append([singles[c].span.attrs.get(key) if c in singles else ABSENT for c in coders])
    return out
