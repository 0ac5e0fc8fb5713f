"""Footprint coverage checks for carbon-neutrality claims (PAS 2060:2014, ISO 14068-1:2023).

``coverage.threshold``, ``coverage.scope12``, ``coverage.exclusions`` and
``coverage.reported``; all vectorised over the inventory's typed arrays.
"""

from __future__ import annotations

import numpy as np

from .context import CheckContext, under
from .inventory import Inventory, inventory_or_na
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
    outside_criteria,
)

REQUIRED_COVERAGE_PCT = 95.0
"""PAS 2060 training material: the footprint covers ≥ 95 % (UNCONFIRMED against BSI text)."""
SINGLE_SOURCE_SHARE_PCT = 50.0
"""Above this share one source moves the 95 % rule to the remaining sources (UNCONFIRMED)."""
SCOPE3_MATERIAL_PCT = 1.0
"""PAS 2060: scope 3 sources above 1 % of the total are material and should be included."""

_EPS = 1e-9


def _largest(inv: Inventory, emissions: np.ndarray) -> int:
    """Index of the largest source; ties go to the smallest label (order-independent)."""
    top = emissions.max()
    candidates = np.flatnonzero(emissions == top)
    if len(candidates) == 1:
        return int(candidates[0])
    return int(min(candidates, key=lambda i: str(inv.label[i])))


def check_coverage_threshold(ctx: CheckContext | Prepared) -> CheckResult:
    """``coverage.threshold``: included sources cover ≥ 95 % of the footprint.

    Clause: PAS 2060:2014 footprint requirements (95 % coverage; where one source is more
    than 50 % of the total, the 95 % applies to the remaining sources and that source must
    be included) — both figures come from PAS 2060 training material and are UNCONFIRMED
    against the BSI text. Exactly 50 % is not "more than 50 %". Negative entries are
    ignored (a footprint does not net removals), so coverage never exceeds 100 %.
    """
    code = "coverage.threshold"
    p = prepare(ctx)
    if not under(p.ctx, "PAS 2060") and p.ctx.engagement_type == "carbon-neutrality":
        return outside_criteria(code, "PAS 2060")  # the 95 % / 50 % rule is PAS 2060's
    inv = inventory_or_na(code, p)
    if isinstance(inv, CheckResult):
        return inv
    if inv.n == 0:
        return CheckResult(
            code, "fail", {}, "The inventory lists no sources.", [], "排放清冊未列任何排放源。"
        )
    raw = inv.emissions
    emissions = np.where(raw < 0, 0.0, raw)
    total = float(emissions.sum())
    if total <= 0:
        return CheckResult(
            code,
            "fail",
            {"total_tco2e": total},
            "The inventory's total is zero: coverage cannot be computed.",
            [],
            "排放清冊總排放量為零，無法計算涵蓋率。",
        )
    included = float(emissions[inv.included].sum())
    coverage = min(100.0, included / total * 100)
    i = _largest(inv, emissions)
    largest, largest_id = float(emissions[i]), str(inv.label[i])
    largest_in = bool(inv.included[i])
    share = largest / total * 100
    excluded_rows = inv.label[~inv.included].tolist()
    if share > SINGLE_SOURCE_SHARE_PCT + _EPS:
        basis = "remainder"
        rest_total = max(0.0, total - largest)
        rest_in = max(0.0, included - (largest if largest_in else 0.0))
        basis_cov = 100.0 if rest_total <= _EPS else min(100.0, rest_in / rest_total * 100)
        ok = largest_in and basis_cov >= REQUIRED_COVERAGE_PCT - _EPS
        rows = [largest_id, *(r for r in excluded_rows if r != largest_id)]
    else:
        basis, basis_cov = "all", coverage
        rest_total, rest_in = total, included
        ok = basis_cov >= REQUIRED_COVERAGE_PCT - _EPS
        rows = excluded_rows
    figures = {
        "total_tco2e": total,
        "included_tco2e": included,
        "coverage_pct": coverage,
        "largest_source": largest_id,
        "largest_share_pct": share,
        "basis": basis,
        "basis_coverage_pct": basis_cov,
    }
    req = fmt_rule(REQUIRED_COVERAGE_PCT)
    if basis == "remainder":
        why = f"{largest_id} is {fmt_pct(share)} of the total, more than 50 %"
        why_zh = f"{largest_id} 佔總排放量 {fmt_pct(share)}，超過 50 %"
        if not largest_in:
            return CheckResult(
                code,
                "fail",
                figures,
                f"{why}, but it is excluded: a source above 50 % must be included.",
                rows,
                f"{why_zh}，但該排放源被排除：超過 50 % 的排放源必須納入。",
            )
        en = (
            f"Coverage {fmt_pct(basis_cov)} of the remaining sources ({fmt_t(rest_in)} of "
            f"{fmt_t(rest_total)} tCO2e; at least {req} required): {why}, so the rule applies "
            f"to the other sources."
        )
        zh = (
            f"涵蓋率 {fmt_pct(basis_cov)}（以其餘排放源為基準）：{why_zh}，故 {req} 門檻以其餘"
            f"排放源計算；其餘 {fmt_t(rest_total)} tCO2e 中已納入 {fmt_t(rest_in)} tCO2e。"
        )
    else:
        en = (
            f"Coverage {fmt_pct(coverage)} of the total footprint ({fmt_t(included)} of "
            f"{fmt_t(total)} tCO2e; at least {req} required; no source above 50 %)."
        )
        zh = (
            f"涵蓋率 {fmt_pct(coverage)}（以總排放量為基準）：{fmt_t(total)} tCO2e 中已納入 "
            f"{fmt_t(included)} tCO2e，須達 {req} 以上；無單一排放源超過 50 %。"
        )
    if (raw < 0).any():
        n_neg = int((raw < 0).sum())
        en += f" {n_neg} negative entries were ignored."
        zh += f"另有 {n_neg} 筆負值未計入。"
    return CheckResult(code, "pass" if ok else "fail", figures, en, rows, zh)


