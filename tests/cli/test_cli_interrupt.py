"""Ctrl+C during `annotator import`: complete files stay, the rest is rerun by the same command."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = 150
PER_FILE = 3


def _articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or no table yet
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is a POSIX signal")
@pytest.mark.parametrize("presses", [1, 2], ids=["ctrl-c", "ctrl-c-twice"])
def test_ctrl_c_saves_complete_files_and_the_same_command_resumes(
    tmp_path: Path, presses: int
) -> None:
    """Once: stops after the file being imported; twice: at once, rolling that file back."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(FILES):
        lines = [
            json.dumps({"text": f"قتل {i * 10 + j + 3} مدنيين في قصف على حلب يوم {i}-{j}"})
            for j in range(PER_FILE)
        ]
        (folder / f"{i:04d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    command = [sys.executable, "-m", "annotator", "import", "--db", str(db), str(folder)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120  # a safety net for a hung run, not a speed assertion
    while _articles(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    for _ in range(presses):
        proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err
    saved = _articles(db)
    assert 0 < saved < FILES * PER_FILE, "the import ran to its end before Ctrl+C"
    assert saved % PER_FILE == 0  # only complete files
    assert "run the same command again to resume" in err
    if presses == 1:  # the count is exact
        assert f"interrupted: {saved // PER_FILE} file(s) saved completely" in err
        assert f"{saved} imported" in out

    rerun = subprocess.run(
        command, env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{FILES * PER_FILE - saved} imported, {saved} duplicate(s), 0 failed" in rerun.stdout
    assert _articles(db) == FILES * PER_FILE
