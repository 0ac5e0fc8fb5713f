"""The windowed SQLite table model: SQL filtering and sorting, big tables on demand."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from desktop.store.db import open_file
from desktop.ui.models import BLOCK, SqlTableModel
from desktop.ui.pages.data import TABLES


def _inventory_model(path):
    eng = open_file(path)
    return eng, SqlTableModel(eng.conn, "inventory", TABLES["inventory"])


def test_filter_and_sort_in_sql(gui, demo_file):
    eng, model = _inventory_model(demo_file)
    try:
        total = model.rowCount()
        assert total == eng.conn.execute("SELECT count(*) FROM inventory").fetchone()[0]
        col = TABLES["inventory"].index("source_id")
        model.set_filter("S3-1", col)
        ids = [model.index(r, col).data() for r in range(model.rowCount())]
        assert ids and all("S3-1" in i for i in ids)
        assert model.rowCount() < total
        model.set_filter("")
        assert model.rowCount() == total
        tco2e = TABLES["inventory"].index("tco2e")
        model.sort(tco2e, Qt.SortOrder.DescendingOrder)
        values = [model.index(r, tco2e).data(Qt.ItemDataRole.UserRole) for r in range(total)]
        assert values == sorted(values, reverse=True)
        top = eng.conn.execute("SELECT max(tco2e) FROM inventory").fetchone()[0]
        assert values[0] == top
        # filter and sort combine; the % and _ of LIKE are taken literally
        model.set_filter("electricity")
        assert 0 < model.rowCount() < total
        model.set_filter("100%_")
        assert model.rowCount() == 0
    finally:
        eng.close()


def test_data_page_filters_through_the_ui(window, demo_file, qtbot):
    window.open_path(demo_file)
    pane = window.page("data").panes["inventory"]
    total = pane.model.rowCount()
    pane.filter_edit.setText("S1-")
    pane.apply_filter()
    assert 0 < pane.model.rowCount() < total
    assert pane.count_label.text().startswith(str(pane.model.rowCount()))
    pane.view.sortByColumn(TABLES["inventory"].index("source_id"), Qt.SortOrder.AscendingOrder)
    first = pane.model.index(0, 1).data()
    last = pane.model.index(pane.model.rowCount() - 1, 1).data()
    assert first <= last


def test_big_monitoring_table_is_read_in_windows(gui, demo_file):
    conn = sqlite3.connect(demo_file)
    with conn:
        conn.executemany(
            "INSERT INTO monitoring (row_no, parameter, period, value, unit, meter_id) "
            "VALUES (?, ?, ?, ?, 'MWh', ?)",
            ((i + 2, f"EG_{i % 5}", f"2024-{1 + i % 12:02d}", i * 0.5, f"M-{i % 9}")
             for i in range(200_000)),
        )
    conn.close()
    eng = open_file(demo_file)
    try:
        model = SqlTableModel(eng.conn, "monitoring", TABLES["monitoring"])
        assert model.rowCount() == 200_000
        assert model.fetched_rows == 0
        value = TABLES["monitoring"].index("value")
        assert model.index(150_000, value).data(Qt.ItemDataRole.UserRole) == 150_000 * 0.5
        assert model.index(150_000, 0).data() == str(150_002)
        assert model.fetched_rows <= BLOCK
        # a filter and a sort are answered by SQLite, still without loading the rows
        # big tables are sorted and filtered in a background thread: the window stays live
        model.set_filter("EG_3", TABLES["monitoring"].index("parameter"))
        assert model.busy and model.rowCount() == 200_000  # the old rows until the answer
        assert model.wait_ready()
        assert model.rowCount() == 40_000
        model.sort(value, Qt.SortOrder.DescendingOrder)
        assert model.wait_ready()
        assert model.index(0, value).data(Qt.ItemDataRole.UserRole) == 199_998 * 0.5
        assert model.fetched_rows <= 3 * BLOCK
    finally:
        eng.close()


def test_big_table_count_returns_and_view_goes_to_top_after_a_sort(window, demo_file, qtbot):
    import desktop.ui.models as models

    conn = sqlite3.connect(demo_file)
    with conn:
        conn.executemany(
            "INSERT INTO monitoring (row_no, parameter, period, value, unit, meter_id) "
            "VALUES (?, ?, ?, ?, 'MWh', ?)",
            ((i + 2, f"EG_{i % 5}", f"2024-{1 + i % 12:02d}", i * 0.5, f"M-{i % 9}")
             for i in range(3_000)),
        )
    conn.close()
    models.ASYNC_ROWS = 1_000  # the background sort of big tables, on a small one
    try:
        window.open_path(demo_file)
        pane = window.page("data").panes["monitoring"]
        pane.view.scrollTo(pane.model.index(2_500, 0))
        pane.view.sortByColumn(TABLES["monitoring"].index("value"),
                               Qt.SortOrder.DescendingOrder)
        qtbot.waitUntil(lambda: not pane.model.busy, timeout=10_000)
        qtbot.waitUntil(lambda: "row" in pane.count_label.text(), timeout=5_000)
        assert str(pane.model.rowCount()) in pane.count_label.text().replace(",", "")
        assert pane.view.verticalScrollBar().value() == 0
    finally:
        models.ASYNC_ROWS = 100_000


def test_long_cells_show_their_full_text_as_a_tooltip(gui, demo_file):
    eng = open_file(demo_file)
    try:
        model = SqlTableModel(eng.conn, "inventory", TABLES["inventory"])
        col = TABLES["inventory"].index("description")
        long_rows = [r for r in range(model.rowCount())
                     if len(model.index(r, col).data() or "") > 24]
        assert long_rows
        index = model.index(long_rows[0], col)
        assert model.data(index, Qt.ItemDataRole.ToolTipRole) == index.data()
        short = model.index(0, TABLES["inventory"].index("scope"))
        assert model.data(short, Qt.ItemDataRole.ToolTipRole) is None
    finally:
        eng.close()
