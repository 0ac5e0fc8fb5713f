"""The verification report's "Investment analysis" section (validations), read back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.report.report_pdf import render_report
from desktop.report_export import build_report
from tests.conftest import pdf_text

SOLAR = Path(__file__).resolve().parents[1] / "data" / "dossiers" / "solar-pdd"


@pytest.fixture(scope="module")
def solar(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("solar") / "solar.veridesk"
    import_dossier(SOLAR, out, actor="Test Verifier")
    return out


def _pdf(path: Path, lang: str, tmp_path: Path) -> tuple[str, object]:
    conn = sqlite3.connect(path)
    try:
        doc = build_report(conn, run_engagement_checks(conn), lang, "Test Body")
    finally:
        conn.close()
    out = tmp_path / f"report-{lang}.pdf"
    out.write_bytes(render_report(doc))
    return " ".join(pdf_text(out).split()), doc


def test_english_section_has_the_figures_and_the_chart(solar, tmp_path):
    text, doc = _pdf(solar, "en", tmp_path)
    assert doc.investment is not None and doc.investment.irr_pct == pytest.approx(7.9514)
    assert "Investment analysis" in text
    for label, value in (("IRR recomputed from the cash flows", "7.95 %"),
                         ("Benchmark", "10.50 %"),
                         ("Net present value at the benchmark rate", "-16,487 kUSD"),
                         ("Cash-flow years", "2025–2045")):
        assert label in text and value in text
    for cell in ("Capital expenditure", "68.84 %", "9.44 %", "6.68 %", "-16.2 %",
                 "Operating cost", "31.16 %", "+15.3 %", "beyond −90 %"):
        assert cell in text
    assert "Sensitivity of the IRR to each variable" in text
    assert "Change of the variable (shaded: the tested range ±10 %)" in text  # the chart
    assert "Benchmark 10.5 %" in text  # the chart's legend
    assert "IRR recalculated" in text


def test_chinese_section(solar, tmp_path):
    text, _doc = _pdf(solar, "zh-TW", tmp_path)
    assert "投資分析" in text
    for cell in ("依現金流量重新計算之內部報酬率", "7.95 %", "資本支出", "68.84 %", "-16.2 %",
                 "內部報酬率對各變數之敏感度", "變數之變動幅度（陰影：測試範圍 ±10 %）",
                 "基準 10.5 %"):
        assert cell in text


def test_verification_report_has_no_investment_section(tmp_path):
    out = tmp_path / "led.veridesk"
    import_dossier(SOLAR.parent / "led-retrofit", out)
    text, doc = _pdf(out, "en", tmp_path)
    assert doc.investment is None and "Investment analysis" not in text


def test_exante_section_lists_each_year_beside_the_recomputed_figure(solar, tmp_path):
    text, doc = _pdf(solar, "en", tmp_path)
    assert {r.code for r in doc.exante_checks} == {"recalc.ex_ante", "project.crediting_period"}
    assert "Ex-ante estimate and crediting period" in text
    assert "Methodology template ACM0002, version 21.0" in text
    assert "2026 76,000 76,000 +0.00 %" in text  # year, PDD, recomputed, difference
    assert "Total 743,127 743,126" in text
    assert "Crediting period 2026-01-01 to 2035-12-31" in text
    zh, _doc = _pdf(solar, "zh-TW", tmp_path)
    assert "事前估計與計入期" in zh and "方法學範本 ACM0002，版本 21.0" in zh


def test_no_exante_section_outside_validations(tmp_path):
    steel = Path(__file__).resolve().parents[1] / "data" / "dossiers" / "neutral-steel"
    out = tmp_path / "steel.veridesk"
    import_dossier(steel, out, actor="Test Verifier")
    text, doc = _pdf(out, "en", tmp_path)
    assert doc.exante_checks == () and "Ex-ante estimate" not in text
