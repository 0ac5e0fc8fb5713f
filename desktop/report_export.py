"""Fill the verification report's document from an engagement file (design §11).

Reads the subject, the team, the checklists and computed checks, the findings with their
rounds and linked evidence, the recalculation, the misstatements, the files received and
the evidence stored, and the signatures, and hands :mod:`desktop.report` a plain
:class:`~desktop.report.report_doc.ReportDocument`. The companion of
:mod:`desktop.opinion_export`.
"""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import UTC, date, datetime

from desktop import records
from desktop.checklist import definitions, item_states, progress
from desktop.findings import list_findings, list_misstatements
from desktop.fingerprint import fingerprint
from desktop.planning.report_data import planning_report
from desktop.report.exante_pdf import CODES as EXANTE_CODES
from desktop.report.exante_pdf import has_exante
from desktop.report.investment_doc import investment_report
from desktop.report.opinion import SignatureRow
from desktop.report.planning_doc import PlanningReport
from desktop.report.report_doc import (
    CheckLine,
    ChecklistUse,
    EvidenceRef,
    EvidenceRow,
    FindingDetail,
    MisstatementEvaluation,
    MisstatementLine,
    RecalcRow,
    Recalculation,
    ReportDocument,
    RoundRow,
    SourceFileRow,
    TeamRow,
)
from desktop.report.report_labels import rlabel
from desktop.rules import CheckResult
from desktop.signoff import team

POPULATION_TABLES = ("inventory", "monitoring", "credits", "calculation")
MAX_SOURCE_ROWS = 40  # disagreeing inventory sources listed in the recalculation table


def _when(value: object) -> datetime | None:
    """A stored UTC time (``…Z``) as an aware datetime; ``None`` when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _number(value: object) -> float | None:
    """A figure as a finite float, or None when it could not be computed."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _verifier_body(conn: sqlite3.Connection, override: str | None) -> str:
    """The issuing body as the opinion names it (recorded at the lead's signature, else
    the profile, else ``--body`` or the lead's organisation)."""
    from desktop.opinion_export import issuing_body

    return issuing_body(conn, override).name

def _result(results: list[CheckResult], code: str) -> CheckResult | None:
    return next((r for r in results if r.code == code), None)


def _line(r: CheckResult, lang: str) -> CheckLine:
    return CheckLine(r.code, r.status, r.message_in(lang))  # type: ignore[arg-type]


def _checklists(conn: sqlite3.Connection, results: list[CheckResult], lang: str
                ) -> tuple[list[ChecklistUse], dict[tuple[str, str], list[str]]]:
    """Checklists with their progress, and each item's linked evidence."""
    states = item_states(conn, results)
    out = []
    for p in progress(states):
        cl = p.checklist
        ncs = sum(1 for s in states if s.checklist.id == cl.id and s.response == "nonconformity")
        out.append(ChecklistUse(cl.title_zh if lang == "zh-TW" and cl.title_zh else cl.title,
                                cl.standard, cl.version, p.answered, p.items, ncs))
    evidence = {s.key: list(s.evidence) for s in states if s.evidence}
    return out, evidence


def _checklist_titles(lang: str) -> dict[str, str]:
    return {c.id: (c.title_zh if lang == "zh-TW" and c.title_zh else c.title)
            for c in definitions()}


def _findings(conn: sqlite3.Connection, lang: str,
              item_evidence: dict[tuple[str, str], list[str]]) -> list[FindingDetail]:
    titles = _checklist_titles(lang)
    hashes = dict(conn.execute("SELECT path, sha256 FROM evidence").fetchall())
    by_finding: dict[int, list[str]] = {}
    for m in list_misstatements(conn):
        if m.finding_id is not None:
            source = rlabel(lang, "r.recalc.result") if m.source == "result" else m.source
            where = f" ({source})" if source else ""
            by_finding.setdefault(m.finding_id, []).append(
                f"#{m.id}{where}: {m.description} — {m.amount_tco2e:+,.2f} tCO2e")
    out = []
    for f in list_findings(conn):
        item = ""
        if f.ref:
            name = titles.get(f.checklist_id or "", f.checklist_id or "")
            item = f"{name} {f.ref}".strip()
        paths = item_evidence.get((f.checklist_id or "", f.ref or ""), [])
        out.append(FindingDetail(
            number=f.number,
            type=f.type,  # type: ignore[arg-type]
            state=f.state,
            title=f.title,
            description=f.description or "",
            item=item,
            escalated_from=f.escalated_from,
            raised_by=f.raised_by,
            raised_at=_when(f.raised_at),
            closed_at=_when(f.closed_at),
            rounds=tuple(
                RoundRow(r.n, r.client_response, _when(r.responded_at), r.assessment,
                         r.accepted, r.assessed_by, _when(r.assessed_at))
                for r in f.rounds
            ),
            evidence=tuple(EvidenceRef(p, hashes.get(p)) for p in paths),
            misstatements=tuple(by_finding.get(f.id, ())),
        ))
    return out


