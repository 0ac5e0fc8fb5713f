"""Electronic signatures on an engagement, and verification of the file.

Modelled on 21 CFR Part 11: each signature shows the printed name, role, meaning and UTC
time (§11.50) and is bound to the exact record by signing a payload that contains the
engagement fingerprint (§11.70). The signer declares, as part of the act of signing,
that they have no conflict of interest. Order: the lead verifier, then the independent
reviewer (another certificate, never an author in the audit trail); after the reviewer
the engagement is locked. A self-validated claim (PAS 2060) needs only the claimant's
own signer; a second-party one needs signers who are not the client.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from desktop import journal, records
from desktop.body import load_profile
from desktop.errors import MessageError
from desktop.fingerprint import Seal, differences, seal, seal_imported
from desktop.names import same_person
from desktop.rules import CheckResult
from desktop.signoff import status, team
from desktop.store import audit
from desktop.store.db import Engagement

ROLES = ("lead", "reviewer")


class SigningIdentity(Protocol):
    """What signing needs from a loaded PKCS#12 identity."""

    key: Any
    cert: x509.Certificate


@dataclass(frozen=True)
class Signature:
    id: int
    role: str
    printed_name: str
    meaning: str
    signed_at: str
    fingerprint: str
    cert_subject: str
    cert_sha256: str


def attestation(conn: sqlite3.Connection) -> str:
    """``self``, ``second-party`` or ``third-party`` (the default for verification)."""
    value = conn.execute("SELECT attestation FROM engagement").fetchone()[0]
    return value or "third-party"


def required_roles(conn: sqlite3.Connection) -> tuple[str, ...]:
    return ("lead",) if attestation(conn) == "self" else ("lead", "reviewer")


def signatures(conn: sqlite3.Connection) -> list[Signature]:
    return [
        Signature(**r)
        for r in records.rows_dicts(
            conn,
            "SELECT id, role, printed_name, meaning, signed_at, fingerprint, cert_subject, "
            "cert_sha256 FROM signature ORDER BY id",
        )
    ]


def cert_name(cert: x509.Certificate) -> str:
    cns = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(cns[0].value) if cns else cert.subject.rfc4514_string()


def _same_person(a: str, b: str) -> bool:
    return same_person(a, b)


def check_certificate(cert: x509.Certificate, when: datetime | None = None) -> None:
    """Refuse a certificate that is expired, not yet valid, or not for signatures."""
    now = when or datetime.now(UTC)
    if now < cert.not_valid_before_utc:
        raise MessageError("sign.cert_not_yet", since=cert.not_valid_before_utc.date())
    if now > cert.not_valid_after_utc:
        raise MessageError("sign.cert_expired", until=cert.not_valid_after_utc.date())
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not usage.digital_signature:
        raise MessageError("sign.cert_usage")


def _bind_member(conn: sqlite3.Connection, role: str, name: str, cert_sha: str,
                 cert_subject: str) -> tuple[int, bool]:
    """The team member ``role`` whose certificate this is (binding it on first use).

    Returns (member id, whether it was bound now). The certificate's name must be the
    member's; a member bound to another certificate, or a certificate bound to another
    member, is refused: one certificate, one role.
    """
    member_role = "lead" if role == "lead" else "reviewer"
    members = records.rows_dicts(
        conn, "SELECT id, name, role, cert_sha256 FROM team_member WHERE role = ?",
        (member_role,),
    )
    if not members:
        raise MessageError("sign.no_member", role=role)
    member = next((m for m in members if same_person(m["name"], name)), None)
    if member is None:
        raise MessageError("sign.name_mismatch", name=name, role=role,
                           member=", ".join(m["name"] for m in members))
    other = conn.execute(
        "SELECT name, role FROM team_member WHERE cert_sha256 = ? AND id != ?",
        (cert_sha, member["id"]),
    ).fetchone()
    if other:
        raise MessageError("sign.cert_other_role", name=other[0], role=other[1])
    if member["cert_sha256"]:
        if member["cert_sha256"] != cert_sha:
            raise MessageError("sign.wrong_certificate", name=member["name"], role=role)
        return member["id"], False
    return member["id"], True


