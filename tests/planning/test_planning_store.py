"""Risk assessments, sample plans and results in the engagement file; CLI and checks."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import main
from desktop.dossier.importer import import_dossier
from desktop.engagement import load_context
from desktop.errors import MessageError, ReadOnlyError
from desktop.i18n import set_language
from desktop.planning import store
from desktop.proposals import proposals
from desktop.rules import run_checks
from desktop.store.db import open_file


@pytest.fixture(autouse=True)
def _english():
    """``--lang`` sets the language for the process: back to the environment's after."""
    yield
    set_language(None)


@pytest.fixture
def steel(tmp_path, examples):
    out = tmp_path / "steel.veridesk"
    import_dossier(examples / "neutral-steel", out, actor="Test Verifier")
    return out


@pytest.fixture
def led(tmp_path, examples):
    out = tmp_path / "led.veridesk"
    import_dossier(examples / "led-retrofit", out, actor="Test Verifier")
    return out


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _checks(path) -> dict:
    with open_file(path) as eng:
        return {r.code: r for r in run_checks(load_context(eng.conn))}


def _audit(path, entity: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT action, entity_key, old, new FROM audit WHERE entity = ? ORDER BY id",
            (entity,),
        ).fetchall()


def test_risk_set_list_and_audit(steel, capsys):
    code, out, _ = _run(capsys, "risk", "set", str(steel), "--population", "inventory",
                        "--item", "S01", "--inherent", "high", "--control", "medium",
                        "--reason", "manual meter readings")
    assert code == 0 and "risk high" in out
    _run(capsys, "risk", "set", str(steel), "--population", "inventory", "--item", "S01",
         "--inherent", "low", "--control", "low", "--reason", "reconciled to invoices")
    code, out, _ = _run(capsys, "risk", "list", str(steel), "--json")
    data = json.loads(out)
    assert data["format"] == "veridesk-risk/1"
    [a] = data["assessments"]
    assert (a["item"], a["inherent"], a["control"], a["combined"]) == ("S01", "low", "low", "low")
    rows = _audit(steel, "risk")
    assert [r[0] for r in rows] == ["assess", "revise"]
    assert json.loads(rows[1][2])["inherent"] == "high"  # the earlier value is kept


def test_risk_errors_exit_2_in_the_users_language(steel, capsys):
    code, _, err = _run(capsys, "risk", "set", str(steel), "--population", "inventory",
                        "--item", "NOPE", "--inherent", "high", "--control", "low",
                        "--reason", "x")
    assert code == 2 and "'NOPE' is not an item of the inventory" in err and "S01" in err
    code, _, err = _run(capsys, "--lang", "zh-TW", "risk", "set", str(steel), "--population",
                        "inventory", "--item", "S01", "--inherent", "high", "--control",
                        "low", "--reason", "  ")
    assert code == 2 and "風險評估必須說明理由" in err
    assert _audit(steel, "risk") == []  # nothing written


def test_same_seed_same_sample_and_the_plan_is_stored(steel, tmp_path, examples, capsys):
    other = tmp_path / "other.veridesk"
    import_dossier(examples / "neutral-steel", other, actor="Test Verifier")
    plans = []
    for path in (steel, other):
        code, out, _ = _run(capsys, "sample", str(path), "--population", "inventory",
                            "--seed", "2024", "--json")
        assert code == 0
        plans.append(json.loads(out))
    a, b = plans
    assert a["format"] == "veridesk-sample/1" and a["seed"] == 2024
    assert a["row_nos"] == b["row_nos"]
    for field in ("population_size", "population_tco2e", "method",
                  "performance_materiality_tco2e", "key_items", "sample_size"):
        assert field in a
    # every source at or above the performance materiality is a key item, tested in full
    keys = {k["row_no"] for k in a["key_items"]}
    for item in a["key_items"] + a["sampled"]:
        if item["amount"] >= a["performance_materiality_tco2e"]:
            assert item["row_no"] in keys
    assert keys <= set(a["row_nos"])
    [(action, _key, _old, new)] = _audit(steel, "sample_plan")
    assert action == "draw" and json.loads(new)["row_nos"] == a["row_nos"]


def test_results_projection_proposal_and_checks(steel, capsys):
    with open_file(steel, write=True) as eng:
        plan = store.draw_sample(eng, "inventory", 7)
    rows = plan.plan["row_nos"]
    assert _checks(steel)["planning.sample"].status == "warn"  # no results yet
    sampled = plan.plan["sampled"][0]
    for r in rows:
        args = ["--agreed"] if r != sampled["row_no"] else ["--error", "0.5"]
        code, _out, err = _run(capsys, "sample", "result", str(steel), "--plan", str(plan.id),
                               "--row", str(r), *args, "--note", "traced to invoice")
        assert code == 0, err
    code, out, _ = _run(capsys, "sample", "show", str(steel), "--json")
    shown = json.loads(out)
    ev = shown["evaluation"]
    assert ev["tested"] == ev["selected"] == len(rows) and ev["errors"] == 1
    stratum = next(s for s in shown["strata"] if s["name"] == sampled["stratum"])
    si = stratum["interval"]
    # tainting × interval below the interval; the error itself at or above it
    expected = 0.5 if sampled["amount"] >= si else 0.5 / sampled["amount"] * si
    assert ev["projected_tco2e"] == pytest.approx(expected)
    result = _checks(steel)["planning.sample"]
    assert result.figures["projected_tco2e"] == pytest.approx(expected, abs=1e-4)
    assert result.status in ("pass", "warn", "fail")
    pm = plan.plan["performance_materiality_tco2e"]
    assert result.status == ("fail" if expected > pm else result.status)
    # the projection is proposed as a misstatement until the verifier records it
    with open_file(steel, write=True) as eng:
        results = run_checks(load_context(eng.conn))
        [p] = [p for p in proposals(eng.conn, results) if p.source == f"sample:{plan.id}"]
        assert not p.evaluated and p.amount_tco2e == pytest.approx(expected)
    code, _out, err = _run(capsys, "misstatement", "add", str(steel), "--source",
                           f"sample:{plan.id}", "--tco2e", f"{expected:.4f}",
                           "--description", "projected sample error")
    assert code == 0, err
    with open_file(steel) as eng:
        results = run_checks(load_context(eng.conn))
        [p] = [p for p in proposals(eng.conn, results) if p.source == f"sample:{plan.id}"]
        assert p.evaluated


