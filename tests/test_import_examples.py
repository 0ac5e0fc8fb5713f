"""Importing the shared sample dossiers, as folders and as zips, and reading the file back."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from desktop.store import audit

EXPECTED = {
    "neutral-steel": {"inventory": 12, "credits": 2},
    "led-retrofit": {"monitoring": 37},
    "solar-pdd": {"investment": 21},
}


def _zip(folder: Path, dest: Path, wrap: bool) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            zf.write(path, f"{folder.name}/{rel}" if wrap else rel)
    return dest


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("form", ["folder", "zip", "zip-wrapped"])
def test_import_example(tmp_path, examples, name, form):
    src = examples / name
    if form != "folder":
        src = _zip(src, tmp_path / f"{name}.zip", wrap=form == "zip-wrapped")
    out = tmp_path / f"{name}.veridesk"
    report = import_dossier(src, out, actor="Tester")
    assert report.counts == EXPECTED[name]

    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # at rest
        eng = conn.execute("SELECT subject_id, state, dossier_sha256 FROM engagement").fetchone()
        assert eng[1] == "draft" and eng[2] == report.dossier_sha256
        for table, n in EXPECTED[name].items():
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == n
        # evidence stored as blobs whose hash matches the original file
        rows = conn.execute("SELECT path, sha256, size, data FROM evidence").fetchall()
        on_disk = sorted((examples / name / "evidence").iterdir())
        assert len(rows) == len(on_disk)
        for path, digest, size, data in rows:
            original = (examples / name / path).read_bytes()
            assert (
                hashlib.sha256(original).hexdigest() == digest == hashlib.sha256(data).hexdigest()
            )
            assert size == len(original)
        # the import is the first, intact link of the audit chain
        actor, action, new = conn.execute("SELECT actor, action, new FROM audit").fetchone()
        assert (actor, action) == ("Tester", "import")
        assert report.dossier_sha256 in new
        assert audit.verify_chain(conn).ok
    finally:
        conn.close()
    assert not list(tmp_path.glob(".*partial*"))


def test_types_in_neutral_steel(tmp_path, examples):
    out = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", out)
    conn = sqlite3.connect(out)
    row = conn.execute(
        "SELECT row_no, typeof(scope), typeof(tco2e), typeof(included), included, "
        "typeof(activity), exclusion_reason FROM inventory WHERE source_id = 'S10'"
    ).fetchone()
    # S10 is the 11th data row: spreadsheet row 12 (header = row 1)
    assert row == (
        12,
        "integer",
        "real",
        "integer",
        0,
        "real",
        "below 1 % of total; estimated from survey",
    )
    assert conn.execute("SELECT sum(tco2e) FROM inventory WHERE included").fetchone()[0] == (
        pytest.approx(268.80)
    )
    credits = conn.execute("SELECT serial, quantity, vintage, retired_on FROM credits").fetchall()
    assert credits[0] == ("TW-2-1-030172798-030173019-00-00-A0000070", 222.0, "2022", "2025-03-14")
    assert conn.execute("SELECT count(*) FROM inventory WHERE category IS NULL").fetchone()[0] == 0


def test_calculation_and_manifest_stored(tmp_path, examples):
    out = tmp_path / "led.veridesk"
    import_dossier(examples / "led-retrofit", out)
    conn = sqlite3.connect(out)
    lines = conn.execute("SELECT name, formula, claimed FROM calculation ORDER BY seq").fetchall()
    assert lines[0] == ("BE", "sum(EG_saved) * EF_grid", 2212.0)
    assert lines[-1] == ("result", "BE - PE - LE", 2212.0)
    eng = conn.execute(
        "SELECT engagement_type, programme, expected_annual_er_tco2e, period_start, period_end,"
        " title_zh FROM engagement"
    ).fetchone()
    assert eng == (
        "verification",
        "TW-MOENV",
        2300.0,
        "2024-01-01",
        "2024-12-31",
        "三廠區 LED 燈具汰換自願減量專案",
    )
    ef = conn.execute("SELECT value, unit, period FROM monitoring WHERE parameter='EF_grid'")
    assert ef.fetchone() == (0.494, "tCO2/MWh", "2024")
