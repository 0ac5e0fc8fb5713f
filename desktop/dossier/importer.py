"""Import a dossier into a new engagement file, all or nothing.

The file is built under a temporary name beside the target, in one transaction, and
renamed into place only when everything validated: a failed, cancelled or killed import
leaves no engagement file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.dossier.bulk import XLSX_SUFFIXES, LoadResult, load_table
from desktop.dossier.calculation import Line, read_calculation
from desktop.dossier.manifest import FORMAT, Manifest, read_manifest
from desktop.dossier.source import open_dossier
from desktop.dossier.tables import TABLES
from desktop.errors import Cancelled, InputError, MessageError, Problem
from desktop.fingerprint import seal_imported
from desktop.partials import partial_path, remove_stale_partials
from desktop.store import audit
from desktop.store.db import connect, create_schema
from desktop.store.replace import replace_engagement

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", *XLSX_SUFFIXES)
REQUIRED_TABLES = {"carbon-neutrality": ("inventory",), "verification": ("monitoring",)}
_JUNK = {".DS_Store", "Thumbs.db", "desktop.ini"}

# (phase, fraction done 0..1) for a progress bar
ProgressFn = Callable[[str, float], None]


@dataclass
class ImportReport:
    """What an import produced."""

    path: Path
    manifest: Manifest
    counts: dict[str, int] = field(default_factory=dict)
    evidence: int = 0
    warnings: list[Problem] = field(default_factory=list)
    dossier_sha256: str = ""
    replaced_backup: Path | None = None  # the dated copy of the file this import replaced


def import_dossier(
    dossier: str | Path,
    out: str | Path,
    *,
    force: bool = False,
    actor: str = "unknown",
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Create ``out`` from ``dossier`` (folder or zip). Raises InputError, nothing written."""
    out = Path(out)
    if out.exists() and not force:
        raise MessageError("out.exists", path=str(out))
    if out.is_dir():
        raise MessageError("path.is_folder", path=str(out))
    check = cancelled or (lambda: False)
    report_progress = progress or (lambda phase, frac: None)
    remove_stale_partials(out)
    tmp = partial_path(out)
    try:
        with open_dossier(dossier) as root:
            report = _build(root, tmp, actor, report_progress, check)
        if check():
            raise Cancelled()
        _fsync(tmp)
        report.replaced_backup = replace_engagement(tmp, out)
        report.path = out
        return report
    finally:
        for suffix in ("", "-journal", "-wal", "-shm", ".part2"):
            leftover = Path(f"{tmp}{suffix}")
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _build(
    root: Path, tmp: Path, actor: str, progress: ProgressFn, cancelled: Callable[[], bool]
) -> ImportReport:
    manifest = read_manifest(root)
    tables = _locate_tables(root, manifest)
    calc_path = inside(root, manifest.tables.get("calculation", "calculation.toml"),
                       "tables.calculation")
    calculation = read_calculation(calc_path) if calc_path.is_file() else []
    report = ImportReport(tmp, manifest)

    conn = connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        create_schema(conn)
        conn.execute("BEGIN IMMEDIATE")
        problems: list[Problem] = []
        unknown: list[Problem] = []
        sizes = {name: p.stat().st_size for name, (p, _s, _l) in tables.items()}
        total = sum(sizes.values()) or 1
        done = 0
        for name, (path, sheet, label) in tables.items():
            share = sizes[name] / total

            def table_progress(cur: int, tot: int, base: float = done, share: float = share):
                # "tables:<bytes>": the dialog can say how much of how much was read
                progress(f"tables:{total}", 0.9 * (base + share * cur / max(tot, 1)))

            result: LoadResult = load_table(
                conn, TABLES[name], path, label, sheet, table_progress, cancelled
            )
            problems.extend(result.problems)
            report.counts[name] = result.rows
            unknown.extend(_unknown_columns(name, label, result.ignored_columns))
            done += share
        if "investment" in tables and not problems:
            from desktop.dossier.investment import investment_problems

            problems.extend(investment_problems(conn, tables["investment"][2]))
        if problems:
            raise InputError(problems)
        if not isinstance(calculation, list):  # a methodology template: expand it now
            from desktop.dossier.templated import store_templated

            calculation = store_templated(conn, calculation, manifest)
        _insert_calculation(conn, calculation)
        progress("evidence", 0.9)
        skipped: list[str] = []
        files = _hash_files(root, cancelled, skipped)
        exports = [rel for rel in files if rel.startswith("registry/")]
        read_exports = {}
        if exports:  # registry exports (design §12): each must be read, or nothing is written
            from desktop.registry.store import validate_dossier_exports

            read_exports = validate_dossier_exports(root, exports)
        report.evidence = _insert_evidence(conn, root, files, cancelled)
        if read_exports:  # their records, kept so that the checks never read them again
            from desktop.registry.store import store_records

            for rel, export in read_exports.items():
                store_records(conn, rel, files[rel][0], export, cancelled)
        report.warnings = [
            *unknown,
            *(Problem("dossier.special_file", file=rel) for rel in skipped[:MAX_WARNINGS]),
            *_evidence_warnings(conn, files, tables),
        ]
        report.dossier_sha256 = _dossier_fingerprint(files)
        _insert_engagement(conn, manifest, report.dossier_sha256, actor)
        conn.executemany(
            "INSERT INTO source_files(path, role, sha256, size) VALUES (?,?,?,?)",
            [(rel, _role(rel, tables), digest, size) for rel, (digest, size) in files.items()],
        )
        if cancelled():
            raise Cancelled()
        conn.execute("COMMIT")
        for _seq, name, _file in conn.execute("PRAGMA database_list").fetchall():
            if name not in ("main", "temp"):  # a half loaded by a second process
                conn.execute(f"DETACH DATABASE {name}")
        # The seal is computed on the committed rows (two readers for big tables) and
        # chained into the trail with the import: the file is still private to us.
        progress("seal", 0.95)
        sealed = seal_imported(conn).as_json()
        if cancelled():
            raise Cancelled()
        conn.execute("BEGIN IMMEDIATE")
        audit.append(
            conn,
            actor,
            "import",
            "engagement",
            manifest.subject_id,
            None,
            {
                "dossier_sha256": report.dossier_sha256,
                "rows": report.counts,
                "evidence_files": report.evidence,
                "format": FORMAT,
                # what the import warned about (unknown columns, skipped files, missing
                # evidence), so `check` on the engagement file says it again
                "warnings": [
                    {"key": w.key, "file": w.file, "row": w.row, "column": w.column,
                     "params": {k: str(v) for k, v in w.params.items()}}
                    for w in report.warnings
                ],
                # per-record digests of everything imported: an edit made later with
                # any SQLite tool is named by ``veridesk verify``
                "seal": sealed,
            },
        )
        conn.execute("COMMIT")
        # at rest a file keeps a rollback journal: a read-only open (``check``, ``status``)
        # then leaves no -wal / -shm beside it; a writer switches to WAL while it works
        conn.execute("PRAGMA journal_mode = DELETE")
        progress("done", 1.0)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return report


