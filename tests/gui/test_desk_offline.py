"""A lost connection never loses a decision: the desk on a team-server project while the server
restarts (pg_ctl stop/start on the same port) or drops the desk's connection
(pg_terminate_backend). Real key presses on the offscreen desk; a cluster of this module's own,
so the other suites' server is never restarted under them."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.desk_driver import DESK_SUGGESTIONS, EXTRA, make_desk_project
from tests.gui.windows import CTRL, answer
from tests.pg.cluster import Cluster, Control, running_cluster
from tests.pg.support import driver

psycopg = driver()
HOLDING = "Offline — retrying · 1 decision not stored yet"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Cluster, Control]]:
    with running_cluster() as both:
        yield both


@pytest.fixture
def server_project(server) -> Iterator[str]:
    """A fresh project on this module's cluster (started again if a test left it stopped)."""
    from annotator.store.postgres.schema import create_schema

    cluster, control = server
    try:
        psycopg.connect(cluster.url(), connect_timeout=2).close()
    except psycopg.OperationalError:
        control.start()
    name = f"p_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    with psycopg.connect(cluster.url(name)) as conn, conn.transaction():
        create_schema(conn)
    url = cluster.url(name)
    make_desk_project(url, EXTRA)
    yield url


@pytest.fixture
def open_desk(qtbot):
    from annotator.gui.main_window import MainWindow
    from annotator.store import open_store
    from tests.gui.windows import window_opener

    def build(target: str, coder: str = "ali") -> MainWindow:
        return MainWindow(open_store(target), coder, clock=lambda: 0.0)

    yield from window_opener(qtbot, build, (1200, 800))


def decisions(url: str, suggestion_id: int) -> list[tuple[str, str]]:
    """(status, coder) of every decision stored on the suggestion, read on a connection of
    the test's own."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT status, annotator FROM spans WHERE suggestion_id = %s ORDER BY id",
            [suggestion_id],
        ).fetchall()


def audited(url: str, suggestion_id: int) -> int:
    """How many audit rows record a decision on the suggestion being inserted."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT after FROM audit WHERE tbl = 'spans' AND action = 'insert'"
        ).fetchall()
    return sum(1 for (after,) in rows if json.loads(after).get("suggestion_id") == suggestion_id)


def first_suggestion(desk, press):
    press(Qt.Key.Key_Tab)
    row = desk.current_row()
    assert (row.start, row.end, row.confirmed) == (*DESK_SUGGESTIONS[0][:2], False)
    return row


def held(desk) -> bool:
    return desk.offline.held is not None


def stored_once_and_on(desk, press, url: str, first) -> None:
    """The held accept of ``first`` is on the server exactly once (its row and its audit row),
    the desk says so, and it takes the next key at once: R on the next suggestion is stored."""
    assert decisions(url, first.id) == [("accepted", "ali")]
    assert audited(url, first.id) == 1
    assert desk.status.hint.text() == "Back online: your last decision is stored."
    second = desk.current_row()  # on to the next suggestion, as after any accept
    assert (second.start, second.end) == DESK_SUGGESTIONS[1][:2]
    press(Qt.Key.Key_R)
    assert decisions(url, second.id) == [("rejected", "ali")]
    assert desk.status.saved.text() == "Saved"


def test_a_decision_made_while_the_server_is_down_is_kept_retried_and_stored_once(
    open_desk, server, server_project, press, qtbot
) -> None:
    _cluster, control = server
    desk = open_desk(server_project)
    first = first_suggestion(desk, press)
    control.stop()  # the server goes away under the running desk
    press(Qt.Key.Key_A)
    assert held(desk)
    assert desk.status.saved.text() == HOLDING
    assert "your last decision is kept" in desk.status.hint.text()
    assert desk.current_row().id == first.id  # shown as it is stored: still a suggestion
    assert not desk.current_row().confirmed
    press(Qt.Key.Key_R)  # a new decision is refused while the first one waits
    assert "Not done: your last decision is not stored yet" in desk.status.hint.text()
    assert desk.current_row().id == first.id
    qtbot.wait(1200)  # a few retries against a stopped server: still held, nothing lost
    assert held(desk) and desk.offline.attempts >= 1
    control.start()
    qtbot.waitUntil(lambda: desk.status.saved.text() == "Saved", timeout=20_000)
    assert not held(desk)
    assert desk.actions["undo"].text().startswith("&Undo Accept")
    stored_once_and_on(desk, press, server_project, first)


