"""Connection strings: where a command connects is named in messages, a password never."""

from __future__ import annotations

import pytest

from annotator.store.postgres.connect import ServerError, connect, describe, is_server_url
from tests.pg.support import driver

driver()


@pytest.mark.parametrize(
    ("conninfo", "where"),
    [
        ("postgresql://sara:Top-Secret@db.example.org:6543/team", "sara@db.example.org:6543/team"),
        ("postgres://sara:Top-Secret@/team?host=/run/pg", "sara@/run/pg:5432/team"),
        ("host=h port=1 dbname=d user=u password=Top-Secret", "u@h:1/d"),
        ("service=team password=Top-Secret", "(current user)@localhost (the default socket)"),
    ],
)
def test_describe_names_the_server_not_the_password(
    conninfo: str, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)
    text = describe(conninfo)
    assert text.startswith(where)
    assert "Top-Secret" not in text


def test_the_environment_fills_in_what_the_string_leaves_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PGHOST", "envhost")
    monkeypatch.setenv("PGUSER", "envuser")
    monkeypatch.setenv("PGPASSWORD", "Env-Secret")
    monkeypatch.setenv("PGSERVICE", "team")
    text = describe("postgresql:///proj")
    assert text == "envuser@envhost:5432/proj (service team)"
    assert "Env-Secret" not in text


def test_an_unreadable_string_is_refused_without_echoing_it() -> None:
    with pytest.raises(ServerError) as caught:
        describe("postgresql://u:Top-Secret@h/d?nonsense=%zz")
    assert "cannot be read" in str(caught.value)
    assert "Top-Secret" not in str(caught.value)


def test_a_failed_connection_names_the_server_and_the_reason(tmp_path) -> None:
    conninfo = f"postgresql://u:Top-Secret@/d?host={tmp_path}&port=5999"
    with pytest.raises(ServerError) as caught:
        connect(conninfo)
    message = str(caught.value)
    assert message.startswith(f"cannot connect to u@{tmp_path}:5999/d: ")
    assert "No such file or directory" in message
    assert "\n" not in message
    assert "Top-Secret" not in message


def test_server_urls_are_told_from_files() -> None:
    assert is_server_url("postgresql://h/d")
    assert is_server_url(" POSTGRES://h/d")
    assert not is_server_url("project.db")
    assert is_server_url("service=team") and is_server_url("host=/run/pg dbname=p")  # libpq's
    assert not is_server_url("notes=1.db") and not is_server_url("data/host=x.db")
    assert not is_server_url(None)
