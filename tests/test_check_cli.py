"""``veridesk check``: the veridesk-check/1 JSON contract and the exit codes."""

from __future__ import annotations

import json

import pytest

from desktop.dossier.importer import import_dossier
from desktop.rules import CHECK_CODES


def _report(cli, *args):
    result = cli("check", *args, "--json")
    return result, (json.loads(result.stdout) if result.stdout.strip() else None)


def _by_code(report):
    return {c["code"]: c for c in report["checks"]}


def test_neutral_steel_json(cli, examples):
    result, report = _report(cli, str(examples / "neutral-steel"))
    assert result.returncode == 0, result.stderr
    assert report["format"] == "veridesk-check/1"
    assert report["subject"]["id"] == "CN-WIRE-2024-01"
    assert report["subject"]["type"] == "carbon-neutrality"
    assert [c["code"] for c in report["checks"]] == list(CHECK_CODES)
    checks = _by_code(report)
    cov = checks["coverage.threshold"]
    assert cov["status"] == "pass"
    assert cov["figures"]["total_tco2e"] == pytest.approx(269.63)
    assert cov["figures"]["included_tco2e"] == pytest.approx(268.80)
    assert cov["figures"]["largest_source"] == "S01"
    assert cov["figures"]["largest_share_pct"] == pytest.approx(54.96, abs=0.01)
    assert cov["figures"]["basis"] == "remainder"
    assert cov["figures"]["basis_coverage_pct"] == pytest.approx(99.32, abs=0.01)
    suff = checks["credits.sufficiency"]["figures"]
    assert (suff["retired_tco2e"], suff["shortfall_tco2e"]) == (277, 0)
    for code in (
        "credits.serials",
        "credits.quantity",
        "credits.double_counting",
        "credits.vintage",
        "credits.retirement",
        "credits.beneficiary",
    ):
        assert checks[code]["status"] == "pass", code
    assert checks["scale.class"]["status"] == "n/a"
    for c in report["checks"]:
        assert set(c) == {"code", "status", "figures", "message", "rows"}
        assert c["status"] in {"pass", "fail", "warn", "n/a"}


def test_led_retrofit_from_zip_and_engagement_file(cli, examples, tmp_path):
    import shutil

    zipped = shutil.make_archive(str(tmp_path / "led"), "zip", examples / "led-retrofit")
    result, report = _report(cli, zipped)
    assert result.returncode == 0
    recalc = _by_code(report)["recalc.result"]
    assert recalc["status"] == "warn"
    assert recalc["figures"]["recomputed_tco2e"] == pytest.approx(2167.82, abs=0.01)
    assert recalc["figures"]["difference_pct"] == pytest.approx(2.0, abs=0.01)
    scale = _by_code(report)["scale.class"]["figures"]
    assert scale["class"] == "micro" and scale["additionality_steps"] == ["regulatory"]
    # the same answers from the engagement file
    out = tmp_path / "led.veridesk"
    import_dossier(examples / "led-retrofit", out)
    _result2, report2 = _report(cli, str(out))
    assert report2["checks"] == report["checks"]


def test_solar_pdd(cli, examples):
    _result, report = _report(cli, str(examples / "solar-pdd"))
    checks = _by_code(report)
    assert checks["scale.class"]["figures"]["class"] == "large"
    assert checks["materiality.threshold"]["figures"]["threshold_pct"] == 5


def test_failure_exits_1_and_still_prints_json(cli, dossier_copy):
    folder = dossier_copy("neutral-steel")
    inv = folder / "inventory.csv"
    # exclude the grid electricity (scope 2): coverage and scope 1/2 fail
    inv.write_text(inv.read_text().replace("52.8,yes,", "52.8,no,not measured"))
    result, report = _report(cli, str(folder))
    assert result.returncode == 1
    checks = _by_code(report)
    assert checks["coverage.scope12"]["status"] == "fail"
    assert checks["coverage.scope12"]["rows"] == ["S04"]


def test_unusable_input_exits_2_without_json(cli, tmp_path):
    result = cli("check", str(tmp_path / "nope"), "--json")
    assert result.returncode == 2
    assert result.stdout == "" and "no such file or folder" in result.stderr


def test_human_table_in_chinese(cli, examples):
    result = cli("--lang", "zh-TW", "check", str(examples / "led-retrofit"))
    assert result.returncode == 0
    assert "三廠區 LED 燈具汰換自願減量專案" in result.stdout
    assert "警告" in result.stdout and "recalc.result" in result.stdout


def test_reading_commands_leave_nothing_beside_the_file(cli, examples, tmp_path):
    """At rest an engagement file keeps a rollback journal: ``check`` and ``status`` open
    it read-only and leave no -wal / -shm behind; a writer's session ends the same way."""
    from desktop import signoff
    from desktop.store.db import open_file

    out = tmp_path / "steel.veridesk"
    import_dossier(examples / "neutral-steel", out, actor="Tester")
    for args in (("check", str(out)), ("status", str(out))):
        assert cli(*args).returncode in (0, 1)
    with open_file(out, write=True) as eng:
        signoff.add_member(eng, "Lin", "lead", actor="Lin")
        assert eng.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # while open
    assert cli("check", str(out)).returncode in (0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["steel.veridesk"]
