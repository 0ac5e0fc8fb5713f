"""The engagement fingerprint: SHA-256 over a canonical serialisation of every record.

Sections, in a fixed order: the engagement, the dossier's tables, the calculation, the
evidence and source files (their hashes), the checklist responses, the findings and
their rounds, the misstatements, the team and the opinion. The engagement's ``state``,
the audit trail (chained on its own) and the signatures are outside it. Rows are written
as Python ``repr`` of their values in a fixed column and key order — the same bytes on
every machine.

Besides the one fingerprint, a :class:`Seal` keeps a digest per section and per row (per
block of rows for big tables) so that ``verify`` can name the record that changed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

BLOCK = 1000  # rows per block digest in big tables
ROW_DIGESTS_UP_TO = 5000

# section -> (SQL selecting the key first, then every column in a fixed order)
SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "engagement",
        "SELECT id, format, engagement_type, criteria, programme, level_of_assurance, "
        "materiality_pct, client, intended_users, subject_id, title, title_zh, boundary, "
        "country, methodology, expected_annual_er_tco2e, period_start, period_end, "
        "reported_emissions_tco2e, reported_er_tco2e, declaration, attestation, beneficiaries,"
        " manifest, dossier_sha256, imported_at, imported_by FROM engagement",
    ),
    (
        "inventory",
        "SELECT row_no, source_id, scope, category, description, activity, activity_unit, ef, "
        "ef_unit, tco2e, included, exclusion_reason, evidence FROM inventory ORDER BY row_no",
    ),
    (
        "monitoring",
        "SELECT row_no, parameter, period, value, unit, meter_id, evidence FROM monitoring "
        "ORDER BY row_no",
    ),
    (
        "credits",
        "SELECT row_no, registry, serial, quantity, vintage, project_id, credit_type, "
        "retired_on, beneficiary, purpose, ccp_label, corsia_eligible, "
        "corresponding_adjustment, methodology, country, certifications FROM credits "
        "ORDER BY row_no",
    ),
    ("calculation", "SELECT name, seq, formula, claimed, unit FROM calculation ORDER BY seq"),
    ("evidence", "SELECT path, sha256, size, media_type FROM evidence ORDER BY path"),
    ("source_files", "SELECT path, role, sha256, size FROM source_files ORDER BY path"),
    (
        "response",
        "SELECT checklist_id || ' ' || ref, response, note, evidence, auto_code, auto_status, "
        "auto_figures, override_reason, author, updated_at FROM response "
        "ORDER BY checklist_id, ref",
    ),
    (
        "finding",
        "SELECT number, type, state, title, description, checklist_id, ref, escalated_from, "
        "raised_by, raised_at, closed_at FROM finding ORDER BY id",
    ),
    (
        "finding_round",
        "SELECT f.number || ' round ' || r.n, r.client_response, r.responded_at, "
        "r.assessment, r.accepted, r.assessed_by, r.assessed_at FROM finding_round r "
        "JOIN finding f ON f.id = r.finding_id ORDER BY r.finding_id, r.n",
    ),
    (
        "misstatement",
        "SELECT id, description, amount_tco2e, finding_id, recorded_by, recorded_at "
        "FROM misstatement ORDER BY id",
    ),
    (
        "team_member",
        "SELECT name || ' (' || role || ')', organisation, impartiality_declared_at, added_by,"
        " added_at FROM team_member ORDER BY name, role",
    ),
    (
        "opinion",
        "SELECT id, kind, suggested, override_reason, pervasive, evidence_sufficient, "
        "chosen_by, chosen_at FROM opinion",
    ),
)


@dataclass
class SectionSeal:
    """A section's digest and its row (or block) digests: ``[first_key, last_key, hex16]``."""

    digest: str
    rows: list[list] = field(default_factory=list)


@dataclass
class Seal:
    fingerprint: str
    sections: dict[str, SectionSeal]

    def as_json(self) -> dict:
        return {"fingerprint": self.fingerprint,
                "sections": {k: {"digest": v.digest, "rows": v.rows}
                             for k, v in self.sections.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Seal:
        return cls(data["fingerprint"],
                   {k: SectionSeal(v["digest"], v["rows"]) for k, v in data["sections"].items()})


def _section(conn: sqlite3.Connection, sql: str) -> SectionSeal:
    total = hashlib.sha256()
    count = conn.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    per_row = count <= ROW_DIGESTS_UP_TO
    rows: list[list] = []
    block = hashlib.sha256()
    first = last = None
    n = 0
    for row in conn.execute(sql):
        data = repr(row).encode("utf-8") + b"\n"
        total.update(data)
        key = row[0]
        if per_row:
            rows.append([key, key, hashlib.sha256(data).hexdigest()[:16]])
            continue
        if first is None:
            first = key
        last = key
        block.update(data)
        n += 1
        if n == BLOCK:
            rows.append([first, last, block.hexdigest()[:16]])
            block, first, n = hashlib.sha256(), None, 0
    if n:
        rows.append([first, last, block.hexdigest()[:16]])
    return SectionSeal(total.hexdigest(), rows)


def seal(conn: sqlite3.Connection) -> Seal:
    """Compute the fingerprint and the per-section / per-row digests."""
    sections = {name: _section(conn, sql) for name, sql in SECTIONS}
    h = hashlib.sha256()
    for name, _sql in SECTIONS:
        h.update(f"{name}\t{sections[name].digest}\n".encode())
    return Seal(h.hexdigest(), sections)


def fingerprint(conn: sqlite3.Connection) -> str:
    return seal(conn).fingerprint


def differences(expected: Seal, actual: Seal) -> list[str]:
    """Human-readable places where ``actual`` departs from ``expected`` (first first)."""
    out = []
    for name, _sql in SECTIONS:
        want, got = expected.sections.get(name), actual.sections.get(name)
        if want is None or got is None or want.digest == got.digest:
            continue
        wanted = {(r[0], r[1]): r[2] for r in want.rows}
        found = {(r[0], r[1]): r[2] for r in got.rows}
        for key in wanted:
            if found.get(key) != wanted[key]:
                first, last = key
                where = f"{first}" if first == last else f"{first}–{last}"
                out.append(f"{name} {where}: "
                           + ("missing" if key not in found else "changed"))
                break
        else:
            extra = [k for k in found if k not in wanted]
            out.append(f"{name} {extra[0][0]}: added" if extra else f"{name}: changed")
    return out
