"""sqlite-utils is loaded without numpy (issue 14: 0.2 s of every command's start-up), and numpy
still imports normally afterwards for the code that needs it (agreement, the spaCy export)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.builders import run_annotator

ROOT = Path(__file__).resolve().parents[2]


def _python(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in a real process, this checkout first on the path; must succeed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANNOTATOR_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, *args], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done


def test_a_command_that_opens_a_project_loads_no_numpy(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    run_annotator("import", "--db", project, "--no-suggest", ROOT / "seeds")
    done = _python(tmp_path, "-X", "importtime", "-m", "annotator", "stats", "--db", str(project))
    assert "Articles: 5" in done.stdout
    loaded = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "sqlite_utils" in loaded
    assert not {name for name in loaded if name.split(".")[0] in ("numpy", "pandas")}


def test_numpy_imports_as_usual_after_the_store(tmp_path: Path) -> None:
    code = """
import sys
import annotator.store
import numpy
import sqlite_utils.db
print(numpy.arange(3).sum(), sys.modules["numpy"] is numpy, sqlite_utils.db.np is None)
"""
    assert _python(tmp_path, "-c", code).stdout.strip() == "3 True True"


def test_numpy_loaded_first_is_left_to_sqlite_utils(tmp_path: Path) -> None:
    code = """
import numpy
import annotator.store
import sqlite_utils.db
print(sqlite_utils.db.np is numpy)
"""
    assert _python(tmp_path, "-c", code).stdout.strip() == "True"
