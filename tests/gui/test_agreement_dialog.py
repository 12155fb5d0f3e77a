"""The agreement dialog: the figures of ``annotator agreement``, computed off the GUI thread."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.gui import agreement_dialog
from annotator.gui.agreement_dialog import AgreementDialog
from annotator.gui.tasks import database_file
from annotator.services.agreement import compute_agreement
from annotator.services.agreement_format import format_agreement
from annotator.services.coding import CodingSession
from annotator.store import open_memory, open_store
from tests.gui.desk_driver import make_review_project
from tests.gui.windows import CTRL, focus_article, show_window


@pytest.fixture
def db(tmp_path: Path):
    """The review project, plus cem who accepts every suggestion of the first two articles."""
    path = tmp_path / "agree.db"
    first, second, _ = make_review_project(path)
    database = open_store(path)
    cem = CodingSession(database, "cem")
    for article in (first, second):
        cem.accept_all(article)
        cem.mark_done(article)
    yield database
    database.close()


def cells(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def cli_tables(text: str) -> dict[str, list[list[str]]]:
    """The CLI's tables, by comparison title: each data line split on runs of two spaces."""
    out: dict[str, list[list[str]]] = {}
    title = ""
    for line in text.splitlines():
        if line.startswith("== "):
            title = line
            out[title] = []
        elif title and line.strip() and not line.startswith("-"):
            out[title].append([c.strip() for c in line.split("  ") if c.strip()])
    return out


def test_same_figures_as_the_cli_from_a_worker_thread(db, qtbot, monkeypatch) -> None:
    threads: list[str] = []

    def spy(database, coders):
        threads.append(threading.current_thread().name)
        return compute_agreement(database, coders)

    monkeypatch.setattr(agreement_dialog, "compute_agreement", spy)
    dialog = AgreementDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.checked_coders() == ["ali", "bea", "cem"]
    with qtbot.waitSignal(dialog.computed, timeout=10_000):
        dialog.compute()
    assert threads and threads[0] != threading.main_thread().name
    expected = compute_agreement(db, ["ali", "bea", "cem"])
    assert dialog.report.as_dict() == expected.as_dict()
    names = [dialog.comparison.itemText(i) for i in range(dialog.comparison.count())]
    assert names == [
        "ali (reference) vs bea",
        "ali (reference) vs cem",
        "bea (reference) vs cem",
        "Group: ali, bea, cem",
    ]
    cli = cli_tables(format_agreement(expected, per_article=True))
    titles = list(cli)
    comparisons = [*expected.pairs, expected.group]
    for index, comparison in enumerate(comparisons):
        dialog.comparison.setCurrentIndex(index)
        lines = cli[titles[index]]
        pair = len(comparison.coders) == 2
        spans = cells(dialog.spans)
        measures = cells(dialog.measures)
        articles = cells(dialog.articles)
        if pair:  # the span table: the CLI's rows exactly, "ALL" last
            assert spans == lines[1 : 1 + len(spans)]
            assert spans[-1][0] == "ALL"
            assert dialog.spans.isVisibleTo(dialog)
            lines = lines[1 + len(spans) :]
        else:
            assert spans == [] and not dialog.spans.isVisibleTo(dialog)
        # the measures: names, units, share all agree and value as the CLI prints them
        shown = [[m[0], *[c for c in m[1:] if c]] for m in measures]
        assert shown == lines[1 : 1 + len(measures)]
        assert measures[0][3] == f"{comparison.overall.token_kappa:.3f}"
        # per article: id, source and the four figures
        per_article = lines[2 + len(measures) :]
        assert articles == per_article
        assert [int(a[0]) for a in articles] == comparison.articles
    # Copy as JSON: the whole report, as the CLI's --json gives it
    dialog.copy_button.click()
    text = QApplication.clipboard().text()
    assert json.loads(text) == json.loads(json.dumps(expected.as_dict()))
    assert "ali" in text and "\\u" not in text
    dialog.close()


def test_coders_are_checked_by_keyboard_and_two_are_needed(db, qtbot, press) -> None:
    dialog = AgreementDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.coders.setFocus()
    qtbot.waitUntil(dialog.coders.hasFocus)
    dialog.coders.setCurrentRow(0)
    press(Qt.Key.Key_Space)  # ali off
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Space)  # bea off
    assert dialog.checked_coders() == ["cem"]
    with qtbot.waitSignal(dialog.failed):
        dialog.compute()
    assert dialog.status.text() == "Check at least two coders."
    press(Qt.Key.Key_Space)  # bea on again
    with qtbot.waitSignal(dialog.computed, timeout=10_000):
        press(Qt.Key.Key_Return)  # Compute is the default button
    assert [c.coders for c in dialog.comparisons()] == [("bea", "cem")]
    assert dialog.report.as_dict() == compute_agreement(db, ["bea", "cem"]).as_dict()
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.tasks.busy)  # the finished worker is let go


def test_in_memory_database_computes_in_place(qtbot) -> None:
    db = open_memory()
    dialog = AgreementDialog(db)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed):
        dialog.compute()  # nobody finished anything
    assert database_file(db) is None
    db.close()


def test_the_review_window_opens_it(tmp_path: Path, qtbot, press) -> None:
    from annotator.gui.review.review_window import ReviewWindow

    make_review_project(tmp_path / "r.db")
    window = show_window(qtbot, ReviewWindow(open_store(tmp_path / "r.db")), focus=focus_article)
    press(Qt.Key.Key_G, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = window._dialogs["agreement"]
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert [c.coders for c in dialog.comparisons()] == [("ali", "bea")]
    dialog.close()
    window.close()
    window.db.close()


def test_closing_while_computing_waits_for_the_worker(db, qtbot) -> None:
    dialog = AgreementDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.compute()
    assert dialog.tasks.busy
    dialog.reject()  # returns once the worker is done: no thread outlives its data
    assert dialog.tasks.wait(0)
    qtbot.waitUntil(lambda: not dialog.tasks.busy)
