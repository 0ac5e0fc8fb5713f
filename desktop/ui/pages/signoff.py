"""Sign-off: the gate, the team, the opinion, the signatures, the PDF opinion and the
verification report.

The gate, the suggested opinion and the signing rules are the engine's
(``desktop.signoff``, ``desktop.signing``); this page shows them and collects the
verifier's decisions. A team member may be bound to the certificate they will sign with.
Signing asks for the PKCS#12 key, its password, the meaning of the signature and the
no-conflict-of-interest declaration; the printed name is the certificate's. After the
reviewer signs, the page shows the engagement as locked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QIcon, QImage, QPixmap
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
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
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
from desktop.ui.errors import error_text, show_error
from desktop.ui.pages import Page, register
from desktop.ui.session import Change, Session
from desktop.ui.theme import STATE_COLOURS, heading_font, page_icon, restyle, status_icon
from desktop.ui.workers import Job, ProgressDialog, opinion_job, report_job

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
        "nonconformities_raised": QCoreApplication.translate(
            "Page", "Every nonconformity raised as a CL or CAR"
        ),
        "differences_evaluated": QCoreApplication.translate(
            "Page", "Every computed difference evaluated"
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


# where each gate rule is fixed: (page key, target) elsewhere, or a box on this page
RULE_TARGETS: dict[str, tuple[str, object]] = {
    "items_answered": ("checklists", {"filter": "unanswered"}),
    "conforms_supported": ("checklists", {"filter": "unsupported"}),
    "nonconformities_raised": ("checklists", {"filter": "nonconformity"}),
    "no_open_findings": ("findings", None),
    "differences_evaluated": ("findings", None),
    "materiality_evaluated": ("findings", None),
    "opinion_chosen": ("signoff", "opinion"),
    "opinion_follows_evidence": ("signoff", "opinion"),
    "lead_verifier": ("signoff", "team"),
    "reviewer_independent": ("signoff", "team"),
}


def cert_holder(subject: str | None) -> str:
    """The holder's common name in an RFC 4514 subject (the subject itself otherwise)."""
    if not subject:
        return ""
    from cryptography import x509

    try:
        names = x509.Name.from_rfc4514_string(subject).get_attributes_for_oid(
            x509.NameOID.COMMON_NAME
        )
    except ValueError:
        return subject
    return str(names[0].value) if names else subject


def cert_validity(cert) -> str:
    """``2025-01-01 to 2028-01-01 (UTC)``."""
    return (
        QCoreApplication.translate("Page", "%1 to %2 (UTC)")
        .replace("%1", f"{cert.not_valid_before_utc:%Y-%m-%d}")
        .replace("%2", f"{cert.not_valid_after_utc:%Y-%m-%d}")
    )


def key_error_text(exc: BaseException) -> str:
    """A key or certificate that cannot be read, in the user's language where we can."""
    from desktop.report.identity import IdentityError

    if isinstance(exc, IdentityError):
        if "wrong password" in str(exc):
            return QCoreApplication.translate(
                "Page", "Wrong password for this key file (or the file is damaged)."
            )
        return QCoreApplication.translate("Page", "This file cannot be used: %1").replace(
            "%1", str(exc)
        )
    return error_text(exc)


def _problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    label.setVisible(False)
    return label


