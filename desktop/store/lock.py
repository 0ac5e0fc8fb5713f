"""An OS-level write lock beside an engagement file, released if the process dies."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

from desktop.errors import LockedError


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class WriteLock:
    """Hold an exclusive lock on ``<file>.lock`` for as long as the engagement is open."""

    def __init__(self, path: Path):
        self.path = lock_path(path)
        self.target = path
        self._fh = None

    def acquire(self) -> None:
        fh = open(self.path, "a+")  # noqa: SIM115 - held open for the lock's lifetime
        try:
            _lock(fh)
        except OSError:
            fh.seek(0)
            info = _read_info(fh.read())
            fh.close()
            raise LockedError(
                "engagement.locked_by",
                path=str(self.target),
                who=info.get("user", "?"),
                pid=info.get("pid", "?"),
                host=info.get("host", "?"),
                since=info.get("since", "?"),
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(
            json.dumps(
                {
                    "user": os.environ.get("VERIDESK_USER") or _user(),
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                }
            )
        )
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        try:
            fh.seek(0)
            fh.truncate()
            _unlock(fh)
        finally:
            fh.close()
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _read_info(text: str) -> dict:
    try:
        return json.loads(text)
    except ValueError:
        return {}


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(fh) -> None:
        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fh) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
