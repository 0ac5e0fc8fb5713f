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
    # the CCP questions apply to the credits a neutrality claim uses
    "neutral-steel": {"pas2060", "iso14068-1", "iso14064-3-verification", "icvcm-ccp"},
    "led-retrofit": {"iso14064-3-verification", "mrv-monitoring", "icvcm-ccp"},
    "solar-pdd": {"iso14064-3-validation", "icvcm-ccp", "additionality"},
}

# The [engagement] tables of the sample dossiers (test_applicable_for_sample_dossiers
# checks they are in sync with tests/data/dossiers).
ENGAGEMENTS = {
    "neutral-steel": (
        "carbon-neutrality",
        "reasonable",
        ["PAS 2060:2014", "ISO 14068-1:2023"],
        None,
    ),
    "led-retrofit": ("verification", "reasonable", ["ISO 14064-3:2019", "AMS-II.C"], "TW-MOENV"),
    "solar-pdd": ("validation", None, ["ISO 14064-3:2019", "VCS Standard", "ACM0002"], "VCS"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applicable_for_sample_engagements(shipped, name):
    etype, level, criteria, programme = ENGAGEMENTS[name]
    chosen = applicable(shipped, etype, level, criteria, programme)
    assert {c.id for c in chosen} == EXPECTED[name]
    assert [c.order for c in chosen] == sorted(c.order for c in chosen)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_applicable_for_sample_dossiers(shipped, name):
    with (EXAMPLES / name / "dossier.toml").open("rb") as fh:
        eng = tomllib.load(fh)["engagement"]
    etype, level, criteria = eng["type"], eng.get("level_of_assurance"), eng.get("criteria", [])
    programme = eng.get("programme")
    assert (etype, level, criteria, programme) == ENGAGEMENTS[name]
    chosen = applicable(shipped, etype, level, criteria, programme)
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
        "icvcm-ccp",
    }
    iso_only = ["ISO 14068-1:2023", "ISO 14067:2018"]
    assert {c.id for c in applicable(shipped, "carbon-neutrality", None, iso_only)} == {
        "iso14064-3-verification",
        "iso14068-1",
        "icvcm-ccp",
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


# --------------------------------------------------------------------------- clause refs


def _refs(c: Checklist) -> list[str]:
    return [i.ref for i in c.items()]


def _header(checklist_id: str) -> str:
    text = (CHECKLISTS / f"{checklist_id}.toml").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if line.startswith("#")).split("\nid =")[0]


def test_pas2060_refs_follow_the_confirmed_clause_structure(shipped):
    c = by_id(shipped)["pas2060"]
    refs = _refs(c)
    clause = re.compile(r"^PAS 2060 (§(4|5|6|7|8|9|10|11)(\.\d+)*( \([a-z]\))?|Annex [A-D]) \S")
    topic = [r for r in refs if r.startswith("PAS 2060 §— ")]
    assert all(clause.match(r) for r in refs if r not in topic), refs
    assert topic == ["PAS 2060 §— inventory unaffected"], topic
    for needed in (
        "PAS 2060 §5 entity and subject",
        "PAS 2060 §6 coverage (95 %)",
        "PAS 2060 §7 carbon management plan",
        "PAS 2060 §8 reductions achieved",
        "PAS 2060 §9.1.2 (d) ex-post credits",
        "PAS 2060 §9.1.2 (e) retirement within 12 months",
        "PAS 2060 §10 QES available",
        "PAS 2060 §11 maintaining the claim",
        "PAS 2060 Annex D events",
    ):
        assert needed in refs, needed
    # §9.1.2 (e): 12 months from the declaration of achievement, events excepted
    retire = c.item("PAS 2060 §9.1.2 (e) retirement within 12 months")
    assert retire.auto == "credits.retirement"
    assert "declaration of achievement" in retire.text and "event" in retire.text
    assert "UNCONFIRMED" not in retire.guidance
    # the 95 % / 50 % rule itself is still unconfirmed
    assert "UNCONFIRMED" in c.item("PAS 2060 §6 coverage (95 %)").guidance
    header = _header("pas2060")
    assert "§—" in header and "domain.md" in header and "Annex D" in header


def test_iso14068_offsetting_refs_cite_clause_11(shipped):
    c = by_id(shipped)["iso14068-1"]
    offsetting = next(s for s in c.sections if s.id == "offsetting")
    for item in offsetting.items:
        if "UNCONFIRMED" in item.guidance:  # rules we could not find in the standard
            assert item.ref.startswith("ISO 14068-1 §— "), item.ref
        else:
            assert item.ref.startswith("ISO 14068-1 §11 "), item.ref
    assert c.item("ISO 14068-1 §11 retirement within 12 months").auto == "credits.retirement"
    others = [i.ref for s in c.sections if s.id != "offsetting" for i in s.items]
    assert all(r.startswith("ISO 14068-1 §— ") for r in others)
    assert "clause 11" in _header("iso14068-1")


def test_iso14064_3_refs_use_the_public_table_of_contents(shipped):
    c = by_id(shipped)["iso14064-3-verification"]
    refs = _refs(c)
    for needed in (
        "ISO 14064-3 §5.3 site visit",
        "ISO 14064-3 §5.3 data tracing",
        "ISO 14064-3 §5.3 recalculation (inventory)",
        "ISO 14064-3 §5.3 recalculation (reductions)",
        "ISO 14064-3 §6.1.1.3",
    ):
        assert needed in refs, needed
    numbered = [r for r in refs if not r.startswith("ISO 14064-3 §— ")]
    confirmed = re.compile(
        r"^ISO 14064-3 §(4\.[1-6]|5\.1(\.[1-7])?|5\.2|5\.3|5\.4\.[1-5]|6\.1\.1(\.[1-3])?"
        r"|6\.1\.2(\.[1-7])?)( |$)"
    )
    assert all(confirmed.match(r) for r in numbered), numbered
    # the plans after the risk assessment are not in the listings we could read
    for topic in ("evidence-gathering plan", "sampling plan", "verification plan"):
        assert f"ISO 14064-3 §— {topic}" in refs
    for cid in ("iso14064-3-verification", "iso14064-3-validation"):
        header = _header(cid)
        assert "asnzsnorm.com" in header and "6.1.2.7" in header, cid


def test_renamed_refs_are_found_by_their_former_ref(shipped):
    cl = by_id(shipped)
    for cid, old, new in (
        ("pas2060", "PAS 2060 §— entity and subject", "PAS 2060 §5 entity and subject"),
        ("pas2060", "PAS 2060 §— retirement", "PAS 2060 §9.1.2 (e) retirement within 12 months"),
        ("pas2060", "PAS 2060 §— coverage (95 %)", "PAS 2060 §6 coverage (95 %)"),
        ("iso14068-1", "ISO 14068-1 §— sufficiency", "ISO 14068-1 §11 sufficiency"),
        ("iso14064-3-verification", "ISO 14064-3 §— site visit", "ISO 14064-3 §5.3 site visit"),
    ):
        item = cl[cid].item(old)
        assert item.ref == new and old in item.formerly and item.known_as(old)
    renamed = [c for c in shipped if any(i.formerly for i in c.items())]
    assert {c.id for c in renamed} == {"pas2060", "iso14068-1", "iso14064-3-verification"}
    assert all(c.version != "1.0" for c in renamed)


# --------------------------------------------------------------------------- facts


def test_pas2060_subject_may_be_a_community_town_or_city(shipped):
    cl = by_id(shipped)
    pas = cl["pas2060"].item("PAS 2060 §5 entity and subject")
    for word in ("community", "town", "city"):
        assert word in pas.text, word
    assert "cannot be the subject" not in pas.guidance
    assert "城市" in pas.text_zh and "不得作為標的物" not in pas.guidance_zh
    iso = cl["iso14068-1"].item("ISO 14068-1 §— subject")
    assert "not a territory" in iso.text and "territories" in iso.guidance


def test_ccp_applies_to_the_credits_of_a_neutrality_claim(shipped):
    ccp = by_id(shipped)["icvcm-ccp"]
    assert ccp.applies("carbon-neutrality", "limited", ["PAS 2060:2014"])
    assert ccp.applies("carbon-neutrality", None, [])
    assert ccp.applies("verification", "reasonable", [])
    assert ccp.applies("validation", None, [])
    assert "neutrality claim" in ccp.item("CCP 1 — programme governance").text


def test_ccp_asks_for_the_article_6_authorisation(shipped):
    ccp = by_id(shipped)["icvcm-ccp"]
    item = next(i for i in ccp.items() if "Article 6" in i.ref)
    assert item.ref.startswith("CCP 8")
    assert "Letter of Authorization" in item.text and "corresponding adjustment" in item.text
    assert "授權函" in item.text_zh and "相應調整" in item.text_zh
    assert "not-applicable" in item.guidance


def test_small_scale_barriers_include_access_to_finance(shipped):
    add = by_id(shipped)["additionality"]
    small = add.item("TW-VR §— small-scale conclusion")
    assert "access to finance" in small.text and "融資取得" in small.text_zh
    assert "access to finance" in add.item("TW-VR §— steps required for the scale").text
    barrier = next(i for i in add.items() if "access-to-finance" in i.ref)
    assert barrier.stage == "execution" and "融資取得" in barrier.text_zh
    # the investment barrier no longer stands in for access to finance
    assert "access to finance" not in add.item("CDM Tool 01 Step 3 — investment barrier").text


def test_crediting_period_items(shipped):
    cl = by_id(shipped)
    validation = next(i for i in cl["iso14064-3-validation"].items() if "crediting period" in i.ref)
    for word in ("start date", "length", "renewed"):
        assert word in validation.text, word
    assert "計入期" in validation.text_zh and "UNCONFIRMED" in validation.guidance
    mrv = next(
        i
        for i in cl["mrv-monitoring"].items()
        if "crediting period" in i.text and "monitoring period" in i.text
    )
    assert mrv.ref.startswith("MRV ") and not mrv.programmes
    assert "計入期" in mrv.text_zh


# --------------------------------------------------------------------------- programmes

TW_ONLY = {
    "iso14064-3-validation": {"TW-VR §— methods exempt from validation"},
    "mrv-monitoring": {"TW-VR §— registered without validation"},
    "additionality": {"TW-VR §— voluntary nature"},
}


def test_taiwan_items_are_limited_to_tw_moenv(shipped):
    for c in shipped:
        limited = {i.ref for i in c.items() if i.programmes}
        assert limited == TW_ONLY.get(c.id, set()), c.id
        for i in c.items():
            if i.programmes:
                assert i.programmes == ("TW-MOENV",), i.ref
            if "Climate Change Response Act" in i.text or "氣候變遷因應法" in i.text_zh:
                assert i.programmes == ("TW-MOENV",), i.ref


def test_validation_exemption_items_say_what_is_confirmed(shipped):
    cl = by_id(shipped)
    for cid, refs in TW_ONLY.items():
        for ref in refs:
            if "validation" not in ref:
                continue
            item = cl[cid].item(ref)
            assert "UNCONFIRMED" in item.guidance and "confirms only" in item.guidance
            assert "查驗機構" in item.guidance_zh and "未確認" in item.guidance_zh


@pytest.mark.parametrize(
    ("programme", "kept"),
    [("TW-MOENV", True), ("tw-moenv", True), (" Tw-Moenv ", True), ("VCS", False), (None, False)],
)
def test_programme_items_follow_the_engagement_programme(shipped, programme, kept):
    mrv = applicable(shipped, "verification", "reasonable", [], programme)
    mrv_refs = _refs(by_id(mrv)["mrv-monitoring"])
    assert ("TW-VR §— registered without validation" in mrv_refs) is kept
    assert "MRV 1.6" in mrv_refs  # items without programmes stay
    val = by_id(applicable(shipped, "validation", None, [], programme))
    assert ("TW-VR §— voluntary nature" in _refs(val["additionality"])) is kept
    assert ("TW-VR §— methods exempt from validation" in _refs(val["iso14064-3-validation"])) is (
        kept
    )
    full = by_id(shipped)["mrv-monitoring"]
    assert by_id(mrv)["mrv-monitoring"].item_count == full.item_count - (not kept)


def test_engagement_items_follow_the_programme(tmp_path, examples):
    """desktop/checklist.py passes the engagement's programme to applicable()."""
    from desktop.checklist import item_states
    from desktop.dossier.importer import import_dossier
    from desktop.store.db import open_file

    refs = {}
    for name in ("led-retrofit", "solar-pdd"):
        out = tmp_path / f"{name}.veridesk"
        import_dossier(examples / name, out, actor="Importer")
        eng = open_file(out)
        try:
            refs[name] = {s.item.ref for s in item_states(eng.conn)}
        finally:
            eng.close()
    assert "TW-VR §— registered without validation" in refs["led-retrofit"]  # TW-MOENV
    assert "TW-VR §— voluntary nature" not in refs["solar-pdd"]  # VCS
    assert "TW-VR §— methods exempt from validation" not in refs["solar-pdd"]
    assert "CDM Tool 21 — access-to-finance barrier" in refs["solar-pdd"]


PROGRAMME_SECTION = """\
id = "{id}"
title = "Test checklist"
title_zh = "測試檢核"
standard = "TEST 1:2024"
version = "1.0"
order = 5

[applies_to]
types = ["verification"]

[[section]]
id = "general"
title = "General"
title_zh = "一般"
stage = "planning"

[[section.item]]
ref = "T §1"
text = "Any programme?"
text_zh = "任何制度？"
guidance = "G."
guidance_zh = "指引。"
typical_evidence = []
typical_evidence_zh = []

[[section]]
id = "taiwan"
title = "Taiwan"
title_zh = "臺灣"
stage = "execution"
programmes = ["TW-MOENV", "CDM"]

[[section.item]]
ref = "T §2"
text = "Inherited?"
text_zh = "繼承？"
guidance = "G."
guidance_zh = "指引。"
typical_evidence = []
typical_evidence_zh = []

[[section.item]]
ref = "T §3"
programmes = ["tw-moenv"]
formerly = ["T §— old three", "T §— older three"]
text = "Narrowed?"
text_zh = "縮小？"
guidance = "G."
guidance_zh = "指引。"
typical_evidence = []
typical_evidence_zh = []
"""


def test_programmes_on_sections_and_items(tmp_path):
    c = load_checklist(write(tmp_path, "progs", PROGRAMME_SECTION))
    assert c.item("T §1").programmes == ()
    assert c.item("T §2").programmes == ("TW-MOENV", "CDM")  # from its section
    assert c.item("T §3").programmes == ("tw-moenv",)
    assert c.sections[1].programmes == ("TW-MOENV", "CDM")
    assert c.item("T §— older three").ref == "T §3"
    assert c.for_programme("TW-MOENV") is c
    cdm = c.for_programme("cdm")
    assert _refs(cdm) == ["T §1", "T §2"] and c.item_count == 3  # c is unchanged
    vcs = c.for_programme("VCS")
    assert _refs(vcs) == ["T §1"] and [s.id for s in vcs.sections] == ["general"]
    assert _refs(c.for_programme(None)) == ["T §1"]
    # a checklist left with no item does not apply
    only_tw = PROGRAMME_SECTION.replace(
        'ref = "T §1"\n', 'ref = "T §1"\nprogrammes = ["TW-MOENV"]\n'
    )
    d = load_checklist(write(tmp_path, "only-tw", only_tw))
    assert applicable([d], "verification", None, [], "VCS") == []
    assert applicable([d], "verification", None, [], "TW-MOENV") == [d]


def test_programmes_errors(tmp_path):
    text = (
        PROGRAMME_SECTION.replace('programmes = ["tw-moenv"]', 'programmes = ["VCS"]')
        .replace('ref = "T §1"\n', 'ref = "T §1"\nprogrammes = []\n')
        .replace('programmes = ["TW-MOENV", "CDM"]', 'programmes = ["CDM", "cdm"]')
    )
    err = error_of(write(tmp_path, "bad-progs", text))
    assert any('"T §1"' in p and "at least one programme" in p for p in err.problems)
    assert any('section "taiwan"' in p and "listed twice" in p for p in err.problems)
    assert any('"T §3"' in p and "only narrow" in p for p in err.problems)
    err = error_of(
        write(tmp_path, "bad-type", PROGRAMME_SECTION.replace('["tw-moenv"]', '"TW-MOENV"'))
    )
    assert any("'programmes' must be an array of strings" in p for p in err.problems)


def test_formerly_errors(tmp_path):
    clash = PROGRAMME_SECTION.replace('"T §— old three"', '"T §1"')
    err = error_of(write(tmp_path, "clash", clash))
    assert any("formerly 'T §1' is the ref of a current item" in p for p in err.problems)
    twice = PROGRAMME_SECTION.replace(
        'ref = "T §2"\n', 'ref = "T §2"\nformerly = ["T §— older three"]\n'
    )
    err = error_of(write(tmp_path, "twice", twice))
    assert any("also claimed by item" in p for p in err.problems)
