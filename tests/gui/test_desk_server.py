"""The desk on a team server's project (``annotator gui --db postgresql://…``): it opens, a key
press stores the decision on the server, and nothing of a file is done to it (no damage check,
no automatic backups); the title names user@host:port/db, never the password."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.services.project import open_project
from tests.gui.desk_driver import make_desk_project
from tests.gui.windows import SHIFT, window_opener
from tests.pg.support import driver, run_cli

psycopg = driver()

# The article list's query (store/listing.py: SQLite's INDEXED BY) is branch pgstore's work
# (issue 12); both tests pass with it made portable. Strict: remove the mark once it has landed.
AWAITS_SERVER_LISTING = pytest.mark.xfail(
    strict=True, reason="the desk's article list on a server awaits branch pgstore"
)


@AWAITS_SERVER_LISTING
def test_a_key_press_in_the_desk_stores_the_decision_on_the_server(
    qtbot, press, pg_cluster, project_url: str
) -> None:
    make_desk_project(project_url)  # a project named by its URL, as --db names it
    opener = window_opener(
        qtbot, lambda: MainWindow(open_project(project_url), "ali", clock=lambda: 0.0), (1200, 800)
    )
    desk = next(opener)()
    try:
        assert desk.guard.auto is None and desk.guard.path is None  # no file to check or copy
        title = desk.windowTitle()
        assert f"annotator_admin@{pg_cluster.socket_dir}:{pg_cluster.port}/" in title
        assert pg_cluster.password not in title
        while desk.view.caret() < 24:  # "45", suggested as CASUALTY with count 45
            press(Qt.Key.Key_Left)
        press(Qt.Key.Key_Left, SHIFT, times=2)
        assert desk.view.selected_range() == (24, 26)
        press(Qt.Key.Key_3)
        with psycopg.connect(project_url) as second:  # not the desk's own connection
            rows = second.execute(
                "SELECT start, \"end\", label, status, attrs FROM spans WHERE annotator = 'ali'"
            ).fetchall()
        assert rows == [(24, 26, "CASUALTY", "accepted", '{"count": 45}')]
    finally:
        next(opener, None)  # closes the desk and its connection


@AWAITS_SERVER_LISTING
def test_annotator_gui_db_url_opens_the_server_project(project_url: str, tmp_path: Path) -> None:
    """The real command, in a process of its own: --db URL, and $ANNOTATOR_DB."""
    make_desk_project(project_url)
    for how in ({"args": ("--db", project_url)}, {"env": {"ANNOTATOR_DB": project_url}}):
        out = tmp_path / f"{len(how)}-{'args' in how}.png"
        done = run_cli(
            "gui",
            *how.get("args", ()),
            "--screenshot",
            str(out),
            data_dir=tmp_path / "data",
            env={"QT_QPA_PLATFORM": "offscreen", **how.get("env", {})},
        )
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / "data" / "annotator.db").exists()  # no demo project was made
