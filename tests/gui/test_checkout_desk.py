"""Coding a checked-out project at the desk by key presses, then checking it in: the server
(a real one, tests/pg/cluster.py) shows the decision."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain import Status
from annotator.services.checkout import checkin, checkout
from annotator.services.merge import merge_databases
from annotator.store import merging as merge_store
from annotator.store import open_store
from annotator.store import repository as repo
from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER
from tests.gui.desk_driver import desk_fixtures, make_desk_project
from tests.gui.windows import SHIFT

open_desk, _desk = desk_fixtures()


@pytest.fixture
def ali(pg_cluster, pg_database: str, pg_url: str, tmp_path: Path) -> str:
    """The desk project on the server, its article assigned to coder ali; ali's login."""
    make_desk_project(tmp_path / "lead.db")
    init_project(pg_url)
    add_person(pg_url, "ali", "pw-ali-7", role=CODER)
    merge_databases(pg_url, [tmp_path / "lead.db"])
    server = open_store(pg_url)
    merge_store.add_assignment(server, 1, "ali", "2026-12-07T00:00:00.000+00:00")
    server.close()
    return pg_cluster.url(pg_database, user="ali", password="pw-ali-7")


def test_a_key_press_on_a_checked_out_project_reaches_the_server(
    open_desk, ali: str, pg_url: str, tmp_path: Path, press
) -> None:
    laptop = tmp_path / "laptop.db"
    checkout(ali, "ali", laptop)

    desk = open_desk(laptop, "ali")
    while desk.view.caret() < 24:  # "45", suggested as CASUALTY: select it, press its key
        press(Qt.Key.Key_Left)
    press(Qt.Key.Key_Left, SHIFT, times=2)
    press(Qt.Key.Key_3)
    assert desk.actions["undo"].text() == "&Undo Accept ‘45’"

    report = checkin(laptop, ali)

    assert report.changed and report.merge.conflicts == []
    server = open_store(pg_url)
    rows = repo.confirmed_spans(server, 1, "ali")
    server.close()
    assert [(r.span.start, r.span.end, r.status) for r in rows] == [(24, 26, Status.ACCEPTED)]
