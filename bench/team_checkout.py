"""Merging into a team server's project, and a coder's checkout / checkin, timed.

Needs an EMPTY PostgreSQL database and a login that may create roles (``--db``, the admin's
libpq connection string). Builds a coder's SQLite project of N short articles with
suggestions, merges it into the server (and, for comparison, into a new SQLite file), assigns
every article to coder ``sara`` (a coder's login), checks them out with her login, codes K
decisions per article offline through the services, checks in, and checks in again (nothing
new). Prints a Markdown table.

    python bench/team_checkout.py --db postgresql://admin@/bench?host=/tmp --articles 1000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.services.checkout import checkin, checkout  # noqa: E402
from annotator.services.coding import CodingSession  # noqa: E402
from annotator.services.importing import import_paths  # noqa: E402
from annotator.services.merge import merge_databases  # noqa: E402
from annotator.store import merging as merge_store  # noqa: E402
from annotator.store import open_store  # noqa: E402
from annotator.store import repository as repo  # noqa: E402
from annotator.store.postgres.project import add_person, init_project  # noqa: E402
from annotator.store.postgres.roles import CODER  # noqa: E402
from tests.builders import OTHER, TEXT, suggest  # noqa: E402

PASSWORD = "bench-sara-pw"


def as_login(url: str, login: str, password: str) -> str:
    """The same server and database, another login (a URL of the form the tests use)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{login}:{password}@{host}"))


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an EMPTY database, admin's login")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--decisions", type=int, default=3, help="per article, offline")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-team-"))
    lines = folder / "many.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        for i in range(args.articles):
            fh.write(json.dumps({"text": f"{TEXT} رقم {i} {OTHER}"}, ensure_ascii=False) + "\n")
    coder_file = folder / "coder.db"
    db = open_store(coder_file)
    import_paths(db, [lines], suggest=suggest)
    db.close()

    init_project(args.db)
    add_person(args.db, "sara", PASSWORD, role=CODER)
    rows = []
    _, s = timed(lambda: merge_databases(folder / "merged.db", [coder_file]))
    rows.append(("merge into a new SQLite file", s))
    _, s = timed(lambda: merge_databases(args.db, [coder_file]))
    rows.append(("merge into the server's project (one transaction)", s))
    db = open_store(args.db)
    for article_id in repo.article_ids(db):
        merge_store.add_assignment(db, article_id, "sara", "2026-12-07T00:00:00.000+00:00")
    db.close()
    sara = as_login(args.db, "sara", PASSWORD)
    laptop = folder / "laptop.db"
    made, s = timed(lambda: checkout(sara, "sara", laptop))
    rows.append((f"checkout, sara's login ({made.copied.suggestions} suggestions)", s))
    session = CodingSession.open(laptop, "sara")
    decided = 0
    for article_id in repo.article_ids(session.db):
        for row in [r for r in session.spans(article_id) if not r.confirmed][: args.decisions]:
            session.accept(row.id)
            decided += 1
        session.mark_done(article_id)
    session.close()
    report, s = timed(lambda: checkin(laptop, sara))
    assert report.changed and not report.merge.conflicts
    rows.append((f"checkin of {decided} decisions and {args.articles} states", s))
    again, s = timed(lambda: checkin(laptop, sara))
    assert not again.changed
    rows.append(("checkin again (nothing new)", s))
    print(f"{args.articles} articles; {args.decisions} decisions per article offline\n")
    print("| step | seconds |\n|---|---:|")
    for what, seconds in rows:
        print(f"| {what} | {seconds:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
