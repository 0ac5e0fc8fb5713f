"""A safe evaluator for ``calculation.toml`` formulas, with a small unit algebra.

Formulas are parsed with :mod:`ast` and walked over a whitelist: numbers, names,
``+ - * /``, unary ``-``, parentheses, and calls to ``sum``, ``mean``, ``min``, ``max`` and
``round``. Nothing is ever passed to ``eval``. A name is an earlier calculation line or a
monitoring parameter (an earlier line wins when both exist). A parameter with one value
is a scalar; one with several values may only be the direct argument of ``sum``,
``mean``, ``min`` or ``max``.

Units are symbols with powers (``MWh × tCO2/MWh → tCO2``), each read with
:mod:`desktop.rules.units` (pint) for its meaning: ``kgCO2e/kWh × MWh`` converts, so a
line whose unit is a compound that is a mass of CO2e (``kWh·tCO2e/MWh``) is brought to
tCO2e at the end of the line, its value scaled (÷ 1000 here); adding ``kWh`` to ``MWh``
converts the second term. ``tCO2`` and ``tCO2e`` (any ``…CO2`` and ``…CO2e``) are one unit:
the rules compare tonnes of CO2 equivalent and a plain CO2 figure is its own equivalent.
Plain numbers are dimensionless, except that an exact dimensionless 0 may be added to
anything (``BE - PE`` with ``PE = 0``). A unit string we cannot read is carried as one
opaque symbol (of unknown meaning). A parameter without a unit is of unknown unit: nothing
about it is checked. Adding units that do not convert is recorded as an issue; the sum's
unit is *inconsistent* (:attr:`Unit.broken`), or the other term's unit when one term is a
bare number. A monitoring parameter whose rows state units that convert (MWh and kWh) is
brought to its first row's unit; rows whose units do not convert make it unusable.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import units
from .context import CalcLine, Calculation
from .monitoring_data import MonitoringData, as_data

if TYPE_CHECKING:
    import pint

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
    """A product of symbols with integer powers. Equality ignores spelling (tCO2 = tCO2e).

    Each symbol is a unit :func:`desktop.rules.units.parse` reads (``MWh``, ``tCO2e``) or one
    whole unit string (``公噸CO2e/度``, or an unreadable one); :attr:`pint` is the meaning.
    ``broken`` marks the sum of units that do not convert (no consistent unit)."""

    powers: tuple[tuple[str, int], ...] = ()  # canonical symbol → power, sorted, no zeros
    spelling: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    broken: bool = False

    @staticmethod
    def _make(powers: Mapping[str, int], spelling: Mapping[str, str], broken: bool = False) -> Unit:
        if broken:
            return BROKEN
        kept = tuple(sorted((s, p) for s, p in powers.items() if p))
        names = tuple((s, spelling.get(s, s)) for s, _ in kept)
        return Unit(kept, names)

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Read ``tCO2/MWh``, ``t.km``, ``tCO2e/(t.km)``, ``m^3``; a unit that only
        :mod:`~desktop.rules.units` reads as a whole (``kg CO2e/度``) is one symbol, and so is
        an unreadable one."""
        return _parse_cached(text)

    @classmethod
    def _symbols(cls, text: str) -> Unit:
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
        return self._make(powers, spelling, self.broken or other.broken)

    def __mul__(self, other: Unit) -> Unit:
        return self._combine(other, 1)

    def __truediv__(self, other: Unit) -> Unit:
        return self._combine(other, -1)

    @property
    def dimensionless(self) -> bool:
        return not self.powers and not self.broken

    @property
    def simple(self) -> bool:
        """One symbol to the first power: the unit as the client wrote it."""
        return len(self.powers) == 1 and self.powers[0][1] == 1

    @cached_property
    def pint(self) -> pint.Unit | None:
        """The meaning (a :class:`pint.Unit`), ``None`` when a symbol is unreadable."""
        if self.broken:
            return None
        out = units.registry().dimensionless
        for sym, p in self.powers:
            u = units.parse(sym)
            if u is None:
                return None
            out = out * u**p
        return out

    @property
    def unreadable(self) -> list[str]:
        """The symbols :mod:`~desktop.rules.units` cannot read."""
        return [self.names.get(s, s) for s, _ in self.powers if units.parse(s) is None]

    @property
    def names(self) -> dict[str, str]:
        return dict(self.spelling)

    def __str__(self) -> str:
        if self.broken:
            return "inconsistent units"
        names = self.names

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
BROKEN = Unit(broken=True)
TCO2E = Unit((("tCO2e", 1),), (("tCO2e", "tCO2e"),))


