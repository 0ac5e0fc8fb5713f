"""Imports run in a worker; cancelling one leaves no file."""

from __future__ import annotations

from tests.dossiers import VERIFICATION, make_dossier


def _big_dossier(folder, rows=400_000):
    lines = ["parameter,period,value,unit,meter_id"]
    lines += [f"EG_{i % 5},2024-{1 + i % 12:02d},{i * 1.25:.2f},MWh,M-{i % 9}" for i in range(rows)]
    return make_dossier(folder, VERIFICATION, {"monitoring.csv": "\n".join(lines) + "\n"})


def test_cancelled_import_leaves_no_file(window, tmp_path, qtbot):
    dossier = _big_dossier(tmp_path / "big")
    out = tmp_path / "out" / "big.veridesk"
    out.parent.mkdir()
    job = window.start_import(dossier, out)
    with qtbot.waitSignal(job.progress, timeout=30000):
        pass
    from PySide6.QtWidgets import QPushButton

    window.progress_dialog.findChild(QPushButton).click()  # the user presses Cancel
    with qtbot.waitSignal(job.done, timeout=60000):
        pass
    job.wait()
    assert job.is_cancelled()
    assert not out.exists()
    assert list(out.parent.iterdir()) == []
    assert window.session is None


def test_import_opens_the_new_file(window, tmp_path, qtbot):
    from desktop.paths import demo_dossier

    out = tmp_path / "demo.veridesk"
    with qtbot.waitSignal(window.import_finished, timeout=60000) as sig:
        window.start_import(demo_dossier(), out)
    assert sig.args == [out]
    assert window.session is not None and window.session.path == out


def test_import_error_is_shown_not_raised(window, tmp_path, qtbot, monkeypatch):
    import desktop.ui.errors as errors

    shown = []
    monkeypatch.setattr(errors.QMessageBox, "exec", lambda box: shown.append(box.text()))
    bad = make_dossier(tmp_path / "bad", VERIFICATION,
                       {"monitoring.csv": "parameter,period,value,unit\nEG,2024-01,abc,MWh\n"})
    with qtbot.waitSignal(window.import_finished, timeout=60000) as sig:
        window.start_import(bad, tmp_path / "bad.veridesk")
    assert sig.args == [None]
    assert shown and "monitoring.csv" in shown[0] and "abc" in shown[0]
    assert not (tmp_path / "bad.veridesk").exists()


def test_work_that_must_finish_ignores_escape(qtbot):
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton, QWidget

    from desktop.ui.workers import Job, ProgressDialog

    go = threading.Event()
    job = Job(lambda progress, cancelled: go.wait(30) and "made")
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ProgressDialog(job, "Signing…", parent, cancellable=False)
    dialog.setMinimumDuration(0)
    job.start()
    try:
        dialog.show()
        assert dialog.findChild(QPushButton) is None  # no Cancel button
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        dialog.close()
        assert dialog.isVisible() and not job.is_cancelled()
        with qtbot.waitSignal(job.succeeded, timeout=30000) as done:
            go.set()
        assert done.args == ["made"]
    finally:
        go.set()
        job.wait()
