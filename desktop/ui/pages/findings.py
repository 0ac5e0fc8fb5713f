"""Findings: CL / CAR / FAR by type and state, each with its rounds; and misstatements.

Everything goes through ``desktop.findings`` (which writes the audit rows): raise,
record the client's response, accept or not, escalate a CL to a CAR, and record or
withdraw a misstatement.
"""

from __future__ import annotations

import json
import re
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import findings
from desktop.errors import MessageError
from desktop.findings import Finding
from desktop.i18n import current_language
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, register
from desktop.ui.pages.checklists import RaiseFindingDialog
from desktop.ui.session import Change, Session
from desktop.ui.theme import page_icon

STATE_COLOURS = {"open": "#c62828", "responded": "#ef8f00", "closed": "#2e7d32"}
SORT_KEY = Qt.ItemDataRole.UserRole + 1
ITEM_COLUMN = 4  # the finding's checklist item


def number_key(number: str) -> tuple[int, int, str]:
    """CL before CAR before FAR, then the number as a number (CL-2 before CL-10)."""
    ftype, _, rest = number.partition("-")
    order = findings.TYPES.index(ftype) if ftype in findings.TYPES else len(findings.TYPES)
    digits = re.match(r"\d+", rest)
    return (order, int(digits.group()) if digits else 0, number)


def item_label(checklist_id: str | None, ref: str | None) -> tuple[str, str]:
    """The Item cell: the checklist's title in the user's language and the item's ref;
    the tooltip is the item's text. Unknown checklists keep their identifier."""
    if not checklist_id and not ref:
        return "", ""
    zh = current_language() == "zh-TW"
    title, tip = checklist_id or "", ""
    try:
        from desktop.checklist import definitions

        cl = next((c for c in definitions() if c.id == checklist_id), None)
    except (ValueError, OSError):  # a broken checklist folder: show the identifiers
        cl = None
    if cl is not None:
        title = (cl.title_zh if zh else cl.title) or cl.title
        if ref:
            try:
                it = cl.item(ref)
            except KeyError:
                it = None
            if it is not None:
                tip = (it.text_zh if zh else it.text) or it.text
    return " · ".join(x for x in (title, ref or "") if x), tip