@lru_cache(maxsize=1024)
def _parse_cached(text: str) -> Unit:
    sym = Unit._symbols(text)
    if all(units.parse(s) is not None for s, _ in sym.powers):
        return sym
    if units.parse(text) is not None:
        return Unit._opaque(text)  # read as a whole only (kg CO2e/度)
    return sym


def parse_unit(text: object) -> Unit | None:
    """A unit from a table cell; ``None`` (unknown) when blank."""
    if not isinstance(text, str) or not text.strip():
        return None
    return Unit.parse(text)


def convert_factor(src: Unit, dst: Unit) -> float | None:
    """The multiplier taking a value in ``src`` to ``dst``; ``None`` when they do not
    convert (another dimension, an unreadable symbol, an inconsistent unit)."""
    if src == dst and not src.broken:
        return 1.0
    a, b = src.pint, dst.pint
    if a is None or b is None:
        return None
    return units.factor(a, b)


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
    """A monitoring parameter with several values (usable only inside an aggregate): their
    count, sum, minimum and maximum, which is all ``sum``/``mean``/``min``/``max`` need."""

    count: int
    total: float
    low: float
    high: float
    unit: Unit | None


@dataclass(frozen=True)
class Unusable:
    """A name that exists but cannot be used (mixed units, blank values)."""

    reason: str


Value = Quantity | MultiValue | Unusable


@dataclass(frozen=True, eq=False)
class Aggregates:
    """A monitoring table per (parameter, unit) code (``parameter index × units + unit``):
    rows, blank values, sum, minimum, maximum and first row; and the table itself, for
    the rows an error names."""

    data: MonitoringData
    names: list[str]
    count: np.ndarray
    blanks: np.ndarray
    total: np.ndarray
    low: np.ndarray
    high: np.ndarray
    first: np.ndarray

    def combos(self, data: MonitoringData | None = None) -> np.ndarray:
        d = self.data if data is None else data
        return d.parameters[d.series].astype(np.int64) * len(d.units) + d.unit

    def changed(self, rows: Aggregates, sign: int) -> Aggregates:
        """These aggregates without (``sign`` −1) or with (+1) the rows aggregated in
        ``rows`` (of the same table). A minimum or maximum that the removed rows held is
        no longer known (NaN): only a formula's ``min``/``max`` would need it."""
        if sign < 0:
            lost = (rows.count > 0) & ((rows.low <= self.low) | (rows.high >= self.high))
            low, high = np.where(lost, np.nan, self.low), np.where(lost, np.nan, self.high)
        else:
            low, high = np.fmin(self.low, rows.low), np.fmax(self.high, rows.high)
        return Aggregates(self.data, self.names, self.count + sign * rows.count,
                          self.blanks + sign * rows.blanks, self.total + sign * rows.total,
                          low, high, self.first)


def aggregate(monitoring: pd.DataFrame | MonitoringData | None) -> Aggregates:
    """The :class:`Aggregates` of a monitoring table: one pass of numpy over it (kept
    with the table: the recalculation and the monitoring checks share it)."""
    data = as_data(monitoring)
    if "aggregates" not in data.cache:
        data.cache["aggregates"] = _aggregate(data)
    return data.cache["aggregates"]


def _aggregate(data: MonitoringData) -> Aggregates:
    names = data.parameter_names()
    k = max(len(names) * len(data.units), 1)
    empty = Aggregates(data, names, *(np.zeros(k) for _ in range(6)))
    combo = empty.combos() if len(data) else np.zeros(0, dtype=np.int64)
    blank = np.isnan(data.value)
    some_blank = bool(blank.any())
    valued, values = (combo[~blank], data.value[~blank]) if some_blank else (combo, data.value)
    low, high = np.full(k, np.inf), np.full(k, -np.inf)
    np.minimum.at(low, valued, values)
    np.maximum.at(high, valued, values)
    first = np.full(k, np.iinfo(np.int64).max)
    np.minimum.at(first, combo, data.row_no)
    return Aggregates(
        data, names, np.bincount(combo, minlength=k),
        np.bincount(combo[blank], minlength=k) if some_blank else np.zeros(k, dtype=np.int64),
        np.bincount(valued, weights=values, minlength=k), low, high, first,
    )


