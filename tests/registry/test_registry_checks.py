"""``credits.registry_match`` and the eligibility checks on real-format exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from desktop.registry.read import read_export
from desktop.rules import CHECK_CODES, CheckContext, run_checks
from desktop.rules.prepared import Prepared
from desktop.rules.registry import check_registry_match, registry_match, vcmi_tier

DATA = Path(__file__).resolve().parents[1] / "data" / "registry"
CLIENT = "Example Steel Corporation"

# registry → (export, serial template, vintage, retired_on of the matched block,
#             matched, foreign, not retired (or None), not found, partial) as (start, end)
CASES = {
    "Verra": ("verra-vcus.csv",
              "13557-{s}-{e}-VCS-VCU-1289-VER-TZ-1-2366-16042021-15102021-0", "2021",
              "2025-03-14", (513004457, 513005456), (513005457, 513007456),
              (513007457, 513008456), (600000000, 600000009), (513004357, 513004556)),
    "Gold Standard": ("gold-standard-credits.xlsx", "GS1-1-KE-GS7495-16-2023-30645-{s}-{e}",
                      "2023", "2025-02-01", (1001, 1100), (1, 500), (501, 600), (2001, 2100),
                      (1001, 1150)),
    "ACR": ("acr-retirements.csv", "ACR-US-934-2024-2891-{s} to {e}", "2024", "2025-03-14",
            (58384, 58673), (58674, 59673), None, (70000, 70099), (58300, 58673)),
    "CAR": ("car-retirements.csv", "CAR-1-US-1480-46-1156-FL-2023-10272-{s} to {e}", "2023",
            "2025-04-01", (852724, 856723), (858724, 859723), None, (900000, 900099),
            (852724, 856823)),
    "TW-MOENV": ("tw-moenv-retirements.csv", "TW-2-1-{s:09d}-{e:09d}-00-00-A0000070", "2022",
                 "2025-03-14", (30172798, 30173019), (30180000, 30180099), None,
                 (40000000, 40000099), (30172700, 30173019)),
}


def context(rows: list[dict], exports: list[str] | None, **kw) -> CheckContext:
    frame = pd.DataFrame(rows)
    frame.insert(0, "row_no", range(2, len(rows) + 2))
    registry = None
    if exports is not None:
        found = [read_export(DATA / name).records for name in exports]
        registry = pd.concat(found, ignore_index=True) if found else None
    base = CheckContext(
        engagement_type="carbon-neutrality", client=CLIENT,
        beneficiaries=("範例鋼鐵股份有限公司",), criteria=("ISO 14068-1:2023",),
        period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        reported_emissions_tco2e=250.0, credits=frame, registry=registry,
    )
    return replace(base, **kw)


def row(registry: str, serial: str, qty: int, vintage: str, retired: str, **extra) -> dict:
    return {"registry": registry, "serial": serial, "quantity": qty, "vintage": vintage,
            "retired_on": retired, "beneficiary": CLIENT, **extra}


@pytest.mark.parametrize("registry", list(CASES))
def test_each_registry_matched_foreign_not_found_partial_not_retired(registry):
    name, tpl, vintage, day, matched, foreign, not_retired, not_found, partial = CASES[registry]
    blocks = {"matched": matched, "foreign": foreign, "not_found": not_found,
              "partial": partial}
    if not_retired:
        blocks["not_retired"] = not_retired
    rows = [row(registry, tpl.format(s=s, e=e), e - s + 1, vintage, day)
            for s, e in blocks.values()]
    p = Prepared(context(rows, [name]))
    m = registry_match(p)
    assert dict(zip(blocks, m.status.tolist(), strict=True)) == {k: k for k in blocks}
    result = check_registry_match(p)
    assert result.status == "fail"
    f = result.figures
    assert f["blocks"] == len(blocks) and f["matched"] == 1 and f["foreign"] == 1
    assert f["not_found"] == 1 and f["partial"] == 1
    assert f["not_retired"] == (1 if not_retired else 0)
    good = (matched[1] - matched[0] + 1) + (min(partial[1], matched[1])
                                            - max(partial[0], matched[0]) + 1)
    assert f["matched_tco2e"] == good
    total = sum(e - s + 1 for s, e in blocks.values())
    assert f["unmatched_tco2e"] == total - good
    labels = [r["serial"] for r in rows]
    assert result.rows == labels[1:]  # every block but the matched one
    assert "retired for another entity" in result.message
    assert "已為他人註銷" in result.message_zh


def test_all_matched_passes_and_names_compare_without_case_or_punctuation():
    # Verra's beneficiary is "Example Steel Corporation." and ACR's "EXAMPLE  STEEL  CORPORATION"
    rows = [row("Verra", CASES["Verra"][1].format(s=513004457, e=513005456), 1000, "2021",
                "2025-03-14"),
            row("ACR", "ACR-US-934-2024-2891-58384 to 58673", 290, "2024", "2025-03-14")]
    result = check_registry_match(context(rows, ["verra-vcus.csv", "acr-retirements.csv"]))
    assert result.status == "pass", result.message
    assert result.figures["matched"] == 2 and result.figures["matched_tco2e"] == 1290
    assert result.figures["unmatched_tco2e"] == 0


def test_retired_after_the_window_is_late():
    rows = [row("Verra", CASES["Verra"][1].format(s=513004457, e=513005456), 1000, "2021",
                "2025-03-14")]
    ctx = context(rows, ["verra-vcus.csv"], period_start=date(2023, 1, 1),
                  period_end=date(2023, 12, 31))  # deadline 2024-12-31; retired 2025-03-14
    result = check_registry_match(ctx)
    assert result.status == "fail" and result.figures["late"] == 1


def test_date_and_vintage_differences_warn():
    rows = [row("Verra", CASES["Verra"][1].format(s=513004457, e=513005456), 1000, "2022",
                "2025-03-10")]
    result = check_registry_match(context(rows, ["verra-vcus.csv"]))
    assert result.status == "warn"
    assert result.figures["date_mismatch"] == 1 and result.figures["vintage_mismatch"] == 1


def test_a_block_of_a_registry_without_export_is_not_confirmed():
    rows = [row("ACR", "ACR-US-934-2024-2891-58384 to 58673", 290, "2024", "2025-03-14")]
    result = check_registry_match(context(rows, ["verra-vcus.csv"]))
    assert result.status == "fail" and result.figures["no_export"] == 1


def test_no_export_is_na_and_other_codes_unchanged():
    rows = [row("ACR", "ACR-US-934-2024-2891-58384 to 58673", 290, "2024", "2025-03-14")]
    results = {r.code: r for r in run_checks(context(rows, None))}
    assert list(results) == list(CHECK_CODES)
    assert results["credits.registry_match"].status == "n/a"
    assert results["credits.sufficiency"].figures["eligible_tco2e"] == 290


def test_sufficiency_counts_only_matched_units_with_an_export():
    tpl = CASES["CAR"][1]
    rows = [row("CAR", tpl.format(s=852724, e=852923), 200, "2023", "2025-04-01"),  # matched
            row("CAR", tpl.format(s=858724, e=858923), 200, "2023", "2025-04-01"),  # foreign
            row("CAR", tpl.format(s=856674, e=856773), 100, "2023", "2025-04-01")]  # 50 of 100
    without = {r.code: r for r in run_checks(context(rows, None))}
    assert without["credits.sufficiency"].figures["eligible_tco2e"] == 500
    with_export = {r.code: r for r in run_checks(context(rows, ["car-retirements.csv"]))}
    suff = with_export["credits.sufficiency"]
    assert suff.figures["eligible_tco2e"] == 250
    assert suff.status == "pass"  # 250 ≥ 250
    assert suff.figures["why"] == {rows[1]["serial"]: ["registry"],
                                   rows[2]["serial"]: ["registry"]}


def test_corresponding_adjustment_agrees_disagrees_or_is_unconfirmed():
    verra = CASES["Verra"][1].format(s=513004457, e=513005456)
    gs = "GS1-1-KE-GS7495-16-2023-30645-1001-1100"
    acr = "ACR-US-934-2024-2891-58384 to 58673"
    exports = ["verra-vcus.csv", "gold-standard-credits.xlsx", "acr-retirements.csv"]

    def run(*flags):
        rows = [row("Verra", verra, 1000, "2021", "2025-03-14",
                    corresponding_adjustment=flags[0]),
                row("Gold Standard", gs, 100, "2023", "2025-02-01",
                    corresponding_adjustment=flags[1]),
                row("ACR", acr, 290, "2024", "2025-03-14", corresponding_adjustment=flags[2])]
        return {r.code: r for r in run_checks(context(rows, exports))}[
            "credits.corresponding_adjustment"]

    assert run("no", "no", None).status == "pass"
    bad = run("yes", "no", None)
    assert bad.status == "fail" and bad.rows == [verra]
    unsure = run("no", "no", "yes")  # ACR's export says nothing about it
    assert unsure.status == "warn" and unsure.rows == [acr]


def test_ccp_label_from_the_registry():
    verra = CASES["Verra"][1].format(s=513004457, e=513005456)
    gs = "GS1-1-KE-GS7495-16-2023-30645-1001-1100"
    exports = ["verra-vcus.csv", "gold-standard-credits.xlsx"]

    def run(rows, **kw):
        return {r.code: r for r in run_checks(context(rows, exports, **kw))}["credits.ccp"]

    verra_row = row("Verra", verra, 1000, "2021", "2025-03-14", ccp_label="yes")
    gs_row = row("Gold Standard", gs, 100, "2023", "2025-02-01", ccp_label="yes")
    assert run([verra_row]).status == "pass"  # "ICVCM CCP" in Additional Certifications
    assert run([gs_row]).status == "warn"  # claimed; the GS export has no CCP column
    plain = row("Gold Standard", gs, 100, "2023", "2025-02-01", ccp_label="no")
    assert run([plain]).status == "n/a" and run([plain]).inapplicable
    vcmi = run([verra_row, plain], vcmi_tier="silver")  # a VCMI claim needs it on every block
    assert vcmi.status == "fail" and vcmi.rows == [gs]


@pytest.mark.parametrize(("share", "tier"), [(19.99, "none"), (20, "silver"), (59.99, "silver"),
                                             (60, "gold"), (99.99, "gold"), (100, "platinum"),
                                             (250, "platinum")])
def test_vcmi_tiers(share, tier):
    assert vcmi_tier(share) == tier


@pytest.mark.parametrize(("units", "claimed", "status", "tier"),
                         [(200, "silver", "pass", "silver"), (599, "gold", "fail", "silver"),
                          (600, "Gold", "pass", "gold"), (1000, "platinum", "pass", "platinum"),
                          (199, "silver", "fail", "none"), (600, None, "n/a", "gold")])
def test_vcmi_claim_against_ccp_labelled_eligible_units(units, claimed, status, tier):
    serial = f"TW-2-1-{1:09d}-{units:09d}-00-00-A0000070"
    rows = [row("TW-MOENV", serial, units, "2023", "2025-03-14", ccp_label="yes"),
            row("TW-MOENV", f"TW-2-1-{5000:09d}-{5999:09d}-00-00-A0000070", 1000, "2023",
                "2025-03-14", ccp_label="no")]  # not high quality: not counted
    ctx = context(rows, None, reported_emissions_tco2e=1000.0, vcmi_tier=claimed)
    result = {r.code: r for r in run_checks(ctx)}["claims.vcmi_tier"]
    assert result.status == status and result.figures["tier"] == tier
    assert result.figures["covered_tco2e"] == units
    if status == "fail":
        assert rows[1]["serial"] in result.rows
