"""The PDD's ex-ante estimate recomputed year by year from its methodology template:
``recalc.ex_ante``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .context import CalcLine, Calculation, CheckContext
from .formula import FormulaError, evaluate_calculation
from .prepared import Prepared, prepare
from .project_data import Crediting, Methodology
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

VALIDATION: tuple[str, ...] = ("validation",)


@dataclass(frozen=True)
class YearEstimate:
    """One year recomputed: the share of the year inside the crediting period and the
    template's lines (tCO2e)."""

    year: int
    fraction: float
    baseline: float
    project: float
    leakage: float
    er: float


def year_fraction(year: int, crediting: Crediting | None) -> float:
    """The share of calendar ``year`` inside the crediting period (1 without one)."""
    if crediting is None:
        return 1.0
    first, last = date(year, 1, 1), date(year, 12, 31)
    lo, hi = max(first, crediting.start), min(last, crediting.end)
    if hi < lo:
        return 0.0
    return ((hi - lo).days + 1) / ((last - first).days + 1)


def estimate_year(m: Methodology, year: int, first_year: int, fraction: float) -> YearEstimate:
    """Recompute the template's lines for ``year``: each annual parameter (net generation,
    operating hours…) × ``fraction`` × (1 − degradation)^(year − first_year). Raises
    :class:`FormulaError`."""
    d = m.definition
    values = {name: float(value) for name, value, _unit, _annual in d["parameters"]}
    rate = values.get(d.get("degradation") or "", 0.0)
    factor = fraction * (1.0 - rate) ** max(year - first_year, 0)
    lines = [
        CalcLine(name, repr(float(value) * factor if annual else float(value)), None, unit)
        for name, value, unit, annual in d["parameters"]
    ]
    lines += [CalcLine(name, formula, None, unit) for name, formula, unit in d["lines"]]
    result = CalcLine("result", d["result"][0], None, d["result"][1])
    outcome = evaluate_calculation(Calculation(tuple(lines), result), None)
    by_name = {ln.name: ln.value for ln in outcome.lines}
    assert outcome.result is not None
    return YearEstimate(year, fraction, by_name.get("BE", 0.0), by_name.get("PE", 0.0),
                        by_name.get("LE", 0.0), outcome.result.value)


def _pct(claimed: float, recomputed: float) -> float | None:
    return None if claimed == 0 else (claimed - recomputed) / claimed * 100