def _recalculation(conn: sqlite3.Connection, results: list[CheckResult], lang: str
                   ) -> Recalculation:
    rows: list[RecalcRow] = []
    checks = []
    sources_checked = None
    omitted = 0
    rr = _result(results, "recalc.result")
    if rr is not None and rr.status != "n/a":
        checks.append(_line(rr, lang))
        formulas = dict(conn.execute("SELECT name, formula FROM calculation").fetchall())
        lines = rr.figures.get("lines") or {}
        for name, fig in lines.items():
            if name == "result" or not isinstance(fig, dict):
                continue
            unit = str(fig.get("unit") or "")
            rows.append(RecalcRow(
                "line", str(name), _number(fig.get("claimed")), _number(fig.get("recomputed")),
                _number(fig.get("difference")), _number(fig.get("difference_pct")),
                "" if unit == "1" else unit, str(formulas.get(name, "")),
            ))
        unit = str((lines.get("result") or {}).get("unit") or "tCO2e")
        rows.append(RecalcRow(
            "result", "", _number(rr.figures.get("claimed_tco2e")),
            _number(rr.figures.get("recomputed_tco2e")),
            _number(rr.figures.get("difference_tco2e")),
            _number(rr.figures.get("difference_pct")),
            "" if unit == "1" else unit, str(formulas.get("result", "")),
        ))
    cr = _result(results, "coverage.reported")
    if cr is not None and cr.status != "n/a":
        checks.append(_line(cr, lang))
        rows.append(RecalcRow(
            "footprint", "", _number(cr.figures.get("reported_tco2e")),
            _number(cr.figures.get("recomputed_tco2e")),
            _number(cr.figures.get("difference_tco2e")),
            _number(cr.figures.get("difference_pct")),
        ))
    ir = _result(results, "inventory.recalc")
    if ir is not None and ir.status != "n/a":
        checks.append(_line(ir, lang))
        sources_checked = int(ir.figures.get("checked") or 0)
        wanted = set(ir.rows)
        omitted = max(len(wanted) - MAX_SOURCE_ROWS, 0)
        if wanted:
            from desktop.rules.units import to_tco2e

            for row_no, source_id, activity, ef, tco2e, a_unit, e_unit in conn.execute(
                "SELECT row_no, source_id, activity, ef, tco2e, activity_unit, ef_unit "
                "FROM inventory ORDER BY row_no"
            ):
                label = source_id if source_id not in (None, "") else f"row {row_no}"
                if str(label) not in wanted:  # the check names a source as the rules do
                    continue
                if len([r for r in rows if r.kind == "source"]) >= MAX_SOURCE_ROWS:
                    break
                a, e, t = _number(activity), _number(ef), _number(tco2e)
                # activity × factor in tCO2e, through the units as the check converts them
                product = (to_tco2e(a, a_unit, e, e_unit)[0]
                           if a is not None and e is not None else None)
                diff = t - product if t is not None and product is not None else None
                pct = diff / t * 100 if diff is not None and t else None
                name = str(source_id) if source_id not in (None, "") else f"#{row_no}"
                rows.append(RecalcRow("source", name, t, product, diff, pct))
    return Recalculation(tuple(rows), tuple(checks), sources_checked, omitted)


def _misstatements(conn: sqlite3.Connection, results: list[CheckResult], lang: str
                   ) -> MisstatementEvaluation:
    numbers = dict(conn.execute("SELECT id, number FROM finding").fetchall())
    recorded = tuple(
        MisstatementLine(m.id, m.description, m.amount_tco2e, m.source or "",
                         numbers.get(m.finding_id, "") if m.finding_id is not None else "")
        for m in list_misstatements(conn)
    )
    thr = _result(results, "materiality.threshold")
    threshold = _number(thr.figures.get("threshold_pct")) if thr and thr.status != "n/a" \
        else None
    agg = _result(results, "materiality.aggregate")
    if agg is None or agg.status == "n/a":
        return MisstatementEvaluation(recorded, evaluated=False, threshold_pct=threshold,
                                      message=agg.message_in(lang) if agg else "")
    fig = agg.figures
    parts = fig.get("components_tco2e") or {}
    pct = _number(fig.get("misstatement_pct"))
    material = fig.get("material")
    return MisstatementEvaluation(
        recorded=recorded,
        recalculation_tco2e=_number(parts.get("recalculation")),
        footprint_tco2e=_number(parts.get("footprint")),
        evaluated=True,
        aggregate_tco2e=_number(fig.get("misstatement_tco2e")),
        aggregate_pct=pct,
        threshold_pct=_number(fig.get("threshold_pct")) if fig.get("threshold_pct") is not None
        else threshold,
        reported_total_tco2e=_number(fig.get("reported_tco2e")),
        material=bool(material) if isinstance(material, bool) and pct is not None else None,
        message=agg.message_in(lang),
    )


