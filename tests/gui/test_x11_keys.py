"""The desk's keys on a real X11 display with a window manager (Xvfb + openbox), pressed by
xdotool: menu letters go to the menus (Alt+E then R is Redo, Alt+F then R and E open Report and
Export), the bracket keys move span edges, Ctrl+C in the terminal closes the desk.

Skipped where Xvfb, openbox, xdotool or Qt's xcb platform are not installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.store import open_store
from tests.gui.desk_driver import make_desk_project

CODER = "x11"
TOOLS = ("Xvfb", "openbox", "xdotool")
pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or not all(shutil.which(t) for t in TOOLS),
    reason="needs Xvfb, openbox and xdotool",
)


def wait_for(what: str, check: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@pytest.fixture
def display(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A fresh X server (on a display number no other server uses) with openbox on it; the
    environment to run clients there."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    manager = None
    try:
        with os.fdopen(read) as chosen:
            number = chosen.readline().strip()
        assert number, "Xvfb did not start"
        env = {**os.environ, "DISPLAY": f":{number}"}
        wait_for("the X server", lambda: _ok(["xdotool", "getmouselocation"], env))
        manager = subprocess.Popen(
            ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        probe = [sys.executable, "-c", "from PySide6.QtGui import QGuiApplication as A; A([])"]
        if not _ok(probe, {**env, "QT_QPA_PLATFORM": "xcb"}):
            pytest.skip("Qt's xcb platform cannot start here (missing xcb libraries)")
        yield env
    finally:
        for proc in (manager, server):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)


def _ok(command: list[str], env: dict[str, str]) -> bool:
    done = subprocess.run(command, env=env, capture_output=True, timeout=30, check=False)
    return done.returncode == 0


def active_title(env: dict[str, str]) -> str:
    done = subprocess.run(
        ["xdotool", "getactivewindow", "getwindowname"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def test_menu_letters_and_edge_keys_on_a_real_display(display, tmp_path: Path) -> None:
    db_path = tmp_path / "x11.db"
    (article_id,) = make_desk_project(db_path)
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "annotator.ini").write_text(f"[General]\ncoder={CODER}\n", encoding="utf-8")
    env = {
        **display,
        "QT_QPA_PLATFORM": "xcb",
        "ANNOTATOR_CONFIG_DIR": str(settings),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    desk = subprocess.Popen(
        [sys.executable, "-m", "annotator", "gui", "--db", str(db_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def keys(*names: str) -> None:
        for name in names:
            subprocess.run(["xdotool", "key", "--delay", "80", name], env=display, check=True)
            time.sleep(0.15)  # let the desk take each key before the next (no assertion)

    def title_becomes(part: str) -> None:
        wait_for(f"a window titled {part!r}", lambda: part in active_title(display))

    try:
        title_becomes("Annotator")
        keys("Tab", "a", "ctrl+z")  # accept جيش الإسلام, undo it: Redo is enabled
        keys("alt+e", "r")  # Edit > Redo, not Reject
        keys("Tab", "alt+f", "r")  # يعلن current; File > Report…, not Reject
        title_becomes("Project report")
        keys("Escape")
        title_becomes("Annotator")
        keys("alt+f", "e")  # File > Export…, not the span panel
        title_becomes("Export annotations")
        keys("Escape")
        title_becomes("Annotator")
        keys("r")  # now a real reject of يعلن; on to 45
        keys("braceleft")  # { (Shift+[): 45 grows by a word at its end
        keys("ctrl+braceright")  # Ctrl+} (Ctrl+Shift+]): and by one character at its start
        desk.send_signal(signal.SIGINT)  # Ctrl+C in the terminal
        _out, err = desk.communicate(timeout=30)
    finally:
        if desk.poll() is None:
            desk.kill()
            desk.wait()
    assert desk.returncode == 0, err
    db = open_store(db_path)
    text = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    rows = db.execute(
        "SELECT start, end, status FROM spans WHERE annotator = ? ORDER BY start", [CODER]
    ).fetchall()
    db.close()
    assert [(text[s:e], status) for s, e, status in rows] == [
        ("جيش الإسلام", "accepted"),
        ("يعلن", "rejected"),
        (" 45 من", "corrected"),
    ]
