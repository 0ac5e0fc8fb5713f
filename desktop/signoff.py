"""The team, the opinion chosen, and the sign-off gate (design §8).

The gate lists what must hold before anyone signs: every applicable item answered, every
"conforms" supported, no open CL/CAR for an unmodified opinion, materiality evaluated,
the opinion following the evidence (or overridden with a reason), a lead verifier, and an
independent reviewer — not on the team in another role, impartiality declared, and never
an author in the engagement's audit trail.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from desktop import records
from desktop.checklist import ItemState, current_stage, item_states, progress
from desktop.errors import MessageError
from desktop.findings import Finding, counts, list_findings
from desktop.identity import current_actor
from desktop.names import same_person
from desktop.proposals import proposals
from desktop.rules import CheckResult, Opinion, suggest_opinion
from desktop.store.audit import utc_now
from desktop.store.db import Engagement

ROLES = ("lead", "verifier", "technical-expert", "reviewer", "client-signer")
OPINIONS = ("unmodified", "modified", "adverse", "disclaimer")
OPINION_ZH = {
    "unmodified": "無保留意見",
    "modified": "修正式意見",
    "adverse": "否定意見",
    "disclaimer": "無法表示意見",
}


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str
    organisation: str | None
    impartiality_declared_at: str | None
    added_by: str
    added_at: str
    cert_sha256: str | None = None  # the certificate this member signs with, once bound
    cert_subject: str | None = None


def team(conn: sqlite3.Connection) -> list[Member]:
    return [Member(**r) for r in records.rows_dicts(conn, "SELECT * FROM team_member ORDER BY id")]


def add_member(
    eng: Engagement,
    name: str,
    role: str,
    *,
    organisation: str | None = None,
    declare_impartial: bool = False,
    actor: str | None = None,
    certificate: Any = None,
) -> Member:
    """Put a person on the engagement (the reviewer is recorded here too, as independent).

    ``certificate`` (an ``x509.Certificate``) binds the member to the certificate they
    will sign with; its name must be theirs, and it may serve no one else.
    """
    import hashlib

    actor = actor or current_actor()
    role = role.strip().lower()
    if role not in ROLES:
        raise MessageError("team.bad_role", value=role)
    if not name.strip():
        raise MessageError("team.no_name")
    cert_sha = cert_subject = None
    if certificate is not None:
        from cryptography.hazmat.primitives import serialization

        from desktop.signing import cert_name

        if not same_person(cert_name(certificate), name):
            raise MessageError("team.cert_name", name=name, cert=cert_name(certificate))
        der = certificate.public_bytes(serialization.Encoding.DER)
        cert_sha = hashlib.sha256(der).hexdigest()
        cert_subject = certificate.subject.rfc4514_string()
        taken = eng.conn.execute(
            "SELECT name, role FROM team_member WHERE cert_sha256 = ?", (cert_sha,)
        ).fetchone()
        if taken:
            raise MessageError("sign.cert_other_role", name=taken[0], role=taken[1])
    now = utc_now()
    with records.change(eng) as conn:
        cur = conn.execute(
            "INSERT INTO team_member(name, role, organisation, impartiality_declared_at,"
            " added_by, added_at, cert_sha256, cert_subject) VALUES (?,?,?,?,?,?,?,?)",
            (name.strip(), role, organisation, now if declare_impartial else None, actor, now,
             cert_sha, cert_subject),
        )
        new = records.row_dict(conn, "SELECT * FROM team_member WHERE id = ?", (cur.lastrowid,))
        records.log(conn, actor, "add", "team_member", f"{name} ({role})", None, new)
    return next(m for m in team(eng.conn) if m.id == cur.lastrowid)


def declare_impartiality(eng: Engagement, name: str, role: str, *, actor: str | None = None):
    """Record a member's impartiality / no-conflict-of-interest declaration."""
    actor = actor or current_actor()
    member = next((m for m in team(eng.conn) if m.name == name and m.role == role), None)
    if member is None:
        raise MessageError("team.unknown", name=f"{name} ({role})")
    now = utc_now()
    with records.change(eng) as conn:
        conn.execute(
            "UPDATE team_member SET impartiality_declared_at = ? WHERE id = ?", (now, member.id)
        )
        records.log(
            conn,
            actor,
            "declare-impartiality",
            "team_member",
            f"{name} ({role})",
            {"impartiality_declared_at": member.impartiality_declared_at},
            {"impartiality_declared_at": now},
        )


