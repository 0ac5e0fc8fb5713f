"""The engagement fingerprint: SHA-256 over a canonical serialisation of every record.

Sections, in a fixed order: the engagement, the dossier's tables, the calculation, the
evidence and source files (their hashes), the checklist responses, the findings and
their rounds, the misstatements, the risk assessments, sample plans and sample results,
the team and the opinion. The engagement's ``state``, the audit trail (chained on its
own) and the signatures are outside it; ``verify`` checks them against the audit trail
and the signatures' own payloads. The registry records (``registry_record``) are outside
it too: they are read from the export bytes the evidence section seals, and ``verify``
reads those again and names any record that differs. Rows are keyed by
what the verifier knows them by: a source id, a serial, a spreadsheet row. Each row is written
by SQLite as ``quote()`` of its values in a fixed column order, separated by U+001F — the
same bytes on every machine.

Besides the one fingerprint, a :class:`Seal` keeps a digest per section and per row (per
block of rows for big tables) so that ``verify`` can name the record that changed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

BLOCK = 1000  # rows per block digest in big tables
ROW_DIGESTS_UP_TO = 5000

@dataclass(frozen=True)
class Section:
    """One sealed section: its rows' key, their columns in a fixed order, the source."""

    name: str
    key: str  # SQL expression naming the record as the verifier knows it
    columns: tuple[str, ...]
    source: str  # FROM … (and joins)
    order: str
    rowid: str | None = None  # an INTEGER PRIMARY KEY: big tables are sealed in blocks
    # a table added by a later migration: left out of the fingerprint while it is empty (or
    # absent), so that files signed before it existed keep their fingerprint
    optional: bool = False

    def line(self) -> str:
        """One row as text, built by SQLite (``quote`` is exact and the same everywhere)."""
        return " || char(31) || ".join(f"quote({c})" for c in self.columns)


SECTIONS: tuple[Section, ...] = (
    Section(
        "engagement", "id",
        ("id", "format", "engagement_type", "criteria", "programme", "level_of_assurance",
         "materiality_pct", "client", "intended_users", "subject_id", "title", "title_zh",
         "boundary", "country", "methodology", "expected_annual_er_tco2e", "period_start",
         "period_end", "reported_emissions_tco2e", "reported_er_tco2e", "declaration",
         "attestation", "beneficiaries", "manifest", "dossier_sha256", "imported_at",
         "imported_by"),
        "engagement", "id",
    ),
    Section(
        "inventory", "source_id",
        ("row_no", "source_id", "scope", "category", "description", "activity",
         "activity_unit", "ef", "ef_unit", "tco2e", "included", "exclusion_reason", "evidence"),
        "inventory", "row_no", rowid="row_no",
    ),
    Section(
        "monitoring", "'row ' || row_no",
        ("row_no", "parameter", "period", "value", "unit", "meter_id", "evidence"),
        "monitoring", "row_no", rowid="row_no",
    ),
    Section(
        "credits", "serial || ' (row ' || row_no || ')'",
        ("row_no", "registry", "serial", "quantity", "vintage", "project_id", "credit_type",
         "retired_on", "beneficiary", "purpose", "ccp_label", "corsia_eligible",
         "corresponding_adjustment", "methodology", "country", "certifications"),
        "credits", "row_no", rowid="row_no",
    ),
    Section("calculation", "name", ("name", "seq", "formula", "claimed", "unit"),
            "calculation", "seq"),
    Section("methodology", "template", ("template", "version", "definition"), "methodology",
            "id", optional=True),
    Section("ex_ante", "year", ("year", "baseline_tco2e", "project_tco2e", "leakage_tco2e",
                                "er_tco2e"), "ex_ante", "year", optional=True),
    Section("meters", "meter_id || ' (row ' || row_no || ')'",
            ("row_no", "meter_id", "serial", "calibrated_on", "valid_until", "accuracy_pct",
             "capacity"), "meters", "row_no", optional=True),
    Section("investment", "'year ' || year",
            ("row_no", "year", "capex", "revenue", "opex", "other", "cash_flow"),
            "investment", "row_no", optional=True),
    Section("evidence", "path", ("path", "sha256", "size", "media_type"), "evidence", "path"),
    Section("source_files", "path", ("path", "role", "sha256", "size"), "source_files",
            "path"),
    Section(
        "response", "checklist_id || ' ' || ref",
        ("checklist_id", "ref", "response", "note", "evidence", "auto_code", "auto_status",
         "auto_figures", "override_reason", "author", "updated_at"),
        "response", "checklist_id, ref",
    ),
    Section(
        "finding", "number",
        ("number", "type", "state", "title", "description", "checklist_id", "ref",
         "escalated_from", "raised_by", "raised_at", "closed_at"),
        "finding", "id",
    ),
    Section(
        "finding_round", "f.number || ' round ' || r.n",
        ("f.number", "r.n", "r.client_response", "r.responded_at", "r.assessment",
         "r.accepted", "r.assessed_by", "r.assessed_at"),
        "finding_round r JOIN finding f ON f.id = r.finding_id", "r.finding_id, r.n",
    ),
    Section(
        "misstatement", "id",
        ("id", "description", "amount_tco2e", "finding_id", "recorded_by", "recorded_at",
         "source", "corrected_at", "correction"),
        "misstatement", "id",
    ),
    # evidence planning (migration 007): the risk per item, the stored sample plans and
    # the result of testing each selected row
    Section(
        "risk_assessment", "population || ' ' || item",
        ("population", "item", "inherent", "control", "reason", "author", "at"),
        "risk_assessment", "population, item", optional=True,
    ),
    Section(
        "sample_plan", "'plan ' || id",
        ("id", "population", "plan", "seed", "created_by", "created_at"),
        "sample_plan", "id", optional=True,
    ),
    Section(
        "sample_result", "'plan ' || plan_id || ' row ' || row_no",
        ("plan_id", "row_no", "outcome", "error_tco2e", "note", "author", "at"),
        "sample_result", "plan_id, row_no", optional=True,
    ),
    Section(
        "team_member", "name || ' (' || role || ')'",
        ("name", "role", "organisation", "impartiality_declared_at", "added_by", "added_at"),
        "team_member", "name, role",
    ),
    Section(
        "opinion", "id",
        ("id", "kind", "suggested", "override_reason", "pervasive", "evidence_sufficient",
         "chosen_by", "chosen_at"),
        "opinion", "id",
    ),
)
_BY_NAME = {sec.name: sec for sec in SECTIONS}


