"""The two-process import of large CSVs gives exactly what the one-process path gives."""

from __future__ import annotations

import sqlite3

import pytest

import desktop.dossier.parallel as parallel
from desktop.dossier.importer import import_dossier
from desktop.errors import InputError
from tests.dossiers import VERIFICATION, make_dossier


def _monitoring(rows: int, newline: str = "\n", bad_at: int | None = None,
                blank_at: int | None = None) -> str:
    lines = ["parameter,period,value,unit,meter_id"]
    for i in range(rows):
        line = f"EG_{i % 5},2024-{1 + i % 12:02d},{i * 1.25:.2f},MWh,M-{i % 9}"
        if i == bad_at:
            line = f"EG_{i % 5},2024-01,1,234.5,MWh,M-1"  # an unquoted thousands separator
        lines.append(line)
        if i == blank_at:
            lines.append("")
    return newline.join(lines) + newline


def _rows(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM monitoring ORDER BY row_no").fetchall()
    finally:
        conn.close()


def _import(tmp_path, text, split: bool, monkeypatch, name="o"):
    monkeypatch.setattr(parallel, "MIN_BYTES", 1 if split else 1 << 40)
    folder = make_dossier(tmp_path / f"d-{name}", VERIFICATION, {"monitoring.csv": text})
    out = tmp_path / f"{name}.veridesk"
    import_dossier(folder, out)
    return out


@pytest.mark.parametrize("method", ["fork", "spawn"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_split_equals_single_process(tmp_path, monkeypatch, newline, method):
    import desktop.dossier.bulk as bulk

    if method not in parallel.multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(parallel, "start_method", lambda: method)
    text = _monitoring(3001, newline)
    one = _rows(_import(tmp_path, text, False, monkeypatch, "one"))
    calls = []
    real = bulk.load_split
    monkeypatch.setattr(bulk, "load_split", lambda *a, **k: calls.append(a) or real(*a, **k))
    two = _rows(_import(tmp_path, text, True, monkeypatch, "two"))
    assert len(calls) == 1  # the second half really went through a second process
    assert len(one) == 3001 and one == two
    assert two[0][0] == 2 and two[-1][0] == 3002


def test_blank_line_in_second_half_keeps_row_numbers(tmp_path, monkeypatch):
    text = _monitoring(2000, blank_at=1500)
    rows = _rows(_import(tmp_path, text, True, monkeypatch))
    assert len(rows) == 2000
    numbers = [r[0] for r in rows]
    assert 1503 not in numbers and numbers[-1] == 2002  # the blank line is row 1503


def test_ragged_row_in_second_half_is_named(tmp_path, monkeypatch):
    text = _monitoring(2000, bad_at=1700)
    with pytest.raises(InputError) as err:
        _import(tmp_path, text, True, monkeypatch)
    assert err.value.text("en").startswith("monitoring.csv row 1702: has 6 fields")
    assert not list(tmp_path.glob("*.veridesk*"))


def test_quoted_file_is_not_split(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('a,b\n"x",1\n' * 10)
    assert parallel.plan_split(path, "utf-8") is None


def _with_values(rows: int, values: dict[int, str]) -> str:
    lines = ["parameter,period,value,unit,meter_id"]
    for i in range(rows):
        lines.append(f"EG_{i % 5},2024-01,{values.get(i, f'{i}.5')},MWh,M-{i % 9}")
    return "\n".join(lines) + "\n"


def test_values_are_repaired_in_both_halves(tmp_path, monkeypatch):
    # full-width digits are repaired to numbers whichever process loaded them
    text = _with_values(2000, {100: "１２３.５", 1800: "４５６"})
    rows = {r[0]: r for r in _rows(_import(tmp_path, text, True, monkeypatch))}
    assert rows[102][3] == 123.5 and rows[1802][3] == 456.0
    assert rows[500][3] == 498.5


def test_bad_values_in_both_halves_are_named(tmp_path, monkeypatch):
    text = _with_values(2000, {100: "12x", 1800: "abc"})
    with pytest.raises(InputError) as err:
        _import(tmp_path, text, True, monkeypatch)
    message = err.value.text("en")
    assert "monitoring.csv row 102, column value: '12x' is not a number" in message
    assert "monitoring.csv row 1802, column value: 'abc' is not a number" in message
    assert not list(tmp_path.glob("*.veridesk*"))


def test_start_method_forks_only_without_threads_or_qt(monkeypatch):
    import sys
    import threading

    monkeypatch.delitem(sys.modules, "PySide6.QtCore", raising=False)
    if "fork" in parallel.multiprocessing.get_all_start_methods():
        assert parallel.start_method() == "fork"
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallel.start_method() == "spawn"
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", object())
    assert parallel.start_method() == "spawn"


_KILLED_PARENT = r"""
import os, sys, time
from pathlib import Path
import desktop.dossier.parallel as par
from desktop.dossier.importer import import_dossier

marker = Path(sys.argv[3])
real = par._child

def slow_child(*args):
    marker.write_text(str(os.getpid()))
    time.sleep(30)
    return real(*args)

slow_child.__module__ = "__main__"
par._child = slow_child
par.MIN_BYTES = 1
par.start_method = lambda: "fork"
import_dossier(sys.argv[1], sys.argv[2])
"""


@pytest.mark.skipif(
    "fork" not in parallel.multiprocessing.get_all_start_methods(), reason="no fork here"
)
def test_loader_dies_with_its_killed_parent_and_debris_goes(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import REPO

    folder = make_dossier(tmp_path / "d", VERIFICATION, {"monitoring.csv": _monitoring(3001)})
    out = tmp_path / "o.veridesk"
    marker = tmp_path / "child.pid"
    script = tmp_path / "killed.py"
    script.write_text(_KILLED_PARENT, encoding="utf-8")
    parent = subprocess.Popen(
        [sys.executable, str(script), str(folder), str(out), str(marker)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() or not marker.read_text():
        assert time.monotonic() < deadline and parent.poll() is None, parent.stderr.read()
        time.sleep(0.05)
    child = int(marker.read_text())
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child):
        assert time.monotonic() < deadline, "the loader outlived its parent"
        time.sleep(0.05)
    assert "Traceback" not in parent.stderr.read()
    debris = [p.name for p in tmp_path.iterdir() if p.name.startswith(".o.veridesk.partial-")]
    assert debris, "the killed import should have left its partial file"
    import_dossier(folder, out)  # the next run clears the dead process's partials
    left = [p.name for p in tmp_path.iterdir() if p.name.startswith(".o.veridesk")]
    assert left == [] and out.is_file()


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (not yet reaped by init) counts as gone
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def test_split_import_reports_progress_as_it_goes(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_BYTES", 1)
    folder = make_dossier(tmp_path / "d", VERIFICATION, {"monitoring.csv": _monitoring(200_000)})
    seen: list[float] = []
    def record(phase: str, frac: float) -> None:
        if phase.startswith("tables"):
            seen.append(frac)

    import_dossier(folder, tmp_path / "o.veridesk", progress=record)
    middle = [f for f in seen if 0.05 < f < 0.9]
    assert len(middle) >= 3, seen[:20]  # not stuck at 0 % and then 99 %
    assert seen == sorted(seen)