def check_coverage_scope12(ctx: CheckContext | Prepared) -> CheckResult:
    """``coverage.scope12``: every scope 1 and scope 2 source is included.

    Clause: PAS 2060:2014 — 100 % of scope 1 and 2 emissions; ISO 14068-1:2023 likewise
    requires all direct and energy-indirect emissions in the subject's boundary. Excluded
    sources whose scope is blank or not 1–3 cannot be cleared: they give ``warn``.
    """
    code = "coverage.scope12"
    p = prepare(ctx)
    inv = inventory_or_na(code, p)
    if isinstance(inv, CheckResult):
        return inv
    excluded = ~inv.included
    bad = excluded & np.isin(inv.scope, (1, 2))
    unknown = excluded & ~np.isin(inv.scope, (1, 2, 3))
    excluded_t = float(inv.emissions[bad].sum())
    rows = inv.label[bad].tolist()
    figures = {"excluded_tco2e": excluded_t}
    if rows:
        return CheckResult(
            code,
            "fail",
            figures,
            f"{len(rows)} scope 1/2 sources are excluded ({fmt_t(excluded_t)} tCO2e): "
            f"{list_rows(rows)}. Scope 1 and 2 must be covered in full.",
            rows,
            f"有 {len(rows)} 筆範疇一／二排放源被排除（{fmt_t(excluded_t)} tCO2e）："
            f"{list_rows(rows)}。範疇一與範疇二須全數納入。",
        )
    if unknown.any():
        rows = inv.label[unknown].tolist()
        return CheckResult(
            code,
            "warn",
            figures,
            f"{len(rows)} excluded sources have no valid scope ({list_rows(rows)}): confirm "
            f"they are not scope 1 or 2.",
            rows,
            f"有 {len(rows)} 筆被排除的排放源未標明有效範疇（{list_rows(rows)}），"
            f"請確認其非範疇一或範疇二。",
        )
    return CheckResult(
        code,
        "pass",
        figures,
        "Every scope 1 and 2 source is included.",
        [],
        "範疇一與範疇二排放源皆已納入。",
    )


