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
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from sqlite_utils import Database

from annotator.arabic.tokens import tokenize
from annotator.domain import GOLD, Label, Span
from annotator.services.agreement_metrics import (
    PRF,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    span_scores,
    token_labels,
)
from annotator.services.compare import CoderSpan, clusters
from annotator.store import StoreError
from annotator.store import repository as repo

ATTRIBUTES: tuple[tuple[str, Label, str, str], ...] = (
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
    spans: dict[str, list[Span]]


def default_coders(db: Database) -> list[str]:
    """Coders (not gold) with at least one finished article."""
    return [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT annotator FROM article_state WHERE state = 'done' AND annotator != ?"
            " ORDER BY annotator",
            [GOLD],
        )
    ]


def _done(db: Database, coder: str) -> set[int]:
    return {
        r[0]
        for r in db.execute(
            "SELECT article_id FROM article_state WHERE annotator = ? AND state = 'done'", [coder]
        )
    }


def compute_agreement(db: Database, coders: Sequence[str] | None = None) -> AgreementReport:
    """Agreement for every pair of ``coders`` (default: all who finished something) and group."""
    chosen = list(dict.fromkeys(coders)) if coders is not None else default_coders(db)
    known = set(repo.annotator_names(db))
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise StoreError(f"no annotator named {', '.join(unknown)}")
    done = {c: _done(db, c) for c in chosen}
    needed = sorted({a for x, y in combinations(chosen, 2) for a in done[x] & done[y]})
    data = {a: _load(db, a, chosen) for a in needed}
    sources = {
        a: source for a, source in db.execute("SELECT id, source FROM articles") if a in data
    }
    pairs = []
    for x, y in combinations(chosen, 2):
        articles = sorted(done[x] & done[y])
        pairs.append(_compare((x, y), [data[a] for a in articles]))
    group = None
    if len(chosen) > 2:
        articles = sorted(set.intersection(*(done[c] for c in chosen)))
        group = _compare(tuple(chosen), [data[a] for a in articles])
    return AgreementReport(chosen, pairs, group, sources)


def _load(db: Database, article_id: int, coders: Sequence[str]) -> _Article:
    text = repo.get_article(db, article_id).text
    tokens = [(t.start, t.end) for t in tokenize(text)]
    spans = {c: [r.span for r in repo.confirmed_spans(db, article_id, c)] for c in coders}
    return _Article(article_id, tokens, spans)


def _compare(coders: tuple[str, ...], articles: list[_Article]) -> Comparison:
    per_article = {a.id: _scores(coders, [a]) for a in articles}
    return Comparison(coders, [a.id for a in articles], _scores(coders, articles), per_article)


def _scores(coders: tuple[str, ...], articles: list[_Article]) -> Scores:
    labels: dict[str, list[str]] = {c: [] for c in coders}
    units: dict[str, list[list[Any]]] = {name: [] for name, *_ in ATTRIBUTES}
    exact: dict[str, PRF] = {}
    overlap: dict[str, PRF] = {}
    for article in articles:
        for c in coders:
            labels[c] += token_labels(article.tokens, article.spans[c])
        for name, label, key, _level in ATTRIBUTES:
            units[name] += _units(coders, article, label, key)
        if len(coders) == 2:
            ref, pred = article.spans[coders[0]], article.spans[coders[1]]
            exact = _add(exact, span_scores(ref, pred, overlap=False))
            overlap = _add(overlap, span_scores(ref, pred, overlap=True))
    n_tokens = len(labels[coders[0]])
    if len(coders) == 2:
        kappa = cohen_kappa(labels[coders[0]], labels[coders[1]])
    else:
        kappa = fleiss_kappa([Counter(t) for t in zip(*labels.values(), strict=True)])
    token_alpha = krippendorff_alpha([labels[c] for c in coders], "nominal") if n_tokens else None
    attributes = {name: _attribute(units[name], level) for name, _l, _k, level in ATTRIBUTES}
    return Scores(len(articles), n_tokens, kappa, token_alpha, attributes, exact, overlap)


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


def _attribute(rows: list[list[Any]], level: str) -> AttributeAgreement:
    """Share of units where all coders gave the same value, and alpha (nulls: see module)."""
    complete = [u for u in rows if ABSENT not in u]
    observed = (
        sum(1 for u in complete if all(v == u[0] for v in u)) / len(complete) if complete else None
    )
    if level == "nominal":
        cells = [[None if v is ABSENT else (NULL if v is None else v) for v in u] for u in rows]
    else:
        cells = [[None if v is ABSENT else v for v in u] for u in rows]
    matrix = [list(col) for col in zip(*cells, strict=True)]
    alpha = krippendorff_alpha(matrix, level) if rows else None  # type: ignore[arg-type]
    return AttributeAgreement(len(rows), observed, alpha)
