"""``credits.sufficiency`` counts eligible units only (design §12): de-duplicated ranges
within a numbering series, at most the block, and never a block that is unparsed, foreign,
too old, not retired, retired late or before its vintage ended."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules_helpers import CLIENT, credit, credits_frame, neutral_ctx

from desktop.rules.credits import check_sufficiency
from desktop.rules.serials import new_units

TW1 = "TW-2-1-030172798-030173019-00-00-A0000070"  # 222 units
TW2 = "TW-2-2-023900288-023900342-00-00-B0000083"  # 55 units


def tw(start: int, end: int) -> str:
    return f"TW-2-1-{start:09d}-{end:09d}-00-00-A0000070"


def suff(rows, **fields):
    fields.setdefault("reported_emissions_tco2e", 100.0)
    return check_sufficiency(neutral_ctx(credits=credits_frame(rows), **fields))


def test_the_issue_example_counts_only_the_eligible_block() -> None:
    """A repeated block, a block retired for someone else, a 2015 vintage and 40 claimed
    for a 10-unit block used to add up to 222 + 222 + 55 + 222 + 40 = 761."""
    rows = [
        credit(TW1),  # eligible: 222
        credit(TW1),  # repeated
        credit(TW2, quantity=55, beneficiary="Another Corp"),  # foreign
        credit(tw(1, 222), vintage="2015"),  # too old (2024 − 5 = 2019)
        credit(tw(500, 509), quantity=40),  # a 10-unit block claimed as 40
    ]
    r = suff(rows, reported_emissions_tco2e=300.0)
    f = r.figures
    assert f["claimed_tco2e"] == 761
    assert f["eligible_tco2e"] == f["retired_tco2e"] == 232
    assert (r.status, f["shortfall_tco2e"]) == ("fail", 68)
    assert f["ineligible"] == {"foreign": 1, "too old": 1, "repeated": 1, "over block": 1}
    assert f["why"] == {
        TW1: ["repeated"],
        TW2: ["foreign"],
        tw(1, 222): ["too old"],
        tw(500, 509): ["over block"],
    }
    assert r.rows == [TW1, TW2, tw(1, 222), tw(500, 509)]
    assert "units already counted in another block" in r.message


def test_overlapping_blocks_count_their_union() -> None:
    rows = [credit(tw(1, 100), quantity=100), credit(tw(51, 150), quantity=100)]
    r = suff(rows, reported_emissions_tco2e=150.0)
    assert (r.status, r.figures["eligible_tco2e"], r.figures["claimed_tco2e"]) == ("pass", 150, 200)
    assert r.figures["why"] == {tw(51, 150): ["repeated"]}


def test_a_smaller_quantity_counts_that_many_units() -> None:
    r = suff([credit(tw(1, 10), quantity=5), credit(tw(4, 6), quantity=3)])
    assert r.figures["eligible_tco2e"] == 6  # units 1–6: the second block adds only unit 6
    assert suff([credit(tw(1, 10), quantity=2.7)]).figures["eligible_tco2e"] == 2


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"serial": "TW-2-1-0301x2798-030173019-00-00-A0000070"}, "unparsed"),
        ({"serial": None}, "unparsed"),
        ({"quantity": None}, "no quantity"),
        ({"quantity": 0.5}, "no quantity"),
        ({"retired_on": None}, "not retired"),
        ({"retired_on": "14/03/2025"}, "not retired"),
        ({"beneficiary": None}, "foreign"),
        ({"vintage": "2017-2018"}, "too old"),
        ({"vintage": "unknown"}, "no vintage"),
        ({"retired_on": "2026-01-01"}, "late"),  # 12 months after 2024-12-31 is 2025-12-31
        ({"vintage": "2025", "retired_on": "2025-06-30"}, "early"),  # vintage not over
    ],
)
def test_an_ineligible_block_counts_nothing(fields, reason) -> None:
    row = credit(TW1, **{k: v for k, v in fields.items() if k != "serial"})
    if "serial" in fields:
        row["serial"] = fields["serial"]
    r = suff([row, credit(TW2, quantity=55)])
    assert r.figures["eligible_tco2e"] == 55
    assert list(r.figures["why"].values()) == [[reason]]
    assert r.status == "fail"  # 55 < 100


def test_settings_and_missing_claimant_decide_what_is_checked() -> None:
    old = [credit(TW1, vintage="2015")]
    assert suff(old).figures["eligible_tco2e"] == 0
    assert suff(old, vintage_window_years=None).figures["eligible_tco2e"] == 222
    assert suff(old, vintage_window_years=10).figures["eligible_tco2e"] == 222
    # no claimant named: beneficiaries cannot be compared, so they do not exclude
    other = [credit(TW1, beneficiary="Other")]
    assert suff(other, client=None).figures["eligible_tco2e"] == 222
    # no period end: lateness and age cannot be judged
    late = [credit(TW1, retired_on="2030-01-01", vintage="2015")]
    assert suff(late, period_end=None).figures["eligible_tco2e"] == 222


def test_the_retirement_window_follows_the_criteria() -> None:
    rows = [credit(TW1, retired_on="2026-03-01")]
    pas = {"criteria": ("PAS 2060:2014",), "declaration_date": date(2025, 6, 30)}
    assert suff(rows, **pas).figures["eligible_tco2e"] == 222
    assert suff(rows).figures["eligible_tco2e"] == 0  # the period end + 12 months


def test_equal_numbers_in_other_series_are_not_repeats() -> None:
    # Gold Standard, ACR and CAR restart their numbering in each issuance batch
    rows = [
        credit("GS1-1-KE-GS7495-16-2022-30645-1-100", registry="Gold Standard", quantity=100),
        credit("GS1-1-KE-GS7495-16-2022-30646-1-100", registry="Gold Standard", quantity=100),
        credit("ACR-US-934-2022-2891-1 to 100", registry="ACR", quantity=100),
        credit("CAR-1-US-1480-46-1156-FL-2022-10272-1 to 100", registry="CAR", quantity=100),
        credit("TW-2-1-000000001-000000100-00-00-A0000070", quantity=100),
    ]
    r = suff(rows, reported_emissions_tco2e=500.0)
    assert (r.status, r.figures["eligible_tco2e"], r.rows) == ("pass", 500, [])


def test_a_zero_and_an_empty_table() -> None:
    empty = credits_frame([credit(TW1)]).iloc[:0]
    r = check_sufficiency(neutral_ctx(credits=empty, reported_emissions_tco2e=1.0))
    assert (r.figures["claimed_tco2e"], r.figures["eligible_tco2e"], r.rows) == (0, 0, [])


def test_beneficiaries_compare_case_and_space_insensitively() -> None:
    rows = [credit(TW1, beneficiary=f"  {CLIENT.upper()} ")]
    assert suff(rows).figures["eligible_tco2e"] == 222


# ------------------------------------------------------------------- the sorted sweep


def _brute_units(blocks) -> int:
    return len({(k, u) for k, s, e in blocks for u in range(s, e + 1)})


blocks = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 60), st.integers(0, 15)).map(
        lambda t: (t[0], t[1], t[1] + t[2])
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(blocks)
def test_new_units_sum_to_the_union(bs) -> None:
    key = np.array([f"k{b[0]}" for b in bs], dtype=object)
    start = np.array([b[1] for b in bs], dtype=np.int64)
    end = np.array([b[2] for b in bs], dtype=np.int64)
    added = new_units(key, start, end)
    assert int(added.sum()) == _brute_units(bs)
    assert ((added >= 0) & (added <= end - start + 1)).all()


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 40),
            st.integers(0, 8),
            st.integers(0, 12),
            st.sampled_from(["2018", "2022", "2021-2023", "bad"]),
            st.sampled_from(["2024-06-01", "2025-12-31", "2026-01-01", None]),
            st.sampled_from([CLIENT, "Other"]),
        ),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 2**31 - 1),
)
def test_sufficiency_equals_a_unit_by_unit_count(data, seed) -> None:
    rows, wanted = [], set()
    for s, n, q, vintage, retired, ben in data:
        rows.append(
            credit(tw(s, s + n), quantity=q, vintage=vintage, retired_on=retired, beneficiary=ben)
        )
        ok = (
            q >= 1
            and vintage in ("2022", "2021-2023")
            and retired in ("2024-06-01", "2025-12-31")
            and ben == CLIENT
        )
        if ok:
            wanted |= set(range(s, s + min(q, n + 1)))
    frame = credits_frame(rows)
    r = check_sufficiency(neutral_ctx(credits=frame, reported_emissions_tco2e=10.0))
    assert r.figures["eligible_tco2e"] == len(wanted)
    shuffled = frame.sample(frac=1, random_state=seed)
    again = check_sufficiency(neutral_ctx(credits=shuffled, reported_emissions_tco2e=10.0))
    assert again == r