def _large_scope3_categories(inv, excluded, total: float) -> list[str]:
    """Scope 3 categories whose excluded emissions together exceed 1 % of the total."""
    if total <= 0 or "category" not in inv.frame:
        return []
    cats = inv.frame["category"].to_numpy(dtype=object)
    sums: dict[str, float] = {}
    for cat, value in zip(cats[excluded & (inv.scope == 3)],
                          inv.emissions[excluded & (inv.scope == 3)], strict=True):
        if isinstance(cat, str) and cat.strip() and value > 0:
            sums[cat.strip()] = sums.get(cat.strip(), 0.0) + float(value)
    return sorted(c for c, v in sums.items() if v / total * 100 > SCOPE3_MATERIAL_PCT)


def check_coverage_exclusions(ctx: CheckContext | Prepared) -> CheckResult:
    """``coverage.exclusions``: each exclusion is justified and estimated; no material
    scope 3 source is left out.

    Clause: PAS 2060:2014 — the footprint covers 100 % of scope 1 and 2 and every scope 3
    source above 1 % of the total (domain.md, December review); exclusions are justified in
    the qualifying explanatory statement. A missing reason or a missing estimate fails.
    Scope 3 exclusions above 1 % of the total — per row, or per category when a category
    is split into small rows — fail under PAS 2060 and warn under other criteria (the
    verifier judges the justification). Percentages are of gross emissions (removals
    apart).
    """
    code = "coverage.exclusions"
    p = prepare(ctx)
    inv = inventory_or_na(code, p)
    if isinstance(inv, CheckResult):
        return inv
    excluded = ~inv.included
    n_excluded = int(excluded.sum())
    missing = np.zeros(inv.n, dtype=bool)
    if n_excluded:
        frame = inv.frame
        if "exclusion_reason" in frame:
            reasons = frame["exclusion_reason"].to_numpy(dtype=object)[excluded]
            missing[excluded] = [not (isinstance(r, str) and r.strip()) for r in reasons]
        else:
            missing[excluded] = True
    # gross emissions: removals (negative rows) are reported apart, never offset here
    total = float(np.where(inv.emissions < 0, 0.0, inv.emissions).sum())
    large = np.zeros(inv.n, dtype=bool)
    if total > 0:
        large = excluded & (inv.scope == 3) & (inv.emissions / total * 100 > SCOPE3_MATERIAL_PCT)
    # an excluded source without an estimate cannot be shown to be immaterial
    no_estimate = excluded & ~(np.abs(np.nan_to_num(inv.emissions, nan=0.0)) > 0)
    categories = _large_scope3_categories(inv, excluded, total)
    figures = {
        "excluded_count": n_excluded,
        "excluded_tco2e": float(np.nansum(inv.emissions[excluded])),
        "missing_reason": int(missing.sum()),
        "no_estimate": int(no_estimate.sum()),
        "scope3_above_1pct": int(large.sum()),
        "scope3_categories_above_1pct": categories,
    }
    miss_rows, large_rows = inv.label[missing].tolist(), inv.label[large].tolist()
    none_rows = inv.label[no_estimate].tolist()
    rows = list(dict.fromkeys(miss_rows + none_rows + large_rows))
    pas = under(p.ctx, "PAS 2060")
    if miss_rows or none_rows:
        en, zh = [], []
        if miss_rows:
            en.append(f"{len(miss_rows)} excluded sources give no reason: {list_rows(miss_rows)}")
            zh.append(f"有 {len(miss_rows)} 筆被排除的排放源未說明排除理由：{list_rows(miss_rows)}")
        if none_rows:
            en.append(f"{len(none_rows)} excluded sources have no estimate of their emissions, "
                      f"so they cannot be shown to be immaterial: {list_rows(none_rows)}")
            zh.append(f"有 {len(none_rows)} 筆被排除的排放源未估算排放量，無法證明其不具重大性："
                      f"{list_rows(none_rows)}")
        return CheckResult(code, "fail", figures, "; ".join(en) + ".", rows,
                           "；".join(zh) + "。")
    if large_rows or categories:
        what = list_rows(large_rows) if large_rows else ", ".join(categories)
        status = "fail" if pas else "warn"
        en = (f"Excluded scope 3 emissions above 1 % of the total ({what})"
              + (f"; by category: {', '.join(categories)}" if categories and large_rows else "")
              + (": PAS 2060 requires every scope 3 source above 1 % in the footprint."
                 if pas else ": check the justification."))
        zh = (f"被排除的範疇三排放超過總排放量 1 %（{what}）"
              + ("：PAS 2060 要求超過 1 % 之範疇三排放源皆須納入。" if pas
                 else "，請檢視排除理由是否充分。"))
        return CheckResult(code, status, figures, en, rows, zh)
    en = (
        f"{n_excluded} excluded sources, each with a reason."
        if n_excluded
        else "No source is excluded."
    )
    zh = f"{n_excluded} 筆被排除的排放源皆已說明理由。" if n_excluded else "沒有被排除的排放源。"
    return CheckResult(code, "pass", figures, en, rows, zh)


