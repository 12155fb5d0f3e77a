"""File → Report… from the keyboard: index.html and PNG charts, written in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from annotator.gui.main_window import MainWindow
from annotator.gui.report_dialog import ReportDialog
from tests.gui.desk_driver import desk_fixtures
from tests.gui.windows import WAIT, answer, file_menu_action, outcome_box, type_path

open_desk, _desk = desk_fixtures()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def open_report(window: MainWindow, qtbot) -> ReportDialog:
    file_menu_action(window, "&Report…").trigger()
    dialog = window._dialogs["report"]
    assert isinstance(dialog, ReportDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.layer.hasFocus())
    return dialog


def test_report_from_the_keyboard(
    gold_desk: MainWindow, qtbot, press, type_text, tmp_path: Path
) -> None:
    dialog = open_report(gold_desk, qtbot)
    assert dialog.path.text() == str(tmp_path / "annotator-report")  # next to the database
    press(Qt.Key.Key_Down)  # gold
    assert dialog.chosen_layer() == "gold"
    out = tmp_path / "report"
    type_path(press, type_text, Qt.Key.Key_F, out)
    steps: list[tuple[int, int]] = []
    gold_desk.tasks.progress.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(gold_desk.tasks.finished, timeout=WAIT) as done:
        press(Qt.Key.Key_Return)
    assert steps[0] == (0, 8) and steps[-1] == (8, 8)
    result = done.args[0]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "from the &#x27;gold&#x27; layer" in html
    pngs = sorted(p.name for p in out.glob("*.png"))
    assert pngs == ["actors.png", "casualties.png", "labels.png", "places.png", "progress.png"]
    for name in pngs:
        data = (out / name).read_bytes()
        assert data.startswith(PNG_MAGIC) and not QImage(str(out / name)).isNull()
    assert [p.name for p in result.charts] == [
        "progress.png",
        "labels.png",
        "actors.png",
        "places.png",
        "casualties.png",
    ]
    box = outcome_box(gold_desk, qtbot)
    assert box.text() == "The report is written."
    assert box.informativeText().splitlines() == [f"Page: {out / 'index.html'}", "Charts: 5"]
    assert any(b.text() == "&Open in the browser" for b in box.buttons())
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(gold_desk.view.hasFocus)
    # the next report proposes the same folder (an earlier report is replaced)
    dialog = open_report(gold_desk, qtbot)
    assert dialog.path.text() == str(out)
    with qtbot.waitSignal(gold_desk.tasks.finished, timeout=WAIT):
        press(Qt.Key.Key_Return)
    assert (out / "index.html").is_file()
    answer(qtbot, press, outcome_box(gold_desk, qtbot), Qt.Key.Key_Escape)


def test_a_report_into_a_foreign_folder_fails_cleanly(
    gold_desk: MainWindow, qtbot, press, type_text, tmp_path: Path
) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    (out / "thesis.txt").write_text("not ours", encoding="utf-8")
    open_report(gold_desk, qtbot)
    type_path(press, type_text, Qt.Key.Key_F, out)
    with qtbot.waitSignal(gold_desk.tasks.failed, timeout=WAIT):
        press(Qt.Key.Key_Return)
    box = outcome_box(gold_desk, qtbot)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == f"The report in {out} could not be written; nothing was changed."
    assert "other files in it" in box.informativeText()
    assert sorted(p.name for p in out.iterdir()) == ["thesis.txt"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(gold_desk.view.hasFocus)
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the desk still codes
    assert gold_desk.session.state(1).state.value == "done"
