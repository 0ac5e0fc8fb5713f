"""Who is working: the author recorded in audit rows."""

from __future__ import annotations

import getpass
import os


def current_actor() -> str:
    """``VERIDESK_USER`` if set (the GUI sets it from Preferences), else the login name."""
    name = os.environ.get("VERIDESK_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"
