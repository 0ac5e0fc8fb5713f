"""Risk assessments, sample plans and sample results in the engagement file.

Every write goes through :func:`desktop.records.change` (refused on a read-only or
signed engagement) and writes its audit row in the same transaction.
"""

from __future__ import annotations

import json
import math
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from desktop import records
from desktop.errors import MessageError, VeriDeskError
from desktop.identity import current_actor
from desktop.rules.planning import RiskEntry, SampleSummary
from desktop.store.audit import utc_now
from desktop.store.db import Engagement

from .risk import LEVELS, POPULATIONS, Assessment, combine
from .sampling import Evaluation, PlanError, draw, evaluate
from .settings import SamplingSettings, load_settings

MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class StoredPlan:
    id: int
    population: str
    plan: dict[str, Any]
    seed: int
    created_by: str
    created_at: str


@dataclass(frozen=True)
class SampleResult:
    plan_id: int
    row_no: int
    outcome: str  # agreed | error
    error_tco2e: float | None
    note: str | None
    author: str
    at: str


def _has_tables(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sample_plan'"
        ).fetchone()
        is not None
    )


def _population(value: str) -> str:
    v = str(value).strip().lower()
    if v not in POPULATIONS:
        raise MessageError("planning.bad_population", value=value, allowed=", ".join(POPULATIONS))
    return v


def _level(value: str, what: str) -> str:
    v = str(value).strip().lower()
    if v not in LEVELS:
        raise MessageError(
            "planning.bad_level", what=what, value=value, allowed=", ".join(reversed(LEVELS))
        )
    return v


# --- risk -------------------------------------------------------------------------------


def known_items(conn: sqlite3.Connection, population: str) -> list[str]:
    """The items a risk may be assessed for: source ids, parameters or evidence paths."""
    sql = {
        "inventory": "SELECT DISTINCT source_id FROM inventory WHERE source_id IS NOT NULL "
        "ORDER BY row_no",
        "monitoring": "SELECT DISTINCT trim(parameter) FROM monitoring "
        "WHERE parameter IS NOT NULL ORDER BY 1",
        "evidence": "SELECT path FROM evidence ORDER BY path",
    }[population]
    return [str(v) for (v,) in conn.execute(sql)]


def require_items(conn: sqlite3.Connection, population: str, items: list[str]) -> None:
    """Refuse (``planning.unknown_item``) the first of ``items`` the population lacks."""
    known = known_items(conn, population)
    unknown = [i for i in items if i not in known]
    if unknown:
        shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
        raise MessageError(
            "planning.unknown_item", value=unknown[0], population=population, known=shown
        )


def list_risks(conn: sqlite3.Connection) -> list[Assessment]:
    if not _has_tables(conn):
        return []
    return [
        Assessment(*row)
        for row in conn.execute(
            "SELECT population, item, inherent, control, reason, author, at "
            "FROM risk_assessment ORDER BY population, item"
        )
    ]


def significant(conn: sqlite3.Connection) -> tuple[str, list[str]]:
    """The engagement's risk population and its significant items (those the
    ``planning.risk`` check asks for), read in SQL: included sources at or above the
    settings' share of the included total, or every monitored parameter."""
    from desktop.rules.planning import population_of, significant_sources

    (kind,) = conn.execute("SELECT engagement_type FROM engagement").fetchone()
    pop = population_of(kind)
    if pop == "monitoring":
        names = conn.execute(
            "SELECT DISTINCT trim(parameter) FROM monitoring "
            "WHERE trim(coalesce(parameter, '')) != '' ORDER BY 1"
        ).fetchall()
        return pop, [str(n) for (n,) in names]
    try:
        share = load_settings().significant_share_pct
    except (OSError, VeriDeskError):
        share = 1.0
    rows = conn.execute(
        "SELECT source_id, tco2e FROM inventory WHERE included ORDER BY row_no"
    ).fetchall()
    ids, amounts = zip(*rows, strict=True) if rows else ((), ())
    return pop, significant_sources(ids, amounts, share) or []


