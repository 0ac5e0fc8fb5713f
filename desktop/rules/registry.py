"""Claimed credits against the registries' own records (design §12): ``credits.registry_match``,
``credits.corresponding_adjustment``, ``credits.ccp`` and ``claims.vcmi_tier``.

The registry records come in ``CheckContext.registry`` (as :mod:`desktop.registry.read`
reads them; from an engagement file, only those overlapping a claimed block, looked up by
:mod:`desktop.registry.lookup`, with every export in ``registry_exports``); the sweep is
:func:`desktop.registry.reconcile.reconcile`.
A record covers a claimed unit *for the claim* when it is retired, for the claimant
(the client or a declared beneficiary; names compared without case, punctuation and
spacing — the beneficiary column, or, where the export has none or it is blank, the
free text such as CAR's ``Retirement Reason Details``), on a date within the retirement
window of ``credits.retirement`` and after its vintage ended. A later export's row for the
same block replaces an earlier one's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from desktop.names import normalise_name
from desktop.registry.formats import flag_word
from desktop.registry.reconcile import FOREIGN, GOOD, LATE, NOT_RETIRED, Coverage, reconcile

from .context import NEUTRALITY, CheckContext
from .credits import _memo, eligibility, retirement_rule, vintage_years
from .inventory import numbers
from .prepared import Prepared, prepare
from .result import CheckResult, fmt_pct, fmt_t, list_rows, not_applicable, type_gate
from .serial_format import registry_scheme
from .serials import CreditTable, credits_or_na

# Per claimed block, the worst first: what the registry says about it
STATUSES = ("unparsed", "no_export", "not_found", "foreign", "not_retired", "late", "partial",
            "matched")
STATUS_TEXT: dict[str, tuple[str, str]] = {
    "unparsed": ("serial does not parse", "序號無法解析"),
    "no_export": ("no export of its registry", "無其登錄處之匯出檔"),
    "not_found": ("not in the registry export", "於登錄處匯出檔中查無"),
    "foreign": ("retired for another entity", "已為他人註銷"),
    "not_retired": ("not retired in the registry", "於登錄處未註銷"),
    "late": ("retired outside the window or before its vintage ended",
             "逾期或於年份結束前註銷"),
    "partial": ("only partly in the registry export", "僅部分見於登錄處匯出檔"),
    "matched": ("matched", "相符"),
}
MISMATCHES = ("date_mismatch", "vintage_mismatch", "label_mismatch")
MISMATCH_TEXT = {
    "date_mismatch": ("retirement date differs", "註銷日期不符"),
    "vintage_mismatch": ("vintage differs", "年份不符"),
    "label_mismatch": ("CCP / CA label differs", "CCP／相應調整標示不符"),
}
_PUNCT = re.compile(r"[\W_]+")


def _n(count: int) -> str:
    return f"{count} block" if count == 1 else f"{count} blocks"


def _s(count: int) -> str:
    """The verb's -s after :func:`_n` (``1 block states``, ``2 blocks state``)."""
    return "s" if count == 1 else ""


def compact_name(name: object) -> str:
    """A name as compared with a registry's: :func:`desktop.names.normalise_name`, then
    without punctuation or spaces (``Example Steel Corp.`` = ``EXAMPLE-STEEL corp``)."""
    return _PUNCT.sub("", normalise_name(name)) if isinstance(name, str) else ""


@dataclass(frozen=True, eq=False)
class RegistryMatch:
    """The reconciliation of one run: per claimed block its status, good units and flags."""

    table: CreditTable
    records: pd.DataFrame  # the records used (latest per block), in export order
    coverage: Coverage
    status: np.ndarray  # object, STATUSES
    flags: dict[str, np.ndarray]  # MISMATCHES → bool per block
    checked_names: bool  # False when no claimant is named (beneficiaries not compared)

    @property
    def good(self) -> np.ndarray:
        return self.coverage.units[:, GOOD]

    def covering(self, i: int) -> pd.DataFrame:
        """The registry records that cover claimed block ``i`` (row order of the table)."""
        hits = self.coverage.pair_record[self.coverage.pair_claim == i]
        out = self.records.iloc[hits].copy()
        out["overlap"] = self.coverage.pair_units[self.coverage.pair_claim == i]
        return out


