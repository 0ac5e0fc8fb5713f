"""The opinion's wording as data (resources/wording/*.toml, resources/glossary.toml)."""

from __future__ import annotations

import re
import string
import sys
import tomllib

import pytest

from desktop import paths
from desktop.report import wording as wmod
from desktop.report.wording import (
    ENGAGEMENT_TYPES,
    LEVELS,
    OPINION_KINDS,
    PLACEHOLDERS,
    TEXT_FIELDS,
    Wording,
    WordingError,
    glossary,
    wording,
)

LANGS = ("en", "zh-TW")
COMBOS = [(t, lv, lang) for t in ENGAGEMENT_TYPES for lv in LEVELS for lang in LANGS]
SAMPLE = {
    "client": "Taipei Bakery Co.",
    "subject": "Bakery, Da'an site",
    "period": "2024-01-01 to 2024-12-31",
    "criteria": "PAS 2060:2014",
    "basis": "CAR-01 is open.",
    "total": "268.80 tCO2e",
    "materiality": "5 % (13.44 tCO2e)",
}
# Latin tokens a Chinese text may contain (placeholders are removed before the check).
ALLOWED_LATIN = re.compile(r"(?<![A-Za-z])(?:tCO2e|CO2|ISO|PAS|CDM|VCS|GHG|CAR|FAR|CL)(?![A-Za-z])")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _texts(w: Wording) -> list[str]:
    return [getattr(w, name) for name in TEXT_FIELDS] + [
        *w.conclusions.values(),
        *w.basis_intro.values(),
    ]


def _raw(engagement_type: str) -> dict:
    with (paths.resources() / "wording" / f"{engagement_type}.toml").open("rb") as fh:
        return tomllib.load(fh)


# --------------------------------------------------------------------------- the files


@pytest.mark.parametrize("engagement_type", ENGAGEMENT_TYPES)
def test_every_file_has_every_field_for_both_levels_and_languages(engagement_type):
    data = _raw(engagement_type)
    assert data["engagement_type"] == engagement_type
    assert data["default_level"] in LEVELS
    assert isinstance(data["level_of_assurance_applies"], bool)
    for level in LEVELS:
        for lang in ("en", "zh"):
            texts = data[level][lang]
            for name in TEXT_FIELDS:
                assert isinstance(texts[name], str) and texts[name].strip(), (level, lang, name)
            for table in ("conclusion", "basis_intro"):
                assert set(texts[table]) == set(OPINION_KINDS), (level, lang, table)
                for kind in OPINION_KINDS:
                    assert texts[table][kind].strip(), (level, lang, table, kind)


@pytest.mark.parametrize(("engagement_type", "level", "lang"), COMBOS)
def test_conclusion_templates_use_only_known_placeholders(engagement_type, level, lang):
    w = wording(engagement_type, level, lang)
    for kind, template in w.conclusions.items():
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
        allowed = PLACEHOLDERS - {"basis"} if kind == "unmodified" else PLACEHOLDERS
        assert used <= allowed, (kind, used - allowed)
        # positional or attribute fields would slip past a set of names
        assert all(name.isidentifier() for name in used), used
        assert {"client", "subject", "period", "total"} <= used, (kind, used)
        if kind != "disclaimer":
            assert {"criteria", "materiality"} <= used, (kind, used)
        text = w.conclusion(kind, **SAMPLE)
        assert "{" not in text and "}" not in text
        assert SAMPLE["client"] in text and SAMPLE["subject"] in text


@pytest.mark.parametrize(("engagement_type", "level", "lang"), COMBOS)
def test_other_texts_have_no_placeholders(engagement_type, level, lang):
    w = wording(engagement_type, level, lang)
    for name in TEXT_FIELDS:
        assert "{" not in getattr(w, name) and "}" not in getattr(w, name), name
    for text in w.basis_intro.values():
        assert "{" not in text


