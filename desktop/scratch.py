"""Private scratch folders for unpacked zips and checked dossiers.

They live in ``<temp>/veridesk-<user>/`` (mode 0700) and are named after the process
that made them. A process killed before it could clean up leaves its folder behind: the
next one removes the folders of processes that no longer run, so a client's data does
not linger in the temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop.partials import pid_alive


def private_temp() -> Path:
    """This user's scratch folder (mode 0700)."""
    uid = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    base = Path(tempfile.gettempdir()) / f"veridesk-{uid}"
    base.mkdir(mode=0o700, exist_ok=True)
    return base


def remove_stale() -> list[Path]:
    """Remove scratch folders whose process no longer runs; returns what went."""
    gone = []
    for old in private_temp().iterdir():
        parts = old.name.split("-")
        if len(parts) >= 3 and parts[1].isdigit() and not pid_alive(int(parts[1])):
            shutil.rmtree(old, ignore_errors=True)
            gone.append(old)
    return gone


@contextlib.contextmanager
def scratch_dir(kind: str) -> Iterator[Path]:
    """A new folder ``KIND-PID-XXXX`` removed on exit (and by a later run after a kill)."""
    remove_stale()
    folder = Path(tempfile.mkdtemp(prefix=f"{kind}-{os.getpid()}-", dir=private_temp()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