def exported(ctx: CheckContext) -> tuple[list[str], int, set[str]]:
    """The exports compared with (sorted), their record count and their registries: from
    ``registry_exports`` when the engagement file looked up only the records the claimed
    blocks touch, else from the records themselves."""
    if ctx.registry_exports:
        return (sorted({path for path, _r, _n in ctx.registry_exports}),
                sum(n for _p, _r, n in ctx.registry_exports),
                {r for _p, r, _n in ctx.registry_exports})
    reg = ctx.registry
    if reg is None:
        return [], 0, set()
    return sorted(set(reg["export"].tolist())), len(reg), set(reg["registry"].unique())


def _categories(records: pd.DataFrame, ctx: CheckContext) -> tuple[np.ndarray, bool]:
    """Each record's category: retired for the claimant in time, late, foreign, not retired."""
    names = {c for c in map(compact_name, (ctx.client, *ctx.beneficiaries)) if c}
    n = len(records)
    retired = (records["status"] == "retired").to_numpy()
    if names:
        ben_codes, ben_uniques = pd.factorize(records["beneficiary"])
        ben_ok = np.array([compact_name(b) in names for b in ben_uniques] + [False])[ben_codes]
        has_ben = ben_codes >= 0
        det_codes, det_uniques = pd.factorize(records["details"])
        det_ok = np.array(
            [any(nm in compact_name(d) for nm in names) for d in det_uniques] + [False]
        )[det_codes]
        ours = np.where(has_ben, ben_ok, det_ok)
    else:
        ours = np.ones(n, dtype=bool)
    day = pd.to_datetime(records["status_date"], format="ISO8601", errors="coerce").to_numpy(
        dtype="datetime64[ns]")
    in_time = ~np.isnat(day)
    rule = retirement_rule(ctx)
    if rule is not None and rule.deadline is not None:
        in_time &= day <= np.datetime64(rule.deadline, "ns")
    last = vintage_years(records["vintage"])[1]
    year = day.astype("datetime64[Y]").astype("int64") + 1970
    in_time &= np.isnan(last) | (year > last)  # ex post: the vintage ended before
    cat = np.full(n, NOT_RETIRED, dtype=np.int64)
    cat[retired & ours & in_time] = GOOD
    cat[retired & ours & ~in_time] = LATE
    cat[retired & ~ours] = FOREIGN
    return cat, bool(names)


def _claimed_flag(table: CreditTable, column: str) -> np.ndarray:
    if column not in table.frame:
        return np.full(table.n, None, dtype=object)
    return np.array([flag_word(v) for v in table.frame[column].tolist()], dtype=object)


def registry_match(p: Prepared) -> RegistryMatch | None:
    """The reconciliation (computed once per run); ``None`` without credits or exports."""

    def make() -> RegistryMatch | None:
        table, reg = p.credits, p.ctx.registry
        if table is None or reg is None:
            return None
        records = reg[reg["parsed"].astype(bool)]
        records = records.drop_duplicates(["key", "start", "end"], keep="last")
        records = records.reset_index(drop=True)
        cat, checked = _categories(records, p.ctx)
        key = np.where(table.parsed, table.key, None).astype(object)
        cov = reconcile(key, table.start, table.end, records["key"].to_numpy(dtype=object),
                        records["start"].to_numpy(np.int64), records["end"].to_numpy(np.int64),
                        cat)
        schemes = {registry_scheme(r) for r in exported(p.ctx)[2]}
        units = cov.units
        status = np.full(table.n, "matched", dtype=object)
        status[cov.uncovered > 0] = "partial"
        status[units[:, LATE] > 0] = "late"
        status[units[:, NOT_RETIRED] > 0] = "not_retired"
        status[units[:, FOREIGN] > 0] = "foreign"
        status[cov.covered == 0] = "not_found"
        status[~np.isin(table.scheme, list(schemes))] = "no_export"
        status[~table.parsed] = "unparsed"
        return RegistryMatch(table, records, cov, status, _flags(table, records, cov, cat),
                             checked)

    return _memo(p, "registry", make)


