"""The live team view's one source of "the project changed": what other desks committed.

A view asks ``poll()`` a few times a second and refreshes only what the answer names
(ARCHITECTURE convention 2). ``ChangeSource`` is the interface; ``SqlitePolling`` is the
SQLite implementation (one ``PRAGMA data_version`` per poll, the audit log read only when
another connection committed); ``ServerListening`` is the team server's (LISTEN/NOTIFY: the
server's notification wakes it, the audit log says what changed; ``fileno()`` lets a window
wake at once instead of at its next poll). ``watch()`` picks the one for the project's backend.
A desk's own writes (through the handle it watches) are not reported: SQLite does not count
them in ``data_version``, and the poll steps over their audit rows (unless another desk
committed in the same interval: then they come along, and a view reads again what it already
shows); on the server each notification names the connection that committed and its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from annotator.services.undo import guarded
from annotator.store import Project
from annotator.store.watch import (
    articles_mark,
    audit_high,
    audit_since,
    data_version,
    follow_server,
    on_server,
    own_changes,
)


@dataclass(frozen=True)
class ProjectChanges:
    """What changed since the last poll: the articles touched (their spans, states, gold or
    assignments), the tables touched, and whether articles were added (or an import revealed
    them)."""

    articles: frozenset[int] = field(default_factory=frozenset)
    tables: frozenset[str] = field(default_factory=frozenset)
    articles_added: bool = False

    def __bool__(self) -> bool:
        return bool(self.articles or self.tables or self.articles_added)

    def __or__(self, other: ProjectChanges) -> ProjectChanges:
        return ProjectChanges(
            self.articles | other.articles,
            self.tables | other.tables,
            self.articles_added or other.articles_added,
        )

    @property
    def assignments(self) -> bool:
        """Whether a lead assigned or unassigned articles (a list's order may change)."""
        return "assignments" in self.tables


class ChangeSource(Protocol):
    """Where a view learns what other desks changed in the project."""

    def poll(self) -> ProjectChanges:
        """What changed since the last call (empty, and cheap, when nothing did)."""
        ...

    def fileno(self) -> int | None:
        """A socket that becomes readable when the project changes (poll then), or None."""
        ...

    def drain(self) -> None:
        """Take what woke the socket without reading anything (a hidden window)."""
        ...

    def close(self) -> None:
        """Let go of what the source holds open (a listening connection)."""
        ...


class SqlitePolling:
    """``ChangeSource`` for a SQLite file: ``PRAGMA data_version`` per poll, then the audit
    rows after the last one seen. Runs on the caller's connection (the view's own)."""

    def __init__(self, db: Project) -> None:
        self.db = db
        with guarded():
            self._version = data_version(db)
            self._own = own_changes(db)
            self._audit = audit_high(db)
            self._articles = articles_mark(db)

    def poll(self) -> ProjectChanges:
        with guarded():
            version, own = data_version(self.db), own_changes(self.db)
            if version == self._version:
                if own != self._own:  # only this connection wrote: step over its audit rows
                    self._own = own
                    self._audit = audit_high(self.db)
                    self._articles = articles_mark(self.db)
                return ProjectChanges()
            self._own = own
            self._version = version
            self._audit, articles, tables = audit_since(self.db, self._audit)
            high = articles_mark(self.db)
        added, self._articles = high != self._articles, high
        return ProjectChanges(frozenset(articles), frozenset(tables), added)

    def fileno(self) -> int | None:
        return None  # SQLite has nothing to wait on: the view polls

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass  # runs on the view's own connection


class ServerListening:
    """``ChangeSource`` for a team server: a listening connection of its own
    (``store.postgres.listen``) that the server wakes when a transaction commits; then the
    audit rows after the last one seen say what changed (dropped notifications or a reconnect
    lose nothing). The notification names the connection that committed and its audit ids:
    the rows of this desk's own commits are not reported."""

    def __init__(self, db: Project) -> None:
        with guarded():
            self.feed = follow_server(db)

    def poll(self) -> ProjectChanges:
        with guarded():
            read = self.feed.read()
        return ProjectChanges(read.articles, read.tables, read.articles_added)

    def fileno(self) -> int | None:
        return self.feed.fileno()

    def drain(self) -> None:
        self.feed.drain()

    def close(self) -> None:
        self.feed.close()


def watch(db: Project) -> ChangeSource:
    """The change source for this project's backend."""
    if on_server(db):
        return ServerListening(db)
    return SqlitePolling(db)
