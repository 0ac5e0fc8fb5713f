"""Import corrections from the domain review: workbooks with several tables, unknown
columns named, and checks chosen by criteria."""

from __future__ import annotations

import csv
import json
import shutil

from tests.conftest import EXAMPLES, run_cli


def _rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.reader(f))


def test_two_tables_in_one_workbook(tmp_path):
    from openpyxl import Workbook

    folder = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", folder)
    wb = Workbook()
    sources = wb.active
    sources.title = "Sources"
    for row in _rows(folder / "inventory.csv"):
        sources.append(row)
    credits = wb.create_sheet("Credits")
    for row in _rows(folder / "credits.csv"):
        credits.append(row)
    wb.save(folder / "footprint.xlsx")
    (folder / "inventory.csv").unlink()
    (folder / "credits.csv").unlink()
    manifest = folder / "dossier.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + '\n[tables]\n'
                        'inventory = "footprint.xlsx#Sources"\n'
                        'credits = "footprint.xlsx#Credits"\n', encoding="utf-8")
    out = tmp_path / "x.veridesk"
    done = run_cli("import", str(folder), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "credits 2" in done.stdout
    report = json.loads(run_cli("check", str(out), "--json").stdout)
    by_code = {c["code"]: c for c in report["checks"]}
    assert by_code["credits.sufficiency"]["status"] == "pass"
    # every check of the credits table itself ran (the registry and eligibility checks need
    # a registry export or a claim that asks for them)
    own = {"credits.registry_match", "credits.corresponding_adjustment", "credits.ccp"}
    assert all(c["status"] != "n/a" for code, c in by_code.items()
               if code.startswith("credits.") and code not in own)


def test_unknown_columns_are_named_with_the_closest_known_one(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", folder)
    inv = folder / "inventory.csv"
    text = inv.read_text(encoding="utf-8")
    inv.write_text(text.replace("activity,", "activty,", 1).replace(",ef_unit,", ",ef_units,", 1),
                   encoding="utf-8")
    out = tmp_path / "x.veridesk"
    done = run_cli("import", str(folder), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "'activty'" in done.stderr and "did you mean 'activity'" in done.stderr
    assert "did you mean 'ef_unit'" in done.stderr
    checked = run_cli("check", str(out))
    assert "did you mean 'activity'" in checked.stderr  # said again on the engagement file
    report = json.loads(run_cli("check", str(folder), "--json").stdout)
    assert any("activty" in w for w in report["warnings"])


def test_missing_data_leaves_the_item_open_not_not_applicable(tmp_path):
    from desktop.checklist import item_states
    from desktop.dossier.importer import import_dossier
    from desktop.engagement import run_engagement_checks
    from desktop.store.db import open_file

    folder = tmp_path / "d"
    shutil.copytree(EXAMPLES / "neutral-steel", folder)
    (folder / "credits.csv").unlink()  # a neutrality claim without its credits
    out = tmp_path / "x.veridesk"
    import_dossier(folder, out)
    with open_file(out) as eng:
        states = item_states(eng.conn, run_engagement_checks(eng.conn))
    credit_items = [s for s in states if s.check and s.check.code.startswith("credits.")]
    assert credit_items
    assert {s.suggested for s in credit_items} == {"open"}
