"""What another connection committed to the project file since we last looked.

``data_version`` is SQLite's own change counter: ``PRAGMA data_version`` returns a different
value when ANOTHER connection (another desk, another process) committed to the file since this
connection last asked, never for this connection's own writes. It costs no disk read, so a
view can poll it several times a second. When it changed, ``audit_since`` reads the audit rows
written after the last one seen (every coder's span, state, gold and assignment write leaves
one, with its article): which articles and which tables changed. ``own_changes`` tells
when this connection wrote, so its own audit rows can be stepped over.

On a team server there is no ``data_version``: ``follow_server`` gives a feed woken by the
server's notification, reading the same audit log (``store.postgres.listen``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils import Database

if TYPE_CHECKING:
    from annotator.store.postgres.listen import ChangeFeed


def data_version(db: Database) -> int:
    """SQLite's counter of commits by other connections to this file (see module doc)."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def own_changes(db: Database) -> int:
    """How many rows this connection has written since it opened (no query: a counter)."""
    return int(db.conn.total_changes)


def audit_high(db: Database) -> int:
    """The id of the last audit row (0 when there is none)."""
    return int(db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])


def audit_since(db: Database, after: int) -> tuple[int, set[int], set[str]]:
    """(last audit id, articles touched, tables touched) of the audit rows after ``after``."""
    high, articles, tables = after, set(), set()
    for row_id, article_id, table in db.execute(
        "SELECT id, article_id, tbl FROM audit WHERE id > ? ORDER BY id", [after]
    ):
        high = row_id
        tables.add(table)
        if article_id is not None:
            articles.add(article_id)
    return high, articles, tables


def articles_mark(db: Database) -> tuple[int, int]:
    """(largest article id, articles an import still hides): articles come in without audit
    rows, first hidden, then revealed in a transaction of their own (``store.staging``), so
    either number moving means a list has articles to show."""
    top, hidden = db.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM articles), (SELECT count(*) FROM import_pending)"
    ).fetchone()
    return int(top), int(hidden)


def on_server(db: Database) -> bool:
    """Whether the project is on a team server (its changes come by LISTEN/NOTIFY)."""
    from annotator.store.postgres.handle import is_server  # noqa: PLC0415

    return is_server(db)


def follow_server(db: Database) -> ChangeFeed:
    """A change feed for the team server's project ``db`` (``store.postgres.listen``): its own
    listening connection, started at the audit log's end."""
    from annotator.store.postgres.listen import open_feed  # noqa: PLC0415

    return open_feed(db)  # type: ignore[arg-type]
