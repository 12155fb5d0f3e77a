"""The project report's queries: counts per coder, which version of each article counts, and
the content (names, places, casualties) of those versions, grouped in SQL.

Both backends give the same rows in the same order. Where the dialects differ (SQLite's
``json_extract``/``json_each`` against the server's ``json`` operators and
``json_array_elements``) the server's query reads each attribute as its JSON text, and
``_sqlite_value`` turns that into what ``json_extract`` gives (text, integer, real, NULL,
minified JSON); groups that only differed in their JSON spelling are then added up, and rows
are ordered as SQLite orders them (NULL, numbers, text by its bytes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from sqlite_utils import Database

from annotator.store.pending import visible
from annotator.store.postgres.handle import is_server

# (label, name, GeoNames id, surface, mentions) of ACTOR and PLACE spans
NameRow = tuple[str, object, object, str, int]
# (kind, victim, mentions, people) of CASUALTY spans
CasualtyRow = tuple[object, object, int, int | None]


def labels_per_coder(db: Database) -> list[tuple[str, str, int]]:
    """(annotator, label, spans) of every annotator's confirmed spans, by annotator."""
    return db.execute(
        "SELECT annotator, label, count(*) FROM spans WHERE annotator IS NOT NULL"
        f" AND status != 'rejected' AND {visible('article_id')}"
        " GROUP BY annotator, label ORDER BY annotator, label"
    ).fetchall()


def states_per_coder(db: Database) -> list[tuple[str, str, int]]:
    """(annotator, state, articles) of every stored article state."""
    return db.execute(
        f"SELECT annotator, state, count(*) FROM article_state WHERE {visible('article_id')}"
        " GROUP BY annotator, state ORDER BY annotator, state"
    ).fetchall()


def started_per_coder(db: Database) -> dict[str, int]:
    """Per annotator: articles with a confirmed span of theirs and no state but open."""
    return dict(
        db.execute(
            "SELECT s.annotator, count(DISTINCT s.article_id) FROM spans s"
            " WHERE s.annotator IS NOT NULL AND s.status != 'rejected'"
            f" AND {visible('s.article_id')} AND NOT EXISTS ("
            " SELECT 1 FROM article_state t WHERE t.article_id = s.article_id"
            " AND t.annotator = s.annotator AND t.state != 'open') GROUP BY s.annotator"
        ).fetchall()
    )


def spans_per_coder(db: Database) -> dict[str, int]:
    """Per annotator: confirmed spans (not rejected)."""
    return dict(
        db.execute(
            "SELECT annotator, count(*) FROM spans WHERE annotator IS NOT NULL"
            f" AND status != 'rejected' AND {visible('article_id')} GROUP BY annotator"
        ).fetchall()
    )


def sources_of(db: Database, ids: Sequence[int]) -> dict[int, str]:
    """The source of each article in ``ids`` (one query)."""
    ids_sql = (
        "SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(? AS json))"
        if is_server(db)
        else "SELECT value FROM json_each(?)"
    )
    return dict(
        db.execute(
            f"SELECT id, source FROM articles WHERE id IN ({ids_sql})", [json.dumps(list(ids))]
        ).fetchall()
    )


def all_sources(db: Database) -> Iterator[tuple[int, str]]:
    """(id, source) of every article, by id."""
    yield from db.execute(f"SELECT id, source FROM articles WHERE {visible('id')} ORDER BY id")


def touched(db: Database, coders: Sequence[str]) -> list[tuple[int, str]]:
    """(article, annotator) pairs where the annotator confirmed a span or marked it done."""
    if not coders:
        return []
    marks = ", ".join("?" for _ in coders)
    return db.execute(
        f"SELECT article_id, annotator FROM article_state WHERE annotator IN ({marks})"
        f" AND state = 'done' AND {visible('article_id')}"
        " UNION SELECT DISTINCT article_id, annotator"
        f" FROM spans WHERE annotator IN ({marks}) AND status != 'rejected'"
        f" AND {visible('article_id')}",
        [*coders, *coders],
    ).fetchall()


