"""The monitoring table as compact numpy columns, for a million rows and for a test's frame.

The store reads ``monitoring`` into a :class:`MonitoringData` in one SQL scan
(:mod:`desktop.store.monitoring`); a hand-built ``CheckContext(monitoring=DataFrame)`` is
turned into the same thing by :func:`from_frame`. The rules see only this: per row a
series code (parameter + meter), a unit code, the timestamp in seconds and the value.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np
import pandas as pd

_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-\d{2}")


@dataclass(frozen=True, eq=False)
class MonitoringData:
    """The monitoring rows as arrays (one element per row, in ``row_no`` order).

    ``series[i]`` indexes :attr:`keys` (parameter, meter_id or ``None``); ``unit[i]``
    indexes :attr:`units` (the unit cell as written, ``None`` when blank); ``ts`` is
    seconds since 1970 UTC (NaN: blank or unreadable period); ``value`` NaN when blank.
    """

    keys: tuple[tuple[str, str | None], ...]
    units: tuple[str | None, ...]
    row_no: np.ndarray  # int64
    series: np.ndarray  # int32
    unit: np.ndarray  # int32
    ts: np.ndarray  # float64
    value: np.ndarray  # float64
    # what is computed once per table (the formulas' aggregates)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.row_no)

    @property
    def parameters(self) -> np.ndarray:
        """Per series, the index of its parameter in :meth:`parameter_names`."""
        names = self.parameter_names()
        where = {n: i for i, n in enumerate(names)}
        return np.array([where[p] for p, _m in self.keys], dtype=np.int32)

    def parameter_names(self) -> list[str]:
        """Distinct parameters, in order of first appearance among the series."""
        return list(dict.fromkeys(p for p, _m in self.keys))

    # A frame's reading interface, for code written against ``CheckContext.monitoring``
    # as a DataFrame: ``data["parameter"]``, ``"unit" in data``, ``data.assign(value=…)``.
    COLUMNS = ("row_no", "parameter", "period", "value", "unit", "meter_id")

    def __contains__(self, column: object) -> bool:
        return column in self.COLUMNS

    def __getitem__(self, column: object) -> pd.Series | MonitoringData:  # type: ignore[override]
        """A column as a pandas Series (text columns categorical: no string per row);
        a boolean mask selects rows, as on a frame."""
        if not isinstance(column, str):
            return self.take(np.asarray(column, dtype=bool))
        if column == "row_no":
            return pd.Series(self.row_no, name=column)
        if column == "value":
            return pd.Series(self.value, name=column)
        if column == "period":
            return pd.Series(pd.to_datetime(self.ts, unit="s"), name=column)
        if column in ("parameter", "meter_id"):
            pick = 0 if column == "parameter" else 1
            cats = [k[pick] for k in self.keys]
            return pd.Series(_categorical(self.series, cats), name=column)
        if column == "unit":
            return pd.Series(_categorical(self.unit, list(self.units)), name=column)
        raise KeyError(column)

    def assign(self, **columns: np.ndarray) -> MonitoringData:
        """A copy with other values (only ``value`` may be replaced)."""
        if set(columns) - {"value"}:
            raise KeyError(", ".join(sorted(set(columns) - {"value"})))
        value = np.asarray(columns["value"], dtype=float)
        return MonitoringData(self.keys, self.units, self.row_no, self.series, self.unit,
                              self.ts, value)

    def to_frame(self) -> pd.DataFrame:
        """The columns of :attr:`COLUMNS` as a frame (text columns categorical)."""
        return pd.DataFrame({c: self[c] for c in self.COLUMNS})

    def take(self, mask: np.ndarray) -> MonitoringData:
        """The rows where ``mask`` is true (same keys)."""
        return MonitoringData(
            self.keys, self.units, self.row_no[mask], self.series[mask], self.unit[mask],
            self.ts[mask], self.value[mask],
        )

    def extended(self, series: np.ndarray, unit: np.ndarray, value: np.ndarray) -> MonitoringData:
        """These rows plus made-up ones (row 0, undated): readings that were not taken."""
        n = len(series)
        return MonitoringData(
            self.keys, self.units,
            np.concatenate([self.row_no, np.zeros(n, dtype=np.int64)]),
            np.concatenate([self.series, series.astype(np.int32)]),
            np.concatenate([self.unit, unit.astype(np.int32)]),
            np.concatenate([self.ts, np.full(n, np.nan)]),
            np.concatenate([self.value, value.astype(float)]),
        )


def _categorical(codes: np.ndarray, labels: list[str | None]) -> pd.Categorical:
    """Codes into ``labels`` as a Categorical (``None`` labels become missing)."""
    uniq = list(dict.fromkeys(x for x in labels if x is not None))
    where = {x: i for i, x in enumerate(uniq)}
    lut = np.array([where.get(x, -1) if x is not None else -1 for x in labels] or [-1])
    return pd.Categorical.from_codes(lut[codes] if len(codes) else codes, categories=uniq)


def empty_like(data: MonitoringData) -> MonitoringData:
    """No rows, with the series and units of ``data``."""
    return data.take(np.zeros(len(data), dtype=bool))


def empty() -> MonitoringData:
    z = np.zeros(0)
    return MonitoringData((), (), z.astype(np.int64), z.astype(np.int32), z.astype(np.int32),
                          z, z)


def parse_period(text: object) -> float:
    """Seconds since 1970 UTC of a period cell: ``2024``, ``2024-03``, ``2024-03-05``,
    ``2024-03-05T14:00[:00][Z|+08:00]`` (a space for the T too); NaN otherwise. Naive times
    are taken as UTC, like SQLite's ``unixepoch`` that the store uses."""
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return np.nan
    if isinstance(text, datetime):
        moment = text if text.tzinfo else text.replace(tzinfo=UTC)
        return moment.timestamp()
    s = str(text).strip()
    if _YEAR.fullmatch(s):
        s += "-01-01"
    elif _MONTH.fullmatch(s):
        s += "-01"
    elif not (len(s) >= 10 and _YEAR.match(s) and s[4] == "-"):
        return np.nan
    try:
        moment = datetime.fromisoformat(s)
    except ValueError:
        return np.nan
    if moment.tzinfo is None:
        return float(calendar.timegm(moment.timetuple())) + moment.microsecond / 1e6
    return moment.timestamp()


