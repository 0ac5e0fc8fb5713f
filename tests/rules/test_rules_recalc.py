"""recalc.result: the claimed ER against the recalculation."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from desktop.rules import CalcLine, Calculation, CheckContext
from desktop.rules.recalc import check_recalc_result

MON = pd.DataFrame(
    {
        "row_no": [2, 3, 4],
        "parameter": ["EG", "EG", "EF"],
        "period": ["2024-01", "2024-02", "2024"],
        "value": [600.0, 400.0, 0.5],
        "unit": ["MWh", "MWh", "tCO2/MWh"],
    }
)


def ctx(claimed: float, formula: str = "sum(EG) * EF", **fields) -> CheckContext:
    calc = Calculation(
        (CalcLine("BE", formula, claimed), CalcLine("PE", "0", 0.0)),
        CalcLine("result", "BE - PE", claimed),
    )
    base = {"programme": "TW-MOENV", "reported_er_tco2e": claimed}
    base.update(fields)
    return CheckContext("verification", monitoring=MON, calculation=calc, **base)


@pytest.mark.parametrize(
    ("claimed", "status"),
    [
        (500.0, "pass"),
        (502.0, "pass"),  # 0.4 % of the claim: within the 0.5 % tolerance
        (510.0, "warn"),  # 1.96 %: below the 5 % threshold, a finding
        (490.0, "warn"),  # understated by 2.04 %
        (526.0, "warn"),  # 4.94 %
    ],
)
def test_status_by_difference(claimed: float, status: str) -> None:
    r = check_recalc_result(ctx(claimed))
    assert r.status == status
    assert r.figures["recomputed_tco2e"] == 500.0
    assert r.figures["claimed_tco2e"] == claimed
    assert r.figures["difference_tco2e"] == pytest.approx(claimed - 500.0)
    assert r.figures["difference_pct"] == pytest.approx((claimed - 500) / claimed * 100, abs=1e-4)


def test_at_or_above_threshold_fails() -> None:
    r = check_recalc_result(ctx(1000.0 / 1.9))  # 526.32: exactly 5 % of the claim
    assert r.figures["difference_pct"] == pytest.approx(5.0)
    assert r.status == "fail"
    r = check_recalc_result(ctx(600.0))
    assert r.status == "fail"
    r = check_recalc_result(ctx(600.0, materiality_pct=20.0))
    assert r.status == "warn"


def test_formula_error_fails_naming_the_line() -> None:
    r = check_recalc_result(ctx(500.0, formula="EG * EF"))
    assert r.status == "fail"
    assert r.rows == ["BE"]
    assert "EG * EF" in r.message
    assert r.figures["recomputed_tco2e"] is None


def test_unit_mismatch_in_the_result_fails() -> None:
    # MWh + tCO2/MWh has no consistent unit: the ER is not in tCO2e (an error, not a note)
    r = check_recalc_result(ctx(1000.5, formula="sum(EG) + EF"))
    assert r.status == "fail"
    assert r.figures["recomputed_tco2e"] is None
    assert "cannot add MWh and tCO2/MWh" in r.message
    assert r.rows == ["result"]


def test_result_not_in_tonnes_fails() -> None:
    r = check_recalc_result(ctx(1000.0, formula="sum(EG)"))
    assert r.status == "fail"
    assert "line 'result': the result is in MWh, not tCO2e" in r.message
    assert r.rows == ["result"]


def test_manifest_claim_differing_from_result_line_warns() -> None:
    c = ctx(500.0)
    c = dataclasses.replace(c, reported_er_tco2e=520.0)
    r = check_recalc_result(c)
    assert r.figures["claimed_tco2e"] == 520.0
    assert r.status == "warn"
    assert "result line" in r.message


def test_not_applicable() -> None:
    assert check_recalc_result(CheckContext("verification")).status == "n/a"
    no_result = CheckContext("verification", calculation=Calculation((), None))
    assert check_recalc_result(no_result).status == "n/a"
    c = dataclasses.replace(ctx(500.0), engagement_type="carbon-neutrality")
    assert check_recalc_result(c).status == "n/a"
    assert (
        check_recalc_result(dataclasses.replace(ctx(500.0), engagement_type="validation")).status
        == "pass"
    )
