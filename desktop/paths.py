"""Where things are: bundled resources (source checkout or frozen app) and user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding ``resources/`` and ``checklists/`` (``sys._MEIPASS`` when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources() -> Path:
    return app_root() / "resources"


def checklists_dir() -> Path:
    return app_root() / "checklists"


def methodologies_dir() -> Path:
    return app_root() / "methodologies"


def demo_dossier() -> Path:
    return resources() / "demo" / "taipei-bakery"


def user_data_dir() -> Path:
    """Per-user data folder (``VERIDESK_DATA_DIR`` overrides it)."""
    override = os.environ.get("VERIDESK_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "VeriDesk"
