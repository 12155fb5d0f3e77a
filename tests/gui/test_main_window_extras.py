"""The desk's languages, screenshot mode, error handling, dialogs and settings."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from annotator.gui import i18n
from annotator.gui.app import SCREENSHOT_SIZE, run
from annotator.gui.codebook_dialog import CodebookDialog
from annotator.gui.coder_dialog import CoderDialog
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Settings
from annotator.services.coding import FIELDS, LABELS
from annotator.store import open_store
from annotator.store import repository as repo
from tests.gui.desk_driver import EXTRA, desk_fixtures, make_desk_project
from tests.gui.windows import CTRL

GUI = Path(__file__).resolve().parents[2] / "annotator" / "gui"
TS = i18n.I18N_DIR / "annotator_ar.ts"
open_desk, desk = desk_fixtures(EXTRA)


def test_every_ui_string_has_an_arabic_translation() -> None:
    messages = {
        (ctx.findtext("name"), m.findtext("source")): m.find("translation")
        for ctx in ET.parse(TS).getroot()
        for m in ctx.iter("message")
    }
    for translation in messages.values():
        assert translation.get("type") is None and translation.text, translation
    assert (i18n.I18N_DIR / "annotator_ar.qm").stat().st_size > 1000
    sources = {source for _ctx, source in messages}
    for path in GUI.rglob("*.py"):
        for literal in re.findall(r'self\.tr\(\s*"((?:[^"\\]|\\.)*)"', path.read_text("utf-8")):
            assert literal.replace("\\'", "'") in sources, (path.name, literal)
    for template in [*LABELS.values(), *FIELDS.values()]:
        assert ("CodingSession", template) in messages, template


def test_arabic_ui_is_translated_and_mirrored(arabic_ui, open_desk, tmp_path: Path, press) -> None:
    make_desk_project(tmp_path / "ar.db", EXTRA)
    window = open_desk(tmp_path / "ar.db")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:3] == ["ملف (&F)", "تحرير (&E)", "المقطع (&S)"]
    assert "عرض (&W)" in menus  # strings of the shared bases are translated too
    assert window.list.search.placeholderText() == "ابحث في العنوان أو المصدر"
    assert window.status.progress.text() == "المنجز 0 / 3"
    # Mirrored: the list is on the right, the span panel on the left; the article stays RTL.
    x = {
        w: w.mapTo(window, w.rect().center()).x() for w in (window.list, window.view, window.panel)
    }
    assert x[window.list] > x[window.view] > x[window.panel]
    assert window.view.layoutDirection() == Qt.LayoutDirection.RightToLeft
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)
    assert window.actions["undo"].text() == "تراجع (&U) قبول ‘جيش الإسلام’"


def test_language_choice(monkeypatch) -> None:
    assert i18n.resolve_language("ar", "en") == "ar"
    assert i18n.resolve_language(None, "ar") == "ar"
    assert i18n.resolve_language("AR_sy", "") == "ar"
    assert i18n.resolve_language("fr", "en") == "en"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_screenshot_mode(qapp, tmp_path: Path, lang: str) -> None:
    make_desk_project(tmp_path / "shot.db", EXTRA)
    png = tmp_path / f"shot-{lang}.png"
    try:
        assert run(tmp_path / "shot.db", lang=lang, article=2, screenshot=png) == 0
    finally:
        i18n.install_language(qapp, "en")
    image = QImage(str(png))
    assert (image.width(), image.height()) == SCREENSHOT_SIZE
    assert run(tmp_path / "shot.db", lang="en", article=99, screenshot=png) == 1
    db = open_store(tmp_path / "shot.db")
    assert db.execute("SELECT count(*) FROM annotators").fetchone()[0] == 0  # wrote nothing
    db.close()


def test_a_locked_database_offers_retry(desk: MainWindow, qtbot, press, tmp_path: Path) -> None:
    desk.db.execute("PRAGMA busy_timeout = 50")
    press(Qt.Key.Key_Tab)
    target = desk.current_row()
    blocker = sqlite3.connect(tmp_path / "desk.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    press(Qt.Key.Key_A)
    box = desk._dialogs["error"]
    assert isinstance(box, QMessageBox)
    qtbot.waitUntil(box.isActiveWindow)
    assert desk.status.saved.text() == "Not saved"
    assert "busy" in desk.status.hint.text()
    assert repo.confirmed_spans(desk.db, 1, "ali") == []
    assert box.standardButtons() & QMessageBox.StandardButton.Retry
    blocker.execute("ROLLBACK")
    blocker.close()
    press(Qt.Key.Key_Return)  # Retry is the default button
    qtbot.waitUntil(lambda: not box.isVisible())
    (row,) = repo.confirmed_spans(desk.db, 1, "ali")
    assert row.suggestion_id == target.id
    assert desk.status.saved.text() == "Saved"
    qtbot.waitUntil(desk.view.hasFocus)


def test_coder_dialog_needs_a_name(qtbot, show_focused, type_text) -> None:
    dialog = CoderDialog(["ali", "omar"])
    show_focused(dialog, focus=dialog.names)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    type_text("زينب")
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    assert dialog.name() == "زينب"


def test_switch_coder_from_the_menu(desk: MainWindow, qtbot, type_text) -> None:
    desk.ask_coder()
    dialog = desk._dialogs["coder"]
    qtbot.waitUntil(dialog.isVisible)
    dialog.names.lineEdit().selectAll()
    dialog.names.setFocus()
    qtbot.waitUntil(dialog.names.hasFocus)
    type_text("omar")
    qtbot.keyClick(dialog.names, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.session.annotator == "omar")
    assert Settings().coder == "omar"  # remembered for the next start


def test_settings_are_kept_in_the_test_folder(tmp_path: Path) -> None:
    settings = Settings()
    assert str(tmp_path) in settings.store.fileName()
    settings.coder = "huda"
    settings.language = "ar"
    settings.set_last_article("huda", 12)
    again = Settings()
    assert (again.coder, again.language, again.last_article("huda")) == ("huda", "ar", 12)
    assert again.last_article("nobody") is None


def test_help_dialogs(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_F1)
    sheet = desk._dialogs["shortcuts"]
    qtbot.waitUntil(sheet.isActiveWindow)
    press(Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: not sheet.isVisible())
    book = CodebookDialog()
    qtbot.addWidget(book)
    assert "ACTOR" in book.browser.toPlainText()
    assert "جيش الإسلام" in book.browser.toPlainText()


def test_the_window_reopens_where_the_coder_left(open_desk, tmp_path: Path, press) -> None:
    make_desk_project(tmp_path / "again.db", EXTRA)
    first = open_desk(tmp_path / "again.db")
    press(Qt.Key.Key_PageDown, CTRL)
    press(Qt.Key.Key_PageDown, CTRL)
    assert first.article_id == 3
    first.close()
    second = open_desk(tmp_path / "again.db")
    assert second.article_id == 3
