"""The engine's facade: open engagement files and dossiers, and run the checks on them.

The CLI and the GUI call these functions; neither reaches into the store or the rules
directly for this work.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd

from desktop.dossier.importer import import_dossier
from desktop.errors import Problem
from desktop.identity import current_actor
from desktop.rules import CalcLine, Calculation, CheckContext, CheckResult, run_checks
from desktop.rules.context import InvestmentTerms
from desktop.rules.monitoring_data import MonitoringData
from desktop.scratch import scratch_dir
from desktop.store.db import SUFFIX, Engagement, open_file
from desktop.store.monitoring import read_monitoring
from desktop.subject import Subject, subject

_COLUMNS = {
    "inventory": "row_no, source_id, scope, category, description, activity, activity_unit, "
    "ef, ef_unit, tco2e, included, exclusion_reason, evidence",
    "monitoring": "row_no, parameter, period, value, unit, meter_id, evidence",
    "credits": "row_no, registry, serial, quantity, vintage, project_id, credit_type, "
    "retired_on, beneficiary, purpose, ccp_label, corsia_eligible, corresponding_adjustment, "
    "methodology, country, certifications",
    "investment": "row_no, year, capex, revenue, opex, other, cash_flow",
}


def is_engagement_path(path: str | Path) -> bool:
    p = Path(path)
    return p.suffix.lower() == SUFFIX or (p.is_file() and _has_sqlite_header(p))


def _has_sqlite_header(p: Path) -> bool:
    with open(p, "rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


@contextlib.contextmanager
def open_any(path: str | Path, *, integrity: bool = False) -> Iterator[Engagement]:
    """An engagement file opened read-only, or a dossier imported into a temporary one."""
    if is_engagement_path(path):
        with open_file(path, integrity=integrity) as eng:
            yield eng
        return
    with scratch_dir("check") as tmp:
        out = tmp / "check.veridesk"
        import_dossier(path, out, actor=current_actor())
        with open_file(out) as eng:
            yield eng


def _supplied_tables(conn: sqlite3.Connection) -> set[str]:
    """The tables the dossier supplied (a role ``table:inventory;credits`` supplies two)."""
    return {
        name
        for (role,) in conn.execute("SELECT role FROM source_files WHERE role LIKE 'table:%'")
        for name in role.split(":", 1)[1].split(";")
    }


def _frame(conn: sqlite3.Connection, table: str) -> pd.DataFrame | MonitoringData:
    if table == "monitoring":  # a million rows: compact arrays, not a frame of objects
        return read_monitoring(conn)
    df = pd.read_sql_query(f"SELECT {_COLUMNS[table]} FROM {table} ORDER BY row_no", conn)
    if table == "inventory":
        df["included"] = df["included"].astype(bool)
    return df


def load_context(conn: sqlite3.Connection) -> CheckContext:
    """Build the rules engine's input from an engagement file."""
    e = conn.execute(
        "SELECT engagement_type, programme, materiality_pct, client, beneficiaries, "
        "period_start, period_end, reported_emissions_tco2e, reported_er_tco2e, "
        "expected_annual_er_tco2e, criteria FROM engagement"
    ).fetchone()
    supplied = _supplied_tables(conn)
    frames = {t: _frame(conn, t) if t in supplied else None for t in _COLUMNS}
    recorded = recorded_misstatements(conn)
    lines = [
        CalcLine(name, formula, claimed, unit)
        for name, formula, claimed, unit in conn.execute(
            "SELECT name, formula, claimed, unit FROM calculation ORDER BY seq"
        )
    ]
    calculation = None
    if lines:
        result = next((ln for ln in lines if ln.name == "result"), None)
        calculation = Calculation(tuple(ln for ln in lines if ln.name != "result"), result)
    return CheckContext(
        engagement_type=e[0],
        programme=e[1],
        materiality_pct=e[2],
        client=e[3],
        beneficiaries=tuple(json.loads(e[4] or "[]")),
        period_start=date.fromisoformat(e[5]) if e[5] else None,
        period_end=date.fromisoformat(e[6]) if e[6] else None,
        reported_emissions_tco2e=e[7],
        reported_er_tco2e=e[8],
        expected_annual_er_tco2e=e[9],
        inventory=frames["inventory"],
        monitoring=frames["monitoring"],
        calculation=calculation,
        credits=frames["credits"],
        investment=frames["investment"],
        investment_terms=_investment_terms(conn),
        criteria=tuple(json.loads(e[10] or "[]")),
        **_manifest_extras(conn),
        **_monitoring_fields(conn, supplied),
        **_registry_fields(conn, frames["credits"]),
        **_project_design(conn),
        **_planning_fields(conn),
        recorded_misstatements_tco2e=tuple(a for a, _s in recorded),
        recorded_misstatement_sources=tuple(src for _a, src in recorded),
    )


def _manifest_extras(conn: sqlite3.Connection) -> dict[str, object]:
    """``claim.declaration_date`` and ``subject.kind`` from the stored manifest (validated at
    import; they have no column of their own): ``CheckContext`` keyword arguments."""
    row = conn.execute("SELECT manifest FROM engagement").fetchone()
    try:
        raw = json.loads(row[0] or "{}") if row else {}
        claim, subj = raw.get("claim") or {}, raw.get("subject") or {}
        day = claim.get("declaration_date")
        kind = subj.get("kind")
        return {
            # stored as str(date) or str(datetime): the first 10 characters are the date
            "declaration_date": date.fromisoformat(str(day).strip()[:10]) if day else None,
            "subject_kind": kind.strip().lower() if isinstance(kind, str) and kind else None,
        }
    except (ValueError, TypeError, AttributeError):
        return {}


