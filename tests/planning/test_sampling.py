"""The pure sampling core: factors, sample size, reproducible selection, projection."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import InputError
from desktop.planning.risk import combine
from desktop.planning.sampling import (
    UNASSESSED,
    Basis,
    PlanError,
    Population,
    draw,
    evaluate,
    poisson_factor,
)
from desktop.planning.settings import SamplingSettings, parse_settings

SETTINGS = SamplingSettings()


def _pop(amounts, risk=None, kind="inventory", stratum=None, unit="tCO2e") -> Population:
    a = np.asarray(amounts, dtype=float)
    n = len(a)
    return Population(
        kind, np.arange(2, n + 2), np.array([f"S{i}" for i in range(n)], dtype=object), a,
        np.full(n, UNASSESSED, np.int8) if risk is None else np.asarray(risk, np.int8),
        stratum=stratum, unit=unit,
    )


def test_confidence_factors_are_the_aicpa_poisson_factors():
    # AICPA Audit Sampling guide, MUS tables: 0 errors 3.00 / 2.31 / 1.61 / 0.70;
    # 1 and 2 errors at 95 %: 4.75 and 6.30
    assert round(poisson_factor(0, 95), 2) == 3.00
    assert round(poisson_factor(0, 90), 2) == 2.30  # the guide rounds 2.303 up to 2.31
    assert round(poisson_factor(0, 80), 2) == 1.61
    assert round(poisson_factor(0, 50), 2) == 0.69
    assert round(poisson_factor(1, 95), 2) == 4.74
    assert round(poisson_factor(2, 95), 2) == 6.30


def test_risk_matrix():
    assert combine("high", "high") == "high"
    assert combine("High ", "low") == "medium"
    assert combine("low", "low") == "low"
    with pytest.raises(ValueError):
        combine("severe", "low")


def test_sample_size_is_the_mus_formula():
    # 1 000 items of 1 t: BV 1000; materiality 5 % of 1000 = 50; PM 75 % = 37.5;
    # unassessed → high → 95 %: n = 1000 × 2.9957 / 37.5 = 79.9 → 80
    pop = _pop(np.ones(1000))
    plan = draw(pop, Basis(5.0, 1000.0), SETTINGS, seed=1)
    assert plan["format"] == "veridesk-sample/1"
    assert plan["performance_materiality_tco2e"] == pytest.approx(37.5)
    assert plan["sample_size"] == 80
    assert len(plan["row_nos"]) == 80  # no item reaches the interval: 80 distinct rows
    assert plan["strata"][0]["interval"] == pytest.approx(12.5)
    # limited assurance, low risk: 50 % → CF 0.69 → n = ceil(1000 × 0.6931 / 37.5) = 19
    low = draw(_pop(np.ones(1000), risk=np.zeros(1000)), Basis(5.0, 1000.0, "limited"),
               SETTINGS, seed=1)
    assert low["sample_size"] == 19


def test_expected_misstatement_enlarges_the_sample():
    s = SamplingSettings(expected_misstatement_pct=20.0)
    plan = draw(_pop(np.ones(1000)), Basis(5.0, 1000.0), s, seed=1)
    # TM 37.5, EM 7.5, EF(95 %) 1.6: n = 1000 × 2.9957 / (37.5 − 12) = 117.5 → 118
    assert plan["sample_size"] == 118
    with pytest.raises(PlanError) as exc:
        draw(_pop(np.ones(10)), Basis(5.0, 10.0), SamplingSettings(expected_misstatement_pct=70),
             seed=1)
    assert exc.value.key == "planning.expected_too_large"


def test_same_seed_same_sample_other_seed_other_sample():
    rng = np.random.default_rng(0)
    pop = _pop(rng.gamma(2.0, 1.0, 5000))
    a = draw(pop, Basis(5.0, float(pop.amount.sum())), SETTINGS, seed=42)
    b = draw(pop, Basis(5.0, float(pop.amount.sum())), SETTINGS, seed=42)
    c = draw(pop, Basis(5.0, float(pop.amount.sum())), SETTINGS, seed=43)
    assert a == b
    assert a["row_nos"] != c["row_nos"]
    assert a["seed"] == 42


@settings(max_examples=40, deadline=None)
@given(
    amounts=st.lists(st.floats(0.0, 1e4, allow_nan=False), min_size=1, max_size=60),
    seed=st.integers(0, 2**32),
    high=st.sets(st.integers(0, 59), max_size=5),
)
def test_key_items_are_always_selected(amounts, seed, high):
    total = sum(amounts)
    if total < 1e-3:  # no materiality to sample against (planning.no_materiality)
        return
    risk = np.full(len(amounts), UNASSESSED, np.int8)
    for i in high:
        if i < len(amounts):
            risk[i] = 2
    pop = _pop(amounts, risk=risk)
    plan = draw(pop, Basis(5.0, total), SETTINGS, seed=seed)
    pm = plan["performance_materiality_tco2e"]
    chosen = set(plan["row_nos"])
    for i, a in enumerate(amounts):
        if a >= pm or risk[i] == 2:
            assert int(pop.row_no[i]) in chosen
            assert int(pop.row_no[i]) in {k["row_no"] for k in plan["key_items"]}
    assert len(chosen) == len(plan["row_nos"])  # each row once


def test_a_million_rows_by_parameter():
    n = 1_000_000
    rng = np.random.default_rng(7)
    names = np.where(np.arange(n) % 4 == 0, "EF", "EG").astype(object)
    pop = _pop(rng.gamma(2.0, 1.0, n), kind="monitoring", stratum=names)
    pop = Population("monitoring", pop.row_no, names, pop.amount, pop.risk, stratum=names)
    plan = draw(pop, Basis(2.0, float(pop.amount.sum())), SETTINGS, seed=5)
    assert [s["name"] for s in plan["strata"]] == ["EF", "EG"]
    # each stratum: ceil(BV_s × CF / PM) hits
    pm = plan["performance_materiality_tco2e"]
    for s in plan["strata"]:
        assert s["sample_size"] == math.ceil(s["book_value"] * s["confidence_factor"] / pm - 1e-6)
    assert plan == draw(pop, Basis(2.0, float(pop.amount.sum())), SETTINGS, seed=5)


def test_projection_tainting_times_interval_and_upper_limit():
    pop = _pop(np.ones(1000))
    plan = draw(pop, Basis(5.0, 1000.0), SETTINGS, seed=3)
    rows = plan["row_nos"]
    results = {r: 0.0 for r in rows}
    results[rows[0]] = 0.5  # 50 % tainting on a 1 t item, SI 12.5 → 6.25 projected
    ev = evaluate(plan, results)
    assert ev.complete and ev.tested == 80 and ev.errors == 1
    assert ev.projected_tco2e == pytest.approx(6.25)
    cf0, cf1 = poisson_factor(0, 95), poisson_factor(1, 95)
    expected = 6.25 + cf0 * 12.5 + 6.25 * (cf1 - cf0 - 1)
    assert ev.upper_limit_tco2e == pytest.approx(expected)
    partial = evaluate(plan, {rows[0]: 0.0})
    assert not partial.complete and len(partial.missing) == 79


def test_key_item_errors_count_in_full():
    pop = _pop([100.0, 1.0, 1.0, 1.0])
    plan = draw(pop, Basis(5.0, 103.0), SETTINGS, seed=1)
    assert plan["key_items"][0]["row_no"] == 2
    ev = evaluate(plan, {r: (4.0 if r == 2 else 0.0) for r in plan["row_nos"]})
    assert ev.key_error_tco2e == 4.0 and ev.projected_tco2e == 4.0


def test_evidence_is_drawn_at_random():
    n = 200
    pop = Population("evidence", np.arange(1, n + 1), np.array([f"e{i}" for i in range(n)],
                     dtype=object), np.full(n, np.nan), np.full(n, UNASSESSED, np.int8),
                     unit="none")
    plan = draw(pop, Basis(5.0, 1000.0), SETTINGS, seed=9)
    assert plan["method"] == "random" and plan["sample_size"] == 30  # ceil(2.996 / 0.10)
    assert plan == draw(pop, Basis(5.0, 1000.0), SETTINGS, seed=9)
    ev = evaluate(plan, {r: (2.0 if r == plan["row_nos"][0] else 0.0) for r in plan["row_nos"]})
    assert ev.projected_tco2e == pytest.approx(2.0 * 200 / 30)
    assert ev.upper_limit_tco2e is None


def test_settings_are_validated_naming_the_key():
    with pytest.raises(InputError) as exc:
        parse_settings({"performance_materiality_pct": 150}, "planning.toml")
    assert "performance_materiality_pct" in str(exc.value)
    raw = {"performance_materiality_pct": 75, "expected_misstatement_pct": 0,
           "significant_share_pct": 1, "tolerable_deviation_pct": 10,
           "confidence_pct": {"reasonable": {"high": 97, "medium": 90, "low": 80},
                              "limited": {"high": 80, "medium": 63, "low": 50}},
           "expansion_factor": {"90": 1.5, "80": 1.3, "63": 1.2, "50": 1.0}}
    with pytest.raises(InputError) as exc:
        parse_settings(raw)
    assert "confidence_pct.reasonable.high" in str(exc.value)
    raw["confidence_pct"]["reasonable"]["high"] = 90
    assert parse_settings(raw).confidence("reasonable", "high") == 90
