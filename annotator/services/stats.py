"""Project statistics: articles, spans per label and status, each annotator's progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.domain import ArticleState, Label, Status
from annotator.store import Project
from annotator.store.counts import project_counts


@dataclass(frozen=True)
class AnnotatorProgress:
    """How far one annotator got."""

    name: str
    done: int
    skipped: int
    flagged: int
    spans: int


@dataclass
class Stats:
    """Counts for the ``stats`` command and the GUI's status line."""

    articles: int
    spans: dict[tuple[str, str], int] = field(default_factory=dict)
    annotators: list[AnnotatorProgress] = field(default_factory=list)

    def span_total(self, label: str | None = None, status: str | None = None) -> int:
        return sum(
            n
            for (lab, st), n in self.spans.items()
            if (label is None or lab == label) and (status is None or st == status)
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "articles": self.articles,
            "spans": [
                {"label": lab, "status": st, "count": n}
                for (lab, st), n in sorted(self.spans.items())
            ],
            "annotators": [{**a.__dict__, "total": self.articles} for a in self.annotators],
        }


def project_stats(db: Project) -> Stats:
    """Count everything in one pass of a few grouped queries."""
    counts = project_counts(db)
    states = counts.states
    people = [
        AnnotatorProgress(
            name,
            states.get(name, {}).get(ArticleState.DONE.value, 0),
            states.get(name, {}).get(ArticleState.SKIPPED.value, 0),
            states.get(name, {}).get(ArticleState.FLAGGED.value, 0),
            counts.own_spans.get(name, 0),
        )
        for name in counts.annotators
    ]
    return Stats(counts.articles, counts.spans, people)


def format_stats(stats: Stats) -> str:
    """A plain-text report readable on a terminal."""
    statuses = Status.values()
    lines = [f"Articles: {stats.articles}", "", "Spans by label and status:"]
    head = ["label", *statuses, "total"]
    rows = [
        [
            label,
            *(str(stats.spans.get((label, s), 0)) for s in statuses),
            str(stats.span_total(label)),
        ]
        for label in Label.values()
    ]
    rows.append(
        ["all", *(str(stats.span_total(status=s)) for s in statuses), str(stats.span_total())]
    )
    lines += _table(head, rows)
    lines += ["", "Progress per annotator:"]
    if not stats.annotators:
        lines.append("  (no annotators yet)")
    else:
        head = ["annotator", "done", "total", "percent", "skipped", "flagged", "spans"]
        rows = [
            [
                a.name,
                str(a.done),
                str(stats.articles),
                f"{100 * a.done / stats.articles:.0f}%" if stats.articles else "-",
                str(a.skipped),
                str(a.flagged),
                str(a.spans),
            ]
            for a in stats.annotators
        ]
        lines += _table(head, rows)
    return "\n".join(lines)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def fmt(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  " + "  ".join([first, *rest])

    return [fmt(head), "  " + "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]
