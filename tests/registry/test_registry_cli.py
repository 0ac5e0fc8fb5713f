"""``veridesk registry add|list`` and registry exports in a dossier's ``registry/`` folder."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop import cli
from desktop.i18n import set_language
from tests.conftest import EXAMPLES, run_cli

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"
TW = DATA / "tw-moenv-retirements.csv"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    eng = tmp_path_factory.mktemp("imported") / "steel.veridesk"
    done = run_cli("import", str(EXAMPLES / "neutral-steel"), "-o", str(eng))
    assert done.returncode == 0, done.stderr
    return eng


@pytest.fixture
def eng(tmp_path, imported):
    copy = tmp_path / "steel.veridesk"
    shutil.copyfile(imported, copy)
    return copy


@pytest.fixture(autouse=True)
def _english():
    yield
    set_language(None)


def audit(path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT action, entity, entity_key, new FROM audit ORDER BY id"
                            ).fetchall()
    finally:
        conn.close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def checks(capsys, path) -> dict[str, dict]:
    code, out, _err = run(capsys, "check", str(path), "--json")
    assert code in (0, 1)
    return {c["code"]: c for c in json.loads(out)["checks"]}


def test_add_an_export_to_an_existing_engagement(capsys, eng):
    before = checks(capsys, eng)
    assert before["credits.registry_match"]["status"] == "n/a"
    rows_before = len(audit(eng))
    code, out, err = run(capsys, "registry", "add", str(eng), str(TW), "--as", "Lin")
    assert code == 0, err
    digest = hashlib.sha256(TW.read_bytes()).hexdigest()
    assert "registry/tw-moenv-retirements.csv" in out and digest in out
    trail = audit(eng)
    assert len(trail) == rows_before + 1
    action, entity, key, new = trail[-1]
    assert (action, entity, key) == ("add", "registry_export", "registry/tw-moenv-retirements.csv")
    assert json.loads(new)["sha256"] == digest and json.loads(new)["records"] == 3
    code, out, _ = run(capsys, "evidence", "list", str(eng), "--json")
    stored = {e["path"]: e["sha256"] for e in json.loads(out)["evidence"]}
    assert stored["registry/tw-moenv-retirements.csv"] == digest
    after = checks(capsys, eng)
    match = after["credits.registry_match"]
    # neutral-steel declares no Chinese name: the 222 block is retired for "another" entity
    assert match["status"] == "fail"
    assert (match["figures"]["matched"], match["figures"]["foreign"]) == (1, 1)
    assert after["credits.sufficiency"]["figures"]["eligible_tco2e"] == 55
    code, out, _ = run(capsys, "registry", "list", str(eng), "--json")
    listing = json.loads(out)
    assert listing["exports"][0]["sha256"] == digest
    statuses = {b["serial"]: b["status"] for b in listing["blocks"]}
    assert sorted(statuses.values()) == ["foreign", "matched"]
    record = listing["blocks"][0]["records"][0]
    assert record["row"] == 2 and record["beneficiary"] == "範例鋼鐵股份有限公司"


def test_unrecognised_export_exit_2_nothing_written(capsys, eng, tmp_path):
    bad = tmp_path / "download.csv"
    bad.write_text("Serial,Amount\nX,1\n", encoding="utf-8")
    before = audit(eng)
    code, _out, err = run(capsys, "registry", "add", str(eng), str(bad))
    assert code == 2
    assert "download.csv" in err and "Serial, Amount" in err
    assert audit(eng) == before
    code, _out, err = run(capsys, "--lang", "zh-TW", "registry", "add", str(eng), str(bad))
    assert code == 2 and "不是可辨識的登錄處匯出檔" in err


def test_the_same_export_twice_is_refused(capsys, eng):
    assert run(capsys, "registry", "add", str(eng), str(TW))[0] == 0
    code, _out, err = run(capsys, "registry", "add", str(eng), str(TW))
    assert code == 2 and "already holds" in err


def test_a_signed_engagement_refuses_an_export(capsys, eng):
    conn = sqlite3.connect(eng)
    conn.execute("UPDATE engagement SET state = 'signed'")
    conn.commit()
    conn.close()
    before = audit(eng)
    code, _out, err = run(capsys, "registry", "add", str(eng), str(TW))
    assert code == 2 and "signed" in err
    assert audit(eng) == before


def test_dossier_with_registry_folder(capsys, tmp_path):
    out = tmp_path / "reg.veridesk"
    code, _o, err = run(capsys, "import", str(EXAMPLES / "neutral-steel-registry"), "-o", str(out))
    assert code == 0, err
    c = checks(capsys, out)
    f = c["credits.registry_match"]["figures"]
    assert (f["blocks"], f["matched"], f["partial"], f["not_found"], f["not_retired"],
            f["foreign"]) == (8, 4, 1, 1, 1, 1)
    assert len(f["exports"]) == 5
    assert c["credits.sufficiency"]["figures"]["eligible_tco2e"] == 222 + 55 + 1000 + 290 + 4000
    assert c["credits.corresponding_adjustment"]["status"] == "fail"
    conn = sqlite3.connect(out)
    roles = dict(conn.execute("SELECT path, role FROM source_files"))
    stored = {p for (p,) in conn.execute("SELECT path FROM evidence")}
    conn.close()
    assert roles["registry/verra-vcus.csv"] == "registry"
    assert "registry/gold-standard-credits.xlsx" in stored
    assert run(capsys, "verify", str(out))[0] == 0
    conn = sqlite3.connect(out)  # a swapped export is named by verify
    conn.execute("UPDATE evidence SET data = X'00', sha256 = ? WHERE path = ?",
                 (hashlib.sha256(b"\x00").hexdigest(), "registry/verra-vcus.csv"))
    conn.commit()
    conn.close()
    code, vout, _ = run(capsys, "verify", str(out))
    assert code == 1 and "registry/verra-vcus.csv: not the file received" in vout


def test_dossier_with_an_unreadable_export_is_refused(capsys, tmp_path):
    dossier = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel-registry", dossier)
    (dossier / "registry" / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "x.veridesk"
    code, _o, err = run(capsys, "import", str(dossier), "-o", str(out))
    assert code == 2 and "registry/notes.csv" in err
    assert not out.exists()
