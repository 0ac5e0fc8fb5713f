"""Start-up of the frozen app (PyInstaller, ``build.spec``), run by ``scripts/pyi_entry.py``
before the command line. Nothing here runs in a source checkout.

On Linux, PyInstaller's bootloader puts the bundle first on ``LD_LIBRARY_PATH`` and its Qt
run-time hook sets ``QT_PLUGIN_PATH`` / ``QML2_IMPORT_PATH`` to the bundle's Qt. The running
process no longer needs them (the dynamic loader read ``LD_LIBRARY_PATH`` when the process
started; the relocatable Qt finds its plugins next to ``libQt6Core``), but every program the
app starts would inherit them: ``QDesktopServices.openUrl`` on an evidence file runs
``xdg-open`` and then the user's PDF viewer or image viewer, which would load the bundle's
GLib or Qt plugins instead of the system's and crash. They are restored to the values the
user started the app with. The import worker (``desktop/dossier/parallel.py``) re-runs the
executable, whose bootloader sets them again for itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

#: Variables the bootloader saved as ``NAME_ORIG`` before changing them.
BOOTLOADER_VARS = ("LD_LIBRARY_PATH",)
#: Variables PyInstaller's PySide6 run-time hook sets without saving the old value.
QT_VARS = ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH")


def restore_child_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Undo the bundle's search paths in ``environ`` (``os.environ``) for child processes."""
    if not getattr(sys, "frozen", False) or not sys.platform.startswith("linux"):
        return
    env = os.environ if environ is None else environ
    bundle = getattr(sys, "_MEIPASS", "") or "\0"
    for name in BOOTLOADER_VARS:
        original = env.pop(name + "_ORIG", None)
        if original is not None:
            env[name] = original
        else:
            env.pop(name, None)
    for name in QT_VARS:
        value = env.get(name)
        if value is None:
            continue
        kept = [p for p in value.split(os.pathsep) if p and not p.startswith(bundle)]
        if kept:
            env[name] = os.pathsep.join(kept)
        else:
            del env[name]
