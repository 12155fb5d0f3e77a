"""The suite's own guards, run in a real inner pytest session: the user's settings folder must
not change during a run, and a GUI test must not leave a message box or dialog open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def inner_session(tmp_path: Path, tests: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``pytest`` over ``tests`` (relative path: source) beside copies of our conftest files,
    with the user's config folder (XDG_CONFIG_HOME) in ``tmp_path/xdg``."""
    inner = tmp_path / "inner"
    (inner / "gui").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "conftest.py", inner / "conftest.py")
    shutil.copy(ROOT / "tests" / "gui" / "conftest.py", inner / "gui" / "conftest.py")
    (inner / "gui" / "__init__.py").write_text("", encoding="utf-8")  # as tests/gui has
    for name, source in tests.items():
        (inner / name).write_text(source, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANNOTATOR_")}
    env |= {
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(inner)],
        cwd=inner,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


WRITES_SETTINGS = """
import os
from pathlib import Path

def test_writes_the_user_settings():
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "annotator"
    folder.mkdir(parents=True)
    (folder / "annotator.ini").write_text("[General]\\ncoder=leak\\n")
"""

USES_SETTINGS = """
from annotator.gui.settings import Settings

def test_uses_the_settings(qapp):
    Settings().coder = "kept"
"""


def test_a_run_that_writes_the_users_settings_fails(tmp_path: Path) -> None:
    run = inner_session(tmp_path, {"test_leak.py": WRITES_SETTINGS})
    assert run.returncode != 0, run.stdout
    assert "the tests wrote the user's settings folder" in run.stdout, run.stdout
    assert str(tmp_path / "xdg" / "annotator") in run.stdout


def test_the_settings_of_a_run_stay_in_its_own_folder(tmp_path: Path) -> None:
    run = inner_session(tmp_path, {"gui/test_settings.py": USES_SETTINGS})
    assert run.returncode == 0, run.stdout + run.stderr
    assert not (tmp_path / "xdg" / "annotator").exists()


LEAVES_A_BOX = """
from PySide6.QtWidgets import QMessageBox

KEPT = []  # as a window keeps its boxes


def test_leaves_a_box(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "Export", "The file is busy")
    KEPT.append(box)
    box.show()

def test_answers_its_box(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "Export", "The file is busy")
    KEPT.append(box)
    box.show()
    box.accept()
"""


def test_a_gui_test_leaving_a_message_box_open_fails(tmp_path: Path) -> None:
    run = inner_session(tmp_path, {"gui/test_box.py": LEAVES_A_BOX})
    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    assert "test_leaves_a_box" in run.stdout
    assert "the test left 1 dialog(s) open: [\"QMessageBox 'Export': 'The file is busy'\"]" in (
        run.stdout
    )
