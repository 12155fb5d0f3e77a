"""Opening a project database safely: checks first, pragmas, migrations, write transactions.

- An existing file is checked read-only before anything may write to it: a file that is not
  SQLite, is damaged, is another application's database or was written by a newer version of
  the app raises StoreError and is left untouched.
- Before pending migrations run on an existing project, its pages are checked
  (``PRAGMA quick_check``) and the file is copied with SQLite's backup API to
  ``<name>.before-<first pending migration>.bak`` next to it (a timestamp is added if that name
  is taken). A new or empty database has nothing to back up. If the check or the copy fails,
  nothing is migrated.
- A write that cannot take the write lock within the busy timeout raises StoreBusyError
  (retryable); one that finds the file malformed raises StoreDamagedError. Either way nothing
  was written. Opening a current project only reads, so it never waits for another writer.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from glob import escape as glob_escape
from pathlib import Path

from sqlite_utils import Database

from annotator.store.errors import (
    StoreBusyError,
    StoreDamagedError,
    StoreError,
    StoreReadOnlyError,
)
from annotator.store.postgres.connect import is_server_url
from annotator.store.postgres.handle import is_server
from annotator.store.schema import MIGRATION_SET, known_migration_names, migrate, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
QUICK_CHECK_LIMIT = 10  # problems listed at most
_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (primary result codes)
_DAMAGED_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB
SQLITE_READONLY = 8
SQLITE_CANTOPEN = 14
SQLITE_IOERR = 10
# The team server's advisory lock a write transaction takes first: writers of one project go
# one at a time, as on SQLite, so a read-then-write (an overlap check, a stale undo) cannot
# interleave with another desk's write; readers never wait for it.
SERVER_WRITE_LOCK = 0x616E6E6F


def now() -> str:
    """Current UTC time as ISO 8601 text with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def open_store(
    path: str | Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool = False
) -> Database:
    """Open (creating if missing) a project database, migrated to the current schema.

    A file that is not SQLite, is damaged, is some other application's database or was
    written by a newer version of the app raises StoreError and is left untouched. An
    existing project is backed up next to itself before a migration changes it.

    A file or folder that cannot be written raises StoreReadOnlyError, unless ``read_only``
    (a command that only reads): then the project is opened read-only.
    """
    if is_server_url(path):
        from annotator.store.postgres.handle import open_server  # noqa: PLC0415

        return open_server(str(path).strip(), lock_timeout_ms=busy_timeout_ms)
    path = _file_path(path)
    if path.exists():
        preflight(path)
    elif not path.parent.is_dir():
        raise StoreError(f"{path}: the folder {path.parent} does not exist")
    blocked = read_only_reason(path)
    if blocked is not None:
        if read_only and path.exists():
            return _open_read_only(path, blocked)
        raise StoreReadOnlyError(f"{path}: read-only ({blocked}); nothing can be saved there")
    try:
        db = Database(path, execute_plugins=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    try:
        configure(db, busy_timeout_ms)
        if migrations.pending(db):
            with write_transaction(db):  # holds the write lock: two first opens cannot race
                pending = [m.name for m in migrations.pending(db)]
                if pending and migrations.applied(db):
                    _protect(db, path, pending[0])
                migrate(db)
    except StoreError:
        db.close()
        raise
    except sqlite3.Error as exc:
        db.close()
        if _code(exc) == SQLITE_READONLY:
            raise StoreReadOnlyError(f"{path}: read-only ({exc}); nothing can be saved") from exc
        if _code(exc) == SQLITE_IOERR:
            raise StoreDamagedError(damaged_message(path, [f"{exc}{_missing_log(path)}"])) from exc
        raise StoreError(f"{path}: cannot prepare the database: {exc}") from exc
    return db


def _file_path(path: str | Path) -> Path:
    """``path`` as a file's path; a connection string made a Path (it lost a slash, and may
    hold a password) is refused without echoing it."""
    path = Path(path)
    if str(path).lower().startswith(("postgresql:/", "postgres:/")):
        raise StoreError("a PostgreSQL connection string was given as a file path; pass it as text")
    return path


def read_only_reason(path: Path) -> str | None:
    """Why the project at ``path`` cannot be written (file or folder read-only), or None.

    SQLite writes ``-wal`` and ``-shm`` files beside the project, so the folder must be
    writable too unless both exist and can be written.
    """
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path} cannot be written"
    sides = [path.with_name(path.name + s) for s in ("-wal", "-shm")]
    if all(s.exists() and os.access(s, os.W_OK) for s in sides):
        return None
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} cannot be written"
    return None


