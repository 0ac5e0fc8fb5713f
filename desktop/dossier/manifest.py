"""``dossier.toml``: parse and validate the manifest of a ``veridesk-dossier/1``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.dossier.textfile import read_toml_text
from desktop.dossier.toml_errors import TomlSyntax
from desktop.errors import InputError, Problem
from desktop.rules.frequency import parse_frequency

FORMAT = "veridesk-dossier/1"
ENGAGEMENT_TYPES = ("validation", "verification", "carbon-neutrality")
ASSURANCE_LEVELS = ("reasonable", "limited")
DECLARATIONS = ("commitment", "achievement")
ATTESTATIONS = ("self", "second-party", "third-party")
SUBJECT_KINDS = (
    "organisation", "product", "service", "event", "building", "community", "town", "city",
)  # PAS 2060:2014 §5 (an event's credits are exempt from the 12-month retirement window)
CREDITING_TYPES = ("fixed", "renewable")
SECTORS = ("non-afolu", "afolu")  # afolu: agriculture, forestry and other land use
TABLE_NAMES = ("inventory", "monitoring", "credits", "investment", "meters")
MAX_NUMBER = 1e15  # tCO2e figures: finite, not negative, and below this
MIN_YEAR, MAX_YEAR = 1900, 2199

# section -> key -> (kind, required)
_SCHEMA: dict[str, dict[str, tuple[str, bool]]] = {
    "engagement": {
        "type": ("choice:engagement", True),
        "criteria": ("list", True),
        "programme": ("str", False),
        "level_of_assurance": ("choice:assurance", False),
        "materiality_pct": ("pct", False),
        "client": ("str", True),
        "intended_users": ("list", False),
    },
    "subject": {
        "id": ("str", True),
        "title": ("str", True),
        "title_zh": ("str", False),
        "boundary": ("str", False),
        "country": ("str", False),
        "methodology": ("str", False),
        "expected_annual_er_tco2e": ("number", False),
        "kind": ("choice:subject_kind", False),
    },
    "period": {"start": ("date", True), "end": ("date", True)},
    "claim": {
        "reported_emissions_tco2e": ("number", False),
        "reported_er_tco2e": ("number", False),
        "declaration": ("choice:declaration", False),
        "attestation": ("choice:attestation", False),
        "beneficiaries": ("list", False),
        "declaration_date": ("date", False),  # the declaration of achievement (PAS 2060)
        "vcmi_tier": ("str", False),  # the VCMI Claims Code tier claimed (claims.vcmi_tier)
    },
    "tables": {name: ("str", False) for name in TABLE_NAMES} | {"calculation": ("str", False)},
    # parameter → frequency of its readings (design §13), e.g. EG_saved = "hourly"
    "monitoring": {"frequency": ("frequency", False)},
    "investment": {  # a PDD's investment analysis (design §14)
        "benchmark_irr_pct": ("rate", False),
        "claimed_irr_pct": ("rate", False),
        "variation_pct": ("pct", False),  # the rules default to 10
        "benchmark_source": ("str", False),
        "currency": ("str", False),
    },
    "crediting": {  # the crediting period (validation and verification of projects)
        "start": ("date", False),
        "length_years": ("number", False),
        "type": ("choice:crediting", False),
        "renewal": ("number", False),  # renewals so far: 0 = the first crediting period
        "project_start": ("date", False),
        "sector": ("choice:sector", False),
    },
}
_CHOICES = {
    "engagement": ENGAGEMENT_TYPES,
    "assurance": ASSURANCE_LEVELS,
    "declaration": DECLARATIONS,
    "attestation": ATTESTATIONS,
    "subject_kind": SUBJECT_KINDS,
    "crediting": CREDITING_TYPES,
    "sector": SECTORS,
}
_KIND_NAMES = {
    "str": ("text", "文字"),
    "list": ("a list of text", "文字清單"),
    "number": ("a finite number between 0 and 10^15", "介於 0 與 10^15 之間的有限數字"),
    "pct": ("a percentage between 0 and 100", "0 到 100 之間的百分比"),
    "date": ("a date (YYYY-MM-DD, 1900–2199)", "日期（YYYY-MM-DD，1900–2199 年）"),
    "rate": ("a percentage between -100 and 1000", "介於 -100 與 1000 之間的百分比"),
    "frequency": (
        "hourly, daily, weekly, monthly, quarterly, yearly or an ISO 8601 duration (PT15M)",
        "hourly、daily、weekly、monthly、quarterly、yearly 或 ISO 8601 期間（如 PT15M）",
    ),
}


@dataclass(frozen=True)
class Manifest:
    """The validated manifest; attribute names follow ``dossier.toml``'s keys."""

    engagement_type: str
    criteria: tuple[str, ...]
    client: str
    subject_id: str
    title: str
    period_start: date
    period_end: date
    programme: str | None = None
    level_of_assurance: str | None = None
    materiality_pct: float | None = None
    intended_users: tuple[str, ...] = ()
    title_zh: str | None = None
    boundary: str | None = None
    country: str | None = None
    methodology: str | None = None
    expected_annual_er_tco2e: float | None = None
    reported_emissions_tco2e: float | None = None
    reported_er_tco2e: float | None = None
    declaration: str | None = None
    attestation: str | None = None
    beneficiaries: tuple[str, ...] = ()
    declaration_date: date | None = None
    subject_kind: str | None = None
    benchmark_irr_pct: float | None = None
    claimed_irr_pct: float | None = None
    variation_pct: float | None = None
    benchmark_source: str | None = None
    currency: str | None = None
    crediting_start: date | None = None
    crediting_length_years: float | None = None
    crediting_type: str | None = None
    crediting_renewal: float | None = None
    project_start: date | None = None
    crediting_sector: str | None = None
    tables: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


