"""Units: activity × factor, monitoring parameters and formulas converted to tCO2e."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from rules_helpers import inventory_frame, neutral_ctx, source

from desktop.rules import CalcLine, Calculation, CheckContext, FormulaError, evaluate_calculation
from desktop.rules import units as U
from desktop.rules.formula import evaluate_formula, monitoring_values
from desktop.rules.inventory import check_inventory_recalc
from desktop.rules.recalc import check_recalc_result

ROOT = Path(__file__).resolve().parents[2]


def row(
    sid: str, activity: float, a_unit: str | None, ef: float, ef_unit: str | None, tco2e: float
) -> dict[str, object]:
    r = source(sid, tco2e, activity=activity, ef=ef)
    r["activity_unit"], r["ef_unit"] = a_unit, ef_unit
    return r


def recalc(*rows: dict[str, object]):
    return check_inventory_recalc(neutral_ctx(inventory=inventory_frame(list(rows))))


# ------------------------------------------------------------------------ the registry


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("tCO2", "tCO2e"),
        ("t CO2e", "tCO2e"),
        ("tCO₂e", "tCO2e"),
        ("公噸CO2e", "tCO2e"),
        ("噸CO2e", "tCO2e"),
        ("公噸二氧化碳當量", "tCO2e"),
        ("kg CO2-eq per kWh", "kgCO2e/kWh"),
        ("kgCO2e/每度", "kgCO2e/kWh"),
        ("度", "kWh"),
        ("千度", "MWh"),
        ("ＫＷＨ", "kWh"),
        ("m³", "m^3"),
        ("立方公尺", "m**3"),
        ("公升", "L"),
        ("公秉", "kL"),
        ("公噸", "t"),
        ("tonne", "t"),
        ("t·km", "t*km"),
        ("tkm", "t.km"),
        ("tonne-km", "t km"),
        ("延噸公里", "t·km"),
        ("tCO2e/(t.km)", "tCO2e/t·km"),
        ("passenger-km", "pkm"),
        ("kWh⁻¹", "1/kWh"),
        ("個", "pcs"),
        ("人·年", "person*year"),
        ("人·公里", "pkm"),
        ("gallons", "gal"),
        ("kWh/a", "kWh/year"),
        ("unit", "pcs"),
    ],
)
def test_spellings(text: str, same_as: str) -> None:
    u, v = U.parse(text), U.parse(same_as)
    assert u is not None and v is not None
    assert U.factor(u, v) == 1.0


def test_the_registry_is_small_and_has_no_surprises() -> None:
    # pint's default registry reads these as a parsec, a micro-nit, a megatesla, a knot
    assert U.parse("pcs").dimensionless and U.parse("unit").dimensionless
    assert U.parse("MT") is None and U.parse("furlong") is None
    assert U.factor(U.parse("kt"), U.parse("t")) == 1000
    assert U.factor(U.parse("ton"), U.parse("t")) == 1.0  # metric
    assert U.factor(U.parse("gal"), U.parse("L")) == pytest.approx(3.785411784)
    assert U.factor(U.parse("MMBtu"), U.parse("GJ")) == pytest.approx(1.055056)


def test_co2e_is_not_a_plain_mass() -> None:
    assert U.factor(U.parse("tCO2e"), U.parse("t")) is None
    assert U.factor(U.parse("kgCO2e"), U.parse("tCO2e")) == 0.001
    assert U.factor(U.parse("MtCO2e"), U.parse("tCO2e")) == 1e6
    assert U.parse("pcs").dimensionless


@pytest.mark.parametrize(
    "text", ["CO2e", "mtCO2e", "MT", "MWh (net) @ site", "10^3 kWh", "((", "kWh/", "🙂", "per"]
)
def test_unknown_units_are_none_never_an_exception(text: str) -> None:
    assert U.parse(text) is None


def test_to_tco2e() -> None:
    assert U.to_tco2e(106_880, "kWh", 0.494, "tCO2e/MWh") == (pytest.approx(52.79872), None)
    assert U.to_tco2e(1520, "GJ", 97.5, "kgCO2e/GJ")[0] == pytest.approx(148.2)
    assert U.to_tco2e(2, None, 3, None) == (6, None)  # no units: the client's, as it stands
    value, problem = U.to_tco2e(1520, "GJ", 0.0975, "tCO2e/furlong")
    assert value is None and problem is not None
    assert problem.unit == "tCO2e/furlong"
    assert str(problem) == "unknown unit 'tCO2e/furlong' (emission factor)"
    assert problem.zh == "無法辨識的單位「tCO2e/furlong」（排放係數）"
    value, problem = U.to_tco2e(1520, "GJ", 0.0975, "tCO2e/km")
    assert value is None and problem is not None
    assert problem.unit == "GJ × tCO2e/km"
    assert str(problem) == (
        "'GJ' × 'tCO2e/km' is not tCO2e: the activity is energy but the factor is per unit "
        "of distance"
    )
    assert "「tCO2e/km」" in problem.zh and "能量" in problem.zh and "距離" in problem.zh
    value, problem = U.to_tco2e(1, "MWh (net)", 1, "tCO2e/MWh")
    assert value is None and str(problem) == "unknown unit 'MWh (net)' (activity)"
    assert problem.zh == "無法辨識的單位「MWh (net)」（活動數據）"


def test_pint_loads_only_when_units_are_read() -> None:
    code = (
        "import sys, desktop.rules.units, desktop.rules.formula, desktop.rules.inventory, "
        "desktop.rules.recalc; assert 'pint' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# ------------------------------------------------------------------- inventory.recalc


def test_kwh_with_a_factor_per_mwh_passes() -> None:
    r = recalc(row("S04", 106_880, "kWh", 0.494, "tCO2e/MWh", 52.80))
    assert r.status == "pass", r.message
    assert r.figures["converted"] == 1 and r.figures["disagreeing"] == 0


def test_a_1000x_slip_is_caught_on_its_row() -> None:
    r = recalc(
        row("S01", 1520, "GJ", 0.0975, "tCO2e/GJ", 148.2),
        row("S04", 106_880, "kWh", 0.494, "tCO2e/MWh", 52_800),  # kWh read as MWh
        row("S05", 158, "t", 0.2, "tCO2e/t", 31.6),
    )
    assert r.status == "warn"
    assert r.rows == ["S04"]
    assert r.figures["disagreeing"] == 1 and r.figures["unit_problems"] == 0
    assert "S04" in r.message


def test_mixed_but_consistent_units_pass() -> None:
    r = recalc(
        row("E", 106_880, "kWh", 0.494, "tCO2e/MWh", 52.80),
        row("D", 420, "L", 2.67, "kgCO2e/L", 1.12),
        row("G", 1520, "GJ", 97.5, "kgCO2e/GJ", 148.2),
        row("T", 46_000, "延噸公里", 0.15, "kgCO2e/tkm", 6.9),
        row("B", 106_880, "度", 0.494, "公斤CO2e/度", 52.80),
        row("N", 11_300, "m³", 1.89, "kgCO2e/m3", 21.36),
        row("P", 250, "pcs", 3.2, "kgCO2e/unit", 0.8),
        row("S", 168, "人·年", 0.0215, "tCO2e/人·年", 3.61),  # septic tank, per person-year
    )
    assert r.status == "pass", r.message
    assert r.figures == {
        "checked": 8,
        "disagreeing": 0,
        "unit_problems": 0,
        "converted": 8,
        "without_units": 0,
    }
    assert "converted to tCO2e" in r.message


def test_kgco2e_per_gj_read_as_tonnes_is_caught() -> None:
    r = recalc(row("S01", 1520, "GJ", 97.5, "kgCO2e/GJ", 148_200))
    assert r.status == "warn" and r.rows == ["S01"]


def test_an_incompatible_unit_is_a_warn_naming_the_row_and_the_unit() -> None:
    r = recalc(
        row("S01", 1520, "GJ", 0.0975, "tCO2e/GJ", 148.2),
        row("S13", 3, "GJ", 2.0, "tCO2e/furlong", 6.0),
        row("S14", 3, "MWh (net)", 2.0, "tCO2e/MWh", 6.0),
        row("S15", 3, "GJ", 2.0, "tCO2e/km", 6.0),
        row("S16", 3, "t", 2.0, "t", 6.0),  # tonnes of coal are not tCO2e
    )
    assert r.status == "warn"
    assert r.rows == ["S13", "S14", "S15", "S16"]
    assert r.figures["unit_problems"] == 4 and r.figures["converted"] == 1
    assert r.figures["disagreeing"] == 0  # not recomputed: nothing to compare
    assert "unknown unit 'tCO2e/furlong' (emission factor) (S13)" in r.message
    assert "unknown unit 'MWh (net)' (activity) (S14)" in r.message
    assert "'GJ' × 'tCO2e/km' is not tCO2e" in r.message and "(S15)" in r.message
    assert "the factor 't' is not CO2e per unit of activity (S16)" in r.message
    assert "「tCO2e/furlong」" in r.message_zh and "S13" in r.message_zh


def test_rows_without_units_keep_the_clients_units_and_say_so() -> None:
    r = recalc(row("A", 10, None, 0.5, None, 5.0), row("B", 2, "GJ", 0.1, "tCO2e/GJ", 0.2))
    assert r.status == "pass"
    assert r.figures["without_units"] == 1 and r.figures["converted"] == 1
    assert "1 of them state no units" in r.message
    assert "未填單位" in r.message_zh


def test_one_unit_missing_is_a_problem_unless_the_factor_is_per_item() -> None:
    r = recalc(
        row("A", 10, None, 0.5, "tCO2e/MWh", 5.0),
        row("B", 10, None, 500, "kgCO2e", 5.0),  # 10 items × 500 kgCO2e each
    )
    assert r.rows == ["A"]
    assert "the activity has no unit but the factor is per unit of energy" in r.message


def test_unit_pairs_are_converted_once_each(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[object, object]] = []
    real = U.conversion

    def counting(a: object, e: object) -> U.Conversion:
        calls.append((a, e))
        return real(a, e)

    monkeypatch.setattr(U, "conversion", counting)
    rows = [
        row(f"S{i}", 1000 + i, "kWh", 0.5, "tCO2e/MWh", (1000 + i) * 0.0005) for i in range(300)
    ]
    rows += [row(f"G{i}", 10.0, "GJ", 0.1, "tCO2e/GJ", 1.0) for i in range(300)]
    r = recalc(*rows)
    assert r.status == "pass"
    assert sorted(calls) == [("GJ", "tCO2e/GJ"), ("kWh", "tCO2e/MWh")]


def test_neutral_steel_in_kwh(neutral_steel: CheckContext) -> None:
    inv = neutral_steel.inventory.copy()
    s04 = inv.index[inv["source_id"] == "S04"][0]
    inv.loc[s04, ["activity", "activity_unit"]] = [106_880.0, "kWh"]
    r = check_inventory_recalc(dataclasses.replace(neutral_steel, inventory=inv))
    assert r.status == "pass" and r.figures["checked"] == 10
    inv.loc[s04, "tco2e"] = 52_800.0
    r = check_inventory_recalc(dataclasses.replace(neutral_steel, inventory=inv))
    assert r.status == "warn" and r.rows == ["S04"]


# -------------------------------------------------------------------------- formulas


def monitoring(rows: list[tuple[str, float, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["parameter", "value", "unit"])
    frame.insert(0, "row_no", range(2, len(rows) + 2))
    return frame


def test_formula_kwh_times_factor_per_mwh_is_tco2e() -> None:
    mon = monitoring([("EG", 600_000.0, "kWh"), ("EG", 400_000.0, "kWh"), ("EF", 0.5, "tCO2/MWh")])
    calc = Calculation((CalcLine("BE", "sum(EG) * EF", 500.0),), CalcLine("result", "BE", 500.0))
    out = evaluate_calculation(calc, mon)
    assert out.lines[0].value == pytest.approx(500.0)
    assert str(out.lines[0].unit) == "tCO2e"
    assert out.result.value == pytest.approx(500.0) and out.issues == ()
    # the same as a whole check
    ctx = CheckContext("verification", monitoring=mon, calculation=calc, reported_er_tco2e=500.0)
    r = check_recalc_result(ctx)
    assert r.status == "pass", r.message
    assert r.figures["recomputed_tco2e"] == 500.0 and r.figures["unit"] == "tCO2e"


def test_formula_units_convert_when_added_and_declared() -> None:
    env = monitoring_values(
        monitoring([("A", 2.0, "MWh"), ("B", 500.0, "kWh"), ("K", 3.0, "kgCO2e")])
    )
    q, issues = evaluate_formula("A + B", env)
    assert q.value == pytest.approx(2.5) and str(q.unit) == "MWh" and issues == []
    calc = Calculation(
        (CalcLine("E", "A + B", unit="kWh"), CalcLine("R", "K", unit="tCO2e")),
        CalcLine("result", "R"),
    )
    out = evaluate_calculation(calc, monitoring([("A", 2.0, "MWh"), ("B", 500.0, "kWh"),
                                                 ("K", 3000.0, "kgCO2e")]))  # fmt: skip
    assert out.lines[0].value == pytest.approx(2500.0) and str(out.lines[0].unit) == "kWh"
    assert out.lines[1].value == pytest.approx(3.0)
    assert out.result.value == pytest.approx(3.0) and str(out.result.unit) == "tCO2e"


def test_a_result_in_mwh_fails_recalc_result() -> None:
    mon = monitoring([("EG", 1000.0, "MWh")])
    calc = Calculation((CalcLine("BE", "sum(EG)", 1000.0),), CalcLine("result", "BE", 1000.0))
    r = check_recalc_result(
        CheckContext("verification", monitoring=mon, calculation=calc, reported_er_tco2e=1000.0)
    )
    assert r.status == "fail"
    assert "line 'result'" in r.message and "MWh, not tCO2e" in r.message
    assert r.rows == ["result"]


def test_a_result_in_an_unknown_unit_fails_recalc_result() -> None:
    mon = monitoring([("EG", 1000.0, "MWh"), ("EF", 0.5, "tCO2e/MWh(net)")])
    calc = Calculation((), CalcLine("result", "EG * EF", 500.0))
    r = check_recalc_result(
        CheckContext("verification", monitoring=mon, calculation=calc, reported_er_tco2e=500.0)
    )
    assert r.status == "fail"
    assert "unknown unit ('tCO2e/MWh(net)')" in r.message


def test_a_result_without_units_keeps_todays_behaviour() -> None:
    mon = monitoring([("EG", 1000.0, None), ("EF", 0.5, None)])
    calc = Calculation((), CalcLine("result", "EG * EF", 500.0))
    r = check_recalc_result(
        CheckContext("verification", monitoring=mon, calculation=calc, reported_er_tco2e=500.0)
    )
    assert r.status == "pass" and r.figures["unit"] is None


def test_mixed_mwh_and_kwh_parameter_rows_sum() -> None:
    env = monitoring_values(
        monitoring([("EG", 100.0, "MWh"), ("EG", 50_000.0, "kWh"), ("EG", 25.0, "千度")])
    )
    q, issues = evaluate_formula("sum(EG)", env)
    assert q.value == pytest.approx(175.0)
    assert str(q.unit) == "MWh" and issues == []
    q, _ = evaluate_formula("max(EG)", env)
    assert q.value == pytest.approx(100.0)


def test_incompatible_parameter_rows_are_an_error_naming_parameter_and_rows() -> None:
    env = monitoring_values(
        monitoring([("EG", 100.0, "MWh"), ("EG", 5.0, "t"), ("EG", 7.0, "t"), ("X", 1.0, "MWh"),
                    ("X", 2.0, "kWh"), ("X", 3.0, None)])
    )  # fmt: skip
    with pytest.raises(FormulaError) as exc:
        evaluate_formula("sum(EG)", env, line="BE")
    msg = str(exc.value)
    assert "parameter 'EG' mixes units that do not convert" in msg
    assert "MWh (row 2)" in msg and "t (rows 3, 4)" in msg and "'BE'" in msg
    with pytest.raises(FormulaError, match=r"some rows state none: .*no unit \(row 7\)"):
        evaluate_formula("sum(X)", env)


def test_led_retrofit_figures_hold(led_retrofit: CheckContext) -> None:
    r = check_recalc_result(led_retrofit)
    assert round(r.figures["recomputed_tco2e"], 2) == 2167.82
    assert r.figures["unit"] == "tCO2"
    # the same monitoring in kWh gives the same ER
    mon = led_retrofit.monitoring.copy()
    eg = mon["parameter"] == "EG_saved"
    mon.loc[eg, "value"] = mon.loc[eg, "value"] * 1000
    mon.loc[eg, "unit"] = "kWh"
    r = check_recalc_result(dataclasses.replace(led_retrofit, monitoring=mon))
    assert round(r.figures["recomputed_tco2e"], 2) == 2167.82
    assert r.status == "warn"  # the claim is 2.00 % higher, as in the README