@dataclass
class SectionSeal:
    """A section's digest and its row (or block) digests: ``[first_key, last_key, hex16]``."""

    digest: str
    rows: list[list] = field(default_factory=list)
    method: str = "rows"  # "rows": values as text; "pages": the table's b-tree pages


@dataclass
class Seal:
    fingerprint: str
    sections: dict[str, SectionSeal]

    def as_json(self) -> dict:
        return {"fingerprint": self.fingerprint,
                "sections": {k: {"digest": v.digest, "rows": v.rows,
                                 **({"method": v.method} if v.method != "rows" else {})}
                             for k, v in self.sections.items()}}

    @classmethod
    def from_json(cls, data: dict) -> Seal:
        return cls(data["fingerprint"],
                   {k: SectionSeal(v["digest"], v["rows"], v.get("method", "rows"))
                    for k, v in data["sections"].items()})


def _section(conn: sqlite3.Connection, sec: Section) -> SectionSeal:
    """Digest of a section: per row when small, per block of rows when big.

    The digest is SHA-256 over every row's line and a newline, in order. A big table is
    read in blocks of rows, concatenated by SQLite (the rows never become Python objects),
    by two threads on their own connections when the file is on disk.
    """
    count = conn.execute(f"SELECT count(*) FROM {sec.source}").fetchone()[0]
    if count <= ROW_DIGESTS_UP_TO or sec.rowid is None:
        total = hashlib.sha256()
        rows: list[list] = []
        for key, line in conn.execute(
            f"SELECT {sec.key}, {sec.line()} FROM {sec.source} ORDER BY {sec.order}"
        ):
            data = f"{line}\n".encode()
            total.update(data)
            rows.append([key, key, hashlib.sha256(data).hexdigest()[:16]])
        return SectionSeal(total.hexdigest(), rows)
    blocks = _blocks(conn, sec)
    total = hashlib.sha256()
    out = []
    for first, last, text in blocks:
        data = f"{text}\n".encode()
        total.update(data)
        out.append([first, last, hashlib.sha256(data).hexdigest()[:16]])
    return SectionSeal(total.hexdigest(), out)


