"""The Help menu: keyboard shortcuts, the user guide and About (issue 14).

The shortcuts are collected at runtime from the window's actions and shortcuts, so the
list never drifts from what the keys really do, and shows in the user's language (the
actions' translated texts, the keys in the platform's native notation). The user guide is
``docs/user-guide.md``, rendered read-only with ``QTextDocument.setMarkdown``.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import desktop
from desktop.paths import app_root


def guide_path() -> Path:
    """``docs/user-guide.md`` in the source checkout (or the frozen app's bundle)."""
    return app_root() / "docs" / "user-guide.md"


def _plain(text: str) -> str:
    """A menu text without its mnemonic (``&Open``, or ``開啟(&O)`` in CJK menus) or
    trailing ellipsis."""
    text = re.sub(r"\s*\(&[^&\s]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """Every (what, keys) the window's actions and shortcuts offer, in menu order.

    Keys in the platform's native notation; an action with several shortcuts lists them
    all on one row; the same (what, keys) is listed once.
    """
    native = QKeySequence.SequenceFormat.NativeText
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for act in window.findChildren(QAction):
        keys = [k.toString(native) for k in act.shortcuts() if not k.isEmpty()]
        what = _plain(act.text()) or _plain(act.toolTip())
        if keys and what:
            row = (what, ", ".join(keys))
            if row not in seen:
                seen.add(row)
                rows.append(row)
    for sc in window.findChildren(QShortcut):
        key = sc.key()
        if key.isEmpty():
            continue
        what = _plain(sc.whatsThis()) or _plain(sc.objectName())
        row = (what or QCoreApplication.translate("help", "(no description)"), key.toString(native))
        if row not in seen:
            seen.add(row)
            rows.append(row)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        lay = QVBoxLayout(self)
        rows = shortcuts(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(460, 520)


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, path: Path | None = None):
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("VeriDesk user guide"))
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        self.browser.setReadOnly(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # offline: links are not followed
        path = path or guide_path()
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = self.tr("The user guide was not found at %1.").replace("%1", str(path))
            self.browser.setPlainText(text)
        else:
            self.browser.document().setMarkdown(text)
        lay.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(720, 640)


def about_text() -> str:
    return QCoreApplication.translate(
        "help",
        "<b>VeriDesk</b> %1<br>An offline workbench for greenhouse-gas verification "
        "and validation.<br>Engagement files are self-contained SQLite files."
    ).replace("%1", desktop.__version__)


def show_shortcuts(window: QWidget) -> int:
    return ShortcutsDialog(window).exec()


def show_guide(window: QWidget) -> int:
    return GuideDialog(window).exec()


def show_about(window: QWidget) -> None:
    QMessageBox.about(window, QCoreApplication.translate("help", "About VeriDesk"), about_text())


def fill_help_menu(window, menu) -> dict[str, QAction]:
    """Put Keyboard shortcuts, User guide and About VeriDesk in ``menu``."""
    acts = {}
    keys = QAction(QCoreApplication.translate("help", "&Keyboard shortcuts"), window)
    keys.setObjectName("actShortcuts")
    keys.triggered.connect(lambda _c=False: show_shortcuts(window))
    guide = QAction(QCoreApplication.translate("help", "&User guide"), window)
    guide.setObjectName("actUserGuide")
    guide.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    guide.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    guide.triggered.connect(lambda _c=False: show_guide(window))
    about = QAction(QCoreApplication.translate("help", "&About VeriDesk"), window)
    about.setObjectName("actAbout")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda _c=False: window.show_about())
    for name, act in (("shortcuts", keys), ("guide", guide), ("about", about)):
        menu.addAction(act)
        acts[name] = act
    return acts
