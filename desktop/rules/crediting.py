"""The crediting period and the project's dates by programme: ``project.crediting_period``.

Programme rules are data (:data:`RULES`), each with its source. ``confirmed=False`` marks a
rule we could not read in the programme's own text (domain.md's **UNCONFIRMED**): a breach
of it is ``warn``, never ``fail``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .context import PROJECTS, CheckContext
from .prepared import Prepared, prepare
from .project_data import Crediting
from .result import CheckResult, list_rows, not_applicable, type_gate, worst


@dataclass(frozen=True)
class Limits:
    """What a sector may choose: a renewable period of ``renewable_years`` renewed at most
    ``max_renewals`` times, or one fixed period of ``fixed_min``–``fixed_max`` years."""

    renewable_years: int | None
    max_renewals: int
    fixed_max: int | None
    fixed_min: int = 1


@dataclass(frozen=True)
class ProgrammeRule:
    name: str
    non_afolu: Limits
    afolu: Limits
    confirmed: bool
    source: str


RULES: dict[str, ProgrammeRule] = {
    "CDM": ProgrammeRule(
        "CDM", Limits(7, 2, 10), Limits(20, 2, 30), True,
        "CDM modalities and procedures (decision 3/CMP.1, annex, para. 49): a crediting "
        "period of at most 7 years renewed at most twice, or at most 10 years with no "
        "renewal; A/R (decision 5/CMP.1): at most 20 years renewed at most twice, or at "
        "most 30 years. Taiwan's 溫室氣體抵換專案管理辦法 §8 ¶1(5) copies these figures.",
    ),
    "VCS": ProgrammeRule(
        "VCS", Limits(7, 2, 10), Limits(None, 0, 100, 20), False,
        "VCS Standard v4.x, project crediting period: non-AFOLU 7 years renewable twice "
        "(21) or 10 years fixed; AFOLU 20 to 100 years (UNCONFIRMED: read in secondary "
        "sources only; VCS v3 allowed non-AFOLU up to 10 years renewed at most twice).",
    ),
    "GS": ProgrammeRule(
        "GS", Limits(5, 2, 10), Limits(None, 0, 50, 30), False,
        "Gold Standard for the Global Goals, Principles & Requirements: 5-year renewable "
        "certification cycles (UNCONFIRMED: renewed at most twice, 15 years, for most "
        "activities; one renewal where the activity requirements say nothing), 10 years "
        "fixed (UNCONFIRMED); A/R 30–50 years (UNCONFIRMED).",
    ),
    "TW-MOENV": ProgrammeRule(
        "TW-MOENV", Limits(7, 2, 10), Limits(20, 2, 30), False,
        "溫室氣體抵換專案管理辦法 §8 ¶1(5) (law.moj.gov.tw): non-forestry 7 years renewed "
        "at most twice or 10 years fixed; forestry 20 years renewed at most twice or 30 "
        "years fixed. Whether 溫室氣體自願減量專案管理辦法 (2023) keeps these figures is "
        "UNCONFIRMED.",
    ),
}
ALIASES = {"GOLD STANDARD": "GS", "GS4GG": "GS", "VERRA": "VCS", "TW": "TW-MOENV",
           "MOENV": "TW-MOENV", "TW-EPA": "TW-MOENV"}


def programme_rule(programme: str | None) -> ProgrammeRule | None:
    """The rule of ``programme`` (case-insensitive; a few aliases), or ``None``."""
    if not programme:
        return None
    key = programme.strip().upper()
    return RULES.get(ALIASES.get(key, key))


def rule_problems(c: Crediting, rule: ProgrammeRule) -> list[tuple[str, str]]:
    """What breaks the programme's limits, in English and Chinese."""
    lim = rule.afolu if c.sector == "afolu" else rule.non_afolu
    out: list[tuple[str, str]] = []
    n = c.length_years
    if c.type == "fixed":
        if lim.fixed_max is None:
            out.append(("the programme has no fixed crediting period for this sector",
                        "此方案於本類別無固定型計入期"))
        elif not lim.fixed_min <= n <= lim.fixed_max:
            span = (f"{lim.fixed_max}" if lim.fixed_min <= 1
                    else f"{lim.fixed_min}–{lim.fixed_max}")
            out.append((f"a fixed period of {n} years (allowed: {span} years)",
                        f"固定型計入期 {n} 年（上限：{span} 年）"))
    elif c.type == "renewable":
        if lim.renewable_years is None:
            out.append(("the programme has no renewable crediting period for this sector",
                        "此方案於本類別無展延型計入期"))
        else:
            if n > lim.renewable_years:
                out.append((f"a renewable period of {n} years (at most {lim.renewable_years})",
                            f"展延型計入期 {n} 年（上限 {lim.renewable_years} 年）"))
            if c.renewal > lim.max_renewals:
                out.append((f"renewal {c.renewal} (at most {lim.max_renewals} renewals)",
                            f"第 {c.renewal} 次展延（最多 {lim.max_renewals} 次）"))
    return out


