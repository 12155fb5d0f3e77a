"""Who may write what is enforced by PostgreSQL: tests log in AS a coder or a lead (password
authentication over the socket or TCP) and try to write other people's rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER, LEAD
from tests.pg.cluster import drop_database
from tests.pg.support import driver

psycopg = driver()
Refused = psycopg.errors.InsufficientPrivilege  # no grant, or a row-level security violation

T = "2026-12-07T00:00:00.000+00:00"
SPAN = (
    'INSERT INTO spans (article_id, start, "end", label, origin, status, annotator,'
    " suggestion_id, created_at, updated_at)"
    " VALUES (1, %s, %s, 'PLACE', 'coder', %s, %s, %s, %s, %s)"
)
STATE = (
    "INSERT INTO article_state (article_id, annotator, state, updated_at) VALUES (1, %s, %s, %s)"
)


@dataclass(frozen=True)
class Team:
    """A project with coders Sara and Omar and lead Lena; their passwords."""

    cluster: object
    database: str
    admin_url: str

    def url(self, login: str, *, tcp: bool = False) -> str:
        password = f"pw-{login}-7"
        if tcp:
            return self.cluster.tcp_url(self.database, login, password)
        return self.cluster.url(self.database, user=login, password=password)


@pytest.fixture
def team(pg_cluster, pg_database, pg_url) -> Team:
    init_project(pg_url)
    for name, role in (("Sara", CODER), ("Omar", CODER), ("Lena", LEAD)):
        add_person(pg_url, name, f"pw-{name.lower()}-7", role=role)
    with psycopg.connect(pg_url) as conn:  # the admin imports one article with a suggestion
        conn.execute(
            "INSERT INTO articles (id, hash, text, text_length, imported_at)"
            " VALUES (1, 'h', 'قصف على حلب ودمشق', 17, %s)",
            [T],
        )
        conn.execute(
            'INSERT INTO spans (article_id, start, "end", label, origin, status, suggester,'
            " created_at, updated_at) VALUES (1, 8, 11, 'PLACE', 'suggestion', 'suggested',"
            " 'gazetteer', %s, %s)",
            [T, T],
        )
        conn.execute(SPAN, [12, 17, "added", "Omar", None, T, T])
        conn.execute(STATE, ["Omar", "done", T])
    return Team(pg_cluster, pg_database, pg_url)


@pytest.fixture
def sara(team: Team) -> Iterator[object]:
    with psycopg.connect(team.url("sara"), autocommit=True) as conn:
        yield conn


@pytest.fixture
def lena(team: Team) -> Iterator[object]:
    with psycopg.connect(team.url("lena", tcp=True), autocommit=True) as conn:
        yield conn


def _count(team: Team, sql: str, params=()) -> int:
    with psycopg.connect(team.admin_url) as conn:
        return conn.execute(sql, params).fetchone()[0]


def test_a_coder_writes_their_own_layer_state_and_audit(team: Team, sara) -> None:
    sara.execute(SPAN, [8, 11, "accepted", "Sara", 1, T, T])
    sara.execute(STATE, ["Sara", "done", T])
    sara.execute("UPDATE article_state SET note = 'ok' WHERE annotator = 'Sara'")
    sara.execute("INSERT INTO audit (who, action, tbl) VALUES ('Sara', 'insert', 'note')")
    assert _count(team, "SELECT count(*) FROM spans WHERE annotator = 'Sara'") == 1
    # the triggers wrote her audit rows: the span, the state, its update (and her own row)
    assert _count(team, "SELECT count(*) FROM audit WHERE who = 'Sara'") == 4
    deleted = sara.execute("DELETE FROM spans WHERE annotator = 'Sara'").rowcount
    assert deleted == 1


def test_a_coder_reads_what_the_desk_needs_and_no_other_layer(sara) -> None:
    assert sara.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert sara.execute("SELECT id FROM spans").fetchall() == [(1,)]  # the suggestion only
    assert sara.execute("SELECT count(*) FROM article_state").fetchone() == (0,)
    assert sara.execute("SELECT count(*) FROM audit").fetchone() == (0,)  # Omar's are hidden
    with pytest.raises(Refused):
        sara.execute("SELECT * FROM gold_sources")


@pytest.mark.parametrize(
    ("what", "sql", "params"),
    [
        ("another coder's span", SPAN, [8, 11, "accepted", "Omar", 1, T, T]),
        ("a gold span", SPAN, [8, 11, "added", "gold", None, T, T]),
        (
            "a suggestion",
            SPAN.replace("'coder'", "'suggestion'"),
            [0, 3, "suggested", None, None, T, T],
        ),
        ("another coder's state", STATE, ["Omar", "open", T]),
        ("the gold state", STATE, ["gold", "done", T]),
        (
            "an assignment",
            "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (1, 'Sara', %s)",
            [T],
        ),
        (
            "a gold source",
            "INSERT INTO gold_sources (gold_span_id, source_span_id, annotator) VALUES (1, 1, 'x')",
            [],
        ),
        (
            "a gold rejection",
            "INSERT INTO gold_rejections (source_span_id, article_id, annotator, rejected_at)"
            " VALUES (2, 1, 'Omar', %s)",
            [T],
        ),
        (
            "another coder's audit row",
            "INSERT INTO audit (who, action, tbl) VALUES ('Omar', 'insert', 'x')",
            [],
        ),
        ("a change to the audit log", "UPDATE audit SET who = 'Sara'", []),
        (
            "an article",
            "INSERT INTO articles (hash, text, text_length, imported_at) VALUES ('x', 'x', 1, 't')",
            [],
        ),
        ("a setting", "INSERT INTO settings (key, value) VALUES ('k', 'v')", []),
        ("a login", "INSERT INTO logins (login, annotator, role) VALUES ('x', 'Sara', 'lead')", []),
        ("an annotator", "UPDATE annotators SET role = 'lead' WHERE name = 'Sara'", []),
    ],
)
def test_a_coder_cannot_write_anything_else(team: Team, sara, what, sql, params) -> None:
    with pytest.raises(Refused):
        sara.execute(sql, params)


def test_a_coder_cannot_change_or_remove_another_coders_rows(team: Team, sara) -> None:
    assert sara.execute("UPDATE spans SET label = 'ACTOR' WHERE annotator = 'Omar'").rowcount == 0
    assert sara.execute("DELETE FROM spans WHERE annotator = 'Omar'").rowcount == 0
    assert sara.execute("DELETE FROM article_state WHERE annotator = 'Omar'").rowcount == 0
    assert sara.execute("UPDATE spans SET status = 'rejected' WHERE id = 1").rowcount == 0
    sara.execute(SPAN, [8, 11, "accepted", "Sara", 1, T, T])
    with pytest.raises(Refused):  # nor hand her own span over to him
        sara.execute("UPDATE spans SET annotator = 'Omar' WHERE annotator = 'Sara'")
    assert _count(team, "SELECT count(*) FROM spans WHERE annotator = 'Omar'") == 1
    assert _count(team, "SELECT count(*) FROM article_state WHERE annotator = 'Omar'") == 1
    assert _count(team, "SELECT count(*) FROM spans WHERE label = 'ACTOR'") == 0


def test_a_lead_adjudicates_and_assigns(team: Team, lena) -> None:
    gold_id = lena.execute(
        SPAN + " RETURNING id", [12, 17, "added", "gold", None, T, T]
    ).fetchone()[0]
    lena.execute(
        "INSERT INTO gold_sources (gold_span_id, source_span_id, annotator, decided_by)"
        " VALUES (%s, 2, 'Omar', 'Lena')",
        [gold_id],
    )
    lena.execute(
        "INSERT INTO gold_rejections (source_span_id, article_id, annotator, rejected_at,"
        " decided_by) VALUES (1, 1, 'Omar', %s, 'Lena')",
        [T],
    )
    lena.execute(STATE, ["gold", "done", T])
    lena.execute(
        "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (1, 'Sara', %s)", [T]
    )
    lena.execute("DELETE FROM assignments WHERE annotator = 'Sara'")
    assert lena.execute("SELECT count(*) FROM spans").fetchone() == (3,)  # she reads every layer
    assert lena.execute("SELECT count(*) FROM article_state").fetchone() == (2,)
    assert _count(team, "SELECT count(*) FROM audit WHERE who = 'Lena'") == 2  # source, rejection
    assert _count(team, "SELECT count(*) FROM audit WHERE tbl = 'assignments'") == 2


@pytest.mark.parametrize(
    ("what", "sql", "params"),
    [
        ("a coder's span", SPAN, [8, 11, "accepted", "Sara", 1, T, T]),
        ("a coder's state", STATE, ["Sara", "done", T]),
        (
            "another's audit row",
            "INSERT INTO audit (who, action, tbl) VALUES ('Sara', 'insert', 'x')",
            [],
        ),
        ("a login", "INSERT INTO logins (login, annotator, role) VALUES ('x', 'Lena', 'lead')", []),
    ],
)
def test_a_lead_cannot_write_a_coders_layer(team: Team, lena, what, sql, params) -> None:
    with pytest.raises(Refused):
        lena.execute(sql, params)


def test_a_lead_cannot_change_a_coders_rows(team: Team, lena) -> None:
    assert lena.execute("UPDATE spans SET label = 'ACTOR' WHERE annotator = 'Omar'").rowcount == 0
    assert lena.execute("DELETE FROM article_state WHERE annotator = 'Omar'").rowcount == 0
    assert _count(team, "SELECT count(*) FROM spans WHERE annotator = 'Omar'") == 1


def test_a_login_reaches_only_its_own_project(team: Team, pg_cluster) -> None:
    other = "t_other_" + team.database[2:]
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{other}" TEMPLATE template0')
    try:
        init_project(pg_cluster.url(other))
        with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
            psycopg.connect(pg_cluster.url(other, user="sara", password="pw-sara-7"))
    finally:
        drop_database(pg_cluster, other)
