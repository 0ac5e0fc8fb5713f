"""Retired-credit checks for carbon-neutrality claims: ``credits.vintage``,
``credits.retirement``, ``credits.beneficiary`` and ``credits.sufficiency``.

Serial parsing and the serial-based checks live in :mod:`desktop.rules.serials`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import numpy as np
import pandas as pd

from .context import NEUTRALITY, CheckContext
from .inventory import numbers
from .prepared import Prepared, prepare
from .result import CheckResult, fmt_t, list_rows, not_applicable, type_gate
from .serials import CreditTable, credits_or_na

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
    last = (
        vintage_years(table.frame["vintage"])[1]
        if "vintage" in table.frame
        else np.full(table.n, np.nan)
    )
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


def check_retirement(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.retirement``: retired within the window after the period, not before vintage.

    Clause: ISO 14068-1:2023 as taught — credits retired within 12 months after the end of
    the reporting period (the months are the setting ``retirement_window_months``; exactly
    12 calendar months after is on time, the day after is late). A retirement in a year
    before the credit's first vintage year is ``early``. A credit with no (readable)
    retirement date is not retired and fails.
    """
    code = "credits.retirement"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    months = p.ctx.retirement_window_months
    retired = _dates(table, "retired_on")
    missing = np.isnat(retired)
    deadline = add_months(p.ctx.period_end, months) if p.ctx.period_end else None
    late = np.zeros(table.n, dtype=bool)
    if deadline is not None:
        late = ~missing & (retired > np.datetime64(deadline, "ns"))
    first = (
        vintage_years(table.frame["vintage"])[0]
        if "vintage" in table.frame
        else np.full(table.n, np.nan)
    )
    years = retired.astype("datetime64[Y]").astype("int64") + 1970
    early = ~missing & ~np.isnan(first) & (years < first)
    figures = {
        "late": int(late.sum()),
        "early": int(early.sum()),
        "not_retired": int(missing.sum()),
        "deadline": deadline.isoformat() if deadline else None,
    }
    bad = late | early | missing
    rows = table.label[bad].tolist()
    if not rows:
        when = f"by {deadline.isoformat()}" if deadline else "(no period end: lateness not checked)"
        when_zh = (
            f"於 {deadline.isoformat()} 前" if deadline else "（未載明期間結束日，未檢查逾期）"
        )
        return CheckResult(
            code,
            "pass",
            figures,
            f"All {table.n} credits were retired {when}, none before its vintage.",
            [],
            f"{table.n} 筆額度皆已{when_zh}註銷，且無早於年份者。",
        )
    en, zh = [], []
    if figures["late"]:
        en.append(f"{figures['late']} retired after {deadline} ({months} months after the period)")
        zh.append(f"{figures['late']} 筆於 {deadline} 後才註銷（期間結束後 {months} 個月）")
    if figures["early"]:
        en.append(f"{figures['early']} retired before their vintage year")
        zh.append(f"{figures['early']} 筆註銷日早於額度年份")
    if figures["not_retired"]:
        en.append(f"{figures['not_retired']} have no valid retirement date (not retired)")
        zh.append(f"{figures['not_retired']} 筆無有效註銷日期（未註銷）")
    return CheckResult(
        code,
        "fail",
        figures,
        f"{'; '.join(en)}: {list_rows(rows)}.",
        rows,
        f"{'；'.join(zh)}：{list_rows(rows)}。",
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
    foreign = foreign_mask(table, p.ctx)
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


def check_sufficiency(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.sufficiency``: retired credits cover max(claimed, recomputed) footprint.

    Clause: PAS 2060:2014 / ISO 14068-1:2023 — residual emissions are offset in full. The
    conservative requirement is the larger of the claimed footprint and the recomputed
    included total. Counted: credits with a retirement date whose beneficiary is the
    claimant (when the manifest names one); others are listed and left out. An empty
    credits table counts as nothing retired.
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
    qty = numbers(credits.frame, "quantity")
    usable = ~np.isnat(_dates(credits, "retired_on")) & ~np.isnan(qty)
    if claimant_names(p.ctx):
        usable &= ~foreign_mask(credits, p.ctx)
    retired = float(qty[usable].sum())
    left_out = credits.label[~usable].tolist()
    shortfall = max(0.0, required - retired)
    figures = {"retired_tco2e": retired, "required_tco2e": required, "shortfall_tco2e": shortfall}
    note = note_zh = ""
    if left_out:
        note = (
            " Not counted (not retired, no quantity or another beneficiary): "
            f"{list_rows(left_out)}."
        )
        note_zh = f"未計入（未註銷、無數量或受益者不符）：{list_rows(left_out)}。"
    if shortfall <= 1e-9:
        return CheckResult(
            code,
            "pass",
            figures,
            f"Retired {fmt_t(retired)} t ≥ required {fmt_t(required)} tCO2e.{note}",
            left_out,
            f"已註銷 {fmt_t(retired)} 公噸 ≥ 應抵換 {fmt_t(required)} tCO2e。{note_zh}",
        )
    return CheckResult(
        code,
        "fail",
        figures,
        f"Retired {fmt_t(retired)} t < required {fmt_t(required)} tCO2e: short by "
        f"{fmt_t(shortfall)}.{note}",
        left_out,
        f"已註銷 {fmt_t(retired)} 公噸 < 應抵換 {fmt_t(required)} tCO2e，短缺 {fmt_t(shortfall)}。"
        f"{note_zh}",
    )
