"""Coverage charts paint; Credits and Evidence present the engine's data."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

from desktop.ui.charts import Bar, CreditSpan, CreditTimeline, MaterialityBar, ParetoChart
from tests.ui.conftest import wait_checks


def _non_white(pixmap) -> int:
    img = pixmap.toImage()
    white = QColor("white").rgb()
    return sum(
        1
        for x in range(0, img.width(), 7)
        for y in range(0, img.height(), 7)
        if img.pixel(x, y) != white
    )


def test_pareto_chart_paints(gui, qtbot):
    chart = ParetoChart()
    qtbot.addWidget(chart)
    chart.resize(700, 340)
    bars = [Bar(f"S{i}", v, i != 4) for i, v in enumerate([620.0, 120.0, 80.0, 30.0, 12.0, 3.0])]
    chart.set_data(bars, "S0", 95.0)
    assert [b.value for b in chart.bars] == sorted((b.value for b in bars), reverse=True)
    pm = chart.grab()
    assert not pm.isNull() and pm.width() == 700
    assert _non_white(pm) > 100
    chart.set_data([], None)  # empty state paints too
    assert not chart.grab().isNull()


def test_materiality_and_timeline_paint(gui, qtbot):
    bar = MaterialityBar()
    qtbot.addWidget(bar)
    bar.resize(500, 74)
    bar.set_data(12.0, 114.78, False)
    assert not bar.grab().isNull()
    tl = CreditTimeline()
    qtbot.addWidget(tl)
    tl.resize(700, 240)
    tl.set_data(
        [CreditSpan("TW-1", 2021, 2021, date(2025, 3, 1), False),
         CreditSpan("VCS-2", 2018, 2019, date(2026, 2, 1), True)],
        (date(2024, 1, 1), date(2024, 12, 31)), date(2025, 12, 31), 2019,
    )
    assert _non_white(tl.grab()) > 100


def test_coverage_page_uses_check_figures(window, demo_file, qtbot):
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("coverage")
    assert page.values["coverage"].text() == "99.71 %"
    assert page.values["largest"].text().startswith("S2-01")
    assert len(page.chart.bars) == window.session.count("inventory")
    assert page.chart.marked is None  # no source above 50 % in the demo
    assert any(not b.included for b in page.chart.bars)
    window.show_page(window.pages.index(page))
    assert not page.grab().isNull()


def test_credits_page_parses_blocks(window, demo_file, qtbot):
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("credits")
    t = page.table
    assert t.rowCount() == 5
    cols = page.columns
    for r in range(t.rowCount()):
        start = t.item(r, cols.index("start")).value
        end = t.item(r, cols.index("end")).value
        assert t.item(r, cols.index("block")).value == end - start + 1
        assert t.item(r, cols.index("quantity")).value == end - start + 1
    assert len(page.timeline.spans) == 5
    assert page.timeline.deadline == date(2025, 12, 31)


def test_credits_flags_highlight_overlaps(window, demo_file, qtbot):
    import sqlite3

    conn = sqlite3.connect(demo_file)
    with conn:
        serial, reg = conn.execute("SELECT serial, registry FROM credits LIMIT 1").fetchone()
        conn.execute(
            "INSERT INTO credits (row_no, registry, serial, quantity, vintage, retired_on, "
            "beneficiary) VALUES (99, ?, ?, 1, '2022', '2025-01-01', 'Someone Else')",
            (reg, serial),
        )
    conn.close()
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("credits")
    flags = [page.table.item(r, page.columns.index("flags")).text()
             for r in range(page.table.rowCount())]
    assert sum("overlap" in f for f in flags) >= 2
    assert any("other beneficiary" in f for f in flags)


def test_evidence_previews(window, demo_file, qtbot):
    window.open_path(demo_file)
    page = window.page("evidence")
    ids = dict(window.session.conn.execute("SELECT path, id FROM evidence"))
    assert page.table.rowCount() == len(ids)
    assert page.preview(ids["evidence/electricity-bill-2024.png"]) == "image"
    assert page.image_label.pixmap().width() > 0
    assert page.preview(ids["evidence/lpg-deliveries-2024.csv"]) == "text"
    assert "," in page.text_view.toPlainText()
    assert page.preview(ids["evidence/gas-bills-2024.pdf"]) in ("pdf", "external")
    assert page.open_button.isEnabled()


def test_data_page_tints_rows_the_checks_name(window, demo_file, qtbot):
    from PySide6.QtCore import Qt

    from desktop.ui.theme import STATUS_TINTS

    window.open_path(demo_file)
    wait_checks(qtbot, window)
    model = window.page("data").panes["inventory"].model
    by_source = {model.index(r, 1).data(): r for r in range(model.rowCount())}
    warn = model.index(by_source["S1-01"], 2).data(Qt.ItemDataRole.BackgroundRole)
    assert warn == STATUS_TINTS["warn"]
    assert "S1-01" in model.index(by_source["S1-01"], 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(by_source["S1-02"], 2).data(Qt.ItemDataRole.BackgroundRole) is None
    excluded = model.index(by_source["S3-15"], 2).data(Qt.ItemDataRole.BackgroundRole)
    assert excluded == STATUS_TINTS["n/a"]
    from desktop.ui.pages.data import TABLES

    included = TABLES["inventory"].index("included")
    assert model.index(by_source["S3-15"], included).data() == "no"
    assert model.index(by_source["S1-02"], included).data() == "yes"
