"""No test asserts that something took less than a number of seconds (issue 12): a loaded
machine makes such a test fail for nothing. Tests assert what makes the work fast (a call
count, SQLite instructions); bench/ measures the seconds."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
CLOCKS = {"perf_counter", "time", "monotonic", "process_time", "perf_counter_ns", "time_ns"}


def _is_clock_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CLOCKS
        and getattr(node.func.value, "id", "") == "time"
    )


def _reads_clock(node: ast.AST, timers: set[str]) -> bool:
    return any(
        _is_clock_call(sub) or (isinstance(sub, ast.Name) and sub.id in timers)
        for sub in ast.walk(node)
    )


def _elapsed(node: ast.AST, timers: set[str], spans: set[str]) -> bool:
    """A difference of clock readings, or a name holding one."""
    if isinstance(node, ast.Name):
        return node.id in spans
    return (
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and _reads_clock(node, timers)
    )


def _clock_names(func: ast.AST) -> tuple[set[str], set[str]]:
    """Names holding a clock reading, and names holding a difference of two."""
    timers: set[str] = set()
    spans: set[str] = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if not isinstance(target, ast.Name):
                continue
            if _elapsed(node.value, timers, spans):
                spans.add(target.id)
            elif _reads_clock(node.value, timers):
                timers.add(target.id)
    return timers, spans


def _bounds_elapsed(test: ast.AST, timers: set[str], spans: set[str]) -> bool:
    """``test`` holds ``elapsed < bound`` (or ``bound > elapsed``, ``<=``, ``>=``)."""
    for cmp in ast.walk(test):
        if not isinstance(cmp, ast.Compare):
            continue
        sides = [cmp.left, *cmp.comparators]
        for op, left, right in zip(cmp.ops, sides[:-1], sides[1:], strict=True):
            if isinstance(op, ast.Lt | ast.LtE) and _elapsed(left, timers, spans):
                return True
            if isinstance(op, ast.Gt | ast.GtE) and _elapsed(right, timers, spans):
                return True
    return False


def upper_bounds_on_time(source: str) -> list[int]:
    """Lines of ``assert elapsed < bound`` (or ``bound > elapsed``) in ``source``."""
    found = []
    for func in ast.walk(ast.parse(source)):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            timers, spans = _clock_names(func)
            found += [
                node.lineno
                for node in ast.walk(func)
                if isinstance(node, ast.Assert) and _bounds_elapsed(node.test, timers, spans)
            ]
    return found


def test_no_test_asserts_an_upper_bound_on_seconds() -> None:
    found = [
        f"{path.relative_to(TESTS)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in upper_bounds_on_time(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "measure it in bench/, assert what makes it fast"


def test_the_forms_of_a_time_limit_are_found() -> None:
    source = """
import time

def test_fast():
    t0 = time.perf_counter()
    work()
    assert time.perf_counter() - t0 < 1.0
    elapsed = time.perf_counter() - t0
    assert elapsed < 0.5, elapsed
    assert 2.0 > elapsed
    assert time.perf_counter() - t0 >= 0.14  # waited at least: a slow machine cannot fail it
    deadline = time.monotonic() + 60
    assert time.monotonic() < deadline  # a safety net for a hung process
"""
    assert upper_bounds_on_time(source) == [7, 9, 10]