class MemberDialog(QDialog):
    """Name, role, organisation, the declaration and, optionally, the member's certificate.

    ``submit(dialog)`` adds the member; when it refuses (returns False) the dialog stays
    open with what was typed."""

    def __init__(self, parent: QWidget | None = None, submit=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add team member"))
        self._submit = submit
        self.certificate = None  # an x509.Certificate once chosen
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("memberName")
        self.role = QComboBox()
        self.role.setObjectName("memberRole")
        for r in ROLES:
            self.role.addItem(role_name(r), r)
        self.org = QLineEdit()
        self.org.setObjectName("memberOrg")
        self.declared = QCheckBox(self.tr("Has declared impartiality (no conflict of interest)"))
        self.declared.setObjectName("memberDeclared")
        cert_row = QHBoxLayout()
        self.cert_label = QLabel()  # two lines, never wrapped (a wrapped label's height is
        self.cert_label.setObjectName("memberCert")  # guessed wrong in a form)
        self.cert_button = QPushButton(self.tr("Certificate…"))
        self.cert_button.setObjectName("memberCertButton")
        self.cert_button.clicked.connect(self.choose_certificate)
        self.cert_clear = QPushButton(self.tr("Remove"))
        self.cert_clear.setObjectName("memberCertClear")
        self.cert_clear.clicked.connect(lambda: self.set_certificate(None))
        cert_row.addWidget(self.cert_button)
        cert_row.addWidget(self.cert_clear)
        cert_row.addStretch(1)
        cert_note = QLabel(
            self.tr(
                "Optional: binds the member to the certificate they will sign with; the "
                "certificate must be in their name. Without one, the lead verifier's and the "
                "reviewer's certificates are bound when they first sign."
            )
        )
        cert_note.setWordWrap(True)
        cert_note.setStyleSheet("color: #6b7280;")
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Organisation"), self.org)
        form.addRow(self.declared)
        form.addRow(self.tr("Certificate"), cert_row)
        form.addRow("", self.cert_label)
        form.addRow("", cert_note)
        self.problem = _problem_label()
        self.problem.setObjectName("memberProblem")
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("memberButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(self._update)
        self.set_certificate(None)
        self._update()
        self.setMinimumWidth(560)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named = bool(self.name.text().strip())
        ok.setEnabled(named)
        ok.setToolTip("" if named else self.tr("Enter the member's name first."))
        if named:
            self.problem.setVisible(False)

    def choose_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Certificate"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer *.der *.p12 *.pfx);;All files (*)"),
        )
        if path:
            self.load_certificate(Path(path))

    def load_certificate(self, path: Path) -> bool:
        """Read a PEM / DER certificate, or the one in a PKCS#12 (its password asked)."""
        from desktop.report.identity import load_certificate, load_identity

        try:
            if path.suffix.lower() in (".p12", ".pfx"):
                password, ok = QInputDialog.getText(
                    self,
                    self.tr("Certificate"),
                    self.tr("Password of %1:").replace("%1", path.name),
                    QLineEdit.EchoMode.Password,
                )
                if not ok:
                    return False
                cert = load_identity(path, password).cert
            else:
                cert = load_certificate(path)
        except (VeriDeskError, ValueError, OSError) as exc:
            title = self.tr("Cannot read the certificate")
            box = QMessageBox(QMessageBox.Icon.Warning, title, key_error_text(exc), parent=self)
            box.setObjectName("errorDialog")
            box.exec()
            return False
        self.set_certificate(cert)
        return True

    def set_certificate(self, cert) -> None:
        self.certificate = cert
        self.cert_clear.setVisible(cert is not None)
        if cert is None:
            self.cert_label.setText(self.tr("none"))
            self.cert_label.setStyleSheet("color: #6b7280;")
            self.cert_label.setToolTip("")
            return
        from desktop.report.identity import cert_sha256
        from desktop.signing import cert_name

        name = cert_name(cert)
        sha = cert_sha256(cert)
        if not self.name.text().strip():
            self.name.setText(name)
        self.cert_label.setText(
            f"<b>{_html(name)}</b> · SHA-256 {sha[:16]}…<br>"
            + _html(self.tr("valid %1").replace("%1", cert_validity(cert)))
        )
        self.cert_label.setStyleSheet("")
        self.cert_label.setToolTip(f"{cert.subject.rfc4514_string()}\nSHA-256 {sha}")

    def accept(self) -> None:
        if not self.name.text().strip():
            # Enter in a field, or OK, with no name: say so; what was typed stays
            self.problem.setText(self.tr("Enter the member's name: a member needs one."))
            self.problem.setVisible(True)
            self.name.setFocus()
            return
        if self._submit is not None and not self._submit(self):
            return  # refused: the error was shown; what was typed stays
        super().accept()


class EditMemberDialog(QDialog):
    """A member's organisation and impartiality declaration (name and role stay)."""

    def __init__(self, member, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit team member"))
        form = QFormLayout(self)
        who = QLabel(f"<b>{_html(member.name)}</b> · {_html(role_name(member.role))}")
        who.setObjectName("editMemberWho")
        self.org = QLineEdit(member.organisation or "")
        self.org.setObjectName("editMemberOrg")
        self.declared = QCheckBox(self.tr("Has declared impartiality (no conflict of interest)"))
        self.declared.setObjectName("editMemberDeclared")
        self.declared.setChecked(bool(member.impartiality_declared_at))
        form.addRow(self.tr("Member"), who)
        form.addRow(self.tr("Organisation"), self.org)
        form.addRow(self.declared)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)


def _html(text: str) -> str:
    from html import escape

    return escape(text)


