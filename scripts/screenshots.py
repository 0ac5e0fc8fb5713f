"""Grab the welcome page and every page of the main window, at 1366×768, to
``docs/screenshots/`` (English and zh-TW).

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py          # both languages
    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py zh-TW    # one language

Uses the demo dossier, with a few answers, a finding, a misstatement, two risk assessments
and a sample recorded so the Checklists, Findings, Planning and Sign-off pages show
something a verifier would see; the Validation and Monitoring pages are shown on the
solar PDD and the metered plant of ``tests/data/dossiers``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)  # the most common laptop screen: what the README shows
LANGUAGES = ("en", "zh-TW")


def main(lang: str) -> None:
    from PySide6.QtCore import QSettings

    from desktop import findings, signoff
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
    # settings and data of this run only: no recent files, window geometry or profile of
    # whoever runs the script
    os.environ["VERIDESK_DATA_DIR"] = str(tmp / "data")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "ini"))
    path = tmp / "taipei-bakery.veridesk"
    import_dossier(demo_dossier(), path, actor="Lin Mei-Hua")
    with open_file(path, write=True) as eng:
        results = run_engagement_checks(eng.conn)
        states = item_states(eng.conn, results)
        first = [s for s in states if s.item.stage in ("pre-engagement", "planning")]
        answer_many(
            eng,
            [
                Answer(
                    s.checklist.id,
                    s.item.ref,
                    s.suggested or "conforms",
                    note="Agreed in the engagement letter",
                )
                for s in first
            ],
            states=states,
        )
        f = findings.raise_finding(
            eng,
            "CL",
            "Gas volume: bills issued vs gas used",
            "S1-01 uses 100,480 m3 billed in 2024; metered use is 98,500 m3.",
            checklist_id="pas2060",
            ref=None,
        )
        findings.record_client_response(eng, f.number, "We will restate S1-01 on metered use.")
        findings.raise_finding(eng, "FAR", "Install sub-meters on the ovens")
        findings.record_misstatement(eng, "S1-01 natural gas overstated", 3.7185, finding=f.number)
        from desktop.planning import store as planning

        for source in ("S1-01", "S2-01"):
            planning.set_risk(eng, "inventory", source, "high", "medium",
                              "Bills and meter readings disagree", actor="Lin Mei-Hua")
        plan = planning.draw_sample(eng, "inventory", 2024, actor="Lin Mei-Hua")
        for row in plan.plan["row_nos"][:4]:
            planning.record_result(eng, plan.id, row, None, "Agreed to the invoice")
        org = "Formosa Verification Co."
        signoff.add_member(eng, "Lin Mei-Hua", "lead", organisation=org, declare_impartial=True)
        signoff.add_member(eng, "Chen Wei", "verifier", organisation=org, declare_impartial=True)
    set_language(lang)
    app = create_app([], lang)
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    suffix = "" if lang == "en" else "-zh-TW"
    settle(app, 0.5)
    save(window, OUT / f"welcome{suffix}.png")
    window.open_path(path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
        window.session is None or window.session.results is None or window.checks_running()
    ):
        settle(app, 0.05)
    settle(app, 0.5)
    elsewhere = {"validation": "solar-pdd", "monitoring": "metered-plant"}
    for i, page in enumerate(window.pages):
        if page.key in elsewhere:  # shown on a dossier that fills them, below
            continue
        window.nav.setCurrentRow(i)
        if page.key == "checklists":
            target = next(s for s in page.states if s.item.auto == "inventory.recalc")
            page.tree.setCurrentItem(page._items[target.key])
        if page.key == "findings":
            page.select(f.number)  # the CL with its round: the client's response
        settle(app, 0.3)
        save(window, OUT / f"{page.key}{suffix}.png")
    for key, dossier in elsewhere.items():
        other = tmp / f"{dossier}.veridesk"
        import_dossier(ROOT / "tests" / "data" / "dossiers" / dossier, other, actor="Lin Mei-Hua")
        window.open_path(other)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            window.session is None or window.session.results is None or window.checks_running()
        ):
            settle(app, 0.05)
        window.nav.setCurrentRow(window.pages.index(window.page(key)))
        page = window.page(key)
        if key == "monitoring":
            while getattr(page, "busy", False) or not page.series:  # read in a worker
                settle(app, 0.05)
            page.select("EG_saved", "M-C")
        while getattr(page, "busy", False):
            settle(app, 0.05)
        settle(app, 0.5)
        save(window, OUT / f"{key}{suffix}.png")
    window.close()


def settle(app, seconds: float) -> None:
    """Process events for ``seconds`` (layouts, deferred refreshes, worker results)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save(window, out: Path) -> None:
    image = window.grab()
    size = (image.width(), image.height())
    if size != SIZE:
        raise SystemExit(f"{out.name}: the window is {size[0]}×{size[1]}, not {SIZE[0]}×{SIZE[1]}")
    image.save(str(out))
    print(out.relative_to(ROOT))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:  # one process per language: the application is set up once per process
        for lang in LANGUAGES:
            subprocess.run([sys.executable, __file__, lang], check=True)
