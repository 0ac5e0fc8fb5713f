"""A safe evaluator for ``calculation.toml`` formulas, with a small unit algebra.

Formulas are parsed with :mod:`ast` and walked over a whitelist: numbers, names,
``+ - * /``, unary ``-``, parentheses, and calls to ``sum``, ``mean``, ``min``, ``max`` and
``round``. Nothing is ever passed to ``eval``. A name is an earlier calculation line or a
monitoring parameter (an earlier line wins when both exist). A parameter with one value
is a scalar; one with several values may only be the direct argument of ``sum``,
``mean``, ``min`` or ``max``.

Units are symbol algebra only, no conversion factors: ``MWh × tCO2/MWh → tCO2``;
``kgCO2e/kWh × MWh`` stays ``MWh·kgCO2e/kWh``. ``tCO2`` and ``tCO2e`` (any ``…CO2`` and
``…CO2e``) count as one dimension: the rules compare tonnes of CO2 equivalent and a
plain CO2 figure is its own equivalent. Plain numbers are dimensionless, except that an
exact dimensionless 0 may be added to anything (``BE - PE`` with ``PE = 0``). A unit
string we cannot read is carried as one opaque symbol. A parameter without a unit is of
unknown unit: nothing about it is checked. Adding different units is not fatal: it is
recorded as an issue and the result's unit becomes unknown.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .context import CalcLine, Calculation

FUNCTIONS: tuple[str, ...] = ("sum", "mean", "min", "max", "round")
_AGGREGATES = frozenset({"sum", "mean", "min", "max"})
MAX_FORMULA_LENGTH = 2000


class FormulaError(ValueError):
    """A formula that cannot be evaluated; names the line and the formula."""

    def __init__(self, reason: str, *, line: str | None = None, formula: str | None = None):
        self.reason, self.line, self.formula = reason, line, formula
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"line {self.line!r}" if self.line else "formula"
        shown = f" (formula: {self.formula})" if self.formula is not None else ""
        return f"{where}: {self.reason}{shown}"


# --------------------------------------------------------------------------------- units

_SYMBOL = re.compile(r"([A-Za-z%][A-Za-z0-9_%]*?)(?:\^(-?\d+))?")
_CO2 = re.compile(r"(.*CO2)e?")


def _canonical(symbol: str) -> str:
    m = _CO2.fullmatch(symbol)
    return f"{m[1]}e" if m else symbol


@dataclass(frozen=True)
class Unit:
    """A product of symbols with integer powers. Equality ignores spelling (tCO2 = tCO2e)."""

    powers: tuple[tuple[str, int], ...] = ()  # canonical symbol → power, sorted, no zeros
    spelling: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @staticmethod
    def _make(powers: Mapping[str, int], spelling: Mapping[str, str]) -> Unit:
        kept = tuple(sorted((s, p) for s, p in powers.items() if p))
        names = tuple((s, spelling.get(s, s)) for s, _ in kept)
        return Unit(kept, names)

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Read ``tCO2/MWh``, ``t.km``, ``tCO2e/(t.km)``, ``m^3``; else an opaque symbol."""
        t = text.strip().replace("₂", "2")
        for ch in "·*×":
            t = t.replace(ch, ".")
        if t in ("", "1", "-"):
            return DIMENSIONLESS
        powers: dict[str, int] = {}
        spelling: dict[str, str] = {}
        for i, part in enumerate(t.split("/")):
            part = part.strip()
            if part.startswith("(") and part.endswith(")"):
                part = part[1:-1]
            factors = [f for f in re.split(r"[.\s]+", part) if f]
            if (i and not factors) or "(" in part or ")" in part:
                return cls._opaque(text)
            for f in factors:
                if f == "1" and i == 0:
                    continue
                m = _SYMBOL.fullmatch(f)
                if m is None:
                    return cls._opaque(text)
                key = _canonical(m[1])
                power = int(m[2] or 1) * (-1 if i else 1)
                powers[key] = powers.get(key, 0) + power
                spelling.setdefault(key, m[1])
        return cls._make(powers, spelling)

    @classmethod
    def _opaque(cls, text: str) -> Unit:
        sym = text.strip()
        return Unit(((sym, 1),), ((sym, sym),))

    def _combine(self, other: Unit, sign: int) -> Unit:
        powers = dict(self.powers)
        spelling = dict(self.spelling)
        for s, p in other.powers:
            powers[s] = powers.get(s, 0) + sign * p
        for s, name in other.spelling:
            spelling.setdefault(s, name)
        return self._make(powers, spelling)

    def __mul__(self, other: Unit) -> Unit:
        return self._combine(other, 1)

    def __truediv__(self, other: Unit) -> Unit:
        return self._combine(other, -1)

    @property
    def dimensionless(self) -> bool:
        return not self.powers

    def __str__(self) -> str:
        names = dict(self.spelling)

        def term(s: str, p: int) -> str:
            return names.get(s, s) + (f"^{p}" if p != 1 else "")

        num = [term(s, p) for s, p in self.powers if p > 0]
        den = [term(s, -p) for s, p in self.powers if p < 0]
        top = "·".join(num) or "1"
        if not den:
            return top
        bottom = den[0] if len(den) == 1 else f"({'·'.join(den)})"
        return f"{top}/{bottom}"


