"""Credits: the retired serial blocks, parsed, with the checks' flags, and a timeline."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import current_language
from desktop.ui import labels
from desktop.ui.charts import CreditSpan, CreditTimeline
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import STATUS_TINTS, page_icon, status_icon

FLAG_CHECKS = (
    "credits.serials",
    "credits.quantity",
    "credits.double_counting",
    "credits.vintage",
    "credits.retirement",
    "credits.beneficiary",
)


class _NumItem(QTableWidgetItem):
    """Sorts by its number, not its text."""

    def __init__(self, value: float | None):
        super().__init__("" if value is None else f"{value:,.0f}")
        self.value = value if value is not None else float("-inf")
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _NumItem):
            return self.value < other.value
        return super().__lt__(other)


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


def _vintage(text: str | None) -> tuple[int | None, int | None]:
    years = [int(y) for y in re.findall(r"\d{4}", str(text or ""))]
    return (years[0], years[-1]) if years else (None, None)


class CreditsPage(Page):
    key = "credits"
    follows = frozenset({Change.CHECKS, Change.ALL})  # records it shows do not change

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Credits")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("credits")

    def flag_name(self, code: str) -> str:
        return {
            "credits.serials": self.tr("serial unreadable"),
            "credits.quantity": self.tr("quantity ≠ block"),
            "credits.double_counting": self.tr("overlap"),
            "credits.vintage": self.tr("vintage too old"),
            "credits.retirement": self.tr("retirement date"),
            "credits.beneficiary": self.tr("other beneficiary"),
        }[code]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("creditsPage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 10)
        self.summary = QLabel()
        self.summary.setObjectName("creditsSummary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget()
        self.table.setObjectName("creditsTable")
        self.columns = [
            "row_no",
            "registry",
            "serial",
            "start",
            "end",
            "block",
            "quantity",
            "vintage",
            "retired_on",
            "beneficiary",
            "flags",
        ]
        heads = {
            "start": self.tr("Block start"),
            "end": self.tr("Block end"),
            "block": self.tr("Block size"),
            "flags": self.tr("Flags"),
        }
        self.table.setColumnCount(len(self.columns))
        self.table.setHorizontalHeaderLabels(
            [heads.get(c) or labels.column_label(c) for c in self.columns]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        split.addWidget(self.table)
        box = QGroupBox(self.tr("Vintages and retirements"))
        bl = QVBoxLayout(box)
        self.timeline = CreditTimeline()
        bl.addWidget(self.timeline)
        legend = QLabel(
            self.tr(
                "Bars: vintage years · diamonds: retirement dates · green band: the period · "
                "yellow band: the 12 months after it · dashed red line: earliest vintage allowed"
            )
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #6b7280;")
        bl.addWidget(legend)
        split.addWidget(box)
        split.setSizes([380, 260])
        lay.addWidget(split, 1)

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        from desktop.rules.serial_format import parse_serial

        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        if session is None:
            self.timeline.set_data([], None, None, None)
            self.summary.clear()
            return
        flags: dict[str, list[str]] = {}
        for code in FLAG_CHECKS:
            res = session.result(code)
            if res is None or res.status in ("pass", "n/a"):
                continue
            for label in res.rows:
                flags.setdefault(label, []).append(code)
        rows = session.conn.execute(
            "SELECT row_no, registry, serial, quantity, vintage, retired_on, beneficiary "
            "FROM credits ORDER BY row_no"
        ).fetchall()
        self.table.setRowCount(len(rows))
        spans = []
        for i, (rn, reg, serial, qty, vintage, retired, ben) in enumerate(rows):
            block = parse_serial(serial or "", reg) if serial else None
            norm = " ".join(str(serial or "").split())
            codes = flags.get(str(serial), []) or flags.get(norm, []) or flags.get(f"row {rn}", [])
            items = [
                _NumItem(rn),
                QTableWidgetItem(reg or ""),
                QTableWidgetItem(serial or ""),
                _NumItem(block.start if block else None),
                _NumItem(block.end if block else None),
                _NumItem(block.end - block.start + 1 if block else None),
                _NumItem(qty),
                QTableWidgetItem(vintage or ""),
                QTableWidgetItem(retired or ""),
                QTableWidgetItem(ben or ""),
                QTableWidgetItem(", ".join(self.flag_name(c) for c in codes)),
            ]
            status = "pass"
            for code in codes:
                res = session.result(code)
                if res and res.status == "fail":
                    status = "fail"
                elif res and res.status == "warn" and status != "fail":
                    status = "warn"
            for col, item in enumerate(items):
                if codes:
                    item.setBackground(STATUS_TINTS[status])
                self.table.setItem(i, col, item)
            if codes:
                items[-1].setIcon(status_icon(status))
            vs, ve = _vintage(vintage)
            spans.append(
                CreditSpan(str(serial or f"row {rn}"), vs, ve, _date(retired), bool(codes))
            )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 360))
        start, end = _date(session.subject.period_start), _date(session.subject.period_end)
        ret = session.result("credits.retirement")
        vin = session.result("credits.vintage")
        self.timeline.set_data(
            spans,
            (start, end) if start and end else None,
            _date((ret.figures or {}).get("deadline")) if ret else None,
            (vin.figures or {}).get("earliest_allowed") if vin else None,
        )
        lang = current_language()
        lines = [
            r.message_in(lang)
            for code in (*FLAG_CHECKS, "credits.sufficiency")
            if (r := session.result(code)) is not None and r.status != "pass"
        ]
        suff = session.result("credits.sufficiency")
        if suff is not None and suff.status == "pass":
            lines.insert(0, suff.message_in(lang))
        if session.results is None:
            lines = [self.tr("Running the checks…")]
        self.summary.setText("\n".join(lines) or self.tr("No credits in this engagement."))


register(CreditsPage, order=40)
