"""``annotator server init / add-coder / add-lead`` against a real server, in real processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from tests.pg.support import driver, run_cli

psycopg = driver()


def _init(pg_url: str, tmp_path: Path) -> None:
    done = run_cli("server", "init", "--db", pg_url, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr


def _password_file(tmp_path: Path, password: str) -> Path:
    path = tmp_path / "pw.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return path


def test_init_creates_the_project_once(pg_cluster, pg_url, tmp_path: Path) -> None:
    done = run_cli("server", "init", "--db", pg_url, data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "project created on annotator_admin@" in done.stdout
    assert pg_cluster.password not in done.stdout + done.stderr
    with psycopg.connect(pg_url) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
        assert names[-1].startswith("m009")
        assert conn.execute("SELECT role FROM annotators WHERE name = 'gold'").fetchone() == (
            "gold",
        )
    again = run_cli("server", "init", "--db", pg_url, data_dir=tmp_path)
    assert again.returncode == 1
    assert "already holds an annotator project" in again.stderr
    assert pg_cluster.password not in again.stderr


def test_the_server_comes_from_annotator_db(pg_url, tmp_path: Path) -> None:
    done = run_cli("server", "init", data_dir=tmp_path, env={"ANNOTATOR_DB": pg_url})
    assert done.returncode == 0, done.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM annotators").fetchone() == (1,)


def test_a_file_or_nothing_is_not_a_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "ANNOTATOR_DB"}
    runner = CliRunner(env={"ANNOTATOR_DB": None})
    result = runner.invoke(cli, ["server", "init", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    assert "must be a PostgreSQL connection string" in result.output
    result = runner.invoke(cli, ["server", "init"], env=env | {"ANNOTATOR_DB": ""})
    assert result.exit_code == 2
    assert "$ANNOTATOR_DB" in result.output


def test_a_refused_connection_names_the_server_but_not_the_password(
    pg_cluster, pg_database, tmp_path: Path
) -> None:
    secret = "Wrong-Secret-4711"
    url = pg_cluster.url(pg_database, password=secret)
    done = run_cli("server", "init", "--db", url, data_dir=tmp_path)
    assert done.returncode == 2  # as every command given a server it cannot reach
    assert f"cannot connect to annotator_admin@{pg_cluster.socket_dir}:{pg_cluster.port}/" in (
        done.stderr
    )
    assert pg_database in done.stderr
    assert "password authentication failed" in done.stderr
    assert secret not in done.stdout + done.stderr


def test_add_coder_from_a_password_file_makes_a_working_login(
    pg_cluster, pg_url, pg_database, tmp_path: Path
) -> None:
    _init(pg_url, tmp_path)
    secret = "s3cret-Sara"
    done = run_cli(
        "server", "add-coder", "Sara", "--password-file", str(_password_file(tmp_path, secret)),
        "--db", pg_url, data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "coder 'Sara' can now log in as 'sara'" in done.stdout
    assert secret not in done.stdout + done.stderr
    with psycopg.connect(pg_cluster.url(pg_database, user="sara", password=secret)) as conn:
        assert conn.execute("SELECT current_annotator()").fetchone() == ("Sara",)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_cluster.url(pg_database, user="sara", password="guess"))
    twice = run_cli(
        "server", "add-coder", "Sara", "--login", "sara2",
        "--password-file", str(_password_file(tmp_path, secret)), "--db", pg_url,
        data_dir=tmp_path,
    )  # fmt: skip
    assert twice.returncode == 1
    assert "already has the login 'sara'" in twice.stderr


def test_the_password_is_asked_twice_and_never_shown(
    pg_cluster, pg_url, pg_database, tmp_path: Path
) -> None:
    _init(pg_url, tmp_path)
    secret = "typed-Secret-99"
    result = CliRunner().invoke(
        cli,
        ["server", "add-lead", "Lena", "--db", pg_url],
        input=f"{secret}\nsomething-else\n{secret}\n{secret}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Password for Lena") == 2
    assert "do not match" in result.output
    assert secret not in result.output
    with psycopg.connect(pg_cluster.url(pg_database, user="lena", password=secret)) as conn:
        assert conn.execute("SELECT role FROM logins").fetchall() == [("lead",)]


def test_an_arabic_name_gets_the_login_one_chooses(
    pg_cluster, pg_url, pg_database, tmp_path: Path
) -> None:
    _init(pg_url, tmp_path)
    password = str(_password_file(tmp_path, "kalima-sirr"))
    refused = run_cli(
        "server", "add-coder", "سارة", "--password-file", password, "--db", pg_url,
        data_dir=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "cannot be a database login" in refused.stderr
    assert "--login" in refused.stderr
    done = run_cli(
        "server", "add-coder", "سارة", "--login", "sara_a", "--password-file", password,
        "--db", pg_url, data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with psycopg.connect(pg_cluster.url(pg_database, user="sara_a", password="kalima-sirr")) as c:
        assert c.execute("SELECT current_annotator()").fetchone() == ("سارة",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gold"], "reserved name of the adjudicated gold layer"),
        (["x", "--login", "Has Space"], "cannot be used: a login may contain only"),
        (["x", "--login", "pg_x"], "reserved by PostgreSQL"),
        (["x", "--login", "a" * 64], "at most 63"),
    ],
)
def test_names_and_logins_follow_the_rules(pg_url, tmp_path: Path, args, message) -> None:
    _init(pg_url, tmp_path)
    password = str(_password_file(tmp_path, "pw-1234"))
    done = run_cli(
        "server", "add-coder", *args, "--password-file", password, "--db", pg_url,
        data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert message in done.stderr
    with psycopg.connect(pg_url) as conn:  # nothing half-made
        assert conn.execute("SELECT count(*) FROM logins").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM annotators").fetchone() == (1,)


def test_a_missing_or_empty_password_file_is_named(pg_url, tmp_path: Path) -> None:
    _init(pg_url, tmp_path)
    missing = tmp_path / "nope.txt"
    done = run_cli(
        "server", "add-coder", "sara", "--password-file", str(missing), "--db", pg_url,
        data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"{missing}: cannot read the password" in done.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    done = run_cli(
        "server", "add-coder", "sara", "--password-file", str(empty), "--db", pg_url,
        data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert f"{empty}: line 1: the password is empty" in done.stderr


def test_add_coder_needs_a_project(pg_url, tmp_path: Path) -> None:
    done = run_cli(
        "server", "add-coder", "sara", "--password-file", str(_password_file(tmp_path, "p")),
        "--db", pg_url, data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1
    assert "holds no annotator project: run 'annotator server init'" in done.stderr


def test_passwords_come_from_the_usual_libpq_places(
    pg_cluster, pg_database, tmp_path: Path
) -> None:
    no_password = pg_cluster.url(pg_database, password="")
    env = {"PGPASSWORD": pg_cluster.password}
    done = run_cli("server", "init", "--db", no_password, data_dir=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:*:annotator_admin:{pg_cluster.password}\n", encoding="utf-8")
    passfile.chmod(0o600)
    secret = _password_file(tmp_path, "pw-from-file")
    done = run_cli(
        "server", "add-coder", "omar", "--password-file", str(secret), "--db", no_password,
        data_dir=tmp_path, env={"PGPASSFILE": str(passfile), "PGPASSWORD": ""},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_server_never_sees_the_password(pg_cluster, pg_url, pg_database, tmp_path) -> None:
    _init(pg_url, tmp_path)
    with psycopg.connect(pg_url, autocommit=True) as conn:  # log every statement from now on
        conn.execute(f"ALTER DATABASE \"{pg_database}\" SET log_statement = 'all'")
    secret = "Never-Logged-31337"
    done = run_cli(
        "server", "add-lead", "lena", "--password-file", str(_password_file(tmp_path, secret)),
        "--db", pg_url, data_dir=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    log = pg_cluster.log.read_text(encoding="utf-8", errors="replace")
    assert 'CREATE ROLE "lena" LOGIN PASSWORD \'SCRAM-SHA-256$' in log  # the statement is logged
    assert secret not in log  # but only the verifier made on the client
    with psycopg.connect(pg_url) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'lena'")
        assert stored.fetchone()[0].startswith("SCRAM-SHA-256$")


def test_the_db_option_goes_after_the_server_subcommand(pg_url) -> None:
    result = CliRunner().invoke(cli, ["--db", "x.db", "server", "init", "--db", pg_url])
    assert result.exit_code == 2
    assert "give --db after the server subcommand" in result.output


def test_a_failed_init_leaves_nothing_behind(pg_cluster, pg_url, pg_database, tmp_path) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:  # someone else's table, same name
        conn.execute("CREATE TABLE settings (whatever int)")
    done = run_cli("server", "init", "--db", pg_url, data_dir=tmp_path)
    assert done.returncode == 1
    assert "cannot create the project" in done.stderr
    assert 'relation "settings" already exists' in done.stderr
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
        assert tables == [("settings",)]
        roles = conn.execute(
            "SELECT count(*) FROM pg_roles WHERE rolname LIKE %s", [f"{pg_database}_%"]
        ).fetchone()
        assert roles == (0,)
