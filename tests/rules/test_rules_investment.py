"""``investment.irr``, ``investment.benchmark``, ``investment.sensitivity`` (design §14)."""

from __future__ import annotations

import pandas as pd
import pytest

from desktop.rules import CHECK_CODES, CheckContext, run_checks
from desktop.rules.context import InvestmentTerms
from desktop.rules.investment import (
    check_investment_benchmark,
    check_investment_irr,
    check_investment_sensitivity,
)

# year 0: capex 1000; years 1–10: revenue 200, opex 50 → IRR 8.1442 % (1000/150 = annuity)
SIMPLE = pd.DataFrame({
    "row_no": range(2, 13), "year": range(2024, 2035),
    "capex": [1000.0] + [0.0] * 10, "revenue": [0.0] + [200.0] * 10,
    "opex": [0.0] + [50.0] * 10, "other": [0.0] * 11, "cash_flow": [None] * 11,
})


def _ctx(frame=SIMPLE, type_="validation", **terms) -> CheckContext:
    return CheckContext(type_, investment=frame, investment_terms=InvestmentTerms(**terms))


def _flows(values) -> pd.DataFrame:
    n = len(values)
    return pd.DataFrame({"row_no": range(2, n + 2), "year": range(2024, 2024 + n),
                         "cash_flow": values})


def test_codes_in_place():
    i = CHECK_CODES.index("investment.irr")
    assert CHECK_CODES[i:i + 3] == ("investment.irr", "investment.benchmark",
                                    "investment.sensitivity")
    assert CHECK_CODES.index("scale.class") < i < CHECK_CODES.index("materiality.threshold")


def test_stated_irr_that_follows_passes():
    r = check_investment_irr(_ctx(claimed_irr_pct=8.1))
    assert r.status == "pass"
    assert r.figures["irr_pct"] == pytest.approx(8.1442, abs=1e-4)
    assert r.figures["irr_status"] == "ok"
    assert r.figures["difference_pp"] == pytest.approx(-0.0442, abs=1e-4)


def test_stated_irr_that_does_not_follow_fails():
    r = check_investment_irr(_ctx(claimed_irr_pct=12.0))
    assert r.status == "fail"
    assert "12.00 % does not follow from the cash flows: they give 8.14 %" in r.message
    assert "無法由現金流量導出" in r.message_zh


def test_no_claimed_irr_is_na_with_the_recomputed_figure():
    r = check_investment_irr(_ctx())
    assert r.status == "n/a" and not r.inapplicable
    assert r.figures["irr_pct"] == pytest.approx(8.1442, abs=1e-4)


def test_no_irr_fails_and_never_guesses():
    r = check_investment_irr(_ctx(_flows([100.0, 60.0, 60.0]), claimed_irr_pct=13.07))
    assert r.status == "fail"
    assert r.figures["irr_pct"] is None and r.figures["irr_status"] == "none"
    b = check_investment_benchmark(_ctx(_flows([100.0, 60.0, 60.0]), benchmark_irr_pct=10))
    assert b.status == "warn" and b.figures["npv_at_benchmark"] > 0


def test_multiple_irrs_warn_and_list_the_roots():
    flows = _flows([-100.0, 230.0, -132.0])
    r = check_investment_irr(_ctx(flows, claimed_irr_pct=10.0))
    assert r.status == "warn"
    assert r.figures["irr_status"] == "multiple" and r.figures["irr_pct"] is None
    assert r.figures["roots_pct"] == pytest.approx([10.0, 20.0])
    assert check_investment_irr(_ctx(flows, claimed_irr_pct=15.0)).status == "fail"


def test_benchmark_pass_fail_and_npv():
    r = check_investment_benchmark(_ctx(benchmark_irr_pct=9.0))
    assert r.status == "pass"
    assert r.figures["npv_at_benchmark"] == pytest.approx(-37.3510, abs=1e-3)
    assert r.figures["gap_pp"] == pytest.approx(0.8558, abs=1e-3)
    assert check_investment_benchmark(_ctx(benchmark_irr_pct=8.0)).status == "fail"
    assert check_investment_benchmark(_ctx()).status == "n/a"


def test_sensitivity_warns_when_break_even_inside():
    r = check_investment_sensitivity(_ctx(benchmark_irr_pct=9.0, variation_pct=10.0))
    assert r.status == "warn"
    # capex −3.74 % and revenue +2.91 % lie inside ±10 %; opex would need −11.6 %
    # (37.35 / (50 · 6.41766))
    assert r.figures["inside"] == ["capex", "revenue"]
    assert r.figures["variables"]["opex"]["break_even_pct"] == pytest.approx(-11.64, abs=1e-2)
    assert r.figures["variables"]["revenue"]["break_even_pct"] == pytest.approx(2.91, abs=1e-2)
    assert "revenue" in r.rows


def test_sensitivity_passes_when_break_evens_lie_outside():
    r = check_investment_sensitivity(_ctx(benchmark_irr_pct=15.0, variation_pct=10.0))
    assert r.status == "pass"
    v = r.figures["variables"]
    assert v["revenue"]["break_even_pct"] == pytest.approx(24.63, abs=1e-2)
    assert v["opex"]["break_even_pct"] is None
    assert len(v["capex"]["curve"]) == 21  # −20 % … +20 % in steps of 2


def test_sensitivity_needs_components():
    r = check_investment_sensitivity(_ctx(_flows([-100.0, 60.0, 60.0]), benchmark_irr_pct=9))
    assert r.status == "n/a" and "only cash_flow" in r.message


def test_not_a_validation_is_inapplicable_and_no_table_is_na():
    for code_check in (check_investment_irr, check_investment_benchmark,
                       check_investment_sensitivity):
        r = code_check(_ctx(type_="verification", benchmark_irr_pct=9))
        assert r.status == "n/a" and r.inapplicable
        r = code_check(CheckContext("validation"))
        assert r.status == "n/a" and not r.inapplicable


def test_unusable_table_fails_naming_the_problem():
    bad = SIMPLE.copy()
    bad.loc[3, "opex"] = -50.0
    r = check_investment_irr(_ctx(bad, claimed_irr_pct=8))
    assert r.status == "fail" and "row 5, column opex" in r.message


def test_run_checks_includes_all_three():
    results = {r.code: r for r in run_checks(_ctx(benchmark_irr_pct=15.0, claimed_irr_pct=8.14))}
    assert [results[c].status for c in ("investment.irr", "investment.benchmark",
                                        "investment.sensitivity")] == ["pass", "pass", "pass"]
