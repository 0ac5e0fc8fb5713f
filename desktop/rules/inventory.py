"""The emission inventory as typed arrays, and the ``inventory.recalc`` check.

Columns are read by name (design §4); missing optional columns count as blank. Rows are
ordered by ``row_no`` so that every result is independent of the frame's row order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from . import units
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
from .units import UnitProblem

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
    activity_unit: np.ndarray | None = None  # object: the cells as written (None if no column)
    ef_unit: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.label)

    @cached_property
    def emissions(self) -> np.ndarray:
        """``tco2e`` with blanks as 0."""
        return np.nan_to_num(self.tco2e, nan=0.0)

    @property
    def included_total(self) -> float:
        """The recomputed footprint: the included sources' gross emissions (tCO2e).

        Removals (negative rows) never net the footprint: coverage, offsetting and the
        comparison with the reported footprint all use gross emissions, and removals are
        reported apart (:attr:`included_removals`), as PAS 2060 and ISO 14068-1 require.
        """
        e = self.emissions[self.included]
        return float(e[e > 0].sum())

    @property
    def included_removals(self) -> float:
        """Removals (negative rows) of the included sources, as a positive tCO2e figure."""
        e = self.emissions[self.included]
        return float(-e[e < 0].sum())


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
        activity_unit=_cells(frame, "activity_unit"),
        ef_unit=_cells(frame, "ef_unit"),
    )


def _cells(frame: pd.DataFrame, column: str) -> np.ndarray | None:
    if column not in frame:
        return None
    return frame[column].to_numpy(dtype=object)


def inventory_or_na(code: str, p: Prepared) -> Inventory | CheckResult:
    """The prepared inventory, or the ``n/a`` result for a check that needs one."""
    gate = type_gate(code, p.ctx.engagement_type, NEUTRALITY)
    if gate is not None:
        return gate
    if p.inventory is None:
        return not_applicable(code, "The dossier has no inventory table.", "案卷未附排放清冊。")
    return p.inventory


@dataclass(frozen=True, eq=False)
class UnitConversions:
    """Each row's units read once per distinct (activity_unit, ef_unit) pair."""

    factor: np.ndarray  # float: activity × ef × factor = tCO2e (1 without units, NaN: problem)
    stated: np.ndarray  # bool: the row gives a unit
    problem: np.ndarray  # int: index into ``problems``, -1 when none
    problems: tuple[UnitProblem, ...]


def _unit_codes(cells: np.ndarray | None, n: int) -> tuple[np.ndarray, list[str | None]]:
    """Codes (0 = blank) and the distinct cells they stand for (index code - 1)."""
    if cells is None:
        return np.zeros(n, dtype=np.int64), []
    codes, uniques = pd.factorize(cells)
    texts = [None if pd.isna(u) else str(u) for u in uniques]
    return codes.astype(np.int64) + 1, texts


def unit_conversions(inv: Inventory) -> UnitConversions:
    """The unit conversion of every row, computed per distinct unit pair (fast on 100 000
    rows with a handful of pairs)."""
    n = inv.n
    ca, ua = _unit_codes(inv.activity_unit, n)
    ce, ue = _unit_codes(inv.ef_unit, n)
    pair, keys = pd.factorize(ca * (len(ue) + 1) + ce)
    f = np.empty(len(keys))
    stated = np.empty(len(keys), dtype=bool)
    problem = np.full(len(keys), -1, dtype=np.int64)
    problems: list[UnitProblem] = []
    for k, key in enumerate(keys.tolist()):
        i, j = divmod(int(key), len(ue) + 1)
        c = units.conversion(ua[i - 1] if i else None, ue[j - 1] if j else None)
        stated[k] = c.stated
        f[k] = np.nan if c.factor is None else c.factor
        if c.problem is not None:
            problem[k] = len(problems)
            problems.append(c.problem)
    return UnitConversions(f[pair], stated[pair], problem[pair], tuple(problems))


