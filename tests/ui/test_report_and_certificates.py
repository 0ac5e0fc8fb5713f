"""The verification report, the body's profile, team certificates and the signing dialog,
driven through the GUI with the mouse and the keyboard."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
)

from desktop import signoff
from desktop.body import Body, load_profile, save_profile
from desktop.dossier.importer import import_dossier
from desktop.report.identity import cert_sha256, make_identity
from desktop.ui.pages.signoff import MemberDialog, SignDialog
from tests import identities
from tests.conftest import pdf_text
from tests.ui.conftest import shown_signoff_page, wait_checks


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path, monkeypatch):
    """The body's profile of this test only (it lives in the user data folder)."""
    monkeypatch.setenv("VERIDESK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def steel(tmp_path, examples):
    path = tmp_path / "ns.veridesk"
    import_dossier(examples / "neutral-steel", path, actor="Lin Mei-Hua")
    return path


@pytest.fixture
def page(qtbot, gui, steel):
    with shown_signoff_page(qtbot, steel) as p:
        yield p


def _pem(tmp_path, name: str):
    ident = identities.make(name)
    path = tmp_path / f"{name.split()[0].lower()}.pem"
    path.write_bytes(ident.cert.public_bytes(serialization.Encoding.PEM))
    return path, ident.cert


def _ok(buttons: QDialogButtonBox):
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def _answer_message_box(shown: list[str]) -> QTimer:
    """Read and close the next message box (shown modally by the code under test)."""

    def poll() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                shown.append(w.text())
                w.accept()
                timer.stop()
                return

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()
    return timer


# --- the verification report --------------------------------------------------------


def test_export_report_from_the_signoff_page(window, steel, qtbot, tmp_path, monkeypatch):
    save_profile(Body(name="Formosa Verification Co."))
    assert window.open_path(steel)
    wait_checks(qtbot, window)
    page = window.page("signoff")
    window.nav.setCurrentRow(window.pages.index(page))
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    asked = []

    def save_as(parent, title, default, filters):
        asked.append((title, default))
        return str(out), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    assert page.report_button.text() == "Export verification report…"
    with qtbot.waitSignal(page.report_exported, timeout=60000) as written:
        qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    assert asked == [("Export verification report", str(tmp_path / "CN-WIRE-2024-01-report.pdf"))]
    assert written.args == [str(out)]
    text = pdf_text(out)
    assert "Carbon-Neutrality Declaration: Verification Report" in " ".join(text.split())
    assert "inventory.csv" in text  # the annex lists the files received
    assert "Formosa Verification Co." in text  # the body as the opinion names it
    assert not list(out.parent.glob("*.partial"))
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage())
    assert window.statusBar().currentMessage() == f"Report written to {out}"


def test_export_report_from_the_file_menu(window, steel, qtbot, tmp_path, monkeypatch):
    assert not window.act_export_report.isEnabled()  # no engagement yet
    assert window.open_path(steel)
    wait_checks(qtbot, window)
    shortcuts = [a.shortcut() for a in window.findChildren(type(window.act_export)) if
                 not a.shortcut().isEmpty()]
    assert window.act_export_report.shortcut() == QKeySequence("Ctrl+Shift+E")
    assert shortcuts.count(QKeySequence("Ctrl+Shift+E")) == 1
    file_menu = window.menuBar().actions()[0].menu().actions()
    assert file_menu.index(window.act_export_report) == file_menu.index(window.act_export) + 1
    out = tmp_path / "menu-report"  # no suffix: .pdf is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(out), "PDF (*.pdf)")))
    window.nav.setCurrentRow(0)
    with qtbot.waitSignal(window.page("signoff").report_exported, timeout=60000):
        window.act_export_report.trigger()
    assert window.stack.currentWidget() is window.page("signoff")
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


def test_report_is_never_written_over_an_engagement_file(page, steel, monkeypatch):
    before = steel.read_bytes()
    shown = []
    monkeypatch.setattr("desktop.ui.pages.signoff.show_error",
                        lambda parent, title, exc: shown.append((title, str(exc))))
    assert page.export_report(str(steel)) is None
    assert shown == [("Cannot export the report",
                      f"{steel} is an engagement file: choose another name for this output")]
    assert page.export_pdf(str(steel)) is None  # nor the opinion
    assert steel.read_bytes() == before and not page.jobs