def _sign_bytes(key: Any, data: bytes) -> tuple[str, bytes]:
    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA-PKCS1v15-SHA256", key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return "ECDSA-SHA256", key.sign(data, ec.ECDSA(hashes.SHA256()))
    raise TypeError(f"unsupported key type {type(key).__name__}")


def _verify_bytes(cert: x509.Certificate, algorithm: str, sig: bytes, data: bytes) -> bool:
    public = cert.public_key()
    try:
        if algorithm == "RSA-PKCS1v15-SHA256" and isinstance(public, rsa.RSAPublicKey):
            public.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        elif algorithm == "ECDSA-SHA256" and isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(sig, data, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except InvalidSignature:
        return False
    return True


def sign(
    eng: Engagement,
    identity: SigningIdentity,
    role: str,
    meaning: str,
    *,
    declare_impartial: bool,
    results: list[CheckResult],
    printed_name: str | None = None,
) -> Signature:
    """Sign the engagement as ``role``; refuses unless the gate is met and the rules hold."""
    if not declare_impartial:
        raise MessageError("sign.no_declaration")
    if role not in required_roles(eng.conn):
        raise (
            MessageError("sign.order")
            if role == "reviewer"
            else MessageError("team.bad_role", value=role)
        )
    records.ensure_writable_for_signing(eng)
    conn = eng.conn
    existing = {s.role: s for s in signatures(conn)}
    if role in existing:
        raise MessageError("sign.already", role=role)
    check_certificate(identity.cert)
    name = cert_name(identity.cert).strip()  # the certificate's, never an argument
    if printed_name is not None and not same_person(printed_name, name):
        raise MessageError("sign.name_mismatch", name=name, role=role, member=printed_name)
    cert_der = identity.cert.public_bytes(serialization.Encoding.DER)
    cert_sha = hashlib.sha256(cert_der).hexdigest()
    if role == "lead":  # the gate first: it says everything that is missing at once
        st = status(conn, results)
        failing = [g for g in st.gate if not g.ok and not _not_needed(g.rule, attestation(conn))]
        if failing:
            raise MessageError("sign.not_ready", rules="; ".join(g.detail for g in failing))
    member_id, bind = _bind_member(
        conn, role, name, cert_sha, identity.cert.subject.rfc4514_string()
    )
    kind = attestation(conn)
    if kind == "second-party":
        client = conn.execute("SELECT client FROM engagement").fetchone()[0] or ""
        if _same_person(name, client):
            raise MessageError("sign.signer_is_client", attestation=kind, client=client)
    current = seal(conn)
    if role != "lead":
        lead = existing.get("lead")
        if lead is None:
            raise MessageError("sign.order")
        if lead.cert_sha256 == cert_sha:
            raise MessageError("sign.same_certificate")
        authors = {a for (a,) in conn.execute("SELECT DISTINCT actor FROM audit")}
        if any(_same_person(name, a) for a in authors):
            raise MessageError("sign.reviewer_author", name=name)
        if any(_same_person(name, m.name) for m in team(conn) if m.role != "reviewer"):
            raise MessageError("sign.reviewer_on_team", name=name)
        if current.fingerprint != lead.fingerprint:
            sealed = Seal.from_json(
                json.loads(
                    conn.execute("SELECT seal FROM signature WHERE role = 'lead'").fetchone()[0]
                )
            )
            raise MessageError(
                "sign.changed_since_lead", detail="; ".join(differences(sealed, current))
            )
    final = role == required_roles(conn)[-1]
    conn.execute("BEGIN IMMEDIATE")
    try:
        if bind:
            conn.execute(
                "UPDATE team_member SET cert_sha256 = ?, cert_subject = ? WHERE id = ?",
                (cert_sha, identity.cert.subject.rfc4514_string(), member_id),
            )
            records.log(conn, name, "bind", "team_member", f"{name} ({role})", None,
                        {"cert_sha256": cert_sha,
                         "cert_subject": identity.cert.subject.rfc4514_string()})
        head_id, head_hash = conn.execute(
            "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"
        ).fetchone()
        previous = conn.execute(
            "SELECT signature FROM signature ORDER BY id DESC LIMIT 1"
        ).fetchone()
        signed_at = audit.utc_now()
        payload = audit.canonical_json(
            {
                "fingerprint": current.fingerprint,
                "printed_name": name,
                "role": role,
                "meaning": meaning,
                "signed_at": signed_at,
                "cert_sha256": cert_sha,
                "impartiality_declared": True,
                # the audit trail and the signature before this one, as they stand
                "audit_head": {"id": head_id, "hash": head_hash},
                "previous_signature": (
                    hashlib.sha256(previous[0]).hexdigest() if previous else None
                ),
                "state_after": "signed" if final else "review",
                # the issuing body as it stands when the lead signs (name, address,
                # accreditation, place): the opinion prints this, never a later profile
                **({"body": load_profile().as_json()} if role == "lead" else {}),
            }
        )
        algorithm, sig = _sign_bytes(identity.key, payload.encode("utf-8"))
        conn.execute(
            "INSERT INTO signature(role, printed_name, meaning, signed_at, impartiality_declared,"
            " fingerprint, payload, algorithm, signature, certificate, cert_subject, cert_sha256,"
            " seal) VALUES (?,?,?,?,1,?,?,?,?,?,?,?,?)",
            (
                role,
                name,
                meaning,
                signed_at,
                current.fingerprint,
                payload,
                algorithm,
                sig,
                cert_der,
                identity.cert.subject.rfc4514_string(),
                cert_sha,
                json.dumps(current.as_json()),
            ),
        )
        new_state = "signed" if final else "review"
        conn.execute("UPDATE engagement SET state = ?", (new_state,))
        records.log(
            conn,
            name,
            "sign",
            "signature",
            role,
            None,
            {
                "role": role,
                "meaning": meaning,
                "fingerprint": current.fingerprint,
                "cert_sha256": cert_sha,
                "state": new_state,
                "signature": base64.b64encode(sig).decode(),
            },
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    journal.record(conn, eng.path, "sign", role, sig)
    return next(s for s in signatures(conn) if s.role == role)


def _not_needed(rule: str, kind: str) -> bool:
    return rule == "reviewer_independent" and kind == "self"


def withdraw_lead(eng: Engagement, reason: str, actor: str) -> None:
    """The reviewer sent it back: remove the lead's signature, return to draft."""
    records.ensure_writable_for_signing(eng)
    conn = eng.conn
    if records.state(conn) != "review":
        raise MessageError("sign.nothing_to_withdraw")
    if not reason or not reason.strip():
        raise MessageError("sign.withdraw_reason")
    conn.execute("BEGIN IMMEDIATE")
    try:
        old = records.row_dict(
            conn,
            "SELECT role, printed_name, meaning, signed_at, "
            "fingerprint FROM signature WHERE role = 'lead'",
        )
        conn.execute("DELETE FROM signature WHERE role = 'lead'")
        conn.execute("UPDATE engagement SET state = 'draft'")
        records.log(
            conn, actor, "withdraw", "signature", "lead", old, {"state": "draft", "reason": reason}
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    journal.record(conn, eng.path, "withdraw", "lead", None)


# --- verification -------------------------------------------------------------------


@dataclass
class Verification:
    """What ``veridesk verify FILE`` found; ``problems`` name what broke, first first."""

    integrity: str = "ok"
    audit_rows: int = 0
    fingerprint: str | None = None
    signatures: list[Signature] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said, not failing

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_engagement(conn: sqlite3.Connection) -> Verification:
    """Integrity, the audit chain, the imported data against its import seal, evidence
    blobs, the registry records against their stored exports, every signature against its
    seal and its commitments, the signatures and the state against the audit trail, and
    the file against this computer's signing journal."""
    v = Verification()
    v.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if v.integrity != "ok":
        v.problems.append(f"SQLite integrity check: {v.integrity}")
    chain = audit.verify_chain(conn)
    v.audit_rows = chain.rows
    if not chain.ok:
        v.problems.append(str(chain.reason))
    for path, digest, data in conn.execute("SELECT path, sha256, data FROM evidence"):
        if hashlib.sha256(data).hexdigest() != digest:
            v.problems.append(f"evidence {path}: content does not match its SHA-256")
    for path, digest, stored in conn.execute(
        "SELECT s.path, s.sha256, e.sha256 FROM source_files s LEFT JOIN evidence e "
        "ON e.path = s.path WHERE s.role IN ('evidence', 'registry')"
    ):
        if stored != digest:
            v.problems.append(f"evidence {path}: "
                              + ("missing" if stored is None else "not the file received"))
    # the registry records the checks read are derived from the sealed export bytes:
    # read them again, and name any record that differs
    from desktop.registry.rederive import record_problems

    v.problems.extend(record_problems(conn))
    current = seal(conn)
    v.fingerprint = current.fingerprint
    v.signatures = signatures(conn)
    _check_import_seal(conn, current, v)
    rows = records.rows_dicts(conn, "SELECT * FROM signature ORDER BY id")
    for row in rows:
        _check_signature(conn, row, rows, current, v)
    _check_against_audit(conn, rows, v)
    _check_against_journal(conn, rows, v)
    state = records.state(conn)
    signed_roles = {s.role for s in v.signatures}
    if state == "signed" and not set(required_roles(conn)) <= signed_roles:
        v.problems.append("the engagement is marked signed but signatures are missing")
    return v


def _check_import_seal(conn: sqlite3.Connection, current: Seal, v: Verification) -> None:
    """The dossier's data as imported: any edit made since is named (table and record)."""
    row = conn.execute(
        "SELECT id, new FROM audit WHERE action = 'import' ORDER BY id LIMIT 1"
    ).fetchone()
    if row is None:
        v.problems.append("the audit trail has no import record")
        return
    sealed = json.loads(row[1] or "{}").get("seal")
    if sealed is None:
        v.notes.append("imported before data was sealed at import: edits made before "
                       "signing cannot be told")
        return
    expected = Seal.from_json(sealed)
    methods = {k: sec.method for k, sec in expected.sections.items()}
    if "pages" in methods.values():
        actual = seal_imported(conn, methods)
        unsealable = [k for k, m in methods.items()
                      if m == "pages" and actual.sections[k].method != "pages"]
        if unsealable:  # this SQLite cannot list pages: those tables cannot be checked
            v.notes.append("this SQLite lacks dbstat: cannot check " + ", ".join(unsealable))
            for k in unsealable:
                expected.sections.pop(k)
    else:
        actual = Seal(current.fingerprint,
                      {k: val for k, val in current.sections.items() if k in expected.sections})
    for where in differences(expected, actual):
        v.problems.append(f"the imported data changed since the import (audit row {row[0]}): "
                          f"{where}")


def _check_signature(conn: sqlite3.Connection, row: dict[str, Any], rows: list[dict[str, Any]],
                     current: Seal, v: Verification) -> None:
    who = f"signature of the {row['role']}"
    cert = x509.load_der_x509_certificate(row["certificate"])
    if not _verify_bytes(cert, row["algorithm"], row["signature"], row["payload"].encode("utf-8")):
        v.problems.append(f"{who}: does not verify")
    payload = json.loads(row["payload"])
    for key in ("printed_name", "role", "meaning", "signed_at", "fingerprint"):
        if payload.get(key) != row[key]:
            v.problems.append(f"{who}: {key} differs from what was signed")
    if payload.get("cert_sha256") != hashlib.sha256(row["certificate"]).hexdigest():
        v.problems.append(f"{who}: certificate was replaced")
    head = payload.get("audit_head")
    if head is not None:
        found = conn.execute("SELECT hash FROM audit WHERE id = ?", (head["id"],)).fetchone()
        if found is None or found[0] != head["hash"]:
            v.problems.append(f"{who}: the audit trail it signed (up to row {head['id']}) was "
                              "rewritten or cut")
    if "previous_signature" in payload:
        earlier = [r for r in rows if r["id"] < row["id"]]
        expected = hashlib.sha256(earlier[-1]["signature"]).hexdigest() if earlier else None
        if payload["previous_signature"] != expected:
            v.problems.append(f"{who}: the signature it follows was removed or replaced")
    if row["fingerprint"] != current.fingerprint:
        sealed = Seal.from_json(json.loads(row["seal"]))
        where = differences(sealed, current) or ["records changed"]
        v.problems.append(
            f"the records no longer match the {row['role']}'s signature: " + "; ".join(where)
        )


def _check_against_audit(conn: sqlite3.Connection, rows: list[dict[str, Any]],
                         v: Verification) -> None:
    """Signatures and the state as the audit trail says they should be."""
    expected: dict[str, tuple[int, str | None]] = {}
    state = "draft"
    for aid, action, key, new in conn.execute(
        "SELECT id, action, entity_key, new FROM audit WHERE entity = 'signature' "
        "AND action IN ('sign', 'withdraw') ORDER BY id"
    ):
        data = json.loads(new or "{}")
        if action == "sign":
            expected[key] = (aid, data.get("signature"))
            state = data.get("state") or state
        else:
            expected.pop(key, None)
            state = data.get("state") or "draft"
    present = {r["role"]: r for r in rows}
    for role, (aid, b64) in expected.items():
        row = present.get(role)
        if row is None:
            v.problems.append(f"the {role}'s signature recorded in audit row {aid} is missing "
                              "from the file")
        elif b64 is not None and base64.b64encode(row["signature"]).decode() != b64:
            v.problems.append(f"signature of the {role}: not the one recorded in audit row {aid}")
    for role in present:
        if role not in expected:
            v.problems.append(f"signature of the {role}: the audit trail has no record of it")
    actual = records.state(conn)
    if actual != state:
        v.problems.append(f"the engagement's state is '{actual}', but the audit trail says "
                          f"'{state}'")


def _check_against_journal(conn: sqlite3.Connection, rows: list[dict[str, Any]],
                           v: Verification) -> None:
    """What this computer's signing journal saw must still be in the file."""
    found, problems = journal.entries(journal.engagement_key(conn))
    v.problems.extend(problems)
    if not found:
        return
    live: dict[str, journal.Entry] = {}
    for e in found:
        if e.action == "sign":
            live[e.role] = e
        else:
            live.pop(e.role, None)
    last = max(found, key=lambda e: e.audit_id)
    have = conn.execute("SELECT hash FROM audit WHERE id = ?", (last.audit_id,)).fetchone()
    if have is None:
        v.problems.append(f"audit rows were cut from the end: the signing journal saw row "
                          f"{last.audit_id} ({last.action} by the {last.role}, {last.at})")
    elif have[0] != last.audit_hash:
        v.problems.append(f"audit row {last.audit_id} differs from the one the signing journal "
                          "saw: the trail was rewritten")
    present = {r["role"]: hashlib.sha256(r["signature"]).hexdigest() for r in rows}
    for role, e in live.items():
        if present.get(role) != e.signature_sha256:
            v.problems.append(f"the signing journal records the {role}'s signature of {e.at}, "
                              "which this file does not hold (an older copy, or removed)")
