"""``calculation.toml`` naming a methodology template: parameters only, the template's
formulas and units, optional claims per line, and the PDD's ex-ante table.

```toml
template = "ACM0002"
[parameters]
technology = "solar"
EG_PJ = { value = 180000, unit = "MWh" }   # or a plain number in the template's unit
EF_grid_OM = 0.62
[[line]]                                   # optional: what the client claims per line
name = "BE"
claimed = 95000
[result]
claimed = 95000
[[ex_ante]]                                # validation: the PDD's estimate per year
year = 2026
baseline_tco2e = 95000
project_tco2e = 0
leakage_tco2e = 0
er_tco2e = 95000
```

:func:`parse_templated` validates the file against the template (unknown template, missing
or unknown parameter, a unit that does not convert, a choice not offered: each error names
the file and the key); :func:`expand` turns it into ordinary calculation lines once the
monitoring parameters are known: a monitored parameter comes from the monitoring table when
the table has it (``sum(EG_PJ)``), else from ``[parameters]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from desktop.dossier.calculation import MAX_NUMBER, Line
from desktop.dossier.methodology import MAX_PERIODS, Template, find_template, load_all
from desktop.errors import InputError, Problem

_TOP = {"template", "parameters", "line", "result", "ex_ante"}
EX_ANTE_COLUMNS = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "er_tco2e")


@dataclass(frozen=True)
class ExAnteRow:
    """One year of the PDD's ex-ante table (tCO2e; ``None`` where not given)."""

    year: int
    baseline_tco2e: float | None
    project_tco2e: float | None
    leakage_tco2e: float | None
    er_tco2e: float


@dataclass(frozen=True)
class Templated:
    """A validated templated ``calculation.toml``."""

    template: Template
    values: dict[str, float | str]  # given parameters, numbers in the template's unit
    claims: dict[str, float] = field(default_factory=dict)  # line name -> claimed
    ex_ante: tuple[ExAnteRow, ...] = ()


def is_templated(data: dict[str, Any]) -> bool:
    return "template" in data or "ex_ante" in data or "parameters" in data


def parse_templated(data: dict[str, Any], label: str = "calculation.toml") -> Templated:
    """Validate a templated calculation; raise :class:`InputError` listing every problem."""
    from desktop.rules import units

    problems: list[Problem] = []

    def bad(where: str, key: str, **params: object) -> None:
        problems.append(Problem(key, file=label, where=where, params=params))

    for key in data:
        if key not in _TOP:
            bad(key, "manifest.unknown")
    name = data.get("template")
    if not isinstance(name, str) or not name.strip():
        bad("template", "tmpl.needs_template")
        raise InputError(problems)
    template = find_template(name)
    if template is None:
        bad("template", "tmpl.unknown", name=name, known=", ".join(sorted(load_all())))
        raise InputError(problems)
    tid = template.id
    raw = data.get("parameters", {})
    if not isinstance(raw, dict):
        bad("parameters", "manifest.type", expected="[parameters]", value=raw)
        raw = {}
    values: dict[str, float | str] = {}
    known = ", ".join(p.name for p in template.parameters)
    for pname, given in raw.items():
        where = f"parameters.{pname}"
        p = template.parameter(pname)
        if p is None:
            bad(where, "tmpl.unknown_param", name=pname, template=tid, known=known)
            continue
        if p.kind == "choice":
            if given not in p.choices:
                bad(where, "manifest.choice", allowed=", ".join(p.choices), value=given)
            else:
                values[pname] = given
            continue
        if p.kind == "period":
            if isinstance(given, bool) or given not in range(1, MAX_PERIODS + 1):
                bad(where, "manifest.choice", allowed="1, 2, 3", value=given)
            else:
                values[pname] = int(given)
            continue
        unit = None
        if isinstance(given, dict):
            extra = set(given) - {"value", "unit"}
            for k in sorted(extra):
                bad(f"{where}.{k}", "manifest.unknown")
            unit, given = given.get("unit"), given.get("value")
        if not _finite(given):
            bad(where, "manifest.type", expected="a finite number", value=given)
            continue
        factor = 1.0
        if unit is not None:
            src, dst = units.parse(str(unit)), units.parse(p.unit or "1")
            f = None if src is None or dst is None else units.factor(src, dst)
            if f is None:
                bad(f"{where}.unit", "tmpl.unit", unit=unit, expected=p.unit)
                continue
            factor = f
        values[pname] = float(given) * factor
    for p in template.parameters:
        if p.name in values or p.kind in ("monitored", "period"):
            continue  # monitored: may come from the monitoring table (see expand)
        choice = values.get(p.by) if p.by else None
        if p.default_for(str(choice) if choice else None, 1) is None:
            if p.by and p.by not in values:
                continue  # the missing choice is reported itself
            bad(f"parameters.{p.name}", "tmpl.missing", name=p.name, template=tid,
                description=p.description)
    claims = _claims(data, template, bad)
    ex_ante = _ex_ante(data.get("ex_ante", []), bad)
    if problems:
        raise InputError(problems)
    return Templated(template, values, claims, ex_ante)


