"""One glossary of Traditional Chinese terms (resources/glossary.toml) for the checklists,
the engine's messages, the GUI and the PDF.

Each concept has one term: the glossary's. ``DEPRECATED`` lists the variants that were
found in (or are known to creep into) the user-facing text, with the text that replaces
each and the glossary key it belongs to. A variant in any scanned file fails the test,
naming the file, the line and the term to use instead.

To change a term: change it in resources/glossary.toml, add the old one here, and replace
it everywhere (the failure message lists every place). If a deprecated string is right in
a different sense, reword the sentence rather than weaken the list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.report.wording import glossary

REPO = Path(__file__).resolve().parent.parent

#: variant -> (replacement text, glossary key whose Chinese term contains the replacement)
DEPRECATED: dict[str, tuple[str, str]] = {
    # bodies and people
    "查證機構": ("查驗機構", "verification_body"),  # Taiwan's rules say 查驗機構 (domain.md)
    "確證機構": ("查驗機構", "validation_body"),
    "委託方": ("委託者", "client"),
    "客戶": ("委託者", "client"),  # 客戶 reads as a company's own customers
    "審查者": ("審查員", "independent_reviewer"),
    "開發者": ("計畫提案者", "project_proponent"),
    # assurance
    "不實表達": ("不實陳述", "misstatement"),
    "誤述": ("不實陳述", "misstatement"),
    "公允表達": ("允當表達", "fairly_stated"),
    "實質性": ("重大性", "materiality"),  # 實質減量 (real reductions) is another word
    "查證發現": ("發現事項", "finding"),
    "檢核表": ("查核表", "checklist"),
    "現場查訪": ("現場訪查", "site_visit"),
    # projects
    "專案設計書": ("專案計畫書", "project_design_document"),
    "普遍做法分析": ("普遍性分析", "common_practice_analysis"),
    "普遍做法": ("普遍性", "common_practice_analysis"),  # 普遍性分析 / 普遍性障礙
    "普遍作法": ("普遍性", "common_practice_analysis"),
    "入計期": ("計入期", "crediting_period"),
    "計入期間": ("計入期", "crediting_period"),
    # carbon neutrality, credits
    "適格性說明聲明": ("合格解釋聲明", "qualifying_explanatory_statement"),
    "登錄系統": ("登錄處", "registry"),
}

#: Terms the issue names as the ones to use; each must be a glossary term.
PREFERRED = (
    "查驗機構",
    "確證",
    "查證",
    "不實陳述",
    "發現事項",
    "專案計畫書",
    "普遍性分析",
    "計入期",
    "委託者",
    "允當表達",
    "重大性",
    "查核表",
    "獨立審查員",
    "授權函",
    "相應調整",
)


def scanned_files() -> list[Path]:
    """The user-facing text: checklists, the engine's messages and labels, the GUI's
    strings and translations, and the opinion's wording. (The glossary itself is not
    scanned: its comments name the variants it rejects.)"""
    files: list[Path] = []
    files += sorted((REPO / "checklists").glob("*.toml"))
    files += [REPO / "checklists" / "README.md"]
    files += sorted(p for p in (REPO / "desktop").rglob("*.py") if "__pycache__" not in p.parts)
    files += sorted((REPO / "resources" / "translations").glob("*.ts"))
    files += sorted((REPO / "resources" / "wording").glob("*.toml"))
    return files


def deprecated_hits(text: str) -> list[tuple[int, str]]:
    """(line number, variant) for every deprecated variant in ``text``."""
    pattern = re.compile("|".join(sorted(map(re.escape, DEPRECATED), key=len, reverse=True)))
    return [
        (n, m.group(0))
        for n, line in enumerate(text.splitlines(), start=1)
        for m in pattern.finditer(line)
    ]


def test_every_replacement_is_a_glossary_term():
    zh = glossary("zh-TW")
    terms = set(zh.values())
    for variant, (replacement, key) in DEPRECATED.items():
        assert key in zh, f"{variant}: no glossary key {key!r}"
        assert replacement in zh[key], f"{variant} -> {replacement}: not in {key} = {zh[key]}"
        assert variant not in terms, f"{variant} is deprecated but is a glossary term"
        assert variant not in replacement, f"replacing {variant} by {replacement} never ends"


def test_preferred_terms_are_in_the_glossary():
    terms = set(glossary("zh-TW").values())
    missing = [t for t in PREFERRED if t not in terms]
    assert not missing, f"add to resources/glossary.toml: {missing}"


def test_the_scan_covers_checklists_messages_gui_and_pdf():
    names = {p.relative_to(REPO).as_posix() for p in scanned_files()}
    for needed in (
        "checklists/pas2060.toml",
        "checklists/README.md",
        "desktop/i18n.py",
        "desktop/rules/scale.py",
        "desktop/report/labels.py",
        "desktop/report/report_labels.py",
        "desktop/ui/main_window.py",
        "resources/translations/veridesk_zh_TW.ts",
        "resources/wording/verification.toml",
    ):
        assert needed in names, needed


def test_the_scan_finds_a_variant():
    assert deprecated_hits("甲\n由查證機構與委託方簽署，計入期間十年") == [
        (2, "查證機構"),
        (2, "委託方"),
        (2, "計入期間"),
    ]
    assert deprecated_hits("普遍做法分析") == [(1, "普遍做法分析")]
    assert deprecated_hits("查驗機構、委託者、計入期、普遍性分析、實質減量") == []


def test_no_deprecated_variant_in_user_facing_text():
    problems = []
    for path in scanned_files():
        text = path.read_text(encoding="utf-8")
        for line, variant in deprecated_hits(text):
            replacement, key = DEPRECATED[variant]
            problems.append(
                f"{path.relative_to(REPO)}:{line}: {variant} -> {replacement} (glossary {key})"
            )
    assert not problems, "terms outside the glossary:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "term",
    [
        "查驗機構",
        "不實陳述",
        "發現事項",
        "專案計畫書",
        "普遍性分析",
        "計入期",
        "委託者",
        "合格解釋聲明",
        "登錄處",
        "授權函",
        "相應調整",
        "融資取得",
    ],
)
def test_checklists_use_the_glossary_terms(term):
    text = "".join(p.read_text(encoding="utf-8") for p in (REPO / "checklists").glob("*.toml"))
    assert term in text, term
