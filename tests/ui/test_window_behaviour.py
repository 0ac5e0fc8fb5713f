"""Issue 14: the window fits the screen and remembers itself, File › Close, recent files
on the welcome page, menus that need a file, drag and drop."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.paths import demo_dossier
from tests.ui.conftest import wait_checks


@pytest.fixture
def make_window(gui, qtbot):
    """A new MainWindow as ``run()`` makes it (no resize), shown; closed at the end."""
    made = []

    def make():
        from desktop.ui.main_window import MainWindow

        w = MainWindow()
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def _urls(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _drop(window, mime: QMimeData) -> bool:
    """Deliver a drop to the window's handler (outside a real drag, QApplication routes a
    drop only to the drag manager's target); True when the window accepted it."""
    event = QDropEvent(
        QPointF(window.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    event.setAccepted(False)
    window.dropEvent(event)
    return event.isAccepted()


# ---- 1. the screen, geometry, splitters, the last page ---------------------------------
def test_first_run_fits_the_available_screen(make_window):
    w = make_window()
    avail = QGuiApplication.primaryScreen().availableGeometry()
    assert avail.contains(w.frameGeometry())
    assert w.width() <= 1280 and w.height() <= 800
    # centred
    assert abs(w.frameGeometry().center().x() - avail.center().x()) <= 2
    assert abs(w.frameGeometry().center().y() - avail.center().y()) <= 2


def test_geometry_splitters_and_page_restored_after_reopening(make_window, demo_file, qtbot):
    from PySide6.QtWidgets import QSplitter

    w = make_window()
    assert w.open_path(demo_file)
    evidence = w.page("evidence")
    w.nav.setCurrentRow(w.pages.index(evidence))
    split = evidence.findChildren(QSplitter)[0]
    assert split.objectName()  # named, so its state is saved by name
    total = sum(split.sizes())
    split.setSizes([total // 4, total - total // 4])
    sizes = split.sizes()
    w.setGeometry(20, 30, 500, 400)
    qtbot.wait(20)
    geometry = w.geometry()
    w.close()

    again = make_window()
    assert again.geometry() == geometry
    assert again.session is None
    assert again.open_path(demo_file)
    assert again.current_page() is again.page("evidence")
    assert again.page("evidence").findChildren(QSplitter)[0].sizes() == sizes


def test_saved_geometry_off_screen_falls_back_to_the_screen(make_window):
    from desktop.ui import settings as prefs

    w = make_window()
    w.setGeometry(20, 30, 500, 400)
    w.close()
    # a geometry saved on a larger screen (or one no longer attached)
    big = make_window()
    big.setGeometry(0, 0, 5000, 4000)
    prefs.set_window_bytes("geometry", big.saveGeometry())
    big.hide()
    third = make_window()
    assert QGuiApplication.primaryScreen().availableGeometry().contains(third.frameGeometry())


# ---- 2. File › Close, menus that need a file, recent files on the welcome page ---------
def test_close_returns_to_welcome_and_file_menus_follow(make_window, demo_file, qtbot):
    w = make_window()
    needs_file = [w.act_close, w.act_export, w.act_export_report, w.act_find, w.act_recheck]
    assert w.act_close.shortcut() == QKeySequence("Ctrl+W")
    assert not any(a.isEnabled() for a in [*needs_file, *w.page_actions])
    assert w.act_open.isEnabled() and w.act_new.isEnabled()
    assert w.open_path(demo_file)
    wait_checks(qtbot, w)
    assert all(a.isEnabled() for a in [*needs_file, *w.page_actions])
    w.act_close.trigger()
    assert w.session is None
    assert w.stack.currentWidget() is w.welcome
    assert w.windowTitle() == "VeriDesk"
    assert not w.nav.isEnabled()
    assert not any(a.isEnabled() for a in [*needs_file, *w.page_actions])
    assert w.file_label.text() == ""
    # the file just closed heads the welcome page's list
    assert w.recent_list.paths()[0] == str(demo_file.resolve())


def test_recent_files_on_welcome_page(make_window, demo_file, tmp_path, qtbot):
    from desktop.ui import settings as prefs
    from desktop.ui.welcome import MISSING_ROLE

    gone = tmp_path / "gone.veridesk"
    older = tmp_path / "older.veridesk"
    shutil.copy(demo_file, older)
    prefs.add_recent(older)
    prefs.add_recent(gone)
    prefs.add_recent(demo_file)
    w = make_window()
    lst = w.recent_list
    assert not lst.isHidden()
    assert lst.paths() == [str(p.resolve()) for p in (demo_file, gone, older)]
    missing = lst.item(1)
    assert missing.data(MISSING_ROLE) is True
    assert "not found" in missing.toolTip()
    assert lst.item(0).data(MISSING_ROLE) is False
    # a missing file does not open; Delete removes it
    lst.setCurrentRow(1)
    qtbot.mouseClick(
        lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(missing).center()
    )
    assert w.session is None
    lst.setFocus()
    lst.setCurrentRow(1)
    lst.act_remove.trigger()
    assert lst.paths() == [str(p.resolve()) for p in (demo_file, older)]
    assert prefs.recent_files() == lst.paths()
    # Enter opens the current file
    lst.setCurrentRow(1)
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert w.session is not None and w.session.path.name == "older.veridesk"
    w.close_file()
    # a click opens one; the list is most recent first again
    assert w.recent_list.paths()[0] == str(older.resolve())
    item = w.recent_list.item(1)
    pos = w.recent_list.visualItemRect(item).center()
    qtbot.mouseClick(w.recent_list.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert w.session is not None and w.session.path.name == demo_file.name


def test_welcome_list_hidden_without_recent_files(make_window):
    w = make_window()
    assert w.recent_list.count() == 0
    assert w.recent_list.isHidden()


# ---- 3. drag and drop ------------------------------------------------------------------
def test_drop_engagement_file_opens_it(make_window, demo_file):
    w = make_window()
    assert w.acceptDrops()
    assert _drop(w, _urls(demo_file))
    assert w.session is not None and w.session.path == demo_file


def test_drop_dossier_folder_and_zip_start_the_import(make_window, tmp_path, qtbot, monkeypatch):
    w = make_window()
    asked = []

    def save_as(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / f"dropped{len(asked)}"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    folder = demo_dossier()
    with qtbot.waitSignal(w.import_finished, timeout=120000) as blocker:
        assert w.handle_drop(_urls(folder))
    assert blocker.args[0] is not None
    assert asked[0].endswith(folder.name + ".veridesk")
    assert w.session is not None and w.session.path.name == "dropped1.veridesk"

    archive = shutil.make_archive(str(tmp_path / "dossier"), "zip", folder)
    with qtbot.waitSignal(w.import_finished, timeout=120000) as blocker:
        assert _drop(w, _urls(archive))
    assert blocker.args[0] is not None
    assert w.session.path.name == "dropped2.veridesk"


def test_drop_anything_else_is_explained_in_the_status_bar(make_window, tmp_path):
    w = make_window()
    note = tmp_path / "notes.txt"
    note.write_text("hello", encoding="utf-8")
    assert not _drop(w, _urls(note))
    assert w.session is None
    assert "Drop one engagement file" in w.statusBar().currentMessage()
    w.statusBar().clearMessage()
    assert not w.handle_drop(_urls(note, tmp_path))  # two at once
    assert "Drop one" in w.statusBar().currentMessage()


def test_drag_enter_accepts_local_files_only(make_window, demo_file):
    from PySide6.QtGui import QDragEnterEvent

    w = make_window()
    mimes = [_urls(demo_file), QMimeData(), _urls("/a/b.zip", "/a/c.zip")]
    for mime, accepted in zip(mimes, (True, False, False), strict=True):
        event = QDragEnterEvent(
            QPoint(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        event.setAccepted(False)
        w.dragEnterEvent(event)
        assert event.isAccepted() is accepted
