"""The live team view in a window: poll the project's change source on a timer, hand what
other desks changed to the window once it may refresh.

``LiveView`` asks ``services.live`` every ``POLL_MS`` while its window is visible (one
``PRAGMA data_version`` on the window's own connection: no disk read, well under a millisecond)
and emits ``changed`` with a ``ProjectChanges``. On a team server the source's listening socket
wakes it at once (a ``QSocketNotifier``): another desk's change shows within milliseconds, and
the timer remains for what waits (a held change, a listener reconnecting). While
``may_refresh()`` says no (the span panel holds an edit not stored yet), changes are kept,
merged, and handed over at the first poll after it says yes: a refresh never runs under an
open edit.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QWidget

from annotator.services.coding import CodingError
from annotator.services.live import ChangeSource, ProjectChanges, watch
from annotator.services.projects import Project

POLL_MS = 400


class LiveView(QObject):
    """Polls for other desks' changes while ``window`` is visible; emits ``changed``."""

    changed = Signal(object)  # ProjectChanges, in the GUI thread

    def __init__(
        self,
        window: QWidget,
        db: Project,
        may_refresh: Callable[[], bool],
        *,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.may_refresh = may_refresh
        self.held = ProjectChanges()  # seen, not handed over yet
        self.source: ChangeSource | None
        try:
            self.source = watch(db)
        except CodingError:
            self.source = None  # a file that cannot be read: the desk says so elsewhere
        self.notifier: QSocketNotifier | None = None
        self._socket: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        if self.source is not None:
            self.timer.start()
            self._follow_socket()

    def poll(self) -> None:
        """Ask the source; hand over what changed if the window may refresh now."""
        if self.source is None or not self.window.isVisible():
            return
        try:
            self.held = self.held | self.source.poll()
        except CodingError:
            return  # busy or locked for a moment: asked again at the next tick
        finally:
            self._follow_socket()
        if self.held and self.may_refresh():
            changes, self.held = self.held, ProjectChanges()
            self.changed.emit(changes)

    def _on_socket(self) -> None:
        """The server's notification arrived: poll now (a hidden window only takes it)."""
        if self.source is None:
            return
        if self.window.isVisible():
            self.poll()
        else:
            self.source.drain()
            self._follow_socket()

    def _follow_socket(self) -> None:
        """Watch the source's socket; a new one after it reconnected, none while it is away."""
        socket = self.source.fileno() if self.source is not None else None
        if socket == self._socket:
            return
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None
        self._socket = socket
        if socket is not None:
            self.notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
            self.notifier.activated.connect(self._on_socket)

    def stop(self) -> None:
        self.timer.stop()
        if self.notifier is not None:
            self.notifier.setEnabled(False)
        if self.source is not None:
            self.source.close()
