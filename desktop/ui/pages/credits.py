"""Credits: the retired serial blocks, parsed, with the checks' flags, each block's status
in the registry exports beside the registry records that cover it, and a timeline."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import current_language
from desktop.ui import labels
from desktop.ui.charts import CreditSpan, CreditTimeline
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import STATUS_TINTS, page_icon, status_icon
from desktop.ui.workers import Job

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


def _blank(value: object) -> str:
    """A record's text cell: blank for None and pandas' missing value (NaN)."""
    return "" if value is None or value != value else str(value)


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

    def registry_text(self, status: str | None) -> str:
        """A block's status in the registry exports, for the table."""
        if status is None:
            return ""
        return {
            "matched": self.tr("matched"),
            "partial": self.tr("partly in the export"),
            "not_found": self.tr("not in the export"),
            "not_retired": self.tr("not retired"),
            "foreign": self.tr("retired for another entity"),
            "late": self.tr("retired late"),
            "no_export": self.tr("no export of its registry"),
            "unparsed": self.tr("serial unreadable"),
        }.get(status, status)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("creditsPage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 10)
        self.summary = QLabel()
        self.summary.setObjectName("creditsSummary")
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        self.add_export_button = QPushButton(self.tr("Add registry export…"))
        self.add_export_button.setObjectName("addRegistryExport")
        self.add_export_button.setToolTip(self.tr(
            "Store a registry's export (Verra, Gold Standard, ACR, CAR, Taiwan MOENV; CSV or "
            "XLSX as downloaded) with its hash, and compare every claimed block with it"))
        self.add_export_button.clicked.connect(lambda: self.add_registry_export())
        top.addWidget(self.add_export_button, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self._session: Session | None = None
        self.jobs: set[Job] = set()  # running workers (kept alive until they end)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget()
        self.table.setObjectName("creditsTable")
        self.columns = [
            "row_no",
            "registry",
            "serial",
            "registry_status",  # the verdicts first: in view at 1366 px without scrolling
            "flags",
            "quantity",
            "vintage",
            "retired_on",
            "beneficiary",
            "start",
            "end",
            "block",
        ]
        heads = {
            "start": self.tr("Block start"),
            "end": self.tr("Block end"),
            "block": self.tr("Block size"),
            "registry_status": self.tr("Registry status"),
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
        records_box = QGroupBox(self.tr("Registry records covering the selected block"))
        rl = QVBoxLayout(records_box)
        self.records = QTableWidget()
        self.records.setObjectName("registryRecords")
        self.records.setColumnCount(7)
        self.records.setHorizontalHeaderLabels([
            self.tr("Export"), self.tr("Row"), self.tr("Serial"), self.tr("Status"),
            self.tr("Date"), self.tr("Retired for / details"), self.tr("Units in the block"),
        ])
        self.records.verticalHeader().setVisible(False)
        self.records.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records.horizontalHeader().setStretchLastSection(True)
        self.records.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        rl.addWidget(self.records)
        split.addWidget(records_box)
        self.table.itemSelectionChanged.connect(self._show_records)
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
        split.setSizes([340, 140, 220])
        lay.addWidget(split, 1)

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        from desktop.rules.registry import block_status
        from desktop.rules.serial_format import parse_serial

        self._session = session
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        self.records.setRowCount(0)
        self.add_export_button.setEnabled(session is not None and not session.read_only
                                          and session.state == "draft")
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
        matched = session.result("credits.registry_match")
        spans = []
        for i, (rn, reg, serial, qty, vintage, retired, ben) in enumerate(rows):
            block = parse_serial(serial or "", reg) if serial else None
            norm = " ".join(str(serial or "").split())
            codes = flags.get(str(serial), []) or flags.get(norm, []) or flags.get(f"row {rn}", [])
            cells = {
                "row_no": _NumItem(rn),
                "registry": QTableWidgetItem(reg or ""),
                "serial": QTableWidgetItem(serial or ""),
                "start": _NumItem(block.start if block else None),
                "end": _NumItem(block.end if block else None),
                "block": _NumItem(block.end - block.start + 1 if block else None),
                "quantity": _NumItem(qty),
                "vintage": QTableWidgetItem(vintage or ""),
                "retired_on": QTableWidgetItem(retired or ""),
                "beneficiary": QTableWidgetItem(ben or ""),
                "registry_status": QTableWidgetItem(
                    self.registry_text(block_status(matched, norm or f"row {rn}"))
                ),
                "flags": QTableWidgetItem(", ".join(self.flag_name(c) for c in codes)),
            }
            items = [cells[c] for c in self.columns]
            cells["serial"].setData(Qt.ItemDataRole.UserRole, (norm, reg))
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
                cells["flags"].setIcon(status_icon(status))
            vs, ve = _vintage(vintage)
            spans.append(
                CreditSpan(str(serial or f"row {rn}"), vs, ve, _date(retired), bool(codes))
            )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        serial_col = self.columns.index("serial")
        self.table.setColumnWidth(serial_col, min(self.table.columnWidth(serial_col), 320))
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
            for code in (*FLAG_CHECKS, "credits.registry_match", "credits.sufficiency")
            if (r := session.result(code)) is not None and r.status != "pass"
        ]
        suff = session.result("credits.sufficiency")
        if suff is not None and suff.status == "pass":
            lines.insert(0, suff.message_in(lang))
        if session.results is None:
            lines = [self.tr("Running the checks…")]
        self.summary.setText("\n".join(lines) or self.tr("No credits in this engagement."))

    def _show_records(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            self.show_records(rows[0].row())

    def show_records(self, row: int) -> int:
        """Fill the lower table with the registry records that cover the block in table row
        ``row``; returns how many (looked up in the engagement file's records table)."""
        from desktop.registry.lookup import records_covering
        from desktop.rules.serial_format import parse_serial

        self.records.setRowCount(0)
        item = self.table.item(row, self.columns.index("serial"))
        if self._session is None or item is None:
            return 0
        serial, reg = item.data(Qt.ItemDataRole.UserRole) or ("", None)
        block = parse_serial(serial, reg) if serial else None
        if block is None:
            return 0
        hit = records_covering(self._session.conn, block.prefix_key, block.start, block.end)
        self.records.setRowCount(len(hit))
        for i, r in enumerate(hit.itertuples(index=False)):
            units = min(r.end, block.end) - max(r.start, block.start) + 1
            who = _blank(r.beneficiary) or _blank(r.details)
            cells = [r.export, str(r.row_no), r.serial, r.status, _blank(r.status_date), who,
                     f"{units:,}"]
            for col, text in enumerate(cells):
                self.records.setItem(i, col, QTableWidgetItem(str(text)))
        self.records.resizeColumnsToContents()
        return len(hit)

    def add_registry_export(self, source: str | None = None) -> Job | None:
        """Ask for a registry export and store it in a worker behind a cancellable progress
        dialog: read, then the bytes, its records and the audit row in one transaction
        (cancelled or refused: nothing written, the error shown). Every page hears of it
        and the checks run again. Returns the running job (None: nothing to do)."""
        from desktop.ui.workers import ProgressDialog, registry_export_job

        session = self._session
        if session is None or session.read_only:
            return None
        if source is None:
            source, _ = QFileDialog.getOpenFileName(
                self, self.tr("Add registry export"), "",
                self.tr("Registry exports (*.csv *.txt *.xlsx *.xls)"))
        if not source:
            return None
        path = Path(source)
        job = registry_export_job(session.engagement, path)
        ProgressDialog(job, self.tr("Adding %1…").replace("%1", path.name), self)
        self.jobs.add(job)
        job.ended.connect(lambda: self.jobs.discard(job))
        job.failed.connect(
            lambda exc: show_error(self, self.tr("Cannot add the registry export"), exc))
        job.succeeded.connect(lambda _added: self._export_added(session))
        job.start()
        return job

    def _export_added(self, session: Session) -> None:
        """The worker stored an export: every page hears of it, this one shows it."""
        if session is not self._session:
            return  # another file was opened meanwhile
        self.notify(Change.ALL)
        self.set_engagement(session)


register(CreditsPage, order=40)
