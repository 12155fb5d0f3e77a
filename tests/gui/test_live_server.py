"""The live team view on a team server: another coder's process, logged in as that coder,
writes to the project; a window's ``LiveView`` (on its own login) hands the change over at
once, woken by the server's notification through its socket (LISTEN/NOTIFY), never for its
own writes; the listener survives the server ending its connection. The coder's desk and the
lead's review window show it.

The server's part of the waiting is milliseconds (bench/live_notify.py measures it); the
bound below only keeps a loaded test machine from failing a correct run."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from annotator.domain import Label
from annotator.gui.article_list import ArticleListModel
from annotator.gui.live_view import LiveView
from annotator.gui.main_window import MainWindow
from annotator.services.coding import CodingSession
from annotator.store import open_store
from annotator.store.assignments import assign
from annotator.store.postgres.project import add_person, init_project
from annotator.store.postgres.roles import CODER, LEAD
from tests.builders import OTHER, TEXT, at, code_two_coders, store_articles
from tests.gui.desk_driver import THIRD
from tests.pg.support import driver

driver()

SHOWN_WITHIN_MS = 5000  # qtbot.waitUntil's bound on a busy machine (the wake-up is immediate)
NO_TIMER_MS = 3_600_000  # a poll interval no test outlasts: only the socket can wake the view
ROOT = Path(__file__).resolve().parents[2]

WRITER = """
import sys
from annotator.domain import Label
from annotator.services.coding import CodingSession
from annotator.services.coding import CodingSession
from annotator.store import open_store
url, coder, action, article, *where = sys.argv[1:]
db = open_store(url)
session = CodingSession(db, coder)
if action == "done":
    session.mark_done(int(article))
else:
    session.add_span(int(article), int(where[0]), int(where[1]), Label.CASUALTY)
