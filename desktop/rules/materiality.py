"""Materiality: the threshold that applies (``materiality.threshold``) and the aggregate of
misstatements against it (``materiality.aggregate``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .context import ENGAGEMENT_TYPES, CheckContext
from .formula import FormulaError
from .prepared import Prepared, prepare
from .result import CheckResult, fmt_pct, fmt_rule, fmt_t, not_applicable, type_gate
from .scale import scale_class

DEFAULT_PCT = 5.0
"""ISO 14064-3 fixes no number; 5 % is common practice and the default of other programmes."""


@dataclass(frozen=True)
class Threshold:
    """A materiality threshold (percent of the reported total) and why it applies."""

    pct: float
    basis: str  # short code for the JSON figures
    explanation: str
    explanation_zh: str
    warning: str | None = None
    warning_zh: str | None = None


def cdm_materiality(annual_er_tco2e: float) -> tuple[float, str]:
    """CDM threshold by annual ER (decision 9/CMP.7): > 500 000 → 0.5 %; > 300 000 up to
    500 000 → 1 %; other large scale (≤ 300 000) → 2 %; small scale → 5 %; micro → 10 %."""
    if annual_er_tco2e > 500_000:
        return 0.5, "CDM >500k"
    if annual_er_tco2e > 300_000:
        return 1.0, "CDM 300k-500k"
    cls = scale_class(annual_er_tco2e)
    if cls == "large":
        return 2.0, "CDM large ≤300k"
    return (5.0, "CDM small-scale") if cls == "small" else (10.0, "CDM micro-scale")


def _is_cdm(programme: str | None) -> bool:
    return bool(programme) and programme.strip().upper().startswith("CDM")


def materiality_threshold(ctx: CheckContext) -> Threshold:
    """The threshold for ``ctx`` (design §6): a valid manifest override wins; CDM projects
    go by annual ER; any other programme and carbon-neutrality claims use 5 %.

    A CDM project without an expected annual ER gets the strictest band (0.5 %) with a
    warning, until the manifest sets ``materiality_pct``: conservative, VeriDesk's choice.
    """
    override = ctx.materiality_pct
    warn = warn_zh = None
    if override is not None:
        if isinstance(override, int | float) and math.isfinite(override) and 0 < override <= 100:
            return Threshold(
                float(override),
                "override",
                f"{fmt_rule(override)} set in the manifest",
                f"案卷設定 {fmt_rule(override)}",
            )
        warn = f"The manifest's materiality_pct {override!r} is not in (0, 100]: ignored."
        warn_zh = f"案卷的 materiality_pct {override!r} 不在 (0, 100] 範圍內，已忽略。"
    if ctx.engagement_type != "carbon-neutrality" and _is_cdm(ctx.programme):
        er = ctx.expected_annual_er_tco2e
        if er is None:
            return Threshold(
                0.5,
                "CDM unknown ER",
                "CDM, expected annual ER unknown: the strictest band (0.5 %) applies",
                "CDM 專案未載明預期年減量：採最嚴格級距 0.5 %",
                "Set subject.expected_annual_er_tco2e or engagement.materiality_pct.",
                "請於案卷填寫 subject.expected_annual_er_tco2e 或 engagement.materiality_pct。",
            )
        pct, basis = cdm_materiality(er)
        return Threshold(
            pct,
            basis,
            f"CDM default for {fmt_t(er)} tCO2e/yr (decision 9/CMP.7)",
            f"CDM 依年減量 {fmt_t(er)} tCO2e 之預設值（第 9/CMP.7 號決定）",
            warn,
            warn_zh,
        )
    if ctx.engagement_type == "carbon-neutrality":
        why, why_zh = "default for carbon-neutrality claims", "碳中和宣告之預設值"
    else:
        prog = ctx.programme or "no programme stated"
        why, why_zh = f"default ({prog})", f"預設值（{ctx.programme or '未載明方案'}）"
    return Threshold(DEFAULT_PCT, "default", why, why_zh, warn, warn_zh)


def check_materiality_threshold(ctx: CheckContext | Prepared) -> CheckResult:
    """``materiality.threshold``: the quantitative materiality threshold for the engagement.

    Clause: ISO 14064-3:2019 pre-engagement (materiality set before the engagement; the
    standard fixes no number); CDM decision 9/CMP.7 bands by annual ER; 5 % elsewhere
    (common practice). Applies to every engagement type; warn when a default had to be
    assumed or an override was unusable.
    """
    code = "materiality.threshold"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, ENGAGEMENT_TYPES)
    if gate is not None:
        return gate
    t = p.threshold
    figures = {"threshold_pct": t.pct, "basis": t.basis}
    en = f"Materiality threshold {fmt_rule(t.pct)}: {t.explanation}."
    zh = f"重大性門檻 {fmt_rule(t.pct)}：{t.explanation_zh}。"
    if t.warning:
        return CheckResult(code, "warn", figures, f"{en} {t.warning}", [], f"{zh}{t.warning_zh}")
    return CheckResult(code, "pass", figures, en, [], zh)


def check_materiality_aggregate(ctx: CheckContext | Prepared) -> CheckResult:
    """``materiality.aggregate``: the sum of absolute misstatements against the threshold.

    Clause: ISO 14064-3:2019 completion — evaluate the GHG statement; aggregate
    misstatements against materiality. Misstatement = |claimed − recomputed ER|
    (verification) or |reported − recomputed footprint| (carbon-neutrality), plus the
    absolute amounts the verifier recorded; the percentage is of the reported total.
    Material (fail) when the percentage is at or above the threshold. Not part of a
    validation (n/a). A computed difference the verifier evaluated (a misstatement recorded
    against ``result`` or ``footprint``: accepted, corrected or explained as 0) is counted
    as recorded, not twice.
    """
    code = "materiality.aggregate"
    p = prepare(ctx)
    c = p.ctx
    gate = type_gate(code, c.engagement_type, ("verification", "carbon-neutrality"))
    if gate is not None:
        return gate
    parts: dict[str, float] = {}
    notes, notes_zh = [], []
    # A computed difference the verifier has evaluated (recorded against "result" or
    # "footprint") counts as recorded, never twice.
    evaluated = set(c.recorded_misstatement_sources)
    if c.engagement_type == "verification":
        r = p.recalc
        base = c.reported_er_tco2e
        if isinstance(r, FormulaError):
            notes.append("the recalculation failed, so only recorded misstatements count")
            notes_zh.append("重新計算失敗，僅計入已記錄之不實陳述")
        elif r is not None:
            base = base if base is not None else r.claimed
            if r.difference is not None and "result" not in evaluated:
                parts["recalculation"] = abs(r.difference)
    else:
        base = c.reported_emissions_tco2e
        inv = p.inventory
        if inv is not None:
            if base is None:
                base = inv.included_total
                notes.append("no reported footprint: the recomputed one is the base")
                notes_zh.append("未載明宣告碳足跡，以重新計算值為基準")
            elif "footprint" not in evaluated:
                parts["footprint"] = abs(base - inv.included_total)
    if c.recorded_misstatements_tco2e:
        parts["recorded"] = sum(abs(float(x)) for x in c.recorded_misstatements_tco2e)
    if not parts:
        return not_applicable(
            code,
            "Nothing to aggregate: no recalculation, footprint or recorded misstatement.",
            "無可彙總之不實陳述（無重新計算、碳足跡或已記錄之不實陳述）。",
        )
    total = sum(parts.values())
    t = p.threshold
    figures: dict[str, object] = {
        "misstatement_tco2e": total,
        "misstatement_pct": None,
        "material": None,
        "threshold_pct": t.pct,
        "reported_tco2e": base,
        "components_tco2e": parts,
    }
    note = "".join(f" Note: {n}." for n in notes)
    note_zh = "".join(f"註：{n}。" for n in notes_zh)
    if not base:
        return CheckResult(
            code,
            "warn",
            figures,
            f"Misstatements total {fmt_t(total)} tCO2e, but there is no reported total to "
            f"weigh them against.{note}",
            [],
            f"不實陳述合計 {fmt_t(total)} tCO2e，但無宣告總量可供比較。{note_zh}",
        )
    pct = total / abs(base) * 100
    material = pct >= t.pct - 1e-9
    figures["misstatement_pct"], figures["material"] = pct, material
    head = f"Aggregate misstatement {fmt_t(total)} tCO2e = {fmt_pct(pct)} of {fmt_t(base)}"
    head_zh = f"不實陳述合計 {fmt_t(total)} tCO2e，佔宣告量 {fmt_t(base)} 的 {fmt_pct(pct)}"
    if material:
        return CheckResult(
            code,
            "fail",
            figures,
            f"{head}: material (threshold {fmt_rule(t.pct)}).{note}",
            [],
            f"{head_zh}，達重大性門檻 {fmt_rule(t.pct)}，屬重大不實陳述。{note_zh}",
        )
    return CheckResult(
        code,
        "pass",
        figures,
        f"{head}: below the {fmt_rule(t.pct)} threshold.{note}",
        [],
        f"{head_zh}，低於重大性門檻 {fmt_rule(t.pct)}。{note_zh}",
    )
