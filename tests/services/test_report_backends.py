"""The report's content queries give the same rows from a SQLite file and a team server, also
for attribute values the store would refuse but a database written by other tools may hold
(numbers, booleans, objects where a name belongs; one value spelt two ways in JSON)."""

from __future__ import annotations

from pathlib import Path

from annotator.domain import Article, Label, Span
from annotator.services.coding import CodingSession
from annotator.services.report_content import collect_content
from annotator.store import open_store, reports
from annotator.store import repository as repo

# (label, attributes as stored JSON text)
ODD = [
    (Label.ACTOR, '{"actor": "ISIS"}'),
    (Label.ACTOR, '{"actor":"ISIS"}'),
    (Label.ACTOR, '{"actor": "\\u0049SIS"}'),
    (Label.ACTOR, '{"actor": 5}'),
    (Label.ACTOR, '{"actor": true}'),
    (Label.ACTOR, '{"actor": 1}'),
    (Label.ACTOR, '{"actor": {"b": 1, "a": [1, 2]}}'),
    (Label.ACTOR, '{"actor": null}'),
    (Label.ACTOR, "{}"),
    (Label.ACTOR, '{"actor": "b"}'),
    (Label.ACTOR, '{"actor": "B"}'),
    (Label.PLACE, '{"place": "حلب", "geonames_id": 170063}'),
    (Label.PLACE, '{"place": "حلب", "geonames_id": "170063"}'),
    (Label.PLACE, '{"place": ["x"], "geonames_id": 1.5}'),
    (Label.PLACE, '{"place": "Aleppo", "geonames_id": 1e2}'),
    (Label.CASUALTY, '{"count": 5, "kind": "killed"}'),
    (Label.CASUALTY, '{"count": 5.0, "kind": "killed"}'),
    (Label.CASUALTY, '{"count": "7", "kind": true, "victim": "b"}'),
    (Label.CASUALTY, '{"count": 1e2, "kind": 1, "victim": {"x": null}}'),
    (Label.CASUALTY, '{"count": -3, "kind": "wounded", "victim": "B"}'),
    (Label.CASUALTY, '{"count": 12345678901234, "kind": "wounded", "victim": "B"}'),
    (Label.CASUALTY, '{"count": 0, "kind": null, "victim": "CIVILIANS"}'),
]
# one word per span; the spans of one value spelt several ways on the same word
WORDS = ["داعش"] * 3 + ["قسد"] + ["قوات"] * 2 + [f"كلمة{i}" for i in range(6, len(ODD))]
TEXT = " ".join(WORDS)


def _build(target: str) -> object:
    db = open_store(target)
    article_id, _ = repo.add_article(db, Article(TEXT, source="odd.txt"))
    for coder, rows in (("ali", ODD), ("Bea", ODD[::2])):
        start = 0
        for i, word in enumerate(WORDS):
            label, attrs = ODD[i]
            if (label, attrs) in rows:
                change = repo.add_span(db, article_id, coder, Span(start, start + len(word), label))
                (span_id,) = change.span_ids
                db.execute("UPDATE spans SET attrs = ? WHERE id = ?", [attrs, span_id])
            start += len(word) + 1
        CodingSession(db, coder).mark_done(article_id)
    return db


def test_report_content_rows_are_the_same_from_either_backend(
    db_path: Path, project_url: str
) -> None:
    found = []
    for target in (str(db_path), project_url):
        db = _build(target)
        try:
            pairs = [(1, "ali"), (1, "Bea")]
            found.append(
                (
                    reports.version_names(db, pairs),
                    reports.version_casualties(db, pairs),
                    reports.labels_per_coder(db),
                    sorted(reports.finished_at(db, "gold")),  # (times differ)
                    [collect_content(db, layer) for layer in ("auto", "all", "ali")],
                )
            )
        finally:
            db.close()
    on_sqlite, on_server = found
    assert on_sqlite == on_server
    names, casualties = on_sqlite[0], on_sqlite[1]
    assert ("ACTOR", "ISIS", None, "داعش", 5) in names  # one value however it is spelt
    assert ("ACTOR", 1, None, "قوات", 3) in names  # true is 1, as json_extract gives it
    assert ("ACTOR", '{"b":1,"a":[1,2]}', None, "كلمة6", 2) in names
    assert ("killed", None, 3, 5) in casualties  # 5.0 is no integer count: only ali's 5
    assert (1, '{"x":null}', 2, None) in casualties  # 1e2 is no integer count
