"""The team server's change feed for the live team view: LISTEN for the project's wake-up,
then read what changed from the audit log.

The server notifies ``schema.CHANGES_CHANNEL`` when a transaction that wrote audit rows, added
articles or revealed an import's articles commits (``schema.NOTIFY_TRIGGERS``). ``ChangeFeed``
listens on a connection of its own (autocommit, never used for anything else, so the desk's
handle is untouched), reads the notifications without waiting (``drain``; its socket can wake
a Qt socket notifier) and, when woken, reads the audit rows after the last one it saw.

The notification is only the wake-up: what changed is always read from the audit log, so
nothing is missed when notifications are dropped or the listener reconnects (a lost listener
is reconnected after a pause, and its first read catches up from the last id seen).

Ids are not commit order on a server: a transaction may take audit id 10, another id 11 and
commit first. A read that sees 11 but not 10 keeps 10 as a gap and looks there again until
every transaction that was in progress when the gap was seen has ended (the read's own snapshot
says which, ``pg_current_snapshot()``) and at least ``GAP_GRACE`` seconds have passed; a gap
nobody can fill any more (a rolled-back id, a row this login may not read) is then forgotten.

The desk's own writes are not reported: a notification comes from the committing connection's
server process and names the audit ids its statement wrote, so rows named by the desk's own
connection are dropped. A row read before its notification arrived waits ``NAME_WAIT_S`` for
it, then is reported anyway (a notification may be lost; after a reconnect nothing waits).
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from annotator.store.postgres.connect import _driver, _scrub, describe
from annotator.store.postgres.handle import ServerDatabase, StoreOfflineError
from annotator.store.postgres.schema import CHANGES_CHANNEL, TOO_MANY

CONNECT_TIMEOUT_S = 3  # the GUI thread waits at most this long for a reconnect
RETRY_FIRST_S = 0.5  # after a lost listener: first retry, doubling up to RETRY_MAX_S
RETRY_MAX_S = 15.0
GAP_GRACE_S = 2.0
NAME_WAIT_S = 1.0  # a row read waits this long for the notification naming who wrote it
RECENT_IDS = 1000  # at start: audit ids this far below the last may still be in progress


@dataclass
class Gap:
    """Audit ids ``lo``..``hi`` not seen yet, which transactions ``waiting`` may still commit."""

    lo: int
    hi: int
    waiting: frozenset[int]
    since: float


@dataclass(frozen=True)
class FeedRead:
    """What one read reports: the articles and tables of audit rows other connections wrote,
    and whether articles were added or revealed."""

    articles: frozenset[int] = frozenset()
    tables: frozenset[str] = frozenset()
    articles_added: bool = False

    def __bool__(self) -> bool:
        return bool(self.articles or self.tables or self.articles_added)


Runs = list[tuple[int, int]]


def _runs_of(payload: str) -> Runs | None:
    """The audit id runs a notification names (``lo-hi,…``); None when it names none."""
    if not payload:
        return None
    try:
        return [(int(lo), int(hi)) for lo, hi in (run.split("-") for run in payload.split(","))]
    except ValueError:
        return None


def _within(n: int, runs: Runs) -> bool:
    """Whether ``n`` lies in one of ``runs`` (sorted, disjoint: see ``_add_runs``)."""
    at = bisect_right(runs, (n, float("inf"))) - 1
    return at >= 0 and runs[at][0] <= n <= runs[at][1]


def _add_runs(runs: Runs, new: Runs) -> None:
    """Add ``new`` to ``runs``, keeping them sorted and merged: a bulk write (a merge of
    thousands of rows, one notification per row) stays a few runs, not thousands."""
    for lo, hi in new:
        if runs and runs[-1][0] <= lo <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(hi, runs[-1][1]))  # the common case: the next ids
        elif not runs or lo > runs[-1][1] + 1:
            runs.append((lo, hi))
        else:
            runs.append((lo, hi))
            runs.sort()
            merged: Runs = []
            for a, z in runs:
                if merged and a <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(z, merged[-1][1]))
                else:
                    merged.append((a, z))
            runs[:] = merged


@dataclass
class _Wake:
    """What the notifications drained so far said."""

    own: bool = False  # this desk's connection committed (since the last read)
    foreign: bool = False  # another connection committed (since the last read)
    own_runs: Runs = field(default_factory=list)  # audit ids its own commits named
    foreign_runs: Runs = field(default_factory=list)  # … other connections' commits named
    unnamed_foreign: bool = False  # another connection wrote too many rows to name them


def _snapshot(text: str) -> tuple[int, int, frozenset[int]]:
    """``xmin:xmax:xip,…`` → (xmin, xmax, the transactions in progress)."""
    xmin, xmax, xip = text.split(":")
    return int(xmin), int(xmax), frozenset(int(x) for x in xip.split(",") if x)


def _missing(lo: int, hi: int, present: list[int]) -> list[tuple[int, int]]:
    """The runs of ids in lo..hi that ``present`` (sorted) lacks."""
    holes, at = [], lo
    for n in present:
        if n < lo or n > hi:
            continue
        if n > at:
            holes.append((at, n - 1))
        at = n + 1
    if at <= hi:
        holes.append((at, hi))
    return holes


@dataclass
class ChangeFeed:
    """The listening connection and what it has read: see the module doc."""

    conninfo: str
    own_pid: Callable[[], int | None]  # the desk's connection's server process, now
    clock: Any = time.monotonic
    conn: Any = None
    high: int = 0  # the largest audit id read
    gaps: list[Gap] = field(default_factory=list)
    wake: _Wake = field(default_factory=_Wake)
    # audit rows read whose notification has not come yet: id → (article, table, read at)
    unnamed: dict[int, tuple[int | None, str, float]] = field(default_factory=dict)
    retry_at: float = 0.0
    retry_wait: float = RETRY_FIRST_S
    reconnects: int = 0
    caught_up: bool = True  # False after a reconnect, until the first read
    mark: tuple[int, int] = (0, 0)  # the articles' (largest id, hidden count) at the last read

    # --- the connection ---
    def connect(self) -> None:
        """Open the listening connection and LISTEN (StoreOfflineError when unreachable)."""
        psycopg = _driver()
        try:
            conn = psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
        except psycopg.Error as exc:
            raise StoreOfflineError(
                f"cannot connect to {describe(self.conninfo)} to follow the team's changes:"
                f" {_scrub(str(exc), self.conninfo)}"
            ) from None
        self.conn = conn

    def fileno(self) -> int | None:
        """The listening socket (readable when a notification arrives), or None when offline."""
        if self.conn is None or self.conn.closed:
            return None
        try:
            return int(self.conn.pgconn.socket)
        except Exception:  # a connection that broke has no socket
            return None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _lost(self) -> None:
        """The listener is gone: close it and retry after a pause that grows each time."""
        if self.conn is not None:
            with suppress(Exception):  # closing a broken connection
                self.conn.close()
        self.conn = None
        self.caught_up = False  # notifications may be missed meanwhile: read from the last id
        self.retry_at = self.clock() + self.retry_wait
        self.retry_wait = min(self.retry_wait * 2, RETRY_MAX_S)

    def _reconnect(self) -> bool:
        """Reconnect once the pause is over; True when listening again."""
        if self.clock() < self.retry_at:
            return False
        try:
            self.connect()
        except StoreOfflineError:
            self._lost()
            return False
        self.retry_wait = RETRY_FIRST_S
        self.reconnects += 1
        return True

    # --- notifications ---
    def drain(self) -> None:
        """Take the notifications that arrived, without waiting (no round trip)."""
        if self.conn is None:
            return
        psycopg = _driver()
        wake, mine = self.wake, self.own_pid()
        try:
            for note in self.conn.notifies(timeout=0):
                own = mine is not None and note.pid == mine
                runs = _runs_of(note.payload)
                if own:
                    wake.own = True
                    _add_runs(wake.own_runs, runs or [])
                else:
                    wake.foreign = True
                    _add_runs(wake.foreign_runs, runs or [])
                    wake.unnamed_foreign |= note.payload == TOO_MANY
            if self.conn.broken or self.conn.closed:
                self._lost()
        except psycopg.Error:
            self._lost()

    @property
    def due(self) -> bool:
        """Whether a read is due: woken, reconnected, gaps to look at, rows to name."""
        return (
            self.wake.own
            or self.wake.foreign
            or not self.caught_up
            or bool(self.gaps)
            or bool(self.unnamed)
        )

    # --- reading ---
    def start(self) -> None:
        """Begin at the audit log's end. Recent ids missing from the log may belong to
        transactions still in progress: they are gaps from the start."""
        rows, snap, self.mark = self._query(
            "a.id > (SELECT coalesce(max(id), 0) FROM audit) - %s", [RECENT_IDS]
        )
        ids = [r for r, _a, _t in rows]
        top = max(ids, default=0)
        self.high = top
        _xmin, _xmax, running = snap
        if running and ids:
            now = self.clock()
            low = max(1, top - RECENT_IDS)
            self.gaps = [Gap(lo, hi, running, now) for lo, hi in _missing(low, top, ids)]

    def read(self) -> FeedRead:
        """Drain; when due, read the audit rows after the last seen and in the gaps; report
        those other connections wrote (see ``_sort``)."""
        if self.conn is None and not self._reconnect():
            return FeedRead()
        self.drain()
        if self.conn is None or not self.due:  # lost just now: reconnected at a later read
            return FeedRead()
        wake = self.wake
        lost = not self.caught_up
        only_own = wake.own and not wake.foreign and not lost
        added = False
        if wake.own or wake.foreign or lost or self.gaps:
            wake.own = wake.foreign = False
            conditions = ["a.id > %s"] + ["a.id BETWEEN %s AND %s"] * len(self.gaps)
            params: list[int] = [self.high]
            for gap in self.gaps:
                params += [gap.lo, gap.hi]
            try:
                rows, snap, mark = self._query(" OR ".join(conditions), params)
            except StoreOfflineError:
                self._lost()
                return FeedRead()
            self.caught_up = True
            self._settle(rows, snap)
            now = self.clock()
            for row_id, article_id, table in rows:
                # after a reconnect a notification may be lost: nothing waits for one
                self.unnamed[row_id] = (article_id, table, now - NAME_WAIT_S if lost else now)
            added = mark != self.mark and not only_own
            self.mark = mark
        articles, tables = self._sort()
        return FeedRead(frozenset(articles), frozenset(tables), added)

    def _sort(self) -> tuple[set[int], set[str]]:
        """The rows read whose notification named another connection (or that waited
        ``NAME_WAIT_S`` for one: a notification may be dropped); rows this desk's own
        commits named are dropped; the others wait for their notification."""
        wake, now = self.wake, self.clock()
        articles: set[int] = set()
        tables: set[str] = set()
        for row_id, (article_id, table, read_at) in list(self.unnamed.items()):
            own = _within(row_id, wake.own_runs)
            if own:
                del self.unnamed[row_id]
                continue
            if (
                _within(row_id, wake.foreign_runs)
                or wake.unnamed_foreign
                or now - read_at >= NAME_WAIT_S
            ):
                del self.unnamed[row_id]
                tables.add(table)
                if article_id is not None:
                    articles.add(article_id)
        wake.unnamed_foreign = False
        floor = min([g.lo for g in self.gaps] + list(self.unnamed) + [self.high + 1])
        wake.own_runs = [r for r in wake.own_runs if r[1] >= floor]
        wake.foreign_runs = [r for r in wake.foreign_runs if r[1] >= floor]
        return articles, tables

    def _settle(self, rows: list[tuple[int, int | None, str]], snap: tuple) -> None:
        """Move the high mark; keep the ids still missing below it as gaps; forget gaps no
        transaction can fill any more."""
        _xmin, _xmax, running = snap
        now = self.clock()
        seen = sorted(r[0] for r in rows)
        kept: list[Gap] = []
        for gap in self.gaps:
            waiting = gap.waiting & running
            if not waiting and now - gap.since >= GAP_GRACE_S:
                continue
            kept += [Gap(lo, hi, waiting, gap.since) for lo, hi in _missing(gap.lo, gap.hi, seen)]
        above = [n for n in seen if n > self.high]
        if above:
            kept += [
                Gap(lo, hi, running, now) for lo, hi in _missing(self.high + 1, above[-1], above)
            ]
            self.high = above[-1]
        self.gaps = kept

    def _query(
        self, condition: str, params: list[int]
    ) -> tuple[list[tuple[int, int | None, str]], tuple, tuple[int, int]]:
        """The audit rows matching ``condition``, the statement's snapshot and the articles'
        mark, all read in one statement (one snapshot, one round trip)."""
        psycopg = _driver()
        sql = f"""
            SELECT s.snap, s.top, s.hidden, a.id, a.article_id, a.tbl
            FROM (SELECT pg_current_snapshot()::text AS snap,
                         (SELECT coalesce(max(id), 0) FROM articles) AS top,
                         (SELECT count(*) FROM import_pending) AS hidden) s
            LEFT JOIN audit a ON {condition}
            ORDER BY a.id"""
        try:
            got = self.conn.execute(sql, params).fetchall()
        except psycopg.Error as exc:
            if isinstance(exc, psycopg.OperationalError) or self.conn.broken:
                raise StoreOfflineError(
                    f"{describe(self.conninfo)}: the connection following the team's changes"
                    f" was lost ({_scrub(str(exc), self.conninfo)})"
                ) from None
            raise ServerDatabase(self.conn, self.conninfo).error(exc) from None
        snap, top, hidden = got[0][0], int(got[0][1]), int(got[0][2])
        rows = [(int(i), a, t) for _s, _t, _h, i, a, t in got if i is not None]
        return rows, _snapshot(snap), (top, hidden)


def open_feed(db: ServerDatabase) -> ChangeFeed:
    """A change feed for the project ``db`` is open on, started at the audit log's end."""
    feed = ChangeFeed(db.conninfo, lambda: None if db.raw.closed else db.raw.info.backend_pid)
    feed.connect()
    feed.start()
    return feed
