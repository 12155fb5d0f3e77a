"""Worker threads against windows deleted at once, in a process of its own (a crash kills only it).

``python tests/gui/thread_stress.py desk DIR N`` opens the desk N times on a project in DIR with a
PLACE span, shows that span, gives the place field the focus (which starts the place-choices
thread), then closes and deletes the window at once. ``panel N`` does the same with a bare span
panel whose place reader does a varying amount of real work. Prints ``SURVIVED n`` at the end;
a worker that touches a deleted Qt object ends the process with a segmentation fault instead.
"""

from __future__ import annotations

import faulthandler
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _delete(widget) -> None:
    """Close ``widget`` and delete it now, in the GUI thread, as a closing window is."""
    import shiboken6

    widget.close()
    shiboken6.delete(widget)


def desk(folder: Path, rounds: int) -> None:
    from PySide6.QtCore import Qt

    from annotator.domain import Label
    from annotator.gui.main_window import MainWindow
    from annotator.store import open_store
    from tests.gui.desk_driver import make_desk_project

    app = _app()
    path = folder / "stress.db"
    make_desk_project(path)
    for _ in range(rounds):
        db = open_store(path)
        window = MainWindow(db, "ali", clock=lambda: 0.0)
        window.show()
        window.activateWindow()
        app.processEvents()
        place = next(r for r in window._rows.values() if r.label is Label.PLACE)
        window.set_current(place.id)
        window.panel.place.setFocus(Qt.FocusReason.TabFocusReason)  # starts the thread
        assert window.panel._place_reader is None
        _delete(window)
        db.close()
        app.processEvents()


def panel(rounds: int) -> None:
    from PySide6.QtCore import Qt

    from annotator.domain import Label
    from annotator.gui.span_panel import SpanPanel

    app = _app()
    for n in range(rounds):
        widget = SpanPanel()
        widget.show()
        widget.activateWindow()

        def read(size: int = (n * 7919) % 20000) -> list[tuple[str, int | None]]:
            made = [[i] for i in range(size)]  # real work of varying length
            return [(f"place {i}", i) for i in range(len(made) % 50)]

        widget.show_span(Label.PLACE, "دمشق", {"place": "دمشق"})
        widget.load_place_choices(read)
        widget.place.setFocus(Qt.FocusReason.TabFocusReason)  # starts the thread
        app.processEvents()
        _delete(widget)
        app.processEvents()


def main(argv: list[str]) -> int:
    faulthandler.enable()
    sys.path.insert(0, str(ROOT))
    mode = argv[0]
    if mode == "panel":
        rounds = int(argv[1])
        panel(rounds)
    else:
        rounds = int(argv[2])
        desk(Path(argv[1]), rounds)
    from annotator.gui import background

    assert background.wait_all(60)
    print(f"SURVIVED {rounds}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
