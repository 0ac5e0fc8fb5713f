"""Data: the dossier's tables (inventory, monitoring, credits, the meter register) in
windowed SQL models."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import current_language
from desktop.ui import labels
from desktop.ui.models import SqlTableModel
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import STATUS_TINTS, page_icon

TABLES: dict[str, list[str]] = {
    "inventory": [
        "row_no",
        "source_id",
        "scope",
        "category",
        "description",
        "activity",
        "activity_unit",
        "ef",
        "ef_unit",
        "tco2e",
        "included",
        "exclusion_reason",
        "evidence",
    ],
    "monitoring": ["row_no", "parameter", "period", "value", "unit", "meter_id", "evidence"],
    "credits": [
        "row_no",
        "registry",
        "serial",
        "quantity",
        "vintage",
        "project_id",
        "credit_type",
        "retired_on",
        "beneficiary",
        "purpose",
        "ccp_label",
        "corsia_eligible",
        "corresponding_adjustment",
        "methodology",
        "country",
        "certifications",
    ],
    "meters": [
        "row_no", "meter_id", "serial", "calibrated_on", "valid_until", "accuracy_pct", "capacity"
    ],
}


class TablePane(QWidget):
    """A filter bar over a sortable table view of one SqlTableModel."""

    def __init__(self, table: str, parent=None):
        super().__init__(parent)
        self.table = table
        self.setObjectName(f"pane:{table}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter")
        self.filter_edit.setPlaceholderText(self.tr("Filter rows (Ctrl+F)…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.column_box = QComboBox()
        self.column_box.setObjectName("filterColumn")
        self.column_box.addItem(self.tr("All columns"), None)
        for i, c in enumerate(TABLES[table]):
            self.column_box.addItem(labels.column_label(c), i)
        self.count_label = QLabel()
        self.count_label.setObjectName("rowCount")
        self.count_label.setStyleSheet("color: #6b7280;")
        bar.addWidget(QLabel(self.tr("Filter:")))
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(QLabel(self.tr("in")))
        bar.addWidget(self.column_box)
        bar.addWidget(self.count_label)
        lay.addLayout(bar)
        self.view = QTableView()
        self.view.setObjectName(f"table:{table}")
        self.view.setSortingEnabled(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        lay.addWidget(self.view)
        self.model: SqlTableModel | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        self.column_box.currentIndexChanged.connect(lambda _i: self.apply_filter())

    def set_session(self, session: Session | None) -> None:
        self.view.setModel(None)
        self.model = None
        if session is None:
            self.count_label.clear()
            return
        cols = TABLES[self.table]
        self.model = SqlTableModel(
            session.conn, self.table, cols, [labels.column_label(c) for c in cols], self
        )
        if self.table == "inventory":
            yes, no = self.tr("yes"), self.tr("no")
            self.model.formatters[cols.index("included")] = lambda v: yes if v else no
        self.view.setModel(self.model)
        self.model.busy_changed.connect(self._busy)
        self.model.modelReset.connect(self._show_count)
        self.model.modelReset.connect(self.view.scrollToTop)  # a new order starts at its top
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        fm = self.view.fontMetrics()
        for i, c in enumerate(cols):
            width = max(fm.horizontalAdvance(labels.column_label(c)) + 36, 70)
            if c in ("description", "serial", "exclusion_reason", "evidence", "beneficiary"):
                width = max(width, 220)
            self.view.setColumnWidth(i, min(width, 320))
        self.apply_filter()

    def show_flags(self, session: Session) -> None:
        """Tint the rows the checks name (inventory: recalculation warnings, exclusions)."""
        if self.model is None or self.table != "inventory":
            return
        res = session.result("inventory.recalc")
        flagged = set(res.rows) if res is not None and res.status in ("warn", "fail") else set()
        message = res.message_in(current_language()) if flagged and res else ""
        sid, inc = TABLES["inventory"].index("source_id"), TABLES["inventory"].index("included")
        excluded_tip = self.tr("Excluded from the footprint")

        def brush(values: tuple):
            if not values:
                return None
            if values[sid] in flagged:
                return STATUS_TINTS[res.status]
            return None if values[inc] else STATUS_TINTS["n/a"]

        def tooltip(values: tuple):
            if not values:
                return None
            if values[sid] in flagged:
                return message
            return None if values[inc] else excluded_tip

        self.model.row_brush, self.model.row_tooltip = brush, tooltip
        self.model.refresh_decorations()

    def apply_filter(self) -> None:
        self._timer.stop()
        if self.model is None:
            return
        self.model.set_filter(self.filter_edit.text(), self.column_box.currentData())
        self._show_count()

    def _show_count(self) -> None:
        if self.model is not None and not self.model.busy:
            self.count_label.setText(self.tr("%n row(s)", "", self.model.rowCount()))

    def _busy(self, busy: bool) -> None:
        if busy:
            self.count_label.setText(self.tr("Sorting and filtering…"))
        else:  # the answer arrived (the reset came while still busy): say the new count
            self._show_count()
        self.view.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)


class DataPage(Page):
    key = "data"
    follows = frozenset({Change.CHECKS, Change.ALL})  # records it shows do not change

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Data")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("data")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("dataPage")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 8)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("dataTabs")
        self.panes = {t: TablePane(t) for t in TABLES}
        self.tabs.addTab(self.panes["inventory"], self.tr("Inventory"))
        self.tabs.addTab(self.panes["monitoring"], self.tr("Monitoring"))
        self.tabs.addTab(self.panes["credits"], self.tr("Credits"))
        self.tabs.addTab(self.panes["meters"], self.tr("Meters"))
        lay.addWidget(self.tabs)

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        if session is not None and getattr(self, "_session", None) is session:
            self.panes["inventory"].show_flags(session)  # results changed: the tables did not
            return
        self._session = session
        for pane in self.panes.values():
            pane.set_session(session)
        if session is not None:
            # open on the first table that has rows
            for i, t in enumerate(TABLES):
                if self.panes[t].model and self.panes[t].model.rowCount():
                    self.tabs.setCurrentIndex(i)
                    break

    def focus_filter(self) -> bool:
        pane = self.tabs.currentWidget()
        pane.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        pane.filter_edit.selectAll()
        return True


register(DataPage, order=20)
