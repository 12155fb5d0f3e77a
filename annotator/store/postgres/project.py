"""A team's project on the server: create it (schema and roles) and add people's logins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from annotator.store.connection import now
from annotator.store.errors import StoreError
from annotator.store.postgres.connect import ServerError, connect, describe, server_error
from annotator.store.postgres.handle import is_server
from annotator.store.postgres.roles import Groups, add_login, create_roles
from annotator.store.postgres.schema import create_schema, has_schema


@dataclass(frozen=True)
class ServerProject:
    """A project created on the server: where, its group roles and the migrations it is at."""

    where: str
    groups: Groups
    migrations: list[str]


def _in_transaction(conninfo: str, doing: str, work: Callable[[Any], Any]) -> Any:
    """Run ``work(conn)`` in one transaction: all of it is stored, or nothing."""
    conn = connect(conninfo)
    try:
        with conn.transaction():
            return work(conn)
    except StoreError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            raise server_error(exc, conninfo, doing) from None
        raise
    finally:
        conn.close()


def init_project(conninfo: str) -> ServerProject:
    """Create the schema, the group roles, policies and grants in an empty database."""

    def work(conn: Any) -> ServerProject:
        if has_schema(conn):
            raise ServerError(f"{describe(conninfo)} already holds an annotator project")
        names = create_schema(conn)
        groups = create_roles(conn, now())
        return ServerProject(describe(conninfo), groups, names)

    return _in_transaction(conninfo, "cannot create the project", work)


def add_person(
    conninfo: str, name: str, password: str, *, role: str, login: str | None = None
) -> str:
    """Create the database login of coder or lead ``name``; the login's name."""

    def work(conn: Any) -> str:
        if not has_schema(conn):
            raise ServerError(
                f"{describe(conninfo)} holds no annotator project: run 'annotator server init'"
            )
        return add_login(conn, name, password, role=role, created_at=now(), login=login)

    return _in_transaction(conninfo, f"cannot add the {role} login", work)


def login_annotator(db: Any) -> str | None:
    """The annotator a team server's login writes as (a coder's or a lead's own layer), or
    None: a project file, or a login that is no one's (the server's admin)."""
    if not is_server(db):
        return None
    if db.execute("SELECT to_regclass('public.logins')").fetchone()[0] is None:
        return None  # a project made without 'server init': no logins
    row = db.execute("SELECT annotator FROM logins WHERE login = current_user").fetchone()
    return str(row[0]) if row else None
