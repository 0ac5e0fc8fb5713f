""""Page X of Y" on every page, from one layout pass (the canvas replays its pages at save).

Each page's text is read on its own (PDFium), so a footer printed on the wrong page, with
the wrong total or twice would show.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime

import pypdfium2 as pdfium
import pytest

from desktop.report.labels import label
from desktop.report.opinion import CheckRow, FindingRow
from desktop.report.pdf import render_opinion
from desktop.report.report_doc import (
    EvidenceRow,
    MisstatementEvaluation,
    Recalculation,
    ReportDocument,
)
from desktop.report.report_labels import rlabel
from desktop.report.report_pdf import render_report
from tests.report.samples import neutrality_doc, verification_doc

PAGE_LABEL = {  # any page label, whatever the numbers
    "en": re.compile(r"Page\d+of\d+"),
    "zh-TW": re.compile(r"第\d+頁，共\d+頁"),
}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_texts(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [_flat(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def _assert_numbered(data: bytes, lang: str, make_label) -> int:
    pages = _page_texts(data)
    total = len(pages)
    assert total >= 3, total
    for number, text in enumerate(pages, start=1):
        expected = _flat(make_label(lang, "page", page=number, total=total))
        # exactly one page label on the page, and it is this page's
        assert PAGE_LABEL[lang].findall(text) == [expected], (number, text[-200:])
    return total


def _long_opinion(lang: str):
    zh = lang == "zh-TW"
    findings = tuple(
        FindingRow(f"CL-{i:02d}", "CL", "closed",
                   (f"第 {i} 項：抽樣憑證與監測表不一致，客戶已提供更正後之計算表。" if zh else
                    f"Item {i}: sampled evidence disagreed with the monitoring table; the "
                    "client provided a corrected calculation sheet."),
                   f"ISO 14064-3 §6.{i % 9 + 1}")
        for i in range(1, 41)
    )
    checks = tuple(CheckRow(f"test.check_{i:03d}", "pass", f"check {i}") for i in range(60))
    return dataclasses.replace(neutrality_doc(lang), findings=findings, checks=checks)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_opinion_page_x_of_y_on_every_page(lang):
    data = render_opinion(_long_opinion(lang))
    total = _assert_numbered(data, lang, label)
    assert total == len(re.findall(rb"/Type\s*/Page\b", data))


@pytest.mark.parametrize("make", [neutrality_doc, verification_doc])
def test_sample_opinions_numbered(make):
    for lang in ("en", "zh-TW"):
        pages = _page_texts(render_opinion(make(lang, draft=True)))
        total = len(pages)
        for number, text in enumerate(pages, start=1):
            expected = _flat(label(lang, "page", page=number, total=total))
            assert PAGE_LABEL[lang].findall(text) == [expected]


def _long_report(lang: str) -> ReportDocument:
    evidence = tuple(
        EvidenceRow(f"evidence/folder-{i // 10}/meter-reading-{i:03d}.pdf", 10_000 + i,
                    "application/pdf", f"{i:064x}")
        for i in range(120)
    )
    return ReportDocument(
        lang=lang, title="Wire rod", title_zh="線材", subject_id="X-1",
        engagement_type="carbon-neutrality", client="Client", verifier_body="Body",
        boundary="", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        criteria=("PAS 2060:2014",), programme="", level_of_assurance="limited",
        materiality_pct=5.0, team=(), checklists=(), checks=(), checks_not_applicable=0,
        populations=(), sampling_plan=None, findings=(), recalculation=Recalculation(),
        misstatements=MisstatementEvaluation(aggregate_tco2e=3.0, aggregate_pct=None,
                                             threshold_pct=5.0, material=None),
        source_files=(), evidence=evidence, signatures=(), fingerprint="ab" * 32,
        draft=True, generated_at_utc=datetime(2025, 1, 1, tzinfo=UTC),
    )


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_report_page_x_of_y_on_every_page(lang):
    doc = _long_report(lang)
    data = render_report(doc)
    _assert_numbered(data, lang, rlabel)
    assert render_report(doc) == data  # one pass, still the same bytes


def test_long_opinion_is_reproducible():
    doc = _long_opinion("zh-TW")
    assert render_opinion(doc) == render_opinion(doc)
