"""The controls around signing hold: who may sign, what verify notices, what is never replaced.

Each test here failed on the code before these controls existed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import stat

import pytest

from desktop import signoff
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.errors import MessageError
from desktop.report.identity import make_identity
from desktop.signing import sign, verify_engagement, withdraw_lead
from desktop.store.db import open_file
from desktop.store.lock import WriteLock
from tests.conftest import run_cli
from tests.identities import make
from tests.test_signing import LEAD, REVIEWER, ready_engagement

ENV = {"VERIDESK_PASSWORD": "s3cret"}


def _sign_lead(eng, results, identity=LEAD):
    return sign(eng, identity, "lead", "approved opinion", declare_impartial=True,
                results=results)


def _sign_reviewer(eng, results, identity=REVIEWER):
    return sign(eng, identity, "reviewer", "reviewed", declare_impartial=True, results=results)


def _signed_file(tmp_path, examples, name="e.veridesk"):
    path = tmp_path / name
    eng, results = ready_engagement(path, examples)
    _sign_lead(eng, results)
    _sign_reviewer(eng, results)
    eng.close()
    return path


def _problems(path) -> list[str]:
    with open_file(path) as eng:
        return verify_engagement(eng.conn).problems


def _drop_triggers(conn: sqlite3.Connection) -> None:
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
        conn.execute(f"DROP TRIGGER {name}")


# --- who may sign -----------------------------------------------------------------------


def test_reviewers_key_cannot_sign_as_lead(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    with pytest.raises(MessageError, match="only the lead's own certificate"):
        _sign_lead(eng, results, REVIEWER)
    assert verify_engagement(eng.conn).signatures == []
    _sign_lead(eng, results)  # the real lead can, and then the reviewer
    _sign_reviewer(eng, results)
    eng.close()


def test_a_strangers_key_cannot_sign(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    with pytest.raises(MessageError, match="Somebody Else's"):
        _sign_lead(eng, results, make("Somebody Else"))
    eng.close()


def test_printed_name_is_never_an_argument():
    from desktop.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(
            ["sign", "f", "--key", "k", "--role", "lead", "--meaning", "m", "--name", "X"]
        )


@pytest.mark.parametrize(
    "alias", ["Ｌｉｎ Ｍｅｉ－Ｈｕａ", "Lin Mei\u2011Hua", "Lin Mei-Hua\u200b", "lin mei-hua"]
)
def test_a_second_key_in_the_leads_name_cannot_sign_as_reviewer(tmp_path, examples, alias):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    _sign_lead(eng, results)
    with pytest.raises(MessageError, match="reviewer's own certificate"):
        _sign_reviewer(eng, results, make(alias))
    eng.close()


@pytest.mark.parametrize("alias", ["lin mei-hua", "Ｌｉｎ Ｍｅｉ－Ｈｕａ", "Lin Mei Hua\u200b"])
def test_gate_sees_through_name_variants(tmp_path, examples, alias):
    eng, _ = ready_engagement(tmp_path / "e.veridesk", examples)
    eng.conn.execute("DELETE FROM team_member WHERE role = 'reviewer'")
    signoff.add_member(eng, alias, "reviewer", declare_impartial=True, actor="Lin Mei-Hua")
    gate = {g.rule: g for g in signoff.status(eng.conn, run_engagement_checks(eng.conn)).gate}
    assert not gate["reviewer_independent"].ok
    eng.close()


def test_lead_is_bound_to_the_first_certificate(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    _sign_lead(eng, results)
    withdraw_lead(eng, "the reviewer asked for the meter records", actor="Lin Mei-Hua")
    with pytest.raises(MessageError, match="bound to another certificate"):
        _sign_lead(eng, results, make("Lin Mei-Hua"))  # same name, another key
    _sign_lead(eng, results)
    eng.close()


def test_one_certificate_one_role(tmp_path, examples):
    eng, _results = ready_engagement(tmp_path / "e.veridesk", examples)
    eng.conn.execute("DELETE FROM team_member")
    signoff.add_member(eng, "Lin Mei-Hua", "lead", declare_impartial=True,
                       actor="Lin Mei-Hua", certificate=LEAD.cert)
    with pytest.raises(MessageError, match="is Lin Mei-Hua's, not Wang Da-Wei's"):
        signoff.add_member(eng, "Wang Da-Wei", "reviewer", certificate=LEAD.cert)
    with pytest.raises(MessageError, match="one certificate serves one role"):
        signoff.add_member(eng, "Lin Mei-Hua", "verifier", certificate=LEAD.cert)
    eng.close()


@pytest.mark.parametrize(
    ("identity", "message"),
    [
        (make("Lin Mei-Hua", valid_from=dt.timedelta(days=-400), valid_for=dt.timedelta(days=365)),
         "expired"),
        (make("Lin Mei-Hua", valid_from=dt.timedelta(days=2)), "not valid before"),
        (make("Lin Mei-Hua", signing=False), "not for digital signatures"),
    ],
    ids=["expired", "not-yet-valid", "no-digital-signature"],
)
def test_invalid_certificates_sign_neither_engagement_nor_pdf(tmp_path, examples, identity,
                                                              message):
    from desktop.report.pades import sign_pdf

    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    with pytest.raises(MessageError, match=message):
        _sign_lead(eng, results, identity)
    eng.close()
    with pytest.raises(MessageError, match=message):
        sign_pdf(b"%PDF-1.4", identity, reason="approved opinion")


# --- what verify notices ---------------------------------------------------------------


def test_signoff_undone_with_sqlite3_fails_verify(tmp_path, examples):
    path = _signed_file(tmp_path, examples)
    conn = sqlite3.connect(path)
    _drop_triggers(conn)
    first_sign = conn.execute("SELECT min(id) FROM audit WHERE action IN ('bind', 'sign')"
                              ).fetchone()[0]
    conn.execute("DELETE FROM signature")
    conn.execute("UPDATE engagement SET state = 'draft'")
    conn.execute("DELETE FROM audit WHERE id >= ?", (first_sign,))
    conn.execute("UPDATE team_member SET cert_sha256 = NULL, cert_subject = NULL")
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert any("signing journal records the lead" in p for p in problems), problems
    assert any("audit rows were cut from the end" in p for p in problems), problems
    result = run_cli("verify", str(path))
    assert result.returncode == 1 and "✔ verified" not in result.stdout


def test_deleted_signature_rows_fail_verify(tmp_path, examples):
    path = _signed_file(tmp_path, examples)
    conn = sqlite3.connect(path)
    _drop_triggers(conn)
    conn.execute("DELETE FROM signature WHERE role = 'reviewer'")
    conn.execute("UPDATE engagement SET state = 'review'")
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert any("reviewer's signature recorded in audit row" in p for p in problems), problems
    assert any("state is 'review'" in p for p in problems), problems


def test_rewritten_and_rechained_audit_fails_verify(tmp_path, examples):
    from desktop.store.audit import GENESIS, _row_hash

    path = _signed_file(tmp_path, examples)
    conn = sqlite3.connect(path)
    _drop_triggers(conn)
    conn.execute("UPDATE audit SET actor = 'Someone Else' WHERE id = 2")
    prev = GENESIS
    rows = conn.execute("SELECT id, at, actor, action, entity, entity_key, old, new FROM audit "
                        "ORDER BY id").fetchall()
    for row in rows:  # recompute the whole chain, as a careful forger would
        digest = _row_hash(prev, list(row))
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?",
                     (prev, digest, row[0]))
        prev = digest
    conn.commit()
    conn.close()
    problems = _problems(path)
    assert any("audit trail it signed" in p and "rewritten" in p for p in problems), problems


def test_the_lead_only_copy_fails_verify(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    eng, results = ready_engagement(path, examples)
    _sign_lead(eng, results)
    eng.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, tmp_path / "lead-only.veridesk")
    _sign_reviewer(eng, results)
    eng.close()
    assert _problems(path) == []
    problems = _problems(tmp_path / "lead-only.veridesk")
    assert any("reviewer's signature" in p and "does not hold" in p for p in problems), problems


def test_pdf_needs_the_engagements_signatures(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    eng, results = ready_engagement(path, examples)
    _sign_lead(eng, results)
    eng.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    eng.close()
    unsigned = tmp_path / "unsigned.veridesk"
    shutil.copy(path, unsigned)
    with open_file(path, write=True) as eng:
        _sign_reviewer(eng, run_engagement_checks(eng.conn))
    key = tmp_path / "lin.p12"
    key.write_bytes(make_identity("Lin Mei-Hua", None, b"s3cret"))
    pdf = tmp_path / "opinion.pdf"
    done = run_cli("export", str(path), "-o", str(pdf), env=ENV)
    assert done.returncode == 0, done.stderr
    result = run_cli("verify", str(pdf), "--engagement", str(unsigned))
    assert result.returncode == 1 and "✔ verified" not in result.stdout


def test_edit_before_signing_is_named_by_source_id(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    assert run_cli("verify", str(path)).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE inventory SET tco2e = 1.0 WHERE source_id = 'S03'")
    conn.execute("UPDATE credits SET quantity = 300 WHERE row_no = 2")
    conn.commit()
    conn.close()
    result = run_cli("verify", str(path))
    assert result.returncode == 1
    assert "inventory S03: changed" in result.stdout
    assert "credits TW-2-1-030172798-030173019-00-00-A0000070 (row 2): changed" in result.stdout


def test_replaced_evidence_is_named(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    conn = sqlite3.connect(path)
    _drop_triggers(conn)
    conn.execute("UPDATE evidence SET data = X'00', sha256 = ? WHERE path = 'evidence/README.txt'",
                 ("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",))
    conn.commit()
    conn.close()
    result = run_cli("verify", str(path))
    assert result.returncode == 1
    assert "evidence/README.txt: not the file received" in result.stdout


# --- what is never replaced or overwritten ------------------------------------------


def test_import_force_never_replaces_a_signed_engagement(tmp_path, examples):
    path = _signed_file(tmp_path, examples)
    before = path.read_bytes()
    result = run_cli("import", str(examples / "neutral-steel"), "-o", str(path), "--force")
    assert result.returncode == 2 and "never replaced" in result.stderr
    assert path.read_bytes() == before
    assert _problems(path) == []


def test_import_force_keeps_a_dated_copy_of_a_draft(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    with open_file(path, write=True) as eng:
        signoff.add_member(eng, "Lin Mei-Hua", "lead")
    result = run_cli("import", str(examples / "neutral-steel"), "-o", str(path), "--force")
    assert result.returncode == 0, result.stderr
    copies = list(tmp_path.glob("e.replaced-*.veridesk"))
    assert len(copies) == 1 and str(copies[0]) in result.stderr
    conn = sqlite3.connect(copies[0])
    assert conn.execute("SELECT name FROM team_member").fetchall() == [("Lin Mei-Hua",)]


def test_import_force_waits_for_the_write_lock(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    with WriteLock(path):
        result = run_cli("import", str(examples / "neutral-steel"), "-o", str(path), "--force")
    assert result.returncode == 2 and "open for writing" in result.stderr
    assert not list(tmp_path.glob("*.replaced-*"))


@pytest.mark.parametrize("command", ["export", "checklist", "keygen"])
def test_no_output_over_an_engagement_file(tmp_path, examples, command):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    target = tmp_path / "other.veridesk"
    shutil.copy(path, target)
    before = target.read_bytes()
    args = {
        "export": ["export", str(path), "-o", str(target), "--force"],
        "checklist": ["checklist", "export", str(path), "-o", str(target), "--force"],
        "keygen": ["keygen", "--name", "Lin", "-o", str(target), "--force"],
    }[command]
    result = run_cli(*args, env=ENV)
    assert result.returncode == 2 and "is an engagement file" in result.stderr
    assert target.read_bytes() == before


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_key_files_are_private(tmp_path):
    key = tmp_path / "lin.p12"
    result = run_cli("keygen", "--name", "Lin Mei-Hua", "-o", str(key), env=ENV)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "s3cret" not in result.stdout + result.stderr


# --- status and withdraw on the command line ----------------------------------------


def test_status_exit_codes_and_signed(tmp_path, examples):
    draft = tmp_path / "d.veridesk"
    import_dossier(examples / "neutral-steel", draft)
    result = run_cli("status", str(draft))
    assert result.returncode == 1 and "not ready to sign" in result.stdout
    path = _signed_file(tmp_path, examples)
    result = run_cli("status", str(path))
    assert result.returncode == 0, result.stdout
    assert "signed and locked" in result.stdout and "not ready" not in result.stdout
    assert "author in the audit trail" not in result.stdout
    data = json.loads(run_cli("status", str(path), "--json").stdout)
    assert data["state"] == "signed"


def test_withdraw_on_the_command_line(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    eng, _results = ready_engagement(path, examples)
    eng.close()
    result = run_cli("withdraw", str(path), "--role", "lead", "--reason", "r")
    assert result.returncode == 2 and "no lead signature" in result.stderr
    with open_file(path, write=True) as eng:
        _sign_lead(eng, run_engagement_checks(eng.conn))
    result = run_cli("withdraw", str(path), "--role", "lead", "--reason",
                     "the reviewer asked for the gas invoices", "--as", "Wang Da-Wei")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT state FROM engagement").fetchone() == ("draft",)
    row = conn.execute("SELECT actor, new FROM audit WHERE action = 'withdraw'").fetchone()
    assert row[0] == "Wang Da-Wei" and "gas invoices" in row[1]
    assert _problems(path) == []


# --- tables from outside the dossier ------------------------------------------------


@pytest.mark.parametrize("kind", ["absolute", "parent", "symlink"])
def test_tables_from_outside_the_dossier_are_refused(tmp_path, examples, kind):
    folder = tmp_path / "d"
    shutil.copytree(examples / "neutral-steel", folder)
    outside = tmp_path / "other-client.csv"
    shutil.move(folder / "inventory.csv", outside)
    manifest = folder / "dossier.toml"
    if kind == "symlink":
        (folder / "inventory.csv").symlink_to(outside)
    else:
        ref = str(outside) if kind == "absolute" else "../other-client.csv"
        manifest.write_text(manifest.read_text(encoding="utf-8")
                            + f'\n[tables]\ninventory = "{ref}"\n', encoding="utf-8")
    out = tmp_path / "x.veridesk"
    result = run_cli("import", str(folder), "-o", str(out))
    assert result.returncode == 2, result.stdout
    assert ("outside the dossier" in result.stderr or "symbolic link" in result.stderr)
    assert not out.exists()


def test_register_csv_holds_no_formula(tmp_path, examples):
    import csv

    folder = tmp_path / "d"
    shutil.copytree(examples / "neutral-steel", folder)
    manifest = folder / "dossier.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('title = "Carbon-neutral', 'title = "=HYPERLINK(1)', 1)
                        .replace('id = "CN-WIRE-2024-01"', 'id = "@SUM(A1)"'), encoding="utf-8")
    out = tmp_path / "reg"
    out.mkdir()
    assert run_cli("import", str(folder), "-o", str(out / "x.veridesk")).returncode == 0
    result = run_cli("register", str(out), "--csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows[0]["subject_id"] == "'@SUM(A1)" and rows[0]["title"].startswith("'=")


def test_big_tables_are_sealed_by_pages_and_edits_named_by_rows(tmp_path):
    from desktop import findings
    from desktop.fingerprint import seal_imported
    from tests.dossiers import VERIFICATION, make_dossier

    lines = ["parameter,period,value,unit,meter_id"]
    lines += [f"EG,2024-{1 + i % 12:02d},{i * 0.5:.1f},MWh,M-{i % 7}" for i in range(12_000)]
    folder = make_dossier(tmp_path / "d", VERIFICATION, {"monitoring.csv": "\n".join(lines)})
    path = tmp_path / "big.veridesk"
    import_dossier(folder, path)
    with open_file(path, write=True) as eng:
        sealed = seal_imported(eng.conn)
        assert sealed.sections["monitoring"].method == "pages"
        findings.raise_finding(eng, "CL", "meter M-3 readings", actor="Lin Mei-Hua")
    assert _problems(path) == []  # other tables' writes leave the table's pages alone
    conn = sqlite3.connect(path)
    conn.execute("UPDATE monitoring SET value = value + 1 WHERE row_no = 9000")
    conn.commit()
    conn.close()
    problems = _problems(path)
    changed = [p for p in problems if "monitoring row" in p and "changed" in p]
    assert changed, problems
    first, last = (int(x) for x in
                   changed[0].split("monitoring row ")[1].split(":")[0].split("–row "))
    assert first <= 9000 <= last and last - first < 2000