def _finite(x: object) -> bool:
    return (not isinstance(x, bool) and isinstance(x, int | float)
            and math.isfinite(x) and abs(x) <= MAX_NUMBER)


def _claims(data: dict[str, Any], template: Template, bad: Any) -> dict[str, float]:
    claims: dict[str, float] = {}
    names = [ln.name for ln in template.lines]
    raw = data.get("line", [])
    if not isinstance(raw, list):
        bad("line", "manifest.type", expected="[[line]]", value=raw)
        raw = []
    items = [(f"line[{i}]", r) for i, r in enumerate(raw, 1)]
    if "result" in data:
        items.append(("result", {"name": "result", **(data["result"] if isinstance(
            data["result"], dict) else {"claimed": data["result"]})}))
    for where, r in items:
        if not isinstance(r, dict):
            bad(where, "manifest.type", expected="[[line]]", value=r)
            continue
        for key in r:
            if key not in ("name", "claimed") or (where == "result" and key == "name"
                                                   and r[key] != "result"):
                bad(f"{where}.{key}", "manifest.unknown")
        name = r.get("name")
        if name != "result" and name not in names:
            bad(f"{where}.name", "tmpl.unknown_line", name=name, template=template.id,
                known=", ".join(names))
            continue
        if not _finite(r.get("claimed")):
            bad(f"{where}.claimed", "manifest.type", expected="a finite number",
                value=r.get("claimed"))
            continue
        claims[str(name)] = float(r["claimed"])
    return claims


def _ex_ante(raw: Any, bad: Any) -> tuple[ExAnteRow, ...]:
    if not isinstance(raw, list):
        bad("ex_ante", "manifest.type", expected="[[ex_ante]]", value=raw)
        return ()
    rows: list[ExAnteRow] = []
    seen: set[int] = set()
    for i, r in enumerate(raw, 1):
        where = f"ex_ante[{i}]"
        if not isinstance(r, dict):
            bad(where, "manifest.type", expected="[[ex_ante]]", value=r)
            continue
        for key in r:
            if key not in ("year", *EX_ANTE_COLUMNS):
                bad(f"{where}.{key}", "manifest.unknown")
        year = r.get("year")
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2199:
            bad(f"{where}.year", "manifest.type", expected="a year (1900–2199)", value=year)
            continue
        if year in seen:
            bad(f"{where}.year", "tmpl.year_twice", year=year)
        seen.add(year)
        figures: dict[str, float | None] = {}
        for col in EX_ANTE_COLUMNS:
            v = r.get(col)
            if v is None and col != "er_tco2e":
                figures[col] = None
            elif not _finite(v):
                bad(f"{where}.{col}", "manifest.type", expected="a finite number", value=v)
                figures[col] = None
            else:
                figures[col] = float(v)
        if figures["er_tco2e"] is not None:
            rows.append(ExAnteRow(year, figures["baseline_tco2e"], figures["project_tco2e"],
                                  figures["leakage_tco2e"], figures["er_tco2e"]))
    return tuple(sorted(rows, key=lambda row: row.year))


