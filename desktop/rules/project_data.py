"""Plain data of a project's design for the rules: the methodology template's definition
with the PDD's ex-ante table, and the crediting period (``[crediting]``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ExAnteYear:
    """One year of the PDD's ex-ante estimate, tCO2e (``None`` where the PDD gives none)."""

    year: int
    er_tco2e: float
    baseline_tco2e: float | None = None
    project_tco2e: float | None = None
    leakage_tco2e: float | None = None


@dataclass(frozen=True)
class Methodology:
    """The template a calculation was built from, as stored at import.

    ``definition`` (JSON of :func:`desktop.dossier.templated.expand`): ``parameters``
    ``[[name, value, unit, annual], …]`` (the ex-ante values), ``lines`` ``[[name, formula,
    unit], …]``, ``result`` ``[formula, unit]``, ``degradation`` (a parameter name or
    ``None``), ``crediting_period``, ``choices``, ``title``, ``source``.
    """

    template: str
    version: str
    definition: dict[str, Any] = field(default_factory=dict)
    ex_ante: tuple[ExAnteYear, ...] = ()


@dataclass(frozen=True)
class Crediting:
    """The manifest's ``[crediting]``: the crediting period and the project's dates."""

    start: date
    length_years: int
    type: str | None = None  # "fixed" | "renewable"; None: not stated
    renewal: int = 0  # renewals so far (0: the first crediting period)
    project_start: date | None = None
    sector: str = "non-afolu"  # or "afolu"

    @property
    def end(self) -> date:
        """The last day: start + length years − 1 day (29 February falls back to the 28th)."""
        from datetime import timedelta

        year = self.start.year + self.length_years
        try:
            after = self.start.replace(year=year)
        except ValueError:
            after = date(year, 3, 1)
        return after - timedelta(days=1)
