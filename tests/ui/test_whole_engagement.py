"""One whole engagement walked through the window (issue 14, "Done when"): import, answer,
raise and close a finding, team, opinion, create keys, sign twice, export. After each step
every page, the header badge and the status bar show the new state without F5 and without
calling a page's reload."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QInputDialog, QMessageBox

import desktop.ui.errors as errors
from desktop.report.pdfinfo import is_draft
from desktop.ui import labels
from desktop.ui.pages.checklists import RaiseFindingDialog
from desktop.ui.pages.findings import state_name as finding_state
from desktop.ui.pages.signoff import CreateKeyDialog, MemberDialog, SignDialog
from tests.conftest import pdf_text

DOSSIER = Path(__file__).resolve().parents[1] / "data" / "dossiers" / "neutral-steel"
REGISTRY_EXPORT = (Path(__file__).resolve().parents[1] / "data" / "registry"
                   / "moenv-steel-retirements.csv")
LEAD, REVIEWER = "Lin Mei-Hua", "Wang Da-Wei"


@dataclass(frozen=True)
class Expected:
    """What every page should show at one step of the engagement."""

    answered: int = 0
    items: int = 0
    open_cl: int = 0
    closed_cl: int = 0
    team: tuple[str, ...] = ()
    opinion: bool = False
    state: str = "draft"
    signers: tuple[str, ...] = field(default=())


@pytest.fixture(autouse=True)
def quiet(tmp_path, monkeypatch):
    """The user's name, a data folder of this test, and any error box fails the test."""
    monkeypatch.setenv("VERIDESK_USER", "Test Verifier")
    monkeypatch.setenv("VERIDESK_DATA_DIR", str(tmp_path / "data"))

    monkeypatch.setattr(errors.QMessageBox, "exec", _refuse)


def _refuse(box):
    raise AssertionError(f"unexpected message: {box.text()}")


def _go(window, key: str):
    page = window.page(key)
    window.nav.setCurrentRow(window.pages.index(page))  # as a click in the navigation
    assert window.current_page() is page
    return page


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(
        lambda: (
            window.session is not None
            and window.session.results is not None
            and not window.checks_running()
        ),
        timeout=30000,
    )


def _gate(window) -> dict[str, str]:
    gate = window.page("signoff").gate
    return {
        gate.item(i).data(Qt.ItemDataRole.UserRole): gate.item(i).text()
        for i in range(gate.count())
    }


