"""Fill the PDF opinion's document from an engagement file (design §8).

Reads the subject, the computed checks, findings, misstatements, the opinion chosen and
the signatures, and hands :mod:`desktop.report` a plain :class:`OpinionDocument`.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from desktop import records
from desktop.body import Body, load_profile
from desktop.checklist import item_states, progress
from desktop.findings import list_findings, list_misstatements
from desktop.fingerprint import fingerprint
from desktop.proposals import proposals
from desktop.report.opinion import (
    CheckRow,
    CoverageChartData,
    CoverageSource,
    CreditRow,
    FindingRow,
    MisstatementRow,
    OpinionDocument,
    SignatureRow,
    StatementRow,
)
from desktop.rules import CheckResult
from desktop.signoff import opinion, team


def _figures(results: list[CheckResult], code: str) -> dict:
    r = next((r for r in results if r.code == code), None)
    return dict(r.figures) if r and r.status != "n/a" else {}


def issuing_body(conn: sqlite3.Connection, override: str | None) -> Body:
    """The issuing body: as recorded in the lead's signature, else this user's profile;
    ``--body`` names it when neither does, then the lead's organisation."""
    row = conn.execute("SELECT payload FROM signature WHERE role = 'lead'").fetchone()
    body = Body.from_json(json.loads(row[0]).get("body")) if row else load_profile()
    if not body.name:
        lead = next((m for m in team(conn) if m.role == "lead"), None)
        name = override or (lead.organisation if lead and lead.organisation else None) or (
            lead.name if lead else "—")
        body = Body(name, body.address, body.accreditation, body.place)
    return body


def _issued_at(conn: sqlite3.Connection, body: Body, state: str) -> str:
    """Date (of the last signature) and place of issue; nothing for a draft."""
    if state != "signed":
        return ""
    row = conn.execute("SELECT max(signed_at) FROM signature").fetchone()
    day = (row[0] or "")[:10]
    return ", ".join(x for x in (day, body.place) if x)


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
    zh = lang == "zh-TW"
    body = issuing_body(conn, verifier_body)
    recorded = list_misstatements(conn)
    misstatements = [
        MisstatementRow(
            m.description + (f"（已更正：{m.correction}）" if zh else
                             f" (corrected: {m.correction})") if m.corrected_at else
            m.description,
            m.amount_tco2e, m.source or f"#{m.id}")
        for m in recorded
    ]
    pending = [p for p in proposals(conn, results) if not p.evaluated]
    for p in pending:  # computed, not yet evaluated by the verifier: shown as such
        misstatements.insert(0, MisstatementRow(p.label_zh if zh else p.label,
                                                p.amount_tco2e, "proposed"))
    basis = _basis(conn, results, findings, recorded, pending, choice, lang)
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
    signed = [
        (role, name, meaning, at, _cert_label(der), sha)
        for role, name, meaning, at, der, sha in conn.execute(
            "SELECT role, printed_name, meaning, signed_at, certificate, cert_sha256 "
            "FROM signature ORDER BY id")
    ]
    reported = e["reported_emissions_tco2e"] if e["engagement_type"] == "carbon-neutrality" \
        else e["reported_er_tco2e"]
    return OpinionDocument(
        lang=lang,  # type: ignore[arg-type]
        title=e["title"],
        title_zh=e["title_zh"] or "",
        subject_id=e["subject_id"],
        engagement_type=e["engagement_type"],
        verifier_body=body.name,
        body_address=body.address,
        body_accreditation=body.accreditation,
        issued_at=_issued_at(conn, body, e["state"]),
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
        opinion_basis=basis,
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
        statement=tuple(_statement(conn, e, results, lang)),
        credits=(tuple(_credits(conn, results, lang))
                 if e["engagement_type"] == "carbon-neutrality" else ()),
        opinion_recorded=choice.chosen,
        team=tuple((m.name, m.role) for m in team(conn) if m.role != "client-signer"),
    )



def _cert_label(der: bytes | None) -> str | None:
    """The certificate as a reader knows it: its holder's name and organisation (never a
    distinguished name with object identifiers)."""
    if not der:
        return None
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    parts = [str(a.value) for oid in (x509.NameOID.COMMON_NAME, x509.NameOID.ORGANIZATION_NAME)
             for a in cert.subject.get_attributes_for_oid(oid)]
    valid = f"{cert.not_valid_before_utc:%Y-%m-%d}–{cert.not_valid_after_utc:%Y-%m-%d}"
    return f"{', '.join(parts) or '—'} ({valid})"


