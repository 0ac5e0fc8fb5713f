"""Findings (CL / CAR / FAR) and their life cycle, and the misstatements a verifier records.

Life cycle: a finding is raised ``open``; the client's response opens a round and makes
it ``responded``; the verifier's assessment accepts it (``closed``) or not (back to
``open`` for another round). A CL may be escalated to a CAR: it takes the next CAR
number, keeps its rounds and remembers what it was. Open CLs and CARs block an
unmodified opinion; FARs are for the next verification and do not.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from desktop import records
from desktop.errors import MessageError
from desktop.identity import current_actor
from desktop.store.audit import utc_now
from desktop.store.db import Engagement

TYPES = ("CL", "CAR", "FAR")
STATES = ("open", "responded", "closed")


@dataclass
class Round:
    n: int
    client_response: str | None
    responded_at: str | None
    assessment: str | None
    accepted: bool | None
    assessed_by: str | None
    assessed_at: str | None


@dataclass
class Finding:
    id: int
    number: str
    type: str
    state: str
    title: str
    description: str | None
    checklist_id: str | None
    ref: str | None
    escalated_from: str | None
    raised_by: str
    raised_at: str
    closed_at: str | None
    rounds: list[Round] = field(default_factory=list)

    @property
    def blocks_unmodified(self) -> bool:
        return self.type in ("CL", "CAR") and self.state != "closed"


def _next_number(conn: sqlite3.Connection, ftype: str) -> str:
    rows = conn.execute("SELECT number FROM finding WHERE number LIKE ?", (f"{ftype}-%",))
    used = [int(n.split("-")[1]) for (n,) in rows if n.split("-")[1].isdigit()]
    return f"{ftype}-{max(used, default=0) + 1:02d}"


def list_findings(conn: sqlite3.Connection) -> list[Finding]:
    rounds: dict[int, list[Round]] = {}
    for r in records.rows_dicts(conn, "SELECT * FROM finding_round ORDER BY finding_id, n"):
        fid = r.pop("finding_id")
        r.pop("id")
        r["accepted"] = None if r["accepted"] is None else bool(r["accepted"])
        rounds.setdefault(fid, []).append(Round(**r))
    out = []
    for f in records.rows_dicts(conn, "SELECT * FROM finding ORDER BY id"):
        out.append(Finding(**f, rounds=rounds.get(f["id"], [])))
    return out


def get(conn: sqlite3.Connection, number: str) -> Finding:
    for f in list_findings(conn):
        if f.number == number:
            return f
    raise MessageError("finding.unknown", number=number)


def _snapshot(conn: sqlite3.Connection, fid: int) -> dict[str, Any] | None:
    return records.row_dict(conn, "SELECT * FROM finding WHERE id = ?", (fid,))


def raise_finding(
    eng: Engagement,
    ftype: str,
    title: str,
    description: str | None = None,
    *,
    checklist_id: str | None = None,
    ref: str | None = None,
    actor: str | None = None,
) -> Finding:
    """Raise a new finding, optionally linked to a checklist item."""
    actor = actor or current_actor()
    ftype = ftype.strip().upper()
    if ftype not in TYPES:
        raise MessageError("finding.bad_type", value=ftype)
    with records.change(eng) as conn:
        number = _next_number(conn, ftype)
        cur = conn.execute(
            "INSERT INTO finding(number, type, state, title, description, checklist_id, ref,"
            " raised_by, raised_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                number,
                ftype,
                "open",
                title.strip(),
                description,
                checklist_id,
                ref,
                actor,
                utc_now(),
            ),
        )
        records.log(conn, actor, "raise", "finding", number, None, _snapshot(conn, cur.lastrowid))
    return get(eng.conn, number)


def record_client_response(
    eng: Engagement, number: str, response: str, *, actor: str | None = None
) -> Finding:
    """The client's response: opens a new round and marks the finding ``responded``."""
    actor = actor or current_actor()
    f = get(eng.conn, number)
    if f.state == "closed":
        raise MessageError("finding.closed", number=number)
    with records.change(eng) as conn:
        n = len(f.rounds) + 1
        if f.rounds and f.rounds[-1].assessment is None:  # amend the pending round
            n = f.rounds[-1].n
            conn.execute(
                "UPDATE finding_round SET client_response = ?, responded_at = ? "
                "WHERE finding_id = ? AND n = ?",
                (response, utc_now(), f.id, n),
            )
        else:
            conn.execute(
                "INSERT INTO finding_round(finding_id, n, client_response, responded_at) "
                "VALUES (?,?,?,?)",
                (f.id, n, response, utc_now()),
            )
        old = _snapshot(conn, f.id)
        conn.execute("UPDATE finding SET state = 'responded' WHERE id = ?", (f.id,))
        records.log(
            conn,
            actor,
            "client-response",
            "finding",
            number,
            {"state": old["state"]},
            {"state": "responded", "round": n, "client_response": response},
        )
    return get(eng.conn, number)


