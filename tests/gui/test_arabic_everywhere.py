"""The Arabic interface shows Arabic everywhere: every window and dialog walked in Arabic, with
no English left but ids, file and format names, key names and the project's own data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from annotator.domain import Kind, Qualifier
from annotator.gui import i18n, messages
from annotator.gui.main_window import MainWindow
from annotator.gui.review.review_rows import describe
from annotator.services.coding import CodingError, CodingSession, actor_catalogue
from annotator.store import open_store
from tests.gui.arabic_walk import english_in
from tests.gui.desk_driver import make_review_project
from tests.gui.windows import CTRL

TS = i18n.I18N_DIR / "annotator_ar.ts"


def catalogue_texts() -> list[str]:
    """The actor catalogue's display texts (ids, Arabic and English names): data, not UI."""
    choices, _names = actor_catalogue()
    return sorted((f"{i} — {text}" for i, text in choices), key=len, reverse=True)


def no_english(widget: QWidget, name: str, *, documents: bool = True) -> None:
    QApplication.processEvents()
    found = english_in(widget, documents=documents, data=catalogue_texts())
    assert found == [], f"{name}: {found[:8]}"


@pytest.fixture
def desk(arabic_ui, qtbot, tmp_path: Path) -> MainWindow:
    make_review_project(tmp_path / "review.db")
    db = open_store(tmp_path / "review.db")
    window = MainWindow(db, "bea", clock=lambda: 0.0, article_id=1)
    qtbot.addWidget(window)
    window.resize(1360, 850)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    yield window
    window.close()
    window.db.close()


def test_every_window_and_dialog_speaks_arabic(desk: MainWindow, qtbot, press, tmp_path) -> None:
    no_english(desk, "desk")
    labels = set()
    for _ in range(len(desk._rows)):  # every span in the panel: kind, qualifier, victim…
        press(Qt.Key.Key_Tab)
        row = desk.current_row()
        assert row is not None
        labels.add(row.label.value)
        no_english(desk, f"desk, span panel on {row.label.value}")
    assert labels == {"ACTOR", "PLACE", "CASUALTY"}
    press(Qt.Key.Key_H, CTRL)  # history of the current span
    history = desk._dialogs["history"]
    qtbot.waitUntil(history.isVisible)
    no_english(history, "history")
    history.reject()
    desk.activateWindow()
    qtbot.waitUntil(desk.view.hasFocus)
    press(Qt.Key.Key_F1)
    sheet = desk._dialogs["shortcuts"]
    qtbot.waitUntil(sheet.isVisible)
    no_english(sheet, "F1")
    sheet.close()
    for opened, key in (
        (desk.show_export, "export"),
        (desk.show_import, "import"),
        (desk.show_report, "report"),
        (desk.ask_coder, "coder"),
        (desk.show_settings, "settings"),
    ):
        opened()
        dialog = desk._dialogs[key]
        qtbot.waitUntil(dialog.isVisible)
        no_english(dialog, key)
        dialog.close()
    desk.show_codebook()  # the codebook itself is the English document; its window is Arabic
    no_english(desk._dialogs["codebook"], "codebook", documents=False)
    desk._dialogs["codebook"].close()
    desk.flag()
    no_english(desk._dialogs["note"], "note")
    desk._dialogs["note"].reject()
    # A service's message (English in the service) shown in the error box, in Arabic.
    try:
        CodingSession(desk.db, "bea").accept(424242)
    except CodingError as exc:
        box = desk.status.error_box(desk, exc, None)
    box.show()
    no_english(box, "error box")
    no_english(desk.statusBar(), "status bar with the error")
    box.close()
    # The export's outcome box: nothing to export in the gold layer (other layers named).
    desk.show_export()
    export = desk._dialogs["export"]
    export.path.setText(str(tmp_path / "out.jsonl"))
    export.accept()
    qtbot.waitUntil(lambda: desk.tasks.message is not None and desk.tasks.message.isVisible())
    told = desk.tasks.message
    assert isinstance(told, QMessageBox)
    assert "bea" in told.informativeText()
    no_english(told, "export finished")
    told.close()


def test_the_review_and_agreement_windows_speak_arabic(desk: MainWindow, qtbot, press) -> None:
    desk.show_review()
    review = desk._dialogs["review"]
    qtbot.waitUntil(review.isVisible)
    for _ in range(len(review.rows)):
        no_english(review, "review")
        review.step_item(1)
    review.show_shortcuts()
    no_english(review._dialogs["shortcuts"], "review F1")
    review._dialogs["shortcuts"].close()
    review.show_history()
    no_english(review._dialogs["history"], "review history")
    review._dialogs["history"].close()
    review.close()
    desk.show_agreement()
    agreement = desk._dialogs["agreement"]
    qtbot.waitUntil(lambda: agreement.report is not None, timeout=10000)
    no_english(agreement, "agreement")
    agreement.close()


def test_attributes_read_in_the_ui_language(arabic_ui) -> None:
    from annotator.domain import Label, Span

    text = "قتل 45 مدنياً"
    span = Span(4, 6, Label.CASUALTY, {"count": 45, "kind": "killed", "qualifier": "at_least"})
    assert describe(span, text) == "‘45’ CASUALTY count=45, kind=killed, qualifier=at_least"
    arabic = describe(span, text, i18n.attr_words())
    assert arabic == "‘45’ CASUALTY العدد=45، النوع=قتلى، الدقة=على الأقل"


def test_service_messages_and_values_have_finished_translations(arabic_ui) -> None:
    translations = {
        (ctx.findtext("name"), m.findtext("source")): m.findtext("translation")
        for ctx in ET.parse(TS).getroot()
        for m in ctx.iter("message")
    }
    for template in messages.TEMPLATES:
        arabic = translations[(messages.CONTEXT, template)]
        assert sorted(re.findall(r"\{\w+\}", arabic)) == sorted(re.findall(r"\{\w+\}", template))
    for value in [*Kind.values(), *Qualifier.values()]:
        assert value in i18n.VALUE_STRINGS
        assert re.search("[\u0600-\u06ff]", i18n.value_name(value)), value
    message = "span 7 belongs to ali, not bea"
    assert messages.translate_message(message) == "المقطع 7 يعود إلى ali، لا إلى bea"
    assert messages.translate_message("something new") == "something new"


def test_the_walk_finds_english_in_the_english_ui(qtbot, tmp_path: Path) -> None:
    make_review_project(tmp_path / "review.db")
    window = MainWindow(open_store(tmp_path / "review.db"), "bea", article_id=1)
    qtbot.addWidget(window)
    window.show()
    window.step_span(1)
    found = {word for _where, _text, words in english_in(window) for word in words}
    assert {"File", "Title", "Source"} <= found
    window.close()
    window.db.close()