def _member(conn: sqlite3.Connection, member_id: int) -> Member:
    member = next((m for m in team(conn) if m.id == member_id), None)
    if member is None:
        raise MessageError("team.unknown", name=f"#{member_id}")
    return member


def _has_signed(conn: sqlite3.Connection, member: Member) -> bool:
    """Whether the member's bound certificate made a signature (kept, or since withdrawn:
    the audit trail remembers every signature)."""
    if not member.cert_sha256:
        return False
    if conn.execute(
        "SELECT 1 FROM signature WHERE cert_sha256 = ?", (member.cert_sha256,)
    ).fetchone():
        return True
    for (new,) in conn.execute(
        "SELECT new FROM audit WHERE entity = 'signature' AND action = 'sign'"
    ):
        try:
            if json.loads(new or "null").get("cert_sha256") == member.cert_sha256:
                return True
        except (ValueError, AttributeError):
            continue
    return False


def remove_member(eng: Engagement, member_id: int, *, actor: str | None = None) -> Member:
    """Take a person off the team before signing (audited); returns who was removed.

    Refused, like every change, once the engagement is in review or signed; and refused
    for a member whose bound certificate has signed this engagement.
    """
    actor = actor or current_actor()
    records.ensure_writable(eng)
    member = _member(eng.conn, member_id)
    if _has_signed(eng.conn, member):
        raise MessageError("team.signed", name=member.name, role=member.role)
    with records.change(eng) as conn:
        old = records.row_dict(conn, "SELECT * FROM team_member WHERE id = ?", (member_id,))
        if old is None:  # removed meanwhile by another writer
            raise MessageError("team.unknown", name=f"#{member_id}")
        conn.execute("DELETE FROM team_member WHERE id = ?", (member_id,))
        records.log(conn, actor, "remove", "team_member",
                    f"{member.name} ({member.role})", old, None)
    return member


def update_member(
    eng: Engagement,
    member_id: int,
    *,
    organisation: str | None = None,
    declare_impartial: bool | None = None,
    actor: str | None = None,
) -> Member:
    """Change a member's organisation and/or impartiality declaration (audited).

    ``None`` leaves a field as it is; an empty ``organisation`` clears it;
    ``declare_impartial=True`` records the declaration now (an earlier one is kept),
    ``False`` withdraws it. Refused once the engagement is in review or signed.
    """
    actor = actor or current_actor()
    records.ensure_writable(eng)
    member = _member(eng.conn, member_id)
    changes: dict[str, Any] = {}
    if organisation is not None:
        org = organisation.strip() or None
        if org != member.organisation:
            changes["organisation"] = org
    if declare_impartial is True and not member.impartiality_declared_at:
        changes["impartiality_declared_at"] = utc_now()
    elif declare_impartial is False and member.impartiality_declared_at:
        changes["impartiality_declared_at"] = None
    if not changes:
        return member
    with records.change(eng) as conn:
        old = records.row_dict(conn, "SELECT * FROM team_member WHERE id = ?", (member_id,))
        if old is None:
            raise MessageError("team.unknown", name=f"#{member_id}")
        sets = ", ".join(f"{k} = ?" for k in changes)
        conn.execute(f"UPDATE team_member SET {sets} WHERE id = ?", (*changes.values(), member_id))
        records.log(conn, actor, "update", "team_member", f"{member.name} ({member.role})",
                    {k: old[k] for k in changes}, changes)
    return _member(eng.conn, member_id)


# --- opinion ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionChoice:
    """The suggested opinion, and the verifier's choice if one was recorded."""

    suggested: Opinion
    kind: str
    override_reason: str | None
    pervasive: bool
    evidence_sufficient: bool
    chosen: bool


def _material(results: list[CheckResult]) -> bool:
    agg = next((r for r in results if r.code == "materiality.aggregate"), None)
    return bool(agg and agg.figures.get("material"))


