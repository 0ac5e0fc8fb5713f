"""Project scale and the additionality steps it calls for: ``scale.class``."""

from __future__ import annotations

from .context import PROJECTS, CheckContext
from .prepared import Prepared, prepare
from .result import CheckResult, fmt_t, not_applicable, type_gate

LARGE_ABOVE_TCO2E = 60_000.0  # small-scale: 60 000 tCO2e/yr "or less"
MICRO_BELOW_TCO2E = 20_000.0  # micro-scale: "less than 20 000 tCO2e/yr" (CDM; 微規模 < 2 萬)

ADDITIONALITY_STEPS: dict[str, tuple[str, ...]] = {
    "large": ("regulatory", "investment-or-barrier", "common-practice"),
    "small": ("regulatory", "barrier"),
    "micro": ("regulatory",),
}
_STEP_TEXT: dict[str, tuple[str, str]] = {
    "regulatory": ("regulatory additionality", "法規外加性"),
    "investment-or-barrier": ("investment or barrier analysis", "投資分析或障礙分析"),
    "common-practice": ("common-practice analysis", "普遍性做法分析"),
    "barrier": (
        "at least one barrier (investment, access to finance, technological, prevailing "
        "practice, other)",
        "至少一項障礙分析（投資、融資取得、技術、普遍性或其他）",
    ),
}
_CLASS_ZH = {"large": "大規模", "small": "小規模", "micro": "微規模"}


def scale_class(annual_er_tco2e: float) -> str:
    """``"large"`` above 60 000 tCO2e/yr, ``"micro"`` below 20 000, else ``"small"``.

    Exactly 60 000 is small ("60 000 or less"), exactly 20 000 is small too: CDM's
    micro-scale is "less than 20 000 tCO2e/yr" (domain.md, December review; the course
    material: 微規模 < 2 萬).
    """
    if annual_er_tco2e > LARGE_ABOVE_TCO2E:
        return "large"
    if annual_er_tco2e < MICRO_BELOW_TCO2E:
        return "micro"
    return "small"


_ORDER = {"micro": 0, "small": 1, "large": 2}


def _annualised_actual(p: Prepared) -> float | None:
    """The period's recomputed (else claimed) reductions per year of 365 days."""
    c = p.ctx
    if c.period_start is None or c.period_end is None:
        return None
    days = (c.period_end - c.period_start).days + 1
    r = p.recalc
    actual = getattr(r, "recomputed", None)
    if not isinstance(actual, int | float):
        actual = c.reported_er_tco2e
    if actual is None or days <= 0:
        return None
    return float(actual) * 365 / days


def additionality_steps(scale: str) -> tuple[str, ...]:
    """The additionality demonstration steps for a scale class, in order (design §6)."""
    return ADDITIONALITY_STEPS[scale]


def check_scale_class(ctx: CheckContext | Prepared) -> CheckResult:
    """``scale.class``: classify the project by expected annual ER; list additionality steps.

    Clause: Taiwan voluntary GHG reduction project rules, mirroring CDM practice (CDM
    Tool 01 v07 for large scale; simplified small-scale and micro-scale additionality).
    Informational: pass, or warn when the expected ER is not positive.
    """
    code = "scale.class"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, PROJECTS)
    if gate is not None:
        return gate
    er = p.ctx.expected_annual_er_tco2e
    if er is None:
        return not_applicable(
            code,
            "The subject states no expected annual ER (subject.expected_annual_er_tco2e).",
            "案卷未載明預期年減量（subject.expected_annual_er_tco2e）。",
        )
    cls = scale_class(er)
    steps = additionality_steps(cls)
    figures = {"annual_er_tco2e": er, "class": cls, "additionality_steps": list(steps)}
    en_steps = " → ".join(_STEP_TEXT[s][0] for s in steps)
    zh_steps = " → ".join(_STEP_TEXT[s][1] for s in steps)
    en = f"{cls.capitalize()} scale ({fmt_t(er)} tCO2e/yr); additionality steps: {en_steps}."
    zh = f"{_CLASS_ZH[cls]}專案（每年 {fmt_t(er)} tCO2e）；外加性論證步驟：{zh_steps}。"
    if er <= 0:
        en += " The expected annual ER is not positive: check the PDD."
        zh += "預期年減量非正值，請檢查專案計畫書。"
        return CheckResult(code, "warn", figures, en, [], zh)
    if p.ctx.engagement_type == "verification":
        actual = _annualised_actual(p)
        if actual is not None:
            actual_cls = scale_class(actual)
            figures["actual_annual_er_tco2e"] = actual
            figures["actual_class"] = actual_cls
            if _ORDER[actual_cls] > _ORDER[cls]:
                en += (f" The reductions of this period, {fmt_t(actual)} tCO2e a year, exceed "
                       f"the {cls}-scale class the project was registered under: it is "
                       f"{actual_cls} scale in practice (check the programme's rule for "
                       "projects that outgrow their class).")
                zh += (f"本期減量換算每年 {fmt_t(actual)} tCO2e，已超過註冊時之{_CLASS_ZH[cls]}"
                       f"級距，實際屬{_CLASS_ZH[actual_cls]}（請依方案規定處理）。")
                return CheckResult(code, "warn", figures, en, [], zh)
    return CheckResult(code, "pass", figures, en, [], zh)
