"""Vintage, retirement, beneficiary and sufficiency of retired credits."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import CLIENT, credit, credits_frame, inventory_frame, neutral_ctx, source

from desktop.rules import run_checks
from desktop.rules.credits import (
    add_months,
    check_beneficiary,
    check_retirement,
    check_sufficiency,
    check_vintage,
    vintage_years,
)

TW1 = "TW-2-1-030172798-030173019-00-00-A0000070"
TW2 = "TW-2-2-023900288-023900342-00-00-B0000083"


def ctx(rows, **fields):
    return neutral_ctx(credits=credits_frame(rows), **fields)


# ------------------------------------------------------------------------ vintage


def test_vintage_years() -> None:
    first, last = vintage_years(pd.Series(["2022", "2021-2022", " 2019 – 2020 ", None, "soon"]))
    assert first[:3].tolist() == [2022, 2021, 2019]
    assert last[:3].tolist() == [2022, 2022, 2020]
    assert pd.isna(first[3]) and pd.isna(last[4])


def test_vintage_window() -> None:
    rows = [
        credit(TW1, vintage="2019"),  # 2024 - 5 = 2019: allowed
        credit(TW2, vintage="2017-2018", quantity=55),  # too old
    ]
    r = check_vintage(ctx(rows))
    assert r.status == "fail"
    assert r.rows == [TW2]
    assert r.figures["oldest_vintage"] == 2018
    assert r.figures["earliest_allowed"] == 2019


def test_vintage_setting() -> None:
    rows = [credit(TW1, vintage="2015")]
    assert check_vintage(ctx(rows, vintage_window_years=10)).status == "pass"
    assert check_vintage(ctx(rows, vintage_window_years=None)).status == "n/a"
    assert check_vintage(ctx(rows, period_end=None)).status == "n/a"


def test_unreadable_vintage_fails() -> None:
    r = check_vintage(ctx([credit(TW1, vintage="n/a")]))
    assert r.status == "fail"
    assert r.figures["oldest_vintage"] is None


# --------------------------------------------------------------------- retirement


def test_add_months_clamps() -> None:
    assert add_months(date(2024, 12, 31), 12) == date(2025, 12, 31)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_retired_exactly_12_months_after_is_on_time_one_day_later_is_late() -> None:
    on_time = check_retirement(ctx([credit(TW1, retired_on="2025-12-31")]))
    assert on_time.status == "pass"
    assert on_time.figures["deadline"] == "2025-12-31"
    late = check_retirement(ctx([credit(TW1, retired_on="2026-01-01")]))
    assert late.status == "fail"
    assert late.figures["late"] == 1
    assert late.rows == [TW1]


def test_period_ending_mid_month() -> None:
    rows = [credit(TW1, retired_on="2025-06-30"), credit(TW2, retired_on="2025-07-01")]
    r = check_retirement(ctx(rows, period_end=date(2024, 6, 30)))
    assert r.figures["late"] == 1
    assert r.rows == [TW2]


def test_retired_before_the_vintage_ended_is_not_ex_post() -> None:
    # PAS 2060 §9.1.2(d) / ISO 14068-1: ex post only — the vintage ends before retirement
    rows = [
        credit(TW1, vintage="2021-2022", retired_on="2022-06-30"),  # vintage not over yet
        credit(TW2, vintage="2024", retired_on="2024-12-31", quantity=55),  # its last day
        credit(
            "TW-2-1-000000001-000000001-00-00-A0000001", vintage="2024", retired_on="2025-01-01"
        ),
    ]
    r = check_retirement(ctx(rows))
    assert r.status == "fail"
    assert r.figures["early"] == 2
    assert r.rows == [TW1, TW2]
    assert "not ex post" in r.message


def test_retired_before_vintage_and_not_retired() -> None:
    rows = [
        credit(TW1, vintage="2025", retired_on="2024-12-01"),  # before its vintage
        credit(TW2, retired_on=None),  # not retired
        credit("TW-2-1-000000001-000000001-00-00-A0000001", retired_on="14/03/2025"),  # unreadable
    ]
    r = check_retirement(ctx(rows))
    assert r.status == "fail"
    assert (r.figures["early"], r.figures["not_retired"], r.figures["late"]) == (1, 2, 0)
    assert "not retired" in r.message


def test_retirement_window_setting() -> None:
    rows = [credit(TW1, retired_on="2026-03-01")]
    assert check_retirement(ctx(rows, retirement_window_months=18)).status == "pass"


# -------------------------------------------------------------------- beneficiary


def test_beneficiary_compared_without_case_and_spaces() -> None:
    rows = [
        credit(TW1, beneficiary=f"  {CLIENT.upper().replace(' ', '   ')} "),
        credit(TW2, beneficiary="Kaohsiung Plant", quantity=55),
    ]
    r = check_beneficiary(ctx(rows, beneficiaries=("Kaohsiung  plant",)))
    assert r.status == "pass"
    assert r.figures == {"foreign": 0}


def test_foreign_and_blank_beneficiaries_fail() -> None:
    rows = [credit(TW1, beneficiary="Another Corp"), credit(TW2, beneficiary=None)]
    r = check_beneficiary(ctx(rows))
    assert r.status == "fail"
    assert r.figures == {"foreign": 2}
    assert r.rows == [TW1, TW2]


def test_beneficiary_needs_a_claimant_name() -> None:
    assert check_beneficiary(ctx([credit(TW1)], client=None)).status == "n/a"


# --------------------------------------------------------------------- sufficiency


def test_required_is_the_larger_of_claim_and_recomputed() -> None:
    inv = inventory_frame([source("S1", 300.0)])
    rows = [credit(TW1), credit(TW2, quantity=55)]
    r = check_sufficiency(ctx(rows, inventory=inv, reported_emissions_tco2e=250.0))
    assert r.status == "fail"
    assert r.figures["retired_tco2e"] == r.figures["eligible_tco2e"] == 277
    assert (r.figures["required_tco2e"], r.figures["shortfall_tco2e"]) == (300, 23)
    assert r.figures["claimed_tco2e"] == 277
    r = check_sufficiency(ctx(rows, inventory=inv, reported_emissions_tco2e=277.0))
    assert r.figures["required_tco2e"] == 300
    r = check_sufficiency(ctx(rows, reported_emissions_tco2e=277.0))
    assert r.status == "pass"


def test_unretired_and_foreign_credits_do_not_count() -> None:
    rows = [
        credit(TW1),
        credit(TW2, quantity=55, beneficiary="Other"),
        credit(None, retired_on=None),
    ]
    r = check_sufficiency(ctx(rows, reported_emissions_tco2e=250.0))
    assert r.figures["retired_tco2e"] == 222
    assert r.status == "fail"
    assert r.rows == [TW2, "row 4"]


def test_empty_credit_table_means_nothing_retired() -> None:
    empty = credits_frame([credit(TW1)]).iloc[:0]
    c = neutral_ctx(credits=empty, reported_emissions_tco2e=10.0)
    r = check_sufficiency(c)
    assert r.status == "fail"
    assert r.figures["shortfall_tco2e"] == 10
    assert check_retirement(c).status == "n/a"
    assert check_sufficiency(neutral_ctx(reported_emissions_tco2e=10.0)).status == "n/a"


@pytest.mark.parametrize("kind", ["validation", "verification"])
def test_credit_checks_only_for_neutrality(kind: str) -> None:
    c = ctx([credit(TW1)], engagement_type=kind, reported_emissions_tco2e=1.0)
    for check in (check_vintage, check_retirement, check_beneficiary, check_sufficiency):
        assert check(c).status == "n/a"


credit_rows = st.lists(
    st.tuples(
        st.integers(0, 50),
        st.integers(0, 5),
        st.sampled_from(["2018", "2022", "2021-2023", "bad", None]),
        st.sampled_from(["2024-06-01", "2025-12-31", "2026-01-01", None]),
        st.sampled_from([CLIENT, "Other", None]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=75, deadline=None)
@given(credit_rows, st.integers(0, 2**31 - 1))
def test_reordering_credit_rows_changes_nothing(data, seed) -> None:
    rows = [
        credit(
            f"TW-2-1-{s:09d}-{s + n:09d}-00-00-A0000070",
            quantity=n + 1,
            vintage=v,
            retired_on=d,
            beneficiary=b,
        )
        for s, n, v, d, b in data
    ]
    frame = credits_frame(rows)
    shuffled = frame.sample(frac=1, random_state=seed)
    a = run_checks(neutral_ctx(credits=frame, reported_emissions_tco2e=20.0))
    b = run_checks(neutral_ctx(credits=shuffled, reported_emissions_tco2e=20.0))
    assert [r.to_json() for r in a] == [r.to_json() for r in b]


# ------------------------------------------------------- retirement windows by criteria

PAS = ("PAS 2060:2014",)
ISO = ("ISO 14068-1:2023",)


def test_pas_2060_counts_from_the_declaration_of_achievement() -> None:
    # PAS 2060:2014 §9.1.2(e): within 12 months of the declaration of achievement
    rows = [credit(TW1, retired_on="2026-03-31"), credit(TW2, retired_on="2026-04-01", quantity=55)]
    r = check_retirement(ctx(rows, criteria=PAS, declaration_date=date(2025, 3, 31)))
    assert r.figures["deadline"] == "2026-03-31"
    assert r.figures["basis"] == "declaration"
    assert (r.status, r.figures["late"], r.rows) == ("fail", 1, [TW2])
    on_time = check_retirement(ctx(rows[:1], criteria=PAS, declaration_date=date(2025, 3, 31)))
    assert on_time.status == "pass"


def test_iso_14068_counts_from_the_period_end() -> None:
    rows = [credit(TW1, retired_on="2026-03-31")]
    r = check_retirement(ctx(rows, criteria=ISO, declaration_date=date(2025, 3, 31)))
    assert (r.status, r.figures["deadline"], r.figures["basis"]) == (
        "fail",
        "2025-12-31",
        "period end",
    )


def test_both_standards_both_windows_hold() -> None:
    rows = [credit(TW1, retired_on="2025-12-31")]
    both = PAS + ISO
    # a declaration before the period end makes PAS 2060's window the binding one
    r = check_retirement(ctx(rows, criteria=both, declaration_date=date(2024, 11, 30)))
    assert r.figures["windows"] == {"declaration": "2025-11-30", "period end": "2025-12-31"}
    assert (r.status, r.figures["deadline"], r.figures["late"]) == ("fail", "2025-11-30", 1)
    r = check_retirement(ctx(rows, criteria=both, declaration_date=date(2025, 3, 31)))
    assert (r.status, r.figures["deadline"]) == ("pass", "2025-12-31")


def test_missing_declaration_date_warns_and_uses_the_period_end() -> None:
    r = check_retirement(ctx([credit(TW1, retired_on="2025-12-31")], criteria=PAS))
    assert r.status == "warn"
    assert r.figures["deadline"] == "2025-12-31"
    assert "declaration date missing; the period end is used" in r.message
    late = check_retirement(ctx([credit(TW1, retired_on="2026-01-01")], criteria=PAS))
    assert late.status == "fail" and "declaration date missing" in late.message


def test_pas_2060_events_are_exempt() -> None:
    rows = [credit(TW1, retired_on="2027-06-30")]
    r = check_retirement(ctx(rows, criteria=PAS, subject_kind="event"))
    assert (r.status, r.figures["deadline"], r.figures["late"]) == ("pass", None, 0)
    assert "exempts events" in r.message
    # ISO 14068-1 has no such exemption
    r = check_retirement(ctx(rows, criteria=PAS + ISO, subject_kind="event"))
    assert (r.status, r.figures["deadline"]) == ("fail", "2025-12-31")
    # the exemption still needs the credits retired, and ex post
    r = check_retirement(ctx([credit(TW1, retired_on=None)], criteria=PAS, subject_kind="event"))
    assert r.status == "fail"


def test_no_period_end_is_not_applicable_never_pass() -> None:
    r = check_retirement(ctx([credit(TW1)], period_end=None))
    assert r.status == "n/a"
    assert check_retirement(ctx([credit(TW1)], period_end=None, criteria=PAS)).status == "n/a"


def test_criteria_naming_neither_standard_use_the_period_end() -> None:
    r = check_retirement(ctx([credit(TW1)], criteria=("GHG Protocol",)))
    assert (r.status, r.figures["basis"], r.figures["deadline"]) == (
        "pass",
        "period end",
        "2025-12-31",
    )
