"""The driver for the team-server tests: skipped without it, failed under ANNOTATOR_REQUIRE_PG=1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
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


def run_cli(
    *args: str, data_dir: Path, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m annotator ARGS`` in a real process with this checkout first on the path
    (keeping the path that found psycopg), output captured as UTF-8 text."""
    checkout = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (checkout, os.environ.get("PYTHONPATH", "")) if p)
    full_env = {
        **os.environ,
        "PYTHONPATH": path,
        "ANNOTATOR_DATA_DIR": str(data_dir),
        "PYTHONIOENCODING": "utf-8",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=stdin,
        timeout=120,
        check=False,
    )


def wait_for_killed_imports(url: str) -> None:
    """Wait until the server has ended the sessions of killed imports (their publishing locks
    free: the server notices a closed connection at once, but not in the same instant)."""
    import time

    from annotator.store import open_store, staging

    watcher = open_store(url)
    try:
        for _ in range(1000):
            held = watcher.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = ?",
                [staging._LOCKS],
            ).fetchone()[0]
            if held == 0:
                return
            time.sleep(0.01)
        pytest.fail("a killed import's session still holds its publishing lock")
    finally:
        watcher.close()
