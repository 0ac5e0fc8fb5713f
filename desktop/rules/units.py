"""Units of GHG data: one pint registry with CO2-equivalent, read from the client's spellings.

``parse(text)`` reads a unit as a client writes it in an inventory, a monitoring table or
``calculation.toml`` (``tCO2e/MWh``, ``kgCO2e per kWh``, ``tCO₂e/(t·km)``, ``m³``,
``公噸CO2e/度``, ``ＫＷＨ``) and returns a :class:`pint.Unit`, or ``None`` when it cannot
(never raises). ``conversion(activity_unit, ef_unit)`` gives the factor that turns
activity × emission factor into tCO2e, or the problem (unknown unit, or a product that is
not tCO2e) in English and Chinese; ``to_tco2e`` applies it to one pair of numbers.

The registry is pint's, but holds only :data:`DEFINITIONS`, not pint's ``default_en.txt``
(a few hundred units in which ``pcs`` is a parsec, ``unit`` a micro-nit, ``MT`` a
megatesla and ``kt`` a knot, and which takes 0.3 s to load against 5 ms for this one).
It is created once, on first use: importing this module does not import pint. It has:

- SI prefixes P, T, G, M, k, c, m, µ; metres, grams, seconds; energy (J, Wh, cal, Btu,
  MMBtu, therm, toe), volume (L, m³, US and imperial gallons, oil barrels, ft³), mass
  (t, lb, short and long tons), distance (m, in, ft, yd, mi, nmi), area (ha, acre), time
  (min, h, d, week, month, year/a);
- a base dimension ``[co2e]``: ``gCO2e``, ``kgCO2e``, ``tCO2e``, ``ktCO2e``, ``MtCO2e``,
  ``GtCO2e``. A tonne of CO2e is not a tonne of coal: the two never convert;
- ``tCO2`` ≡ ``tCO2e`` (any ``…CO2``, ``…CO2eq``, ``… CO2-e``, ``公噸二氧化碳當量``):
  a plain CO2 figure is its own equivalent;
- people and transport: ``人``/``person``/``passenger`` (a base dimension ``[person]``,
  so ``人·年`` and ``tCO2e/人·年`` convert), ``tkm`` (t·km, ``延噸公里``), ``pkm``
  (passenger·km, ``人公里``), ``vkm`` (vehicle·km, a base dimension ``[vehicle]``);
- counts: ``unit``, ``pcs``, ``個``… are dimensionless items;
- Taiwanese spellings: ``度`` = kWh (utility bills), ``公升``, ``公秉`` (kL), ``立方公尺``,
  ``公噸``/``噸`` (metric), ``公斤``, ``公里``… and ``ton`` is read as the metric tonne;
- ``Nm3`` and ``scf`` are read as m³ and ft³ (reference conditions are not distinguished).

``MT``/``mt`` (metric ton or megatonne / millitonne?) are refused as ambiguous, and a name
with ``CO2`` in it is only ever read by the rules above, never guessed by pint.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

# ------------------------------------------------------------------------- the registry

DEFINITIONS: tuple[str, ...] = (
    # prefixes (no hecto- or deci-: ha is the hectare, d the day)
    "peta- = 1e15 = P-",
    "tera- = 1e12 = T-",
    "giga- = 1e9 = G-",
    "mega- = 1e6 = M-",
    "kilo- = 1e3 = k-",
    "centi- = 1e-2 = c-",
    "milli- = 1e-3 = m-",
    "micro- = 1e-6 = µ- = μ- = u-",
    # base dimensions
    "meter = [length] = m = metre",
    "gram = [mass] = g",
    "second = [time] = s = sec",
    "gram_CO2e = [co2e] = gCO2e",
    "person = [person] = capita",
    "vehicle = [vehicle]",
    "item = [] = pcs",
    "percent = 0.01 = %",
    # time
    "minute = 60 * second = min",
    "hour = 60 * minute = h = hr",
    "day = 24 * hour = d",
    "week = 7 * day",
    "year = 365.25 * day = a = yr",
    "month = year / 12",
    # distance and area
    "inch = 0.0254 * meter = in",
    "foot = 12 * inch = ft",
    "yard = 3 * foot = yd",
    "mile = 1609.344 * meter = mi",
    "nautical_mile = 1852 * meter = nmi",
    "hectare = 1e4 * meter ** 2 = ha",
    "acre = 4046.8564224 * meter ** 2",
    # volume
    "liter = 1e-3 * meter ** 3 = L = l = litre",
    "gallon = 3.785411784 * liter = gal = US_gallon",
    "imperial_gallon = 4.54609 * liter = imp_gal = UK_gallon",
    "oil_barrel = 42 * gallon = bbl = barrel",
    "cubic_foot = foot ** 3 = cuft = scf",
    # mass
    "tonne = 1e3 * kilogram = t = metric_ton",
    "pound = 0.45359237 * kilogram = lb",
    "short_ton = 2000 * pound",
    "long_ton = 2240 * pound",
    # energy and power
    "joule = kilogram * meter ** 2 / second ** 2 = J",
    "watt = joule / second = W",
    "watt_hour = watt * hour = Wh",
    "calorie = 4.184 * joule = cal",
    "british_thermal_unit = 1055.056 * joule = Btu = BTU",
    "million_british_thermal_unit = 1e6 * british_thermal_unit = MMBtu",
    "therm = 1e5 * british_thermal_unit = thm",
    "tonne_of_oil_equivalent = 41.868e9 * joule = toe",
    # CO2 equivalent
    "kilogram_CO2e = 1e3 * gram_CO2e = kgCO2e",
    "tonne_CO2e = 1e6 * gram_CO2e = tCO2e",
    "kilotonne_CO2e = 1e9 * gram_CO2e = ktCO2e",
    "megatonne_CO2e = 1e12 * gram_CO2e = MtCO2e",
    "gigatonne_CO2e = 1e15 * gram_CO2e = GtCO2e",
    # transport
    "passenger = person = pax",
    "tonne_kilometer = tonne * kilometer = tkm",
    "passenger_kilometer = passenger * kilometer = pkm",
    "vehicle_kilometer = vehicle * kilometer = vkm",
)

_LOCK = threading.Lock()
_REGISTRY: Any = None


def registry() -> pint.UnitRegistry:
    """The one registry (:data:`DEFINITIONS` only), created on first use."""
    global _REGISTRY
    if _REGISTRY is None:
        with _LOCK:
            if _REGISTRY is None:
                import pint

                ureg = pint.UnitRegistry(None)  # not pint's default_en.txt
                for line in DEFINITIONS:
                    ureg.define(line)
                _REGISTRY = ureg
    return _REGISTRY


def tco2e() -> pint.Unit:
    """The unit every emission is brought to."""
    return registry().Unit("tonne_CO2e")


# ------------------------------------------------------------------------------ spellings

# A name → a pint expression of the registry's own names (exact spelling first).
_ALIASES: dict[str, str | None] = {
    # CO2e masses (the canonical names the CO2 rewrite below produces)
    "gCO2e": "gram_CO2e",
    "kgCO2e": "kilogram_CO2e",
    "tCO2e": "tonne_CO2e",
    "ktCO2e": "kilotonne_CO2e",
    "MtCO2e": "megatonne_CO2e",
    "GtCO2e": "gigatonne_CO2e",
    # energy
    "度": "kilowatt_hour",
    "千度": "megawatt_hour",
    "瓩時": "kilowatt_hour",
    "千瓦時": "kilowatt_hour",
    "千瓦小時": "kilowatt_hour",
    "百萬瓦時": "megawatt_hour",
    "千千瓦時": "megawatt_hour",
    "吉瓦時": "gigawatt_hour",
    "焦耳": "joule",
    "千焦": "kilojoule",
    "千焦耳": "kilojoule",
    "百萬焦耳": "megajoule",
    "十億焦耳": "gigajoule",
    "吉焦": "gigajoule",
    "吉焦耳": "gigajoule",
    "千卡": "kilocalorie",
    "大卡": "kilocalorie",
    "百萬千卡": "gigacalorie",
    # volume
    "公升": "liter",
    "升": "liter",
    "毫升": "milliliter",
    "公秉": "kiloliter",
    "千公升": "kiloliter",
    "立方公尺": "meter ** 3",
    "立方米": "meter ** 3",
    "Nm3": "meter ** 3",
    "標準立方公尺": "meter ** 3",
    # mass (a ton is metric here: Taiwanese and international inventories)
    "公噸": "tonne",
    "噸": "tonne",
    "ton": "tonne",
    "tons": "tonne",
    "tonnes": "tonne",
    "kt": "kilotonne",  # pint's kt is the knot
    "千公噸": "kilotonne",
    "公斤": "kilogram",
    "千克": "kilogram",
    "公克": "gram",
    "克": "gram",
    "MT": None,  # metric ton or megatonne: ambiguous
    "mt": None,
    # distance and transport
    "公里": "kilometer",
    "千米": "kilometer",
    "公尺": "meter",
    "延噸公里": "tonne_kilometer",
    "噸公里": "tonne_kilometer",
    "公噸公里": "tonne_kilometer",
    "人公里": "passenger_kilometer",
    "延人公里": "passenger_kilometer",
    "車公里": "vehicle_kilometer",
    "延車公里": "vehicle_kilometer",
    "passenger": "passenger",
    "passengers": "passenger",
    "person": "person",
    "persons": "person",
    "people": "person",
    "人": "person",
    "人次": "person",
    "vehicle": "vehicle",
    "vehicles": "vehicle",
    # time
    "小時": "hour",
    "年": "year",
    "月": "month",
    "日": "day",
    "天": "day",
    # counts
    **dict.fromkeys(
        (
            "unit", "units", "pcs", "pc", "piece", "pieces", "item", "items", "ea", "each",
            "個", "件", "台", "支", "片", "顆", "組", "套",
        ),
        "item",
    ),
}  # fmt: skip

# Spreadsheet spellings read without case (only where pint does not know the exact one).
_ANY_CASE: dict[str, str] = {
    "kwh": "kilowatt_hour",
    "mwh": "megawatt_hour",
    "gwh": "gigawatt_hour",
    "twh": "terawatt_hour",
    "kj": "kilojoule",
    "mj": "megajoule",
    "gj": "gigajoule",
    "tj": "terajoule",
    "kcal": "kilocalorie",
    "kl": "kiloliter",
    "l": "liter",
    "m3": "meter ** 3",
    "nm3": "meter ** 3",
    "kg": "kilogram",
    "km": "kilometer",
    "tkm": "tonne_kilometer",
    "pkm": "passenger_kilometer",
    "vkm": "vehicle_kilometer",
    "mmbtu": "million_british_thermal_unit",
}

_MASS = {
    "g": "g", "公克": "g",
    "kg": "kg", "公斤": "kg",
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "公噸": "t", "噸": "t",
    "kt": "kt", "千公噸": "kt",
    "Mt": "Mt", "百萬公噸": "Mt",
    "Gt": "Gt",
}  # fmt: skip
# "t CO2e", "tCO2", "kg CO2-eq", "tCO2 equivalent", "公噸CO2e", "公噸二氧化碳當量" → "tCO2e"
_CO2 = re.compile(
    r"(?<![\w])(?P<mass>"
    + "|".join(sorted(map(re.escape, _MASS), key=len, reverse=True))
    + r")\s*[-_]?\s*(?:[Cc][Oo]2(?:\s*[-_]?\s*(?:e(?:q(?:uiv(?:alent)?)?)?|E(?:Q)?)\b\.?)?"
    r"|二氧化碳(?:當量)?)(?![A-Za-z0-9])"
)
_PER = re.compile(r"(?:/\s*)?(?:\bper\b|每)", re.IGNORECASE)
_DOT = re.compile(r"(?<=[^\W\d])\.(?=[^\W\d])")  # t.km, not 1.5
_TOKEN = re.compile(
    r"\s*(?:(?P<op>\*\*|[*/()^])|(?P<num>-?\d+(?:\.\d+)?)|(?P<name>%|[^\W\d]\w*)|(?P<sep>-))"
)
_TRAILING_POWER = re.compile(r"(?P<base>.*[^\d])(?P<power>\d)")


def normalise(text: str) -> str:
    """The spelling the parser reads: full-width and superscript characters folded (NFKC),
    ``·×⋅・`` as ``*``, ``per``/``每`` as ``/``, CO2e masses as ``tCO2e``, ``kgCO2e``…"""
    t = unicodedata.normalize("NFKC", text).strip()
    t = t.replace("−", "-").replace("₂", "2")
    for ch in "·×⋅・•∙":
        t = t.replace(ch, "*")
    t = _PER.sub("/", t)
    t = _CO2.sub(lambda m: f" {_MASS[m['mass']]}CO2e ", t)
    t = _DOT.sub("*", t)
    return " ".join(t.split())


class _Unreadable(Exception):
    pass


def _name(name: str) -> pint.Unit:
    ureg = registry()
    if name in _ALIASES:
        target = _ALIASES[name]
        if target is None:
            raise _Unreadable(name)
        return ureg.parse_units(target)
    if "co2" in name.casefold() or "二氧化碳" in name:
        raise _Unreadable(name)  # CO2e only as read by _CO2: never a pint guess
    ascii_name = re.fullmatch(r"[A-Za-zμ_%]+", name) is not None
    if ascii_name:
        try:
            return ureg.Unit(ureg.get_name(name, case_sensitive=True))
        except Exception:
            pass
    if name.casefold() in _ANY_CASE:
        return ureg.parse_units(_ANY_CASE[name.casefold()])
    m = _TRAILING_POWER.fullmatch(name)  # m3, km2
    if m is not None:
        return _name(m["base"]) ** int(m["power"])
    raise _Unreadable(name)


class _Parser:
    """``a*b/c*d`` reads as ``(a·b)/(c·d)``: everything after ``/`` is the denominator, as
    units are written (``tCO2e/t.km``); parentheses group, ``^n``/``**n``/``m3`` powers."""

    def __init__(self, text: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                raise _Unreadable(text)
            pos = m.end()
            kind = m.lastgroup or ""
            if kind != "sep":
                self.tokens.append((kind, m[kind]))
        self.i = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def parse(self) -> pint.Unit:
        unit = self.quotient()
        if self.peek()[0] != "end":
            raise _Unreadable(self.peek()[1])
        return unit

    def quotient(self) -> pint.Unit:
        unit = self.product()
        while self.peek() == ("op", "/"):
            self.take()
            unit = unit / self.product()
        return unit

    def product(self) -> pint.Unit:
        unit = self.power()
        while True:
            kind, value = self.peek()
            if (kind, value) == ("op", "*"):
                self.take()
            elif not (kind == "name" or (kind, value) == ("op", "(")):
                return unit
            unit = unit * self.power()

    def power(self) -> pint.Unit:
        base = self.atom()
        kind, value = self.peek()
        if (kind, value) in (("op", "^"), ("op", "**")):
            self.take()
            kind, value = self.take()
            if kind != "num":
                raise _Unreadable(value)
        elif kind != "num":
            return base
        else:
            self.take()  # kWh-1: an exponent written straight after the name
        if not re.fullmatch(r"-?\d+", value):
            raise _Unreadable(value)
        return base ** int(value)

    def atom(self) -> pint.Unit:
        kind, value = self.take()
        if (kind, value) == ("op", "("):
            unit = self.quotient()
            if self.take() != ("op", ")"):
                raise _Unreadable("(")
            return unit
        if kind == "num" and value == "1":
            return registry().dimensionless
        if kind == "name":
            return _name(value)
        raise _Unreadable(value)


@lru_cache(maxsize=4096)
def parse(text: str | None) -> pint.Unit | None:
    """The unit ``text`` names, or ``None`` when blank or unreadable (never raises).

    ``"1"`` and ``"-"`` are dimensionless."""
    if not isinstance(text, str):
        return None
    t = normalise(text)
    if not t:
        return None
    if t in ("1", "-"):
        return registry().dimensionless
    try:
        return _Parser(t).parse()
    except Exception:
        return None


def is_blank(text: object) -> bool:
    """A unit cell left empty (``None``, NaN, spaces)."""
    return not isinstance(text, str) or not text.strip()


# ---------------------------------------------------------------------------- conversion


def _round(x: float) -> float:
    """A conversion factor without binary noise (0.001, not 0.0010000000000000002)."""
    return float(f"{x:.12g}")


@lru_cache(maxsize=4096)
def factor(src: pint.Unit, dst: pint.Unit) -> float | None:
    """The multiplier taking a value in ``src`` to ``dst``; ``None`` when they do not
    convert (another dimension, or units with an offset such as °C)."""
    if src == dst:
        return 1.0
    try:
        if not src.is_compatible_with(dst):
            return None
        return _round(float(registry().Quantity(1.0, src).to(dst).magnitude))
    except Exception:
        return None


_DIMENSIONS: tuple[tuple[dict[str, int], str, str], ...] = (
    ({"[co2e]": 1}, "CO2e", "CO2e"),
    ({"[mass]": 1, "[length]": 2, "[time]": -2}, "energy", "能量"),
    ({"[mass]": 1, "[length]": 2, "[time]": -3}, "power", "功率"),
    ({"[length]": 3}, "volume", "體積"),
    ({"[length]": 2}, "area", "面積"),
    ({"[length]": 1}, "distance", "距離"),
    ({"[mass]": 1}, "mass", "質量"),
    ({"[time]": 1}, "time", "時間"),
    ({"[mass]": 1, "[length]": 1}, "freight (mass × distance)", "貨運量（質量 × 距離）"),
    ({"[person]": 1, "[length]": 1}, "passenger distance", "人公里"),
    ({"[person]": 1}, "persons", "人數"),
    ({"[person]": 1, "[time]": 1}, "person-time", "人·時間"),
    ({"[vehicle]": 1, "[length]": 1}, "vehicle distance", "車公里"),
    ({}, "a count", "數量"),
)


def _dims(unit: pint.Unit) -> dict[str, int]:
    return {k: int(v) for k, v in dict(unit.dimensionality).items() if v}


def describe(dims: dict[str, int]) -> tuple[str, str]:
    """A dimension in words (English, Chinese): ``energy``/``能量``, ``volume``/``體積``."""
    for known, en, zh in _DIMENSIONS:
        if dims == known:
            return en, zh

    def term(k: str, p: int) -> str:
        return k.strip("[]") + (f"^{p}" if p != 1 else "")

    num = " × ".join(term(k, p) for k, p in dims.items() if p > 0)
    den = " × ".join(term(k, -p) for k, p in dims.items() if p < 0)
    text = (num or "1") + (f" per {den}" if den else "")
    return text, text.replace(" per ", " / ")


@dataclass(frozen=True)
class UnitProblem:
    """Why activity × factor cannot be brought to tCO2e; ``unit`` is the text at fault."""

    unit: str
    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class Conversion:
    """How a row's activity × ef becomes tCO2e.

    ``stated`` is False when neither unit is given (the product is the client's, taken
    as it is); else ``factor`` (activity × ef × factor = tCO2e) or ``problem``."""

    stated: bool
    factor: float | None = None
    problem: UnitProblem | None = None


def _shown(text: str | None) -> str:
    return "(no unit)" if is_blank(text) else f"'{str(text).strip()}'"


def _shown_zh(text: str | None) -> str:
    return "（未填單位）" if is_blank(text) else f"「{str(text).strip()}」"


def _unknown(text: str, what: str, what_zh: str) -> UnitProblem:
    t = text.strip()
    return UnitProblem(t, f"unknown unit '{t}' ({what})", f"無法辨識的單位「{t}」（{what_zh}）")


def _mismatch(a_text: str | None, e_text: str | None, a: pint.Unit, e: pint.Unit) -> UnitProblem:
    pair = f"{_shown(a_text)} × {_shown(e_text)}"
    pair_zh = f"{_shown_zh(a_text)} × {_shown_zh(e_text)}"
    shown = " × ".join(str(x).strip() if not is_blank(x) else "(no unit)" for x in (a_text, e_text))
    a_dims, e_dims = _dims(a), _dims(e)
    a_en, a_zh = describe(a_dims)
    act, act_zh = f"the activity is {a_en}", f"活動數據為{a_zh}"
    if is_blank(a_text):
        act, act_zh = "the activity has no unit", "活動數據未填單位"
    if is_blank(e_text):
        why = f"{act} but the emission factor has no unit"
        why_zh = f"{act_zh}，排放係數卻未填單位"
    elif e_dims.get("[co2e]") == 1:
        per = {k: -v for k, v in e_dims.items() if k != "[co2e]"}
        p_en, p_zh = describe(per) if per else ("item (a total, not a rate)", "項（總量而非係數）")
        why = f"{act} but the factor is per unit of {p_en}"
        why_zh = f"{act_zh}，係數卻是每單位{p_zh}"
    else:
        why = f"the factor {_shown(e_text)} is not CO2e per unit of activity"
        why_zh = f"係數{_shown_zh(e_text)}不是每單位活動數據的 CO2e"
    return UnitProblem(
        shown,
        f"{pair} is not tCO2e: {why}",
        f"{pair_zh} 無法換算為 tCO2e：{why_zh}",
    )


@lru_cache(maxsize=4096)
def conversion(activity_unit: str | None, ef_unit: str | None) -> Conversion:
    """How activity × ef with these units becomes tCO2e (see :class:`Conversion`).

    A blank unit beside a stated one counts as no unit at all (a plain number, a count):
    ``tCO2e`` per item with a blank activity unit converts; ``tCO2e/MWh`` does not."""
    a_blank, e_blank = is_blank(activity_unit), is_blank(ef_unit)
    if a_blank and e_blank:
        return Conversion(stated=False, factor=1.0)
    ureg = registry()
    a = ureg.dimensionless if a_blank else parse(activity_unit)
    e = ureg.dimensionless if e_blank else parse(ef_unit)
    if a is None or e is None:
        problems = []
        if a is None:
            problems.append(_unknown(str(activity_unit), "activity", "活動數據"))
        if e is None:
            problems.append(_unknown(str(ef_unit), "emission factor", "排放係數"))
        if len(problems) == 1:
            return Conversion(stated=True, problem=problems[0])
        return Conversion(
            stated=True,
            problem=UnitProblem(
                f"{problems[0].unit} × {problems[1].unit}",
                f"{problems[0].en} and {problems[1].en}",
                f"{problems[0].zh}及{problems[1].zh}",
            ),
        )
    f = factor(a * e, tco2e())
    if f is None:
        return Conversion(stated=True, problem=_mismatch(activity_unit, ef_unit, a, e))
    return Conversion(stated=True, factor=f)


def to_tco2e(
    activity: float, activity_unit: str | None, ef: float, ef_unit: str | None
) -> tuple[float | None, UnitProblem | None]:
    """activity × ef in tCO2e, or ``(None, problem)``. Without any unit the product is
    returned as it is (the units are the client's)."""
    c = conversion(activity_unit, ef_unit)
    if c.problem is not None or c.factor is None:
        return None, c.problem
    return activity * ef * c.factor, None
