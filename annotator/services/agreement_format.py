"""Readable tables of an agreement report (plain text, no Arabic needed)."""

from __future__ import annotations

from annotator.services.agreement import AgreementReport, Comparison, Scores


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def _spans(scores: Scores) -> list[str]:
    rows = []
    for label in scores.exact:
        e, o = scores.exact[label], scores.overlap[label]
        rows.append(
            [label, str(e.reference), str(e.predicted)]
            + [_num(v) for v in (e.precision, e.recall, e.f1, o.precision, o.recall, o.f1)]
        )
    header = ["label", "ref", "other", "P exact", "R exact", "F1 exact", "P overlap", "R overlap",
              "F1 overlap"]  # fmt: skip
    return _table(header, rows)


def _others(scores: Scores, kappa_name: str) -> list[str]:
    rows = [
        [f"tokens: {kappa_name}", str(scores.tokens), "", _num(scores.token_kappa)],
        [
            "tokens: Krippendorff's alpha (nominal)",
            str(scores.tokens),
            "",
            _num(scores.token_alpha),
        ],
    ]
    names = {
        "kind": "casualty kind: alpha (nominal)",
        "victim": "casualty victim: alpha (nominal)",
        "count": "casualty count: alpha (interval)",
        "actor": "actor id: alpha (nominal)",
    }
    for key, title in names.items():
        a = scores.attributes[key]
        rows.append([title, str(a.units), _num(a.observed), _num(a.alpha)])
    return _table(["measure", "units", "all agree", "value"], rows)


def _comparison(c: Comparison, sources: dict[int, str], per_article: bool) -> list[str]:
    pair = len(c.coders) == 2
    title = (
        f"{c.coders[0]} (reference) vs {c.coders[1]}" if pair else "group: " + ", ".join(c.coders)
    )
    lines = [f"== {title}: {len(c.articles)} article(s) finished by "
             f"{'both' if pair else 'all'} ==" ]  # fmt: skip
    if not c.articles:
        return [*lines, "(no articles to compare)", ""]
    if pair:
        lines += _spans(c.overall)
        lines.append("")
    lines += _others(c.overall, "Cohen's kappa" if pair else "Fleiss' kappa")
    if per_article:
        rows = []
        for article_id, s in c.per_article.items():
            f1 = _num(s.exact["ALL"].f1) if pair and "ALL" in s.exact else "—"
            of1 = _num(s.overlap["ALL"].f1) if pair and "ALL" in s.overlap else "—"
            rows.append([str(article_id), sources.get(article_id, "")[:40], f1, of1,
                         _num(s.token_kappa), _num(s.token_alpha)])  # fmt: skip
        lines.append("")
        lines += _table(["article", "source", "F1 exact", "F1 overlap", "kappa", "alpha"], rows, 2)
    return [*lines, ""]


def format_agreement(report: AgreementReport, per_article: bool = False) -> str:
    """The report as text tables: per pair, then the group; per article on request."""
    if len(report.coders) < 2:
        return "agreement needs at least two coders who finished articles"
    lines = [f"coders: {', '.join(report.coders)}", ""]
    for pair in report.pairs:
        lines += _comparison(pair, report.sources, per_article)
    if report.group is not None:
        lines += _comparison(report.group, report.sources, per_article)
    return "\n".join(lines).rstrip() + "\n"
