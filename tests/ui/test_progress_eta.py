"""The progress dialog says how far the work is and about how long is left."""

from __future__ import annotations

import time

from desktop.ui.workers import Job, ProgressDialog


def test_progress_shows_share_and_time_left(qtbot, monkeypatch):
    job = Job(lambda progress, cancelled: None)
    dialog = ProgressDialog(job, "Importing")
    qtbot.addWidget(dialog)
    clock = iter([100.0, 102.0, 104.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    dialog._on_progress("tables", 0.01)  # the start: nothing to say yet
    assert dialog.labelText().endswith("Reading the tables")
    dialog._on_progress("tables", 0.5)  # half in 2 s: about 2 s left
    assert "50 %" in dialog.labelText() and "about 2 s left" in dialog.labelText()
    assert dialog.value() == 500


def test_progress_shows_how_much_was_read(qtbot, monkeypatch):
    job = Job(lambda progress, cancelled: None)
    dialog = ProgressDialog(job, "Importing")
    qtbot.addWidget(dialog)
    clock = iter([10.0, 12.0, 12.0, 12.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    dialog._on_progress(f"tables:{40 * 2**20}", 0.0)
    dialog._on_progress(f"tables:{40 * 2**20}", 0.45)  # half the bytes in 2 s
    text = dialog.labelText()
    assert "Reading the tables" in text and "20.0 of 40.0 MiB" in text
    assert "10.0 MiB/s" in text
