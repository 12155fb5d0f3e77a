"""The review window's current article view: its rows, the current item, and the status line.

Composed by ``ReviewWindow`` (annotator.gui.review.review_window), which hands it the shared
state and the widgets it updates; its strings are translated in the ReviewWindow context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QCoreApplication

from annotator.gui.article_view import ViewSpan
from annotator.gui.desk_parts import StatusLine
from annotator.gui.i18n import attr_words
from annotator.gui.review.review_articles import ReviewListModel
from annotator.gui.review.review_panel import ReviewPanel
from annotator.gui.review.review_rows import KIND_COLORS, ReviewRow, build_rows, describe, next_open
from annotator.gui.review.review_state import ReviewState
from annotator.gui.review.review_table import ReviewTable
from annotator.gui.review.review_view import CoderMark, ReviewView
from annotator.services.coding import CodingError, guarded
from annotator.services.compare import compare_key
from annotator.services.listing import SpanRow, gold_spans, is_adjudicated
from annotator.services.review_list import filtered_ids

Report = Callable[[CodingError, Callable[[], None] | None], None]


class CurrentItem:
    """Rows of the open article, the current one framed and explained; the status line."""

    def __init__(
        self,
        state: ReviewState,
        *,
        view: ReviewView,
        table: ReviewTable,
        panel: ReviewPanel,
        status: StatusLine,
        model: ReviewListModel,
        undo_shown: Callable[[str | None, str | None], None],
        report: Report,
    ) -> None:
        self.state = state
        self.view = view
        self.table = table
        self.panel = panel
        self.status = status
        self.model = model
        self.undo_shown = undo_shown  # the Undo and Redo actions' step names
        self.report = report

    # ----- rows and the current item -----------------------------------------------------------

    def reload(self, *, keep: bool) -> None:
        """Read the items and gold spans again; keep the current row (by key, else place)."""
        if self.state.article_id is None:
            return
        old = self.state.current_row() if keep else None
        try:
            with guarded():
                if self.state.coders and self.state.session is not None:
                    items = self.state.session.items(self.state.article_id)
                else:
                    items = []
                gold = gold_spans(self.state.db, self.state.article_id)
        except CodingError as exc:
            self.report(exc, None)
            return
        self.state.rows = build_rows(items, gold)
        self.view.set_spans(self._view_spans())
        self.table.set_rows(self.state.rows, self.state.coders, self.state.text)
        self.state.current = None
        if old is not None:
            self.state.current = self._find(old)
        self._show_current()

    def _find(self, old: ReviewRow) -> int | None:
        for i, row in enumerate(self.state.rows):
            if row.key == old.key:
                return i
        later = [i for i, r in enumerate(self.state.rows) if r.start >= old.start]
        return later[0] if later else (len(self.state.rows) - 1 if self.state.rows else None)

    def _view_spans(self) -> list[ViewSpan]:
        spans: list[ViewSpan] = []
        for row in self.state.rows:
            spans.extend(ViewSpan(g.id, g.start, g.end, g.label, True) for g in row.gold)
            if row.open and row.item is not None:
                seen = set()
                for s in row.item.cluster.spans:
                    if compare_key(s.span) not in seen:
                        seen.add(compare_key(s.span))
                        spans.append(ViewSpan(s.id, s.span.start, s.span.end, s.span.label, False))
        return spans

    def current_row(self) -> ReviewRow | None:
        return self.state.current_row()

    def set_current(self, index: int | None) -> None:
        """Make row ``index`` the current item: framed in the article, shown in the panel."""
        if index is not None and not 0 <= index < len(self.state.rows):
            index = None
        self.state.current = index
        self._show_current()

    def _show_current(self) -> None:
        row = self.current_row()
        self.table.select_row(self.state.current)
        if row is None:
            self.view.set_item(None)
            self.panel.show_item(self._empty_text(), "", None)
            self._show_gold(None)
            return
        marks = []
        if row.item is not None:
            for index, coder in enumerate(self.state.coders):
                marks.extend(
                    CoderMark(index, s.span.start, s.span.end) for s in row.item.version(coder)
                )
        self.view.set_item((row.start, row.end), marks)
        title = QCoreApplication.translate("ReviewWindow", "Item %1 of %2: %3").replace(
            "%1", str(self.state.current + 1)
        )
        title = title.replace("%2", str(len(self.state.rows))).replace(
            "%3", self.table.kinds_text(row)
        )
        title += " · " + self.table.decision_text(row, self.state.text).splitlines()[0]
        self.panel.show_item(title, self._item_keys(row), KIND_COLORS[row.kind])
        self._show_gold(row.gold[0] if len(row.gold) == 1 else None)

    def _empty_text(self) -> str:
        if self.state.article_id is None:
            return QCoreApplication.translate("ReviewWindow", "No article.")
        if not self.state.coders:
            return QCoreApplication.translate(
                "ReviewWindow", "No coder finished this article: check the coders to compare."
            )
        return QCoreApplication.translate(
            "ReviewWindow", "No spans in this article. Ctrl+Shift+A marks it adjudicated."
        )

    def _item_keys(self, row: ReviewRow) -> str:
        lines = []
        if row.item is not None:
            words = attr_words()
            for n, coder in enumerate(self.state.coders, 1):
                spans = row.item.version(coder)
                version = "; ".join(describe(s.span, self.state.text, words) for s in spans) or "—"
                lines.append(f"Alt+{n}  {coder}: {version}")
            lines.append(
                QCoreApplication.translate(
                    "ReviewWindow", "R: reject all · Backspace: reopen · E: gold attributes"
                )
            )
        else:
            lines.append(
                QCoreApplication.translate(
                    "ReviewWindow", "A gold span no coder marked. R removes it."
                )
            )
        return "\n".join(lines)

    def _show_gold(self, gold: SpanRow | None) -> None:
        self.state.panel_gold = gold.id if gold is not None else None
        if gold is None:
            self.panel.span_panel.clear()
            return
        surface = self.state.text[gold.start : gold.end]
        self.panel.span_panel.show_span(gold.label, surface, gold.span.attrs)

    def step_item(self, step: int) -> None:
        if not self.state.rows:
            return
        if self.state.current is None:
            self.set_current(0 if step > 0 else len(self.state.rows) - 1)
        else:
            self.set_current((self.state.current + step) % len(self.state.rows))

    def next_open_item(self) -> None:
        row = self.current_row()
        found = next_open(self.state.rows, row.start + 1 if row is not None else 0)
        if found is None:
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "Nothing left to decide in this article."
                )
            )
        else:
            self.set_current(found)

    def on_span_clicked(self, span_id: int) -> None:
        for i, row in enumerate(self.state.rows):
            if span_id in row.span_ids():
                self.set_current(i)
                return

    # ----- status ------------------------------------------------------------------------------

    def count_adjudicated(self) -> None:
        """Which articles of the list are adjudicated (once per filter; then kept up to date)."""
        try:
            with guarded():
                ids = filtered_ids(self.state.db, replace(self.model.filter, adjudicated=True))
        except CodingError:
            ids = []
        self.state.adjudicated_ids = set(ids)

    def on_filter_changed(self) -> None:
        self.count_adjudicated()
        self.update_status()

    def update_status(self) -> None:
        if (
            self.state.article_id is not None
            and self.model.row_of(self.state.article_id) is not None
        ):
            if self.adjudicated():
                self.state.adjudicated_ids.add(self.state.article_id)
            else:
                self.state.adjudicated_ids.discard(self.state.article_id)
        total = self.model.rowCount()
        self.status.progress.setText(
            QCoreApplication.translate("ReviewWindow", "Adjudicated %1 / %2")
            .replace("%1", str(len(self.state.adjudicated_ids)))
            .replace("%2", str(total))
        )
        compared = ", ".join(self.state.coders) if self.state.coders else "—"
        self.status.coder.setText(
            QCoreApplication.translate("ReviewWindow", "Comparing: %1").replace("%1", compared)
        )
        if not self.status.saved.text():
            self.status.set_saved(True)
        if self.state.article_id is not None:
            self.status.say(self._hint(sum(1 for r in self.state.rows if r.open)))
        self.update_undo()

    def _hint(self, left: int) -> str:
        if left:
            text = QCoreApplication.translate(
                "ReviewWindow",
                "%1 item(s) to decide · Alt+1 … take a version · R reject all · "
                "Ctrl+Shift+A accept agreed · F1 all keys",
            )
            return text.replace("%1", str(left))
        return QCoreApplication.translate(
            "ReviewWindow", "Nothing left to decide · Ctrl+PgDown: next article to adjudicate"
        )

    def update_undo(self) -> None:
        session = self.state.session
        self.undo_shown(
            session.undo_label if session else None, session.redo_label if session else None
        )

    def adjudicated(self) -> bool:
        """Whether the open article's gold layer is marked done."""
        try:
            with guarded():
                return is_adjudicated(self.state.db, self.state.article_id or 0)
        except CodingError:
            return False
