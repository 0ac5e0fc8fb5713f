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


@pytest.fixture(autouse=True)
def errors(monkeypatch) -> list[str]:
    """The errors the page shows (recorded: a modal box would wait for a click)."""
    import desktop.ui.pages.credits as credits_page

    shown: list[str] = []
    monkeypatch.setattr(credits_page, "show_error",
                        lambda _parent, _title, exc: shown.append(str(exc)))
    return shown


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


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: not window.checks_running() and window.session.results is not None,
        timeout=60000,
    )


def _go(window, key: str):
    page = window.page(key)
    window.nav.setCurrentRow(window.pages.index(page))  # as a click in the navigation does
    assert window.current_page() is page
    return page


def _ended(qtbot, job) -> None:
    """Wait for a page's worker (its end is signalled in the GUI thread, after start)."""
    assert job is not None
    with qtbot.waitSignal(job.ended, timeout=60000):
        pass


def test_add_a_registry_export_from_the_page(window, demo_file, qtbot, tmp_path, errors):
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("credits")
    assert page.add_export_button.isEnabled()
    assert set(statuses(page).values()) == {""}  # no export: nothing to compare with
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    _ended(qtbot, page.add_registry_export(str(bad)))
    assert len(errors) == 1 and "notes.csv" in errors[0]  # refused in the worker, shown
    errors.clear()
    assert window.session.conn.execute(
        "SELECT count(*) FROM registry_export").fetchone()[0] == 0
    _ended(qtbot, page.add_registry_export(str(DATA / "tw-moenv-retirements.csv")))
    _settle(qtbot, window)
    assert window.session.conn.execute(
        "SELECT count(*) FROM evidence WHERE path = 'registry/tw-moenv-retirements.csv'"
    ).fetchone()[0] == 1
    after = statuses(page)  # the demo's TW blocks are not in this list; GS and Verra: no export
    assert after["TW-2-1-031204501-031205150-00-00-A0000112"] == "not in the export"
    assert after["GS1-1-KE-GS11874-12-2021-24810-41207-41806"] == "no export of its registry"
    result = window.session.result("credits.registry_match")
    assert result.status == "fail" and result.figures["not_found"] == 3
    assert errors == []


def test_clicking_add_reads_and_stores_in_a_worker(window, registry_file, qtbot, monkeypatch,
                                                   tmp_path, errors):
    """The button asks for the file, the export is read off the GUI thread, and the new
    export shows on every page (Credits, Evidence) without a refresh."""
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from desktop.registry import store

    window.open_path(registry_file)
    wait_checks(qtbot, window)
    _settle(qtbot, window)
    page = _go(window, "credits")
    evidence = window.page("evidence")
    before = evidence.table.rowCount()
    assert statuses(page)["ACR-US-934-2024-2891-60000 to 60099"] == "not in the export"
    # a newer ACR download that lists the block the first one lacked, retired for the client
    newer = tmp_path / "acr-2025.csv"
    newer.write_text(
        "Credit Serial Numbers,Quantity of Credits,Status Effective (GMT),Retired on Behalf of,"
        "Vintage,Project ID\n"
        "ACR-US-934-2024-2891-60000 to 60099,100,03/01/2025,Example Steel Corporation,2024,"
        "ACR934\n", encoding="utf-8")
    asked: list[tuple] = []

    def choose(*args, **kwargs):
        asked.append(args)
        return str(newer), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    threads: list[bool] = []
    real = store.read_export

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "read_export", spy)
    from desktop.ui import workers

    jobs = []
    make = workers.registry_export_job

    def started(*args):
        jobs.append(make(*args))
        return jobs[-1]

    monkeypatch.setattr(workers, "registry_export_job", started)
    qtbot.mouseClick(page.add_export_button, Qt.MouseButton.LeftButton)
    assert asked and len(jobs) == 1
    _ended(qtbot, jobs[0])
    assert not page.jobs  # dropped once ended
    _settle(qtbot, window)
    assert errors == [] and threads == [False]  # read in the worker, not the GUI thread
    conn = window.session.conn
    assert conn.execute("SELECT records FROM registry_export WHERE path = ?",
                        ("registry/acr-2025.csv",)).fetchone() == (1,)
    assert statuses(page)["ACR-US-934-2024-2891-60000 to 60099"] == "matched"
    row = next(r for r in range(page.table.rowCount())
               if page.table.item(r, page.columns.index("serial")).text().endswith("60099"))
    assert page.show_records(row) == 1
    assert page.records.item(0, 0).text() == "registry/acr-2025.csv"
    _go(window, "evidence")  # the other pages heard of it
    assert evidence.table.rowCount() == before + 1
    trail = conn.execute("SELECT action, entity, entity_key FROM audit ORDER BY id DESC LIMIT 1"
                         ).fetchone()
    assert trail == ("add", "registry_export", "registry/acr-2025.csv")


def test_a_cancelled_export_leaves_nothing(window, registry_file, qtbot, monkeypatch, errors,
                                           tmp_path):
    import shutil
    import threading

    from desktop.registry import store

    window.open_path(registry_file)
    wait_checks(qtbot, window)
    _settle(qtbot, window)
    page = window.page("credits")
    reading, release = threading.Event(), threading.Event()
    real = store.read_export

    def slow(*args, **kwargs):
        reading.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "read_export", slow)
    trail = window.session.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    newer = tmp_path / "tw-2025.csv"
    shutil.copyfile(DATA / "tw-moenv-retirements.csv", newer)
    job = page.add_registry_export(str(newer))
    assert reading.wait(30)
    job.cancel()  # as the progress dialog's Cancel button does
    release.set()
    cancelled: list[bool] = []
    job.was_cancelled.connect(lambda: cancelled.append(True))
    _ended(qtbot, job)
    assert errors == [] and cancelled == [True]
    conn = window.session.conn
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] == trail
    assert conn.execute("SELECT count(*) FROM evidence WHERE path = 'registry/tw-2025.csv'"
                        ).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM registry_export").fetchone()[0] == 5