class CreateKeyDialog(QDialog):
    """A new self-signed signing key: name, e-mail, organisation, the password twice and
    where to save the PKCS#12 (written readable by its owner only)."""

    def __init__(self, name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Create signing key"))
        self.path: Path | None = None  # the key file, once written
        form = QFormLayout(self)
        self.name = QLineEdit(name)
        self.name.setObjectName("keyName")
        self.email = QLineEdit()
        self.email.setObjectName("keyEmail")
        self.org = QLineEdit()
        self.org.setObjectName("keyOrg")
        self.password = QLineEdit()
        self.password.setObjectName("keyPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setObjectName("keyPassword2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        where_row = QHBoxLayout()
        self.where = QLineEdit()
        self.where.setObjectName("keyWhere")
        self.where_button = QPushButton(self.tr("Choose…"))
        self.where_button.setObjectName("keyWhereButton")
        self.where_button.clicked.connect(self._choose_where)
        where_row.addWidget(self.where, 1)
        where_row.addWidget(self.where_button)
        note = QLabel(
            self.tr(
                "A self-signed key: signatures made with it are intact but not trusted, as "
                "nobody vouches for the name in it. Keep the file and its password safe."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #6b7280;")
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Organisation"), self.org)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.password2)
        form.addRow(self.tr("Save as"), where_row)
        form.addRow("", note)
        self.problem = _problem_label()
        self.problem.setObjectName("keyProblem")
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.setMinimumWidth(520)

    def _choose_where(self) -> None:
        stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in self.name.text().strip())
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the signing key as"),
            self.where.text().strip() or str(Path.home() / f"{stem or 'signing-key'}.p12"),
            self.tr("PKCS#12 (*.p12 *.pfx)"),
        )
        if path:
            self.where.setText(path)

    def _refuse(self, text: str, widget: QWidget) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)
        widget.setFocus()

    def accept(self) -> None:
        """Check what was typed, create the key and write it; a problem keeps the dialog
        open with what was typed."""
        from desktop.partials import write_private
        from desktop.report.identity import make_identity
        from desktop.store.replace import refuse_engagement_target

        name = self.name.text().strip()
        if not name:
            return self._refuse(self.tr("Enter the name the certificate is issued to."),
                                self.name)
        if not self.password.text():
            return self._refuse(self.tr("Enter a password to protect the key."), self.password)
        if self.password.text() != self.password2.text():
            self.password2.selectAll()
            return self._refuse(self.tr("The two passwords differ."), self.password2)
        where = self.where.text().strip()
        if not where:
            return self._refuse(self.tr("Choose where to save the key file."),
                                self.where_button)
        out = Path(where)
        if out.suffix.lower() not in (".p12", ".pfx"):
            out = out.with_name(out.name + ".p12")
        try:
            refuse_engagement_target(out)
            if out.is_dir():
                raise VeriDeskError(self.tr("%1 is a folder.").replace("%1", str(out)))
            data = make_identity(
                name,
                self.email.text().strip() or None,
                self.password.text(),
                organisation=self.org.text().strip() or None,
            )
            write_private(out, data)
        except (VeriDeskError, ValueError, OSError) as exc:
            return self._refuse(key_error_text(exc), self.where)
        self.path = out
        super().accept()


class SignDialog(QDialog):
    """Key file, password, role, meaning and the declaration. The printed name is the
    certificate's: it is shown, with the certificate's validity, once the key file opens.

    ``names`` maps a role to the team member's name (the default name of a new key); the
    key file last used for a role is filled in when that role is chosen."""

    def __init__(
        self,
        roles: list[str],
        parent: QWidget | None = None,
        names: dict[str, str] | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign the engagement"))
        self.identity = None  # the loaded PKCS#12, once key file and password open it
        self.names = dict(names or {})
        self._filled: str | None = None  # the remembered key put in the key field
        form = QFormLayout(self)
        key_row = QHBoxLayout()
        self.key = QLineEdit()
        self.key.setObjectName("signKey")
        self.import_button = QPushButton(self.tr("Import key…"))
        self.import_button.setObjectName("signImportKey")
        self.import_button.setToolTip(self.tr("Use an existing PKCS#12 key file (.p12, .pfx)"))
        self.import_button.clicked.connect(self._browse)
        self.create_button = QPushButton(self.tr("Create signing key…"))
        self.create_button.setObjectName("signCreateKey")
        self.create_button.setToolTip(
            self.tr("Create a self-signed key in your name and save it as a PKCS#12 file")
        )
        self.create_button.clicked.connect(self.create_key)
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.import_button)
        key_row.addWidget(self.create_button)
        self.password = QLineEdit()
        self.password.setObjectName("signPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.printed = QLineEdit()
        self.printed.setObjectName("signPrintedName")
        self.printed.setReadOnly(True)
        self.printed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.printed.setPlaceholderText(self.tr("read from the certificate once the key opens"))
        self.printed.setStyleSheet("QLineEdit { background: #f4f6f8; }")
        self.validity = QLabel("—")
        self.validity.setObjectName("signValidity")
        self.problem = _problem_label()
        self.problem.setObjectName("signProblem")
        self.role = QComboBox()
        self.role.setObjectName("signRole")
        for r in roles:
            self.role.addItem(role_name(r), r)
        self.meaning = QComboBox()
        self.meaning.setObjectName("signMeaning")
        self.meaning.setEditable(True)
        self.meaning.addItems([self.tr("approved opinion"), self.tr("reviewed")])
        self.role.currentIndexChanged.connect(self._role_changed)
        self.declare = QCheckBox(
            self.tr("I declare that I have no conflict of interest in this engagement")
        )
        self.declare.setObjectName("signDeclare")
        form.addRow(self.tr("Key file (PKCS#12)"), key_row)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Printed name"), self.printed)
        form.addRow(self.tr("Certificate valid"), self.validity)
        form.addRow("", self.problem)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Meaning"), self.meaning)
        form.addRow(self.declare)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.declare.toggled.connect(self._update)
        self.key.textChanged.connect(self._update)
        # the certificate is read once typing pauses (a PKCS#12 takes a moment to open)
        self._read_timer = QTimer(self)
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(400)
        self._read_timer.timeout.connect(self._read_in_background)
        self._generation = 0
        self._jobs: set[Job] = set()
        self.key.textChanged.connect(self._key_changed)
        self.password.textChanged.connect(self._key_changed)
        form.addRow(self.buttons)
        self._role_changed()  # the first role's meaning and last key
        self._update()
        self.resize(640, 0)

    def _role_changed(self) -> None:
        """The lead approves the opinion, everyone else has reviewed; the key last used
        for the role is filled in unless another one was chosen meanwhile."""
        from desktop.ui import settings as prefs

        role = self.role.currentData()
        self.meaning.setCurrentIndex(0 if role == "lead" else 1)
        remembered = prefs.signing_key(role) if role else ""
        typed = self.key.text().strip()
        if not typed or typed == self._filled:  # not a key the user chose
            self.key.setText(remembered)
            self._filled = remembered or None

    def create_key(self) -> Path | None:
        """Create a new key in the dialog's own dialog; the key field then names it and the
        password field holds its password."""
        dialog = CreateKeyDialog(self.names.get(self.role.currentData() or "", ""), self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.path is None:
            return None
        self.key.setText(str(dialog.path))
        self.password.setText(dialog.password.text())
        self.declare.setFocus()
        return dialog.path

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Key file"), "", self.tr("PKCS#12 (*.p12 *.pfx)")
        )
        if path:
            self.key.setText(path)
            self.password.setFocus()

    def _update(self) -> None:
        ok = self.declare.isChecked() and bool(self.key.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def _key_changed(self) -> None:
        self._generation += 1  # a read still running answers for what was typed before
        self.identity = None
        self.printed.clear()
        self.printed.setToolTip("")
        self.validity.setText("—")
        self._show_problem("")
        self._read_timer.start()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _source(self, quiet: bool) -> tuple[Path, str] | None:
        """The key file and password to open, or None (and why, unless ``quiet``)."""
        key = self.key.text().strip()
        if not key:
            if not quiet:
                self._show_problem(self.tr("Choose the key file."))
            return None
        if not Path(key).is_file():
            self._show_problem(self.tr("There is no file %1.").replace("%1", key))
            return None
        if not self.password.text():
            if not quiet:
                self._show_problem(self.tr("Enter the key file's password."))
            return None
        return Path(key), self.password.text()

    def _read_in_background(self) -> None:
        """Open the PKCS#12 in a worker once typing pauses (its key derivation takes a
        noticeable moment); the answer is shown only if nothing was typed since."""
        source = self._source(quiet=True)
        if source is None:
            return
        generation = self._generation

        def work(progress, cancelled):
            from desktop.report.identity import load_identity

            return load_identity(*source)

        job = Job(work)
        job.succeeded.connect(
            lambda identity: self._show_identity(identity)
            if generation == self._generation
            else None
        )
        job.failed.connect(
            lambda exc: self._show_problem(key_error_text(exc))
            if generation == self._generation
            else None
        )
        self._jobs.add(job)
        job.ended.connect(lambda: self._jobs.discard(job))
        job.start()

    def read_certificate(self, quiet: bool = False) -> bool:
        """Open the key file with the password now and show the certificate's name and
        validity; ``quiet`` says nothing about a missing key file or password."""
        from desktop.report.identity import load_identity

        self._read_timer.stop()
        self._generation += 1  # this answer wins over a read still running
        source = self._source(quiet)
        if source is None:
            return False
        try:
            identity = load_identity(*source)
        except (VeriDeskError, ValueError, OSError) as exc:
            self._show_problem(key_error_text(exc))
            return False
        return self._show_identity(identity)

    def _show_identity(self, identity) -> bool:
        from desktop.signing import cert_name, check_certificate

        self.identity = identity
        self.printed.setText(cert_name(identity.cert))
        self.printed.setToolTip(identity.subject_name)
        self.validity.setText(cert_validity(identity.cert))
        try:
            check_certificate(identity.cert)
        except VeriDeskError as exc:  # expired, not yet valid, not for signatures
            self._show_problem(error_text(exc))
            return False
        self._show_problem("")
        return True

    def accept(self) -> None:
        ready = self.identity is not None and not self.problem.text()
        if not ready and not self.read_certificate():
            # a wrong password keeps the dialog, and what was typed, open
            self.password.setFocus()
            self.password.selectAll()
            return
        super().accept()

    def done(self, result: int) -> None:
        for job in list(self._jobs):  # a thread must not outlive its dialog
            job.wait()
        super().done(result)


class SignoffPage(Page):
    key = "signoff"  # the gate weighs every record: it follows every change
    exported = Signal(str)  # the path of an opinion PDF just written
    report_exported = Signal(str)  # the path of a verification report just written
    signed = Signal(str)  # the role that has just signed
    navigate = Signal(str, object)  # (page key, target): where a gate rule is fixed

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
        self.scroll = scroll
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
        # a rule is a way to where it is fixed: double-click, or Enter on the current rule
        self.gate.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.gate.setToolTip(self.tr("Double-click a rule (or press Enter) to go where it is met"))
        self.gate.itemActivated.connect(
            lambda item: self.go_to_rule(item.data(Qt.ItemDataRole.UserRole))
        )
        gl.addWidget(self.gate)
        grid.addWidget(gate_box, 1, 0)

        op_box = QGroupBox(self.tr("Opinion"))
        self.op_box = op_box
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
        self.team_box = team_box
        tl = QVBoxLayout(team_box)
        self.team = QTableWidget(0, 5)
        self.team.setObjectName("teamTable")
        self.team.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Organisation"),
                self.tr("Impartiality"),
                self.tr("Certificate"),
            ]
        )
        header = self.team.horizontalHeader()
        for c in range(5):  # the organisation takes what the others leave
            header.setSectionResizeMode(
                c,
                QHeaderView.ResizeMode.Stretch
                if c == 2
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.team.setWordWrap(False)
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
        self.edit_member_button = QPushButton(self.tr("Edit…"))
        self.edit_member_button.setObjectName("editMember")
        self.edit_member_button.setToolTip(
            self.tr("Change the selected member's organisation or impartiality declaration")
        )
        self.edit_member_button.clicked.connect(lambda: self.edit_member())
        self.remove_member_button = QPushButton(self.tr("Remove"))
        self.remove_member_button.setObjectName("removeMember")
        self.remove_member_button.setToolTip(self.tr("Take the selected member off the team"))
        self.remove_member_button.clicked.connect(lambda: self.remove_member())
        self.team.itemSelectionChanged.connect(self._update_member_buttons)
        trow.addWidget(self.add_member)
        trow.addWidget(self.edit_member_button)
        trow.addWidget(self.remove_member_button)
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

        pdf_box = QGroupBox(self.tr("Opinion and report"))
        pl = QVBoxLayout(pdf_box)
        prow = QHBoxLayout()
        self.pdf_lang = QComboBox()
        self.pdf_lang.addItem("English", "en")
        self.pdf_lang.addItem("繁體中文", "zh-TW")
        self.preview_button = QPushButton(self.tr("Preview opinion"))
        self.preview_button.setObjectName("previewPdf")
        self.preview_button.clicked.connect(self.preview)
        self.export_button = QPushButton(self.tr("Export opinion…"))
        self.export_button.setObjectName("exportPdf")
        self.export_button.clicked.connect(lambda: self.export_pdf())
        self.report_button = QPushButton(self.report_action_text())
        self.report_button.setObjectName("exportReport")
        self.report_button.setToolTip(
            self.tr(
                "The report of the work done: team, checklists, findings and their rounds, "
                "the recalculation, misstatements and an annex of every document with its "
                "SHA-256 (a draft until signed)"
            )
        )
        self.report_button.clicked.connect(lambda: self.export_report())
        prow.addWidget(QLabel(self.tr("Language")))
        prow.addWidget(self.pdf_lang)
        prow.addWidget(self.preview_button)
        prow.addWidget(self.export_button)
        prow.addWidget(self.report_button)
        prow.addStretch(1)
        # zoom of the preview: the rendered pages are scaled, never re-rendered
        self.zoom = 1.0
        self._preview_images: list[QImage] = []
        self.zoom_out = QPushButton("−")
        self.zoom_out.setObjectName("zoomOut")
        self.zoom_out.setToolTip(self.tr("Zoom out"))
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setObjectName("zoomLevel")
        self.zoom_in = QPushButton("+")
        self.zoom_in.setObjectName("zoomIn")
        self.zoom_in.setToolTip(self.tr("Zoom in"))
        for b in (self.zoom_out, self.zoom_in):
            b.setFixedWidth(32)
            b.setEnabled(False)
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom / 1.25))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom * 1.25))
        prow.addWidget(self.zoom_out)
        prow.addWidget(self.zoom_label)
        prow.addWidget(self.zoom_in)
        pl.addLayout(prow)
        # after an export: where the PDF went, and a way to it
        self.written = QWidget()
        self.written.setObjectName("exportedRow")
        wrow = QHBoxLayout(self.written)
        wrow.setContentsMargins(0, 0, 0, 0)
        self.written_label = QLabel()
        self.written_label.setObjectName("exportedLabel")
        self.written_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_pdf_button = QPushButton(self.tr("Open PDF"))
        self.open_pdf_button.setObjectName("openPdf")
        self.open_pdf_button.clicked.connect(self.open_exported)
        self.show_folder_button = QPushButton(self.tr("Show in folder"))
        self.show_folder_button.setObjectName("showInFolder")
        self.show_folder_button.clicked.connect(self.show_exported_folder)
        wrow.addWidget(self.written_label, 1)
        wrow.addWidget(self.open_pdf_button)
        wrow.addWidget(self.show_folder_button)
        self.written.setVisible(False)
        self.last_export: Path | None = None
        pl.addWidget(self.written)
        self.pages = QVBoxLayout()
        pl.addLayout(self.pages)
        grid.addWidget(pdf_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)  # the gate and the team have the wider rows
        grid.setColumnStretch(1, 2)

    # --- data -----------------------------------------------------------------------

    def set_engagement(self, session: Session | None) -> None:
        self.follow(session)
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
        self._update_member_buttons()
        self.report_button.setText(self.report_action_text())
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
                    self.certificate_text(m),
                ]
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (m.name, m.role))
                item.setData(Qt.ItemDataRole.UserRole + 1, m.id)
                if c == 4:
                    if m.cert_sha256:
                        item.setIcon(status_icon("pass"))
                        item.setToolTip(f"{m.cert_subject or ''}\nSHA-256 {m.cert_sha256}")
                    else:
                        item.setForeground(QBrush(QColor("#6b7280")))
                        item.setToolTip(
                            self.tr("Bound to a certificate when they first sign")
                            if m.role in ("lead", "reviewer")
                            else ""
                        )
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
        self._update_member_buttons()

    # --- actions --------------------------------------------------------------------

    def refresh(self, kinds: set[str]) -> None:
        self.reload()

    def _after_change(self) -> None:
        # The gate is read again at once (it is mostly records); the window then reruns
        # the checks off the GUI thread, and their results refresh the page again.
        self.reload()

    def _run(self, title: str, kind: Change, fn) -> bool:
        try:
            self.write(kind, fn)
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
            Change.OPINION,
            lambda: signoff.choose_opinion(
                s.engagement,
                self.kind.currentData(),
                reason=self.reason.toPlainText(),
                pervasive=self.pervasive.isChecked(),
                evidence_sufficient=not self.insufficient.isChecked(),
                results=self.results,
            ),
        )

    def certificate_text(self, member) -> str:
        """The certificate a member is bound to: its holder and a SHA-256 prefix."""
        if not member.cert_sha256:
            return self.tr("not bound")
        holder = cert_holder(member.cert_subject) or "—"
        return f"{holder} · {member.cert_sha256[:8]}…"

    def _add_member(self) -> None:
        if self.session is None:
            return
        dialog = MemberDialog(self, submit=self._submit_member)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    def _submit_member(self, dialog: MemberDialog) -> bool:
        """Add the member the dialog describes; a refusal is shown over the dialog."""
        from desktop import signoff

        s = self.session
        if s is None:
            return False
        try:
            self.write(
                Change.TEAM,
                lambda: signoff.add_member(
                    s.engagement,
                    dialog.name.text(),
                    dialog.role.currentData(),
                    organisation=dialog.org.text().strip() or None,
                    declare_impartial=dialog.declared.isChecked(),
                    certificate=dialog.certificate,
                ),
            )
        except (VeriDeskError, ValueError) as exc:
            show_error(dialog, self.tr("Cannot add the member"), exc)
            return False
        return True

    def _team_editable(self) -> bool:
        s = self.session
        return s is not None and not s.read_only and s.state == "draft"

    def _update_member_buttons(self) -> None:
        """Edit and Remove act on the selected member, and only before signing."""
        editable = self._team_editable()
        chosen = self.selected_member_id() is not None
        for b in (self.edit_member_button, self.remove_member_button):
            b.setEnabled(editable and chosen)
            b.setToolTip(
                ""
                if editable
                else self.tr("The team can no longer change: the lead verifier has signed")
            )

    def selected_member_id(self) -> int | None:
        model = self.team.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows:
            return None
        item = self.team.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole + 1) if item is not None else None

    def select_member(self, name: str) -> bool:
        for r in range(self.team.rowCount()):
            if self.team.item(r, 0).text() == name:
                self.team.selectRow(r)
                return True
        return False

    def _selected_member(self):
        from desktop import signoff

        s, member_id = self.session, self.selected_member_id()
        if s is None or member_id is None:
            return None
        return next((m for m in signoff.team(s.conn) if m.id == member_id), None)

    def edit_member(self, dialog: EditMemberDialog | None = None) -> bool:
        """Change the selected member's organisation and declaration (``dialog``, when
        given, is used as already filled in: for tests)."""
        from desktop import signoff

        s, member = self.session, self._selected_member()
        if s is None or member is None:
            return False
        if dialog is None:
            dialog = EditMemberDialog(member, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        return self._run(
            self.tr("Cannot change the member"),
            Change.TEAM,
            lambda: signoff.update_member(
                s.engagement,
                member.id,
                organisation=dialog.org.text(),
                declare_impartial=dialog.declared.isChecked(),
            ),
        )

    def remove_member(self) -> bool:
        """Take the selected member off the team, once the user confirms who it is."""
        from desktop import signoff

        s, member = self.session, self._selected_member()
        if s is None or member is None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Remove team member"),
            self.tr("Remove %1 (%2) from the team? The removal is recorded in the audit trail.")
            .replace("%1", member.name)
            .replace("%2", role_name(member.role)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._run(
            self.tr("Cannot remove the member"),
            Change.TEAM,
            lambda: signoff.remove_member(s.engagement, member.id),
        )

    def go_to_rule(self, rule: str | None) -> bool:
        """Go where the gate rule ``rule`` is met: another page (``navigate``) or the
        opinion box or the team table here."""
        where = RULE_TARGETS.get(rule or "")
        if where is None:
            return False
        key, target = where
        if key != self.key:
            self.navigate.emit(key, target)
            return True
        box, widget = (
            (self.op_box, self.kind) if target == "opinion" else (self.team_box, self.team)
        )
        self.scroll.ensureWidgetVisible(box)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _declare(self) -> None:
        from desktop import signoff

        s = self.session
        rows = self.team.selectionModel().selectedRows()
        if s is None or not rows:
            return
        name, role = self.team.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        self._run(
            self.tr("Cannot record the declaration"),
            Change.TEAM,
            lambda: signoff.declare_impartiality(s.engagement, name, role),
        )

    def _sign(self) -> None:
        s = self.session
        if s is None:
            return
        from desktop import signoff
        from desktop.ui import settings as prefs

        names = {m.role: m.name for m in reversed(signoff.team(s.conn))}  # the first wins
        dialog = SignDialog(self._remaining, self, names=names)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        key = Path(dialog.key.text().strip())
        role = dialog.role.currentData()
        prefs.set_signing_key(role, key.resolve())
        self.sign_with(
            key,
            dialog.password.text(),
            role,
            dialog.meaning.currentText(),
            None,  # the printed name is the certificate's (the dialog showed it)
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
        job.succeeded.connect(lambda _role: self.notify(Change.SIGNATURES))
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
                Change.SIGNATURES,
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

    def set_zoom(self, factor: float) -> None:
        """Scale the preview's pages (40 % to 300 %)."""
        self.zoom = max(0.4, min(3.0, factor))
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        if self._preview_images:
            self._show_pages(self._preview_images)

    def _show_pages(self, images: list[QImage]) -> None:
        self._preview_images = list(images)
        for b in (self.zoom_out, self.zoom_in):
            b.setEnabled(bool(images))
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
            if abs(self.zoom - 1.0) > 1e-3:
                pixmap = pixmap.scaledToWidth(round(pixmap.width() * self.zoom),
                                              Qt.TransformationMode.SmoothTransformation)
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
        out = self._output(path, self.tr("Cannot render the opinion"))
        if out is None:
            return None
        job = self._opinion(out, False, self.tr("Exporting the opinion…"))
        if job is not None:
            job.succeeded.connect(
                lambda _r: self.offer_exported(out, self.tr("Opinion written to %1"))
            )
            job.succeeded.connect(lambda _r: self.exported.emit(str(out)))
        return job

    def offer_exported(self, path: Path, text: str) -> None:
        """Show where a PDF was written, with Open PDF and Show in folder."""
        self.last_export = Path(path)
        self.written_label.setText(text.replace("%1", str(path)))
        self.written.setVisible(True)

    def _open_url(self, path: Path, error: str) -> bool:
        """Open ``path`` with the system's handler; a failure is said, not swallowed."""
        if path.exists() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Cannot open"),
            error.replace("%1", str(path)),
            parent=self,
        )
        box.setObjectName("errorDialog")
        box.exec()
        return False

    def open_exported(self) -> bool:
        """Open the PDF just exported in the system's PDF viewer."""
        if self.last_export is None:
            return False
        return self._open_url(
            self.last_export,
            self.tr("%1 could not be opened: no program to open PDF files was found, or "
                    "the file was moved."),
        )

    def show_exported_folder(self) -> bool:
        """Open the folder holding the PDF just exported."""
        if self.last_export is None:
            return False
        return self._open_url(
            self.last_export.parent, self.tr("The folder %1 could not be opened.")
        )

    def _output(self, path: str, error_title: str) -> Path | None:
        """The PDF to write: ``.pdf`` added when the name has no suffix; never an
        engagement file (the refusal is shown, nothing starts)."""
        from desktop.store.replace import refuse_engagement_target

        out = Path(path)
        if not out.suffix:
            out = out.with_suffix(".pdf")
        try:
            refuse_engagement_target(out)
        except VeriDeskError as exc:
            show_error(self, error_title, exc)
            return None
        return out

    def is_validation(self) -> bool:
        return self.session is not None and self.session.subject.type == "validation"

    def report_action_text(self) -> str:
        if self.is_validation():
            return self.tr("Export validation report…")
        return self.tr("Export verification report…")

    def export_report(self, path: str | None = None) -> Job | None:
        """Ask where (unless given) and write the verification report from a worker:
        built and rendered off the GUI thread, written whole or not at all."""
        s = self.session
        if s is None:
            return None
        if path is None:
            name = "".join(c if c.isalnum() or c in "-_." else "-" for c in s.subject.id)
            default = str(s.path.parent / f"{name or 'engagement'}-report.pdf")
            title = (
                self.tr("Export validation report")
                if self.is_validation()
                else self.tr("Export verification report")
            )
            path, _ = QFileDialog.getSaveFileName(self, title, default, self.tr("PDF (*.pdf)"))
            if not path:
                return None
        error_title = self.tr("Cannot export the report")
        out = self._output(path, error_title)
        if out is None:
            return None
        job = report_job(s.path, s.results, self.pdf_lang.currentData(), out)
        self._start(job, self.tr("Exporting the report…"), error_title)
        job.succeeded.connect(lambda _r: self.offer_exported(out, self.tr("Report written to %1")))
        job.succeeded.connect(lambda _r: self.report_exported.emit(str(out)))
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
