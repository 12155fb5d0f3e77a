"""Agreement between coders: the figures of ``annotator agreement`` (every pair and the whole
group, overall and per article), computed through gui/tasks.py on the worker's own connection."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import GOLD
from annotator.gui.messages import translate_message
from annotator.gui.tasks import (
    CancelFlag,
    Progress,
    TaskManager,
    Work,
    on_own_store,
)
from annotator.gui.widgets import add_checkable, checked_names, plain_label, read_only_table
from annotator.services.agreement import AgreementReport, Comparison, Scores, compute_agreement
from annotator.services.agreement import default_coders as agreement_coders
from annotator.services.coding import CodingError, guarded
from annotator.services.projects import Project, Target, annotator_names, target_of


def number(value: float | None) -> str:
    """A figure as the CLI prints it: three decimals, or — when undefined."""
    return "—" if value is None else f"{value:.3f}"


def agreement_work(path: Target, coders: Sequence[str]) -> Work:
    """The task: the report for ``coders`` on a connection of the worker's own; database
    errors come back as a CodingError."""
    chosen = list(coders)
    on_store = on_own_store(path, lambda db, _p, _c: compute_agreement(db, chosen))

    def work(progress: Progress, cancel: CancelFlag) -> AgreementReport:
        with guarded():
            return on_store(progress, cancel)

    return work


def _table(parent: QWidget, headers: list[str], stretch: int = 0) -> QTableWidget:
    """A read-only table; column ``stretch`` takes the spare width, the figures fit."""
    table = read_only_table(parent, headers)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], left: int = 1) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if c >= left:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class AgreementDialog(QDialog):
    """Choose coders, compute, and read the figures per pair or group; Copy as JSON."""

    computed = Signal(object)  # the AgreementReport shown
    failed = Signal(str)

    def __init__(self, db: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.report: AgreementReport | None = None
        self.tasks = TaskManager(self, show_progress=False)  # the status line shows progress
        self.setWindowTitle(self.tr("Agreement between coders"))
        with guarded():
            names = [n for n in annotator_names(db) if n != GOLD]
            chosen = set(agreement_coders(db))
        self.coders = QListWidget(self)
        self.coders.setMaximumHeight(110)
        for name in names:
            add_checkable(self.coders, name, name in chosen)
        self.compute_button = QPushButton(self.tr("&Compute"), self)
        self.compute_button.setDefault(True)
        self.compute_button.clicked.connect(self.compute)
        self.status = plain_label(parent=self)  # coder names, error messages
        self.status.setWordWrap(True)
        self.comparison = QComboBox(self)
        self.comparison.currentIndexChanged.connect(self._show_comparison)
        self.tabs = self._build_tabs()
        self.copy_button = QPushButton(self.tr("Copy as &JSON"), self)
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_json)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.coders, 1)
        side = QVBoxLayout()
        side.addWidget(self.compute_button)
        side.addWidget(self.status)
        side.addStretch(1)
        top.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Coders (the articles they finished):"), self))
        layout.addLayout(top)
        layout.addWidget(self.comparison)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 640)

    def _build_tabs(self) -> QTabWidget:
        self.spans = _table(self, [
            self.tr("Label"), self.tr("Reference"), self.tr("Other"),
            self.tr("P exact"), self.tr("R exact"), self.tr("F1 exact"),
            self.tr("P overlap"), self.tr("R overlap"), self.tr("F1 overlap"),
        ])  # fmt: skip
        self.measures = _table(
            self, [self.tr("Measure"), self.tr("Units"), self.tr("All agree"), self.tr("Value")]
        )
        self.articles = _table(self, [
            self.tr("Article"), self.tr("Source"), self.tr("F1 exact"), self.tr("F1 overlap"),
            self.tr("Kappa"), self.tr("Alpha"),
        ], stretch=1)  # fmt: skip
        overall = QWidget(self)
        column = QVBoxLayout(overall)
        self.spans_title = QLabel(self.tr("Spans: the second coder against the reference"), self)
        column.addWidget(self.spans_title)
        column.addWidget(self.spans, 1)
        column.addWidget(QLabel(self.tr("Tokens and attributes"), self))
        column.addWidget(self.measures, 1)
        tabs = QTabWidget(self)
        tabs.addTab(overall, self.tr("&Overall"))
        tabs.addTab(self.articles, self.tr("&Per article"))
        return tabs

    # ----- computing ---------------------------------------------------------------------------

    def checked_coders(self) -> list[str]:
        return checked_names(self.coders)

    def compute(self) -> None:
        """Compute for the checked coders: in the task worker on a database file."""
        if self.tasks.busy:
            return
        coders = self.checked_coders()
        if len(coders) < 2:
            self._on_failed(self.tr("Check at least two coders."))
            return
        title = self.tr("Computing…")
        self.status.setText(title)
        self.compute_button.setEnabled(False)
        path = target_of(self.db)  # the file or the team server
        if path is None:  # an in-memory database has no second connection
            try:
                with guarded():
                    report = compute_agreement(self.db, coders)
            except CodingError as exc:
                self._on_failed(exc.message)
            else:
                self._on_computed(report)
            return
        self.tasks.run(
            title,
            agreement_work(path, coders),
            on_done=self._on_computed,
            on_failed=self._on_task_failed,
        )

    def _on_task_failed(self, exc: BaseException) -> None:
        self._on_failed(exc.message if isinstance(exc, CodingError) else str(exc) or repr(exc))

    def _on_failed(self, message: str) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText(translate_message(message))
        self.failed.emit(message)

    def _on_computed(self, report: AgreementReport) -> None:
        self.compute_button.setEnabled(True)
        self.report = report
        self.copy_button.setEnabled(True)
        n = len({a for c in [*report.pairs, report.group] if c for a in c.articles})
        self.status.setText(self.tr("%1 article(s) finished by at least two of them.").replace(
            "%1", str(n)))  # fmt: skip
        self.comparison.blockSignals(True)
        self.comparison.clear()
        for pair in report.pairs:
            self.comparison.addItem(
                self.tr("%1 (reference) vs %2").replace("%1", pair.coders[0])
                .replace("%2", pair.coders[1])
            )  # fmt: skip
        if report.group is not None:
            self.comparison.addItem(self.tr("Group: %1").replace("%1", ", ".join(report.coders)))
        self.comparison.blockSignals(False)
        self.comparison.setCurrentIndex(0)
        self._show_comparison(0)
        self.computed.emit(report)

    def comparisons(self) -> list[Comparison]:
        """What the combo lists: the pairs, then the group."""
        if self.report is None:
            return []
        group = [self.report.group] if self.report.group is not None else []
        return [*self.report.pairs, *group]

    # ----- showing -----------------------------------------------------------------------------

    def _show_comparison(self, index: int) -> None:
        found = self.comparisons()
        if not 0 <= index < len(found):
            for table in (self.spans, self.measures, self.articles):
                table.setRowCount(0)
            return
        c = found[index]
        pair = len(c.coders) == 2
        self.spans.setVisible(pair)
        self.spans_title.setVisible(pair)
        _fill(self.spans, self.span_rows(c.overall) if pair else [])
        _fill(self.measures, self.measure_rows(c.overall, pair))
        assert self.report is not None
        sources = self.report.sources
        rows = []
        for article_id, s in c.per_article.items():
            f1 = number(s.exact["ALL"].f1) if pair and "ALL" in s.exact else "—"
            of1 = number(s.overlap["ALL"].f1) if pair and "ALL" in s.overlap else "—"
            rows.append([str(article_id), sources.get(article_id, ""), f1, of1,
                         number(s.token_kappa), number(s.token_alpha)])  # fmt: skip
        _fill(self.articles, rows, left=2)

    @staticmethod
    def span_rows(scores: Scores) -> list[list[str]]:
        rows = []
        for label, e in scores.exact.items():
            o = scores.overlap[label]
            rows.append(
                [label, str(e.reference), str(e.predicted)]
                + [number(v) for v in (e.precision, e.recall, e.f1, o.precision, o.recall, o.f1)]
            )
        return rows

    def measure_rows(self, scores: Scores, pair: bool) -> list[list[str]]:
        kappa = self.tr("tokens: Cohen's kappa") if pair else self.tr("tokens: Fleiss' kappa")
        rows = [
            [kappa, str(scores.tokens), "", number(scores.token_kappa)],
            [self.tr("tokens: Krippendorff's alpha (nominal)"), str(scores.tokens), "",
             number(scores.token_alpha)],
        ]  # fmt: skip
        names = {
            "kind": self.tr("casualty kind: alpha (nominal)"),
            "victim": self.tr("casualty victim: alpha (nominal)"),
            "count": self.tr("casualty count: alpha (interval)"),
            "actor": self.tr("actor id: alpha (nominal)"),
        }
        for key, title in names.items():
            a = scores.attributes[key]
            rows.append([title, str(a.units), number(a.observed), number(a.alpha)])
        return rows

    def copy_json(self) -> None:
        """The whole report (every pair and the group, per article too) to the clipboard."""
        if self.report is not None:
            text = json.dumps(self.report.as_dict(), ensure_ascii=False, indent=2)
            QApplication.clipboard().setText(text)
            self.status.setText(self.tr("Copied the report as JSON."))

    def done(self, result: int) -> None:
        """Closing waits for a running computation (it is quick; widgets must outlive it)."""
        self.tasks.wait()
        super().done(result)
