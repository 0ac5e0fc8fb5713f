"""Checklists: the tree of applicable items on the left, the item and its answer on the right.

Keyboard: Up/Down or J/K move between items, 1–4 answer (conforms, nonconformity, not
applicable, open), 0 or Delete clears the answer, Ctrl+Z / Ctrl+Shift+Z (Ctrl+Y) undo and
redo, Ctrl+F searches and Escape clears the search, then goes back to the tree. Every
answer is saved at once through the engine (``desktop.checklist.answer``), with its audit
row; an answer that departs from the computed pre-fill asks for a reason. Undo and redo
write the earlier answer back through the engine: they are audited changes like any other.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import MessageError
from desktop.i18n import current_language
from desktop.ui import labels
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import (
    STATUS_COLOURS,
    heading_font,
    page_icon,
    restyle,
    status_icon,
)

if TYPE_CHECKING:  # the engine's checklist module pulls in pandas: imported when a file opens
    from desktop.checklist import ItemState

RESPONSE_KEYS = ("conforms", "nonconformity", "not-applicable", "open")
_RESPONSE_STATUS = {
    "conforms": "pass",
    "nonconformity": "fail",
    "not-applicable": "n/a",
    "open": "warn",
}


def response_name(response: str | None) -> str:
    return {
        "conforms": QCoreApplication.translate("Page", "Conforms"),
        "nonconformity": QCoreApplication.translate("Page", "Nonconformity"),
        "not-applicable": QCoreApplication.translate("Page", "Not applicable"),
        "open": QCoreApplication.translate("Page", "Open"),
        None: QCoreApplication.translate("Page", "Unanswered"),
    }.get(response, response or "")


def item_icon(state: ItemState) -> QIcon:
    if state.response:
        return status_icon(_RESPONSE_STATUS[state.response])
    return QIcon()


def display_ref(ref: str, lang: str | None = None) -> str:
    """An item's ref as shown: in Chinese, without the English topic some refs carry after
    their clause ("ISO 14064-3 §— execution of the plan" → "ISO 14064-3", "ISO 14064-3
    §5.3 site visit" → "ISO 14064-3 §5.3"). The ref itself, which identifies the item for
    good, does not change (it is the row's tooltip)."""
    if (lang or current_language()) != "zh-TW":
        return ref
    kept = []
    for word in ref.split("—", 1)[0].split():
        if word[:1].islower() or word[:1] == "(":  # an English topic starts here
            break
        kept.append(word)
    shown = " ".join(kept).removesuffix("§").rstrip()
    return shown or ref


#: what the computed checks' figures are called (keys the engine uses → labels)
FIGURE_LABELS = {
    "actual_annual_er_tco2e": QT_TRANSLATE_NOOP("figures", "Actual annual reductions (tCO2e)"),
    "actual_class": QT_TRANSLATE_NOOP("figures", "Actual scale class"),
    "annual_er_tco2e": QT_TRANSLATE_NOOP("figures", "Annual reductions (tCO2e)"),
    "basis": QT_TRANSLATE_NOOP("figures", "Basis"),
    "basis_coverage_pct": QT_TRANSLATE_NOOP("figures", "Coverage of the basis (%)"),
    "checked": QT_TRANSLATE_NOOP("figures", "Checked"),
    "claimed_tco2e": QT_TRANSLATE_NOOP("figures", "Claimed (tCO2e)"),
    "class": QT_TRANSLATE_NOOP("figures", "Scale class"),
    "converted": QT_TRANSLATE_NOOP("figures", "Units converted"),
    "coverage_pct": QT_TRANSLATE_NOOP("figures", "Coverage (%)"),
    "deadline": QT_TRANSLATE_NOOP("figures", "Deadline"),
    "declaration_date": QT_TRANSLATE_NOOP("figures", "Declaration date"),
    "difference_pct": QT_TRANSLATE_NOOP("figures", "Difference (%)"),
    "difference_tco2e": QT_TRANSLATE_NOOP("figures", "Difference (tCO2e)"),
    "disagreeing": QT_TRANSLATE_NOOP("figures", "Disagreeing"),
    "earliest_allowed": QT_TRANSLATE_NOOP("figures", "Earliest vintage allowed"),
    "early": QT_TRANSLATE_NOOP("figures", "Retired early"),
    "eligible_tco2e": QT_TRANSLATE_NOOP("figures", "Eligible (tCO2e)"),
    "excluded_count": QT_TRANSLATE_NOOP("figures", "Excluded sources"),
    "excluded_tco2e": QT_TRANSLATE_NOOP("figures", "Excluded (tCO2e)"),
    "foreign": QT_TRANSLATE_NOOP("figures", "Other beneficiaries"),
    "included_tco2e": QT_TRANSLATE_NOOP("figures", "Included (tCO2e)"),
    "largest_share_pct": QT_TRANSLATE_NOOP("figures", "Largest source's share (%)"),
    "largest_source": QT_TRANSLATE_NOOP("figures", "Largest source"),
    "late": QT_TRANSLATE_NOOP("figures", "Retired late"),
    "material": QT_TRANSLATE_NOOP("figures", "Material"),
    "mismatches": QT_TRANSLATE_NOOP("figures", "Mismatches"),
    "missing_reason": QT_TRANSLATE_NOOP("figures", "Without a reason"),
    "misstatement_pct": QT_TRANSLATE_NOOP("figures", "Misstatement (%)"),
    "misstatement_tco2e": QT_TRANSLATE_NOOP("figures", "Misstatement (tCO2e)"),
    "no_estimate": QT_TRANSLATE_NOOP("figures", "Without an estimate"),
    "not_retired": QT_TRANSLATE_NOOP("figures", "Not retired"),
    "oldest_vintage": QT_TRANSLATE_NOOP("figures", "Oldest vintage"),
    "overlaps": QT_TRANSLATE_NOOP("figures", "Overlaps"),
    "parsed": QT_TRANSLATE_NOOP("figures", "Read"),
    "recomputed_tco2e": QT_TRANSLATE_NOOP("figures", "Recalculated (tCO2e)"),
    "removals_tco2e": QT_TRANSLATE_NOOP("figures", "Removals (tCO2e)"),
    "reported_tco2e": QT_TRANSLATE_NOOP("figures", "Reported (tCO2e)"),
    "required_tco2e": QT_TRANSLATE_NOOP("figures", "Required (tCO2e)"),
    "retired_tco2e": QT_TRANSLATE_NOOP("figures", "Retired (tCO2e)"),
    "scope3_above_1pct": QT_TRANSLATE_NOOP("figures", "Scope 3 categories above 1 %"),
    "shortfall_tco2e": QT_TRANSLATE_NOOP("figures", "Shortfall (tCO2e)"),
    "threshold_pct": QT_TRANSLATE_NOOP("figures", "Threshold (%)"),
    "total_tco2e": QT_TRANSLATE_NOOP("figures", "Total (tCO2e)"),
    "unit": QT_TRANSLATE_NOOP("figures", "Unit"),
    "unit_problems": QT_TRANSLATE_NOOP("figures", "Unit problems"),
    "unparsed": QT_TRANSLATE_NOOP("figures", "Unreadable"),
    "window_years": QT_TRANSLATE_NOOP("figures", "Window (years)"),
    "without_units": QT_TRANSLATE_NOOP("figures", "Without units"),
}


def figure_label(key: str) -> str:
    """A check figure's label in the user's language (an unknown key, tidied up)."""
    text = FIGURE_LABELS.get(key)
    if text:
        return QCoreApplication.translate("figures", text)
    words = key.replace("_tco2e", " (tCO2e)").replace("_pct", " (%)").replace("_", " ")
    return words[:1].upper() + words[1:]


#: the state filter: (key, label)
STATE_FILTERS = (
    ("all", QT_TRANSLATE_NOOP("ChecklistsPage", "All items")),
    ("unanswered", QT_TRANSLATE_NOOP("ChecklistsPage", "Unanswered")),
    ("open", QT_TRANSLATE_NOOP("ChecklistsPage", "Open")),
    ("nonconformity", QT_TRANSLATE_NOOP("ChecklistsPage", "Nonconformities")),
    ("unsupported", QT_TRANSLATE_NOOP("ChecklistsPage", "Conforms without support")),
)


def unsupported(state: ItemState) -> bool:
    """A 'conforms' answer with no evidence, note or computed check behind it."""
    return state.response == "conforms" and not state.supported


def matches_state(state: ItemState, which: str) -> bool:
    if which == "unanswered":
        return not state.answered  # never answered, or set back to open
    if which == "open":
        return state.response == "open"
    if which == "nonconformity":
        return state.response == "nonconformity"
    if which == "unsupported":
        return unsupported(state)
    return True


#: what an undoable answer change sets: response, note, evidence, override reason
Snapshot = tuple[str, str, list[str], str | None]


def snapshot(state: ItemState) -> Snapshot:
    return (state.response or "open", state.note or "", list(state.evidence), state.override_reason)


class AnswerCommand(QUndoCommand):
    """One change to an item's answer; undo and redo write it again through the engine."""

    def __init__(
        self,
        page: ChecklistsPage,
        key: tuple[str, str],
        before: Snapshot,
        after: Snapshot,
        text: str,
    ):
        super().__init__(text)
        self.page, self.key, self.before, self.after = page, key, before, after
        self._done = True  # pushed after the change was written: the first redo is a no-op

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.page._apply(self.key, self.after)

    def undo(self) -> None:
        self.page._apply(self.key, self.before)


class RaiseFindingDialog(QDialog):
    """Type, title and description of a new finding linked to the current item."""

    def __init__(self, ref: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Raise finding"))
        form = QFormLayout(self)
        self.type_box = QComboBox()
        for code, text in (
            ("CL", self.tr("CL — clarification request")),
            ("CAR", self.tr("CAR — corrective action request")),
            ("FAR", self.tr("FAR — forward action request")),
        ):
            self.type_box.addItem(text, code)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("findingTitle")
        self.description = QPlainTextEdit()
        self.description.setObjectName("findingDescription")
        form.addRow(self.tr("Item"), QLabel(ref))
        form.addRow(self.tr("Type"), self.type_box)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Description"), self.description)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 320)

    def _accept(self) -> None:
        if self.title_edit.text().strip():
            self.accept()
        else:
            self.title_edit.setFocus()

    def values(self) -> tuple[str, str, str]:
        return (
            self.type_box.currentData(),
            self.title_edit.text().strip(),
            self.description.toPlainText().strip(),
        )


class ItemView(QWidget):
    """The right-hand side: one item, its guidance, pre-fill, answer, note and evidence."""

    answered = Signal(str)  # response
    cleared = Signal()
    note_edited = Signal()
    evidence_toggled = Signal()
    raise_finding = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(16, 8, 16, 12)
        lay.setSpacing(8)
        self.ref_label = QLabel()
        self.ref_label.setObjectName("itemRef")
        self.ref_label.setStyleSheet("color: #1f6f8b; font-weight: 600;")
        self.question = QLabel()
        self.question.setObjectName("itemQuestion")
        self.question.setWordWrap(True)
        self.question.setFont(heading_font(self.font(), 3))
        self.question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question_other = QLabel()
        self.question_other.setWordWrap(True)
        self.question_other.setStyleSheet("color: #6b7280;")
        self.guidance = QLabel()
        self.guidance.setObjectName("itemGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evidence_hint = QLabel()
        self.evidence_hint.setWordWrap(True)
        self.prefill = QLabel()
        self.prefill.setObjectName("itemPrefill")
        self.prefill.setWordWrap(True)
        self.prefill.setTextFormat(Qt.TextFormat.RichText)
        self.prefill.setStyleSheet("padding: 8px; border-radius: 6px;")
        for w in (self.ref_label, self.question, self.question_other):
            lay.addWidget(w)
        lay.addWidget(self._section(self.tr("Guidance")))
        lay.addWidget(self.guidance)
        lay.addWidget(self._section(self.tr("Typical evidence")))
        lay.addWidget(self.evidence_hint)
        lay.addWidget(self.prefill)

        lay.addWidget(self._section(self.tr("Answer")))
        row = QHBoxLayout()
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        for i, key in enumerate(RESPONSE_KEYS, start=1):
            b = QPushButton(f"{i}  {response_name(key)}")
            b.setObjectName(f"answer-{key}")
            b.setCheckable(True)
            b.setIcon(status_icon(_RESPONSE_STATUS[key]))
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, k=key: self.answered.emit(k))
            self.buttons.addButton(b, i)
            row.addWidget(b)
        self.clear_button = QPushButton(self.tr("0  Clear answer"))
        self.clear_button.setObjectName("clearAnswer")
        self.clear_button.setToolTip(self.tr("Set the item back to unanswered (0 or Delete)"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.cleared.emit)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.answer_info = QLabel()
        self.answer_info.setObjectName("answerInfo")
        self.answer_info.setStyleSheet("color: #6b7280;")
        self.answer_info.setWordWrap(True)
        lay.addWidget(self.answer_info)
        lay.addWidget(self._section(self.tr("Note")))
        self.note = QPlainTextEdit()
        self.note.setObjectName("itemNote")
        self.note.setPlaceholderText(self.tr("What you saw, sampled or were told"))
        self.note.setFixedHeight(80)
        self.note.setTabChangesFocus(True)  # Tab leaves the note; it types no tab
        lay.addWidget(self.note)
        lay.addWidget(self._section(self.tr("Linked evidence")))
        self.evidence = QListWidget()
        self.evidence.setObjectName("itemEvidence")
        self.evidence.setMaximumHeight(120)
        self.evidence.itemChanged.connect(lambda _i: self.evidence_toggled.emit())
        lay.addWidget(self.evidence)
        actions = QHBoxLayout()
        self.raise_button = QPushButton(self.tr("Raise finding…"))
        self.raise_button.setObjectName("raiseFinding")
        self.raise_button.clicked.connect(self.raise_finding.emit)
        actions.addWidget(self.raise_button)
        actions.addStretch(1)
        lay.addLayout(actions)
        lay.addStretch(1)

    def _section(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("font-weight: 600; color: #374151; margin-top: 6px;")
        return label

    def show_item(self, state: ItemState | None, evidence_paths: list[str], read_only: bool):
        from desktop.checklist import stage_label

        zh = current_language() == "zh-TW"
        if state is None:
            self.setEnabled(False)
            return
        self.setEnabled(True)
        it = state.item
        lang = current_language()
        self.ref_label.setText(
            f"{state.checklist.standard} · {display_ref(it.ref, lang)} · "
            f"{stage_label(it.stage, lang)}"
        )
        self.ref_label.setToolTip(it.ref)
        self.question.setText(it.text_zh if zh else it.text)
        self.question_other.setText(it.text if zh else it.text_zh)
        self.guidance.setText(it.guidance_zh if zh else it.guidance)
        hints = it.typical_evidence_zh if zh else it.typical_evidence
        self.evidence_hint.setText("• " + "\n• ".join(hints) if hints else "—")
        if state.check is not None:
            r = state.check
            colour = STATUS_COLOURS.get(r.status, QColor("#888")).name()
            figures = "".join(
                f"<tr><td style='color:#6b7280;padding-right:12px'>{html.escape(figure_label(k))}"
                f"</td><td>{html.escape(_fmt(v))}</td></tr>"
                for k, v in r.figures.items()
                if not isinstance(v, dict | list)
            )
            suggestion = (
                self.tr("Pre-filled: %1").replace("%1", response_name(state.suggested))
                if state.suggested
                else self.tr("Needs your judgement")
            )
            self.prefill.setText(
                f"<b style='color:{colour}'>{labels.check_name(r.code)} — "
                f"{labels.status_name(r.status)}</b><br>{r.message_in(current_language())}"
                f"<br><i>{suggestion}</i><table>{figures}</table>"
            )
            restyle(
                self.prefill,
                f"padding: 8px; border-radius: 6px; "
                f"border: 1px solid {colour}; background: #fafafa;",
            )
            self.prefill.show()
        else:
            self.prefill.hide()
        button = (
            self.buttons.button(RESPONSE_KEYS.index(state.response) + 1) if state.response else None
        )
        self.buttons.setExclusive(False)
        for b in self.buttons.buttons():
            b.setChecked(b is button)
            b.setEnabled(not read_only)
        self.buttons.setExclusive(True)
        self.clear_button.setEnabled(not read_only and state.response is not None)
        info = []
        if state.author:
            info.append(
                self.tr("Answered by %1 at %2")
                .replace("%1", state.author)
                .replace("%2", (state.updated_at or "")[:16].replace("T", " "))
            )
        if state.override_reason:
            info.append(
                self.tr("Reason for departing from the computed result: %1").replace(
                    "%1", state.override_reason
                )
            )
        self.answer_info.setText("\n".join(info))
        self.note.blockSignals(True)
        self.note.setPlainText(state.note or "")
        self.note.setReadOnly(read_only)
        self.note.blockSignals(False)
        self.evidence.blockSignals(True)
        self.evidence.clear()
        for path in evidence_paths:
            item = QListWidgetItem(path)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if path in state.evidence else Qt.CheckState.Unchecked
            )
            if read_only:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.evidence.addItem(item)
        self.evidence.blockSignals(False)
        self.raise_button.setEnabled(not read_only)

    def checked_evidence(self) -> list[str]:
        return [
            self.evidence.item(i).text()
            for i in range(self.evidence.count())
            if self.evidence.item(i).checkState() == Qt.CheckState.Checked
        ]


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return str(v)


class ChecklistsPage(Page):
    key = "checklists"
    # answers, their evidence, the checks' pre-fills, and the state (read-only once signed)
    follows = frozenset(
        {Change.ANSWERS, Change.EVIDENCE, Change.SIGNATURES, Change.CHECKS, Change.ALL}
    )

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Checklists")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("checklists")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: Session | None = None
        self.states: list[ItemState] = []
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._evidence: list[str] = []
        self._replaying = False  # undo/redo writing: not a new command
        self.undo_stack = QUndoStack(self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("checklistSearch")
        self.search.setPlaceholderText(self.tr("Search items (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("checklistStateFilter")
        for key, text in STATE_FILTERS:
            self.state_filter.addItem(QCoreApplication.translate("ChecklistsPage", text), key)
        self.state_filter.setToolTip(self.tr("Show only the items in this state"))
        self.state_filter.currentIndexChanged.connect(lambda _i: self._filter())
        self.progress = QLabel()
        self.progress.setObjectName("checklistProgress")
        top.addWidget(self.search, 2)
        top.addWidget(self.state_filter)
        top.addWidget(self.progress, 1)
        lay.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setObjectName("checklistTree")
        self.tree.setHeaderHidden(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)  # no per-row size hints when painting or scrolling
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.installEventFilter(self)
        self.view = ItemView()
        self.view.answered.connect(self.answer_current)
        self.view.cleared.connect(self.clear_current)
        self.view.note.installEventFilter(self)
        self.search.installEventFilter(self)  # Escape: clear, then back to the tree
        self.view.evidence_toggled.connect(self._save_evidence)
        self.view.raise_finding.connect(self._raise_finding)
        split.addWidget(self.tree)
        split.addWidget(self.view)
        split.setSizes([420, 760])
        lay.addWidget(split, 1)
        self.setTabOrder(self.tree, self.search)
        for i, key in enumerate(RESPONSE_KEYS, start=1):
            sc = QShortcut(QKeySequence(str(i)), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda k=key: self._key_answer(k))
        for key, step in (("J", 1), ("K", -1)):
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda s=step: self._key_move(s))

    # --- loading --------------------------------------------------------------------

    def set_engagement(self, session: Session | None) -> None:
        from desktop import checklist
        from desktop.checklist import stage_label

        self.follow(session)
        keep = (
            self.current_state().key if self.current_state() and session is self.session else None
        )
        if session is not self.session or session is None or session.read_only:
            self.undo_stack.clear()  # another file, or nothing may change any more
        self.session = session
        self.tree.clear()
        self._items.clear()
        if session is None:
            self.states = []
            self.view.show_item(None, [], True)
            return
        self.states = checklist.item_states(session.conn, session.results)
        self._evidence = [
            p for (p,) in session.conn.execute("SELECT path FROM evidence ORDER BY path")
        ]
        zh = current_language() == "zh-TW"
        lang = current_language()
        groups: dict[str, QTreeWidgetItem] = {}
        stages: dict[tuple[str, str], QTreeWidgetItem] = {}
        first = None
        for s in self.states:
            cl = s.checklist
            top = groups.get(cl.id)
            if top is None:
                top = QTreeWidgetItem(self.tree, [cl.title_zh if zh else cl.title])
                top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                top.setFont(0, heading_font(self.font(), 0.5))
                groups[cl.id] = top
            key = (cl.id, s.item.stage)
            stage = stages.get(key)
            if stage is None:
                stage = QTreeWidgetItem(top, [stage_label(s.item.stage, lang)])
                stage.setData(0, Qt.ItemDataRole.UserRole + 1, s.item.stage)
                stage.setFlags(stage.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                stage.setForeground(0, QColor("#6b7280"))
                stages[key] = stage
            node = QTreeWidgetItem(stage)
            node.setData(0, Qt.ItemDataRole.UserRole, s.key)
            self._items[s.key] = node
            self._paint(node, s)
            if first is None and not s.answered:
                first = node
        self.tree.expandAll()
        self._update_progress()
        self._filter()
        again = self._items.get(keep) if keep else None
        self.tree.setCurrentItem(again or first or next(iter(self._items.values()), None))

    def refresh(self, kinds: set[str]) -> None:
        """Take the items' states again in place: the tree, the place in it and whatever is
        being typed in the note stay (the whole tree is built again only when the
        applicable items themselves changed)."""
        from desktop import checklist

        s = self.session
        if s is None or Change.ALL in kinds:
            self.set_engagement(s)
            return
        states = checklist.item_states(s.conn, s.results)
        if [x.key for x in states] != [x.key for x in self.states]:
            self.set_engagement(s)
            return
        self.states = states
        if s.read_only:
            self.undo_stack.clear()
        for state in states:
            self._paint(self._items[state.key], state)
        self._update_progress()
        self._filter()
        note = self.view.note
        typing = note.hasFocus()
        typed, cursor = note.toPlainText(), note.textCursor().position()
        self.view.show_item(self.current_state(), self._evidence, self._read_only())
        if typing and typed != note.toPlainText():  # not saved yet: keep it
            note.blockSignals(True)
            note.setPlainText(typed)
            c = note.textCursor()
            c.setPosition(min(cursor, len(typed)))
            note.setTextCursor(c)
            note.blockSignals(False)

    def _paint(self, node: QTreeWidgetItem, s: ItemState) -> None:
        zh = current_language() == "zh-TW"
        text = s.item.text_zh if zh else s.item.text
        short = text if len(text) <= 70 else text[:68] + "…"
        row = f"{display_ref(s.item.ref)}  {short}"
        tip = f"{s.item.ref}\n{text}"
        if unsupported(s):
            row += "  ⚠ " + self.tr("no support")
            tip += "\n" + self.tr("Conforms, but no evidence, note or computed check supports it")
        node.setText(0, row)
        node.setToolTip(0, tip)
        node.setIcon(0, item_icon(s))
        font = node.font(0)
        font.setItalic(s.prefilled)
        node.setFont(0, font)
        node.setForeground(0, QColor("#111827") if s.response else QColor("#4b5563"))

    def _update_progress(self) -> None:
        done = sum(s.answered for s in self.states)
        pre = sum(s.prefilled for s in self.states)
        text = (
            self.tr("%1 of %2 answered")
            .replace("%1", str(done))
            .replace("%2", str(len(self.states)))
        )
        if pre:
            text += " · " + self.tr("%1 pre-filled").replace("%1", str(pre))
        self.progress.setText(text)

    # --- navigation -----------------------------------------------------------------

    def current_state(self) -> ItemState | None:
        from desktop import checklist

        node = self.tree.currentItem()
        key = node.data(0, Qt.ItemDataRole.UserRole) if node else None
        if not key:
            return None
        return checklist.find_item(self.states, *key)

    def _current_changed(self, current, previous) -> None:
        if previous is not None:
            self._save_note(previous)
        state = self.current_state()
        self.view.show_item(state, self._evidence, self._read_only())

    def _read_only(self) -> bool:
        return self.session is None or self.session.read_only

    def _key_move(self, step: int) -> None:
        """The next (or previous) shown item; the current one may itself be hidden."""
        nodes = list(self._items.values())
        shown = [n for n in nodes if not n.isHidden()]
        if not shown:
            return
        current = self.tree.currentItem()
        if current not in nodes:
            self.tree.setCurrentItem(shown[0])
            return
        i = nodes.index(current) + step
        while 0 <= i < len(nodes):
            if not nodes[i].isHidden():
                self.tree.setCurrentItem(nodes[i])
                return
            i += step
        if current.isHidden():  # nothing further: the nearest shown item the other way
            self._key_move(-step)

    def _key_answer(self, key: str) -> None:
        if self.view.note.hasFocus() or self.search.hasFocus():
            return
        self.answer_current(key)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # switching to the page puts the keyboard in the tree (1–4 answer), not the search
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _undo_key(event) -> str | None:
        """Ctrl+Z: "undo"; Ctrl+Shift+Z or Ctrl+Y: "redo"; anything else: None."""
        # , "redo" for Ctrl+Shift+Z or Ctrl+Y, else None."""
        ctrl = Qt.KeyboardModifier.ControlModifier
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if key == Qt.Key.Key_Z and mods == ctrl:
            return "undo"
        if (key == Qt.Key.Key_Z and mods == ctrl | Qt.KeyboardModifier.ShiftModifier) or (
            key == Qt.Key.Key_Y and mods == ctrl
        ):
            return "redo"
        return None

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if obj is self.view.note and kind == QEvent.Type.FocusOut:
            self._save_note(self.tree.currentItem())
        elif obj is self.search and kind == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                if self.search.text():
                    self.search.clear()
                else:
                    self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        elif obj is self.search and kind == QEvent.Type.ShortcutOverride:
            if event.key() == Qt.Key.Key_Escape:
                event.accept()  # Escape is the search box's, not the window's
                return True
        elif obj is self.tree and kind == QEvent.Type.ShortcutOverride:
            if self._undo_key(event):
                event.accept()  # the tree undoes answers itself (below)
                return True
        elif obj is self.tree and kind == QEvent.Type.KeyPress:
            # The tree takes printable keys for type-ahead search: answer and move here.
            key = event.key()
            which = self._undo_key(event)
            if which:
                self.undo() if which == "undo" else self.redo()
                return True
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and not event.modifiers():
                self.answer_current(RESPONSE_KEYS[key - Qt.Key.Key_1])
                return True
            if key in (Qt.Key.Key_0, Qt.Key.Key_Delete) and not event.modifiers():
                self.clear_current()
                return True
            if key in (Qt.Key.Key_J, Qt.Key.Key_K) and not event.modifiers():
                self._key_move(1 if key == Qt.Key.Key_J else -1)
                return True
        return super().eventFilter(obj, event)

    def focus_filter(self) -> bool:
        self.search.setFocus()
        self.search.selectAll()
        return True

    def set_state_filter(self, which: str) -> bool:
        """Show only the items in state ``which`` (a key of ``STATE_FILTERS``: "all",
        "unanswered", "open", "nonconformity", "unsupported"); the search is cleared and
        the first item shown becomes current. False for an unknown state."""
        index = self.state_filter.findData(which)
        if index < 0:
            return False
        self.search.clear()
        self.state_filter.setCurrentIndex(index)
        self._filter()
        current = self.tree.currentItem()
        if current is None or current.isHidden():
            shown = next((n for n in self._items.values() if not n.isHidden()), None)
            if shown is not None:
                self.tree.setCurrentItem(shown)
        return True

    def show_checklist_item(self, checklist_id: str, ref: str) -> bool:
        """Make the item ``ref`` of ``checklist_id`` current (a filter hiding it is
        cleared) and put the keyboard on it; False when there is no such item."""
        from desktop import checklist

        try:
            key = checklist.find_item(self.states, checklist_id, ref).key
        except MessageError:
            return False
        node = self._items.get(key)
        if node is None:
            return False
        if node.isHidden():
            self.search.clear()
            self.state_filter.setCurrentIndex(0)
            self._filter()
        self.tree.setCurrentItem(node)
        self.tree.scrollToItem(node)
        self.tree.setFocus()
        return True

    def show_target(self, target: dict) -> None:
        """Where another page sends the user: ``{"filter": which}`` or
        ``{"item": (checklist_id, ref)}``."""
        if "filter" in target:
            self.set_state_filter(target["filter"])
        if "item" in target:
            self.show_checklist_item(*target["item"])

    def _filter(self, _text: str | None = None) -> None:
        from desktop import checklist

        needle = self.search.text().strip().casefold()
        which = self.state_filter.currentData() or "all"
        for key, node in self._items.items():
            s = checklist.find_item(self.states, *key)
            hay = f"{s.item.ref} {s.item.text} {s.item.text_zh}".casefold()
            shown = (not needle or needle in hay) and matches_state(s, which)
            node.setHidden(not shown)
        for i in range(self.tree.topLevelItemCount()):  # groups left empty go too
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                stage = top.child(j)
                stage.setHidden(all(stage.child(k).isHidden() for k in range(stage.childCount())))
            top.setHidden(all(top.child(j).isHidden() for j in range(top.childCount())))

    # --- answering ------------------------------------------------------------------

    def clear_current(self) -> None:
        """Set the current item back to unanswered (``open``); the walk stays on it."""
        state = self.current_state()
        if state is None or self._read_only() or state.response is None:
            return
        self._write(state, "open")

    def undo(self) -> None:
        if not self._read_only():
            self._save_note(self.tree.currentItem())  # a note typed and not saved yet first
            self.undo_stack.undo()

    def redo(self) -> None:
        if not self._read_only():
            self.undo_stack.redo()

    def _apply(self, key: tuple[str, str], snap: Snapshot) -> None:
        """Write an item's answer as it was (undo) or became (redo), and show the item."""
        from desktop import checklist

        if self.session is None or self._read_only():
            return
        state = checklist.find_item(self.states, *key)
        response, note, evidence, reason = snap
        node = self._items.get(state.key)
        self._replaying = True
        try:
            if node is not None and self.tree.currentItem() is not node:
                if node.isHidden():  # bring back what the filter hides
                    self.search.clear()
                    self.state_filter.setCurrentIndex(0)
                self.tree.setCurrentItem(node)
            self._write(state, response, note=note, evidence=evidence, reason=reason)
        finally:
            self._replaying = False

    def answer_current(self, response: str) -> None:
        state = self.current_state()
        if state is None or self._read_only():
            return
        reason = None
        if state.suggested and response not in (state.suggested, "open"):
            reason, ok = QInputDialog.getMultiLineText(
                self,
                self.tr("Reason needed"),
                self.tr("The computed check suggests “%1”. Why do you answer “%2”?")
                .replace("%1", response_name(state.suggested))
                .replace("%2", response_name(response)),
            )
            if not ok or not reason.strip():
                self.view.show_item(state, self._evidence, self._read_only())
                return
        moving = response != "open"
        # when the walk moves on, the next item replaces this one: skip showing it again
        self._write(state, response, reason=reason, show=not moving)
        if moving:
            self._key_move(1)
            if self.current_state() is state:  # the last item: nowhere to move
                self.view.show_item(state, self._evidence, self._read_only())

    def _write(
        self,
        state: ItemState,
        response: str,
        *,
        note: str | None = None,
        evidence: list[str] | None = None,
        reason: str | None = None,
        show: bool = True,
    ) -> bool:
        from desktop import checklist

        assert self.session is not None
        if note is None and self.current_state() is state:
            note = self.view.note.toPlainText()  # whatever is typed is saved with the answer
        session = self.session
        before = snapshot(state)
        try:
            self.write(
                Change.EVIDENCE if evidence is not None else Change.ANSWERS,
                lambda: checklist.answer(
                    session.engagement,
                    state.checklist.id,
                    state.item.ref,
                    response,
                    note=note,
                    evidence=evidence,
                    reason=reason,
                    states=self.states,
                ),
            )
        except MessageError as exc:
            show_error(self, self.tr("Cannot save the answer"), exc)
            return False
        after = snapshot(state)
        if not self._replaying and after != before:
            self.undo_stack.push(
                AnswerCommand(self, state.key, before, after, self._command_text(state, after))
            )
        self._paint(self._items[state.key], state)
        self._update_progress()
        if show and self.current_state() is state:
            self.view.show_item(state, self._evidence, self._read_only())
        return True

    def _command_text(self, state: ItemState, after: Snapshot) -> str:
        ref = display_ref(state.item.ref)
        return self.tr("answer %1: %2").replace("%1", ref).replace("%2", response_name(after[0]))

    def _save_note(self, node: QTreeWidgetItem | None) -> None:
        from desktop import checklist

        key = node.data(0, Qt.ItemDataRole.UserRole) if node else None
        if not key or self._read_only():
            return
        state = checklist.find_item(self.states, *key)
        text = self.view.note.toPlainText().strip()
        if text == (state.note or "") or self.current_state() is not state:
            return
        self._write(state, state.response or "open", note=text, reason=state.override_reason)

    def _save_evidence(self) -> None:
        state = self.current_state()
        if state is None or self._read_only():
            return
        self._write(
            state,
            state.response or "open",
            evidence=self.view.checked_evidence(),
            reason=state.override_reason,
        )

    def _raise_finding(self) -> None:
        state = self.current_state()
        if state is None or self.session is None:
            return
        from desktop.ui.pages.findings import NewFindingDialog  # says so on an empty title

        dialog = NewFindingDialog(state.item.ref, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        ftype, title, description = dialog.values()
        from desktop import findings

        session = self.session
        try:
            f = self.write(
                Change.FINDINGS,
                lambda: findings.raise_finding(
                    session.engagement,
                    ftype,
                    title,
                    description or None,
                    checklist_id=state.checklist.id,
                    ref=state.item.ref,
                ),
            )
        except MessageError as exc:
            show_error(self, self.tr("Cannot raise the finding"), exc)
            return
        self.view.answer_info.setText(self.tr("Raised %1").replace("%1", f.number))


register(ChecklistsPage, order=15)
