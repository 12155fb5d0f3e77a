"""Project-wide counts for statistics: a few grouped queries, no row read one by one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from annotator.store.pending import VISIBLE_ARTICLES, visible


@dataclass(frozen=True)
class ProjectCounts:
    """Articles; spans per (label, status); article states per annotator; each annotator's
    own spans that are not rejected; every annotator's name (sorted)."""

    articles: int
    spans: dict[tuple[str, str], int]
    states: dict[str, dict[str, int]]
    own_spans: dict[str, int]
    annotators: list[str]


def project_counts(db: Database) -> ProjectCounts:
    """Count everything in one pass of a few grouped queries."""
    articles = db.execute(VISIBLE_ARTICLES).fetchone()[0]
    spans = {
        (label, status): n
        for label, status, n in db.execute(
            f"SELECT label, status, count(*) FROM spans WHERE {visible('article_id')}"
            " GROUP BY label, status"
        )
    }
    states: dict[str, dict[str, int]] = {}
    for name, state, n in db.execute(
        f"SELECT annotator, state, count(*) FROM article_state WHERE {visible('article_id')}"
        " GROUP BY annotator, state"
    ):
        states.setdefault(name, {})[state] = n
    own = dict(
        db.execute(
            "SELECT annotator, count(*) FROM spans WHERE annotator IS NOT NULL"
            f" AND status != 'rejected' AND {visible('article_id')} GROUP BY annotator"
        ).fetchall()
    )
    names = [r[0] for r in db.execute("SELECT name FROM annotators ORDER BY name")]
    return ProjectCounts(articles, spans, states, own, names)
