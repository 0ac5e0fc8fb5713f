"""The welcome page's list of recently opened engagement files (most recent first)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop.ui import settings as prefs

PATH_ROLE = Qt.ItemDataRole.UserRole
MISSING_ROLE = Qt.ItemDataRole.UserRole + 1


class RecentFilesList(QListWidget):
    """Click or Enter opens a file; a missing file is greyed, explained in its tooltip
    and removable (Delete, or the context menu's *Remove from list*)."""

    open_requested = Signal(Path)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recentFiles")
        self.setMaximumWidth(560)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.act_remove = QAction(self.tr("&Remove from list"), self)
        self.act_remove.setShortcut(QKeySequence.StandardKey.Delete)
        self.act_remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_remove.triggered.connect(self.remove_current)
        self.addAction(self.act_remove)
        self.itemClicked.connect(self._activate)
        self.refresh()

    def refresh(self) -> None:
        self.clear()
        for f in prefs.recent_files():
            path = Path(f)
            item = QListWidgetItem(f"{path.name}  —  {path.parent}")
            item.setData(PATH_ROLE, f)
            missing = not path.is_file()
            item.setData(MISSING_ROLE, missing)
            if missing:
                item.setForeground(QBrush(QColor("#9ca3af")))
                item.setToolTip(
                    self.tr("File not found: %1 (Delete removes it from the list)").replace("%1", f)
                )
            else:
                item.setToolTip(f)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)
        self.setVisible(self.count() > 0)

    def paths(self) -> list[str]:
        return [self.item(i).data(PATH_ROLE) for i in range(self.count())]

    def remove_current(self) -> None:
        item = self.currentItem()
        if item is None:
            return
        prefs.remove_recent(item.data(PATH_ROLE))
        self.refresh()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._activate(self.currentItem())
            return
        super().keyPressEvent(event)

    def _activate(self, item: QListWidgetItem) -> None:
        if item.data(MISSING_ROLE):
            return  # greyed: its tooltip says why; Delete removes it
        self.open_requested.emit(Path(item.data(PATH_ROLE)))
