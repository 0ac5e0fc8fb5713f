"""Checklist definitions (checklists/*.toml) and their loader (desktop/checklist_defs.py)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from desktop.checklist_defs import (
    STAGES,
    Checklist,
    ChecklistError,
    applicable,
    default_folder,
    load_all,
    load_checklist,
)
from desktop.rules.codes import CHECK_CODES

REPO = Path(__file__).resolve().parent.parent
CHECKLISTS = REPO / "checklists"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def shipped() -> list[Checklist]:
    return load_all(CHECKLISTS)


def by_id(checklists: list[Checklist]) -> dict[str, Checklist]:
    return {c.id: c for c in checklists}


# --------------------------------------------------------------------------- shipped files


def test_default_folder_is_the_repo_checklists():
    assert default_folder() == CHECKLISTS
    assert [c.id for c in load_all()] == [c.id for c in load_all(CHECKLISTS)]


def test_every_file_loads_cleanly_with_enough_items(shipped):
    files = sorted(CHECKLISTS.glob("*.toml"))
    assert len(files) == len(shipped) >= 7
    for path in files:
        checklist = load_checklist(path)
        assert checklist.id == path.stem
        assert checklist.item_count >= 12, f"{path.name}: only {checklist.item_count} items"
        assert len(list(checklist.items())) == checklist.item_count


def test_required_checklists_are_present(shipped):
    ids = [c.id for c in shipped]
    for needle in ("iso14064-3", "mrv", "pas2060", "iso14068-1", "ccp", "additionality"):
        assert any(needle in i for i in ids), f"no checklist id contains {needle!r}: {ids}"
    assert {"iso14064-3-verification", "iso14064-3-validation"} <= set(ids)


def test_load_all_sorted_by_order(shipped):
    keys = [(c.order, c.id) for c in shipped]
    assert keys == sorted(keys)
    assert len({c.order for c in shipped}) == len(shipped), "orders should be distinct"


def test_every_auto_code_is_a_known_check(shipped):
    autos = [(c.id, i.ref, i.auto) for c in shipped for i in c.items() if i.auto]
    assert autos, "some items must be pre-filled by computed checks"
    unknown = [a for a in autos if a[2] not in CHECK_CODES]
    assert not unknown
    # Every computed check pre-fills at least one item somewhere.
    assert {a[2] for a in autos} == set(CHECK_CODES)


def test_expected_auto_codes_per_checklist(shipped):
    autos = {c.id: {i.auto for i in c.items() if i.auto} for c in shipped}
    assert {"materiality.aggregate", "materiality.threshold"} <= autos["iso14064-3-verification"]
    assert "scale.class" in autos["iso14064-3-validation"]
    assert {"recalc.result", "materiality.aggregate"} <= autos["mrv-monitoring"]
    assert {
        "coverage.threshold",
        "coverage.scope12",
        "coverage.exclusions",
        "inventory.recalc",
        "coverage.reported",
        "credits.sufficiency",
        "credits.double_counting",
    } <= autos["pas2060"]
    assert {
        "credits.retirement",
        "credits.vintage",
        "credits.beneficiary",
        "credits.double_counting",
        "credits.sufficiency",
    } <= autos["iso14068-1"]
    assert "scale.class" in autos["additionality"]


def test_bilingual_everywhere(shipped):
    for c in shipped:
        assert CJK.search(c.title_zh), c.id
        for s in c.sections:
            assert CJK.search(s.title_zh), (c.id, s.id)
        for i in c.items():
            where = (c.id, i.ref)
            assert i.text and i.guidance, where
            assert CJK.search(i.text_zh) and CJK.search(i.guidance_zh), where
            assert not CJK.search(i.text), where
            assert len(i.typical_evidence) == len(i.typical_evidence_zh), where
            assert i.typical_evidence, f"{where}: say what evidence is typical"
            for zh in i.typical_evidence_zh:
                assert CJK.search(zh), where


def test_refs_unique_and_items_carry_context(shipped):
    for c in shipped:
        refs = [i.ref for i in c.items()]
        assert len(refs) == len(set(refs)), c.id
        for s in c.sections:
            assert s.stage in STAGES
            for i in s.items:
                assert i.stage == s.stage
                assert i.checklist_id == c.id
        assert c.item(refs[0]).ref == refs[0]
        with pytest.raises(KeyError):
            c.item("no such ref")


def test_unconfirmed_rules_are_flagged_in_guidance(shipped):
    """domain.md lists rules we could not confirm: the guidance must say so."""
    cl = by_id(shipped)
    coverage = next(i for i in cl["pas2060"].items() if i.auto == "coverage.threshold")
    assert "UNCONFIRMED" in coverage.guidance
    vintage = next(i for i in cl["iso14068-1"].items() if i.auto == "credits.vintage")
    assert "UNCONFIRMED" in vintage.guidance
    removals = next(
        i
        for i in cl["iso14068-1"].items()
        if "removal" in i.ref.lower() and "residual" in i.ref.lower()
    )
    assert "UNCONFIRMED" in removals.guidance
    opinion = next(i for i in cl["iso14064-3-verification"].items() if "type of opinion" in i.ref)
    assert "UNCONFIRMED" in opinion.guidance


def test_verification_checklist_covers_all_stages_in_order(shipped):
    c = by_id(shipped)["iso14064-3-verification"]
    stages_in_file_order = [s.stage for s in c.sections]
    assert stages_in_file_order == sorted(stages_in_file_order, key=STAGES.index)
    assert c.stages == STAGES
    assert stages_in_file_order[0] == "pre-engagement"
    assert stages_in_file_order[-1] == "post-opinion"
    item_stages = [i.stage for i in c.items()]
    assert item_stages == sorted(item_stages, key=STAGES.index)


def test_verification_checklist_covers_pre_engagement_topics(shipped):
    c = by_id(shipped)["iso14064-3-verification"]
    pre = " ".join(i.text.lower() for i in c.items() if i.stage == "pre-engagement")
    for topic in (
        "type of engagement",
        "level of assurance",
        "objectives",
        "criteria",
        "scope",
        "materiality",
        "impartiality",
        "competence",
    ):
        assert topic in pre, topic
    planning = " ".join(i.ref.lower() + i.text.lower() for i in c.items() if i.stage == "planning")
    for topic in (
        "strategic analysis",
        "risk",
        "evidence-gathering",
        "sampling",
        "verification plan",
    ):
        assert topic in planning, topic


def test_ccp_has_each_of_the_ten_principles(shipped):
    c = by_id(shipped)["icvcm-ccp"]
    for n in range(1, 11):
        assert any(re.match(rf"CCP {n}\b", i.ref) for i in c.items()), f"principle {n}"
    assert any("label" in i.ref.lower() for i in c.items())


# --------------------------------------------------------------------------- applicability

EXAMPLES = REPO / "tests" / "data" / "dossiers"

EXPECTED = {
    "neutral-steel": {"pas2060", "iso14068-1", "iso14064-3-verification"},
    "led-retrofit": {"iso14064-3-verification", "mrv-monitoring", "icvcm-ccp"},
    "solar-pdd": {"iso14064-3-validation", "icvcm-ccp", "additionality"},
}

# The [engagement] tables of the sample dossiers (test_applicable_for_sample_dossiers
# checks they are in sync with tests/data/dossiers).
ENGAGEMENTS = {
    "neutral-steel": ("carbon-neutrality", "reasonable", ["PAS 2060:2014", "ISO 14068-1:2023"]),
    "led-retrofit": ("verification", "reasonable", ["ISO 14064-3:2019", "AMS-II.C"]),
    "solar-pdd": ("validation", None, ["ISO 14064-3:2019", "VCS Standard", "ACM0002"]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applicable_for_sample_engagements(shipped, name):
    etype, level, criteria = ENGAGEMENTS[name]
    chosen = applicable(shipped, etype, level, criteria)
    assert {c.id for c in chosen} == EXPECTED[name]
    assert [c.order for c in chosen] == sorted(c.order for c in chosen)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applicable_for_sample_dossiers(shipped, name):
    with (EXAMPLES / name / "dossier.toml").open("rb") as fh:
        eng = tomllib.load(fh)["engagement"]
    etype, level, criteria = eng["type"], eng.get("level_of_assurance"), eng.get("criteria", [])
    assert (etype, level, criteria) == ENGAGEMENTS[name]
    chosen = applicable(shipped, etype, level, criteria)
    assert {c.id for c in chosen} == EXPECTED[name]


def test_applicability_rules(shipped):
    cl = by_id(shipped)
    # criteria_any is a case-insensitive substring match
    assert cl["pas2060"].applies("carbon-neutrality", "limited", ["pas 2060:2014"])
    assert not cl["pas2060"].applies("carbon-neutrality", "limited", ["ISO 14068-1:2023"])
    assert not cl["iso14068-1"].applies("carbon-neutrality", None, [])
    # a PAS 2060 claim on an ISO 14064-1 footprint is not an ISO 14068-1 claim
    pas_only = ["ISO 14064-1:2018", "PAS 2060:2014"]
    assert {c.id for c in applicable(shipped, "carbon-neutrality", "limited", pas_only)} == {
        "iso14064-3-verification",
        "pas2060",
    }
    iso_only = ["ISO 14068-1:2023", "ISO 14067:2018"]
    assert {c.id for c in applicable(shipped, "carbon-neutrality", None, iso_only)} == {
        "iso14064-3-verification",
        "iso14068-1",
    }
    # no level of assurance given matches any level
    assert cl["mrv-monitoring"].applies("verification", None, [])
    assert not cl["mrv-monitoring"].applies("validation", None, [])
    assert applicable(shipped, "no-such-type", None, ["PAS 2060"]) == []


def test_assurance_filter(tmp_path):
    path = write(
        tmp_path,
        "only-reasonable",
        VALID.replace('assurance = ["reasonable", "limited"]', 'assurance = ["reasonable"]'),
    )
    c = load_checklist(path)
    assert c.applies("verification", "reasonable", [])
    assert not c.applies("verification", "limited", [])
    assert c.applies("verification", None, [])


# --------------------------------------------------------------------------- loader errors

VALID = """\
id = "{id}"
title = "Test checklist"
title_zh = "測試檢核表"
standard = "TEST 1:2024"
version = "1.0"
order = 5

