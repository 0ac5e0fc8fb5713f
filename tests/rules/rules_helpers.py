"""Helpers for the rules tests: sample dossiers as CheckContexts, small frames.

The real importer lives in ``desktop.dossier``; these helpers read the example files
with pandas/tomllib into the same column layout so the rules are tested on their own.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pandas as pd

from desktop.dossier.templated import expand, parse_templated
from desktop.rules import CalcLine, Calculation, CheckContext
from desktop.rules.project_data import Crediting, ExAnteYear, Methodology

# The sample dossiers kept with the tests (tests/data/dossiers).
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "dossiers"

_YES = {"yes": True, "no": False, "true": True, "false": False, "y": True, "n": False}


def _read(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / f"{name}.csv"
    if not path.exists():
        return None
    frame = pd.read_csv(path, dtype={"serial": str, "vintage": str, "retired_on": str})
    frame.insert(0, "row_no", range(2, len(frame) + 2))  # spreadsheet rows: header is 1
    if "included" in frame:
        frame["included"] = frame["included"].astype(str).str.strip().str.lower().map(_YES)
        frame["included"] = frame["included"].astype(bool)
    frame = frame.astype(object).where(frame.notna(), None)
    for col in ("activity", "ef", "tco2e", "value", "quantity"):
        if col in frame:
            frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    return frame


def _calculation(folder: Path) -> Calculation | None:
    path = folder / "calculation.toml"
    if not path.exists():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if "template" in data:  # a methodology template: the engine supplies the formulas
        tc = parse_templated(data)
        monitoring = _read(folder, "monitoring")
        names = set() if monitoring is None else set(monitoring["parameter"].astype(str))
        expanded, _definition = expand(tc, names)
        calc = [CalcLine(ln.name, ln.formula, ln.claimed, ln.unit) for ln in expanded]
        return Calculation(tuple(calc[:-1]), calc[-1])
    lines = tuple(
        CalcLine(d["name"], d["formula"], d.get("claimed"), d.get("unit"))
        for d in data.get("line", [])
    )
    res = data.get("result")
    result = None if res is None else CalcLine("result", res["formula"], res.get("claimed"))
    return Calculation(lines, result)


def _project_design(folder: Path, manifest: dict) -> dict:
    """``methodology`` and ``crediting`` for the context, as the engine loads them."""
    out: dict = {}
    path = folder / "calculation.toml"
    if path.exists():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if "template" in data:
            tc = parse_templated(data)
            _lines, definition = expand(tc, set())
            years = tuple(ExAnteYear(r.year, r.er_tco2e, r.baseline_tco2e, r.project_tco2e,
                                     r.leakage_tco2e) for r in tc.ex_ante)
            out["methodology"] = Methodology(tc.template.id, tc.template.version,
                                             definition, years)
    c = manifest.get("crediting")
    if c:
        out["crediting"] = Crediting(c["start"], int(c["length_years"]), c.get("type"),
                                     int(c.get("renewal", 0)), c.get("project_start"),
                                     c.get("sector", "non-afolu"))
    return out


def load_example(name: str) -> CheckContext:
    """A CheckContext for one of the sample dossiers in tests/data/dossiers."""
    folder = EXAMPLES / name
    manifest = tomllib.loads((folder / "dossier.toml").read_text(encoding="utf-8"))
    eng, subject = manifest["engagement"], manifest.get("subject", {})
    period, claim = manifest.get("period", {}), manifest.get("claim", {})
    return CheckContext(
        engagement_type=eng["type"],
        programme=eng.get("programme"),
        materiality_pct=eng.get("materiality_pct"),
        client=eng.get("client"),
        beneficiaries=tuple(claim.get("beneficiaries", ())),
        period_start=period.get("start"),
        period_end=period.get("end"),
        reported_emissions_tco2e=claim.get("reported_emissions_tco2e"),
        reported_er_tco2e=claim.get("reported_er_tco2e"),
        expected_annual_er_tco2e=subject.get("expected_annual_er_tco2e"),
        inventory=_read(folder, "inventory"),
        monitoring=_read(folder, "monitoring"),
        calculation=_calculation(folder),
        credits=_read(folder, "credits"),
        **_project_design(folder, manifest),
    )


CLIENT = "Example Steel Corporation"

_INV_COLUMNS = [
    "row_no",
    "source_id",
    "scope",
    "category",
    "description",
    "activity",
    "activity_unit",
    "ef",
    "ef_unit",
    "tco2e",
    "included",
    "exclusion_reason",
    "evidence",
]
_CREDIT_DEFAULTS: dict[str, object] = {
    "registry": "TW-MOENV",
    "quantity": 222.0,
    "vintage": "2022",
    "project_id": "A0000070",
    "credit_type": "reduction",
    "retired_on": "2025-03-14",
    "beneficiary": CLIENT,
    "purpose": "carbon-neutral product",
    "ccp_label": "no",
    "corsia_eligible": "no",
    "corresponding_adjustment": "no",
    "methodology": None,
    "country": "TW",
    "certifications": None,
}


def source(
    source_id: str,
    tco2e: float | None,
    *,
    scope: int | None = 1,
    included: bool = True,
    reason: str | None = None,
    activity: float | None = None,
    ef: float | None = None,
    category: str = "category",
) -> dict[str, object]:
    """One inventory row (the importer's column layout)."""
    return {
        "source_id": source_id,
        "scope": scope,
        "category": category,
        "description": "description",
        "activity": activity,
        "activity_unit": "GJ" if activity is not None else None,
        "ef": ef,
        "ef_unit": "tCO2e/GJ" if ef is not None else None,
        "tco2e": tco2e,
        "included": included,
        "exclusion_reason": reason,
        "evidence": None,
    }


def inventory_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[c for c in _INV_COLUMNS if c != "row_no"])
    frame.insert(0, "row_no", range(2, len(rows) + 2))
    for col in ("activity", "ef", "tco2e"):
        frame[col] = frame[col].astype(float)
    frame["included"] = frame["included"].astype(bool)
    return frame


def credit(serial: str | None, **fields: object) -> dict[str, object]:
    """One credits row; fields override the defaults (a valid TW block of 222)."""
    return {"serial": serial, **_CREDIT_DEFAULTS, **fields}


def credits_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.insert(0, "row_no", range(2, len(rows) + 2))
    frame["quantity"] = frame["quantity"].astype(float)
    return frame


def neutral_ctx(**fields: object) -> CheckContext:
    """A carbon-neutrality context for calendar 2024; fields override."""
    base: dict[str, object] = {
        "engagement_type": "carbon-neutrality",
        "client": CLIENT,
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
    }
    base.update(fields)
    return CheckContext(**base)  # type: ignore[arg-type]
