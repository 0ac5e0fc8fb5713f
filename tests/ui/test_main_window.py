"""The main window on the demo engagement: overview, navigation, shortcuts, errors."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from tests.ui.conftest import wait_checks


def test_overview_shows_subject_and_recalc_warning(window, demo_file, qtbot):
    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    assert window.windowTitle() == f"VeriDesk — {demo_file.name}"
    overview = window.page("overview")
    assert "Pineapple cake gift box" in overview.title_label.text()
    assert overview.title_zh_label.text() == "鳳梨酥禮盒 2024 年產量"  # English UI: zh second
    status, label = overview.check_rows["inventory.recalc"]
    assert status == "warn"
    assert "S1-01" in label.text()
    assert overview.check_rows["coverage.threshold"][0] == "pass"
    # the demo's CCP-labelled block has no registry export to confirm the label
    assert overview.check_rows["credits.ccp"][0] == "warn"
    assert "2 with a warning" in overview.tally_label.text()
    assert window.state_label.text().endswith("Draft")
    assert "saved" in window.saved_label.text()
    assert window.file_label.text().endswith("demo.veridesk")


def test_page_shortcuts_and_filter_focus(window, demo_file, qtbot):
    window.open_path(demo_file)
    keys = [a.shortcut() for a in window.page_actions]
    assert keys[:5] == [QKeySequence(f"Ctrl+{i}") for i in range(1, 6)]
    assert window.act_open.shortcut() == QKeySequence("Ctrl+O")
    assert window.act_new.shortcut() == QKeySequence("Ctrl+N")
    assert window.act_quit.shortcut() == QKeySequence("Ctrl+Q")
    assert window.act_find.shortcut() == QKeySequence("Ctrl+F")
    data = window.page("data")
    window.page_actions[window.pages.index(data)].trigger()
    assert window.stack.currentWidget() is data
    window.act_find.trigger()
    assert window.focusWidget() is data.tabs.currentWidget().filter_edit
    assert window.act_export.isEnabled()  # a draft exports with a DRAFT mark
    assert window.act_export.shortcut() == QKeySequence("Ctrl+E")
    window.close_session()
    assert not window.act_export.isEnabled()


def test_open_error_is_a_dialog_with_the_engine_message(window, tmp_path, monkeypatch):
    import desktop.ui.errors as errors

    shown = []
    monkeypatch.setattr(errors.QMessageBox, "exec", lambda box: shown.append(box.text()))
    bogus = tmp_path / "notes.veridesk"
    bogus.write_text("not an engagement", encoding="utf-8")
    assert not window.open_path(bogus)
    assert len(shown) == 1
    assert "notes.veridesk" in shown[0]
    assert "Traceback" not in shown[0]
    assert window.session is None


def test_recent_files_and_preferences(window, demo_file, monkeypatch):
    import os

    from desktop.ui import settings as prefs
    from desktop.ui.preferences import PreferencesDialog

    window.open_path(demo_file)
    assert prefs.recent_files()[0] == str(demo_file.resolve())
    dlg = PreferencesDialog(window)
    dlg.name_edit.setText("Lin Mei-Hua")
    dlg.lang_box.setCurrentIndex(dlg.lang_box.findData("zh-TW"))
    monkeypatch.setenv("VERIDESK_USER", "Test Verifier")
    dlg.accept()
    assert os.environ["VERIDESK_USER"] == "Lin Mei-Hua"
    assert prefs.language() == "zh-TW"


def test_status_bar_names_the_lead(window, demo_file):
    import sqlite3

    conn = sqlite3.connect(demo_file)
    with conn:
        conn.execute(
            "INSERT INTO team_member (name, role, added_by, added_at) "
            "VALUES ('Lin Mei-Hua', 'lead', 'test', '2025-01-01T00:00:00Z')"
        )
    conn.close()
    window.open_path(demo_file)
    assert "Lead: Lin Mei-Hua" in window.file_label.text()


def test_misstatement_on_findings_page_reaches_overview(window, demo_file, qtbot, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from desktop.ui.pages.findings import MisstatementDialog

    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    assert window.stage_label.text().startswith("Stage: Pre-engagement")
    page = window.page("findings")
    window.nav.setCurrentRow(window.pages.index(page))

    def fill(dialog):
        dialog.description.setText("Gas bills counted by issue date")
        dialog.amount.setValue(3.7185)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MisstatementDialog, "exec", fill)
    page.add_mis.click()
    assert page.mis_table.rowCount() == 1
    wait_checks(qtbot, window)  # the misstatement changes materiality.aggregate
    agg = window.session.result("materiality.aggregate")
    assert agg.figures["misstatement_tco2e"] > 3.7


def test_export_opinion_from_the_file_menu(window, demo_file, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    out = tmp_path / "opinion.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    with qtbot.waitSignal(window.page("signoff").exported, timeout=60000):
        window.act_export.trigger()  # the PDF is rendered off the GUI thread
    assert window.stack.currentWidget() is window.page("signoff")
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in window.statusBar().currentMessage()