def _open_read_only(path: Path, reason: str) -> Database:
    """A read-only connection to a current project in a place we cannot write."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0 and not wal.with_name(path.name + "-shm").exists():
        raise StoreReadOnlyError(
            f"{path}: read-only ({reason}) and its last changes are still in {wal.name},"
            " which cannot be read without writing; copy the folder somewhere writable"
        )
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        pending = migrations.pending(db)
    except sqlite3.Error as exc:
        raise StoreReadOnlyError(f"{path}: read-only ({reason}) and cannot be read: {exc}") from exc
    if pending and migrations.applied(db):
        db.close()
        raise StoreReadOnlyError(
            f"{path}: read-only ({reason}) and made by an older version: it must be upgraded"
            " before it can be read; copy it somewhere writable"
        )
    return db


def open_memory() -> Database:
    """A migrated in-memory database (for tests and scratch work)."""
    db = Database(memory=True, execute_plugins=False)
    db.execute("PRAGMA foreign_keys=ON")
    migrate(db)
    return db


def configure(db: Database, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Pragmas every connection needs: a busy timeout (first, so the rest can wait), WAL, FKs."""
    db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    db.enable_wal()
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA synchronous=NORMAL")


def checkpoint(db: Database) -> bool:
    """Copy the write-ahead log into the database file now, waiting for no other connection
    (``PRAGMA wal_checkpoint(PASSIVE)``); True if all of it was copied.

    Run when the coder pauses, so the automatic checkpoint (every 1,000 pages of log, an fsync
    of the database file) rarely falls on a decision; False (nothing lost) when busy.
    """
    if is_server(db):
        return True  # the server keeps its own log
    try:
        row = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == 0 and row[1] == row[2]


def preflight(path: Path) -> None:
    """Read-only checks on an existing file before anything may write to it."""
    if not path.is_file():
        raise StoreError(f"{path}: not a file")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file: {exc}") from exc
    if not header:
        return  # an empty file is an empty database
    if header[: len(SQLITE_HEADER)] != SQLITE_HEADER:
        raise StoreError(f"{path}: not an annotator database (not an SQLite file)")
    cut = _truncation(path, header, size)
    if cut:
        raise StoreError(f"{path}: the database is damaged or unreadable: {cut}")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
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
        raise _unreadable(path, exc) from exc
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


def _unreadable(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    """The error for a file SQLite could not read: damaged, read-only, or unreadable."""
    if is_damaged(exc) or _code(exc) == SQLITE_IOERR:
        return StoreDamagedError(damaged_message(path, [f"{exc}{_missing_log(path)}"]))
    blocked = read_only_reason(path)
    if blocked is not None:
        return StoreReadOnlyError(f"{path}: read-only ({blocked}): {exc}")
    return StoreError(f"{path}: the database is damaged or unreadable: {exc}")


def _truncation(path: Path, header: bytes, size: int) -> str | None:
    """Why the file is shorter than its header says (a cut copy or download), or None."""
    if len(header) < 100:
        return "the file ends inside its header (truncated)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"its header names an impossible page size ({page_size})"
    if size % page_size:
        return "the file is not a whole number of pages (truncated)"
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96] and pages > 0
    wal = Path(f"{path}-wal")
    pending_wal = wal.exists() and wal.stat().st_size > 0  # a checkpoint may be unfinished
    if header_valid and not pending_wal and size < pages * page_size:
        return f"the file holds {size // page_size} of its {pages} pages (truncated)"
    return None


