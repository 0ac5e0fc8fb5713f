"""Investment analysis of a PDD (design §14): ``investment.irr``, ``investment.benchmark``,
``investment.sensitivity``.

CDM Tool 01 (v07) step 2, benchmark analysis: the project's financial indicator (here the
IRR of the PDD's cash flows) is recomputed, compared with the benchmark (an IRR below it
supports additionality) and tested for sensitivity (EB 62 Annex 5 paras 20–21: variables
over 20 % of costs or revenues, at least ±10 %; see ``desktop.investment.sensitivity``).
Validations only. An IRR that does not exist (``irr_status = "none"``) or is not unique
(``"multiple"``) is never guessed: ``irr_pct`` is null and the roots found are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .context import CheckContext, InvestmentTerms
from .prepared import Prepared, prepare
from .result import CheckResult, not_applicable, type_gate

if TYPE_CHECKING:
    from desktop.investment import CashFlows, IrrResult, Sensitivity

IRR_TOLERANCE_PP = 0.1  # design §14: recomputed vs claimed IRR, percentage points
_VALIDATION = ("validation",)
_ZH = {"capex": "資本支出", "revenue": "收入", "opex": "營運成本"}
_STATUS_ZH = {"none": "不存在", "multiple": "不唯一"}


@dataclass(frozen=True)
class Analysis:
    """The investment analysis of one context (computed once per run)."""

    terms: InvestmentTerms
    flows: CashFlows | None
    irr: IrrResult | None
    sensitivity: Sensitivity | None  # None without benchmark or without components
    error: str = ""  # the table's problems, en
    error_zh: str = ""


def analysis(ctx: CheckContext | Prepared) -> Analysis | None:
    """The analysis, cached on the run's :class:`Prepared`; ``None`` without a table."""
    p = prepare(ctx)
    cached = p.__dict__.get("_investment_analysis")
    if cached is None:
        cached = (_analyse(p.ctx),)
        p.__dict__["_investment_analysis"] = cached
    return cached[0]


def _analyse(ctx: CheckContext) -> Analysis | None:
    from desktop.errors import InputError
    from desktop.investment import analyse, cash_flows, irr

    if ctx.investment is None:
        return None
    terms = ctx.investment_terms or InvestmentTerms()
    records = ctx.investment.astype(object).where(ctx.investment.notna(), None)
    try:
        flows = cash_flows(records.to_dict("records"))
    except InputError as exc:
        return Analysis(terms, None, None, None, exc.text("en"), exc.text("zh-TW"))
    base = irr(flows.flows())
    sens = None
    if terms.benchmark_irr_pct is not None and flows.has_components:
        sens = analyse(flows, terms.benchmark_irr_pct, terms.variation_pct)
    return Analysis(terms, flows, base, sens)


def _gate(code: str, ctx: CheckContext | Prepared) -> tuple[CheckResult | None, Analysis | None]:
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, _VALIDATION)
    if gate is not None:
        return gate, None
    a = analysis(p)
    if a is None:
        return not_applicable(
            code, "The dossier has no investment table (investment.csv).",
            "案卷未附投資分析表（investment.csv）。",
        ), None
    if a.flows is None:
        return CheckResult(code, "fail", {}, f"The investment table is unusable: {a.error}",
                           [], f"投資分析表無法使用：{a.error_zh}"), None
    return None, a


def _irr_figures(a: Analysis) -> dict[str, Any]:
    assert a.irr is not None and a.flows is not None
    return {
        "irr_pct": a.irr.irr_pct,
        "irr_status": a.irr.status,
        "roots_pct": list(a.irr.roots_pct),
        "first_year": a.flows.years[0],
        "last_year": a.flows.years[-1],
        "years": len(a.flows.years),
    }


def _roots(a: Analysis) -> str:
    assert a.irr is not None
    return ", ".join(f"{r:.2f} %" for r in a.irr.roots_pct)


