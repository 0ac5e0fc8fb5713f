"""Sampling populations from an engagement's data (pure: frames in, arrays out).

- inventory: the included sources, amount = |tco2e|, item key = ``source_id``;
- monitoring: each row's share of the recomputed result. For each parameter P the
  result's elasticity E_P = ∂result / ∂ln(P) (central difference, all of P's values
  scaled by 1 ± h) is split over P's rows in proportion to their values:
  amount_i = |E_P × v_i / Σ v_P| — exact for results linear in sum(P). When the result
  cannot be recomputed, or a parameter's rows mix units or sum to 0, the rows are
  sampled by their own values within each parameter (``unit = "value"``), and the note
  says so; item key = the parameter;
- evidence: the evidence files, no amount (random selection), item key = the path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from desktop.rules.context import CheckContext
from desktop.rules.formula import FormulaError, evaluate_calculation
from desktop.rules.materiality import materiality_threshold

from .risk import rank
from .sampling import UNASSESSED, Basis, PlanError, Population

STEP = 1e-3  # relative step of the elasticity's central difference


def risk_codes(labels: Sequence[object], assessed: Mapping[str, str]) -> np.ndarray:
    """Per-row combined risk rank (0–2) from ``assessed`` (item → level), else UNASSESSED."""
    codes = {k: rank(v) for k, v in assessed.items()}
    s = pd.Series(labels, dtype=object).astype(str).map(codes)
    return s.fillna(UNASSESSED).to_numpy(dtype=np.int8)


def basis(ctx: CheckContext, population: str, assurance: str | None) -> Basis:
    """The materiality threshold and the total it applies to for ``population``."""
    pct = materiality_threshold(ctx).pct
    if ctx.engagement_type == "carbon-neutrality" or population == "inventory":
        total = ctx.reported_emissions_tco2e
        if total is None and ctx.inventory is not None:
            inv = ctx.inventory
            total = float(
                pd.to_numeric(inv.loc[inv["included"].astype(bool), "tco2e"], errors="coerce").sum()
            )
    else:
        total = ctx.reported_er_tco2e
        if total is None:
            total = _result(ctx, ctx.monitoring)
    if not total:
        raise PlanError("planning.no_total", population=population)
    return Basis(pct, float(total), assurance)


def inventory_population(ctx: CheckContext, assessed: Mapping[str, str]) -> Population:
    inv = ctx.inventory
    if inv is None or len(inv) == 0:
        raise PlanError("planning.no_table", population="inventory")
    inc = inv[inv["included"].astype(bool)]
    labels = inc["source_id"].astype(str).to_numpy(dtype=object)
    excluded = len(inv) - len(inc)
    note = f"{excluded} excluded source(s) are not in the population." if excluded else ""
    note_zh = f"排除之 {excluded} 個排放源不在母體內。" if excluded else ""
    return Population(
        "inventory",
        inc["row_no"].to_numpy(dtype=np.int64),
        labels,
        pd.to_numeric(inc["tco2e"], errors="coerce").to_numpy(dtype=float),
        risk_codes(labels, assessed),
        note=note,
        note_zh=note_zh,
    )


def _result(ctx: CheckContext, monitoring: pd.DataFrame | None) -> float | None:
    calc = ctx.calculation
    if calc is None or calc.result is None:
        return None
    try:
        res = evaluate_calculation(calc, monitoring).result
    except FormulaError:
        return None
    return None if res is None else float(res.value)


def monitoring_population(ctx: CheckContext, assessed: Mapping[str, str]) -> Population:
    mon = ctx.monitoring
    if mon is None or len(mon) == 0:
        raise PlanError("planning.no_table", population="monitoring")
    params = mon["parameter"].astype("string").str.strip().fillna("").to_numpy(dtype=object)
    values = pd.to_numeric(mon["value"], errors="coerce").to_numpy(dtype=float)
    amount, why = _attribute(ctx, mon, params, values)
    labels = params
    risk = risk_codes(labels, assessed)
    common = {"stratum": params}
    row_no = mon["row_no"].to_numpy(dtype=np.int64)
    if amount is not None:
        note, note_zh = why
        return Population(
            "monitoring", row_no, labels, amount, risk, note=note, note_zh=note_zh, **common
        )
    note, note_zh = why
    return Population(
        "monitoring",
        row_no,
        labels,
        np.abs(np.nan_to_num(values)),
        risk,
        unit="value",
        note=note,
        note_zh=note_zh,
        **common,
    )


def _attribute(
    ctx: CheckContext, mon: pd.DataFrame, params: np.ndarray, values: np.ndarray
) -> tuple[np.ndarray | None, tuple[str, str]]:
    """Each row's tCO2e share of the result, or ``None`` and why it cannot be attributed."""
    base = _result(ctx, mon)
    if base is None:
        return None, (
            "The result cannot be recomputed, so rows are sampled by their values within "
            "each parameter (not by tCO2e).",
            "無法重新計算結果，故各參數內依數值大小抽樣（非依 tCO2e）。",
        )
    amount = np.zeros(len(mon))
    unused, why = [], []
    units = mon["unit"].astype("string").str.strip() if "unit" in mon else None
    for name in sorted(set(params.tolist())):
        mask = params == name
        total = float(np.nansum(values[mask]))
        if units is not None and units[mask].nunique(dropna=True) > 1:
            why.append(f"{name} (mixed units)")
            continue
        if total == 0:
            why.append(f"{name} (sums to 0)")
            continue
        up = _result(ctx, mon.assign(value=np.where(mask, values * (1 + STEP), values)))
        down = _result(ctx, mon.assign(value=np.where(mask, values * (1 - STEP), values)))
        if up is None or down is None:
            why.append(f"{name} (no result when varied)")
            continue
        elasticity = (up - down) / (2 * STEP)
        if elasticity == 0:
            unused.append(name)
        amount[mask] = np.abs(elasticity * np.nan_to_num(values[mask]) / total)
    if why:
        listed = ", ".join(why)
        return None, (
            f"Some parameters cannot be attributed to the result ({listed}), so rows are "
            "sampled by their values within each parameter (not by tCO2e).",
            f"部分參數無法歸屬至結果（{listed}），故各參數內依數值大小抽樣（非依 tCO2e）。",
        )
    note = note_zh = ""
    if unused:
        note = f"Parameters that do not affect the result carry no tCO2e: {', '.join(unused)}."
        note_zh = f"不影響結果之參數不具 tCO2e：{'、'.join(unused)}。"
    return amount, (
        f"tCO2e per row: its share of the result. {note}".strip(),
        f"每列 tCO2e：其占結果之份額。{note_zh}",
    )


def evidence_population(
    files: Sequence[tuple[int, str]], assessed: Mapping[str, str]
) -> Population:
    """``files``: (id, path) of each evidence file; the id serves as ``row_no``."""
    if not files:
        raise PlanError("planning.no_table", population="evidence")
    labels = np.array([p for _i, p in files], dtype=object)
    return Population(
        "evidence",
        np.array([i for i, _p in files], dtype=np.int64),
        labels,
        np.full(len(files), np.nan),
        risk_codes(labels, assessed),
        unit="none",
    )


__all__ = [
    "basis",
    "evidence_population",
    "inventory_population",
    "monitoring_population",
]
