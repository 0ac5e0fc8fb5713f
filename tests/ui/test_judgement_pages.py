"""The Checklists, Findings and Sign-off pages, driven with the keyboard and the mouse."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog

from desktop import findings, signoff
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.report.identity import make_identity
from desktop.ui.pages.checklists import ChecklistsPage, RaiseFindingDialog
from desktop.ui.pages.findings import FindingsPage
from desktop.ui.pages.signoff import SignoffPage
from desktop.ui.session import Session
from tests.verifier_work import do_the_work


@pytest.fixture
def session(tmp_path, examples):
    path = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", path, actor="Lin Mei-Hua")
    s = Session.open(path)
    s.results = run_engagement_checks(s.conn)
    yield s
    s.close()


def _page(qtbot, cls, session):
    page = cls()
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.set_engagement(session)
    return page


def _responses(session):
    return session.conn.execute(
        "SELECT checklist_id, ref, response, author FROM response ORDER BY updated_at").fetchall()


def test_answer_items_with_the_keyboard(qtbot, session, monkeypatch):
    monkeypatch.setenv("VERIDESK_USER", "Lin Mei-Hua")
    page = _page(qtbot, ChecklistsPage, session)
    first = page.current_state()
    assert first is not None and first.response is None
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)  # conforms, then the next item
    assert page.current_state() is not first
    second = page.current_state()
    qtbot.keyClick(page.tree, Qt.Key.Key_3)  # not applicable
    qtbot.keyClick(page.tree, Qt.Key.Key_K)  # back up
    assert page.current_state() is second
    qtbot.keyClick(page.tree, Qt.Key.Key_J)
    rows = _responses(session)
    assert [(r[1], r[2]) for r in rows] == [(first.item.ref, "conforms"),
                                            (second.item.ref, "not-applicable")]
    assert {r[3] for r in rows} == {"Lin Mei-Hua"}
    assert "2 of" in page.progress.text()
    audit = session.conn.execute("SELECT count(*) FROM audit WHERE action = 'answer'").fetchone()
    assert audit[0] == 2


def test_note_and_evidence_are_saved(qtbot, session):
    page = _page(qtbot, ChecklistsPage, session)
    state = page.current_state()
    qtbot.mouseClick(page.view.buttons.button(1), Qt.MouseButton.LeftButton)
    page.tree.setCurrentItem(page._items[state.key])
    page.view.note.setFocus()
    qtbot.keyClicks(page.view.note, "Seen the meter logs")
    page.tree.setFocus()  # leaving the note saves it
    page.view.evidence.item(0).setCheckState(Qt.CheckState.Checked)
    row = session.conn.execute("SELECT note, evidence FROM response WHERE ref = ?",
                               (state.item.ref,)).fetchone()
    assert row[0] == "Seen the meter logs"
    assert json.loads(row[1]) == ["evidence/README.txt"]


def test_override_asks_for_a_reason(qtbot, session, monkeypatch):
    page = _page(qtbot, ChecklistsPage, session)
    target = next(s for s in page.states if s.item.auto == "coverage.threshold")
    page.tree.setCurrentItem(page._items[target.key])
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: ("S05 estimate not supported", True)))
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_2)
    row = session.conn.execute("SELECT response, override_reason FROM response WHERE ref = ?",
                               (target.item.ref,)).fetchone()
    assert row == ("nonconformity", "S05 estimate not supported")


def test_raise_finding_shows_on_findings_page(qtbot, session, monkeypatch):
    page = _page(qtbot, ChecklistsPage, session)
    state = page.current_state()
    monkeypatch.setattr(RaiseFindingDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(RaiseFindingDialog, "values",
                        lambda self: ("CL", "Which grid factor year?", "Please clarify."))
    qtbot.mouseClick(page.view.raise_button, Qt.MouseButton.LeftButton)
    found = findings.list_findings(session.conn)
    assert [(f.number, f.ref) for f in found] == [("CL-01", state.item.ref)]
    fpage = _page(qtbot, FindingsPage, session)
    assert fpage.table.rowCount() == 1 and fpage.table.item(0, 0).text() == "CL-01"
    fpage.select("CL-01")
    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: ("The 2023 factor.", True)))
    qtbot.mouseClick(fpage.respond_button, Qt.MouseButton.LeftButton)
    assert fpage.selected().state == "responded"
    qtbot.mouseClick(fpage.accept_button, Qt.MouseButton.LeftButton)
    assert fpage.selected().state == "closed"
    actions = [a for (a,) in session.conn.execute(
        "SELECT action FROM audit WHERE entity = 'finding' ORDER BY id")]
    assert actions == ["raise", "client-response", "assess"]


def test_signoff_page_gate_opinion_sign_and_preview(qtbot, session, tmp_path, monkeypatch):
    eng = session.engagement
    session.set_results(do_the_work(eng, "Lin Mei-Hua", note="checked"))
    signoff.add_member(eng, "Lin Mei-Hua", "lead", declare_impartial=True, actor="Lin Mei-Hua")
    signoff.add_member(eng, "Wang Da-Wei", "reviewer", declare_impartial=True,
                       actor="Lin Mei-Hua")
    page = _page(qtbot, SignoffPage, session)
    assert "Not ready" in page.banner.text()
    qtbot.mouseClick(page.record_opinion, Qt.MouseButton.LeftButton)
    assert "Ready to sign" in page.banner.text()
    (tmp_path / "lin.p12").write_bytes(make_identity("Lin Mei-Hua", password="pw"))
    (tmp_path / "wang.p12").write_bytes(make_identity("Wang Da-Wei", password="pw",
                                                      key_type="ec"))
    # signing runs in a worker on its own connection under the session's write lock
    with qtbot.waitSignal(page.signed, timeout=60000) as lead:
        page.sign_with(tmp_path / "lin.p12", "pw", "lead", "approved opinion", None, True)
    assert lead.args == ["lead"]
    assert "waiting for the independent reviewer" in page.banner.text()
    with qtbot.waitSignal(page.signed, timeout=60000):
        page.sign_with(tmp_path / "wang.p12", "pw", "reviewer", "reviewed", None, True)
    assert "locked" in page.banner.text()
    assert session.engagement.writable  # the worker's connection left the lock in place
    assert page.signatures.count() == 2 and not page.sign_button.isEnabled()
    job = page.preview()  # rendered by a worker, shown when it is done
    with qtbot.waitSignal(job.ended, timeout=60000):
        pass
    assert page.preview_pages() >= 2
    # zoom: the pages scale with the buttons, and back
    first = page.pages.itemAt(0).widget()
    width = first.width()
    qtbot.mouseClick(page.zoom_in, Qt.MouseButton.LeftButton)
    assert page.zoom_label.text() == "125 %"
    assert page.pages.itemAt(0).widget().width() == round(width * 1.25)
    qtbot.mouseClick(page.zoom_out, Qt.MouseButton.LeftButton)
    assert page.zoom_label.text() == "100 %" and page.pages.itemAt(0).widget().width() == width
    out = tmp_path / "op.pdf"
    with qtbot.waitSignal(page.exported, timeout=60000) as written:
        page.export_pdf(str(out))
    assert written.args == [str(out)]
    assert out.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.partial"))


def test_page_constants_match_the_engine():
    from desktop import signoff as engine
    from desktop.ui.pages import signoff as page

    assert page.OPINIONS == engine.OPINIONS and page.ROLES == engine.ROLES


def test_signoff_page_waits_for_the_checks(qtbot, session):
    # the window runs the checks off the GUI thread; until they come the gate is not judged
    results, session.results = session.results, None
    page = _page(qtbot, SignoffPage, session)
    assert page.banner.text() == "Running the checks…"
    assert page.gate.count() == 0 and not page.sign_button.isEnabled()
    session.results = results
    page.set_engagement(session)  # what the window does when the checks are ready
    assert "Not ready" in page.banner.text() and page.gate.count() > 0


def test_cancelled_export_writes_nothing(qtbot, session, tmp_path):
    page = _page(qtbot, SignoffPage, session)
    out = tmp_path / "cancelled.pdf"
    job = page.export_pdf(str(out))
    job.cancel()  # before the worker reaches its first checkpoint
    with qtbot.waitSignal(job.was_cancelled, timeout=60000):
        pass
    qtbot.waitUntil(lambda: not page.jobs, timeout=60000)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
