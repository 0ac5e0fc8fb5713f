"""Scale classes, materiality thresholds and the aggregate of misstatements."""

from __future__ import annotations

import pytest
from rules_helpers import inventory_frame, neutral_ctx, source

from desktop.rules import CheckContext, materiality_threshold, scale_class
from desktop.rules.materiality import (
    cdm_materiality,
    check_materiality_aggregate,
    check_materiality_threshold,
)
from desktop.rules.scale import check_scale_class


@pytest.mark.parametrize(
    ("er", "cls"),
    [
        (60_000.01, "large"),
        (60_000, "small"),
        (20_000.01, "small"),
        (20_000, "small"),  # micro-scale is *less than* 20 000 (CDM; 微規模 < 2 萬)
        (19_999.99, "micro"),
        (0, "micro"),
        (75_000, "large"),
    ],
)
def test_scale_boundaries(er: float, cls: str) -> None:
    assert scale_class(er) == cls


@pytest.mark.parametrize(
    ("er", "steps"),
    [
        (60_001, ["regulatory", "investment-or-barrier", "common-practice"]),
        (60_000, ["regulatory", "barrier"]),
        (20_000, ["regulatory", "barrier"]),
        (19_999, ["regulatory"]),
    ],
)
def test_scale_check_lists_steps(er: float, steps: list[str]) -> None:
    r = check_scale_class(CheckContext("validation", expected_annual_er_tco2e=er))
    assert r.status == "pass"
    assert r.figures["additionality_steps"] == steps
    assert r.figures["annual_er_tco2e"] == er


def test_scale_na_and_warn() -> None:
    assert check_scale_class(CheckContext("verification")).status == "n/a"
    assert check_scale_class(neutral_ctx(expected_annual_er_tco2e=5.0)).status == "n/a"
    assert check_scale_class(CheckContext("validation", expected_annual_er_tco2e=-1)).status == (
        "warn"
    )


@pytest.mark.parametrize(
    ("er", "pct", "basis"),
    [
        (500_001, 0.5, "CDM >500k"),
        (500_000, 1.0, "CDM 300k-500k"),
        (300_001, 1.0, "CDM 300k-500k"),
        (300_000, 2.0, "CDM large ≤300k"),
        (60_001, 2.0, "CDM large ≤300k"),
        (60_000, 5.0, "CDM small-scale"),
        (20_000, 5.0, "CDM small-scale"),
        (19_999, 10.0, "CDM micro-scale"),
    ],
)
def test_cdm_bands(er: float, pct: float, basis: str) -> None:
    assert cdm_materiality(er) == (pct, basis)
    t = materiality_threshold(CheckContext("verification", "CDM", expected_annual_er_tco2e=er))
    assert (t.pct, t.basis) == (pct, basis)


def test_threshold_defaults_and_override() -> None:
    assert materiality_threshold(CheckContext("validation", "VCS")).pct == 5.0
    assert materiality_threshold(CheckContext("verification", "TW-MOENV")).basis == "default"
    neutral = materiality_threshold(neutral_ctx(programme="CDM", expected_annual_er_tco2e=1e6))
    assert (neutral.pct, neutral.basis) == (5.0, "default")
    over = CheckContext("verification", "CDM", materiality_pct=3.0, expected_annual_er_tco2e=1e6)
    r = check_materiality_threshold(over)
    assert r.figures == {"threshold_pct": 3.0, "basis": "override"}
    assert r.status == "pass"


def test_bad_override_and_unknown_cdm_er_warn() -> None:
    r = check_materiality_threshold(CheckContext("verification", "VCS", materiality_pct=0.0))
    assert r.status == "warn"
    assert r.figures["threshold_pct"] == 5.0
    r = check_materiality_threshold(CheckContext("verification", "CDM"))
    assert r.status == "warn"
    assert r.figures == {"threshold_pct": 0.5, "basis": "CDM unknown ER"}


def test_aggregate_for_neutrality_adds_recorded_misstatements() -> None:
    inv = inventory_frame([source("S1", 100.0)])
    c = neutral_ctx(
        inventory=inv, reported_emissions_tco2e=98.0, recorded_misstatements_tco2e=(-1.0, 1.5)
    )
    r = check_materiality_aggregate(c)
    assert r.figures["misstatement_tco2e"] == 4.5  # |98 - 100| + 1 + 1.5
    assert r.figures["misstatement_pct"] == pytest.approx(4.5 / 98 * 100, abs=1e-4)
    assert r.figures["material"] is False
    assert r.status == "pass"
    c = neutral_ctx(inventory=inv, reported_emissions_tco2e=95.0)
    r = check_materiality_aggregate(c)
    assert r.status == "fail"  # 5 / 95 = 5.26 % ≥ 5 %
    assert r.figures["material"] is True


def test_aggregate_exactly_at_threshold_is_material() -> None:
    c = CheckContext("verification", "VCS", reported_er_tco2e=1000.0)
    c2 = CheckContext(
        "verification", "VCS", reported_er_tco2e=1000.0, recorded_misstatements_tco2e=(50.0,)
    )
    assert check_materiality_aggregate(c).status == "n/a"
    r = check_materiality_aggregate(c2)
    assert r.figures["misstatement_pct"] == 5.0
    assert r.status == "fail"


def test_aggregate_not_for_validation() -> None:
    c = CheckContext("validation", recorded_misstatements_tco2e=(1.0,), reported_er_tco2e=10.0)
    assert check_materiality_aggregate(c).status == "n/a"


def test_verification_says_when_the_period_outgrows_the_registered_class() -> None:
    from datetime import date

    ctx = CheckContext("verification", expected_annual_er_tco2e=15_000.0,
                       reported_er_tco2e=12_000.0, period_start=date(2024, 1, 1),
                       period_end=date(2024, 6, 30))  # 12 000 in half a year: 24 000 a year
    r = check_scale_class(ctx)
    assert r.status == "warn"
    assert r.figures["class"] == "micro" and r.figures["actual_class"] == "small"
    assert "exceed" in r.message
    ctx = CheckContext("verification", expected_annual_er_tco2e=15_000.0,
                       reported_er_tco2e=7_000.0, period_start=date(2024, 1, 1),
                       period_end=date(2024, 12, 31))
    assert check_scale_class(ctx).status == "pass"
