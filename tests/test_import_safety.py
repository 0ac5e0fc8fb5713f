"""Unsafe zips, killed imports, the write lock, migrations and the audit chain."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from desktop.errors import InputError, LockedError, MessageError
from desktop.store import audit, schema
from desktop.store.db import open_file
from tests.conftest import REPO
from tests.dossiers import NEUTRALITY, VERIFICATION, make_dossier

INVENTORY = "source_id,scope,tco2e,included\nS1,1,10,yes\n"


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            if isinstance(data, zipfile.ZipInfo):
                zf.writestr(data, b"target")
            else:
                zf.writestr(name, data)
    return path


@pytest.mark.parametrize("evil", ["../evil.txt", "/tmp/evil-abs.txt", "evidence/../../evil.txt"])
def test_zip_slip_refused(tmp_path, evil):
    z = _zip(
        tmp_path / "d.zip",
        {"dossier.toml": NEUTRALITY, "inventory.csv": INVENTORY, evil: b"owned"},
    )
    out = tmp_path / "work" / "o.veridesk"
    out.parent.mkdir()
    with pytest.raises(InputError) as err:
        import_dossier(z, out)
    assert "outside the dossier" in err.value.text("en")
    assert not out.exists()
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path / "work" / "evil.txt").exists()


def test_zip_symlink_refused(tmp_path):
    link = zipfile.ZipInfo("evidence/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = _zip(
        tmp_path / "d.zip", {"dossier.toml": NEUTRALITY, "inventory.csv": INVENTORY, "link": link}
    )
    with pytest.raises(InputError) as err:
        import_dossier(z, tmp_path / "o.veridesk")
    assert "is a link" in err.value.text("en")


def test_zip_bomb_refused(tmp_path):
    z = _zip(
        tmp_path / "d.zip",
        {
            "dossier.toml": NEUTRALITY,
            "inventory.csv": INVENTORY,
            "evidence/zeros.bin": b"\0" * (8 * 1024 * 1024),
        },
    )
    with pytest.raises(InputError) as err:
        import_dossier(z, tmp_path / "o.veridesk")
    assert "zip bomb" in err.value.text("en")
    assert not (tmp_path / "o.veridesk").exists()


def test_not_a_zip(tmp_path, cli):
    bogus = tmp_path / "d.zip"
    bogus.write_bytes(b"PK\x03\x04 not really")
    result = cli("import", str(bogus), "-o", str(tmp_path / "o.veridesk"))
    assert result.returncode == 2 and result.stderr.strip()


def _big_dossier(tmp_path, rows=400_000):
    lines = ["parameter,period,value,unit"]
    lines += [f"EG,{i},{i % 997}.5,MWh" for i in range(rows)]
    return make_dossier(tmp_path / "big", VERIFICATION, {"monitoring.csv": "\n".join(lines)})


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_killed_import_leaves_no_engagement_file(tmp_path, sig):
    dossier = _big_dossier(tmp_path)
    out = tmp_path / "out" / "big.veridesk"
    out.parent.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "import", str(dossier), "-o", str(out)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # wait until the partial file exists, i.e. the import is under way
    deadline = time.monotonic() + 30
    while not list(out.parent.glob(".big.veridesk.partial-*")):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert proc.returncode != 0
    assert not out.exists()
    if sig == signal.SIGTERM:
        assert list(out.parent.iterdir()) == []  # cleaned up on the way out
    # a later import cleans the dead process's partial file and succeeds
    small = make_dossier(tmp_path / "small", NEUTRALITY, {"inventory.csv": INVENTORY})
    import_dossier(small, out)
    assert [p.name for p in out.parent.iterdir()] == ["big.veridesk"]


def test_write_lock_refuses_second_writer(tmp_path, examples):
    out = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", out)
    with open_file(out, write=True):
        with pytest.raises(LockedError) as err:
            open_file(out, write=True)
        assert "is open for writing by" in str(err.value)
        # another process is refused too
        code = (
            "import sys; from desktop.store.db import open_file\n"
            "from desktop.errors import LockedError\n"
            f"try:\n    open_file({str(out)!r}, write=True)\nexcept LockedError:\n    sys.exit(3)"
        )
        assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 3
        with open_file(out) as reader:  # reading is still allowed
            assert reader.conn.execute("SELECT count(*) FROM inventory").fetchone()[0] == 12
    with open_file(out, write=True) as again:
        assert again.writable


def _older_file(tmp_path, examples) -> Path:
    """An engagement file as schema 002 left it (no signature table yet)."""
    old = tmp_path / "old.veridesk"
    import_dossier(examples / "neutral-steel", old)
    conn = sqlite3.connect(old)
    for (trigger,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'signature'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE signature")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '003_signatures'")
    conn.commit()
    conn.close()
    return old


def test_older_file_is_migrated_after_backup(tmp_path, examples):
    old = _older_file(tmp_path, examples)
    with open_file(old, write=True) as eng:
        assert eng.migrated_backup is not None and eng.migrated_backup.exists()
        assert "signature" in eng.db.table_names()
        assert schema.pending_migrations(eng.db) == []
    backup = sqlite3.connect(eng.migrated_backup)
    names = {r[0] for r in backup.execute("SELECT name FROM sqlite_master")}
    assert "signature" not in names and "engagement" in names


def test_failed_migration_leaves_no_backup_behind(tmp_path, examples, monkeypatch):
    old = _older_file(tmp_path, examples)

    def broken(_db):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "migrate", broken)
    for _ in range(3):
        with pytest.raises(MessageError, match="could not be upgraded"):
            open_file(old)
    assert sorted(p.name for p in tmp_path.iterdir() if ".backup-" in p.name) == []


def test_migration_names_match_the_schema():
    from desktop.store.db import MIGRATION_NAMES

    assert schema.known_migrations() == list(MIGRATION_NAMES)


def test_current_file_opens_without_sqlite_utils(tmp_path, examples):
    # sqlite-utils imports pandas (about half a second): a current file must not need it
    out = tmp_path / "s.veridesk"
    import_dossier(examples / "neutral-steel", out)
    code = (
        "import sys; from desktop.store.db import open_file\n"
        f"with open_file({str(out)!r}, write=True) as eng:\n"
        "    assert eng.migrated_backup is None\n"
        "sys.exit(4 if 'sqlite_utils' in sys.modules else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


def test_file_from_a_newer_version_is_refused(tmp_path, examples, cli):
    out = tmp_path / "new.veridesk"
    import_dossier(examples / "neutral-steel", out)
    conn = sqlite3.connect(out)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
        "VALUES ('veridesk', '999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    result = cli("status", str(out))
    assert result.returncode == 2
    from desktop.store.db import MIGRATION_NAMES

    known = len(MIGRATION_NAMES)  # grows with each migration
    expected = f"was written by a newer VeriDesk (schema {known + 1} > {known})"
    assert expected in result.stderr, result.stderr
    assert not list(tmp_path.glob("new.backup-*"))  # refused, not migrated


def test_foreign_file_refused(tmp_path, cli):
    other = tmp_path / "x.veridesk"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    result = cli("verify", str(other))
    assert result.returncode == 2 and "not a VeriDesk engagement file" in result.stderr


def test_audit_is_append_only_and_tamper_evident(tmp_path, examples, cli):
    out = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", out)
    with open_file(out, write=True) as eng:
        eng.conn.execute("BEGIN")
        audit.append(eng.conn, "Lin", "respond", "response", "PAS 2060 §5", None, {"r": "open"})
        eng.conn.execute("COMMIT")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            eng.conn.execute("UPDATE audit SET actor = 'Mallory' WHERE id = 1")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            eng.conn.execute("DELETE FROM audit")
    assert cli("verify", str(out)).returncode == 0
    # someone with raw SQLite access drops the trigger and rewrites history
    conn = sqlite3.connect(out)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET actor = 'Mallory' WHERE id = 2")
    conn.commit()
    conn.close()
    result = cli("verify", str(out))
    assert result.returncode == 1
    assert "audit row 2: content was altered" in result.stdout


def test_demo_prepares_engagement_once(tmp_path, cli):
    env = {"VERIDESK_DATA_DIR": str(tmp_path / "data")}
    first = cli("demo", "--no-gui", env=env)
    assert first.returncode == 0, first.stderr
    path = tmp_path / "data" / first.stdout.strip().splitlines()[-1].split("/")[-1]
    assert path.exists() and path.suffix == ".veridesk"
    mtime = path.stat().st_mtime_ns
    assert cli("demo", "--no-gui", env=env).returncode == 0
    assert path.stat().st_mtime_ns == mtime  # the verifier's demo work is not thrown away
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] > 0
    assert os.access(path, os.R_OK)
