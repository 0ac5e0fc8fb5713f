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
from typing import Any, Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from desktop import records
from desktop.errors import MessageError
from desktop.fingerprint import Seal, differences, seal
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
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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
    name = (printed_name or cert_name(identity.cert)).strip()
    cert_der = identity.cert.public_bytes(serialization.Encoding.DER)
    cert_sha = hashlib.sha256(cert_der).hexdigest()
    kind = attestation(conn)
    if kind == "second-party":
        client = conn.execute("SELECT client FROM engagement").fetchone()[0] or ""
        if _same_person(name, client):
            raise MessageError("sign.signer_is_client", attestation=kind, client=client)
    current = seal(conn)
    if role == "lead":
        st = status(conn, results)
        failing = [g for g in st.gate if not g.ok and not _not_needed(g.rule, kind)]
        if failing:
            raise MessageError("sign.not_ready", rules="; ".join(g.detail for g in failing))
    else:
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
        }
    )
    algorithm, sig = _sign_bytes(identity.key, payload.encode("utf-8"))
    final = role == required_roles(conn)[-1]
    conn.execute("BEGIN IMMEDIATE")
    try:
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
    return next(s for s in signatures(conn) if s.role == role)


def _not_needed(rule: str, kind: str) -> bool:
    return rule == "reviewer_independent" and kind == "self"


def withdraw_lead(eng: Engagement, reason: str, actor: str) -> None:
    """The reviewer sent it back: remove the lead's signature, return to draft."""
    records.ensure_writable_for_signing(eng)
    conn = eng.conn
    if records.state(conn) != "review":
        raise MessageError("sign.nothing_to_withdraw")
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


# --- verification -------------------------------------------------------------------


@dataclass
class Verification:
    """What ``veridesk verify FILE`` found; ``problems`` name what broke, first first."""

    integrity: str = "ok"
    audit_rows: int = 0
    fingerprint: str | None = None
    signatures: list[Signature] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_engagement(conn: sqlite3.Connection) -> Verification:
    """Integrity, the audit chain, evidence blobs, and every signature against the seal."""
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
    current = seal(conn)
    v.fingerprint = current.fingerprint
    v.signatures = signatures(conn)
    for row in records.rows_dicts(conn, "SELECT * FROM signature ORDER BY id"):
        cert = x509.load_der_x509_certificate(row["certificate"])
        if not _verify_bytes(
            cert, row["algorithm"], row["signature"], row["payload"].encode("utf-8")
        ):
            v.problems.append(f"signature of the {row['role']}: does not verify")
        payload = json.loads(row["payload"])
        for key in ("printed_name", "role", "meaning", "signed_at", "fingerprint"):
            if payload.get(key) != row[key]:
                v.problems.append(
                    f"signature of the {row['role']}: {key} differs from what was signed"
                )
        if payload.get("cert_sha256") != hashlib.sha256(row["certificate"]).hexdigest():
            v.problems.append(f"signature of the {row['role']}: certificate was replaced")
        if row["fingerprint"] != current.fingerprint:
            sealed = Seal.from_json(json.loads(row["seal"]))
            where = differences(sealed, current) or ["records changed"]
            v.problems.append(
                f"the records no longer match the {row['role']}'s signature: " + "; ".join(where)
            )
    state = records.state(conn)
    signed_roles = {s.role for s in v.signatures}
    if state == "signed" and not set(required_roles(conn)) <= signed_roles:
        v.problems.append("the engagement is marked signed but signatures are missing")
    return v
