"""The Checklists page with the keyboard: no traps, undo and redo, clearing an answer,
the state filter, and no internal identifiers on screen (issue 14)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.checklist import Answer, answer_many, item_states
from desktop.engagement import run_engagement_checks
from desktop.ui.pages.checklists import ChecklistsPage, display_ref, figure_label
from desktop.ui.session import Session
from tests.ui.conftest import wait_checks


@pytest.fixture
def session(demo_file, monkeypatch):
    monkeypatch.setenv("VERIDESK_USER", "Test Verifier")
    s = Session.open(demo_file)
    s.results = run_engagement_checks(s.conn)
    yield s
    s.close()


def _page(qtbot, session) -> ChecklistsPage:
    page = ChecklistsPage()
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitActive(page)
    page.set_engagement(session)
    return page


def _on_file(path, ref: str):
    """The response row as the engagement file holds it (read with a connection of our own)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT response, note FROM response WHERE ref = ?", (ref,)).fetchone()
    finally:
        conn.close()


def _unanswered(page, suggested=(None, "conforms")):
    return next(s for s in page.states if s.response is None and s.suggested in suggested)


def test_ctrl_2_then_1_answers(window, demo_file, qtbot, monkeypatch):
    monkeypatch.setenv("VERIDESK_USER", "Test Verifier")
    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    page = window.page("checklists")
    assert window.pages.index(page) == 1  # Ctrl+2
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is page
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.tree)
    first = page.current_state()
    assert first.response is None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert page.search.text() == ""  # the key answered, it did not search
    assert first.response is not None
    assert _on_file(demo_file, first.item.ref)[0] == first.response


def test_escape_clears_the_search_then_goes_back_to_the_tree(qtbot, session):
    page = _page(qtbot, session)
    page.focus_filter()
    qtbot.waitUntil(page.search.hasFocus)
    qtbot.keyClicks(page.search, "meter")
    shown = [n for n in page._items.values() if not n.isHidden()]
    assert 0 < len(shown) < len(page._items)
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == ""
    assert all(not n.isHidden() for n in page._items.values())
    assert page.search.hasFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)  # empty: back to the tree
    qtbot.waitUntil(page.tree.hasFocus)


def test_tab_leaves_the_note(qtbot, session):
    page = _page(qtbot, session)
    note = page.view.note
    assert note.tabChangesFocus()
    note.setFocus()
    qtbot.waitUntil(note.hasFocus)
    qtbot.keyClicks(note, "Seen")
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert "\t" not in note.toPlainText()
    assert not note.hasFocus()


def test_answer_undo_redo_and_clear_follow_the_file(qtbot, session, demo_file):
    page = _page(qtbot, session)
    target = _unanswered(page)
    page.tree.setCurrentItem(page._items[target.key])
    page.tree.setFocus()
    ref = target.item.ref
    assert _on_file(demo_file, ref) is None

    qtbot.keyClick(page.tree, Qt.Key.Key_2 if target.suggested is None else Qt.Key.Key_1)
    answered = "nonconformity" if target.suggested is None else "conforms"
    assert _on_file(demo_file, ref)[0] == answered
    assert page.undo_stack.canUndo()

    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _on_file(demo_file, ref)[0] == "open"  # back to unanswered
    assert page.current_state().key == target.key  # the undone item is shown
    qtbot.keyClick(
        page.tree,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _on_file(demo_file, ref)[0] == answered
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert _on_file(demo_file, ref)[0] == answered

    # clear with 0, then with Delete, then with the button; each one undoable
    page.tree.setCurrentItem(page._items[target.key])
    qtbot.keyClick(page.tree, Qt.Key.Key_0)
    assert _on_file(demo_file, ref)[0] == "open"
    assert page.current_state().key == target.key  # clearing stays on the item
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _on_file(demo_file, ref)[0] == answered
    qtbot.keyClick(page.tree, Qt.Key.Key_Delete)
    assert _on_file(demo_file, ref)[0] == "open"
    page.undo()
    assert page.view.clear_button.isEnabled()
    qtbot.mouseClick(page.view.clear_button, Qt.MouseButton.LeftButton)
    assert _on_file(demo_file, ref)[0] == "open"

    # every step is an audited change
    audit = session.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'answer' AND entity_key LIKE ?",
        (f"% {ref}",),
    ).fetchone()[0]
    assert audit == 10  # answer, undo, redo, undo, redo, clear, undo, clear, undo, clear


def test_undo_brings_back_the_note(qtbot, session, demo_file):
    page = _page(qtbot, session)
    target = _unanswered(page)
    page.tree.setCurrentItem(page._items[target.key])
    page.view.note.setFocus()
    qtbot.waitUntil(page.view.note.hasFocus)
    qtbot.keyClicks(page.view.note, "Seen the meter logs")
    page.tree.setFocus()  # leaving the note saves it
    assert _on_file(demo_file, target.item.ref) == ("open", "Seen the meter logs")
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _on_file(demo_file, target.item.ref) == ("open", None)
    assert page.view.note.toPlainText() == ""


