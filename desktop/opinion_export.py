"""Fill the PDF opinion's document from an engagement file (design §8).

Reads the subject, the computed checks, findings, misstatements, the opinion chosen and
the signatures, and hands :mod:`desktop.report` a plain :class:`OpinionDocument`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from desktop import records
from desktop.checklist import item_states, progress
from desktop.findings import list_findings, list_misstatements
from desktop.fingerprint import fingerprint
from desktop.report.opinion import (
    CheckRow,
    CoverageChartData,
    CoverageSource,
    FindingRow,
    MisstatementRow,
    OpinionDocument,
    SignatureRow,
)
from desktop.rules import CheckResult
from desktop.signoff import opinion, team


def _figures(results: list[CheckResult], code: str) -> dict:
    r = next((r for r in results if r.code == code), None)
    return dict(r.figures) if r and r.status != "n/a" else {}


def _verifier_body(conn: sqlite3.Connection, override: str | None) -> str:
    if override:
        return override
    lead = next((m for m in team(conn) if m.role == "lead"), None)
    if lead and lead.organisation:
        return lead.organisation
    return lead.name if lead else "—"


def _summary(conn: sqlite3.Connection, results: list[CheckResult], lang: str) -> list[str]:
    states = item_states(conn, results)
    prog = progress(states)
    answered = sum(p.answered for p in prog)
    computed = [r for r in results if r.status != "n/a"]
    findings = list_findings(conn)
    evidence = conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
    names = ", ".join(p.checklist.title_zh if lang == "zh-TW" else p.checklist.title
                      for p in prog)
    if lang == "zh-TW":
        return [
            f"依查核表（{names}）評估 {answered} / {len(states)} 個適用項目。",
            f"以 VeriDesk 重新計算 {len(computed)} 項可計算之檢核，並審閱 {evidence} 份佐證檔案。",
            f"共提出 {len(findings)} 項發現事項（CL／CAR／FAR），其處理情形列於下表。",
        ]
    return [
        f"Assessed {answered} of {len(states)} applicable items of the checklists: {names}.",
        f"Recomputed {len(computed)} computable checks with VeriDesk and reviewed {evidence} "
        "evidence files.",
        f"Raised {len(findings)} findings (CL / CAR / FAR); their resolution is listed below.",
    ]


def build_document(
    conn: sqlite3.Connection,
    results: list[CheckResult],
    lang: str = "en",
    verifier_body: str | None = None,
) -> OpinionDocument:
    """Everything the opinion PDF shows, from an open engagement."""
    e = records.row_dict(conn, "SELECT * FROM engagement")
    assert e is not None
    findings = list_findings(conn)
    choice = opinion(conn, results, findings)
    thr = _figures(results, "materiality.threshold")
    agg = _figures(results, "materiality.aggregate")
    misstatements = [
        MisstatementRow(m.description, m.amount_tco2e, m.source or f"#{m.id}")
        for m in list_misstatements(conn)
    ]
    recalc = _figures(results, "recalc.result") or _figures(results, "coverage.reported")
    diff = recalc.get("difference_tco2e")
    if diff:
        label = ("重新計算與宣告值之差異" if lang == "zh-TW" else
                 "Difference between the recalculation and the claim")
        misstatements.insert(0, MisstatementRow(label, float(diff), "recalc"))
    reasons = choice.suggested.reasons_zh if lang == "zh-TW" else choice.suggested.reasons
    coverage = None
    if e["engagement_type"] == "carbon-neutrality":
        cov = _figures(results, "coverage.threshold")
        rows = conn.execute("SELECT source_id, tco2e, included FROM inventory "
                            "WHERE tco2e IS NOT NULL ORDER BY tco2e DESC").fetchall()
        if rows:
            largest = cov.get("largest_source") if cov.get("largest_share_pct", 0) > 50 else None
            coverage = CoverageChartData(
                tuple(CoverageSource(str(s), float(t), bool(i)) for s, t, i in rows),
                largest_source=largest,
                basis=cov.get("basis", "all"),
                coverage_pct=cov.get("basis_coverage_pct"),
            )
    signed = conn.execute("SELECT role, printed_name, meaning, signed_at, cert_subject, "
                          "cert_sha256 FROM signature ORDER BY id").fetchall()
    reported = e["reported_emissions_tco2e"] if e["engagement_type"] == "carbon-neutrality" \
        else e["reported_er_tco2e"]
    return OpinionDocument(
        lang=lang,  # type: ignore[arg-type]
        title=e["title"],
        title_zh=e["title_zh"] or "",
        subject_id=e["subject_id"],
        engagement_type=e["engagement_type"],
        verifier_body=_verifier_body(conn, verifier_body),
        client=e["client"] or "",
        intended_users=tuple(json.loads(e["intended_users"] or "[]")),
        boundary=e["boundary"] or "",
        period_start=date.fromisoformat(e["period_start"]),
        period_end=date.fromisoformat(e["period_end"]),
        criteria=tuple(json.loads(e["criteria"] or "[]")),
        level_of_assurance=e["level_of_assurance"] or "—",
        materiality_pct=float(thr.get("threshold_pct", 5.0)),
        materiality_basis=str(thr.get("basis", "")),
        summary_of_work=tuple(_summary(conn, results, lang)),
        findings=tuple(
            FindingRow(f.number, f.type, f.state, f.title,  # type: ignore[arg-type]
                       f"{f.checklist_id} {f.ref}".strip() if f.ref else "")
            for f in findings
        ),
        misstatements=tuple(misstatements),
        aggregate_misstatement_tco2e=_number(agg.get("misstatement_tco2e", 0.0)) or 0.0,
        aggregate_misstatement_pct=_number(agg.get("misstatement_pct", 0.0)),
        opinion_kind=choice.kind,  # type: ignore[arg-type]
        opinion_basis=" ".join(reasons),
        opinion_overridden_reason=choice.override_reason,
        attestation=e["attestation"],
        declaration=e["declaration"],
        checks=tuple(CheckRow(r.code, r.status, r.message_in(lang))  # type: ignore[arg-type]
                     for r in results if r.status != "n/a"),
        coverage=coverage,
        signatures=tuple(
            SignatureRow(name, role, meaning, datetime.fromisoformat(at.replace("Z", "+00:00")),
                         subject, sha)
            for role, name, meaning, at, subject, sha in signed
        ),
        fingerprint=fingerprint(conn),
        draft=e["state"] != "signed",
        generated_at_utc=datetime.now(UTC),
        reported_total_tco2e=reported,
    )



def _number(value: object) -> float | None:
    """A figure of a check as a finite float, or None when it could not be computed."""
    import math

    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None
