"""A project on a team server, held through the same handle the store uses for SQLite.

The store's functions take one project handle and speak to it through a small surface:
``execute(sql, params)``, ``executescript``, ``conn`` (``execute``, ``executemany``,
``in_transaction``, ``commit``, ``rollback``), ``atomic()`` and ``close()``. For SQLite that is
sqlite-utils' ``Database``; here it is ``ServerDatabase`` over one psycopg 3 connection, so one
store function serves both backends.

The store writes its SQL once, in the part of SQL both backends read (``INSERT … ON CONFLICT``,
``RETURNING``, ``coalesce``, ``IS DISTINCT FROM``); where the dialects truly differ a store
module asks ``dialect.is_server(db)``. What stays SQLite's notation is translated here, once
per statement text (cached): ``?``/``?NNN``/``:name`` parameters become psycopg's, a ``%``
becomes ``%%``, ``temp.`` becomes ``pg_temp.``.

Transactions: the connection runs in autocommit mode, so a read never leaves a transaction
open (the server would hold its snapshot); ``write_transaction`` opens one with ``BEGIN`` and
nests as a savepoint, as on SQLite. Errors come back as the store's: a constraint or trigger
refusal as ``ServerIntegrityError`` (an ``sqlite3.IntegrityError``, so the store's handlers
work unchanged), a lost connection as ``StoreOfflineError``, a refusal by the server's
row-level security as ``ServerRefusedError``.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

from annotator.store.errors import StoreBusyError, StoreError
from annotator.store.postgres.connect import ServerError, _driver, _scrub, connect, describe

DIALECT = "postgresql"
RECONNECT_TIMEOUT = 2  # seconds: libpq's shortest; a desk retries on a timer, never blocks long


class StoreOfflineError(ServerError):
    """The connection to the team server is lost; what was being written was not stored."""


class ServerRefusedError(ServerError):
    """The server refused the request: this login may not do it (row-level security, grants)."""


class ServerBusyError(StoreBusyError):
    """Rows this write needs stayed locked by another connection beyond the lock timeout (or
    two writers deadlocked); nothing was written, try again."""


class ServerIntegrityError(sqlite3.IntegrityError):
    """A constraint or a trigger on the server refused a write (as SQLite's IntegrityError)."""


class ServerDatabaseError(sqlite3.DatabaseError):
    """Any other error the server returned for a statement."""


_TOKENS = re.compile(
    r"""'(?:[^']|'')*'"""  # a string literal
    r'''|"(?:[^"]|"")*"'''  # a quoted identifier
    r"|--[^\n]*"  # a comment
    r"|::"  # a cast
    r"|\?(\d*)"  # ?, ?NNN
    r"|(?<![\w:]):([A-Za-z_]\w*)"  # :name
    r"|%"
    r"|\btemp\."
)


@lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, str]:
    """``sql`` in psycopg's notation, and how its parameters are given: ``"seq"`` (``?``),
    ``"numbered"`` (``?NNN``, passed as ``pNNN`` names) or ``"named"`` (``:name``)."""
    style = "seq"

    def swap(match: re.Match[str]) -> str:
        nonlocal style
        token = match.group(0)
        if token[0] == "'":
            return token.replace("%", "%%")
        if token[0] == '"' or token.startswith("--") or token == "::":
            return token
        if token[0] == "?":
            if match.group(1):
                style = "numbered"
                return f"%(p{int(match.group(1))})s"
            return "%s"
        if token[0] == ":":
            style = "named"
            return f"%({match.group(2)})s"
        return "%%" if token == "%" else "pg_temp."

    return _TOKENS.sub(swap, sql), style


def _params(style: str, params: Any) -> Any:
    if style == "numbered":
        return {f"p{i}": value for i, value in enumerate(params, start=1)}
    if style == "named" or isinstance(params, dict):
        return params
    return list(params)