@pytest.mark.parametrize("engagement_type", ENGAGEMENT_TYPES)
def test_reasonable_uses_the_positive_form(engagement_type):
    en = wording(engagement_type, "reasonable", "en")
    zh = wording(engagement_type, "reasonable", "zh-TW")
    for kind in ("unmodified", "modified", "adverse"):
        assert en.conclusions[kind].startswith("In our opinion, "), kind
        assert "nothing has come to our attention" not in en.conclusions[kind]
        assert zh.conclusions[kind].startswith("本機構認為，"), kind
        assert "並未發現" not in zh.conclusions[kind]
    assert (
        "except for the effects of the matters described in the basis"
        in (en.conclusions["modified"])
    )
    assert "because of the significance of the matters" in en.conclusions["adverse"]
    assert (
        "we were unable to obtain sufficient appropriate evidence" in (en.conclusions["disclaimer"])
    )
    assert "we do not express an opinion" in en.conclusions["disclaimer"]
    assert "無法表示意見" in zh.conclusions["disclaimer"]
    assert "除保留意見之基礎所述事項之影響外" in zh.conclusions["modified"]
    assert en.basis_intro["modified"] == "Basis for modified opinion"
    assert zh.basis_intro["disclaimer"] == "無法表示意見之基礎"


@pytest.mark.parametrize("engagement_type", ENGAGEMENT_TYPES)
def test_limited_uses_the_negative_form(engagement_type):
    en = wording(engagement_type, "limited", "en")
    zh = wording(engagement_type, "limited", "zh-TW")
    for kind in ("unmodified", "modified"):
        assert en.conclusions[kind].startswith(
            "Based on the procedures performed and the evidence obtained, "
        ), kind
        assert (
            "nothing has come to our attention that causes us to believe that"
            in (en.conclusions[kind])
        ), kind
        assert "本機構並未發現任何事項，致使本機構認為" in zh.conclusions[kind], kind
    for kind in OPINION_KINDS:
        assert "In our opinion" not in en.conclusions[kind], kind
        assert "本機構認為，" not in zh.conclusions[kind], kind
        assert "opinion" not in en.basis_intro[kind], kind
    assert "we conclude that" in en.conclusions["adverse"]
    assert "本機構之結論為" in zh.conclusions["adverse"]
    assert "we do not express a conclusion" in en.conclusions["disclaimer"]
    assert "無法表示結論" in zh.conclusions["disclaimer"]
    assert en.basis_intro["unmodified"] == "Basis for conclusion"
    assert zh.basis_intro["unmodified"] == "結論之基礎"


@pytest.mark.parametrize("level", LEVELS)
def test_verification_says_fairly_stated(level):
    for engagement_type in ("verification", "carbon-neutrality"):
        en = wording(engagement_type, level, "en")
        zh = wording(engagement_type, level, "zh-TW")
        assert "fairly stated" in en.conclusions["unmodified"]
        assert "允當表達" in zh.conclusions["unmodified"]
        assert "查證" in zh.title


@pytest.mark.parametrize(("level", "lang"), [(lv, lang) for lv in LEVELS for lang in LANGS])
def test_validation_is_never_called_verification(level, lang):
    w = wording("validation", level, lang)
    for text in _texts(w):
        if lang == "en":
            low = text.lower()
            assert "verified" not in low, text
            assert "fairly stated" not in low, text
            assert "verification" not in low, text
        else:
            assert "查證" not in text, text
            assert "允當表達" not in text, text
    if lang == "en":
        assert w.title == "Validation statement"
        for kind in ("unmodified", "modified"):
            assert "project design" in w.conclusions[kind]
            assert "ex-ante estimate" in w.conclusions[kind]
            assert "crediting period" in w.conclusions[kind]
    else:
        assert w.title == "確證聲明書"
        for kind in ("unmodified", "modified"):
            assert "計畫設計" in w.conclusions[kind] and "計入期" in w.conclusions[kind]
            assert "事前估算" in w.conclusions[kind]