def assess(
    eng: Engagement,
    number: str,
    accepted: bool,
    assessment: str,
    *,
    actor: str | None = None,
) -> Finding:
    """The verifier's assessment of the latest response: accepted closes the finding."""
    actor = actor or current_actor()
    f = get(eng.conn, number)
    if f.state == "closed":
        raise MessageError("finding.closed", number=number)
    pending = f.rounds[-1] if f.rounds else None
    if pending is None or pending.client_response is None or pending.assessment is not None:
        raise MessageError("finding.no_response", number=number)
    n = f.rounds[-1].n
    now = utc_now()
    new_state = "closed" if accepted else "open"
    with records.change(eng) as conn:
        conn.execute(
            "UPDATE finding_round SET assessment = ?, accepted = ?, assessed_by = ?, "
            "assessed_at = ? WHERE finding_id = ? AND n = ?",
            (assessment, int(accepted), actor, now, f.id, n),
        )
        conn.execute(
            "UPDATE finding SET state = ?, closed_at = ? WHERE id = ?",
            (new_state, now if accepted else None, f.id),
        )
        records.log(
            conn,
            actor,
            "assess",
            "finding",
            number,
            {"state": f.state},
            {"state": new_state, "round": n, "accepted": accepted, "assessment": assessment},
        )
    return get(eng.conn, number)


def escalate(eng: Engagement, number: str, reason: str, *, actor: str | None = None) -> Finding:
    """Escalate an unresolved CL to a CAR (a requirement is not met)."""
    actor = actor or current_actor()
    f = get(eng.conn, number)
    if f.type != "CL":
        raise MessageError("finding.not_cl", number=number, type=f.type)
    if f.state == "closed":
        raise MessageError("finding.closed", number=number)
    with records.change(eng) as conn:
        new_number = _next_number(conn, "CAR")
        conn.execute(
            "UPDATE finding SET type = 'CAR', number = ?, escalated_from = ?, state = 'open' "
            "WHERE id = ?",
            (new_number, number, f.id),
        )
        records.log(
            conn,
            actor,
            "escalate",
            "finding",
            number,
            {"number": number, "type": "CL", "state": f.state},
            {"number": new_number, "type": "CAR", "state": "open", "reason": reason},
        )
    return get(eng.conn, new_number)


def counts(findings: list[Finding]) -> dict[str, dict[str, int]]:
    """``{"CL": {"open": n, "closed": n}, "CAR": …, "FAR": …}`` (responded counts as open)."""
    out = {t: {"open": 0, "closed": 0} for t in TYPES}
    for f in findings:
        out[f.type]["closed" if f.state == "closed" else "open"] += 1
    return out


# --- misstatements ------------------------------------------------------------------


@dataclass(frozen=True)
class Misstatement:
    id: int
    description: str
    amount_tco2e: float
    finding_id: int | None
    recorded_by: str
    recorded_at: str
    source: str | None = None  # the inventory source, parameter or calculation line
    corrected_at: str | None = None  # the client corrected it: not counted any more
    correction: str | None = None  # how (the verifier's note)


