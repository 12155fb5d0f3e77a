"""The team's roles on the server: who may write what, enforced by PostgreSQL itself.

Each project database has two group roles (NOLOGIN), ``<database>_coders`` and
``<database>_leads``, and one LOGIN role per person, a member of one of them. The ``logins``
table maps a login to the annotator name it writes as; ``current_annotator()`` reads it for
the row-level security policies:

- a coder reads the articles, the suggestions and their own layer, states, assignments and
  audit rows (those of their assignments too: the live view sees a lead assign them work),
  and writes only their own spans and article states (the audit triggers add the audit rows);
  gold, assignments, articles and settings are read-only or hidden to them;
- a lead reads everything, writes the gold layer (spans and states of ``gold``, gold sources
  and rejections), their own layer, the suggestions and articles of an import, assignments and
  settings.

Logins are ASCII (``[a-z_][a-z0-9_.-]*``, at most 63 bytes: PostgreSQL's limit, and what one
types in a connection string); an annotator name that is not such a word (an Arabic name) is
given a login of the lead's choosing. Passwords travel only as SCRAM-SHA-256 verifiers made on
the client: the server (and its statement log) never sees them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.domain import GOLD, clean_name
from annotator.store.errors import StoreError

if TYPE_CHECKING:
    import psycopg

CODER, LEAD = "coder", "lead"
MAX_ROLE_BYTES = 63
LOGIN_RE = re.compile(r"[a-z_][a-z0-9_.-]*")
LOGIN_RULE = "lowercase ASCII letters, digits, '_', '.' and '-', starting with a letter or '_'"


class LoginError(StoreError):
    """A login that cannot be created (bad name, taken, or the name has one already)."""


@dataclass(frozen=True)
class Groups:
    """A project's two group roles."""

    coders: str
    leads: str


def groups_for(dbname: str) -> Groups:
    """The group roles of the project in database ``dbname`` (role names are cluster-wide)."""
    base = dbname
    if len(f"{base}_coders".encode()) > MAX_ROLE_BYTES:
        base = "annotator_" + hashlib.sha256(dbname.encode()).hexdigest()[:16]
    return Groups(f"{base}_coders", f"{base}_leads")


def login_problem(login: str) -> str | None:
    """Why ``login`` cannot be a database login, or None."""
    if not LOGIN_RE.fullmatch(login):
        return f"a login may contain only {LOGIN_RULE}"
    if len(login.encode()) > MAX_ROLE_BYTES:
        return f"a login is at most {MAX_ROLE_BYTES} characters long"
    if login.startswith("pg_") or login in {"public", "postgres", "none"}:
        return "the name is reserved by PostgreSQL"
    return None


def default_login(name: str) -> str | None:
    """The login for annotator ``name`` when it is one already (``Sara`` → ``sara``), else None."""
    login = name.lower()
    return login if login.isascii() and login_problem(login) is None else None