def _flags(table: CreditTable, records: pd.DataFrame, cov: Coverage,
           cat: np.ndarray) -> dict[str, np.ndarray]:
    """Per claimed block: a covering record of the claimant states another retirement date,
    vintage, CCP label or corresponding adjustment than the credits table."""
    pc, pr = cov.pair_claim, cov.pair_record
    mine = np.isin(cat[pr], (GOOD, LATE))
    pc, pr = pc[mine], pr[mine]
    out = {m: np.zeros(table.n, dtype=bool) for m in MISMATCHES}
    if not len(pc):
        return out
    frame = table.frame
    claimed_day = (frame["retired_on"].astype("string").str[:10].to_numpy(dtype=object)
                   if "retired_on" in frame else np.full(table.n, None, dtype=object))
    reg_day = records["status_date"].to_numpy(dtype=object)[pr]
    differs = np.array([bool(a) and bool(b) and a != b
                        for a, b in zip(claimed_day[pc], reg_day, strict=True)], dtype=bool)
    out["date_mismatch"][pc[differs]] = True
    if "vintage" in frame:
        c_first, c_last = vintage_years(frame["vintage"])
        r_first, r_last = vintage_years(records["vintage"])
        a1, a2, b1, b2 = c_first[pc], c_last[pc], r_first[pr], r_last[pr]
        known = ~np.isnan(a2) & ~np.isnan(b2)
        out["vintage_mismatch"][pc[known & ((a1 != b1) | (a2 != b2))]] = True
    for column, field in (("ccp_label", "ccp"), ("corresponding_adjustment", "ca")):
        claimed = _claimed_flag(table, column)[pc]
        reg = records[field].to_numpy(dtype=object)[pr]
        bad = np.array([a is not None and b is not None and bool(a) != bool(b)
                        for a, b in zip(claimed, reg, strict=True)], dtype=bool)
        out["label_mismatch"][pc[bad]] = True
    return out


def _no_export(code: str) -> CheckResult:
    return not_applicable(
        code,
        "No registry export: the claimed credits cannot be compared with the registry.",
        "未附登錄處匯出檔，無法與登錄處紀錄比對。",
    )


