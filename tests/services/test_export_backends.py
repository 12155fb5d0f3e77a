"""One project, two backends: the same imports and the same decisions through the services on a
SQLite file and on a team server give byte-identical exports in every format, the same report
and the same agreement figures (issue 12).

The names are chosen so that a server sorting text by its locale would betray itself: 'b' and
'B', 'a' and 'Z', Latin and Arabic sort differently under en-US than by their bytes (SQLite's
order). The server side runs twice: on the cluster's default database and on one created with
an ICU en-US collation, as a team server's administrator may well create it.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain import CIVILIANS, GOLD, Label, Span
from annotator.services.agreement import compute_agreement
from annotator.services.agreement_format import format_agreement
from annotator.services.coding import CodingSession
from annotator.services.export import (
    FORMATS,
    ExportError,
    ExportOptions,
    export,
    missing_requirement,
    run_export,
)
from annotator.services.importing import import_paths
from annotator.services.report import build_report, collect, run_report
from annotator.services.review import ReviewSession
from annotator.store import StoreError, open_store
from annotator.store import repository as repo
from tests.builders import coded_pair, number_suggest, write_jsonl
from tests.pg.cluster import drop_database
from tests.pg.support import driver

# Layer names and sources whose en-US order is not their byte order.
CODERS = ("bea", "Bob", "ali", "Zed", "علي")
SOURCES = ("b.txt", "B.txt", "a.txt", "Z.txt", "علي.txt", "ä.txt")
SENTENCES = (
    "قتل 12 مدنياً في قصف على دمشق تبناه داعش",
    "أعلنت قسد مقتل 7 من عناصر داعش قرب دمشق",
    "جيش الإسلام يعلن أسر 3 وجرح 15 في اشتباك مع قسد",
    "سقط 4 قتلى و 9 جرحى في دمشق",
)
PLACES = ("b", "B", "Damascus", "دمشق", "a", "Z")
ACTORS = ("ISIS", "SDF", "A_B", "AB", "B2")  # ids: upper case; '_' sorts after 'B' in bytes only
KINDS = ("killed", "wounded", "captured")
VICTIMS = (None, CIVILIANS, "A_B", "AB")
GENERATED = re.compile(rb"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC")
LAYERS = ("all", GOLD, *CODERS)
ONLY = (None, "done", "adjudicated")


def _corpus(folder: Path) -> list[Path]:
    """One JSONL file of articles (sources, titles and metadata named as above) and two text
    files; the same on both backends."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12)
    records = []
    for i in range(18):
        text = " ".join(rng.sample(SENTENCES, 2)) + f" رقم {i}"
        records.append(
            {
                "text": text,
                "source": SOURCES[i % len(SOURCES)],
                "title": rng.choice(PLACES),
                "meta": {"desk": rng.choice(PLACES), "n": i},
            }
        )
    files = [write_jsonl(folder / "news.jsonl", records)]
    for name, sentence in (("B.txt", SENTENCES[0]), ("a.txt", SENTENCES[3])):
        (folder / name).write_text(sentence + "\n", encoding="utf-8")
        files.append(folder / name)
    return files


def _code(db, coder: str, seed: int) -> None:
    """``coder``'s decisions on every article, drawn from ``seed`` (the same on both backends)."""
    rng = random.Random(seed)
    session = CodingSession(db, coder)
    for article_id in repo.article_ids(db):
        if rng.random() < 0.2:
            continue  # never opened
        for row in sorted(session.spans(article_id), key=lambda r: r.id):
            if row.confirmed:
                continue
            action = rng.random()
            if action < 0.45:
                session.accept(row.id)
            elif action < 0.6:
                session.reject(row.id)
            elif action < 0.75:
                session.relabel(row.id, rng.choice([Label.ACTOR, Label.PLACE]))
            else:
                session.set_attributes(row.id, _attributes(rng, row.span))
        if rng.random() < 0.3:
            session.add_span(article_id, 0, 4, rng.choice([Label.ACTOR, Label.PLACE]))
        state = rng.random()
        if state < 0.7:
            session.mark_done(article_id)
        elif state < 0.8:
            session.flag(article_id, rng.choice(PLACES))
        elif state < 0.9:
            session.skip(article_id)


def _attributes(rng: random.Random, span: Span) -> dict[str, object]:
    if span.label is Label.CASUALTY:
        return {
            "count": rng.choice([span.attrs.get("count"), 2, 30]),
            "kind": rng.choice(KINDS),
            "qualifier": "exact",
            "victim": rng.choice(VICTIMS),
        }
    if span.label is Label.PLACE:
        return {"place": rng.choice(PLACES), "geonames_id": rng.choice([None, 170654])}
    return {"actor": rng.choice(ACTORS)}


def build(target: str, folder: Path) -> None:
    """The project: the corpus imported with suggestions, five coders' decisions and a lead's
    adjudication of every article two coders finished."""
    db = open_store(target)
    try:
        report = import_paths(db, _corpus(folder), suggest=number_suggest)
        assert report.ok and report.imported == 20, report
        for i, coder in enumerate(CODERS):
            _code(db, coder, seed=100 + i)
        review = ReviewSession(db, ["bea", "Bob"], lead="lena")
        for article_id in repo.article_ids(db)[::2]:
            review.accept_agreed(article_id)
            for item in review.disagreements(article_id, open_only=True)[:1]:
                coder = next(c for c in ("Bob", "bea") if item.version(c))
                review.take(article_id, item.key, coder)
    finally:
        db.close()


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path: its bytes, the moment written into a
    folder export's ``annotator-export.json`` and a report's page left out (two exports are
    seconds apart)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "index.html":
                data, n = GENERATED.subn(b"generated (when)", data)
                assert n == 1, path
            if path.name == "annotator-export.json":
                lines = data.decode("utf-8").splitlines(keepends=True)
                kept = [line for line in lines if not line.startswith('  "exported_at": ')]
                assert len(kept) >= len(lines) - 1, path
                data = "".join(kept).encode("utf-8")
            files[str(path.relative_to(folder))] = data
    return files


