"""Keys never misfire: while a menu, completer, combo list or dialog is open, the desk's
single keys do nothing there; menu letters never collide with the desk's Alt+letters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from annotator.gui.main_window import MainWindow
from tests.gui.desk_driver import desk_fixtures
from tests.gui.windows import ALT, CTRL, SHIFT, answer

open_desk, desk = desk_fixtures()


def decisions(window: MainWindow) -> list[tuple]:
    """The coder's own rows (accepted, rejected, added spans)."""
    return window.db.execute(
        "SELECT start, end, label, status FROM spans WHERE annotator = ? ORDER BY start",
        [window.session.annotator],
    ).fetchall()


def open_menu(qtbot, press, letter: Qt.Key) -> QMenu:
    press(letter, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def test_alt_e_then_r_is_redo_not_reject(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_A)  # accept جيش الإسلام: something to undo
    press(Qt.Key.Key_Z, CTRL)  # undone: Redo is enabled
    current = desk.view.current()
    assert current is not None and decisions(desk) == []
    open_menu(qtbot, press, Qt.Key.Key_E)
    press(Qt.Key.Key_R)  # the menu's &Redo
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert decisions(desk) == [(1, 12, "ACTOR", "accepted")]  # redone; nothing rejected
    assert desk.session.redo_label is None


def test_alt_f_then_r_and_e_are_the_file_menu(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab)
    open_menu(qtbot, press, Qt.Key.Key_F)
    press(Qt.Key.Key_E)  # &Export…, not the span panel
    qtbot.waitUntil(lambda: "export" in desk._dialogs)
    assert not desk.panel.isAncestorOf(QApplication.focusWidget())
    desk._dialogs["export"].close()
    desk.focus_article()
    qtbot.waitUntil(desk.view.hasFocus)
    open_menu(qtbot, press, Qt.Key.Key_F)
    press(Qt.Key.Key_R)  # &Report…, not reject
    qtbot.waitUntil(lambda: "report" in desk._dialogs)
    assert decisions(desk) == []
    answer(qtbot, press, desk._dialogs["report"], Qt.Key.Key_Escape)


def test_letters_in_an_open_menu_never_reach_the_desk(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab)
    current = desk.view.current()
    menu = open_menu(qtbot, press, Qt.Key.Key_H)  # Help: no item underlines these keys
    for key in (Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
        press(key)
    assert menu.isVisible() or QApplication.activePopupWidget() is None
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert decisions(desk) == []
    assert desk.view.current() == current
    assert desk.current_row().label.value == "ACTOR"


def test_letters_typed_into_an_open_completer_stay_there(
    desk: MainWindow, qtbot, press, type_text
) -> None:
    press(Qt.Key.Key_Tab, times=3)  # the casualty 45
    press(Qt.Key.Key_E)
    desk.panel.victim.setFocus()  # as a click in the field would
    qtbot.waitUntil(desk.panel.victim.hasFocus)
    press(Qt.Key.Key_A, CTRL)  # select what the field shows, to type over it
    type_text("IS")
    popup = desk.panel.victim.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    type_text("IS")  # more letters with the list open: into the field
    for key in (Qt.Key.Key_A, Qt.Key.Key_R):
        press(key)
    assert desk.panel.victim.lineEdit().text() == "ISISar"
    assert decisions(desk) == []


def test_keys_in_an_open_combo_list_stay_there(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab, times=3)
    press(Qt.Key.Key_E)
    kind = desk.panel.kind
    kind.setFocus()
    kind.showPopup()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    for key in (Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_1, Qt.Key.Key_3):
        press(key)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert decisions(desk) == []


def test_keys_in_a_dialog_stay_there(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_F1)
    sheet = desk._dialogs["shortcuts"]
    qtbot.waitUntil(sheet.isVisible)
    sheet.activateWindow()  # as the window manager does
    qtbot.waitUntil(lambda: sheet.isAncestorOf(QApplication.focusWidget()))
    for key in (Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_E, Qt.Key.Key_1):
        press(key)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not sheet.isVisible())
    assert decisions(desk) == []


def alt_letters(texts) -> list[str]:
    """The Alt+letter each text underlines (its mnemonic), as the platform writes it."""
    found = [QKeySequence.mnemonic(t).toString() for t in texts]
    return [k for k in found if k]


def mnemonic_clashes(window: MainWindow) -> tuple[list[str], list[str], set[str]]:
    bars = alt_letters(a.text() for a in window.menuBar().actions())
    fields = alt_letters(
        label.text() for label in window.panel.findChildren(QLabel) if label.buddy() is not None
    )
    return bars, fields, set(bars) & set(fields)


def item_letter_clashes(window: MainWindow) -> dict[str, list[str]]:
    """Letters underlined twice in one menu (the second item could not be reached)."""
    clashes = {}
    for top in window.menuBar().actions():
        items = [a.text() for a in top.menu().actions() if not a.isSeparator()]
        letters = alt_letters(items)
        if len(letters) != len(set(letters)):
            clashes[top.text()] = letters
    return clashes


def test_menu_letters_never_collide_with_the_panels_alt_letters(desk: MainWindow) -> None:
    bars, fields, clashes = mnemonic_clashes(desk)
    assert len(bars) == len(set(bars)) == len(desk.menuBar().actions())
    assert {"Alt+C", "Alt+V", "Alt+A", "Alt+P"} <= set(fields)
    assert clashes == set()
    assert item_letter_clashes(desk) == {}


def test_arabic_menu_letters_never_collide_either(qapp, open_desk, tmp_path) -> None:
    from annotator.gui import i18n
    from tests.gui.desk_driver import make_desk_project

    assert i18n.install_language(qapp, "ar")
    try:
        make_desk_project(tmp_path / "ar.db")
        window = open_desk(tmp_path / "ar.db")
        bars, fields, clashes = mnemonic_clashes(window)
        assert item_letter_clashes(window) == {}
        assert "عرض (&W)" in [a.text() for a in window.menuBar().actions()]
    finally:
        i18n.install_language(qapp, "en")
    assert len(bars) == len(set(bars)) == len(window.menuBar().actions())
    assert len(fields) >= 4
    assert clashes == set()


def test_alt_a_goes_to_the_actor_field(desk: MainWindow, qtbot, press) -> None:
    press(Qt.Key.Key_Tab)  # جيش الإسلام, an ACTOR: the panel shows its actor field
    press(Qt.Key.Key_A, ALT)
    qtbot.waitUntil(
        lambda: (
            desk.panel.actor.isAncestorOf(QApplication.focusWidget())
            or QApplication.focusWidget() is desk.panel.actor
        )
    )
    assert QApplication.activePopupWidget() is None  # no menu opened instead


def f1_keys(window: MainWindow, qtbot, press) -> set[str]:
    """Every key the F1 sheet lists (its first column, each alternative on its own)."""
    press(Qt.Key.Key_F1)
    sheet = window._dialogs["shortcuts"]
    qtbot.waitUntil(sheet.isVisible)
    table = sheet.table
    keys = {
        part.strip(" \u200e")  # the keys are marked left to right
        for row in range(table.rowCount())
        if table.item(row, 0) is not None
        for part in table.item(row, 0).text().split(" / ")
    }
    sheet.close()
    return keys


def registered_keys(window: MainWindow) -> set[str]:
    """Every key bound in the desk: actions, shortcuts and the panel's Alt+letters."""
    native = QKeySequence.SequenceFormat.NativeText
    found = {
        seq.toString(native)
        for action in window.findChildren(QAction)
        for seq in action.shortcuts()
        if not seq.isEmpty()
    }
    found |= {s.key().toString(native) for s in window.findChildren(QShortcut)}
    found |= set(alt_letters(label.text() for label in window.panel.findChildren(QLabel)))
    return found


def test_f1_lists_every_key_that_works(desk: MainWindow, qtbot, press) -> None:
    registered = registered_keys(desk)
    assert {"Alt+Shift+Right", "}", "[", "Ctrl+}", "/", "Ctrl+F", "Alt+V", "Alt+C"} <= registered
    assert registered - f1_keys(desk, qtbot, press) == set()


def test_every_edge_command_has_a_key_no_window_manager_takes(desk: MainWindow) -> None:
    from annotator.gui.cheat_sheet import SECTIONS, key_sequences

    taken = ("Alt+Shift+", "Ctrl+Alt+", "Meta+")  # Openbox/LXQt, workspaces, Windows/GNOME
    edges = dict(SECTIONS)["Span edges"]
    assert len(edges) == 8
    for action in edges:
        keys = [k.toString() for k in key_sequences(action)]
        assert any(not k.startswith(taken) for k in keys), action


def test_the_review_window_edges_and_menu_letters(tmp_path, qtbot, press) -> None:
    from annotator.gui.cheat_sheet import REVIEW, key_sequences
    from annotator.gui.review.review_window import ReviewWindow
    from annotator.store import open_store
    from tests.builders import TEXT
    from tests.gui.desk_driver import make_review_project
    from tests.gui.windows import focus_article, show_window

    for action in ("gold_grow_start", "gold_grow_end", "gold_shrink_start", "gold_shrink_end"):
        assert len(key_sequences(action, REVIEW)) == 2, action
    make_review_project(tmp_path / "review.db")
    review = show_window(qtbot, ReviewWindow(open_store(tmp_path / "review.db")), None)
    focus_article(review)
    qtbot.waitUntil(review.view.hasFocus)
    try:
        bars = alt_letters(a.text() for a in review.menuBar().actions())
        fields = alt_letters(
            label.text() for label in review.panel.findChildren(QLabel) if label.buddy() is not None
        )
        assert "Alt+A" in fields and set(bars) & set(fields) == set()
        press(Qt.Key.Key_Tab, times=3)
        press(Qt.Key.Key_2, ALT)  # bea's "النظام" into gold
        press(Qt.Key.Key_Tab, SHIFT)
        press(Qt.Key.Key_BraceRight)  # } : grow at the beginning, as Alt+Shift+Right
        (gold,) = review.current_row().gold
        assert TEXT[gold.start : gold.end] == "قوات النظام"
        press(Qt.Key.Key_BracketLeft)  # [ : drop the first word, as Alt+Left
        (gold,) = review.current_row().gold
        assert TEXT[gold.start : gold.end] == "النظام"
    finally:
        review.close()
        review.db.close()


def test_keys_read_left_to_right_in_the_arabic_f1(qapp, open_desk, tmp_path, qtbot, press) -> None:
    from annotator.gui import i18n
    from tests.gui.desk_driver import make_desk_project

    assert i18n.install_language(qapp, "ar")
    try:
        make_desk_project(tmp_path / "ar.db")
        window = open_desk(tmp_path / "ar.db")
        press(Qt.Key.Key_F1)
        sheet = window._dialogs["shortcuts"]
        qtbot.waitUntil(sheet.isVisible)
        cells = [sheet.table.item(r, 0).text() for r in range(sheet.table.rowCount())]
        sheet.close()
    finally:
        i18n.install_language(qapp, "en")
    ctrl_brace = next(c for c in cells if c.strip("\u200e") == "Ctrl+}")
    start, end = ctrl_brace.index("C"), ctrl_brace.index("}")
    assert x_of(ctrl_brace, start) < x_of(ctrl_brace, end)  # "Ctrl+}", not "{+Ctrl"


def test_menu_keys_read_left_to_right_in_arabic(qapp, open_desk, tmp_path, qtbot, press) -> None:
    """Seen on X11 with --lang ar: the Span menu showed Ctrl+} as }+Ctrl and Ctrl+[ as [+Ctrl
    (neutral brackets follow the right-to-left menu); its keys now read as in F1."""
    from annotator.gui import i18n
    from tests.gui.desk_driver import make_desk_project

    def key_column(action: QAction) -> str:
        """What QMenu draws in the key column: the text after a tab, else the shortcut."""
        text = action.text()
        if "\t" in text:
            return text.split("\t", 1)[1]
        return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    assert i18n.install_language(qapp, "ar")
    try:
        make_desk_project(tmp_path / "ar.db")
        window = open_desk(tmp_path / "ar.db")
        menu = open_menu(qtbot, press, Qt.Key.Key_S)  # المقطع (&S)
        shown = {a: key_column(a) for a in menu.actions() if not a.isSeparator()}
        press(Qt.Key.Key_Escape)
    finally:
        i18n.install_language(qapp, "en")
    brackets = [shown[window.actions[name]] for name in ("nudge_grow_start", "nudge_shrink_end")]
    assert [k.strip("\u200e") for k in brackets] == ["Ctrl+}", "Ctrl+]"]
    for keys in brackets:
        assert x_of(keys, keys.index("C")) < x_of(keys, keys.rindex("+") + 1)  # not }+Ctrl
    assert all(text.split("\t")[0] for text in (a.text() for a in shown))  # names kept


def x_of(text: str, index: int) -> float:
    """Where character ``index`` of ``text`` is drawn in a right-to-left line (a menu, a cell)."""
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    layout = QTextLayout(text, QFont())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    layout.endLayout()
    return line.cursorToX(index)[0]
