"""Ctrl+C in the terminal (SIGINT) closes the desk cleanly: exit status 0, the time spent and
the open work in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.app import ask_coder_name
from annotator.gui.coder_dialog import CoderDialog
from annotator.store import open_store
from tests.gui.desk_driver import desk_interrupted, make_desk_project

CODER = "terminal"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT from a terminal is POSIX")
def test_ctrl_c_in_the_terminal_closes_the_desk_cleanly(tmp_path: Path) -> None:
    db_path = tmp_path / "sigint.db"
    (article_id,) = make_desk_project(db_path)
    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    ini = settings_dir / "annotator.ini"
    ini.write_text(f"[General]\ncoder={CODER}\n", encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_CONFIG_DIR": str(settings_dir),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    # some time spent on the article before Ctrl+C
    returncode, err = desk_interrupted(db_path, env, ini, CODER, linger=0.3)
    assert returncode == 0, err
    assert "KeyboardInterrupt" not in err
    assert "Traceback" not in err
    db = open_store(db_path)
    seconds = db.execute(
        "SELECT seconds_spent FROM article_state WHERE article_id = ? AND annotator = ?",
        [article_id, CODER],
    ).fetchone()
    db.close()
    assert seconds is not None and seconds[0] > 0  # written on the way out, as by File > Quit


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT from a terminal is POSIX")
def test_ctrl_c_at_the_first_start_coder_question_cancels_it(qtbot) -> None:
    """Seen on X11: Ctrl+C while the first start asks "Who is coding?" raised KeyboardInterrupt
    inside a Qt slot at the next key press and the dialog stayed open. Now it cancels the
    question (the desk then exits with status 1, as Cancel does)."""
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: received.append(signum))
    shown: list[QWidget] = []

    def interrupt() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CoderDialog)
        shown.append(dialog)
        os.kill(os.getpid(), signal.SIGINT)  # what the terminal sends on Ctrl+C

    def still_open() -> None:  # without a handler the question would wait for ever
        if shown and shown[0].isVisible():
            shown[0].reject()

    QTimer.singleShot(100, interrupt)
    QTimer.singleShot(3000, still_open)
    try:
        name = ask_coder_name(["ali"], "")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert shown, "the coder question did not open"
    assert name is None
    assert received == []  # Ctrl+C went to the desk's handler, not to the code around it
    assert signal.getsignal(signal.SIGINT) is previous  # and the handler is given back


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT from a terminal is POSIX")
def test_ctrl_c_keeps_the_desk_open_on_a_value_that_needs_an_answer(tmp_path: Path) -> None:
    """Ctrl+C with an unknown victim typed in the span panel closes the desk as closing the
    window does: the desk asks about the value and stays open until it is answered (Qt's quit
    closes the windows first and gives up when one refuses); nothing is stored unasked."""
    db_path = tmp_path / "sigint.db"
    make_desk_project(db_path)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_CONFIG_DIR": str(tmp_path),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    driver = Path(__file__).with_name("interrupt_driver.py")
    proc = subprocess.Popen(
        [sys.executable, str(driver), str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "READY", proc.communicate()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert out.splitlines() == ["ASKED New actor id", "CLEARED", "EXIT 0"], err
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    db = open_store(db_path)
    victims = db.execute("SELECT json_extract(attrs, '$.victim') FROM spans").fetchall()
    db.close()
    assert ("XYZQ",) not in victims and ("xyzq",) not in victims  # nothing stored unasked
