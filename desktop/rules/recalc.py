"""Recalculating the claimed emission reductions: ``recalc.result``."""

from __future__ import annotations

from dataclasses import dataclass

from .context import PROJECTS, CheckContext
from .formula import TCO2E, CalculationOutcome, FormulaError, LineValue, evaluate_calculation
from .prepared import Prepared, prepare
from .result import (
    TOLERANCE_PCT,
    CheckResult,
    classify_difference,
    fmt_pct,
    fmt_rule,
    fmt_t,
    list_rows,
    not_applicable,
    type_gate,
    worst,
)


@dataclass(frozen=True)
class Recalculation:
    """The recomputed calculation against the ER claimed."""

    outcome: CalculationOutcome
    claimed: float | None  # claim.reported_er_tco2e, else the result line's claimed value
    recomputed: float
    claim_conflict: bool  # the manifest's claim and the result line's claimed value differ

    @property
    def difference(self) -> float | None:
        """claimed − recomputed (positive: the claim overstates the reductions)."""
        return None if self.claimed is None else self.claimed - self.recomputed

    @property
    def difference_pct(self) -> float | None:
        d = self.difference
        return None if d is None or not self.claimed else d / self.claimed * 100


def recalculate(ctx: CheckContext) -> Recalculation | None:
    """Recompute ``ctx.calculation`` over the monitoring table; ``None`` without a
    calculation or a result line. Raises :class:`FormulaError`."""
    calc = ctx.calculation
    if calc is None or calc.result is None:
        return None
    outcome = evaluate_calculation(calc, ctx.monitoring)
    res = outcome.result
    assert res is not None
    problem = result_unit_problem(res, outcome.issues)
    if problem is not None:
        raise FormulaError(problem, line=res.name, formula=res.formula)
    stated, line_claim = ctx.reported_er_tco2e, res.claimed
    claimed = stated if stated is not None else line_claim
    conflict = (
        stated is not None
        and line_claim is not None
        and abs(stated - line_claim) > abs(stated) * TOLERANCE_PCT / 100 + 1e-9
    )
    return Recalculation(outcome, claimed, res.value, conflict)


def result_unit_problem(res: LineValue, issues: tuple[str, ...] = ()) -> str | None:
    """Why the result line is not an ER in tCO2e, or ``None``. A result without any unit
    (no unit stated anywhere) or a plain number is not checked (the client's units)."""
    unit = res.unit
    if unit is None or unit.dimensionless or unit == TCO2E:
        return None
    if unit.broken:
        why = "; ".join(issues) if issues else "units that do not convert are added"
        return f"the result has no consistent unit, so it is not in tCO2e ({why})"
    unread = unit.unreadable
    if unread:
        shown = ", ".join(repr(u) for u in unread)
        return f"the result is in an unknown unit ({shown}), not tCO2e"
    return f"the result is in {unit}, not tCO2e"


def _line_figures(line: LineValue) -> dict[str, object]:
    return {
        "claimed": line.claimed,
        "recomputed": line.value,
        "difference": line.difference,
        "difference_pct": line.difference_pct,
        "unit": None if line.unit is None else str(line.unit),
    }


def _differs(line: LineValue) -> bool:
    d = line.difference
    if d is None:
        return False
    return abs(d) > abs(line.claimed or 0) * TOLERANCE_PCT / 100 + 1e-9


