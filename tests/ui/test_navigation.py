"""Going where a thing is fixed: gate rules, computed checks and findings' items; editing
and removing team members before signing; the header's stage agreeing with the gate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import findings, signoff
from desktop.dossier.importer import import_dossier
from desktop.engagement import run_engagement_checks
from desktop.report.identity import make_identity
from desktop.ui.pages import signoff as signoff_page
from desktop.ui.pages.signoff import EditMemberDialog, SignoffPage
from desktop.ui.session import Change, Session
from tests.ui.conftest import wait_checks
from tests.verifier_work import do_the_work


@pytest.fixture
def steel(tmp_path, examples):
    path = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", path, actor="Lin Mei-Hua")
    return path


@pytest.fixture
def session(steel):
    s = Session.open(steel)
    s.results = run_engagement_checks(s.conn)
    yield s
    s.close()


def _page(qtbot, cls, session):
    page = cls()
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    page.set_engagement(session)
    return page


def _answer_all(session):
    session.set_results(do_the_work(session.engagement, "Lin Mei-Hua", note="checked"))


def _member(session, name):
    return next(m for m in signoff.team(session.conn) if m.name == name)


# --- 1. editing and removing team members ------------------------------------------------


def test_edit_and_remove_a_member(qtbot, session, monkeypatch):
    signoff.add_member(session.engagement, "Lin Mei-Hua", "lead", actor="Lin Mei-Hua")
    signoff.add_member(session.engagement, "Chen Yu", "verifier", organisation="Old Co",
                       actor="Lin Mei-Hua")
    page = _page(qtbot, SignoffPage, session)
    assert not page.edit_member_button.isEnabled()  # nobody selected yet
    assert page.select_member("Chen Yu")
    assert page.edit_member_button.isEnabled() and page.remove_member_button.isEnabled()

    member = _member(session, "Chen Yu")
    dialog = EditMemberDialog(member, page)
    qtbot.addWidget(dialog)
    assert dialog.org.text() == "Old Co" and not dialog.declared.isChecked()
    dialog.org.setText("Verifier Ltd")
    dialog.declared.setChecked(True)
    assert page.edit_member(dialog)
    edited = _member(session, "Chen Yu")
    assert edited.organisation == "Verifier Ltd" and edited.impartiality_declared_at
    row = next(r for r in range(page.team.rowCount()) if page.team.item(r, 0).text() == "Chen Yu")
    assert page.team.item(row, 2).text() == "Verifier Ltd"

    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    page.select_member("Chen Yu")
    qtbot.mouseClick(page.remove_member_button, Qt.MouseButton.LeftButton)
    assert "Chen Yu" in asked[0] and "Verifier" in asked[0]  # names the person and role
    assert _member(session, "Chen Yu")  # "No" keeps them

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes)
    )
    page.select_member("Chen Yu")
    qtbot.mouseClick(page.remove_member_button, Qt.MouseButton.LeftButton)
    assert [m.name for m in signoff.team(session.conn)] == ["Lin Mei-Hua"]
    assert page.team.rowCount() == 1
    actions = [a for (a,) in session.conn.execute(
        "SELECT action FROM audit WHERE entity = 'team_member' ORDER BY id")]
    assert actions[-2:] == ["update", "remove"]


def test_team_cannot_change_in_review_and_the_refusal_is_shown(
    qtbot, session, tmp_path, monkeypatch
):
    _answer_all(session)
    eng = session.engagement
    signoff.add_member(eng, "Lin Mei-Hua", "lead", declare_impartial=True, actor="Lin Mei-Hua")
    signoff.add_member(eng, "Wang Da-Wei", "reviewer", declare_impartial=True,
                       actor="Lin Mei-Hua")
    page = _page(qtbot, SignoffPage, session)
    qtbot.mouseClick(page.record_opinion, Qt.MouseButton.LeftButton)
    (tmp_path / "lin.p12").write_bytes(make_identity("Lin Mei-Hua", password="pw"))
    with qtbot.waitSignal(page.signed, timeout=60000):
        page.sign_with(tmp_path / "lin.p12", "pw", "lead", "approved opinion", None, True)
    assert session.state == "review"
    page.select_member("Wang Da-Wei")
    assert not page.edit_member_button.isEnabled()
    assert not page.remove_member_button.isEnabled()
    shown: list[str] = []
    monkeypatch.setattr(signoff_page.QMessageBox, "exec", lambda box: shown.append(box.text()))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.Yes)
    )
    assert not page.remove_member()  # the engine refuses; its message is shown
    assert shown and shown[0]
    assert [m.name for m in signoff.team(session.conn)] == ["Lin Mei-Hua", "Wang Da-Wei"]


# --- 2. going where things are fixed -------------------------------------------------------


def _open(window, qtbot, path):
    assert window.open_path(path)
    wait_checks(qtbot, window)


def _activate_rule(qtbot, page, rule):
    item = next(
        page.gate.item(i)
        for i in range(page.gate.count())
        if page.gate.item(i).data(Qt.ItemDataRole.UserRole) == rule
    )
    page.gate.setCurrentItem(item)
    page.gate.setFocus()
    qtbot.keyClick(page.gate, Qt.Key.Key_Return)  # Enter on the rule, as a double-click


@pytest.mark.parametrize(
    ("rule", "key", "which"),
    [
        ("items_answered", "checklists", "unanswered"),
        ("conforms_supported", "checklists", "unsupported"),
        ("nonconformities_raised", "checklists", "nonconformity"),
        ("no_open_findings", "findings", None),
        ("differences_evaluated", "findings", None),
        ("materiality_evaluated", "findings", None),
    ],
)
def test_gate_rule_goes_where_it_is_fixed(window, qtbot, steel, rule, key, which):
    _open(window, qtbot, steel)
    page = window.go_to("signoff")
    _activate_rule(qtbot, page, rule)
    assert window.current_page() is window.page(key)
    assert window.nav.currentRow() == window.pages.index(window.page(key))
    if which is not None:
        checklists = window.page("checklists")
        assert checklists.state_filter.currentData() == which
        if which == "unanswered":
            shown = [
                s for s in checklists.states if not checklists._items[s.key].isHidden()
            ]
            assert shown and all(not s.answered for s in shown)
            assert checklists.current_state() in shown


@pytest.mark.parametrize(
    ("rule", "box"),
    [
        ("opinion_chosen", "kind"),
        ("opinion_follows_evidence", "kind"),
        ("lead_verifier", "team"),
        ("reviewer_independent", "team"),
    ],
)
def test_gate_rule_on_this_page(window, qtbot, steel, rule, box):
    _open(window, qtbot, steel)
    page = window.go_to("signoff")
    _activate_rule(qtbot, page, rule)
    assert window.current_page() is page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(page, box))


def test_checklists_filter_and_item_methods(qtbot, session):
    from desktop.ui.pages.checklists import ChecklistsPage

    page = _page(qtbot, ChecklistsPage, session)
    assert not page.set_state_filter("nonsense")
    assert page.set_state_filter("nonconformity")
    target = page.states[3]
    assert page._items[target.key].isHidden()  # nothing answered yet
    assert page.show_checklist_item(target.checklist.id, target.item.ref)
    assert page.state_filter.currentData() == "all"  # the filter hiding it is cleared
    assert page.current_state().key == target.key
    assert not page.show_checklist_item(target.checklist.id, "no-such-ref")


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("coverage.threshold", "coverage"),
        ("credits.serials", "credits"),
        ("inventory.recalc", "data"),
        ("materiality.aggregate", "coverage"),
    ],
)
def test_overview_check_goes_to_its_page(window, qtbot, demo_file, code, key):
    from desktop.ui.pages.overview import check_page

    assert check_page(code) == key
    _open(window, qtbot, demo_file)
    overview = window.go_to("overview")
    if code not in overview.check_rows:
        pytest.skip(f"{code} is not among the demo's checks")
    name = overview.findChild(type(overview.tally_label), f"checkName:{code}")
    assert name is not None and "href" in name.text()
    name.linkActivated.emit(code)  # what a click or Enter on the link does
    assert window.current_page() is window.page(key)


def test_finding_item_opens_the_checklist_item(window, qtbot, steel):
    _open(window, qtbot, steel)
    checklists = window.page("checklists")
    target = checklists.states[5]
    s = window.session
    s.write(
        Change.FINDINGS,
        lambda: findings.raise_finding(
            s.engagement, "CL", "Which factor?", checklist_id=target.checklist.id,
            ref=target.item.ref, actor="Lin Mei-Hua",
        ),
    )
    findings.raise_finding(s.engagement, "FAR", "No item", actor="Lin Mei-Hua")
    s.notify(Change.FINDINGS)
    checklists.set_state_filter("nonconformity")  # hides the item: going there clears it
    page = window.go_to("findings")
    page.select("FAR-01")
    assert not page.goto_item_button.isEnabled()
    page.select("CL-01")
    assert page.goto_item_button.isEnabled()
    qtbot.mouseClick(page.goto_item_button, Qt.MouseButton.LeftButton)
    assert window.current_page() is checklists
    assert checklists.current_state().key == target.key

    # Enter on the Item cell does the same
    page = window.go_to("findings")
    checklists.show_checklist_item(target.checklist.id, checklists.states[0].item.ref)
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == "CL-01")
    page.table.setCurrentCell(row, 4)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_page() is checklists
    assert checklists.current_state().key == target.key


# --- 3. the header's stage agrees with the gate ------------------------------------------


def test_stage_text_names_what_the_gate_still_wants(window, qtbot, steel):
    _open(window, qtbot, steel)
    s = window.session
    assert "items left" in window.stage_label.text()
    _answer_all(s)
    s.notify(Change.ANSWERS)
    window._update_status()
    gate = signoff.status(s.conn, s.results).gate
    failing = sum(not g.ok for g in gate)
    assert failing  # no team, no opinion yet
    text = window.stage_label.text()
    assert text.startswith("Stage: opinion")
    assert f"{failing} sign-off rules not met" in text and "ready" not in text

    eng = s.engagement
    signoff.add_member(eng, "Lin Mei-Hua", "lead", declare_impartial=True, actor="Lin Mei-Hua")
    signoff.add_member(eng, "Wang Da-Wei", "reviewer", declare_impartial=True,
                       actor="Lin Mei-Hua")
    suggested = signoff.status(s.conn, s.results).opinion.suggested.kind
    signoff.choose_opinion(eng, suggested, results=s.results, actor="Lin Mei-Hua")
    s.notify(Change.OPINION)
    window._update_status()
    assert signoff.status(s.conn, s.results).ready_to_sign
    assert window.stage_label.text() == "Stage: opinion · ready to sign: go to Sign-off"