def test_a_projection_above_performance_materiality_fails(steel):
    with open_file(steel, write=True) as eng:
        plan = store.draw_sample(eng, "inventory", 3)
        pm = plan.plan["performance_materiality_tco2e"]
        for i, r in enumerate(plan.plan["row_nos"]):
            store.record_result(eng, plan.id, r, pm * 2 if i == 0 else None)
    result = _checks(steel)["planning.sample"]
    assert result.status == "fail" and result.rows == [f"sample:{plan.id}"]


def test_sample_errors_exit_2(steel, capsys):
    code, _, err = _run(capsys, "sample", "show", str(steel))
    assert code == 2 and "no sample has been drawn" in err
    _run(capsys, "sample", str(steel), "--population", "inventory", "--seed", "1")
    code, _, err = _run(capsys, "sample", "result", str(steel), "--plan", "1", "--row", "999",
                        "--agreed")
    assert code == 2 and "row 999 is not selected in sample plan 1" in err
    code, _, err = _run(capsys, "sample", str(steel), "--population", "inventory",
                        "--seed", "abc")
    assert code == 2 and "seed 'abc'" in err
    code, _, err = _run(capsys, "sample", "show", str(steel), "--row", "3")
    assert code == 2 and "--row not allowed here" in err
    code, _, err = _run(capsys, "sample", "result", str(steel), "--plan", "1", "--row", "2",
                        "--agreed", "--error", "1")
    assert code == 2
    code, _, err = _run(capsys, "sample", str(steel), "--population", "monitoring")
    assert code == 2 and "no monitoring data" in err


def test_signed_engagement_refuses_planning_writes(steel):
    with open_file(steel, write=True) as eng:
        plan = store.draw_sample(eng, "inventory", 1)
        eng.conn.execute("UPDATE engagement SET state = 'signed'")
        with pytest.raises(ReadOnlyError):
            store.set_risk(eng, "inventory", "S01", "high", "low", "x")
        with pytest.raises(ReadOnlyError):
            store.draw_sample(eng, "inventory", 2)
        with pytest.raises(ReadOnlyError):
            store.record_result(eng, plan.id, plan.plan["row_nos"][0], None)
        assert len(store.list_plans(eng.conn)) == 1


def test_planning_risk_check(steel):
    assert _checks(steel)["planning.risk"].status == "n/a"
    with open_file(steel, write=True) as eng:
        needed = [r for r in _checks(steel)["planning.risk"].rows]
        store.set_risk(eng, "inventory", needed[0], "high", "high", "estimates")
    r = _checks(steel)["planning.risk"]
    assert r.status == "warn" and needed[0] not in r.rows
    assert r.figures["missing"] == len(needed) - 1
    with open_file(steel, write=True) as eng:
        for item in needed[1:]:
            store.set_risk(eng, "inventory", item, "low", "low", "metered")
    r = _checks(steel)["planning.risk"]
    assert r.status == "pass" and r.rows == [needed[0]]  # the high-risk one is named
    assert "風險" in r.message_zh


def test_monitoring_rows_carry_their_share_of_the_result(led):
    with open_file(led, write=True) as eng:
        plan = store.draw_sample(eng, "monitoring", 5).plan
        ctx = load_context(eng.conn)
    assert plan["unit"] == "tCO2e"
    from desktop.rules.recalc import recalculate

    result = recalculate(ctx).recomputed
    # each parameter of a product carries the whole result, split over its rows
    per_param: dict[str, float] = {}
    for item in plan["key_items"] + plan["sampled"]:
        per_param[item["label"]] = per_param.get(item["label"], 0.0) + item["amount"]
    if plan["population_size"] == len(plan["row_nos"]):
        for total in per_param.values():
            assert total == pytest.approx(abs(result), rel=1e-3)


def test_unknown_plan_is_named(steel):
    with open_file(steel, write=True) as eng:
        store.draw_sample(eng, "inventory", 1)
        with pytest.raises(MessageError) as exc:
            store.record_result(eng, 9, 2, None)
    assert "no sample plan 9 (plans: 1)" in str(exc.value)


@pytest.mark.parametrize("name", ["neutral-steel", "led-retrofit"])
def test_completed_planning_passes_both_checks(tmp_path, examples, name):
    from tests.planning.helpers import complete_planning

    out = tmp_path / f"{name}.veridesk"
    import_dossier(examples / name, out, actor="Test Verifier")
    with open_file(out, write=True) as eng:
        complete_planning(eng)
    checks = _checks(out)
    assert checks["planning.risk"].status == "pass"
    assert checks["planning.sample"].status == "pass"
