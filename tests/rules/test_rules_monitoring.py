"""Monitoring analytics (design §13): each planted anomaly is found, with its rows and the
tCO2e at stake worked by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from desktop.rules import CalcLine, Calculation, CheckContext, run_checks
from desktop.rules.frequency import Step, parse_frequency
from desktop.rules.monitoring import (
    check_calibration,
    check_duplicates,
    check_gaps,
    check_outliers,
)
from desktop.rules.monitoring_data import from_frame, group_median, parse_period

EF = 0.5
CALC = Calculation((CalcLine("BE", "sum(EG) * EF"),), CalcLine("result", "BE"))


def frame(rows: list[tuple]) -> pd.DataFrame:
    """(parameter, period, value, meter) rows, numbered from 2; EF added last."""
    recs = [
        {"row_no": i, "parameter": p, "period": t, "value": v, "unit": "MWh", "meter_id": m}
        for i, (p, t, v, m) in enumerate(rows, 2)
    ]
    recs.append({"row_no": len(rows) + 2, "parameter": "EF", "period": "2024",
                 "value": EF, "unit": "tCO2/MWh", "meter_id": None})
    return pd.DataFrame(recs)


def monthly(meter: str, values: list[float], year: int = 2024) -> list[tuple]:
    return [("EG", f"{year}-{m:02d}", v, meter) for m, v in enumerate(values, 1)]


BASE = [100.0, 102.0, 98.0, 101.0, 99.0, 100.5, 97.5, 103.0, 100.0, 99.5, 101.5, 98.5]


def ctx(rows: list[tuple], **kw) -> CheckContext:
    m = frame(rows)
    er = float(m.loc[m.parameter == "EG", "value"].sum()) * EF
    # a 10 % threshold: one monthly reading (~8 % of the ER) is a finding, not material
    base = dict(engagement_type="verification", materiality_pct=10.0, monitoring=m,
                calculation=CALC, reported_er_tco2e=er, period_start=date(2024, 1, 1),
                period_end=date(2024, 12, 31))
    return CheckContext(**(base | kw))


def test_clean_series_pass():
    c = ctx(monthly("M1", BASE))
    for check in (check_duplicates, check_gaps, check_outliers):
        r = check(c)
        assert r.status == "pass", r.message
        assert r.rows == [] and r.figures["tco2e_at_stake"] == 0
    assert check_calibration(c).status == "n/a"  # no meters.csv
    assert not check_calibration(c).inapplicable


def test_duplicate_found_with_stake():
    rows = monthly("M1", BASE)
    rows.insert(3, ("EG", "2024-03", 98.0, "M1"))  # row 5 repeats row 4
    r = check_duplicates(ctx(rows))
    assert r.status == "warn"
    assert r.rows == ["row 5"]
    assert r.figures["duplicates"] == 1
    assert r.figures["tco2e_at_stake"] == pytest.approx(98.0 * EF)
    assert "row 5" in r.message and "涉及減量" in r.message_zh


def test_same_time_on_another_meter_is_not_a_duplicate():
    r = check_duplicates(ctx(monthly("M1", BASE) + monthly("M2", BASE)))
    assert r.status == "pass"


def test_gap_found_and_filled_at_the_median():
    rows = [r for r in monthly("M1", BASE) if r[1] != "2024-07"]
    c = ctx(rows)
    r = check_gaps(c)
    assert r.status == "warn"
    assert r.figures["missing_readings"] == 1 and r.figures["gaps"] == 1
    assert r.rows == ["row 7", "row 8"]  # June and August either side
    med = float(np.median([v for _p, t, v, _m in rows]))
    assert r.figures["tco2e_at_stake"] == pytest.approx(med * EF)
    assert "2024-06-01 → 2024-08-01" in r.message


def test_gap_at_the_period_end_and_stated_frequency():
    rows = [r for r in monthly("M1", BASE) if r[1] < "2024-11"]
    r = check_gaps(ctx(rows, monitoring_frequency=(("EG", "monthly"),)))
    assert r.figures["missing_readings"] == 2  # November and December
    hourly = [("EG", f"2024-01-01T{h:02d}:00", 1.0, "M1") for h in range(24) if h not in (5, 6)]
    c = ctx(hourly, period_end=date(2024, 1, 1), monitoring_frequency=(("EG", "PT1H"),))
    r = check_gaps(c)
    assert r.figures["missing_readings"] == 2 and r.figures["gaps"] == 1


def test_spike_and_reading_above_capacity():
    rows = monthly("M1", BASE)
    rows[5] = ("EG", "2024-06", 400.0, "M1")  # row 7: robust z far above 3.5
    rows[8] = ("EG", "2024-09", 104.0, "M1")  # row 10: above a capacity of 103.5
    meters = pd.DataFrame([{"meter_id": "M1", "serial": "S", "calibrated_on": "2023-01-01",
                            "valid_until": "2025-12-31", "accuracy_pct": 0.5,
                            "capacity": 103.5}])
    c = ctx(rows, meters=meters)
    r = check_outliers(c)
    assert r.rows == ["row 7", "row 10"]
    assert r.figures["outliers"] == 1 and r.figures["above_capacity"] == 2  # 400 too
    assert r.figures["tco2e_at_stake"] == pytest.approx((400.0 + 104.0) * EF)
    # 252 t of a claimed ER of ~752 t: far above the 10 % threshold
    assert r.status == "fail"
    assert "materiality" in r.message


def test_robust_z_by_hand():
    values = [10.0, 11.0, 9.0, 10.5, 9.5, 30.0]
    med = np.median(values)
    mad = np.median(np.abs(np.array(values) - med))
    assert 0.6745 * (30.0 - med) / mad > 3.5
    assert 0.6745 * (11.0 - med) / mad < 3.5
    rows = [("EG", f"2024-{m:02d}", v, "M1") for m, v in enumerate(values, 1)]
    r = check_outliers(ctx(rows))
    assert r.rows == ["row 7"]
    assert r.figures["max_abs_z"] == pytest.approx(round(0.6745 * (30.0 - med) / mad, 4))


def test_reading_after_valid_until():
    meters = pd.DataFrame([
        {"meter_id": "M1", "calibrated_on": "2023-06-01", "valid_until": "2024-10-31"},
        {"meter_id": "M2", "calibrated_on": "2023-06-01", "valid_until": "2025-06-30"},
    ])
    rows = monthly("M1", BASE) + monthly("M2", BASE) + monthly("M3", BASE[:3])
    r = check_calibration(ctx(rows, meters=meters))
    assert r.status == "fail"  # 250 t of ~1 350 t: material
    # M1's November and December (rows 12, 13) and M3, which the register lacks
    assert r.rows == ["row 12", "row 13", "row 26", "row 27", "row 28"]
    assert r.figures["outside_validity"] == 2 and r.figures["unregistered"] == 3
    assert r.figures["meters"] == ["M1"] and r.figures["unregistered_meters"] == ["M3"]
    expected = (BASE[10] + BASE[11] + sum(BASE[:3])) * EF
    assert r.figures["tco2e_at_stake"] == pytest.approx(expected)


def test_last_valid_day_counts_whole():
    meters = pd.DataFrame([{"meter_id": "M1", "valid_until": "2024-01-31"}])
    rows = [("EG", "2024-01-31T23:00", 1.0, "M1"), ("EG", "2024-02-01T00:00", 1.0, "M1")]
    r = check_calibration(ctx(rows, meters=meters))
    assert r.rows == ["row 3"]


def test_stake_not_attributable_without_calculation():
    rows = monthly("M1", BASE)
    rows.insert(3, ("EG", "2024-03", 98.0, "M1"))
    r = check_duplicates(ctx(rows, calculation=None))
    assert r.status == "warn"
    assert r.figures["tco2e_at_stake"] is None
    assert "cannot be attributed" in r.message and "無法歸屬" in r.message_zh


def test_rows_of_unused_parameters_are_said_so():
    rows = [*monthly("M1", BASE), ("AUX", "2024-01", 1.0, "X"), ("AUX", "2024-01", 1.0, "X")]
    r = check_duplicates(ctx(rows))
    assert r.figures["tco2e_at_stake"] == 0
    assert "calculation does not use" in r.message


def test_neutrality_is_inapplicable_and_no_data_is_na():
    for kind in ("carbon-neutrality", "validation"):
        c = CheckContext(engagement_type=kind)
        assert all(r.inapplicable for r in (check_gaps(c), check_duplicates(c)))
    r = check_gaps(CheckContext(engagement_type="verification"))
    assert r.status == "n/a" and not r.inapplicable


def test_run_checks_places_the_codes():
    codes = [r.code for r in run_checks(ctx(monthly("M1", BASE)))]
    i = codes.index("recalc.ex_ante") if "recalc.ex_ante" in codes else codes.index(
        "recalc.result")
    assert codes[i + 1:i + 5] == ["monitoring.duplicates", "monitoring.gaps",
                                  "monitoring.outliers", "monitoring.calibration"]


@pytest.mark.parametrize(("text", "step"), [
    ("hourly", Step(seconds=3600)), ("Monthly", Step(months=1)), ("PT15M", Step(seconds=900)),
    ("P1D", Step(seconds=86400)), ("P3M", Step(months=3)), ("P1Y", Step(months=12)),
])
def test_frequencies(text, step):
    assert parse_frequency(text) == step


@pytest.mark.parametrize("text", ["", "sometimes", "P", "PT", "P1M1D", "PT0S", 5, None])
def test_bad_frequencies(text):
    assert parse_frequency(text) is None


def test_periods():
    assert parse_period("2024-03") == parse_period("2024-03-01") == 1709251200.0
    assert parse_period("2024-03-01T08:00+08:00") == 1709251200.0
    assert parse_period("2024-03-01 01:00") == 1709254800.0
    assert np.isnan(parse_period("2460000")) and np.isnan(parse_period("soon"))


def test_group_median_matches_numpy():
    rng = np.random.default_rng(3)
    v, g = rng.random(1000), rng.integers(0, 7, 1000)
    v[::50] = np.nan
    got = group_median(v, g, 8)
    for k in range(7):
        assert got[k] == np.nanmedian(v[g == k])
    assert np.isnan(got[7])


def test_frame_is_read_in_row_order():
    f = frame(monthly("M1", BASE)).iloc[::-1]
    assert list(from_frame(f).row_no) == sorted(f["row_no"])


def test_stake_of_a_formula_over_the_maximum():
    """Without the spike the maximum is another reading: evaluated again, not guessed."""
    rows = monthly("M1", BASE)
    rows[5] = ("EG", "2024-06", 400.0, "M1")
    calc = Calculation((CalcLine("BE", "max(EG) * EF"),), CalcLine("result", "BE"))
    r = check_outliers(ctx(rows, calculation=calc))
    assert r.figures["tco2e_at_stake"] == pytest.approx((400.0 - max(BASE)) * EF)


def test_stake_of_a_mean_with_a_gap():
    rows = [r for r in monthly("M1", BASE) if r[1] != "2024-07"]
    calc = Calculation((CalcLine("BE", "mean(EG) * 12 * EF"),), CalcLine("result", "BE"))
    r = check_gaps(ctx(rows, calculation=calc))
    vals = [v for _p, _t, v, _m in rows]
    med = float(np.median(vals))
    expected = abs(np.mean(vals) - np.mean([*vals, med])) * 12 * EF
    assert r.figures["tco2e_at_stake"] == pytest.approx(expected, abs=1e-4)


def test_grouped_median_both_ways(monkeypatch):
    from desktop.rules import monitoring_data

    rng = np.random.default_rng(5)
    g = np.sort(rng.integers(0, 9, 500))
    v = rng.random(500)
    v[::37] = np.nan
    slices = monitoring_data.grouped_median(v, g, 10)
    monkeypatch.setattr(monitoring_data, "LOOP_GROUPS", 0)
    np.testing.assert_array_equal(slices, monitoring_data.grouped_median(v, g, 10))


def test_arrays_read_like_a_frame():
    """Code written against the frame (the opinion's ER per year, sampling) still works."""
    rows = monthly("M1", BASE[:2]) + monthly("M1", BASE[:2], year=2025)
    data = from_frame(frame(rows))
    assert "unit" in data and "evidence" not in data
    assert list(data["parameter"].astype(str)) == ["EG"] * 4 + ["EF"]
    years = data["period"].astype(str).str.extract(r"^(\d{4})")[0]
    part = data[(years == "2025") | years.isna()]
    assert list(part.row_no) == [4, 5]  # EF's "2024" is dated
    doubled = data.assign(value=data["value"].to_numpy() * 2)
    assert doubled.value[0] == 2 * BASE[0] and data.value[0] == BASE[0]
