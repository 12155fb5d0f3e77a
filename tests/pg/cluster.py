"""A real, throw-away PostgreSQL cluster for the team-server tests: one per session.

``initdb`` into a temporary folder, ``pg_ctl start`` on a unix socket in that folder and a free
TCP port on 127.0.0.1, password (SCRAM) authentication for every login, stopped at the end.
PostgreSQL refuses to run as root: under uid 0 the server binaries run as the ``postgres``
system user (``runuser``) on a folder chowned to it. Each test gets its own database.

The store and service suites run on both backends: ``project_url`` is a fresh database made
from a template that holds the project's schema (``CREATE DATABASE … TEMPLATE``, a file copy
on the server), so each test starts from an empty project in a few milliseconds.

Without a server binary or the psycopg driver the tests skip, saying why; with
ANNOTATOR_REQUIRE_PG=1 (CI, ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.pg.support import driver
from tests.pg.support import unavailable as _unavailable

SUPERUSER = "annotator_admin"


def find_bindir() -> Path | None:
    """The folder of initdb/pg_ctl: pg_config's bindir, else the newest Debian-style install."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        done = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            candidates.append(Path(done.stdout.strip()))
    found = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(found, key=lambda p: _version(p.parent.name), reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    return next(
        (c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None
    )


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Cluster:
    """A running throw-away server: its socket folder, port and superuser's password."""

    socket_dir: Path
    port: int
    password: str
    log: Path

    def url(
        self, dbname: str = "postgres", user: str = SUPERUSER, password: str | None = None
    ) -> str:
        """A libpq URL over the unix socket (``password`` None: the superuser's)."""
        secret = self.password if password is None else password
        auth = (
            f"{quote(user, safe='')}:{quote(secret, safe='')}@"
            if secret
            else f"{quote(user, safe='')}@"
        )
        where = f"host={quote(str(self.socket_dir), safe='')}&port={self.port}"
        return f"postgresql://{auth}/{quote(dbname, safe='')}?{where}"

    def tcp_url(self, dbname: str, user: str, password: str) -> str:
        """A libpq URL over TCP on 127.0.0.1."""
        auth = f"{quote(user, safe='')}:{quote(password, safe='')}"
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{quote(dbname, safe='')}"


def _runner(owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--"] if owner else []


def _run(cmd: list[str], owner: str | None) -> None:
    done = subprocess.run([*_runner(owner), *cmd], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )


@dataclass
class Control:
    """Stop and start a running cluster on the same folder, socket and port (a server restart
    under a running client)."""

    bindir: Path
    data: Path
    log: Path
    options: str
    owner: str | None

    def _ctl(self, *args: str) -> None:
        _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args], self.owner)

    def start(self) -> None:
        self._ctl("-l", str(self.log), "-o", self.options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")


PREFIX = "annotator-pg-"
STARTER = "started-by"  # in a cluster's folder: the process id of the run that started it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_orphans(bindir: Path, owner: str | None) -> list[Path]:
    """Stop and remove the clusters that killed runs left behind (their starter is gone: a
    SIGKILL or SIGTERM ends pytest before its fixtures can stop the server); the folders."""
    removed = []
    for top in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            pid = int((top / STARTER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # no record (still starting, or not one of ours): left alone
        if _alive(pid):
            continue
        if (top / "data" / "postmaster.pid").exists():
            with suppress(RuntimeError):
                _run([str(bindir / "pg_ctl"), "-D", str(top / "data"), "-m", "immediate", "-w",
                      "stop"], owner)  # fmt: skip
        shutil.rmtree(top, ignore_errors=True)
        removed.append(top)
    return removed


@contextmanager
def running_cluster(*, durable: bool = False) -> Iterator[tuple[Cluster, Control]]:
    """A new throw-away cluster, running; stopped and removed at the end. ``durable``: commits
    flushed to disk as a real server's are (benchmarks); the tests' cluster does not wait."""
    driver()
    bindir = find_bindir()
    if bindir is None:
        _unavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) found: apt-get install postgresql"
        )
    owner = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            _unavailable("running as root and runuser is missing: initdb refuses to run as root")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            _unavailable("running as root and there is no 'postgres' system user to run the server")
        owner = "postgres"
    stop_orphans(bindir, owner)
    top = Path(tempfile.mkdtemp(prefix=PREFIX))
    (top / STARTER).write_text(str(os.getpid()), encoding="utf-8")
    data, sock = top / "data", top / "socket"
    sock.mkdir()
    password = secrets.token_urlsafe(16)
    (top / "pw").write_text(password + "\n", encoding="utf-8")
    if owner:
        entry = pwd.getpwnam(owner)
        for path in (top, sock, top / "pw"):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(top / "pw"),
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        owner,
    )
    options = f"-k {sock} -p {port} -c listen_addresses=127.0.0.1"
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    control = Control(bindir, data, top / "log", options, owner)
    try:
        control.start()
    except RuntimeError:
        shutil.rmtree(top, ignore_errors=True)
        raise
    try:
        yield Cluster(sock, port, password, top / "log"), control
    finally:
        with suppress(RuntimeError):  # already stopped by a test
            control.stop("immediate")
        shutil.rmtree(top, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """Start one cluster for the whole session; stop it and remove its folder at the end."""
    with running_cluster() as (cluster, _control):
        yield cluster


@pytest.fixture
def pg_database(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty database of its own for one test; its name. Dropped afterwards."""
    psycopg = driver()
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield name
    drop_database(pg_cluster, name)


def drop_database(cluster: Cluster, name: str) -> None:
    """Drop a test's database and the roles of its project (roles are cluster-wide)."""
    from annotator.store.postgres.roles import groups_for

    psycopg = driver()
    groups = groups_for(name)
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        members = conn.execute(
            "SELECT m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid"
            " JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ANY(%s)",
            [[groups.coders, groups.leads]],
        ).fetchall()
        for (role,) in [*members, (groups.coders,), (groups.leads,)]:
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def pg_url(pg_cluster: Cluster, pg_database: str) -> str:
    """The superuser's connection string to this test's own database."""
    return pg_cluster.url(pg_database)


TEMPLATE = "annotator_template"


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database holding an empty project (the schema, no roles), to copy for each test."""
    from annotator.store.postgres.schema import create_schema

    psycopg = driver()
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{TEMPLATE}" TEMPLATE template0')
    with psycopg.connect(pg_cluster.url(TEMPLATE)) as conn, conn.transaction():
        create_schema(conn)
    return TEMPLATE


@pytest.fixture
def project_url(pg_cluster: Cluster, pg_template: str) -> Iterator[str]:
    """The superuser's connection string to a fresh, empty project of this test's own."""
    psycopg = driver()
    name = f"p_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
