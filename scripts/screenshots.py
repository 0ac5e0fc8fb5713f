"""Grab every page of the main window to ``docs/screenshots/`` (English and zh-TW).

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py

Uses the demo dossier, with a few answers, a finding and a misstatement recorded so the
Checklists, Findings and Sign-off pages show something a verifier would see.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main(lang: str) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop import findings
    from desktop.checklist import Answer, answer_many, item_states
    from desktop.dossier.importer import import_dossier
    from desktop.engagement import run_engagement_checks
    from desktop.i18n import set_language
    from desktop.paths import demo_dossier
    from desktop.store.db import open_file
    from desktop.ui.app import create_app
    from desktop.ui.main_window import MainWindow

    os.environ["VERIDESK_USER"] = "Lin Mei-Hua"
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "taipei-bakery.veridesk"
    import_dossier(demo_dossier(), path, actor="Lin Mei-Hua")
    with open_file(path, write=True) as eng:
        results = run_engagement_checks(eng.conn)
        states = item_states(eng.conn, results)
        first = [s for s in states if s.item.stage in ("pre-engagement", "planning")]
        answer_many(eng, [Answer(s.checklist.id, s.item.ref, s.suggested or "conforms",
                                 note="Agreed in the engagement letter") for s in first],
                    states=states)
        f = findings.raise_finding(eng, "CL", "Gas volume: bills issued vs gas used",
                                   "S1-01 uses 100,480 m3 billed in 2024; metered use is "
                                   "98,500 m3.", checklist_id="pas2060", ref=None)
        findings.record_client_response(eng, f.number, "We will restate S1-01 on metered use.")
        findings.raise_finding(eng, "FAR", "Install sub-meters on the ovens")
        findings.record_misstatement(eng, "S1-01 natural gas overstated", 3.7185,
                                     finding=f.number)
    set_language(lang)
    app = create_app([], lang)
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.open_path(path)
    loop = QEventLoop()
    QTimer.singleShot(2500, loop.quit)
    loop.exec()
    suffix = "" if lang == "en" else "-zh-TW"
    for i, page in enumerate(window.pages):
        window.nav.setCurrentRow(i)
        if page.key == "checklists":
            target = next(s for s in page.states if s.item.auto == "inventory.recalc")
            page.tree.setCurrentItem(page._items[target.key])
        if page.key == "findings":
            page.table.selectRow(0)
        app.processEvents()
        window.grab().save(str(OUT / f"{page.key}{suffix}.png"))
    window.close()


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    main(sys.argv[1] if len(sys.argv) > 1 else "en")