def check_registry_match(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.registry_match``: every claimed block is covered unit for unit by registry
    records retired for the claimant within the retirement window (design §12).

    Clause: ISO 14068-1:2023 clause 11 and PAS 2060:2014 §9 — credits retired on the
    claimant's behalf, no credit claimed by another entity; ICVCM CCP 2 (tracking) — the
    registry is the record. ``rows`` names the blocks that fail (or, on a ``warn``, whose
    date, vintage or labels differ from the registry's).
    """
    code = "credits.registry_match"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    m = registry_match(p)
    if m is None:
        return _no_export(code)
    counts = {s: int((m.status == s).sum()) for s in STATUSES}
    qty = np.nan_to_num(numbers(table.frame, "quantity"))
    claimed_units = np.where(table.parsed, table.end - table.start + 1, qty)
    matched_t = float(m.good.sum())
    flags = {k: int(v.sum()) for k, v in m.flags.items()}
    figures = {
        "blocks": table.n,
        **{s: counts[s] for s in ("matched", "partial", "not_found", "not_retired", "foreign",
                                  "late", "no_export", "unparsed")},
        "matched_tco2e": matched_t,
        "unmatched_tco2e": float(claimed_units.sum()) - matched_t,
        **flags,
        "exports": exported(p.ctx)[0],
        "records": exported(p.ctx)[1],
        # each block that is not matched → its status (a block not listed is matched)
        "block_status": {str(label): str(st) for label, st
                         in zip(table.label.tolist(), m.status.tolist(), strict=True)
                         if st != "matched"},
    }
    failing = m.status != "matched"
    flagged = np.logical_or.reduce([m.flags[k] for k in MISMATCHES])
    note = "" if m.checked_names else " No claimant is named: beneficiaries were not compared."
    note_zh = "" if m.checked_names else "案卷未載明宣告者，未比對受益者。"
    if failing.any():
        rows = list(dict.fromkeys(table.label[failing].tolist()))
        parts = [(s, counts[s]) for s in STATUSES if s != "matched" and counts[s]]
        en = "; ".join(f"{c} {STATUS_TEXT[s][0]}" for s, c in parts)
        zh = "；".join(f"{c} 個區段{STATUS_TEXT[s][1]}" for s, c in parts)
        return CheckResult(
            code, "fail", figures,
            f"{counts['matched']} of {table.n} claimed blocks match the registry "
            f"({fmt_t(matched_t)} t); {en}: {list_rows(rows)}.{note}",
            rows,
            f"{table.n} 個申報區段中 {counts['matched']} 個與登錄處紀錄相符"
            f"（{fmt_t(matched_t)} 公噸）；{zh}：{list_rows(rows)}。{note_zh}",
        )
    if flagged.any():
        rows = list(dict.fromkeys(table.label[flagged].tolist()))
        en = "; ".join(f"{flags[k]} {MISMATCH_TEXT[k][0]}" for k in MISMATCHES if flags[k])
        zh = "；".join(f"{flags[k]} 個區段{MISMATCH_TEXT[k][1]}" for k in MISMATCHES if flags[k])
        return CheckResult(
            code, "warn", figures,
            f"All {table.n} claimed blocks are retired for the claimant in the registry "
            f"({fmt_t(matched_t)} t), but the credits table differs from it ({en}): "
            f"{list_rows(rows)}.{note}",
            rows,
            f"{table.n} 個申報區段皆於登錄處為宣告者註銷（{fmt_t(matched_t)} 公噸），"
            f"但額度表與登錄處紀錄不一致（{zh}）：{list_rows(rows)}。{note_zh}",
        )
    return CheckResult(
        code, "pass", figures,
        f"All {table.n} claimed blocks are retired for the claimant in the registry, in time "
        f"({fmt_t(matched_t)} t).{note}",
        [],
        f"{table.n} 個申報區段皆於登錄處為宣告者如期註銷（{fmt_t(matched_t)} 公噸）。{note_zh}",
    )


def block_status(result: CheckResult | None, label: str) -> str | None:
    """A claimed block's registry status from a ``credits.registry_match`` result (for the
    Credits page and the opinion); ``None`` when there was no export to compare with."""
    if result is None or result.status == "n/a":
        return None
    return (result.figures.get("block_status") or {}).get(label, "matched")


def registry_units(p: Prepared, table: CreditTable) -> np.ndarray | None:
    """Units of each block the registry confirms (``None`` without an export): what
    ``credits.sufficiency`` may count at most."""
    m = registry_match(p)
    return None if m is None else m.good


def _no_ca_claimed(code: str) -> CheckResult:
    """Nothing to compare: no block claims a corresponding adjustment (or none that the
    registry speaks of), so the claim does not rely on one."""
    return CheckResult(
        code, "n/a", {"compared": 0},
        "No block claims a corresponding adjustment, and the registry states none to compare "
        "with.",
        [], "無區段宣稱已相應調整，登錄處亦未載明可供比對之相應調整。", inapplicable=True,
    )


def check_corresponding_adjustment(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.corresponding_adjustment``: the credits table's corresponding-adjustment
    flag agrees with the registry's Article 6 authorisation / CA label.

    Clause: VCMI Claims Code credit disclosures (corresponding adjustment); Paris Agreement
    Article 6.2 — a credit used by a company for a claim in another country's NDC needs
    one. A block the table marks as adjusted, whose registry records say nothing, is
    ``unconfirmed`` (a ``warn``); a disagreement fails. When no block claims an adjustment
    and the registry states none, the check is not part of the claim (``n/a``); a block
    claiming one without an export is ``n/a`` with the item left open.
    """
    code = "credits.corresponding_adjustment"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    claimed = _claimed_flag(table, "corresponding_adjustment")
    m = registry_match(p)
    if m is None:
        if not any(c is True for c in claimed):
            return _no_ca_claimed(code)
        return _no_export(code)
    reg = m.records["ca"].to_numpy(dtype=object)
    said = np.full(table.n, None, dtype=object)  # True / False / None per block
    for c, r in zip(m.coverage.pair_claim, m.coverage.pair_record, strict=True):
        v = reg[r]
        if v is not None:
            said[c] = bool(v) if said[c] is None else (said[c] and bool(v))
    both = np.array([a is not None and b is not None for a, b in zip(claimed, said,
                                                                        strict=True)])
    disagree = both & np.array([a != b for a, b in zip(claimed, said, strict=True)])
    unconfirmed = np.array([a is True and b is None for a, b in zip(claimed, said,
                                                                    strict=True)])
    figures = {"compared": int(both.sum()), "agree": int((both & ~disagree).sum()),
               "disagree": int(disagree.sum()), "unconfirmed": int(unconfirmed.sum())}
    if disagree.any():
        rows = table.label[disagree].tolist()
        return CheckResult(
            code, "fail", figures,
            f"{_n(len(rows))} state{_s(len(rows))} a corresponding adjustment the registry "
            f"does not (or the reverse): {list_rows(rows)}.",
            rows,
            f"有 {len(rows)} 個區段之相應調整標示與登錄處紀錄不符：{list_rows(rows)}。",
        )
    if unconfirmed.any():
        rows = table.label[unconfirmed].tolist()
        return CheckResult(
            code, "warn", figures,
            f"{_n(len(rows))} {'is' if len(rows) == 1 else 'are'} marked as correspondingly "
            "adjusted, but the registry "
            f"export says nothing about it: {list_rows(rows)}.",
            rows,
            f"有 {len(rows)} 個區段標示已相應調整，但登錄處匯出檔未載明：{list_rows(rows)}。",
        )
    if not both.any():
        return _no_ca_claimed(code)
    return CheckResult(
        code, "pass", figures,
        f"The corresponding-adjustment flag of all {figures['compared']} compared blocks "
        "agrees with the registry.",
        [],
        f"{figures['compared']} 個比對區段之相應調整標示皆與登錄處紀錄相符。",
    )


def _ccp_status(p: Prepared, table: CreditTable) -> tuple[np.ndarray, np.ndarray]:
    """Per block: CCP-labelled (registry when it says, else the table) and whether the
    registry confirmed it (``None`` where it says nothing or there is no export)."""
    claimed = _claimed_flag(table, "ccp_label")
    confirmed = np.full(table.n, None, dtype=object)
    m = registry_match(p)
    if m is not None:
        reg = m.records["ccp"].to_numpy(dtype=object)
        for c, r in zip(m.coverage.pair_claim, m.coverage.pair_record, strict=True):
            v = reg[r]
            if v is not None:
                confirmed[c] = bool(v) if confirmed[c] is None else (confirmed[c] and bool(v))
    labelled = np.array([(b if b is not None else a) is True
                         for a, b in zip(claimed, confirmed, strict=True)], dtype=bool)
    return labelled, confirmed


def check_ccp(ctx: CheckContext | Prepared) -> CheckResult:
    """``credits.ccp``: the blocks that must carry the ICVCM CCP label carry it.

    Required: every block when the claim names a VCMI tier (the VCMI Claims Code asks for
    high-quality credits; VeriDesk reads that as CCP-labelled, conservatively); otherwise
    the blocks the table marks as CCP-labelled (the label claimed must be the registry's).
    A label the registry contradicts fails; one it does not mention is ``unconfirmed``.
    Clause: ICVCM Assessment Framework — the CCP label is carried in the registry
    (domain.md: only when both the programme and the category are approved).
    """
    code = "credits.ccp"
    p = prepare(ctx)
    table = credits_or_na(code, p)
    if isinstance(table, CheckResult):
        return table
    claimed = _claimed_flag(table, "ccp_label")
    vcmi = bool(p.ctx.vcmi_tier)
    required = np.ones(table.n, dtype=bool) if vcmi else np.array([c is True for c in claimed])
    if not required.any():
        return CheckResult(
            code, "n/a", {"required": 0},
            "No block claims the CCP label and the claim names no VCMI tier.",
            [], "無區段宣稱具 CCP 標籤，且宣告未載明 VCMI 等級。", inapplicable=True,
        )
    labelled, confirmed = _ccp_status(p, table)
    missing = required & ~labelled
    unconfirmed = required & labelled & np.array([c is None for c in confirmed])
    figures = {"required": int(required.sum()), "labelled": int((required & labelled).sum()),
               "missing": int(missing.sum()), "unconfirmed": int(unconfirmed.sum())}
    why = "the claim names a VCMI tier" if vcmi else "the credits table claims it"
    why_zh = "宣告載明 VCMI 等級" if vcmi else "額度表宣稱具此標籤"
    if missing.any():
        rows = table.label[missing].tolist()
        return CheckResult(
            code, "fail", figures,
            f"{len(rows)} of the {_n(figures['required'])} that need the CCP label ({why}) "
            f"do not carry it: {list_rows(rows)}.",
            rows,
            f"{figures['required']} 個須具 CCP 標籤之區段（{why_zh}）中有 {len(rows)} 個未具標籤："
            f"{list_rows(rows)}。",
        )
    if unconfirmed.any():
        rows = table.label[unconfirmed].tolist()
        return CheckResult(
            code, "warn", figures,
            f"{_n(len(rows))} claim{_s(len(rows))} the CCP label but no registry record "
            f"confirms it: {list_rows(rows)}.",
            rows,
            f"有 {len(rows)} 個區段宣稱具 CCP 標籤，但無登錄處紀錄可佐證：{list_rows(rows)}。",
        )
    return CheckResult(
        code, "pass", figures,
        f"The {_n(figures['required'])} that need the CCP label ({why}) carry it in the "
        "registry.",
        [],
        f"{figures['required']} 個須具 CCP 標籤之區段（{why_zh}）皆於登錄處具此標籤。",
    )


VCMI_TIERS = (("platinum", 100.0), ("gold", 60.0), ("silver", 20.0))
_TIER_ZH = {"platinum": "白金級", "gold": "金級", "silver": "銀級", "none": "未達任何等級"}


def vcmi_tier(share_pct: float) -> str:
    """VCMI Claims Code tier for the share of remaining emissions covered: Silver 20 – < 60 %,
    Gold 60 – < 100 %, Platinum ≥ 100 % (domain.md, December review); below 20 %: none."""
    return next((t for t, floor in VCMI_TIERS if share_pct >= floor - 1e-9), "none")


def check_vcmi_tier(ctx: CheckContext | Prepared) -> CheckResult:
    """``claims.vcmi_tier``: the tier the retired credits support against the one claimed.

    Covered = eligible units (``credits.sufficiency``'s counting: registry-matched units
    only when an export is present) of CCP-labelled blocks (high-quality credits, see
    :func:`check_ccp`); remaining emissions = max(claimed footprint, recomputed included
    total), as in ``credits.sufficiency``. The VCMI foundational criteria (public inventory,
    science-based target, on track, advocacy) and third-party assurance of the claim are
    not computed here: they are checklist questions. Without a claimed tier the check is
    ``n/a`` (not part of the claim) with the supported tier in its figures.
    """
    code = "claims.vcmi_tier"
    p = prepare(ctx)
    gate = type_gate(code, p.ctx.engagement_type, NEUTRALITY)
    if gate is not None:
        return gate
    table = p.credits
    needs = [p.ctx.reported_emissions_tco2e]
    if p.inventory is not None:
        needs.append(p.inventory.included_total)
    known = [x for x in needs if x is not None]
    if table is None or not known or max(known) <= 0:
        return not_applicable(code, "No credits or no remaining emissions to compare.",
                              "無減量額度或剩餘排放量可比對。")
    remaining = max(known)
    elig = eligibility(p, table)
    labelled, _confirmed = _ccp_status(p, table)
    covered_all = elig.eligible
    covered = float(elig.counted[labelled].sum())
    share = 100.0 * covered / remaining
    tier = vcmi_tier(share)
    claimed = (p.ctx.vcmi_tier or "").strip().casefold() or None
    figures = {"remaining_tco2e": remaining, "eligible_tco2e": covered_all,
               "covered_tco2e": covered, "coverage_pct": share, "tier": tier,
               "claimed_tier": claimed}
    basis = (f"{fmt_t(covered)} t of CCP-labelled eligible credits cover {fmt_pct(share)} of "
             f"{fmt_t(remaining)} tCO2e remaining emissions: {tier}")
    basis_zh = (f"具 CCP 標籤之合格額度 {fmt_t(covered)} 公噸涵蓋剩餘排放量 {fmt_t(remaining)} "
                f"tCO2e 之 {fmt_pct(share)}：{_TIER_ZH[tier]}")
    prereq = (" The foundational criteria and the claim's assurance are checklist "
              "questions.")
    prereq_zh = "基礎準則與宣告之第三方保證另於查核表確認。"
    if claimed is None:
        return CheckResult(code, "n/a", figures, f"The claim names no VCMI tier. {basis}.",
                           [], f"宣告未載明 VCMI 等級。{basis_zh}。", inapplicable=True)
    ranks = {"none": 0, "silver": 1, "gold": 2, "platinum": 3}
    if claimed not in ranks or claimed == "none":
        return CheckResult(code, "fail", figures,
                           f"Unknown VCMI tier '{claimed}' (silver, gold or platinum). {basis}.",
                           [], f"無法辨識之 VCMI 等級「{claimed}」（silver、gold、platinum）。"
                           f"{basis_zh}。")
    if ranks[tier] >= ranks[claimed]:
        return CheckResult(code, "pass", figures,
                           f"The claimed {claimed} tier is supported. {basis}.{prereq}", [],
                           f"所宣告之{_TIER_ZH[claimed]}有額度支持。{basis_zh}。{prereq_zh}")
    rows = table.label[~labelled].tolist()
    return CheckResult(code, "fail", figures,
                       f"The claimed {claimed} tier is not supported. {basis}.{prereq}", rows,
                       f"所宣告之{_TIER_ZH[claimed]}缺乏足夠額度支持。{basis_zh}。{prereq_zh}")
