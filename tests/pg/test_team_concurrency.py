"""bench/team_concurrency.py, short: coder processes deciding at once through
``services.coding`` on one server project lose and duplicate nothing, counted in the rows and
in the audit log; also across a server restart in the middle (a cluster of the test's own, each
coder on a login of its own under row-level security)."""

from __future__ import annotations

from bench import team_concurrency as bench
from tests.pg.support import driver

driver()
CODERS, DECISIONS = 2, 50


def check(url: str, result: bench.Run) -> dict[str, dict[str, int]]:
    table = bench.count(url, result)
    assert sorted(table) == [f"coder{i}" for i in range(CODERS)]
    for coder in table.values():
        sent = coder["sent_accept"] + coder["sent_reject"]
        assert coder["made"] == DECISIONS == coder["undo_steps"]
        assert (coder["accepted"], coder["rejected"]) == (
            coder["sent_accept"],
            coder["sent_reject"],
        )
        assert coder["rows"] == coder["distinct"] == sent == coder["audit_spans"]
        assert coder["done"] == coder["sent_done"] == coder["audit_states"] > 0
    assert bench.lost_and_duplicated(table) == (0, 0)
    return table


def test_coders_at_once_lose_and_duplicate_nothing(project_url: str) -> None:
    bench.build_project(project_url, bench.articles_needed(DECISIONS))
    result = bench.run(project_url, CODERS, DECISIONS)
    check(project_url, result)
    assert len(result.latencies) == CODERS * DECISIONS and not result.held


def test_a_server_restart_under_the_coders_loses_and_duplicates_nothing() -> None:
    with bench.throwaway_project(CODERS) as (url, logins, control):  # each coder's own login
        bench.build_project(url, bench.articles_needed(DECISIONS))
        result = bench.run(url, CODERS, DECISIONS, logins=logins, restart=control, restart_at=20)
        assert result.restarted
        check(url, result)
        assert result.held  # decisions were held while the server was away, then stored
        assert sum(r["offline_errors"] for r in result.results) > 0
