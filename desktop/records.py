"""Writing the verifier's records: one transaction per change, each with its audit row.

Every function that changes a judgement goes through :func:`change`, which refuses a
read-only or signed engagement, opens ``BEGIN IMMEDIATE`` and commits the change and its
audit row together (or neither).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from desktop.errors import ReadOnlyError
from desktop.store import audit
from desktop.store.db import Engagement


def state(conn: sqlite3.Connection) -> str:
    """``draft``, ``review`` (the lead has signed) or ``signed`` (locked)."""
    return conn.execute("SELECT state FROM engagement").fetchone()[0]


def ensure_writable(eng: Engagement) -> None:
    if not eng.writable:
        raise ReadOnlyError("record.read_only", path=str(eng.path))
    current = state(eng.conn)
    if current == "signed":
        raise ReadOnlyError("engagement.signed", path=str(eng.path))
    if current == "review":
        raise ReadOnlyError("engagement.in_review", path=str(eng.path))


def ensure_writable_for_signing(eng: Engagement) -> None:
    """Signing needs a writable file that is not locked yet (it may await the reviewer)."""
    if not eng.writable:
        raise ReadOnlyError("record.read_only", path=str(eng.path))
    if state(eng.conn) == "signed":
        raise ReadOnlyError("engagement.signed", path=str(eng.path))


@contextlib.contextmanager
def change(eng: Engagement) -> Iterator[sqlite3.Connection]:
    """A write transaction on a writable, unsigned engagement."""
    ensure_writable(eng)
    conn = eng.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def log(
    conn: sqlite3.Connection,
    actor: str,
    action: str,
    entity: str,
    key: str | None,
    old: Any = None,
    new: Any = None,
) -> None:
    """Append the audit row of a change (inside the change's transaction)."""
    audit.append(conn, actor, action, entity, key, old, new)


def row_dict(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> dict[str, Any] | None:
    cur = conn.execute(sql, params)
    row = cur.fetchone()
    if row is None:
        return None
    return {d[0]: v for d, v in zip(cur.description, row, strict=True)}


def rows_dicts(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