def unassessed(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Significant items without a risk assessment, by population (empty when none)."""
    pop, items = significant(conn)
    done = {a.item for a in list_risks(conn) if a.population == pop}
    missing = [i for i in items if i not in done]
    return {pop: missing} if missing else {}


def set_risk(
    eng: Engagement,
    population: str,
    item: str,
    inherent: str,
    control: str,
    reason: str,
    *,
    actor: str | None = None,
) -> Assessment:
    """Record (or revise) the inherent and control risk of one item, with the reason."""
    actor = actor or current_actor()
    pop = _population(population)
    inh, ctl = _level(inherent, "inherent"), _level(control, "control")
    item = str(item).strip()
    why = (reason or "").strip()
    if not why:
        raise MessageError("planning.empty_reason")
    require_items(eng.conn, pop, [item])
    with records.change(eng) as conn:
        old = records.row_dict(
            conn,
            "SELECT inherent, control, reason, author, at FROM risk_assessment "
            "WHERE population = ? AND item = ?",
            (pop, item),
        )
        now = utc_now()
        conn.execute(
            "INSERT INTO risk_assessment(population, item, inherent, control, reason, author, at)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(population, item) DO UPDATE SET "
            "inherent = excluded.inherent, control = excluded.control, "
            "reason = excluded.reason, author = excluded.author, at = excluded.at",
            (pop, item, inh, ctl, why, actor, now),
        )
        new = {"inherent": inh, "control": ctl, "combined": combine(inh, ctl), "reason": why}
        records.log(
            conn, actor, "assess" if old is None else "revise", "risk", f"{pop}:{item}", old, new
        )
    return Assessment(pop, item, inh, ctl, why, actor, now)


# --- plans ------------------------------------------------------------------------------


def _plan(row: tuple) -> StoredPlan:
    pid, pop, text, seed, by, at = row
    return StoredPlan(pid, pop, json.loads(text), seed, by, at)


def list_plans(conn: sqlite3.Connection) -> list[StoredPlan]:
    if not _has_tables(conn):
        return []
    return [
        _plan(r)
        for r in conn.execute(
            "SELECT id, population, plan, seed, created_by, created_at FROM sample_plan ORDER BY id"
        )
    ]


def get_plan(conn: sqlite3.Connection, plan_id: int | None = None) -> StoredPlan:
    """One plan, or the latest when ``plan_id`` is ``None``."""
    plans = list_plans(conn)
    if not plans:
        raise MessageError("planning.no_plan")
    if plan_id is None:
        return plans[-1]
    for p in plans:
        if p.id == plan_id:
            return p
    raise MessageError(
        "planning.unknown_plan", id=plan_id, known=", ".join(str(p.id) for p in plans)
    )


def build_plan(
    conn: sqlite3.Connection,
    population: str,
    seed: int,
    settings: SamplingSettings | None = None,
) -> dict[str, Any]:
    """The plan for ``population`` drawn with ``seed`` (nothing is written)."""
    from desktop.engagement import load_context

    from . import populations

    st = settings or load_settings()
    pop_name = _population(population)
    ctx = load_context(conn)
    assessed = {a.item: a.combined for a in list_risks(conn) if a.population == pop_name}
    assurance = conn.execute("SELECT level_of_assurance FROM engagement").fetchone()[0]
    try:
        if pop_name == "inventory":
            pop = populations.inventory_population(ctx, assessed)
        elif pop_name == "monitoring":
            pop = populations.monitoring_population(ctx, assessed)
        else:
            files = list(conn.execute("SELECT id, path FROM evidence ORDER BY id"))
            pop = populations.evidence_population(files, assessed)
        return draw(pop, populations.basis(ctx, pop_name, assurance), st, seed)
    except PlanError as exc:
        raise MessageError(exc.key, **exc.params) from None


def draw_sample(
    eng: Engagement, population: str, seed: int | None = None, *, actor: str | None = None
) -> StoredPlan:
    """Draw and store a ``veridesk-sample/1`` plan (a random seed is chosen and recorded
    when none is given)."""
    actor = actor or current_actor()
    if seed is None:
        seed = secrets.randbelow(2**31)
    if not 0 <= int(seed) <= MAX_SEED:
        raise MessageError("planning.bad_seed", value=seed)
    records.ensure_writable(eng)
    plan = build_plan(eng.conn, population, int(seed))
    with records.change(eng) as conn:
        cur = conn.execute(
            "INSERT INTO sample_plan(population, plan, seed, created_by, created_at) "
            "VALUES (?,?,?,?,?)",
            (plan["population"], records.dumps(plan), int(seed), actor, utc_now()),
        )
        summary = {
            k: plan[k]
            for k in (
                "population",
                "method",
                "population_size",
                "performance_materiality_tco2e",
                "sample_size",
                "seed",
            )
        }
        summary["row_nos"] = plan["row_nos"]
        records.log(conn, actor, "draw", "sample_plan", str(cur.lastrowid), None, summary)
    return get_plan(eng.conn, cur.lastrowid)


# --- results ----------------------------------------------------------------------------


def list_results(conn: sqlite3.Connection, plan_id: int) -> list[SampleResult]:
    if not _has_tables(conn):
        return []
    return [
        SampleResult(*r)
        for r in conn.execute(
            "SELECT plan_id, row_no, outcome, error_tco2e, note, author, at FROM sample_result "
            "WHERE plan_id = ? ORDER BY row_no",
            (plan_id,),
        )
    ]


def record_result(
    eng: Engagement,
    plan_id: int,
    row_no: int,
    error_tco2e: float | None,
    note: str | None = None,
    *,
    actor: str | None = None,
) -> SampleResult:
    """The result of testing one selected row: agreed (``error_tco2e`` None or 0) or the
    error found (book − audited tCO2e, + overstated)."""
    actor = actor or current_actor()
    plan = get_plan(eng.conn, plan_id)
    if row_no not in plan.plan["row_nos"]:
        raise MessageError("planning.row_not_selected", row=row_no, id=plan_id)
    if error_tco2e is not None and not math.isfinite(error_tco2e):
        raise MessageError("value.not_finite", value=error_tco2e)
    err = None if not error_tco2e else float(error_tco2e)
    outcome = "agreed" if err is None else "error"
    text = (note or "").strip() or None
    with records.change(eng) as conn:
        old = records.row_dict(
            conn,
            "SELECT outcome, error_tco2e, note FROM sample_result WHERE plan_id = ? AND row_no = ?",
            (plan_id, row_no),
        )
        conn.execute(
            "INSERT INTO sample_result(plan_id, row_no, outcome, error_tco2e, note, author, at)"
            " VALUES (?,?,?,?,?,?,?) ON CONFLICT(plan_id, row_no) DO UPDATE SET "
            "outcome = excluded.outcome, error_tco2e = excluded.error_tco2e, "
            "note = excluded.note, author = excluded.author, at = excluded.at",
            (plan_id, row_no, outcome, err, text, actor, utc_now()),
        )
        records.log(
            conn,
            actor,
            "test",
            "sample_result",
            f"{plan_id}:{row_no}",
            old,
            {"outcome": outcome, "error_tco2e": err, "note": text},
        )
    return next(r for r in list_results(eng.conn, plan_id) if r.row_no == row_no)


def evaluation(conn: sqlite3.Connection, plan: StoredPlan) -> Evaluation:
    """The plan's results projected to its population."""
    found = {r.row_no: r.error_tco2e or 0.0 for r in list_results(conn, plan.id)}
    return evaluate(plan.plan, found)


# --- for the rules engine ---------------------------------------------------------------


def context_fields(conn: sqlite3.Connection) -> dict[str, Any]:
    """``CheckContext`` keyword arguments: risk assessments, plan summaries, settings."""
    if not _has_tables(conn):
        return {}
    risks = tuple(
        RiskEntry(a.population, a.item, a.inherent, a.control, a.combined) for a in list_risks(conn)
    )
    summaries = []
    for p in list_plans(conn):
        ev = evaluation(conn, p)
        summaries.append(
            SampleSummary(
                p.id,
                p.population,
                p.plan["unit"],
                p.plan["sample_size"],
                ev.selected,
                ev.tested,
                ev.errors,
                ev.projected_tco2e,
                ev.upper_limit_tco2e,
                ev.performance_materiality_tco2e,
            )
        )
    try:
        share = load_settings().significant_share_pct
    except (OSError, VeriDeskError):
        share = 1.0
    return {
        "risk_assessments": risks,
        "sample_plans": tuple(summaries),
        "significant_share_pct": share,
    }