def _text(cell: object) -> str | None:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell is pd.NA:
        return None
    s = str(cell).strip()
    return s or None


def build(
    row_no: Sequence[int] | np.ndarray,
    parameters: Sequence[object],
    meters: Sequence[object],
    units: Sequence[object],
    ts: np.ndarray,
    values: np.ndarray,
) -> MonitoringData:
    """A :class:`MonitoringData` from plain columns (rows with a blank parameter dropped)."""
    keys: dict[tuple[str, str | None], int] = {}
    unit_codes: dict[str | None, int] = {}
    series = np.empty(len(parameters), dtype=np.int32)
    unit = np.empty(len(parameters), dtype=np.int32)
    keep = np.ones(len(parameters), dtype=bool)
    for i, (p, m, u) in enumerate(zip(parameters, meters, units, strict=True)):
        name = _text(p)
        if name is None:
            keep[i] = False
            continue
        series[i] = keys.setdefault((name, _text(m)), len(keys))
        unit[i] = unit_codes.setdefault(_text(u), len(unit_codes))
    data = MonitoringData(
        tuple(keys), tuple(unit_codes), np.asarray(row_no, dtype=np.int64), series, unit,
        np.asarray(ts, dtype=float), np.asarray(values, dtype=float),
    )
    if not keep.all():
        data = data.take(keep)
    if len(data) > 1 and (np.diff(data.row_no) < 0).any():  # row order, as the store reads
        data = data.take(np.argsort(data.row_no, kind="stable"))
    return data


def from_frame(frame: pd.DataFrame | None) -> MonitoringData:
    """The arrays of a ``monitoring`` frame (row_no, parameter, period, value, unit,
    meter_id; missing columns are blank, a missing ``row_no`` counts from 2)."""
    if frame is None or len(frame) == 0 or "parameter" not in frame:
        return empty()
    n = len(frame)
    blank = [None] * n
    row_no = (
        frame["row_no"].to_numpy(dtype=np.int64)
        if "row_no" in frame else np.arange(2, n + 2, dtype=np.int64)
    )
    periods = frame["period"].tolist() if "period" in frame else blank
    values = pd.to_numeric(frame["value"], errors="coerce") if "value" in frame else None
    return build(
        row_no,
        frame["parameter"].tolist(),
        frame["meter_id"].tolist() if "meter_id" in frame else blank,
        frame["unit"].tolist() if "unit" in frame else blank,
        np.array([parse_period(p) for p in periods], dtype=float),
        np.full(n, np.nan) if values is None else values.to_numpy(dtype=float, na_value=np.nan),
    )


def as_data(monitoring: pd.DataFrame | MonitoringData | None) -> MonitoringData:
    """``monitoring`` as :class:`MonitoringData` (a frame is converted)."""
    return monitoring if isinstance(monitoring, MonitoringData) else from_frame(monitoring)


def group_median(values: np.ndarray, groups: np.ndarray, ngroups: int) -> np.ndarray:
    """The median of ``values`` per group (NaN values ignored; NaN for an empty group)."""
    ok = ~np.isnan(values)
    v, g = values[ok], groups[ok]
    by_value = np.argsort(v)  # then a stable sort by group: sorted by (group, value)
    order = by_value[np.argsort(g[by_value], kind="stable")]
    v, g = v[order], g[order]
    counts = np.bincount(g, minlength=ngroups)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    out = np.full(ngroups, np.nan)
    has = counts > 0
    lo = starts[has] + (counts[has] - 1) // 2
    hi = starts[has] + counts[has] // 2
    out[has] = (v[lo] + v[hi]) / 2
    return out


LOOP_GROUPS = 4096  # up to this many groups, a median per slice beats one global sort


def grouped_median(values: np.ndarray, groups: np.ndarray, ngroups: int) -> np.ndarray:
    """:func:`group_median` of values already ordered by group (``groups`` ascending):
    with few groups, ``np.median`` of each slice (a partition, not a sort)."""
    if ngroups > LOOP_GROUPS:
        return group_median(values, groups, ngroups)
    bounds = np.searchsorted(groups, np.arange(ngroups + 1))
    out = np.full(ngroups, np.nan)
    for g in range(ngroups):
        seg = values[bounds[g]:bounds[g + 1]]
        if len(seg):
            seg = seg[~np.isnan(seg)]
            if len(seg):
                out[g] = np.median(seg)
    return out