def check_coverage_reported(ctx: CheckContext | Prepared) -> CheckResult:
    """``coverage.reported``: the claimed footprint matches the recomputed included total.

    Clause: ISO 14064-3:2019 evaluation of the GHG statement against materiality; PAS 2060
    / ISO 14068-1 need the footprint quantified as claimed. ``difference_pct`` =
    (reported − recomputed) / reported × 100. Status: pass within the 0.5 % tolerance,
    warn below the materiality threshold (a finding to raise), fail at or above it.
    """
    code = "coverage.reported"
    p = prepare(ctx)
    inv = inventory_or_na(code, p)
    if isinstance(inv, CheckResult):
        return inv
    reported = p.ctx.reported_emissions_tco2e
    if reported is None:
        return not_applicable(
            code,
            "The claim states no reported footprint (claim.reported_emissions_tco2e).",
            "宣告未載明碳足跡排放量（claim.reported_emissions_tco2e）。",
        )
    recomputed = inv.included_total
    diff = reported - recomputed
    threshold = p.threshold.pct
    figures: dict[str, object] = {
        "reported_tco2e": reported,
        "recomputed_tco2e": recomputed,
        "difference_tco2e": diff,
        "difference_pct": None,
        "threshold_pct": threshold,
        "removals_tco2e": inv.included_removals,  # reported apart, never netted
    }
    if reported == 0:
        status = "pass" if abs(recomputed) <= 1e-9 else "fail"
        return CheckResult(
            code,
            status,
            figures,
            f"The reported footprint is 0; the included sources total {fmt_t(recomputed)} tCO2e.",
            [],
            f"宣告碳足跡為 0，納入排放源合計 {fmt_t(recomputed)} tCO2e。",
        )
    pct = diff / reported * 100
    figures["difference_pct"] = pct
    status = classify_difference(pct, threshold)
    nums = (
        f"reported {fmt_t(reported)} vs recomputed {fmt_t(recomputed)} tCO2e "
        f"({fmt_pct(pct)} of the reported figure)"
    )
    nums_zh = f"宣告 {fmt_t(reported)}、重新計算 {fmt_t(recomputed)} tCO2e（差異 {fmt_pct(pct)}）"
    if status == "pass":
        en = f"The reported footprint agrees: {nums}; tolerance {fmt_rule(TOLERANCE_PCT)}."
        zh = f"宣告碳足跡與重新計算相符：{nums_zh}；容許差 {fmt_rule(TOLERANCE_PCT)}。"
    elif status == "warn":
        en = f"The reported footprint differs: {nums}; below the {fmt_rule(threshold)} "
        en += "materiality threshold, but a finding to raise."
        zh = (
            f"宣告碳足跡有差異：{nums_zh}；低於重大性門檻 {fmt_rule(threshold)}，但應提出發現事項。"
        )
    else:
        en = f"The reported footprint differs materially: {nums}; threshold {fmt_rule(threshold)}."
        zh = f"宣告碳足跡有重大差異：{nums_zh}；重大性門檻 {fmt_rule(threshold)}。"
    if inv.included_removals:
        en += (f" Removals of {fmt_t(inv.included_removals)} tCO2e are reported apart: the "
               "footprint is gross emissions.")
        zh += f"移除量 {fmt_t(inv.included_removals)} tCO2e 另行揭露，碳足跡以總排放量計。"
    return CheckResult(code, status, figures, en, [], zh)
