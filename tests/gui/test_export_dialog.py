"""File → Export… driven from the keyboard: same bytes as the CLI, Cancel, errors, spaCy, RTL."""

from __future__ import annotations

import threading
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from annotator.cli import cli
from annotator.gui import i18n
from annotator.gui.export_dialog import ExportDialog, swap_suffix
from annotator.gui.main_window import MainWindow
from annotator.gui.screenshot import grab_to_png
from annotator.services import export as exporting
from tests.gui.desk_driver import desk_fixtures
from tests.gui.windows import (
    ALT,
    CTRL,
    WAIT,
    answer,
    file_menu_action,
    outcome_box,
    type_path,
)

open_desk, _desk = desk_fixtures()


def open_export(window: MainWindow, qtbot) -> ExportDialog:
    file_menu_action(window, "&Export…").trigger()
    dialog = window._dialogs["export"]
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.format.hasFocus())
    return dialog


def cli_export(db_path: Path, out: Path, *args: str) -> bytes:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(db_path), "--format", "jsonl", "--out", str(out), *args]
    )
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_export_jsonl_from_the_keyboard_equals_the_cli(
    gold_desk: MainWindow, qtbot, press, type_text, *, tmp_path: Path, gold_path: Path
) -> None:
    dialog = open_export(gold_desk, qtbot)
    assert dialog.chosen_format() == "jsonl"
    assert [dialog.layer.itemData(i) for i in range(dialog.layer.count())] == ["gold", "all"]
    out = tmp_path / "out" / "gui.jsonl"
    type_path(press, type_text, Qt.Key.Key_T, out)
    with qtbot.waitSignal(gold_desk.tasks.finished, timeout=WAIT) as done:
        press(Qt.Key.Key_Return)
    result = done.args[0]
    assert (result.records, result.spans) == (5, 215)
    expected = cli_export(tmp_path / "gold.db", tmp_path / "cli.jsonl")
    assert out.read_bytes() == expected == gold_path.read_bytes()
    box = outcome_box(gold_desk, qtbot)
    assert box.text() == "The export is finished."
    assert box.informativeText().splitlines() == ["Records: 5", "Spans: 215", f"Written to: {out}"]
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gold_desk.tasks.message is None)
    # the next export starts in the folder of the last one, with the format's suffix
    dialog = open_export(gold_desk, qtbot)
    assert dialog.path.text() == str(out.parent / "annotations.jsonl")
    press(Qt.Key.Key_Escape)


def test_all_layers_and_only_done_choices_by_keys(
    gold_desk: MainWindow, qtbot, press, type_text, tmp_path: Path
) -> None:
    dialog = open_export(gold_desk, qtbot)
    press(Qt.Key.Key_Down)  # Prodigy
    press(Qt.Key.Key_Down)  # CoNLL
    assert dialog.chosen_format() == "conll"
    assert dialog.path.text().endswith("annotations.conll")
    press(Qt.Key.Key_L, ALT)
    press(Qt.Key.Key_End)
    press(Qt.Key.Key_A, ALT)
    press(Qt.Key.Key_Down)
    options = dialog.options()
    assert (options.format, options.layer, options.only) == ("conll", "all", "done")
    out = tmp_path / "all.conll"
    type_path(press, type_text, Qt.Key.Key_T, out)
    with qtbot.waitSignal(gold_desk.tasks.finished, timeout=WAIT) as done:
        press(Qt.Key.Key_Return)
    result = done.args[0]
    assert result.records == 5 and out.read_text(encoding="utf-8").startswith("-DOCSTART-")
    box = outcome_box(gold_desk, qtbot)
    lines = box.informativeText().splitlines()
    assert "Tokens split at span edges: 6" in lines
    assert f"Alignment report: {out}.alignment.tsv" in lines
    answer(qtbot, press, box)


