"""The opinion's credits table shows each claimed block's status in the registry."""

from __future__ import annotations

from desktop.engagement import run_engagement_checks
from desktop.opinion_export import build_document
from desktop.store.db import open_file
from tests.conftest import EXAMPLES, pdf_text, run_cli


def test_credits_table_carries_the_registry_status(tmp_path):
    eng = tmp_path / "reg.veridesk"
    assert run_cli("import", str(EXAMPLES / "neutral-steel-registry"), "-o", str(eng)
                   ).returncode == 0
    with open_file(eng) as e:
        results = run_engagement_checks(e.conn)
        en = build_document(e.conn, results, "en")
        zh = build_document(e.conn, results, "zh-TW")
    status = {c.serial: c.registry_status for c in en.credits}
    assert status["GS1-1-KE-GS7495-16-2023-30645-1-500"] == "retired for another entity"
    assert status["ACR-US-934-2024-2891-58384 to 58673"] == "matched"
    assert status["ACR-US-934-2024-2891-60000 to 60099"] == "not found"
    assert {c.registry_status for c in zh.credits} >= {"相符", "已為他人註銷", "部分相符",
                                                       "未註銷", "查無"}
    pdf = tmp_path / "opinion.pdf"
    done = run_cli("export", str(eng), "-o", str(pdf), "--lang", "en")
    assert done.returncode == 0, done.stderr
    text = " ".join(pdf_text(pdf).split())
    assert "In the registry" in text and "retired for another entity" in text


def test_without_an_export_the_table_keeps_its_columns(tmp_path):
    eng = tmp_path / "steel.veridesk"
    assert run_cli("import", str(EXAMPLES / "neutral-steel"), "-o", str(eng)).returncode == 0
    with open_file(eng) as e:
        doc = build_document(e.conn, run_engagement_checks(e.conn), "en")
    assert [c.registry_status for c in doc.credits] == ["", ""]
