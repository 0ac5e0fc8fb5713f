"""Registry records from the engagement file, looked up in SQL (no export is read again).

The checks need only the records that overlap a claimed block: :func:`load_records` finds
them through the ``registry_record_block`` index (series, size class, first and last
unit). A record of size class ``k`` spans fewer than ``4**k`` units after its first, so one
that overlaps the block ``[s, e]`` starts in ``[s - 4**k + 1, e]``: one index range per
claimed block and size class present in its series, never a scan of the export (the
classes present are found by a loose index scan). Reading every record through Python's
sqlite3 costs seconds per million rows; this costs about a millisecond per 50 claimed
blocks, whatever the export's size (``bench/registry_speed.py``).

Frames have the columns of :data:`desktop.registry.read.COLUMNS`, in export order (the
order the exports were stored, then row number), as :func:`read_export` returns them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .read import COLUMNS

_SELECT = (
    "SELECT r.export_id, r.row_no, r.serial, r.parsed, r.series, r.unit_start, r.unit_end, "
    "r.quantity, r.status, r.status_date, r.beneficiary, r.details, r.vintage, r.project_id, "
    "r.ccp, r.ca FROM registry_record r"
)
_CLAIM = "veridesk_registry_claim"
_CLASS = "veridesk_registry_class"
# the records overlapping a claimed block, one index range per (block, size class); CROSS
# JOIN fixes the loop order (blocks, their classes, then the covering index)
_OVERLAPS = (
    f"SELECT r2.export_id, r2.row_no FROM temp.{_CLAIM} c "
    f"CROSS JOIN temp.{_CLASS} k CROSS JOIN registry_record r2 "
    "WHERE k.series = c.series AND r2.series = c.series AND r2.size_class = k.k "
    "AND r2.unit_start BETWEEN (CASE WHEN k.k >= 31 THEN -9223372036854775808 "
    "ELSE c.s - (1 << (2 * k.k)) + 1 END) AND c.e AND r2.unit_end >= c.s"
)


def exports(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    """Export id → (stored path, registry), in the order they were stored."""
    return {i: (p, r) for i, p, r in conn.execute(
        "SELECT id, path, registry FROM registry_export ORDER BY id")}


def load_records(
    conn: sqlite3.Connection,
    claims: tuple[Sequence[object], Sequence[int], Sequence[int]] | None = None,
) -> pd.DataFrame | None:
    """The registry records overlapping the claimed blocks ``claims`` (series keys, first
    and last units; a ``None`` key is skipped), or every record when ``claims`` is None.
    ``None`` when the engagement holds no export."""
    known = exports(conn)
    if not known:
        return None
    if claims is None:
        rows = conn.execute(f"{_SELECT} ORDER BY r.export_id, r.row_no").fetchall()
    else:
        rows = _overlapping(conn, *claims)
    return to_frame(rows, known)


def _overlapping(conn: sqlite3.Connection, keys: Sequence[object], starts: Sequence[int],
                 ends: Sequence[int]) -> list[tuple]:
    blocks = [(k, int(s), int(e)) for k, s, e in zip(keys, starts, ends, strict=True)
              if isinstance(k, str)]
    if not blocks:
        return []
    try:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_CLAIM}(series TEXT, s INTEGER, "
                     "e INTEGER)")
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_CLASS}(series TEXT, k INTEGER)")
        conn.execute(f"DELETE FROM temp.{_CLAIM}")
        conn.execute(f"DELETE FROM temp.{_CLASS}")
        conn.executemany(f"INSERT INTO temp.{_CLAIM} VALUES (?,?,?)", blocks)
        conn.executemany(f"INSERT INTO temp.{_CLASS} VALUES (?,?)",
                         _classes(conn, sorted({k for k, _s, _e in blocks})))
        return conn.execute(
            f"{_SELECT} WHERE (r.export_id, r.row_no) IN ({_OVERLAPS}) "
            "ORDER BY r.export_id, r.row_no").fetchall()
    finally:
        conn.execute(f"DROP TABLE IF EXISTS temp.{_CLAIM}")
        conn.execute(f"DROP TABLE IF EXISTS temp.{_CLASS}")


def _classes(conn: sqlite3.Connection, series: list[str]) -> list[tuple[str, int]]:
    """(series, size class) present among the records of ``series``: a loose index scan,
    one seek per class (a DISTINCT would read every index entry)."""
    out = []
    for key in series:
        k = -1
        while (k := conn.execute(
                "SELECT min(size_class) FROM registry_record WHERE series = ? "
                "AND size_class > ?", (key, k)).fetchone()[0]) is not None:
            out.append((key, k))
    return out


def records_covering(conn: sqlite3.Connection, key: str, start: int, end: int
                     ) -> pd.DataFrame:
    """The records overlapping one block (the Credits page's lower table)."""
    frame = load_records(conn, ([key], [start], [end]))
    return frame if frame is not None else to_frame([], {})


def to_frame(rows: list[tuple], known: dict[int, tuple[str, str]]) -> pd.DataFrame:
    """Rows of ``_SELECT`` as the frame :func:`desktop.registry.read.read_export` makes."""
    cols = list(zip(*rows, strict=True)) if rows else [()] * 16
    (export_id, row_no, serial, parsed, key, start, end, quantity, status, status_date,
     beneficiary, details, vintage, project_id, ccp, ca) = cols
    return pd.DataFrame(
        {
            "export": [known[i][0] for i in export_id],
            "row_no": np.array(row_no, dtype=np.int64),
            "registry": [known[i][1] for i in export_id],
            "serial": np.array(serial, dtype=object),
            "parsed": np.array(parsed, dtype=bool),
            "key": np.array(key, dtype=object),
            "start": np.array(start, dtype=np.int64),
            "end": np.array(end, dtype=np.int64),
            "quantity": np.array(quantity, dtype=float),  # NULL → NaN
            "status": list(status),
            "status_date": list(status_date),
            "beneficiary": list(beneficiary),
            "details": list(details),
            "vintage": list(vintage),
            "project_id": list(project_id),
            "ccp": np.array([None if v is None else bool(v) for v in ccp], dtype=object),
            "ca": np.array([None if v is None else bool(v) for v in ca], dtype=object),
        },
        columns=list(COLUMNS),
    )


def claimed_blocks(credits: pd.DataFrame | None) -> tuple[list, list, list]:
    """(series keys, first units, last units) of the claimed blocks whose serial parses,
    parsed as the rules parse them (:func:`desktop.rules.serials.parse_serials`)."""
    from desktop.rules.serials import parse_serials

    if credits is None or not len(credits) or "serial" not in credits:
        return [], [], []
    n = len(credits)
    registries = credits["registry"].tolist() if "registry" in credits else [None] * n
    parsed = parse_serials(credits["serial"].tolist(), registries)
    ok = parsed["parsed"]
    return (parsed["key"][ok].tolist(), parsed["start"][ok].tolist(),
            parsed["end"][ok].tolist())


def context_fields(conn: sqlite3.Connection, credits: pd.DataFrame | None
                   ) -> dict[str, object]:
    """``CheckContext.registry`` (the records the claimed blocks touch) and
    ``registry_exports`` (every stored export: path, registry, records); ``registry`` is
    ``None`` when the engagement holds no export."""
    stored = conn.execute(
        "SELECT path, registry, records FROM registry_export ORDER BY id").fetchall()
    if not stored:
        return {"registry": None}
    return {"registry": load_records(conn, claimed_blocks(credits)),
            "registry_exports": tuple((p, r, int(n)) for p, r, n in stored)}
