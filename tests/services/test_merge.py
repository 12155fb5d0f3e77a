"""Merging coders' databases made through the import and coding services.

The inputs are SQLite files; OUT is a file or (``out_target``, both backends) a project on a
team server.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from annotator.domain import GOLD, Label, Span
from annotator.services.coding import CodingSession
from annotator.services.history import span_history
from annotator.services.importing import import_paths
from annotator.services.merge import MergeConflictError, merge_databases
from annotator.services.review import ReviewSession
from annotator.store import StoreError, open_store
from annotator.store import gold as gold_store
from annotator.store import repository as repo
from tests.builders import seeds_project

SERVER = "postgresql"


@pytest.fixture(scope="module")
def base_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lead's project: the seed articles with the suggester's spans."""
    path = tmp_path_factory.mktemp("base") / "base.db"
    report = seeds_project(path)
    assert report.imported == 5 and report.suggestions > 20
    return path


def copy(base: Path, path: Path) -> Path:
    shutil.copy(base, path)
    return path


def out_from(base: Path, target: str) -> str:
    """OUT holding what ``base`` holds: a copy of the file, or ``base`` merged into the server's
    empty project."""
    if target.startswith("postgresql://"):
        merge_databases(target, [base])
        return target
    return str(copy(base, Path(target)))


def code(path: Path, coder: str, style: int, articles: tuple[int, ...] = (1, 2, 3)) -> None:
    """The coder works through some articles; ``style`` varies the decisions."""
    session = CodingSession.open(path, coder)
    for article in articles:
        pending = [r for r in session.spans(article) if not r.confirmed]
        for k, row in enumerate(pending[:8]):
            if (k + style) % 4 == 0:
                session.reject(row.id)
            elif row.label is Label.CASUALTY:
                kind = ["killed", "wounded"][style % 2]
                session.set_attributes(row.id, {**row.span.attrs, "kind": kind})
            else:
                session.accept(row.id)
        session.add_span(article, 0, 2 + style, Label.PLACE)
        if article != 3 or style == 0:
            session.mark_done(article)
    session.close()


def schema(db) -> list[tuple[str, str]]:
    return db.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
    ).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def decisions(path: Path | str, coder: str) -> dict[str, set[tuple]]:
    """Per article hash: the coder's confirmed spans and the suggestions they rejected."""
    db = open_store(path)
    out: dict[str, set[tuple]] = {}
    for article_id in repo.article_ids(db):
        key = repo.get_article(db, article_id).hash
        rows = set()
        for r in repo.all_spans(db, article_id):
            if r.annotator != coder:
                continue
            if r.status.value == "rejected":
                sug = repo.get_span(db, r.suggestion_id)
                rows.add(("rejected", *sug.span.key))
            else:
                rows.add(("confirmed", *r.span.key, tuple(sorted(r.span.attrs.items()))))
        rows.add(("state", repo.get_state(db, article_id, coder).state.value))
        out[key] = rows
    db.close()
    return out