def _locate_tables(root: Path, manifest: Manifest) -> dict[str, tuple[Path, str | None, str]]:
    """Find each table file: named in ``[tables]`` (``file#sheet``) or by its stem."""
    found: dict[str, tuple[Path, str | None, str]] = {}
    problems: list[Problem] = []
    for name in TABLES:
        named = manifest.tables.get(name)
        if named:
            file, _, sheet = named.partition("#")
            path = inside(root, file, f"tables.{name}")
            if not path.is_file():
                problems.append(Problem("table.not_found", file=file))
                continue
            found[name] = (path, sheet or None, f"{file}#{sheet}" if sheet else file)
            continue
        candidates = [
            root / f"{name}{s}" for s in TABLE_SUFFIXES if (root / f"{name}{s}").is_file()
        ]
        if len(candidates) > 1:
            problems.append(
                Problem(
                    "table.both_formats",
                    file="dossier.toml",
                    params={"first": candidates[0].name, "second": candidates[1].name},
                )
            )
        elif candidates:
            inside(root, candidates[0].name, candidates[0].name)
            found[name] = (candidates[0], None, candidates[0].name)
    for name in REQUIRED_TABLES.get(manifest.engagement_type, ()):
        if name not in found and not any(p.file == name for p in problems):
            problems.append(
                Problem(
                    "manifest.needs_table",
                    file="dossier.toml",
                    params={"type": manifest.engagement_type, "table": f"{name}.csv / {name}.xlsx"},
                )
            )
    if problems:
        raise InputError(problems)
    return found


