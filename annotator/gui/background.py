"""Plain work in a Python thread, its messages handed to the GUI thread; no worker touches a
QObject that the GUI thread may delete.

A worker that emits a signal of a widget (or of any QObject the window owns) races the GUI
thread deleting that object: Qt reads the object's connection list while it is being freed, and
the process dies with a segmentation fault now and then. So ``start(receiver, work, deliver)``
runs ``work(post)`` in a thread that sees only plain data: its messages (``post(kind, value)``,
then ``("done", result)`` or ``("failed", exception)``) go into a locked queue, and the only
QObject it touches is the module's ``_Courier``, made in the GUI thread and never deleted while
the process runs. The courier's queued slot runs ``deliver(kind, value)`` in the GUI thread,
and only while ``receiver`` is alive; for a receiver already deleted the messages are dropped.

The GUI thread holds the job (``work``, ``deliver`` and the receiver) until its last message
arrives, and the worker drops its own references before it posts the last one, so the last
reference to anything the work or the delivery captured is always let go in the GUI thread:
no Qt object is freed in a worker. ``wait_all()`` joins every worker (the application quitting,
a test ending).

Python's cyclic garbage collector runs in whichever thread happens to allocate; a worker that
builds large tables (the gazetteer) would free the Qt wrappers left in reference cycles, and
their C++ objects with them, in its own thread while the GUI thread runs Qt. So
``collect_in_gui_thread()`` turns automatic collection off and collects from a timer in the GUI
thread instead, by generation once its threshold is passed, as automatic collection would
(pyqtgraph's ``GarbageCollector`` does the same for the same reason).
"""

from __future__ import annotations

import gc
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal, Slot

DONE, FAILED = "done", "failed"

Post = Callable[[str, Any], None]
Deliver = Callable[[str, Any], None]


class _Courier(QObject):
    """The one QObject workers touch: lives in the GUI thread as long as the process."""

    arrived = Signal(int)  # a job's token: messages wait in its inbox

    def __init__(self) -> None:
        super().__init__()
        self.arrived.connect(self._on_arrived, Qt.ConnectionType.QueuedConnection)

    @Slot(int)
    def _on_arrived(self, token: int) -> None:
        _drain(token)


@dataclass
class _Job:
    receiver: QObject
    work: Callable[[Post], Any] | None
    deliver: Deliver | None
    inbox: list[tuple[str, Any]] = field(default_factory=list)
    thread: threading.Thread | None = None


_lock = threading.Lock()
_jobs: dict[int, _Job] = {}
_tokens = itertools.count(1)
_courier: _Courier | None = None


def _gui_courier() -> _Courier:
    global _courier  # noqa: PLW0603 - one courier per process, made in the GUI thread
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("background work is started from the GUI thread only")
    if _courier is None:
        _courier = _Courier()
    return _courier


def start(receiver: QObject, work: Callable[[Post], Any], deliver: Deliver, name: str) -> int:
    """Run ``work(post)`` in a new thread; ``deliver(kind, value)`` gets each ``post`` and at
    the end ``("done", result)`` or ``("failed", exception)``, in the GUI thread, while
    ``receiver`` is alive. Returns the job's token."""
    courier = _gui_courier()
    token = next(_tokens)
    job = _Job(receiver, work, deliver)
    thread = threading.Thread(target=_run, args=(token, courier), name=name, daemon=True)
    job.thread = thread
    with _lock:
        _jobs[token] = job
    thread.start()
    return token


def _post(token: int, courier: _Courier, kind: str, value: Any) -> None:
    with _lock:
        job = _jobs.get(token)
        if job is None:
            return
        job.inbox.append((kind, value))
    courier.arrived.emit(token)


def _run(token: int, courier: _Courier) -> None:
    """The worker thread: plain data in, plain data out; only the courier is touched."""
    with _lock:
        work = _jobs[token].work
    assert work is not None
    try:
        value: Any = work(lambda kind, value: _post(token, courier, kind, value))
        kind = DONE
    except BaseException as exc:  # every outcome goes to the GUI thread, which decides
        value, kind = exc, FAILED
    del work  # the GUI thread lets the last reference go, not this one
    with _lock:
        _jobs[token].inbox.append((kind, value))
    del value
    courier.arrived.emit(token)


def _drain(token: int) -> None:
    """In the GUI thread: hand a job's messages to its receiver (if alive); forget a job that
    ended."""
    with _lock:
        job = _jobs.get(token)
        if job is None:
            return
        messages, job.inbox = job.inbox, []
        ended = any(kind in (DONE, FAILED) for kind, _value in messages)
        if ended:
            del _jobs[token]
    for kind, value in messages:
        if job.deliver is not None and shiboken6.isValid(job.receiver):
            job.deliver(kind, value)
    if ended:
        if job.thread is not None:
            job.thread.join()  # it has posted its last message: a moment at most
        job.work = job.deliver = None


def running() -> list[threading.Thread]:
    """The workers not yet finished."""
    with _lock:
        threads = [job.thread for job in _jobs.values() if job.thread is not None]
    return [t for t in threads if t.is_alive()]


def wait(token: int, timeout: float | None = None) -> bool:
    """Block until job ``token``'s worker has finished (its messages may still be queued)."""
    with _lock:
        job = _jobs.get(token)
        thread = job.thread if job is not None else None
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def wait_all(timeout: float | None = None) -> bool:
    """Join every worker (the application quits, a test ends); False if one still runs."""
    for thread in running():
        thread.join(timeout)
    return not running()


COLLECT_MS = 500  # how often the GUI thread looks whether a collection is due
_collector: _Collector | None = None


class _Collector(QObject):
    """Collects garbage in the GUI thread only, generation by generation when due."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(COLLECT_MS)
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start()

    @Slot()
    def collect_if_due(self) -> int:
        """What the automatic collector would do now; the number of objects freed."""
        counts = gc.get_count()
        if counts[0] <= self.thresholds[0]:
            return 0
        generation = 0
        if counts[1] > self.thresholds[1]:
            generation = 2 if counts[2] > self.thresholds[2] else 1
        return gc.collect(generation)


def collect_in_gui_thread() -> _Collector:
    """Automatic garbage collection off; the GUI thread collects on a timer (once per process)."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("the collector is installed from the GUI thread")
    global _collector  # noqa: PLW0603 - one per process, a child of the application
    if _collector is None or not shiboken6.isValid(_collector):
        _collector = _Collector(app)
    gc.disable()
    return _collector
