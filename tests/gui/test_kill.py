"""SIGKILL in the middle of a session: every decision made before it is in the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.domain import Status
from annotator.store import open_store
from tests.gui.desk_driver import make_gold_project

DRIVER = Path(__file__).resolve().parent / "desk_driver.py"
KILL_AFTER = 25


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_keeps_every_decision(tmp_path: Path) -> None:
    db_path = tmp_path / "kill.db"
    make_gold_project(db_path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    try:
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith(f"DECIDED {KILL_AFTER} ") or line.startswith("FINISHED"):
                break
        proc.send_signal(signal.SIGKILL)
        lines += [x.strip() for x in proc.stdout]  # what it printed before it died
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert "FINISHED" not in lines, "the driver finished before the kill"
    decisions = [line.split() for line in lines if line.startswith("DECIDED")]
    assert len(decisions) >= KILL_AFTER

    db = open_store(db_path)  # opens cleanly: header, schema and migrations check out
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = dict(db.execute("SELECT suggestion_id, status FROM spans WHERE annotator = 'killer'"))
    for _word, n, action, span_id in decisions:
        expected = Status.ACCEPTED if action == "accept" else Status.REJECTED
        assert stored.get(int(span_id)) == expected.value, f"decision {n} lost"
    # At most the one decision in flight at the kill went unreported.
    assert len(decisions) <= len(stored) <= len(decisions) + 1
    db.close()