def _basis(conn, results, findings, recorded, pending, choice, lang: str) -> str:
    """The basis of the opinion, generated from the record: the open findings, the
    misstatements and their weight, what is still to be done."""
    from desktop.signoff import unraised_nonconformities

    zh = lang == "zh-TW"
    agg = _figures(results, "materiality.aggregate")
    thr = _figures(results, "materiality.threshold")
    total, pct = _number(agg.get("misstatement_tco2e")), _number(agg.get("misstatement_pct"))
    limit = _number(thr.get("threshold_pct"))
    parts: list[str] = []
    blocking = [f for f in findings if f.blocks_unmodified]
    if blocking:
        listed = ("、" if zh else "; ").join(f"{f.number} {f.title}" for f in blocking)
        parts.append(f"未結案之發現事項：{listed}。" if zh else f"Open findings: {listed}.")
    unraised = unraised_nonconformities(conn, results, findings)
    if unraised:
        parts.append(f"{len(unraised)} 個查核項目判定不符合，尚未提出 CL 或 CAR。" if zh else
                     f"{len(unraised)} checklist items are nonconformities without a CL or CAR.")
    for p in pending:
        parts.append(f"{p.label_zh} {p.amount_tco2e:+,.2f} tCO2e 尚未評估。" if zh else
                     f"The difference of {p.amount_tco2e:+,.2f} tCO2e between {p.label} has "
                     "not been evaluated.")
    if recorded:
        listed = ("；" if zh else "; ").join(
            f"{m.description}（{m.amount_tco2e:+,.2f} tCO2e）" if zh else
            f"{m.description} ({m.amount_tco2e:+,.2f} tCO2e)" for m in recorded)
        parts.append(f"已記錄之不實陳述：{listed}。" if zh
                     else f"Misstatements recorded: {listed}.")
    if total is not None and pct is not None and limit is not None:
        above = pct >= limit
        if zh:
            parts.append(f"不實陳述合計 {total:,.2f} tCO2e，占宣告總量 {pct:.2f} %，"
                         + ("達到" if above else "低於") + f"重大性門檻 {limit:g} %。")
        else:
            parts.append(f"The aggregate misstatement is {total:,.2f} tCO2e, {pct:.2f} % of the "
                         f"reported total: {'at or above' if above else 'below'} the "
                         f"materiality threshold of {limit:g} %.")
    elif total is not None:
        parts.append(f"不實陳述合計 {total:,.2f} tCO2e，但無宣告總量可供衡量其重大性。" if zh else
                     f"The aggregate misstatement is {total:,.2f} tCO2e; there is no reported "
                     "total to weigh it against.")
    if not blocking and not unraised and not pending:
        parts.insert(0, "無未結案之 CL 或 CAR。" if zh else "No CL or CAR is open.")
    if not choice.evidence_sufficient:
        parts.insert(0, "證據不足或不適切，無法形成結論。" if zh else
                     "The evidence obtained is not sufficient and appropriate for a conclusion.")
    return " ".join(parts) if not zh else "".join(parts)


def _statement(conn, e, results, lang: str) -> list[StatementRow]:
    """The GHG statement with its figures: the footprint by scope (a claim), the
    reductions by year (a verification) or the ex-ante estimate (a validation)."""
    from desktop.report.labels import label

    etype = e["engagement_type"]
    rows: list[StatementRow] = []
    if etype == "carbon-neutrality":
        by_scope = conn.execute(
            "SELECT scope, sum(CASE WHEN included THEN tco2e ELSE 0 END), "
            "sum(CASE WHEN included THEN 0 ELSE tco2e END) FROM inventory "
            "WHERE tco2e IS NOT NULL GROUP BY scope ORDER BY scope").fetchall()
        for scope, inc, exc in by_scope:
            rows.append(StatementRow(label(lang, "st.scope", scope=scope), inc or 0.0,
                                     exc or 0.0))
        inc = sum(r[1] or 0 for r in by_scope)
        exc = sum(r[2] or 0 for r in by_scope)
        rows.append(StatementRow(label(lang, "st.total"), inc, exc, strong=True))
        if e["reported_emissions_tco2e"] is not None:
            rows.append(StatementRow(label(lang, "st.reported_footprint"),
                                     e["reported_emissions_tco2e"], None))
    elif etype == "verification":
        for year, value in _er_by_year(conn, e).items():
            rows.append(StatementRow(label(lang, "st.year", year=year), value))
        recalc = _figures(results, "recalc.result")
        if recalc.get("recomputed_tco2e") is not None:
            rows.append(StatementRow(label(lang, "st.recomputed_er"),
                                     recalc["recomputed_tco2e"], strong=True))
        if e["reported_er_tco2e"] is not None:
            rows.append(StatementRow(label(lang, "st.claimed_er"), e["reported_er_tco2e"]))
    elif e["expected_annual_er_tco2e"] is not None:
        rows.append(StatementRow(label(lang, "st.expected_er"), e["expected_annual_er_tco2e"]))
    return rows


def _er_by_year(conn, e) -> dict[str, float]:
    """The emission reductions recomputed per calendar year of the monitored periods (the
    vintages), when the monitoring spans more than one year; else nothing."""
    from desktop.engagement import load_context
    from desktop.rules.formula import FormulaError, evaluate_calculation

    ctx = load_context(conn)
    mon = ctx.monitoring
    if mon is None or ctx.calculation is None or "period" not in mon:
        return {}
    years = mon["period"].astype(str).str.extract(r"^(\d{4})")[0]
    distinct = sorted(y for y in years.dropna().unique())
    if len(distinct) < 2:
        return {}
    out: dict[str, float] = {}
    for year in distinct:
        part = mon[(years == year) | years.isna()]  # undated rows: constants of the formula
        try:
            outcome = evaluate_calculation(ctx.calculation, part)
        except (FormulaError, ValueError, ArithmeticError):
            return {}
        if outcome.result is None:
            return {}
        out[year] = outcome.result.value
    return out


def _credits(conn, results, lang: str) -> list[CreditRow]:
    """The claimed blocks, each with its status in the registry exports (design §12)."""
    from desktop.report.labels import label
    from desktop.rules.registry import block_status

    match = next((r for r in results if r.code == "credits.registry_match"), None)
    out = []
    for rn, reg, serial, qty, vintage, ben, retired in conn.execute(
            "SELECT row_no, registry, serial, quantity, vintage, beneficiary, retired_on "
            "FROM credits ORDER BY row_no"):
        key = " ".join(str(serial).split()) if serial else f"row {rn}"
        status = block_status(match, key)
        out.append(CreditRow(str(reg or ""), str(serial or ""), float(qty or 0),
                             str(vintage or ""), str(ben or "—"), str(retired or "—"),
                             label(lang, f"rs.{status}") if status else ""))
    return out


def _number(value: object) -> float | None:
    """A figure of a check as a finite float, or None when it could not be computed."""
    import math

    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None
