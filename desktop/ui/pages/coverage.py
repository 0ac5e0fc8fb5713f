"""Coverage: PAS 2060's 95 % / 50 % rule from the check's figures, the Pareto of
sources, and the aggregate misstatement against the materiality threshold."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from desktop.i18n import current_language
from desktop.ui.charts import Bar, MaterialityBar, ParetoChart
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import STATUS_COLOURS, fmt_pct, fmt_t, heading_font, page_icon


class CoveragePage(Page):
    key = "coverage"
    # the materiality bar weighs the recorded misstatements (through the checks)
    follows = frozenset({Change.CHECKS, Change.MISSTATEMENTS, Change.ALL})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Coverage")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("coverage")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("coveragePage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 12, 20, 12)
        self.verdict = QLabel()
        self.verdict.setObjectName("coverageVerdict")
        self.verdict.setFont(heading_font(self.font(), 3))
        self.verdict.setWordWrap(True)
        lay.addWidget(self.verdict)
        row = QHBoxLayout()
        self.figures_box = QGroupBox(self.tr("PAS 2060 coverage"))
        self.form = QFormLayout(self.figures_box)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for key, text in (
            ("total", self.tr("Total footprint")),
            ("included", self.tr("Included")),
            ("coverage", self.tr("Coverage of the total")),
            ("largest", self.tr("Largest source")),
            ("basis", self.tr("95 % rule applied to")),
            ("basis_cov", self.tr("Coverage on that basis")),
        ):
            v = QLabel("—")
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = v
            self.form.addRow(text, v)
        row.addWidget(self.figures_box, 2)
        mat_box = QGroupBox(self.tr("Materiality"))
        mb = QVBoxLayout(mat_box)
        self.materiality_text = QLabel()
        self.materiality_text.setWordWrap(True)
        self.materiality = MaterialityBar()
        mb.addWidget(self.materiality_text)
        mb.addWidget(self.materiality)
        mb.addStretch(1)
        row.addWidget(mat_box, 3)
        lay.addLayout(row)
        chart_box = QGroupBox(self.tr("Sources by emissions (Pareto)"))
        cl = QVBoxLayout(chart_box)
        self.chart = ParetoChart()
        cl.addWidget(self.chart)
        lay.addWidget(chart_box, 1)

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        if session is None:
            self.chart.set_data([], None)
            self.materiality.set_data(None, None)
            self.verdict.clear()
            return
        bars = [
            Bar(str(sid or f"#{rn}"), float(t or 0.0), bool(inc))
            for rn, sid, t, inc in session.conn.execute(
                "SELECT row_no, source_id, tco2e, included FROM inventory ORDER BY tco2e DESC"
            )
        ]
        res = session.result("coverage.threshold")
        lang = current_language()
        marked = None
        if res is None:
            self.verdict.setText(
                self.tr("Running the checks…")
                if session.results is None
                else self.tr("No coverage check for this engagement.")
            )
            for v in self.values.values():
                v.setText("—")
        else:
            f = res.figures
            colour = STATUS_COLOURS.get(res.status, STATUS_COLOURS["n/a"]).name()
            self.verdict.setStyleSheet(f"color: {colour};")
            self.verdict.setText(res.message_in(lang))
            if res.status != "n/a":
                self.values["total"].setText(f"{fmt_t(f.get('total_tco2e'))} tCO2e")
                self.values["included"].setText(f"{fmt_t(f.get('included_tco2e'))} tCO2e")
                self.values["coverage"].setText(fmt_pct(f.get("coverage_pct")))
                share = f.get("largest_share_pct")
                self.values["largest"].setText(
                    f"{f.get('largest_source') or '—'} ({fmt_pct(share)})"
                )
                basis = f.get("basis")
                self.values["basis"].setText(
                    self.tr("the remaining sources (one source is above 50 %)")
                    if basis == "remainder"
                    else self.tr("all sources")
                )
                self.values["basis_cov"].setText(fmt_pct(f.get("basis_coverage_pct")))
                if share is not None and share > 50:
                    marked = f.get("largest_source")
        self.chart.set_data(bars, marked, 95.0)
        agg = session.result("materiality.aggregate")
        if agg is None or agg.status == "n/a":
            self.materiality.set_data(None, None)
            self.materiality_text.setText(
                agg.message_in(lang) if agg else self.tr("Not evaluated yet.")
            )
        else:
            f = agg.figures
            threshold = (f.get("threshold_pct") or 0) / 100 * (f.get("reported_tco2e") or 0)
            self.materiality.set_data(
                f.get("misstatement_tco2e"), threshold, bool(f.get("material"))
            )
            self.materiality_text.setText(agg.message_in(lang))


register(CoveragePage, order=30)
