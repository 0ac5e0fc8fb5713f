"""Monitoring analytics over :class:`MonitoringData`, vectorised with numpy (design §13).

One sort by (series, time, row) serves duplicates and gaps; medians per series come from
one more sort (:func:`group_median`). A *series* is one parameter read by one meter.

- duplicates: a second reading of one series at one timestamp (the earliest row is kept);
- gaps: readings missing against the series' step: ``[monitoring.frequency]`` of its
  parameter, else the median interval (snapped to months, quarters or years when close);
  missing = round(interval / step) − 1 where the interval exceeds 1.5 steps, also from the
  period's start to the first reading and from the last to the period's end;
- outliers: robust z = 0.6745 (x − median) / MAD > 3.5 per series of at least
  :data:`MIN_OUTLIER_READINGS` (Iglewicz & Hoaglin 1993), and values above the meter's
  capacity in ``meters.csv``;
- calibration: readings of a registered meter outside every [calibrated_on, valid_until]
  window it has (a day counts whole), and readings of meters the register lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from .frequency import Step, parse_frequency
from .monitoring_data import MonitoringData, grouped_median, parse_period

Z_LIMIT = 3.5  # Iglewicz & Hoaglin (1993): |modified z| > 3.5 is a potential outlier
Z_FACTOR = 0.6745  # the 0.75 quantile of the standard normal: MAD → σ
MIN_OUTLIER_READINGS = 5  # a VeriDesk setting: fewer readings give no robust median
MIN_INFERRED_READINGS = 3  # a step is inferred from at least two intervals
DAY = 86400.0


@dataclass(frozen=True, eq=False)
class Gaps:
    """Missing readings: per gap its series, the rows either side (0 at the period's
    edge), the times either side and the readings missing."""

    series: np.ndarray
    before: np.ndarray  # row_no, 0 = the period's start
    after: np.ndarray  # row_no, 0 = the period's end
    start: np.ndarray
    end: np.ndarray
    missing: np.ndarray
    steps: dict[int, Step]  # per checked series
    unchecked: int  # series with too few dated readings and no stated frequency

    @property
    def total(self) -> int:
        return int(self.missing.sum())


@dataclass(frozen=True, eq=False)
class Meters:
    """``meters.csv`` per meter: capacity (largest stated) and calibration windows."""

    capacity: dict[str, float]
    windows: dict[str, list[tuple[float, float]]]  # [from, until) in seconds
    accuracy: dict[str, float]
    known: frozenset[str]


def read_meters(frame: pd.DataFrame | None) -> Meters | None:
    """The register from a ``meters`` frame (meter_id, serial, calibrated_on, valid_until,
    accuracy_pct, capacity); ``None`` without one."""
    if frame is None:
        return None
    capacity: dict[str, float] = {}
    windows: dict[str, list[tuple[float, float]]] = {}
    accuracy: dict[str, float] = {}
    for rec in frame.to_dict("records"):
        meter = str(rec.get("meter_id") or "").strip()
        if not meter:
            continue
        windows.setdefault(meter, [])
        cap = _number(rec.get("capacity"))
        if cap is not None:
            capacity[meter] = max(cap, capacity.get(meter, cap))
        acc = _number(rec.get("accuracy_pct"))
        if acc is not None:
            accuracy[meter] = max(acc, accuracy.get(meter, acc))
        until = parse_period(rec.get("valid_until"))
        if np.isnan(until):
            continue
        since = parse_period(rec.get("calibrated_on"))
        windows[meter].append((-np.inf if np.isnan(since) else since, until + DAY))
    return Meters(capacity, windows, accuracy, frozenset(windows))


def _number(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f


class Scan:
    """The analytics of one monitoring table, each computed on first use."""

    def __init__(
        self,
        data: MonitoringData,
        frequency: Mapping[str, str] | None = None,
        meters: Meters | None = None,
        period: tuple[date | None, date | None] = (None, None),
    ) -> None:
        self.data, self.meters = data, meters
        self.frequency = {k: s for k, v in (frequency or {}).items()
                          if (s := parse_frequency(v)) is not None}
        self.period = period
        d = data
        self.dated = ~np.isnan(d.ts)
        # rows by (series, time, row): NaN times sort last within their series
        # (rows are in row order: two stable sorts keep it among equal times)
        by_time = np.argsort(d.ts, kind="stable")
        self.order = by_time[np.argsort(d.series[by_time], kind="stable")]
        self.nseries = len(d.keys)

    # ------------------------------------------------------------------ duplicates
    def duplicates(self) -> tuple[np.ndarray, int]:
        """Indices of rows repeating an earlier reading (series and time), and the number
        of timestamps read more than once."""
        return self._duplicates

    @cached_property
    def _duplicates(self) -> tuple[np.ndarray, int]:
        o = self.order
        s, t = self.data.series[o], self.data.ts[o]
        same = (s[1:] == s[:-1]) & (t[1:] == t[:-1]) & ~np.isnan(t[1:])
        dup = o[1:][same]
        starts = same & ~np.concatenate([[False], same[:-1]])
        return np.sort(dup), int(starts.sum())

    # ------------------------------------------------------------------------ gaps
    def gaps(self) -> Gaps:
        d = self.data
        dup, _n = self.duplicates()
        keep = self.dated.copy()
        keep[dup] = False
        o = self.order[keep[self.order]]
        s, t, rows = d.series[o], d.ts[o], d.row_no[o]
        counts = np.bincount(s, minlength=self.nseries)
        steps = self._steps(s, t, counts)
        parts: list[tuple[np.ndarray, ...]] = []
        for code, step in steps.items():
            lo, hi = np.searchsorted(s, [code, code + 1])
            parts.append(self._series_gaps(code, step, t[lo:hi], rows[lo:hi]))
        unchecked = int(((counts > 0) & ~np.isin(np.arange(self.nseries), list(steps))).sum())
        if not parts:
            z = np.zeros(0, dtype=np.int64)
            return Gaps(z, z, z, z.astype(float), z.astype(float), z, steps, unchecked)
        cols = [np.concatenate(c) for c in zip(*parts, strict=True)]
        return Gaps(*cols, steps, unchecked)

    def _steps(self, s: np.ndarray, t: np.ndarray, counts: np.ndarray) -> dict[int, Step]:
        """The step of each series: stated for its parameter, else inferred."""
        same = s[1:] == s[:-1]
        diffs = np.where(same, t[1:] - t[:-1], np.nan)
        median = grouped_median(diffs, s[1:], self.nseries) if len(s) > 1 else np.full(
            self.nseries, np.nan)
        steps: dict[int, Step] = {}
        for code, (parameter, _meter) in enumerate(self.data.keys):
            stated = self.frequency.get(parameter)
            if stated is not None and counts[code] > 0:
                steps[code] = stated
            elif counts[code] >= MIN_INFERRED_READINGS and median[code] > 0:
                steps[code] = _snap(float(median[code]))
        return steps

    def _series_gaps(
        self, code: int, step: Step, t: np.ndarray, rows: np.ndarray
    ) -> tuple[np.ndarray, ...]:
        start, end = self.period
        lead = parse_period(start.isoformat()) if start else np.nan
        trail = parse_period(end.isoformat()) + DAY if end else np.nan
        edges_t = np.concatenate([[lead], t, [trail]])
        edges_r = np.concatenate([[0], rows, [0]])
        if step.months:
            m = _months(edges_t)
            if end:
                m[-1] = end.year * 12 + end.month  # the period's last month counts
            span = np.diff(m) / step.months
        else:
            span = np.diff(edges_t) / step.seconds
        missing = np.where(span > 1.5, np.round(span) - 1, 0.0)
        if step.months:  # from the period's first month, to its last, inclusive
            missing[0], missing[-1] = np.floor(span[0]), np.floor(span[-1])
        missing = np.where(np.isnan(span), 0.0, missing)
        missing = np.maximum(missing, 0).astype(np.int64)
        hit = np.nonzero(missing)[0]
        return (
            np.full(len(hit), code, dtype=np.int64), edges_r[hit], edges_r[hit + 1],
            edges_t[hit], edges_t[hit + 1], missing[hit],
        )

    # -------------------------------------------------------------------- outliers
    def outliers(self) -> tuple[np.ndarray, np.ndarray]:
        """Indices of rows with |robust z| > 3.5 in their series, and their z."""
        d = self.data
        counts = np.bincount(d.series[~np.isnan(d.value)], minlength=self.nseries)
        med = self.medians()
        o = self.order
        g = d.series[o]
        mad = grouped_median(np.abs(d.value[o] - med[g]), g, self.nseries)
        usable = (counts >= MIN_OUTLIER_READINGS) & (mad > 0)
        ok = usable[d.series]
        z = np.zeros(len(d))
        z[ok] = Z_FACTOR * (d.value[ok] - med[d.series[ok]]) / mad[d.series[ok]]
        hit = np.nonzero(np.abs(z) > Z_LIMIT)[0]
        return hit, z[hit]

    @cached_property
    def _medians(self) -> np.ndarray:
        o = self.order
        return grouped_median(self.data.value[o], self.data.series[o], self.nseries)

    def medians(self) -> np.ndarray:
        """The median value of each series (NaN for an empty one)."""
        return self._medians

    def over_capacity(self) -> np.ndarray:
        """Indices of readings above their meter's stated capacity."""
        if self.meters is None or not self.meters.capacity:
            return np.zeros(0, dtype=np.int64)
        cap = np.array([self.meters.capacity.get(m or "", np.inf) for _p, m in self.data.keys])
        if not len(cap):
            return np.zeros(0, dtype=np.int64)
        return np.nonzero(self.data.value > cap[self.data.series])[0]

    # ----------------------------------------------------------------- calibration
    def calibration(self) -> tuple[np.ndarray, np.ndarray, int]:
        """Indices of readings outside every calibration window of their meter, indices
        of readings of meters the register lacks, and undated readings of registered
        meters (which cannot be placed)."""
        d = self.data
        z = np.zeros(0, dtype=np.int64)
        if self.meters is None:
            return z, z, 0
        by_series = np.argsort(d.series, kind="stable")
        bounds = np.searchsorted(d.series[by_series], np.arange(self.nseries + 1))
        outside, unknown, undated = [], [], 0
        for code, (_p, meter) in enumerate(d.keys):
            idx = by_series[bounds[code]:bounds[code + 1]]
            if meter is None or not len(idx):
                continue
            if meter not in self.meters.known:
                unknown.append(idx)
                continue
            t = d.ts[idx]
            inside = np.zeros(len(idx), dtype=bool)
            for since, until in self.meters.windows[meter]:
                inside |= (t >= since) & (t < until)
            dated = ~np.isnan(t)
            undated += int((~dated).sum())
            outside.append(idx[dated & ~inside])
        def cat(xs):
            return (np.sort(np.concatenate(xs)) if xs else z)
        return cat(outside), cat(unknown), undated


def _snap(seconds: float) -> Step:
    """A median interval as a step: near a month, quarter or year it is calendar months."""
    days = seconds / DAY
    for months, lo, hi in ((1, 27.5, 31.5), (3, 88.5, 92.5), (12, 364.5, 366.5)):
        if lo <= days <= hi:
            return Step(months=months)
    return Step(seconds=seconds)


def _months(ts: np.ndarray) -> np.ndarray:
    """Calendar month numbers (year × 12 + month) of timestamps (NaN stays NaN)."""
    out = np.full(len(ts), np.nan)
    ok = ~np.isnan(ts)
    m = ts[ok].astype("int64").astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    out[ok] = m + 1970 * 12 + 1
    return out
