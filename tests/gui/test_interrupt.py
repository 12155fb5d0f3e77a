"""Ctrl+C in the terminal (SIGINT) closes the desk cleanly: exit status 0, the time spent and
the open work in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.store import open_store
from tests.gui.desk_driver import make_desk_project

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
        "ANNOTATOR_SETTINGS_DIR": str(settings_dir),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "gui", "--db", str(db_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        # The desk writes the open article into its settings from its event loop: it is up.
        last_key = CODER.encode("utf-8").hex()
        deadline = time.monotonic() + 60
        while last_key not in ini.read_text(encoding="utf-8"):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the desk did not start"
            time.sleep(0.05)
        time.sleep(0.3)  # some time spent on the article
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "KeyboardInterrupt" not in err
    assert "Traceback" not in err
    db = open_store(db_path)
    seconds = db.execute(
        "SELECT seconds_spent FROM article_state WHERE article_id = ? AND annotator = ?",
        [article_id, CODER],
    ).fetchone()
    db.close()
    assert seconds is not None and seconds[0] > 0  # written on the way out, as by File > Quit
