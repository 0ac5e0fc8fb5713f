"""Schema of the ``.veridesk`` engagement file, as sqlite-utils migrations.

Each migration is a function over a :class:`sqlite_utils.Database`, registered in order
on :data:`MIGRATIONS`; sqlite-utils records the applied ones in ``_sqlite_migrations``.
Opening an older file applies the pending ones after a backup copy is taken (see
:mod:`desktop.store.db`). Never edit a released migration: add a new one.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from desktop.store.db import APPLICATION_ID, MIGRATION_NAMES, MIGRATION_SET

MIGRATIONS = Migrations(MIGRATION_SET)

DATA_TABLES: dict[str, dict[str, type]] = {
    "inventory": {
        "source_id": str,
        "scope": int,
        "category": str,
        "description": str,
        "activity": float,
        "activity_unit": str,
        "ef": float,
        "ef_unit": str,
        "tco2e": float,
        "included": int,
        "exclusion_reason": str,
        "evidence": str,
    },
    "monitoring": {
        "parameter": str,
        "period": str,
        "value": float,
        "unit": str,
        "meter_id": str,
        "evidence": str,
    },
    "credits": {
        "registry": str,
        "serial": str,
        "quantity": float,
        "vintage": str,
        "project_id": str,
        "credit_type": str,
        "retired_on": str,
        "beneficiary": str,
        "purpose": str,
        "ccp_label": str,
        "corsia_eligible": str,
        "corresponding_adjustment": str,
        "methodology": str,
        "country": str,
        "certifications": str,
    },
}


@MIGRATIONS(name="001_initial")
def _m001_initial(db: sqlite_utils.Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["engagement"].create(
        {
            "id": int,
            "format": str,
            "engagement_type": str,
            "criteria": str,  # JSON list
            "programme": str,
            "level_of_assurance": str,
            "materiality_pct": float,
            "client": str,
            "intended_users": str,  # JSON list
            "subject_id": str,
            "title": str,
            "title_zh": str,
            "boundary": str,
            "country": str,
            "methodology": str,
            "expected_annual_er_tco2e": float,
            "period_start": str,
            "period_end": str,
            "reported_emissions_tco2e": float,
            "reported_er_tco2e": float,
            "declaration": str,
            "attestation": str,
            "beneficiaries": str,  # JSON list
            "manifest": str,  # the manifest as canonical JSON
            "state": str,
            "dossier_sha256": str,
            "imported_at": str,
            "imported_by": str,
        },
        pk="id",
        not_null={"engagement_type", "subject_id", "title", "state"},
        defaults={"state": "draft"},
    )
    db.execute(
        "CREATE TRIGGER engagement_single BEFORE INSERT ON engagement "
        "WHEN NEW.id != 1 BEGIN SELECT RAISE(ABORT, 'one engagement per file'); END"
    )
    db["source_files"].create(
        {"path": str, "role": str, "sha256": str, "size": int}, pk="path", not_null={"sha256"}
    )
    db["evidence"].create(
        {
            "id": int,
            "path": str,
            "sha256": str,
            "size": int,
            "media_type": str,
            "data": bytes,
        },
        pk="id",
        not_null={"path", "sha256", "size", "data"},
    )
    db["evidence"].create_index(["path"], unique=True)
    for name, columns in DATA_TABLES.items():
        # row_no is the rowid: the spreadsheet row the record came from.
        db[name].create({"row_no": int, **columns}, pk="row_no")
    db["calculation"].create(
        {"seq": int, "name": str, "formula": str, "claimed": float, "unit": str},
        pk="seq",
        not_null={"name", "formula"},
    )
    db["calculation"].create_index(["name"], unique=True)
    db["audit"].create(
        {
            "id": int,
            "at": str,  # UTC, ISO 8601 with microseconds and Z
            "actor": str,
            "action": str,
            "entity": str,
            "entity_key": str,
            "old": str,  # JSON or NULL
            "new": str,  # JSON or NULL
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
        not_null={"at", "actor", "action", "entity", "prev_hash", "hash"},
    )
    db.execute(
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
    )


@MIGRATIONS(name="002_judgements")
def _m002_judgements(db: sqlite_utils.Database) -> None:
    """The verifier's records: team, checklist responses, findings and their rounds,
    misstatements, and the opinion chosen."""
    db.execute(
        """CREATE TABLE team_member (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN
                ('lead', 'verifier', 'technical-expert', 'reviewer', 'client-signer')),
            organisation TEXT,
            impartiality_declared_at TEXT,
            added_by TEXT NOT NULL,
            added_at TEXT NOT NULL,
            UNIQUE (name, role)
        )"""
    )
    db.execute(
        """CREATE TABLE response (
            checklist_id TEXT NOT NULL,
            ref TEXT NOT NULL,
            response TEXT NOT NULL CHECK (response IN
                ('conforms', 'nonconformity', 'not-applicable', 'open')),
            note TEXT,
            evidence TEXT NOT NULL DEFAULT '[]',
            auto_code TEXT,
            auto_status TEXT,
            auto_figures TEXT,
            override_reason TEXT,
            author TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (checklist_id, ref)
        )"""
    )
    db.execute(
        """CREATE TABLE finding (
            id INTEGER PRIMARY KEY,
            number TEXT NOT NULL UNIQUE,
            type TEXT NOT NULL CHECK (type IN ('CL', 'CAR', 'FAR')),
            state TEXT NOT NULL CHECK (state IN ('open', 'responded', 'closed')),
            title TEXT NOT NULL,
            description TEXT,
            checklist_id TEXT,
            ref TEXT,
            escalated_from TEXT,
            raised_by TEXT NOT NULL,
            raised_at TEXT NOT NULL,
            closed_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE finding_round (
            id INTEGER PRIMARY KEY,
            finding_id INTEGER NOT NULL REFERENCES finding(id),
            n INTEGER NOT NULL,
            client_response TEXT,
            responded_at TEXT,
            assessment TEXT,
            accepted INTEGER,
            assessed_by TEXT,
            assessed_at TEXT,
            UNIQUE (finding_id, n)
        )"""
    )
    db.execute(
        """CREATE TABLE misstatement (
            id INTEGER PRIMARY KEY,
            description TEXT NOT NULL,
            amount_tco2e REAL NOT NULL,
            finding_id INTEGER REFERENCES finding(id),
            recorded_by TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE opinion (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            kind TEXT NOT NULL CHECK (kind IN ('unmodified', 'modified', 'adverse', 'disclaimer')),
            suggested TEXT NOT NULL,
            override_reason TEXT,
            pervasive INTEGER NOT NULL DEFAULT 0,
            evidence_sufficient INTEGER NOT NULL DEFAULT 1,
            chosen_by TEXT NOT NULL,
            chosen_at TEXT NOT NULL
        )"""
    )


@MIGRATIONS(name="003_signatures")
def _m003_signatures(db: sqlite_utils.Database) -> None:
    """Electronic signatures bound to the engagement fingerprint (21 CFR Part 11 §11.50,
    §11.70): printed name, role, meaning, UTC time, the certificate, and the seal that
    lets ``verify`` name a changed record."""
    db.execute(
        """CREATE TABLE signature (
            id INTEGER PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('lead', 'reviewer')),
            printed_name TEXT NOT NULL,
            meaning TEXT NOT NULL,
            signed_at TEXT NOT NULL,
            impartiality_declared INTEGER NOT NULL CHECK (impartiality_declared = 1),
            fingerprint TEXT NOT NULL,
            payload TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            signature BLOB NOT NULL,
            certificate BLOB NOT NULL,
            cert_subject TEXT NOT NULL,
            cert_sha256 TEXT NOT NULL,
            seal TEXT NOT NULL,
            UNIQUE (role)
        )"""
    )
    db.execute("CREATE TRIGGER signature_no_update BEFORE UPDATE ON signature "
               "BEGIN SELECT RAISE(ABORT, 'a signature cannot be changed'); END")


@MIGRATIONS(name="004_certificates")
def _m004_certificates(db: sqlite_utils.Database) -> None:
    """Each signer is bound to one certificate (by its SHA-256), registered with the team
    member or on their first signature; a certificate serves one role only. A
    misstatement names the source, parameter or calculation line it concerns."""
    db.execute("ALTER TABLE misstatement ADD COLUMN source TEXT")
    # the client corrected the GHG statement: reported, no longer counted in the aggregate
    db.execute("ALTER TABLE misstatement ADD COLUMN corrected_at TEXT")
    db.execute("ALTER TABLE misstatement ADD COLUMN correction TEXT")
    db.execute("ALTER TABLE team_member ADD COLUMN cert_sha256 TEXT")
    db.execute("ALTER TABLE team_member ADD COLUMN cert_subject TEXT")
    db.execute(
        "CREATE UNIQUE INDEX team_member_certificate ON team_member(cert_sha256) "
        "WHERE cert_sha256 IS NOT NULL"
    )
    db.execute(
        "CREATE TRIGGER team_member_certificate_fixed BEFORE UPDATE OF cert_sha256 ON "
        "team_member WHEN OLD.cert_sha256 IS NOT NULL AND NEW.cert_sha256 IS NOT "
        "OLD.cert_sha256 BEGIN SELECT RAISE(ABORT, 'a bound certificate cannot be "
        "changed'); END"
    )


@MIGRATIONS(name="005_registry")
def _m005_registry(db: sqlite_utils.Database) -> None:
    """Registry exports read once (design §12): for each export kept as evidence, its
    registry, header row and record count; for each of its rows, the record as
    :mod:`desktop.registry.read` normalises it, so that the checks look records up in SQL
    instead of reading the export again. ``size_class`` (the least ``k`` with
    ``unit_end - unit_start < 4**k``) bounds how far before a block a record can start:
    the index finds the records overlapping a claimed block without a scan. ``verify`` reads
    the stored bytes again and names any record that differs. Exports stored before this
    migration are read into the tables after the migrations (:func:`migrate`)."""
    db.execute(
        """CREATE TABLE registry_export (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE REFERENCES evidence(path),
            sha256 TEXT NOT NULL,
            registry TEXT NOT NULL,
            header_row INTEGER NOT NULL,
            records INTEGER NOT NULL,
            ignored TEXT NOT NULL DEFAULT '[]'
        )"""
    )
    db.execute(
        """CREATE TABLE registry_record (
            export_id INTEGER NOT NULL REFERENCES registry_export(id),
            row_no INTEGER NOT NULL,
            serial TEXT NOT NULL,
            parsed INTEGER NOT NULL CHECK (parsed IN (0, 1)),
            series TEXT,
            unit_start INTEGER NOT NULL,
            unit_end INTEGER NOT NULL,
            size_class INTEGER NOT NULL,
            quantity REAL,
            status TEXT NOT NULL CHECK (status IN ('retired', 'cancelled', 'issued')),
            status_date TEXT,
            beneficiary TEXT,
            details TEXT,
            vintage TEXT,
            project_id TEXT,
            ccp INTEGER,
            ca INTEGER,
            PRIMARY KEY (export_id, row_no)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX registry_record_block ON registry_record(series, size_class, "
               "unit_start, unit_end)")
    for table in ("registry_export", "registry_record"):
        db.execute(f"CREATE TRIGGER {table}_fixed BEFORE UPDATE ON {table} BEGIN SELECT "
                   "RAISE(ABORT, 'registry records are read from their export'); END")


@MIGRATIONS(name="006_meters")
def _m006_meters(db: sqlite_utils.Database) -> None:
    """The meter register of a monitored project (design §13, ``meters.csv``): serial,
    calibration date and validity, accuracy and capacity, one row per calibration."""
    db["meters"].create(
        {"row_no": int, "meter_id": str, "serial": str, "calibrated_on": str,
         "valid_until": str, "accuracy_pct": float, "capacity": float},
        pk="row_no",
    )


@MIGRATIONS(name="007_planning")
def _m007_planning(db: sqlite_utils.Database) -> None:
    """Risk assessment and sampling (design §13): the verifier's risk per source, parameter
    or evidence file; stored sample plans (``veridesk-sample/1`` JSON, reproducible from
    the seed); the result of testing each selected row."""
    db.execute(
        """CREATE TABLE risk_assessment (
            id INTEGER PRIMARY KEY,
            population TEXT NOT NULL CHECK (population IN ('inventory', 'monitoring', 'evidence')),
            item TEXT NOT NULL,
            inherent TEXT NOT NULL CHECK (inherent IN ('high', 'medium', 'low')),
            control TEXT NOT NULL CHECK (control IN ('high', 'medium', 'low')),
            reason TEXT NOT NULL,
            author TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (population, item)
        )"""
    )
    db.execute(
        """CREATE TABLE sample_plan (
            id INTEGER PRIMARY KEY,
            population TEXT NOT NULL CHECK (population IN ('inventory', 'monitoring', 'evidence')),
            plan TEXT NOT NULL,
            seed INTEGER NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE sample_result (
            id INTEGER PRIMARY KEY,
            plan_id INTEGER NOT NULL REFERENCES sample_plan(id),
            row_no INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('agreed', 'error')),
            error_tco2e REAL,
            note TEXT,
            author TEXT NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (plan_id, row_no)
        )"""
    )
    db.execute("CREATE TRIGGER sample_plan_fixed BEFORE UPDATE ON sample_plan "
               "BEGIN SELECT RAISE(ABORT, 'a sample plan cannot be changed'); END")


@MIGRATIONS(name="008_investment")
def _m008_investment(db: sqlite_utils.Database) -> None:
    """A PDD's investment analysis (design §14): the yearly cash flows of
    ``investment.csv``; the manifest's ``[investment]`` stays in ``engagement.manifest``."""
    db["investment"].create(
        {"row_no": int, "year": int, "capex": float, "revenue": float, "opex": float,
         "other": float, "cash_flow": float},
        pk="row_no",
    )


@MIGRATIONS(name="009_methodology")
def _m009_methodology(db: sqlite_utils.Database) -> None:
    """A calculation built from a methodology template (design §14): the template, its
    version and the resolved parameters and equations (JSON), kept in the file so that the
    ex-ante estimate is recomputed the same way later; and the PDD's ex-ante table."""
    db.execute(
        """CREATE TABLE methodology (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            template TEXT NOT NULL,
            version TEXT NOT NULL,
            definition TEXT NOT NULL
        )"""
    )
    db["ex_ante"].create(
        {"year": int, "baseline_tco2e": float, "project_tco2e": float,
         "leakage_tco2e": float, "er_tco2e": float},
        pk="year",
        not_null={"er_tco2e"},
    )

def known_migrations() -> list[str]:
    """Names of the migrations this version of VeriDesk knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in MIGRATIONS.pending(db)]


def unknown_migrations(db: sqlite_utils.Database) -> list[str]:
    """Applied migrations this version does not know: the file is from a newer VeriDesk."""
    known = set(known_migrations())
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in known]


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every pending migration, each in its own transaction; then read the registry
    exports stored before migration 005 into its tables, with this version's reader and
    schema (in a migration, the code would have to keep matching that migration's schema)."""
    MIGRATIONS.apply(db)
    from desktop.registry.store import backfill

    with db.atomic():
        backfill(db.conn)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


if known_migrations() != list(MIGRATION_NAMES):  # pragma: no cover - a programming error
    raise RuntimeError("desktop.store.db.MIGRATION_NAMES must list the schema's migrations")
