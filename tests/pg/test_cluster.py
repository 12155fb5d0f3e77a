"""The throw-away cluster itself: reachable over the socket and TCP, passwords required."""

from __future__ import annotations

import pytest

from tests.pg.support import driver

psycopg = driver()


def test_the_cluster_answers_over_socket_and_tcp(pg_cluster, pg_database) -> None:
    with psycopg.connect(pg_cluster.url(pg_database)) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == pg_database
    tcp = pg_cluster.tcp_url(pg_database, "annotator_admin", pg_cluster.password)
    with psycopg.connect(tcp) as conn:
        assert conn.execute("SELECT inet_server_port()").fetchone()[0] == pg_cluster.port


def test_a_wrong_password_is_refused(pg_cluster, pg_database) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_cluster.url(pg_database, password="not-the-password"))