def _populations(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    out = []
    for name in POPULATION_TABLES:
        (n,) = conn.execute(f"SELECT count(*) FROM {name}").fetchone()
        if n:
            out.append((name, int(n)))
    return out


def _sampling_text(planning: PlanningReport | None, lang: str) -> str | None:
    """One line for the sampling paragraph; the details follow in their own section."""
    if planning is None or not planning.plans:
        return None
    n = len(planning.plans)
    if lang.lower().startswith("zh"):
        return f"已抽樣 {n} 次，詳見「風險評估與抽樣」一節。"
    return f"{n} sample plan(s) drawn: see \"Risk assessment and sampling\"."


def build_report(
    conn: sqlite3.Connection,
    results: list[CheckResult],
    lang: str = "en",
    verifier_body: str | None = None,
) -> ReportDocument:
    """Everything the verification report shows, from an open engagement."""
    e = records.row_dict(conn, "SELECT * FROM engagement")
    assert e is not None
    checklists, item_evidence = _checklists(conn, results, lang)
    thr = _result(results, "materiality.threshold")
    materiality = (_number(thr.figures.get("threshold_pct"))
                   if thr is not None and thr.status != "n/a" else None)
    if materiality is None:
        materiality = _number(e.get("materiality_pct"))
    applicable = [r for r in results if r.status != "n/a"]
    signed = conn.execute("SELECT role, printed_name, meaning, signed_at, cert_subject, "
                          "cert_sha256 FROM signature ORDER BY id").fetchall()
    planning = planning_report(conn, lang)
    return ReportDocument(
        lang=lang,  # type: ignore[arg-type]
        title=e["title"],
        title_zh=e["title_zh"] or "",
        subject_id=e["subject_id"],
        engagement_type=e["engagement_type"],
        client=e["client"] or "",
        verifier_body=_verifier_body(conn, verifier_body),
        boundary=e["boundary"] or "",
        period_start=date.fromisoformat(e["period_start"]),
        period_end=date.fromisoformat(e["period_end"]),
        criteria=tuple(json.loads(e["criteria"] or "[]")),
        programme=e["programme"] or "",
        level_of_assurance=e["level_of_assurance"] or "",
        materiality_pct=materiality,
        team=tuple(TeamRow(m.name, m.role, m.organisation or "",
                           _when(m.impartiality_declared_at)) for m in team(conn)),
        checklists=tuple(checklists),
        checks=tuple(_line(r, lang) for r in applicable),
        checks_not_applicable=len(results) - len(applicable),
        populations=tuple(_populations(conn)),
        sampling_plan=_sampling_text(planning, lang),
        findings=tuple(_findings(conn, lang, item_evidence)),
        recalculation=_recalculation(conn, results, lang),
        misstatements=_misstatements(conn, results, lang),
        source_files=tuple(
            SourceFileRow(p, r or "", s, h) for p, r, s, h in conn.execute(
                "SELECT path, role, size, sha256 FROM source_files ORDER BY path")
        ),
        evidence=tuple(
            EvidenceRow(p, s, m or "", h) for p, s, m, h in conn.execute(
                "SELECT path, size, media_type, sha256 FROM evidence ORDER BY path")
        ),
        signatures=tuple(
            SignatureRow(name, role, meaning, _when(at) or datetime.now(UTC), subject, sha)
            for role, name, meaning, at, subject, sha in signed
        ),
        fingerprint=fingerprint(conn),
        draft=e["state"] != "signed",
        generated_at_utc=datetime.now(UTC),
        planning=planning,
        exante_checks=(tuple(r for r in results if r.code in EXANTE_CODES)
                       if e["engagement_type"] == "validation" and has_exante(results)
                       else ()),
        investment=(investment_report(results, lang)
                    if e["engagement_type"] == "validation" else None),
    )


__all__ = ["build_report"]
