"""One change signal: a change made on one page shows on every page, in the header and in
the status bar at once, without F5 (issue 14, stale pages)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.ui.pages.checklists import RaiseFindingDialog
from desktop.ui.pages.findings import MisstatementDialog
from desktop.ui.pages.signoff import MemberDialog
from desktop.ui.session import Change
from tests.ui.conftest import wait_checks


def _go(window, key: str):
    page = window.page(key)
    window.nav.setCurrentRow(window.pages.index(page))  # as a click in the navigation does
    assert window.current_page() is page
    return page


def _gate(window) -> dict[str, str]:
    gate = window.page("signoff").gate
    return {
        gate.item(i).data(Qt.ItemDataRole.UserRole): gate.item(i).text()
        for i in range(gate.count())
    }


def _answered(window) -> int:
    return sum(bar.value() for bar in window.page("overview").progress_bars.values())


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: not window.checks_running() and window.session.results is not None,
        timeout=60000,
    )


@pytest.fixture
def opened(window, demo_file, qtbot, monkeypatch):
    monkeypatch.setenv("VERIDESK_USER", "Test Verifier")
    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    _settle(qtbot, window)
    return window


def test_a_change_on_one_page_shows_on_every_page(opened, qtbot, monkeypatch):
    window = opened
    heard: list[str] = []
    window.session.changed.connect(heard.append)
    answered = _answered(window)
    gate = _gate(window)
    progress = window.progress_label.text()
    assert window.page("findings").table.rowCount() == 0
    assert "0 CAR · 0 CL · 0 FAR" in window.page("overview").findings_label.text()
    assert "0 CAR · 0 CL · 0 FAR" in progress

    # answer an unanswered item "conforms" with the keyboard, nothing else supporting it
    page = _go(window, "checklists")
    target = next(s for s in page.states if not s.answered and s.suggested in (None, "conforms"))
    page.tree.setCurrentItem(page._items[target.key])
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert target.response == "conforms"
    # raise a CL from the item now shown, with the page's own button
    monkeypatch.setattr(RaiseFindingDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        RaiseFindingDialog, "values", lambda self: ("CL", "Which meter?", "Please clarify.")
    )
    qtbot.mouseClick(page.view.raise_button, Qt.MouseButton.LeftButton)
    assert heard == [Change.ANSWERS, Change.FINDINGS]

    # the header and the status bar show it at once (no F5)
    assert window.progress_label.text() != progress
    assert f"{answered + 1} of" in window.progress_label.text()
    assert "0 CAR · 1 CL · 0 FAR" in window.progress_label.text()

    overview = _go(window, "overview")
    assert _answered(window) == answered + 1
    assert "0 CAR · 1 CL · 0 FAR" in overview.findings_label.text()

    findings = _go(window, "findings")
    assert findings.table.rowCount() == 1
    assert findings.table.item(0, 0).text() == "CL-01"
    assert "CL: 1 open" in findings.summary.text()

    _go(window, "signoff")
    after = _gate(window)
    assert after["conforms_supported"] != gate["conforms_supported"]
    assert after["items_answered"] != gate["items_answered"]

    # the checks ran again once, in the background, for the burst of changes
    _settle(qtbot, window)
    assert window.checks_label.text().startswith("Checks:")
    assert f"{answered + 1} of" in window.progress_label.text()
    assert window.page("signoff").banner.text().startswith("Not ready")


def test_misstatement_and_team_update_the_signoff_gate(opened, qtbot, monkeypatch):
    window = opened
    gate = _gate(window)
    assert "Lead:" not in window.file_label.text()

    # a misstatement recorded on the Findings page: the checks weigh it again
    findings = _go(window, "findings")

    def record(dialog):
        dialog.description.setText("Meter drift on the LPG line")
        dialog.amount.setValue(25.0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MisstatementDialog, "exec", record)
    qtbot.mouseClick(findings.add_mis, Qt.MouseButton.LeftButton)
    assert findings.mis_table.rowCount() == 1
    signoff = _go(window, "signoff")
    _settle(qtbot, window)  # the gate's materiality comes from the checks
    assert _gate(window)["materiality_evaluated"] != gate["materiality_evaluated"]
    assert window.checks_label.text().startswith("Checks:")

    # a lead verifier added on the Sign-off page: the gate and the status bar show them
    def add(dialog):
        dialog.name.setText("Lin Mei-Hua")
        dialog.role.setCurrentIndex(dialog.role.findData("lead"))
        dialog.declared.setChecked(True)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", add)
    qtbot.mouseClick(signoff.add_member, Qt.MouseButton.LeftButton)
    assert signoff.team.rowCount() == 1
    assert _gate(window)["lead_verifier"] != gate["lead_verifier"]
    assert "Lead: Lin Mei-Hua" in window.file_label.text()
    _settle(qtbot, window)
    assert signoff.team.rowCount() == 1
    assert _gate(window)["lead_verifier"] != gate["lead_verifier"]


def test_note_evidence_and_opinion_reach_the_signoff_gate(opened, qtbot, monkeypatch):
    window = opened
    import desktop.ui.pages.checklists as checklists_page
    import desktop.ui.pages.signoff as signoff_page

    def refuse(parent, title, exc):
        raise AssertionError(f"{title}: {exc}")

    monkeypatch.setattr(checklists_page, "show_error", refuse)
    monkeypatch.setattr(signoff_page, "show_error", refuse)
    heard: list[str] = []
    window.session.changed.connect(heard.append)
    page = _go(window, "checklists")
    first, second = [
        s for s in page.states if not s.answered and s.suggested is None and s.check is None
    ][:2]
    gate = _gate(window)["conforms_supported"]

    # two bare "conforms": the gate counts them on the Sign-off page
    for state in (first, second):
        page.tree.setCurrentItem(page._items[state.key])
        page.tree.setFocus()
        qtbot.keyClick(page.tree, Qt.Key.Key_1)
    assert heard == [Change.ANSWERS, Change.ANSWERS]
    _go(window, "signoff")
    bare = _gate(window)["conforms_supported"]
    assert bare != gate and "2 'conforms' answers have neither" in bare

    # a note on one, evidence on the other: the gate is met without F5
    page = _go(window, "checklists")
    page.tree.setCurrentItem(page._items[first.key])
    page.view.note.setFocus()
    qtbot.keyClicks(page.view.note, "Seen the delivery notes")
    page.tree.setFocus()  # leaving the note saves it
    page.tree.setCurrentItem(page._items[second.key])
    page.view.evidence.item(0).setCheckState(Qt.CheckState.Checked)
    assert heard[2:] == [Change.ANSWERS, Change.EVIDENCE]
    signoff = _go(window, "signoff")
    assert "every 'conforms' has evidence or a note" in _gate(window)["conforms_supported"]

    # the opinion recorded on the Sign-off page: the header and status follow at once
    qtbot.mouseClick(signoff.record_opinion, Qt.MouseButton.LeftButton)
    assert heard[-1] == Change.OPINION
    assert _gate(window)["opinion_chosen"].startswith(signoff_page.rule_name("opinion_chosen"))
    _settle(qtbot, window)
    assert heard[-1] == Change.CHECKS  # one run of the checks for the changes


def test_hidden_pages_refresh_when_shown(opened, qtbot):
    """A page that is not shown is refreshed when it is next shown, never later."""
    window = opened
    findings = window.page("findings")
    assert not findings.isVisible()
    calls: list[set[str]] = []
    original = findings.refresh
    findings.refresh = lambda kinds: (calls.append(set(kinds)), original(kinds))
    window.session.write(Change.FINDINGS, lambda: _raise(window))
    window.session.write(Change.FINDINGS, lambda: _raise(window))
    assert calls == []  # hidden: nothing drawn yet
    _go(window, "findings")
    assert calls == [{"findings"}]  # once for the burst
    assert findings.table.rowCount() == 2


def _raise(window):
    from desktop import findings

    return findings.raise_finding(window.session.engagement, "FAR", "Next year", None)
