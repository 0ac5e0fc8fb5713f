"""Hostile and damaged input: one clear line and exit 2, never a traceback or a silent success.

The cases come from a fuzzing run of 3 573 dossiers and 23 damaged engagement files.
"""

from __future__ import annotations

import codecs
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from desktop.dossier.textfile import detect_encoding, looks_like_gb
from desktop.errors import InputError
from desktop.partials import partial_path, remove_stale_partials, write_atomically
from tests.conftest import run_cli
from tests.dossiers import INVENTORY_HEADER, VERIFICATION, inventory_dossier, make_dossier


def _refused(result, *needles: str) -> str:
    text = result.stdout + result.stderr
    assert result.returncode == 2, (result.returncode, text)
    assert "Traceback" not in text and "unexpected error" not in text, text
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)
    return result.stderr


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["99999999999999999999", "1e308", "1e999", "9223372036854775808"]
)
def test_huge_scope_is_refused(tmp_path, cell):
    inv = f"{INVENTORY_HEADER}\nS1,{cell},energy,10,yes,\n"
    folder = inventory_dossier(tmp_path / "d", inv)
    out = tmp_path / "x.veridesk"
    _refused(run_cli("import", str(folder), "-o", str(out)), "row 2, column scope")
    assert not out.exists()


@pytest.mark.parametrize("cell", ["1e999", "-1e999", "1e16", "inf", "nan"])
def test_infinite_or_absurd_emissions_are_refused(tmp_path, cell):
    inv = f"{INVENTORY_HEADER}\nS1,1,energy,{cell},yes,\n"
    with pytest.raises(InputError) as err:
        import_dossier(inventory_dossier(tmp_path / "d", inv), tmp_path / "x.veridesk")
    assert "row 2, column tco2e" in str(err.value)


