"""``investment.csv`` and ``[investment]`` through the importer and ``veridesk check``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.dossier.importer import import_dossier
from desktop.errors import InputError
from tests.dossiers import make_dossier

DATA = Path(__file__).parent / "data"
SOLAR = DATA / "dossiers" / "solar-pdd"

VALIDATION = """format = "veridesk-dossier/1"
[engagement]
type = "validation"
criteria = ["ISO 14064-3:2019"]
programme = "VCS"
client = "Test Co."
[subject]
id = "P-1"
title = "Test PDD"
[period]
start = 2026-01-01
end = 2035-12-31
"""
TERMS = "[investment]\nbenchmark_irr_pct = 9.0\nclaimed_irr_pct = 8.14\n"


def _dossier(tmp_path: Path, csv_name: str, extra: str = TERMS) -> Path:
    text = (DATA / "investment" / csv_name).read_text(encoding="utf-8")
    return make_dossier(tmp_path / "d", VALIDATION + extra, {"investment.csv": text})


def test_chinese_headers_and_negative_costs_import(tmp_path):
    out = tmp_path / "o.veridesk"
    report = import_dossier(_dossier(tmp_path, "negative_costs_zh.csv"), out)
    assert report.counts["investment"] == 11
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT year, capex, opex, cash_flow FROM investment WHERE row_no = 2"
                        ).fetchone() == (2024, -1000.0, 0.0, -1000.0)


def test_ambiguous_table_is_refused_and_nothing_written(tmp_path):
    out = tmp_path / "o.veridesk"
    with pytest.raises(InputError) as exc:
        import_dossier(_dossier(tmp_path, "bad.csv"), out)
    text = exc.value.text("en")
    assert "investment.csv row 5, column opex: -50.0 has the opposite sign of 50.0" in text
    assert "investment.csv row 4, column revenue" in text
    assert not out.exists()


def test_repeated_year_and_bad_number_name_the_cell(tmp_path, cli):
    folder = make_dossier(tmp_path / "d", VALIDATION, {
        "investment.csv": "year,capex,revenue\n2024,1000,0\n2024,0,abc\n"})
    result = cli("import", str(folder), "-o", str(tmp_path / "o.veridesk"))
    assert result.returncode == 2
    assert "investment.csv row 3, column revenue: 'abc' is not a number" in result.stderr
    assert "investment.csv row 3, column year: '2024' repeats row 2" in result.stderr


def test_manifest_investment_keys_are_validated(tmp_path, cli):
    folder = _dossier(tmp_path, "simple.csv",
                      "[investment]\nbenchmark_irr_pct = \"ten\"\nvariation_pct = 0\nfoo = 1\n")
    result = cli("check", str(folder), "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert "investment.benchmark_irr_pct" in result.stderr
    assert "investment.variation_pct" in result.stderr
    assert "investment.foo" in result.stderr


def test_check_on_a_dossier_with_a_stated_irr_that_does_not_follow(tmp_path, cli):
    folder = _dossier(tmp_path, "simple.csv",
                      "[investment]\nbenchmark_irr_pct = 9.0\nclaimed_irr_pct = 11.5\n")
    result = cli("check", str(folder), "--json")
    assert result.returncode == 1
    checks = {c["code"]: c for c in json.loads(result.stdout)["checks"]}
    assert checks["investment.irr"]["status"] == "fail"
    assert checks["investment.sensitivity"]["status"] == "warn"  # +2.91 % revenue


def test_solar_fixture_shows_the_three_checks(cli):
    result = cli("check", str(SOLAR), "--json")
    assert result.returncode == 0, result.stderr
    checks = {c["code"]: c for c in json.loads(result.stdout)["checks"]}
    irr, bench, sens = (checks[f"investment.{k}"] for k in ("irr", "benchmark", "sensitivity"))
    assert irr["status"] == "pass" and irr["figures"]["irr_pct"] == pytest.approx(7.9514)
    assert irr["figures"]["years"] == 21
    assert bench["status"] == "pass" and bench["figures"]["benchmark_irr_pct"] == 10.5
    assert bench["figures"]["npv_at_benchmark"] == pytest.approx(-16487.43, abs=0.01)
    assert sens["status"] == "pass" and sens["figures"]["inside"] == []
    v = sens["figures"]["variables"]
    assert v["capex"]["break_even_pct"] == pytest.approx(-16.16, abs=0.01)
    assert v["revenue"]["break_even_pct"] == pytest.approx(15.35, abs=0.01)
    assert v["opex"]["break_even_pct"] is None


def test_an_edit_of_the_investment_table_is_named_by_verify(tmp_path, cli):
    out = tmp_path / "o.veridesk"
    import_dossier(_dossier(tmp_path, "simple.csv"), out)
    assert cli("verify", str(out)).returncode == 0
    conn = sqlite3.connect(out)
    with conn:
        conn.execute("UPDATE investment SET revenue = 260 WHERE year = 2027")
    conn.close()
    result = cli("verify", str(out))
    assert result.returncode != 0
    assert "investment" in result.stdout + result.stderr
    assert "2027" in result.stdout + result.stderr


def test_xlsx_with_chinese_headers(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["年度", "資本支出", "收入", "營運成本"])
    ws.append([2024, 1000, 0, 0])
    for year in range(2025, 2035):
        ws.append([year, 0, 200, 50])
    folder = make_dossier(tmp_path / "d", VALIDATION + TERMS)
    wb.save(folder / "investment.xlsx")
    out = tmp_path / "o.veridesk"
    assert import_dossier(folder, out).counts == {"investment": 11}
    from desktop.engagement import check

    _subject, results = check(out)
    irr = next(r for r in results if r.code == "investment.irr")
    assert irr.status == "pass" and irr.figures["irr_pct"] == pytest.approx(8.1442)
