"""Planning: risk assessment per source, parameter or evidence file, and sampling plans
(design §13) — draw a reproducible sample, record the result of each selected item, see
the errors projected to the population against the performance materiality.

Every write goes through the engine (:mod:`desktop.planning.store`), which audits it.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import VeriDeskError
from desktop.planning.risk import combine
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session

if TYPE_CHECKING:
    from desktop.planning.store import StoredPlan


def _store():
    """The planning store, imported on first use: it loads the engine (numpy, pandas),
    which the window does not wait for when it opens."""
    from desktop.planning import store

    return store

POPULATIONS = ("inventory", "monitoring", "evidence")
LEVELS = ("high", "medium", "low")
OUTCOMES = ("", "agreed", "error")


def level_name(level: str | None) -> str:
    """A risk level in the user's language (spelled out: lupdate needs the full call)."""
    return {
        "high": QCoreApplication.translate("planning", "high"),
        "medium": QCoreApplication.translate("planning", "medium"),
        "low": QCoreApplication.translate("planning", "low"),
    }.get(level or "", level or "")


def population_name(population: str) -> str:
    """A sampling population in the user's language."""
    return {
        "inventory": QCoreApplication.translate("planning", "inventory sources"),
        "monitoring": QCoreApplication.translate("planning", "monitoring records"),
        "evidence": QCoreApplication.translate("planning", "evidence files"),
    }.get(population, population)