def test_merge_brings_coders_work_together(
    base_file: Path, tmp_path: Path, dump, out_target: str, backend: str
) -> None:
    ali = code_copy(base_file, tmp_path / "ali.db", "ali", 0)
    bea = code_copy(base_file, tmp_path / "bea.db", "bea", 1)
    before = {p: (digest(p), side_files(p)) for p in (ali, bea)}
    out = out_target

    report = merge_databases(out, [ali, bea])
    assert report.conflicts == [] and report.changed
    counts = report.counts[str(ali)]
    assert (counts.articles_added, counts.articles_matched) == (5, 0)
    assert report.counts[str(bea)].articles_matched == 5
    assert report.counts[str(bea)].spans_added > 0 and counts.audit_rows > 0
    # the inputs were only read: same bytes, no side files left next to them
    assert {p: (digest(p), side_files(p)) for p in (ali, bea)} == before

    assert decisions(out, "ali") == decisions(ali, "ali")
    assert decisions(out, "bea") == decisions(bea, "bea")
    db = open_store(out)
    # one shared suggestion per place, as in each input
    n_sug = db.execute("SELECT count(*) FROM spans WHERE annotator IS NULL").fetchone()[0]
    src = open_store(ali)
    assert n_sug == src.execute("SELECT count(*) FROM spans WHERE annotator IS NULL").fetchone()[0]
    # a span's history in OUT is its history in the coder's database
    row = next(r for r in repo.confirmed_spans(src, 1, "ali") if r.status.value == "accepted")
    theirs = [(e.at, e.who, e.action) for e in span_history(src, row.id)]
    mapped = next(
        r for r in repo.confirmed_spans(db, 1, "ali") if r.span == row.span and r.suggestion_id
    )
    ours = [(e.at, e.who, e.action) for e in span_history(db, mapped.id)]
    assert ours == theirs and ("ali", "accepted") in [(w, a) for _t, w, a in ours]
    src.close()
    db.close()

    # the audit triggers paused during the merge are back exactly; one log row per input
    merged = open_store(out)
    if backend != SERVER:  # SQLite's schema text (the server pauses no trigger)
        fresh = open_store(tmp_path / "fresh.db")
        assert schema(merged) == schema(fresh)
        fresh.close()
    logged = merged.execute("SELECT count(*) FROM audit WHERE tbl = 'merge'").fetchone()[0]
    assert logged == 2
    merged.close()

    # merging again changes nothing, in either order
    snapshot = dump(open_store(out))
    again = merge_databases(out, [bea, ali])
    assert not again.changed and again.conflicts == []
    assert dump(open_store(out)) == snapshot


def code_copy(base: Path, path: Path, coder: str, style: int, **kwargs) -> Path:
    copy(base, path)
    code(path, coder, style, **kwargs)
    return path


def test_merge_into_the_lead_project_then_adjudicated_gold_travels(
    base_file: Path, tmp_path: Path, dump, out_target: str
) -> None:
    lead = copy(base_file, tmp_path / "lead.db")
    ali = code_copy(base_file, tmp_path / "ali.db", "ali", 0)
    bea = code_copy(base_file, tmp_path / "bea.db", "bea", 1)
    report = merge_databases(lead, [ali, bea])
    assert report.counts[str(ali)].articles_added == 0
    assert report.counts[str(ali)].spans_added > 0
    assert decisions(lead, "bea") == decisions(bea, "bea")

    # the lead adjudicates article 1 in the merged project
    db = open_store(lead)
    review = ReviewSession(db, ["ali", "bea"])
    review.accept_agreed(1)
    for item in review.items(1):
        if not item.settled:
            review.take(1, item.key, "ali" if item.version("ali") else "bea")
    assert review.adjudicated(1)
    gold = {r.span.key: r for r in review.gold(1)}
    sources = review.sources([r.id for r in gold.values()])
    expected = {
        key: sorted((s.annotator, repo.get_span(db, s.span_id).span.key) for s in sources[r.id])
        for key, r in gold.items()
    }
    n_rejected = len(gold_store.rejected_sources(db, 1))
    db.close()

    # gold, its sources and the adjudicated state move into another database intact
    fresh = out_target
    merge_databases(fresh, [lead])
    db = open_store(fresh)
    assert gold_store.is_adjudicated(db, 1)
    moved = {r.span.key: r for r in gold_store.gold_spans(db, 1)}
    assert set(moved) == set(gold)
    moved_sources = gold_store.sources_of(db, [r.id for r in moved.values()])
    assert {
        key: sorted(
            (s.annotator, repo.get_span(db, s.span_id).span.key) for s in moved_sources[r.id]
        )
        for key, r in moved.items()
    } == expected
    assert len(gold_store.rejected_sources(db, 1)) == n_rejected
    assert all(repo.get_span(db, i).annotator != GOLD for i in gold_store.rejected_sources(db, 1))
    assert repo.get_state(db, 1, GOLD).state.value == "done"
    db.close()
    snapshot = dump(open_store(fresh))
    assert not merge_databases(fresh, [lead]).changed
    assert dump(open_store(fresh)) == snapshot


