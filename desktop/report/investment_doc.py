"""The report's investment analysis (validations, design §14), as plain frozen data built
from the ``investment.*`` check results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.rules.result import CheckResult

CODES = ("investment.irr", "investment.benchmark", "investment.sensitivity")
VARIABLES = ("capex", "revenue", "opex")


@dataclass(frozen=True)
class InvestmentVariable:
    """One variable of the sensitivity analysis."""

    name: str  # capex | revenue | opex
    share_pct: float | None
    irr_low_pct: float | None
    irr_high_pct: float | None
    break_even_pct: float | None  # None: none within −90 % … +300 %
    inside: bool
    curve: tuple[tuple[float, float | None], ...]


@dataclass(frozen=True)
class InvestmentReport:
    """IRR, benchmark, NPV and sensitivity as the checks computed them."""

    irr_pct: float | None
    irr_status: str  # ok | none | multiple
    roots_pct: tuple[float, ...]
    claimed_irr_pct: float | None
    benchmark_irr_pct: float | None
    npv_at_benchmark: float | None
    currency: str
    benchmark_source: str
    variation_pct: float
    first_year: int | None
    last_year: int | None
    variables: tuple[InvestmentVariable, ...]
    checks: tuple[tuple[str, str, str], ...]  # (code, status, message in the report's language)


def investment_report(results: Sequence[CheckResult], lang: str) -> InvestmentReport | None:
    """The section's data, or ``None`` when no investment table was analysed."""
    by = {r.code: r for r in results if r.code in CODES}
    irr = by.get("investment.irr")
    if irr is None or "irr_status" not in irr.figures:
        return None
    fb = by["investment.benchmark"].figures if "investment.benchmark" in by else {}
    fs = by["investment.sensitivity"].figures if "investment.sensitivity" in by else {}
    fi = irr.figures
    variables = tuple(
        InvestmentVariable(
            name, d.get("share_pct"), d.get("irr_low_pct"), d.get("irr_high_pct"),
            d.get("break_even_pct"), bool(d.get("inside")),
            tuple((float(c), v) for c, v in d.get("curve") or ()),
        )
        for name, d in (fs.get("variables") or {}).items()
    )
    return InvestmentReport(
        irr_pct=fi.get("irr_pct"),
        irr_status=fi.get("irr_status") or "none",
        roots_pct=tuple(fi.get("roots_pct") or ()),
        claimed_irr_pct=fi.get("claimed_irr_pct"),
        benchmark_irr_pct=fb.get("benchmark_irr_pct"),
        npv_at_benchmark=fb.get("npv_at_benchmark"),
        currency=fb.get("currency") or "",
        benchmark_source=fb.get("benchmark_source") or "",
        variation_pct=float(fs.get("variation_pct") or 10.0),
        first_year=fi.get("first_year"),
        last_year=fi.get("last_year"),
        variables=variables,
        checks=tuple((r.code, r.status, r.message_in(lang)) for r in by.values()),
    )
