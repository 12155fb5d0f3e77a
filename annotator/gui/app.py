"""Starting the coding desk: the QApplication, language, coder, and the screenshot mode."""

from __future__ import annotations

import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from annotator.domain import check_name
from annotator.gui import background
from annotator.gui.coder_dialog import CoderDialog
from annotator.gui.fonts import load_arabic_font
from annotator.gui.i18n import install_language, resolve_language
from annotator.gui.main_window import MainWindow
from annotator.gui.messages import translate_message
from annotator.gui.screenshot import grab_to_png
from annotator.gui.settings import APPLICATION, ORGANIZATION, Settings
from annotator.gui.widgets import plain_box
from annotator.services.coding import CodingError, guarded
from annotator.services.project import open_project
from annotator.services.projects import annotator_names, login_annotator
from annotator.services.words import name_starts

SCREENSHOT_SIZE = (1400, 850)
SCREENSHOT_CODER = "coder"


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The running QApplication, created with the app's names if there is none yet."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    background.collect_in_gui_thread()  # no worker frees Qt objects in garbage cycles
    return app


def ask_coder_name(names: Sequence[str], current: str = "") -> str | None:
    """The first-start dialog; None if the coder cancels."""
    dialog = CoderDialog(names, current)
    with quit_on_interrupt(dialog.reject, quit_app=False):  # Ctrl+C in the terminal: Cancel
        accepted = dialog.exec() == CoderDialog.DialogCode.Accepted
    return dialog.name() if accepted else None


def run(
    db_path: str | Path | None,
    lang: str | None = None,
    article: int | None = None,
    screenshot: str | Path | None = None,
    coder: str | None = None,
    *,
    seeding_problems: Sequence[str] = (),
) -> int:
    """Open the coding desk on ``db_path``; with ``screenshot``, render it to a PNG and return.

    ``seeding_problems``: why the sample articles got no suggestions, shown in a warning.
    Returns the process exit status.
    """
    app = application()
    settings = Settings()
    language = resolve_language(lang, settings.language)
    if not install_language(app, language):
        print(
            f"note: no translation for {language!r}; the interface stays English", file=sys.stderr
        )
    load_arabic_font()
    try:
        with guarded():
            db = open_project(db_path)
    except CodingError as exc:
        return _fail(exc.message, show=screenshot is None)
    try:
        with guarded():  # a team server's login writes as one coder or lead: the desk is theirs
            name = coder or login_annotator(db) or settings.coder
        if screenshot is not None:
            name = name or SCREENSHOT_CODER
        elif not name or check_name(name) is not None:  # none yet, or one the rule now refuses
            with guarded():
                known = annotator_names(db)
            name = ask_coder_name(known, name) or ""
            if not name:
                return 1
            settings.coder = name
        window = MainWindow(db, name, settings=settings, article_id=article)
        if screenshot is not None:
            return _screenshot(window, Path(screenshot), article)
        window.show()
        show_seeding_problems(window, seeding_problems)
        # the names that keep a clitic-like first letter (بيجي), read before the first label
        threading.Thread(target=name_starts, name="name-starts", daemon=True).start()
        with quit_on_interrupt(window.close):
            status = app.exec()
        background.wait_all(timeout=30)  # no worker runs on while Qt shuts down
        return status
    except CodingError as exc:
        return _fail(exc.message, show=screenshot is None)
    finally:
        db.close()


def show_seeding_problems(parent: QWidget, problems: Sequence[str]) -> QMessageBox | None:
    """Say (without blocking) that the sample articles came without suggestions, and why."""
    if not problems:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("App", "Annotator"),
        QCoreApplication.translate(
            "App",
            "The sample articles were imported without suggestions: the suggester could not"
            " read its data. Reinstalling Annotator usually mends this; the details name"
            " what is missing.",
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDetailedText("\n".join(problems))
    box.open()
    return box


@contextmanager
def quit_on_interrupt(close: Callable[[], object], *, quit_app: bool = True):
    """Ctrl+C in the terminal (SIGINT) closes the window as its Quit would (pending work
    committed), then quits the event loop (with ``quit_app``; a dialog's ``exec`` ends by
    ``close`` itself).

    Python runs a signal handler only between its own bytecodes, never while Qt waits for
    events; ``signal.set_wakeup_fd`` writes a byte to a socket that a QSocketNotifier watches,
    so Qt wakes up, calls into Python, and the handler runs at once.
    """
    app = QCoreApplication.instance()
    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda *_: _drain(reader))

    def interrupted(_signum: int, _frame: object) -> None:
        def finish() -> None:
            close()
            if app is not None and quit_app:
                app.quit()

        QTimer.singleShot(0, finish)

    old_handler = signal.signal(signal.SIGINT, interrupted)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    try:
        yield
    finally:
        signal.set_wakeup_fd(old_fd)
        signal.signal(signal.SIGINT, old_handler)
        notifier.setEnabled(False)
        reader.close()
        writer.close()


def _drain(reader: socket.socket) -> None:
    try:
        while reader.recv(512):
            pass
    except (BlockingIOError, InterruptedError):
        pass


def _screenshot(window: MainWindow, path: Path, article: int | None) -> int:
    try:
        if article is not None and window.article_id != article:
            print(f"error: no article with id {article}", file=sys.stderr)
            return 1
        window.step_span(1)  # the first span is current: its outline shows
        grab_to_png(window, path, SCREENSHOT_SIZE)
        return 0
    finally:
        for dialog in window.findChildren(QDialog):  # an error box nobody is there to answer
            dialog.close()
        window.hide()
        window.deleteLater()


def _fail(message: str, *, show: bool) -> int:
    print(f"error: {message}", file=sys.stderr)
    if show:
        title = QCoreApplication.translate("App", "Annotator")
        box = QMessageBox(QMessageBox.Icon.Critical, title, translate_message(message))
        plain_box(box).exec()
    return 1
