"""The first start says, in the desk too, that the samples came without suggestions."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.gui import i18n
from annotator.gui.app import show_seeding_problems

DETAIL = "000.txt: the suggester failed: FileNotFoundError: No such file: /x/nouns.json"


def test_no_problem_no_box(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert show_seeding_problems(parent, []) is None


def test_the_warning_names_the_missing_file_in_its_details(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    box = show_seeding_problems(parent, [DETAIL, "<b>" + DETAIL + "</b>"])
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.text().startswith("The sample articles were imported without suggestions")
    assert box.detailedText() == f"{DETAIL}\n<b>{DETAIL}</b>"  # plain text, nothing rendered
    box.close()


def test_the_warning_is_translated(qtbot, qapp) -> None:
    assert i18n.install_language(qapp, "ar")
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        box = show_seeding_problems(parent, [DETAIL])
        assert box is not None
        assert box.text().startswith("استُوردت المقالات النموذجية بلا اقتراحات")
        box.close()
    finally:
        i18n.install_language(qapp, "en")