def monitoring_values(monitoring: pd.DataFrame | MonitoringData | Aggregates | None,
                      ) -> dict[str, Value]:
    """Each monitoring parameter as a :class:`Quantity` (one value) or :class:`MultiValue`.

    Blank unit cells are not a unit of their own: a parameter's one stated unit applies.
    Rows stating different units that convert (MWh, kWh) are brought to the unit of the
    first of them. Units that do not convert, blank unit cells beside two different stated
    units, or a blank value make the parameter unusable (an error naming the parameter and
    the rows, only when a formula uses it). Computed per (parameter, unit) with numpy over
    the whole table at once (:func:`aggregate`): a million rows cost milliseconds."""
    agg = monitoring if isinstance(monitoring, Aggregates) else aggregate(monitoring)
    data, names = agg.data, agg.names
    nu = len(data.units)
    count, blanks, total, low, high, first = (
        agg.count, agg.blanks, agg.total, agg.low, agg.high, agg.first)
    env: dict[str, Value] = {}
    for i, name in enumerate(names):
        codes = [c for c in range(i * nu, (i + 1) * nu) if count[c] > 0]
        if not codes:
            continue
        codes.sort(key=lambda c: first[c])
        n_blank = int(blanks[codes].sum())
        if n_blank:
            env[name] = Unusable(f"parameter {name!r} has {n_blank} blank or non-numeric values")
            continue
        parsed = {c: parse_unit(data.units[c - i * nu]) for c in codes}
        stated = {u for u in parsed.values() if u is not None}
        factors = dict.fromkeys(codes, 1.0)
        if len(stated) > 1:
            mixed = _mixed_units(name, data, agg.combos(), parsed)
            if isinstance(mixed, Unusable):
                env[name] = mixed
                continue
            unit, factors = mixed
        else:
            unit = next(iter(stated)) if stated else None
        n = int(count[codes].sum())
        s = float(sum(total[c] * factors[c] for c in codes))
        lo = min(min(low[c] * f, high[c] * f) for c, f in factors.items())
        hi = max(max(low[c] * f, high[c] * f) for c, f in factors.items())
        env[name] = Quantity(s, unit) if n == 1 else MultiValue(n, s, float(lo), float(hi), unit)
    return env


def _rows_text(rows: list[object], total: int | None = None) -> str:
    n = len(rows) if total is None else total
    shown = ", ".join(str(r) for r in rows[:5]) + (f" (+{n - 5})" if n > 5 else "")
    return f"row{'s' if n > 1 else ''} {shown}"