def check_investment_irr(ctx: CheckContext | Prepared) -> CheckResult:
    """``investment.irr``: the IRR recomputed from the cash flows vs the PDD's, within
    0.1 percentage point. No IRR: fail; several: warn (fail when the claim is none of
    them); no claimed IRR: n/a with the recomputed figures."""
    code = "investment.irr"
    early, a = _gate(code, ctx)
    if early is not None:
        return early
    assert a is not None and a.irr is not None
    fig = _irr_figures(a)
    claimed = a.terms.claimed_irr_pct
    fig["claimed_irr_pct"] = claimed
    span = f"{fig['first_year']}–{fig['last_year']}"
    if a.irr.status == "none":
        en = (f"The cash flows {span} have no IRR (they never change sign, or NPV has no "
              "root above −99 %): the stated IRR cannot follow from them.")
        zh = (f"{span} 年之現金流量不存在內部報酬率（現金流量未變號，或淨現值在 −99 % 以上無根），"
              "所載內部報酬率無法由其導出。")
        return CheckResult(code, "fail", fig, en, [], zh)
    if a.irr.status == "multiple":
        en = (f"The cash flows {span} change sign {a.irr.sign_changes} times and have "
              f"several IRRs ({_roots(a)}): the IRR is not a sound indicator here; "
              "judge the NPV at the benchmark.")
        zh = (f"{span} 年之現金流量變號 {a.irr.sign_changes} 次，有多個內部報酬率"
              f"（{_roots(a)}），不宜作為指標；請以基準報酬率下之淨現值判斷。")
        status = "warn"
        if claimed is not None and not any(
            abs(r - claimed) <= IRR_TOLERANCE_PP for r in a.irr.roots_pct
        ):
            status = "fail"
            en += f" The stated {claimed:.2f} % is none of them."
            zh += f"所載 {claimed:.2f} % 不屬其中任一。"
        return CheckResult(code, status, fig, en, [], zh)
    value = a.irr.irr_pct
    assert value is not None
    if claimed is None:
        return CheckResult(
            code, "n/a", fig,
            f"Recomputed IRR {value:.2f} % ({span}); the manifest states no IRR "
            "(investment.claimed_irr_pct) to compare.", [],
            f"重新計算之內部報酬率為 {value:.2f} %（{span} 年）；清單未載明所宣稱之內部報酬率"
            "（investment.claimed_irr_pct），無從比對。",
        )
    diff = claimed - value
    fig["difference_pp"] = diff
    if abs(diff) <= IRR_TOLERANCE_PP + 1e-9:
        return CheckResult(
            code, "pass", fig,
            f"The recomputed IRR {value:.2f} % agrees with the stated {claimed:.2f} % "
            f"(within {IRR_TOLERANCE_PP:g} percentage point).", [],
            f"重新計算之內部報酬率 {value:.2f} % 與所載 {claimed:.2f} % 相符"
            f"（差距在 {IRR_TOLERANCE_PP:g} 個百分點內）。",
        )
    return CheckResult(
        code, "fail", fig,
        f"The stated IRR {claimed:.2f} % does not follow from the cash flows: they give "
        f"{value:.2f} % ({diff:+.2f} percentage points).", [],
        f"所載內部報酬率 {claimed:.2f} % 無法由現金流量導出：重新計算為 {value:.2f} %"
        f"（差 {diff:+.2f} 個百分點）。",
    )


def _money(x: float, currency: str | None) -> str:
    return f"{x:,.0f} {currency}" if currency else f"{x:,.0f}"


def check_investment_benchmark(ctx: CheckContext | Prepared) -> CheckResult:
    """``investment.benchmark``: IRR below the benchmark supports additionality (pass),
    at or above it does not (fail). NPV at the benchmark rate is a figure; when the IRR
    does not exist or is not unique the NPV's sign is reported and the check warns."""
    code = "investment.benchmark"
    early, a = _gate(code, ctx)
    if early is not None:
        return early
    assert a is not None and a.irr is not None and a.flows is not None
    bench = a.terms.benchmark_irr_pct
    if bench is None:
        return not_applicable(code, "The manifest states no benchmark "
                              "(investment.benchmark_irr_pct).",
                              "清單未載明基準報酬率（investment.benchmark_irr_pct）。")
    from desktop.investment import npv

    value = npv(bench / 100, a.flows.flows())
    fig = {**_irr_figures(a), "benchmark_irr_pct": bench, "npv_at_benchmark": value,
           "currency": a.terms.currency, "benchmark_source": a.terms.benchmark_source}
    npv_en = f"NPV at {bench:g} %: {_money(value, a.terms.currency)}"
    npv_zh = f"以 {bench:g} % 折現之淨現值：{_money(value, a.terms.currency)}"
    if a.irr.irr_pct is None:
        word = "below" if value < 0 else "at or above"
        return CheckResult(
            code, "warn", fig,
            f"The IRR {('does not exist' if a.irr.status == 'none' else 'is not unique')}; "
            f"{npv_en}, so the project is {word} the benchmark by NPV.", [],
            f"內部報酬率{_STATUS_ZH[a.irr.status]}；{npv_zh}，"
            f"依淨現值判斷{'低於' if value < 0 else '達到或高於'}基準。",
        )
    value_irr = a.irr.irr_pct
    fig["gap_pp"] = bench - value_irr
    if value_irr < bench:
        return CheckResult(
            code, "pass", fig,
            f"IRR {value_irr:.2f} % is below the benchmark {bench:g} % "
            f"({bench - value_irr:.2f} points; {npv_en}): the project is not financially "
            "attractive without carbon revenue, which supports additionality.", [],
            f"內部報酬率 {value_irr:.2f} % 低於基準 {bench:g} %（差 {bench - value_irr:.2f} "
            f"個百分點；{npv_zh}）：無碳權收入時不具財務吸引力，支持外加性。",
        )
    return CheckResult(
        code, "fail", fig,
        f"IRR {value_irr:.2f} % is at or above the benchmark {bench:g} % ({npv_en}): the "
        "investment analysis does not show additionality.", [],
        f"內部報酬率 {value_irr:.2f} % 達到或高於基準 {bench:g} %（{npv_zh}）："
        "投資分析未能證明外加性。",
    )


