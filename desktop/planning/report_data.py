"""The report's planning section from the engagement file (risks, plans, results)."""

from __future__ import annotations

import sqlite3

from desktop.report.planning_doc import PlanningReport, PlanSummary, RiskRow, SampleRow

from . import store


def planning_report(conn: sqlite3.Connection, lang: str) -> PlanningReport | None:
    """The section's data, or ``None`` when nothing was assessed or sampled."""
    risks = tuple(
        RiskRow(a.population, a.item, a.inherent, a.control, a.combined, a.reason, a.author)
        for a in store.list_risks(conn)
    )
    plans = []
    for p in store.list_plans(conn):
        pl = p.plan
        ev = store.evaluation(conn, p)
        results = {r.row_no: r for r in store.list_results(conn, p.id)}
        items = [(d, True) for d in pl["key_items"]] + [(d, False) for d in pl["sampled"]]
        rows = []
        for d, key in sorted(items, key=lambda t: t[0]["row_no"]):
            r = results.get(d["row_no"])
            rows.append(
                SampleRow(
                    d["row_no"],
                    d["label"],
                    d["amount"],
                    key,
                    None if r is None else r.outcome,
                    None if r is None else r.error_tco2e,
                    "" if r is None else (r.note or ""),
                )
            )
        zh = lang.lower().startswith("zh")
        plans.append(
            PlanSummary(
                p.id,
                p.population,
                pl["method"],
                pl["unit"],
                p.seed,
                pl["population_size"],
                pl["population_tco2e"],
                pl["materiality_tco2e"],
                pl["performance_materiality_tco2e"],
                len(pl["key_items"]),
                pl["sample_size"],
                ev.selected,
                ev.tested,
                ev.errors,
                ev.projected_tco2e,
                ev.upper_limit_tco2e,
                p.created_by,
                (pl.get("note_zh") if zh else pl.get("note")) or "",
                tuple(rows),
            )
        )
    report = PlanningReport(risks, tuple(plans))
    return None if report.empty else report