DIMENSIONLESS = Unit()
TCO2E = Unit.parse("tCO2e")


def parse_unit(text: object) -> Unit | None:
    """A unit from a table cell; ``None`` (unknown) when blank."""
    if not isinstance(text, str) or not text.strip():
        return None
    return Unit.parse(text)


def _show(unit: Unit | None) -> str:
    return "unknown" if unit is None else ("dimensionless" if unit.dimensionless else str(unit))


# -------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Quantity:
    """A scalar value with its unit (``None`` = not stated, so not checked)."""

    value: float
    unit: Unit | None = DIMENSIONLESS


@dataclass(frozen=True, eq=False)
class MultiValue:
    """A monitoring parameter with several values (usable only inside an aggregate)."""

    values: np.ndarray
    unit: Unit | None


@dataclass(frozen=True)
class Unusable:
    """A name that exists but cannot be used (mixed units, blank values)."""

    reason: str


Value = Quantity | MultiValue | Unusable


def monitoring_values(monitoring: pd.DataFrame | None) -> dict[str, Value]:
    """Each monitoring parameter as a :class:`Quantity` (one value) or :class:`MultiValue`.

    Blank unit cells are not a unit of their own: a parameter's one stated unit applies.
    Two different stated units, or a blank value, make the parameter unusable (an error
    only when a formula uses it)."""
    if monitoring is None or len(monitoring) == 0 or "parameter" not in monitoring:
        return {}
    names = monitoring["parameter"].astype("string").str.strip()
    blank = pd.Series(None, index=monitoring.index, dtype=object)
    values = pd.to_numeric(monitoring.get("value", blank), errors="coerce")
    units = monitoring.get("unit", blank)
    frame = pd.DataFrame({"name": names, "value": values, "unit": units}).dropna(subset=["name"])
    env: dict[str, Value] = {}
    for name, group in frame.groupby("name", sort=False):
        vals = group["value"].to_numpy(dtype=float, na_value=np.nan)
        stated = {u for u in (parse_unit(x) for x in group["unit"].unique()) if u is not None}
        if np.isnan(vals).any():
            blanks = int(np.isnan(vals).sum())
            env[str(name)] = Unusable(
                f"parameter {name!r} has {blanks} blank or non-numeric values"
            )
        elif len(stated) > 1:
            shown = ", ".join(sorted(str(u) for u in stated))
            env[str(name)] = Unusable(f"parameter {name!r} mixes units ({shown})")
        else:
            unit = next(iter(stated)) if stated else None
            env[str(name)] = (
                Quantity(float(vals[0]), unit) if len(vals) == 1 else MultiValue(vals, unit)
            )
    return env


# ----------------------------------------------------------------------------- evaluator

