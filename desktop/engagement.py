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
from desktop.scratch import scratch_dir
from desktop.store.db import SUFFIX, Engagement, open_file
from desktop.subject import Subject, subject

_COLUMNS = {
    "inventory": "row_no, source_id, scope, category, description, activity, activity_unit, "
    "ef, ef_unit, tco2e, included, exclusion_reason, evidence",
    "monitoring": "row_no, parameter, period, value, unit, meter_id, evidence",
    "credits": "row_no, registry, serial, quantity, vintage, project_id, credit_type, "
    "retired_on, beneficiary, purpose, ccp_label, corsia_eligible, corresponding_adjustment, "
    "methodology, country, certifications",
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


def _frame(conn: sqlite3.Connection, table: str) -> pd.DataFrame:
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
        criteria=tuple(json.loads(e[10] or "[]")),
        **_manifest_extras(conn),
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