def list_misstatements(conn: sqlite3.Connection) -> list[Misstatement]:
    return [
        Misstatement(**r)
        for r in records.rows_dicts(conn, "SELECT * FROM misstatement ORDER BY id")
    ]


def record_misstatement(
    eng: Engagement,
    description: str,
    amount_tco2e: float,
    *,
    finding: str | None = None,
    actor: str | None = None,
    source: str | None = None,
) -> Misstatement:
    """Record a misstatement (signed: + overstated, − understated) the verifier found;
    ``source`` names the inventory source, parameter or calculation line it concerns."""
    actor = actor or current_actor()
    fid = get(eng.conn, finding).id if finding else None
    if source is not None:
        source = source.strip()
        known = misstatement_sources(eng.conn)
        if source not in known:
            raise MessageError(
                "misstatement.unknown_source",
                value=source,
                known=", ".join(known[:12]) + (" …" if len(known) > 12 else ""),
            )
    with records.change(eng) as conn:
        cur = conn.execute(
            "INSERT INTO misstatement(description, amount_tco2e, finding_id, recorded_by,"
            " recorded_at, source) VALUES (?,?,?,?,?,?)",
            (description.strip(), float(amount_tco2e), fid, actor, utc_now(), source),
        )
        new = records.row_dict(conn, "SELECT * FROM misstatement WHERE id = ?", (cur.lastrowid,))
        records.log(conn, actor, "record", "misstatement", str(cur.lastrowid), None, new)
    return next(m for m in list_misstatements(eng.conn) if m.id == cur.lastrowid)


def misstatement_sources(conn: sqlite3.Connection) -> list[str]:
    """What a misstatement may concern: a computed difference (``result``, ``footprint``),
    an inventory source, a monitored parameter or a calculation line."""
    from desktop.planning.store import list_plans
    from desktop.proposals import SOURCES

    out: dict[str, None] = dict.fromkeys(SOURCES)  # the computed differences themselves
    out.update((f"sample:{p.id}", None) for p in list_plans(conn))  # projected sample errors
    for sql in (
        "SELECT source_id FROM inventory WHERE source_id IS NOT NULL ORDER BY row_no",
        "SELECT DISTINCT parameter FROM monitoring WHERE parameter IS NOT NULL",
        "SELECT name FROM calculation ORDER BY seq",
    ):
        for (value,) in conn.execute(sql):
            out[str(value)] = None
    return list(out)


def correct_misstatement(
    eng: Engagement, mid: int, note: str, *, actor: str | None = None
) -> Misstatement:
    """The client corrected the statement: the misstatement stays on record (reported,
    with how it was corrected) but no longer counts in the aggregate."""
    actor = actor or current_actor()
    if not note or not note.strip():
        raise MessageError("misstatement.correction_note")
    with records.change(eng) as conn:
        old = records.row_dict(conn, "SELECT * FROM misstatement WHERE id = ?", (mid,))
        if old is None:
            raise MessageError("misstatement.unknown", id=mid)
        now = utc_now()
        conn.execute("UPDATE misstatement SET corrected_at = ?, correction = ? WHERE id = ?",
                     (now, note.strip(), mid))
        records.log(conn, actor, "correct", "misstatement", str(mid), old,
                    {"corrected_at": now, "correction": note.strip()})
    return next(m for m in list_misstatements(eng.conn) if m.id == mid)


def remove_misstatement(eng: Engagement, mid: int, *, actor: str | None = None) -> None:
    """Withdraw a recorded misstatement (the audit trail keeps what it was)."""
    actor = actor or current_actor()
    with records.change(eng) as conn:
        old = records.row_dict(conn, "SELECT * FROM misstatement WHERE id = ?", (mid,))
        if old is None:
            raise MessageError("misstatement.unknown", id=mid)
        conn.execute("DELETE FROM misstatement WHERE id = ?", (mid,))
        records.log(conn, actor, "remove", "misstatement", str(mid), old, None)