def test_cancel_leaves_the_earlier_export_untouched(
    gold_desk: MainWindow, qtbot, press, type_text, *, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "keep" / "gold.jsonl"
    out.parent.mkdir()
    out.write_text("an earlier export\n", encoding="utf-8")
    reached, release = threading.Event(), threading.Event()
    real_run_export = exporting.run_export

    def paused_run_export(db_path, options, progress, cancel):
        """The real export; after record 2 it waits until the test has pressed Cancel."""

        def pausing(done: int, total: int) -> None:
            progress(done, total)
            if done == 2:
                reached.set()
                release.wait(WAIT / 1000)

        return real_run_export(db_path, options, pausing, cancel)

    monkeypatch.setattr(exporting, "run_export", paused_run_export)
    open_export(gold_desk, qtbot)
    type_path(press, type_text, Qt.Key.Key_T, out)
    press(Qt.Key.Key_Return)
    progress = gold_desk.tasks.dialog
    assert progress is not None
    qtbot.waitUntil(reached.is_set, timeout=WAIT)
    qtbot.waitUntil(lambda: progress.step.text() == "2 of 5", timeout=WAIT)
    qtbot.waitUntil(progress.isActiveWindow)
    press(Qt.Key.Key_Escape)
    assert progress.label.text() == "Cancelling…"
    with qtbot.waitSignal(gold_desk.tasks.cancelled, timeout=WAIT) as stopped:
        release.set()
    assert isinstance(stopped.args[0], exporting.ExportCancelledError)
    assert out.read_text(encoding="utf-8") == "an earlier export\n"
    assert sorted(p.name for p in out.parent.iterdir()) == ["gold.jsonl"]  # no temp file left
    box = outcome_box(gold_desk, qtbot)
    assert box.text() == "The export was cancelled; nothing was written."
    answer(qtbot, press, box)


def test_a_failing_export_shows_the_error_and_the_desk_keeps_working(
    gold_desk: MainWindow, qtbot, press, type_text, tmp_path: Path
) -> None:
    (tmp_path / "plain.txt").write_text("a file, not a folder", encoding="utf-8")
    out = tmp_path / "plain.txt" / "gold.jsonl"
    open_export(gold_desk, qtbot)
    type_path(press, type_text, Qt.Key.Key_T, out)
    with qtbot.waitSignal(gold_desk.tasks.failed, timeout=WAIT):
        press(Qt.Key.Key_Return)
    box = outcome_box(gold_desk, qtbot)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text() == f"The export to {out} failed; nothing was written."
    assert "cannot create the folder" in box.informativeText()
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(gold_desk.view.hasFocus)
    # the desk still codes, and the next export works
    press(Qt.Key.Key_Return, CTRL)
    assert gold_desk.session.state(1).state.value == "done"
    good = tmp_path / "good.jsonl"
    open_export(gold_desk, qtbot)
    type_path(press, type_text, Qt.Key.Key_T, good)
    with qtbot.waitSignal(gold_desk.tasks.finished, timeout=WAIT):
        press(Qt.Key.Key_Return)
    assert good.stat().st_size > 0
    answer(qtbot, press, outcome_box(gold_desk, qtbot))


def test_spacy_is_greyed_out_with_the_reason(qtbot, show_focused, press, tmp_path: Path) -> None:
    reason = "the spacy format needs spaCy: pip install 'annotator[spacy]'"
    dialog = ExportDialog(
        ["ali", "gold"], tmp_path, missing=lambda f: reason if f == "spacy" else None
    )
    show_focused(dialog, dialog.format)
    spacy_row = dialog.format.findData("spacy")
    assert not dialog.available("spacy") and dialog.available("csv")
    tooltip = QTextDocument()
    tooltip.setHtml(dialog.format.itemData(spacy_row, Qt.ItemDataRole.ToolTipRole))
    assert tooltip.toPlainText() == reason  # shown as written
    assert dialog.unavailable.isVisible()
    assert dialog.unavailable.text() == f"Not available here: spaCy DocBin ({reason})"
    press(Qt.Key.Key_End)  # the last choice the keyboard reaches is CSV, not spaCy
    assert dialog.chosen_format() == "csv"
    assert dialog.path.text() == str(tmp_path / "annotations")
    dialog.format.setCurrentIndex(spacy_row)  # even if forced, OK stays off
    assert not dialog.ok.isEnabled()
    dialog.format.setCurrentIndex(0)
    assert dialog.ok.isEnabled() and dialog.path.text() == str(tmp_path / "annotations.jsonl")
    assert [dialog.layer.itemData(i) for i in range(dialog.layer.count())] == [
        "gold",
        "ali",
        "all",
    ]
    dialog.path.setText("sub/mine.jsonl")  # a relative path is taken from the proposed folder
    assert dialog.options().out == tmp_path / "sub" / "mine.jsonl"
    answer(qtbot, press, dialog, Qt.Key.Key_Escape)


def test_suffix_follows_the_format() -> None:
    assert swap_suffix("gold.jsonl", ".jsonl", ".prodigy.jsonl") == "gold.prodigy.jsonl"
    assert swap_suffix("gold.prodigy.jsonl", ".prodigy.jsonl", ".conll") == "gold.conll"
    assert swap_suffix("gold.conll", ".conll", "") == "gold"
    assert swap_suffix("gold", "", ".spacy") == "gold.spacy"
    assert swap_suffix("mine.txt", ".jsonl", ".conll") == "mine.txt"


def _labels_fit(dialog: ExportDialog) -> None:
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_export_dialog_in_english_and_arabic(qtbot, tmp_path: Path, qapp) -> None:
    shots = {}
    for lang in ("en", "ar"):
        i18n.install_language(qapp, lang)
        try:
            dialog = ExportDialog(["ali", "gold"], tmp_path)
            qtbot.addWidget(dialog)
            shots[lang] = grab_to_png(dialog, tmp_path / f"export-{lang}.png", (640, 300))
            x_field = dialog.layer.mapTo(dialog, dialog.layer.rect().center()).x()
            buddies = [lab for lab in dialog.findChildren(QLabel) if lab.buddy() is dialog.layer]
            x_buddy = buddies[0].mapTo(dialog, buddies[0].rect().center()).x()
            if lang == "ar":
                assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
                assert x_buddy > x_field  # the field's name is on the right
                assert dialog.ok.text() == "تصدير (&E)"
                assert dialog.browse.text() == "استعراض… (&B)"  # FormDialog's own string
            else:
                assert x_buddy < x_field
            _labels_fit(dialog)
            dialog.close()
        finally:
            i18n.install_language(qapp, "en")
    for path in shots.values():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (640, 300)
