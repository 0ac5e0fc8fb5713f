"""Replacing an engagement file with a freshly imported one, without losing anything.

A signed engagement (or one the lead verifier has signed) is never replaced, whatever
the flags. An unsigned one is replaced only under its write lock (never while another
window or command has it open for writing), after a dated copy of it is kept beside it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop.errors import MessageError
from desktop.store.lock import WriteLock

SQLITE_MAGIC = b"SQLite format 3\x00"


def is_engagement_file(path: Path) -> bool:
    """Whether ``path`` is (or claims to be) an engagement file: name or SQLite header."""
    if path.suffix.lower() == ".veridesk":
        return True
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def refuse_engagement_target(path: Path) -> None:
    """Outputs (PDFs, sheets, keys) are never written over an engagement file."""
    if path.exists() and is_engagement_file(path):
        raise MessageError("out.is_engagement", path=str(path))


def replace_engagement(new: Path, out: Path) -> Path | None:
    """Move ``new`` onto ``out``; returns the backup of the replaced file, if any."""
    if not out.exists():
        os.replace(new, out)
        return None
    if not _sqlite(out):  # not a database at all: --force replaces it
        os.replace(new, out)
        return None
    with WriteLock(out):
        state = _state(out)
        if state != "draft":
            raise MessageError("import.signed_target", path=str(out), state=state)
        backup = _backup(out)
        os.replace(new, out)
        for suffix in ("-wal", "-shm"):  # the old file's; they would corrupt the new one
            with contextlib.suppress(FileNotFoundError):
                Path(f"{out}{suffix}").unlink()
    return backup


def _sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _state(path: Path) -> str:
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT state FROM engagement").fetchone()
        signed = conn.execute("SELECT count(*) FROM signature").fetchone()[0]
    except sqlite3.DatabaseError:
        # unreadable: it may still hold a verifier's work, so it is not replaced blindly
        raise MessageError("import.unreadable_target", path=str(path)) from None
    finally:
        conn.close()
    if row is None:
        raise MessageError("import.unreadable_target", path=str(path))
    return "review" if row[0] == "draft" and signed else row[0]


def _backup(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = path.with_name(f"{path.stem}.replaced-{stamp}{path.suffix}")
    n = 1
    while dest.exists():
        n += 1
        dest = path.with_name(f"{path.stem}.replaced-{stamp}-{n}{path.suffix}")
    source = sqlite3.connect(path)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return dest
