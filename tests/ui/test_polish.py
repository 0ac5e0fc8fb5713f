"""Issue 14: the Findings page, the team dialog, Qt's own translations and the UI font."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from desktop import findings
from desktop.checklist import definitions
from desktop.ui.app import install_translators
from desktop.ui.pages.findings import FindingsPage, NewFindingDialog, number_key
from desktop.ui.pages.signoff import MemberDialog
from desktop.ui.session import Session


@pytest.fixture
def session(gui, demo_file, monkeypatch):
    monkeypatch.setenv("VERIDESK_USER", "Lin Mei-Hua")
    s = Session.open(demo_file)
    yield s
    s.close()


@pytest.fixture
def page(qtbot, session):
    p = FindingsPage()
    qtbot.addWidget(p)
    p.resize(1100, 800)
    p.show()
    qtbot.waitExposed(p)
    p.set_engagement(session)
    return p


def _an_item():
    cl = definitions()[0]
    return cl, next(cl.items())


def _row(page, number: str) -> int:
    return next(
        r for r in range(page.table.rowCount()) if page.table.item(r, 0).text() == number
    )


# --- 1. internal identifiers -----------------------------------------------------------


def test_item_column_shows_the_checklist_title_and_the_ref(gui, page, session):
    cl, it = _an_item()
    findings.raise_finding(
        session.engagement, "CL", "Which meter?", checklist_id=cl.id, ref=it.ref
    )
    page.reload()
    cell = page.table.item(0, 4)
    assert cell.text() == f"{cl.title} · {it.ref}"
    assert cl.id not in cell.text()
    assert cell.toolTip() == it.text
    assert page.table.horizontalHeaderItem(4).text() == "Item"

    install_translators(gui, "zh-TW")
    page.table.clearSelection()
    page.reload()
    cell = page.table.item(0, 4)
    assert cell.text() == f"{cl.title_zh} · {it.ref}"
    assert cell.toolTip() == it.text_zh
    text = page.detail.toPlainText()
    assert text and "Select a finding" not in text  # translated


# --- 2. Qt's own dialogs in Chinese -----------------------------------------------------


def test_qt_dialogs_are_translated_in_chinese(gui):
    install_translators(gui, "zh-TW")
    assert QApplication.translate("QPlatformTheme", "OK") != "OK"
    assert QApplication.translate("QFileDialog", "Look in:") != "Look in:"
    box = QMessageBox(QMessageBox.Icon.Warning, "x", "y", QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    install_translators(gui, "en")
    box = QMessageBox(QMessageBox.Icon.Warning, "x", "y", QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "Cancel"


# --- 3. silent losses -------------------------------------------------------------------


def test_new_finding_without_a_title_says_so_and_stays_open(page, qtbot, monkeypatch):
    seen: dict = {}

    def run(dialog: NewFindingDialog):
        dialog.show()
        qtbot.keyClicks(dialog.description, "Meter readings for March are missing.")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["problem"] = dialog.problem.isVisible() and dialog.problem.text()
        seen["kept"] = dialog.description.toPlainText()
        qtbot.keyClicks(dialog.title_edit, "March readings")
        seen["cleared"] = not dialog.problem.isVisible()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(NewFindingDialog, "exec", run)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert seen["open"] and seen["problem"] == "Enter a title for the finding."
    assert seen["kept"] == "Meter readings for March are missing." and seen["cleared"]
    assert [f.title for f in page.items] == ["March readings"]


def test_member_without_a_name_says_so_and_stays_open(gui, qtbot):
    dialog = MemberDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.org, "Formosa Assurance")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and ok.toolTip()
    qtbot.keyClick(dialog.org, Qt.Key.Key_Return)  # Enter, or accept() by any other way
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.problem.isVisible() and "name" in dialog.problem.text()
    assert dialog.org.text() == "Formosa Assurance"  # nothing dropped
    qtbot.keyClicks(dialog.name, "Chen Yi-Ling")
    assert not dialog.problem.isVisible() and ok.isEnabled()


# --- 4. small ones ------------------------------------------------------------------------


def test_number_sorts_by_type_then_number(page, session):
    eng = session.engagement
    findings.raise_finding(eng, "FAR", "Next year")
    findings.raise_finding(eng, "CAR", "Wrong factor")
    for n in range(10):
        findings.raise_finding(eng, "CL", f"Question {n + 1}")
    page.reload()
    page.table.sortItems(0, Qt.SortOrder.AscendingOrder)
    shown = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert shown == [f"CL-{n:02d}" for n in range(1, 11)] + ["CAR-01", "FAR-01"]
    assert number_key("CL-2") < number_key("CL-10") < number_key("CAR-1") < number_key("FAR-1")
    page.table.sortItems(1, Qt.SortOrder.DescendingOrder)
    assert page.table.item(0, 1).text() == "FAR"


def test_escalation_reason_is_shown(page, session):
    eng = session.engagement
    findings.raise_finding(eng, "CL", "Meter calibration?")
    car = findings.escalate(eng, "CL-01", "The meter was not calibrated in 2024.")
    page.reload()
    page.select(car.number)
    text = page.detail.toPlainText()
    assert "The meter was not calibrated in 2024." in text
    assert "escalated from CL-01" in text and "Lin Mei-Hua" in text


def test_long_responses_wrap_in_the_detail(page, session, qtbot):
    eng = session.engagement
    findings.raise_finding(eng, "CL", "Where is the invoice?")
    long = "See " + "x" * 400 + " and the attached <invoice> for details.\nSecond line."
    findings.record_client_response(eng, "CL-01", long)
    page.reload()
    page.select("CL-01")
    qtbot.waitUntil(lambda: page.detail.document().size().width() > 0)
    assert page.detail.horizontalScrollBar().maximum() == 0
    assert page.detail.document().size().width() <= page.detail.viewport().width() + 1
    text = page.detail.toPlainText()
    assert "<invoice>" in text and "Second line." in text  # escaped, line break kept


# --- 5. the UI font -----------------------------------------------------------------------


def _families(text: str) -> set[str]:
    layout = QTextLayout(text, QApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return {run.rawFont().familyName() for run in layout.glyphRuns()}


def test_english_punctuation_uses_a_latin_face(gui):
    cjk = "WenQuanYi Micro Hei"
    assert cjk in gui.font().families()
    assert cjk not in _families("Use “Open externally”… now")
    assert cjk in _families("開立發現事項")  # Chinese still renders
    install_translators(gui, "zh-TW")
    assert gui.font().families()[0] == cjk
    install_translators(gui, "en")
    assert gui.font().families()[-1] == cjk


def test_the_list_opens_in_the_order_its_header_shows(page, session):
    eng = session.engagement
    findings.raise_finding(eng, "FAR", "Next year")  # raised first
    findings.raise_finding(eng, "CL", "A question")
    page.reload()
    shown = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert shown == ["CL-01", "FAR-01"]