def test_conflicts_are_reported_never_resolved_silently(
    base_file: Path, tmp_path: Path, dump, out_target: str
) -> None:
    first = code_copy(base_file, tmp_path / "laptop.db", "ali", 0, articles=(1,))
    second = code_copy(base_file, tmp_path / "desktop.db", "ali", 1, articles=(1,))
    flagger = CodingSession.open(second, "ali")
    flagger.flag(1, "not sure")
    flagger.close()
    out = out_from(first, out_target)
    kept = decisions(out, "ali")
    snapshot = dump(open_store(out))

    with pytest.raises(MergeConflictError) as failed:
        merge_databases(out, [second], strict=True)
    assert failed.value.report.conflicts
    assert dump(open_store(out)) == snapshot  # strict: nothing written

    report = merge_databases(out, [second])
    conflicts = report.conflicts
    assert conflicts and all(c.coder == "ali" for c in conflicts)
    assert {c.source for c in conflicts} == {"000_4aec2ec63595c89c.txt"}
    assert any(c.what == "article state" and "done" in c.ours for c in conflicts)
    assert any(c.what == "span" and "rejected" in (c.ours + c.theirs) for c in conflicts)
    text = report.summary()
    assert "CONFLICTS" in text and "000_4aec2ec63595c89c.txt" in text
    # OUT keeps its own version of everything in conflict
    ours = decisions(out, "ali")
    for article_hash, rows in kept.items():
        assert rows <= ours[article_hash]
    db = open_store(out)
    first_hash = repo.get_article(db, 1).hash
    db.close()
    assert ("state", "done") in ours[first_hash] and ("state", "flagged") not in ours[first_hash]
    # the same conflicts again, nothing else changes
    snapshot = dump(open_store(out))
    again = merge_databases(out, [second])
    assert len(again.conflicts) == len(conflicts) and not again.changed
    assert dump(open_store(out)) == snapshot


def test_states_merge_open_gives_way(base_file: Path, tmp_path: Path, out_target: str) -> None:
    one = copy(base_file, tmp_path / "one.db")
    two = copy(base_file, tmp_path / "two.db")
    steps = ((one, 2, "open"), (two, 2, "done"), (one, 3, "done"), (one, 4, "done"),
             (two, 4, "flagged"), (one, 5, "skipped"), (two, 5, "skipped"))  # fmt: skip
    for path, article, state in steps:
        session = CodingSession.open(path, "cem")
        session.reject(next(r for r in session.spans(article)).id)
        if state == "done":
            session.mark_done(article)
        elif state == "flagged":
            session.flag(article, "unsure")
        elif state == "skipped":
            session.skip(article, "" if path == one else "off topic")
        session.close()
    out = out_target
    report = merge_databases(out, [one, two])
    (conflict,) = report.conflicts
    assert (conflict.what, conflict.ours, conflict.theirs) == (
        "article state",
        "state done",
        "state flagged (note 'unsure')",
    )
    db = open_store(out)
    states = {a: repo.get_state(db, a, "cem") for a in (2, 3, 4, 5)}
    assert {a: s.state.value for a, s in states.items()} == {
        2: "done",
        3: "done",
        4: "done",
        5: "skipped",
    }
    assert states[4].note == "" and states[5].note == "off topic"
    db.close()


