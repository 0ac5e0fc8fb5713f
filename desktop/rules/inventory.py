"""The emission inventory as typed arrays, and the ``inventory.recalc`` check.

Columns are read by name (design §4); missing optional columns count as blank. Rows are
ordered by ``row_no`` so that every result is independent of the frame's row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .context import NEUTRALITY, CheckContext
from .prepared import Prepared, prepare
from .result import (
    TOLERANCE_PCT,
    CheckResult,
    fmt_rule,
    list_rows,
    not_applicable,
    type_gate,
)

_TRUE = frozenset({"yes", "y", "true", "t", "1", "1.0", "是", "納入", "included"})


@dataclass(frozen=True, eq=False)
class Inventory:
    """Typed columns of the inventory, in ``row_no`` order (arrays of equal length)."""

    frame: pd.DataFrame  # the original frame, reordered by row_no
    label: np.ndarray  # object: source_id, or "row N" where blank
    scope: np.ndarray  # float: 1, 2, 3 or NaN
    tco2e: np.ndarray  # float, NaN where blank
    included: np.ndarray  # bool (blank counts as not included)
    activity: np.ndarray  # float
    ef: np.ndarray  # float

    @property
    def n(self) -> int:
        return len(self.label)

    @cached_property
    def emissions(self) -> np.ndarray:
        """``tco2e`` with blanks as 0."""
        return np.nan_to_num(self.tco2e, nan=0.0)

    @property
    def included_total(self) -> float:
        """The recomputed footprint: sum of the included sources' tCO2e."""
        return float(self.emissions[self.included].sum())


def numbers(frame: pd.DataFrame, column: str) -> np.ndarray:
    """``column`` as floats (NaN where blank or missing)."""
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    col = frame[column]
    if pd.api.types.is_bool_dtype(col) and not col.hasnans:
        return col.to_numpy(dtype=bool)
    codes, uniques = pd.factorize(col)  # few distinct values: normalise those only
    truth = np.array([str(u).strip().casefold() in _TRUE for u in uniques] + [False])
    return truth[codes]  # code -1 (blank) picks the trailing False


def labels(frame: pd.DataFrame, column: str) -> np.ndarray:
    """Record names for ``rows``: the ``column`` value, or ``row N`` where it is blank."""
    n = len(frame)
    if column in frame:
        out = frame[column].to_numpy(dtype=object, na_value=None)
        blank = pd.isna(out) | (out == "")
        if pd.api.types.infer_dtype(out, skipna=True) not in ("string", "empty"):
            out = np.array([None if b else str(x) for x, b in zip(out, blank, strict=True)], object)
    else:
        out = np.empty(n, dtype=object)
        blank = np.ones(n, dtype=bool)
    if blank.any():
        row_no = frame["row_no"].to_numpy() if "row_no" in frame else np.arange(1, n + 1)
        out = out.copy()  # never write into the caller's frame
        out[blank] = [f"row {r}" for r in row_no[blank]]
    return out


def by_row_no(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` ordered by ``row_no`` (stable), so results ignore the input row order."""
    if "row_no" in frame and not frame["row_no"].is_monotonic_increasing:
        return frame.sort_values("row_no", kind="stable")
    return frame


def prepare_inventory(frame: pd.DataFrame) -> Inventory:
    """Type the inventory frame's columns once for all the checks."""
    frame = by_row_no(frame)
    return Inventory(
        frame=frame,
        label=labels(frame, "source_id"),
        scope=numbers(frame, "scope"),
        tco2e=numbers(frame, "tco2e"),
        included=_flags(frame, "included"),
        activity=numbers(frame, "activity"),
        ef=numbers(frame, "ef"),
    )


def inventory_or_na(code: str, p: Prepared) -> Inventory | CheckResult:
    """The prepared inventory, or the ``n/a`` result for a check that needs one."""
    gate = type_gate(code, p.ctx.engagement_type, NEUTRALITY)
    if gate is not None:
        return gate
    if p.inventory is None:
        return not_applicable(code, "The dossier has no inventory table.", "案卷未附排放清冊。")
    return p.inventory


def check_inventory_recalc(ctx: CheckContext | Prepared) -> CheckResult:
    """``inventory.recalc``: activity × emission factor agrees with the stated tCO2e.

    Clause: ISO 14064-3:2019 evidence gathering (recalculation as an analytical
    procedure); PAS 2060 / ISO 14068-1 rely on a correctly quantified footprint. The 0.5 %
    tolerance is VeriDesk's (see ``TOLERANCE_PCT``); units are the client's and are not
    converted. Rows where activity or ef is blank, or both are zero (estimates stated
    only as tCO2e), are not checked. A blank tCO2e next to activity and ef disagrees.
    """
    code = "inventory.recalc"
    p = prepare(ctx)
    inv = inventory_or_na(code, p)
    if isinstance(inv, CheckResult):
        return inv
    a, ef, t = inv.activity, inv.ef, inv.tco2e
    checked = ~np.isnan(a) & ~np.isnan(ef) & ~((a == 0) & (ef == 0))
    with np.errstate(invalid="ignore"):
        product = a * ef
        agrees = np.abs(product - t) <= np.abs(t) * (TOLERANCE_PCT / 100) + 1e-9
    bad = checked & ~agrees
    n_checked, n_bad = int(checked.sum()), int(bad.sum())
    rows = inv.label[bad].tolist()
    figures = {"checked": n_checked, "disagreeing": n_bad}
    if n_checked == 0:
        return CheckResult(
            code,
            "n/a",
            figures,
            "No source states both activity data and an emission factor.",
            [],
            "沒有排放源同時列出活動數據與排放係數，無法重新計算。",
        )
    tol = fmt_rule(TOLERANCE_PCT)
    if n_bad == 0:
        return CheckResult(
            code,
            "pass",
            figures,
            f"All {n_checked} sources with activity and emission factor agree within {tol}.",
            [],
            f"{n_checked} 筆具活動數據與排放係數的排放源，重新計算結果皆在 {tol} 以內。",
        )
    return CheckResult(
        code,
        "warn",
        figures,
        f"{n_bad} of {n_checked} sources: activity × emission factor differs from tCO2e by "
        f"more than {tol} ({list_rows(rows)}).",
        rows,
        f"{n_checked} 筆中有 {n_bad} 筆排放源的活動數據 × 排放係數與排放量相差超過 {tol}"
        f"（{list_rows(rows)}）。",
    )
