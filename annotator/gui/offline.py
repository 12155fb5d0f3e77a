"""The desk while the team server cannot be reached: the decision it did not store is kept,
shown and retried; new decisions wait until it is stored.

A write that fails because the connection was lost (``CodingError.offline``: the server rolled
its transaction back, nothing of it is stored) is held here with what the desk does after it.
The status bar says "Offline — retrying"; a timer (back-off from ``FIRST_MS`` to ``LAST_MS``)
asks the session to connect again (a short connect timeout: the GUI thread never waits long)
and then runs the held decision again. The session's actions read the rows before they write
(a span already accepted is not accepted twice), so running one again stores it once. Any other
decision the coder makes meanwhile is refused with a message; once the held one is stored the
desk says so and carries on.

Nothing is written to a local journal: the held decision was never reported saved, it is one
key press, and replaying it at a later start (perhaps after other desks or a lead changed the
article) could apply it where the coder no longer expects it. Closing the desk while one is
held asks first (``confirm_quit``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.gui.widgets import plain_box
from annotator.services.coding import CodingError

FIRST_MS = 500  # the first retry after the connection was lost
LAST_MS = 5000  # the longest wait between two retries

Decision = tuple[Callable[[], object], Callable[[object], object]]


class OfflineRetry(QObject):
    """Holds the one decision the server did not store and retries it until it is stored."""

    stored = Signal()  # the held decision is stored (or, with none held, the desk is back)

    def __init__(
        self,
        window: QWidget,
        status,
        reconnect: Callable[[], bool],
        run: Callable[[Callable[[], object], Callable[[object], object]], bool],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.status = status
        self._reconnect = reconnect
        self._run = run
        self.held: Decision | None = None
        self.offline = False
        self.attempts = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.retry)

    # ----- what the desk calls ------------------------------------------------------------------

    def lost(self, decision: Decision | None = None) -> None:
        """The connection was lost; ``decision`` (action, after) was not stored: keep it."""
        if decision is not None:
            self.held = decision
        self.offline = True
        self.status.set_offline(True, holding=self.held is not None)
        self.status.say(self._holding_text())
        if not self.timer.isActive():
            self.timer.start(self._delay())

    def refuses(self) -> bool:
        """True (and a message saying why) while a decision is held: a new one must wait."""
        if self.held is None:
            return False
        QApplication.beep()
        self.status.say(
            self.tr("Not done: your last decision is not stored yet (offline — retrying).")
        )
        return True

    def discard(self) -> None:
        """Forget the held decision (the coder quits without it) and stop retrying."""
        self.held = None
        self.timer.stop()

    # ----- the timer ------------------------------------------------------------------------------

    def retry(self) -> None:
        """Connect again, then store the held decision; on failure try again later."""
        self.attempts += 1
        try:
            self._reconnect()
        except CodingError as exc:
            if not exc.offline:
                raise
            self.lost()
            return
        held, self.held = self.held, None
        self.offline = False
        if held is not None and not self._run(*held):
            if self.offline:  # lost again: _run held it once more
                return
            self._back(self.tr("Back online; your last decision could not be stored (see why)."))
            return
        self._back(
            self.tr("Back online: your last decision is stored.")
            if held is not None
            else self.tr("Back online.")
        )

    def _back(self, text: str) -> None:
        self.attempts = 0
        self.status.set_offline(False)
        self.stored.emit()  # the desk refreshes first; then the message stays
        self.status.say(text)

    def _delay(self) -> int:
        return min(FIRST_MS * 2 ** min(self.attempts, 8), LAST_MS)

    def _holding_text(self) -> str:
        if self.held is not None:
            return self.tr(
                "Offline — retrying: your last decision is kept and stored when the server answers."
            )
        return self.tr("Offline — retrying: the team server cannot be reached.")

    # ----- quitting -------------------------------------------------------------------------------

    def confirm_quit(self, quit_anyway: Callable[[], None]) -> QMessageBox:
        """Ask whether to quit while a decision is held (it would be lost); the default keeps
        the desk open and retrying. Opened window-modal; ``quit_anyway`` runs on Quit."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Decision not stored"),
            self.tr("Your last decision is not stored yet: the team server cannot be reached."),
            parent=self.window,
        )
        box.setInformativeText(self.tr("Quit without it, or stay and keep retrying?"))
        plain_box(box)
        stay = box.addButton(self.tr("&Stay and retry"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("&Quit without it"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)

        def answered(_result: int) -> None:
            if box.clickedButton() not in (None, stay):
                self.discard()
                quit_anyway()

        box.finished.connect(answered)
        box.open()
        return box