def done_states(db: Database) -> list[tuple[int, str, str]]:
    """(article, annotator, state row's updated_at) of every article state ``done``."""
    return db.execute(
        "SELECT article_id, annotator, updated_at FROM article_state WHERE state = 'done'"
        f" AND {visible('article_id')}"
    ).fetchall()


def finished_at(db: Database, leave_out: str) -> dict[tuple[int, str], tuple[str, int]]:
    """When (time, log row) each coder's state last became done, on articles more than one
    annotator (``leave_out`` aside) finished; the log row orders changes made in the same
    millisecond."""
    multi = (
        "WITH multi AS (SELECT article_id FROM article_state WHERE state = 'done'"
        f" AND annotator != ? AND {visible('article_id')} GROUP BY article_id HAVING count(*) > 1)"
    )
    if is_server(db):
        # the row of the last such change, as SQLite's bare columns beside max() give it
        rows = db.execute(
            f"{multi} SELECT DISTINCT ON (au.article_id, au.after::json->>'annotator')"
            " au.article_id, au.after::json->>'annotator', au.at, au.id"
            " FROM multi JOIN audit au ON au.article_id = multi.article_id"
            " WHERE au.tbl = 'article_state' AND au.after::json->>'state' = 'done'"
            " AND (au.before IS NULL OR au.before::json->>'state' IS DISTINCT FROM 'done')"
            " ORDER BY au.article_id, au.after::json->>'annotator', au.id DESC",
            [leave_out],
        )
    else:
        rows = db.execute(
            f"{multi} SELECT au.article_id, json_extract(au.after, '$.annotator'), au.at,"
            " max(au.id) FROM multi JOIN audit au ON au.article_id = multi.article_id"
            " WHERE au.tbl = 'article_state' AND json_extract(au.after, '$.state') = 'done'"
            " AND (au.before IS NULL OR json_extract(au.before, '$.state') IS NOT 'done')"
            " GROUP BY 1, 2",
            [leave_out],
        )
    return {(a, n): (at, row) for a, n, at, row in rows}


_VERSIONS = (
    "WITH v AS (SELECT json_extract(value, '$[0]') AS article_id,"
    " json_extract(value, '$[1]') AS annotator FROM json_each(:versions))"
)
_SERVER_VERSIONS = (
    "WITH v AS (SELECT CAST(value->>0 AS bigint) AS article_id, value->>1 AS annotator"
    " FROM json_array_elements(CAST(:versions AS json)))"
)
_JOIN = " FROM v JOIN spans s ON s.article_id = v.article_id AND s.annotator = v.annotator"
_SURFACE = (
    'substr(a.text, CAST(s.start + 1 AS integer), CAST(s."end" - s.start AS integer)) AS surface'
)


def _versions_json(pairs: Iterable[tuple[int, str]]) -> dict[str, str]:
    """The (article, annotator) pairs as a JSON array for ``json_each`` (no writes needed)."""
    return {"versions": json.dumps([[a, n] for a, n in pairs], ensure_ascii=False)}


def version_names(db: Database, pairs: Iterable[tuple[int, str]]) -> list[NameRow]:
    """ACTOR and PLACE spans of these (article, annotator) versions, grouped by label, name
    (actor id or canonical place), GeoNames id and written surface, with their mentions."""
    if is_server(db):
        rows = db.execute(
            f"{_SERVER_VERSIONS} SELECT label, name, gid, surface, count(*) FROM ("
            "SELECT s.label AS label, CAST(CASE s.label WHEN 'ACTOR' THEN s.attrs::json->'actor'"
            " ELSE s.attrs::json->'place' END AS text) AS name,"
            " CAST(CASE s.label WHEN 'PLACE' THEN s.attrs::json->'geonames_id' END AS text)"
            f" AS gid, {_SURFACE}{_JOIN} JOIN articles a ON a.id = v.article_id"
            " WHERE s.status != 'rejected' AND s.label != 'CASUALTY') AS named"
            " GROUP BY 1, 2, 3, 4",
            _versions_json(pairs),
        ).fetchall()
        totals: dict[tuple[str, object, object, str], int] = {}
        for label, name, gid, surface, n in rows:
            key = (label, _sqlite_value(name), _sqlite_value(gid), surface)
            totals[key] = totals.get(key, 0) + n
        return [(*key, n) for key, n in sorted(totals.items(), key=lambda kv: _order(kv[0]))]
    return db.execute(
        f"{_VERSIONS} SELECT label, name, gid, surface, count(*) FROM (SELECT s.label AS label,"
        " CASE s.label WHEN 'ACTOR' THEN json_extract(s.attrs, '$.actor')"
        " ELSE json_extract(s.attrs, '$.place') END AS name,"
        " CASE s.label WHEN 'PLACE' THEN json_extract(s.attrs, '$.geonames_id') END AS gid,"
        ' substr(a.text, s.start + 1, s."end" - s.start) AS surface'
        f"{_JOIN} JOIN articles a ON a.id = v.article_id"
        " WHERE s.status != 'rejected' AND s.label != 'CASUALTY' LIMIT -1) GROUP BY 1, 2, 3, 4",
        _versions_json(pairs),
    ).fetchall()


