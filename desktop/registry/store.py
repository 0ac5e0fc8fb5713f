"""Registry exports in the engagement file: the bytes as evidence, the records in a table.

An export is stored under ``registry/NAME`` in the ``evidence`` table (bytes, SHA-256, size,
media type: the fingerprint seals them and ``verify`` holds them to their hash), and read
once, when it is stored: its records go to ``registry_record`` (one row per export row,
normalised as :mod:`desktop.registry.read` returns them) and its summary to
``registry_export``, in the same transaction as the evidence row and the audit row. The
checks look the records up in SQL (:mod:`desktop.registry.lookup`); ``verify`` reads the
bytes again and names any record that differs (:mod:`desktop.registry.rederive`).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from desktop import records as rec
from desktop.errors import Cancelled, InputError, MessageError, Problem
from desktop.evidence import _max_size, _read_regular_file
from desktop.identity import current_actor
from desktop.store.db import Engagement

from .read import RegistryExport, is_export_name, read_export

PREFIX = "registry/"
CHUNK = 50_000  # rows per insert batch (cancellation and progress are polled between)
# ``registry_record`` after ``export_id``, in this order (``table_rows``, ``verify``)
TABLE_COLUMNS = (
    "row_no", "serial", "parsed", "series", "unit_start", "unit_end", "size_class",
    "quantity", "status", "status_date", "beneficiary", "details", "vintage", "project_id",
    "ccp", "ca",
)

ProgressFn = Callable[[str, float], None]


@dataclass(frozen=True)
class StoredExport:
    """One stored export as ``registry_export`` summarises it."""

    id: int
    path: str
    sha256: str
    registry: str
    header_row: int
    records: int


def stored_exports(conn: sqlite3.Connection) -> list[StoredExport]:
    """Every stored export, in the order they were stored (the dossier's first)."""
    return [StoredExport(*row) for row in conn.execute(
        "SELECT id, path, sha256, registry, header_row, records FROM registry_export "
        "ORDER BY id")]


def _flag(value: object) -> int | None:
    return None if value is None else int(bool(value))


def table_rows(records: pd.DataFrame) -> list[tuple]:
    """The records of one export (:mod:`desktop.registry.read`) as ``registry_record``
    values in :data:`TABLE_COLUMNS` order: blanks are NULL, flags 0/1."""
    start = records["start"].to_numpy(np.int64)
    end = records["end"].to_numpy(np.int64)
    # the size class: the least k with end - start < 4**k (desktop.registry.lookup)
    size = [(max(d, 0).bit_length() + 1) // 2 for d in (end - start).tolist()]
    quantity = [None if q != q else float(q) for q in records["quantity"].tolist()]
    text = {c: [None if v is None or v != v else v for v in records[c].tolist()]
            for c in ("key", "status_date", "beneficiary", "details", "vintage",
                      "project_id")}
    return list(zip(
        records["row_no"].astype(np.int64).tolist(),
        records["serial"].tolist(),
        records["parsed"].astype(bool).astype(int).tolist(),
        text["key"], start.tolist(), end.tolist(), size, quantity,
        records["status"].tolist(), text["status_date"], text["beneficiary"],
        text["details"], text["vintage"], text["project_id"],
        [_flag(v) for v in records["ccp"].tolist()],
        [_flag(v) for v in records["ca"].tolist()],
        strict=True,
    ))


def store_records(conn: sqlite3.Connection, path: str, sha256: str, export: RegistryExport,
                  cancelled: Callable[[], bool] | None = None,
                  progress: ProgressFn | None = None) -> int:
    """Write ``export``'s summary and records for the evidence row ``path`` (inside the
    caller's transaction); returns the export's id. Raises :class:`Cancelled` between
    batches when asked to: the caller rolls back."""
    cur = conn.execute(
        "INSERT INTO registry_export(path, sha256, registry, header_row, records, ignored) "
        "VALUES (?,?,?,?,?,?)",
        (path, sha256, export.registry, export.header_row, export.rows,
         json.dumps(list(export.ignored), ensure_ascii=False)),
    )
    export_id = int(cur.lastrowid)
    rows = table_rows(export.records)
    marks = ",".join("?" * (len(TABLE_COLUMNS) + 1))
    sql = f"INSERT INTO registry_record(export_id, {', '.join(TABLE_COLUMNS)}) VALUES ({marks})"
    for at in range(0, len(rows), CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled()
        conn.executemany(sql, [(export_id, *r) for r in rows[at:at + CHUNK]])
        if progress is not None:
            progress("records", min(at + CHUNK, len(rows)) / len(rows))
    return export_id


def validate_dossier_exports(root: Path, rels: list[str]) -> dict[str, RegistryExport]:
    """Read every ``registry/`` file of a dossier; an unreadable one stops the import."""
    problems: list[Problem] = []
    read: dict[str, RegistryExport] = {}
    for rel in rels:
        if not is_export_name(rel):
            problems.append(Problem("registry.suffix", file=rel))
            continue
        try:
            read[rel] = read_export(root / rel, name=rel)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return read


def add_export(eng: Engagement, source: str | Path, *, actor: str | None = None,
               progress: ProgressFn | None = None,
               cancelled: Callable[[], bool] | None = None,
               ) -> tuple[str, str, RegistryExport]:
    """Store ``source`` as ``registry/NAME`` after reading it (an unrecognised or damaged
    export is refused, nothing written): the bytes, the records and the audit row in one
    transaction. Returns (stored path, SHA-256, the export). ``cancelled`` is polled
    before and while the records are written; cancelling leaves nothing."""
    actor = actor or current_actor()
    rec.ensure_writable(eng)
    source = Path(source)
    name = PREFIX + source.name
    if name == PREFIX:
        raise MessageError("path.is_folder", path=str(source))

    def refuse_duplicate(conn: sqlite3.Connection) -> None:
        if conn.execute("SELECT 1 FROM evidence WHERE path = ?", (name,)).fetchone():
            raise MessageError("evidence.exists", path=name)

    refuse_duplicate(eng.conn)
    if progress is not None:
        progress("registry", 0.05)
    data = _read_regular_file(source, _max_size(eng.conn))
    export = read_export(data, name=str(source))  # InputError naming file, row, column
    if cancelled is not None and cancelled():
        raise Cancelled()
    digest = hashlib.sha256(data).hexdigest()
    media = mimetypes.guess_type(source.name)[0] or "application/octet-stream"

    def stored(phase: str, fraction: float) -> None:
        if progress is not None:
            progress(phase, 0.6 + 0.35 * fraction)

    with rec.change(eng) as conn:
        refuse_duplicate(conn)
        conn.execute(
            "INSERT INTO evidence(path, sha256, size, media_type, data) VALUES (?,?,?,?,?)",
            (name, digest, len(data), media, data),
        )
        store_records(conn, name, digest, export, cancelled, stored)
        rec.log(conn, actor, "add", "registry_export", name, None,
                {"path": name, "sha256": digest, "size": len(data), "media_type": media,
                 "registry": export.registry, "records": export.rows,
                 "header_row": export.header_row})
        if cancelled is not None and cancelled():
            raise Cancelled()
    if progress is not None:
        progress("done", 1.0)
    return name, digest, export


def backfill(conn: sqlite3.Connection) -> list[str]:
    """Read the exports stored before their records were kept (migration 005), inside
    the migration's transaction; returns the paths read. One that no longer reads is
    left without records: ``verify`` names it."""
    done = []
    for path, digest, data in conn.execute(
        "SELECT path, sha256, data FROM evidence WHERE path LIKE 'registry/%' AND path "
        "NOT IN (SELECT path FROM registry_export) ORDER BY id"
    ).fetchall():
        if not is_export_name(path):
            continue
        try:
            export = read_export(bytes(data), name=path)
        except InputError:
            continue
        store_records(conn, path, digest, export)
        done.append(path)
    return done
