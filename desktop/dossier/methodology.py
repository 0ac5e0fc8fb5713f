"""Methodology templates: the TOML files in ``methodologies/`` as frozen dataclasses.

A template names a methodology's parameters (unit, monitored or fixed ex ante, required or
with a default) and its equations in our formula language (lines ``BE``, ``PE``, ``LE``
and a ``[result]``). ``calculation.toml`` may then say ``template = "ACM0002"`` and give
only the parameters (:mod:`desktop.dossier.templated`). The format is documented in
``methodologies/README.md``; every problem of a file is reported at once, naming the file
and the key, and an unknown key is an error (like ``desktop/checklist_defs.py``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

KINDS = ("monitored", "fixed", "choice", "period")
AGGREGATES = ("sum", "mean", "min", "max")
REQUIRED_LINES = ("BE", "PE", "LE")
MAX_PERIODS = 3  # crediting periods with their own default (CDM renewable: 3 × 7 years)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOP = {"id", "title", "title_zh", "version", "source", "parameter", "line", "result", "ex_ante"}
_PARAM = {"name", "kind", "unit", "description", "description_zh", "default", "aggregate",
          "annual", "choices", "by", "defaults"}
_LINE = {"name", "formula", "unit"}


class TemplateError(ValueError):
    """Problems in a template file: one line each, naming the file and the key."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a template."""

    name: str
    kind: str  # monitored | fixed | choice | period
    description: str
    description_zh: str
    unit: str | None = None  # numeric kinds; "1" is dimensionless
    default: float | str | None = None  # None: required
    aggregate: str = "sum"  # monitored: how the monitoring rows combine
    annual: bool = False  # an amount per year (pro-rated and degraded in ex-ante estimates)
    choices: tuple[str, ...] = ()
    by: str | None = None  # the choice parameter whose value selects ``defaults``
    defaults: tuple[tuple[str, tuple[float, ...]], ...] = ()  # choice -> per crediting period

    @property
    def numeric(self) -> bool:
        return self.kind in ("monitored", "fixed")

    def default_for(self, choice: str | None, period: int) -> float | str | None:
        """The default, or the one for ``choice`` in crediting period ``period`` (1-based)."""
        if self.by is None:
            return self.default
        table = dict(self.defaults)
        values = table.get(choice or "")
        if not values:
            return None
        return values[min(period, len(values)) - 1]


@dataclass(frozen=True)
class TemplateLine:
    name: str
    formula: str
    unit: str


@dataclass(frozen=True)
class Template:
    """A methodology template (``methodologies/<id>.toml``)."""

    id: str
    title: str
    title_zh: str
    version: str
    source: str
    parameters: tuple[Parameter, ...]
    lines: tuple[TemplateLine, ...]
    result: TemplateLine
    degradation: str | None = None  # the parameter that reduces annual amounts year by year

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def default_folder() -> Path:
    from desktop.paths import methodologies_dir

    return methodologies_dir()


