"""The safe formula evaluator and its unit algebra."""

from __future__ import annotations

import pandas as pd
import pytest

from desktop.rules import CalcLine, Calculation, FormulaError, Unit, evaluate_calculation
from desktop.rules.formula import (
    Quantity,
    evaluate_formula,
    monitoring_values,
)


def monitoring(rows: list[tuple[str, float, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["parameter", "value", "unit"])
    frame.insert(0, "row_no", range(2, len(rows) + 2))
    frame["period"] = None
    return frame


ENV = monitoring_values(
    monitoring(
        [
            ("EG", 100.0, "MWh"),
            ("EG", 50.0, "MWh"),
            ("EG", 25.0, "MWh"),
            ("EF", 0.5, "tCO2/MWh"),
            ("FC", 10.0, "t"),
            ("NCV", 2.0, "GJ/t"),
            ("EFD", 0.07, "tCO2e/GJ"),
            ("K", 3.0, None),
        ]
    )
)


def ev(formula: str) -> tuple[Quantity, list[str]]:
    return evaluate_formula(formula, ENV, line="L1")


@pytest.mark.parametrize(
    ("formula", "value"),
    [
        ("sum(EG) * EF", 87.5),
        ("mean(EG)", 175 / 3),
        ("min(EG) + max(EG)", 125.0),
        ("min(3, 1, 2)", 1.0),
        ("max(0, -5)", 0.0),
        ("-EF * 2", -1.0),
        ("(1 + 2) * 3 - 4 / 2", 7.0),
        ("round(2.5)", 3.0),
        ("round(-2.5)", -3.0),
        ("round(2.345, 2)", 2.35),
        ("round(1234.5, -2)", 1200.0),
        ("sum(EG, 5)", 180.0),
        ("1e3", 1000.0),
    ],
)
def test_values(formula: str, value: float) -> None:
    q, _ = ev(formula)
    assert q.value == pytest.approx(value)


def test_units_cancel() -> None:
    q, issues = ev("sum(EG) * EF")
    assert str(q.unit) == "tCO2"
    assert q.unit == Unit.parse("tCO2e")  # tCO2 and tCO2e are one dimension
    assert issues == []
    q, issues = ev("FC * NCV * EFD")
    assert str(q.unit) == "tCO2e"
    assert issues == []


def test_unit_parsing() -> None:
    assert str(Unit.parse("tCO2e/t.km") * Unit.parse("t.km")) == "tCO2e"
    assert Unit.parse("tCO2e/(t.km)") == Unit.parse("tCO2e/t.km")
    # unit algebra keeps the symbols; a line's value is converted at its end (test_rules_units)
    assert str(Unit.parse("kgCO2e/kWh") * Unit.parse("MWh")) == "MWh·kgCO2e/kWh"
    assert Unit.parse("m^3").powers == (("m", 3),)
    assert Unit.parse("1").dimensionless
    assert Unit.parse("MWh") / Unit.parse("MWh") == Unit.parse("")
    odd = Unit.parse("MWh (net) @ site")  # not readable: one opaque symbol
    assert odd.powers == (("MWh (net) @ site", 1),)
    assert odd * Unit.parse("tCO2/MWh") != Unit.parse("tCO2")


def test_unit_mismatch_is_reported_not_fatal() -> None:
    q, issues = ev("sum(EG) + EF")
    assert q.value == pytest.approx(175.5)
    assert q.unit is not None and q.unit.broken  # no consistent unit
    assert str(q.unit) == "inconsistent units"
    assert len(issues) == 1
    assert "cannot add MWh and tCO2/MWh" in issues[0]
    assert "L1" in issues[0] and "sum(EG) + EF" in issues[0]
    q, issues = ev("sum(EG) * EF - 5")
    assert "cannot subtract tCO2 and dimensionless" in issues[0]
    assert str(q.unit) == "tCO2"  # a bare number: the other term's unit stands
    _, issues = ev("max(EF, 1)")
    assert issues


def test_zero_and_unknown_units_are_not_mismatches() -> None:
    q, issues = ev("sum(EG) * EF - 0")
    assert issues == [] and str(q.unit) == "tCO2"
    q, issues = ev("max(0, sum(EG) * EF)")
    assert issues == [] and str(q.unit) == "tCO2"
    q, issues = ev("K + sum(EG)")  # K has no unit: nothing to check
    assert issues == [] and q.unit is None


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("EG * 2", "has 3 values"),
        ("EG", "use sum(), mean(), min() or max()"),
        ("sum(EG * 2)", "has 3 values"),
        ("EF.real", "attribute access not allowed"),
        ("EF.__class__.__mro__", "attribute access not allowed"),
        ("open('x')", "function 'open' not allowed"),
        ("__import__('os')", "function '__import__' not allowed"),
        ("abs(EF)", "function 'abs' not allowed"),
        ("(lambda: 1)()", "lambda not allowed"),
        ("lambda: 1", "lambda not allowed"),
        ("EG[0]", "subscripts not allowed"),
        ("2 ** 3", "operator ** not allowed"),
        ("7 % 2", "operator % not allowed"),
        ("EF if K else 1", "conditional expressions not allowed"),
        ("EF > 1", "comparisons not allowed"),
        ("'text'", "is not a number"),
        ("True", "is not a number"),
        ("[1, 2]", "List not allowed"),
        ("sum(x=1)", "no keyword arguments"),
        ("sum()", "needs an argument"),
        ("+EF", "only unary minus"),
        ("1 / (K - 3)", "division by zero"),
        ("BE", "unknown name 'BE'"),
        ("sum(EG) *", "syntax error"),
        ("", "empty formula"),
        ("round(EF, 1.5)", "whole number"),
        ("round(EF, 1, 2)", "round() takes"),
    ],
)
def test_refused(formula: str, message: str) -> None:
    with pytest.raises(FormulaError) as exc:
        ev(formula)
    assert message in str(exc.value)
    assert "'L1'" in str(exc.value)
    assert f"(formula: {formula})" in str(exc.value)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(FormulaError):
        ev("(" * 500 + "1" + ")" * 500)
    with pytest.raises(FormulaError, match="longer than"):
        ev("1+" * 2000 + "1")