def _num(x: float) -> str:
    return repr(float(x))


def expand(
    tc: Templated, monitored: set[str], period: int | None = None,
    label: str = "calculation.toml",
) -> tuple[list[Line], dict[str, Any]]:
    """The calculation lines (one per numeric parameter, then the template's lines and the
    result) and the definition the ex-ante recomputation needs (JSON-ready).

    ``monitored``: the parameters the monitoring table holds; ``period``: the number of the
    crediting period from the manifest (``[crediting].renewal + 1``), used unless
    ``[parameters]`` gives ``crediting_period``. Raises :class:`InputError` for a monitored
    parameter found neither in the monitoring table nor in ``[parameters]``.
    """
    t = tc.template
    problems: list[Problem] = []
    chosen: dict[str, str] = {p.name: str(tc.values.get(p.name, p.default))
                              for p in t.parameters if p.kind == "choice"
                              if tc.values.get(p.name, p.default) is not None}
    period_param = next((p for p in t.parameters if p.kind == "period"), None)
    number = 1
    if period_param is not None:
        given = tc.values.get(period_param.name)
        fallback = period if period in range(1, MAX_PERIODS + 1) else period_param.default
        number = int(given if given is not None else (fallback or 1))
    lines: list[Line] = []
    ex_params: list[list[Any]] = []
    for p in t.parameters:
        if not p.numeric:
            continue
        value = tc.values.get(p.name)
        if value is None:
            value = p.default_for(chosen.get(p.by or ""), number)
        if value is not None:
            ex_params.append([p.name, float(value), p.unit, p.annual])
        if p.kind == "monitored" and p.name in monitored:
            lines.append(Line(p.name, f"{p.aggregate}({p.name})", None, p.unit))
        elif value is not None:
            lines.append(Line(p.name, _num(float(value)), None, p.unit))
        else:
            problems.append(Problem("tmpl.missing", file=label, where=f"parameters.{p.name}",
                                    params={"name": p.name, "template": t.id,
                                            "description": p.description}))
    if problems:
        raise InputError(problems)
    for ln in t.lines:
        lines.append(Line(ln.name, ln.formula, tc.claims.get(ln.name), ln.unit))
    lines.append(Line("result", t.result.formula, tc.claims.get("result"), t.result.unit))
    definition = {
        "template": t.id,
        "version": t.version,
        "title": t.title,
        "source": t.source,
        "crediting_period": number if period_param is not None else None,
        "choices": chosen,
        "parameters": ex_params,
        "lines": [[ln.name, ln.formula, ln.unit] for ln in t.lines],
        "result": [t.result.formula, t.result.unit],
        "degradation": t.degradation,
    }
    return lines, definition


def store_templated(conn: Any, tc: Templated, manifest: Any) -> list[Line]:
    """Expand ``tc`` over the monitoring table just loaded, store the template's definition
    and the ex-ante table (migration 009), and return the calculation lines to insert."""
    import json

    monitored = {
        str(name).strip()
        for (name,) in conn.execute("SELECT DISTINCT parameter FROM monitoring")
        if name is not None
    }
    renewal = getattr(manifest, "crediting_renewal", None)
    period = int(renewal) + 1 if renewal is not None else None
    lines, definition = expand(tc, monitored, period)
    conn.execute(
        "INSERT INTO methodology(id, template, version, definition) VALUES (1, ?, ?, ?)",
        (definition["template"], definition["version"],
         json.dumps(definition, ensure_ascii=False, sort_keys=True)),
    )
    conn.executemany(
        "INSERT INTO ex_ante(year, baseline_tco2e, project_tco2e, leakage_tco2e, er_tco2e) "
        "VALUES (?,?,?,?,?)",
        [(r.year, r.baseline_tco2e, r.project_tco2e, r.leakage_tco2e, r.er_tco2e)
         for r in tc.ex_ante],
    )
    return lines
