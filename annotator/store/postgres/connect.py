"""Connecting to a team server with a libpq connection string; messages never show a password.

The connection string is anything libpq takes (``postgresql://user@host:5432/project``,
``host=… dbname=…``, ``service=team``); a password comes from the usual libpq places
(PGPASSWORD, ~/.pgpass, a PGSERVICE entry) or from the string itself. Every error this module
raises names the host, port, database and user only.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from annotator.store.errors import StoreError

if TYPE_CHECKING:
    import psycopg

DB_ENV = "ANNOTATOR_DB"  # the default connection string (or project file) for every command
SCHEMES = ("postgresql://", "postgres://")
# libpq's key=value form starts with one of its keywords (a file is not named "dbname=x")
_KEYWORDS = re.compile(r"\s*(?:host|hostaddr|port|dbname|user|service|passfile|sslmode)\s*=")


class ServerError(StoreError):
    """The team server cannot be reached or refused a request; the message names no password."""


class ServerUnreachableError(ServerError):
    """The team server cannot be reached or refused the login (wrong password, no such host)."""


def is_server_url(target: object) -> bool:
    """True when ``target`` is a PostgreSQL connection string (a ``postgresql://`` URL, or
    libpq's ``host=… dbname=…`` / ``service=…`` form) rather than a project file."""
    if not isinstance(target, str):
        return False
    return target.strip().lower().startswith(SCHEMES) or _KEYWORDS.match(target) is not None


def _driver() -> Any:
    try:
        import psycopg  # noqa: PLC0415
    except ImportError as exc:
        raise ServerError(
            "a team server needs the PostgreSQL driver psycopg 3: pip install 'annotator[server]'"
        ) from exc
    return psycopg


def parts(conninfo: str) -> dict[str, str]:
    """The connection string's parameters, with the environment's defaults; no password."""
    psycopg = _driver()
    try:
        params = psycopg.conninfo.conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError:
        raise ServerError(
            "the connection string cannot be read; expected postgresql://USER@HOST:PORT/DATABASE"
        ) from None
    params.pop("password", None)
    return {k: str(v) for k, v in params.items() if v is not None}


def describe(conninfo: str) -> str:
    """``user@host:port/database`` for messages: what libpq will use, never the password."""
    params = parts(conninfo)
    env = os.environ
    host = params.get("host") or env.get("PGHOST") or "localhost (the default socket)"
    port = params.get("port") or env.get("PGPORT") or "5432"
    dbname = params.get("dbname") or env.get("PGDATABASE") or "(default database)"
    user = params.get("user") or env.get("PGUSER") or "(current user)"
    service = params.get("service") or env.get("PGSERVICE")
    where = f"{user}@{host}:{port}/{dbname}"
    return f"{where} (service {service})" if service else where


def _scrub(message: str, conninfo: str) -> str:
    """The server's message without any password the connection string carries."""
    psycopg = _driver()
    try:
        secret = psycopg.conninfo.conninfo_to_dict(conninfo).get("password")
    except psycopg.ProgrammingError:
        secret = None
    text = " ".join(line.strip() for line in message.splitlines() if line.strip())
    text = text or "unknown error"
    return text.replace(str(secret), "***") if secret else text


def connect(conninfo: str, *, autocommit: bool = False, timeout: int = 10) -> psycopg.Connection:
    """An open connection to the team server, or ServerError naming where it tried to go
    (after ``timeout`` seconds at most)."""
    psycopg = _driver()
    where = describe(conninfo)
    try:
        return psycopg.connect(conninfo, autocommit=autocommit, connect_timeout=timeout)
    except psycopg.Error as exc:
        raise ServerUnreachableError(
            f"cannot connect to {where}: {_scrub(str(exc), conninfo)}"
        ) from None


def server_error(exc: Exception, conninfo: str, doing: str) -> ServerError:
    """A ServerError for a failed request: what was being done, where, and the server's reason."""
    return ServerError(f"{describe(conninfo)}: {doing}: {_scrub(str(exc), conninfo)}")
