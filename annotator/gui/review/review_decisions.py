"""The review window's decisions: take a version, reject all, reopen, accept agreed spans, edit
gold spans, show an undone step; each through the review session, then a refresh.

Composed by ``ReviewWindow`` (annotator.gui.review.review_window), which hands it the shared
state, the current item and the widgets it reads; its strings are translated in the
ReviewWindow context.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from annotator.domain import Label, Span
from annotator.domain.commands import Change
from annotator.gui.desk_parts import StatusLine
from annotator.gui.review.review_articles import ReviewListModel
from annotator.gui.review.review_current import CurrentItem, Report
from annotator.gui.review.review_panel import ReviewPanel
from annotator.gui.review.review_rows import ReviewRow, next_open
from annotator.gui.review.review_state import ReviewState
from annotator.gui.review.review_view import ReviewView
from annotator.gui.session_window import show_history_step
from annotator.services.coding import CodingError
from annotator.services.listing import SpanRow
from annotator.services.words import default_attrs


class Decisions:
    """Every adjudication key's handler, and what happens after a write."""

    def __init__(
        self,
        state: ReviewState,
        items: CurrentItem,
        *,
        view: ReviewView,
        panel: ReviewPanel,
        status: StatusLine,
        model: ReviewListModel,
        report: Report,
        actor_names: dict[str, str],
        open_article: Callable[[int], bool],
    ) -> None:
        self.state = state
        self.items = items
        self.view = view
        self.panel = panel
        self.status = status
        self.model = model
        self.report = report
        self.actor_names = actor_names
        self.open_article = open_article

    # ----- decisions ---------------------------------------------------------------------------

    def need_row(self) -> ReviewRow | None:
        row = self.state.current_row()
        if row is None:
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "No current item: Tab goes to the next one."
                )
            )
        return row

    def _need_item(self) -> ReviewRow | None:
        row = self.need_row()
        if row is not None and (row.item is None or self.state.session is None):
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "This gold span has no coders' versions to decide."
                )
            )
            return None
        return row

    def take(self, n: int) -> None:
        """Gold gets coder ``n``'s version of the current item."""
        row = self._need_item()
        if row is None or self.state.article_id is None or self.state.session is None:
            return
        if n > len(self.state.coders):
            self.status.say(
                QCoreApplication.translate("ReviewWindow", "There is no coder %1 here.").replace(
                    "%1", str(n)
                )
            )
            return
        coder = self.state.coders[n - 1]
        assert row.item is not None
        if not row.item.version(coder):
            msg = QCoreApplication.translate(
                "ReviewWindow", "%1 has no span here: R rejects all versions."
            ).replace("%1", coder)
            self.status.say(msg)
            return
        session, article_id, key = self.state.session, self.state.article_id, row.item.key
        self.run(lambda: session.take(article_id, key, coder), self._advance)

    def accept_item(self) -> None:
        """Enter (or A), "accept and next" as on the desk: an item already decided (a version
        taken, all rejected, a gold span of the lead's own) keeps its decision and the next
        item to decide becomes current; an open item all coders agree on is taken into gold."""
        row = self.need_row()
        if row is None:
            return
        if row.item is None or row.item.settled:
            self.items.next_open_item()
            return
        if not row.item.agreed:
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "The coders disagree here: Alt+1, Alt+2 … take a version."
                )
            )
            return
        self.take(1)

    def on_panel_entered(self) -> None:
        """Enter in the gold span's panel (saved by the panel, the focus back in the article):
        on to the next item to decide, as on the desk."""
        row = self.state.current_row()
        if row is not None and not row.open:
            self.items.next_open_item()

    def reject_item(self) -> None:
        """No gold span here: every version rejected (a gold span of the lead's own removed)."""
        row = self.need_row()
        if row is None or self.state.article_id is None:
            return
        if row.item is None:
            if self.state.session is not None:
                session, gold_id = self.state.session, row.gold[0].id
                self.run(lambda: session.remove_gold(gold_id), self._stay)
            return
        if self.state.session is not None:
            session, article_id, key = self.state.session, self.state.article_id, row.item.key
            self.run(lambda: session.reject_all(article_id, key), self._advance)

    def reopen_item(self) -> None:
        row = self._need_item()
        if row is not None and row.item is not None and self.state.session is not None:
            session, article_id, key = self.state.session, self.state.article_id or 0, row.item.key
            self.run(lambda: session.reset(article_id, key), self._stay)

    def accept_agreed(self) -> None:
        """Every span all coders agree on into gold, in one step."""
        if self.state.article_id is None or self.state.session is None or not self.state.coders:
            self.status.say(
                QCoreApplication.translate("ReviewWindow", "Check the coders to compare first.")
            )
            return
        session, article_id = self.state.session, self.state.article_id
        self.run(lambda: session.accept_agreed(article_id), self._advance)

    def _single_gold(self, row: ReviewRow | None) -> SpanRow | None:
        if row is not None and len(row.gold) == 1:
            return row.gold[0]
        return None

    def gold_label(self, label: Label) -> None:
        """The selection becomes the current gold span (or a new one); else relabel it."""
        if self.state.article_id is None or self.state.session is None:
            return
        session, article_id = self.state.session, self.state.article_id
        selected = self.view.word_selection()  # snapped to the codebook's span, as on the desk
        gold = self._single_gold(self.state.current_row())
        if selected is not None:
            start, end = selected
            attrs = default_attrs(label, self.state.text[start:end], self.actor_names)
            if gold is not None and gold.start < end and start < gold.end:
                if gold.label is label:
                    attrs = dict(gold.span.attrs)
                span, gold_id = Span(start, end, label, attrs), gold.id
                self.run(lambda: session.edit_gold(gold_id, span), self._stay)
            else:
                new = Span(start, end, label, attrs)
                self.run(lambda: session.add_gold(article_id, new), self._stay)
            return
        if gold is None:
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "No gold span here: take a version (Alt+1 …) or select text."
                )
            )
            return
        if gold.label is not label:
            surface = self.state.text[gold.start : gold.end]
            span = Span(
                gold.start, gold.end, label, default_attrs(label, surface, self.actor_names)
            )
            gold_id = gold.id
            self.run(lambda: session.edit_gold(gold_id, span), self._stay)

    def resize_gold(self, edge: str, grow: bool) -> None:
        gold = self._single_gold(self.state.current_row())
        if gold is None or self.state.session is None:
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "No gold span here: take a version (Alt+1 …) or select text."
                )
            )
            return
        bounds = self.state.text_words().resized(gold.start, gold.end, edge, grow)  # type: ignore[arg-type]
        if bounds is None or bounds == (gold.start, gold.end):
            return
        session, gold_id = self.state.session, gold.id
        span = Span(bounds[0], bounds[1], gold.label, gold.span.attrs)
        self.run(lambda: session.edit_gold(gold_id, span), self._stay)

    def edit_gold(self) -> None:
        if self.state.panel_gold is None:
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "No gold span here: take a version (Alt+1 …) or select text."
                )
            )
            return
        self.panel.span_panel.focus_first_field()

    def on_attrs_edited(self, attrs: dict) -> None:
        gold_id, session = self.state.panel_gold, self.state.session
        if gold_id is not None and session is not None:
            self.run(lambda: session.set_gold_attributes(gold_id, attrs), self._stay)

    # ----- undo --------------------------------------------------------------------------------

    def undo(self) -> None:
        session = self.state.session
        if session is not None:
            self.run(session.undo, self.after_history)

    def redo(self) -> None:
        session = self.state.session
        if session is not None:
            self.run(session.redo, self.after_history)

    def after_history(self, change: Change | None) -> None:
        show_history_step(change, self.state.article_id, self.open_article, self.show_step)

    def show_step(self, change: Change) -> None:
        self._refresh_after(change)
        touched = [i for i, r in enumerate(self.state.rows) if r.span_ids() & change.span_ids]
        if touched:
            self.items.set_current(touched[0])

    # ----- after a write -----------------------------------------------------------------------

    def run(self, action: Callable[[], Change | None], after: Callable) -> None:
        """Do ``action``; on success refresh through ``after``, on failure offer a retry."""
        try:
            change = action()
        except CodingError as exc:
            if not exc.retryable:  # e.g. a coder changed the spans meanwhile: show them now
                self.items.reload(keep=True)
            self.report(exc, lambda: self.run(action, after))
            self.items.update_undo()
            return
        self.status.set_saved(True)
        after(change)
        self.items.update_undo()

    def _refresh_after(self, change: Change | None) -> None:
        if change is not None and change.article_id not in (None, self.state.article_id):
            self.model.refresh_article(change.article_id)
        self.items.reload(keep=True)
        if self.state.article_id is not None:
            self.model.refresh_article(self.state.article_id)
        self.items.update_status()

    def _stay(self, change: Change | None) -> None:
        self._refresh_after(change)

    def _advance(self, change: Change | None) -> None:
        """After a decision: on to the next item still to decide."""
        row = self.state.current_row()
        position = row.start if row is not None else 0
        self._refresh_after(change)
        found = next_open(self.state.rows, position)
        if found is not None:
            self.items.set_current(found)
        elif self.state.article_id is not None and self.items.adjudicated():
            self.status.say(
                QCoreApplication.translate(
                    "ReviewWindow", "Adjudicated. Ctrl+PgDown: next article to adjudicate."
                )
            )
