"""Files written whole or not at all, and the debris of writers that were killed.

An output is written to ``.NAME.partial-PID`` beside its target and renamed into place.
A process killed with SIGKILL cannot remove its partial file, so every writer first
removes the partials (and their side files) of processes that no longer run.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path

_PARTIAL = re.compile(r"^\.(?P<name>.+)\.partial-(?P<pid>\d+)(?P<side>[.-].*)?$")


def partial_path(out: Path, pid: int | None = None) -> Path:
    """The temporary name ``out`` is written under by this process."""
    return out.with_name(f".{out.name}.partial-{os.getpid() if pid is None else pid}")


def remove_stale_partials(out: Path) -> list[Path]:
    """Remove partial files of ``out`` whose writer no longer runs; returns what went."""
    removed: list[Path] = []
    try:
        candidates = list(out.parent.glob(f".{out.name}.partial*"))
    except OSError:
        return removed
    for stale in candidates:
        m = _PARTIAL.match(stale.name)
        if m is None:
            # an older layout without a PID (".NAME.partial"): nobody can still own it
            # once no live writer would use that name; remove only the exact legacy name
            if stale.name != f".{out.name}.partial":
                continue
        elif m.group("name") != out.name or pid_alive(int(m.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()
            removed.append(stale)
    return removed


def write_atomically(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` whole or not at all (fsync, then rename)."""
    remove_stale_partials(out)
    tmp = partial_path(out)
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_private(out: Path, data: bytes) -> None:
    """Write a secret (a private key) readable by its owner only: mode 0600 from the start
    (on Windows the file inherits the user's profile folder's permissions)."""
    remove_stale_partials(out)
    tmp = partial_path(out)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
        if hasattr(os, "chmod"):
            os.chmod(out, 0o600)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def pid_alive(pid: int) -> bool:
    """Whether a process with ``pid`` runs (on Windows, assumed to)."""
    if pid == os.getpid() or sys.platform == "win32":  # Windows: os.kill would terminate
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