@pytest.mark.parametrize(
    ("engagement_type", "level"), [(t, lv) for t in ENGAGEMENT_TYPES for lv in LEVELS]
)
def test_chinese_texts_have_no_stray_english(engagement_type, level):
    w = wording(engagement_type, level, "zh-TW")
    for text in _texts(w):
        rest = ALLOWED_LATIN.sub("", PLACEHOLDER.sub("", text))
        assert not re.search(r"[A-Za-z]", rest), text


@pytest.mark.parametrize(
    ("engagement_type", "level"), [(t, lv) for t in ENGAGEMENT_TYPES for lv in LEVELS]
)
def test_taiwan_terms(engagement_type, level):
    zh = wording(engagement_type, level, "zh-TW")
    body = zh.responsibility_client + zh.responsibility_verifier
    assert "查驗機構" in body
    assert "查證機構" not in "".join(_texts(zh))
    assert "草稿" in zh.draft_notice
    en = wording(engagement_type, level, "en")
    assert en.draft_notice.startswith("DRAFT — not a")
    if engagement_type == "carbon-neutrality":
        assert "碳中和宣告" in zh.title and "carbon-neutrality declaration" in en.title
        assert "declaration" in en.conclusions["unmodified"]
        assert "碳中和宣告" in zh.conclusions["unmodified"]


def test_level_of_assurance_applies_except_for_validation():
    assert wording("verification", None, "en").level_of_assurance_applies
    assert wording("carbon-neutrality", None, "en").level_of_assurance_applies
    assert not wording("validation", None, "en").level_of_assurance_applies


# --------------------------------------------------------------------------- the loader


def test_default_level():
    for engagement_type in ENGAGEMENT_TYPES:
        for level in (None, "", "high", "Reasonable"):
            w = wording(engagement_type, level, "en")
            assert w.level == _raw(engagement_type)["default_level"]
    assert wording("verification", None, "en").level == "reasonable"
    assert wording("carbon-neutrality", "bogus", "en").level == "reasonable"
    assert wording("verification", "limited", "en").level == "limited"


def test_languages():
    assert wording("verification", None, "zh-TW").title == "查證聲明書"
    assert wording("verification", None, "zh-TW").lang == "zh-TW"
    assert wording("verification", None, "en").title == "Verification statement"
    assert wording("validation", None, "zh-TW").title == "確證聲明書"
    assert wording("carbon-neutrality", None, "en").title == (
        "Verification statement on a carbon-neutrality declaration"
    )
    with pytest.raises(ValueError, match="language"):
        wording("verification", None, "fr")


def test_unknown_engagement_type():
    with pytest.raises(ValueError, match="engagement type"):
        wording("other", None, "en")
    with pytest.raises(ValueError):
        wording("../glossary", None, "en")


def test_conclusion_fills_and_checks_values():
    w = wording("verification", "reasonable", "en")
    text = w.conclusion("unmodified", **SAMPLE)
    assert text.startswith("In our opinion, the GHG statement of Taipei Bakery Co. for ")
    assert "268.80 tCO2e" in text and "5 % (13.44 tCO2e)" in text
    with pytest.raises(ValueError, match="opinion kind"):
        w.conclusion("qualified", **SAMPLE)
    with pytest.raises(ValueError, match="total"):
        w.conclusion("adverse", **{k: v for k, v in SAMPLE.items() if k != "total"})
    # braces in a value are not re-read as placeholders
    assert "{x}" in w.conclusion("modified", **{**SAMPLE, "client": "{x}"})


def test_wording_is_frozen():
    w = wording("verification", None, "en")
    with pytest.raises(AttributeError):
        w.title = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        w.conclusions["unmodified"] = "x"  # type: ignore[index]


def test_files_are_parsed_once(monkeypatch):
    wording("verification", None, "en")
    glossary("en")
    calls = []
    monkeypatch.setattr(wmod, "_read", lambda path: calls.append(path) or {})
    wording("verification", "limited", "zh-TW")
    glossary("en")
    assert calls == []