_FORBIDDEN = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambda",
    ast.Compare: "comparisons",
    ast.BoolOp: "boolean operators",
    ast.IfExp: "conditional expressions",
    ast.Starred: "starred arguments",
}
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_OTHER_OPS = {ast.Pow: "**", ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@"}


class _Evaluator:
    def __init__(self, env: Mapping[str, Value], line: str | None, formula: str) -> None:
        self.env, self.line, self.formula = env, line, formula
        self.issues: list[str] = []

    def fail(self, reason: str) -> FormulaError:
        return FormulaError(reason, line=self.line, formula=self.formula)

    def issue(self, text: str) -> None:
        where = f"line {self.line!r}" if self.line else "formula"
        self.issues.append(f"{where}: {text} (formula: {self.formula})")

    def lookup(self, name: str) -> Quantity | MultiValue:
        value = self.env.get(name)
        if value is None:
            raise self.fail(f"unknown name {name!r}: not a monitoring parameter or an earlier line")
        if isinstance(value, Unusable):
            raise self.fail(value.reason)
        return value

    def scalar(self, node: ast.AST) -> Quantity:
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise self.fail(f"constant {v!r} is not a number")
            return Quantity(float(v))
        if isinstance(node, ast.Name):
            value = self.lookup(node.id)
            if isinstance(value, MultiValue):
                raise self.fail(
                    f"parameter {node.id!r} has {len(value.values)} values: use sum(), mean(), "
                    f"min() or max() of it"
                )
            return value
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub):
                raise self.fail("only unary minus is allowed")
            q = self.scalar(node.operand)
            return Quantity(-q.value, q.unit)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        for kind, what in _FORBIDDEN.items():
            if isinstance(node, kind):
                raise self.fail(f"{what} not allowed")
        raise self.fail(f"{type(node).__name__} not allowed")

    def binop(self, node: ast.BinOp) -> Quantity:
        op = _BINOPS.get(type(node.op))
        if op is None:
            shown = _OTHER_OPS.get(type(node.op), type(node.op).__name__)
            raise self.fail(f"operator {shown} not allowed (only + - * /)")
        a, b = self.scalar(node.left), self.scalar(node.right)
        if op in "+-":
            value = a.value + b.value if op == "+" else a.value - b.value
            return Quantity(value, self.same_unit(a, b, "add" if op == "+" else "subtract"))
        if op == "*":
            unit = a.unit * b.unit if a.unit is not None and b.unit is not None else None
            return Quantity(a.value * b.value, unit)
        if b.value == 0:
            raise self.fail("division by zero")
        unit = a.unit / b.unit if a.unit is not None and b.unit is not None else None
        return Quantity(a.value / b.value, unit)

    def same_unit(self, a: Quantity, b: Quantity, verb: str) -> Unit | None:
        if a.unit is None or b.unit is None:
            return None
        if a.unit == b.unit:
            return a.unit
        if b.value == 0 and b.unit.dimensionless:
            return a.unit
        if a.value == 0 and a.unit.dimensionless:
            return b.unit
        self.issue(f"cannot {verb} {_show(a.unit)} and {_show(b.unit)}")
        return None

    def call(self, node: ast.Call) -> Quantity:
        if not isinstance(node.func, ast.Name):
            what = _FORBIDDEN.get(type(node.func), "calling an expression")
            raise self.fail(f"{what} not allowed (only {', '.join(FUNCTIONS)} may be called)")
        if node.func.id not in FUNCTIONS:
            raise self.fail(f"function {node.func.id!r} not allowed (only {', '.join(FUNCTIONS)})")
        name = node.func.id
        if node.keywords:
            raise self.fail(f"{name}() takes no keyword arguments")
        if not node.args:
            raise self.fail(f"{name}() needs an argument")
        if name == "round":
            return self.round(node)
        values: list[np.ndarray] = []
        unit: Unit | None = DIMENSIONLESS
        first = True
        for arg in node.args:
            named = self.lookup(arg.id) if isinstance(arg, ast.Name) else None
            if isinstance(named, MultiValue):
                part = Quantity(float(named.values[0]), named.unit)
                values.append(named.values)
            else:
                part = self.scalar(arg)
                values.append(np.array([part.value]))
                if part.value == 0 and part.unit is not None and part.unit.dimensionless:
                    continue  # max(0, x): a bare zero takes x's unit
            if first:
                unit, first = part.unit, False
            else:
                unit = self.same_unit(
                    Quantity(1.0, unit), Quantity(1.0, part.unit), f"{name}() over"
                )
        fn = {"sum": np.sum, "mean": np.mean, "min": np.min, "max": np.max}[name]
        return Quantity(float(fn(np.concatenate(values))), unit)

    def round(self, node: ast.Call) -> Quantity:
        if len(node.args) > 2:
            raise self.fail("round() takes a value and optional digits")
        q = self.scalar(node.args[0])
        digits = 0
        if len(node.args) == 2:
            d = self.scalar(node.args[1])
            if d.value != int(d.value) or not -10 <= d.value <= 15:
                raise self.fail("round() digits must be a whole number from -10 to 15")
            digits = int(d.value)
        exp = Decimal(1).scaleb(-digits)
        rounded = Decimal(repr(q.value)).quantize(exp, rounding=ROUND_HALF_UP)
        return Quantity(float(rounded), q.unit)


