"""``desktop.ui.app.run`` as ``veridesk gui FILE`` calls it; fonts and translators."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import i18n

RUN = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.ui import app as app_module

create = app_module.create_app

def create_app(*args, **kwargs):
    app = create(*args, **kwargs)
    def report():
        w = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
        print("TITLE", w.windowTitle(), flush=True)
        w.close()
        QApplication.quit()
    QTimer.singleShot(500, report)
    return app

app_module.create_app = create_app
sys.exit(app_module.run(Path(sys.argv[1])))
"""


def test_run_opens_the_file_and_quits(demo_file, tmp_path):
    """``veridesk gui FILE`` (``run``), in its own process as a user starts it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VERIDESK_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", RUN, str(demo_file)], capture_output=True, text=True,
        encoding="utf-8", env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert f"TITLE VeriDesk — {demo_file.name}" in out.stdout
    assert "Traceback" not in out.stderr


def test_cjk_font_registered_and_zh_translators(gui):
    from desktop.ui.app import install_translators

    assert any("WenQuanYi" in f for f in QFontDatabase.families())
    assert "WenQuanYi Micro Hei" in gui.font().families()
    install_translators(gui, "zh-TW")
    assert i18n.current_language() == "zh-TW"
    assert QApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own
    assert QApplication.translate("labels", "Credit vintages") == "額度年份"
    install_translators(gui, "en")
    assert QApplication.translate("labels", "Credit vintages") == "Credit vintages"


def test_sigterm_closes_the_window_and_releases_the_file(demo_file, tmp_path):
    import signal
    import time

    from desktop.store.db import open_file

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VERIDESK_DATA_DIR": str(tmp_path)}
    code = (
        "import sys; from pathlib import Path; from desktop.ui.app import run; "
        "sys.exit(run(Path(sys.argv[1])))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(demo_file)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(3)
        assert proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    finally:
        if proc.poll() is None:
            proc.kill()
    with open_file(demo_file, write=True) as eng:  # the lock was released
        assert eng.writable


def test_garbage_is_collected_in_the_gui_thread_only(gui):
    import gc

    from desktop.ui.gc_guard import GarbageCollector

    assert not gc.isenabled()  # a worker thread must never free Qt objects
    guard = gui.findChild(GarbageCollector)
    assert guard is not None and guard.timer.isActive()
    guard.check()


def test_the_window_is_built_without_loading_the_engine(tmp_path):
    """Every page, the new ones included, leaves numpy and pandas to the first file opened:
    the window does not wait for them at start-up."""
    import os
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from desktop.ui.app import create_app\n"
        "app = create_app([], 'en')\n"
        "from desktop.ui.main_window import MainWindow\n"
        "w = MainWindow()\n"
        "print(sorted(m for m in ('numpy', 'pandas') if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "VERIDESK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
