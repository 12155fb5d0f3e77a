"""Opening a project database safely: checks first, pragmas, migrations, write transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from annotator.store.errors import StoreError
from annotator.store.schema import MIGRATION_SET, known_migration_names, migrate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def now() -> str:
    """Current UTC time as ISO 8601 text with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def open_store(path: str | Path) -> Database:
    """Open (creating if missing) a project database, migrated to the current schema.

    A file that is not SQLite, is damaged, is some other application's database or was
    written by a newer version of the app raises StoreError and is left untouched.
    """
    path = Path(path)
    if path.exists():
        _preflight(path)
    elif not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    try:
        db = Database(path, execute_plugins=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    try:
        configure(db)
        with write_transaction(db):  # holds the write lock: two first opens cannot race
            migrate(db)
    except sqlite3.Error as exc:
        db.close()
        raise StoreError(f"{path}: cannot prepare the database: {exc}") from exc
    return db


def open_memory() -> Database:
    """A migrated in-memory database (for tests and scratch work)."""
    db = Database(memory=True, execute_plugins=False)
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)
    return db


def configure(db: Database) -> None:
    """Pragmas every connection needs: WAL, foreign keys, a busy timeout."""
    db.enable_wal()
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA synchronous=NORMAL")


def _preflight(path: Path) -> None:
    """Read-only checks on an existing file before anything may write to it."""
    if not path.is_file():
        raise StoreError(f"{path}: not a file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file: {exc}") from exc
    if not header:
        return  # an empty file is an empty database
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: not an annotator database (not an SQLite file)")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        applied: list[str] = []
        if "_sqlite_migrations" in tables:
            applied = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [MIGRATION_SET],
                )
            ]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: the database is damaged or unreadable: {exc}") from exc
    finally:
        conn.close()
    user_tables = {t for t in tables if not t.startswith(("sqlite_", "_sqlite_"))}
    if user_tables and not applied:
        raise StoreError(f"{path}: an SQLite database, but not an annotator project")
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise StoreError(
            f"{path}: made by a newer version of annotator (unknown schema steps: "
            f"{', '.join(unknown)}); update the app to open it"
        )


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: ``BEGIN IMMEDIATE`` around ``db.atomic()``; nests as a savepoint.

    Taking the write lock up front means a concurrent writer makes us wait (busy timeout)
    instead of failing half-way through a read-then-write transaction.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():
            yield db
    except BaseException:
        db.rollback()
        raise
    db.commit()
