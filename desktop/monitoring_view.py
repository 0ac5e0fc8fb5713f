"""One monitored series (a parameter read by one meter) for the Monitoring page: the
readings downsampled to min/max per time bucket, and what the analytics flag in it.

Only that series is read (one SQL scan that returns its rows alone), never the whole
table; the flags come from the same :class:`~desktop.rules.monitoring_scan.Scan` the
checks use, which works per series, so the page and the checks agree. No Qt here.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from desktop.rules.monitoring_scan import Scan, read_meters
from desktop.store.monitoring import read_monitoring

BUCKETS = 1600  # at most this many min/max pairs are drawn (a wide screen's pixels)
MAX_FLAGGED = 2000  # rows listed under the chart


@dataclass(frozen=True)
class Series:
    """A (parameter, meter) pair and its number of readings."""

    parameter: str
    meter: str | None
    count: int

    @property
    def label(self) -> str:
        return f"{self.parameter} / {self.meter}" if self.meter else self.parameter


@dataclass(frozen=True)
class Flag:
    row_no: int
    ts: float  # seconds since 1970 UTC, NaN when undated
    value: float
    kind: str  # duplicate | outlier | capacity | calibration | unregistered


@dataclass
class SeriesView:
    """What the chart draws: buckets of readings and the flags."""

    series: Series
    unit: str | None = None
    start: float = np.nan  # the time axis
    end: float = np.nan
    bucket_t: np.ndarray = field(default_factory=lambda: np.zeros(0))  # bucket centres
    bucket_lo: np.ndarray = field(default_factory=lambda: np.zeros(0))
    bucket_hi: np.ndarray = field(default_factory=lambda: np.zeros(0))
    points: int = 0  # dated readings drawn
    gaps: list[tuple[float, float, int]] = field(default_factory=list)  # start, end, missing
    windows: list[tuple[float, float]] = field(default_factory=list)  # valid calibrations
    capacity: float | None = None
    flags: list[Flag] = field(default_factory=list)
    flagged_total: int = 0
    step: str | None = None  # the expected interval (stated or inferred)


def list_series(conn: sqlite3.Connection) -> list[Series]:
    """Every (parameter, meter) with its count, by parameter then meter."""
    return [
        Series(p, m or None, n)
        for p, m, n in conn.execute(
            "SELECT trim(parameter), trim(meter_id), count(*) FROM monitoring "
            "WHERE parameter IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
        )
    ]


def _context(conn: sqlite3.Connection) -> tuple[dict[str, str], pd.DataFrame | None,
                                               tuple[date | None, date | None]]:
    from desktop.engagement import _monitoring_fields, _supplied_tables

    fields = _monitoring_fields(conn, _supplied_tables(conn))
    start, end = conn.execute("SELECT period_start, period_end FROM engagement").fetchone()
    period = (date.fromisoformat(start) if start else None,
              date.fromisoformat(end) if end else None)
    return dict(fields.get("monitoring_frequency", ())), fields.get("meters"), period


def series_view(conn: sqlite3.Connection, series: Series, buckets: int = BUCKETS) -> SeriesView:
    """The readings of ``series`` bucketed for drawing, with its gaps, outliers,
    duplicates, readings above capacity and outside calibration."""
    data = read_monitoring(
        conn, "WHERE trim(parameter) = ? AND ifnull(trim(meter_id), '') = ?",
        (series.parameter, series.meter or ""),
    )
    view = SeriesView(series)
    if not len(data):
        return view
    frequency, meters_frame, period = _context(conn)
    meters = read_meters(meters_frame)
    scan = Scan(data, frequency, meters, period)
    view.unit = next((u for u in data.units if u), None)
    dated = ~np.isnan(data.ts)
    t, v = data.ts[dated], data.value[dated]
    view.points = int(dated.sum())
    if len(t):
        view.start, view.end = float(t.min()), float(t.max())
        _bucket(view, t, v, buckets)
    gaps = scan.gaps()
    view.gaps = [(float(a), float(b), int(n)) for a, b, n in
                 zip(gaps.start, gaps.end, gaps.missing, strict=True)]
    if gaps.steps:
        view.step = str(next(iter(gaps.steps.values())))
    for a, b, _n in view.gaps:  # the axis spans the period's edges when a gap reaches them
        view.start, view.end = np.nanmin([view.start, a]), np.nanmax([view.end, b])
    if meters is not None and series.meter:
        view.windows = list(meters.windows.get(series.meter, []))
        view.capacity = meters.capacity.get(series.meter)
    kinds: list[tuple[np.ndarray, str]] = [
        (scan.duplicates()[0], "duplicate"),
        (scan.outliers()[0], "outlier"),
        (scan.over_capacity(), "capacity"),
    ]
    outside, unknown, _undated = scan.calibration()
    kinds += [(outside, "calibration"), (unknown, "unregistered")]
    flags = [Flag(int(data.row_no[i]), float(data.ts[i]), float(data.value[i]), kind)
             for idx, kind in kinds for i in idx]
    # the few (outliers, duplicates, capacity) before the many (a lapsed calibration)
    flags.sort(key=lambda f: (f.kind in ("calibration", "unregistered"), f.row_no, f.kind))
    view.flagged_total = len(flags)
    view.flags = flags[:MAX_FLAGGED]
    return view


def _bucket(view: SeriesView, t: np.ndarray, v: np.ndarray, buckets: int) -> None:
    """Min and max of the values per time bucket (empty buckets left out)."""
    span = view.end - view.start
    if span <= 0 or len(t) <= buckets:
        order = np.argsort(t, kind="stable")
        view.bucket_t, view.bucket_lo, view.bucket_hi = t[order], v[order], v[order]
        return
    b = np.minimum(((t - view.start) / span * buckets).astype(np.int64), buckets - 1)
    ok = ~np.isnan(v)
    lo, hi = np.full(buckets, np.inf), np.full(buckets, -np.inf)
    np.minimum.at(lo, b[ok], v[ok])
    np.maximum.at(hi, b[ok], v[ok])
    has = np.isfinite(lo)
    centres = view.start + (np.arange(buckets) + 0.5) / buckets * span
    view.bucket_t, view.bucket_lo, view.bucket_hi = centres[has], lo[has], hi[has]

