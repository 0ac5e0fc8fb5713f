"""The verification report (design §11): `veridesk export FILE --report -o R.pdf`.

One engagement (led-retrofit) with a CL answered in two rounds and closed, a FAR still open
and a recorded misstatement, exported in English and in Chinese; the text is read back.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime

import pytest

from desktop.findings import assess, raise_finding, record_client_response, record_misstatement
from desktop.report.labels import LABELS
from desktop.report.report_doc import (
    MisstatementEvaluation,
    Recalculation,
    ReportDocument,
)
from desktop.report.report_labels import REPORT_LABELS
from desktop.report.report_pdf import render_report
from desktop.store.db import open_file
from tests.conftest import EXAMPLES, pdf_text, run_cli

DOSSIER = EXAMPLES / "led-retrofit"
CL_TITLE = "Meter calibration of plant B not shown"
ROUNDS = (
    "The calibration certificate for meter M-B is attached as meter-B.txt.",
    "The certificate covers 2023 only; please provide the 2024 calibration.",
    "The 2024 calibration record dated 2024-03-02 is now provided.",
    "The 2024 calibration record is adequate; the CL is resolved.",
)
MISSTATEMENT = "Grid factor from the wrong year for March"
INTERNAL_CODES = ("recalc.result", "coverage.threshold", "materiality.aggregate",
                  "coverage.reported", "inventory.recalc", "materiality.threshold",
                  "scale.class", "table:monitoring")
# Opinion labels the report borrows; with the report's own labels, none may show in English
# in a Chinese report.
SHARED_KEYS = ("subject", "subject_id", "engagement_type", "client", "verifier_body",
               "boundary", "period", "criteria", "level_of_assurance", "materiality",
               "generated", "issued_by", "fingerprint", "footer_fp", "page",
               "loa.reasonable", "type.verification", "fs.closed", "fs.open", "ft.CL",
               "ft.FAR", "cs.pass", "cs.warn", "period_value")


def _flat(text: str) -> str:
    """Text without whitespace: wrapped lines and SHA-256 values rejoin."""
    return re.sub(r"\s+", "", text)


def _ok(*args: str):
    result = run_cli(*args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    eng_path = folder / "led.veridesk"
    _ok("import", str(DOSSIER), "-o", str(eng_path))
    with open_file(eng_path, write=True) as eng:
        cl = raise_finding(eng, "CL", CL_TITLE, "No calibration certificate for meter M-B.")
        record_client_response(eng, cl.number, ROUNDS[0])
        assess(eng, cl.number, False, ROUNDS[1])
        record_client_response(eng, cl.number, ROUNDS[2])
        closed = assess(eng, cl.number, True, ROUNDS[3])
        assert closed.state == "closed" and len(closed.rounds) == 2
        raise_finding(eng, "FAR", "Install a check meter at plant C")
        record_misstatement(eng, MISSTATEMENT, 12.5, finding=cl.number, source="EG_saved")
    pdfs = {}
    for lang in ("en", "zh-TW"):
        out = folder / f"report-{lang}.pdf"
        _ok("export", str(eng_path), "--report", "-o", str(out), "--lang", lang)
        pdfs[lang] = out
    return eng_path, pdfs, {lang: pdf_text(p) for lang, p in pdfs.items()}


def test_every_round_of_every_finding(exported):
    _, _, texts = exported
    for text in texts.values():
        flat = _flat(text)
        assert _flat(CL_TITLE) in flat
        for line in ROUNDS:
            assert _flat(line) in flat, line
        assert "CL-01" in flat and "FAR-01" in flat
    en = _flat(texts["en"])
    assert "notaccepted" in en and "accepted" in en  # round 1 rejected, round 2 accepted
    assert "Closureevidence" in en


def test_annex_lists_files_with_their_sha256(exported):
    _, _, texts = exported
    for text in texts.values():
        flat = _flat(text)
        for rel in ("monitoring.csv", "evidence/meter-A.txt", "dossier.toml"):
            sha = hashlib.sha256((DOSSIER / rel).read_bytes()).hexdigest()
            assert rel in flat, rel
            assert sha in flat, (rel, sha)
    assert "Documentsreviewed" in _flat(texts["en"]) or "documentsreviewed" in _flat(
        texts["en"])


def test_recalculation_and_misstatements(exported):
    _, _, texts = exported
    en = texts["en"]
    assert "2,167.82" in en and "2,212" in en
    assert "44.18" in en  # the difference, claimed − recomputed
    flat = _flat(en)
    assert _flat(MISSTATEMENT) in flat
    assert "12.50" in en
    assert "56.68" in en  # aggregate: 44.18 + 12.50
    assert "2.56%" in flat  # of the reported 2,212
    assert "110.60" in en  # the threshold: 5 % of 2,212
    assert "Belowthethreshold:notmaterial." in flat


def test_no_internal_codes(exported):
    _, _, texts = exported
    for lang, text in texts.items():
        for code in INTERNAL_CODES:
            assert code not in text, (lang, code)


def test_draft_notice_when_unsigned(exported):
    _, _, texts = exported
    assert "DRAFT" in texts["en"]
    assert _flat("the engagement is not signed; this report is not final") in _flat(
        texts["en"])
    assert "草稿" in texts["zh-TW"]
    assert "No sampling plan recorded in this engagement." in texts["en"]


def _english_fragments(en: str, zh: str) -> list[str]:
    """The literal runs of an English label that are words (not codes shared with the
    Chinese label such as tCO2e, SHA-256, CL)."""
    out = []
    for part in re.split(r"\{[^}]*\}", en):
        part = part.strip(" :;,.()=—-")
        flat = _flat(part)
        if len(flat) >= 4 and re.search(r"[A-Za-z]{3}", flat) and flat not in _flat(zh):
            out.append(flat)
    return out


def test_chinese_report_has_no_english_labels(exported):
    _, _, texts = exported
    zh = _flat(texts["zh-TW"])
    assert "查證" in zh and "查證報告書" in zh
    catalogue = {**REPORT_LABELS, **{k: LABELS[k] for k in SHARED_KEYS}}
    checked = 0
    for key, (en, zh_label) in catalogue.items():
        for fragment in _english_fragments(en, zh_label):
            checked += 1
            assert fragment not in zh, (key, fragment)
    assert checked > 100
    for word in ("Round", "Clientresponse", "Annex", "Recalculation", "Claimed",
                 "Recomputed", "Misstatement", "Sampling", "DRAFT", "Page"):
        assert word not in zh, word


def test_verify_matches_the_fingerprint(exported):
    eng, pdfs, _ = exported
    for pdf in pdfs.values():
        result = run_cli("verify", str(pdf), "--engagement", str(eng))
        assert "✔ fingerprint matches the engagement file" in result.stdout, result.stdout
        assert result.returncode in (0, 1)  # unsigned and a draft: verify may say so


def test_no_overwrite_without_force(exported):
    eng, pdfs, _ = exported
    again = run_cli("export", str(eng), "--report", "-o", str(pdfs["en"]))
    assert again.returncode == 2 and "--force" in again.stderr
    _ok("export", str(eng), "--report", "-o", str(pdfs["en"]), "--force", "--lang", "en")


def _doc(**changes) -> ReportDocument:
    base = dict(
        lang="en", title="Wire rod", title_zh="", subject_id="X-1",
        engagement_type="carbon-neutrality", client="Client", verifier_body="Body",
        boundary="", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        criteria=("PAS 2060:2014",), programme="", level_of_assurance="limited",
        materiality_pct=5.0, team=(), checklists=(), checks=(), checks_not_applicable=0,
        populations=(), sampling_plan=None, findings=(), recalculation=Recalculation(),
        misstatements=MisstatementEvaluation(aggregate_tco2e=3.0, aggregate_pct=None,
                                             threshold_pct=5.0, material=None),
        source_files=(), evidence=(), signatures=(), fingerprint="ab" * 32, draft=False,
        generated_at_utc=datetime(2025, 1, 1, tzinfo=UTC),
    )
    return ReportDocument(**{**base, **changes})


def test_never_below_threshold_when_not_weighed(tmp_path):
    path = tmp_path / "r.pdf"
    path.write_bytes(render_report(_doc()))
    flat = _flat(pdf_text(path))
    assert "Notweighed" in flat
    assert "Belowthethreshold" not in flat and "notmaterial" not in flat
    assert "DRAFT" not in flat  # a signed document has no draft notice
