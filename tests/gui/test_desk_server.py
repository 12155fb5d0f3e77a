"""The desk on a team server's project (``annotator gui --db postgresql://…``): it opens, a key
press stores the decision on the server, and nothing of a file is done to it (no damage check,
no automatic backups); the title names user@host:port/db, never the password; slow work opens
the server again in its worker."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.domain import Article
from annotator.gui import agreement_dialog
from annotator.gui.agreement_dialog import AgreementDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services.agreement import compute_agreement
from annotator.services.project import open_project
from annotator.store import repository as repo
from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER
from tests.builders import OTHER, TEXT, code_two_coders, suggest
from tests.gui.desk_driver import make_desk_project
from tests.gui.windows import SHIFT, window_opener
from tests.pg.support import driver, run_cli

psycopg = driver()
ROOT = Path(__file__).resolve().parents[2]


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


def test_annotator_gui_db_url_opens_the_server_project(project_url: str, tmp_path: Path) -> None:
    """The real command, in a process of its own: --db URL, and $ANNOTATOR_DB."""
    ids = make_desk_project(project_url)
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
    with psycopg.connect(project_url) as conn:  # nor were the sample articles put on the server
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (len(ids),)


def test_agreement_is_computed_on_a_connection_of_its_own_to_the_server(
    qtbot, press, project_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window's slow work opens the project again in its worker: on a server, the server."""
    db = open_project(project_url)
    ids = []
    for name, text in (("a.txt", TEXT), ("b.txt", OTHER)):
        article_id, _new = repo.add_article(db, Article(text, source=name))
        repo.add_suggestions(db, article_id, suggest(text))
        ids.append(article_id)
    code_two_coders(db, *ids)
    seen: list[tuple[str, object]] = []

    def spy(database, coders):  # the real computation, noting where it ran and on what
        seen.append((threading.current_thread().name, database))
        return compute_agreement(database, coders)

    monkeypatch.setattr(agreement_dialog, "compute_agreement", spy)
    dialog = AgreementDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.compute_button.setFocus()
    qtbot.waitUntil(dialog.compute_button.hasFocus)
    with qtbot.waitSignal(dialog.computed, timeout=20_000):
        press(Qt.Key.Key_Return)
    ((thread, database),) = seen
    assert thread != threading.main_thread().name and database is not db
    assert dialog.report.as_dict() == compute_agreement(db, ["ali", "bea"]).as_dict()
    assert [p.coders for p in dialog.report.pairs] == [("ali", "bea")]
    dialog.close()
    db.close()


DESK_AS = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.gui.app import application, run
from annotator.gui.main_window import MainWindow

application()  # the timer below needs the application's event loop
seen = []


def act():  # in the desk's event loop, once its window is up
    desks = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if not desks or not desks[0].isVisible() or seen:
        return
    desk = desks[0]
    if not desk.view.hasFocus():  # the next round, once the window is active
        desk.activateWindow()
        desk.view.setFocus()
        return
    seen.append(desk.session.annotator)
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_A):  # the first suggestion, accepted
        QTest.keyClick(QApplication.focusWidget() or desk.view, key)
    desk.close()
    QApplication.quit()


poll = QTimer()
poll.timeout.connect(act)
poll.start(20)
status = run(sys.argv[1])
print("SEEN", *seen)
sys.exit(status)
"""


def test_the_desk_on_a_coders_login_codes_as_that_coder(
    pg_cluster, pg_database: str, pg_url: str
) -> None:
    """``annotator gui --db`` with Sara's login, in a desk process of its own: the desk is
    Sara's whatever name the settings hold (the server lets the login write Sara's layer only),
    and her key press is stored."""
    init_project(pg_url)
    add_person(pg_url, "Sara", "pw-sara-7", role=CODER)
    make_desk_project(pg_url)  # the admin imports the article and its suggestions
    Settings().coder = "bob"  # the name last typed on this computer (for a file project)
    sara = pg_cluster.url(pg_database, user="sara", password="pw-sara-7")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", DESK_AS, sara],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "SEEN Sara" in done.stdout.splitlines()
    assert "pw-sara-7" not in done.stdout + done.stderr
    assert Settings().coder == "bob"  # the login's name is not remembered as this computer's
    with psycopg.connect(pg_url) as admin:
        rows = admin.execute("SELECT annotator, status FROM spans WHERE origin = 'coder'")
        assert rows.fetchall() == [("Sara", "accepted")]
