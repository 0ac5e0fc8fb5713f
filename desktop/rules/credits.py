"""Retired-credit checks for carbon-neutrality claims: ``credits.vintage``,
``credits.retirement``, ``credits.beneficiary`` and ``credits.sufficiency``.

Serial parsing and the serial-based checks live in :mod:`desktop.rules.serials`.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import pandas as pd

from .context import NEUTRALITY, CheckContext
from .inventory import numbers
from .prepared import Prepared, prepare
from .result import CheckResult, fmt_t, list_rows, not_applicable, type_gate
from .serials import CreditTable, credits_or_na, new_units

T = TypeVar("T")
_VINTAGE = re.compile(r"^\s*(\d{4})\s*(?:[-–/]\s*(\d{4}))?\s*$")


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _vintage(value: object) -> tuple[float, float]:
    if isinstance(value, int | float | np.number) and float(value).is_integer():
        value = int(value)
    m = _VINTAGE.match(str(value))
    if m is None or (m[2] is not None and int(m[2]) < int(m[1])):
        return np.nan, np.nan
    return float(m[1]), float(m[2] or m[1])


def vintage_years(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """First and last year of each vintage (``2022`` or ``2021-2022``); NaN where unreadable.

    Vintages repeat, so only the distinct values are parsed."""
    codes, uniques = pd.factorize(values)
    years = np.array([_vintage(u) for u in uniques] + [(np.nan, np.nan)], dtype=float)
    picked = years[codes]  # code -1 (blank) takes the trailing NaN pair
    return picked[:, 0].copy(), picked[:, 1].copy()


def _dates(table: CreditTable, column: str) -> np.ndarray:
    if column not in table.frame:
        return np.full(table.n, np.datetime64("NaT"), dtype="datetime64[ns]")
    col = table.frame[column]
    if not pd.api.types.is_datetime64_any_dtype(col):
        col = pd.to_datetime(col.astype("string"), format="ISO8601", errors="coerce")
    return col.to_numpy(dtype="datetime64[ns]")


def _norm_name(name: object) -> str:
    return " ".join(name.split()).casefold() if isinstance(name, str) else ""


def claimant_names(ctx: CheckContext) -> set[str]:
    """The names a retirement may be made out to: the client and the declared beneficiaries."""
    return {n for n in map(_norm_name, (ctx.client, *ctx.beneficiaries)) if n}


def foreign_mask(table: CreditTable, ctx: CheckContext) -> np.ndarray:
    """True where a credit's beneficiary is not the claimant (blank counts as foreign)."""
    allowed = claimant_names(ctx)
    if "beneficiary" not in table.frame:
        return np.ones(table.n, dtype=bool)
    codes, uniques = pd.factorize(table.frame["beneficiary"])
    ours = np.array([_norm_name(u) in allowed for u in uniques] + [False])
    return ~ours[codes]


