"""The review window's actions and menus, with keys from the cheat sheet's REVIEW keymap."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import QMainWindow, QWidget

from annotator.gui.cheat_sheet import MAX_CODERS, REVIEW
from annotator.gui.window_actions import WindowActions

TAKES = tuple(f"take_{n}" for n in range(1, MAX_CODERS + 1))
ITEM_MENU = (
    "next_item", "previous_item", "next_open_item", None,
    *TAKES, "accept_item", "reject_item", "reopen_item", "accept_agreed", None,
    "gold_actor", "gold_place", "gold_casualty", "edit_gold",
    "gold_grow_start", "gold_grow_end", "gold_shrink_start", "gold_shrink_end", None,
    "history",
)  # fmt: skip
ARTICLE_MENU = (
    "next_to_adjudicate", "previous_to_adjudicate", "next_article", "previous_article", None,
    "focus_list", "focus_coders", None, "agreement", "close",
)  # fmt: skip


class ReviewActions(WindowActions):
    """Every review action as a QAction: keys that type are scoped to the article and item
    table (``area``), the others work anywhere in the window."""

    def __init__(
        self, window: QMainWindow, area: QWidget, handlers: Mapping[str, Callable[[], None]]
    ) -> None:
        super().__init__(window, area, handlers, REVIEW)

    def _texts(self) -> dict[str, str]:
        texts = {
            "next_item": self.tr("&Next item"),
            "previous_item": self.tr("&Previous item"),
            "next_open_item": self.tr("Next item &to decide"),
            "accept_item": self.tr("&Accept the agreed item"),
            "reject_item": self.tr("&Reject all versions"),
            "reopen_item": self.tr("Re&open the item"),
            "accept_agreed": self.tr("Accept all a&greed spans"),
            "gold_actor": self.tr("Gold ACTOR"),
            "gold_place": self.tr("Gold PLACE"),
            "gold_casualty": self.tr("Gold CASUALTY"),
            "gold_grow_start": self.tr("Grow the gold span at the beginning"),
            "gold_grow_end": self.tr("Grow the gold span at the end"),
            "gold_shrink_start": self.tr("Shrink the gold span at the beginning"),
            "gold_shrink_end": self.tr("Shrink the gold span at the end"),
            "edit_gold": self.tr("&Edit the gold span's attributes"),
            "history": self.tr("&History of this span…"),
            "next_to_adjudicate": self.tr("&Next article to adjudicate"),
            "previous_to_adjudicate": self.tr("&Previous article to adjudicate"),
            "next_article": self.tr("Next article"),
            "previous_article": self.tr("Previous article"),
            "focus_list": self.tr("Go to the article &list"),
            "focus_coders": self.tr("Choose the &coders to compare"),
            "agreement": self.tr("A&greement…"),
            "close": self.tr("&Close"),
            "undo": self.tr("&Undo"),
            "redo": self.tr("&Redo"),
            "help": self.tr("&Keyboard shortcuts"),
        }
        for n, name in enumerate(TAKES, 1):
            texts[name] = self.tr("Take coder %1’s version").replace("%1", str(n))
        return texts

    def set_coders(self, coders: Sequence[str]) -> None:
        """Name the take actions after the compared coders; hide those beyond them."""
        for n, name in enumerate(TAKES, 1):
            action = self.actions[name]
            if n <= len(coders):
                action.setText(self.tr("Take %1’s version").replace("%1", coders[n - 1]))
                action.setVisible(True)
            else:
                action.setText(self.tr("Take coder %1’s version").replace("%1", str(n)))
                action.setVisible(False)

    def build_menus(self, slots: Mapping[str, Callable[[], None]]) -> None:
        """Article, Edit, Item, View and Help."""
        bar = self.window.menuBar()
        self._fill(bar.addMenu(self.tr("Ar&ticle")), ARTICLE_MENU)  # Alt+A: the actor field
        self._fill(bar.addMenu(self.tr("&Edit")), ("undo", "redo"))
        self._fill(bar.addMenu(self.tr("&Item")), ITEM_MENU)
        self._zoom_menu(slots)
        self._fill(bar.addMenu(self.tr("&Help")), ("help",))
