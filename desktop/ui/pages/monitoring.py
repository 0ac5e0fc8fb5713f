"""Monitoring: one parameter and meter at a time, its readings over time with the gaps,
outliers, duplicates, capacity and calibration the checks flag, and the flagged rows.

Only the chosen series is read (:mod:`desktop.monitoring_view`), downsampled for drawing:
a million-row table never comes into the window.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.i18n import current_language
from desktop.store.db import connect
from desktop.ui.monitoring_chart import TimeSeriesChart
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import page_icon, status_icon
from desktop.ui.workers import Job

if TYPE_CHECKING:  # the view module loads numpy and pandas: read in the worker only
    from desktop.monitoring_view import Series, SeriesView

CHECKS = ("monitoring.duplicates", "monitoring.gaps", "monitoring.outliers",
          "monitoring.calibration")


class MonitoringPage(Page):
    key = "monitoring"
    follows = frozenset({Change.CHECKS, Change.ALL})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Monitoring")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("monitoring")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("monitoringPage")
        self.session: Session | None = None
        self.series: list[Series] = []
        self._loaded = False
        # reading runs in a worker on its own read-only connection (a full scan of a
        # million-row table takes most of a second): the latest request wins
        self.jobs: set[Job] = set()
        self._asked = 0
        self._shown = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 12, 20, 12)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Parameter / meter:")))
        self.picker = QComboBox()
        self.picker.setObjectName("seriesPicker")
        self.picker.setMinimumWidth(280)
        self.picker.currentIndexChanged.connect(self._show_series)
        top.addWidget(self.picker)
        self.info = QLabel()
        self.info.setObjectName("seriesInfo")
        top.addWidget(self.info, 1)
        lay.addLayout(top)
        self.checks = QLabel()
        self.checks.setObjectName("monitoringChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.checks)
        split = QSplitter(Qt.Orientation.Vertical)
        chart_box = QGroupBox(self.tr("Readings over time"))
        cl = QVBoxLayout(chart_box)
        self.chart = TimeSeriesChart()
        cl.addWidget(self.chart)
        split.addWidget(chart_box)
        table_box = QGroupBox(self.tr("Flagged rows"))
        tl = QVBoxLayout(table_box)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("flaggedRows")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Time"), self.tr("Value"), self.tr("Issue")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        rows = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 4 * rows)
        tl.addWidget(self.table)
        split.addWidget(table_box)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)

    # the series list is read when the page is first shown: opening a file stays quick
    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        self.session = session
        self._loaded = False
        self.series = []
        self._asked += 1  # whatever is still being read belonged to the previous file
        self._shown = self._asked
        self.info.clear()
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.blockSignals(False)
        self.chart.set_view(None)
        self.table.setRowCount(0)
        self._show_checks()
        if session is not None and self.isVisible():
            self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.session is not None and not self._loaded:
            self.load()

    def refresh(self, kinds: set[str]) -> None:
        if Change.ALL in kinds:
            self.set_engagement(self.session)
        else:
            self._show_checks()

    @property
    def busy(self) -> bool:
        """True while the latest series list or series view is being read."""
        return self._shown != self._asked

    def load(self) -> None:
        """Read the list of series and show the first one with readings over time."""
        assert self.session is not None
        self._loaded = True
        self._read(None, listing=True)

    def _read(self, series: Series | None, listing: bool) -> None:
        """Read (in a worker) the series list when ``listing``, and the view of ``series``
        (None: the first series read over time)."""
        assert self.session is not None
        self._asked += 1
        asked, path = self._asked, self.session.path
        self.info.setText(self.tr("Reading the monitoring data…"))

        def work(_progress, _cancelled):
            from desktop.monitoring_view import list_series, series_view

            conn = connect(path, readonly=True)
            try:
                found = list_series(conn) if listing else None
                target = series
                if target is None and found:
                    target = next((x for x in found if x.count > 1), found[0])
                return found, target, series_view(conn, target) if target else None
            finally:
                conn.close()

        job = Job(work)
        self.jobs.add(job)
        job.succeeded.connect(lambda result, n=asked: self._arrived(n, *result))
        job.failed.connect(lambda exc, n=asked: self._failed(n, exc))
        job.ended.connect(lambda: self.jobs.discard(job))
        job.start()

    def _arrived(self, asked: int, found, target, view) -> None:
        if asked != self._asked:
            return  # a later request is on its way
        self._shown = asked
        if found is not None:
            self.series = found
            self.picker.blockSignals(True)
            self.picker.clear()
            for x in found:
                self.picker.addItem(f"{x.label}  ({x.count:,})")
            if target is not None:
                self.picker.setCurrentIndex(found.index(target))
            self.picker.blockSignals(False)
        if view is None:
            self.info.setText(self.tr("The dossier has no monitoring data."))
            return
        self._show_view(view)

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        self._shown = asked
        self.info.setText(
            self.tr("Cannot read the monitoring data: %1").replace("%1", str(exc)[:300]))

    def select(self, parameter: str, meter: str | None) -> bool:
        """Show the series of ``parameter`` and ``meter``; False when there is none."""
        for i, s in enumerate(self.series):
            if (s.parameter, s.meter) == (parameter, meter):
                self.picker.setCurrentIndex(i)
                return True
        return False

    def _show_checks(self) -> None:
        s = self.session
        if s is None:
            self.checks.clear()
            return
        lang = current_language()
        parts = []
        for code in CHECKS:
            r = s.result(code)
            if r is None:
                continue
            colour = {"pass": "#2e7d32", "warn": "#ef8f00", "fail": "#c62828"}.get(
                r.status, "#6b7280")
            parts.append(f"<span style='color:{colour}'>●</span> {r.message_in(lang)}")
        self.checks.setText("<br>".join(parts) if parts else self.tr("Running the checks…"))

    def _show_series(self, index: int) -> None:
        if self.session is None or not 0 <= index < len(self.series):
            return
        self._read(self.series[index], listing=False)

    def _show_view(self, view: SeriesView) -> None:
        self.chart.set_view(view)
        missing = sum(n for _a, _b, n in view.gaps)
        text = self.tr("%1 dated readings; frequency: %2; %3 missing; %4 flagged")
        self.info.setText(
            text.replace("%1", f"{view.points:,}").replace("%2", self._frequency(view.step))
            .replace("%3", f"{missing:,}").replace("%4", f"{view.flagged_total:,}"))
        self._fill_table(view)

    def _frequency(self, step: str | None) -> str:
        """The interval's word in the user's language (an ISO duration as written)."""
        words = {
            "quarter-hourly": self.tr("every 15 minutes"),
            "half-hourly": self.tr("every 30 minutes"),
            "hourly": self.tr("hourly"),
            "daily": self.tr("daily"),
            "weekly": self.tr("weekly"),
            "monthly": self.tr("monthly"),
            "quarterly": self.tr("quarterly"),
            "half-yearly": self.tr("half-yearly"),
            "yearly": self.tr("yearly"),
        }
        return words.get(step or "", step or "—")

    def _fill_table(self, view: SeriesView) -> None:
        issues = {
            "duplicate": self.tr("Duplicate (same parameter, meter and time)"),
            "outlier": self.tr("Outlier (robust z beyond 3.5)"),
            "capacity": self.tr("Above the meter's capacity"),
            "calibration": self.tr("Outside the meter's calibration validity"),
            "unregistered": self.tr("Meter not in the register"),
        }
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(view.flags))
        for i, f in enumerate(view.flags):
            when = "" if math.isnan(f.ts) else datetime.fromtimestamp(f.ts, UTC).strftime(
                "%Y-%m-%d %H:%M")
            cells = [QTableWidgetItem(str(f.row_no)), QTableWidgetItem(when),
                     QTableWidgetItem(f"{f.value:,.6g}"),
                     QTableWidgetItem(issues.get(f.kind, f.kind))]
            cells[0].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells[2].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells[3].setIcon(status_icon("warn"))
            for j, c in enumerate(cells):
                self.table.setItem(i, j, c)
        if view.flagged_total > len(view.flags):
            self.info.setText(self.info.text() + " " + self.tr("(the first %1 are listed)")
                              .replace("%1", f"{len(view.flags):,}"))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)


register(MonitoringPage, order=35)