def check_vintage(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.vintage``: the vintage's last year ≥ the period's end year − N (default 5).

    Clause: ISO 14068-1:2023 practice as taught — vintage no more than 5 years from the
    claimed period. UNCONFIRMED in the standard's text, so N is the setting
    ``vintage_window_years``; ``None`` turns the check off (n/a).
    """
    code = "credits.vintage"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    window, end = p.ctx.vintage_window_years, p.ctx.period_end
    if window is None:
        return not_applicable(
            code, "The vintage rule is switched off in the settings.", "年份規則已於設定中停用。"
        )
    if end is None:
        return not_applicable(
            code, "The claim states no period end.", "宣告未載明期間結束日，無法判斷年份。"
        )
    last = _vintages(p, table)[1]
    earliest = end.year - window
    unreadable = np.isnan(last)
    old = ~unreadable & (last < earliest)
    oldest = None if unreadable.all() else int(np.nanmin(last))
    figures = {"oldest_vintage": oldest, "earliest_allowed": earliest, "window_years": window}
    rows = table.label[old | unreadable].tolist()
    n_old, n_unread = int(old.sum()), int(unreadable.sum())
    rule = f"vintage ending in {earliest} or later ({window} years before {end.year})"
    rule_zh = f"年份須在 {earliest} 年以後（期間結束年 {end.year} 往前 {window} 年）"
    if n_old or n_unread:
        en = []
        zh = []
        if n_old:
            en.append(f"{n_old} credits are too old")
            zh.append(f"{n_old} 筆額度年份過舊")
        if n_unread:
            en.append(f"{n_unread} have no readable vintage")
            zh.append(f"{n_unread} 筆年份無法判讀")
        return CheckResult(
            code,
            "fail",
            figures,
            f"{'; '.join(en)} (rule: {rule}): {list_rows(rows)}.",
            rows,
            f"{'；'.join(zh)}（{rule_zh}）：{list_rows(rows)}。",
        )
    return CheckResult(
        code,
        "pass",
        figures,
        f"All vintages qualify: the oldest ends in {oldest}; rule: {rule}.",
        [],
        f"所有額度年份皆符合：最舊為 {oldest} 年；{rule_zh}。",
    )


# ------------------------------------------------------------------ retirement window


@dataclass(frozen=True)
class RetirementRule:
    """The retirement deadline(s) that apply to the engagement (see :func:`retirement_rule`).

    ``windows`` are ``(basis, deadline)`` pairs, every one of which must hold, so the
    effective ``deadline`` is the earliest; ``None`` when no window applies (a PAS 2060
    event). ``notes`` explain a fallback or an exemption; ``missing_declaration`` makes the
    check a ``warn`` at best.
    """

    windows: tuple[tuple[str, date], ...]
    notes: tuple[tuple[str, str], ...] = ()  # (English, Chinese)
    missing_declaration: bool = False

    @property
    def deadline(self) -> date | None:
        return min((d for _b, d in self.windows), default=None)

    @property
    def basis(self) -> str:
        return " + ".join(b for b, _d in self.windows) or "none"

    def describe(self, months: int) -> tuple[str, str]:
        """The windows for a message: ``12 months after the declaration: 2026-03-31``."""
        zh_basis = {"declaration": "達成宣告日", "period end": "期間結束日"}
        en = "; ".join(f"{months} months after the {b}: {d}" for b, d in self.windows)
        zh = "；".join(f"{zh_basis.get(b, b)}後 {months} 個月：{d}" for b, d in self.windows)
        return en, zh


def _compact(text: str) -> str:
    return "".join(text.split()).casefold()


def criteria_flags(ctx: CheckContext) -> tuple[bool, bool]:
    """Whether the criteria name PAS 2060 and ISO 14068-1 (case and spaces ignored)."""
    names = [_compact(c) for c in ctx.criteria]
    return any("pas2060" in c for c in names), any("14068" in c for c in names)


def retirement_rule(ctx: CheckContext) -> RetirementRule | None:
    """The retirement windows for ``ctx``, or ``None`` without a period end.

    - PAS 2060:2014 §9.1.2(e): retired within N months of the declaration of achievement
      (``declaration_date``); events are exempt. Without a declaration date the period end
      is used, with a warning.
    - ISO 14068-1:2023 clause 11: retired no later than N months after the period's end.
    - Both in the criteria: both windows hold. Neither: the period-end rule (design §5).
    N is the setting ``retirement_window_months`` (12).
    """
    end = ctx.period_end
    if end is None:
        return None
    months = ctx.retirement_window_months
    pas, iso = criteria_flags(ctx)
    windows: list[tuple[str, date]] = []
    notes: list[tuple[str, str]] = []
    missing = False
    if pas:
        if ctx.subject_kind == "event":
            notes.append(
                (
                    "PAS 2060 exempts events from the retirement window",
                    "PAS 2060 之活動不受註銷期限限制",
                )
            )
        elif ctx.declaration_date is not None:
            windows.append(("declaration", add_months(ctx.declaration_date, months)))
        else:
            missing = True
            windows.append(("period end", add_months(end, months)))
            notes.append(
                (
                    "declaration date missing; the period end is used",
                    "未載明達成宣告日期，改以期間結束日計算",
                )
            )
    if (iso or not pas) and not missing:  # (a missing declaration already used the period end)
        windows.append(("period end", add_months(end, months)))
    return RetirementRule(tuple(windows), tuple(notes), missing)


@dataclass(frozen=True, eq=False)
class Retirements:
    """Per credit: no valid retirement date, retired after the deadline, retired before its
    vintage ended (not ex post). ``rule`` is ``None`` without a period end."""

    rule: RetirementRule | None
    missing: np.ndarray
    late: np.ndarray
    early: np.ndarray


def _memo(p: Prepared, key: str, make: Callable[[], T]) -> T:
    """``make()`` computed once per run (several checks share it)."""
    cache = p.__dict__.setdefault("_credit_memo", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _vintages(p: Prepared, table: CreditTable) -> tuple[np.ndarray, np.ndarray]:
    def make() -> tuple[np.ndarray, np.ndarray]:
        if "vintage" not in table.frame:
            return np.full(table.n, np.nan), np.full(table.n, np.nan)
        return vintage_years(table.frame["vintage"])

    return _memo(p, "vintage", make)


def retirements(p: Prepared, table: CreditTable) -> Retirements:
    """Which credits are not retired, retired late, or retired before their vintage ended."""

    def make() -> Retirements:
        rule = retirement_rule(p.ctx)
        retired = _dates(table, "retired_on")
        missing = np.isnat(retired)
        late = np.zeros(table.n, dtype=bool)
        if rule is not None and rule.deadline is not None:
            late = ~missing & (retired > np.datetime64(rule.deadline, "ns"))
        last = _vintages(p, table)[1]
        years = retired.astype("datetime64[Y]").astype("int64") + 1970
        # ex post: the vintage (its last year) ended before the retirement
        early = ~missing & ~np.isnan(last) & (years <= last)
        return Retirements(rule, missing, late, early)

    return _memo(p, "retirement", make)


def check_retirement(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.retirement``: retired within the criteria's window, and ex post.

    Clauses: PAS 2060:2014 §9.1.2(e) — retired within 12 months of the declaration of
    achievement (events excepted); §9.1.2(d) and ISO 14068-1 — credits are ex post (the
    vintage ended before the retirement); ISO 14068-1:2023 clause 11 — retired no later than
    12 months after the end of the period. See :func:`retirement_rule`. Exactly N calendar
    months after is on time, the day after is late. A credit with no (readable) retirement
    date is not retired and fails. Without a period end the check is ``n/a``.
    """
    code = "credits.retirement"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    status = retirements(p, table)
    rule = status.rule
    if rule is None:
        return not_applicable(
            code,
            "The claim states no period end, so the retirement window cannot be set.",
            "宣告未載明期間結束日，無法訂定註銷期限。",
        )
    months = p.ctx.retirement_window_months
    deadline = rule.deadline
    figures = {
        "late": int(status.late.sum()),
        "early": int(status.early.sum()),
        "not_retired": int(status.missing.sum()),
        "deadline": deadline.isoformat() if deadline else None,
        "basis": rule.basis,
        "windows": {b: d.isoformat() for b, d in rule.windows},
        "declaration_date": (
            p.ctx.declaration_date.isoformat() if p.ctx.declaration_date else None
        ),
    }
    note = "".join(f" Note: {en}." for en, _zh in rule.notes)
    note_zh = "".join(f"註：{zh}。" for _en, zh in rule.notes)
    bad = status.late | status.early | status.missing
    rows = table.label[bad].tolist()
    rule_en, rule_zh = rule.describe(months)
    if not rows:
        if deadline:
            when = f"by {deadline.isoformat()} ({rule_en})"
            when_zh = f"於 {deadline} 前（{rule_zh}）"
        else:
            when, when_zh = "(no retirement window applies)", "（無註銷期限）"
        return CheckResult(
            code,
            "warn" if rule.missing_declaration else "pass",
            figures,
            f"All {table.n} credits were retired {when}, each after its vintage ended.{note}",
            [],
            f"{table.n} 筆額度皆已{when_zh}註銷，且皆於其年份結束後註銷。{note_zh}",
        )
    en, zh = [], []
    if figures["late"]:
        en.append(f"{figures['late']} retired after {deadline} ({rule_en})")
        zh.append(f"{figures['late']} 筆於 {deadline} 後才註銷（{rule_zh}）")
    if figures["early"]:
        en.append(f"{figures['early']} retired before their vintage ended (not ex post)")
        zh.append(f"{figures['early']} 筆於額度年份結束前即註銷（非事後額度）")
    if figures["not_retired"]:
        en.append(f"{figures['not_retired']} have no valid retirement date (not retired)")
        zh.append(f"{figures['not_retired']} 筆無有效註銷日期（未註銷）")
    return CheckResult(
        code,
        "fail",
        figures,
        f"{'; '.join(en)}: {list_rows(rows)}.{note}",
        rows,
        f"{'；'.join(zh)}：{list_rows(rows)}。{note_zh}",
    )


def check_beneficiary(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.beneficiary``: every retirement names the claimant as beneficiary.

    Clause: ISO 14068-1:2023 — no credit claimed by another entity; PAS 2060:2014 — credits
    retired on behalf of the claimant. Names compare case-insensitively with whitespace
    collapsed, against ``client`` and the declared ``beneficiaries``.
    """
    code = "credits.beneficiary"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    if not claimant_names(p.ctx):
        return not_applicable(
            code,
            "The manifest names no client or beneficiary to compare with.",
            "案卷未載明委託者或受益者名稱，無法比對。",
        )
    foreign = _memo(p, "foreign", lambda: foreign_mask(table, p.ctx))
    rows = table.label[foreign].tolist()
    figures = {"foreign": len(rows)}
    if not rows:
        return CheckResult(
            code,
            "pass",
            figures,
            f"All {table.n} retirements name the claimant as beneficiary.",
            [],
            f"{table.n} 筆註銷皆以宣告者為受益者。",
        )
    return CheckResult(
        code,
        "fail",
        figures,
        f"{len(rows)} credits were retired for someone else or name no beneficiary, so they "
        f"cannot serve this claim: {list_rows(rows)}.",
        rows,
        f"有 {len(rows)} 筆額度的受益者非宣告者或未載明，不得用於本宣告：{list_rows(rows)}。",
    )


# Why a block is not counted in ``credits.sufficiency`` (code → English, Chinese).
INELIGIBLE: dict[str, tuple[str, str]] = {
    "unparsed": ("serial does not parse", "序號無法解析"),
    "no quantity": ("no quantity", "未填數量"),
    "not retired": ("not retired", "未註銷"),
    "foreign": ("retired for someone else", "受益者非宣告者"),
    "no vintage": ("no readable vintage", "年份無法判讀"),
    "too old": ("vintage too old", "年份過舊"),
    "late": ("retired late", "逾期註銷"),
    "early": ("retired before its vintage ended", "於年份結束前註銷"),
    "repeated": ("units already counted in another block", "與其他區段重複之額度"),
    "over block": ("quantity above the block size", "數量大於序號區段"),
    "registry": ("not (fully) matched by the registry export", "未（全數）獲登錄處匯出檔確認"),
}


@dataclass(frozen=True, eq=False)
class Eligibility:
    """Per credit block: the units counted toward the claim and why others are not."""

    counted: np.ndarray  # int64 units each block adds (0 for an ineligible block)
    reasons: dict[str, np.ndarray]  # INELIGIBLE code → bool mask (partial ones included)
    claimed: float  # the table's quantities summed (NaN ignored)

    @property
    def eligible(self) -> float:
        return float(self.counted.sum())


def eligibility(p: Prepared, table: CreditTable) -> Eligibility:
    """Which units count (design §12): de-duplicated ranges within a numbering series, at
    most the block (``end − start + 1``; a smaller quantity counts that many units from
    the start of the block), and never a block that is unparsed, without a quantity, not
    retired, retired for someone else (when the claimant is named), without a readable
    vintage, too old (the vintage setting), retired late or before its vintage ended. With a
    registry export, a block counts at most the units the registry confirms (retired for the
    claimant, in time: :func:`desktop.rules.registry.registry_units`; reason ``registry``)."""
    ctx = p.ctx
    qty = numbers(table.frame, "quantity")
    whole = np.floor(np.where(np.isfinite(qty), qty, 0.0))
    size = table.end - table.start + 1
    ret = retirements(p, table)
    last = _vintages(p, table)[1]
    zeros = np.zeros(table.n, dtype=bool)
    too_old = zeros
    if ctx.vintage_window_years is not None and ctx.period_end is not None:
        too_old = ~np.isnan(last) & (last < ctx.period_end.year - ctx.vintage_window_years)
    foreign = zeros
    if claimant_names(ctx):  # else there is no name to compare with
        foreign = _memo(p, "foreign", lambda: foreign_mask(table, ctx))
    reasons = {
        "unparsed": ~table.parsed,
        "no quantity": whole < 1,
        "not retired": ret.missing,
        "foreign": foreign,
        "no vintage": np.isnan(last),
        "too old": too_old,
        "late": ret.late,
        "early": ret.early,
    }
    bad = np.logical_or.reduce(list(reasons.values()))
    ok = np.flatnonzero(~bad)
    units = np.minimum(whole[ok].astype(np.int64), size[ok])
    from .registry import registry_units  # (a cycle at import time otherwise)

    confirmed = registry_units(p, table)  # with an export, only the units it confirms
    short = zeros.copy()
    if confirmed is not None:
        short[ok] = confirmed[ok] < units
        short[np.flatnonzero(bad)] = confirmed[bad] < size[bad]
        units = np.minimum(units, confirmed[ok])
    counted = np.zeros(table.n, dtype=np.int64)
    series = _memo(p, "series", lambda: pd.factorize(table.key)[0])  # -1 where unparsed
    counted[ok] = new_units(series[ok], table.start[ok], table.start[ok] + units - 1)
    repeated = zeros.copy()
    repeated[ok] = counted[ok] < units
    over = zeros.copy()
    over[ok] = whole[ok] > size[ok]
    reasons |= {"repeated": repeated, "over block": over}
    if confirmed is not None:
        reasons["registry"] = short
    return Eligibility(counted, reasons, float(np.nansum(qty)))


def _why(table: CreditTable, reasons: dict[str, np.ndarray]) -> dict[str, list[str]]:
    """Each listed block's label (in row order) → its reasons; rows sharing a label merge."""
    codes = list(reasons)
    listed = np.flatnonzero(np.logical_or.reduce(list(reasons.values())))
    hits = np.stack([reasons[c][listed] for c in codes]) if codes else np.zeros((0, 0), bool)
    out: dict[str, list[str]] = {}
    for j, label in enumerate(table.label[listed].tolist()):
        mine = out.setdefault(label, [])
        mine.extend(c for c, hit in zip(codes, hits[:, j], strict=True) if hit and c not in mine)
    return out


def check_sufficiency(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.sufficiency``: eligible units cover max(claimed, recomputed) footprint.

    Clause: PAS 2060:2014 / ISO 14068-1:2023 — residual emissions are offset in full, with
    credits that meet the quality rules. The conservative requirement is the larger of the
    claimed footprint and the recomputed included total. Only eligible units count (design
    §12, :func:`eligibility`): ``claimed_tco2e`` is what the table says, ``eligible_tco2e``
    (= ``retired_tco2e``, the name kept for older readers) what counts; ``rows`` names the
    blocks not (fully) counted and ``why`` gives the reasons. An empty credits table counts
    as nothing retired.
    """
    code = "credits.sufficiency"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, NEUTRALITY)
    if gate is not None:
        return gate
    credits = p.credits
    if credits is None:
        return not_applicable(code, "The dossier has no credits table.", "案卷未附減量額度表。")
    needs = [p.ctx.reported_emissions_tco2e]
    if p.inventory is not None:
        needs.append(p.inventory.included_total)
    if all(x is None for x in needs):
        return not_applicable(
            code,
            "Neither a claimed footprint nor an inventory to compare the credits with.",
            "既無宣告碳足跡亦無排放清冊，無法比對額度是否足夠。",
        )
    required = max(x for x in needs if x is not None)
    elig = eligibility(p, credits)
    eligible = elig.eligible
    shortfall = max(0.0, required - eligible)
    why = _why(credits, elig.reasons)
    rows = list(why)
    figures = {
        "retired_tco2e": eligible,
        "required_tco2e": required,
        "shortfall_tco2e": shortfall,
        "claimed_tco2e": elig.claimed,
        "eligible_tco2e": eligible,
        "ineligible": {c: int(m.sum()) for c, m in elig.reasons.items() if m.any()},
        "why": why,
    }
    note = note_zh = ""
    if why:
        shown = list(why.items())[:5]
        more = f" (+{len(why) - 5})" if len(why) > 5 else ""
        note = (
            " Not counted, or not in full: "
            + "; ".join(
                f"{label} ({', '.join(INELIGIBLE[c][0] for c in cs)})" for label, cs in shown
            )
            + f"{more}."
        )
        note_zh = (
            "未計入或未全數計入："
            + "；".join(
                f"{label}（{'、'.join(INELIGIBLE[c][1] for c in cs)}）" for label, cs in shown
            )
            + f"{more}。"
        )
    claimed = (
        f" (the table claims {fmt_t(elig.claimed)} t)"
        if not math.isclose(elig.claimed, eligible)
        else ""
    )
    claimed_zh = f"（額度表宣稱 {fmt_t(elig.claimed)} 公噸）" if claimed else ""
    if shortfall <= 1e-9:
        return CheckResult(
            code,
            "pass",
            figures,
            f"Eligible {fmt_t(eligible)} t ≥ required {fmt_t(required)} tCO2e{claimed}.{note}",
            rows,
            f"合格額度 {fmt_t(eligible)} 公噸 ≥ 應抵換 {fmt_t(required)} tCO2e{claimed_zh}。"
            f"{note_zh}",
        )
    return CheckResult(
        code,
        "fail",
        figures,
        f"Eligible {fmt_t(eligible)} t < required {fmt_t(required)} tCO2e{claimed}: short by "
        f"{fmt_t(shortfall)}.{note}",
        rows,
        f"合格額度 {fmt_t(eligible)} 公噸 < 應抵換 {fmt_t(required)} tCO2e{claimed_zh}，"
        f"短缺 {fmt_t(shortfall)}。{note_zh}",
    )