@pytest.fixture(params=["cluster default", "ICU en-US"])
def server_project(request: pytest.FixtureRequest) -> Iterator[str]:
    """An empty project on the test server: in a database made from the cluster's template,
    or in one created with an ICU en-US collation and initialised as ``server init`` does."""
    if request.param == "cluster default":
        yield request.getfixturevalue("project_url")
        return
    from annotator.store.postgres.schema import create_schema

    cluster = request.getfixturevalue("pg_cluster")
    psycopg = driver()
    name = f"icu_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        try:
            conn.execute(
                f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu'
                " ICU_LOCALE 'en-US'"
            )
        except psycopg.Error as exc:  # a server built without ICU
            pytest.skip(f"this PostgreSQL cannot create an ICU en-US database: {exc}")
    try:
        with psycopg.connect(cluster.url(name)) as conn, conn.transaction():
            assert conn.execute("SELECT 'B' < 'a'").fetchone() == (False,)  # not byte order
            create_schema(conn)
        yield cluster.url(name)
    finally:
        drop_database(cluster, name)


@pytest.fixture
def both(db_path: Path, server_project: str, tmp_path: Path) -> tuple[str, str]:
    """The same project built on a SQLite file and on the server: (file path, server URL)."""
    build(str(db_path), tmp_path / "corpus")
    build(server_project, tmp_path / "corpus")
    return str(db_path), server_project


def test_every_export_is_byte_identical_from_either_backend(
    both: tuple[str, str], tmp_path: Path
) -> None:
    formats = [f for f in FORMATS if missing_requirement(f) is None]
    assert {"jsonl", "prodigy", "conll", "csv", "brat"} <= set(formats)
    outputs = {}
    for side, target in zip(("sqlite", "server"), both, strict=True):
        db = open_store(target)
        try:
            for fmt in formats:
                for layer in LAYERS:
                    for only in ONLY:
                        name = f"{fmt}-{layer}-{only}"
                        out = tmp_path / side / name
                        out = out if fmt in ("brat", "csv") else out.with_suffix(".out")
                        result = export(db, ExportOptions(fmt, out, layer=layer, only=only))
                        outputs.setdefault(name, []).append((result.summary(), result.note))
        finally:
            db.close()
    sqlite_files, server_files = _files(tmp_path / "sqlite"), _files(tmp_path / "server")
    assert sorted(sqlite_files) == sorted(server_files)
    differing = [name for name in sqlite_files if sqlite_files[name] != server_files[name]]
    assert differing == []
    for name, (on_sqlite, on_server) in outputs.items():
        assert on_sqlite[0].replace("/sqlite/", "/server/") == on_server[0], name
        assert on_sqlite[1] == on_server[1], name
    # not a trivial project: every coder and the gold layer exported something
    for layer in (GOLD, *CODERS):
        assert sqlite_files[f"jsonl-{layer}-None.out"], layer


def test_report_and_agreement_are_the_same_from_either_backend(
    both: tuple[str, str], tmp_path: Path
) -> None:
    data, agreement, written = [], [], []
    for side, target in zip(("sqlite", "server"), both, strict=True):
        db = open_store(target)
        try:
            # (== on the report's data: the article sources it looks up come in any order)
            data.append([collect(db, layer) for layer in ("auto", "all", GOLD, "Bob", "علي")])
            report = compute_agreement(db)
            figures = json.dumps(report.as_dict(), ensure_ascii=False, sort_keys=True)
            agreement.append((figures, format_agreement(report, per_article=True)))
            build_report(db, tmp_path / side)
            written.append(_files(tmp_path / side))
        finally:
            db.close()
    assert data[0] == data[1]
    assert agreement[0] == agreement[1]
    assert len(json.loads(agreement[0][0])["pairs"]) == 10  # five coders, all finished some
    assert written[0].keys() == written[1].keys()
    for name in written[0]:  # the page, its CSV and the charts
        assert written[0][name] == written[1][name], name


def test_a_worker_exports_and_reports_from_a_server_url(
    db_path: Path, project_url: str, tmp_path: Path
) -> None:
    """The desk's worker threads open the project from what names it: a file or a URL."""
    for side, target in (("sqlite", str(db_path)), ("server", project_url)):
        (tmp_path / side).mkdir()
        db = open_store(target)
        coded_pair(db, tmp_path / side)
        db.close()
        run_export(target, ExportOptions("jsonl", tmp_path / side / "all.jsonl", layer="all"))
        run_report(target, tmp_path / side / "report")
    on_sqlite, on_server = _files(tmp_path / "sqlite"), _files(tmp_path / "server")
    assert on_sqlite.keys() == on_server.keys() and on_sqlite == on_server
    assert b'"annotator": "bea"' in on_sqlite["all.jsonl"]
    missing = project_url.rsplit("/", 1)[0] + "/no_such_project"
    with pytest.raises(ExportError, match="no_such_project"):
        run_export(missing, ExportOptions("jsonl", tmp_path / "x.jsonl"))
    with pytest.raises(StoreError, match="no_such_project"):
        run_report(missing, tmp_path / "r")
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "r").exists()