def _parse(formula: str, line: str | None) -> ast.expr:
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("empty formula", line=line, formula=formula)
    if len(formula) > MAX_FORMULA_LENGTH:
        raise FormulaError(
            f"formula longer than {MAX_FORMULA_LENGTH} characters", line=line, formula=formula
        )
    try:
        return ast.parse(formula.strip(), mode="eval").body
    except SyntaxError as exc:
        raise FormulaError(f"syntax error: {exc.msg}", line=line, formula=formula) from None
    except (RecursionError, MemoryError, ValueError):
        raise FormulaError("formula too complex", line=line, formula=formula) from None


def evaluate_formula(
    formula: str, env: Mapping[str, Value], *, line: str | None = None
) -> tuple[Quantity, list[str]]:
    """Evaluate one formula over ``env``; returns the quantity and any unit issues.

    Raises :class:`FormulaError` (naming ``line`` and the formula) for anything outside the
    whitelist, an unknown name, a multi-value name outside an aggregate, division by zero
    or a non-finite result.
    """
    tree = _parse(formula, line)
    ev = _Evaluator(env, line, formula)
    try:
        q = ev.scalar(tree)
    except RecursionError:
        raise ev.fail("formula too deeply nested") from None
    if not math.isfinite(q.value):
        raise ev.fail("the result is not a finite number")
    return q, ev.issues


# --------------------------------------------------------------------------- calculation


@dataclass(frozen=True)
class LineValue:
    """A calculation line recomputed."""

    name: str
    formula: str
    value: float
    unit: Unit | None
    claimed: float | None

    @property
    def difference(self) -> float | None:
        """claimed − recomputed (positive: the claim is higher)."""
        return None if self.claimed is None else self.claimed - self.value

    @property
    def difference_pct(self) -> float | None:
        d = self.difference
        if d is None or self.claimed == 0:
            return None
        return d / self.claimed * 100


@dataclass(frozen=True)
class CalculationOutcome:
    """Every line recomputed, the result line, and the unit issues met on the way."""

    lines: tuple[LineValue, ...]
    result: LineValue | None
    issues: tuple[str, ...]


def _declare(ev_unit: Unit | None, line: CalcLine, issues: list[str]) -> Unit | None:
    """The line's unit after its declared ``unit`` (which wins, mismatch noted)."""
    declared = parse_unit(line.unit)
    if declared is None:
        return ev_unit
    if ev_unit is not None and not ev_unit.dimensionless and ev_unit != declared:
        issues.append(
            f"line {line.name!r}: computes {_show(ev_unit)} but declares {_show(declared)} "
            f"(formula: {line.formula})"
        )
    return declared


def evaluate_calculation(
    calculation: Calculation, monitoring: pd.DataFrame | None
) -> CalculationOutcome:
    """Recompute every line in order, then the result, over the monitoring table.

    Raises :class:`FormulaError` at the first line that cannot be evaluated.
    """
    params = monitoring_values(monitoring)
    env: dict[str, Value] = dict(params)
    issues: list[str] = []
    done: list[LineValue] = []
    seen: set[str] = set()
    for line in calculation.lines:
        if line.name in seen:
            raise FormulaError("line defined twice", line=line.name, formula=line.formula)
        seen.add(line.name)
        q, found = evaluate_formula(line.formula, env, line=line.name)
        issues += found
        unit = _declare(q.unit, line, issues)
        done.append(LineValue(line.name, line.formula, q.value, unit, line.claimed))
        env[line.name] = Quantity(q.value, unit)
    result = None
    if calculation.result is not None:
        r = calculation.result
        name = r.name or "result"
        q, found = evaluate_formula(r.formula, env, line=name)
        issues += found
        unit = _declare(q.unit, r, issues)
        result = LineValue(name, r.formula, q.value, unit, r.claimed)
    return CalculationOutcome(tuple(done), result, tuple(issues))
