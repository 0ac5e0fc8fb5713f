"""The Preferences dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from desktop.ui import settings as prefs

ROLES = ("lead", "verifier", "technical-expert", "reviewer")


class PreferencesDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(460)
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
        lay.addWidget(QLabel(self.tr("Recent files")))
        self.recent_list = QListWidget()
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

    def _clear_recent(self) -> None:
        prefs.clear_recent()
        self.recent_list.clear()

    def accept(self) -> None:
        s = prefs.settings()
        s.setValue("user/name", self.name_edit.text().strip())
        s.setValue("user/role", self.role_box.currentData())
        s.setValue("language", self.lang_box.currentData())
        prefs.apply_identity()
        super().accept()
