"""run_checks, the JSON contract and CheckResult."""

from __future__ import annotations

import json

import numpy as np
import pytest

from desktop.rules import (
    CHECK_CODES,
    CHECKS,
    CheckContext,
    CheckResult,
    check_report,
    has_failures,
    run_checks,
)
from desktop.rules.prepared import Prepared


@pytest.mark.parametrize("kind", ["validation", "verification", "carbon-neutrality"])
def test_every_code_once_in_order_even_without_data(kind: str) -> None:
    results = run_checks(CheckContext(engagement_type=kind))
    assert [r.code for r in results] == list(CHECK_CODES)
    for r in results:
        assert r.status in {"pass", "warn", "n/a", "fail"}
        assert r.message and r.message_zh


def test_checks_table_follows_codes() -> None:
    assert tuple(CHECKS) == CHECK_CODES


def test_empty_context_is_all_na_but_materiality() -> None:
    results = run_checks(CheckContext(engagement_type="verification"))
    statuses = {r.code: r.status for r in results}
    assert statuses.pop("materiality.threshold") == "pass"
    assert set(statuses.values()) == {"n/a"}


def test_unknown_engagement_type() -> None:
    with pytest.raises(ValueError, match="engagement type"):
        run_checks(CheckContext(engagement_type="audit"))


def test_report_is_json_in_both_languages(neutral_steel: CheckContext) -> None:
    en = check_report(neutral_steel, "en", {"id": "CN-WIRE-2024-01", "type": "carbon-neutrality"})
    zh = check_report(neutral_steel, "zh-TW")
    assert en["format"] == "veridesk-check/1"
    assert en["subject"]["id"] == "CN-WIRE-2024-01"
    assert zh["subject"] == {"type": "carbon-neutrality"}
    json.dumps(en)
    text = json.dumps(zh, ensure_ascii=False)
    assert "涵蓋率" in text
    first = en["checks"][0]
    assert set(first) == {"code", "status", "figures", "message", "rows"}
    assert en["checks"][0]["message"] != zh["checks"][0]["message"]


def test_to_json_rounds_and_cleans() -> None:
    r = CheckResult(
        "x",
        "pass",
        {"a": 1 / 3, "b": np.float64(2.123456), "c": np.int64(3), "d": float("nan"), "e": True},
        "m",
        ["S1"],
        "訊息",
    )
    out = r.to_json()
    assert out["figures"] == {"a": 0.3333, "b": 2.1235, "c": 3, "d": None, "e": True}
    assert isinstance(out["figures"]["c"], int)
    assert r.to_json("zh-TW")["message"] == "訊息"
    assert r.to_json("zh_TW")["message"] == "訊息"
    with pytest.raises(ValueError):
        r.to_json("fr")


def test_bad_status_refused() -> None:
    with pytest.raises(ValueError):
        CheckResult("x", "ok", {}, "m", [])


def test_has_failures(neutral_steel: CheckContext) -> None:
    assert not has_failures(run_checks(neutral_steel))


def test_checks_accept_a_bare_context(neutral_steel: CheckContext) -> None:
    for code, check in CHECKS.items():
        assert check(neutral_steel) == check(Prepared(neutral_steel)), code