def test_cancelled_report_writes_nothing(page, qtbot, tmp_path):
    out = tmp_path / "cancelled-report.pdf"
    job = page.export_report(str(out))
    job.cancel()
    with qtbot.waitSignal(job.was_cancelled, timeout=60000):
        pass
    qtbot.waitUntil(lambda: not page.jobs, timeout=60000)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


# --- the verification body in Preferences ---------------------------------------------


def test_preferences_body_profile_saves_and_reloads(gui, qtbot):
    from desktop.ui.preferences import PreferencesDialog

    dlg = PreferencesDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    for field, text in ((dlg.body_name, "Formosa Verification Co."),
                        (dlg.body_address, "No. 1, Sec. 1, Zhongshan S. Rd., Taipei"),
                        (dlg.body_accreditation, "TAF No. V012 (ISO 14065)"),
                        (dlg.body_place, "Taipei")):
        field.setFocus()
        qtbot.keyClicks(field, text)
    buttons = dlg.findChild(QDialogButtonBox)
    qtbot.mouseClick(_ok(buttons), Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert load_profile() == Body("Formosa Verification Co.",
                                  "No. 1, Sec. 1, Zhongshan S. Rd., Taipei",
                                  "TAF No. V012 (ISO 14065)", "Taipei")
    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert again.body_name.text() == "Formosa Verification Co."
    assert again.body_place.text() == "Taipei"
    assert again.body_accreditation.text() == "TAF No. V012 (ISO 14065)"


# --- team members bound to certificates -----------------------------------------------


def _fill_member(qtbot, monkeypatch, name: str, role: str, cert_path, submit_ok=True):
    """Replace the dialog's exec: type the name, pick the role and the certificate, OK."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(cert_path), "")))
    seen: dict = {}

    def run(dialog: MemberDialog):
        dialog.show()
        dialog.name.setFocus()
        qtbot.keyClicks(dialog.name, name)
        dialog.role.setCurrentIndex(dialog.role.findData(role))
        qtbot.mouseClick(dialog.cert_button, Qt.MouseButton.LeftButton)
        seen["label"] = dialog.cert_label.text()
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["name"] = dialog.name.text()
        if dialog.isVisible():
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", run)
    return seen


def test_member_with_a_certificate_is_shown_bound(page, qtbot, tmp_path, monkeypatch):
    pem, cert = _pem(tmp_path, "Lin Mei-Hua")
    seen = _fill_member(qtbot, monkeypatch, "Lin Mei-Hua", "lead", pem)
    qtbot.mouseClick(page.add_member, Qt.MouseButton.LeftButton)
    assert "Lin Mei-Hua" in seen["label"] and not seen["open"]
    sha = cert_sha256(cert)
    member = signoff.team(page.session.conn)[0]
    assert (member.name, member.role, member.cert_sha256) == ("Lin Mei-Hua", "lead", sha)
    assert page.team.horizontalHeaderItem(4).text() == "Certificate"
    assert page.team.item(0, 4).text() == f"Lin Mei-Hua · {sha[:8]}…"
    # a member from a PKCS#12: its password is asked for
    (tmp_path / "wang.p12").write_bytes(make_identity("Wang Da-Wei", password="pw"))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("pw", True)))
    _fill_member(qtbot, monkeypatch, "Wang Da-Wei", "reviewer", tmp_path / "wang.p12")
    qtbot.mouseClick(page.add_member, Qt.MouseButton.LeftButton)
    assert page.team.rowCount() == 2
    assert page.team.item(1, 4).text().startswith("Wang Da-Wei · ")


def test_member_without_a_certificate_is_not_bound(page, qtbot, monkeypatch):
    def run(dialog: MemberDialog):
        dialog.show()
        assert not _ok(dialog.buttons).isEnabled()  # a name first
        qtbot.keyClicks(dialog.name, "Chen Yi-Ling")
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", run)
    qtbot.mouseClick(page.add_member, Qt.MouseButton.LeftButton)
    assert page.team.item(0, 4).text() == "not bound"


def test_certificate_in_another_name_is_refused(page, qtbot, tmp_path, monkeypatch):
    pem, _cert = _pem(tmp_path, "Wang Da-Wei")
    seen = _fill_member(qtbot, monkeypatch, "Lin Mei-Hua", "lead", pem)
    shown: list[str] = []
    timer = _answer_message_box(shown)
    qtbot.mouseClick(page.add_member, Qt.MouseButton.LeftButton)
    timer.stop()
    assert shown == ["the certificate is Wang Da-Wei's, not Lin Mei-Hua's"]  # the engine's
    assert seen["open"] and seen["name"] == "Lin Mei-Hua"  # the dialog kept its input
    assert signoff.team(page.session.conn) == [] and page.team.rowCount() == 0


# --- the signing dialog ------------------------------------------------------------------


def test_sign_dialog_shows_the_certificates_name(gui, qtbot, tmp_path):
    key = tmp_path / "lin.p12"
    key.write_bytes(make_identity("Lin Mei-Hua", password="pw"))
    dlg = SignDialog(["lead", "reviewer"])
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.key, str(key))
    dlg.password.setFocus()
    qtbot.keyClicks(dlg.password, "wrong")
    qtbot.mouseClick(dlg.declare, Qt.MouseButton.LeftButton)
    sign = _ok(dlg.buttons)
    assert sign.text() == "Sign" and sign.isEnabled()
    qtbot.mouseClick(sign, Qt.MouseButton.LeftButton)
    # a wrong password keeps the dialog open with its input
    assert dlg.isVisible() and dlg.result() != QDialog.DialogCode.Accepted
    assert "Wrong password" in dlg.problem.text()
    assert dlg.key.text() == str(key) and dlg.password.text() == "wrong"
    assert dlg.printed.text() == ""
    dlg.password.clear()
    qtbot.keyClicks(dlg.password, "pw")
    qtbot.waitUntil(lambda: dlg.printed.text() == "Lin Mei-Hua", timeout=5000)
    assert dlg.printed.isReadOnly()
    assert dlg.validity.text().endswith("(UTC)") and " to " in dlg.validity.text()
    assert dlg.problem.text() == ""
    qtbot.mouseClick(sign, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted


def test_signing_passes_no_printed_name(page, qtbot, tmp_path, monkeypatch):
    key = tmp_path / "lin.p12"
    key.write_bytes(make_identity("Lin Mei-Hua", password="pw"))
    page._remaining = ["lead", "reviewer"]

    def run(dialog: SignDialog):
        dialog.key.setText(str(key))
        dialog.password.setText("pw")
        dialog.declare.setChecked(True)
        dialog.accept()
        assert dialog.printed.text() == "Lin Mei-Hua"
        return dialog.result()

    calls = []
    monkeypatch.setattr(SignDialog, "exec", run)
    monkeypatch.setattr(page, "sign_with", lambda *args: calls.append(args))
    page._sign()
    assert calls == [(key, "pw", "lead", "approved opinion", None, True)]


def test_validation_engagement_offers_the_validation_report(window, tmp_path, examples):
    path = tmp_path / "solar.veridesk"
    import_dossier(examples / "solar-pdd", path, actor="Lin Mei-Hua")
    assert window.open_path(path)
    assert window.act_export_report.text() == "Export validation &report…"
    assert window.page("signoff").report_button.text() == "Export validation report…"


def test_zh_tw_signoff_page_and_dialogs_are_translated(gui, qtbot, steel, tmp_path):
    from desktop.ui.app import install_translators
    from desktop.ui.main_window import MainWindow
    from desktop.ui.preferences import PreferencesDialog
    from tests.ui.test_i18n import _english_words, _texts

    install_translators(gui, "zh-TW")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.open_path(steel)
    wait_checks(qtbot, window)
    page = window.page("signoff")
    window.show_page(window.pages.index(page))
    member = MemberDialog(window)
    member.set_certificate(identities.make("Lin Mei-Hua").cert)
    widgets = [page, PreferencesDialog(window), member, SignDialog(["lead", "reviewer"], window)]
    texts = [(f"{type(w).__name__}: {where}", t) for w in widgets for where, t in _texts(w)]
    texts.append(("menu", window.act_export_report.text()))
    texts.append(("header", page.team.horizontalHeaderItem(4).text()))
    data = {"Lin Mei-Hua"}  # the certificate's holder
    names = {"taf", "v012", "pkcs"}  # an accreditation body, its number, a key format
    bad = [(w, t) for w, t in texts if t and t not in data and "memberCert" not in w
           and [x for x in _english_words(t) if x.lower() not in names]]
    assert not bad, "\n".join(f"{w}: {t!r}" for w, t in bad)
    assert page.report_button.text() == "匯出查證報告書…"
    window.close()
