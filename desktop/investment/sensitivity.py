"""Sensitivity of the IRR to capex, revenue and opex, and each one's break-even change.

What a validator expects (CDM EB 62 Annex 5, "Guidelines on the assessment of investment
analysis", v05, paras 20–21, carried into CDM Tool 01 and the later CDM
methodological tool 27 "Investment analysis"): the variables that make up more than 20 %
of the total project costs or of the total revenues are varied reasonably, in general by
at least +10 % and −10 %, and the probability of the variations that would bring the
project's indicator to the benchmark is assessed. (Paragraph 20 is quoted in the UNFCCC's
information-and-reporting check of registration requests, cdm.unfccc.int/IRCheck.)

Each variable is scaled by ``1 + change``; ``variation_pct`` (v) gives the ends of the
tested range, and a spider curve samples ``points`` changes from −2v to +2v (the chart
shades ±v and shows what lies just beyond it). The break-even change is the
change at which the IRR equals the benchmark. NPV at a fixed rate is linear in the change
(the flows are), so it is solved exactly, not searched: NPV_b(c) = NPV_b(0) + c·NPV_b(x),
c* = −NPV_b(0) / NPV_b(x) with x the variable's signed flows; where the IRR is unique,
NPV_b(c*) = 0 means IRR(c*) = benchmark. A break-even outside −90 %…+300 % (or none, when
the variable is all zero) is reported as ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.investment.cashflows import CashFlows
from desktop.investment.irr import IrrResult, irr, npv

VARIABLES: tuple[str, ...] = ("capex", "revenue", "opex")
WINDOW_PCT = (-90.0, 300.0)
MATERIAL_SHARE_PCT = 20.0  # EB 62 Annex 5 para 20: "more than 20 %" of costs or revenues
_SIGN = {"capex": -1.0, "opex": -1.0, "revenue": 1.0}


@dataclass(frozen=True)
class Variable:
    """One variable's sensitivity."""

    name: str
    share_pct: float  # of total costs (capex, opex) or of total revenues
    irr_low_pct: float | None  # IRR at −variation (None: no unique IRR)
    irr_high_pct: float | None  # IRR at +variation
    break_even_pct: float | None  # change bringing the IRR to the benchmark
    curve: tuple[tuple[float, float | None], ...]  # (change %, IRR %)

    def inside(self, variation_pct: float) -> bool:
        """Whether the break-even lies within ±variation_pct."""
        return self.break_even_pct is not None and abs(self.break_even_pct) <= variation_pct


@dataclass(frozen=True)
class Sensitivity:
    """The base IRR, NPV at the benchmark and each variable's sensitivity."""

    base: IrrResult
    benchmark_pct: float
    npv_at_benchmark: float
    variation_pct: float
    variables: tuple[Variable, ...]

    @property
    def inside(self) -> tuple[str, ...]:
        """Variables whose break-even lies within the tested range."""
        return tuple(v.name for v in self.variables if v.inside(self.variation_pct))


def _irr_pct(cf: CashFlows, name: str, change_pct: float) -> float | None:
    return irr(cf.flows({name: change_pct / 100})).irr_pct


def share_pct(cf: CashFlows, name: str) -> float:
    """A cost's share of total costs, or revenue's share of total revenues (100 %)."""
    if name == "revenue":
        return 100.0 if cf.total("revenue") else 0.0
    costs = cf.total("capex") + cf.total("opex")
    return 100 * cf.total(name) / costs if costs else 0.0


def break_even_pct(cf: CashFlows, name: str, benchmark_pct: float) -> float | None:
    """The change (%) of ``name`` at which NPV at the benchmark is zero, within
    ``WINDOW_PCT``; ``None`` when there is none there."""
    rate = benchmark_pct / 100
    slope = _SIGN[name] * npv(rate, np.asarray(cf.components[name], dtype=float))
    if slope == 0:
        return None
    change = -npv(rate, cf.flows()) / slope * 100
    return change if WINDOW_PCT[0] <= change <= WINDOW_PCT[1] else None


def analyse(
    cf: CashFlows, benchmark_pct: float, variation_pct: float = 10.0, points: int = 21
) -> Sensitivity:
    """The sensitivity analysis; variables absent from the table (all zero) are left out.
    Needs the components (``cf.has_components``)."""
    if not cf.has_components:
        raise ValueError("the sensitivity analysis needs capex, revenue and opex")
    steps = np.linspace(-2 * variation_pct, 2 * variation_pct, points)
    out = []
    for name in VARIABLES:
        if not any(cf.components[name]):
            continue
        curve = tuple((float(c), _irr_pct(cf, name, float(c))) for c in steps)
        out.append(Variable(
            name, share_pct(cf, name),
            _irr_pct(cf, name, -variation_pct), _irr_pct(cf, name, variation_pct),
            break_even_pct(cf, name, benchmark_pct), curve,
        ))
    return Sensitivity(irr(cf.flows()), benchmark_pct, npv(benchmark_pct / 100, cf.flows()),
                       variation_pct, tuple(out))