def _mixed_units(
    name: str, data: MonitoringData, combo: np.ndarray, parsed: dict[int, Unit | None]
) -> tuple[Unit, dict[int, float]] | Unusable:
    """The unit (the first row's) and a factor per (parameter, unit) code of a parameter
    whose rows state several units; :class:`Unusable` naming the rows when they do not
    convert or some state none."""
    target = next(u for u in parsed.values() if u is not None)
    by_unit: dict[Unit | None, list[int]] = {}
    for c, u in parsed.items():
        by_unit.setdefault(u, []).append(c)

    def rows(cs: list[int]) -> str:
        hit = np.isin(combo, cs)
        return _rows_text([int(r) for r in data.row_no[hit][:5]], int(hit.sum()))

    listed = ", ".join(
        f"{'no unit' if u is None else u} ({rows(cs)})" for u, cs in by_unit.items()
    )
    if None in by_unit:
        return Unusable(f"parameter {name!r} mixes units and some rows state none: {listed}")
    factors = {c: convert_factor(u, target) for c, u in parsed.items() if u is not None}
    if any(f is None for f in factors.values()):
        return Unusable(f"parameter {name!r} mixes units that do not convert: {listed}")
    return target, {c: float(f) for c, f in factors.items() if f is not None}


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
                    f"parameter {node.id!r} has {value.count} values: use sum(), mean(), "
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
            unit, f = self.common(a, b, "add" if op == "+" else "subtract")
            value = a.value + b.value * f if op == "+" else a.value - b.value * f
            return Quantity(value, unit)
        if op == "*":
            unit = a.unit * b.unit if a.unit is not None and b.unit is not None else None
            return Quantity(a.value * b.value, unit)
        if b.value == 0:
            raise self.fail("division by zero")
        unit = a.unit / b.unit if a.unit is not None and b.unit is not None else None
        return Quantity(a.value / b.value, unit)

    def common(self, a: Quantity, b: Quantity, verb: str) -> tuple[Unit | None, float]:
        """The unit of ``a ± b`` and the factor that brings ``b``'s value to it."""
        if a.unit is None or b.unit is None:
            return None, 1.0
        if a.unit.broken or b.unit.broken:
            return BROKEN, 1.0
        if a.unit == b.unit:
            return a.unit, 1.0
        if b.value == 0 and b.unit.dimensionless:
            return a.unit, 1.0
        if a.value == 0 and a.unit.dimensionless:
            return b.unit, 1.0
        f = convert_factor(b.unit, a.unit)
        if f is not None:
            return a.unit, f
        self.issue(f"cannot {verb} {_show(a.unit)} and {_show(b.unit)}")
        if b.unit.dimensionless:  # a bare number: the other term's unit stands
            return a.unit, 1.0
        if a.unit.dimensionless:
            return b.unit, 1.0
        return BROKEN, 1.0

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
        parts: list[tuple[int, float, float, float]] = []  # count, sum, min, max
        unit: Unit | None = DIMENSIONLESS
        first = True
        for arg in node.args:
            named = self.lookup(arg.id) if isinstance(arg, ast.Name) else None
            if isinstance(named, MultiValue):
                part = Quantity(named.low, named.unit)
                parts.append((named.count, named.total, named.low, named.high))
            else:
                part = self.scalar(arg)
                parts.append((1, part.value, part.value, part.value))
                if part.value == 0 and part.unit is not None and part.unit.dimensionless:
                    continue  # max(0, x): a bare zero takes x's unit
            if first:
                unit, first = part.unit, False
            else:
                unit, f = self.common(
                    Quantity(1.0, unit), Quantity(1.0, part.unit), f"{name}() over"
                )
                if f != 1.0:
                    c, t, lo, hi = parts[-1]
                    parts[-1] = (c, t * f, min(lo * f, hi * f), max(lo * f, hi * f))
        n = sum(p[0] for p in parts)
        total = math.fsum(p[1] for p in parts)
        value = {
            "sum": total,
            "mean": total / n,
            "min": min(p[2] for p in parts) if all(p[2] == p[2] for p in parts) else math.nan,
            "max": max(p[3] for p in parts) if all(p[3] == p[3] for p in parts) else math.nan,
        }[name]
        if math.isnan(value):
            raise self.fail(f"{name}() of values whose extreme is not known")
        return Quantity(float(value), unit)

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


def _declare(q: Quantity, line: CalcLine, issues: list[str]) -> Quantity:
    """The line's value in its declared ``unit`` (which wins: converted when the computed
    unit converts to it, else the mismatch is noted)."""
    declared = parse_unit(line.unit)
    ev_unit = q.unit
    if declared is None or (ev_unit is not None and ev_unit.broken):
        return q
    if ev_unit is None or ev_unit.dimensionless or ev_unit == declared:
        return Quantity(q.value, declared)
    f = convert_factor(ev_unit, declared)
    if f is not None:
        return Quantity(q.value * f, declared)
    issues.append(
        f"line {line.name!r}: computes {_show(ev_unit)} but declares {_show(declared)} "
        f"(formula: {line.formula})"
    )
    return Quantity(q.value, declared)


def _settle(q: Quantity, *, result: bool = False) -> Quantity:
    """A line's value brought to tCO2e when its unit is a compound that is a mass of CO2e
    (``kWh·tCO2e/MWh``); for the result line, any mass of CO2e (``kgCO2e``) is."""
    u = q.unit
    if u is None or u.broken or u.dimensionless or u == TCO2E:
        return q
    if u.simple and not result:
        return q  # the unit as written (kgCO2e, 公噸CO2e/度…)
    f = convert_factor(u, TCO2E)
    return q if f is None else Quantity(q.value * f, TCO2E)


def evaluate_calculation(
    calculation: Calculation, monitoring: pd.DataFrame | MonitoringData | Aggregates | None
) -> CalculationOutcome:
    """Recompute every line in order, then the result, over the monitoring table.

    Each line is settled (:func:`_settle`) and then given its declared unit. Raises
    :class:`FormulaError` at the first line that cannot be evaluated.
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
        q = _declare(_settle(q), line, issues)
        done.append(LineValue(line.name, line.formula, q.value, q.unit, line.claimed))
        env[line.name] = q
    result = None
    if calculation.result is not None:
        r = calculation.result
        name = r.name or "result"
        q, found = evaluate_formula(r.formula, env, line=name)
        issues += found
        q = _settle(_declare(_settle(q), r, issues), result=True)
        result = LineValue(name, r.formula, q.value, q.unit, r.claimed)
    return CalculationOutcome(tuple(done), result, tuple(issues))
