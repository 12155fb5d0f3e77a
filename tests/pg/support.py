"""The driver for the team-server tests: skipped without it, failed under ANNOTATOR_REQUIRE_PG=1."""

from __future__ import annotations

import os
from types import ModuleType

import pytest

REQUIRE_ENV = "ANNOTATOR_REQUIRE_PG"


def unavailable(reason: str) -> None:
    """Skip (the machine has no PostgreSQL), or fail when the run requires PostgreSQL."""
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def driver() -> ModuleType:
    """psycopg 3, for a test module's top level."""
    try:
        import psycopg
    except ImportError:
        unavailable(
            "the PostgreSQL driver psycopg 3 is not installed (pip install 'annotator[server]')"
        )
    return psycopg