class Cursor:
    """A statement's result, read as a ``sqlite3.Cursor`` is (the store uses no more of it)."""

    __slots__ = ("_cur",)

    def __init__(self, cur: Any) -> None:
        self._cur = cur

    def fetchone(self) -> tuple | None:
        return self._cur.fetchone() if self._cur.description is not None else None

    def fetchall(self) -> list[tuple]:
        return self._cur.fetchall() if self._cur.description is not None else []

    def fetchmany(self, size: int = 1) -> list[tuple]:
        return self._cur.fetchmany(size) if self._cur.description is not None else []

    def __iter__(self) -> Iterator[tuple]:
        if self._cur.description is None:
            return iter(())
        return iter(self._cur)

    @property
    def description(self) -> Any:
        return self._cur.description

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def lastrowid(self) -> None:
        raise AttributeError("a server cursor has no lastrowid: use INSERT … RETURNING id")

    def close(self) -> None:
        self._cur.close()


class Connection:
    """The part of ``sqlite3.Connection`` the store uses, over the server connection."""

    def __init__(self, owner: ServerDatabase) -> None:
        self._owner = owner

    @property
    def in_transaction(self) -> bool:
        psycopg = _driver()
        status = self._owner.raw.info.transaction_status
        return status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Any = None) -> Cursor:
        return self._owner.execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> Cursor:
        return self._owner.executemany(sql, rows)

    def executescript(self, sql: str) -> None:
        self._owner.executescript(sql)

    def commit(self) -> None:
        self._owner.commit()

    def rollback(self) -> None:
        self._owner.rollback()

    @property
    def total_changes(self) -> int:
        return self._owner.changes

    def set_trace_callback(self, callback: Any) -> None:
        """``callback(sql)`` after every statement this handle ran (as sqlite3's, with the
        store's SQL text); None stops it."""
        self._owner.trace = callback


LOCK_TIMEOUT_MS = 5000  # as SQLite's busy timeout: how long a write waits for a locked row


