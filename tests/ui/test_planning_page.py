"""The Planning page: risk table, drawing a sample, entering results, the projection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.dossier.importer import import_dossier
from desktop.planning import store
from tests.ui.conftest import wait_checks

STEEL = Path(__file__).resolve().parents[1] / "data" / "dossiers" / "neutral-steel"


@pytest.fixture
def steel_file(tmp_path) -> Path:
    out = tmp_path / "steel.veridesk"
    import_dossier(STEEL, out, actor="Test Verifier")
    return out


def _row(table, text: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).text() == text)


def test_planning_page_assess_draw_and_record(window, steel_file, qtbot, tmp_path):
    window.open_path(steel_file)
    wait_checks(qtbot, window)
    page = window.page("planning")
    window.show_page(window.pages.index(page))
    assert page.population.currentData() == "inventory"
    risks = page.risks
    r = _row(risks, "S01")
    risks.cellWidget(r, 2).setCurrentIndex(1)  # high
    risks.cellWidget(r, 3).setCurrentIndex(2)  # medium
    assert risks.item(r, 4).text() == "high"
    reason = risks.cellWidget(r, 5)
    qtbot.mouseClick(reason, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(reason, "manual invoices, no reconciliation")
    qtbot.mouseClick(page.save_risks, Qt.MouseButton.LeftButton)
    [a] = store.list_risks(window.session.conn)
    assert (a.item, a.inherent, a.control, a.combined) == ("S01", "high", "medium", "high")
    assert page.risk_status.text().startswith("1 of")

    plan = page.draw("inventory", 2024)
    assert plan is not None and page.plans.count() == 1
    assert "seed 2024" in page.figures.text()
    selected = plan.plan["row_nos"]
    assert page.items.rowCount() == len(selected)
    key_rows = {k["row_no"] for k in plan.plan["key_items"]}
    s01 = next(k for k in plan.plan["key_items"] if k["label"] == "S01")  # high risk: key
    assert s01["row_no"] in key_rows
    # agree every row, one with an error
    for i in range(page.items.rowCount()):
        page.items.cellWidget(i, 4).setCurrentIndex(1)
    last = page.items.rowCount() - 1
    page.items.cellWidget(last, 4).setCurrentIndex(2)
    qtbot.keyClicks(page.items.cellWidget(last, 5), "0.8")
    qtbot.keyClicks(page.items.cellWidget(last, 6), "invoice shows less")
    qtbot.mouseClick(page.save_results, Qt.MouseButton.LeftButton)
    results = store.list_results(window.session.conn, plan.id)
    assert len(results) == len(selected)
    assert [r.error_tco2e for r in results if r.outcome == "error"] == [0.8]
    ev = store.evaluation(window.session.conn, plan)
    assert ev.complete and f"{ev.projected_tco2e:,.2f}" in page.projection.text()
    assert f"Tested {len(selected)} of {len(selected)}, 1 error(s)" in page.projection.text()
    # the checks see it
    wait_checks(qtbot, window)
    assert window.session.result("planning.sample").figures["tested"] == len(selected)
    shot = page.grab()
    assert not shot.isNull()


def test_planning_page_is_read_only_when_signed(window, steel_file, qtbot):
    import sqlite3

    with sqlite3.connect(steel_file) as conn:
        conn.execute("UPDATE engagement SET state = 'signed'")
    window.open_path(steel_file)
    page = window.page("planning")
    window.show_page(window.pages.index(page))
    assert not page.draw_button.isEnabled() and not page.save_risks.isEnabled()
