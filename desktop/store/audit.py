"""The append-only, hash-chained audit trail (21 CFR Part 11 §11.10(e) as the bar).

Each row stores when (UTC), who, what (action, entity and key) and the old and new
values as JSON; ``hash = sha256(prev_hash + canonical row)``. Triggers refuse UPDATE and
DELETE on the table; :func:`verify_chain` finds the first row that does not match.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same bytes on every machine."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _row_hash(prev_hash: str, fields: list[Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def append(
    conn: sqlite3.Connection,
    actor: str,
    action: str,
    entity: str,
    entity_key: str | None = None,
    old: Any = None,
    new: Any = None,
) -> int:
    """Append one audit row; the caller's transaction makes it atomic with the change."""
    last = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    next_id, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = utc_now()
    old_json = None if old is None else canonical_json(old)
    new_json = None if new is None else canonical_json(new)
    fields = [next_id, at, actor, action, entity, entity_key, old_json, new_json]
    conn.execute(
        "INSERT INTO audit(id, at, actor, action, entity, entity_key, old, new, prev_hash, hash)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        (*fields, prev_hash, _row_hash(prev_hash, fields)),
    )
    return next_id


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the chain: ``ok``, rows checked, and the first bad row."""

    ok: bool
    rows: int
    first_bad_id: int | None = None
    reason: str | None = None


def verify_chain(conn: sqlite3.Connection) -> ChainReport:
    """Recompute every hash in order; name the first row that breaks the chain."""
    prev_hash = GENESIS
    expected_id = 1
    n = 0
    for row in conn.execute(
        "SELECT id, at, actor, action, entity, entity_key, old, new, prev_hash, hash "
        "FROM audit ORDER BY id"
    ):
        n += 1
        row_id, *fields_rest, stored_prev, stored_hash = row
        if row_id != expected_id:
            return ChainReport(False, n, row_id, f"audit row {expected_id} is missing")
        if stored_prev != prev_hash:
            return ChainReport(False, n, row_id, f"audit row {row_id}: previous hash differs")
        if _row_hash(prev_hash, [row_id, *fields_rest]) != stored_hash:
            return ChainReport(False, n, row_id, f"audit row {row_id}: content was altered")
        prev_hash = stored_hash
        expected_id += 1
    return ChainReport(True, n)