def test_articles_only_one_side_has_are_added(
    base_file: Path, tmp_path: Path, out_target: str
) -> None:
    extra = copy(base_file, tmp_path / "extra.db")
    (tmp_path / "new.txt").write_text("خبر جديد عن الرقة", encoding="utf-8")
    db = open_store(extra)
    import_paths(db, [tmp_path / "new.txt"])
    db.close()
    lead = out_from(base_file, out_target)
    report = merge_databases(lead, [extra])
    assert report.counts[str(extra)].articles_added == 1
    db = open_store(lead)
    assert repo.article_count(db) == 6
    assert repo.get_article(db, 6).text == "خبر جديد عن الرقة"
    db.close()


def test_bad_inputs(base_file: Path, tmp_path: Path, out_target: str) -> None:
    out = out_target
    with pytest.raises(StoreError, match="no such database"):
        merge_databases(out, [tmp_path / "missing.db"])
    (tmp_path / "notes.db").write_text("hello", encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite file"):
        merge_databases(out, [tmp_path / "notes.db"])
    lead = copy(base_file, tmp_path / "lead.db")
    with pytest.raises(StoreError, match="cannot be the output"):  # files only
        merge_databases(lead, [lead])
    newer = copy(base_file, tmp_path / "newer.db")
    db = open_store(newer)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('annotator', 'm999_future', 'x')"
    )
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        merge_databases(out, [newer])
    with pytest.raises(StoreError, match="at least one"):
        merge_databases(out, [])


def test_a_database_of_an_older_version_merges(tmp_path: Path, out_target: str) -> None:
    from sqlite_utils import Database

    from annotator.domain import Article
    from annotator.store.schema import migrate

    old = Database(tmp_path / "old.db")
    migrate(old, stop_before="m005_gold_layer")
    article, _ = repo.add_article(old, Article("قصف على حلب", source="old.txt"))
    repo.add_span(old, article, "ali", Span(8, 11, Label.PLACE))
    repo.set_state(old, article, "ali", "done")
    old.close()
    out = out_target
    report = merge_databases(out, [tmp_path / "old.db"])
    assert report.conflicts == [] and report.counts[str(tmp_path / "old.db")].spans_added == 1
    db = open_store(out)
    (row,) = repo.confirmed_spans(db, 1, "ali")
    assert row.span == Span(8, 11, Label.PLACE)
    assert repo.get_state(db, 1, "ali").state.value == "done"
    db.close()


def _listing(folder: Path) -> dict[str, str]:
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def test_strict_merge_with_conflicts_writes_nothing(base_file: Path, tmp_path: Path) -> None:
    from sqlite_utils import Database

    from annotator.store.schema import migrate

    laptop = code_copy(base_file, tmp_path / "laptop.db", "ali", 0, articles=(1,))
    desktop = code_copy(base_file, tmp_path / "desktop.db", "ali", 1, articles=(1,))
    out = tmp_path / "out" / "out6.db"
    out.parent.mkdir()
    # OUT did not exist: it is not left behind, nor its side files
    with pytest.raises(MergeConflictError) as failed:
        merge_databases(out, [laptop, desktop], strict=True)
    assert failed.value.report.conflicts and failed.value.report.out == str(out)
    assert list(out.parent.iterdir()) == []
    # OUT existed: every byte stays, no side file appears
    merge_databases(out, [laptop])
    before = _listing(out.parent)
    with pytest.raises(MergeConflictError):
        merge_databases(out, [desktop], strict=True)
    assert _listing(out.parent) == before
    # an OUT of an older version is not even migrated (nor backed up) when the merge fails
    old = tmp_path / "out" / "old.db"
    legacy = Database(old)
    migrate(legacy, stop_before="m005_gold_layer")
    legacy.close()
    before = _listing(out.parent)
    with pytest.raises(MergeConflictError) as failed:
        merge_databases(old, [laptop, desktop], strict=True)
    assert failed.value.report.out == str(old)
    assert _listing(out.parent) == before
    # without conflicts a strict merge into it goes through (migrated, with its backup)
    report = merge_databases(old, [laptop], strict=True)
    assert report.conflicts == [] and report.counts[str(laptop)].articles_added == 5
    assert any(name.startswith("old.db.before-m005") for name in _listing(out.parent))
    # an empty OUT file stays an empty file
    empty = tmp_path / "out" / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(MergeConflictError):
        merge_databases(empty, [laptop, desktop], strict=True)
    assert empty.read_bytes() == b"" and not empty.with_name("empty.db-wal").exists()