[applies_to]
types = ["verification"]
assurance = ["reasonable", "limited"]

[[section]]
id = "planning"
title = "Planning"
title_zh = "規劃"
stage = "planning"

[[section.item]]
ref = "T §1"
text = "First question?"
text_zh = "第一題？"
guidance = "Look at the plan."
guidance_zh = "檢視計畫。"
typical_evidence = ["Plan"]
typical_evidence_zh = ["計畫"]
auto = "materiality.threshold"

[[section.item]]
ref = "T §2"
text = "Second question?"
text_zh = "第二題？"
guidance = "Look at the records."
guidance_zh = "檢視紀錄。"
typical_evidence = []
typical_evidence_zh = []
"""


def write(tmp_path: Path, stem: str, text: str) -> Path:
    path = tmp_path / f"{stem}.toml"
    path.write_text(text.replace("{id}", stem), encoding="utf-8")
    return path


def error_of(path: Path) -> ChecklistError:
    with pytest.raises(ChecklistError) as info:
        load_checklist(path)
    return info.value


def test_valid_minimal_file_loads(tmp_path):
    c = load_checklist(write(tmp_path, "minimal", VALID))
    assert c.id == "minimal" and c.order == 5 and c.item_count == 2
    first, second = c.items()
    assert first.auto == "materiality.threshold" and second.auto is None
    assert first.stage == "planning" and first.checklist_id == "minimal"
    assert first.typical_evidence == ("Plan",) and second.typical_evidence == ()
    assert c.applies_to.criteria_any == ()


def test_unknown_key(tmp_path):
    path = write(
        tmp_path, "unknown-key", VALID.replace('text = "Second', 'txet = "x"\ntext = "Second')
    )
    err = error_of(path)
    assert str(path) in str(err)
    assert '"T §2"' in str(err) and "unknown key 'txet'" in str(err)


def test_unknown_key_at_top_and_applies_to(tmp_path):
    text = VALID.replace("order = 5", 'order = 5\ncolour = "red"').replace(
        'types = ["verification"]', 'types = ["verification"]\nlevels = ["x"]'
    )
    err = error_of(write(tmp_path, "unknown-top", text))
    assert any("unknown key 'colour'" in p for p in err.problems)
    assert any(p.count("applies_to") and "unknown key 'levels'" in p for p in err.problems)


def test_duplicate_ref(tmp_path):
    path = write(tmp_path, "dup-ref", VALID.replace('ref = "T §2"', 'ref = "T §1"'))
    err = error_of(path)
    assert str(path) in str(err)
    assert "duplicate ref 'T §1'" in str(err)


def test_duplicate_ref_ignores_case_and_spacing(tmp_path):
    err = error_of(write(tmp_path, "dup-ref2", VALID.replace('ref = "T §2"', 'ref = "t  §1"')))
    assert "duplicate ref" in str(err)


def test_missing_text_zh(tmp_path):
    path = write(tmp_path, "no-zh", VALID.replace('text_zh = "第二題？"\n', ""))
    err = error_of(path)
    assert str(path) in str(err)
    assert '"T §2"' in str(err) and "missing required key 'text_zh'" in str(err)


def test_empty_translation(tmp_path):
    err = error_of(
        write(
            tmp_path, "empty-zh", VALID.replace('guidance_zh = "檢視計畫。"', 'guidance_zh = "  "')
        )
    )
    assert '"T §1"' in str(err) and "'guidance_zh' is empty" in str(err)


def test_evidence_translation_length(tmp_path):
    err = error_of(
        write(
            tmp_path,
            "ev-len",
            VALID.replace('typical_evidence_zh = ["計畫"]', "typical_evidence_zh = []"),
        )
    )
    assert '"T §1"' in str(err) and "typical_evidence_zh" in str(err)


def test_bad_auto(tmp_path):
    path = write(tmp_path, "bad-auto", VALID.replace('"materiality.threshold"', '"coverage.magic"'))
    err = error_of(path)
    assert str(path) in str(err)
    assert '"T §1"' in str(err) and "coverage.magic" in str(err)


def test_bad_stage(tmp_path):
    path = write(tmp_path, "bad-stage", VALID.replace('stage = "planning"', 'stage = "fieldwork"'))
    err = error_of(path)
    assert str(path) in str(err)
    assert 'section "planning"' in str(err) and "unknown stage 'fieldwork'" in str(err)


def test_bad_toml_syntax(tmp_path):
    lines = VALID.splitlines()
    broken_line = lines.index('ref = "T §2"') + 1
    lines[broken_line - 1] = 'ref = "T §2'  # unterminated string
    path = write(tmp_path, "bad-syntax", "\n".join(lines) + "\n")
    err = error_of(path)
    assert str(path) in str(err)
    assert "TOML syntax error" in str(err) and f"line {broken_line}" in str(err)


def test_id_must_match_file_name(tmp_path):
    path = tmp_path / "other-name.toml"
    path.write_text(VALID.replace("{id}", "some-id"), encoding="utf-8")
    err = error_of(path)
    assert "'some-id' does not match the file name 'other-name'" in str(err)


def test_unknown_type_and_assurance(tmp_path):
    text = VALID.replace('types = ["verification"]', 'types = ["verfication"]').replace(
        '"limited"]', '"moderate"]'
    )
    err = error_of(write(tmp_path, "bad-applies", text))
    assert any("applies_to.types" in p and "'verfication'" in p for p in err.problems)
    assert any("applies_to.assurance" in p and "'moderate'" in p for p in err.problems)


def test_wrong_types(tmp_path):
    text = VALID.replace("order = 5", 'order = "5"').replace('version = "1.0"', "version = 1.0")
    err = error_of(write(tmp_path, "wrong-types", text))
    assert any("'order' must be an integer, not a string" in p for p in err.problems)
    assert any("'version' must be a string, not a number" in p for p in err.problems)


def test_missing_required_top_key(tmp_path):
    err = error_of(write(tmp_path, "no-title", VALID.replace('title_zh = "測試檢核表"\n', "")))
    assert "missing required key 'title_zh'" in str(err)


def test_duplicate_section_id(tmp_path):
    extra = (
        '\n[[section]]\nid = "planning"\ntitle = "Again"\ntitle_zh = "再次"\nstage = '
        '"execution"\n\n[[section.item]]\nref = "T §3"\ntext = "Q?"\ntext_zh = "問？"\n'
        'guidance = "G."\nguidance_zh = "指引。"\ntypical_evidence = []\n'
        "typical_evidence_zh = []\n"
    )
    err = error_of(write(tmp_path, "dup-section", VALID + extra))
    assert "duplicate section id 'planning'" in str(err)


def test_checklist_without_items(tmp_path):
    head = VALID.split("[[section]]")[0]
    err = error_of(write(tmp_path, "no-items", "section = []\n" + head))
    assert "checklist has no items" in str(err)
    empty_section = (
        head + '[[section]]\nid = "a"\ntitle = "A"\ntitle_zh = "甲"\n'
        'stage = "planning"\nitem = []\n'
    )
    err = error_of(write(tmp_path, "empty-section", empty_section))
    assert 'section "a": section has no items' in str(err)
    assert "checklist has no items" in str(err)
    err = error_of(write(tmp_path, "no-sections", head))
    assert "missing required key 'section'" in str(err)


def test_all_problems_reported_together(tmp_path):
    text = (
        VALID.replace('stage = "planning"', 'stage = "fieldwork"')
        .replace('"materiality.threshold"', '"nope"')
        .replace('text_zh = "第二題？"\n', "")
    )
    path = write(tmp_path, "many", text)
    err = error_of(path)
    assert len(err.problems) == 3
    assert all(p.startswith(f"{path}: ") for p in err.problems)
    assert str(err).count("\n") == 3  # header line + one line per problem


def test_load_all_collects_problems_of_every_file(tmp_path):
    write(tmp_path, "good", VALID)
    write(tmp_path, "bad-one", VALID.replace('stage = "planning"', 'stage = "x"'))
    write(tmp_path, "bad-two", VALID.replace('"materiality.threshold"', '"y"'))
    with pytest.raises(ChecklistError) as info:
        load_all(tmp_path)
    text = str(info.value)
    assert "bad-one.toml" in text and "bad-two.toml" in text and "good.toml" not in text


def test_load_all_missing_folder(tmp_path):
    with pytest.raises(ChecklistError, match="not found"):
        load_all(tmp_path / "absent")


def test_frozen_default_folder(monkeypatch, tmp_path):
    import sys

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert default_folder() == tmp_path / "checklists"