def check_inventory_recalc(ctx: CheckContext | Prepared) -> CheckResult:
    """``inventory.recalc``: activity × emission factor agrees with the stated tCO2e.

    Clause: ISO 14064-3:2019 evidence gathering (recalculation as an analytical
    procedure); PAS 2060 / ISO 14068-1 rely on a correctly quantified footprint. The 0.5 %
    tolerance is VeriDesk's (see ``TOLERANCE_PCT``). Rows where activity or ef is blank, or
    both are zero (estimates stated only as tCO2e), are not checked. A blank tCO2e next to
    activity and ef disagrees.

    Units (``activity_unit``, ``ef_unit``) are read with :mod:`desktop.rules.units` and the
    product converted to tCO2e (106 880 kWh × 0.494 tCO2e/MWh = 52.80 t). A row whose units
    are unknown, or whose product is not a mass of CO2e, is not recomputed: it is a ``warn``
    naming the row and the unit. A row with no unit at all is compared as it stands (the
    units are the client's) and the message says so. Figures: ``checked``,
    ``disagreeing``, ``unit_problems``, ``converted`` (rows whose units were read and
    converted), ``without_units``.
    """
    code = "inventory.recalc"
    p = prepare(ctx)
    inv = inventory_or_na(code, p)
    if isinstance(inv, CheckResult):
        return inv
    a, ef, t = inv.activity, inv.ef, inv.tco2e
    checked = ~np.isnan(a) & ~np.isnan(ef) & ~((a == 0) & (ef == 0))
    conv = unit_conversions(inv)
    unit_bad = checked & (conv.problem >= 0)
    computed = checked & ~unit_bad
    with np.errstate(invalid="ignore"):
        product = a * ef * conv.factor
        agrees = np.abs(product - t) <= np.abs(t) * (TOLERANCE_PCT / 100) + 1e-9
    bad = computed & ~agrees
    converted = computed & conv.stated
    unitless = computed & ~conv.stated
    n_checked, n_bad, n_units = int(checked.sum()), int(bad.sum()), int(unit_bad.sum())
    n_unitless = int(unitless.sum())
    rows = inv.label[bad | unit_bad].tolist()
    figures = {
        "checked": n_checked,
        "disagreeing": n_bad,
        "unit_problems": n_units,
        "converted": int(converted.sum()),
        "without_units": n_unitless,
    }
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
    note, note_zh = "", ""
    if n_unitless:
        note = (
            f" {n_unitless} of them state no units: activity × factor is compared with tCO2e "
            "as it stands (the units are the client's)."
        )
        note_zh = (
            f"其中 {n_unitless} 筆未填單位：活動數據 × 係數直接與排放量比較（單位由委託者負責）。"
        )
    if n_bad == 0 and n_units == 0:
        how = ", their units converted to tCO2e" if figures["converted"] else ""
        how_zh = "換算為 tCO2e 後" if figures["converted"] else ""
        return CheckResult(
            code,
            "pass",
            figures,
            f"All {n_checked} sources with activity and emission factor agree within "
            f"{tol}{how}.{note}",
            [],
            f"{n_checked} 筆具活動數據與排放係數的排放源，{how_zh}重新計算結果皆在 {tol} 以內。"
            f"{note_zh}",
        )
    en, zh = [], []
    if n_bad:
        bad_rows = inv.label[bad].tolist()
        en.append(
            f"{n_bad} of {n_checked} sources: activity × emission factor differs from tCO2e "
            f"by more than {tol} ({list_rows(bad_rows)})."
        )
        zh.append(
            f"{n_checked} 筆中有 {n_bad} 筆排放源的活動數據 × 排放係數與排放量相差超過 {tol}"
            f"（{list_rows(bad_rows)}）。"
        )
    if n_units:
        groups = _problem_groups(conv.problem, unit_bad, inv.label, conv.problems)
        en.append(
            f"{n_units} of {n_checked} sources have units that cannot be brought to tCO2e, so "
            "they were not recomputed: "
            + "; ".join(f"{prob.en} ({list_rows(r)})" for prob, r in groups)
            + "."
        )
        zh.append(
            f"{n_checked} 筆中有 {n_units} 筆排放源的單位無法換算為 tCO2e，未重新計算："
            + "；".join(f"{prob.zh}（{list_rows(r)}）" for prob, r in groups)
            + "。"
        )
    return CheckResult(code, "warn", figures, " ".join(en) + note, rows, "".join(zh) + note_zh)


def _problem_groups(
    problem: np.ndarray,
    mask: np.ndarray,
    label: np.ndarray,
    problems: tuple[UnitProblem, ...],
    limit: int = 5,
) -> list[tuple[UnitProblem, list[str]]]:
    """The unit problems met, in the order of their first row, each with its rows."""
    idx = problem[mask]
    names = label[mask]
    order = pd.unique(idx)
    groups = [(problems[int(k)], names[idx == k].tolist()) for k in order[:limit]]
    if len(order) > limit:
        more = names[np.isin(idx, order[limit:])].tolist()
        k = len(order) - limit
        extra = UnitProblem("", f"{k} other unit problems", f"另 {k} 種單位問題")
        groups.append((extra, more))
    return groups
