"""GUI speed, headless (QT_QPA_PLATFORM=offscreen): ``python bench/gui_speed.py``.

1. Cold start to the first painted window, VeriDesk vs a bare PySide6 window, each in a
   fresh subprocess (median of N runs), and the ratio.
2. Opening a 1 000 000-row monitoring engagement to a usable table (the Data page's
   monitoring tab painted with rows), jumping to row 900 000, and a filter + sort done
   in SQL; measured in this process.

It prints times in ms and the ratios. It asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))

PAINT_PROBE = """
import sys, time
from PySide6.QtCore import QEvent, QObject
class Probe(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            sys.stdout.flush()
            import os; os._exit(0)
        return False
"""

BARE = PAINT_PROBE + """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(1280, 800)
p = Probe(); w.installEventFilter(p)
w.show(); app.exec()
"""

VERIDESK = PAINT_PROBE + """
from desktop.ui.app import create_app
app = create_app([])
from desktop.ui.main_window import MainWindow
w = MainWindow()
p = Probe(); w.installEventFilter(p)
w.show(); app.exec()
"""

VERIDESK_FILE = PAINT_PROBE + """
from pathlib import Path
from desktop.ui.app import create_app
app = create_app([])
from desktop.ui.main_window import MainWindow
w = MainWindow()
w.open_path(Path(sys.argv[1]))
p = Probe(); w.installEventFilter(p)
w.show(); app.exec()
"""


def _spawn(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    # An installed or frozen app starts from compiled bytecode: let the warm-up run write
    # it, or every timed start would compile the whole package from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
        cwd=ROOT, timeout=120,
    )
    dt = time.perf_counter() - t0
    if "painted" not in out.stdout:
        raise RuntimeError(out.stderr[-2000:])
    return dt * 1000


def _median(code: str, *args: str) -> float:
    _spawn(code, *args)  # warm the OS file cache
    return statistics.median(_spawn(code, *args) for _ in range(RUNS))


def _big_engagement(folder: Path, rows: int) -> Path:
    from desktop.dossier.importer import import_dossier
    from desktop.paths import demo_dossier

    out = folder / "big.veridesk"
    import_dossier(demo_dossier(), out, actor="bench")
    conn = sqlite3.connect(out)
    with conn:
        conn.executemany(
            "INSERT INTO monitoring (row_no, parameter, period, value, unit, meter_id) "
            "VALUES (?, ?, ?, ?, 'MWh', ?)",
            ((i + 2, f"EG_{i % 5}", f"2024-{1 + i % 12:02d}", i * 0.5, f"M-{i % 9}")
             for i in range(rows)),
        )
    conn.close()
    return out


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="veridesk-bench-"))
    os.environ["VERIDESK_DATA_DIR"] = str(tmp / "data")
    try:
        bare = _median(BARE)
        vd = _median(VERIDESK)
        print(f"cold start to first paint, median of {RUNS}:")
        print(f"  bare PySide6 window        {bare:8.0f} ms")
        print(f"  VeriDesk main window       {vd:8.0f} ms   ratio {vd / bare:.2f}x")
        demo = tmp / "demo.veridesk"
        from desktop.dossier.importer import import_dossier
        from desktop.paths import demo_dossier

        import_dossier(demo_dossier(), demo, actor="bench")
        vdf = _median(VERIDESK_FILE, str(demo))
        print(f"  VeriDesk on the demo file  {vdf:8.0f} ms   ratio {vdf / bare:.2f}x")

        rows = int(os.environ.get("BENCH_ROWS", "1000000"))
        t = time.perf_counter()
        big = _big_engagement(tmp, rows)
        print(f"\n{rows:,}-row monitoring engagement built in {time.perf_counter() - t:.1f} s")

        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        from desktop.ui.app import create_app

        app = create_app([])
        from desktop.ui.main_window import MainWindow

        w = MainWindow()
        w.resize(1280, 800)
        w.show()
        app.processEvents()
        t0 = time.perf_counter()
        w.open_path(big)
        data = w.page("data")
        w.show_page(w.pages.index(data))
        data.tabs.setCurrentWidget(data.panes["monitoring"])
        pane = data.panes["monitoring"]
        w.grab()  # paints the visible rows
        t_open = (time.perf_counter() - t0) * 1000
        model = pane.model
        assert model.rowCount() == rows
        t0 = time.perf_counter()
        pane.view.scrollTo(model.index(900_000 if rows > 900_000 else rows - 1, 0))
        w.grab()
        t_jump = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        for _ in range(50):  # 50 successive page-downs
            pane.view.verticalScrollBar().setValue(pane.view.verticalScrollBar().value() + 700)
            pane.view.viewport().grab()
        t_scroll = (time.perf_counter() - t0) * 1000 / 50
        t0 = time.perf_counter()
        model.set_filter("EG_3", 1)
        model.wait_ready()
        model.sort(3, Qt.SortOrder.DescendingOrder)
        model.wait_ready()
        w.grab()
        t_filter = (time.perf_counter() - t0) * 1000
        print(f"  open to a painted table      {t_open:8.0f} ms   ratio to bare start "
              f"{t_open / bare:.2f}x (rows read from SQLite: {model.fetched_rows:,})")
        print(f"  jump to row 900,000          {t_jump:8.0f} ms")
        print(f"  one page-down, repainted     {t_scroll:8.1f} ms")
        print(f"  filter + sort ({model.rowCount():,} rows)  {t_filter:8.0f} ms")
        for job in list(w._jobs):
            job.wait(120000)

        # answering checklist items by keyboard on the demo engagement: key 1 answers and
        # moves on (one audited transaction each, tree and detail repainted)
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        w.open_path(demo)
        for job in list(w._jobs):
            job.wait(120000)
        app.processEvents()
        page = w.page("checklists")
        w.nav.setCurrentRow(w.pages.index(page))
        page.tree.setFocus()
        n = min(100, len(page.states))
        t0 = time.perf_counter()
        from desktop.ui.pages.checklists import RESPONSE_KEYS

        for _ in range(n):
            # a pre-filled item is confirmed with its suggested answer (another answer would
            # ask for a reason in a dialog); the others are answered "conforms" (key 1)
            state = page.current_state()
            digit = RESPONSE_KEYS.index((state and state.suggested) or "conforms")
            ev = QKeyEvent(
                QEvent.Type.KeyPress,
                Qt.Key(Qt.Key.Key_1 + digit),
                Qt.KeyboardModifier.NoModifier,
                str(1 + digit),
            )
            QApplication.sendEvent(page.tree, ev)
            app.processEvents()
        t_answer = (time.perf_counter() - t0) * 1000 / n
        answered = sum(s.answered for s in page.states)
        print(f"\nanswering {n} checklist items by keyboard: {t_answer:6.1f} ms per item "
              f"(target <= 16; {answered} answered)")
        w.close()
        QApplication.processEvents()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