def inside(root: Path, relative: str, where: str) -> Path:
    """``root / relative``, refused when it is absolute, climbs out with ``..``, is a link,
    or resolves outside the dossier: a manifest must not pull in other files of the
    verifier's disk (another client's data) that the dossier's hashes do not cover."""
    rel = relative.replace("\\", "/")
    parts = Path(rel).parts
    if (
        Path(rel).is_absolute()
        or (len(rel) > 1 and rel[1] == ":")
        or ".." in parts
    ):
        raise InputError(Problem("dossier.outside", file="dossier.toml", where=where,
                                 params={"path": relative}))
    path = root / rel
    current = root
    for part in Path(rel).parts:
        current = current / part
        if current.is_symlink():
            raise InputError(Problem("dossier.link", file=rel, params={"path": relative}))
    base = root.resolve()
    if path.exists() and base not in path.resolve().parents:
        raise InputError(Problem("dossier.outside", file="dossier.toml", where=where,
                                 params={"path": relative}))
    return path


def _unknown_columns(table: str, label: str, ignored: tuple[str, ...]) -> list[Problem]:
    """A warning per column VeriDesk does not know, with the closest known name: a typo
    (``activty``, ``ef_units``) would otherwise drop the client's data without a word."""
    import difflib

    from desktop.dossier.tables import header_index, header_key

    known = header_index(TABLES[table])
    out = []
    for column in ignored:
        close = difflib.get_close_matches(header_key(column), list(known), n=1, cutoff=0.6)
        if close:
            out.append(Problem("table.unknown_column_like", file=label, column=column,
                               params={"name": column, "like": known[close[0]]}))
        else:
            out.append(Problem("table.unknown_column", file=label, column=column,
                               params={"name": column}))
    return out


def import_warnings(conn: sqlite3.Connection) -> list[Problem]:
    """The warnings the import of this engagement file gave (none for older files)."""
    import json

    row = conn.execute("SELECT new FROM audit WHERE action = 'import' ORDER BY id LIMIT 1"
                       ).fetchone()
    if row is None:
        return []
    out = []
    for w in json.loads(row[0] or "{}").get("warnings", []):
        try:
            out.append(Problem(w["key"], file=w.get("file") or "", row=w.get("row"),
                               column=w.get("column"), params=w.get("params") or {}))
        except (KeyError, TypeError):
            continue
    return out


def _insert_calculation(conn: sqlite3.Connection, lines: list[Line]) -> None:
    conn.executemany(
        "INSERT INTO calculation(seq, name, formula, claimed, unit) VALUES (?,?,?,?,?)",
        [(i, ln.name, ln.formula, ln.claimed, ln.unit) for i, ln in enumerate(lines, 1)],
    )


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__MACOSX")))
        for name in sorted(filenames):
            if name not in _JUNK and not name.startswith("._"):
                yield Path(dirpath) / name


def _hash_files(
    root: Path, cancelled: Callable[[], bool], skipped: list[str] | None = None
) -> dict[str, tuple[str, int]]:
    """SHA-256 and size of every file in the dossier, by POSIX relative path."""
    out: dict[str, tuple[str, int]] = {}
    for path in _walk(root):
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode):  # links, FIFOs, sockets, devices: never opened
            if skipped is not None:
                skipped.append(path.relative_to(root).as_posix())
            continue
        h = hashlib.sha256()
        size = 0
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
                size += len(chunk)
        out[path.relative_to(root).as_posix()] = (h.hexdigest(), size)
        if cancelled():
            raise Cancelled()
    return out


def _insert_evidence(
    conn: sqlite3.Connection,
    root: Path,
    files: dict[str, tuple[str, int]],
    cancelled: Callable[[], bool],
) -> int:
    n = 0
    for rel, (digest, size) in files.items():
        if not rel.startswith(("evidence/", "registry/")):  # registry exports are kept too
            continue
        media = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        conn.execute(
            "INSERT INTO evidence(path, sha256, size, media_type, data) VALUES (?,?,?,?,?)",
            (rel, digest, size, media, (root / rel).read_bytes()),
        )
        n += 1
        if cancelled():
            raise Cancelled()
    return n