def _monitoring_fields(conn: sqlite3.Connection, supplied: set[str]) -> dict[str, object]:
    """``meters.csv`` and the manifest's ``[monitoring.frequency]`` (validated at import)."""
    out: dict[str, object] = {}
    if "meters" in supplied:
        out["meters"] = pd.read_sql_query(
            "SELECT row_no, meter_id, serial, calibrated_on, valid_until, accuracy_pct, "
            "capacity FROM meters ORDER BY row_no", conn)
    row = conn.execute("SELECT manifest FROM engagement").fetchone()
    try:
        section = ((json.loads(row[0] or "{}") if row else {}).get("monitoring") or {})
        freq = section.get("frequency") or {}
        out["monitoring_frequency"] = tuple(
            (str(k), str(v)) for k, v in freq.items() if isinstance(v, str))
    except (ValueError, TypeError, AttributeError):
        pass
    return out


def _registry_fields(conn: sqlite3.Connection, credits: pd.DataFrame | None
                     ) -> dict[str, object]:
    """The registry records the claimed blocks touch, looked up in SQL (never the exports
    read again), and ``claim.vcmi_tier`` (design §12)."""
    from desktop.registry.lookup import context_fields

    row = conn.execute("SELECT manifest FROM engagement").fetchone()
    try:
        tier = ((json.loads(row[0] or "{}") if row else {}).get("claim") or {}).get("vcmi_tier")
    except (ValueError, TypeError, AttributeError):
        tier = None
    return {**context_fields(conn, credits),
            "vcmi_tier": tier.strip() or None if isinstance(tier, str) else None}


def _investment_terms(conn: sqlite3.Connection) -> InvestmentTerms | None:
    """The manifest's ``[investment]`` (validated at import), or ``None`` without one."""
    row = conn.execute("SELECT manifest FROM engagement").fetchone()
    try:
        section = (json.loads(row[0] or "{}") if row else {}).get("investment")
    except (ValueError, TypeError, AttributeError):
        return None
    if not isinstance(section, dict):
        return None

    def num(key: str) -> float | None:
        v = section.get(key)
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

    def text(key: str) -> str | None:
        v = section.get(key)
        return v.strip() or None if isinstance(v, str) else None

    return InvestmentTerms(
        benchmark_irr_pct=num("benchmark_irr_pct"),
        claimed_irr_pct=num("claimed_irr_pct"),
        variation_pct=num("variation_pct") or 10.0,
        benchmark_source=text("benchmark_source"),
        currency=text("currency"),
    )



def _planning_fields(conn: sqlite3.Connection) -> dict[str, object]:
    """Risk assessments and sample plans (design §13) as ``CheckContext`` arguments."""
    from desktop.planning.store import context_fields

    return context_fields(conn)


def _project_design(conn: sqlite3.Connection) -> dict[str, object]:
    """The methodology template with the ex-ante table (migration 009) and the manifest's
    ``[crediting]``: ``CheckContext`` keyword arguments (absent ones are left out)."""
    from desktop.rules.project_data import Crediting, ExAnteYear, Methodology

    out: dict[str, object] = {}
    has = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
        "('methodology', 'ex_ante')")}
    if has == {"methodology", "ex_ante"}:
        row = conn.execute("SELECT template, version, definition FROM methodology").fetchone()
        if row is not None:
            years = tuple(
                ExAnteYear(y, er, be, pe, le)
                for y, be, pe, le, er in conn.execute(
                    "SELECT year, baseline_tco2e, project_tco2e, leakage_tco2e, er_tco2e "
                    "FROM ex_ante ORDER BY year")
            )
            out["methodology"] = Methodology(row[0], row[1], json.loads(row[2]), years)
    row = conn.execute("SELECT manifest FROM engagement").fetchone()
    try:
        section = (json.loads(row[0] or "{}") if row else {}).get("crediting")
        if isinstance(section, dict) and section.get("start") and section.get("length_years"):
            day = date.fromisoformat(str(section["start"]).strip()[:10])
            first = section.get("project_start")
            out["crediting"] = Crediting(
                day, int(section["length_years"]),
                str(section["type"]).strip().lower() if section.get("type") else None,
                int(section.get("renewal") or 0),
                date.fromisoformat(str(first).strip()[:10]) if first else None,
                str(section.get("sector") or "non-afolu").strip().lower(),
            )
    except (ValueError, TypeError, AttributeError):
        pass
    return out


def recorded_misstatements(conn: sqlite3.Connection) -> tuple[tuple[float, str | None], ...]:
    """(amount, source) of each misstatement the verifier recorded."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'misstatement'"
    ).fetchone()
    if not exists:
        return ()
    # a misstatement the client corrected is reported, not counted
    return tuple(conn.execute("SELECT amount_tco2e, source FROM misstatement "
                              "WHERE corrected_at IS NULL ORDER BY id"))


def run_engagement_checks(conn: sqlite3.Connection) -> list[CheckResult]:
    """Every computed check on an open engagement (recorded misstatements included)."""
    return run_checks(load_context(conn))


def check_with_warnings(
    path: str | Path, *, integrity: bool = False
) -> tuple[Subject, list[CheckResult], list[Problem]]:
    """:func:`check`, and the warnings of the dossier's import (unknown columns …)."""
    from desktop.dossier.importer import import_warnings

    with open_any(path, integrity=integrity) as eng:
        return subject(eng.conn), run_engagement_checks(eng.conn), import_warnings(eng.conn)


def check(path: str | Path, *, integrity: bool = False) -> tuple[Subject, list[CheckResult]]:
    """Run every check on a dossier (folder or zip) or an engagement file (``integrity``:
    refuse a file that fails SQLite's page check)."""
    with open_any(path, integrity=integrity) as eng:
        return subject(eng.conn), run_engagement_checks(eng.conn)