def test_xlsx_cell_beyond_64_bits(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(INVENTORY_HEADER.split(","))
    ws.append(["S1", 1e20, "energy", 1e20, "yes", None])
    ws.append(["S2", 1, "energy", 5.0, "yes", None])
    folder = tmp_path / "d"
    folder.mkdir()
    wb.save(folder / "inventory.xlsx")
    make_dossier(folder)
    out = tmp_path / "x.veridesk"
    err = _refused(run_cli("import", str(folder), "-o", str(out)))
    assert "row 2, column scope" in err and "row 2, column tco2e" in err
    assert not out.exists()


@pytest.mark.parametrize("value", ["1e999", "-1e999", "nan", "inf", "-5", "1" + "0" * 400])
def test_manifest_numbers_must_be_finite(tmp_path, value):
    manifest = VERIFICATION.replace("reported_er_tco2e = 100.0", f"reported_er_tco2e = {value}")
    folder = make_dossier(tmp_path / "d", manifest, {"monitoring.csv": "parameter,value\nX,1\n"})
    err = _refused(run_cli("check", str(folder)), "claim.reported_er_tco2e")
    assert len(err) < 600  # a 400-digit number is clipped, not echoed whole


@pytest.mark.parametrize("value", ["1e999", "nan", "-inf", "1e300"])
def test_calculation_numbers_must_be_finite(tmp_path, value):
    calc = f'[[line]]\nname = "BE"\nformula = "sum(X)"\nclaimed = {value}\n'
    folder = make_dossier(
        tmp_path / "d",
        VERIFICATION,
        {"monitoring.csv": "parameter,value\nX,1\n", "calculation.toml": calc},
    )
    _refused(run_cli("check", str(folder)), "calculation.toml", "line[1].claimed")


def test_formula_overflow_is_a_failed_check_not_a_crash(tmp_path):
    calc = '[[line]]\nname = "BE"\nformula = "1e999"\nclaimed = 1\n[result]\nformula = "BE"\n'
    folder = make_dossier(
        tmp_path / "d",
        VERIFICATION,
        {"monitoring.csv": "parameter,value\nX,1\n", "calculation.toml": calc},
    )
    eng = tmp_path / "x.veridesk"
    assert run_cli("import", str(folder), "-o", str(eng)).returncode == 0
    result = run_cli("check", str(eng))
    assert result.returncode == 1 and "not a finite number" in result.stdout
    pdf = run_cli("export", str(eng), "-o", str(tmp_path / "x.pdf"))
    assert pdf.returncode == 0, pdf.stderr


@pytest.mark.parametrize("day", ["2024-02-30", "2023-02-29", "2024-04-31", "0000-01-01"])
def test_impossible_retirement_dates(tmp_path, day):
    from tests.conftest import EXAMPLES

    folder = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", folder)
    credits = folder / "credits.csv"
    credits.write_text(credits.read_text(encoding="utf-8").replace("2025-03-14", day, 1))
    _refused(run_cli("check", str(folder)), "row 2, column retired_on")


# --- encodings ------------------------------------------------------------------------

SIMPLIFIED = "焦炭与煤炭在高炉中的占比说明文字，燃料燃烧排放量"
TRADITIONAL = "高爐焦炭與煤炭之排放說明，燃料燃燒排放量"


def test_gb18030_is_not_read_as_big5(tmp_path):
    inv = f"{INVENTORY_HEADER}\nS1,1,{SIMPLIFIED},10,yes,\n".encode("gb18030")
    assert looks_like_gb(inv)
    out = tmp_path / "x.veridesk"
    import_dossier(inventory_dossier(tmp_path / "d", inv), out)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT category FROM inventory").fetchone()[0] == SIMPLIFIED


def test_big5_stays_big5(tmp_path):
    inv = f"{INVENTORY_HEADER}\nS1,1,{TRADITIONAL},10,yes,\n".encode("big5")
    assert not looks_like_gb(inv)
    out = tmp_path / "x.veridesk"
    import_dossier(inventory_dossier(tmp_path / "d", inv), out)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT category FROM inventory").fetchone()[0] == TRADITIONAL


@pytest.mark.parametrize(
    ("codec", "bom", "expected"),
    [
        ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32"),
        ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32"),
        ("utf-32-le", b"", "utf-32-le"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-le", b"", "utf-16-le"),
    ],
)
def test_utf32_is_not_read_as_utf16(tmp_path, codec, bom, expected):
    text = f"{INVENTORY_HEADER}\nS1,1,{TRADITIONAL},10,yes,\n"
    path = tmp_path / "inventory.csv"
    path.write_bytes(bom + text.encode(codec))
    assert detect_encoding(path) == expected
    out = tmp_path / "x.veridesk"
    import_dossier(inventory_dossier(tmp_path / "d", path.read_bytes()), out)
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT category FROM inventory").fetchone()[0] == TRADITIONAL


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le"])
def test_manifest_in_utf16_gets_a_clear_message(tmp_path, codec):
    from tests.dossiers import NEUTRALITY

    folder = inventory_dossier(tmp_path / "d", f"{INVENTORY_HEADER}\nS1,1,e,10,yes,\n")
    (folder / "dossier.toml").write_bytes(NEUTRALITY.encode(codec))
    err = _refused(run_cli("check", str(folder)), "dossier.toml", "UTF-8")
    assert "UTF-16" in err or "UTF-32" in err


# --- zips -----------------------------------------------------------------------------


def _neutral_files() -> dict[str, bytes]:
    from tests.conftest import EXAMPLES

    root = EXAMPLES / "neutral-steel"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names, on purpose
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in entries:
                zf.writestr(info, data)
    return path


def _import_zip(tmp_path, zpath: Path, *needles: str) -> str:
    out = tmp_path / "x.veridesk"
    err = _refused(run_cli("import", str(zpath), "-o", str(out)), *needles)
    assert not out.exists()
    assert _orphans() == set()  # nothing unpacked is left behind
    return err


def _orphans() -> set[str]:
    """Scratch folders of processes that have ended (each run clears older ones first)."""
    import tempfile

    from desktop.partials import pid_alive

    base = Path(tempfile.gettempdir()) / f"veridesk-{os.getuid()}"
    if not base.is_dir():
        return set()
    return {
        p.name
        for p in base.iterdir()
        if p.name.split("-")[1:2] and p.name.split("-")[1].isdigit()
        and not pid_alive(int(p.name.split("-")[1]))
    }


def test_zip_with_two_manifests_is_refused(tmp_path):
    files = _neutral_files()
    entries = [(name, data) for name, data in files.items()]
    entries.append(("dossier.toml", files["dossier.toml"].replace(b"268.80", b"1.0")))
    _import_zip(tmp_path, _zip(tmp_path / "d.zip", entries), "dossier.toml", "twice")


def test_zip_names_differing_in_case_are_duplicates(tmp_path):
    entries = [*_neutral_files().items(), ("Dossier.TOML", b"x")]
    _import_zip(tmp_path, _zip(tmp_path / "d.zip", entries), "twice")


def test_zip_file_and_folder_of_one_name(tmp_path):
    entries = [*_neutral_files().items(), ("evidence/README.txt/inner.txt", b"x")]
    _import_zip(tmp_path, _zip(tmp_path / "d.zip", entries), "clashes")


def test_zip_with_an_over_long_name(tmp_path):
    entries = [*_neutral_files().items(), (f"evidence/{'a' * 300}/x.txt", b"x")]
    _import_zip(tmp_path, _zip(tmp_path / "d.zip", entries), "longer than 255 bytes")


def _patch_headers(zpath: Path, local: int, central: int, value: int, mask: bool) -> None:
    """Set a 2-byte field of every local (``PK\\3\\4``) and central (``PK\\1\\2``) header."""
    data = bytearray(zpath.read_bytes())
    for sig, offset in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        start = 0
        while (start := data.find(sig, start)) >= 0:
            field = slice(start + offset, start + offset + 2)
            old = int.from_bytes(data[field], "little")
            data[field] = ((old | value) if mask else value).to_bytes(2, "little")
            start += 4
    zpath.write_bytes(bytes(data))


def test_encrypted_zip_entry(tmp_path):
    zpath = _zip(tmp_path / "d.zip", list(_neutral_files().items()))
    _patch_headers(zpath, 6, 8, 0x1, mask=True)  # general-purpose flag bit 0: encrypted
    _import_zip(tmp_path, zpath, "encrypted")


def test_deflate64_entry(tmp_path):
    zpath = _zip(tmp_path / "d.zip", list(_neutral_files().items()))
    _patch_headers(zpath, 8, 10, 9, mask=False)  # compression method 9: Deflate64
    _import_zip(tmp_path, zpath, "compression method 9")


def test_many_small_entries_that_add_up_to_a_bomb(tmp_path):
    # Each entry stays below the per-entry ratio floor; the archive as a whole does not.
    entries = list(_neutral_files().items())
    entries += [(f"evidence/pad-{i:03d}.bin", b"\0" * 200_000) for i in range(30)]
    _import_zip(tmp_path, _zip(tmp_path / "d.zip", entries), "zip bomb")


def test_stale_unpacked_dossier_of_a_dead_process_is_removed(tmp_path):
    import tempfile

    base = Path(tempfile.gettempdir()) / f"veridesk-{os.getuid()}"
    base.mkdir(mode=0o700, exist_ok=True)
    stale = base / f"dossier-{_dead_pid()}-abc123"
    (stale / "client").mkdir(parents=True)
    (stale / "client" / "inventory.csv").write_text("secret")
    zpath = _zip(tmp_path / "d.zip", list(_neutral_files().items()))
    out = tmp_path / "x.veridesk"
    assert run_cli("import", str(zpath), "-o", str(out)).returncode == 0
    assert not stale.exists()
    assert not [p for p in base.iterdir() if p.name.startswith("dossier-")
                and p.name.split("-")[1] == str(os.getpid())]


# --- special files --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_in_a_dossier_is_skipped_not_opened(tmp_path):
    from tests.conftest import EXAMPLES

    folder = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", folder)
    os.mkfifo(folder / "evidence" / "pipe")
    out = tmp_path / "x.veridesk"
    result = run_cli("import", str(folder), "-o", str(out), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "evidence/pipe: not a regular file" in result.stderr
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM evidence WHERE path LIKE '%pipe'").fetchone() == (0,)


# --- damaged engagement files ---------------------------------------------------------


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> dict[str, Path]:
    from tests.conftest import EXAMPLES

    folder = tmp_path_factory.mktemp("damaged")
    good = folder / "good.veridesk"
    import_dossier(EXAMPLES / "neutral-steel", good)
    conn = sqlite3.connect(good)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = good.read_bytes()
    files = {"good": good}

    def write(name: str, content: bytes) -> None:
        files[name] = folder / f"{name}.veridesk"
        files[name].write_bytes(content)

    write("zeroed-page", data[: 4 * page] + b"\0" * page + data[5 * page :])
    flipped = bytearray(data)
    inventory_root = _root_page(good, "inventory")
    for i in range((inventory_root - 1) * page, (inventory_root - 1) * page + 40, 3):
        flipped[i] ^= 0xFF  # the b-tree page header and cell pointers of the inventory
    write("flipped-bytes", bytes(flipped))
    write("marker-only", data[:16])
    write("truncated", data[: len(data) // 2])
    for name, sql in (
        ("missing-row", "DELETE FROM engagement"),
        ("missing-table", "DROP TABLE inventory"),
    ):
        files[name] = folder / f"{name}.veridesk"
        shutil.copy(good, files[name])
        c = sqlite3.connect(files[name])
        for (trigger,) in c.execute("SELECT name FROM sqlite_master WHERE type='trigger'"):
            c.execute(f"DROP TRIGGER {trigger}")
        c.executescript(sql)
        c.commit()
        c.close()
    return files


def _root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        return conn.execute(query, (table,)).fetchone()[0]
    finally:
        conn.close()


BROKEN = ["zeroed-page", "flipped-bytes", "marker-only", "truncated", "missing-row",
          "missing-table"]


@pytest.mark.parametrize("name", BROKEN)
@pytest.mark.parametrize("command", ["check", "status", "verify", "export", "checklist"])
def test_damaged_file_every_command_exits_2(tmp_path, damaged, name, command):
    path = str(damaged[name])
    args = {
        "check": ["check", path],
        "status": ["status", path],
        "verify": ["verify", path],
        "export": ["export", path, "-o", str(tmp_path / "o.pdf")],
        "checklist": ["checklist", "export", path, "-o", str(tmp_path / "a.csv")],
    }[command]
    err = _refused(run_cli(*args))
    assert path in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o.pdf").exists() and not (tmp_path / "a.csv").exists()


def test_register_lists_the_good_and_reports_the_bad(damaged):
    folder = damaged["good"].parent
    result = run_cli("register", str(folder), "--json")
    assert result.returncode == 1
    import json

    entries = {Path(e["file"]).stem: e for e in json.loads(result.stdout)["engagements"]}
    assert entries["good"]["subject_id"] == "CN-WIRE-2024-01" and not entries["good"]["problem"]
    for name in BROKEN:
        assert entries[name]["problem"], name


# --- debris ---------------------------------------------------------------------------


def test_partials_of_dead_writers_are_removed_and_live_ones_kept(tmp_path):
    out = tmp_path / "opinion.pdf"
    dead = partial_path(out, _dead_pid())
    dead.write_bytes(b"half")
    side = Path(f"{partial_path(out, _dead_pid())}.part2")
    side.write_bytes(b"half")
    legacy = out.with_name(f".{out.name}.partial")
    legacy.write_bytes(b"old layout")
    live = partial_path(out, os.getppid())
    live.write_bytes(b"someone else is writing")
    other = partial_path(tmp_path / "other.pdf", _dead_pid())
    other.write_bytes(b"another target")
    removed = remove_stale_partials(out)
    assert set(removed) == {dead, side, legacy}
    assert live.exists() and other.exists()
    write_atomically(out, b"%PDF")
    assert out.read_bytes() == b"%PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.name, live.name, other.name]
    )


def test_export_leaves_no_partial_when_it_fails(tmp_path, monkeypatch):
    out = tmp_path / "o.pdf"

    def fail(*_a, **_k):
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomically(out, b"%PDF")
    assert list(tmp_path.iterdir()) == []


def test_zero_reported_total_exports_without_calling_it_immaterial(tmp_path):
    from tests.conftest import EXAMPLES, pdf_text

    folder = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", folder)
    manifest = folder / "dossier.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(
        text.replace("reported_emissions_tco2e = 268.80", "reported_emissions_tco2e = 0"),
        encoding="utf-8",
    )
    eng, pdf = tmp_path / "x.veridesk", tmp_path / "x.pdf"
    assert run_cli("import", str(folder), "-o", str(eng)).returncode == 0
    result = run_cli("export", str(eng), "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    flat = " ".join(pdf_text(pdf).split())
    assert "not weighed" in flat and "below the threshold: not material" not in flat
