"""Issue 14: the Help menu (shortcuts, user guide, About) and the verifier's own evidence
on the Evidence page (added, hashed, audited, and which checklist items link each file)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

import desktop
from desktop.checklist import answer, item_states
from desktop.ui import help as help_
from desktop.ui.session import Change


def test_help_menu_lists_the_three_entries(window):
    texts = [a.text() for a in window.help_menu.actions()]
    assert texts == ["&Keyboard shortcuts", "&User guide", "&About VeriDesk"]


def test_shortcuts_are_collected_from_the_window(window, monkeypatch):
    rows = dict(help_.shortcuts(window))
    assert rows["Open"] == "Ctrl+O"
    assert rows["Find in table"] == "Ctrl+F"
    assert rows["Run the checks again"] == "F5"
    assert rows["Redo"] == "Ctrl+Shift+Z, Ctrl+Y"
    assert rows[window.pages[0].title()] == "Ctrl+1"
    assert all(not what.startswith("&") and "&" not in what.replace("&&", "")
               for what in rows)
    shown = []

    def run(dialog):
        shown.append([(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text())
                      for r in range(dialog.table.rowCount())])
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(help_.ShortcutsDialog, "exec", run)
    window.help_actions["shortcuts"].trigger()
    assert shown and dict(shown[0]) == rows


def test_shortcuts_in_the_users_language(gui, qtbot):
    from desktop.ui.app import install_translators
    from desktop.ui.main_window import MainWindow

    install_translators(gui, "zh-TW")
    w = MainWindow()
    qtbot.addWidget(w)
    rows = dict(help_.shortcuts(w))
    assert rows["開啟"] == "Ctrl+O"
    assert w.help_menu.actions()[0].text() == "鍵盤快速鍵(&K)"
    w.close()


def test_user_guide_renders_the_markdown(window, monkeypatch):
    assert help_.guide_path().is_file()
    seen = []

    def run(dialog):
        seen.append((dialog.browser.isReadOnly(), dialog.browser.toPlainText(),
                     dialog.browser.document().toMarkdown()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(help_.GuideDialog, "exec", run)
    window.help_actions["guide"].trigger()
    (read_only, text, _md), = seen
    assert read_only
    for topic in ("Import", "checklists", "Findings", "Misstatements", "team", "Sign",
                  "Export", "Verify"):
        assert topic in text
    assert "# VeriDesk user guide" not in text  # rendered, not shown as source


def test_user_guide_missing_is_said(gui, qtbot, tmp_path):
    dialog = help_.GuideDialog(None, tmp_path / "nope.md")
    qtbot.addWidget(dialog)
    assert "not found" in dialog.browser.toPlainText()


def test_about_shows_the_version(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda parent, title, text: shown.append((title, text))))
    window.help_actions["about"].trigger()
    (title, text), = shown
    assert title == "About VeriDesk" and desktop.__version__ in text


def _pick(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))


def test_add_evidence_hashes_audits_and_shows_the_file(window, demo_file, qtbot, monkeypatch,
                                                      tmp_path):
    window.open_path(demo_file)
    window.show_page(window.pages.index(window.page("evidence")))
    page = window.page("evidence")
    before = page.table.rowCount()
    photo = tmp_path / "site-visit-boiler.jpg"
    photo.write_bytes(b"\xff\xd8\xff not really a jpeg")
    heard = []
    window.session.changed.connect(heard.append)
    _pick(monkeypatch, photo)
    assert page.add_button.isEnabled()
    page.add_button.click()
    assert page.table.rowCount() == before + 1
    assert Change.EVIDENCE.value in heard
    row = window.session.conn.execute(
        "SELECT id, sha256, size FROM evidence WHERE path = 'evidence/site-visit-boiler.jpg'"
    ).fetchone()
    assert row is not None and row[2] == photo.stat().st_size
    assert page.selected_id() == row[0]
    audit = window.session.conn.execute(
        "SELECT new FROM audit WHERE entity = 'evidence' AND action = 'add'"
    ).fetchall()
    assert any(json.loads(n)["sha256"] == row[1] for (n,) in audit)

    # the same name again is refused, shown, and nothing is written
    errors = []
    monkeypatch.setattr("desktop.ui.pages.evidence.show_error",
                        lambda parent, title, exc: errors.append(str(exc)))
    page.add_button.click()
    assert errors and page.table.rowCount() == before + 1
    # cancelling the file dialog writes nothing
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    assert page.add_file() is None


def test_evidence_page_lists_the_items_that_link_a_file(window, demo_file, qtbot):
    window.open_path(demo_file)
    page = window.page("evidence")
    window.show_page(window.pages.index(page))
    session = window.session
    path = session.conn.execute("SELECT path FROM evidence ORDER BY path").fetchone()[0]
    state = item_states(session.conn)[0]
    session.write(Change.EVIDENCE, lambda: answer(
        session.engagement, state.checklist.id, state.item.ref, "conforms",
        evidence=[path], actor="Test Verifier"))
    expected = f"{state.checklist.title} · {state.item.ref}"
    assert expected in page.used_by(path)
    row = next(r for r in range(page.table.rowCount())
               if page.table.item(r, 0).text() == path)
    cell = page.table.item(row, 3)
    assert expected in cell.text() and expected in cell.toolTip()
    page.preview(page.table.item(row, 0).data(0x0100))
    assert expected in page.used_label.text()


def test_add_evidence_disabled_when_read_only(window, demo_file, monkeypatch):
    window.open_path(demo_file)
    page = window.page("evidence")
    monkeypatch.setattr(type(window.session), "read_only", property(lambda self: True))
    page.set_engagement(None)
    page.set_engagement(window.session)
    assert not page.add_button.isEnabled()
    assert page.add_file() is None
