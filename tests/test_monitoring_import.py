"""``meters.csv``, ``[monitoring.frequency]`` and the monitoring checks on an imported
dossier: the store's SQL path finds what the frame path finds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop.dossier.importer import import_dossier
from desktop.engagement import load_context
from desktop.errors import InputError
from desktop.rules import run_checks
from desktop.rules.monitoring_data import from_frame
from desktop.store.db import open_file
from desktop.store.monitoring import read_monitoring
from tests.dossiers import VERIFICATION, make_dossier

METERED = Path(__file__).parent / "data" / "dossiers" / "metered-plant"
EF = 0.494


def _checks(cli, path) -> dict[str, dict]:
    result = cli("check", str(path), "--json")
    assert result.returncode == 1, result.stderr  # outliers are material: fail
    return {c["code"]: c for c in json.loads(result.stdout)["checks"]}


def test_planted_anomalies_are_found(cli):
    c = _checks(cli, METERED)
    dup = c["monitoring.duplicates"]
    assert (dup["status"], dup["rows"]) == ("warn", ["row 5"])
    assert dup["figures"]["tco2e_at_stake"] == pytest.approx(163.38 * EF, abs=1e-4)
    gaps = c["monitoring.gaps"]
    assert gaps["status"] == "warn" and gaps["figures"]["missing_readings"] == 1
    assert "EG_saved/M-B 2024-06-01 → 2024-08-01" in gaps["message"]
    out = c["monitoring.outliers"]
    assert out["rows"] == ["row 22", "row 31"]  # M-B above 144.5; M-C's spike of 240
    assert out["figures"]["above_capacity"] == 2 and out["figures"]["outliers"] == 1
    assert out["figures"]["tco2e_at_stake"] == pytest.approx((148.0 + 240.0) * EF, abs=1e-4)
    assert out["status"] == "fail"  # 191.67 t ≥ 5 % of 2 212 t
    cal = c["monitoring.calibration"]
    assert cal["rows"] == ["row 36", "row 37"]  # M-C after 2024-10-31
    assert cal["figures"]["tco2e_at_stake"] == pytest.approx((72.25 + 73.83) * EF, abs=1e-4)


def test_chinese_messages(tmp_path):
    out = tmp_path / "m.veridesk"
    import_dossier(METERED, out)
    with open_file(out) as eng:
        results = {r.code: r for r in run_checks(load_context(eng.conn))}
    zh = results["monitoring.calibration"].to_json("zh-TW")["message"]
    assert "儀表有效校正期間" in zh and "M-C" in zh


def test_store_and_frame_agree(tmp_path):
    out = tmp_path / "m.veridesk"
    import_dossier(METERED, out)
    with open_file(out) as eng:
        ctx = load_context(eng.conn)
        frame = pd.read_sql_query("SELECT * FROM monitoring ORDER BY row_no", eng.conn)
    assert ctx.meters is not None and list(ctx.meters["meter_id"]) == ["M-A", "M-B", "M-B",
                                                                        "M-C"]
    assert ctx.monitoring_frequency == (("EG_saved", "monthly"),)
    by_store = {r.code: r for r in run_checks(ctx)}
    from dataclasses import replace

    by_frame = {r.code: r for r in run_checks(replace(ctx, monitoring=frame))}
    for code in by_store:
        assert by_store[code].status == by_frame[code].status, code
        assert by_store[code].rows == by_frame[code].rows, code
        assert by_store[code].figures == by_frame[code].figures, code


PERIODS = ["2024", "2024-03", "2024-03-05", "2024-03-05T14:00", "2024-03-05 14:00:30",
           "2024-03-05T14:00:00Z", "2024-03-05T22:00:00+08:00", "", "soon", "2460000"]


def test_periods_read_alike_in_sql_and_python(tmp_path):
    rows = "\n".join(f"P,{p},{i},kWh,M1," for i, p in enumerate(PERIODS))
    folder = make_dossier(tmp_path / "d", VERIFICATION,
                          {"monitoring.csv": f"parameter,period,value,unit,meter_id,evidence\n"
                                             f"{rows}\n"})
    out = tmp_path / "p.veridesk"
    import_dossier(folder, out)
    with open_file(out) as eng:
        data = read_monitoring(eng.conn)
        frame = pd.read_sql_query("SELECT * FROM monitoring ORDER BY row_no", eng.conn)
    expected = from_frame(frame)
    np.testing.assert_array_equal(data.ts, expected.ts)
    assert np.isnan(data.ts[-3:]).all()
    assert data.ts[5] == data.ts[6] == data.ts[3]


def test_meters_with_chinese_headers_and_bad_date(tmp_path):
    meters = "儀表編號,序號,校正日期,有效期限,準確度,容量\nM1,S1,2024-01-01,2024-13-40,0.5,10\n"
    folder = make_dossier(tmp_path / "d", VERIFICATION, {
        "monitoring.csv": "parameter,period,value\nP,2024-01,1\n", "meters.csv": meters})
    out = tmp_path / "x.veridesk"
    with pytest.raises(InputError) as exc:
        import_dossier(folder, out)
    text = "\n".join(p.message("en") for p in exc.value.problems)
    assert "meters.csv row 2, column valid_until" in text
    assert not out.exists()


def test_bad_frequency_names_the_key(tmp_path, cli):
    manifest = VERIFICATION + '[monitoring.frequency]\nP = "fortnightly-ish"\n'
    folder = make_dossier(tmp_path / "d", manifest,
                          {"monitoring.csv": "parameter,period,value\nP,2024-01,1\n"})
    out = tmp_path / "f.veridesk"
    result = cli("import", str(folder), "-o", str(out))
    assert result.returncode == 2
    assert "monitoring.frequency.P" in result.stderr and "PT15M" in result.stderr
    assert not out.exists()


def test_meter_register_is_sealed(tmp_path, cli):
    import sqlite3

    out = tmp_path / "m.veridesk"
    import_dossier(METERED, out)
    with sqlite3.connect(out) as conn:  # an edit made with another SQLite tool
        conn.execute("UPDATE meters SET valid_until = '2025-12-31' WHERE meter_id = 'M-C'")
    result = cli("verify", str(out))
    assert result.returncode != 0
    assert "meters M-C (row 5): changed" in result.stdout + result.stderr
