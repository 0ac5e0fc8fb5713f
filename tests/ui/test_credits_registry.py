"""The Credits page: each claimed block's registry status, the records covering it, and
adding a registry export."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from tests.conftest import EXAMPLES
from tests.ui.conftest import wait_checks

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"


@pytest.fixture
def registry_file(tmp_path) -> Path:
    out = tmp_path / "reg.veridesk"
    import_dossier(EXAMPLES / "neutral-steel-registry", out, actor="Test Verifier")
    return out


def statuses(page) -> dict[str, str]:
    t, cols = page.table, page.columns
    return {t.item(r, cols.index("serial")).text(): t.item(r, cols.index("registry_status")).text()
            for r in range(t.rowCount())}


def test_each_block_shows_its_registry_status_and_covering_records(window, registry_file,
                                                                      qtbot):
    window.open_path(registry_file)
    wait_checks(qtbot, window)
    page = window.page("credits")
    shown = statuses(page)
    assert shown["GS1-1-KE-GS7495-16-2023-30645-1-500"] == "retired for another entity"
    assert shown["GS1-1-KE-GS7495-16-2023-30645-501-600"] == "not retired"
    assert shown["ACR-US-934-2024-2891-60000 to 60099"] == "not in the export"
    assert shown["ACR-US-934-2024-2891-58384 to 58673"] == "matched"
    assert list(shown.values()).count("partly in the export") == 1
    row = next(r for r in range(page.table.rowCount())
               if page.table.item(r, page.columns.index("serial")).text().startswith("CAR-"))
    assert page.show_records(row) == 1  # 4 000 of the 4 100 units, in one record
    assert page.records.item(0, 0).text() == "registry/car-retirements.csv"
    assert page.records.item(0, 6).text() == "4,000"
    assert "Example Steel Corporation" in page.records.item(0, 5).text()
    assert "match the registry" in page.summary.text()


def test_add_a_registry_export_from_the_page(window, demo_file, qtbot, tmp_path):
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("credits")
    assert page.add_export_button.isEnabled()
    assert set(statuses(page).values()) == {""}  # no export: nothing to compare with
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    shown: list[str] = []
    import desktop.ui.pages.credits as credits_page

    original = credits_page.show_error
    credits_page.show_error = lambda _parent, title, exc: shown.append(str(exc))
    try:
        assert page.add_registry_export(str(bad)) is False
    finally:
        credits_page.show_error = original
    assert shown and "notes.csv" in shown[0]
    assert page.add_registry_export(str(DATA / "tw-moenv-retirements.csv"))
    wait_checks(qtbot, window)
    assert window.session.conn.execute(
        "SELECT count(*) FROM evidence WHERE path = 'registry/tw-moenv-retirements.csv'"
    ).fetchone()[0] == 1
    after = statuses(page)  # the demo's TW blocks are not in this list; GS and Verra: no export
    assert after["TW-2-1-031204501-031205150-00-00-A0000112"] == "not in the export"
    assert after["GS1-1-KE-GS11874-12-2021-24810-41207-41806"] == "no export of its registry"
    result = window.session.result("credits.registry_match")
    assert result.status == "fail" and result.figures["not_found"] == 3
