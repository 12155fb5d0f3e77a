from __future__ import annotations

from dataclasses import dataclass

import pytest

from annotator.domain.commands import Change, UndoStack


@dataclass
class Append:
    """Appends a value to a list; a failing one raises before changing anything."""

    target: list[int]
    value: int
    fail: bool = False

    @property
    def label(self) -> str:
        return f"Append {self.value}"

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
