"""Sign-off: lead then independent reviewer, the lock, and tamper-evident verification."""

from __future__ import annotations

import sqlite3

import pytest

from desktop import findings, signoff
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.errors import MessageError, ReadOnlyError
from desktop.signing import sign, verify_engagement, withdraw_lead
from desktop.store.db import open_file
from tests.identities import make
from tests.verifier_work import do_the_work

LEAD, REVIEWER = make("Lin Mei-Hua"), make("Wang Da-Wei", "rsa")


def ready_engagement(path, examples, name="neutral-steel"):
    """Import an example and do the work a verifier does before signing."""
    import_dossier(examples / name, path, actor="Lin Mei-Hua")
    eng = open_file(path, write=True)
    do_the_work(eng, "Lin Mei-Hua", note="seen during the site visit")
    signoff.add_member(eng, "Lin Mei-Hua", "lead", declare_impartial=True, actor="Lin Mei-Hua")
    signoff.add_member(eng, "Wang Da-Wei", "reviewer", declare_impartial=True,
                       actor="Lin Mei-Hua")
    if name == "led-retrofit":  # the 2 % overstatement is raised and closed
        f = findings.raise_finding(eng, "CL", "BE overstated by 44.18 t", actor="Lin Mei-Hua")
        findings.record_client_response(eng, f.number, "Corrected in MR v2",
                                        actor="Lin Mei-Hua")
        findings.assess(eng, f.number, True, "accepted", actor="Lin Mei-Hua")
        # the computed difference, evaluated: accepted as a misstatement (not material)
        findings.record_misstatement(eng, "ER overstated: grid factor rounding", 44.18,
                                     finding=f.number, source="result", actor="Lin Mei-Hua")
    results = run_engagement_checks(eng.conn)
    signoff.choose_opinion(eng, signoff.status(eng.conn, results).opinion.suggested.kind,
                           results=results, actor="Lin Mei-Hua")
    return eng, run_engagement_checks(eng.conn)


@pytest.mark.parametrize("example", ["neutral-steel", "led-retrofit"])
def test_full_path_lead_then_reviewer_then_locked(tmp_path, examples, example):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples, example)
    assert signoff.status(eng.conn, results).ready_to_sign
    with pytest.raises(MessageError, match="lead verifier signs first"):
        sign(eng, REVIEWER, "reviewer", "reviewed", declare_impartial=True, results=results)
    with pytest.raises(MessageError, match="conflict of interest"):
        sign(eng, LEAD, "lead", "approved opinion", declare_impartial=False, results=results)
    lead = sign(eng, LEAD, "lead", "approved opinion", declare_impartial=True, results=results)
    assert lead.printed_name == "Lin Mei-Hua" and len(lead.fingerprint) == 64
    # records are frozen while the reviewer looks
    with pytest.raises(ReadOnlyError, match="awaits the reviewer"):
        findings.raise_finding(eng, "CL", "late question")
    with pytest.raises(MessageError, match="reviewer's own certificate"):
        sign(eng, LEAD, "reviewer", "reviewed", declare_impartial=True, results=results)
    rev = sign(eng, REVIEWER, "reviewer", "reviewed", declare_impartial=True, results=results)
    assert rev.fingerprint == lead.fingerprint
    assert eng.conn.execute("SELECT state FROM engagement").fetchone()[0] == "signed"
    with pytest.raises(ReadOnlyError, match="signed and locked"):
        findings.record_misstatement(eng, "late", 1.0)
    v = verify_engagement(eng.conn)
    assert v.ok, v.problems
    eng.close()


def test_reviewer_who_edited_is_refused(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    # Chen edits something: now an author in the audit trail
    findings.record_misstatement(eng, "rounding", 0.0, actor="Chen Yi")
    results = run_engagement_checks(eng.conn)
    sign(eng, LEAD, "lead", "approved", declare_impartial=True, results=results)
    # behind VeriDesk's back, the reviewer on the team becomes Chen
    eng.conn.execute("UPDATE team_member SET name = 'Chen Yi' WHERE role = 'reviewer'")
    with pytest.raises(MessageError, match="author in the audit trail"):
        sign(eng, make("Chen Yi"), "reviewer", "reviewed", declare_impartial=True,
             results=results)
    eng.close()


def test_gate_refuses_an_editor_as_reviewer(tmp_path, examples):
    eng, _results = ready_engagement(tmp_path / "e.veridesk", examples)
    findings.record_misstatement(eng, "rounding", 0.0, actor="wang da-wei")  # the reviewer
    results = run_engagement_checks(eng.conn)
    gate = {g.rule: g for g in signoff.status(eng.conn, results).gate}
    assert not gate["reviewer_independent"].ok
    assert "author in the audit trail" in gate["reviewer_independent"].detail
    eng.close()


def test_not_ready_is_refused(tmp_path, examples):
    import_dossier(examples / "neutral-steel", tmp_path / "e.veridesk")
    with open_file(tmp_path / "e.veridesk", write=True) as eng:
        results = run_engagement_checks(eng.conn)
        with pytest.raises(MessageError, match="not ready to sign"):
            sign(eng, LEAD, "lead", "approved", declare_impartial=True, results=results)


def test_withdrawn_lead_signature_reopens_draft(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    sign(eng, LEAD, "lead", "approved", declare_impartial=True, results=results)
    withdraw_lead(eng, "reviewer asked for the meter certificates", actor="Lin Mei-Hua")
    findings.raise_finding(eng, "FAR", "Install check meters", actor="Lin Mei-Hua")
    assert verify_engagement(eng.conn).ok
    eng.close()


def _signed(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    eng, results = ready_engagement(path, examples)
    sign(eng, LEAD, "lead", "approved", declare_impartial=True, results=results)
    sign(eng, REVIEWER, "reviewer", "reviewed", declare_impartial=True, results=results)
    eng.close()
    return path


def test_changed_value_is_named(tmp_path, examples, cli):
    path = _signed(tmp_path, examples)
    assert cli("verify", str(path)).returncode == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE inventory SET tco2e = 148.3 WHERE source_id = 'S01'")
    conn.commit()
    conn.close()
    result = cli("verify", str(path))
    assert result.returncode == 1
    assert "inventory S01: changed" in result.stdout  # named by its source id
    assert "imported data changed since the import" in result.stdout


def test_changed_byte_in_file_is_detected(tmp_path, examples, cli):
    path = _signed(tmp_path, examples)
    data = bytearray(path.read_bytes())
    i = data.find(b"Coke and coal")
    assert i > 0
    data[i] = ord("c")  # one byte of a value, behind SQLite's back
    path.write_bytes(bytes(data))
    result = cli("verify", str(path))
    assert result.returncode == 1
    assert "inventory S01: changed" in result.stdout


def test_tampered_evidence_blob_is_named(tmp_path, examples, cli):
    path = _signed(tmp_path, examples)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE evidence SET data = X'00' WHERE path = 'evidence/README.txt'")
    conn.commit()
    conn.close()
    result = cli("verify", str(path))
    assert result.returncode == 1
    assert "evidence/README.txt: content does not match" in result.stdout
