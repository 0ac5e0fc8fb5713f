"""Monitoring analytics checks (design §13): ``monitoring.duplicates``, ``monitoring.gaps``,
``monitoring.outliers`` and ``monitoring.calibration``.

Each names the rows (``row N``) and the tCO2e at stake: the change in the recomputed ER
when the calculation is evaluated again without the flagged rows (for gaps: with each
missing reading put in at its series' median). That is exact for any formula over
``sum``/``mean``/``min``/``max``; when the ER cannot be recomputed (no calculation, a
formula error, a parameter that would vanish) the figure is ``None`` and the message says
the effect cannot be attributed. Status: pass when nothing is flagged; warn when something
is (a matter to follow up); fail when the tCO2e at stake reaches the materiality threshold
of the ER claimed (ISO 14064-3:2019 evaluates misstatements against materiality).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from .formula import FormulaError, aggregate, evaluate_calculation
from .monitoring_data import MonitoringData, empty_like
from .prepared import Prepared, prepare
from .result import (
    CheckResult,
    fmt_rule,
    fmt_t,
    list_rows,
    not_applicable,
    type_gate,
    zh_rows,
)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# monitored data is verified; a validation looks at a design (ex ante)
MONITORED: tuple[str, ...] = ("verification",)


def _n(count: int, noun: str) -> str:
    """``1 reading``, ``3 readings``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def row_names(data: MonitoringData, idx: np.ndarray) -> list[str]:
    """``row N`` for the rows at ``idx``, in row order."""
    return [f"row {r}" for r in np.sort(data.row_no[idx])]


@dataclass(frozen=True)
class Stake:
    """The tCO2e at stake (``None``: cannot be attributed) and why not."""

    tco2e: float | None
    why: str = ""
    why_zh: str = ""


def _claimed(p: Prepared) -> float | None:
    calc = p.ctx.calculation
    if p.ctx.reported_er_tco2e is not None:
        return p.ctx.reported_er_tco2e
    return calc.result.claimed if calc is not None and calc.result is not None else None


def _used_parameters(p: Prepared) -> set[str]:
    calc = p.ctx.calculation
    if calc is None:
        return set()
    lines = (*calc.lines, *((calc.result,) if calc.result else ()))
    return {n for ln in lines for n in _NAME.findall(ln.formula)}