_FIELD_NAMES = {
    ("engagement", "type"): "engagement_type",
    ("subject", "id"): "subject_id",
    ("subject", "kind"): "subject_kind",
    ("period", "start"): "period_start",
    ("period", "end"): "period_end",
    ("crediting", "start"): "crediting_start",
    ("crediting", "length_years"): "crediting_length_years",
    ("crediting", "type"): "crediting_type",
    ("crediting", "renewal"): "crediting_renewal",
    ("crediting", "sector"): "crediting_sector",
}


def read_manifest(root: Path, label: str = "dossier.toml") -> Manifest:
    """Read ``root/dossier.toml``; raise :class:`InputError` listing every problem."""
    path = root / "dossier.toml"
    if path.is_symlink():
        raise InputError(
            Problem("dossier.link", file="dossier.toml", params={"path": "dossier.toml"})
        )
    if not path.is_file():
        raise InputError(Problem("manifest.missing", file=str(root)))
    try:
        text = read_toml_text(path)
    except UnicodeError as exc:
        raise InputError(Problem("manifest.encoding", file=label, params={"error": exc})) from exc
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise InputError(
            Problem("manifest.syntax", file=label, params={"error": TomlSyntax(exc)})
        ) from exc
    return parse_manifest(data, label)


def parse_manifest(data: dict[str, Any], label: str = "dossier.toml") -> Manifest:
    """Validate a parsed manifest (see design §4)."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(where: str, key: str, **params: object) -> None:
        problems.append(Problem(key, file=label, where=where, params=params))

    fmt = data.get("format")
    if fmt != FORMAT:
        bad("format", "manifest.format", value=fmt)
    for section in data:
        if section != "format" and section not in _SCHEMA:
            bad(section, "manifest.unknown")
    for section, keys in _SCHEMA.items():
        table = data.get(section, {})
        if not isinstance(table, dict):
            bad(section, "manifest.type", expected=_kind_name("table"), value=table)
            continue
        for key in table:
            if key not in keys:
                bad(f"{section}.{key}", "manifest.unknown")
        for key, (kind, required) in keys.items():
            where = f"{section}.{key}"
            if key not in table or table[key] in ("", None):
                if required:
                    bad(where, "manifest.required")
                continue
            ok, value = _coerce(kind, table[key])
            if not ok:
                if kind.startswith("choice:"):
                    allowed = ", ".join(_CHOICES[kind.split(":")[1]])
                    bad(where, "manifest.choice", allowed=allowed, value=table[key])
                else:
                    bad(where, "manifest.type", expected=_kind_name(kind), value=table[key])
                continue
            if section == "tables":
                values.setdefault("tables", {})[key] = value
            else:
                values[_FIELD_NAMES.get((section, key), key)] = value
    for key, freq in (values.pop("frequency", None) or {}).items():
        if parse_frequency(freq) is None:
            bad(f"monitoring.frequency.{key}", "manifest.type",
                expected=_kind_name("frequency"), value=freq)
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        bad("period", "manifest.period", start=start, end=end)
    _check_crediting(data.get("crediting"), values, bad)
    if problems:
        raise InputError(problems)
    return Manifest(**values, raw=data)


def _check_crediting(section: Any, values: dict[str, Any], bad: Any) -> None:
    """``[crediting]``: start and whole-year length together; renewal a whole number, 0 for
    a fixed period."""
    if not isinstance(section, dict) or not section:
        return
    for key in ("start", "length_years"):
        if key not in section:
            bad(f"crediting.{key}", "manifest.required")
    for key, field_name, low in (("length_years", "crediting_length_years", 1),
                                 ("renewal", "crediting_renewal", 0)):
        v = values.get(field_name)
        if v is not None and (v != int(v) or v < low or v > 200):
            bad(f"crediting.{key}", "manifest.type", expected=f"a whole number ≥ {low}",
                value=section.get(key))
    renewal = values.get("crediting_renewal")
    if values.get("crediting_type") == "fixed" and renewal:
        bad("crediting.renewal", "crediting.fixed_renewal", renewal=section.get("renewal"))


def _kind_name(kind: str) -> str:
    from desktop.i18n import current_language

    en, zh = _KIND_NAMES.get(kind, (kind, kind))
    return zh if current_language() == "zh-TW" else en


def _coerce(kind: str, value: Any) -> tuple[bool, Any]:
    if kind == "str":
        return (True, value.strip()) if isinstance(value, str) else (False, None)
    if kind == "list":
        if isinstance(value, str):
            return True, (value.strip(),)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True, tuple(v.strip() for v in value)
        return False, None
    if kind == "frequency":  # a table: each value is checked by parse_manifest
        return (True, value) if isinstance(value, dict) else (False, None)
    if kind == "rate":  # an IRR or a benchmark rate, in percent: may be negative
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False, None
        return (True, float(value)) if -100 < value <= 1000 else (False, None)
    if kind in ("number", "pct"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False, None
        # NaN fails every comparison, so it is refused here with infinity and the absurd.
        if not 0 <= value <= MAX_NUMBER:
            return False, None
        if kind == "pct" and not 0 < value <= 100:
            return False, None
        return True, float(value)
    if kind == "date":
        if isinstance(value, date):
            day = value if type(value) is date else value.date()
        elif isinstance(value, str):
            try:
                day = date.fromisoformat(value.strip())
            except ValueError:
                return False, None
        else:
            return False, None
        return (True, day) if MIN_YEAR <= day.year <= MAX_YEAR else (False, None)
    if kind.startswith("choice:"):
        allowed = _CHOICES[kind.split(":")[1]]
        v = value.strip().lower() if isinstance(value, str) else value
        return (True, v) if v in allowed else (False, None)
    raise AssertionError(kind)