def _pct(x: float | None) -> str:
    # from the figure as stored (4 decimals), so the message and the figures agree
    return "—" if x is None else f"{round(x, 4):.2f} %"


def check_investment_sensitivity(ctx: CheckContext | Prepared) -> CheckResult:
    """``investment.sensitivity``: capex, revenue and opex each varied by ±variation_pct;
    the IRR at each end and the break-even change; warn when a break-even lies inside
    the range (a plausible change would make the project pass the benchmark)."""
    code = "investment.sensitivity"
    early, a = _gate(code, ctx)
    if early is not None:
        return early
    assert a is not None and a.flows is not None
    if a.terms.benchmark_irr_pct is None:
        return not_applicable(code, "The manifest states no benchmark "
                              "(investment.benchmark_irr_pct).",
                              "清單未載明基準報酬率（investment.benchmark_irr_pct）。")
    if a.sensitivity is None:
        return not_applicable(
            code, "The investment table gives only cash_flow: the sensitivity analysis "
            "needs capex, revenue and opex.",
            "投資分析表僅有現金流量欄：敏感度分析需要資本支出、收入與營運成本。",
        )
    s = a.sensitivity
    v = s.variation_pct
    variables = {
        x.name: {"share_pct": x.share_pct, "irr_low_pct": x.irr_low_pct,
                 "irr_high_pct": x.irr_high_pct, "break_even_pct": x.break_even_pct,
                 "inside": x.inside(v), "curve": [list(pt) for pt in x.curve]}
        for x in s.variables
    }
    fig = {"variation_pct": v, "benchmark_irr_pct": s.benchmark_pct,
           "irr_pct": s.base.irr_pct, "variables": variables, "inside": list(s.inside),
           "material": [x.name for x in s.variables if x.share_pct > 20]}
    parts_en = [f"{x.name} ±{v:g} %: {_pct(x.irr_low_pct)} … {_pct(x.irr_high_pct)}, "
                f"break-even {_be(x.break_even_pct)}" for x in s.variables]
    parts_zh = [f"{_ZH[x.name]} ±{v:g} %：{_pct(x.irr_low_pct)} … {_pct(x.irr_high_pct)}，"
                f"臨界變動 {_be(x.break_even_pct, zh=True)}" for x in s.variables]
    if s.inside:
        names = ", ".join(s.inside)
        return CheckResult(
            code, "warn", fig,
            f"A change within ±{v:g} % of {names} brings the IRR to the benchmark "
            f"{s.benchmark_pct:g} %: the conclusion is not robust. " + "; ".join(parts_en) + ".",
            list(s.inside),
            f"{'、'.join(_ZH[n] for n in s.inside)}在 ±{v:g} % 內之變動即可使內部報酬率達到基準 "
            f"{s.benchmark_pct:g} %：結論不夠穩健。" + "；".join(parts_zh) + "。",
        )
    return CheckResult(
        code, "pass", fig,
        f"No change within ±{v:g} % brings the IRR to the benchmark {s.benchmark_pct:g} %. "
        + "; ".join(parts_en) + ".", [],
        f"±{v:g} % 內之變動均無法使內部報酬率達到基準 {s.benchmark_pct:g} %。"
        + "；".join(parts_zh) + "。",
    )


def _be(x: float | None, zh: bool = False) -> str:
    if x is None:
        return "超出 −90 % … +300 %" if zh else "beyond −90 % … +300 %"
    return f"{x:+.1f} %"
