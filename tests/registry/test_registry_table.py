"""Registry records kept in the engagement file (migration 005): stored with the export,
looked up in SQL by the checks, re-derived by ``verify``, filled in for older files."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop.dossier.importer import import_dossier
from desktop.engagement import load_context
from desktop.errors import Cancelled
from desktop.registry import lookup, store
from desktop.registry.read import COLUMNS, RegistryExport, read_export
from desktop.rules import run_checks
from desktop.store.db import connect, create_schema, open_file
from tests.conftest import EXAMPLES, REPO, run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"
VERRA = "registry/verra-vcus.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("table") / "reg.veridesk"
    import_dossier(EXAMPLES / "neutral-steel-registry", out, actor="Test Verifier")
    return out


@pytest.fixture
def reg(tmp_path, imported) -> Path:
    copy = tmp_path / "reg.veridesk"
    shutil.copyfile(imported, copy)
    return copy


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame with blanks as None and no dtype (pandas infers str or object by content)."""
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)


def exports_read_again(conn: sqlite3.Connection) -> pd.DataFrame:
    return pd.concat([read_export(bytes(data), name=path).records for path, data in conn.execute(
        "SELECT path, data FROM evidence WHERE path LIKE 'registry/%' ORDER BY id")],
        ignore_index=True)


def test_import_stores_each_exports_records(reg):
    conn = sqlite3.connect(reg)
    summary = conn.execute(
        "SELECT x.path, x.sha256 = e.sha256, x.registry, x.records FROM registry_export x "
        "JOIN evidence e ON e.path = x.path ORDER BY x.id").fetchall()
    assert [(p, same, r) for p, same, r, _n in summary] == [
        ("registry/acr-retirements.csv", 1, "ACR"), ("registry/car-retirements.csv", 1, "CAR"),
        ("registry/gold-standard-credits.xlsx", 1, "Gold Standard"),
        ("registry/tw-moenv-retirements.csv", 1, "TW-MOENV"), (VERRA, 1, "Verra")]
    total = conn.execute("SELECT count(*) FROM registry_record").fetchone()[0]
    assert total == sum(n for *_x, n in summary) == 13
    # every record as the reader reads it, in export order
    pd.testing.assert_frame_equal(plain(lookup.load_records(conn)),
                                  plain(exports_read_again(conn)), check_dtype=False)
    assert list(lookup.load_records(conn).columns) == list(COLUMNS)


def test_checks_on_the_looked_up_records_equal_checks_on_every_record(reg):
    conn = sqlite3.connect(reg)
    ctx = load_context(conn)
    assert 0 < len(ctx.registry) < 13  # only the records the claimed blocks touch
    assert [p for p, _r, _n in ctx.registry_exports][-1] == VERRA
    every = replace(ctx, registry=exports_read_again(conn), registry_exports=())
    assert run_checks(ctx) == run_checks(every)