def version_casualties(db: Database, pairs: Iterable[tuple[int, str]]) -> list[CasualtyRow]:
    """CASUALTY spans of these versions by kind and victim: mentions, and people (per article
    and version the largest integer count, summed)."""
    if is_server(db):
        count = "s.attrs::json->'count'"
        rows = db.execute(
            f"{_SERVER_VERSIONS} SELECT s.article_id, s.annotator,"
            " CAST(s.attrs::json->'kind' AS text), CAST(s.attrs::json->'victim' AS text),"
            f" count(*), max(CASE WHEN json_typeof({count}) = 'number'"
            f" AND CAST({count} AS text) ~ '^-?[0-9]+$' THEN CAST(CAST({count} AS text) AS numeric)"
            f" END){_JOIN} WHERE s.status != 'rejected' AND s.label = 'CASUALTY'"
            " GROUP BY 1, 2, 3, 4",
            _versions_json(pairs),
        ).fetchall()
        versions: dict[tuple[int, str, object, object], list] = {}
        for article_id, annotator, kind, victim, n, people in rows:
            key = (article_id, annotator, _sqlite_value(kind), _sqlite_value(victim))
            seen = versions.setdefault(key, [0, None])
            seen[0] += n
            if people is not None and (seen[1] is None or people > seen[1]):
                seen[1] = people
        totals: dict[tuple[object, object], list] = {}
        for (_a, _n, kind, victim), (n, people) in versions.items():
            total = totals.setdefault((kind, victim), [0, None])
            total[0] += n
            if people is not None:
                total[1] = people + (total[1] or 0)
        ordered = sorted(totals.items(), key=lambda kv: _order(kv[0]))
        return [(kind, victim, n, people) for (kind, victim), (n, people) in ordered]
    return db.execute(
        f"{_VERSIONS} SELECT kind, victim, sum(n), sum(people) FROM (SELECT"
        " json_extract(s.attrs, '$.kind') AS kind, json_extract(s.attrs, '$.victim') AS victim,"
        " count(*) AS n, max(CASE WHEN json_type(s.attrs, '$.count') = 'integer'"
        " THEN json_extract(s.attrs, '$.count') END) AS people"
        f"{_JOIN} WHERE s.status != 'rejected' AND s.label = 'CASUALTY'"
        " GROUP BY s.article_id, s.annotator, 1, 2) GROUP BY 1, 2",
        _versions_json(pairs),
    ).fetchall()


def _sqlite_value(text: str | None) -> object:
    """What SQLite's ``json_extract`` gives for a value whose JSON text is ``text``: a string
    as text, true/false as 1/0, a number as int or float, an array or object as minified JSON,
    null (or no value) as None."""
    if text is None:
        return None
    value = json.loads(text)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def _order(key: tuple) -> tuple:
    """SQLite's order of a GROUP BY's values: NULL, then numbers, then text by its bytes
    (a str's code points compare as its UTF-8 bytes)."""
    return tuple(
        (0, 0) if v is None else (1, v) if isinstance(v, int | float) else (2, v) for v in key
    )