def check_ex_ante(ctx: CheckContext | Prepared) -> CheckResult:
    """``recalc.ex_ante``: the PDD's ex-ante ER per year vs the same year recomputed from the
    methodology template and the ex-ante parameters; the average annual ER vs
    ``subject.expected_annual_er_tco2e`` (which sets the scale class).

    Clause: ISO 14064-3:2019 validation (evaluation of the GHG statement's estimates); the
    template's methodology (e.g. ACM0002: BE_y = EG_PJ,y × EF_grid,CM,y). Years are
    calendar years; a year the crediting period covers in part is pro-rated by days, and an
    annual parameter loses the template's degradation rate each year after the first.
    Status: pass when every year and the total agree within the 0.5 % tolerance; warn when
    a year differs, or the total differs below the materiality threshold, or the average
    disagrees with the expected annual ER; fail at or above the threshold or when the
    template cannot be evaluated. Validations only.
    """
    code = "recalc.ex_ante"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, VALIDATION)
    if gate is not None:
        return gate
    m = p.ctx.methodology
    if m is None:
        return not_applicable(
            code, "The calculation names no methodology template (template = \"…\").",
            "減量計算未指定方法學範本（template = \"…\"）。")
    if not m.ex_ante:
        return not_applicable(code, "The calculation has no ex-ante table ([[ex_ante]]).",
                              "減量計算未附事前估算表（[[ex_ante]]）。")
    cp = p.ctx.crediting
    first_year = cp.start.year if cp is not None else m.ex_ante[0].year
    base = {"template": m.template, "template_version": m.version}
    try:
        est = {row.year: estimate_year(m, row.year, first_year,
                                       year_fraction(row.year, cp)) for row in m.ex_ante}
    except FormulaError as exc:
        return CheckResult(code, "fail", base, f"The ex-ante estimate cannot be recomputed: {exc}.",
                           [exc.line] if exc.line else [], f"無法重新計算事前估算：{exc}。")
    by_year = []
    off: list[str] = []
    worst_year, worst_pct = None, 0.0
    for row in m.ex_ante:
        e = est[row.year]
        pct = _pct(row.er_tco2e, e.er)
        item = {"year": row.year, "claimed_tco2e": row.er_tco2e, "recomputed_tco2e": e.er,
                "difference_pct": pct, "fraction_of_year": e.fraction}
        if row.baseline_tco2e is not None:
            item["claimed_baseline_tco2e"] = row.baseline_tco2e
            item["recomputed_baseline_tco2e"] = e.baseline
        by_year.append(item)
        differs = (abs(row.er_tco2e - e.er) > abs(row.er_tco2e) * TOLERANCE_PCT / 100 + 1e-6)
        if differs:
            off.append(str(row.year))
            shown = abs(pct) if pct is not None else float("inf")
            if worst_year is None or shown > abs(worst_pct):
                worst_year, worst_pct = row.year, pct if pct is not None else float("inf")
    claimed = sum(r.er_tco2e for r in m.ex_ante)
    recomputed = sum(e.er for e in est.values())
    total_pct = _pct(claimed, recomputed)
    n_years = cp.length_years if cp is not None else len(m.ex_ante)
    average = claimed / n_years if n_years else None
    expected = p.ctx.expected_annual_er_tco2e
    threshold = p.threshold.pct
    figures = {
        **base,
        "crediting_period_number": m.definition.get("crediting_period"),
        "years": len(m.ex_ante),
        "first_year": m.ex_ante[0].year,
        "last_year": m.ex_ante[-1].year,
        "total_claimed_tco2e": claimed,
        "total_recomputed_tco2e": recomputed,
        "difference_pct": total_pct,
        "worst_year": worst_year,
        "worst_difference_pct": worst_pct if worst_year is not None else None,
        "average_annual_tco2e": average,
        "expected_annual_er_tco2e": expected,
        "threshold_pct": threshold,
        "by_year": by_year,
    }
    status = "pass" if total_pct is None else classify_difference(total_pct, threshold)
    en = (f"Ex-ante ER over {len(m.ex_ante)} years ({m.template} v{m.version}): "
          f"{fmt_t(claimed)} tCO2e in the PDD, {fmt_t(recomputed)} recomputed")
    zh = (f"事前估算 {len(m.ex_ante)} 年減量（{m.template} 第 {m.version} 版）："
          f"計畫書 {fmt_t(claimed)} tCO2e，重新計算 {fmt_t(recomputed)} tCO2e")
    if total_pct is not None and abs(total_pct) < 0.005:
        en, zh = en + " (they agree).", zh + "（兩者一致）。"
    elif total_pct is not None:
        en += f" ({fmt_pct(abs(total_pct))} {'over' if total_pct > 0 else 'under'})."
        zh += f"（{'高估' if total_pct > 0 else '低估'} {fmt_pct(abs(total_pct))}）。"
    else:
        en, zh = en + ".", zh + "。"
    if off:
        status = worst(status, "warn")
        shown = fmt_pct(abs(worst_pct)) if worst_pct != float("inf") else "—"
        en += (f" Years that differ by more than {fmt_rule(TOLERANCE_PCT)}: {list_rows(off)}"
               f" (worst {worst_year}, {shown}).")
        zh += (f"差異超過 {fmt_rule(TOLERANCE_PCT)} 的年份：{list_rows(off)}"
               f"（最大 {worst_year} 年，{shown}）。")
    if status == "fail":
        en += f" The difference reaches the {fmt_rule(threshold)} materiality threshold."
        zh += f"差異達重大性門檻 {fmt_rule(threshold)}。"
    if expected is not None and average is not None and (
        abs(average - expected) > abs(expected) * TOLERANCE_PCT / 100 + 1e-6
    ):
        status = worst(status, "warn")
        en += (f" The average, {fmt_t(round(average, 2))} tCO2e/yr, is not the expected annual "
               f"ER of {fmt_t(expected)} stated in the manifest (which sets the scale class).")
        zh += (f"年平均 {fmt_t(round(average, 2))} tCO2e 與案卷所載預期年減量 {fmt_t(expected)} "
               "不符（後者決定專案規模）。")
    return CheckResult(code, status, figures, en, off, zh)
