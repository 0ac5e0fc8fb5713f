"""Responses with pre-fills, findings' life cycle, misstatements, answer sheets, the gate."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from desktop import answersheet, findings, signoff
from desktop.checklist import answer, item_states
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.errors import InputError, MessageError, ReadOnlyError
from desktop.store import audit
from desktop.store.db import open_file
from tests.verifier_work import do_the_work


@pytest.fixture
def steel(tmp_path, examples):
    out = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", out, actor="Importer")
    eng = open_file(out, write=True)
    yield eng
    eng.close()


def _audit(conn, action):
    return [
        r
        for r in conn.execute(
            "SELECT actor, entity_key, old, new FROM audit WHERE action = ?", (action,)
        )
    ]


def test_prefill_of_coverage_and_credit_items(steel):
    results = run_engagement_checks(steel.conn)
    states = item_states(steel.conn, results)
    ids = {s.checklist.id for s in states}
    # the CCP questions apply to the credits a neutrality claim uses
    assert ids == {"iso14064-3-verification", "pas2060", "iso14068-1", "icvcm-ccp"}
    coverage = [s for s in states if s.item.auto == "coverage.threshold"]
    assert coverage and all(s.prefilled and s.suggested == "conforms" for s in coverage)
    assert coverage[0].check.figures["basis"] == "remainder"
    # the registry checks (design §12) need a registry export: without one the registry
    # item stays open for the verifier, the CCP / CA items are not part of this claim
    registry = {"credits.registry_match": "open", "credits.corresponding_adjustment":
                "not-applicable", "credits.ccp": "not-applicable"}
    credits = [s for s in states if s.item.auto and s.item.auto.startswith("credits.")]
    assert credits and all(s.suggested == registry.get(s.item.auto, "conforms")
                           for s in credits)
    # confirming a pre-fill stores the answer with the figures it was based on
    s = coverage[0]
    answer(steel, s.checklist.id, s.item.ref, "conforms", actor="Lin", results=results)
    row = steel.conn.execute(
        "SELECT response, auto_status, auto_figures, author FROM response WHERE ref = ?",
        (s.item.ref,),
    ).fetchone()
    assert row[0] == "conforms" and row[1] == "pass" and row[3] == "Lin"
    assert json.loads(row[2])["basis_coverage_pct"] == pytest.approx(99.32, abs=0.01)
    assert _audit(steel.conn, "answer")[0][0] == "Lin"


def test_override_needs_a_reason(steel):
    results = run_engagement_checks(steel.conn)
    s = next(s for s in item_states(steel.conn, results) if s.item.auto == "credits.sufficiency")
    with pytest.raises(MessageError, match="needs a reason"):
        answer(steel, s.checklist.id, s.item.ref, "nonconformity", results=results)
    done = answer(
        steel,
        s.checklist.id,
        s.item.ref,
        "不符合",
        reason="retirement letter unsigned",
        results=results,
    )
    assert done.response == "nonconformity"
    assert done.override_reason == "retirement letter unsigned"


def test_bad_response_and_unknown_item_and_evidence(steel):
    results = run_engagement_checks(steel.conn)
    s = item_states(steel.conn, results)[0]
    with pytest.raises(MessageError, match="is not a response"):
        answer(steel, s.checklist.id, s.item.ref, "maybe", results=results)
    with pytest.raises(MessageError, match="no applicable checklist item"):
        answer(steel, "pas2060", "no such ref", "conforms", results=results)
    with pytest.raises(MessageError, match="not in the engagement file"):
        answer(
            steel,
            s.checklist.id,
            s.item.ref,
            "conforms",
            evidence=["evidence/nope.pdf"],
            results=results,
        )
    assert steel.conn.execute("SELECT count(*) FROM response").fetchone()[0] == 0


def test_finding_life_cycle(steel):
    f = findings.raise_finding(
        steel,
        "CL",
        "Grid factor source unclear",
        "Which year's factor?",
        checklist_id="pas2060",
        ref="x",
        actor="Lin",
    )
    assert (f.number, f.state) == ("CL-01", "open")
    f = findings.record_client_response(steel, "CL-01", "It is the 2023 factor.", actor="Lin")
    assert f.state == "responded" and f.rounds[0].client_response.startswith("It is")
    f = findings.assess(steel, "CL-01", False, "2024 factor required", actor="Lin")
    assert f.state == "open" and f.rounds[0].accepted is False
    f = findings.escalate(steel, "CL-01", "requirement not met", actor="Lin")
    assert (f.number, f.type, f.escalated_from) == ("CAR-01", "CAR", "CL-01")
    with pytest.raises(MessageError, match="no client response"):
        findings.assess(steel, "CAR-01", True, "ok")
    findings.record_client_response(steel, "CAR-01", "Recalculated with 2024 factor.")
    f = findings.assess(steel, "CAR-01", True, "accepted", actor="Lin")
    assert f.state == "closed" and len(f.rounds) == 2 and f.closed_at
    with pytest.raises(MessageError, match="is closed"):
        findings.record_client_response(steel, "CAR-01", "more")
    assert findings.counts(findings.list_findings(steel.conn))["CAR"] == {"open": 0, "closed": 1}
    actions = [a for (a,) in steel.conn.execute("SELECT action FROM audit ORDER BY id")]
    assert actions == [
        "import",
        "raise",
        "client-response",
        "assess",
        "escalate",
        "client-response",
        "assess",
    ]
    assert audit.verify_chain(steel.conn).ok


def test_misstatements_feed_materiality(steel):
    m = findings.record_misstatement(steel, "S05 ore tonnage overstated", 20.0, actor="Lin")
    results = run_engagement_checks(steel.conn)
    agg = next(r for r in results if r.code == "materiality.aggregate")
    assert agg.figures["misstatement_tco2e"] == pytest.approx(20.0)
    assert agg.figures["material"] is True  # 20 of 268.8 t = 7.4 % > 5 %
    findings.remove_misstatement(steel, m.id, actor="Lin")
    agg = next(r for r in run_engagement_checks(steel.conn) if r.code == "materiality.aggregate")
    assert agg.figures["misstatement_tco2e"] == 0
    assert [
        a for (a,) in steel.conn.execute("SELECT action FROM audit WHERE entity = 'misstatement'")
    ] == ["record", "remove"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_answer_sheet_round_trip(steel, tmp_path, fmt, cli):
    results = run_engagement_checks(steel.conn)
    sheet = tmp_path / f"answers.{fmt}"
    n = answersheet.export_sheet(steel, sheet, results)
    assert n == len(item_states(steel.conn, results))
    # a colleague fills three rows offline
    if fmt == "xlsx":
        wb = openpyxl.load_workbook(sheet)
        ws = wb.active
        header = [c.value for c in ws[1]]
        assert header == list(answersheet.COLUMNS)
        col = {name: i for i, name in enumerate(header, start=1)}
        ws.cell(2, col["response"], "符合")
        ws.cell(2, col["note"], "seen on site")
        ws.cell(3, col["response"], "not-applicable")
        ws.cell(4, col["response"], "不適用")
        ws.cell(4, col["evidence"], "evidence/README.txt")
        wb.save(sheet)
        filled = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in (2, 3, 4)]
    else:
        rows = list(csv.reader(sheet.open(encoding="utf-8-sig")))
        col = {name: i for i, name in enumerate(rows[0])}
        resp, note, evid = col["response"], col["note"], col["evidence"]
        rows[1][resp], rows[1][note] = "符合", "seen on site"
        rows[2][resp] = "not-applicable"
        rows[3][resp], rows[3][evid] = "不適用", "evidence/README.txt"
        with sheet.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(rows)
        filled = [(rows[r][0], rows[r][1]) for r in (1, 2, 3)]
    steel.close()
    result = cli("checklist", "import", str(steel.path), str(sheet), "--as", "Chen")
    assert result.returncode == 0, result.stderr
    with open_file(steel.path) as eng:
        got = eng.conn.execute(
            "SELECT checklist_id, ref, response, note, evidence, author "
            "FROM response ORDER BY rowid"
        ).fetchall()
    assert [(g[0], g[1]) for g in got] == filled
    assert [g[2] for g in got] == ["conforms", "not-applicable", "not-applicable"]
    assert got[0][3] == "seen on site" and json.loads(got[2][4]) == ["evidence/README.txt"]
    assert {g[5] for g in got} == {"Chen"}


def test_answer_sheet_errors_name_rows_and_write_nothing(steel, tmp_path):
    results = run_engagement_checks(steel.conn)
    sheet = tmp_path / "answers.csv"
    answersheet.export_sheet(steel, sheet, results)
    rows = list(csv.reader(sheet.open(encoding="utf-8-sig")))
    resp = rows[0].index("response")
    rows[1][resp] = "conforms"
    rows[2][resp] = "perhaps"
    rows[3][rows[0].index("ref")] = "PAS 2060 §99 invented"
    rows[3][resp] = "conforms"
    with sheet.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(InputError) as err:
        answersheet.import_sheet(steel, sheet, results, author="Chen")
    text = err.value.text("en")
    assert "answers.csv row 3, column response: 'perhaps' is not a response" in text
    assert "answers.csv row 4, column ref:" in text and "is not an applicable item" in text
    assert steel.conn.execute("SELECT count(*) FROM response").fetchone()[0] == 0


def test_gate_turns_ready_only_when_everything_is_met(steel):
    results = run_engagement_checks(steel.conn)

    def gate():
        st = signoff.status(steel.conn, results)
        return {g.rule: g.ok for g in st.gate}, st.ready_to_sign

    rules, ready = gate()
    assert not ready and not rules["items_answered"] and not rules["lead_verifier"]
    results = do_the_work(steel, "Lin")
    rules, ready = gate()
    assert rules["items_answered"] and rules["conforms_supported"] and not ready
    signoff.add_member(steel, "Lin", "lead", declare_impartial=True, actor="Lin")
    f = findings.raise_finding(steel, "CAR", "Missing meter certificate", actor="Lin")
    rules, ready = gate()
    assert rules["lead_verifier"] and not rules["no_open_findings"]
    assert not rules["reviewer_independent"]
    # a reviewer who is on the team, or wrote in the audit trail, is not independent
    signoff.add_member(steel, "Lin", "reviewer", declare_impartial=True, actor="Lin")
    rules, _ = gate()
    assert not rules["reviewer_independent"]
    steel.conn.execute("BEGIN")
    steel.conn.execute("DELETE FROM team_member WHERE role = 'reviewer'")
    steel.conn.execute("COMMIT")
    signoff.add_member(steel, "Wang", "reviewer", actor="Lin")
    rules, _ = gate()
    assert not rules["reviewer_independent"]  # no impartiality declaration yet
    signoff.declare_impartiality(steel, "Wang", "reviewer", actor="Lin")
    findings.record_client_response(steel, f.number, "certificate attached")
    findings.assess(steel, f.number, True, "seen", actor="Lin")
    rules, ready = gate()
    assert not rules["opinion_chosen"] and not ready
    signoff.choose_opinion(steel, "unmodified", results=results, actor="Lin")
    rules, ready = gate()
    assert all(rules.values()) and ready, rules
    st = signoff.status(steel.conn, results).as_json()
    assert st["format"] == "veridesk-status/1" and st["ready_to_sign"] is True
    assert st["findings"]["CAR"] == {"open": 0, "closed": 1}


def test_choosing_opinion_against_evidence_needs_reason(steel):
    results = run_engagement_checks(steel.conn)
    with pytest.raises(MessageError, match="needs a reason"):
        signoff.choose_opinion(steel, "adverse", results=results)
    op = signoff.choose_opinion(steel, "adverse", reason="client withheld records", results=results)
    assert op.kind == "adverse" and op.suggested.kind == "unmodified"


def test_signed_engagement_refuses_changes(steel):
    steel.conn.execute("UPDATE engagement SET state = 'signed'")
    results = run_engagement_checks(steel.conn)
    s = item_states(steel.conn, results)[0]
    with pytest.raises(ReadOnlyError, match="signed and locked"):
        answer(steel, s.checklist.id, s.item.ref, "open", results=results)
    with pytest.raises(ReadOnlyError):
        findings.raise_finding(steel, "CL", "late")


def test_status_cli(cli, steel):
    steel.close()
    result = cli("status", str(steel.path), "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 1  # not ready to sign, like a failing check
    assert not data["ready_to_sign"]
    assert {c["id"] for c in data["checklists"]} == {
        "iso14064-3-verification",
        "pas2060",
        "iso14068-1",
        "icvcm-ccp",
    }
    assert all(
        set(c) == {"id", "title", "items", "answered", "prefilled"} for c in data["checklists"]
    )
    assert set(data["findings"]) == {"CL", "CAR", "FAR"}
    assert data["ready_to_sign"] is False
    human = cli("--lang", "zh-TW", "status", str(steel.path)).stdout
    assert "簽署前檢核" in human and "尚不可簽署" in human