def _protect(db: Database, path: Path, first_pending: str) -> None:
    """Check the pages of an existing project and back it up before a migration changes it."""
    try:
        problems = [str(r[0]) for r in db.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    if problems != ["ok"]:
        raise StoreDamagedError(
            f"{path}: the database is damaged ({'; '.join(problems)}); it was not upgraded"
        )
    backup_database(path, backup_path(path, first_pending))


def backup_path(path: Path, migration: str) -> Path:
    """Where the copy made before ``migration`` goes: next to the database, never over a file."""
    target = path.with_name(f"{path.name}.before-{migration}.bak")
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = path.with_name(f"{path.name}.before-{migration}.{stamp}.bak")
    return target


def backup_database(source: Path, target: Path, *, purpose: str = "before upgrading it") -> Path:
    """Copy a database with SQLite's backup API (committed WAL content included) to ``target``.

    The copy is written to ``<target>.part`` and renamed, so ``target`` is complete or absent.
    """
    part = target.with_name(target.name + ".part")
    try:
        src = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        part.replace(target)
    except (sqlite3.Error, OSError) as exc:
        with suppress(OSError):
            part.unlink()
        raise StoreError(
            f"{source}: cannot back it up to {target}{' ' if purpose else ''}{purpose}: {exc};"
            " nothing changed"
        ) from exc
    return target


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without writing anything, side files included.

    Without a ``-wal`` or ``-shm`` file everything is in the main file, which is read as
    immutable (no side file created next to it); with one, a read-only connection also reads
    what the log holds (and notices a log that was deleted while the project was open).
    """
    sides = [path.with_name(path.name + side) for side in ("-wal", "-shm")]
    live = any(side.exists() for side in sides)
    return path.resolve().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")


def _missing_log(path: Path) -> str:
    """A note when the project's write-ahead log is gone while its index (-shm) is there."""
    wal, shm = (path.with_name(path.name + side) for side in ("-wal", "-shm"))
    if shm.exists() and (not wal.exists() or wal.stat().st_size == 0):
        return (
            f"; its write-ahead log {wal.name} is missing or empty while {shm.name} is there:"
            " was it deleted while the project was open?"
        )
    return ""


def quick_check(path: Path, limit: int = QUICK_CHECK_LIMIT) -> list[str]:
    """SQLite's ``PRAGMA quick_check`` of the file at ``path`` on a read-only connection of its
    own: the problems found (at most ``limit``), [] if the file is sound."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            rows = [str(r[0]) for r in conn.execute(f"PRAGMA quick_check({int(limit)})")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise StoreBusyError(f"{path}: the database is busy; try again ({exc})") from exc
        if _code(exc) == SQLITE_CANTOPEN:
            raise _unreadable(path, exc) from exc
        return [f"cannot be read: {exc}{_missing_log(path)}"]
    return [] if rows == ["ok"] else rows


def backups_folder(path: Path) -> Path:
    """The folder of automatic backups: ``backups/`` beside the project."""
    return path.parent / "backups"


def backups_of(path: Path) -> list[Path]:
    """Every backup of the project at ``path``, newest first: the files in ``backups/`` and the
    ``NAME.before-*.bak`` copies made before upgrades."""
    found = list(path.parent.glob(f"{glob_escape(path.name)}.before-*.bak"))
    folder = backups_folder(path)
    if folder.is_dir():
        found += folder.glob(f"{glob_escape(path.stem)}-*.db")
    dated = []
    for candidate in found:
        with suppress(OSError):
            dated.append((candidate.stat().st_mtime, candidate.name, candidate))
    return [p for _t, _n, p in sorted(dated, reverse=True)]


def last_backup(path: Path, tries: int = 5) -> Path | None:
    """The newest backup of the project at ``path`` that passes ``quick_check`` (of the
    ``tries`` newest), or None."""
    for candidate in backups_of(path)[:tries]:
        with suppress(StoreError):
            if not quick_check(candidate):
                return candidate
    return None


def damaged_message(path: Path, problems: list[str]) -> str:
    """Says plainly that ``path`` is damaged, and where its last backup is."""
    backup = last_backup(path)
    where = (
        f"the last good backup is {backup}; restore it with: annotator restore {backup} --db {path}"
        if backup is not None
        else "no backup of it was found (look for a copy made elsewhere)"
    )
    lines = [
        line.strip()
        for problem in problems
        for line in str(problem).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    shown = "; ".join(lines[:3]) + (" …" if len(lines) > 3 else "")
    return f"{path}: the database file is damaged ({shown}). Stop using it: {where}"


def check_sound(path: Path) -> None:
    """StoreError if ``path`` is not a project we can read (``preflight``), StoreDamagedError
    (naming ``path`` and its last backup) if ``quick_check`` finds damage."""
    preflight(path)
    problems = quick_check(path)
    if problems:
        raise StoreDamagedError(damaged_message(path, problems))


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked/busy" errors."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    code = _code(exc)
    if code is not None:
        return code in _BUSY_CODES
    text = str(exc)
    return "database is locked" in text or "database is busy" in text


def is_damaged(exc: BaseException) -> bool:
    """True for SQLite's "database disk image is malformed" / "not a database" errors."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = _code(exc)
    if code is not None:
        return code in _DAMAGED_CODES
    return "malformed" in str(exc) or "not a database" in str(exc)


def _file_name(db: Database) -> str:
    with suppress(sqlite3.Error):
        for row in db.execute("PRAGMA database_list"):
            if row[1] == "main" and row[2]:
                return str(row[2])
    return "the database"


def _busy_error(db: Database, exc: sqlite3.Error) -> StoreBusyError:
    seconds = BUSY_TIMEOUT_MS / 1000
    with suppress(sqlite3.Error):
        seconds = db.execute("PRAGMA busy_timeout").fetchone()[0] / 1000
    return StoreBusyError(
        f"{_file_name(db)}: the database is busy: another window or program kept it locked"
        f" for more than {seconds:g} s, so nothing was saved; try again ({exc})"
    )


def _damaged_error(db: Database, exc: sqlite3.Error) -> StoreDamagedError:
    name = _file_name(db)
    if Path(name).is_file():
        return StoreDamagedError(f"{damaged_message(Path(name), [str(exc)])}; nothing was saved")
    return StoreDamagedError(
        f"{name}: the database file is damaged ({exc}); nothing was saved."
        " Close the app and restore the file from a backup"
    )


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: ``BEGIN IMMEDIATE`` around ``db.atomic()``; nests as a savepoint.
    On a team server: ``BEGIN`` and the project's write lock (``SERVER_WRITE_LOCK``).

    Taking the write lock up front means a concurrent writer makes us wait (busy timeout)
    instead of failing half-way through a read-then-write transaction. If the lock is still
    taken when the timeout ends, StoreBusyError is raised and nothing was written; a malformed file
    raises StoreDamagedError.
    """
    if is_server(db):
        with db.locked_transaction(SERVER_WRITE_LOCK):  # one writer at a time, as on SQLite
            yield db
        return
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            with db.atomic():
                yield db
            db.commit()
        except BaseException:
            with suppress(sqlite3.Error):
                db.rollback()
            raise
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise _busy_error(db, exc) from exc
        if is_damaged(exc):
            raise _damaged_error(db, exc) from exc
        if _code(exc) == SQLITE_READONLY:
            raise StoreReadOnlyError(
                f"{_file_name(db)}: read-only ({exc}); nothing was saved"
            ) from exc
        raise


def database_file(db: Database) -> Path | None:
    """The file behind a connection (None for an in-memory database or a team server)."""
    if is_server(db):
        return None
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            return Path(file)
    return None