def check_recalc_result(ctx: CheckContext | Prepared) -> CheckResult:
    """``recalc.result``: the ER recomputed from the monitoring data vs the ER claimed.

    Clause: ISO 14064-3:2019 evidence gathering (recalculation) and evaluation of the GHG
    statement; the approved methodology's equations (e.g. AMS-II.C) give the formulas.
    difference = claimed − recomputed; difference_pct is of the claim. Status: pass
    within the 0.5 % tolerance; warn below the materiality threshold (a finding to raise);
    fail at or above it, or when a formula cannot be evaluated or the result is not in
    tCO2e (another dimension, an unknown unit, or units that do not convert added up: an
    error naming the line and its unit, not a note). Units convert (``kWh × tCO2e/MWh``
    is tCO2e ÷ 1000, see :mod:`desktop.rules.formula`); a result with no unit at all is
    the client's. Other unit mismatches, a line off by more than the tolerance, or a
    manifest claim that differs from the result line's give at least warn.
    """
    code = "recalc.result"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, PROJECTS)
    if gate is not None:
        return gate
    calc = p.ctx.calculation
    if calc is None:
        return not_applicable(code, "The dossier has no calculation.", "案卷未附減量計算。")
    if calc.result is None:
        return not_applicable(
            code, "The calculation has no [result] line.", "減量計算未列 [result] 結果列。"
        )
    r = p.recalc
    if isinstance(r, FormulaError):
        claimed = p.ctx.reported_er_tco2e
        if claimed is None:
            claimed = calc.result.claimed
        figures = {
            "claimed_tco2e": claimed,
            "recomputed_tco2e": None,
            "difference_tco2e": None,
            "difference_pct": None,
        }
        return CheckResult(
            code,
            "fail",
            figures,
            f"The ER cannot be recomputed: {r}.",
            [r.line] if r.line else [],
            f"無法重新計算減量：{r}。",
        )
    assert r is not None
    threshold = p.threshold.pct
    outcome = r.outcome
    assert outcome.result is not None
    lines = {ln.name: _line_figures(ln) for ln in (*outcome.lines, outcome.result)}
    figures: dict[str, object] = {
        "claimed_tco2e": r.claimed,
        "recomputed_tco2e": r.recomputed,
        "difference_tco2e": r.difference,
        "difference_pct": r.difference_pct,
        "threshold_pct": threshold,
        "unit": lines[outcome.result.name]["unit"],
        "lines": lines,
    }
    m = p.ctx.methodology
    if m is not None:  # the calculation was built from a methodology template
        figures["template"], figures["template_version"] = m.template, m.version
    rows = [ln.name for ln in (*outcome.lines, outcome.result) if _differs(ln)]
    got = f"recomputed {fmt_t(r.recomputed)} tCO2e"
    if r.claimed is None:
        status = "warn"
        en = f"No claimed ER to compare with; {got}."
        zh = f"未載明宣告減量可供比較；重新計算為 {fmt_t(r.recomputed)} tCO2e。"
    elif r.claimed == 0:
        status = "pass" if abs(r.recomputed) <= 1e-9 else "fail"
        en = f"The claimed ER is 0; {got}."
        zh = f"宣告減量為 0；重新計算為 {fmt_t(r.recomputed)} tCO2e。"
    else:
        pct = r.difference_pct or 0.0
        diff = r.difference or 0.0
        status = classify_difference(pct, threshold)
        direction = "higher" if diff > 0 else "lower"
        direction_zh = "高估" if diff > 0 else "低估"
        en = (
            f"Recomputed ER {fmt_t(r.recomputed)} tCO2e vs {fmt_t(r.claimed)} claimed: the "
            f"claim is {fmt_t(abs(diff))} t {direction} ({fmt_pct(abs(pct))} of the claim)"
        )
        zh = (
            f"重新計算減量 {fmt_t(r.recomputed)} tCO2e，宣告 {fmt_t(r.claimed)} tCO2e："
            f"宣告{direction_zh} {fmt_t(abs(diff))} 公噸（佔宣告量 {fmt_pct(abs(pct))}）"
        )
        if status == "pass":
            en = f"{en}; within the {fmt_rule(TOLERANCE_PCT)} tolerance."
            zh = f"{zh}，在容許差 {fmt_rule(TOLERANCE_PCT)} 以內。"
        elif status == "warn":
            en = f"{en}; below the {fmt_rule(threshold)} materiality threshold, "
            en += "but a finding to raise."
            zh = f"{zh}，低於重大性門檻 {fmt_rule(threshold)}，但應提出發現事項。"
        else:
            en = f"{en}; at or above the {fmt_rule(threshold)} materiality threshold."
            zh = f"{zh}，達重大性門檻 {fmt_rule(threshold)}。"
    issues = list(outcome.issues)
    if issues:
        status = worst(status, "warn")
        en += " Unit problems: " + "; ".join(issues) + "."
        zh += "單位問題：" + "；".join(issues) + "。"
    if r.claim_conflict:
        status = worst(status, "warn")
        en += (
            f" The manifest claims {fmt_t(r.claimed or 0)} but the calculation's result line "
            f"claims {fmt_t(outcome.result.claimed or 0)}."
        )
        zh += (
            f"案卷宣告 {fmt_t(r.claimed or 0)}，但計算結果列宣告 "
            f"{fmt_t(outcome.result.claimed or 0)}，兩者不一致。"
        )
    off = [n for n in rows if n != outcome.result.name]
    if off:
        status = worst(status, "warn")
        en += f" Lines differing from their claimed value: {list_rows(off)}."
        zh += f"與宣告值不符的計算列：{list_rows(off)}。"
    return CheckResult(code, status, figures, en, rows, zh)