def test_signed_engagement_disables_clear_and_undo(qtbot, session, demo_file):
    page = _page(qtbot, session)
    target = _unanswered(page)
    page.tree.setCurrentItem(page._items[target.key])
    page.answer_current("conforms")
    page.tree.setCurrentItem(page._items[target.key])
    assert page.undo_stack.canUndo() and page.view.clear_button.isEnabled()
    session.locked_elsewhere = True  # read-only, as a signed or locked file is
    page.set_engagement(session)
    page.tree.setCurrentItem(page._items[target.key])
    assert not page.undo_stack.canUndo()
    assert not page.view.clear_button.isEnabled()
    page.clear_current()
    page.undo()
    assert _on_file(demo_file, target.item.ref)[0] == "conforms"


def test_state_filter_and_unsupported_mark(qtbot, session):
    states = item_states(session.conn, session.results)
    plain = [s for s in states if s.suggested is None and s.check is None][:3]
    answer_many(
        session.engagement,
        [
            Answer(plain[0].checklist.id, plain[0].item.ref, "nonconformity", note="No log"),
            Answer(plain[1].checklist.id, plain[1].item.ref, "conforms"),  # nothing behind it
            Answer(plain[2].checklist.id, plain[2].item.ref, "conforms", note="Seen"),
        ],
        results=session.results,
    )
    page = _page(qtbot, session)
    box = page.state_filter

    def shown():
        return {k for k, n in page._items.items() if not n.isHidden()}

    box.setCurrentIndex(box.findData("nonconformity"))
    assert shown() == {plain[0].key}
    box.setCurrentIndex(box.findData("unsupported"))
    assert shown() == {plain[1].key}
    assert "⚠" in page._items[plain[1].key].text(0)
    assert "⚠" not in page._items[plain[2].key].text(0)
    box.setCurrentIndex(box.findData("unanswered"))
    assert not shown() & {plain[0].key, plain[1].key, plain[2].key}
    assert len(shown()) == sum(not s.answered for s in page.states)
    # the filter applies to the walk: 1 answers and moves to the next item still shown
    page.tree.setFocus()
    before = page.current_state()
    qtbot.keyClick(page.tree, Qt.Key.Key_3)
    assert page.current_state() is not before and not page.current_state().answered
    box.setCurrentIndex(box.findData("all"))
    assert len(shown()) == len(page._items)


def test_zh_tw_rows_and_figures_have_no_internal_identifiers(gui, qtbot, session):
    from desktop.ui.app import install_translators

    install_translators(gui, "zh-TW")
    page = _page(qtbot, session)
    slugged = [s for s in page.states if "—" in s.item.ref]
    assert slugged  # the demo has refs naming their topic in English
    for s in slugged:
        text = page._items[s.key].text(0)
        tail = s.item.ref.split("—", 1)[1].strip()
        assert tail not in text
        assert display_ref(s.item.ref) in text
    for i in range(page.tree.topLevelItemCount()):
        top = page.tree.topLevelItem(i)
        for j in range(top.childCount()):
            assert not re.search(r"[a-z]{3,}", top.child(j).text(0))  # stage names
    rows = [n.text(0) for n in page._items.values()]
    assert not [t for t in rows if re.search(r"\b[a-z]{4,}\b", t)]
    # the computed check's figures are labelled in Chinese
    target = next(s for s in page.states if s.check is not None and s.check.figures)
    page.tree.setCurrentItem(page._items[target.key])
    shown = page.view.prefill.text()
    for key in target.check.figures:
        assert f">{key}<" not in shown
    assert figure_label("claimed_tco2e") != "Claimed (tCO2e)"


def test_edit_menu_undoes_and_redoes_an_answer(window, demo_file, qtbot, monkeypatch):
    monkeypatch.setenv("VERIDESK_USER", "Test Verifier")
    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    menus = [a.menu() for a in window.menuBar().actions()]
    edit = menus[1]
    assert window.act_undo in edit.actions() and window.act_redo in edit.actions()
    assert not window.act_undo.isEnabled()
    page = window.page("checklists")
    window.show_page(window.pages.index(page))
    target = _unanswered(page)
    page.tree.setCurrentItem(page._items[target.key])
    page.answer_current("conforms" if target.suggested else "nonconformity")
    assert window.act_undo.isEnabled()
    answered = _on_file(demo_file, target.item.ref)[0]
    window.act_undo.trigger()
    assert _on_file(demo_file, target.item.ref)[0] == "open"
    window.act_redo.trigger()
    assert _on_file(demo_file, target.item.ref)[0] == answered
