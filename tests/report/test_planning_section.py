"""The verification report's "Risk assessment and sampling" section, read back from the PDF."""

from __future__ import annotations

import re

from desktop.cli import main
from desktop.dossier.importer import import_dossier
from desktop.i18n import set_language
from desktop.planning import store
from desktop.store.db import open_file
from tests.conftest import pdf_text


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_report_shows_risks_plan_results_and_projection(tmp_path, examples, capsys):
    eng_path = tmp_path / "steel.veridesk"
    import_dossier(examples / "neutral-steel", eng_path, actor="Lin")
    with open_file(eng_path, write=True) as eng:
        store.set_risk(eng, "inventory", "S01", "high", "medium", "hand-typed invoices",
                       actor="Lin")
        plan = store.draw_sample(eng, "inventory", 11, actor="Lin")
        rows = plan.plan["row_nos"]
        for r in rows:
            store.record_result(eng, plan.id, r, 0.25 if r == rows[-1] else None,
                                "traced to the meter log", actor="Lin")
        projected = store.evaluation(eng.conn, plan).projected_tco2e
    texts = {}
    try:
        for lang in ("en", "zh-TW"):
            out = tmp_path / f"report-{lang}.pdf"
            assert main(["export", str(eng_path), "--report", "-o", str(out), "--lang", lang]) == 0
            texts[lang] = _flat(pdf_text(out))
    finally:
        set_language(None)
        capsys.readouterr()
    en, zh = texts["en"], texts["zh-TW"]
    assert _flat("Risk assessment and sampling") in en
    assert _flat("hand-typed invoices") in en and "S01" in en
    assert _flat(f"Sample plan {plan.id}: inventory") in en
    assert _flat("monetary-unit sampling (systematic, random start); seed 11") in en
    assert _flat(f"Tested {len(rows)} of {len(rows)}, 1 with an error") in en
    assert _flat(f"Projected misstatement {projected:,.2f} tCO2e") in en
    assert "+0.2500" in en
    assert _flat("風險評估與抽樣") in zh and _flat("貨幣單位抽樣") in zh
    assert _flat(f"推估不實陳述 {projected:,.2f} tCO2e") in zh
