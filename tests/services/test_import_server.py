"""Importing into a team server as the people who do it: a lead's login imports (temp tables,
hidden chunks, their removal after a lost session) and the server refuses a coder's import.
PostgreSQL only: SQLite has no logins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.services.importing import import_paths, run
from annotator.store import open_store, staging
from annotator.store import repository as repo
from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER, LEAD
from tests.pg.support import wait_for_killed_imports
from tests.reliability.worker import fake_suggest

TEXTS = [f"قتل {n} في حلب وأصيب {n + 1} في إدلب، وقال المرصد إن {n + 2} فروا." for n in range(6)]


def _plain(path: Path, texts: list[str]) -> Path:
    path.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts), "utf-8")
    return path


@pytest.fixture
def team(pg_cluster, pg_database: str, pg_url: str) -> dict[str, str]:
    """A project with lead Lena and coder Sara: each login's URL, and the admin's."""
    init_project(pg_url)
    add_person(pg_url, "Lena", "pw-lena-7", role=LEAD)
    add_person(pg_url, "Sara", "pw-sara-7", role=CODER)
    return {
        "admin": pg_url,
        "lena": pg_cluster.url(pg_database, user="lena", password="pw-lena-7"),
        "sara": pg_cluster.url(pg_database, user="sara", password="pw-sara-7"),
    }


def test_a_lead_imports_articles_with_suggestions(team: dict[str, str], tmp_path: Path) -> None:
    db = open_store(team["lena"])
    report = import_paths(db, [_plain(tmp_path / "a.jsonl", TEXTS)], suggest=fake_suggest)
    assert report.ok, report.failures
    assert report.imported == len(TEXTS) and report.suggestions > 0
    assert repo.article_count(db) == len(TEXTS)
    again = import_paths(db, [_plain(tmp_path / "a.jsonl", TEXTS)], suggest=fake_suggest)
    assert again.ok and again.duplicates == len(TEXTS)
    db.close()


def test_the_server_refuses_a_coders_import_and_stores_nothing(
    team: dict[str, str], tmp_path: Path
) -> None:
    db = open_store(team["sara"])
    path = _plain(tmp_path / "a.jsonl", TEXTS)
    report = import_paths(db, [path], suggest=fake_suggest)
    assert not report.ok and report.imported == 0
    (failure,) = report.failures
    assert failure.path == path and "refused by the server" in failure.reason
    db.close()
    admin = open_store(team["admin"])
    assert admin.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    assert admin.execute("SELECT count(*) FROM import_publishing").fetchone()[0] == 0
    admin.close()


def test_a_leads_rerun_removes_what_a_lost_session_left_hidden(
    team: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server ends the lead's session between two chunks; the lead's next import removes
    the hidden chunks (a lead may not delete articles, only an import's hidden ones) and
    stores the file once."""
    monkeypatch.setattr(staging, "CHUNK_ROWS", 1)  # a chunk per text
    db = open_store(team["lena"])
    admin = open_store(team["admin"])
    backend_pid = db.execute("SELECT pg_backend_pid()").fetchone()[0]

    class Cut(run.LockPace):
        n = 0

        def after(self, held: float) -> None:
            super().after(held)
            Cut.n += 1
            if Cut.n == 3:  # three chunks in, hidden
                admin.execute("SELECT pg_terminate_backend(?)", [backend_pid])

    monkeypatch.setattr(run, "LockPace", Cut)
    path = _plain(tmp_path / "a.jsonl", TEXTS)
    report = import_paths(db, [path], suggest=fake_suggest)
    assert report.stopped is not None and report.imported == 0
    assert admin.execute("SELECT count(*) FROM import_pending").fetchone()[0] == 3
    db.close()
    wait_for_killed_imports(team["admin"])
    monkeypatch.setattr(run, "LockPace", run.LockPace.__mro__[1])
    lead = open_store(team["lena"])
    rerun = import_paths(lead, [path], suggest=fake_suggest)
    assert rerun.ok and rerun.imported == len(TEXTS), rerun.failures
    assert admin.execute("SELECT count(*) FROM import_pending").fetchone()[0] == 0
    assert admin.execute("SELECT count(*) FROM articles").fetchone()[0] == len(TEXTS)
    # the lead may remove an import's hidden articles, never a visible one
    assert lead.execute("DELETE FROM articles").rowcount == 0
    assert repo.article_count(admin) == len(TEXTS)
    lead.close()
    admin.close()
