"""Methodology templates (design §14): the data files, ``calculation.toml`` with
``template = …`` and parameters only, the ex-ante estimate (``recalc.ex_ante``) and the
crediting period (``project.crediting_period``)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date

import pytest

from desktop.dossier.importer import import_dossier
from desktop.dossier.manifest import parse_manifest
from desktop.dossier.methodology import TemplateError, load_all, parse_template
from desktop.dossier.templated import expand, parse_templated
from desktop.errors import InputError
from desktop.rules import CalcLine, Calculation, CheckContext
from desktop.rules.crediting import check_crediting_period
from desktop.rules.exante import check_ex_ante
from desktop.rules.formula import evaluate_calculation
from desktop.rules.project_data import Crediting, ExAnteYear, Methodology

from .dossiers import VERIFICATION


def _calc(lines) -> Calculation:
    calc = [CalcLine(ln.name, ln.formula, ln.claimed, ln.unit) for ln in lines]
    return Calculation(tuple(calc[:-1]), calc[-1])


def _outcome(data: dict, monitored=frozenset(), period=None, monitoring=None):
    lines, definition = expand(parse_templated(data), set(monitored), period)
    out = evaluate_calculation(_calc(lines), monitoring)
    return {ln.name: ln.value for ln in (*out.lines, out.result)}, definition


# ------------------------------------------------------------------------ template files


def test_every_template_file_loads_with_the_required_lines():
    templates = load_all()
    assert {"ACM0002", "AMS-I.D", "AMS-II.C"} <= set(templates)
    for tid, t in templates.items():
        names = [ln.name for ln in t.lines]
        assert {"BE", "PE", "LE"} <= set(names), tid
        assert t.version and "UNCONFIRMED" in t.source  # versions are flagged until checked
        assert t.result.unit == "tCO2e"


def test_template_unknown_key_and_missing_line_are_named():
    data = {"id": "X", "title": "x", "title_zh": "x", "version": "1", "source": "s",
            "parameter": [{"name": "a", "kind": "fixed", "unit": "1", "description": "a",
                           "description_zh": "a", "colour": "red"}],
            "line": [{"name": "BE", "formula": "a", "unit": "tCO2e"}],
            "result": {"formula": "BE", "unit": "tCO2e"}}
    with pytest.raises(TemplateError) as err:
        parse_template(data, "X.toml", "X")
    text = str(err.value)
    assert "X.toml: parameter 'a'.colour: unknown key" in text
    assert "a line named PE is required" in text and "a line named LE is required" in text


# --------------------------------------------------------------- ACM0002 by parameters


def test_acm0002_baseline_from_parameters_alone():
    """Hand calculation: solar, first crediting period, so w_OM = 0.75 and w_BM = 0.25
    (TOOL07 step 6). EF_CM = 0.75 × 0.80 + 0.25 × 0.40 = 0.70 tCO2/MWh;
    BE = 150 000 MWh × 0.70 = 105 000 tCO2e; PE = LE = 0, so ER = 105 000."""
    values, definition = _outcome({"template": "ACM0002", "parameters": {
        "technology": "solar", "EG_PJ": 150000, "EF_grid_OM": 0.80, "EF_grid_BM": 0.40}})
    assert values["EF_grid_CM"] == pytest.approx(0.70)
    assert values["BE"] == pytest.approx(105000)
    assert values["result"] == pytest.approx(105000)
    assert definition["template"] == "ACM0002" and definition["crediting_period"] == 1


def test_acm0002_units_convert_to_the_templates():
    """150 GWh is 150 000 MWh; 800 kgCO2/MWh is 0.8 tCO2/MWh: same 105 000 t."""
    values, _ = _outcome({"template": "acm0002", "parameters": {
        "technology": "wind", "EG_PJ": {"value": 150, "unit": "GWh"},
        "EF_grid_OM": {"value": 800, "unit": "kgCO2/MWh"}, "EF_grid_BM": 0.40}})
    assert values["BE"] == pytest.approx(105000)


@pytest.mark.parametrize(
    ("technology", "period", "cm"),
    [
        ("solar", 1, 0.75 * 0.8 + 0.25 * 0.4),  # 0.70
        ("solar", 2, 0.75 * 0.8 + 0.25 * 0.4),  # wind and solar: 0.75/0.25 in every period
        ("hydro", 1, 0.5 * 0.8 + 0.5 * 0.4),  # 0.60
        ("hydro", 2, 0.25 * 0.8 + 0.75 * 0.4),  # 0.50: others 0.25/0.75 after renewal
        ("other", 3, 0.25 * 0.8 + 0.75 * 0.4),
    ],
)
def test_combined_margin_weights_by_technology_and_crediting_period(technology, period, cm):
    values, definition = _outcome({"template": "ACM0002", "parameters": {
        "technology": technology, "EG_PJ": 1000, "EF_grid_OM": 0.8, "EF_grid_BM": 0.4}},
        period=period)
    assert definition["crediting_period"] == period
    assert values["EF_grid_CM"] == pytest.approx(cm)


def test_monitored_parameter_comes_from_the_monitoring_table():
    import pandas as pd

    monitoring = pd.DataFrame({"parameter": ["EG_PJ"] * 12, "value": [12500.0] * 12,
                               "unit": ["MWh"] * 12})
    values, _ = _outcome({"template": "AMS-I.D", "parameters": {
        "technology": "solar", "EG_PJ": 1, "EF_grid_OM": 0.8, "EF_grid_BM": 0.4}},
        monitored={"EG_PJ"}, monitoring=monitoring)
    assert values["EG_PJ"] == pytest.approx(150000)  # 12 × 12 500, not the value given
    assert values["result"] == pytest.approx(105000)


def test_ams_ii_c_hand_calculation():
    """1 000 lamps of 60 W replaced by 1 000 of 10 W, 3 650 h/yr, 10 % grid losses,
    0.5 tCO2/MWh: E_BL = 1000 × 0.06 kW × 3650 h / 0.9 = 243.33 MWh; E_PJ = 40.56 MWh;
    ER = (243.33 − 40.56) × 0.5 = 101.39 tCO2e."""
    values, _ = _outcome({"template": "AMS-II.C", "parameters": {
        "n_BL": 1000, "p_BL": {"value": 60, "unit": "W"}, "o_BL": 3650, "n_PJ": 1000,
        "p_PJ": {"value": 10, "unit": "W"}, "o_PJ": 3650, "l": 0.10, "EF_el": 0.5}})
    assert values["E_BL"] == pytest.approx(243.333, abs=1e-3)
    assert values["result"] == pytest.approx(101.389, abs=1e-3)


# ---------------------------------------------------------------------- template errors


def _problems(data: dict) -> list[tuple[str | None, str]]:
    with pytest.raises(InputError) as err:
        parse_templated(data)
    return [(p.where, p.message("en")) for p in err.value.problems]


def test_unknown_template_lists_the_known_ones():
    [(where, text)] = _problems({"template": "ACM0003", "parameters": {}})
    assert where == "template"
    assert "ACM0003" in text and "ACM0002, AMS-I.D, AMS-II.C" in text
    assert text.startswith("calculation.toml")


def test_template_parameter_errors_name_the_key():
    found = dict(_problems({"template": "ACM0002", "parameters": {
        "technology": "tidal", "EF_grid_OM": {"value": 0.8, "unit": "MWh"},
        "EF_grid_BN": 0.4}}))
    assert "technology" in found["parameters.technology"]  # not one of the choices
    assert "'MWh'" in found["parameters.EF_grid_OM.unit"]  # wrong unit
    assert "EF_grid_BN" in found["parameters.EF_grid_BN"]  # unknown (a typo)
    assert "EF_grid_BM" in found["parameters.EF_grid_BN"]  # … listing the real ones


def test_missing_parameter_is_named():
    found = dict(_problems({"template": "ACM0002", "parameters": {"technology": "solar"}}))
    assert "EF_grid_OM" in found["parameters.EF_grid_OM"]
    assert "parameters.EF_grid_BM" in found


def test_missing_monitored_parameter_at_expansion():
    tc = parse_templated({"template": "ACM0002", "parameters": {
        "technology": "solar", "EF_grid_OM": 0.8, "EF_grid_BM": 0.4}})
    with pytest.raises(InputError) as err:
        expand(tc, set())
    assert err.value.problems[0].where == "parameters.EG_PJ"


def test_cli_refuses_an_unknown_template(cli, dossier_copy):
    folder = dossier_copy("solar-pdd")
    text = (folder / "calculation.toml").read_text(encoding="utf-8")
    (folder / "calculation.toml").write_text(text.replace('"ACM0002"', '"ACM9999"'),
                                             encoding="utf-8")
    result = cli("check", str(folder), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "calculation.toml" in result.stderr and "ACM9999" in result.stderr
    assert "AMS-I.D" in result.stderr


# ------------------------------------------------------------------------ ex-ante check


def _solar_methodology(years: dict[int, float] | None = None) -> Methodology:
    tc = parse_templated({"template": "ACM0002", "parameters": {
        "technology": "solar", "EG_PJ": 190000, "EF_grid_OM": 0.46, "EF_grid_BM": 0.22,
        "degradation_rate": 0.005}})
    _lines, definition = expand(tc, set())
    # the PDD's table: 190 000 MWh × 0.40 × 0.995^k, rounded to the tonne
    table = years or {2026 + k: round(76000 * 0.995**k) for k in range(10)}
    return Methodology("ACM0002", tc.template.version, definition,
                       tuple(ExAnteYear(y, v) for y, v in sorted(table.items())))


CREDITING = Crediting(date(2026, 1, 1), 10, "fixed", 0, date(2025, 6, 1))


def _validation(**kw) -> CheckContext:
    base = {"engagement_type": "validation", "programme": "VCS", "crediting": CREDITING,
            "period_start": date(2026, 1, 1), "period_end": date(2035, 12, 31),
            "methodology": _solar_methodology(), "expected_annual_er_tco2e": 74313}
    return CheckContext(**{**base, **kw})


def test_ex_ante_table_that_follows_from_the_template_passes():
    r = check_ex_ante(_validation())
    assert r.status == "pass", r.message
    assert r.figures["years"] == 10
    assert r.figures["total_recomputed_tco2e"] == pytest.approx(743126.02, abs=0.01)
    assert r.figures["template"] == "ACM0002"
    assert r.rows == []


def test_ex_ante_disagreement_is_found_in_its_year():
    table = {2026 + k: round(76000 * 0.995**k) for k in range(10)}
    table[2030] = 80000  # the template gives 76 000 × 0.995^4 = 74 491
    r = check_ex_ante(_validation(methodology=_solar_methodology(table)))
    assert r.status == "warn"  # 0.74 % over in total: below the 5 % materiality
    assert r.rows == ["2030"]
    assert r.figures["worst_year"] == 2030
    assert r.figures["worst_difference_pct"] == pytest.approx((80000 - 74491.09) / 800, abs=0.01)
    assert "2030" in r.message and "2030" in r.message_in("zh-TW")


def test_ex_ante_without_degradation_overstates_every_later_year():
    flat = {2026 + k: 76000 for k in range(10)}  # the PDD forgot its own 0.5 %/yr
    r = check_ex_ante(_validation(methodology=_solar_methodology(flat)))
    # year one agrees; 2027 is 0.5 % over, which is still within the tolerance
    assert r.rows == [str(y) for y in range(2028, 2036)]
    assert r.figures["worst_year"] == 2035


def test_ex_ante_average_must_match_the_expected_annual_er():
    r = check_ex_ante(_validation(expected_annual_er_tco2e=75000))
    assert r.status == "warn"
    assert "75,000" in r.message


def test_ex_ante_partial_year_is_pro_rated():
    cp = Crediting(date(2026, 7, 1), 1, "fixed")  # 184 days of 2026, 181 of 2027
    m = _solar_methodology({2026: 76000 * 184 / 365, 2027: 76000 * 0.995 * 181 / 365})
    r = check_ex_ante(_validation(crediting=cp, methodology=m, expected_annual_er_tco2e=None))
    assert r.status == "pass", r.message


def test_ex_ante_applies_to_validations_only():
    r = check_ex_ante(_validation(engagement_type="verification"))
    assert r.status == "n/a" and r.inapplicable


# -------------------------------------------------------------------- crediting period


def test_monitoring_period_outside_the_crediting_period_fails():
    ctx = CheckContext(engagement_type="verification", programme="CDM",
                       crediting=Crediting(date(2019, 1, 1), 7, "renewable", 0),
                       period_start=date(2025, 7, 1), period_end=date(2026, 6, 30))
    r = check_crediting_period(ctx)
    assert r.status == "fail"
    assert "2025-07-01" in r.message and "2025-12-31" in r.message  # the crediting end
    assert r.figures["monitoring_period_inside"] is False


def test_monitoring_period_inside_passes():
    ctx = CheckContext(engagement_type="verification", programme="CDM",
                       crediting=Crediting(date(2019, 1, 1), 7, "renewable", 1),
                       period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    assert check_crediting_period(ctx).status == "pass"


def test_programme_rule_confirmed_fails_unconfirmed_warns():
    long = Crediting(date(2026, 1, 1), 12, "fixed")
    assert check_crediting_period(_validation(programme="CDM", crediting=long,
                                              methodology=None)).status == "fail"
    vcs = check_crediting_period(_validation(crediting=long, methodology=None))
    assert vcs.status == "warn" and "UNCONFIRMED" in vcs.message
    third = Crediting(date(2026, 1, 1), 7, "renewable", 3)  # a fourth period: CDM allows 3
    assert check_crediting_period(_validation(programme="CDM", crediting=third,
                                              methodology=None)).status == "fail"


def test_unknown_programme_and_no_crediting_are_na():
    assert check_crediting_period(_validation(programme="XYZ")).status == "n/a"
    assert check_crediting_period(_validation(crediting=None)).status == "n/a"


def test_ex_ante_must_span_the_crediting_period():
    table = {2026 + k: round(76000 * 0.995**k) for k in range(9)}  # 2035 missing
    table[2036] = 72000
    r = check_crediting_period(_validation(methodology=_solar_methodology(table)))
    assert r.status == "fail"
    assert r.figures["ex_ante_missing_years"] == [2035]
    assert r.figures["ex_ante_extra_years"] == [2036]
    assert r.rows == ["2035", "2036"]


def test_crediting_before_project_start_fails():
    cp = replace(CREDITING, project_start=date(2026, 6, 1))
    assert check_crediting_period(_validation(crediting=cp)).status == "fail"


def test_manifest_crediting_is_validated():
    doc = {"format": "veridesk-dossier/1",
           "engagement": {"type": "validation", "criteria": ["x"], "client": "c"},
           "subject": {"id": "s", "title": "t"},
           "period": {"start": date(2026, 1, 1), "end": date(2026, 12, 31)},
           "crediting": {"start": date(2026, 1, 1), "type": "fixed", "renewal": 1,
                         "length_years": 10.5}}
    with pytest.raises(InputError) as err:
        parse_manifest(doc)
    where = {p.where for p in err.value.problems}
    assert where == {"crediting.renewal", "crediting.length_years"}


# ---------------------------------------------------------------------- end to end


def test_solar_pdd_validates_end_to_end(cli, examples):
    result = cli("check", str(examples / "solar-pdd"), "--json")
    assert result.returncode == 0, result.stderr
    checks = {c["code"]: c for c in json.loads(result.stdout)["checks"]}
    ex = checks["recalc.ex_ante"]
    assert ex["status"] == "pass"
    assert ex["figures"]["template"] == "ACM0002"
    assert ex["figures"]["total_claimed_tco2e"] == 743127
    assert checks["recalc.result"]["figures"]["template"] == "ACM0002"
    assert checks["recalc.result"]["figures"]["recomputed_tco2e"] == 76000
    assert checks["project.crediting_period"]["status"] == "pass"
    assert checks["project.crediting_period"]["figures"]["end"] == "2035-12-31"


def test_engagement_file_keeps_the_template_and_seals_it(tmp_path, examples):
    from desktop.fingerprint import seal

    out = tmp_path / "solar.veridesk"
    import_dossier(examples / "solar-pdd", out)
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("SELECT template, version FROM methodology").fetchone() == (
            "ACM0002", "21.0")
        assert conn.execute("SELECT count(*) FROM ex_ante").fetchone()[0] == 10
        before = seal(conn)
        assert before.sections["ex_ante"].rows
        conn.execute("UPDATE ex_ante SET er_tco2e = 1 WHERE year = 2030")
        after = seal(conn)
        assert after.fingerprint != before.fingerprint  # an edit of the PDD table shows
    finally:
        conn.close()


def test_empty_optional_sections_leave_the_fingerprint_alone(tmp_path, dossier_copy):
    """A file without a template has empty methodology/ex_ante tables: they are left out of
    the fingerprint, so files signed before migration 009 keep theirs."""
    import hashlib

    from desktop.fingerprint import SECTIONS, seal

    OPTIONAL = {sec.name for sec in SECTIONS if sec.optional}
    assert {"methodology", "ex_ante"} <= OPTIONAL
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "dossier.toml").write_text(VERIFICATION, encoding="utf-8")
    (folder / "monitoring.csv").write_text("parameter,value\nx,1\n", encoding="utf-8")
    out = tmp_path / "v.veridesk"
    import_dossier(folder, out)
    conn = sqlite3.connect(out)
    try:
        s = seal(conn)
        h = hashlib.sha256()
        for name, sec in s.sections.items():
            if name in ("methodology", "ex_ante"):
                assert sec.rows == []
            if not (sec.rows == [] and name in OPTIONAL):  # methodology, ex_ante, …
                h.update(f"{name}\t{sec.digest}\n".encode())
        assert s.fingerprint == h.hexdigest()
    finally:
        conn.close()


def test_verify_names_an_edited_ex_ante_year(cli, tmp_path, examples):
    out = tmp_path / "solar.veridesk"
    import_dossier(examples / "solar-pdd", out)
    assert cli("verify", str(out)).returncode == 0
    conn = sqlite3.connect(out)
    conn.execute("UPDATE ex_ante SET er_tco2e = 1 WHERE year = 2031")
    conn.commit()
    conn.close()
    result = cli("verify", str(out))
    assert result.returncode == 1
    assert "ex_ante 2031: changed" in result.stdout + result.stderr