def test_a_dropped_connection_is_made_again_and_the_decision_stored(
    open_desk, server, server_project, press, qtbot
) -> None:
    cluster, _control = server
    desk = open_desk(server_project)
    first = first_suggestion(desk, press)
    with psycopg.connect(cluster.url(), autocommit=True) as conn:  # a network drop
        (killed,) = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [server_project.rsplit("/", 1)[1].split("?")[0]],
        ).fetchone()
    assert killed
    press(Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not held(desk) and desk.status.saved.text() == "Saved")
    stored_once_and_on(desk, press, server_project, first)


def test_quitting_with_a_decision_held_asks_and_stays_by_default(
    open_desk, server, server_project, press, qtbot
) -> None:
    _cluster, control = server
    desk = open_desk(server_project)
    first = first_suggestion(desk, press)
    control.stop()
    press(Qt.Key.Key_A)
    assert held(desk)
    desk.close()
    box = desk._dialogs["quit"]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is box)
    assert "not stored yet" in box.text()
    answer(qtbot, press, box)  # Enter: the default, stay and keep retrying
    assert desk.isVisible() and held(desk)
    desk.close()
    answer(qtbot, press, desk._dialogs["quit"], Qt.Key.Key_Escape)  # Escape stays too
    assert desk.isVisible() and held(desk)
    desk.close()
    box = desk._dialogs["quit"]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is box)
    (quit_button,) = [b for b in box.buttons() if b.text() == "&Quit without it"]
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not desk.isVisible())
    assert not held(desk) and not desk.offline.timer.isActive()
    control.start()
    assert decisions(server_project, first.id) == []  # dropped as the coder chose


def test_an_undo_while_offline_is_held_and_reading_waits_without_a_message_box(
    open_desk, server, server_project, press, qtbot
) -> None:
    _cluster, control = server
    desk = open_desk(server_project)
    first = first_suggestion(desk, press)
    press(Qt.Key.Key_A)  # stored while the server is up
    assert decisions(server_project, first.id) == [("accepted", "ali")]
    article = desk.article_id
    control.stop()
    press(Qt.Key.Key_Z, CTRL)  # Undo Accept: held like any decision
    assert held(desk) and desk.status.saved.text() == HOLDING
    press(Qt.Key.Key_PageDown, CTRL)  # the next article cannot be read: said, no box
    assert desk.article_id == article
    assert QApplication.activeModalWidget() is None and "error" not in desk._dialogs
    assert desk.status.saved.text() == HOLDING
    control.start()
    qtbot.waitUntil(lambda: not held(desk) and desk.status.saved.text() == "Saved", timeout=20_000)
    assert decisions(server_project, first.id) == []  # the undo is stored
    assert desk.actions["redo"].text().startswith("&Redo Accept")
    press(Qt.Key.Key_PageDown, CTRL)
    assert desk.article_id != article


def test_scrolling_the_list_while_offline_shows_blank_rows_then_the_rows(
    open_desk, server, server_project, qtbot
) -> None:
    """A page of the article list first scrolled to while the server is down: its rows stay
    blank (no exception out of the model's paint path), and read once the server is back."""
    from annotator.store import open_store
    from tests.builders import bulk_articles

    _cluster, control = server
    admin = open_store(server_project)
    try:
        bulk_articles(admin, 250)  # three pages of the list
    finally:
        admin.close()
    desk = open_desk(server_project)
    model, last = desk.model, desk.model.rowCount() - 1
    assert last >= 250
    control.stop()
    desk.list.table.scrollToBottom()  # painting asks the model for the uncached last page
    qtbot.wait(50)
    assert model.data(model.index(last, 0)) is None  # blank, and not kept as read
    control.start()
    qtbot.waitUntil(lambda: model.data(model.index(last, 0)) is not None, timeout=20_000)


@pytest.mark.usefixtures("arabic_ui")
def test_offline_is_said_in_arabic(open_desk, server, server_project, press, qtbot) -> None:
    _cluster, control = server
    desk = open_desk(server_project)
    first_suggestion(desk, press)
    control.stop()
    press(Qt.Key.Key_A)
    assert desk.status.saved.text() == "غير متصل — إعادة المحاولة · قرار واحد لم يُحفظ بعد"
    assert desk.status.hint.text().startswith("غير متصل — إعادة المحاولة: قرارك الأخير")
    press(Qt.Key.Key_R)
    assert desk.status.hint.text().startswith("لم يُنفَّذ: قرارك الأخير لم يُحفظ بعد")
    control.start()
    qtbot.waitUntil(lambda: not held(desk), timeout=20_000)
    assert desk.status.hint.text() == "عاد الاتصال: حُفظ قرارك الأخير."
