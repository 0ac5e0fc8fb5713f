"""Item models over the engagement file's SQLite tables.

``SqlTableModel`` never loads a whole table. It knows the row count, and fetches blocks
of rows on demand when the view asks for them:

* natural order, no filter: rows are addressed by ``row_no`` ranges when ``row_no`` is
  contiguous (the importer numbers spreadsheet rows), else by LIMIT/OFFSET on the
  primary key — both walk the rowid B-tree, no sort;
* sorted or filtered: SQLite sorts and filters (``ORDER BY``/``WHERE``) once and hands
  back the ordered ``row_no`` keys; blocks are then fetched with ``row_no IN (…)``.
  On a big table (> ``ASYNC_ROWS``) that query runs in a background thread on its own
  read-only connection, so the window stays responsive; the view keeps the previous
  rows until the answer arrives (``busy_changed``, ``wait_ready()``).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

BLOCK = 256
MAX_BLOCKS = 64
ASYNC_ROWS = 100_000
LONG_CELL = 24  # characters past which a cell's full text is its tooltip


class _Relay(QObject):
    """Carries a background query's answer to the GUI thread (queued connection)."""

    answered = Signal(int, object)


Index = QModelIndex | QPersistentModelIndex


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlTableModel(QAbstractTableModel):
    """A read-only, windowed, SQL-sorted and SQL-filtered view of one table."""

    busy_changed = Signal(bool)

    def __init__(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: Sequence[str],
        headers: Sequence[str] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self._conn = conn
        self._table = table
        self._columns = list(columns)
        self._headers = list(headers or columns)
        self._select = ", ".join(f'"{c}"' for c in self._columns)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._filter_text = ""
        self._filter_col: int | None = None  # None: every column
        self._ids: array | None = None
        self._blocks: OrderedDict[int, list[tuple]] = OrderedDict()
        self.row_brush: Callable[[tuple], QColor | None] | None = None
        self.row_tooltip: Callable[[tuple], str | None] | None = None
        self.formatters: dict[int, Callable[[Any], str]] = {}  # column → display text
        self.fetched_rows = 0  # rows read from SQLite so far (tests, bench)
        self._count = 0
        self._base: int | None = None
        self._numeric = set()
        self._generation = 0
        self.busy = False
        self._relay = _Relay()
        self._relay.answered.connect(self._on_answer)
        self._table_rows = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        self._refresh_meta()

    # ---- state -------------------------------------------------------------------------
    def _refresh_meta(self) -> None:
        types = {
            name: (decl or "").upper()
            for _, name, decl, *_ in self._conn.execute(f'PRAGMA table_info("{self._table}")')
        }
        self._numeric = {
            i
            for i, c in enumerate(self._columns)
            if any(t in types.get(c, "") for t in ("INT", "REAL", "NUM"))
        }
        self._reload()

    def _where(self) -> tuple[str, list[Any]]:
        if not self._filter_text:
            return "", []
        pattern = f"%{_escape_like(self._filter_text)}%"
        cols = [self._columns[self._filter_col]] if self._filter_col is not None else self._columns
        parts = [f"CAST(\"{c}\" AS TEXT) LIKE ? ESCAPE '\\'" for c in cols]
        return " WHERE " + " OR ".join(parts), [pattern] * len(parts)

    def _key_query(self) -> tuple[str, list[Any]]:
        where, params = self._where()
        order = " ORDER BY row_no"
        if self._sort is not None:
            col, so = self._sort
            direction = "DESC" if so == Qt.SortOrder.DescendingOrder else "ASC"
            order = f' ORDER BY "{self._columns[col]}" {direction}, row_no {direction}'
        return f'SELECT row_no FROM "{self._table}"{where}{order}', params

    @staticmethod
    def _keys(conn: sqlite3.Connection, sql: str, params: list[Any]) -> array:
        cur = conn.execute(sql, params)
        ids = array("q")
        while chunk := cur.fetchmany(65536):
            ids.extend(r[0] for r in chunk)
        return ids

    def _reload(self) -> None:
        self._generation += 1
        if not self._filter_text and self._sort is None:
            self._set_busy(False)
            count, lo, hi = self._conn.execute(
                f'SELECT count(*), min(row_no), max(row_no) FROM "{self._table}"'
            ).fetchone()
            self._reset(None, count, lo if count and hi - lo + 1 == count else None)
            return
        sql, params = self._key_query()
        path = self._db_path()
        if self._table_rows <= ASYNC_ROWS or path is None:
            self._reset(self._keys(self._conn, sql, params), None, None)
            return
        generation = self._generation
        self._set_busy(True)

        def work() -> None:
            uri = path.resolve().as_uri() + "?mode=ro"
            try:
                conn = sqlite3.connect(uri, uri=True)
                try:
                    ids: object = self._keys(conn, sql, params)
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                ids = exc
            self._relay.answered.emit(generation, ids)

        threading.Thread(target=work, name="veridesk-sort", daemon=True).start()

    def _on_answer(self, generation: int, ids: object) -> None:
        if generation != self._generation:
            return  # a newer filter or sort superseded this one
        if isinstance(ids, Exception):  # fall back to this connection
            sql, params = self._key_query()
            ids = self._keys(self._conn, sql, params)
        self._reset(ids, None, None)  # type: ignore[arg-type]
        self._set_busy(False)

    def _reset(self, ids: array | None, count: int | None, base: int | None) -> None:
        self.beginResetModel()
        self._blocks.clear()
        self._ids = ids
        self._base = base
        self._count = len(ids) if ids is not None else int(count or 0)
        self.endResetModel()

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _db_path(self):
        from pathlib import Path

        for _, name, file in self._conn.execute("PRAGMA database_list"):
            if name == "main" and file:
                return Path(file)
        return None

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Process events until a background sort or filter has been applied."""
        end = time.monotonic() + timeout
        while self.busy and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        return not self.busy

    def set_filter(self, text: str, column: int | None = None) -> None:
        text = text.strip()
        if text == self._filter_text and column == self._filter_col:
            return
        self._filter_text, self._filter_col = text, column
        self._reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0:
            self._sort = None
        else:
            self._sort = (column, order)
        self._reload()

    @property
    def columns(self) -> list[str]:
        return list(self._columns)

    # ---- fetching ----------------------------------------------------------------------
    def _block(self, b: int) -> list[tuple]:
        rows = self._blocks.get(b)
        if rows is not None:
            self._blocks.move_to_end(b)
            return rows
        start = b * BLOCK
        stop = min(self._count, start + BLOCK)
        t = self._table
        if self._ids is not None:
            keys = self._ids[start:stop].tolist()
            marks = ",".join("?" * len(keys))
            got = {
                r[0]: r
                for r in self._conn.execute(
                    f'SELECT row_no, {self._select} FROM "{t}" WHERE row_no IN ({marks})', keys
                )
            }
            rows = [got[k][1:] for k in keys if k in got]
        elif self._base is not None:
            rows = self._conn.execute(
                f'SELECT {self._select} FROM "{t}" WHERE row_no BETWEEN ? AND ? ORDER BY row_no',
                (self._base + start, self._base + stop - 1),
            ).fetchall()
        else:
            rows = self._conn.execute(
                f'SELECT {self._select} FROM "{t}" ORDER BY row_no LIMIT ? OFFSET ?',
                (stop - start, start),
            ).fetchall()
        self.fetched_rows += len(rows)
        self._blocks[b] = rows
        if len(self._blocks) > MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return rows

    def row_values(self, row: int) -> tuple:
        rows = self._block(row // BLOCK)
        i = row % BLOCK
        return rows[i] if i < len(rows) else ()

    # ---- Qt model interface ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            values = self.row_values(index.row())
            if not values:
                return None
            v = values[index.column()]
            if v is None:
                return ""
            fmt = self.formatters.get(index.column())
            if fmt is not None:
                return fmt(v)
            if isinstance(v, float):
                return f"{v:,.10g}"
            return str(v)
        if role == Qt.ItemDataRole.UserRole:
            values = self.row_values(index.row())
            return values[index.column()] if values else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in self._numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self.row_brush:
            return self.row_brush(self.row_values(index.row()))
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.row_tooltip(self.row_values(index.row())) if self.row_tooltip else None
            if tip:
                return tip
            # a long cell is cut in its column: the tooltip shows it whole
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return text if isinstance(text, str) and len(text) > LONG_CELL else None
        return None

    def refresh_decorations(self) -> None:
        """Repaint after ``row_brush`` / ``row_tooltip`` changed (no data is re-read)."""
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self._count - 1, len(self._columns) - 1),
                [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole],
            )

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        return None
