"""The investment analysis package: IRR / NPV by hand, sign conventions, sensitivity."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from desktop.errors import InputError
from desktop.investment import analyse, cash_flows, irr, npv

DATA = Path(__file__).parent / "data" / "investment"


def _records(name: str) -> list[dict[str, object]]:
    aliases = {"年度": "year", "資本支出": "capex", "收入": "revenue", "營運成本": "opex",
               "其他": "other", "現金流量": "cash_flow"}
    with open(DATA / name, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [{"row_no": i, **{aliases.get(k, k): (float(v) if v else None) for k, v in r.items()}}
            for i, r in enumerate(rows, 2)]


def test_irr_of_two_equal_inflows_matches_the_quadratic():
    # −100 + 60/x + 60/x² = 0 with x = 1 + r  ⇔  100x² − 60x − 60 = 0
    # x = (60 + √(60² + 4·100·60)) / 200 = (60 + √27 600) / 200 = 1.130 662 → 13.07 %
    r = irr([-100, 60, 60])
    assert r.status == "ok"
    assert r.irr_pct == pytest.approx(13.0662386, abs=1e-6)
    assert r.roots_pct == pytest.approx((13.0662386,), abs=1e-6)


def test_irr_of_one_year_and_npv_by_hand():
    assert irr([-1000, 1100]).irr_pct == pytest.approx(10.0, abs=1e-9)  # 1100 / 1000 − 1
    # −100 + 60/1.1 + 60/1.21 = −100 + 54.5455 + 49.5868 = 4.1322
    assert npv(0.10, [-100, 60, 60]) == pytest.approx(4.132231, abs=1e-6)


@pytest.mark.parametrize("flows", [[100, 60, 60], [-100, -50, -10], [0, 0, 0]])
def test_no_sign_change_has_no_irr(flows):
    r = irr(flows)
    assert (r.status, r.irr_pct, r.sign_changes) == ("none", None, 0)


def test_sign_change_but_no_root_on_the_grid_is_none():
    # the root is −99.5 %: below the scanned range, never guessed
    r = irr([-100, 0.5])
    assert r.status == "none" and r.irr_pct is None and r.sign_changes == 1


def test_two_sign_changes_give_both_irrs():
    # −100 + 230/x − 132/x² = 0  ⇔  100x² − 230x + 132 = 0  ⇔  x = (230 ± 10) / 200
    r = irr([-100, 230, -132])
    assert r.status == "multiple" and r.irr_pct is None and r.sign_changes == 2
    assert r.roots_pct == pytest.approx((10.0, 20.0), abs=1e-6)


def test_two_sign_changes_with_one_root_is_unique():
    # Descartes allows two roots: 100x² − 150x + 1 = 0, x = (150 ± √22 100) / 200 gives
    # 49.33 % and −99.33 %; the second is below −99 %, so one IRR is reported
    r = irr([-100, 150, -1])
    assert r.status == "ok" and r.sign_changes == 2
    assert r.irr_pct == pytest.approx(49.3303, abs=1e-3)


def test_component_table_gives_net_cash_flow():
    cf = cash_flows(_records("simple.csv"))
    assert cf.years == tuple(range(2024, 2035))
    assert cf.net == (-1000.0,) + (150.0,) * 10
    assert cf.convention == {"capex": "positive", "opex": "positive"}
    # annuity: 1000 / 150 = 6.667 = (1 − (1 + r)^−10) / r at r = 8.14 %
    assert irr(cf.flows()).irr_pct == pytest.approx(8.1442, abs=1e-3)


def test_costs_written_negative_and_chinese_headers_give_the_same_flows():
    plain = cash_flows(_records("simple.csv"))
    signed = cash_flows(_records("negative_costs_zh.csv"))
    assert signed.net == plain.net
    assert signed.convention == {"capex": "negative", "opex": "negative"}


def test_ambiguous_input_is_refused_naming_row_and_column():
    with pytest.raises(InputError) as exc:
        cash_flows(_records("bad.csv"), "bad.csv")
    msgs = [p.message("en") for p in exc.value.problems]
    assert "bad.csv row 4, column revenue: revenue -10.0 is negative: put a cost in opex or " \
        "other" in msgs
    assert any(m.startswith("bad.csv row 5, column year: year 2028 does not follow 2026")
               for m in msgs)
    assert any(m.startswith("bad.csv row 5, column opex: -50.0 has the opposite sign of 50.0")
               for m in msgs)
    assert "bad.csv row 6, column cash_flow: cash_flow 999.0 differs from revenue − capex − " \
        "opex + other = 150.0" in msgs
    zh = [p.message("zh-TW") for p in exc.value.problems]
    assert "bad.csv 第 4 列，欄位 revenue：收入 -10.0 為負值：成本請填於營運成本或其他" in zh


def test_one_row_or_no_values_is_refused():
    with pytest.raises(InputError, match="at least two years"):
        cash_flows([{"row_no": 2, "year": 2024, "cash_flow": -5}])
    with pytest.raises(InputError, match="give capex, revenue"):
        cash_flows([{"row_no": 2, "year": 2024}, {"row_no": 3, "year": 2025}])


def test_break_even_inside_the_range():
    # NPV at 9 %: −1000 + 150 · 6.41766 = −37.35; revenue PV 200 · 6.41766 = 1 283.53
    # break-even revenue change = 37.35 / 1 283.53 = +2.91 %  (inside ±10 %)
    cf = cash_flows(_records("simple.csv"))
    s = analyse(cf, benchmark_pct=9.0, variation_pct=10)
    rev = next(v for v in s.variables if v.name == "revenue")
    assert rev.break_even_pct == pytest.approx(2.910, abs=1e-3)
    assert rev.inside(10) and "revenue" in s.inside
    assert s.npv_at_benchmark == pytest.approx(-37.351, abs=1e-3)
    # the IRR at the break-even is the benchmark
    assert irr(cf.flows({"revenue": rev.break_even_pct / 100})).irr_pct == pytest.approx(9.0)
    capex = next(v for v in s.variables if v.name == "capex")
    assert capex.break_even_pct == pytest.approx(-3.735, abs=1e-3)  # −37.35 / 1000
    assert capex.irr_low_pct > s.base.irr_pct > capex.irr_high_pct
    assert [c for c, _ in rev.curve] == pytest.approx([float(c) for c in range(-20, 21, 2)])


def test_break_even_outside_the_range_and_beyond_the_window():
    # at 15 %: NPV = −1000 + 150 · 5.01877 = −247.18; revenue needs +24.6 % (outside
    # ±10 %); opex would have to fall by 98.5 %, beyond the −90 % … +300 % window → None
    cf = cash_flows(_records("simple.csv"))
    s = analyse(cf, benchmark_pct=15.0, variation_pct=10)
    by = {v.name: v for v in s.variables}
    assert by["revenue"].break_even_pct == pytest.approx(24.626, abs=1e-2)
    assert not by["revenue"].inside(10)
    assert by["opex"].break_even_pct is None
    assert s.inside == ()
    assert by["capex"].share_pct == pytest.approx(100 * 1000 / 1500)
    assert "other" not in by  # not a varied variable


def test_cash_flow_only_has_no_sensitivity():
    cf = cash_flows([{"row_no": 2, "year": 2024, "cash_flow": -100},
                     {"row_no": 3, "year": 2025, "cash_flow": 60},
                     {"row_no": 4, "year": 2026, "cash_flow": 60}])
    assert not cf.has_components
    assert irr(cf.flows()).irr_pct == pytest.approx(13.0662, abs=1e-4)
    with pytest.raises(ValueError):
        analyse(cf, 10.0)
