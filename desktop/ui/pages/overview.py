"""Overview: what the engagement is about, and the computed checks at a glance."""

from __future__ import annotations

import json
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import current_language
from desktop.ui import labels
from desktop.ui.pages import Page, register
from desktop.ui.session import Session
from desktop.ui.theme import STATUS_COLOURS, heading_font, page_icon, status_icon


def check_page(code: str) -> str | None:
    """The page that shows a computed check: coverage and materiality on Coverage (its
    materiality bar), credits on Credits, the recalculation and the project's scale on
    Data (the inventory and monitoring rows they weigh)."""
    family = code.split(".", 1)[0]
    return {
        "coverage": "coverage",
        "materiality": "coverage",
        "credits": "credits",
        "inventory": "data",
        "recalc": "data",
        "scale": "data",
    }.get(family)


def _clear(layout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()  # gone at once, though deleted later
            w.deleteLater()
        elif item.layout() is not None:
            _clear(item.layout())


class OverviewPage(Page):
    key = "overview"
    navigate = Signal(str, object)  # (page key, target): the page that shows a check

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Overview")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("overview")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("overviewPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(20, 12, 20, 16)
        lay.setSpacing(10)

        self.title_label = QLabel()
        self.title_label.setObjectName("subjectTitle")
        self.title_label.setFont(heading_font(self.font(), 6))
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_zh_label = QLabel()
        self.title_zh_label.setObjectName("subjectTitleZh")
        self.title_zh_label.setFont(heading_font(self.font(), 2, bold=False))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("subjectSummary")
        self.summary_label.setStyleSheet("color: #4b5563;")
        self.summary_label.setWordWrap(True)
        lay.addWidget(self.title_label)
        lay.addWidget(self.title_zh_label)
        lay.addWidget(self.summary_label)

        row = QHBoxLayout()
        row.setSpacing(12)
        self.details_box = QGroupBox(self.tr("Engagement"))
        self.details = QFormLayout(self.details_box)
        self.details.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.counts_box = QGroupBox(self.tr("Data"))
        self.counts = QFormLayout(self.counts_box)
        self.counts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.details_box, 3)
        row.addWidget(self.counts_box, 2)
        lay.addLayout(row)

        self.progress_box = QGroupBox(self.tr("Progress"))
        self.progress_box.setObjectName("progressBox")
        self.progress_grid = QGridLayout(self.progress_box)
        self.progress_grid.setColumnStretch(1, 1)
        lay.addWidget(self.progress_box)

        self.checks_box = QGroupBox(self.tr("Checks"))
        cb = QVBoxLayout(self.checks_box)
        self.tally_label = QLabel()
        self.tally_label.setObjectName("checkTally")
        cb.addWidget(self.tally_label)
        self.checks_grid = QGridLayout()
        self.checks_grid.setHorizontalSpacing(10)
        self.checks_grid.setVerticalSpacing(6)
        self.checks_grid.setColumnStretch(2, 1)
        cb.addLayout(self.checks_grid)
        lay.addWidget(self.checks_box)
        lay.addStretch(1)
        self.check_rows: dict[str, tuple[str, QLabel]] = {}
        self.progress_bars: dict[str, QProgressBar] = {}  # by checklist id
        self.findings_label: QLabel | None = None

    def _fill_progress(self, session: Session) -> None:
        """Per checklist: answered of applicable (pre-filled noted); open findings."""
        from desktop.checklist import item_states, progress
        from desktop.findings import counts, list_findings

        zh = current_language() == "zh-TW"
        states = item_states(session.conn, session.results)
        row = 0
        for p in progress(states):
            name = QLabel(p.checklist.title_zh if zh else p.checklist.title)
            bar = QProgressBar()
            bar.setObjectName(f"progress-{p.checklist.id}")
            bar.setRange(0, max(p.items, 1))
            bar.setValue(p.answered)
            bar.setFormat(f"{p.answered} / {p.items}")
            bar.setMaximumHeight(16)
            self.progress_bars[p.checklist.id] = bar
            note = QLabel(
                self.tr("%1 pre-filled").replace("%1", str(p.prefilled)) if p.prefilled else ""
            )
            note.setStyleSheet("color: #6b7280;")
            self.progress_grid.addWidget(name, row, 0)
            self.progress_grid.addWidget(bar, row, 1)
            self.progress_grid.addWidget(note, row, 2)
            row += 1
        c = counts(list_findings(session.conn))
        text = (
            self.tr("Open findings: %1 CAR · %2 CL · %3 FAR")
            .replace("%1", str(c["CAR"]["open"]))
            .replace("%2", str(c["CL"]["open"]))
            .replace("%3", str(c["FAR"]["open"]))
        )
        findings_label = QLabel(text)
        findings_label.setObjectName("openFindings")
        self.progress_grid.addWidget(findings_label, row, 0, 1, 3)
        self.findings_label = findings_label

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        _clear(self.details)
        _clear(self.counts)
        _clear(self.progress_grid)
        _clear(self.checks_grid)
        self.check_rows = {}
        self.progress_bars = {}
        self.findings_label = None
        if session is None:
            self.title_label.clear()
            self.title_zh_label.clear()
            self.summary_label.clear()
            self.tally_label.clear()
            return
        info = session.info()
        subj = session.subject
        first, second = subj.title, subj.title_zh or ""
        if current_language() == "zh-TW" and subj.title_zh:
            first, second = subj.title_zh, subj.title  # the user's language leads
        self.title_label.setText(first)
        self.title_zh_label.setText(second)
        self.title_zh_label.setVisible(bool(subj.title_zh))
        criteria = " · ".join(json.loads(info.get("criteria") or "[]"))
        period = f"{subj.period_start or '?'} – {subj.period_end or '?'}"
        self.summary_label.setText(
            " · ".join(
                x
                for x in (
                    labels.engagement_type(subj.type),
                    criteria,
                    labels.assurance(info.get("level_of_assurance")),
                    period,
                )
                if x
            )
        )

        self._fill_progress(session)

        def add(form: QFormLayout, label: str, value: object) -> None:
            v = QLabel("—" if value in (None, "") else str(value))
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, v)

        add(self.details, self.tr("Subject"), subj.id)
        add(self.details, self.tr("Type"), labels.engagement_type(subj.type))
        add(self.details, self.tr("Client"), subj.client)
        add(self.details, self.tr("Period"), period)
        add(self.details, self.tr("Criteria"), criteria)
        add(self.details, self.tr("Programme"), info.get("programme"))
        add(
            self.details,
            self.tr("Level of assurance"),
            labels.assurance(info.get("level_of_assurance")),
        )
        add(self.details, self.tr("Boundary"), info.get("boundary"))

        add(self.counts, self.tr("Emission sources"), f"{session.count('inventory'):,}")
        add(self.counts, self.tr("Monitoring records"), f"{session.count('monitoring'):,}")
        add(self.counts, self.tr("Credit blocks"), f"{session.count('credits'):,}")
        add(self.counts, self.tr("Evidence files"), f"{session.count('evidence'):,}")

        if session.results is None:
            self.tally_label.setText(self.tr("Running the checks…"))
            return
        lang = current_language()
        tally = {s: 0 for s in ("pass", "warn", "fail", "n/a")}
        for i, r in enumerate(session.results):
            tally[r.status] = tally.get(r.status, 0) + 1
            icon = QLabel()
            icon.setPixmap(status_icon(r.status, 16).pixmap(16, 16))
            icon.setToolTip(labels.status_name(r.status))
            icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            colour = STATUS_COLOURS[r.status].name()
            name = QLabel()
            name.setObjectName(f"checkName:{r.code}")
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            name.setStyleSheet(f"color: {colour}; font-weight: 600;")
            if check_page(r.code) is not None:
                # a link to the page that shows the check: a click, or Tab and Enter
                name.setText(
                    f"<a href='{escape(r.code)}' style='color: {colour};"
                    f" text-decoration: none;'>{escape(labels.check_name(r.code))}</a>"
                )
                name.setTextInteractionFlags(
                    Qt.TextInteractionFlag.LinksAccessibleByMouse
                    | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
                )
                name.setCursor(Qt.CursorShape.PointingHandCursor)
                name.linkActivated.connect(self.go_to_check)
                name.setToolTip(self.tr("%1 · click to see it").replace("%1", r.code))
            else:
                name.setText(labels.check_name(r.code))
                name.setTextFormat(Qt.TextFormat.PlainText)
                name.setToolTip(r.code)
            msg = QLabel(r.message_in(lang))
            msg.setObjectName(f"check:{r.code}")
            msg.setWordWrap(True)
            msg.setMinimumHeight(msg.fontMetrics().height() + 4)
            name.setMinimumHeight(msg.fontMetrics().height() + 4)
            msg.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if r.status == "n/a":
                msg.setStyleSheet("color: #8a8f98;")
            self.checks_grid.addWidget(icon, i, 0)
            self.checks_grid.addWidget(name, i, 1)
            self.checks_grid.addWidget(msg, i, 2)
            self.check_rows[r.code] = (r.status, msg)
        self.tally_label.setText(
            self.tr("%1 passed · %2 with a warning · %3 failed · %4 not applicable")
            .replace("%1", str(tally["pass"]))
            .replace("%2", str(tally["warn"]))
            .replace("%3", str(tally["fail"]))
            .replace("%4", str(tally["n/a"]))
        )

    def go_to_check(self, code: str) -> bool:
        """Go to the page that shows the computed check ``code``."""
        key = check_page(code)
        if key is None:
            return False
        self.navigate.emit(key, None)
        return True


register(OverviewPage, order=10)
