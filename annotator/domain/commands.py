"""Undoable commands and the Qt-free undo stack every coder action goes through."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from annotator.domain.span import Span


@dataclass(frozen=True)
class Change:
    """What a write touched, so a view refreshes only that (article and span ids)."""

    article_id: int | None = None
    span_ids: frozenset[int] = field(default_factory=frozenset)
    state_changed: bool = False

    def merged(self, other: Change) -> Change:
        article = self.article_id if self.article_id is not None else other.article_id
        return Change(
            article, self.span_ids | other.span_ids, self.state_changed or other.state_changed
        )


@dataclass(frozen=True)
class Decision:
    """What a coder's write decided, as the store decided it (the undo step is named from it).

    ``action``: ``accept`` (a suggestion kept as suggested), ``relabel`` (a suggestion at the
    same offsets given another label), ``add`` (a new span of the coder's own) or
    ``accept_all``; ``span`` the span as stored (None for ``accept_all``); ``replaced`` the
    spans rejected or removed because they overlapped it; ``count`` the spans decided.
    """

    action: str
    span: Span | None = None
    replaced: tuple[Span, ...] = ()
    count: int = 1


class Command(Protocol):
    """An action with a human label that can be done, undone and redone."""

    label: str

    def do(self) -> Change: ...

    def undo(self) -> Change: ...


Listener = Callable[[Change], None]


class UndoStack:
    """Applies commands and keeps the session's history across articles."""

    def __init__(self, limit: int = 10_000) -> None:
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._limit = limit
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def _notify(self, change: Change) -> Change:
        for listener in self._listeners:
            listener(change)
        return change

    def push(self, command: Command) -> Change:
        """Do ``command``; on success it becomes the newest undoable step and redo is cleared.

        A command that wrote nothing (its ``wrote_nothing`` true after ``do()``) is not kept,
        and redo stays as it was."""
        change = command.do()
        if getattr(command, "wrote_nothing", False):
            return change
        self._done.append(command)
        if len(self._done) > self._limit:
            del self._done[0]
        self._undone.clear()
        return self._notify(change)

    def undo(self) -> Change | None:
        if not self._done:
            return None
        command = self._done[-1]
        change = command.undo()
        self._done.pop()
        self._undone.append(command)
        return self._notify(change)

    def redo(self) -> Change | None:
        if not self._undone:
            return None
        command = self._undone[-1]
        change = command.do()
        self._undone.pop()
        self._done.append(command)
        return self._notify(change)

    def drop(self, *, redo: bool = False) -> Command | None:
        """Forget the next step to undo (or to redo) without applying it: one that can no
        longer be applied because its rows changed elsewhere."""
        steps = self._undone if redo else self._done
        return steps.pop() if steps else None

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str | None:
        return self._done[-1].label if self._done else None

    @property
    def redo_label(self) -> str | None:
        return self._undone[-1].label if self._undone else None

    def __len__(self) -> int:
        return len(self._done)


class UndoableSession:
    """A session whose actions are commands on ``stack``: their labels, Undo and Redo.

    A subclass sets ``stack``, ``_translate`` and the English label templates ``step_labels``.
    """

    step_labels: ClassVar[Mapping[str, str]] = {}
    stack: UndoStack
    _translate: Callable[[str], str]

    def _label(self, key: str, **values: Any) -> str:
        """The label of a step: its template translated, then filled in."""
        return self._translate(self.step_labels[key]).format(**values)

    def undo(self) -> Change | None:
        return self.stack.undo()

    def redo(self) -> Change | None:
        return self.stack.redo()

    @property
    def undo_label(self) -> str | None:
        return self.stack.undo_label

    @property
    def redo_label(self) -> str | None:
        return self.stack.redo_label