def unraised_nonconformities(
    conn: sqlite3.Connection, results: list[CheckResult], findings: list[Finding]
) -> list[ItemState]:
    """Items answered ``nonconformity`` that no CL or CAR (open or closed) is raised on."""
    raised = {(f.checklist_id, f.ref) for f in findings if f.type in ("CL", "CAR") and f.ref}
    return [
        s for s in item_states(conn, results)
        if s.response == "nonconformity" and (s.checklist.id, s.item.ref) not in raised
    ]


def opinion(
    conn: sqlite3.Connection, results: list[CheckResult], findings: list[Finding]
) -> OpinionChoice:
    row = records.row_dict(conn, "SELECT * FROM opinion WHERE id = 1")
    pervasive = bool(row and row["pervasive"])
    sufficient = bool(row["evidence_sufficient"]) if row else True
    c = counts(findings)
    suggested = suggest_opinion(
        open_car=c["CAR"]["open"],
        open_cl=c["CL"]["open"],
        misstatement_material=_material(results),
        pervasive=pervasive,
        evidence_sufficient=sufficient,
        unraised_nonconformities=len(unraised_nonconformities(conn, results, findings)),
        unevaluated_differences=sum(not p.evaluated for p in proposals(conn, results)),
    )
    if row is None:
        return OpinionChoice(suggested, suggested.kind, None, False, True, False)
    return OpinionChoice(
        suggested, row["kind"], row["override_reason"], pervasive, sufficient, True
    )


def choose_opinion(
    eng: Engagement,
    kind: str,
    *,
    reason: str | None = None,
    pervasive: bool = False,
    evidence_sufficient: bool = True,
    results: list[CheckResult],
    actor: str | None = None,
) -> OpinionChoice:
    """Record the opinion; one that departs from the evidence's suggestion needs a reason."""
    actor = actor or current_actor()
    if kind not in OPINIONS:
        raise MessageError("opinion.bad_kind", value=kind)
    all_findings = list_findings(eng.conn)
    c = counts(all_findings)
    suggested = suggest_opinion(
        open_car=c["CAR"]["open"],
        open_cl=c["CL"]["open"],
        misstatement_material=_material(results),
        pervasive=pervasive,
        evidence_sufficient=evidence_sufficient,
        unraised_nonconformities=len(unraised_nonconformities(eng.conn, results, all_findings)),
        unevaluated_differences=sum(not p.evaluated for p in proposals(eng.conn, results)),
    )
    reason = (reason or "").strip() or None
    if kind != suggested.kind and not reason:
        raise MessageError("opinion.override_reason", suggested=suggested.kind, kind=kind)
    with records.change(eng) as conn:
        old = records.row_dict(conn, "SELECT * FROM opinion WHERE id = 1")
        row = {
            "id": 1,
            "kind": kind,
            "suggested": suggested.kind,
            "override_reason": reason if kind != suggested.kind else None,
            "pervasive": int(pervasive),
            "evidence_sufficient": int(evidence_sufficient),
            "chosen_by": actor,
            "chosen_at": utc_now(),
        }
        conn.execute(
            f"INSERT OR REPLACE INTO opinion({','.join(row)}) VALUES ({','.join('?' * len(row))})",
            tuple(row.values()),
        )
        records.log(conn, actor, "choose", "opinion", None, old, row)
    return opinion(eng.conn, results, list_findings(eng.conn))


# --- the gate -----------------------------------------------------------------------


@dataclass(frozen=True)
class GateRule:
    rule: str
    ok: bool
    detail: str
    detail_zh: str


@dataclass
class Status:
    """Everything ``veridesk status`` reports."""

    states: list[ItemState]
    findings: list[Finding]
    results: list[CheckResult]
    opinion: OpinionChoice
    gate: list[GateRule] = field(default_factory=list)

    @property
    def ready_to_sign(self) -> bool:
        return all(g.ok for g in self.gate)

    @property
    def stage(self) -> str | None:
        return current_stage(self.states)

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        zh = lang == "zh-TW"
        return {
            "format": "veridesk-status/1",
            "checklists": [
                {
                    "id": p.checklist.id,
                    "title": p.checklist.title_zh if zh else p.checklist.title,
                    "items": p.items,
                    "answered": p.answered,
                    "prefilled": p.prefilled,
                }
                for p in progress(self.states)
            ],
            "findings": counts(self.findings),
            "gate": [
                {"rule": g.rule, "ok": g.ok, "detail": g.detail_zh if zh else g.detail}
                for g in self.gate
            ],
            "ready_to_sign": self.ready_to_sign,
            "stage": self.stage,
            "opinion": {
                "suggested": self.opinion.suggested.kind,
                "chosen": self.opinion.kind if self.opinion.chosen else None,
            },
        }