def load_template(path: Path) -> Template:
    """Read and validate one template file; raise :class:`TemplateError` listing every
    problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path.name}: cannot read: {exc}") from exc
    return parse_template(data, path.name, path.stem)


def parse_template(data: dict[str, Any], label: str, stem: str | None = None) -> Template:
    problems: list[str] = []

    def bad(where: str, text: str) -> None:
        problems.append(f"{label}: {where}: {text}")

    for key in data:
        if key not in _TOP:
            bad(key, "unknown key (a typo?)")
    for key in ("id", "title", "title_zh", "version", "source"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            bad(key, "required text")
    if stem is not None and data.get("id") != stem:
        bad("id", f"must equal the file name {stem!r}")
    params = _parameters(data.get("parameter"), bad)
    names = {p.name for p in params}
    lines = _lines(data.get("line"), bad, names)
    result = None
    raw_result = data.get("result")
    if not isinstance(raw_result, dict):
        bad("result", "required table [result] with formula and unit")
    else:
        result = _line({"name": "result", **raw_result}, "result", bad, allow_result=True)
    line_names = [ln.name for ln in lines]
    for needed in REQUIRED_LINES:
        if needed not in line_names:
            bad("line", f"a line named {needed} is required (baseline, project, leakage)")
    degradation = None
    ex_ante = data.get("ex_ante", {})
    if not isinstance(ex_ante, dict):
        bad("ex_ante", "must be a table")
    else:
        for key in ex_ante:
            if key != "degradation":
                bad(f"ex_ante.{key}", "unknown key (a typo?)")
        degradation = ex_ante.get("degradation")
        if degradation is not None:
            p = next((q for q in params if q.name == degradation), None)
            if p is None or p.kind != "fixed":
                bad("ex_ante.degradation", f"{degradation!r} is not a fixed parameter")
    if problems or result is None:
        raise TemplateError("\n".join(problems))
    return Template(
        data["id"], data["title"], data["title_zh"], data["version"], " ".join(
            data["source"].split()), params, tuple(lines), result, degradation,
    )


def _parameters(raw: Any, bad: Any) -> tuple[Parameter, ...]:
    if not isinstance(raw, list) or not raw:
        bad("parameter", "at least one [[parameter]] is required")
        return ()
    out: list[Parameter] = []
    seen: set[str] = set()
    for i, p in enumerate(raw, 1):
        where = f"parameter[{i}]"
        if not isinstance(p, dict):
            bad(where, "must be a table")
            continue
        name, kind = p.get("name"), p.get("kind")
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            bad(f"{where}.name", f"{name!r} is not a name (letters, digits, _)")
            continue
        where = f"parameter {name!r}"
        for key in p:
            if key not in _PARAM:
                bad(f"{where}.{key}", "unknown key (a typo?)")
        if name in seen:
            bad(where, "defined twice")
        seen.add(name)
        if kind not in KINDS:
            bad(f"{where}.kind", f"must be one of {', '.join(KINDS)}")
            continue
        for key in ("description", "description_zh"):
            if not isinstance(p.get(key), str) or not p[key].strip():
                bad(f"{where}.{key}", "required text")
        unit = p.get("unit")
        numeric = kind in ("monitored", "fixed")
        if numeric and (not isinstance(unit, str) or not unit.strip()):
            bad(f"{where}.unit", "required for a monitored or fixed parameter ('1': none)")
        if not numeric and unit is not None:
            bad(f"{where}.unit", f"a {kind} parameter has no unit")
        choices = p.get("choices", [])
        if kind == "choice" and (
            not isinstance(choices, list) or not choices
            or not all(isinstance(c, str) and c for c in choices)
        ):
            bad(f"{where}.choices", "a choice parameter lists its choices")
            choices = []
        aggregate = p.get("aggregate", "sum")
        if aggregate not in AGGREGATES:
            bad(f"{where}.aggregate", f"must be one of {', '.join(AGGREGATES)}")
        default = p.get("default")
        if default is not None and numeric and (
            isinstance(default, bool) or not isinstance(default, int | float)
        ):
            bad(f"{where}.default", "must be a number")
        if kind == "period" and default not in (None, *range(1, MAX_PERIODS + 1)):
            bad(f"{where}.default", f"must be 1 to {MAX_PERIODS}")
        by, defaults = p.get("by"), p.get("defaults")
        table: list[tuple[str, tuple[float, ...]]] = []
        if (by is None) != (defaults is None):
            bad(where, "'by' and 'defaults' go together")
        elif by is not None:
            chooser = next((q for q in raw if isinstance(q, dict) and q.get("name") == by), None)
            if chooser is None or chooser.get("kind") != "choice":
                bad(f"{where}.by", f"{by!r} is not a choice parameter")
            elif not isinstance(defaults, dict) or set(defaults) != set(chooser.get("choices", [])):
                bad(f"{where}.defaults", f"give a list of values for each choice of {by!r}")
            else:
                for choice, values in defaults.items():
                    if (not isinstance(values, list) or not 1 <= len(values) <= MAX_PERIODS
                            or not all(isinstance(v, int | float) and not isinstance(v, bool)
                                       for v in values)):
                        bad(f"{where}.defaults.{choice}",
                            f"1 to {MAX_PERIODS} numbers (crediting period 1, 2, 3)")
                        continue
                    table.append((choice, tuple(float(v) for v in values)))
        out.append(Parameter(
            name, kind, str(p.get("description", "")), str(p.get("description_zh", "")),
            unit if numeric else None,
            float(default) if numeric and isinstance(default, int | float) else default,
            aggregate if aggregate in AGGREGATES else "sum", bool(p.get("annual", False)),
            tuple(choices), by, tuple(table),
        ))
    return tuple(out)


def _lines(raw: Any, bad: Any, params: set[str]) -> list[TemplateLine]:
    if not isinstance(raw, list) or not raw:
        bad("line", "at least one [[line]] is required")
        return []
    out: list[TemplateLine] = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            bad(f"line[{i}]", "must be a table")
            continue
        line = _line(item, f"line[{i}]", bad)
        if line is None:
            continue
        if line.name in params or line.name in {ln.name for ln in out}:
            bad(f"line[{i}].name", f"{line.name!r} is already a parameter or a line")
            continue
        out.append(line)
    return out


def _line(raw: dict[str, Any], where: str, bad: Any, allow_result: bool = False
          ) -> TemplateLine | None:
    for key in raw:
        if key not in _LINE:
            bad(f"{where}.{key}", "unknown key (a typo?)")
    name, formula, unit = raw.get("name"), raw.get("formula"), raw.get("unit")
    if not isinstance(name, str) or not _NAME.fullmatch(name) or (
        name == "result" and not allow_result
    ):
        bad(f"{where}.name", f"{name!r} is not a line name")
        return None
    if not isinstance(formula, str) or not formula.strip():
        bad(f"{where}.formula", "required text")
        return None
    if not isinstance(unit, str) or not unit.strip():
        bad(f"{where}.unit", "required (the line's unit)")
        return None
    return TemplateLine(name, formula.strip(), unit.strip())


@lru_cache(maxsize=4)
def _load_folder(folder: str) -> dict[str, Template]:
    out: dict[str, Template] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        t = load_template(path)
        out[t.id] = t
    return out


def load_all(folder: Path | None = None) -> dict[str, Template]:
    """Every template of ``folder`` (default: the bundled ``methodologies/``), by id."""
    return _load_folder(str(folder or default_folder()))


def find_template(name: str, folder: Path | None = None) -> Template | None:
    """The template called ``name`` (compared without case), or ``None``."""
    templates = load_all(folder)
    key = name.strip().casefold()
    return next((t for tid, t in templates.items() if tid.casefold() == key), None)