def _blocks(conn: sqlite3.Connection, sec: Section) -> list[tuple[object, object, str]]:
    """``(first key, last key, the block's lines)`` for every block of ``BLOCK`` rows."""
    lo, hi = conn.execute(f"SELECT min({sec.rowid}), max({sec.rowid}) FROM {sec.source}"
                          ).fetchone()
    starts = list(range(lo, hi + 1, BLOCK))
    sql = (
        f"SELECT group_concat(line, char(10)) FROM (SELECT {sec.line()} AS line "
        f"FROM {sec.source} WHERE {sec.rowid} >= ? AND {sec.rowid} < ? ORDER BY {sec.rowid})"
    )
    # first and last key in row order, not by text: taken from the block's ends
    ends_sql = (f"SELECT (SELECT {sec.key} FROM {sec.source} WHERE {sec.rowid} >= ?1 "
                f"AND {sec.rowid} < ?2 ORDER BY {sec.rowid} LIMIT 1), "
                f"(SELECT {sec.key} FROM {sec.source} WHERE {sec.rowid} >= ?1 "
                f"AND {sec.rowid} < ?2 ORDER BY {sec.rowid} DESC LIMIT 1)")

    def run(c: sqlite3.Connection, part: list[int]) -> list[tuple[object, object, str]]:
        got = []
        for a in part:
            (text,) = c.execute(sql, (a, a + BLOCK)).fetchone()
            if text is None:
                continue
            first, last = c.execute(ends_sql, (a, a + BLOCK)).fetchone()
            got.append((first, last, text))
        return got

    path = _file_of(conn)
    if path is None or len(starts) < 8 or conn.in_transaction:
        return run(conn, starts)
    half = len(starts) // 2
    other: list[tuple[object, object, str]] = []
    failed: list[BaseException] = []

    def second() -> None:
        try:
            c = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            try:
                other.extend(run(c, starts[half:]))
            finally:
                c.close()
        except sqlite3.Error as exc:
            failed.append(exc)

    import threading

    worker = threading.Thread(target=second, name="seal")
    worker.start()  # SQLite releases the GIL while it steps: the halves run on two cores
    mine = run(conn, starts[:half])
    worker.join()
    if failed:
        other = run(conn, starts[half:])  # the second reader could not open: do it here
    return mine + other


def _file_of(conn: sqlite3.Connection) -> str | None:
    from urllib.parse import quote as urlquote

    row = conn.execute("PRAGMA database_list").fetchone()
    return urlquote(row[2]) if row and row[2] else None


# What an import writes, sealed in the import's audit row (``verify`` names any edit).
# (Evidence may be added later; the files received are in ``source_files`` with their
# SHA-256, which ``verify`` holds the stored evidence to.)
IMPORTED = ("engagement", "inventory", "monitoring", "credits", "calculation", "methodology",
            "ex_ante", "meters", "investment", "source_files")


def seal_imported(conn: sqlite3.Connection, methods: dict[str, str] | None = None) -> Seal:
    """The seal of the imported data only (no fingerprint of the judgements).

    Big tables (more than ``ROW_DIGESTS_UP_TO`` rows) are sealed by their pages when
    SQLite can list them (:mod:`desktop.pageseal`): a million rows in a fraction of a
    second instead of seconds. ``methods`` (section → "rows" / "pages") reproduces the
    methods of an earlier seal, for ``verify``.
    """
    from desktop import pageseal

    reader: pageseal.PageReader | None = None
    sections: dict[str, SectionSeal] = {}
    try:
        for name in IMPORTED:
            sec = _BY_NAME[name]
            if sec.optional and not _has_table(conn, sec.source):
                continue
            wanted = (methods or {}).get(name)
            big = sec.rowid is not None and conn.execute(
                f"SELECT count(*) > {ROW_DIGESTS_UP_TO} FROM {sec.source}").fetchone()[0]
            if wanted == "pages" or (wanted is None and big):
                if reader is None and pageseal.available(conn):
                    reader = pageseal.PageReader(conn)
                sealed = pageseal.seal_table(conn, sec.source, reader) if reader else None
                if sealed is not None:
                    sections[name] = SectionSeal(sealed[0], sealed[1], "pages")
                    continue
            sections[name] = _section(conn, sec)
    finally:
        if reader is not None:
            reader.close()
    return Seal(_digest(sections), sections)


def seal(conn: sqlite3.Connection) -> Seal:
    """Compute the fingerprint and the per-section / per-row digests."""
    sections = {sec.name: _section(conn, sec) for sec in SECTIONS
                if not sec.optional or _has_table(conn, sec.source)}
    return Seal(_digest(sections), sections)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _digest(sections: dict[str, SectionSeal]) -> str:
    """SHA-256 over the sections in order; an empty optional section is left out."""
    h = hashlib.sha256()
    for name, sec in sections.items():
        if _BY_NAME[name].optional and not sec.rows:
            continue
        h.update(f"{name}\t{sec.digest}\n".encode())
    return h.hexdigest()


def fingerprint(conn: sqlite3.Connection) -> str:
    return seal(conn).fingerprint


def differences(expected: Seal, actual: Seal) -> list[str]:
    """Human-readable places where ``actual`` departs from ``expected`` (first first)."""
    out = []
    for name in _BY_NAME:
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
