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


def test_a_cluster_a_killed_run_left_is_stopped_by_the_next_run(tmp_path) -> None:
    """A run killed before its fixtures end (SIGKILL) leaves its server running; the next
    cluster's start stops and removes it, and leaves a live run's cluster alone."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from tests.pg.cluster import find_bindir, stop_orphans

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys, time\n"
        "from tests.pg.cluster import running_cluster\n"
        "with running_cluster() as (cluster, _control):\n"
        "    print(cluster.socket_dir.parent, flush=True)\n"
        "    time.sleep(600)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    run = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    try:
        top = Path(run.stdout.readline().strip())
        assert (top / "data" / "postmaster.pid").exists()
        owner = "postgres" if os.geteuid() == 0 else None
        assert top not in stop_orphans(find_bindir(), owner)  # its run is alive: left alone
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
    pid = int((top / "data" / "postmaster.pid").read_text().split()[0])
    assert _running(pid)  # the server outlived its killed run
    assert top in stop_orphans(find_bindir(), owner)
    assert not top.exists()
    assert not _running(pid)


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (one nobody reaped is stopped all the same)."""
    from pathlib import Path

    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status