def stake(p: Prepared, drop: np.ndarray | None = None,
          add: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> Stake:
    """|ER recomputed − ER recomputed without the rows ``drop`` / with the rows ``add``|.

    The aggregates of the whole table are corrected by those of the few rows (no new
    pass over a million rows); a formula's ``min``/``max`` over an extreme those rows held
    is evaluated again on the table itself."""
    r = p.recalc
    calc = p.ctx.calculation
    if r is None or calc is None:
        return Stake(None, "there is no calculation to attribute it to",
                     "無減量計算可歸屬")
    if isinstance(r, FormulaError):
        return Stake(None, "the ER cannot be recomputed", "減量無法重新計算")
    data = p.monitoring_data
    agg = p.monitoring_aggregates
    if drop is not None and len(drop):
        agg = agg.changed(aggregate(data.take(drop)), -1)
    if add is not None and len(add[0]):
        agg = agg.changed(aggregate(empty_like(data).extended(*add)), +1)
    try:
        try:
            outcome = evaluate_calculation(calc, agg)
        except FormulaError:  # an extreme the rows held, or a parameter they emptied
            outcome = evaluate_calculation(calc, _rows_changed(data, drop, add))
    except (FormulaError, ArithmeticError, ValueError) as exc:
        return Stake(None, f"the ER cannot be recomputed without them ({exc})",
                     f"排除後減量無法重新計算（{exc}）")
    assert outcome.result is not None
    return Stake(abs(r.recomputed - outcome.result.value))


def _rows_changed(data: MonitoringData, drop: np.ndarray | None,
                  add: tuple[np.ndarray, np.ndarray, np.ndarray] | None) -> MonitoringData:
    if drop is not None and len(drop):
        keep = np.ones(len(data), dtype=bool)
        keep[drop] = False
        data = data.take(keep)
    return data.extended(*add) if add is not None and len(add[0]) else data


def _status(p: Prepared, found: bool, s: Stake) -> str:
    if not found:
        return "pass"
    claimed = _claimed(p)
    if s.tco2e is not None and claimed and (
        s.tco2e >= abs(claimed) * p.threshold.pct / 100 - 1e-9
    ):
        return "fail"
    return "warn"


def _stake_text(p: Prepared, s: Stake) -> tuple[str, str]:
    if s.tco2e is None:
        return (f" The effect on the ER cannot be attributed: {s.why}.",
                f"對減量之影響無法歸屬：{s.why_zh}。")
    claimed = _claimed(p)
    share = f" ({s.tco2e / abs(claimed) * 100:.2f} % of the ER claimed)" if claimed else ""
    share_zh = f"（佔宣告減量 {s.tco2e / abs(claimed) * 100:.2f} %）" if claimed else ""
    en = f" tCO2e at stake: {fmt_t(round(s.tco2e, 4))}{share}"
    zh = f"涉及減量 {fmt_t(round(s.tco2e, 4))} tCO2e{share_zh}"
    if _status(p, True, s) == "fail":
        en += f", at or above the {fmt_rule(p.threshold.pct)} materiality threshold."
        zh += f"，達重大性門檻 {fmt_rule(p.threshold.pct)}。"
    else:
        en += "."
        zh += "。"
    return en, zh


def _gate(code: str, p: Prepared) -> CheckResult | None:
    gate = type_gate(code, p.ctx.engagement_type, MONITORED)
    if gate is not None:
        return gate
    if p.ctx.monitoring is None or len(p.monitoring_data) == 0:
        return not_applicable(code, "The dossier has no monitoring data.", "案卷未附監測數據。")
    return None


def _unused(p: Prepared, idx: np.ndarray) -> int:
    """How many of the rows at ``idx`` are of parameters no formula names."""
    used = _used_parameters(p)
    data = p.monitoring_data
    unused = np.array([k[0] not in used for k in data.keys], dtype=bool)
    return int(unused[data.series[idx]].sum()) if len(unused) else 0


def _result(code: str, p: Prepared, idx: np.ndarray, s: Stake, figures: dict,
            en: str, zh: str) -> CheckResult:
    found = len(idx) > 0 or bool(figures.get("missing_readings"))
    status = _status(p, found, s)
    figures = {**figures, "tco2e_at_stake": s.tco2e if found else 0.0}
    if found:
        more_en, more_zh = _stake_text(p, s)
        en, zh = en + more_en, zh + more_zh
        n = _unused(p, idx) if len(idx) else 0
        if n:
            en += f" {n} of the rows are of parameters the calculation does not use."
            zh += f"其中 {n} 筆屬減量計算未使用之參數。"
    return CheckResult(code, status, figures, en, row_names(p.monitoring_data, idx), zh)


def check_duplicates(ctx: object) -> CheckResult:
    """``monitoring.duplicates``: two readings of one parameter and meter at one timestamp.
    The earliest row is kept; the others are the duplicates, and their removal from the
    calculation is the tCO2e at stake (double counting, ISO 14064-3 data aggregation)."""
    code = "monitoring.duplicates"
    p = prepare(ctx)  # type: ignore[arg-type]
    gate = _gate(code, p)
    if gate is not None:
        return gate
    idx, groups = p.monitoring_scan.duplicates()
    s = stake(p, drop=idx) if len(idx) else Stake(0.0)
    figures = {"duplicates": len(idx), "timestamps": groups}
    if not len(idx):
        return _result(code, p, idx, s, figures,
                       "No reading repeats a parameter, meter and timestamp.",
                       "無同一參數、儀表及時間重複之讀值。")
    rows = row_names(p.monitoring_data, idx)
    return _result(
        code, p, idx, s, figures,
        f"{_n(len(idx), 'reading')} {'repeats' if len(idx) == 1 else 'repeat'} an earlier "
        f"one (same parameter, meter and timestamp; {_n(groups, 'timestamp')}): "
        f"{list_rows(rows)}.",
        f"{len(idx)} 筆讀值與先前讀值重複（同一參數、儀表及時間，共 {groups} 個時間點）："
        f"{list_rows(zh_rows(rows))}。",
    )


def _when(ts: float) -> str:
    if np.isnan(ts):
        return "?"
    moment = datetime.fromtimestamp(ts, UTC)
    return moment.strftime("%Y-%m-%d" if moment.hour == moment.minute == 0 else
                           "%Y-%m-%d %H:%M")


def check_gaps(ctx: object) -> CheckResult:
    """``monitoring.gaps``: readings missing against each series' frequency (the
    manifest's ``[monitoring.frequency]``, else the median interval), within the period.
    The tCO2e at stake puts each missing reading in at its series' median."""
    code = "monitoring.gaps"
    p = prepare(ctx)  # type: ignore[arg-type]
    gate = _gate(code, p)
    if gate is not None:
        return gate
    g = p.monitoring_scan.gaps()
    data = p.monitoring_data
    figures: dict[str, object] = {
        "gaps": len(g.missing), "missing_readings": g.total,
        "series_checked": len(g.steps), "series_unchecked": g.unchecked,
    }
    edge = [int(r) for r in np.concatenate([g.before, g.after]) if r]
    idx = np.nonzero(np.isin(data.row_no, edge))[0] if edge else np.zeros(0, dtype=np.int64)
    if not g.total:
        en = f"No reading missing in {len(g.steps)} series (parameter and meter)"
        zh = f"{len(g.steps)} 個序列（參數與儀表）無缺漏讀值"
        if g.unchecked:
            en += (f"; {g.unchecked} series {'has' if g.unchecked == 1 else 'have'} too few "
                   "dated readings to tell")
            zh += f"；{g.unchecked} 個序列有日期之讀值過少，無法判斷"
        return _result(code, p, idx, Stake(0.0), figures, en + ".", zh + "。")
    med = p.monitoring_scan.medians()
    series = np.repeat(g.series, g.missing)
    units = _series_units(data)[series]
    s = stake(p, add=(series, units, med[series]))
    shown = []
    for k in np.argsort(-g.missing, kind="stable")[:3]:
        param, meter = data.keys[int(g.series[k])]
        who = f"{param}/{meter}" if meter else param
        shown.append(f"{who} {_when(g.start[k])} → {_when(g.end[k])} ({int(g.missing[k])})")
    return _result(
        code, p, idx, s, figures,
        f"{_n(g.total, 'reading')} missing in {_n(len(g.missing), 'gap')}: {'; '.join(shown)}.",
        f"共缺漏 {g.total} 筆讀值，計 {len(g.missing)} 處：{'；'.join(shown)}。",
    )


def _series_units(data: MonitoringData) -> np.ndarray:
    """Per series, the unit code of its first row."""
    out = np.zeros(max(len(data.keys), 1), dtype=np.int32)
    out[data.series[::-1]] = data.unit[::-1]
    return out


def check_outliers(ctx: object) -> CheckResult:
    """``monitoring.outliers``: robust z = 0.6745 (x − median) / MAD beyond ±3.5 within a
    parameter and meter (Iglewicz & Hoaglin 1993), and readings above the meter's capacity
    in ``meters.csv``. Outliers are not errors until explained: warn, or fail when the
    tCO2e they carry reaches materiality."""
    code = "monitoring.outliers"
    p = prepare(ctx)  # type: ignore[arg-type]
    gate = _gate(code, p)
    if gate is not None:
        return gate
    scan = p.monitoring_scan
    hit, z = scan.outliers()
    over = scan.over_capacity()
    idx = np.union1d(hit, over)
    figures: dict[str, object] = {
        "outliers": len(hit), "above_capacity": len(over),
        "max_abs_z": float(np.abs(z).max()) if len(z) else None, "z_limit": 3.5,
    }
    if not len(idx):
        return _result(code, p, idx, Stake(0.0), figures,
                       "No reading beyond a robust z of 3.5 or above its meter's capacity.",
                       "無讀值之穩健 z 值超過 3.5，亦無超過儀表容量之讀值。")
    s = stake(p, drop=idx)
    data = p.monitoring_data
    en, zh = [], []
    if len(hit):
        rows = row_names(data, hit)
        en.append(f"{_n(len(hit), 'reading')} beyond a robust z of 3.5 in their parameter and "
                  f"meter: {list_rows(rows)}")
        zh.append(f"{len(hit)} 筆讀值之穩健 z 值超過 3.5（同一參數及儀表）："
                  f"{list_rows(zh_rows(rows))}")
    if len(over):
        rows = row_names(data, over)
        en.append(f"{_n(len(over), 'reading')} above their meter's capacity: {list_rows(rows)}")
        zh.append(f"{len(over)} 筆讀值超過儀表容量：{list_rows(zh_rows(rows))}")
    return _result(code, p, idx, s, figures, "; ".join(en) + ".", "；".join(zh) + "。")


def check_calibration(ctx: object) -> CheckResult:
    """``monitoring.calibration``: readings of a meter outside every calibration window in
    ``meters.csv`` ([calibrated_on, valid_until], whole days), and readings of meters the
    register does not list. The tCO2e at stake is that of the readings themselves (the
    upper bound; the programme's rule, e.g. the maximum permissible error applied
    conservatively, may take less). ``n/a`` without a ``meters`` table."""
    code = "monitoring.calibration"
    p = prepare(ctx)  # type: ignore[arg-type]
    gate = _gate(code, p)
    if gate is not None:
        return gate
    if p.meters is None:
        return not_applicable(code, "The dossier has no meter register (meters.csv).",
                              "案卷未附儀表清冊（meters.csv）。")
    outside, unknown, undated = p.monitoring_scan.calibration()
    data = p.monitoring_data
    idx = np.union1d(outside, unknown)
    meters_out = sorted({data.keys[int(c)][1] or "" for c in data.series[outside]})
    meters_unknown = sorted({data.keys[int(c)][1] or "" for c in data.series[unknown]})
    figures: dict[str, object] = {
        "outside_validity": len(outside), "unregistered": len(unknown), "undated": undated,
        "meters": meters_out, "unregistered_meters": meters_unknown,
    }
    if not len(idx):
        return _result(code, p, idx, Stake(0.0), figures,
                       "Every reading lies within a valid calibration of its meter.",
                       "所有讀值皆在其儀表之有效校正期間內。")
    s = stake(p, drop=idx)
    en, zh = [], []
    if len(outside):
        rows = row_names(data, outside)
        en.append(f"{_n(len(outside), 'reading')} outside their meter's calibration validity "
                  f"({', '.join(meters_out)}): {list_rows(rows)}")
        zh.append(f"{len(outside)} 筆讀值不在儀表有效校正期間內（{'、'.join(meters_out)}）："
                  f"{list_rows(zh_rows(rows))}")
    if len(unknown):
        en.append(f"{_n(len(unknown), 'reading')} of meters not in the register "
                  f"({', '.join(meters_unknown)})")
        zh.append(f"{len(unknown)} 筆讀值之儀表未列於儀表清冊（{'、'.join(meters_unknown)}）")
    return _result(code, p, idx, s, figures, "; ".join(en) + ".", "；".join(zh) + "。")
