"""Errors as dialogs with the engine's message in the user's language, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import InputError, MessageError, VeriDeskError
from desktop.i18n import current_language

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, InputError | MessageError):
        return exc.text(current_language())
    if isinstance(exc, VeriDeskError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".strip()
    return QCoreApplication.translate("errors", "Unexpected error: %1").replace("%1", str(exc))


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    log.debug("error shown to the user", exc_info=exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(exc), parent=parent)
    box.setObjectName("errorDialog")
    box.exec()
