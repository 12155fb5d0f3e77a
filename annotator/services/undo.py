"""The shared error and undo machinery of the sessions (coding and review).

``CodingError`` carries a message for the coder; ``guarded`` turns store and database errors
into one. A ``DbCommand`` is one undoable write: its first ``do()`` performs the store write and
keeps the ``DbChange`` it returns; ``undo()`` and ``redo()`` apply its row images, keeping the
time a coder spent on an article (never undone).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from annotator.domain import ArticleState
from annotator.domain.commands import Change
from annotator.store import (
    DatabaseError,
    OperationalError,
    Project,
    StoreConflictError,
    StoreError,
)
from annotator.store.changes import DbChange, RowChange, apply_change, read_row
from annotator.store.connection import now
from annotator.store.postgres.handle import StoreOfflineError

SURFACE_MAX = 30
_DRIFT = ("seconds_spent", "updated_at")  # time kept by add_seconds, never undone


class CodingError(Exception):
    """A decision that could not be read or written, with a message for the coder.

    ``retryable`` is true when trying again may work (the database was busy or locked);
    ``conflict`` when the rows changed elsewhere (another desk of the same coder) since an undo
    or redo step was recorded: the step was dropped and the article must be read again;
    ``offline`` when the connection to the team server was lost: nothing was stored, and the
    same action may be tried again once ``CodingSession.reconnect()`` succeeds.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool = False,
        conflict: bool = False,
        article_id: int | None = None,
        offline: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable or offline
        self.offline = offline
        self.conflict = conflict
        self.article_id = article_id


@contextmanager
def guarded() -> Iterator[None]:
    """Turn database and store errors into a CodingError."""
    try:
        yield
    except CodingError:
        raise
    except StoreConflictError as exc:
        raise CodingError(str(exc), conflict=True) from exc
    except StoreOfflineError as exc:
        raise CodingError(str(exc), offline=True) from exc
    except StoreError as exc:  # StoreBusyError is retryable
        raise CodingError(str(exc), retryable=getattr(exc, "retryable", False)) from exc
    except OperationalError as exc:
        text = str(exc)
        busy = "locked" in text or "busy" in text
        message = f"The database is busy: {text}" if busy else f"Database error: {text}"
        raise CodingError(message, retryable=busy) from exc
    except DatabaseError as exc:
        raise CodingError(f"Database error: {exc}") from exc


def short(surface: str) -> str:
    """A surface for a menu label: one line, at most SURFACE_MAX characters."""
    flat = " ".join(surface.split())
    return flat if len(flat) <= SURFACE_MAX else flat[: SURFACE_MAX - 1] + "…"


def _keep_drift(change: DbChange, db: Project) -> DbChange:
    """The change rebased over time added since: article_state rows keep their seconds."""
    return DbChange(change.article_id, tuple(_rebased(rc, db) for rc in change.rows))


def _rebased(rc: RowChange, db: Project) -> RowChange:
    if rc.table != "article_state" or rc.before is None:
        return rc
    current = read_row(db, rc.table, rc.key)
    if current is None or current == rc.before or not _same_but_time(current, rc.before):
        return rc
    if rc.after is None:  # the row did not exist before: back to open, the time kept
        after = {**current, "state": ArticleState.OPEN.value, "note": "", "updated_at": now()}
    else:
        after = {**rc.after, "seconds_spent": current["seconds_spent"]}
    return RowChange(rc.table, current, after)


def _same_but_time(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in set(a) | set(b) if k not in _DRIFT)


Namer = Callable[[DbChange], str]


class DbCommand:
    """An undoable write: the first do() writes, then undo/redo apply the row images.

    ``label`` is the step's name, or a function naming it from what the write did (the
    ``DbChange`` the store returns, with its ``Decision``), called once after the write.
    """

    def __init__(self, db: Project, label: str | Namer, write: Callable[[], DbChange]) -> None:
        self.db = db
        self._namer: Namer | None = label if callable(label) else None
        self.label = "" if callable(label) else label
        self._write: Callable[[], DbChange] | None = write
        self.change: DbChange | None = None

    @property
    def wrote_nothing(self) -> bool:
        """True when the write found nothing to do (the step is not kept)."""
        return self.change is not None and self.change.empty

    def do(self) -> Change:
        with guarded():
            if self._write is not None:
                self.change = self._write()
                self._write = None
                if self._namer is not None:
                    self.label = self._namer(self.change)
                    self._namer = None
            else:
                assert self.change is not None
                self.change = apply_change(self.db, _keep_drift(self.change, self.db))
        return self.change.summary()

    def undo(self) -> Change:
        assert self.change is not None
        with guarded():
            applied = apply_change(self.db, _keep_drift(self.change.inverse(), self.db))
        self.change = applied.inverse()
        return self.change.summary()