class ServerDatabase:
    """A project on a team server: the store's handle over one psycopg connection."""

    dialect = DIALECT

    def __init__(self, raw: Any, conninfo: str) -> None:
        self.raw = raw
        self.conninfo = conninfo
        self.trace: Any = None  # Connection.set_trace_callback
        self.lock_timeout_ms = LOCK_TIMEOUT_MS
        self.where = describe(conninfo)
        self.conn = Connection(self)
        self.changes = 0
        self._closed = False

    def configure(self, lock_timeout_ms: int = LOCK_TIMEOUT_MS) -> None:
        """What this connection needs beyond the driver's defaults (again after a reconnect):
        floats sent untyped (``_float_dumper``), and a write waits at most ``lock_timeout_ms``
        for a lock, as SQLite's busy timeout (0 waits 1 ms, not forever)."""
        self.raw.adapters.register_dumper(float, _float_dumper())
        self.lock_timeout_ms = max(1, int(lock_timeout_ms))
        with self._errors():
            self.raw.execute(f"SET lock_timeout = {self.lock_timeout_ms}")

    # --- statements ---
    def execute(self, sql: str, params: Any = None) -> Cursor:
        text, style = translate(sql)
        with self._errors():  # a lost connection may fail at cursor() already
            cur = self.raw.cursor()
            # always with parameters, none if need be: the driver reads ``%%`` back as ``%``
            # only when it parses parameters, and ``translate`` doubled every ``%``
            cur.execute(text, () if params is None else _params(style, params))
        if cur.rowcount > 0 and cur.description is None:
            self.changes += cur.rowcount
        if self.trace is not None:
            self.trace(sql)
        return Cursor(cur)

    def executemany(self, sql: str, rows: Any) -> Cursor:
        text, style = translate(sql)
        with self._errors():
            cur = self.raw.cursor()
            cur.executemany(text, [_params(style, row) for row in rows])
        if cur.rowcount > 0:
            self.changes += cur.rowcount
        if self.trace is not None:
            self.trace(sql)
        return Cursor(cur)

    def executescript(self, sql: str) -> None:
        """Several statements with no parameters (the simple query protocol runs them all)."""
        with self._errors():
            self.raw.execute(sql.replace("temp.", "pg_temp."), prepare=False)

    def query(self, sql: str, params: Any = None) -> Iterator[dict[str, Any]]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description or ()]
        for row in cur:
            yield dict(zip(names, row, strict=True))

    # --- transactions ---
    def commit(self) -> None:
        if self.conn.in_transaction:
            with self._errors():
                self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            with self._errors():
                self.raw.execute("ROLLBACK")

    @contextmanager
    def locked_transaction(self, lock: int) -> Iterator[ServerDatabase]:
        """One transaction that first takes the advisory lock ``lock`` (held to its end): BEGIN
        and the lock in one round trip. Inside an open transaction: a savepoint (the lock is
        held already)."""
        if self.conn.in_transaction:
            with self.atomic():
                yield self
            return
        try:
            with self._errors():
                self.raw.execute(f"BEGIN; SELECT pg_advisory_xact_lock({int(lock)})", prepare=False)
            yield self
        except BaseException:
            if not (self.raw.closed or self.raw.broken):
                with suppress(_driver().Error):
                    self.raw.execute("ROLLBACK")
            raise
        self.commit()

    @contextmanager
    def atomic(self) -> Iterator[ServerDatabase]:
        """One transaction (a savepoint inside one already open)."""
        with self._errors(), self.raw.transaction():
            yield self

    def close(self) -> None:
        self._closed = True
        self.raw.close()

    def reconnect(self, timeout: int = RECONNECT_TIMEOUT) -> bool:
        """A new connection with the same connection string when this one was lost (a server
        restart, a network drop); True if it made one, False if the connection still works.
        StoreOfflineError while the server cannot be reached (within ``timeout`` seconds)."""
        if self._closed:
            raise StoreOfflineError(f"{self.where}: the project was closed")
        if not (self.raw.closed or self.raw.broken):
            return False
        try:
            raw = _connect(self.conninfo, timeout)
        except ServerError as exc:
            raise StoreOfflineError(f"{exc}; nothing was saved") from None
        self.raw.close()
        self.raw = raw
        self.configure(self.lock_timeout_ms)  # untyped floats and the lock timeout again
        return True

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)

    # --- errors ---
    @contextmanager
    def _errors(self) -> Iterator[None]:
        psycopg = _driver()
        try:
            yield
        except psycopg.Error as exc:
            raise self.error(exc) from None

    def error(self, exc: Exception) -> Exception:
        """The store's error for a psycopg error (the message never shows a password)."""
        psycopg = _driver()
        errors = psycopg.errors
        text = _primary(exc, self.conninfo)
        if isinstance(exc, errors.LockNotAvailable | errors.DeadlockDetected) and not (
            self.raw.closed or self.raw.broken
        ):
            return ServerBusyError(
                f"{self.where}: the project is busy: another desk or program held the rows"
                f" this needs too long, so nothing was saved; try again ({text})"
            )
        if _offline(exc, psycopg) or self.raw.closed or self.raw.broken:
            return StoreOfflineError(
                f"{self.where}: the connection to the team server was lost ({text});"
                " nothing was saved"
            )
        if isinstance(exc, errors.InsufficientPrivilege):
            return ServerRefusedError(f"{self.where}: refused by the server: {text}")
        if isinstance(exc, psycopg.IntegrityError | errors.RaiseException | psycopg.DataError):
            return ServerIntegrityError(_as_sqlite(exc, text))
        return ServerDatabaseError(f"{self.where}: {text}")

    def __repr__(self) -> str:
        return f"<ServerDatabase {self.where}>"


def _offline(exc: Exception, psycopg: Any) -> bool:
    """A lost connection: the client's own error (no SQLSTATE), a connection exception (class
    08) or the server going down (57P01–57P03); not a server's refusal that happens to be an
    OperationalError (a lock timeout, a cancelled statement)."""
    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


# A refused constraint named as SQLite names it, so a message (and a handler matching it) reads
# the same from either backend; the server's own words follow.
_CONSTRAINTS = (
    ("CheckViolation", "CHECK constraint failed"),
    ("ForeignKeyViolation", "FOREIGN KEY constraint failed"),
    ("UniqueViolation", "UNIQUE constraint failed"),
    ("NotNullViolation", "NOT NULL constraint failed"),
)