db.close()
"""


@dataclass(frozen=True)
class Team:
    """A project on the server: coders ali, bea, cem and dan, lead lena; three articles."""

    cluster: object
    database: str
    admin: str
    ids: tuple[int, int, int]

    def url(self, login: str) -> str:
        return self.cluster.url(self.database, user=login, password=f"pw-{login}-7")

    def write(self, login: str, action: str, article_id: int, *where: int) -> None:
        """Another coder's process, on that coder's login, writes one decision."""
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONPATH": path}
        subprocess.run(
            [sys.executable, "-c", WRITER, self.url(login), login, action, str(article_id)]
            + [str(n) for n in where],
            check=True,
            timeout=120,
            env=env,
        )


@pytest.fixture
def team(pg_cluster, pg_database, pg_url) -> Team:
    """As ``desk_driver.make_review_project``, on the server: ali and bea coded the first two
    articles and finished them, ali finished the third."""
    init_project(pg_url)
    for name, role in (("ali", CODER), ("bea", CODER), ("cem", CODER), ("lena", LEAD)):
        add_person(pg_url, name, f"pw-{name}-7", role=role)
    db = open_store(pg_url)
    try:
        first, second, third = store_articles(db, [TEXT, OTHER, THIRD])
        ali, _bea = code_two_coders(db, first, second)
        ali.mark_done(third)
    finally:
        db.close()
    return Team(pg_cluster, pg_database, pg_url, (first, second, third))


def end_backend(admin_url: str, pid: int) -> None:
    """The server ends the connection of backend ``pid`` (as a network drop would)."""
    admin = open_store(admin_url)
    try:
        admin.execute("SELECT pg_terminate_backend(?)", [pid])
    finally:
        admin.close()


@pytest.fixture
def watching(qtbot):
    """watching(url, interval_ms): a shown window with a LiveView on its own connection to
    the project; the view and the list of what it handed over."""
    opened = []

    def _watch(url: str, interval_ms: int = NO_TIMER_MS) -> tuple[LiveView, list, object]:
        window = QWidget()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        db = open_store(url)
        live = LiveView(window, db, lambda: True, interval_ms=interval_ms)
        handed: list = []
        live.changed.connect(handed.append)
        opened.append((live, db))
        return live, handed, db

    yield _watch
    for live, db in opened:
        live.stop()
        db.close()


def articles_handed(handed: list) -> set[int]:
    return {a for changes in handed for a in changes.articles}


def test_another_coders_process_wakes_the_view_through_its_socket(watching, team, qtbot):
    first, second, third = team.ids
    live, handed, _db = watching(team.url("lena"))
    assert live.notifier is not None and live.notifier.isEnabled()
    team.write("bea", "done", third)  # another process, bea's login
    qtbot.waitUntil(lambda: third in articles_handed(handed), timeout=SHOWN_WITHIN_MS)
    assert articles_handed(handed) == {third}
    assert "article_state" in handed[-1].tables
    team.write("cem", "span", first, *at(TEXT, "مقتل"))
    qtbot.waitUntil(lambda: first in articles_handed(handed), timeout=SHOWN_WITHIN_MS)
    assert second not in articles_handed(handed)


def test_a_coders_view_sees_the_coders_other_desk(watching, team, qtbot) -> None:
    """On a coder's login (row-level security: only that coder's audit rows are readable)."""
    _first, _second, third = team.ids
    _live, handed, _db = watching(team.url("bea"))
    team.write("bea", "done", third)
    qtbot.waitUntil(lambda: third in articles_handed(handed), timeout=SHOWN_WITHIN_MS)
    assert articles_handed(handed) == {third}


def test_own_writes_are_not_handed_over(watching, team, qtbot) -> None:
    first, second, third = team.ids
    _live, handed, db = watching(team.url("bea"), interval_ms=100)
    mine = CodingSession(db, "bea")
    mine.add_span(first, *at(TEXT, "مقتل"), Label.CASUALTY)  # this desk, this connection
    mine.reopen(second)
    qtbot.wait(600)  # its notifications came and were read: nothing handed over
    assert handed == []
    team.write("bea", "done", third)  # the same coder's other desk
    qtbot.waitUntil(lambda: bool(handed), timeout=SHOWN_WITHIN_MS)
    assert articles_handed(handed) == {third}


def test_the_view_keeps_up_after_the_server_ends_its_listener(watching, team, qtbot) -> None:
    first, second, third = team.ids
    live, handed, _db = watching(team.url("lena"), interval_ms=200)
    feed = live.source.feed
    listener, socket = feed.conn.info.backend_pid, live._socket
    end_backend(team.admin, listener)
    team.write("bea", "done", third)  # its notification cannot reach the ended listener
    qtbot.waitUntil(lambda: third in articles_handed(handed), timeout=SHOWN_WITHIN_MS)
    assert feed.reconnects == 1 and feed.conn.info.backend_pid != listener
    assert live._socket == feed.fileno() and live.notifier is not None
    live.timer.setInterval(NO_TIMER_MS)  # from now on only the new socket can wake it
    live.timer.start()
    team.write("cem", "span", second, *at(OTHER, "12"))
    qtbot.waitUntil(lambda: second in articles_handed(handed), timeout=SHOWN_WITHIN_MS)
    assert first not in articles_handed(handed) and socket is not None


def state_shown(desk: MainWindow, article_id: int) -> str:
    row = desk.model.row_of(article_id)
    assert row is not None
    return desk.model.index(row, ArticleListModel.STATE).data()


def test_the_coders_other_desk_finishing_an_article_shows_in_the_list(
    open_desk, team, qtbot
) -> None:
    first, _second, third = team.ids
    desk = open_desk(team.url("bea"), "bea", first)
    assert state_shown(desk, third) == "open"
    assert desk.session.progress() == (2, 3)
    team.write("bea", "done", third)  # bea on another computer: another process
    qtbot.waitUntil(lambda: state_shown(desk, third) == "done", timeout=SHOWN_WITHIN_MS)
    assert desk.session.progress() == (3, 3)
    assert desk.list.current_article() == first and desk.article_id == first


def test_another_coders_span_shows_in_the_review_keeping_the_current_row(
    open_review, team, qtbot
) -> None:
    first, _second, _third = team.ids
    review = open_review(team.url("lena"))
    assert review.article_id == first
    review.step_item(1)
    kept = review.current_row()
    assert kept is not None
    before = len(review.rows)
    team.write("bea", "span", first, *at(TEXT, "مقتل"))
    qtbot.waitUntil(lambda: len(review.rows) == before + 1, timeout=SHOWN_WITHIN_MS)
    assert any(TEXT[r.start : r.end] == "مقتل" for r in review.rows)
    current = review.current_row()
    assert current is not None and current.key == kept.key


def test_an_article_a_coder_finishes_joins_the_review_list(open_review, team, qtbot) -> None:
    first, _second, third = team.ids
    db = open_store(team.admin)
    try:
        (fourth,) = store_articles(db, ["خبر جديد عن حمص"])
    finally:
        db.close()
    review = open_review(team.url("lena"))
    assert review.model.row_of(fourth) is None  # nobody finished it
    team.write("cem", "done", fourth)
    qtbot.waitUntil(lambda: review.model.row_of(fourth) is not None, timeout=SHOWN_WITHIN_MS)
    row = review.model.row_of(fourth)
    assert review.model.index(row, review.model.DONE_BY).data() == "cem"
    assert review.article_id == first and review.model.row_of(third) is not None


def test_a_new_coder_shows_in_the_open_reviews_coder_lists(open_review, team, qtbot) -> None:
    first, second, _third = team.ids
    review = open_review(team.url("lena"))
    assert "dan" not in review.all_coders
    add_person(team.admin, "dan", "pw-dan-7", role=CODER)  # the lead adds a coder
    team.write("dan", "done", second)  # who starts at once
    qtbot.waitUntil(lambda: "dan" in review.all_coders, timeout=SHOWN_WITHIN_MS)
    combo = review.list.coded_by
    assert "dan" in [combo.itemText(i) for i in range(combo.count())]
    panel = review.panel.coders
    assert "dan" in [panel.item(i).text() for i in range(panel.count())]
    assert "dan" not in review.coders and review.article_id == first


def test_the_desk_keeps_up_after_the_server_ends_its_listener(open_desk, team, qtbot) -> None:
    first, second, third = team.ids
    desk = open_desk(team.url("bea"), "bea", first)
    feed = desk.live.source.feed
    listener = feed.conn.info.backend_pid
    end_backend(team.admin, listener)
    team.write("bea", "done", third)  # its notification cannot reach the ended listener
    qtbot.waitUntil(lambda: state_shown(desk, third) == "done", timeout=SHOWN_WITHIN_MS)
    assert feed.reconnects >= 1 and feed.conn.info.backend_pid != listener
    assert state_shown(desk, second) == "done"
    before = len(desk._rows)
    team.write("bea", "span", first, *at(TEXT, "مقتل"))  # woken by the new listener's socket
    qtbot.waitUntil(lambda: len(desk._rows) == before + 1, timeout=SHOWN_WITHIN_MS)


def test_a_coders_view_sees_the_lead_assign_them_work(watching, team, qtbot) -> None:
    """Row-level security lets a coder read the audit rows of their own assignments only."""
    first, second, _third = team.ids
    _live, handed, _db = watching(team.url("bea"))
    lead = open_store(team.url("lena"))
    try:
        assign(lead, [(first, "ali"), (second, "bea")])  # ali's is not for bea's view
    finally:
        lead.close()
    qtbot.waitUntil(lambda: bool(handed), timeout=SHOWN_WITHIN_MS)
    assert handed[0].assignments and articles_handed(handed) == {second}
