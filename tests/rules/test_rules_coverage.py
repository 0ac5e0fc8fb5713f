"""Coverage, scope 1/2, exclusions, reported footprint and inventory recalculation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import inventory_frame, neutral_ctx, source

from desktop.rules import run_checks
from desktop.rules.coverage import (
    check_coverage_exclusions,
    check_coverage_reported,
    check_coverage_scope12,
    check_coverage_threshold,
)
from desktop.rules.inventory import check_inventory_recalc


def ctx_for(rows, **fields):
    return neutral_ctx(inventory=inventory_frame(rows), **fields)


# ----------------------------------------------------------------- coverage.threshold


def test_exactly_50_percent_is_not_more_than_50() -> None:
    rows = [source("BIG", 50.0), source("A", 46.0), source("B", 4.0, scope=3, included=False)]
    r = check_coverage_threshold(ctx_for(rows, reported_emissions_tco2e=96.0))
    assert r.figures["largest_share_pct"] == 50.0
    assert r.figures["basis"] == "all"
    assert r.figures["coverage_pct"] == 96.0
    assert r.status == "pass"


def test_just_above_50_percent_uses_the_remainder() -> None:
    rows = [source("BIG", 50.01), source("A", 46.0), source("B", 3.99, scope=3, included=False)]
    r = check_coverage_threshold(ctx_for(rows))
    assert r.figures["basis"] == "remainder"
    # remainder 49.99, of which 46 included: 92.02 % < 95 %
    assert r.figures["basis_coverage_pct"] == pytest.approx(46 / 49.99 * 100, abs=1e-4)
    assert r.status == "fail"
    assert r.rows == ["BIG", "B"]


def test_remainder_when_largest_excluded_fails() -> None:
    rows = [source("BIG", 80.0, included=False, reason="x"), source("A", 20.0)]
    r = check_coverage_threshold(ctx_for(rows))
    assert r.figures["basis"] == "remainder"
    assert r.figures["basis_coverage_pct"] == 100.0
    assert r.status == "fail"
    assert "must be included" in r.message
    assert "必須納入" in r.message_zh


def test_exactly_95_percent_passes_and_below_fails() -> None:
    ok = [source("A", 45.0), source("B", 50.0), source("C", 5.0, scope=3, included=False)]
    assert check_coverage_threshold(ctx_for(ok)).status == "pass"
    bad = [source("A", 45.0), source("B", 49.9), source("C", 5.1, scope=3, included=False)]
    r = check_coverage_threshold(ctx_for(bad))
    assert r.status == "fail"
    assert r.figures["coverage_pct"] == pytest.approx(94.9)


def test_single_source_is_its_own_remainder() -> None:
    r = check_coverage_threshold(ctx_for([source("ONLY", 10.0)]))
    assert r.figures["basis"] == "remainder"
    assert r.figures["basis_coverage_pct"] == 100.0
    assert r.status == "pass"


def test_zero_total_fails_and_missing_inventory_is_na() -> None:
    r = check_coverage_threshold(ctx_for([source("A", 0.0), source("B", None)]))
    assert r.status == "fail"
    assert "zero" in r.message
    assert check_coverage_threshold(neutral_ctx()).status == "n/a"
    assert check_coverage_threshold(ctx_for([])).status == "fail"


def test_not_applicable_to_projects() -> None:
    r = check_coverage_threshold(ctx_for([source("A", 1.0)], engagement_type="verification"))
    assert r.status == "n/a"
    assert "查證" in r.message_zh


def test_largest_source_tie_is_order_independent() -> None:
    rows = [source("Z", 30.0), source("A", 30.0), source("M", 40.0)]
    a = check_coverage_threshold(ctx_for(rows))
    b = check_coverage_threshold(ctx_for(rows[::-1]))
    assert a.figures["largest_source"] == b.figures["largest_source"] == "M"
    rows = [source("Z", 60.0), source("A", 60.0)]
    assert check_coverage_threshold(ctx_for(rows)).figures["largest_source"] == "A"


amounts = st.one_of(
    st.none(),
    st.floats(min_value=-1e6, max_value=1e9, allow_nan=False, allow_infinity=False),
)
rows_strategy = st.lists(
    st.tuples(amounts, st.booleans(), st.sampled_from([1, 2, 3, None])), min_size=1, max_size=30
)


def _rows(data):
    return [
        source(f"S{i:02d}", t, included=inc, scope=scope, reason=None if inc else "why")
        for i, (t, inc, scope) in enumerate(data)
    ]


@settings(max_examples=200, deadline=None)
@given(rows_strategy)
def test_coverage_never_above_100(data) -> None:
    r = check_coverage_threshold(ctx_for(_rows(data)))
    if r.status != "n/a" and "coverage_pct" in r.figures:
        assert 0 <= r.figures["coverage_pct"] <= 100
        assert 0 <= r.figures["basis_coverage_pct"] <= 100
        assert 0 <= r.figures["largest_share_pct"] <= 100


@settings(max_examples=100, deadline=None)
@given(rows_strategy, st.randoms(use_true_random=False))
def test_reordering_rows_changes_nothing(data, rnd) -> None:
    frame = inventory_frame(_rows(data))
    shuffled = frame.sample(frac=1, random_state=rnd.randint(0, 2**31)).reset_index(drop=True)
    a = run_checks(neutral_ctx(inventory=frame, reported_emissions_tco2e=100.0))
    b = run_checks(neutral_ctx(inventory=shuffled, reported_emissions_tco2e=100.0))
    for x, y in zip(a, b, strict=True):
        assert x.to_json() == y.to_json()


# ------------------------------------------------------------------- coverage.scope12


def test_scope12_exclusion_fails() -> None:
    rows = [
        source("S1", 10.0),
        source("S2", 2.5, scope=2, included=False, reason="metered elsewhere"),
        source("S3", 1.0, scope=3, included=False, reason="small"),
    ]
    r = check_coverage_scope12(ctx_for(rows))
    assert r.status == "fail"
    assert r.rows == ["S2"]
    assert r.figures["excluded_tco2e"] == 2.5


def test_scope12_unknown_scope_warns() -> None:
    rows = [source("S1", 10.0), source("S9", 1.0, scope=None, included=False, reason="?")]
    r = check_coverage_scope12(ctx_for(rows))
    assert r.status == "warn"
    assert r.rows == ["S9"]


# ---------------------------------------------------------------- coverage.exclusions


def test_exclusion_without_reason_fails() -> None:
    rows = [source("S1", 100.0), source("S2", 0.5, scope=3, included=False, reason="  ")]
    r = check_coverage_exclusions(ctx_for(rows))
    assert r.status == "fail"
    assert r.rows == ["S2"]
    assert r.figures["excluded_count"] == 1


def test_large_scope3_exclusion_fails_under_pas2060_and_warns_otherwise() -> None:
    rows = [source("S1", 97.0), source("S2", 3.0, scope=3, included=False, reason="estimate")]
    r = check_coverage_exclusions(ctx_for(rows, criteria=("PAS 2060:2014",)))
    assert r.status == "fail" and r.rows == ["S2"]  # a nonconformity, not a warning
    assert r.figures["scope3_above_1pct"] == 1
    r = check_coverage_exclusions(ctx_for(rows, criteria=("ISO 14068-1:2023",)))
    assert r.status == "warn"
    rows = [source("S1", 99.0), source("S2", 1.0, scope=3, included=False, reason="estimate")]
    assert check_coverage_exclusions(ctx_for(rows)).status == "pass"  # exactly 1 %: not above


# ------------------------------------------------------------------ coverage.reported


@pytest.mark.parametrize(
    ("reported", "status"),
    [(100.0, "pass"), (100.5, "pass"), (97.0, "warn"), (104.0, "warn"), (95.0, "fail")],
)
def test_reported_footprint(reported: float, status: str) -> None:
    rows = [source("S1", 60.0), source("S2", 40.0)]
    r = check_coverage_reported(ctx_for(rows, reported_emissions_tco2e=reported))
    assert r.status == status
    assert r.figures["recomputed_tco2e"] == 100.0
    assert r.figures["reported_tco2e"] == reported
    assert r.figures["difference_pct"] == pytest.approx((reported - 100) / reported * 100, 1e-3)


def test_reported_missing_is_na() -> None:
    assert check_coverage_reported(ctx_for([source("S1", 1.0)])).status == "n/a"


# ------------------------------------------------------------------ inventory.recalc


def test_inventory_recalc() -> None:
    rows = [
        source("OK", 148.2, activity=1520.0, ef=0.0975),
        source("NEAR", 1.12, activity=420.0, ef=0.00267),  # 0.125 % off
        source("OFF", 10.0, activity=100.0, ef=0.11),  # 10 % off
        source("ZERO", 0.0, activity=5.0, ef=1.0),  # stated 0 but 5
        source("EST", 0.62, activity=0.0, ef=0.0, included=False, reason="estimate"),
        source("BLANK", 3.0, activity=None, ef=0.5),
        source("NOT", None, activity=2.0, ef=0.5),
    ]
    r = check_inventory_recalc(ctx_for(rows))
    assert r.status == "warn"
    assert r.figures == {
        "checked": 5,
        "disagreeing": 3,
        "unit_problems": 0,
        "converted": 5,
        "without_units": 0,
    }
    assert r.rows == ["OFF", "ZERO", "NOT"]


def test_inventory_recalc_zero_stated_and_zero_product_agrees() -> None:
    r = check_inventory_recalc(ctx_for([source("Z", 0.0, activity=0.0, ef=2.0)]))
    assert r.status == "pass"
    assert r.figures["checked"] == 1 and r.figures["disagreeing"] == 0


def test_inventory_recalc_nothing_to_check() -> None:
    r = check_inventory_recalc(ctx_for([source("A", 1.0)]))
    assert r.status == "n/a"
    assert r.figures["checked"] == 0


def test_scope3_exclusions_are_weighed_per_category() -> None:
    rows = [source("S1", 97.0)] + [
        source(f"T{i}", 0.6, scope=3, included=False, reason="small", category="transport")
        for i in range(5)
    ]  # each 0.6 % of the total, 3 % together
    r = check_coverage_exclusions(ctx_for(rows, criteria=("PAS 2060:2014",)))
    assert r.status == "fail"
    assert r.figures["scope3_categories_above_1pct"] == ["transport"]


def test_an_excluded_source_without_an_estimate_never_passes() -> None:
    rows = [source("S1", 100.0), source("S2", 0.0, scope=3, included=False, reason="unknown")]
    r = check_coverage_exclusions(ctx_for(rows))
    assert r.status == "fail" and r.rows == ["S2"]
    assert r.figures["no_estimate"] == 1


def test_the_95_50_rule_is_pas2060s_only() -> None:
    rows = [source("S1", 97.0), source("S2", 3.0, scope=3, included=False, reason="r")]
    r = check_coverage_threshold(ctx_for(rows, criteria=("ISO 14068-1:2023",)))
    assert r.status == "n/a" and r.inapplicable
    r = check_coverage_threshold(ctx_for(rows, criteria=("PAS 2060:2014", "ISO 14068-1:2023")))
    assert r.status != "n/a"


def test_removals_never_net_the_footprint() -> None:
    from rules_helpers import credit, credits_frame

    from desktop.rules.credits import check_sufficiency

    rows = [source("S1", 100.0), source("R1", -30.0, scope=1)]  # a removal, included
    r = check_coverage_reported(ctx_for(rows, reported_emissions_tco2e=100.0))
    assert r.status == "pass"  # gross emissions: 100, not 70
    assert r.figures["recomputed_tco2e"] == 100.0 and r.figures["removals_tco2e"] == 30.0
    assert "reported apart" in r.message
    blocks = credits_frame([credit("TW-2-1-030172798-030172867-00-00-A0000070", quantity=70)])
    suff = check_sufficiency(ctx_for(rows, reported_emissions_tco2e=70.0, credits=blocks))
    assert suff.figures["required_tco2e"] == 100.0  # offsetting covers gross emissions
    assert suff.status == "fail"
