"""``report --out`` and ``export --out`` where nothing can be written: one line, no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain import GOLD
from annotator.services.importing import import_paths
from annotator.store import open_store

ROOT = Path(__file__).resolve().parents[2]
# root ignores permission bits: run the command without the capabilities that let it
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, gold_path: Path) -> Path:
    db_path = tmp_path_factory.mktemp("project") / "p.db"
    db = open_store(db_path)
    assert import_paths(db, [gold_path], annotator=GOLD, gold_by="lead").ok
    db.close()
    return db_path


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into (the test's processes included)."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permission bits cannot be tested")
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def annotator(*args: str | Path) -> subprocess.CompletedProcess[str]:
    prefix = NO_OVERRIDE if os.geteuid() == 0 else []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [*prefix, sys.executable, "-m", "annotator", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)


COMMANDS = {
    "report": ["report"],
    "export-csv": ["export", "--format", "csv"],
    "export-jsonl": ["export", "--format", "jsonl"],
}


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("where", ["read-only folder", "parent in a read-only folder"])
def test_a_read_only_place_gives_one_line(
    project: Path, read_only: Path, command: str, where: str
) -> None:
    out = read_only / "out" if where == "read-only folder" else read_only / "new" / "sub" / "out"
    before = _listing(read_only)
    run = annotator(*COMMANDS[command], "--db", project, "--out", out)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith(f"Error: {out}: ") and "Permission denied" in line
    assert _listing(read_only) == before  # nothing half-written, no temp or lock file


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_under_a_file_gives_one_line(project: Path, tmp_path: Path, command: str) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    out = tmp_path / "notes.txt" / "out"
    run = annotator(*COMMANDS[command], "--db", project, "--out", out)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.splitlines() == [
        f"Error: {out}: cannot create the folder {out.parent}: {out.parent} is a file, not a folder"
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name != "data-dir"] == ["notes.txt"]
