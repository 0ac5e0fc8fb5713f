"""``veridesk finding|misstatement|evidence``: what the GUI records, the CLI records too."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest

from desktop import cli
from desktop.i18n import set_language
from tests.conftest import EXAMPLES, run_cli

ITEM = "iso14064-3-verification:ISO 14064-3 §5.1.2"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    eng = tmp_path_factory.mktemp("imported") / "steel.veridesk"
    done = run_cli("import", str(EXAMPLES / "neutral-steel"), "-o", str(eng))
    assert done.returncode == 0, done.stderr
    return eng


@pytest.fixture
def eng(tmp_path, imported):
    """A fresh copy of the imported engagement for each test."""
    copy = tmp_path / "steel.veridesk"
    shutil.copyfile(imported, copy)
    return copy


@pytest.fixture(autouse=True)
def _english():
    yield
    set_language(None)  # ``--lang`` in-process sets the language for the process


def audit_rows(path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        sql = "SELECT actor, action, entity, entity_key FROM audit ORDER BY id"
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def ok(capsys, *argv: str) -> str:
    """Run the CLI in-process; it must succeed. Returns its stdout."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, (argv, out, err)
    return out


def changes(capsys, path, *argv: str) -> str:
    """Run a command that changes the engagement: it must add exactly one audit row."""
    before = len(audit_rows(path))
    out = ok(capsys, *argv)
    assert len(audit_rows(path)) == before + 1, argv
    return out


def test_finding_life_cycle(capsys, eng):
    e = str(eng)
    out = changes(capsys, eng, "finding", "raise", e, "--type", "CL", "--title",
                  "March gas invoice missing", "--item", ITEM, "--description", "no invoice")
    assert out.splitlines()[0] == "CL-01"
    changes(capsys, eng, "finding", "respond", e, "CL-01", "--text", "invoice attached")
    changes(capsys, eng, "finding", "assess", e, "CL-01", "--reject", "--text", "wrong month")
    changes(capsys, eng, "finding", "respond", e, "cl-01", "--text", "the March invoice")
    out = changes(capsys, eng, "finding", "assess", e, "CL-01", "--accept", "--text", "matches",
                  "--as", "Lin Mei-Hua")
    assert "closed" in out

    assert changes(capsys, eng, "finding", "raise", e, "--type", "CL", "--title",
                   "Emission factor source").splitlines()[0] == "CL-02"
    out = changes(capsys, eng, "finding", "escalate", e, "CL-02", "--reason", "outdated factor")
    assert out.splitlines()[0] == "CAR-01"
    assert ok(capsys, "finding", "raise", e, "--type", "far", "--title",
              "Meter calibration next year").splitlines()[0] == "FAR-01"

    data = json.loads(ok(capsys, "finding", "list", e, "--json"))
    assert data["format"] == "veridesk-findings/1"
    by = {f["number"]: f for f in data["findings"]}
    assert list(by) == ["CL-01", "CAR-01", "FAR-01"]
    cl = by["CL-01"]
    assert (cl["type"], cl["state"], cl["title"]) == ("CL", "closed", "March gas invoice missing")
    assert cl["item"] == {"checklist": "iso14064-3-verification", "ref": "ISO 14064-3 §5.1.2"}
    assert [(r["n"], r["client_response"], r["accepted"]) for r in cl["rounds"]] == [
        (1, "invoice attached", False),
        (2, "the March invoice", True),
    ]
    assert cl["rounds"][1]["assessed_by"] == "Lin Mei-Hua"
    car = by["CAR-01"]
    assert (car["type"], car["state"], car["escalated_from"], car["item"]) == (
        "CAR", "open", "CL-02", None)
    assert (by["FAR-01"]["type"], by["FAR-01"]["state"], by["FAR-01"]["rounds"]) == (
        "FAR", "open", [])

    actions = [(a[1], a[3]) for a in audit_rows(eng) if a[2] == "finding"]
    assert actions == [
        ("raise", "CL-01"), ("client-response", "CL-01"), ("assess", "CL-01"),
        ("client-response", "CL-01"), ("assess", "CL-01"), ("raise", "CL-02"),
        ("escalate", "CL-02"), ("raise", "FAR-01"),
    ]
    assert ("Lin Mei-Hua", "assess") in {(a[0], a[1]) for a in audit_rows(eng)}

    table = ok(capsys, "finding", "list", e)
    assert "CL-01" in table and "closed" in table and "CAR-01" in table
    assert "CL 0 open / 1 closed" in table
    zh = ok(capsys, "--lang", "zh-TW", "finding", "list", e)
    assert "已結案" in zh and "編號" in zh


def test_misstatements(capsys, eng):
    e = str(eng)
    ok(capsys, "finding", "raise", e, "--type", "CAR", "--title", "Diesel double counted")
    out = changes(capsys, eng, "misstatement", "add", e, "--tco2e", "-2.5", "--description",
                  "Forklift diesel counted twice", "--finding", "CAR-01", "--source", "S03")
    assert out.splitlines()[0] == "#1"
    changes(capsys, eng, "misstatement", "add", e, "--tco2e", "1.25", "--description",
            "Rounding", "--as", "Wang Da-Wei")
    data = json.loads(ok(capsys, "misstatement", "list", e, "--json"))
    assert data["format"] == "veridesk-misstatements/1"
    first, second = data["misstatements"]
    assert (first["id"], first["tco2e"], first["finding"], first["source"]) == (
        1, -2.5, "CAR-01", "S03")
    assert first["description"] == "Forklift diesel counted twice"
    assert (second["tco2e"], second["finding"], second["source"], second["recorded_by"]) == (
        1.25, None, None, "Wang Da-Wei")
    assert data["aggregate_tco2e"] == pytest.approx(3.75)
    assert [a[1:3] for a in audit_rows(eng)][-2:] == [("record", "misstatement")] * 2

    table = ok(capsys, "misstatement", "list", e)
    assert "-2.5000" in table and "S03" in table and "3.7500" in table

    changes(capsys, eng, "misstatement", "remove", e, "#2")
    data = json.loads(ok(capsys, "misstatement", "list", e, "--json"))
    assert [m["id"] for m in data["misstatements"]] == [1]


