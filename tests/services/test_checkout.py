"""Taking work offline from a team server: checkout into an SQLite file, code it through the
services, checkin. A real server (tests/pg/cluster.py) with real logins: the coder checks out
and in with their own login, which row-level security lets write only their own layer."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.domain import Label
from annotator.services.checkout import checkin, checkout
from annotator.services.coding import CodingSession
from annotator.services.history import span_history
from annotator.services.importing import import_paths
from annotator.services.merge import merge_databases
from annotator.store import StoreError, open_store
from annotator.store import merging as merge_store
from annotator.store import repository as repo
from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER, LEAD
from tests.builders import seeds_project
from tests.pg.cluster import Cluster
from tests.pg.support import run_cli

ASSIGNED = 3  # of the five seed articles, Sara gets the first three


@dataclass(frozen=True)
class Team:
    """A project on the server with coders Sara and Omar and lead Lena."""

    cluster: Cluster
    database: str
    admin: str

    def url(self, login: str) -> str:
        return self.cluster.url(self.database, user=login, password=f"pw-{login}-7")


@pytest.fixture(scope="module")
def seeds_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles with the suggester's spans, in an SQLite project."""
    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    seeds_project(path)
    return path


@pytest.fixture
def team(pg_cluster: Cluster, pg_database: str, pg_url: str, seeds_file: Path) -> Team:
    init_project(pg_url)
    for name, role in (("Sara", CODER), ("Omar", CODER), ("Lena", LEAD)):
        add_person(pg_url, name, f"pw-{name.lower()}-7", role=role)
    merge_databases(pg_url, [seeds_file])  # the lead brings the articles in
    db = open_store(pg_url)
    for article_id in repo.article_ids(db)[:ASSIGNED]:
        merge_store.add_assignment(db, article_id, "Sara", "2026-12-07T00:00:00.000+00:00")
    db.close()
    return Team(pg_cluster, pg_database, pg_url)


def layer(target: str | Path, coder: str) -> dict[str, set[tuple]]:
    """Per article hash: the coder's confirmed spans, rejected suggestions and state."""
    db = open_store(target)
    out: dict[str, set[tuple]] = {}
    for article_id in repo.article_ids(db):
        rows: set[tuple] = set()
        for r in repo.all_spans(db, article_id):
            if r.annotator != coder:
                continue
            if r.status.value == "rejected":
                rows.add(("rejected", *repo.get_span(db, r.suggestion_id).span.key))
            else:
                rows.add(("confirmed", *r.span.key, tuple(sorted(r.span.attrs.items()))))
        state = repo.get_state(db, article_id, coder).state.value
        if rows or state != "open":
            out[repo.get_article(db, article_id).hash] = rows | {("state", state)}
    db.close()
    return out


def code_offline(laptop: Path, coder: str) -> list[int]:
    """The coder works through the copy: accept, reject, add, finish; the articles coded."""
    session = CodingSession.open(laptop, coder)
    coded = []
    for article_id in repo.article_ids(session.db)[:2]:
        pending = [r for r in session.spans(article_id) if not r.confirmed]
        for k, row in enumerate(pending[:5]):
            if k % 3 == 0:
                session.reject(row.id)
            else:
                session.accept(row.id)
        session.add_span(article_id, 0, 3, Label.PLACE)
        session.mark_done(article_id)
        coded.append(article_id)
    session.close()
    return coded


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state_log(target: str | Path, article_id: int) -> list[tuple]:
    """The article's state log rows: (at, who, action, state before, state after)."""
    db = open_store(target)
    rows = db.execute(
        "SELECT at, who, action, before, after FROM audit WHERE tbl = 'article_state'"
        " AND article_id = ? ORDER BY id",
        [article_id],
    ).fetchall()
    db.close()
    states = [None if i is None else json.loads(i)["state"] for r in rows for i in r[3:]]
    return [(*r[:3], *states[2 * k : 2 * k + 2]) for k, r in enumerate(rows)]