def _as_sqlite(exc: Exception, text: str) -> str:
    diag = getattr(exc, "diag", None)
    kind = type(exc).__name__
    if getattr(diag, "constraint_name", None) or getattr(diag, "column_name", None):
        for name, words in _CONSTRAINTS:
            if kind == name:
                return f"{words}: {text}"
    if kind == "InvalidTextRepresentation":  # a value of the wrong type (SQLite: a typeof CHECK)
        return f"CHECK constraint failed: {text}"
    return text


def _primary(exc: Exception, conninfo: str) -> str:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    return _scrub(primary or str(exc), conninfo)


def reconnect(db: object) -> bool:
    """``db.reconnect()`` for a project on a team server (True if a lost connection was made
    again); False for a SQLite file, which has no connection to lose."""
    return db.reconnect() if isinstance(db, ServerDatabase) else False


def is_server(db: object) -> bool:
    """True for a project on a team server."""
    return getattr(db, "dialect", None) == DIALECT


def json_value(db: object, column: str, key: str) -> str:
    """SQL for the value under ``key`` of the JSON object text in ``column``, as SQLite's
    ``json_extract(column, '$.key')`` gives it: a number or a string, NULL when absent or null
    (the server reads it as jsonb, which the driver loads as the Python value)."""
    if is_server(db):
        return f"nullif(({column})::jsonb -> '{key}', 'null'::jsonb)"
    return f"json_extract({column}, '$.{key}')"


def _float_dumper() -> type:
    """A Python float sent as an untyped literal, so the column decides as SQLite's affinity
    does: ``1.5`` into a bigint column (a span offset) is refused instead of rounded to 2 (a
    float8 parameter would be cast on assignment), ``2.0`` stores 2, a double column takes it
    exactly (``repr`` round-trips)."""
    from psycopg.adapt import Dumper  # noqa: PLC0415

    class UntypedFloatDumper(Dumper):
        oid = 0  # unknown: typed by where it goes

        def dump(self, obj: float) -> bytes:
            if obj.is_integer():
                return str(int(obj)).encode()
            return repr(obj).encode()

    return UntypedFloatDumper


def _number_loader(psycopg: Any) -> type:
    """numeric (what ``sum`` of bigint gives) read as int when whole, as SQLite gives it."""
    from psycopg.types.numeric import NumericLoader  # noqa: PLC0415

    class IntegralNumericLoader(NumericLoader):
        def load(self, data: Any) -> Any:
            value = super().load(data)
            if value == value.to_integral_value():
                return int(value)
            return float(value)

    return IntegralNumericLoader


def _connect(conninfo: str, timeout: int = 10) -> Any:
    """A new autocommit connection, reading numeric as the store expects."""
    raw = connect(conninfo, autocommit=True, timeout=timeout)
    raw.adapters.register_loader("numeric", _number_loader(_driver()))
    return raw


def open_server(conninfo: str, *, lock_timeout_ms: int = LOCK_TIMEOUT_MS) -> ServerDatabase:
    """The project on the server at ``conninfo``, at the current schema; StoreError if the
    server cannot be reached, holds no project or a newer version's."""
    from annotator.store.postgres.schema import has_schema, pending_migrations  # noqa: PLC0415

    raw = _connect(conninfo)
    db = ServerDatabase(raw, conninfo)
    try:
        db.configure(lock_timeout_ms)
        with db._errors():
            present = has_schema(raw)
        if not present:
            raise StoreError(
                f"{db.where} holds no annotator project: create it with"
                " 'annotator server init --db …' first"
            )
        with db._errors():
            pending_migrations(raw, db.where)
    except BaseException:
        raw.close()
        raise
    return db


def copy_rows(db: ServerDatabase, table: str, rows: Iterator[tuple] | list[tuple]) -> int:
    """``rows`` (every column, in order) into ``table`` with ``COPY … FROM STDIN``: for a big
    batch several times faster than ``executemany`` (one stream, no statement per row). The
    rows copied; the store's errors as ``execute`` gives them."""
    n = 0
    with db._errors(), db.raw.cursor() as cur, cur.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n
