from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest

from annotator.domain.commands import Change, UndoableSession, UndoStack


@dataclass
class Append:
    """Appends a value to a list; a failing one raises before changing anything."""

    target: list[int]
    value: int
    fail: bool = False
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or f"Append {self.value}"

    def do(self) -> Change:
        if self.fail:
            raise RuntimeError("locked")
        self.target.append(self.value)
        return Change(article_id=1, span_ids=frozenset({self.value}))

    def undo(self) -> Change:
        assert self.target.pop() == self.value
        return Change(article_id=1, span_ids=frozenset({self.value}))


def test_undo_redo_walks_history_and_names_the_action() -> None:
    seen: list[Change] = []
    data: list[int] = []
    stack = UndoStack()
    stack.subscribe(seen.append)
    stack.push(Append(data, 1))
    stack.push(Append(data, 2))
    assert stack.undo_label == "Append 2"
    stack.undo()
    assert data == [1]
    assert stack.redo_label == "Append 2"
    stack.redo()
    assert data == [1, 2]
    stack.undo()
    stack.push(Append(data, 3))
    assert not stack.can_redo
    assert data == [1, 3]
    assert [c.span_ids for c in seen] == [{1}, {2}, {2}, {2}, {2}, {3}]


def test_failing_command_leaves_history_untouched() -> None:
    data: list[int] = []
    stack = UndoStack()
    stack.push(Append(data, 1))
    with pytest.raises(RuntimeError):
        stack.push(Append(data, 2, fail=True))
    assert len(stack) == 1
    assert stack.undo_label == "Append 1"


def test_empty_stack_does_nothing() -> None:
    stack = UndoStack()
    assert stack.undo() is None
    assert stack.redo() is None
    assert stack.undo_label is None


def test_change_merge_keeps_ids_and_article() -> None:
    merged = Change(None, frozenset({1})).merged(Change(7, frozenset({2}), state_changed=True))
    assert merged == Change(7, frozenset({1, 2}), state_changed=True)


class Appender(UndoableSession):
    """A minimal session: appends through the stack, its labels translated into Arabic."""

    step_labels: ClassVar[dict[str, str]] = {"append": "Append {value}"}

    def __init__(self) -> None:
        self.stack = UndoStack()
        self._translate = {"Append {value}": "أضف {value}"}.__getitem__
        self.data: list[int] = []

    def append(self, value: int) -> Change:
        return self.stack.push(Append(self.data, value, name=self._label("append", value=value)))


def test_undoable_session_labels_undo_and_redo() -> None:
    session = Appender()
    assert (session.undo(), session.redo(), session.undo_label) == (None, None, None)
    session.append(4)
    assert session.undo_label == "أضف 4"  # translated, then filled in
    assert session.undo() == Change(article_id=1, span_ids=frozenset({4}))
    assert (session.data, session.undo_label, session.redo_label) == ([], None, "أضف 4")
    session.redo()
    assert session.data == [4]