def test_parameter_problems() -> None:
    env = monitoring_values(
        monitoring([("A", 1.0, "MWh"), ("A", 2.0, "t"), ("B", float("nan"), "t"), ("C", 2.0, "")])
    )
    with pytest.raises(FormulaError, match="mixes units that do not convert") as exc:
        evaluate_formula("sum(A)", env, line="X")
    assert "MWh (row 2), t (row 3)" in str(exc.value)
    with pytest.raises(FormulaError, match="blank or non-numeric"):
        evaluate_formula("B", env, line="X")
    q, _ = evaluate_formula("C", env)
    assert q.unit is None
    # one unit written two ways is not mixed
    env = monitoring_values(monitoring([("E", 1.0, "tCO2/MWh"), ("E", 2.0, "tCO2e/MWh")]))
    assert evaluate_formula("mean(E)", env)[0].value == 1.5


def test_calculation_lines_chain_and_declared_units() -> None:
    mon = monitoring([("EG", 10.0, "MWh"), ("EG", 30.0, "MWh"), ("EF", 0.5, "tCO2/MWh")])
    calc = Calculation(
        (
            CalcLine("BE", "sum(EG) * EF", 20.0),
            CalcLine("PE", "0", 0.0, unit="tCO2e"),
            CalcLine("LE", "sum(EG)", 40.0, unit="tCO2e"),  # declares the wrong unit
        ),
        CalcLine("result", "BE - PE", 20.0),
    )
    out = evaluate_calculation(calc, mon)
    assert [ln.value for ln in out.lines] == [20.0, 0.0, 40.0]
    assert str(out.lines[1].unit) == "tCO2e"
    assert out.result.value == 20.0
    assert out.result.difference == 0
    assert any("computes MWh but declares tCO2e" in i for i in out.issues)


def test_calculation_errors_name_the_line() -> None:
    calc = Calculation((CalcLine("BE", "sum(EG) * EF"), CalcLine("PE", "PE + 1")), None)
    mon = monitoring([("EG", 1.0, "MWh"), ("EF", 1.0, None)])
    with pytest.raises(FormulaError) as exc:
        evaluate_calculation(calc, mon)
    assert exc.value.line == "PE" and exc.value.formula == "PE + 1"
    dup = Calculation((CalcLine("A", "1"), CalcLine("A", "2")), None)
    with pytest.raises(FormulaError, match="twice"):
        evaluate_calculation(dup, None)
    later = Calculation((CalcLine("A", "B"), CalcLine("B", "1")), None)
    with pytest.raises(FormulaError, match="unknown name 'B'"):
        evaluate_calculation(later, None)