def _synthetic(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Records of all sizes, overlapping one another, in two series; a few unparsed."""
    size = rng.choice([1, 2, 3, 5, 40, 700, 5_000, 90_000, 2_000_000], n)
    start = rng.integers(0, 3_000_000, n)
    key = rng.choice(["A:1", "B:2"], n).astype(object)
    parsed = rng.random(n) > 0.05
    key[~parsed] = None
    start[~parsed] = 0
    end = np.where(parsed, start + size - 1, 0)
    return pd.DataFrame({
        "export": "registry/s.csv", "row_no": np.arange(2, n + 2), "registry": "Verra",
        "serial": [f"S{i}" for i in range(n)], "parsed": parsed, "key": key,
        "start": start.astype(np.int64), "end": end.astype(np.int64),
        "quantity": (end - start + 1).astype(float), "status": "retired",
        "status_date": "2025-03-14", "beneficiary": None, "details": None, "vintage": "2022",
        "project_id": None, "ccp": np.array([None] * n, dtype=object),
        "ca": np.array([True] * n, dtype=object),
    }, columns=list(COLUMNS))


def _table_of(tmp_path: Path, records: pd.DataFrame) -> sqlite3.Connection:
    conn = connect(tmp_path / "s.veridesk")
    create_schema(conn)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO evidence(path, sha256, size, data) VALUES (?, 'x', 1, X'00')",
                 ("registry/s.csv",))
    store.store_records(conn, "registry/s.csv", "x",
                        RegistryExport("registry/s.csv", "Verra", 1, records))
    conn.execute("COMMIT")
    return conn


def test_the_lookup_finds_exactly_the_overlapping_records(tmp_path):
    rng = np.random.default_rng(5)
    records = _synthetic(3000, rng)
    conn = _table_of(tmp_path, records)
    ok = records["parsed"].to_numpy()
    keys = rng.choice(["A:1", "B:2", "C:3"], 400).astype(object)
    s = rng.integers(0, 3_100_000, 400)
    e = s + rng.choice([0, 1, 10, 1000, 200_000], 400)
    keys[:3] = None  # an unparsed claim covers nothing
    found = lookup.load_records(conn, (keys.tolist(), s.tolist(), e.tolist()))
    want = set()
    for k, a, b in zip(keys, s, e, strict=True):
        hit = ok & (records["key"] == k).to_numpy() & (records["start"] <= b).to_numpy() \
            & (records["end"] >= a).to_numpy()
        want |= set(records["row_no"][hit].tolist())
    assert set(found["row_no"].tolist()) == want and len(want) > 100
    assert found["row_no"].is_monotonic_increasing  # export order
    pd.testing.assert_frame_equal(
        plain(found), plain(records[records["row_no"].isin(want)]), check_dtype=False)


def test_the_lookup_walks_the_covering_index_never_the_table(tmp_path):
    conn = _table_of(tmp_path, _synthetic(10, np.random.default_rng(1)))
    conn.execute(f"CREATE TEMP TABLE {lookup._CLAIM}(series TEXT, s INTEGER, e INTEGER)")
    conn.execute(f"CREATE TEMP TABLE {lookup._CLASS}(series TEXT, k INTEGER)")
    plan = " | ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {lookup._OVERLAPS}"))
    assert ("SEARCH r2 USING COVERING INDEX registry_record_block (series=? AND size_class=? "
            "AND unit_start>? AND unit_start<?)") in plan, plan


def test_a_cancelled_add_writes_nothing(reg, monkeypatch, tmp_path):
    newer = tmp_path / "verra-2025.csv"
    shutil.copyfile(DATA / "verra-vcus.csv", newer)
    monkeypatch.setattr(store, "CHUNK", 1)  # cancel between two batches of records
    polls = iter([False, False, True])
    with open_file(reg, write=True) as eng:
        before = eng.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        with pytest.raises(Cancelled):
            store.add_export(eng, newer, actor="T", cancelled=lambda: next(polls, True))
        conn = eng.conn
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before
        assert conn.execute("SELECT count(*) FROM registry_export").fetchone()[0] == 5
        assert conn.execute("SELECT count(*) FROM registry_record").fetchone()[0] == 13
        assert conn.execute("SELECT count(*) FROM evidence WHERE path LIKE '%2025%'"
                            ).fetchone()[0] == 0


def test_records_cannot_be_updated_and_verify_names_an_edited_one(reg, capsys):
    assert run_cli("verify", str(reg)).returncode == 0
    conn = sqlite3.connect(reg)
    with pytest.raises(sqlite3.IntegrityError, match="read from their export"):
        conn.execute("UPDATE registry_record SET status = 'retired'")
    # a tamperer drops the guard and makes the block for another buyer look retired for
    # the client, another row vanish, and one appear
    conn.execute("DROP TRIGGER registry_record_fixed")
    conn.execute("UPDATE registry_record SET beneficiary = 'Example Steel Corporation' "
                 "WHERE row_no = 4 AND export_id = (SELECT id FROM registry_export "
                 "WHERE path = ?)", (VERRA,))
    conn.execute("DELETE FROM registry_record WHERE row_no = 2 AND export_id = "
                 "(SELECT id FROM registry_export WHERE path = 'registry/acr-retirements.csv')")
    conn.execute("INSERT INTO registry_record SELECT export_id, 99, serial, parsed, series, "
                 "unit_start, unit_end, size_class, quantity, status, status_date, "
                 "beneficiary, details, vintage, project_id, ccp, ca FROM registry_record "
                 "WHERE export_id = (SELECT id FROM registry_export WHERE path = ?) "
                 "AND row_no = 3", (VERRA,))
    conn.commit()
    conn.close()
    done = run_cli("verify", str(reg))
    assert done.returncode == 1
    assert f"registry record {VERRA} row 4: changed (beneficiary)" in done.stdout
    assert "registry record registry/acr-retirements.csv row 2: missing" in done.stdout
    assert f"registry record {VERRA} row 99: added" in done.stdout


def test_verify_names_an_export_whose_records_are_gone_or_read_from_other_bytes(reg):
    conn = sqlite3.connect(reg)
    conn.execute("DELETE FROM registry_record WHERE export_id = (SELECT id FROM "
                 "registry_export WHERE path = 'registry/car-retirements.csv')")
    conn.execute("DELETE FROM registry_export WHERE path = 'registry/car-retirements.csv'")
    conn.execute("DROP TRIGGER registry_export_fixed")
    conn.execute("UPDATE registry_export SET sha256 = 'f00d' WHERE path = ?", (VERRA,))
    conn.commit()
    conn.close()
    out = run_cli("verify", str(reg)).stdout
    assert "registry export registry/car-retirements.csv: its records are not in the file" in out
    assert f"registry export {VERRA}: its records were read from other bytes" in out


def _as_migration_004_left_it(path: Path) -> None:
    """Drop what migrations 005 to 009 made: the file as VeriDesk made it before today."""
    conn = sqlite3.connect(path)
    later = ("registry_export", "registry_record", "meters", "risk_assessment", "sample_plan",
             "sample_result", "investment", "methodology", "ex_ante")
    for name, kind in conn.execute("SELECT name, type FROM sqlite_master WHERE tbl_name IN "
                                   f"({','.join('?' * len(later))}) AND type IN ('trigger', "
                                   "'index') AND sql IS NOT NULL", later).fetchall():
        conn.execute(f"DROP {kind.upper()} {name}")
    for table in reversed(later):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name >= '005'")
    conn.commit()
    conn.close()


def test_a_file_from_before_today_is_upgraded_and_its_exports_read(reg, capsys):
    conn = sqlite3.connect(reg)
    before = run_checks(load_context(conn))
    conn.close()
    _as_migration_004_left_it(reg)
    with open_file(reg) as eng:  # migrated after a backup copy
        assert eng.migrated_backup is not None
        conn = eng.conn
        assert conn.execute("SELECT count(*) FROM registry_record").fetchone()[0] == 13
        assert run_checks(load_context(conn)) == before
        assert lookup.load_records(conn)["export"].iloc[-1] == VERRA
    done = run_cli("verify", str(reg))
    assert done.returncode == 0, done.stdout


def test_a_file_made_today_gains_migration_005_and_still_opens_fast(reg):
    """A file with 006-009 applied gets 005 after them; it is then current (no sqlite-utils
    to open it), whatever the order the migrations were applied in."""
    conn = sqlite3.connect(reg)
    for name in ("registry_export_fixed", "registry_record_fixed", "registry_record_block"):
        kind = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", (name,)
                            ).fetchone()[0]
        conn.execute(f"DROP {kind.upper()} {name}")
    conn.execute("DROP TABLE registry_record")
    conn.execute("DROP TABLE registry_export")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '005_registry'")
    conn.commit()
    conn.close()
    with open_file(reg) as eng:
        assert eng.migrated_backup is not None
        names = [n for (n,) in eng.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert names[-1] == "005_registry"
        assert eng.conn.execute("SELECT count(*) FROM registry_record").fetchone()[0] == 13
    code = ("import sys; from desktop.store.db import open_file\n"
            f"with open_file({str(reg)!r}) as eng:\n"
            "    assert eng.migrated_backup is None\n"
            "sys.exit(4 if 'sqlite_utils' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_registry_list_reads_the_summary_not_the_export(reg, capsys, monkeypatch):
    from desktop import cli

    def refuse(*_a, **_k):
        raise AssertionError("an export was read again")

    monkeypatch.setattr("desktop.registry.read.read_export", refuse)
    monkeypatch.setattr(store, "read_export", refuse)
    assert cli.main(["registry", "list", str(reg), "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [e["records"] for e in listing["exports"]] == [2, 2, 3, 3, 3]
    assert {b["status"] for b in listing["blocks"]} >= {"matched", "foreign", "not_found"}
