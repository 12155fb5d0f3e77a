"""Whose desk a login opens: the annotator a team server's login writes as."""

from __future__ import annotations

from pathlib import Path

from annotator.store import open_store
from annotator.store.postgres.project import add_person, init_project, login_annotator
from annotator.store.postgres.roles import CODER, LEAD
from tests.pg.support import driver

driver()


def test_a_login_writes_as_its_annotator(pg_cluster, pg_database: str, pg_url: str) -> None:
    init_project(pg_url)
    add_person(pg_url, "Sara", "pw-sara-7", role=CODER)
    add_person(pg_url, "ليلى", "pw-layla-7", role=LEAD, login="layla")
    for login, password, name in (("sara", "pw-sara-7", "Sara"), ("layla", "pw-layla-7", "ليلى")):
        db = open_store(pg_cluster.url(pg_database, user=login, password=password))
        assert login_annotator(db) == name
        db.close()
    admin = open_store(pg_url)  # the server's admin is no one's layer: the desk asks
    assert login_annotator(admin) is None
    admin.close()


def test_no_login_without_server_init_nor_on_a_file(project_url: str, tmp_path: Path) -> None:
    for target in (project_url, tmp_path / "p.db"):
        db = open_store(target)
        assert login_annotator(db) is None
        db.close()