def _ok(buttons: QDialogButtonBox):
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def _assert_everywhere(window, qtbot, e: Expected) -> None:
    """Overview, Findings, Sign-off, the header badge and the status bar show ``e``."""
    findings_text = f"0 CAR · {e.open_cl} CL · 0 FAR"
    state = labels.state_name(e.state)
    read_only = e.state == "signed"

    # the header badge and the status bar, at once
    badge = window.state_badge.text()
    assert badge.startswith(f"● {state} · ")
    assert badge.endswith("read-only" if read_only else "saved")
    progress = window.progress_label.text()
    assert f"{e.answered} of {e.items} answered" in progress
    assert findings_text in progress
    assert window.state_label.text() == " · " + state
    assert window.saved_label.text().strip() == ("· read-only" if read_only else "· saved")
    if LEAD in e.team:
        assert f"Lead: {LEAD}" in window.file_label.text()
    else:
        assert "Lead:" not in window.file_label.text()
    if e.state == "draft":
        stage = window.stage_label.text()
        if e.answered == e.items:
            assert stage.startswith("Stage: opinion")  # every item answered
        else:
            assert "items left" in stage
    else:
        assert window.stage_label.text().startswith("Stage:")

    overview = _go(window, "overview")
    assert sum(b.value() for b in overview.progress_bars.values()) == e.answered
    assert sum(b.maximum() for b in overview.progress_bars.values()) == e.items
    assert findings_text in overview.findings_label.text()

    findings = _go(window, "findings")
    assert findings.table.rowCount() == e.open_cl + e.closed_cl
    assert f"CL: {e.open_cl} open / {e.closed_cl} closed" in findings.summary.text()
    assert findings.new_button.isEnabled() is not read_only
    assert findings.add_mis.isEnabled() is not read_only

    signoff = _go(window, "signoff")
    gate = _gate(window)
    assert ("all" in gate["items_answered"]) is (e.answered == e.items)
    assert ("no open CL or CAR" in gate["no_open_findings"]) is (e.open_cl == 0)
    names = [signoff.team.item(r, 0).text() for r in range(signoff.team.rowCount())]
    assert sorted(names) == sorted(e.team)
    for r in range(signoff.team.rowCount()):
        assert signoff.team.item(r, 3).text() != "not declared"
    assert ("record the opinion" in gate["opinion_chosen"]) is not e.opinion
    sigs = [signoff.signatures.item(i).text() for i in range(signoff.signatures.count())]
    assert len(sigs) == len(e.signers)
    for name, text in zip(e.signers, sigs, strict=True):
        assert text.startswith(name)
    banner = signoff.banner.text()
    if e.state == "signed":
        assert banner.startswith("Signed and locked")
    elif e.state == "review":
        assert banner.startswith("Signed by the lead verifier")
    elif e.answered == e.items and e.opinion and len(e.team) == 2 and e.open_cl == 0:
        assert banner == "Ready to sign."
    else:
        assert banner.startswith("Not ready to sign")
    for w in (signoff.record_opinion, signoff.add_member, signoff.kind):
        assert w.isEnabled() is (e.state == "draft")
    assert signoff.sign_button.isEnabled() is (e.state == "review" or banner == "Ready to sign.")

    checklists = _go(window, "checklists")
    assert f"{e.answered} of {e.items} answered" in checklists.progress.text()
    assert checklists._read_only() is read_only


def _import(window, qtbot, monkeypatch, out: Path) -> None:
    """File > New from dossier…: Folder…, the dossier folder, where to save."""
    asked: list[str] = []

    def choose_folder(box: QMessageBox):
        asked.append(box.text())
        folder = next(b for b in box.buttons() if b.text() == "Folder…")
        folder.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_folder)
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(DOSSIER))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    with qtbot.waitSignal(window.import_finished, timeout=30000) as done:
        window.act_new.trigger()
    assert asked == ["Is the client's dossier a folder or a zip file?"]
    assert done.args == [out]
    monkeypatch.setattr(QMessageBox, "exec", _refuse)  # from now on, any message box fails


