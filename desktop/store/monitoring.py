"""Read the monitoring table into compact arrays in one SQL scan, never as a frame of
Python objects: a million rows cost a few tens of MiB (row, series, unit, time, value).

SQLite turns the period into seconds (``unixepoch``, or ``strftime('%s')`` before SQLite
3.38) and joins parameter, meter and unit into one key per row; numpy keeps 8-byte
columns per chunk of rows, so memory stays flat however long the table is.
"""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd

from desktop.rules.monitoring_data import MonitoringData

CHUNK = 1 << 15
_SEP = "\x1f"

_EPOCH = "unixepoch({})" if sqlite3.sqlite_version_info >= (3, 38) else (
    "CAST(strftime('%s', {}) AS INTEGER)"
)
# Only text that starts like a date is read (SQLite would take a bare number for a day);
# length and substr are much cheaper per row than GLOB.
PERIOD_SECONDS = (
    "CASE length(period) WHEN 4 THEN " + _EPOCH.format("period || '-01-01'")
    + " WHEN 7 THEN " + _EPOCH.format("period || '-01'")
    + " ELSE CASE WHEN substr(period, 5, 1) = '-' THEN " + _EPOCH.format("period")
    + " END END"
)


def read_monitoring(conn: sqlite3.Connection, where: str = "", args: tuple = ()) -> MonitoringData:
    """The ``monitoring`` table (optionally ``WHERE …``) as :class:`MonitoringData`, in
    ``row_no`` order. When the whole table's rows are numbered without a hole (the usual
    import) the numbers are not fetched: they are the range."""
    numbered = True
    first = 0
    if not where:
        n, lo, hi = conn.execute(
            "SELECT count(*), min(row_no), max(row_no) FROM monitoring").fetchone()
        if n and hi - lo + 1 == n:
            numbered, first = False, lo
    key = "ifnull(parameter, '') || char(31) || ifnull(meter_id, '') || char(31) || " \
          "ifnull(unit, '')"
    cols = f"{key}, ifnull({PERIOD_SECONDS}, 9e999), ifnull(value, 9e999)"
    cur = conn.execute(
        f"SELECT {cols}{', row_no' if numbered else ''} FROM monitoring {where} "
        f"ORDER BY row_no", args)
    codes: dict[str, int] = {}
    parts: list[tuple[np.ndarray, ...]] = []
    done = 0
    while rows := cur.fetchmany(CHUNK):
        block = np.array(rows, dtype=object)
        del rows
        local, uniques = pd.factorize(block[:, 0])
        remap = np.array([codes.setdefault(k, len(codes)) for k in uniques], dtype=np.int32)
        ts = block[:, 1].astype(float)
        value = block[:, 2].astype(float)
        ts[np.isinf(ts)] = np.nan  # NULL came as 9e999 (infinity): blank
        value[np.isinf(value)] = np.nan
        row_no = (block[:, 3].astype(np.int64) if numbered
                  else np.arange(first + done, first + done + len(block), dtype=np.int64))
        done += len(block)
        del block
        parts.append((row_no, remap[local], ts, value))
    return _assemble(codes, parts)


def _assemble(codes: dict[str, int], parts: list[tuple[np.ndarray, ...]]) -> MonitoringData:
    """Split each key into (parameter, meter) and unit codes; drop blank parameters."""
    series_of: dict[tuple[str, str | None], int] = {}
    unit_of: dict[str | None, int] = {}
    to_series = np.empty(len(codes), dtype=np.int32)
    to_unit = np.empty(len(codes), dtype=np.int32)
    blank = np.zeros(len(codes), dtype=bool)
    for key, code in codes.items():
        parameter, meter, unit = key.split(_SEP)
        parameter, meter, unit = parameter.strip(), meter.strip(), unit.strip()
        blank[code] = not parameter
        to_series[code] = series_of.setdefault((parameter, meter or None), len(series_of))
        to_unit[code] = unit_of.setdefault(unit or None, len(unit_of))
    if parts:
        row_no, key, ts, value = (np.concatenate(col) for col in zip(*parts, strict=True))
    else:
        row_no, key = np.zeros(0, np.int64), np.zeros(0, np.int32)
        ts = value = np.zeros(0)
    data = MonitoringData(
        tuple(series_of), tuple(unit_of), row_no, to_series[key], to_unit[key], ts, value
    )
    return data.take(~blank[key]) if blank.any() else data
