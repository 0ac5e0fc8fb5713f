"""The Validation page's ex-ante and crediting-period section on the solar PDD fixture."""

from __future__ import annotations

from pathlib import Path

from desktop.dossier.importer import import_dossier
from tests.ui.conftest import wait_checks

SOLAR = Path(__file__).resolve().parents[1] / "data" / "dossiers" / "solar-pdd"


def test_validation_page_shows_the_ex_ante_estimate(window, tmp_path, qtbot):
    out = tmp_path / "solar.veridesk"
    import_dossier(SOLAR, out, actor="Test Verifier")
    window.open_path(out)
    wait_checks(qtbot, window)
    page = window.page("validation")
    window.show_page(window.pages.index(page))
    d = page.design
    assert d.template.text() == "Methodology template: ACM0002, version 21.0"
    assert d.ex_ante.text().startswith("Ex-ante ER over 10 years (ACM0002 v21.0)")
    assert d.crediting.text().startswith("Crediting period 2026-01-01 to 2035-12-31")
    t = d.years
    assert t.rowCount() == 10
    assert [t.item(0, c).text() for c in range(4)] == ["2026", "76,000", "76,000", "0.00 %"]
    assert t.item(9, 0).text() == "2035"
    assert not page.grab().isNull()


def test_validation_page_without_a_template_says_so(window, demo_file, qtbot):
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("validation")
    assert page.design.template.text() == "No methodology template for this engagement."
    assert page.design.years.rowCount() == 0
