"""GUI test fixtures: isolated QSettings, the app set up in English, the demo engagement."""

from __future__ import annotations

import contextlib
import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop import i18n
from desktop.dossier.importer import import_dossier
from desktop.paths import demo_dossier


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "demo.veridesk"
    import_dossier(demo_dossier(), out, actor="Test Verifier")
    return out


@pytest.fixture
def demo_file(demo_master, tmp_path) -> Path:
    """A private copy of the imported demo engagement (taipei-bakery)."""
    out = tmp_path / "demo.veridesk"
    shutil.copy(demo_master, out)
    return out


@pytest.fixture
def gui(qapp, tmp_path):
    """The application configured as ``run()`` does, with settings in tmp_path."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    from desktop.ui.app import create_app, install_translators

    create_app([], "en")  # also moves garbage collection to the GUI thread (gc_guard)
    yield qapp
    gc.collect()  # here, in the GUI thread, not in a later test's worker
    install_translators(qapp, "en")
    i18n.set_language(None)


@pytest.fixture
def window(gui, qtbot):
    from desktop.ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    yield w
    w.close()


def wait_checks(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.results is not None,
        timeout=60000,
    )


@contextlib.contextmanager
def shown_signoff_page(qtbot, path: Path) -> Iterator:
    """A shown Sign-off page on a session of ``path`` with its checks run; closed after."""
    from desktop.engagement import run_engagement_checks
    from desktop.ui.pages.signoff import SignoffPage
    from desktop.ui.session import Session

    s = Session.open(path)
    s.results = run_engagement_checks(s.conn)
    p = SignoffPage()
    qtbot.addWidget(p)
    p.resize(1200, 800)
    p.show()
    qtbot.waitExposed(p)
    p.set_engagement(s)
    yield p
    p.set_engagement(None)
    s.close()