def test_gold_decisions_keep_their_lead_through_a_merge(
    base_file: Path, tmp_path: Path, out_target: str
) -> None:
    lead = copy(base_file, tmp_path / "lead.db")
    for coder, style in (("ali", 0), ("bea", 1)):
        merge_databases(lead, [code_copy(base_file, tmp_path / f"{coder}.db", coder, style)])
    db = open_store(lead)
    review = ReviewSession(db, ["ali", "bea"], lead="lena")
    review.accept_agreed(1)
    for item in review.items(1):
        if not item.settled:
            review.reject_all(1, item.key)
    leads = {r[0] for r in db.execute("SELECT decided_by FROM gold_sources")}
    leads |= {r[0] for r in db.execute("SELECT decided_by FROM gold_rejections")}
    assert leads == {"lena"}
    audit = db.execute(
        "SELECT who, tbl, row_id FROM audit WHERE tbl IN ('gold_sources', 'gold_rejections')"
    ).fetchall()
    db.close()
    assert audit and {who for who, _t, _r in audit} == {"lena"}

    fresh = out_target
    merge_databases(fresh, [lead])
    db = open_store(fresh)
    assert {r[0] for r in db.execute("SELECT decided_by FROM gold_sources")} == {"lena"}
    assert {r[0] for r in db.execute("SELECT decided_by FROM gold_rejections")} == {"lena"}
    moved = db.execute(
        "SELECT who, tbl, row_id FROM audit WHERE tbl IN ('gold_sources', 'gold_rejections')"
    ).fetchall()
    assert len(moved) == len(audit) and {who for who, _t, _r in moved} == {"lena"}
    # the copied log rows point at OUT's span ids
    gold_ids = {r[0] for r in db.execute("SELECT gold_span_id FROM gold_sources")}
    assert {r for _w, t, r in moved if t == "gold_sources"} == gold_ids
    gold = gold_store.gold_spans(db, 1)[0]
    assert ("lena", "added") in [(e.who, e.action) for e in span_history(db, gold.id)]
    db.close()


def test_a_span_of_another_label_over_a_coders_span_is_a_conflict(
    base_file: Path, tmp_path: Path, out_target: str, backend: str
) -> None:
    """One coder's spans never overlap, whatever the labels: ali marked 'المتحدث العسكري' as
    ACTOR on one machine and 'المتحدث' as PLACE on the other (no suggestion there); the merge
    keeps OUT's span and lists the clash instead of giving ali two overlapping spans."""
    laptop = copy(base_file, tmp_path / "laptop.db")
    desktop = copy(base_file, tmp_path / "desktop.db")
    text = repo.get_article(open_store(laptop), 1).text
    start = text.index("المتحدث العسكري")
    for path, end, label in ((laptop, start + 15, Label.ACTOR), (desktop, start + 7, Label.PLACE)):
        session = CodingSession.open(path, "ali")
        session.add_span(1, start, end, label)
        session.close()

    out = out_from(laptop, out_target) if backend == SERVER else str(laptop)
    report = merge_databases(out, [desktop])

    assert [(c.coder, c.what) for c in report.conflicts] == [("ali", "span")]
    assert "ACTOR" in report.conflicts[0].ours and "PLACE" in report.conflicts[0].theirs
    db = open_store(out)
    rows = db.execute(
        'SELECT start, "end", label FROM spans WHERE article_id = 1 AND annotator = ?'
        " AND status != 'rejected' ORDER BY start",
        ["ali"],
    ).fetchall()
    db.close()
    assert rows == [(start, start + 15, "ACTOR")]
