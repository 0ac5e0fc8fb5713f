"""The Validation page's second section: the methodology template, the PDD's ex-ante
estimate recomputed year by year (``recalc.ex_ante``) and the crediting period
(``project.crediting_period``). Figures come from the checks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import current_language
from desktop.ui.session import Session
from desktop.ui.theme import STATUS_COLOURS, fmt_pct

CODES = ("recalc.ex_ante", "project.crediting_period")


def _t(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


class DesignSection(QGroupBox):
    """Ex-ante estimate and crediting period, under the investment analysis."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("designSection")
        self.setTitle(self.tr("Ex-ante estimate and crediting period"))
        lay = QVBoxLayout(self)
        self.template = QLabel()
        self.template.setObjectName("templateLabel")
        self.template.setWordWrap(True)
        self.template.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ex_ante = QLabel()
        self.ex_ante.setObjectName("exAnteVerdict")
        self.crediting = QLabel()
        self.crediting.setObjectName("creditingVerdict")
        for label in (self.ex_ante, self.crediting):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.template)
        lay.addWidget(self.ex_ante)
        lay.addWidget(self.crediting)
        self.years = QTableWidget(0, 4)
        self.years.setObjectName("exAnteTable")
        self.years.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.years.verticalHeader().hide()
        self.years.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.years.horizontalHeader().setStretchLastSection(True)
        self.years.setMinimumHeight(200)
        lay.addWidget(self.years)

    def set_engagement(self, session: Session | None) -> None:
        """Show the two checks of ``session`` (nothing while they run)."""
        lang = current_language()
        ex, cp = (session.result(c) if session else None for c in CODES)
        self.years.setHorizontalHeaderLabels([
            self.tr("Year"), self.tr("PDD (tCO2e)"), self.tr("Recomputed (tCO2e)"),
            self.tr("Difference"),
        ])
        for label, result in ((self.ex_ante, ex), (self.crediting, cp)):
            if result is None:
                label.clear()
                label.setStyleSheet("")
                continue
            colour = STATUS_COLOURS.get(result.status, STATUS_COLOURS["n/a"]).name()
            label.setStyleSheet(f"color: {colour};")
            label.setText(result.message_in(lang))
        fig = ex.figures if ex is not None else {}
        if fig.get("template"):
            self.template.setText(
                self.tr("Methodology template: %1, version %2")
                .replace("%1", str(fig["template"])).replace("%2", str(fig.get(
                    "template_version", ""))))
        else:
            self.template.setText(self.tr("No methodology template for this engagement."))
        rows = fig.get("by_year") or []
        off = set(ex.rows) if ex is not None else set()
        self.years.setRowCount(len(rows))
        for r, row in enumerate(rows):
            pct = row.get("difference_pct")
            cells = [str(row["year"]), _t(row.get("claimed_tco2e")),
                     _t(row.get("recomputed_tco2e")),
                     "—" if pct is None else fmt_pct(pct)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 3 and str(row["year"]) in off:
                    item.setForeground(STATUS_COLOURS["warn"])
                self.years.setItem(r, c, item)
        self.years.setVisible(bool(rows))