def status(conn: sqlite3.Connection, results: list[CheckResult]) -> Status:
    states = item_states(conn, results)
    findings = list_findings(conn)
    op = opinion(conn, results, findings)
    st = Status(states, findings, results, op)
    st.gate = gate(conn, st)
    return st


def _item_name(state: ItemState, zh: bool) -> str:
    """An item as a reader knows it: the checklist's title and the item's clause (in a
    Chinese text, without the English topic some refs carry after the clause)."""
    import re

    title = (state.checklist.title_zh or state.checklist.title) if zh else state.checklist.title
    ref = state.item.ref
    if zh:
        ref = re.sub(r"(\s+[—–-])?\s+[A-Za-z][A-Za-z0-9 ,.()'/-]*$", "", ref) or ref
    return f"{title} {ref}"


def gate(conn: sqlite3.Connection, st: Status) -> list[GateRule]:
    rules: list[GateRule] = []

    def add(rule: str, ok: bool, en: str, zh: str) -> None:
        rules.append(GateRule(rule, ok, en, zh))

    unanswered = [s for s in st.states if not s.answered]
    if unanswered:
        first = unanswered[0]
        add(
            "items_answered",
            False,
            f"{len(unanswered)} of {len(st.states)} applicable items are unanswered "
            f"(first: {_item_name(first, False)})",
            f"{len(st.states)} 個適用項目中有 {len(unanswered)} 個未回答"
            f"（第一個：{_item_name(first, True)}）",
        )
    else:
        add(
            "items_answered",
            True,
            f"all {len(st.states)} applicable items answered",
            f"{len(st.states)} 個適用項目皆已回答",
        )

    bare = [s for s in st.states if s.response == "conforms" and not s.supported]
    add(
        "conforms_supported",
        not bare,
        "every 'conforms' has evidence or a note"
        if not bare
        else f"{len(bare)} 'conforms' answers have neither evidence nor a note "
        f"(first: {_item_name(bare[0], False)})",
        "每個「符合」皆有佐證或說明"
        if not bare
        else f"{len(bare)} 個「符合」既無佐證也無說明（第一個：{_item_name(bare[0], True)}）",
    )

    raised = {(f.checklist_id, f.ref) for f in st.findings if f.type in ("CL", "CAR") and f.ref}
    unraised = [s for s in st.states
                if s.response == "nonconformity" and (s.checklist.id, s.item.ref) not in raised]
    add(
        "nonconformities_raised",
        not unraised,
        "every nonconformity has a CL or CAR"
        if not unraised
        else f"{len(unraised)} nonconformities have no CL or CAR "
        f"(first: {_item_name(unraised[0], False)})",
        "每個不符合事項皆已提出 CL 或 CAR"
        if not unraised
        else f"{len(unraised)} 個不符合事項未提出 CL 或 CAR"
        f"（第一個：{_item_name(unraised[0], True)}）",
    )
    pending = [p for p in proposals(conn, st.results) if not p.evaluated]
    add(
        "differences_evaluated",
        not pending,
        "every computed difference is evaluated as a misstatement"
        if not pending
        else "; ".join(
            f"{p.label}: {p.amount_tco2e:+,.2f} tCO2e proposed as a misstatement — record it "
            f"(misstatement add --source {p.source}: accepted, corrected, or 0 with the "
            "explanation)"
            for p in pending
        ),
        "每項計算差異皆已評估為不實陳述"
        if not pending
        else "；".join(
            f"{p.label_zh}：{p.amount_tco2e:+,.2f} tCO2e 列為建議之不實陳述——請記錄"
            f"（misstatement add --source {p.source}：接受、更正，或以 0 並說明理由）"
            for p in pending
        ),
    )

    blocking = [f for f in st.findings if f.blocks_unmodified]
    if st.opinion.chosen and st.opinion.kind != "unmodified":
        add(
            "no_open_findings",
            True,
            f"{len(blocking)} open CL/CAR; the opinion is {st.opinion.kind}",
            f"未結 CL/CAR {len(blocking)} 項；意見為{OPINION_ZH[st.opinion.kind]}",
        )
    else:
        add(
            "no_open_findings",
            not blocking,
            "no open CL or CAR"
            if not blocking
            else "open findings block an unmodified opinion: "
            + ", ".join(f.number for f in blocking),
            "無未結之 CL 或 CAR"
            if not blocking
            else "未結發現事項使無保留意見無法成立：" + "、".join(f.number for f in blocking),
        )

    by_code = {r.code: r for r in st.results}
    agg, thr = by_code.get("materiality.aggregate"), by_code.get("materiality.threshold")
    if agg is None or agg.status == "n/a":
        add(
            "materiality_evaluated",
            True,
            "not applicable to this engagement type",
            "不適用於此案件類型",
        )
    else:
        pct, limit = (
            agg.figures.get("misstatement_pct"),
            (thr.figures if thr else {}).get("threshold_pct"),
        )
        # no reported total to weigh the misstatements against: not evaluated
        ok = thr is not None and thr.status != "n/a" and pct is not None
        add(
            "materiality_evaluated",
            ok,
            f"aggregate misstatement {pct:.2f} % against a {limit} % threshold"
            if pct is not None
            else "the aggregate misstatement cannot be weighed: no reported total",
            f"不實陳述合計 {pct:.2f} %，重大性門檻 {limit} %"
            if pct is not None
            else "無宣告總量，無法評估不實陳述合計之重大性",
        )

    op = st.opinion
    add(
        "opinion_chosen",
        op.chosen,
        f"opinion recorded: {op.kind}"
        if op.chosen
        else f"record the opinion (the evidence suggests {op.suggested.kind})",
        f"已記錄意見：{OPINION_ZH[op.kind]}"
        if op.chosen
        else f"請記錄意見（依證據建議：{OPINION_ZH[op.suggested.kind]}）",
    )
    consistent = op.kind == op.suggested.kind or bool(op.override_reason)
    add(
        "opinion_follows_evidence",
        consistent,
        f"opinion {op.kind} (suggested: {op.suggested.kind})"
        + ("" if consistent else "; an override needs a recorded reason"),
        f"意見：{OPINION_ZH[op.kind]}（建議：{OPINION_ZH[op.suggested.kind]}）"
        + ("" if consistent else "；推翻建議須記錄理由"),
    )

    members = team(conn)
    leads = [m for m in members if m.role == "lead"]
    lead_ok = bool(leads) and all(m.impartiality_declared_at for m in leads)
    add(
        "lead_verifier",
        lead_ok,
        f"lead verifier: {leads[0].name}"
        if lead_ok
        else "a lead verifier with an impartiality declaration is needed",
        f"主導查證員：{leads[0].name}" if lead_ok else "需要已聲明公正性的主導查證員",
    )

    reviewers = [m for m in members if m.role == "reviewer"]
    if not reviewers:
        add("reviewer_independent", False, "no independent reviewer assigned", "尚未指派獨立審查員")
    else:
        r = reviewers[0]
        on_team = [m.name for m in members if m.role != "reviewer"]
        # signing (and binding one's certificate) is not authorship of the records
        authors = [
            a
            for (a,) in conn.execute(
                "SELECT DISTINCT actor FROM audit WHERE action NOT IN ('sign', 'bind')"
            )
        ]
        problems_en, problems_zh = [], []
        if any(same_person(r.name, name) for name in on_team):
            problems_en.append("is also on the team")
            problems_zh.append("同時是查證團隊成員")
        if any(same_person(r.name, a) for a in authors):
            problems_en.append("is an author in the audit trail")
            problems_zh.append("曾為稽核軌跡中的作者")
        if not r.impartiality_declared_at:
            problems_en.append("has not declared impartiality")
            problems_zh.append("尚未聲明公正性")
        add(
            "reviewer_independent",
            not problems_en,
            f"reviewer {r.name}: independent"
            if not problems_en
            else f"reviewer {r.name} " + "; ".join(problems_en),
            f"審查員 {r.name}：具獨立性"
            if not problems_zh
            else f"審查員 {r.name}" + "；".join(problems_zh),
        )
    return rules
