"""services.projects: the project handle gui and cli hold, and the file behind it."""

from __future__ import annotations

from pathlib import Path

from annotator.services.projects import Project, database_file, open_file
from annotator.store import open_memory


def test_the_file_behind_a_project(tmp_path: Path) -> None:
    path = tmp_path / "folder with spaces" / "مشروع.db"
    path.parent.mkdir()
    db: Project = open_file(path)
    try:
        assert path.exists()
        assert database_file(db) == path.resolve()
    finally:
        db.close()
    memory = open_memory()
    assert database_file(memory) is None
    memory.close()