def _t(x: float | None) -> str:
    return "—" if x is None else f"{x:,.2f}"


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class DrawDialog(QDialog):
    """Population and seed of a new sample."""

    def __init__(self, population: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Draw sample"))
        form = QFormLayout(self)
        self.population = QComboBox()
        self.population.setObjectName("drawPopulation")
        for p in POPULATIONS:
            self.population.addItem(population_name(p), p)
        self.population.setCurrentIndex(POPULATIONS.index(population))
        self.seed = QLineEdit(str(secrets.randbelow(10**6)))
        self.seed.setObjectName("drawSeed")
        form.addRow(self.tr("Population"), self.population)
        form.addRow(self.tr("Seed (the same seed draws the same sample)"), self.seed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PlanningPage(Page):
    key = "planning"
    follows = frozenset({Change.PLANNING, Change.ALL, Change.MISSTATEMENTS})

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Planning")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("planningPage")
        self.session: Session | None = None
        self.plan: StoredPlan | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 10)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Population")))
        self.population = QComboBox()
        self.population.setObjectName("planningPopulation")
        for p in POPULATIONS:
            self.population.addItem(population_name(p), p)
        self.population.currentIndexChanged.connect(self._fill_risks)
        top.addWidget(self.population)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Sample plan")))
        self.plans = QComboBox()
        self.plans.setObjectName("planningPlans")
        self.plans.setMinimumWidth(220)
        self.plans.currentIndexChanged.connect(self._plan_chosen)
        top.addWidget(self.plans)
        self.draw_button = QPushButton(self.tr("Draw sample…"))
        self.draw_button.setObjectName("drawSample")
        self.draw_button.clicked.connect(self._draw_clicked)
        top.addWidget(self.draw_button)
        lay.addLayout(top)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._risk_box())
        split.addWidget(self._sample_box())
        split.setSizes([260, 420])
        lay.addWidget(split, 1)

    # --- layout ---------------------------------------------------------------------

    def _risk_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Risk assessment (ISO 14064-3 §6.1.2)"))
        v = QVBoxLayout(box)
        self.risks = QTableWidget(0, 6)
        self.risks.setObjectName("riskTable")
        self.risks.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Size"),
                self.tr("Inherent risk"),
                self.tr("Control risk"),
                self.tr("Risk"),
                self.tr("Reason"),
            ]
        )
        self.risks.verticalHeader().setVisible(False)
        self.risks.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        head = self.risks.horizontalHeader()
        for c in range(5):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.risks)
        row = QHBoxLayout()
        self.risk_status = QLabel()
        self.risk_status.setObjectName("riskStatus")
        row.addWidget(self.risk_status, 1)
        self.save_risks = QPushButton(self.tr("Save risk assessments"))
        self.save_risks.setObjectName("saveRisks")
        self.save_risks.clicked.connect(self.save_risk_rows)
        row.addWidget(self.save_risks)
        v.addLayout(row)
        return box

    def _sample_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sample and results"))
        v = QVBoxLayout(box)
        self.figures = QLabel(
            self.tr("No sample drawn yet: choose a population and “Draw sample…”.")
        )
        self.figures.setObjectName("planFigures")
        self.figures.setWordWrap(True)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.figures)
        self.items = QTableWidget(0, 7)
        self.items.setObjectName("sampleTable")
        self.items.setHorizontalHeaderLabels(
            [
                self.tr("Row"),
                self.tr("Item"),
                self.tr("tCO2e"),
                self.tr("Key"),
                self.tr("Result"),
                self.tr("Error tCO2e"),
                self.tr("Note"),
            ]
        )
        self.items.verticalHeader().setVisible(False)
        head = self.items.horizontalHeader()
        for c in range(6):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.items, 1)
        row = QHBoxLayout()
        self.projection = QLabel()
        self.projection.setObjectName("projection")
        self.projection.setWordWrap(True)
        row.addWidget(self.projection, 1)
        self.save_results = QPushButton(self.tr("Save results"))
        self.save_results.setObjectName("saveResults")
        self.save_results.clicked.connect(self.save_result_rows)
        row.addWidget(self.save_results)
        v.addLayout(row)
        return box

    # --- data -----------------------------------------------------------------------

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
        self.session = session
        if session is not None:
            default = (
                "inventory"
                if session.info().get("engagement_type") == ("carbon-neutrality")
                else "monitoring"
            )
            self.population.blockSignals(True)
            self.population.setCurrentIndex(POPULATIONS.index(default))
            self.population.blockSignals(False)
        self.reload()

    def refresh(self, kinds: set[str]) -> None:
        self.reload(keep=self.plan.id if self.plan else None)

    def reload(self, keep: int | None = None) -> None:
        ro = self.session is None or self.session.read_only
        for w in (self.draw_button, self.save_risks, self.save_results):
            w.setEnabled(not ro)
        self._fill_risks()
        self._fill_plans(keep)

    def _pop(self) -> str:
        return self.population.currentData() or "inventory"

    def _sizes(self, pop: str) -> dict[str, str]:
        conn = self.session.conn
        sql = {
            "inventory": "SELECT source_id, sum(tco2e) FROM inventory WHERE included "
            "GROUP BY source_id",
            "monitoring": "SELECT trim(parameter), count(*) FROM monitoring GROUP BY 1",
            "evidence": "SELECT path, size FROM evidence",
        }[pop]
        fmt = {
            "inventory": lambda v: f"{_t(v)} t",
            "monitoring": lambda v: self.tr("%n row(s)", "", int(v)),
            "evidence": lambda v: self.tr("%1 bytes").replace("%1", f"{v:,}"),
        }[pop]
        return {str(k): fmt(v) for k, v in conn.execute(sql) if k is not None and v is not None}

    @staticmethod
    def _note(plan: dict) -> str:
        """The plan's note in the user's language."""
        from desktop.i18n import current_language

        if current_language() == "zh-TW" and plan.get("note_zh"):
            return str(plan["note_zh"])
        return str(plan["note"])

    def _fill_risks(self) -> None:
        self.risks.setRowCount(0)
        if self.session is None:
            return
        pop = self._pop()
        items = _store().known_items(self.session.conn, pop)
        main_pop, significant = _store().significant(self.session.conn)
        key = set(significant) if pop == main_pop else set()
        items = [i for i in items if i in key] + [i for i in items if i not in key]
        sizes = self._sizes(pop)
        risks = _store().list_risks(self.session.conn)
        assessed = {a.item: a for a in risks if a.population == pop}
        ro = self.session.read_only
        self.risks.setRowCount(len(items))
        for r, item in enumerate(items):
            a = assessed.get(item)
            name = _cell(item)
            if item in key:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
                name.setToolTip(self.tr("Significant: needs a risk assessment"))
            self.risks.setItem(r, 0, name)
            self.risks.setItem(r, 1, _cell(sizes.get(item, ""), right=True))
            for c, value in ((2, a.inherent if a else None), (3, a.control if a else None)):
                box = QComboBox()
                box.addItem("—", None)
                for lvl in LEVELS:
                    box.addItem(level_name(lvl), lvl)
                box.setCurrentIndex(0 if value is None else LEVELS.index(value) + 1)
                box.setEnabled(not ro)
                box.currentIndexChanged.connect(lambda _i, row=r: self._update_combined(row))
                self.risks.setCellWidget(r, c, box)
            self.risks.setItem(r, 4, _cell(level_name(a.combined) if a else ""))
            reason = QLineEdit(a.reason if a else "")
            reason.setReadOnly(ro)
            reason.setPlaceholderText(self.tr("why (required)"))
            self.risks.setCellWidget(r, 5, reason)
        done = sum(1 for i in items if i in assessed)
        text = self.tr("%1 of %2 assessed").replace("%1", str(done)).replace("%2", str(len(items)))
        if key:
            left = sum(1 for i in key if i not in assessed)
            text += " · " + (
                self.tr("every significant item (bold) is assessed")
                if not left
                else self.tr("%1 significant item(s) (bold) still to assess").replace(
                    "%1", str(left)
                )
            )
        self.risk_status.setText(text)

    def _update_combined(self, row: int) -> None:
        inh = self.risks.cellWidget(row, 2).currentData()
        ctl = self.risks.cellWidget(row, 3).currentData()
        self.risks.setItem(row, 4, _cell(level_name(combine(inh, ctl)) if inh and ctl else ""))

    def _fill_plans(self, keep: int | None) -> None:
        self.plans.blockSignals(True)
        self.plans.clear()
        plans = _store().list_plans(self.session.conn) if self.session else []
        for p in plans:
            self.plans.addItem(
                self.tr("%1 · %2 · seed %3")
                .replace("%1", str(p.id))
                .replace("%2", population_name(p.population))
                .replace("%3", str(p.seed)),
                p.id,
            )
        if plans:
            ids = [p.id for p in plans]
            self.plans.setCurrentIndex(ids.index(keep) if keep in ids else len(ids) - 1)
        self.plans.blockSignals(False)
        self._plan_chosen()

    def _plan_chosen(self) -> None:
        pid = self.plans.currentData()
        self.plan = None
        if self.session is not None and pid is not None:
            self.plan = _store().get_plan(self.session.conn, pid)
        self._fill_plan()

    def _fill_plan(self) -> None:
        self.items.setRowCount(0)
        p = self.plan
        if p is None or self.session is None:
            self.figures.setText(
                self.tr("No sample drawn yet: choose a population and “Draw sample…”.")
            )
            self.projection.setText("")
            return
        pl = p.plan
        method = (
            self.tr("monetary-unit sampling (systematic, random start)")
            if pl["method"] == "mus"
            else self.tr("random selection")
        )
        total = pl["population_tco2e"]
        self.figures.setText(
            self.tr(
                "%1 items%2 · %3 · materiality %4 t, performance materiality %5 t · "
                "key items %6 · sample size %7 · seed %8"
            )
            .replace("%1", f"{pl['population_size']:,}")
            .replace("%2", "" if total is None else f" ({_t(total)} tCO2e)")
            .replace("%3", method)
            .replace("%4", _t(pl["materiality_tco2e"]))
            .replace("%5", _t(pl["performance_materiality_tco2e"]))
            .replace("%6", str(len(pl["key_items"])))
            .replace("%7", str(pl["sample_size"]))
            .replace("%8", str(pl["seed"]))
            + ("\n" + self._note(pl) if pl.get("note") else "")
        )
        results = {r.row_no: r for r in _store().list_results(self.session.conn, p.id)}
        rows = sorted(
            [(d, True) for d in pl["key_items"]] + [(d, False) for d in pl["sampled"]],
            key=lambda t: t[0]["row_no"],
        )
        ro = self.session.read_only
        self.items.setRowCount(len(rows))
        for r, (d, key) in enumerate(rows):
            res = results.get(d["row_no"])
            self.items.setItem(r, 0, _cell(str(d["row_no"]), right=True))
            self.items.setItem(r, 1, _cell(d["label"]))
            self.items.setItem(r, 2, _cell(_t(d["amount"]), right=True))
            self.items.setItem(r, 3, _cell(self.tr("key") if key else ""))
            outcome = QComboBox()
            outcome.addItem(self.tr("not tested"), "")
            outcome.addItem(self.tr("agreed"), "agreed")
            outcome.addItem(self.tr("error"), "error")
            outcome.setCurrentIndex(OUTCOMES.index(res.outcome) if res else 0)
            outcome.setEnabled(not ro)
            self.items.setCellWidget(r, 4, outcome)
            error = QLineEdit(
                "" if res is None or res.error_tco2e is None else f"{res.error_tco2e:g}"
            )
            error.setReadOnly(ro)
            error.setPlaceholderText("0")
            self.items.setCellWidget(r, 5, error)
            note = QLineEdit("" if res is None else (res.note or ""))
            note.setReadOnly(ro)
            self.items.setCellWidget(r, 6, note)
        self._show_projection()

    def _show_projection(self) -> None:
        ev = _store().evaluation(self.session.conn, self.plan)
        pm = ev.performance_materiality_tco2e
        if not ev.complete:
            verdict = self.tr("results missing for %1 item(s)").replace("%1", str(len(ev.missing)))
        elif abs(ev.projected_tco2e) > pm:
            verdict = self.tr("above the performance materiality: record it as a misstatement")
        else:
            verdict = self.tr("within the performance materiality")
        self.projection.setText(
            self.tr(
                "Tested %1 of %2, %3 error(s). Projected misstatement %4 tCO2e (upper "
                "limit %5) against the performance materiality %6 t: %7."
            )
            .replace("%1", str(ev.tested))
            .replace("%2", str(ev.selected))
            .replace("%3", str(ev.errors))
            .replace("%4", _t(ev.projected_tco2e))
            .replace("%5", _t(ev.upper_limit_tco2e))
            .replace("%6", _t(pm))
            .replace("%7", verdict)
        )

    # --- actions --------------------------------------------------------------------

    def _run(self, title: str, fn) -> bool:
        try:
            self.write(Change.PLANNING, fn)
        except VeriDeskError as exc:
            show_error(self, title, exc)
            return False
        return True

    def save_risk_rows(self) -> int:
        """Write the rows whose risk or reason changed; the number written."""
        pop = self._pop()
        risks = _store().list_risks(self.session.conn)
        assessed = {a.item: a for a in risks if a.population == pop}
        changes = []
        for r in range(self.risks.rowCount()):
            item = self.risks.item(r, 0).text()
            inh = self.risks.cellWidget(r, 2).currentData()
            ctl = self.risks.cellWidget(r, 3).currentData()
            reason = self.risks.cellWidget(r, 5).text().strip()
            if not inh or not ctl:
                continue
            a = assessed.get(item)
            if a and (a.inherent, a.control, a.reason) == (inh, ctl, reason):
                continue
            changes.append((item, inh, ctl, reason))
        eng = self.session.engagement
        written = 0
        for item, inh, ctl, reason in changes:
            if not self._run(
                self.tr("Cannot save the risk assessment"),
                lambda i=item, a=inh, b=ctl, w=reason: _store().set_risk(eng, pop, i, a, b, w),
            ):
                break
            written += 1
        self.reload(keep=self.plan.id if self.plan else None)
        return written

    def draw(self, population: str, seed: int | None) -> StoredPlan | None:
        eng = self.session.engagement
        out: list[StoredPlan] = []
        ok = self._run(
            self.tr("Cannot draw the sample"),
            lambda: out.append(_store().draw_sample(eng, population, seed)),
        )
        if not ok:
            return None
        self.reload(keep=out[0].id)
        return out[0]

    def _draw_clicked(self) -> None:
        dialog = DrawDialog(self._pop(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        text = dialog.seed.text().strip()
        try:
            seed = int(text) if text else None
        except ValueError:
            from desktop.errors import MessageError

            show_error(
                self,
                self.tr("Cannot draw the sample"),
                MessageError("planning.bad_seed", value=text),
            )
            return
        self.draw(dialog.population.currentData(), seed)

    def save_result_rows(self) -> int:
        """Write the results entered for the selected items; the number written."""
        if self.plan is None:
            return 0
        done = {r.row_no: r for r in _store().list_results(self.session.conn, self.plan.id)}
        eng, pid = self.session.engagement, self.plan.id
        written = 0
        for r in range(self.items.rowCount()):
            row_no = int(self.items.item(r, 0).text())
            outcome = self.items.cellWidget(r, 4).currentData()
            if not outcome:
                continue
            text = self.items.cellWidget(r, 5).text().strip().replace(",", "")
            note = self.items.cellWidget(r, 6).text().strip() or None
            try:
                error = float(text) if outcome == "error" and text else None
            except ValueError:
                from desktop.errors import MessageError

                show_error(
                    self,
                    self.tr("Cannot save the result"),
                    MessageError("value.not_number", value=text),
                )
                break
            old = done.get(row_no)
            if old and (old.outcome, old.error_tco2e, old.note) == (
                "error" if error else "agreed",
                error,
                note,
            ):
                continue
            if not self._run(
                self.tr("Cannot save the result"),
                lambda n=row_no, e=error, t=note: _store().record_result(eng, pid, n, e, t),
            ):
                break
            written += 1
        self.reload(keep=pid)
        return written


register(PlanningPage, order=45)
