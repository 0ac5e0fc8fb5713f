"""The signing journal: a record, outside the engagement file, of every signature made here.

An engagement file alone cannot prove that nothing was cut from its end: someone with
``sqlite3`` can delete the last signature, its audit rows and reset the state, or put
back the copy saved before the reviewer signed, and the rest still chains. So every
signature and withdrawal is also appended to this user's journal
(``<data dir>/signing-journal.jsonl``, hash-chained, one JSON object per line), and
``veridesk verify`` checks the file against it: a signature the journal saw that the file
no longer has, or audit rows the journal saw that are gone, fail verification.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.store import audit

NAME = "signing-journal.jsonl"
GENESIS = "0" * 64


def journal_path() -> Path:
    from desktop import paths

    return paths.user_data_dir() / NAME


def engagement_key(conn: sqlite3.Connection) -> str:
    """A stable identity of one engagement file: its dossier and the moment of import."""
    sid, dossier, imported = conn.execute(
        "SELECT subject_id, dossier_sha256, imported_at FROM engagement"
    ).fetchone()
    return hashlib.sha256(f"{sid}|{dossier}|{imported}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Entry:
    """One journal line."""

    action: str  # "sign" or "withdraw"
    role: str
    engagement: str
    subject_id: str
    file: str
    signature_sha256: str | None
    audit_id: int
    audit_hash: str
    at: str


def record(conn: sqlite3.Connection, path: Path, action: str, role: str,
           signature: bytes | None) -> None:
    """Append an entry for the change just committed (best effort: a journal that cannot
    be written is reported by ``verify`` as missing, never blocks the signature)."""
    audit_id, audit_hash = conn.execute(
        "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    entry = {
        "action": action,
        "role": role,
        "engagement": engagement_key(conn),
        "subject_id": conn.execute("SELECT subject_id FROM engagement").fetchone()[0],
        "file": str(Path(path).resolve()),
        "signature_sha256": hashlib.sha256(signature).hexdigest() if signature else None,
        "audit_id": audit_id,
        "audit_hash": audit_hash,
        "at": audit.utc_now(),
    }
    target = journal_path()
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        prev = _last_hash(target)
        body = audit.canonical_json(entry)
        line = audit.canonical_json(
            {**entry, "prev": prev, "hash": hashlib.sha256((prev + body).encode()).hexdigest()}
        )
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())


def _last_hash(path: Path) -> str:
    if not path.exists():
        return GENESIS
    last = GENESIS
    with open(path, encoding="utf-8") as f:
        for line in f:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                last = json.loads(line)["hash"]
    return last


def entries(key: str) -> tuple[list[Entry], list[str]]:
    """This engagement's journal entries, and problems with the journal itself."""
    path = journal_path()
    found: list[Entry] = []
    problems: list[str] = []
    if not path.exists():
        return found, problems
    prev = GENESIS
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                data: dict[str, Any] = json.loads(line)
                stored_prev, stored = data.pop("prev"), data.pop("hash")
            except (ValueError, KeyError, TypeError):
                problems.append(f"signing journal {path}, line {n}: unreadable")
                continue
            body = audit.canonical_json(data)
            if stored_prev != prev or hashlib.sha256((prev + body).encode()).hexdigest() != stored:
                problems.append(f"signing journal {path}, line {n}: the chain is broken")
            prev = stored
            if data.get("engagement") == key:
                with contextlib.suppress(TypeError):
                    found.append(Entry(**data))
    return found, problems
