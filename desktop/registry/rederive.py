"""``verify``: the registry records in the file are the ones their stored export holds.

The records table is derived data: the checks read it, but the fingerprint seals the
export's bytes (``evidence``), not the table. :func:`record_problems` reads every stored
export again, as :func:`desktop.registry.store.add_export` did, and compares the result
with ``registry_export`` and ``registry_record`` row by row, naming each record that was
changed, removed or added behind VeriDesk's back (a table edited with any SQLite tool).
"""

from __future__ import annotations

import json
import sqlite3

from desktop.errors import InputError

from .read import is_export_name, read_export
from .store import TABLE_COLUMNS, table_rows

MAX_NAMED = 10  # records named per export; the rest are counted


def record_problems(conn: sqlite3.Connection) -> list[str]:
    """What differs between the stored exports and their records, first first."""
    out: list[str] = []
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'registry_export'").fetchone() \
            is None:
        return out  # a file this version has not upgraded (verify opens it migrated)
    summary = {row[1]: row for row in conn.execute(
        "SELECT id, path, sha256, registry, header_row, records, ignored FROM registry_export "
        "ORDER BY id")}
    order = list(summary)
    seen: list[str] = []
    for path, digest, data in conn.execute(
        "SELECT path, sha256, data FROM evidence WHERE path LIKE 'registry/%' ORDER BY id"
    ).fetchall():
        if not is_export_name(path):
            continue
        row = summary.pop(path, None)
        if row is None:
            out.append(f"registry export {path}: its records are not in the file")
            continue
        seen.append(path)
        export_id, _p, read_from, registry, header_row, count, ignored = row
        if read_from != digest:
            out.append(f"registry export {path}: its records were read from other bytes")
        try:
            export = read_export(bytes(data), name=path)
        except InputError as exc:
            out.append(f"registry export {path}: cannot be read again ({exc})")
            continue
        if (registry, header_row, count, json.loads(ignored or "[]")) != (
                export.registry, export.header_row, export.rows, list(export.ignored)):
            out.append(f"registry export {path}: its summary (registry, header row, record "
                       "count) differs from the export")
        out.extend(_differences(conn, path, export_id, table_rows(export.records)))
    for path in summary:
        out.append(f"registry export {path}: records without the export file")
    if seen != [p for p in order if p in seen]:
        out.append("registry exports: stored in another order than their files")
    return out


def _differences(conn: sqlite3.Connection, path: str, export_id: int,
                 expected: list[tuple]) -> list[str]:
    """Each record of one export that differs from its re-reading, by row number."""
    actual = {r[0]: r for r in conn.execute(
        f"SELECT {', '.join(TABLE_COLUMNS)} FROM registry_record WHERE export_id = ? "
        "ORDER BY row_no", (export_id,))}
    named: list[str] = []
    count = 0
    for want in expected:
        got = actual.pop(want[0], None)
        if got == want:
            continue
        count += 1
        if len(named) < MAX_NAMED:
            if got is None:
                named.append(f"registry record {path} row {want[0]}: missing")
            else:
                fields = [c for c, a, b in zip(TABLE_COLUMNS, want, got, strict=True) if a != b]
                named.append(f"registry record {path} row {want[0]}: changed "
                             f"({', '.join(fields)})")
    for row_no in actual:
        count += 1
        if len(named) < MAX_NAMED:
            named.append(f"registry record {path} row {row_no}: added")
    if count > len(named):
        named.append(f"registry records of {path}: {count - len(named)} more differ")
    return named
