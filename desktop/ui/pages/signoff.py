"""Sign-off: the gate, the team, the opinion, the signatures, and the PDF opinion.

The gate, the suggested opinion and the signing rules are the engine's
(``desktop.signoff``, ``desktop.signing``); this page shows them and collects the
verifier's decisions. Signing asks for the PKCS#12 key, its password, the meaning of the
signature and the no-conflict-of-interest declaration; after the reviewer signs, the
page shows the engagement as locked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import VeriDeskError
from desktop.i18n import current_language
from desktop.ui.errors import show_error
from desktop.ui.pages import Page, register
from desktop.ui.session import Session
from desktop.ui.theme import STATE_COLOURS, heading_font, page_icon, restyle, status_icon
from desktop.ui.workers import Job, ProgressDialog, opinion_job

# Kept here so the page builds without importing the engine's sign-off module (it pulls in
# pandas); a test checks they match desktop.signoff.
OPINIONS = ("unmodified", "modified", "adverse", "disclaimer")
ROLES = ("lead", "verifier", "technical-expert", "reviewer", "client-signer")


def opinion_name(kind: str) -> str:
    return {
        "unmodified": QCoreApplication.translate("Page", "Unmodified"),
        "modified": QCoreApplication.translate("Page", "Modified"),
        "adverse": QCoreApplication.translate("Page", "Adverse"),
        "disclaimer": QCoreApplication.translate("Page", "Disclaimer of opinion"),
    }.get(kind, kind)


def role_name(role: str) -> str:
    return {
        "lead": QCoreApplication.translate("Page", "Lead verifier"),
        "verifier": QCoreApplication.translate("Page", "Verifier"),
        "technical-expert": QCoreApplication.translate("Page", "Technical expert"),
        "reviewer": QCoreApplication.translate("Page", "Independent reviewer"),
        "client-signer": QCoreApplication.translate("Page", "Client's signer"),
    }.get(role, role)


def rule_name(rule: str) -> str:
    return {
        "items_answered": QCoreApplication.translate("Page", "Every applicable item answered"),
        "conforms_supported": QCoreApplication.translate(
            "Page", "Every “conforms” supported by evidence or a note"
        ),
        "no_open_findings": QCoreApplication.translate(
            "Page", "No open CL or CAR for an unmodified opinion"
        ),
        "materiality_evaluated": QCoreApplication.translate("Page", "Materiality evaluated"),
        "opinion_chosen": QCoreApplication.translate("Page", "Opinion recorded"),
        "opinion_follows_evidence": QCoreApplication.translate(
            "Page", "Opinion follows the evidence (or the override is justified)"
        ),
        "lead_verifier": QCoreApplication.translate(
            "Page", "Lead verifier assigned, impartiality declared"
        ),
        "reviewer_independent": QCoreApplication.translate("Page", "Independent reviewer"),
    }.get(rule, rule)


class MemberDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add team member"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("memberName")
        self.role = QComboBox()
        self.role.setObjectName("memberRole")
        for r in ROLES:
            self.role.addItem(role_name(r), r)
        self.org = QLineEdit()
        self.declared = QCheckBox(self.tr("Has declared impartiality (no conflict of interest)"))
        self.declared.setObjectName("memberDeclared")
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Organisation"), self.org)
        form.addRow(self.declared)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class SignDialog(QDialog):
    """Key file, password, role, meaning, printed name and the declaration."""

    def __init__(self, roles: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign the engagement"))
        form = QFormLayout(self)
        key_row = QHBoxLayout()
        self.key = QLineEdit()
        self.key.setObjectName("signKey")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        key_row.addWidget(self.key, 1)
        key_row.addWidget(browse)
        self.password = QLineEdit()
        self.password.setObjectName("signPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        self.role.setObjectName("signRole")
        for r in roles:
            self.role.addItem(role_name(r), r)
        self.meaning = QComboBox()
        self.meaning.setObjectName("signMeaning")
        self.meaning.setEditable(True)
        self.meaning.addItems([self.tr("approved opinion"), self.tr("reviewed")])
        self.role.currentIndexChanged.connect(
            lambda i: self.meaning.setCurrentIndex(0 if self.role.currentData() == "lead" else 1)
        )
        self.printed = QLineEdit()
        self.printed.setObjectName("signPrintedName")
        self.printed.setPlaceholderText(self.tr("default: the certificate's name"))
        self.declare = QCheckBox(
            self.tr("I declare that I have no conflict of interest in this engagement")
        )
        self.declare.setObjectName("signDeclare")
        form.addRow(self.tr("Key file (PKCS#12)"), key_row)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Meaning"), self.meaning)
        form.addRow(self.tr("Printed name"), self.printed)
        form.addRow(self.declare)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.declare.toggled.connect(self._update)
        self.key.textChanged.connect(self._update)
        form.addRow(self.buttons)
        self._update()
        self.resize(560, 0)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Key file"), "", self.tr("PKCS#12 (*.p12 *.pfx)")
        )
        if path:
            self.key.setText(path)

    def _update(self) -> None:
        ok = self.declare.isChecked() and bool(self.key.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class SignoffPage(Page):
    key = "signoff"
    records_changed = Signal()
    exported = Signal(str)  # the path of an opinion PDF just written
    signed = Signal(str)  # the role that has just signed

    @classmethod
    def title(cls) -> str:
        return QCoreApplication.translate("pages", "Sign-off")

    @classmethod
    def icon(cls) -> QIcon:
        return page_icon("signoff")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: Session | None = None
        self.results = []
        self.jobs: set[Job] = set()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        grid = QGridLayout(body)
        grid.setContentsMargins(16, 10, 16, 10)
        grid.setSpacing(12)

        self.banner = QLabel()
        self.banner.setObjectName("signoffBanner")
        self.banner.setWordWrap(True)
        self.banner.setFont(heading_font(self.font(), 2))
        grid.addWidget(self.banner, 0, 0, 1, 2)

        gate_box = QGroupBox(self.tr("Sign-off gate"))
        gl = QVBoxLayout(gate_box)
        self.gate = QListWidget()
        self.gate.setObjectName("gateList")
        self.gate.setWordWrap(True)
        self.gate.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        gl.addWidget(self.gate)
        grid.addWidget(gate_box, 1, 0)

        op_box = QGroupBox(self.tr("Opinion"))
        ol = QFormLayout(op_box)
        self.suggested = QLabel()
        self.suggested.setObjectName("suggestedOpinion")
        self.suggested.setWordWrap(True)
        self.kind = QComboBox()
        self.kind.setObjectName("opinionKind")
        for k in OPINIONS:
            self.kind.addItem(opinion_name(k), k)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("opinionReason")
        self.reason.setPlaceholderText(self.tr("Needed when you depart from the suggestion"))
        self.reason.setFixedHeight(60)
        self.pervasive = QCheckBox(self.tr("The material misstatement is pervasive"))
        self.insufficient = QCheckBox(self.tr("The evidence is insufficient"))
        self.record_opinion = QPushButton(self.tr("Record opinion"))
        self.record_opinion.setObjectName("recordOpinion")
        self.record_opinion.clicked.connect(self._choose)
        ol.addRow(self.tr("Suggested"), self.suggested)
        ol.addRow(self.tr("Opinion"), self.kind)
        ol.addRow(self.tr("Reason"), self.reason)
        ol.addRow(self.pervasive)
        ol.addRow(self.insufficient)
        ol.addRow(self.record_opinion)
        grid.addWidget(op_box, 1, 1)

        team_box = QGroupBox(self.tr("Team"))
        tl = QVBoxLayout(team_box)
        self.team = QTableWidget(0, 4)
        self.team.setObjectName("teamTable")
        self.team.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Role"), self.tr("Organisation"), self.tr("Impartiality")]
        )
        self.team.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.team.verticalHeader().setVisible(False)
        self.team.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.team.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        tl.addWidget(self.team)
        trow = QHBoxLayout()
        self.add_member = QPushButton(self.tr("Add member…"))
        self.add_member.setObjectName("addMember")
        self.add_member.clicked.connect(self._add_member)
        self.declare_button = QPushButton(self.tr("Record impartiality declaration"))
        self.declare_button.clicked.connect(self._declare)
        trow.addWidget(self.add_member)
        trow.addWidget(self.declare_button)
        trow.addStretch(1)
        tl.addLayout(trow)
        grid.addWidget(team_box, 2, 0)

        sig_box = QGroupBox(self.tr("Signatures"))
        sl = QVBoxLayout(sig_box)
        self.signatures = QListWidget()
        self.signatures.setObjectName("signatureList")
        self.signatures.setWordWrap(True)
        sl.addWidget(self.signatures)
        srow = QHBoxLayout()
        self.sign_button = QPushButton(self.tr("Sign…"))
        self.sign_button.setObjectName("signButton")
        self.sign_button.clicked.connect(self._sign)
        self.withdraw_button = QPushButton(self.tr("Withdraw lead signature…"))
        self.withdraw_button.clicked.connect(self._withdraw)
        srow.addWidget(self.sign_button)
        srow.addWidget(self.withdraw_button)
        srow.addStretch(1)
        sl.addLayout(srow)
        grid.addWidget(sig_box, 2, 1)

        pdf_box = QGroupBox(self.tr("Opinion document"))
        pl = QVBoxLayout(pdf_box)
        prow = QHBoxLayout()
        self.pdf_lang = QComboBox()
        self.pdf_lang.addItem("English", "en")
        self.pdf_lang.addItem("繁體中文", "zh-TW")
        self.preview_button = QPushButton(self.tr("Preview"))
        self.preview_button.setObjectName("previewPdf")
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.setObjectName("exportPdf")
        self.export_button.clicked.connect(self.export_pdf)
        prow.addWidget(QLabel(self.tr("Language")))
        prow.addWidget(self.pdf_lang)
        prow.addWidget(self.preview_button)
        prow.addWidget(self.export_button)
        prow.addStretch(1)
        pl.addLayout(prow)
        self.pages = QVBoxLayout()
        pl.addLayout(self.pages)
        grid.addWidget(pdf_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    # --- data -----------------------------------------------------------------------

    def set_engagement(self, session: Session | None) -> None:
        self.session = session
        if current_language() == "zh-TW":
            self.pdf_lang.setCurrentIndex(1)
        self.reload()

    def reload(self) -> None:
        from desktop import signoff

        s = self.session
        for w in (self.gate, self.signatures):
            w.clear()
        self.team.setRowCount(0)
        if s is None:
            self.banner.setText("")
            return
        if s.results is None:
            # The window runs the checks off the GUI thread and shows this page again with
            # their results; the gate cannot be judged before then.
            self.banner.setText(self.tr("Running the checks…"))
            restyle(self.banner, "color: #6b7280;")
            self.sign_button.setEnabled(False)
            return
        self.results = s.results
        st = signoff.status(s.conn, self.results)
        zh = current_language() == "zh-TW"
        for g in st.gate:
            item = QListWidgetItem(
                status_icon("pass" if g.ok else "fail"),
                f"{rule_name(g.rule)}\n{g.detail_zh if zh else g.detail}",
            )
            item.setData(Qt.ItemDataRole.UserRole, g.rule)
            self.gate.addItem(item)
        state = s.state
        if state == "signed":
            text = self.tr("Signed and locked: the engagement can no longer be changed.")
        elif state == "review":
            text = self.tr("Signed by the lead verifier; waiting for the independent reviewer.")
        elif st.ready_to_sign:
            text = self.tr("Ready to sign.")
        else:
            failing = sum(not g.ok for g in st.gate)
            text = self.tr("Not ready to sign: %1 of the gate's rules are not met.").replace(
                "%1", str(failing)
            )
        colour = (
            STATE_COLOURS.get(state, "#1f6f8b")
            if state != "draft"
            else ("#2e7d32" if st.ready_to_sign else "#c62828")
        )
        self.banner.setText(text)
        restyle(self.banner, f"color: {colour};")
        op = st.opinion
        reasons = op.suggested.reasons_zh if zh else op.suggested.reasons
        self.suggested.setText(
            f"<b>{opinion_name(op.suggested.kind)}</b><br>" + "<br>".join(reasons)
        )
        self.kind.setCurrentIndex(OPINIONS.index(op.kind))
        self.reason.setPlainText(op.override_reason or "")
        self.pervasive.setChecked(op.pervasive)
        self.insufficient.setChecked(not op.evidence_sufficient)
        members = signoff.team(s.conn)
        self.team.setRowCount(len(members))
        for r, m in enumerate(members):
            for c, text in enumerate(
                [
                    m.name,
                    role_name(m.role),
                    m.organisation or "",
                    (m.impartiality_declared_at or "")[:16].replace("T", " ")
                    or self.tr("not declared"),
                ]
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (m.name, m.role))
                self.team.setItem(r, c, item)
        from desktop.signing import required_roles, signatures

        signed = signatures(s.conn)
        for sig in signed:
            self.signatures.addItem(
                QListWidgetItem(
                    status_icon("pass"),
                    f"{sig.printed_name} — {role_name(sig.role)} — “{sig.meaning}”\n"
                    f"{sig.signed_at[:19].replace('T', ' ')} UTC · {sig.fingerprint[:16]}…",
                )
            )
        editable = not s.read_only and state == "draft"
        for w in (
            self.kind,
            self.reason,
            self.pervasive,
            self.insufficient,
            self.record_opinion,
            self.add_member,
            self.declare_button,
        ):
            w.setEnabled(editable)
        done = {sig.role for sig in signed}
        self._remaining = [r for r in required_roles(s.conn) if r not in done]
        can_sign = state == "review" or (state == "draft" and st.ready_to_sign)
        self.sign_button.setEnabled(not s.read_only and bool(self._remaining) and can_sign)
        self.sign_button.setToolTip("" if can_sign else self.tr("The gate must be met first"))
        self.withdraw_button.setEnabled(not s.read_only and state == "review")

    # --- actions --------------------------------------------------------------------

    def _after_change(self) -> None:
        # The gate is read again at once (it is mostly records); the window then reruns
        # the checks off the GUI thread and shows the page again with fresh results.
        self.reload()
        self.records_changed.emit()

    def _run(self, title: str, fn) -> bool:
        try:
            fn()
        except (VeriDeskError, ValueError) as exc:
            show_error(self, title, exc)
            return False
        self._after_change()
        return True

    def _choose(self) -> None:
        from desktop import signoff

        s = self.session
        if s is None:
            return
        self._run(
            self.tr("Cannot record the opinion"),
            lambda: signoff.choose_opinion(
                s.engagement,
                self.kind.currentData(),
                reason=self.reason.toPlainText(),
                pervasive=self.pervasive.isChecked(),
                evidence_sufficient=not self.insufficient.isChecked(),
                results=self.results,
            ),
        )

    def _add_member(self) -> None:
        from desktop import signoff

        s = self.session
        if s is None:
            return
        dialog = MemberDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name.text().strip():
            return
        self._run(
            self.tr("Cannot add the member"),
            lambda: signoff.add_member(
                s.engagement,
                dialog.name.text(),
                dialog.role.currentData(),
                organisation=dialog.org.text().strip() or None,
                declare_impartial=dialog.declared.isChecked(),
            ),
        )

    def _declare(self) -> None:
        from desktop import signoff

        s = self.session
        rows = self.team.selectionModel().selectedRows()
        if s is None or not rows:
            return
        name, role = self.team.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self._run(
            self.tr("Cannot record the declaration"),
            lambda: signoff.declare_impartiality(s.engagement, name, role),
        )

    def _sign(self) -> None:
        s = self.session
        if s is None:
            return
        dialog = SignDialog(self._remaining, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.sign_with(
            Path(dialog.key.text().strip()),
            dialog.password.text(),
            dialog.role.currentData(),
            dialog.meaning.currentText(),
            dialog.printed.text().strip() or None,
            dialog.declare.isChecked(),
        )

    def sign_with(
        self,
        key: Path,
        password: str,
        role: str,
        meaning: str,
        printed_name: str | None,
        declared: bool,
    ) -> Job | None:
        """Sign in a worker (the dialog's work, callable from tests); ``signed`` follows."""
        s = self.session
        if s is None:
            return None
        results = s.results  # current: the window reruns them after every change

        def work(progress, cancelled) -> str:
            from desktop.engagement import run_engagement_checks
            from desktop.report.identity import load_identity
            from desktop.signing import sign

            identity = load_identity(key, password)
            # Signing seals every record: on a large file that takes seconds. The worker
            # writes on its own connection under the session's write lock; the progress
            # dialog keeps the window from changing anything meanwhile.
            with s.engagement.sibling() as eng:
                progress("seal", 0.2)
                sign(
                    eng,
                    identity,
                    role,
                    meaning,
                    declare_impartial=declared,
                    results=results if results is not None else run_engagement_checks(eng.conn),
                    printed_name=printed_name,
                )
            progress("done", 1.0)
            return role

        # a signature is one transaction: once started it is made, or fails whole
        job = self._start(Job(work), self.tr("Signing…"), self.tr("Cannot sign"), False)
        job.failed.connect(lambda _exc: self.reload())
        job.succeeded.connect(lambda _role: self._after_change())
        job.succeeded.connect(self.signed.emit)
        return job

    def _start(self, job: Job, label: str, error_title: str, cancellable: bool = True) -> Job:
        """Run ``job`` with a progress dialog; its errors are shown under ``error_title``."""
        ProgressDialog(job, label, self, cancellable=cancellable)
        self.jobs.add(job)
        job.ended.connect(lambda: self.jobs.discard(job))
        job.failed.connect(lambda exc: show_error(self, error_title, exc))
        job.start()
        return job

    def _withdraw(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from desktop.identity import current_actor
        from desktop.signing import withdraw_lead

        s = self.session
        if s is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Withdraw lead signature"), self.tr("Why? (recorded in the audit trail)")
        )
        if ok and reason.strip():
            self._run(
                self.tr("Cannot withdraw"),
                lambda: withdraw_lead(s.engagement, reason.strip(), current_actor()),
            )

    # --- the PDF --------------------------------------------------------------------

    def _opinion(self, out: Path | None, with_pages: bool, label: str) -> Job | None:
        """Start rendering the opinion in a worker, with a cancellable progress dialog."""
        s = self.session
        if s is None:
            return None
        job = opinion_job(
            s.path,
            s.results,  # None while the window's checks run: the job runs them itself
            self.pdf_lang.currentData(),
            out=out,
            pages=pdf_pages if with_pages else None,
        )
        return self._start(job, label, self.tr("Cannot render the opinion"))

    def preview(self) -> Job | None:
        """Render the opinion in a worker and show its pages here when it is done."""
        job = self._opinion(None, True, self.tr("Rendering the opinion…"))
        if job is not None:
            job.succeeded.connect(lambda result: self._show_pages(result[1]))
        return job

    def _show_pages(self, images: list[QImage]) -> None:
        while self.pages.count():
            w = self.pages.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        if not images:
            self.pages.addWidget(QLabel(self.tr("Preview needs pypdfium2; use Export PDF.")))
            return
        for img in images:
            label = QLabel()
            label.setObjectName("pdfPage")
            pixmap = QPixmap.fromImage(img)
            label.setPixmap(pixmap)
            # a page keeps its size: the page's scroll area scrolls, the page never shrinks
            label.setFixedSize(pixmap.size())
            label.setStyleSheet("border: 1px solid #d1d5db; background: white;")
            self.pages.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)

    def preview_pages(self) -> int:
        return sum(
            1
            for i in range(self.pages.count())
            if (w := self.pages.itemAt(i).widget()) is not None and w.objectName() == "pdfPage"
        )

    def export_pdf(self, path: str | None = None) -> Job | None:
        """Ask where (unless given) and write the opinion PDF from a worker."""
        if self.session is None:
            return None
        if path is None:
            default = str(self.session.path.with_suffix(".pdf"))
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export opinion"), default, self.tr("PDF (*.pdf)")
            )
            if not path:
                return None
        out = Path(path)
        job = self._opinion(out, False, self.tr("Exporting the opinion…"))
        if job is not None:
            job.succeeded.connect(lambda _r: self.exported.emit(str(out)))
        return job


def pdf_pages(pdf: bytes, width: int = 760) -> list[QImage]:
    """Render PDF pages to images with pypdfium2 (empty list when it is not installed)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "preview.pdf"
        path.write_bytes(pdf)
        doc = pdfium.PdfDocument(str(path))
        out = []
        try:
            for i in range(len(doc)):
                page = doc[i]
                scale = width / page.get_width()
                pil = page.render(scale=scale).to_pil().convert("RGB")
                data = pil.tobytes("raw", "RGB")
                img = QImage(
                    data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888
                ).copy()
                out.append(img)
        finally:
            doc.close()
        return out


register(SignoffPage, order=70)
