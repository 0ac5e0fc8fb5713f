"""Evidence planning (design §13): ``planning.risk`` and ``planning.sample``.

The engagement file's risk assessments and sample plans reach the checks as plain
summaries on :class:`CheckContext` (``desktop.planning.store`` builds them); a context
built by hand without them gets ``n/a``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .context import CheckContext
from .prepared import Prepared, prepare
from .result import CheckResult, fmt_t, list_rows, not_applicable, type_gate, worst

APPLIES_TO = ("verification", "carbon-neutrality")
SIGNIFICANT_SHARE_PCT = 1.0
"""Default share of the included total from which an inventory source is significant (the
PAS 2060 1 % line for scope 3 sources; ``resources/planning.toml`` may change it)."""


@dataclass(frozen=True)
class RiskEntry:
    """One stored risk assessment: its population, item and combined risk."""

    population: str
    item: str
    inherent: str
    control: str
    combined: str


@dataclass(frozen=True)
class SampleSummary:
    """A stored sample plan and the projection of its results (tCO2e, + overstated)."""

    plan_id: int
    population: str
    unit: str
    sample_size: int
    selected: int
    tested: int
    errors: int
    projected_tco2e: float
    upper_limit_tco2e: float | None
    performance_materiality_tco2e: float


def population_of(engagement_type: str) -> str:
    """The population a risk assessment is about: sources or monitored parameters."""
    return "inventory" if engagement_type == "carbon-neutrality" else "monitoring"


def significant_sources(
    source_ids: Sequence[object], tco2e: Sequence[object], share_pct: float
) -> list[str] | None:
    """The included sources (given as parallel columns) at or above ``share_pct`` of their
    total; ``None`` when that total is not positive."""
    t = pd.to_numeric(pd.Series(list(tco2e), dtype=object), errors="coerce").abs()
    total = float(t.sum())
    if not total > 0:
        return None
    ids = pd.Series(list(source_ids), dtype=object)
    big = ids[(t >= total * share_pct / 100.0 - 1e-12).to_numpy()]
    return list(dict.fromkeys(str(x) for x in big if pd.notna(x)))


def significant_items(ctx: CheckContext, share_pct: float) -> dict[str, list[str]]:
    """Items that need a risk assessment: included inventory sources at or above
    ``share_pct`` of the included total; every monitored parameter."""
    out: dict[str, list[str]] = {}
    inv = ctx.inventory
    if inv is not None and len(inv):
        inc = inv[inv["included"].astype(bool)]
        big = significant_sources(inc["source_id"], inc["tco2e"], share_pct)
        if big is not None:
            out["inventory"] = big
    mon = ctx.monitoring
    if mon is not None and len(mon):
        if hasattr(mon, "parameter_names"):  # MonitoringData: one name per series, no row scan
            names = {str(n).strip() for n in mon.parameter_names() if n is not None}
        else:
            names = set(mon["parameter"].dropna().astype(str).str.strip())
        out["monitoring"] = sorted(names - {""})
    return out


def check_planning_risk(ctx: CheckContext | Prepared) -> CheckResult:
    """``planning.risk``: every significant source (carbon-neutrality) or monitored
    parameter (verification) has a risk assessment (inherent and control risk).

    Clause: ISO 14064-3:2019 §6.1.2 (risk assessment). pass when all are assessed; warn
    naming the ones missing; n/a (the item stays open) when none is, or no planning
    record was loaded. Not part of a validation.
    """
    code = "planning.risk"
    c = prepare(ctx).ctx
    gate = type_gate(code, c.engagement_type, APPLIES_TO)
    if gate is not None:
        return gate
    if c.risk_assessments is None:
        return not_applicable(code, "No planning record.", "無規劃紀錄。")
    pop = population_of(c.engagement_type)
    what, what_zh = ("source", "排放源") if pop == "inventory" else ("parameter", "參數")
    needed = significant_items(c, c.significant_share_pct).get(pop, [])
    if not needed:
        return not_applicable(
            code, f"No significant {what} to assess.", f"無須評估之重要{what_zh}。"
        )
    assessed = {r.item: r for r in c.risk_assessments if r.population == pop}
    missing = [i for i in needed if i not in assessed]
    high = [i for i in needed if i in assessed and assessed[i].combined == "high"]
    figures = {
        "significant": len(needed),
        "assessed": len(needed) - len(missing),
        "missing": len(missing),
        "high_risk": len(high),
        "population": pop,
    }
    if len(missing) == len(needed):
        return CheckResult(
            code,
            "n/a",
            figures,
            f"No risk assessment yet for the {len(needed)} significant {what}(s).",
            missing,
            f"{len(needed)} 個重要{what_zh}尚未進行風險評估。",
        )
    if missing:
        return CheckResult(
            code,
            "warn",
            figures,
            f"{len(missing)} of {len(needed)} significant {what}(s) have no risk assessment: "
            f"{list_rows(missing)}.",
            missing,
            f"{len(needed)} 個重要{what_zh}中有 {len(missing)} 個尚未評估風險："
            f"{list_rows(missing)}。",
        )
    tail = f" High risk (tested in full or with more evidence): {list_rows(high)}." if high else ""
    tail_zh = f"高風險（全數測試或加強證據）：{list_rows(high)}。" if high else ""
    return CheckResult(
        code,
        "pass",
        figures,
        f"All {len(needed)} significant {what}(s) have a risk assessment.{tail}",
        high,
        f"{len(needed)} 個重要{what_zh}均已評估風險。{tail_zh}",
    )


def _plan_status(s: SampleSummary) -> tuple[str, str, str]:
    pm = s.performance_materiality_tco2e
    if s.tested < s.selected:
        left = s.selected - s.tested
        return (
            "warn",
            f"sample:{s.plan_id} has {left} of {s.selected} item(s) without a result",
            f"sample:{s.plan_id} 尚有 {left}／{s.selected} 個項目未記錄結果",
        )
    if abs(s.projected_tco2e) > pm:
        return (
            "fail",
            f"sample:{s.plan_id} projects {fmt_t(round(s.projected_tco2e, 2))} t, "
            f"above the performance materiality {fmt_t(round(pm, 2))} t",
            f"sample:{s.plan_id} 推估不實陳述 {fmt_t(round(s.projected_tco2e, 2))} 公噸，"
            f"超過執行重大性 {fmt_t(round(pm, 2))} 公噸",
        )
    if s.upper_limit_tco2e is not None and s.upper_limit_tco2e > pm:
        return (
            "warn",
            f"sample:{s.plan_id}'s upper misstatement limit "
            f"{fmt_t(round(s.upper_limit_tco2e, 2))} t exceeds the performance materiality "
            f"{fmt_t(round(pm, 2))} t: extend the sample or test more",
            f"sample:{s.plan_id} 不實陳述上限 {fmt_t(round(s.upper_limit_tco2e, 2))} 公噸"
            f"超過執行重大性 {fmt_t(round(pm, 2))} 公噸：應擴大樣本或追加測試",
        )
    return (
        "pass",
        f"sample:{s.plan_id} projects {fmt_t(round(s.projected_tco2e, 2))} t, "
        f"within the performance materiality {fmt_t(round(pm, 2))} t",
        f"sample:{s.plan_id} 推估不實陳述 {fmt_t(round(s.projected_tco2e, 2))} 公噸，"
        f"在執行重大性 {fmt_t(round(pm, 2))} 公噸以內",
    )


def check_planning_sample(ctx: CheckContext | Prepared) -> CheckResult:
    """``planning.sample``: a sampling plan is drawn and its results are projected.

    Clause: ISO 14064-3:2019 evidence-gathering and sampling plan (clause number
    UNCONFIRMED). Per plan: warn while selected items lack a result or the upper
    misstatement limit exceeds the performance materiality; fail when the projected
    misstatement exceeds it; figures are those of the latest plan. n/a without a plan.
    """
    code = "planning.sample"
    c = prepare(ctx).ctx
    gate = type_gate(code, c.engagement_type, APPLIES_TO)
    if gate is not None:
        return gate
    if not c.sample_plans:
        return not_applicable(code, "No sampling plan has been drawn.", "尚未抽樣。")
    judged = [(s, *_plan_status(s)) for s in c.sample_plans]
    status = worst(*(j[1] for j in judged))
    last = c.sample_plans[-1]
    figures = {
        "plans": len(c.sample_plans),
        "plan_id": last.plan_id,
        "population": last.population,
        "sample_size": last.sample_size,
        "selected": last.selected,
        "tested": last.tested,
        "errors": last.errors,
        "projected_tco2e": last.projected_tco2e,
        "upper_limit_tco2e": last.upper_limit_tco2e,
        "performance_materiality_tco2e": last.performance_materiality_tco2e,
    }
    rows = [f"sample:{s.plan_id}" for s, st, _e, _z in judged if st != "pass"]
    en = "; ".join(e for _s, _st, e, _z in judged)
    zh = "；".join(z for _s, _st, _e, z in judged)
    return CheckResult(code, status, figures, f"{en}.", rows, f"{zh}。")