def test_checkout_code_offline_checkin(team: Team, tmp_path: Path, dump) -> None:
    desk = CodingSession(server := open_store(team.url("sara")), "Sara")
    desk.flag(1, "later")  # her state of article 1 is on the server before the checkout
    desk.reopen(1)
    server.close()
    laptop = tmp_path / "laptop.db"
    made = checkout(team.url("sara"), "Sara", laptop)  # Sara's own login
    assert made.copied.articles == ASSIGNED and made.copied.suggestions > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laptop.db"]  # no .part left
    # only her articles, with the texts and suggestions the desk shows
    db = open_store(laptop)
    server = open_store(team.admin)
    for article_id in repo.article_ids(db):
        assert repo.get_article(db, article_id) == repo.get_article(server, article_id)
        assert repo.all_spans(db, article_id) == repo.all_spans(server, article_id)
    assert repo.article_count(db) == ASSIGNED < repo.article_count(server)
    db.close()
    server.close()
    # a checkout never overwrites
    before = digest(laptop)
    with pytest.raises(StoreError, match="already exists"):
        checkout(team.url("sara"), "Sara", laptop)
    assert digest(laptop) == before

    code_offline(laptop, "Sara")
    report = checkin(laptop, team.url("sara"))

    assert report.changed and report.merge.conflicts == [] and report.merge.left_out == []
    counts = report.merge.counts[str(laptop)]
    assert (counts.states_added, counts.states_updated, counts.articles_matched) == (1, 1, 3)
    assert counts.spans_added > 0
    assert layer(team.admin, "Sara") == layer(laptop, "Sara") != {}
    # the state's log is the laptop's: one row per change, dated when it was made
    assert state_log(team.admin, 1) == state_log(laptop, 1)
    assert [r[2:] for r in state_log(laptop, 1)] == [
        ("insert", None, "flagged"),
        ("update", "flagged", "open"),
        ("update", "open", "done"),
    ]
    # a span's history on the server is its history on the laptop, times included
    db, server = open_store(laptop), open_store(team.admin)
    row = next(r for r in repo.confirmed_spans(db, 1, "Sara") if r.suggestion_id)
    there = next(r for r in repo.confirmed_spans(server, 1, "Sara") if r.span == row.span)
    history = [(e.at, e.who, e.action) for e in span_history(db, row.id)]
    assert [(e.at, e.who, e.action) for e in span_history(server, there.id)] == history
    db.close()
    snapshot = dump(server)

    again = checkin(laptop, team.url("sara"))  # idempotent, and says so
    assert not again.changed and again.merge.conflicts == []
    assert "nothing new to check in" in again.summary()
    assert dump(server) == snapshot
    server.close()


def test_a_span_decided_differently_on_the_server_is_a_conflict(team: Team, tmp_path: Path) -> None:
    laptop = tmp_path / "laptop.db"
    checkout(team.admin, "Sara", laptop)  # the admin's login may check out anyone's work
    session = CodingSession.open(laptop, "Sara")
    suggestion, *rest = [r for r in session.spans(1) if not r.confirmed]
    other = next(r for r in rest if r.span.start >= suggestion.span.end)
    session.accept(suggestion.id)
    session.accept(other.id)
    session.close()
    # meanwhile Sara rejects the same suggestion at the desk on the server
    server = open_store(team.url("sara"))
    desk = CodingSession(server, "Sara")
    desk.reject(next(r for r in desk.spans(1) if r.span == suggestion.span).id)
    server.close()

    report = checkin(laptop, team.url("sara"))

    (conflict,) = report.merge.conflicts
    assert (conflict.coder, conflict.what) == ("Sara", "span")
    assert conflict.ours.startswith("rejected") and conflict.theirs.startswith("accepted")
    assert "CONFLICTS (1)" in report.summary()
    kept = layer(team.admin, "Sara")
    (rows,) = kept.values()
    assert ("rejected", *suggestion.span.key) in rows  # the server keeps its version
    attrs = tuple(sorted(other.span.attrs.items()))
    assert ("confirmed", *other.span.key, attrs) in rows  # what did not clash came back
    # the same conflict again, nothing else changes
    again = checkin(laptop, team.url("sara"))
    assert len(again.merge.conflicts) == 1 and not again.changed


def test_a_coder_cannot_check_in_someone_elses_work(team: Team, tmp_path: Path, dump) -> None:
    laptop = tmp_path / "laptop.db"
    checkout(team.url("sara"), "Sara", laptop)
    code_offline(laptop, "Sara")
    server = open_store(team.admin)
    snapshot = dump(server)

    with pytest.raises(StoreError, match="may not write Sara's decisions") as refused:
        checkin(laptop, team.url("omar"))  # Omar's login, Sara's file

    assert "row-level security" in str(refused.value) and "pw-omar" not in str(refused.value)
    assert dump(server) == snapshot  # nothing was checked in
    server.close()
    assert checkin(laptop, team.url("sara")).changed  # her own login may


