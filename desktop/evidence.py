"""Evidence files the verifier adds to an engagement after the import.

A dossier's ``evidence/`` folder is stored by the import; during the verification more
arrives (site-visit photos, meter readings, the client's replies). :func:`add_evidence`
stores one such file the same way — bytes, SHA-256, size and media type under
``evidence/NAME`` — in one audited change, so checklist answers can link it and the
fingerprint seals it. The optional note has no column of its own: it is kept in the
change's audit row (append-only and chained), where :func:`list_evidence` reads it back.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from desktop import records
from desktop.errors import MessageError
from desktop.identity import current_actor
from desktop.store.db import Engagement

PREFIX = "evidence/"
CHUNK = 1 << 20


@dataclass(frozen=True)
class EvidenceFile:
    id: int
    path: str
    sha256: str
    size: int
    media_type: str | None
    note: str | None = None


def _notes(conn: sqlite3.Connection) -> dict[str, str]:
    """The latest note recorded for each evidence path, from the audit trail."""
    out: dict[str, str] = {}
    rows = conn.execute(
        "SELECT entity_key, new FROM audit WHERE entity = 'evidence' AND action = 'add' "
        "ORDER BY id"
    )
    for key, new in rows:
        try:
            note = json.loads(new or "null").get("note")
        except (ValueError, AttributeError):
            continue
        if key and isinstance(note, str) and note:
            out[key] = note
    return out


def list_evidence(conn: sqlite3.Connection) -> list[EvidenceFile]:
    """Every evidence file of the engagement, by path, with its note if one was given."""
    notes = _notes(conn)
    return [
        EvidenceFile(eid, path, sha, size, media, notes.get(path))
        for eid, path, sha, size, media in conn.execute(
            "SELECT id, path, sha256, size, media_type FROM evidence ORDER BY path"
        )
    ]


def stored_name(source: str | Path) -> str:
    """The path a file is stored under: ``evidence/`` and its file name."""
    return PREFIX + Path(source).name


def _max_size(conn: sqlite3.Connection) -> int:
    try:
        return conn.getlimit(sqlite3.SQLITE_LIMIT_LENGTH) - 1024
    except AttributeError:  # pragma: no cover - Python < 3.11
        return 1_000_000_000 - 1024


def _read_regular_file(source: Path, limit: int) -> bytes:
    """The bytes of ``source``, which must be a regular file no larger than ``limit``."""
    try:
        st = os.stat(source)
    except FileNotFoundError:
        raise MessageError("path.not_found", path=str(source)) from None
    if stat.S_ISDIR(st.st_mode):
        raise MessageError("path.is_folder", path=str(source))
    if not stat.S_ISREG(st.st_mode):
        raise MessageError("evidence.not_regular", path=str(source))
    if st.st_size > limit:
        raise MessageError("evidence.too_large", path=str(source), limit=limit >> 20)
    # O_NONBLOCK: a file swapped for a pipe since the stat must not hang the open
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(source, flags)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise MessageError("evidence.not_regular", path=str(source))
        data = bytearray()
        while chunk := f.read(CHUNK):
            data += chunk
            if len(data) > limit:
                raise MessageError("evidence.too_large", path=str(source), limit=limit >> 20)
    return bytes(data)


def add_evidence(
    eng: Engagement,
    source: str | Path,
    *,
    note: str | None = None,
    actor: str | None = None,
) -> EvidenceFile:
    """Store the file ``source`` as ``evidence/NAME``; refuses a path already stored."""
    actor = actor or current_actor()
    records.ensure_writable(eng)  # refuse a signed engagement before reading anything
    source = Path(source)
    name = stored_name(source)
    if name == PREFIX:
        raise MessageError("path.is_folder", path=str(source))

    def refuse_duplicate(conn: sqlite3.Connection) -> None:
        if conn.execute("SELECT 1 FROM evidence WHERE path = ?", (name,)).fetchone():
            raise MessageError("evidence.exists", path=name)

    refuse_duplicate(eng.conn)
    data = _read_regular_file(source, _max_size(eng.conn))
    digest = hashlib.sha256(data).hexdigest()
    media = mimetypes.guess_type(source.name)[0] or "application/octet-stream"
    note = (note or "").strip() or None
    with records.change(eng) as conn:
        refuse_duplicate(conn)
        cur = conn.execute(
            "INSERT INTO evidence(path, sha256, size, media_type, data) VALUES (?,?,?,?,?)",
            (name, digest, len(data), media, data),
        )
        new = {"path": name, "sha256": digest, "size": len(data), "media_type": media}
        if note:
            new["note"] = note
        records.log(conn, actor, "add", "evidence", name, None, new)
    return EvidenceFile(cur.lastrowid, name, digest, len(data), media, note)