def test_one_whole_engagement_through_the_window(window, qtbot, tmp_path, monkeypatch):
    # --- 0. a window with no file ----------------------------------------------------
    assert window.session is None
    assert window.state_badge.text() == ""
    assert window.progress_label.text() == ""

    # --- 1. import the dossier through File > New from dossier… -------------------------
    out = tmp_path / "neutral-steel.veridesk"
    _import(window, qtbot, monkeypatch, out)
    assert window.session is not None and window.session.path == out
    _settle(qtbot, window)
    checklists = window.page("checklists")
    items = len(checklists.states)
    assert items > 100
    e = Expected(items=items)
    _assert_everywhere(window, qtbot, e)

    # --- 1b. plan: assess the risk of every source, draw a sample, test it -------------
    planning = _go(window, "planning")
    risks = planning.risks
    for r in range(risks.rowCount()):
        risks.cellWidget(r, 2).setCurrentIndex(3)  # inherent: low
        risks.cellWidget(r, 3).setCurrentIndex(3)  # control: low
        if r == 0:  # typed for one, as a verifier would
            qtbot.mouseClick(risks.cellWidget(r, 5), Qt.MouseButton.LeftButton)
            qtbot.keyClicks(risks.cellWidget(r, 5), "Invoices reconciled to the ledger")
        else:
            risks.cellWidget(r, 5).setText("Invoices reconciled to the ledger")
    qtbot.mouseClick(planning.save_risks, Qt.MouseButton.LeftButton)
    plan = planning.draw("inventory", 11)
    assert plan is not None and planning.items.rowCount() == len(plan.plan["row_nos"])
    for r in range(planning.items.rowCount()):
        planning.items.cellWidget(r, 4).setCurrentIndex(1)  # agreed
    qtbot.mouseClick(planning.save_results, Qt.MouseButton.LeftButton)
    assert "Tested" in planning.projection.text()
    _settle(qtbot, window)
    assert window.session.result("planning.risk").status == "pass"
    assert window.session.result("planning.sample").status == "pass"

    # --- 1c. the registry's own list of retirements, added on the Credits page ---------
    credits = _go(window, "credits")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(REGISTRY_EXPORT), "")))
    qtbot.mouseClick(credits.add_export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not credits.jobs, timeout=60000)
    _settle(qtbot, window)
    assert window.session.result("credits.registry_match").status == "pass"

    # --- 2. answer every item on the Checklists page, with the keyboard ---------------
    checklists = _go(window, "checklists")
    keys = {"conforms": Qt.Key.Key_1, "not-applicable": Qt.Key.Key_3}
    for n, key in enumerate(list(checklists._items)):
        checklists.tree.setCurrentItem(checklists._items[key])
        state = checklists.current_state()
        assert state.key == key and not state.answered
        if state.suggested is None and state.check is None:
            # no computed check supports a "conforms": the gate needs a note behind it
            if n < 3:  # typed for a few, as a verifier would
                checklists.view.note.setFocus()
                qtbot.keyClicks(checklists.view.note, "Seen on site")
            else:
                checklists.view.note.setPlainText("Seen on site")
        checklists.tree.setFocus()
        qtbot.keyClick(checklists.tree, keys[state.suggested or "conforms"])
        assert checklists.current_state() is not None
        if n == 0:  # the first answer already shows everywhere
            assert f"1 of {items} answered" in window.progress_label.text()
    answered = [s for s in checklists.states if s.answered]
    assert len(answered) == items
    assert not any(s.response == "conforms" and not s.supported for s in checklists.states)
    e = replace(e, answered=items)
    _assert_everywhere(window, qtbot, e)
    _settle(qtbot, window)
    assert "every 'conforms' has evidence or a note" in _gate(window)["conforms_supported"]
    _assert_everywhere(window, qtbot, e)

    # --- 3. raise a CL on an item, then close it on the Findings page ----------------
    checklists = _go(window, "checklists")
    target = checklists.states[5]
    checklists.tree.setCurrentItem(checklists._items[target.key])
    monkeypatch.setattr(RaiseFindingDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(
        RaiseFindingDialog,
        "values",
        lambda self: ("CL", "Which meter is the electricity read from?", "Please clarify."),
    )
    qtbot.mouseClick(checklists.view.raise_button, Qt.MouseButton.LeftButton)
    e = replace(e, open_cl=1)
    _assert_everywhere(window, qtbot, e)
    _settle(qtbot, window)
    _assert_everywhere(window, qtbot, e)

    findings = _go(window, "findings")
    assert findings.table.item(0, 0).text() == "CL-01"
    findings.table.selectRow(0)
    texts = iter(["Meter M-2, calibrated 2024-03.", "Calibration certificate seen."])
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *a, **k: (next(texts), True))
    )
    qtbot.mouseClick(findings.respond_button, Qt.MouseButton.LeftButton)
    assert findings.accept_button.isEnabled()
    qtbot.mouseClick(findings.accept_button, Qt.MouseButton.LeftButton)
    assert findings.table.item(0, 2).text() == finding_state("closed")
    e = replace(e, open_cl=0, closed_cl=1)
    _assert_everywhere(window, qtbot, e)
    _settle(qtbot, window)
    _assert_everywhere(window, qtbot, e)

    # --- 4. the team: the lead and the reviewer, both declared impartial ---------------
    signoff = _go(window, "signoff")
    for name, role in ((LEAD, "lead"), (REVIEWER, "reviewer")):

        def add(dialog: MemberDialog, name=name, role=role):
            dialog.show()
            qtbot.keyClicks(dialog.name, name)
            dialog.role.setCurrentIndex(dialog.role.findData(role))
            qtbot.keyClicks(dialog.org, "Formosa Verification Co.")
            dialog.declared.setChecked(True)
            qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
            return dialog.result()

        monkeypatch.setattr(MemberDialog, "exec", add)
        qtbot.mouseClick(signoff.add_member, Qt.MouseButton.LeftButton)
        e = replace(e, team=(*e.team, name))
        _assert_everywhere(window, qtbot, e)
        signoff = _go(window, "signoff")
    _settle(qtbot, window)
    _assert_everywhere(window, qtbot, e)

    # --- 5. the suggested opinion ----------------------------------------------------
    signoff = _go(window, "signoff")
    assert "Unmodified" in signoff.suggested.text()
    qtbot.mouseClick(signoff.record_opinion, Qt.MouseButton.LeftButton)
    e = replace(e, opinion=True)
    _assert_everywhere(window, qtbot, e)
    _settle(qtbot, window)
    _assert_everywhere(window, qtbot, e)
    assert window.page("signoff").banner.text() == "Ready to sign."

    # --- 6./7. a key created in the signing dialog, then sign: lead, then reviewer -----
    keys_dir = tmp_path / "keys"
    keys_dir.mkdir()
    for name, role, state in ((LEAD, "lead", "review"), (REVIEWER, "reviewer", "signed")):
        key_path = keys_dir / name.split()[0].lower()  # no suffix: .p12 is added
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", staticmethod(lambda *a, p=key_path, **k: (str(p), ""))
        )
        created: dict = {}

        def create(dialog: CreateKeyDialog, created=created):
            dialog.show()
            created["default name"] = dialog.name.text()
            qtbot.keyClicks(dialog.password, "pw-" + created["default name"])
            qtbot.keyClicks(dialog.password2, "pw-" + created["default name"])
            qtbot.mouseClick(dialog.where_button, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
            created["path"] = dialog.path
            return dialog.result()

        def sign(dialog: SignDialog, name=name, role=role):
            dialog.show()
            assert dialog.role.currentData() == role  # only the role still to sign
            qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: dialog.printed.text() == name, timeout=10000)
            qtbot.mouseClick(dialog.declare, Qt.MouseButton.LeftButton)
            qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
            return dialog.result()

        monkeypatch.setattr(CreateKeyDialog, "exec", create)
        monkeypatch.setattr(SignDialog, "exec", sign)
        signoff = _go(window, "signoff")
        with qtbot.waitSignal(signoff.signed, timeout=30000) as signed:
            qtbot.mouseClick(signoff.sign_button, Qt.MouseButton.LeftButton)
        assert signed.args == [role]
        assert created["default name"] == name  # the team member's name
        assert created["path"] == key_path.with_name(key_path.name + ".p12")
        assert created["path"].is_file()
        e = replace(e, state=state, signers=(*e.signers, name))
        _assert_everywhere(window, qtbot, e)
        _settle(qtbot, window)
        _assert_everywhere(window, qtbot, e)
    assert window.session.read_only

    # --- 8. export the opinion PDF -----------------------------------------------------
    pdf = tmp_path / "out" / "opinion.pdf"
    pdf.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(pdf), ""))
    )
    signoff = _go(window, "signoff")
    with qtbot.waitSignal(signoff.exported, timeout=30000):
        qtbot.mouseClick(signoff.export_button, Qt.MouseButton.LeftButton)
    assert signoff.written.isVisible()
    assert signoff.written_label.text() == f"Opinion written to {pdf}"
    _assert_everywhere(window, qtbot, e)

    assert is_draft(pdf.read_bytes()) is False
    text = " ".join(pdf_text(pdf).split())
    assert LEAD in text and REVIEWER in text
    assert "DRAFT" not in text.upper().split()
