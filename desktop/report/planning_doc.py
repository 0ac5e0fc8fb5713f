"""The report's "Risk assessment and sampling" section (design §13), as plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RiskRow:
    population: str
    item: str
    inherent: str
    control: str
    combined: str
    reason: str
    author: str


@dataclass(frozen=True)
class SampleRow:
    """One selected item and the result of testing it."""

    row_no: int
    label: str
    amount: float | None
    key: bool
    outcome: str | None  # agreed | error | None (not tested yet)
    error_tco2e: float | None
    note: str


@dataclass(frozen=True)
class PlanSummary:
    plan_id: int
    population: str
    method: str  # mus | random
    unit: str  # tCO2e | value | none
    seed: int
    population_size: int
    population_tco2e: float | None
    materiality_tco2e: float
    performance_materiality_tco2e: float
    key_items: int
    sample_size: int
    selected: int
    tested: int
    errors: int
    projected_tco2e: float
    upper_limit_tco2e: float | None
    created_by: str
    note: str
    rows: tuple[SampleRow, ...]


@dataclass(frozen=True)
class PlanningReport:
    risks: tuple[RiskRow, ...]
    plans: tuple[PlanSummary, ...]

    @property
    def empty(self) -> bool:
        return not self.risks and not self.plans