def test_checkout_refuses_what_it_cannot_do(team: Team, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no articles are assigned to 'Omar'"):
        checkout(team.admin, "Omar", tmp_path / "omar.db")
    with pytest.raises(StoreError, match="no annotator named 'Nadia'"):
        checkout(team.admin, "Nadia", tmp_path / "nadia.db")
    with pytest.raises(StoreError, match="not a team server"):
        checkout(str(tmp_path / "project.db"), "Sara", tmp_path / "sara.db")
    assert list(tmp_path.iterdir()) == []
    plain = tmp_path / "plain.db"
    open_store(plain).close()
    with pytest.raises(StoreError, match="not made by 'annotator checkout'"):
        checkin(plain, team.admin)


def test_checkout_and_checkin_commands(team: Team, tmp_path: Path) -> None:
    """The commands a coder runs, in real processes; the server named by $ANNOTATOR_DB."""
    laptop = tmp_path / "laptop.db"
    env = {"ANNOTATOR_DB": team.url("sara")}
    data = tmp_path / "data"
    out = run_cli("checkout", "--annotator", "Sara", "--out", str(laptop), data_dir=data, env=env)
    assert out.returncode == 0, out.stderr
    assert f"{ASSIGNED} article(s) of Sara" in out.stdout and "annotator checkin" in out.stdout
    again = run_cli("checkout", "--annotator", "Sara", "--out", str(laptop), data_dir=data, env=env)
    assert again.returncode == 1 and f"{laptop}: already exists" in again.stderr
    code_offline(laptop, "Sara")

    first = run_cli("checkin", str(laptop), data_dir=data, env=env)
    second = run_cli("checkin", str(laptop), data_dir=data, env=env)

    assert first.returncode == 0, first.stderr
    assert "3 matched" in first.stdout and "no conflicts" in first.stdout
    assert "nothing new" not in first.stdout
    assert second.returncode == 0 and "nothing new to check in" in second.stdout
    assert layer(team.admin, "Sara") == layer(laptop, "Sara")
    omar = run_cli("checkin", str(laptop), "--db", team.url("omar"), data_dir=data)
    assert omar.returncode == 1 and "may not write Sara's decisions" in omar.stderr
    for done in (out, again, first, second, omar):
        assert "pw-" not in done.stdout + done.stderr  # no password is ever printed


def test_what_the_server_cannot_take_is_listed_not_lost(team: Team, tmp_path: Path) -> None:
    """An article imported on the laptop (a coder's login cannot add articles) is listed with
    the work on it; the rest of the checkin goes through."""
    laptop = tmp_path / "laptop.db"
    checkout(team.url("sara"), "Sara", laptop)
    (tmp_path / "new.txt").write_text("خبر جديد عن الرقة", encoding="utf-8")
    db = open_store(laptop)
    import_paths(db, [tmp_path / "new.txt"])
    new_id = max(repo.article_ids(db))
    db.close()
    session = CodingSession.open(laptop, "Sara")
    session.add_span(new_id, 12, 17, Label.PLACE)
    session.add_span(1, 0, 3, Label.PLACE)
    session.close()

    report = checkin(laptop, team.url("sara"))

    (line,) = report.merge.left_out
    assert "'new.txt'" in line and "not in the project" in line and str(laptop) in line
    assert "LEFT OUT (1)" in report.summary()
    assert report.merge.as_dict()["left_out"] == [line]
    (rows,) = layer(team.admin, "Sara").values()
    assert ("confirmed", 0, 3, "PLACE", ()) in rows


def test_a_lead_checks_out_and_in_her_own_layer(team: Team, tmp_path: Path) -> None:
    """Nothing is paused on the server (a lead's login, like a coder's, may not disable the
    log's triggers: only the tables' owner may), and a lead's checkin works all the same."""
    admin = open_store(team.admin)
    merge_store.add_assignment(admin, 4, "Lena", "2026-12-07T00:00:00.000+00:00")
    admin.close()
    for login in ("lena", "sara"):
        project = open_store(team.url(login))
        with pytest.raises(StoreError, match="must be owner of table spans"):
            project.execute("ALTER TABLE spans DISABLE TRIGGER spans_audit_insert")
        project.close()
    laptop = tmp_path / "lena.db"
    assert checkout(team.url("lena"), "Lena", laptop).copied.articles == 1
    session = CodingSession.open(laptop, "Lena")
    session.accept(next(r for r in session.spans(4) if not r.confirmed).id)
    session.mark_done(4)
    session.close()

    report = checkin(laptop, team.url("lena"))

    assert report.changed and report.merge.conflicts == []
    assert layer(team.admin, "Lena") == layer(laptop, "Lena") != {}
    assert not checkin(laptop, team.url("lena")).changed
