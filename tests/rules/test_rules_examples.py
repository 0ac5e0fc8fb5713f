"""The shared sample dossiers give the results worked by hand in examples/README.md."""

from __future__ import annotations

import pytest

from desktop.rules import CHECK_CODES, CheckContext, run_checks


def by_code(ctx: CheckContext) -> dict[str, object]:
    return {r.code: r for r in run_checks(ctx)}


def test_neutral_steel_coverage(neutral_steel: CheckContext) -> None:
    r = by_code(neutral_steel)["coverage.threshold"]
    f = r.figures
    assert r.status == "pass"
    assert f["total_tco2e"] == pytest.approx(269.63)
    assert f["included_tco2e"] == pytest.approx(268.80)
    assert f["largest_source"] == "S01"
    assert round(f["largest_share_pct"], 2) == 54.96
    assert f["basis"] == "remainder"
    assert round(f["basis_coverage_pct"], 2) == 99.32
    assert "S01" in r.rows
    assert "99.32 %" in r.message
    assert "涵蓋率 99.32 %（以其餘排放源為基準）" in r.message_zh


def test_neutral_steel_inventory_checks(neutral_steel: CheckContext) -> None:
    results = by_code(neutral_steel)
    assert results["coverage.scope12"].status == "pass"
    assert results["coverage.exclusions"].status == "pass"
    assert results["coverage.exclusions"].figures["excluded_count"] == 2
    assert results["inventory.recalc"].status == "pass"
    assert results["inventory.recalc"].figures == {
        "checked": 10,
        "disagreeing": 0,
        "unit_problems": 0,
        "converted": 10,  # every unit read and converted to tCO2e
        "without_units": 0,
    }
    reported = results["coverage.reported"]
    assert reported.status == "pass"
    assert reported.figures["recomputed_tco2e"] == pytest.approx(268.80)


def test_neutral_steel_credits_all_pass(neutral_steel: CheckContext) -> None:
    results = by_code(neutral_steel)
    # the registry checks need a registry export (design §12): n/a without one
    with_export = {"credits.registry_match", "credits.corresponding_adjustment", "credits.ccp"}
    for code in CHECK_CODES:
        if code.startswith("credits.") and code not in with_export:
            assert results[code].status == "pass", (code, results[code].message)
    for code in with_export:
        assert results[code].status == "n/a", (code, results[code].message)
    suff = results["credits.sufficiency"].figures
    assert suff["retired_tco2e"] == 277
    assert suff["required_tco2e"] == pytest.approx(268.80)
    assert suff["shortfall_tco2e"] == 0
    assert results["credits.serials"].figures == {"parsed": 2, "unparsed": 0}
    assert results["credits.vintage"].figures["oldest_vintage"] == 2022


def test_neutral_steel_applicability(neutral_steel: CheckContext) -> None:
    results = by_code(neutral_steel)
    assert results["scale.class"].status == "n/a"
    assert results["recalc.result"].status == "n/a"
    assert results["materiality.threshold"].figures["threshold_pct"] == 5.0
    assert results["materiality.aggregate"].status == "pass"
    assert not any(r.status == "fail" for r in results.values())


def test_led_retrofit(led_retrofit: CheckContext) -> None:
    results = by_code(led_retrofit)
    r = results["recalc.result"]
    assert r.status == "warn"
    assert round(r.figures["recomputed_tco2e"], 2) == 2167.82
    assert r.figures["claimed_tco2e"] == 2212.0
    assert round(r.figures["difference_tco2e"], 2) == 44.18
    assert round(r.figures["difference_pct"], 2) == 2.00
    assert r.figures["unit"] == "tCO2"
    assert r.figures["lines"]["BE"]["recomputed"] == pytest.approx(2167.8153, abs=1e-4)
    assert "BE" in r.rows
    scale = results["scale.class"]
    assert scale.figures["class"] == "micro"
    assert scale.figures["additionality_steps"] == ["regulatory"]
    assert results["materiality.threshold"].figures["threshold_pct"] == 5.0
    agg = results["materiality.aggregate"]
    assert agg.status == "pass"
    assert agg.figures["material"] is False
    assert round(agg.figures["misstatement_pct"], 2) == 2.00
    assert results["coverage.threshold"].status == "n/a"


def test_solar_pdd(solar_pdd: CheckContext) -> None:
    results = by_code(solar_pdd)
    scale = results["scale.class"]
    assert scale.status == "pass"
    assert scale.figures["class"] == "large"
    assert scale.figures["additionality_steps"] == [
        "regulatory",
        "investment-or-barrier",
        "common-practice",
    ]
    threshold = results["materiality.threshold"]
    assert threshold.figures == {"threshold_pct": 5.0, "basis": "default"}
    assert "VCS" in threshold.message
    assert results["materiality.aggregate"].status == "n/a"
    # calculation.toml names ACM0002 and gives its parameters only (design §14)
    recalc = results["recalc.result"]
    assert recalc.status == "pass"
    assert recalc.figures["recomputed_tco2e"] == 76000  # 190 000 MWh × 0.40 tCO2/MWh
    assert results["recalc.ex_ante"].status == "pass"
    assert results["project.crediting_period"].status == "pass"