class SortItem(QTableWidgetItem):
    """A cell sorted by its SORT_KEY data when it has one, else by its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        a, b = self.data(SORT_KEY), other.data(SORT_KEY)
        if a is not None and b is not None:
            return tuple(a) < tuple(b)
        return super().__lt__(other)


def _para(text: str) -> str:
    """Typed text as HTML: escaped, its line breaks kept."""
    return escape(text).replace("\n", "<br>")


class NewFindingDialog(RaiseFindingDialog):
    """The Findings page's dialog: OK without a title says so and the dialog stays open."""

    def __init__(self, ref: str, parent: QWidget | None = None):
        super().__init__(ref, parent)
        self.problem = QLabel()
        self.problem.setObjectName("findingProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setVisible(False)
        form = self.layout()
        if isinstance(form, QFormLayout):
            form.insertRow(form.rowCount() - 1, self.problem)
        self.title_edit.textChanged.connect(lambda: self.problem.setVisible(False))

    def _accept(self) -> None:
        if not self.title_edit.text().strip():
            self.problem.setText(self.tr("Enter a title for the finding."))
            self.problem.setVisible(True)
            self.title_edit.setFocus()
            return
        super()._accept()


def state_name(state: str) -> str:
    return {
        "open": QCoreApplication.translate("Page", "open"),
        "responded": QCoreApplication.translate("Page", "client responded"),
        "closed": QCoreApplication.translate("Page", "closed"),
    }.get(state, state)


class MisstatementDialog(QDialog):
    def __init__(self, numbers: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record misstatement"))
        form = QFormLayout(self)
        self.description = QLineEdit()
        self.description.setObjectName("misstatementDescription")
        self.amount = QDoubleSpinBox()
        self.amount.setObjectName("misstatementAmount")
        self.amount.setRange(-1e12, 1e12)
        self.amount.setDecimals(4)
        self.amount.setSuffix(" tCO2e")
        self.finding = QComboBox()
        self.finding.addItem(self.tr("(none)"), None)
        for n in numbers:
            self.finding.addItem(n, n)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("Amount (+ overstated, − understated)"), self.amount)
        form.addRow(self.tr("Finding"), self.finding)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class FindingsPage(Page):
    key = "findings"
    # findings (raised on the Checklists page too), misstatements, the state (read-only)
    follows = frozenset({Change.FINDINGS, Change.MISSTATEMENTS, Change.SIGNATURES, Change.ALL})
    navigate = Signal(str, object)  # (page key, target): the finding's checklist item

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Findings")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("findings")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: Session | None = None
        self.items: list[Finding] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        self.type_filter = QComboBox()
        self.type_filter.setObjectName("findingTypeFilter")
        self.type_filter.addItem(self.tr("All types"), None)
        for t in findings.TYPES:
            self.type_filter.addItem(t, t)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("findingStateFilter")
        self.state_filter.addItem(self.tr("All states"), None)
        for st in findings.STATES:
            self.state_filter.addItem(state_name(st), st)
        self.type_filter.currentIndexChanged.connect(self._fill)
        self.state_filter.currentIndexChanged.connect(self._fill)
        self.new_button = QPushButton(self.tr("New finding…"))
        self.new_button.setObjectName("newFinding")
        self.new_button.clicked.connect(self._new)
        self.summary = QLabel()
        self.summary.setObjectName("findingSummary")
        for w in (self.type_filter, self.state_filter, self.new_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        lay.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("findingsTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Number"),
                self.tr("Type"),
                self.tr("State"),
                self.tr("Title"),
                self.tr("Item"),
                self.tr("Raised"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        # Qt's headers start descending: open on CL-01, CL-02 … CAR … FAR
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.itemSelectionChanged.connect(self._show_selected)
        # the Item cell leads to the checklist item: double-click, or Enter on it
        self.table.itemActivated.connect(
            lambda item: self.go_to_item() if item.column() == ITEM_COLUMN else None
        )
        split.addWidget(self.table)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setObjectName("findingDetail")
        # long responses and unbroken strings (paths, URLs) wrap instead of scrolling sideways
        self.detail.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.detail.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        dl.addWidget(self.detail, 1)
        actions = QHBoxLayout()
        self.respond_button = QPushButton(self.tr("Record client response…"))
        self.respond_button.setObjectName("recordResponse")
        self.accept_button = QPushButton(self.tr("Accept and close…"))
        self.accept_button.setObjectName("acceptFinding")
        self.reject_button = QPushButton(self.tr("Not accepted…"))
        self.reject_button.setObjectName("rejectFinding")
        self.escalate_button = QPushButton(self.tr("Escalate CL to CAR…"))
        self.escalate_button.setObjectName("escalateFinding")
        self.respond_button.clicked.connect(self._respond)
        self.accept_button.clicked.connect(lambda: self._assess(True))
        self.reject_button.clicked.connect(lambda: self._assess(False))
        self.escalate_button.clicked.connect(self._escalate)
        self.goto_item_button = QPushButton(self.tr("Go to item"))
        self.goto_item_button.setObjectName("goToItem")
        self.goto_item_button.setToolTip(self.tr("Open the checklist item this finding is about"))
        self.goto_item_button.clicked.connect(lambda: self.go_to_item())
        for b in (
            self.goto_item_button,
            self.respond_button,
            self.accept_button,
            self.reject_button,
            self.escalate_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        dl.addLayout(actions)
        split.addWidget(detail)

        mis = QGroupBox(self.tr("Misstatements"))
        ml = QVBoxLayout(mis)
        self.mis_table = QTableWidget(0, 4)
        self.mis_table.setObjectName("misstatementTable")
        self.mis_table.setHorizontalHeaderLabels(
            [self.tr("Description"), self.tr("tCO2e"), self.tr("Finding"), self.tr("Recorded")]
        )
        self.mis_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.mis_table.verticalHeader().setVisible(False)
        self.mis_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mis_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        ml.addWidget(self.mis_table)
        mrow = QHBoxLayout()
        self.add_mis = QPushButton(self.tr("Record misstatement…"))
        self.add_mis.setObjectName("recordMisstatement")
        self.remove_mis = QPushButton(self.tr("Withdraw"))
        self.remove_mis.setObjectName("withdrawMisstatement")
        self.add_mis.clicked.connect(self._add_misstatement)
        self.remove_mis.clicked.connect(self._remove_misstatement)
        mrow.addWidget(self.add_mis)
        mrow.addWidget(self.remove_mis)
        mrow.addStretch(1)
        ml.addLayout(mrow)
        split.addWidget(mis)
        split.setSizes([260, 260, 180])
        lay.addWidget(split, 1)

    # --- data -----------------------------------------------------------------------

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        self.session = session
        self.reload()

    def refresh(self, kinds: set[str]) -> None:
        keep = self.selected()
        self.reload()
        if keep is not None:
            self.select(keep.number)

    def reload(self) -> None:
        self.items = findings.list_findings(self.session.conn) if self.session else []
        self._fill()
        self._fill_misstatements()
        ro = self._read_only()
        for b in (self.new_button, self.add_mis, self.remove_mis):
            b.setEnabled(not ro)
        self._show_selected()

    def _read_only(self) -> bool:
        return self.session is None or self.session.read_only

    def _fill(self) -> None:
        want_type, want_state = self.type_filter.currentData(), self.state_filter.currentData()
        shown = [
            f
            for f in self.items
            if (want_type in (None, f.type)) and (want_state in (None, f.state))
        ]
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(shown))
        for r, f in enumerate(shown):
            where, tip = item_label(f.checklist_id, f.ref)
            cells = [
                f.number,
                f.type,
                state_name(f.state),
                f.title,
                where,
                f"{f.raised_by} · {f.raised_at[:10]}",
            ]
            for c, text in enumerate(cells):
                item = SortItem(text)
                item.setData(Qt.ItemDataRole.UserRole, f.number)
                if c in (0, 1):  # by type (CL, CAR, FAR), then by number
                    item.setData(SORT_KEY, list(number_key(f.number)))
                if c == 2:
                    item.setForeground(QColor(STATE_COLOURS.get(f.state, "#111")))
                if c == ITEM_COLUMN and tip:
                    item.setToolTip(tip)
                elif len(text) > 24:  # a cell cut in its column shows its full text
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        column = header.sortIndicatorSection()
        if 0 <= column < self.table.columnCount():  # keep the order the header shows
            self.table.sortItems(column, header.sortIndicatorOrder())
        else:
            self.table.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        c = findings.counts(self.items)
        self.summary.setText(
            "  ".join(
                f"{t}: {c[t]['open']} "
                + self.tr("open")
                + f" / {c[t]['closed']} "
                + self.tr("closed")
                for t in findings.TYPES
            )
        )

    def _fill_misstatements(self) -> None:
        ms = findings.list_misstatements(self.session.conn) if self.session else []
        self.mis_table.setRowCount(len(ms))
        numbers = {f.id: f.number for f in self.items}
        for r, m in enumerate(ms):
            for c, text in enumerate(
                [
                    m.description,
                    f"{m.amount_tco2e:,.4f}",
                    numbers.get(m.finding_id, ""),
                    f"{m.recorded_by} · {m.recorded_at[:10]}",
                ]
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                if c == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.mis_table.setItem(r, c, item)
        for c in (1, 2, 3):
            self.mis_table.resizeColumnToContents(c)

    def selected(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        number = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((f for f in self.items if f.number == number), None)

    def select(self, number: str) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == number:
                self.table.selectRow(r)
                return

    def _show_selected(self) -> None:
        f = self.selected()
        ro = self._read_only()
        self.respond_button.setEnabled(bool(f) and not ro and f.state != "closed")
        pending = bool(
            f and f.rounds and f.rounds[-1].client_response and f.rounds[-1].assessment is None
        )
        self.accept_button.setEnabled(pending and not ro)
        self.reject_button.setEnabled(pending and not ro)
        self.escalate_button.setEnabled(
            bool(f) and not ro and f.type == "CL" and f.state != "closed"
        )
        self.goto_item_button.setEnabled(bool(f and f.checklist_id and f.ref))
        if f is None:
            hint = self.tr("Select a finding.")
            self.detail.setHtml(f"<p style='color:#6b7280'>{escape(hint)}</p>")
            return
        state_label = self.tr("State")
        parts = [
            f"<h3>{escape(f.number)} · {escape(f.title)}</h3>",
            f"<p><b>{state_label}:</b> <span style='color:"
            f"{STATE_COLOURS.get(f.state)}'>{state_name(f.state)}</span>",
        ]
        if f.escalated_from:
            parts.append(
                " · " + escape(self.tr("escalated from %1").replace("%1", f.escalated_from))
            )
        parts.append("</p>")
        where, tip = item_label(f.checklist_id, f.ref)
        if where:
            item_label_text = self.tr("Item")
            parts.append(f"<p><b>{item_label_text}:</b> {escape(where)}")
            if tip:
                parts.append(f"<br><i>{_para(tip)}</i>")
            parts.append("</p>")
        if f.description:
            parts.append(f"<p>{_para(f.description)}</p>")
        escalation = self.escalation(f)
        if escalation is not None:
            reason, who, when = escalation
            head = self.tr("Reason for the escalation (%1, %2)")
            head = head.replace("%1", who).replace("%2", when[:10])
            parts.append(f"<p><b>{escape(head)}:</b> {_para(reason)}</p>")
        response_label = self.tr("Client response")
        assessment_label = self.tr("Assessment")
        for r in f.rounds:
            round_title = self.tr("Round %1").replace("%1", str(r.n))
            parts.append(f"<h4>{round_title}</h4>")
            if r.client_response:
                parts.append(f"<p><b>{response_label}:</b> {_para(r.client_response)}</p>")
            if r.assessment is not None:
                verdict = self.tr("accepted") if r.accepted else self.tr("not accepted")
                parts.append(
                    f"<p><b>{assessment_label} ({verdict}, {escape(r.assessed_by or '')}):"
                    f"</b> {_para(r.assessment)}</p>"
                )
        self.detail.setHtml("".join(parts))

    def go_to_item(self) -> bool:
        """Open the Checklists page on the selected finding's item."""
        f = self.selected()
        if f is None or not f.checklist_id or not f.ref:
            return False
        self.navigate.emit("checklists", {"item": (f.checklist_id, f.ref)})
        return True

    def escalation(self, f: Finding) -> tuple[str, str, str] | None:
        """(reason, who, when) of the CL's escalation to this CAR, from the audit trail."""
        if not f.escalated_from or self.session is None:
            return None
        rows = self.session.conn.execute(
            "SELECT actor, at, new FROM audit WHERE action = 'escalate' AND entity = 'finding' "
            "AND entity_key = ? ORDER BY id DESC",
            (f.escalated_from,),
        ).fetchall()
        for actor, at, new in rows:
            try:
                data = json.loads(new or "{}")
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("number") == f.number and data.get("reason"):
                return str(data["reason"]), actor, at
        return None

    # --- actions --------------------------------------------------------------------

    def _run(self, title: str, fn, kind: Change = Change.FINDINGS) -> Finding | None:
        try:
            result = self.write(kind, fn)
        except MessageError as exc:
            show_error(self, title, exc)
            return None
        self.reload()
        return result

    def _new(self) -> None:
        if self.session is None:
            return
        dialog = NewFindingDialog("—", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ftype, title, description = dialog.values()
        f = self._run(
            self.tr("Cannot raise the finding"),
            lambda: findings.raise_finding(
                self.session.engagement, ftype, title, description or None
            ),
        )
        if f:
            self.select(f.number)

    def _respond(self) -> None:
        f = self.selected()
        if f is None or self.session is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Client response"),
            self.tr("The client's response to %1").replace("%1", f.number),
        )
        if ok and text.strip():
            self._run(
                self.tr("Cannot record the response"),
                lambda: findings.record_client_response(
                    self.session.engagement, f.number, text.strip()
                ),
            )
            self.select(f.number)

    def _assess(self, accepted: bool) -> None:
        f = self.selected()
        if f is None or self.session is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self,
            self.tr("Assessment"),
            self.tr("Your assessment of the response (the finding will be closed)")
            if accepted
            else self.tr("Why the response is not accepted (the finding stays open)"),
        )
        if ok and text.strip():
            self._run(
                self.tr("Cannot record the assessment"),
                lambda: findings.assess(self.session.engagement, f.number, accepted, text.strip()),
            )
            self.select(f.number)

    def _escalate(self) -> None:
        f = self.selected()
        if f is None or self.session is None:
            return
        text, ok = QInputDialog.getText(
            self, self.tr("Escalate to CAR"), self.tr("Why is a requirement not met?")
        )
        if ok and text.strip():
            new = self._run(
                self.tr("Cannot escalate"),
                lambda: findings.escalate(self.session.engagement, f.number, text.strip()),
            )
            if new:
                self.select(new.number)

    def _add_misstatement(self) -> None:
        if self.session is None:
            return
        dialog = MisstatementDialog([f.number for f in self.items], self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.description.text().strip():
            return
        self._run(
            self.tr("Cannot record the misstatement"),
            lambda: findings.record_misstatement(
                self.session.engagement,
                dialog.description.text(),
                dialog.amount.value(),
                finding=dialog.finding.currentData(),
            ),
            Change.MISSTATEMENTS,
        )

    def _remove_misstatement(self) -> None:
        rows = self.mis_table.selectionModel().selectedRows()
        if not rows or self.session is None:
            return
        mid = self.mis_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self._run(
            self.tr("Cannot withdraw the misstatement"),
            lambda: findings.remove_misstatement(self.session.engagement, mid),
            Change.MISSTATEMENTS,
        )


register(FindingsPage, order=60)
