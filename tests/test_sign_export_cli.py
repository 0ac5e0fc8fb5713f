"""The whole path on the command line: answer, team, opinion, sign twice, export, verify."""

from __future__ import annotations

import csv
import json

import pytest

from tests.conftest import pdf_text, run_cli

ENV = {"VERIDESK_PASSWORD": "s3cret"}


def _ok(*args, env=None):
    result = run_cli(*args, env={**ENV, **(env or {})})
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def _answer_all(tmp_path, eng):
    sheet = tmp_path / "answers.csv"
    _ok("checklist", "export", str(eng), "-o", str(sheet))
    rows = list(csv.reader(sheet.open(encoding="utf-8-sig")))
    checks = json.loads(run_cli("check", str(eng), "--json").stdout)
    failing = {c["code"] for c in checks["checks"] if c["status"] == "fail"}
    assert not failing
    col = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        row[col["response"]] = "conforms"
        row[col["note"]] = "checked during the site visit"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    _ok("checklist", "import", str(eng), str(sheet), "--as", "Lin Mei-Hua")


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    _ok("keygen", "--name", "Lin Mei-Hua", "--org", "Formosa Verification", "-o",
        str(folder / "lin.p12"))
    _ok("keygen", "--name", "Wang Da-Wei", "--key-type", "ec", "-o", str(folder / "wang.p12"))
    return folder


@pytest.mark.parametrize("example", ["neutral-steel", "led-retrofit"])
def test_whole_path(tmp_path, examples, keys, example):
    eng = tmp_path / f"{example}.veridesk"
    lin = {"VERIDESK_USER": "Lin Mei-Hua"}
    _ok("import", str(examples / example), "-o", str(eng), env=lin)
    _answer_all(tmp_path, eng)
    _ok("team", str(eng), "--name", "Lin Mei-Hua", "--role", "lead", "--org",
        "Formosa Verification", "--declare-impartial", env=lin)
    _ok("team", str(eng), "--name", "Wang Da-Wei", "--role", "reviewer", "--declare-impartial",
        env=lin)
    status = json.loads(run_cli("status", str(eng), "--json").stdout)
    if example == "led-retrofit":  # the recalculation differs: a proposed misstatement
        gate = {g["rule"]: g for g in status["gate"]}
        assert not gate["differences_evaluated"]["ok"]
        assert "+44.18 tCO2e" in gate["differences_evaluated"]["detail"]
        assert status["opinion"]["suggested"] == "modified"
        _ok("misstatement", "add", str(eng), "--tco2e", "44.18", "--source", "result",
            "--description", "ER overstated by the grid factor's rounding", env=lin)
        status = json.loads(run_cli("status", str(eng), "--json").stdout)
    suggested = status["opinion"]["suggested"]
    assert suggested == "unmodified"
    _ok("opinion", str(eng), "--kind", suggested, env=lin)
    assert json.loads(run_cli("status", str(eng), "--json").stdout)["ready_to_sign"]

    # signing without the declaration is refused
    refused = run_cli("sign", str(eng), "--key", str(keys / "lin.p12"), "--role", "lead",
                      "--meaning", "approved opinion", env=ENV)
    assert refused.returncode == 2 and "conflict of interest" in refused.stderr
    wrong = run_cli("sign", str(eng), "--key", str(keys / "lin.p12"), "--role", "lead",
                    "--meaning", "x", "--declare-impartial", env={"VERIDESK_PASSWORD": "nope"})
    assert wrong.returncode == 2 and "wrong password" in wrong.stderr
    _ok("sign", str(eng), "--key", str(keys / "lin.p12"), "--role", "lead", "--meaning",
        "approved opinion", "--declare-impartial")
    _ok("sign", str(eng), "--key", str(keys / "wang.p12"), "--role", "reviewer", "--meaning",
        "reviewed", "--declare-impartial")
    locked = run_cli("team", str(eng), "--name", "Late", "--role", "verifier")
    assert locked.returncode == 2 and "signed and locked" in locked.stderr

    pdf = tmp_path / "opinion.pdf"
    _ok("export", str(eng), "-o", str(pdf), "--lang", "zh-TW", "--sign", str(keys / "lin.p12"))
    assert run_cli("export", str(eng), "-o", str(pdf)).returncode == 2  # no overwrite
    text = pdf_text(pdf)
    title_zh = {"neutral-steel": "碳中和線材首批", "led-retrofit": "三廠區 LED 燈具汰換"}[example]
    assert title_zh in text.replace("\n", "")
    assert "無保留意見" in text  # the unmodified opinion, in Chinese
    assert "草稿" not in text  # signed: no DRAFT mark
    v = _ok("verify", str(eng))
    assert "✔ verified" in v.stdout
    v = _ok("verify", str(pdf), "--engagement", str(eng))
    assert "fingerprint matches" in v.stdout

    # one byte of the PDF changed: the signature no longer holds
    data = bytearray(pdf.read_bytes())
    i = data.find(b"/Producer")
    data[i + 2] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    result = run_cli("verify", str(broken))
    assert result.returncode == 1 and "✘" in result.stdout

    # the register lists it
    reg = json.loads(_ok("register", str(tmp_path), "--json").stdout)
    entry = next(e for e in reg["engagements"] if e["file"].endswith(eng.name))
    assert entry["state"] == "signed" and "Wang Da-Wei (reviewer)" in entry["signers"]


def test_draft_export_has_draft_mark(tmp_path, examples):
    eng = tmp_path / "d.veridesk"
    _ok("import", str(examples / "neutral-steel"), "-o", str(eng))
    pdf = tmp_path / "draft.pdf"
    _ok("export", str(eng), "-o", str(pdf), "--lang", "en")
    text = pdf_text(pdf)
    assert "DRAFT" in text and "Carbon-neutral wire rod" in text
    v = run_cli("verify", str(pdf))
    assert v.returncode == 1 and "not signed" in v.stdout
