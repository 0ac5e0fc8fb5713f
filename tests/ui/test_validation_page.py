"""The Validation page on the solar PDD fixture: figures, break-evens, spider, cash flows."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from tests.ui.conftest import wait_checks

SOLAR = Path(__file__).resolve().parents[1] / "data" / "dossiers" / "solar-pdd"


@pytest.fixture
def solar_file(tmp_path) -> Path:
    out = tmp_path / "solar.veridesk"
    import_dossier(SOLAR, out, actor="Test Verifier")
    return out


def test_validation_page_shows_the_investment_analysis(window, solar_file, qtbot):
    window.open_path(solar_file)
    wait_checks(qtbot, window)
    page = window.page("validation")
    window.show_page(window.pages.index(page))
    assert page.values["irr"].text() == "7.95 %"
    assert page.values["benchmark"].text() == "10.50 %"
    assert page.values["npv"].text() == "-16,487 kUSD"
    assert page.verdict.text().startswith("IRR 7.95 % is below the benchmark 10.5 %")
    t = page.breakeven
    rows = {t.item(r, 0).text(): [t.item(r, c).text() for c in range(1, 5)]
            for r in range(t.rowCount())}
    assert rows["Capital expenditure"] == ["68.84 %", "9.44 %", "6.68 %", "-16.2 %"]
    assert rows["Revenue"][3] == "+15.3 %"
    assert rows["Operating cost"][3] == "beyond −90 % … +300 %"
    assert t.horizontalHeaderItem(2).text() == "IRR at −10 %"
    assert page.cash.rowCount() == 21
    assert page.cash.item(0, 0).text() == "2025"
    assert page.cash.item(0, 5).text() == "-102,000"
    assert page.cash.item(1, 5).text() == "10,924"  # 13 471 − 1 900 − 647
    assert set(page.spider.curves) == {"capex", "revenue", "opex"}
    assert page.spider.benchmark == 10.5 and page.spider.variation == 10
    assert len(page.spider.curves["revenue"]) == 21
    assert page.details.isVisible()
    assert not page.grab().isNull()


def test_validation_page_without_investment_data_says_so(window, demo_file, qtbot):
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("validation")
    window.show_page(window.pages.index(page))
    assert "not one" in page.verdict.text()
    assert not page.details.isVisible()
    assert page.cash.rowCount() == 0
