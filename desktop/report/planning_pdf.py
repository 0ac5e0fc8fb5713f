"""The report's "Risk assessment and sampling" section: the risk table, each sample plan's
figures, the selected items with their results, and the projection (design §13)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from desktop.report.pdf import _fmt_num
from desktop.report.planning_doc import PlanningReport, PlanSummary

if TYPE_CHECKING:
    from desktop.report.report_pdf import _ReportBuilder

MAX_ROWS = 60  # selected items listed per plan; the rest are counted

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Risk assessment and sampling", "風險評估與抽樣"),
    "risk": ("Risk assessment (ISO 14064-3 §6.1.2)", "風險評估（ISO 14064-3 §6.1.2）"),
    "no_risk": ("No risk assessment recorded.", "未記錄風險評估。"),
    "col.item": ("Item", "項目"),
    "col.population": ("Population", "母體"),
    "col.inherent": ("Inherent", "固有風險"),
    "col.control": ("Control", "控制風險"),
    "col.combined": ("Risk", "風險"),
    "col.reason": ("Reason", "理由"),
    "plan": ("Sample plan {id}: {population}", "抽樣計畫 {id}：{population}"),
    "method.mus": (
        "monetary-unit sampling (systematic, random start)",
        "貨幣單位抽樣（系統抽樣，隨機起點）",
    ),
    "method.random": ("random selection", "隨機抽選"),
    "figures": (
        "Method: {method}; seed {seed}. Population {size} items{total}; materiality "
        "{mat} tCO2e, performance materiality {pm} tCO2e. Key items tested in full: {nkey}; "
        "sample size {n}. Tested {tested} of {selected}, {errors} with an error.",
        "方法：{method}；亂數種子 {seed}。母體 {size} 項{total}；重大性 {mat} tCO2e，執行重大性 "
        "{pm} tCO2e。全數測試之關鍵項目：{nkey}；樣本數 {n}。已測試 {tested}／{selected} 項，"
        "{errors} 項有誤差。",
    ),
    "total": (", {t} tCO2e", "，{t} tCO2e"),
    "projection": (
        "Projected misstatement {proj} tCO2e (upper misstatement limit {upper}) against the "
        "performance materiality {pm} tCO2e: {verdict}.",
        "推估不實陳述 {proj} tCO2e（不實陳述上限 {upper}），執行重大性 {pm} tCO2e：{verdict}。",
    ),
    "verdict.within": ("within", "在範圍內"),
    "verdict.above": ("above — a misstatement to evaluate", "超過，應評估為不實陳述"),
    "verdict.open": ("results still missing", "尚有結果未記錄"),
    "col.row": ("Row", "列"),
    "col.amount": ("tCO2e", "tCO2e"),
    "col.value": ("Value", "數值"),
    "col.key": ("Key", "關鍵"),
    "col.result": ("Result", "結果"),
    "col.note": ("Note", "說明"),
    "agreed": ("agreed", "相符"),
    "untested": ("not tested", "未測試"),
    "yes": ("yes", "是"),
    "more": ("… and {n} more selected items.", "……另有 {n} 個選取項目。"),
}


def _l(lang: str, label: str, /, **values: object) -> str:
    en, zh = LABELS[label]
    return (zh if lang.lower().startswith("zh") else en).format(**values)


def planning_section(b: _ReportBuilder, report: PlanningReport) -> list[Flowable]:
    """The section's flowables in the builder's language and styles."""
    lang, st = b.lang, b.st
    out: list[Flowable] = [b.heading(_l(lang, "title")), b.P(_l(lang, "risk"), b.h2)]
    if report.risks:
        rows = [
            [
                b.P(r.item, st.cell_bold),
                b.P(r.population, st.cell),
                b.P(r.inherent, st.cell),
                b.P(r.control, st.cell),
                b.P(r.combined, st.cell_bold),
                b.P(r.reason, st.cell),
            ]
            for r in report.risks
        ]
        keys = (
            "col.item",
            "col.population",
            "col.inherent",
            "col.control",
            "col.combined",
            "col.reason",
        )
        out.append(b.grid([_l(lang, k) for k in keys], rows, [0.16, 0.13, 0.11, 0.11, 0.09, 0.40]))
    else:
        out.append(b.P(_l(lang, "no_risk"), st.body))
    for p in report.plans:
        out += [Spacer(1, 6), *_plan(b, p)]
    return out


def _plan(b: _ReportBuilder, p: PlanSummary) -> list[Flowable]:
    lang, st = b.lang, b.st
    total = "" if p.population_tco2e is None else _l(lang, "total", t=_fmt_num(p.population_tco2e))
    out: list[Flowable] = [
        b.P(_l(lang, "plan", id=p.plan_id, population=p.population), b.h2),
        b.P(
            _l(
                lang,
                "figures",
                method=_l(lang, f"method.{p.method}"),
                seed=p.seed,
                size=f"{p.population_size:,}",
                total=total,
                mat=_fmt_num(p.materiality_tco2e),
                pm=_fmt_num(p.performance_materiality_tco2e),
                nkey=p.key_items,
                n=p.sample_size,
                tested=p.tested,
                selected=p.selected,
                errors=p.errors,
            ),
            st.body,
        ),
    ]
    if p.note:
        out.append(b.P(p.note, st.muted))
    if p.tested < p.selected:
        verdict = _l(lang, "verdict.open")
    elif abs(p.projected_tco2e) > p.performance_materiality_tco2e:
        verdict = _l(lang, "verdict.above")
    else:
        verdict = _l(lang, "verdict.within")
    upper = "—" if p.upper_limit_tco2e is None else f"{_fmt_num(p.upper_limit_tco2e)} tCO2e"
    out.append(
        b.P(
            _l(
                lang,
                "projection",
                proj=_fmt_num(p.projected_tco2e),
                upper=upper,
                pm=_fmt_num(p.performance_materiality_tco2e),
                verdict=verdict,
            ),
            st.body,
        )
    )
    rows = []
    for r in p.rows[:MAX_ROWS]:
        if r.outcome is None:
            result = _l(lang, "untested")
        elif r.outcome == "agreed":
            result = _l(lang, "agreed")
        else:
            result = f"{r.error_tco2e:+,.4f}"
        rows.append(
            [
                b.P(str(r.row_no), st.cell),
                b.P(r.label, st.cell),
                b.P(_fmt_num(r.amount), st.cell),
                b.P(_l(lang, "yes") if r.key else "", st.cell),
                b.P(result, st.cell_bold),
                b.P(r.note, st.cell),
            ]
        )
    amount_col = "col.amount" if p.unit == "tCO2e" else "col.value"
    keys = ("col.row", "col.item", amount_col, "col.key", "col.result", "col.note")
    out += [
        Spacer(1, 3),
        b.grid([_l(lang, k) for k in keys], rows, [0.08, 0.22, 0.13, 0.08, 0.14, 0.35], right=(2,)),
    ]
    if len(p.rows) > MAX_ROWS:
        out.append(b.P(_l(lang, "more", n=len(p.rows) - MAX_ROWS), st.muted))
    return out