def test_malformed_file_is_refused(monkeypatch, tmp_path):
    folder = tmp_path / "resources" / "wording"
    folder.mkdir(parents=True)
    monkeypatch.setattr(paths, "resources", lambda: tmp_path / "resources")
    text = (paths.app_root() / "resources" / "wording" / "verification.toml").read_text(
        encoding="utf-8"
    )
    (folder / "verification.toml").write_text(
        text.replace(
            "{criteria}. The materiality applied was {materiality}.", "{criteria} ({standard}).", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(WordingError, match="standard"):
        wording("verification", None, "en")
    (folder / "carbon-neutrality.toml").write_text(
        text.replace('title = "Verification statement"\n', "", 1), encoding="utf-8"
    )
    with pytest.raises(WordingError, match="title"):
        wording("carbon-neutrality", None, "en")
    with pytest.raises(WordingError, match="not found"):
        wording("validation", None, "en")


def test_pure_module():
    """No Qt and no reportlab are needed to read the wording."""
    import subprocess

    code = (
        "import sys\n"
        "from desktop.report.wording import wording, glossary\n"
        "wording('validation', None, 'zh-TW'); glossary('en')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'reportlab')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=paths.app_root())


# --------------------------------------------------------------------------- the glossary

REQUIRED_TERMS = {
    "verification_body": "查驗機構",
    "verification": "查證",
    "validation": "確證",
    "verifier": None,
    "lead_verifier": "主導查證員",
    "independent_reviewer": "獨立審查員",
    "technical_expert": None,
    "client": None,
    "level_of_assurance": None,
    "reasonable_assurance": "合理保證",
    "limited_assurance": "有限保證",
    "materiality": "重大性",
    "misstatement": None,
    "finding": None,
    "clarification_request": None,
    "corrective_action_request": None,
    "forward_action_request": None,
    "ghg_statement": None,
    "emission_reductions": None,
    "removals": None,
    "baseline": None,
    "monitoring_plan": None,
    "crediting_period": None,
    "carbon_neutrality": "碳中和",
    "carbon_neutrality_declaration": "碳中和宣告",
    "carbon_credit": None,
    "retirement": None,
    "serial_number": None,
    "vintage": None,
    "beneficiary": None,
    "scope_1": None,
    "scope_2": None,
    "scope_3": None,
    "footprint": None,
    "boundary": None,
    "site_visit": None,
    "sampling": None,
    "opinion_unmodified": None,
    "opinion_modified": None,
    "opinion_adverse": None,
    "opinion_disclaimer": None,
    "signature": None,
    "fingerprint": None,
}


def test_glossary_has_both_languages_for_every_key():
    with (paths.resources() / "glossary.toml").open("rb") as fh:
        terms = tomllib.load(fh)["terms"]
    for key, texts in terms.items():
        assert set(texts) == {"en", "zh"}, key
        assert texts["en"].strip() and texts["zh"].strip(), key
        assert re.search(r"[\u4e00-\u9fff]", texts["zh"]), key
    en, zh = glossary("en"), glossary("zh-TW")
    assert set(en) == set(zh) == set(terms)
    for key, expected in REQUIRED_TERMS.items():
        assert key in en, key
        if expected:
            assert zh[key] == expected, key


def test_glossary_is_a_fresh_dict():
    glossary("en")["verification"] = "changed"
    assert glossary("en")["verification"] == "verification"
    with pytest.raises(ValueError):
        glossary("de")


def test_wording_uses_the_glossary_terms():
    zh = glossary("zh-TW")
    verification = "".join(_texts(wording("verification", "reasonable", "zh-TW")))
    for key in (
        "verification_body",
        "verification",
        "ghg_statement",
        "materiality",
        "misstatement",
        "fairly_stated",
        "client",
        "independent_reviewer",
        "lead_verifier",
    ):
        assert zh[key] in verification, key
    neutrality = "".join(_texts(wording("carbon-neutrality", "limited", "zh-TW")))
    for key in ("carbon_neutrality_declaration", "footprint", "carbon_credit", "retirement"):
        assert zh[key] in neutrality, key
    validation = "".join(_texts(wording("validation", "reasonable", "zh-TW")))
    for key in ("validation", "baseline_scenario", "monitoring_plan", "crediting_period"):
        assert zh[key] in validation, key