def _normalise_ref(ref: str) -> str:
    ref = ref.strip().replace("\\", "/")
    while ref.startswith("./"):
        ref = ref[2:]
    return ref


MAX_WARNINGS = 20


def _evidence_warnings(
    conn: sqlite3.Connection,
    files: dict[str, tuple[str, int]],
    tables: dict[str, tuple[Path, str | None, str]],
) -> list[Problem]:
    """Evidence a table row refers to that the dossier does not hold (a warning)."""
    warnings: list[Problem] = []
    missing = 0
    for name, (_path, _sheet, label) in tables.items():
        if not any(c.name == "evidence" for c in TABLES[name].columns):
            continue
        values = [
            v
            for (v,) in conn.execute(
                f"SELECT DISTINCT evidence FROM {name} WHERE evidence IS NOT NULL"
            )
            if v
        ]
        for value in values:
            for ref in str(value).split(";"):
                ref = _normalise_ref(ref)
                if not ref or ref in files or f"evidence/{ref}" in files:
                    continue
                missing += 1
                if len(warnings) < MAX_WARNINGS:
                    row = conn.execute(
                        f"SELECT row_no FROM {name} WHERE evidence = ? LIMIT 1", (value,)
                    ).fetchone()[0]
                    warnings.append(
                        Problem(
                            "manifest.evidence_missing",
                            file=label,
                            row=row,
                            column="evidence",
                            params={"path": ref},
                        )
                    )
    if missing > len(warnings):
        warnings.append(
            Problem("table.more", params={"count": missing - len(warnings), "file": "evidence"})
        )
    return warnings


def _dossier_fingerprint(files: dict[str, tuple[str, int]]) -> str:
    """SHA-256 over the sorted (path, SHA-256) list of every file received."""
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(f"{rel}\t{files[rel][0]}\n".encode())
    return h.hexdigest()


def _role(rel: str, tables: dict[str, tuple[Path, str | None, str]]) -> str:
    if rel == "dossier.toml":
        return "manifest"
    if rel.startswith("registry/"):
        return "registry"
    if rel.startswith("evidence/"):
        return "evidence"
    if rel == "calculation.toml":
        return "calculation"
    # one workbook may supply several tables (footprint.xlsx#Sources, #Credits): all count
    names = [name for name, (path, _sheet, _label) in tables.items()
             if path.name == rel or str(path).endswith("/" + rel)]
    return "table:" + ";".join(names) if names else "other"


def _insert_engagement(
    conn: sqlite3.Connection, manifest: Manifest, dossier_sha256: str, actor: str
) -> None:
    m = manifest
    row = {
        "id": 1,
        "format": FORMAT,
        "engagement_type": m.engagement_type,
        "criteria": audit.canonical_json(list(m.criteria)),
        "programme": m.programme,
        "level_of_assurance": m.level_of_assurance,
        "materiality_pct": m.materiality_pct,
        "client": m.client,
        "intended_users": audit.canonical_json(list(m.intended_users)),
        "subject_id": m.subject_id,
        "title": m.title,
        "title_zh": m.title_zh,
        "boundary": m.boundary,
        "country": m.country,
        "methodology": m.methodology,
        "expected_annual_er_tco2e": m.expected_annual_er_tco2e,
        "period_start": m.period_start.isoformat(),
        "period_end": m.period_end.isoformat(),
        "reported_emissions_tco2e": m.reported_emissions_tco2e,
        "reported_er_tco2e": m.reported_er_tco2e,
        "declaration": m.declaration,
        "attestation": m.attestation,
        "beneficiaries": audit.canonical_json(list(m.beneficiaries)),
        "manifest": audit.canonical_json(m.raw),
        "state": "draft",
        "dossier_sha256": dossier_sha256,
        "imported_at": audit.utc_now(),
        "imported_by": actor,
    }
    cols = ",".join(row)
    conn.execute(
        f"INSERT INTO engagement({cols}) VALUES ({','.join('?' * len(row))})", tuple(row.values())
    )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
