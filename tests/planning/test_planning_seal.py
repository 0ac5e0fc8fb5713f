"""Risk assessments, sample plans and sample results are in the sign-off fingerprint: an
edit made with sqlite3 after signing is named by ``verify``; a file without planning
records keeps the fingerprint it had before the sections existed."""

from __future__ import annotations

import sqlite3

import pytest

from desktop import fingerprint
from desktop.dossier.importer import import_dossier
from desktop.signing import sign
from tests.test_signing import LEAD, REVIEWER, ready_engagement


@pytest.fixture(scope="module")
def signed(tmp_path_factory, examples):
    path = tmp_path_factory.mktemp("seal") / "e.veridesk"
    eng, results = ready_engagement(path, examples)
    sign(eng, LEAD, "lead", "approved", declare_impartial=True, results=results)
    sign(eng, REVIEWER, "reviewer", "reviewed", declare_impartial=True, results=results)
    eng.close()
    return path


@pytest.fixture
def copy(signed, tmp_path):
    out = tmp_path / "e.veridesk"
    out.write_bytes(signed.read_bytes())
    return out


def _edit(path, sql: str, *args) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def test_an_edited_sample_result_is_named(copy, cli):
    assert cli("verify", str(copy)).returncode == 0
    conn = sqlite3.connect(copy)
    plan, row = conn.execute(
        "SELECT plan_id, row_no FROM sample_result ORDER BY plan_id, row_no LIMIT 1 OFFSET 1"
    ).fetchone()
    conn.close()
    # the tested row "agreed" becomes an error the verifier never recorded
    _edit(copy, "UPDATE sample_result SET outcome = 'error', error_tco2e = 3.5 "
          "WHERE plan_id = ? AND row_no = ?", plan, row)
    done = cli("verify", str(copy))
    assert done.returncode == 1
    assert f"sample_result plan {plan} row {row}: changed" in done.stdout
    assert "no longer match the lead's signature" in done.stdout


def test_a_removed_sample_result_and_an_edited_risk_are_named(copy, cli):
    conn = sqlite3.connect(copy)
    plan, row = conn.execute("SELECT plan_id, max(row_no) FROM sample_result").fetchone()
    population, item = conn.execute(
        "SELECT population, item FROM risk_assessment ORDER BY population, item LIMIT 1"
    ).fetchone()
    conn.close()
    _edit(copy, "DELETE FROM sample_result WHERE plan_id = ? AND row_no = ?", plan, row)
    _edit(copy, "UPDATE risk_assessment SET inherent = 'low', control = 'low', "
          "reason = 'no risk' WHERE population = ? AND item = ?", population, item)
    out = cli("verify", str(copy)).stdout
    assert f"sample_result plan {plan} row {row}: missing" in out
    assert f"risk_assessment {population} {item}: changed" in out


def test_a_replaced_sample_plan_is_named(copy, cli):
    conn = sqlite3.connect(copy)
    (plan,) = conn.execute("SELECT min(id) FROM sample_plan").fetchone()
    conn.execute("DROP TRIGGER sample_plan_fixed")  # the guard against edits, dropped
    conn.execute("UPDATE sample_plan SET seed = seed + 1 WHERE id = ?", (plan,))
    conn.commit()
    conn.close()
    done = cli("verify", str(copy))
    assert done.returncode == 1 and f"sample_plan plan {plan}: changed" in done.stdout


def test_empty_planning_sections_leave_the_fingerprint_as_it_was(tmp_path, examples,
                                                                 monkeypatch):
    out = tmp_path / "s.veridesk"
    import_dossier(examples / "neutral-steel", out, actor="T")
    conn = sqlite3.connect(out)
    now = fingerprint.fingerprint(conn)
    planning = {"risk_assessment", "sample_plan", "sample_result"}
    assert planning <= set(fingerprint.seal(conn).sections)
    monkeypatch.setattr(fingerprint, "SECTIONS",
                        tuple(s for s in fingerprint.SECTIONS if s.name not in planning))
    assert fingerprint.fingerprint(conn) == now  # as VeriDesk computed it before
