"""The opinion follows the record (design §11): the gate, the suggestion, the basis and the
content of the PDF come from what was recorded, and a draft states nothing unrecorded."""

from __future__ import annotations

import pytest

from desktop import findings, signoff
from desktop.checklist import Answer, answer_many, item_states
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.opinion_export import build_document
from desktop.report.pdf import render_opinion
from desktop.report.pdfinfo import is_draft
from desktop.signing import sign
from desktop.store.db import open_file
from tests.conftest import pdf_text
from tests.test_signing import LEAD, REVIEWER, ready_engagement


def _gate(eng):
    st = signoff.status(eng.conn, run_engagement_checks(eng.conn))
    return {g.rule: g for g in st.gate}, st


def test_a_nonconformity_needs_a_cl_or_car(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    state = next(s for s in item_states(eng.conn, results) if not s.item.auto)
    answer_many(eng, [Answer(state.checklist.id, state.item.ref, "nonconformity",
                             note="no calibration record for meter M-2")], actor="Lin Mei-Hua")
    gate, st = _gate(eng)
    assert not gate["nonconformities_raised"].ok
    assert state.item.ref in gate["nonconformities_raised"].detail
    assert not st.ready_to_sign and st.opinion.suggested.kind != "unmodified"
    with pytest.raises(Exception, match="not ready to sign"):
        sign(eng, LEAD, "lead", "approved", declare_impartial=True,
             results=run_engagement_checks(eng.conn))
    f = findings.raise_finding(eng, "CAR", "Meter M-2 not calibrated", actor="Lin Mei-Hua",
                               checklist_id=state.checklist.id, ref=state.item.ref)
    gate, st = _gate(eng)
    assert gate["nonconformities_raised"].ok
    assert st.opinion.suggested.kind == "modified"  # the CAR is open
    findings.record_client_response(eng, f.number, "Calibrated, certificate attached",
                                    actor="Lin Mei-Hua")
    findings.assess(eng, f.number, True, "certificate checked", actor="Lin Mei-Hua")
    gate, st = _gate(eng)
    assert gate["nonconformities_raised"].ok and st.opinion.suggested.kind == "unmodified"
    eng.close()


def test_a_computed_difference_is_a_proposed_misstatement(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "led-retrofit", path)
    with open_file(path, write=True) as eng:
        gate, st = _gate(eng)
        assert not gate["differences_evaluated"].ok
        assert "+44.18 tCO2e" in gate["differences_evaluated"].detail
        assert st.opinion.suggested.kind == "modified"
        assert any("not been evaluated" in r for r in st.opinion.suggested.reasons)
        doc = build_document(eng.conn, run_engagement_checks(eng.conn), "en")
        assert [m.source for m in doc.misstatements] == ["proposed"]
        findings.record_misstatement(eng, "grid factor rounding", 44.18, source="result")
        results = run_engagement_checks(eng.conn)
        gate, st = _gate(eng)
        assert gate["differences_evaluated"].ok
        agg = next(r for r in results if r.code == "materiality.aggregate")
        assert agg.figures["misstatement_tco2e"] == pytest.approx(44.18)  # never twice
        doc = build_document(eng.conn, results, "en")
        assert [m.source for m in doc.misstatements] == ["result"]


def test_an_explained_difference_counts_as_zero(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "led-retrofit", path)
    with open_file(path, write=True) as eng:
        findings.record_misstatement(eng, "the claim used the 2023 grid factor, as the "
                                     "programme allows", 0.0, source="result")
        gate, _st = _gate(eng)
        assert gate["differences_evaluated"].ok
        agg = next(r for r in run_engagement_checks(eng.conn)
                   if r.code == "materiality.aggregate")
        assert agg.figures["misstatement_tco2e"] == 0


def test_basis_lists_the_actual_matters(tmp_path, examples):
    eng, _ = ready_engagement(tmp_path / "e.veridesk", examples)
    findings.raise_finding(eng, "CL", "Gas invoices for March missing", actor="Lin Mei-Hua")
    findings.record_misstatement(eng, "Forklift diesel counted twice", -0.35, source="S03",
                                 actor="Lin Mei-Hua")
    results = run_engagement_checks(eng.conn)
    signoff.choose_opinion(eng, "modified", results=results, actor="Lin Mei-Hua")
    doc = build_document(eng.conn, results, "en")
    assert "CL-01 Gas invoices for March missing" in doc.opinion_basis
    assert "Forklift diesel counted twice (-0.35 tCO2e)" in doc.opinion_basis
    assert "below the threshold" not in doc.opinion_basis.replace("materiality threshold", "")
    zh = build_document(eng.conn, results, "zh-TW")
    assert "CL-01" in zh.opinion_basis and "未結案" in zh.opinion_basis
    eng.close()


def test_draft_states_no_unrecorded_opinion(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    with open_file(path) as eng:
        doc = build_document(eng.conn, run_engagement_checks(eng.conn), "en")
    assert doc.draft and not doc.opinion_recorded
    pdf = tmp_path / "d.pdf"
    pdf.write_bytes(render_opinion(doc))
    text = " ".join(pdf_text(pdf).split())
    assert "In our opinion" not in text and "Unmodified opinion" not in text
    assert "No opinion has been recorded" in text
    assert is_draft(pdf.read_bytes()) is True


def _signed_steel(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    sign(eng, LEAD, "lead", "approved opinion", declare_impartial=True, results=results)
    sign(eng, REVIEWER, "reviewer", "reviewed", declare_impartial=True, results=results)
    return eng


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_signed_steel_opinion_carries_the_statement(tmp_path, examples, lang):
    eng = _signed_steel(tmp_path, examples)
    doc = build_document(eng.conn, run_engagement_checks(eng.conn), lang)
    eng.close()
    assert not doc.draft
    pdf = tmp_path / "o.pdf"
    pdf.write_bytes(render_opinion(doc))
    assert is_draft(pdf.read_bytes()) is False
    text = pdf_text(pdf)
    flat = "".join(text.split())
    assert "268.80" in text  # the footprint
    assert "171.05" in text and "52.80" in text and "44.95" in text  # by scope
    assert "13.44" in text  # the materiality in tCO2e
    for serial in ("TW-2-1-030172798-030173019-00-00-A0000070",
                   "TW-2-2-023900288-023900342-00-00-B0000083"):
        assert serial in flat, serial
    assert "222" in text and "55" in text and "2025-03-14" in text
    for code in ("coverage.threshold", "recalc.result", "materiality.aggregate",
                 "credits.serials", "1.2.840", "21 CFR", "Part 11"):
        assert code not in text, code
    if lang == "en":
        assert "In our opinion" in " ".join(text.split())
    else:  # no English label left in a Chinese document (client data may be English)
        for word in ("Verification statement", "Opinion", "Materiality", "Findings",
                     "Signatures", "Page ", "DRAFT", "Carbon credits retired"):
            assert word not in text, word


def test_the_body_is_printed_as_it_stood_when_the_lead_signed(tmp_path, examples):
    from desktop.body import Body, save_profile

    save_profile(Body("Formosa Verification Co.", "No. 1, Zhongxiao W. Rd., Taipei",
                      "TAF verification body No. V012 (ISO 14065)", "Taipei"))
    try:
        eng = _signed_steel(tmp_path, examples)
        save_profile(Body("Another Body Ltd."))  # changed after signing
        doc = build_document(eng.conn, run_engagement_checks(eng.conn), "en")
        eng.close()
    finally:
        save_profile(Body())
    assert doc.verifier_body == "Formosa Verification Co."
    assert doc.body_accreditation.startswith("TAF verification body")
    assert doc.issued_at.endswith(", Taipei") and doc.issued_at[:4].isdigit()
    pdf = tmp_path / "o.pdf"
    pdf.write_bytes(render_opinion(doc))
    text = " ".join(pdf_text(pdf).split())
    assert "Formosa Verification Co." in text and "Another Body" not in text
    assert "No. V012" in text


def test_body_on_the_command_line(tmp_path):
    from tests.conftest import run_cli

    env = {"VERIDESK_DATA_DIR": str(tmp_path)}
    done = run_cli("body", "set", "--name", "台灣查驗股份有限公司", "--place", "臺北", env=env)
    assert done.returncode == 0, done.stderr
    import json

    shown = json.loads(run_cli("body", "show", "--json", env=env).stdout)
    assert shown["name"] == "台灣查驗股份有限公司" and shown["place"] == "臺北"


def test_verify_refuses_a_draft_pdf_even_signed(tmp_path, examples):
    from desktop.report.identity import make_identity
    from tests.conftest import run_cli

    path = tmp_path / "e.veridesk"
    import_dossier(examples / "neutral-steel", path)
    key = tmp_path / "k.p12"
    key.write_bytes(make_identity("Lin Mei-Hua", None, b"pw"))
    pdf = tmp_path / "draft.pdf"
    done = run_cli("export", str(path), "-o", str(pdf), "--sign", str(key),
                   env={"VERIDESK_PASSWORD": "pw"})
    assert done.returncode == 0, done.stderr
    result = run_cli("verify", str(pdf))
    assert result.returncode == 1
    assert "the PDF is a draft" in result.stdout and "✔ verified" not in result.stdout


def test_a_corrected_misstatement_is_reported_but_not_counted(tmp_path, examples):
    path = tmp_path / "e.veridesk"
    import_dossier(examples / "led-retrofit", path)
    with open_file(path, write=True) as eng:
        findings.record_misstatement(eng, "grid factor rounding", 44.18, source="result")
        m = findings.record_misstatement(eng, "meter B March reading doubled", 12.0,
                                         source="EG_saved")
        agg = next(r for r in run_engagement_checks(eng.conn)
                   if r.code == "materiality.aggregate")
        assert agg.figures["misstatement_tco2e"] == pytest.approx(56.18)
        findings.correct_misstatement(eng, m.id, "monitoring report v2 corrects March")
        results = run_engagement_checks(eng.conn)
        agg = next(r for r in results if r.code == "materiality.aggregate")
        assert agg.figures["misstatement_tco2e"] == pytest.approx(44.18)
        doc = build_document(eng.conn, results, "en")
    assert any("(corrected: monitoring report v2" in r.description for r in doc.misstatements)


def _export_text(tmp_path, folder, lang="en") -> str:
    from tests.conftest import run_cli

    eng, pdf = tmp_path / "x.veridesk", tmp_path / "x.pdf"
    assert run_cli("import", str(folder), "-o", str(eng)).returncode == 0
    with open_file(eng, write=True) as e:
        results = run_engagement_checks(e.conn)
        signoff.choose_opinion(e, signoff.status(e.conn, results).opinion.suggested.kind,
                               reason="recorded for the wording test", results=results)
    done = run_cli("export", str(eng), "-o", str(pdf), "--lang", lang)
    assert done.returncode == 0, done.stderr
    return " ".join(pdf_text(pdf).split())


def test_validation_wording(tmp_path, examples):
    text = _export_text(tmp_path, examples / "solar-pdd")
    assert "Validation" in text and "ex-ante" in text.lower()
    lowered = text.lower()
    assert "fairly stated" not in lowered and "verified" not in lowered.replace(
        "unverified", "")
    (tmp_path / "zh").mkdir()
    zh = _export_text(tmp_path / "zh", examples / "solar-pdd", "zh-TW")
    assert "確證" in zh and "允當表達" not in zh


def test_limited_assurance_wording(tmp_path, examples):
    import shutil

    folder = tmp_path / "d"
    shutil.copytree(examples / "neutral-steel", folder)
    manifest = folder / "dossier.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'level_of_assurance = "reasonable"', 'level_of_assurance = "limited"'), encoding="utf-8")
    text = _export_text(tmp_path, folder)
    assert "nothing has come to our attention" in text
    assert "In our opinion" not in text


def test_the_opinion_names_the_team_and_the_reviewer(tmp_path, examples):
    eng = _signed_steel(tmp_path, examples)
    doc = build_document(eng.conn, run_engagement_checks(eng.conn), "en")
    eng.close()
    assert ("Lin Mei-Hua", "lead") in doc.team and ("Wang Da-Wei", "reviewer") in doc.team
    pdf = tmp_path / "o.pdf"
    pdf.write_bytes(render_opinion(doc))
    text = " ".join(pdf_text(pdf).split())
    assert "Lin Mei-Hua (Lead verifier)" in text and "Wang Da-Wei (Independent reviewer)" in text
