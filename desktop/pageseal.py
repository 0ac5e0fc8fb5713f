"""Seal a big table by its b-tree pages: fast enough for a million rows at import.

Sealing a million monitoring rows value by value costs seconds (every value formatted as
text); hashing the pages the table is stored in costs a fraction of that, and the pages
do not change unless the table does: SQLite writes a page only when a row on it changes
(VeriDesk never vacuums, and later migrations add columns without rewriting rows). Each
leaf page's digest is kept with the first and last row it holds, so ``verify`` can still
say which rows changed.

Needs SQLite's ``dbstat`` table (most builds have it); without it the caller falls back
to sealing row by row.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import BinaryIO

LEAF_TABLE = 0x0D


def available(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT pageno FROM dbstat LIMIT 1").fetchall()
    except sqlite3.Error:
        return False
    return True


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    """SQLite's big-endian variable-length integer at ``pos``: (value, next position)."""
    value = 0
    for i in range(8):
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos + i + 1
    return (value << 8) | buf[pos + 8], pos + 9


def _rowid_range(page: bytes, header_at: int) -> tuple[int, int] | None:
    """First and last rowid on a table leaf page, or None for other pages."""
    if page[header_at] != LEAF_TABLE:
        return None
    cells = int.from_bytes(page[header_at + 3:header_at + 5], "big")
    if not cells:
        return None
    pointers = header_at + 8

    def rowid(i: int) -> int:
        at = int.from_bytes(page[pointers + 2 * i:pointers + 2 * i + 2], "big")
        _size, at = _varint(page, at)
        return _varint(page, at)[0]

    return rowid(0), rowid(cells - 1)


class PageReader:
    """The database's pages: read straight from the file when nothing is pending in a
    write-ahead log (an import's private file), else from a serialised image."""

    def __init__(self, conn: sqlite3.Connection):
        self.size = conn.execute("PRAGMA page_size").fetchone()[0]
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        self._image: bytes | None = None
        self._file: BinaryIO | None = None
        if path and mode != "wal" and not conn.in_transaction:
            self._file = open(path, "rb")  # noqa: SIM115 - closed in close()
        else:
            self._image = conn.serialize()

    def page(self, number: int) -> bytes:
        if self._file is not None:
            self._file.seek((number - 1) * self.size)
            return self._file.read(self.size)
        assert self._image is not None
        return self._image[(number - 1) * self.size:number * self.size]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def seal_table(conn: sqlite3.Connection, table: str, reader: PageReader | None = None
               ) -> tuple[str, list[list]] | None:
    """(digest, [[first row, last row, hex16] per page]) of ``table``'s pages, or None
    when this SQLite has no ``dbstat``. ``reader`` may be shared by several tables."""
    if not available(conn):
        return None
    own = reader is None
    reader = reader or PageReader(conn)
    try:
        return _seal(conn, table, reader)
    finally:
        if own:
            reader.close()


def _seal(conn: sqlite3.Connection, table: str, reader: PageReader
          ) -> tuple[str, list[list]]:
    pages = [n for (n,) in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = ? ORDER BY path", (table,))]
    total = hashlib.sha256()
    rows: list[list] = []
    pending: list[str] = []  # interior and overflow pages fold into the next leaf's entry
    for number in pages:
        page = reader.page(number)
        digest = hashlib.sha256(page).hexdigest()
        total.update(bytes.fromhex(digest))
        pending.append(digest)
        span = _rowid_range(page, 100 if number == 1 else 0)
        if span is None:
            continue
        joined = hashlib.sha256("".join(pending).encode()).hexdigest()[:16]
        rows.append([f"row {span[0]}", f"row {span[1]}", joined])
        pending = []
    if pending:
        rows.append(["(tail)", "(tail)",
                     hashlib.sha256("".join(pending).encode()).hexdigest()[:16]])
    return total.hexdigest(), rows
