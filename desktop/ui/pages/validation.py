"""Validation: the PDD's investment analysis (IRR, benchmark, NPV, sensitivity and the
spider chart) and its cash flows.

The page is a column of sections (``add_section``): the investment analysis is the
first; further validation work (ex-ante estimates, crediting period) adds its own.
Figures come from the checks (``investment.*``); the cash flows from the engagement.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import current_language
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.spider import SpiderChart
from desktop.ui.theme import STATUS_COLOURS, fmt_pct, heading_font, page_icon

CODES = ("investment.irr", "investment.benchmark", "investment.sensitivity")
CASH_COLUMNS = ("year", "capex", "revenue", "opex", "other", "cash_flow")


def _money(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


class ValidationPage(Page):
    key = "validation"
    follows = frozenset({Change.CHECKS, Change.ALL})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Validation")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("validation")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("validationPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        self.sections = QVBoxLayout(body)
        self.sections.setContentsMargins(20, 12, 20, 12)
        self.sections.addStretch(1)
        self.add_section(self._investment_section())
        from desktop.ui.pages.validation_design import DesignSection

        self.design = DesignSection()  # ex-ante estimate and crediting period
        self.add_section(self.design)

    def add_section(self, widget: QWidget) -> None:
        """Append a section to the page's column (above the closing stretch)."""
        self.sections.insertWidget(self.sections.count() - 1, widget)

    # --- the investment analysis ---------------------------------------------------

    def _investment_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Investment analysis (CDM Tool 01, step 2)"))
        box.setObjectName("investmentSection")
        lay = QVBoxLayout(box)
        self.verdict = QLabel()
        self.verdict.setObjectName("investmentVerdict")
        self.verdict.setFont(heading_font(self.font(), 2))
        self.verdict.setWordWrap(True)
        lay.addWidget(self.verdict)
        self.details = QWidget()
        dl = QVBoxLayout(self.details)
        dl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        figures = QWidget()
        self.form = QFormLayout(figures)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for key, text in (
            ("irr", self.tr("Recomputed IRR")),
            ("claimed", self.tr("IRR stated in the PDD")),
            ("benchmark", self.tr("Benchmark")),
            ("npv", self.tr("NPV at the benchmark")),
            ("source", self.tr("Benchmark source")),
        ):
            v = QLabel("—")
            v.setObjectName(f"value:{key}")
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = v
            self.form.addRow(text, v)
        row.addWidget(figures, 2)
        self.breakeven = QTableWidget(0, 5)
        self.breakeven.setObjectName("breakEvenTable")
        self.breakeven.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.breakeven.verticalHeader().hide()
        self.breakeven.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.breakeven.horizontalHeader().setStretchLastSection(True)
        self.breakeven.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        row.addWidget(self.breakeven, 3, Qt.AlignmentFlag.AlignTop)
        dl.addLayout(row)
        self.sensitivity_text = QLabel()
        self.sensitivity_text.setWordWrap(True)
        dl.addWidget(self.sensitivity_text)
        charts = QHBoxLayout()
        self.spider = SpiderChart()
        self.spider.setMinimumHeight(300)
        charts.addWidget(self.spider, 3)
        self.cash = QTableWidget(0, len(CASH_COLUMNS))
        self.cash.setObjectName("cashFlowTable")
        self.cash.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cash.verticalHeader().hide()
        self.cash.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.cash.horizontalHeader().setStretchLastSection(True)
        self.cash.setMinimumHeight(300)
        charts.addWidget(self.cash, 2)
        dl.addLayout(charts)
        lay.addWidget(self.details)
        return box

    def _labels(self) -> dict[str, str]:
        return {"capex": self.tr("Capital expenditure"), "revenue": self.tr("Revenue"),
                "opex": self.tr("Operating cost")}

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        self.design.set_engagement(session)
        self._load_cash(session)
        results = {c: session.result(c) for c in CODES} if session else {}
        irr, bench, sens = (results.get(c) for c in CODES)
        lang = current_language()
        has_data = self.cash.rowCount() > 0
        self.details.setVisible(has_data)
        for value in self.values.values():  # never a previous file's figures, even hidden
            value.clear()
            value.setStyleSheet("")
        self._load_sensitivity(None, lang)
        if session is None:
            self.verdict.clear()
            return
        if bench is None and irr is None:
            self.verdict.setStyleSheet("")
            self.verdict.setText(self.tr("Running the checks…") if session.results is None
                                 else self.tr("No investment analysis for this engagement."))
            return
        if not has_data or irr is None or (irr.status == "n/a" and irr.inapplicable):
            self.verdict.setStyleSheet("")
            self.verdict.setText(
                self.tr("This engagement has no investment analysis: a validation's dossier "
                        "may give one in investment.csv with [investment] in the manifest.")
                if not (irr and irr.inapplicable)
                else self.tr("The investment analysis belongs to a validation; this "
                             "engagement is not one.")
            )
            self.details.setVisible(has_data)
            return
        head = bench if bench is not None and bench.status != "n/a" else irr
        colour = STATUS_COLOURS.get(head.status, STATUS_COLOURS["n/a"]).name()
        self.verdict.setStyleSheet(f"color: {colour};")
        self.verdict.setText(head.message_in(lang))
        fi = irr.figures
        status = fi.get("irr_status")
        if status == "none":
            self.values["irr"].setText(self.tr("none (the cash flows have no IRR)"))
        elif status == "multiple":
            roots = ", ".join(fmt_pct(r) for r in fi.get("roots_pct") or [])
            self.values["irr"].setText(self.tr("not unique: %1").replace("%1", roots))
        else:
            self.values["irr"].setText(fmt_pct(fi.get("irr_pct")))
        claimed = fi.get("claimed_irr_pct")
        diff = fi.get("difference_pp")
        if claimed is None:
            self.values["claimed"].setText("—")
        elif irr.status == "pass":
            self.values["claimed"].setText(self.tr("%1 (agrees)").replace("%1", fmt_pct(claimed)))
        elif diff is not None:
            self.values["claimed"].setText(
                self.tr("%1 (differs by %2 points: it does not follow from the cash flows)")
                .replace("%1", fmt_pct(claimed)).replace("%2", f"{diff:+.2f}"))
        else:
            self.values["claimed"].setText(f"{fmt_pct(claimed)} — {irr.message_in(lang)}")
        colour = STATUS_COLOURS.get(irr.status, STATUS_COLOURS["n/a"]).name()
        self.values["claimed"].setStyleSheet(f"color: {colour};")
        fb = bench.figures if bench is not None else {}
        self.values["benchmark"].setText(fmt_pct(fb.get("benchmark_irr_pct")))
        npv = fb.get("npv_at_benchmark")
        currency = fb.get("currency") or ""
        self.values["npv"].setText(f"{_money(npv)} {currency}".strip() if npv is not None
                                   else "—")
        self.values["source"].setText(fb.get("benchmark_source") or "—")
        self._load_sensitivity(sens, lang)

    def _load_sensitivity(self, sens, lang: str) -> None:
        labels = self._labels()
        fs = sens.figures if sens is not None else {}
        variables = fs.get("variables") or {}
        v = fs.get("variation_pct") or 10.0
        self.breakeven.setHorizontalHeaderLabels([
            self.tr("Variable"), self.tr("Share"),
            self.tr("IRR at −%1 %").replace("%1", f"{v:g}"),
            self.tr("IRR at +%1 %").replace("%1", f"{v:g}"),
            self.tr("Break-even change"),
        ])
        self.breakeven.setRowCount(len(variables))
        for r, (name, d) in enumerate(variables.items()):
            be = d.get("break_even_pct")
            cells = [labels.get(name, name), fmt_pct(d.get("share_pct")),
                     fmt_pct(d.get("irr_low_pct")), fmt_pct(d.get("irr_high_pct")),
                     f"{be:+.1f} %" if be is not None else self.tr("beyond −90 % … +300 %")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4 and d.get("inside"):
                    item.setForeground(STATUS_COLOURS["warn"])
                self.breakeven.setItem(r, c, item)
        self.sensitivity_text.setText(sens.message_in(lang) if sens is not None else "")
        t = self.breakeven
        t.setFixedHeight(t.horizontalHeader().height() + sum(
            t.rowHeight(r) for r in range(t.rowCount())) + 2 * t.frameWidth())
        self.spider.set_data(
            {k: [tuple(pt) for pt in d.get("curve") or []] for k, d in variables.items()},
            labels, fs.get("benchmark_irr_pct"), v,
            {k: d.get("break_even_pct") for k, d in variables.items()},
        )

    def _load_cash(self, session: Session | None) -> None:
        headers = [self.tr("Year"), self.tr("Capex"), self.tr("Revenue"), self.tr("Opex"),
                   self.tr("Other"), self.tr("Net cash flow")]
        self.cash.setHorizontalHeaderLabels(headers)
        rows = []
        if session is not None:
            exists = session.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'investment'"
            ).fetchone()
            if exists:
                rows = session.conn.execute(
                    "SELECT row_no, year, capex, revenue, opex, other, cash_flow "
                    "FROM investment ORDER BY row_no").fetchall()
        nets = self._nets(rows)
        self.cash.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [str(row[1]), *(_money(x) for x in row[2:6]), _money(nets[r])]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.cash.setItem(r, c, item)

    @staticmethod
    def _nets(rows: list[tuple]) -> list[float | None]:
        """The net cash flow per row, as the engine computes it (None if unusable)."""
        from desktop.errors import InputError
        from desktop.investment import cash_flows

        if not rows:
            return []
        try:
            cf = cash_flows([dict(zip(("row_no", *CASH_COLUMNS), row, strict=True))
                             for row in rows])
        except InputError:
            return [None] * len(rows)
        return list(cf.net)


register(ValidationPage, order=25)
