"""The project's yearly cash flow from ``investment.csv`` (design §14).

Columns: ``year`` and either the components ``capex, revenue, opex, other`` or a single
signed ``cash_flow`` (both may be given; they must then agree).

Sign convention (what a PDD's investment sheet usually holds, in either of its layouts):

- ``revenue``: income, never negative (a cost belongs in ``opex`` or ``other``);
- ``capex`` and ``opex``: costs. A column written as positive amounts (the input sheet's
  layout) or as negative outflows (the cash-flow statement's layout) is accepted; the
  costs are its absolute values. A column that mixes both signs is ambiguous and refused,
  naming the first cell whose sign differs from the column's first non-zero value
  (a residual value or a refund is an inflow: put it in ``other``);
- ``other``: signed, inflow positive (residual value, subsidy, working capital released),
  outflow negative (tax, working capital);
- ``cash_flow``: the signed net, inflow positive.

The net cash flow is ``revenue − capex − opex + other``. Years are whole, ascending and
consecutive: one row a year, the first row being t = 0 of the discounting (the
convention of numpy-financial and of a spreadsheet's ``IRR``). Blank cells count as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from desktop.errors import InputError, Problem

COMPONENTS: tuple[str, ...] = ("capex", "revenue", "opex", "other")
COSTS: tuple[str, ...] = ("capex", "opex")
# |cash_flow − (revenue − capex − opex + other)| allowed, as a share of the row's gross
# amounts: a spreadsheet that rounds its net to thousands is not a finding
AGREE_REL = 0.005
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class CashFlows:
    """The validated yearly cash flows; costs are positive amounts."""

    years: tuple[int, ...]
    rows: tuple[int, ...]  # the spreadsheet rows (header = 1)
    components: dict[str, tuple[float, ...]] | None  # None: only ``cash_flow`` was given
    net: tuple[float, ...]
    convention: dict[str, str]  # capex/opex → "positive" | "negative" (as written)

    @property
    def has_components(self) -> bool:
        return self.components is not None

    def flows(self, changes: Mapping[str, float] | None = None) -> np.ndarray:
        """The net cash flow with each named component scaled by ``1 + change``
        (``{"capex": 0.1}``: capex 10 % higher)."""
        if not changes:
            return np.asarray(self.net, dtype=float)
        if self.components is None:
            raise ValueError("the table gives only cash_flow: its components cannot vary")
        c = {k: np.asarray(v, dtype=float) * (1 + changes.get(k, 0.0))
             for k, v in self.components.items()}
        return c["revenue"] - c["capex"] - c["opex"] + c["other"]

    def total(self, name: str) -> float:
        """Sum of one component over the years (0 without components)."""
        return float(sum(self.components[name])) if self.components else 0.0


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def cash_flows(records: Iterable[Mapping[str, Any]], label: str = "investment.csv") -> CashFlows:
    """Validate the table's records (``row_no``, ``year`` and the columns given) and build
    the cash flows. Raise :class:`InputError` naming file, row and column of each problem."""
    rows = sorted(records, key=lambda r: int(r.get("row_no") or 0))
    problems: list[Problem] = []

    def bad(row: int | None, column: str | None, key: str, **params: object) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(key, file=label, row=row, column=column, params=params))

    if len(rows) < 2:
        raise InputError(Problem("investment.too_short", file=label))
    present = {k for r in rows for k, v in r.items() if _num(v) is not None}
    given = [k for k in COMPONENTS if k in present]
    if not given and "cash_flow" not in present:
        raise InputError(Problem("investment.no_columns", file=label))
    years: list[int] = []
    for r in rows:
        y = _num(r.get("year"))
        if y is None or not y.is_integer():
            bad(r.get("row_no"), "year", "investment.year", value=r.get("year"))
            continue
        if years and int(y) != years[-1] + 1:
            bad(r.get("row_no"), "year", "investment.years", value=int(y), previous=years[-1])
        years.append(int(y))
    values = {k: [_num(r.get(k)) or 0.0 for r in rows] for k in (*COMPONENTS, "cash_flow")}
    for i, r in enumerate(rows):
        if values["revenue"][i] < 0:
            bad(r.get("row_no"), "revenue", "investment.negative_revenue",
                value=values["revenue"][i])
    convention: dict[str, str] = {}
    for name in COSTS:
        signs = [(i, math.copysign(1, v)) for i, v in enumerate(values[name]) if v != 0]
        if not signs:
            continue
        first = signs[0][1]
        convention[name] = "positive" if first > 0 else "negative"
        odd = next((i for i, s in signs if s != first), None)
        if odd is not None:
            bad(rows[odd].get("row_no"), name, "investment.mixed_signs",
                value=values[name][odd], first=values[name][signs[0][0]])
        values[name] = [abs(v) for v in values[name]]
    components = None
    if given:
        components = {k: tuple(values[k]) for k in COMPONENTS}
        net = [values["revenue"][i] - values["capex"][i] - values["opex"][i]
               + values["other"][i] for i in range(len(rows))]
        if "cash_flow" in present:
            for i, r in enumerate(rows):
                stated = _num(r.get("cash_flow"))
                if stated is None:
                    continue
                gross = sum(abs(values[k][i]) for k in COMPONENTS)
                if abs(stated - net[i]) > max(AGREE_REL * gross, 1e-9):
                    bad(r.get("row_no"), "cash_flow", "investment.disagrees",
                        value=stated, computed=round(net[i], 2))
    else:
        net = values["cash_flow"]
    if problems:
        raise InputError(problems)
    return CashFlows(tuple(years), tuple(int(r.get("row_no") or 0) for r in rows), components,
                     tuple(float(v) for v in net), convention)