def test_evidence(capsys, eng, tmp_path):
    e = str(eng)
    photo = tmp_path / "meter photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg " * 100)
    out = changes(capsys, eng, "evidence", "add", e, str(photo), "--note", "gas meter, March")
    assert out.splitlines()[0] == "evidence/meter photo.jpg"

    data = json.loads(ok(capsys, "evidence", "list", e, "--json"))
    assert data["format"] == "veridesk-evidence/1"
    by = {x["path"]: x for x in data["evidence"]}
    added = by["evidence/meter photo.jpg"]
    assert added["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert added["size"] == photo.stat().st_size
    assert added["media_type"] == "image/jpeg"
    assert added["note"] == "gas meter, March"
    assert by["evidence/README.txt"]["note"] is None  # from the import

    conn = sqlite3.connect(f"file:{eng}?mode=ro", uri=True)
    stored = conn.execute("SELECT data FROM evidence WHERE path = 'evidence/meter photo.jpg'")
    assert bytes(stored.fetchone()[0]) == photo.read_bytes()
    conn.close()
    assert audit_rows(eng)[-1][1:] == ("add", "evidence", "evidence/meter photo.jpg")

    # the same name again is refused, and nothing is written
    before = len(audit_rows(eng))
    assert cli.main(["evidence", "add", e, str(photo)]) == 2
    assert "already holds 'evidence/meter photo.jpg'" in capsys.readouterr().err
    assert len(audit_rows(eng)) == before

    table = ok(capsys, "evidence", "list", e)
    assert "meter photo.jpg" in table and "gas meter, March" in table
    # evidence added after the import is a recorded change, not tampering
    verified = run_cli("verify", e)
    assert verified.returncode == 0, verified.stdout + verified.stderr


def _one_line_exit_2(result, *needles: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


@pytest.fixture(scope="module")
def with_finding(imported, tmp_path_factory):
    eng = tmp_path_factory.mktemp("bad") / "steel.veridesk"
    shutil.copyfile(imported, eng)
    done = run_cli("finding", "raise", str(eng), "--type", "CAR", "--title", "t")
    assert done.returncode == 0, done.stderr
    return eng


@pytest.mark.parametrize(
    ("argv", "needles"),
    [
        (["finding", "respond", "{e}", "CL-07", "--text", "x"], ["CL-07"]),
        (["finding", "assess", "{e}", "CL-07", "--accept", "--text", "x"], ["CL-07"]),
        (["finding", "escalate", "{e}", "CL-07", "--reason", "x"], ["CL-07"]),
        (["finding", "escalate", "{e}", "CAR-01", "--reason", "x"], ["only a CL", "CAR-01"]),
        (["finding", "assess", "{e}", "CAR-01", "--reject", "--text", "x"], ["no client response"]),
        (["finding", "raise", "{e}", "--type", "CL", "--title", "t", "--item",
          "iso14064-3-verification:§99"], ["iso14064-3-verification", "§99"]),
        (["finding", "raise", "{e}", "--type", "CL", "--title", "t", "--item", "nowhere"],
         ["nowhere", "CHECKLIST:REF"]),
        (["finding", "raise", "{e}", "--type", "CL", "--title", "  "], ["--title"]),
        (["misstatement", "add", "{e}", "--tco2e", "nan", "--description", "d"],
         ["--tco2e", "nan", "finite"]),
        (["misstatement", "add", "{e}", "--tco2e", "inf", "--description", "d"], ["finite"]),
        (["misstatement", "add", "{e}", "--tco2e=-Infinity", "--description", "d"], ["finite"]),
        (["misstatement", "add", "{e}", "--tco2e", "lots", "--description", "d"],
         ["not a number"]),
        (["misstatement", "add", "{e}", "--tco2e", "1", "--description", "d", "--finding",
          "CL-07"], ["CL-07"]),
        (["misstatement", "add", "{e}", "--tco2e", "1", "--description", "d", "--source",
          "S99"], ["S99"]),
        (["misstatement", "remove", "{e}", "7"], ["7"]),
        (["evidence", "add", "{e}", "{missing}"], ["missing.pdf", "no such file"]),
        (["evidence", "add", "{e}", "{folder}"], ["is a folder"]),
        (["finding", "list", "{missing}"], ["missing.pdf"]),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, with_finding, argv, needles):
    before = audit_rows(with_finding)
    values = {"e": str(with_finding), "missing": str(tmp_path / "missing.pdf"),
              "folder": str(tmp_path)}
    _one_line_exit_2(run_cli(*[a.format(**values) for a in argv]), *needles)
    assert audit_rows(with_finding) == before  # nothing was written


def test_special_file_is_not_evidence(tmp_path, with_finding):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    _one_line_exit_2(run_cli("evidence", "add", str(with_finding), str(fifo), timeout=30),
                     "not a regular file")


def test_messages_in_chinese(with_finding):
    line = _one_line_exit_2(
        run_cli("--lang", "zh-TW", "finding", "respond", str(with_finding), "CL-07", "--text", "x")
    )
    assert "沒有發現事項 CL-07" in line
