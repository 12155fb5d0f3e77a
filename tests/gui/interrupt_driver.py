"""A desk with a victim the catalogue does not know typed into the span panel, for the test
of Ctrl+C in the terminal (test_interrupt.py).

``python tests/gui/interrupt_driver.py DB`` opens the desk (offscreen) on DB as coder "ali",
goes to the casualty 45 of seed 000 and types ``xyzq`` into its victim field by key presses,
then prints ``READY``. After a SIGINT it prints ``ASKED <title>`` when the desk asks about that
value instead of quitting, answers No, empties the field (``CLEARED``), closes the window and prints
``EXIT <status>`` when the event loop ends.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(db_path: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.gui.app import application, quit_on_interrupt
    from annotator.gui.main_window import MainWindow
    from annotator.store import open_store

    app = application()
    window = MainWindow(open_store(db_path), "ali", clock=lambda: 0.0)
    window.show()
    window.activateWindow()
    window.view.setFocus()
    while not window.view.hasFocus():
        app.processEvents()
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)  # 45, a casualty
    QTest.keyClick(window.view, Qt.Key.Key_E)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), "xyzq")
    asked: list[str] = []

    def watch() -> None:  # every 20 ms: answer the question, then clear the field and close
        question = QApplication.activeModalWidget()
        if question is not None and not asked:
            asked.append(question.windowTitle())
            print(f"ASKED {question.windowTitle()}", flush=True)
            QTest.keyClick(question, Qt.Key.Key_Escape)  # No
        elif asked and question is None and (field := QApplication.focusWidget()) is not None:
            timer.stop()
            QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            QTest.keyClick(field, Qt.Key.Key_Delete)
            print("CLEARED", flush=True)  # the desk was still open after the answer
            window.close()

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(20)
    with quit_on_interrupt(window.close):
        QTimer.singleShot(0, lambda: print("READY", flush=True))  # Ctrl+C is handled now
        status = app.exec()
    print(f"EXIT {status}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
