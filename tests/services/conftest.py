"""Fixtures the service tests share."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.backends import backend, db, out_target, project_target  # noqa: F401  (both backends)
from tests.builders import coded_pair


@pytest.fixture
def coded(
    db: Database,  # noqa: F811
    tmp_path: Path,
) -> tuple[Database, int, int]:
    """TEXT and OTHER imported with suggestions; ali and bea code the first differently
    (``builders.code_two_coders``). The database and the two article ids."""
    return (db, *coded_pair(db, tmp_path))
