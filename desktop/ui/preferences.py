"""The Preferences dialog: who you are, the language, recent files, and the verification
body's profile (``desktop.body``, as ``veridesk body set`` writes it)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from desktop.body import Body, load_profile, save_profile
from desktop.ui import settings as prefs
from desktop.ui.errors import show_error

ROLES = ("lead", "verifier", "technical-expert", "reviewer")


class PreferencesDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        s = prefs.settings()
        self.name_edit = QLineEdit(prefs.user_name())
        self.name_edit.setPlaceholderText(self.tr("as it appears in the audit trail"))
        self.role_box = QComboBox()
        role_names = {
            "lead": self.tr("Lead verifier"),
            "verifier": self.tr("Verifier"),
            "technical-expert": self.tr("Technical expert"),
            "reviewer": self.tr("Independent reviewer"),
        }
        for r in ROLES:
            self.role_box.addItem(role_names[r], r)
        i = self.role_box.findData(str(s.value("user/role", "lead")))
        self.role_box.setCurrentIndex(max(i, 0))
        self.lang_box = QComboBox()
        self.lang_box.addItem(self.tr("Follow the system"), "")
        self.lang_box.addItem("English", "en")
        self.lang_box.addItem("繁體中文", "zh-TW")
        self.lang_box.setCurrentIndex(max(self.lang_box.findData(prefs.language()), 0))
        note = QLabel(
            self.tr("A new language takes effect at once: the window is rebuilt on the same file.")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #6b7280;")
        form.addRow(self.tr("Your name"), self.name_edit)
        form.addRow(self.tr("Your role"), self.role_box)
        form.addRow(self.tr("Language"), self.lang_box)
        form.addRow("", note)
        lay.addLayout(form)
        lay.addWidget(self._body_box())
        lay.addWidget(QLabel(self.tr("Recent files")))
        self.recent_list = QListWidget()
        self.recent_list.setMaximumHeight(110)
        self.recent_list.addItems(prefs.recent_files())
        lay.addWidget(self.recent_list)
        clear = QPushButton(self.tr("Clear recent files"))
        clear.clicked.connect(self._clear_recent)
        lay.addWidget(clear)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _body_box(self) -> QGroupBox:
        """The verification body's name, address, accreditation and place of issue."""
        self.body = load_profile()
        box = QGroupBox(self.tr("Verification body"))
        box.setObjectName("bodyProfile")
        form = QFormLayout(box)
        explain = QLabel(
            self.tr(
                "Printed on opinions and reports as the body that issues them. It is "
                "recorded in the engagement when the lead verifier signs, so a signed opinion "
                "keeps the body as it stood then: a later change here does not alter it."
            )
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #6b7280;")
        self.body_name = QLineEdit(self.body.name)
        self.body_name.setObjectName("bodyName")
        self.body_address = QLineEdit(self.body.address)
        self.body_address.setObjectName("bodyAddress")
        self.body_accreditation = QLineEdit(self.body.accreditation)
        self.body_accreditation.setObjectName("bodyAccreditation")
        self.body_accreditation.setPlaceholderText(
            self.tr("e.g. TAF accredited verification body, No. V012 (ISO 14065)")
        )
        self.body_place = QLineEdit(self.body.place)
        self.body_place.setObjectName("bodyPlace")
        self.body_place.setPlaceholderText(self.tr("where opinions are signed, e.g. Taipei"))
        form.addRow(explain)
        form.addRow(self.tr("Name"), self.body_name)
        form.addRow(self.tr("Address"), self.body_address)
        form.addRow(self.tr("Accreditation"), self.body_accreditation)
        form.addRow(self.tr("Place of issue"), self.body_place)
        return box

    def body_profile(self) -> Body:
        return Body(
            name=self.body_name.text().strip(),
            address=self.body_address.text().strip(),
            accreditation=self.body_accreditation.text().strip(),
            place=self.body_place.text().strip(),
        )

    def _clear_recent(self) -> None:
        prefs.clear_recent()
        self.recent_list.clear()

    def accept(self) -> None:
        body = self.body_profile()
        if body != self.body:
            try:
                save_profile(body)
            except OSError as exc:
                show_error(self, self.tr("Cannot save the verification body"), exc)
                return  # the dialog stays open with what was typed
            self.body = body
        s = prefs.settings()
        s.setValue("user/name", self.name_edit.text().strip())
        s.setValue("user/role", self.role_box.currentData())
        s.setValue("language", self.lang_box.currentData())
        prefs.apply_identity()
        super().accept()
