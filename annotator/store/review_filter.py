"""Article list filters for review, as SQL a paged list model can run.

``filter_sql`` gives a WHERE fragment over ``articles a`` and its parameters; ``filtered_ids``
runs it and returns ids in list order (ascending id), ready for ``store.listing.list_items``.
"has disagreements" compares stored attributes through the SQL function ``review_agree``:
the caller hands in the Python function that decides (``services.compare.attrs_json_agree``).
A team server cannot call it: there the pairs of differing attributes that coders' spans at the
same place hold are read first, the function decides each pair in Python, and the query takes
the agreeing ones as a parameter (``review_agree``, a table of label and the two attribute
texts).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.domain import GOLD
from annotator.store.pending import visible
from annotator.store.postgres.handle import is_server

Agree = Callable[[str, str | None, str | None], bool]
SQL_AGREE = "review_agree"


@dataclass(frozen=True)
class ReviewFilter:
    """What the lead wants to see; every criterion left at its default does not filter.

    - ``coders``: the coders compared for ``disagreements`` (empty: on each article, the coders
      who marked it done, when at least two did).
    - ``coded_by``: each of these coders touched the article (a span or decision of theirs, or
      a state other than open).
    - ``min_done``: at least this many coders (not gold) marked it done.
    - ``disagreements``: True: the compared coders' spans differ; False: they do not.
    - ``flagged``: True: some coder flagged it; False: nobody did.
    - ``adjudicated``: True: the gold layer is done; False: it is not.
    - ``search``: in title or source.
    """

    coders: tuple[str, ...] = ()
    coded_by: tuple[str, ...] = ()
    min_done: int = 0
    disagreements: bool | None = None
    flagged: bool | None = None
    adjudicated: bool | None = None
    search: str = ""


def register_functions(db: Database, agree: Agree) -> None:
    """Add the SQL function the filters need to this connection (idempotent)."""
    db.conn.create_function(SQL_AGREE, 3, agree, deterministic=True)


def _names(prefix: str, names: Sequence[str], params: dict[str, object]) -> str:
    marks = []
    for i, name in enumerate(names):
        params[f"{prefix}{i}"] = name
        marks.append(f":{prefix}{i}")
    return ", ".join(marks)


_SAME = (
    "t.article_id = s.article_id AND t.status != 'rejected' AND t.start = s.start"
    ' AND t."end" = s."end" AND t.label = s.label AND (t.attrs = s.attrs OR {agree})'
)
_AGREE = {
    False: f"{SQL_AGREE}(s.label, s.attrs, t.attrs)",
    True: f"(s.label, s.attrs, t.attrs) IN (SELECT label, a, b FROM {SQL_AGREE})",
}
# the server's review_agree: the agreeing pairs handed in as a JSON array of [label, a, b]
_SERVER_AGREE = (
    f"WITH {SQL_AGREE} AS (SELECT value->>0 AS label, value->>1 AS a, value->>2 AS b"
    " FROM json_array_elements(CAST(:agree AS json)))"
)
# the pairs of different attributes that coders' spans at one place hold
_DIFFERING = (
    "SELECT DISTINCT s.label, s.attrs, t.attrs FROM spans s JOIN spans t"
    ' ON t.article_id = s.article_id AND t.start = s.start AND t."end" = s."end"'
    " AND t.label = s.label AND t.attrs != s.attrs"
    " WHERE s.annotator IS NOT NULL AND t.annotator IS NOT NULL"
    " AND s.status != 'rejected' AND t.status != 'rejected'"
)


def _disagree_fixed(coders: Sequence[str], params: dict[str, object], server: bool = False) -> str:
    marks = _names("dc", coders, params)
    params["n_coders"] = len(coders)
    return (
        "EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id"
        f" AND s.annotator IN ({marks}) AND s.status != 'rejected'"
        f" AND (SELECT count(DISTINCT t.annotator) FROM spans t"
        f" WHERE {_SAME.format(agree=_AGREE[server])}"
        f" AND t.annotator IN ({marks})) < :n_coders)"
    )


_DONE = "SELECT {c}.annotator FROM article_state {c} WHERE {c}.article_id = a.id AND {c}.state = 'done' AND {c}.annotator != :gold"  # noqa: E501
_N_DONE = (
    "(SELECT count(*) FROM article_state d WHERE d.article_id = a.id AND d.state = 'done'"
    " AND d.annotator != :gold)"
)


def _disagree_done(server: bool = False) -> str:
    return (
        f"{_N_DONE} >= 2 AND EXISTS (SELECT 1 FROM spans s WHERE s.article_id = a.id"
        f" AND s.annotator IN ({_DONE.format(c='d1')}) AND s.status != 'rejected'"
        f" AND (SELECT count(DISTINCT t.annotator) FROM spans t"
        f" WHERE {_SAME.format(agree=_AGREE[server])}"
        f" AND t.annotator IN ({_DONE.format(c='d2')})) < {_N_DONE})"
    )


def filter_sql(f: ReviewFilter, server: bool = False) -> tuple[str, dict[str, object]]:
    """A WHERE condition on ``articles a`` (at least: not hidden by an import) and its
    parameters; ``server``: for a team server, where a query using it starts with
    ``_SERVER_AGREE`` (see ``filtered_ids``)."""
    params: dict[str, object] = {"gold": GOLD}
    where: list[str] = [visible("a.id")]
    for i, name in enumerate(f.coded_by):
        params[f"cb{i}"] = name
        where.append(
            f"(EXISTS (SELECT 1 FROM spans o WHERE o.article_id = a.id AND o.annotator = :cb{i})"
            " OR EXISTS (SELECT 1 FROM article_state o WHERE o.article_id = a.id"
            f" AND o.annotator = :cb{i} AND o.state != 'open'))"
        )
    if f.min_done > 0:
        params["min_done"] = f.min_done
        where.append(f"{_N_DONE} >= :min_done")
    if f.disagreements is not None:
        if f.coders:
            cond = _disagree_fixed(f.coders, params, server) if len(f.coders) > 1 else "1 = 0"
        else:
            cond = _disagree_done(server)
        where.append(cond if f.disagreements else f"NOT ({cond})")
    if f.flagged is not None:
        cond = (
            "EXISTS (SELECT 1 FROM article_state fl WHERE fl.article_id = a.id"
            " AND fl.state = 'flagged' AND fl.annotator != :gold)"
        )
        where.append(cond if f.flagged else f"NOT {cond}")
    if f.adjudicated is not None:
        cond = (
            "EXISTS (SELECT 1 FROM article_state g WHERE g.article_id = a.id"
            " AND g.annotator = :gold AND g.state = 'done')"
        )
        where.append(cond if f.adjudicated else f"NOT {cond}")
    if f.search.strip():
        escaped = f.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["q"] = f"%{escaped}%"
        # SQLite's LIKE ignores the case of ASCII letters; so does ILIKE on the server's
        # COLLATE "C" columns (and of no other letters)
        like = "ILIKE" if server else "LIKE"
        where.append(f"(a.title {like} :q ESCAPE '\\' OR a.source {like} :q ESCAPE '\\')")
    return (" AND ".join(where) or "1"), params


def filtered_ids(db: Database, f: ReviewFilter, agree: Agree) -> list[int]:
    """Ids of the articles the filter keeps, in list order; ``agree(label, attrs_json,
    other_attrs_json)`` tells whether two stored spans' attributes agree."""
    server = is_server(db)
    where, params = filter_sql(f, server)
    query = f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.id"
    if server:
        agreeing = []
        if f.disagreements is not None:
            sql, among = _DIFFERING, list(f.coders)
            if among:  # only the compared coders' spans meet
                marks = ", ".join("?" for _ in among)
                sql += f" AND s.annotator IN ({marks}) AND t.annotator IN ({marks})"
            differing = db.execute(sql, [*among, *among]).fetchall()
            agreeing = [[label, a, b] for label, a, b in differing if agree(label, a, b)]
        params["agree"] = json.dumps(agreeing, ensure_ascii=False)
        query = f"{_SERVER_AGREE} {query}"
    else:
        register_functions(db, agree)
    return [r[0] for r in db.execute(query, params)]
