"""The zh_TW interface: no English left in labels, buttons, menus, headers and tabs."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from tests.ui.conftest import wait_checks

# Proper nouns, standards, units and codes that stay as they are in Chinese.
ALLOWED = {
    "veridesk", "pas", "iso", "tco2e", "co2e", "corsia", "ccp", "sha", "pdf", "cl", "car",
    "far", "ctrl", "zip", "pypdfium2", "english", "mwh", "kwh", "gj", "ef", "cdm", "vcs",
    "gs", "acr", "tw", "moenv", "csv", "xlsx", "png", "txt", "shift", "enter", "esc", "tab",
    "del", "pgup", "pgdown", "utc", "gb", "mb", "kb", "icvcm", "ccps", "vcmi",
    "kusd", "usd", "acm0002",
}
WORD = re.compile(r"\b[A-Za-z][A-Za-z0-9]{2,}\b")
# The pages this suite owns; pages added later bring their own translations and tests.
PAGES = ("overview", "data", "coverage", "credits", "evidence")


def _english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text tags
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED]


def _data_values(session) -> set[str]:
    """Strings that come from the engagement file (shown as they are)."""
    info = session.info()
    values = {str(v) for v in info.values() if v is not None}
    for v in info.values():
        if isinstance(v, str) and v.startswith("["):
            with contextlib.suppress(ValueError):
                values.update(str(x) for x in json.loads(v))
    return values


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every user-visible label of a widget tree (data cells excluded)."""
    out: list[tuple[str, str]] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        name = f"{type(w).__name__}#{w.objectName()}"
        if isinstance(w, QLabel | QAbstractButton):
            out.append((name, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((name, w.title()))
        elif isinstance(w, QLineEdit):
            out.append((name, w.placeholderText()))
        elif isinstance(w, QTabWidget):
            out += [(name, w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(name, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QListWidget) and w.objectName() == "navigation":
            out += [(name, w.item(i).text()) for i in range(w.count())]
        header = (
            w.horizontalHeader() if isinstance(w, QTableView)
            else w.header() if isinstance(w, QTreeView) else None
        )
        if header is not None and w.model() is not None and not header.isHidden():
            m = w.model()
            out += [
                (f"{name} header", str(m.headerData(c, Qt.Orientation.Horizontal)))
                for c in range(header.count())
                if m.headerData(c, Qt.Orientation.Horizontal) is not None
            ]
    return out


def test_zh_tw_interface_has_no_untranslated_text(gui, qtbot, demo_file):
    from desktop.ui.app import install_translators
    from desktop.ui.main_window import MainWindow

    install_translators(gui, "zh-TW")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.open_path(demo_file)
    wait_checks(qtbot, window)
    data = _data_values(window.session)
    texts = []
    for i, page in enumerate(window.pages):
        if page.key not in PAGES:
            continue
        window.show_page(i)
        texts += [(f"{page.key}: {where}", t) for where, t in _texts(page)]
    texts += _texts(window.header)
    texts += _texts(window.statusBar())
    for i in range(window.nav.count()):
        item = window.nav.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in PAGES:
            texts.append(("navigation", item.text()))
    for top in window.menuBar().actions():
        texts.append(("menu", top.text()))
        menu = top.menu()
        texts += [
            ("menu item", a.text())
            for a in menu.actions()
            if a.text() and a not in window.page_actions
        ]
        for a in menu.actions():
            if a.menu() is not None:
                texts += [("submenu item", b.text()) for b in a.menu().actions()]

    def is_data(where: str, text: str) -> bool:
        # values from the file, recent file names, and the engine's own zh messages
        return (
            text in data
            or "#check:" in where
            or "#subject" in where
            or where.startswith("submenu")
            or "statusFile" in where
        )

    texts += [
        ("view menu", a.text())
        for a, p in zip(window.page_actions, window.pages, strict=True)
        if p.key in PAGES
    ]
    bad = [(w, t) for w, t in texts if t and not is_data(w, t) and _english_words(t)]
    assert not bad, "\n".join(f"{w}: {t!r}" for w, t in bad)
    assert window.page("overview").title_label.text() == "鳳梨酥禮盒 2024 年產量"
    assert window.act_open.text() == "開啟(&O)…"
    window.close()


def test_preferences_switch_the_language_at_once(gui, qtbot, window, demo_file, monkeypatch):
    from desktop.ui import main_window
    from desktop.ui.preferences import PreferencesDialog

    assert window.open_path(demo_file)
    wait_checks(qtbot, window)
    window.nav.setCurrentRow(window.pages.index(window.page("findings")))

    def choose_chinese(dialog):
        dialog.lang_box.setCurrentIndex(dialog.lang_box.findData("zh-TW"))
        dialog.accept()
        return PreferencesDialog.DialogCode.Accepted

    monkeypatch.setattr(PreferencesDialog, "exec", choose_chinese)
    window.show_preferences()
    new = main_window._windows[-1]
    qtbot.addWidget(new)
    assert new is not window and new.isVisible() and not window.isVisible()
    assert window.session is None  # the old window let go of the file
    assert new.session is not None and new.session.path == demo_file
    assert new.session.engagement.writable  # so the new one holds the write lock
    assert new.stack.currentWidget() is new.page("findings")  # same page
    assert new.nav.item(0).text() == "總覽"
    assert new.menuBar().actions()[0].text() == "檔案(&F)"


NEW_PAGES = {  # the pages of design §12–§14, each on a dossier that fills it
    "solar-pdd": ("validation",),
    "metered-plant": ("monitoring", "planning"),
    "neutral-steel": ("planning", "credits"),
}


@pytest.mark.parametrize("dossier", sorted(NEW_PAGES))
def test_zh_tw_new_pages_have_no_untranslated_text(gui, qtbot, tmp_path, dossier):
    from desktop.dossier.importer import import_dossier
    from desktop.ui.app import install_translators
    from desktop.ui.main_window import MainWindow

    out = tmp_path / f"{dossier}.veridesk"
    import_dossier(Path(__file__).resolve().parents[1] / "data" / "dossiers" / dossier, out,
                   actor="Test Verifier")
    install_translators(gui, "zh-TW")
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.open_path(out)
    wait_checks(qtbot, window)
    if dossier == "neutral-steel":  # a drawn sample fills the plan's figures and table
        from desktop.planning import store

        window.session.write("planning", lambda: store.draw_sample(
            window.session.engagement, "inventory", 11, actor="Test Verifier"))
        wait_checks(qtbot, window)
    texts = []
    for key in NEW_PAGES[dossier]:
        page = window.page(key)
        window.show_page(window.pages.index(page))
        qtbot.waitUntil(lambda p=page: not getattr(p, "busy", False), timeout=10000)
        texts += [(f"{key}: {where}", t) for where, t in _texts(page)]
        texts.append(("navigation", window.nav.item(window.pages.index(page)).text()))
    # file values (a series name, the benchmark's source as the PDD gives it)
    data = {"planningPlans", "seriesPicker", "value:source"}
    bad = [(w, t) for w, t in texts
           if t and not any(d in w for d in data) and "#check:" not in w and _english_words(t)]
    assert not bad, "\n".join(f"{w}: {t!r}" for w, t in bad)
    window.close()
