"""Worker threads never touch a Qt object the GUI thread may delete: windows deleted while
their threads run, many times over, in a process of its own (a crash fails only this test)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QObject

from annotator.gui import background

STRESS = Path(__file__).with_name("thread_stress.py")
ROOT = STRESS.parents[2]


def stress(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-X", "faulthandler", str(STRESS), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize(
    ("mode", "rounds"),
    [("panel", "150"), ("desk", "30")],
)
def test_windows_deleted_while_their_threads_run_do_not_crash(
    tmp_path: Path, mode: str, rounds: str
) -> None:
    args = [mode, rounds] if mode == "panel" else [mode, str(tmp_path), rounds]
    done = stress(tmp_path, *args)
    assert "Fatal Python error" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines()[-1] == f"SURVIVED {rounds}"


def test_results_reach_a_live_receiver_in_the_gui_thread(qtbot) -> None:
    receiver = QObject()
    got: list[tuple[str, object, bool]] = []

    def deliver(kind: str, value: object) -> None:
        got.append((kind, value, threading.current_thread() is threading.main_thread()))

    def work(post: background.Post) -> int:
        post("step", 1)
        return 2

    background.start(receiver, work, deliver, "test-worker")
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got == [("step", 1, True), (background.DONE, 2, True)]


def test_a_failure_reaches_the_receiver_as_the_exception(qtbot) -> None:
    receiver = QObject()
    got: list[tuple[str, object]] = []

    def work(_post: background.Post) -> None:
        raise ValueError("bad row")

    background.start(receiver, work, lambda kind, value: got.append((kind, value)), "test-worker")
    qtbot.waitUntil(lambda: bool(got))
    kind, value = got[0]
    assert kind == background.FAILED and isinstance(value, ValueError)


def test_a_deleted_receiver_gets_nothing_and_the_job_is_forgotten(qtbot) -> None:
    receiver = QObject()
    release = threading.Event()
    got: list[object] = []
    token = background.start(
        receiver, lambda _post: release.wait(60), lambda k, v: got.append(v), "test-worker"
    )
    shiboken6.delete(receiver)  # the window closed while the worker ran
    release.set()
    assert background.wait(token, 60)
    qtbot.waitUntil(lambda: token not in background._jobs)
    assert got == []


def test_work_is_started_from_the_gui_thread_only() -> None:
    errors: list[BaseException] = []

    def elsewhere() -> None:
        try:
            background.start(QObject(), lambda _post: None, lambda k, v: None, "nested")
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert len(errors) == 1


def test_a_worker_that_allocates_never_frees_qt_objects_in_garbage_cycles(qtbot) -> None:
    """A Qt object left in a reference cycle is freed by the GUI thread's collector, not by
    the collection a worker's allocations would set off."""
    collector = background.collect_in_gui_thread()
    freed_in: list[str] = []
    garbage = QObject()
    garbage.cycle = garbage  # type: ignore[attr-defined]  # only a collection frees it
    weakref.finalize(garbage, lambda: freed_in.append(threading.current_thread().name))
    del garbage

    kept: list[list[int]] = []

    def allocate(_post: background.Post) -> int:
        kept.extend([i] for i in range(200_000))  # far past every collection threshold
        return len(kept)

    token = background.start(QObject(), allocate, lambda k, v: None, "allocating")
    assert background.wait(token, 60)
    assert freed_in == []  # the worker collected nothing
    qtbot.waitUntil(lambda: freed_in != [], timeout=10_000)  # the collector's timer
    assert freed_in == [threading.main_thread().name]
    assert gc.get_threshold() == collector.thresholds