_POLICIES = (
    """
CREATE TABLE logins (
    login text PRIMARY KEY NOT NULL,
    annotator text NOT NULL UNIQUE REFERENCES annotators(name),
    role text NOT NULL CHECK (role IN ('coder', 'lead'))
);
CREATE FUNCTION current_annotator() RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT annotator FROM public.logins WHERE login = current_user
$$;
REVOKE ALL ON FUNCTION current_annotator() FROM PUBLIC;

ALTER TABLE spans ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_reads ON spans FOR SELECT TO {coders}
    USING (annotator IS NULL OR annotator = current_annotator());
CREATE POLICY coder_adds ON spans FOR INSERT TO {coders}
    WITH CHECK (annotator = current_annotator());
CREATE POLICY coder_changes ON spans FOR UPDATE TO {coders}
    USING (annotator = current_annotator()) WITH CHECK (annotator = current_annotator());
CREATE POLICY coder_removes ON spans FOR DELETE TO {coders}
    USING (annotator = current_annotator());
CREATE POLICY lead_reads ON spans FOR SELECT TO {leads} USING (true);
CREATE POLICY lead_adds ON spans FOR INSERT TO {leads}
    WITH CHECK (annotator IS NULL OR annotator IN ('gold', current_annotator()));
CREATE POLICY lead_changes ON spans FOR UPDATE TO {leads}
    USING (annotator IS NULL OR annotator IN ('gold', current_annotator()))
    WITH CHECK (annotator IS NULL OR annotator IN ('gold', current_annotator()));
CREATE POLICY lead_removes ON spans FOR DELETE TO {leads}
    USING (annotator IS NULL OR annotator IN ('gold', current_annotator()));

ALTER TABLE article_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_own ON article_state FOR ALL TO {coders}
    USING (annotator = current_annotator()) WITH CHECK (annotator = current_annotator());
CREATE POLICY lead_reads ON article_state FOR SELECT TO {leads} USING (true);
CREATE POLICY lead_adds ON article_state FOR INSERT TO {leads}
    WITH CHECK (annotator IN ('gold', current_annotator()));
CREATE POLICY lead_changes ON article_state FOR UPDATE TO {leads}
    USING (annotator IN ('gold', current_annotator()))
    WITH CHECK (annotator IN ('gold', current_annotator()));
CREATE POLICY lead_removes ON article_state FOR DELETE TO {leads}
    USING (annotator IN ('gold', current_annotator()));

ALTER TABLE assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY coder_reads ON assignments FOR SELECT TO {coders}
    USING (annotator = current_annotator());
CREATE POLICY lead_all ON assignments FOR ALL TO {leads} USING (true) WITH CHECK (true);

ALTER TABLE audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_reads ON audit FOR SELECT TO {coders} USING (who = current_annotator());
CREATE POLICY assigned_reads ON audit FOR SELECT TO {coders}
    USING (tbl = 'assignments'
           AND coalesce(after, before)::json->>'annotator' = current_annotator());
CREATE POLICY own_adds ON audit FOR INSERT TO {coders}, {leads}
    WITH CHECK (who = current_annotator());
CREATE POLICY lead_reads ON audit FOR SELECT TO {leads} USING (true);

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
GRANT SELECT ON logins, annotators, articles, article_lengths, suggestion_batches, settings,
    schema_migrations TO {coders}, {leads};
GRANT EXECUTE ON FUNCTION current_annotator() TO {coders}, {leads};
GRANT SELECT, INSERT, UPDATE, DELETE ON spans, article_state TO {coders}, {leads};
GRANT SELECT ON assignments TO {coders};
GRANT SELECT, INSERT ON audit TO {coders}, {leads};
GRANT SELECT, INSERT, UPDATE, DELETE ON assignments, gold_sources, gold_rejections, settings
    TO {leads};
GRANT INSERT ON articles, suggestion_batches TO {leads};
GRANT SELECT ON import_pending TO {coders};
GRANT SELECT, INSERT, DELETE ON import_publishing, import_pending TO {leads};
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {leads};
GRANT USAGE ON SEQUENCE spans_id_seq, audit_id_seq TO {coders};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC;
GRANT CONNECT ON DATABASE {database} TO {coders}, {leads};
"""
    + """
-- A lead imports (store.staging): a file is staged in the session's temp tables, and what an
-- import cut short left hidden is removed; a lead may delete those articles and no others.
GRANT TEMPORARY ON DATABASE {database} TO {leads};
ALTER TABLE articles ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON articles FOR SELECT TO {coders}, {leads} USING (true);
CREATE POLICY lead_adds ON articles FOR INSERT TO {leads} WITH CHECK (true);
CREATE POLICY lead_removes_hidden ON articles FOR DELETE TO {leads}
    USING (id IN (SELECT article_id FROM import_pending));
GRANT DELETE ON articles TO {leads};
"""
)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _role_exists(conn: psycopg.Connection, role: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is not None


def create_roles(conn: psycopg.Connection, created_at: str) -> Groups:
    """The group roles, the logins table, the policies and grants, and the ``gold`` annotator.

    Runs in the caller's transaction, after ``schema.create_schema``.
    """
    dbname = conn.execute("SELECT current_database()").fetchone()[0]
    groups = groups_for(dbname)
    for role in (groups.coders, groups.leads):
        if not _role_exists(conn, role):
            conn.execute(f"CREATE ROLE {_ident(role)} NOLOGIN")
    conn.execute(
        _POLICIES.format(
            coders=_ident(groups.coders), leads=_ident(groups.leads), database=_ident(dbname)
        )
    )
    conn.execute(
        "INSERT INTO annotators (name, role, created_at) VALUES (%s, %s, %s)",
        [GOLD, "gold", created_at],
    )
    return groups


def add_login(
    conn: psycopg.Connection,
    name: str,
    password: str,
    *,
    role: str,
    created_at: str,
    login: str | None = None,
) -> str:
    """Create the LOGIN role for annotator ``name`` (a coder or a lead); its login name.

    Runs in the caller's transaction. The annotator row is added if the project has none.
    """
    if role not in (CODER, LEAD):
        raise ValueError(role)
    name = clean_name(name)
    if login is None:
        login = default_login(name)
        if login is None:
            raise LoginError(
                f"the name {name!r} cannot be a database login ({LOGIN_RULE}); "
                "choose one with --login (for example --login coder1)"
            )
    problem = login_problem(login)
    if problem is not None:
        raise LoginError(f"the login {login!r} cannot be used: {problem}")
    if not password:
        raise LoginError("the password is empty")
    dbname = conn.execute("SELECT current_database()").fetchone()[0]
    groups = groups_for(dbname)
    if _role_exists(conn, login):
        raise LoginError(f"the server already has a login (role) named {login!r}")
    taken = conn.execute("SELECT login FROM logins WHERE annotator = %s", [name]).fetchone()
    if taken is not None:
        raise LoginError(f"the annotator {name!r} already has the login {taken[0]!r}")
    verifier = conn.pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    group = groups.coders if role == CODER else groups.leads
    conn.execute(
        f"CREATE ROLE {_ident(login)} LOGIN PASSWORD '{verifier.decode('ascii')}'"
        f" IN ROLE {_ident(group)}"
    )
    conn.execute(
        "INSERT INTO annotators (name, role, created_at) VALUES (%s, %s, %s)"
        " ON CONFLICT (name) DO NOTHING",
        [name, role, created_at],
    )
    conn.execute(
        "INSERT INTO logins (login, annotator, role) VALUES (%s, %s, %s)", [login, name, role]
    )
    return login
