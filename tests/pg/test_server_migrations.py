"""Schema steps on a team server: a newer app's step runs at open in a transaction of its own
and is recorded; a step that fails leaves the schema and the record as they were; a project a
newer version upgraded is refused. The steps are the real code path (``open_store`` on a real
server); only the list of known steps is extended, as the next version will extend it."""

from __future__ import annotations

import pytest

from annotator.store import StoreError, open_store
from annotator.store.postgres import schema
from tests.pg.support import driver

psycopg = driver()

STEP = "m999_server_step_test"


def _later_version(monkeypatch: pytest.MonkeyPatch, step_sql: str) -> None:
    """The app as the next version: one more migration, with its server step."""
    known = [*schema.known_migration_names(), STEP]
    monkeypatch.setattr(schema, "known_migration_names", lambda: known)
    monkeypatch.setitem(schema.SERVER_STEPS, STEP, step_sql)


def _recorded(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(f"SELECT name FROM {schema.MIGRATIONS_TABLE} ORDER BY name")
        return [r[0] for r in rows]


def _has_table(url: str, name: str) -> bool:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT to_regclass(%s)", [name]).fetchone()[0] is not None


def test_a_pending_step_runs_at_open_and_is_recorded(
    project_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _later_version(monkeypatch, "CREATE TABLE step_test (id bigint PRIMARY KEY)")
    open_store(project_url).close()
    assert _has_table(project_url, "step_test")
    assert STEP in _recorded(project_url)
    open_store(project_url).close()  # once: the second open finds nothing pending
    assert _recorded(project_url).count(STEP) == 1


def test_a_failing_step_leaves_the_schema_as_it_was(
    project_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _recorded(project_url)
    _later_version(
        monkeypatch, "CREATE TABLE step_test (id bigint); ALTER TABLE no_such_table ADD x int"
    )
    with pytest.raises(StoreError):
        open_store(project_url)
    assert not _has_table(project_url, "step_test")  # the step's first half rolled back too
    assert _recorded(project_url) == before


def test_a_project_a_newer_version_upgraded_is_refused(project_url: str) -> None:
    with psycopg.connect(project_url) as conn:
        conn.execute(
            f"INSERT INTO {schema.MIGRATIONS_TABLE} (migration_set, name) VALUES (%s, %s)",
            [schema.MIGRATION_SET, "m998_from_the_future"],
        )
    with pytest.raises(StoreError, match="newer version"):
        open_store(project_url)
