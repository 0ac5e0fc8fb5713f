"""Preferences kept in QSettings: user name and role, language, recent files."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings() -> QSettings:
    return QSettings()


def language() -> str:
    """``""`` (follow the system), ``"en"`` or ``"zh-TW"``."""
    return str(settings().value("language", "") or "")


def user_name() -> str:
    return str(settings().value("user/name", "") or "")


def apply_identity() -> None:
    """The author of audit rows: Preferences' user name, through VERIDESK_USER."""
    name = user_name().strip()
    if name:
        os.environ["VERIDESK_USER"] = name


def recent_files() -> list[str]:
    value = settings().value("recent", []) or []
    if isinstance(value, str):
        value = [value]
    return [v for v in value if v]


def add_recent(path: Path) -> None:
    p = str(Path(path).resolve())
    items = [p] + [r for r in recent_files() if r != p]
    settings().setValue("recent", items[:MAX_RECENT])


def clear_recent() -> None:
    settings().setValue("recent", [])


def remove_recent(path: str | Path) -> None:
    p = str(path)
    settings().setValue("recent", [r for r in recent_files() if r != p])


# ---- the window: geometry, toolbars/docks, splitters, the last page -----------------------
def window_bytes(key: str) -> bytes | None:
    """A saved ``saveGeometry``/``saveState`` blob under ``window/<key>``, else None."""
    value = settings().value(f"window/{key}")
    if value is None or value == "":
        return None
    try:
        return bytes(value)
    except TypeError:
        return None


def set_window_bytes(key: str, data) -> None:
    settings().setValue(f"window/{key}", data)


def last_page() -> str:
    return str(settings().value("window/lastPage", "") or "")


def set_last_page(key: str) -> None:
    settings().setValue("window/lastPage", key)


# ---- signing: the key file last used for each role --------------------------------------
def signing_key(role: str) -> str:
    """The PKCS#12 last used (or created) to sign as ``role``, or ``""``."""
    return str(settings().value(f"signing/key/{role}", "") or "")


def set_signing_key(role: str, path: str | Path) -> None:
    settings().setValue(f"signing/key/{role}", str(path))