def calendar_years(c: Crediting) -> list[int]:
    return list(range(c.start.year, c.end.year + 1))


def _d(x: date) -> str:
    return x.isoformat()


def check_crediting_period(ctx: CheckContext | Prepared) -> CheckResult:
    """``project.crediting_period``: the crediting period against the programme's rule; the
    project start; at verification the monitoring period inside the crediting period; at
    validation the ex-ante table covering exactly the crediting period's years.

    Status: fail when the monitoring period lies (partly) outside the crediting period,
    the crediting period starts before the project, the ex-ante years are not the
    crediting period's, or a confirmed programme rule is broken; warn when an
    UNCONFIRMED rule is broken or the type (fixed / renewable) is not stated; n/a without
    ``[crediting]`` or for a programme without a rule here.
    """
    code = "project.crediting_period"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, PROJECTS)
    if gate is not None:
        return gate
    c = p.ctx.crediting
    if c is None:
        return not_applicable(code, "The manifest has no [crediting] section.",
                              "案卷未載明計入期（[crediting]）。")
    rule = programme_rule(p.ctx.programme)
    if rule is None:
        return not_applicable(
            code, f"No crediting-period rule for programme {p.ctx.programme or '(none)'}.",
            f"無方案 {p.ctx.programme or '（未載明）'} 的計入期規定。")
    figures: dict[str, object] = {
        "programme": rule.name, "start": _d(c.start), "end": _d(c.end),
        "length_years": c.length_years, "type": c.type, "renewal": c.renewal,
        "crediting_period_number": c.renewal + 1, "sector": c.sector,
        "rule_confirmed": rule.confirmed, "rule_source": rule.source,
    }
    en: list[str] = [f"Crediting period {_d(c.start)} to {_d(c.end)} ({c.length_years} years"
                     f"{', ' + c.type if c.type else ''}, period {c.renewal + 1}) under "
                     f"{rule.name}."]
    zh: list[str] = [f"計入期 {_d(c.start)} 至 {_d(c.end)}（{c.length_years} 年"
                     f"{'，' + ('固定型' if c.type == 'fixed' else '展延型') if c.type else ''}"
                     f"，第 {c.renewal + 1} 期），適用 {rule.name}。"]
    status, rows = "pass", []
    if c.type is None:
        status = "warn"
        en.append("The type (fixed or renewable) is not stated.")
        zh.append("未載明計入期類型（固定型或展延型）。")
    broken = rule_problems(c, rule)
    if broken:
        status = worst(status, "fail" if rule.confirmed else "warn")
        en.append("Against the programme's rule: " + "; ".join(b[0] for b in broken) + "."
                  + ("" if rule.confirmed else " (The rule is UNCONFIRMED: check the "
                                              "programme's current text.)"))
        zh.append("不符方案規定：" + "；".join(b[1] for b in broken) + "。"
                  + ("" if rule.confirmed else "（此規定尚待確認，請查閱方案最新條文。）"))
    if c.project_start is not None:
        figures["project_start"] = _d(c.project_start)
        if c.start < c.project_start:
            status = "fail"
            en.append(f"The crediting period starts ({_d(c.start)}) before the project "
                      f"({_d(c.project_start)}).")
            zh.append(f"計入期起始日（{_d(c.start)}）早於專案起始日（{_d(c.project_start)}）。")
    ps, pe = p.ctx.period_start, p.ctx.period_end
    if p.ctx.engagement_type == "verification" and ps and pe:
        inside = c.start <= ps and pe <= c.end
        figures["monitoring_period_inside"] = inside
        if not inside:
            status = "fail"
            rows.append("period")
            en.append(f"The monitoring period {_d(ps)} to {_d(pe)} is not inside the "
                      f"crediting period {_d(c.start)} to {_d(c.end)}.")
            zh.append(f"監測期間 {_d(ps)} 至 {_d(pe)} 不在計入期 "
                      f"{_d(c.start)} 至 {_d(c.end)} 之內。")
    m = p.ctx.methodology
    if p.ctx.engagement_type == "validation" and m is not None and m.ex_ante:
        want = set(calendar_years(c))
        have = {r.year for r in m.ex_ante}
        missing, extra = sorted(want - have), sorted(have - want)
        figures["ex_ante_missing_years"] = missing
        figures["ex_ante_extra_years"] = extra
        if missing or extra:
            status = "fail"
            rows += [str(y) for y in (*missing, *extra)]
            if missing:
                en.append(f"The ex-ante table lacks years {list_rows(map(str, missing))}.")
                zh.append(f"事前估算表缺少年份 {list_rows(map(str, missing))}。")
            if extra:
                en.append(f"The ex-ante table has years outside the crediting period: "
                          f"{list_rows(map(str, extra))}.")
                zh.append(f"事前估算表含計入期以外之年份：{list_rows(map(str, extra))}。")
    return CheckResult(code, status, figures, " ".join(en), rows, "".join(zh))
