"""The rules engine's input: one engagement's data as plain values and pandas frames.

The importer (``desktop.dossier``) builds a :class:`CheckContext`; the rules only read it.
Frame columns are listed in the design (§4) and in ``CheckContext``'s docstring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from .project_data import Crediting, Methodology

if TYPE_CHECKING:
    from .monitoring_data import MonitoringData
    from .planning import RiskEntry, SampleSummary

ENGAGEMENT_TYPES: tuple[str, ...] = ("validation", "verification", "carbon-neutrality")
PROJECTS: tuple[str, ...] = ("validation", "verification")
NEUTRALITY: tuple[str, ...] = ("carbon-neutrality",)


@dataclass(frozen=True)
class CalcLine:
    """One line of ``calculation.toml``: a named formula and the client's claimed value."""

    name: str
    formula: str
    claimed: float | None = None
    unit: str | None = None  # optional declared unit of the line


@dataclass(frozen=True)
class Calculation:
    """The emission-reduction calculation: ordered lines, then the result line."""

    lines: tuple[CalcLine, ...]
    result: CalcLine | None  # name "result"


@dataclass(frozen=True)
class InvestmentTerms:
    """The manifest's ``[investment]`` (design §14); percentages 0–100 (rates may be < 0)."""

    benchmark_irr_pct: float | None = None
    claimed_irr_pct: float | None = None
    variation_pct: float = 10.0
    benchmark_source: str | None = None
    currency: str | None = None


@dataclass(frozen=True)
class CheckContext:
    """Everything the checks look at for one engagement.

    Frames (``None``/NaN where a cell is blank):

    - ``inventory``: row_no, source_id, scope (1/2/3), category, description, activity,
      activity_unit, ef, ef_unit, tco2e, included (bool), exclusion_reason, evidence
    - ``monitoring``: row_no, parameter, period, value, unit, meter_id, evidence
    - ``credits``: row_no, registry, serial, quantity, vintage ("2022" or "2021-2022"),
      project_id, credit_type, retired_on ("YYYY-MM-DD"), beneficiary, purpose, ccp_label,
      corsia_eligible, corresponding_adjustment, methodology, country, certifications

    ``vintage_window_years`` and ``retirement_window_months`` are settings, not hard rules
    (domain.md marks the vintage rule UNCONFIRMED); ``None`` disables the vintage check.
    """

    engagement_type: str  # "validation" | "verification" | "carbon-neutrality"
    programme: str | None = None  # "CDM", "VCS", "GS", "TW-MOENV", ...
    criteria: tuple[str, ...] = ()  # "PAS 2060:2014", "ISO 14068-1:2023", ...
    materiality_pct: float | None = None  # manifest override
    client: str | None = None
    beneficiaries: tuple[str, ...] = ()
    period_start: date | None = None
    period_end: date | None = None
    reported_emissions_tco2e: float | None = None
    reported_er_tco2e: float | None = None
    expected_annual_er_tco2e: float | None = None
    inventory: pd.DataFrame | None = None
    # a frame (row_no, parameter, period, value, unit, meter_id), or the arrays the store
    # reads a million rows into (``desktop.store.monitoring``)
    monitoring: pd.DataFrame | MonitoringData | None = None
    calculation: Calculation | None = None
    credits: pd.DataFrame | None = None
    recorded_misstatements_tco2e: tuple[float, ...] = ()  # signed amounts the verifier recorded
    # what each recorded amount concerns (same order); "result" or "footprint" means the
    # verifier evaluated the computed difference itself (accepted, corrected or explained)
    recorded_misstatement_sources: tuple[str | None, ...] = ()
    vintage_window_years: int | None = 5  # setting (UNCONFIRMED rule); None disables the check
    retirement_window_months: int = 12
    # ``claim.declaration_date``: the declaration of achievement (PAS 2060's retirement window)
    declaration_date: date | None = None
    # ``subject.kind``: organisation, product, service, event, building, community, town, city
    subject_kind: str | None = None
    # evidence planning (design §13): the stored risk assessments and sample plans with
    # their projected results; ``None``: not loaded (``planning.*`` are then n/a)
    risk_assessments: tuple[RiskEntry, ...] | None = None
    sample_plans: tuple[SampleSummary, ...] | None = None
    significant_share_pct: float = 1.0  # a source this share of the total needs a risk
    # registry exports (design §12): the records of ``desktop.registry.read`` (export,
    # row_no, registry, serial, parsed, key, start, end, quantity, status, status_date,
    # beneficiary, details, vintage, project_id, ccp, ca); ``None``: no export
    registry: pd.DataFrame | None = None
    # every stored export as (path, registry, records) when ``registry`` holds only the
    # records that overlap a claimed block (an engagement file looks them up in SQL);
    # empty: ``registry`` holds every record
    registry_exports: tuple[tuple[str, str, int], ...] = ()
    # ``claim.vcmi_tier``: the VCMI Claims Code tier claimed (silver, gold, platinum)
    vcmi_tier: str | None = None
    # ``investment.csv`` (row_no, year, capex, revenue, opex, other, cash_flow) and the
    # manifest's ``[investment]``: a PDD's investment analysis
    investment: pd.DataFrame | None = None
    investment_terms: InvestmentTerms | None = None
    # a calculation built from a methodology template, with the PDD's ex-ante table, and
    # the manifest's ``[crediting]`` (design §14)
    methodology: Methodology | None = None
    crediting: Crediting | None = None
    # ``meters.csv`` (row_no, meter_id, serial, calibrated_on, valid_until, accuracy_pct,
    # capacity) and the manifest's ``[monitoring.frequency]`` (parameter → frequency)
    meters: pd.DataFrame | None = None
    monitoring_frequency: tuple[tuple[str, str], ...] = ()


def under(ctx: CheckContext, standard: str) -> bool:
    """Whether the engagement applies ``standard`` (e.g. ``"PAS 2060"``), by its criteria.

    A context without criteria (built by hand, or an older file) is taken to apply every
    standard of its engagement type, as before criteria were read.
    """
    if not ctx.criteria:
        return True
    key = "".join(standard.split()).casefold()
    return any(key in "".join(c.split()).casefold() for c in ctx.criteria)
