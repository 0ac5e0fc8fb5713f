"""The PDF opinion: content, language, draft/self-validated notices, fonts, layout, metadata."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from desktop.report import fonts
from desktop.report.labels import LABELS, label
from desktop.report.opinion import FindingRow, OpinionDocument
from desktop.report.pades import extract_fingerprint
from desktop.report.pdf import FINGERPRINT_INFO_KEY, MARGIN_X, PAGE_W, render_opinion
from tests.report.conftest import needs_poppler, page_count, pdftotext
from tests.report.samples import FINGERPRINT, LONG_ZH, SUBJECT_ID, TITLE_ZH, neutrality_doc

pytestmark = needs_poppler


def _flat(text: str) -> str:
    """pdftotext output with line breaks and spaces removed (wrapped CJK rejoins)."""
    return re.sub(r"\s+", "", text)


# ------------------------------------------------------------------ content and language
@pytest.mark.parametrize("name", [
    "en-neutrality-final", "en-neutrality-draft-self", "zh-neutrality-final-self",
    "zh-neutrality-draft", "en-verification-final", "zh-verification-draft",
])
def test_text_extracts_with_the_essentials(rendered, name):
    doc, path = rendered[name]
    text = pdftotext(path)
    flat = _flat(text)
    assert SUBJECT_ID in text
    assert _flat(doc.title_zh) in flat  # the Chinese title, through ToUnicode
    assert _flat(doc.title) in flat
    assert FINGERPRINT in flat  # printed in two monospace lines
    # the opinion kind in the document's language
    assert _flat(label(doc.lang, f"ok.{doc.opinion_kind}")) in flat
    # draft notice only on drafts, in the document's language (no English in a Chinese one)
    word = "草稿" if doc.lang == "zh-TW" else "DRAFT"
    assert (word in text) == doc.draft, (name, word)
    if doc.lang == "zh-TW":
        assert "DRAFT" not in text
    # SELF-VALIDATED only for self attestation, in both languages
    assert ("SELF-VALIDATED" in text) == (doc.attestation == "self"), name
    assert ("自我確證" in text) == (doc.attestation == "self"), name


def test_english_and_chinese_labels(rendered):
    en = _flat(pdftotext(rendered["en-neutrality-final"][1]))
    zh = _flat(pdftotext(rendered["zh-neutrality-final-self"][1]))
    for words in ("Findings", "Misstatements", "Levelofassurance", "Materiality",
                  "Unmodifiedopinion", "Electronicsignatures", "Computedchecks"):
        assert words in en
    for words in ("查證意見", "發現事項", "不實陳述", "重大性", "保證等級", "合理保證",
                  "無保留意見", "電子簽署", "計算檢核", "碳足跡涵蓋率"):
        assert words in zh, words
    assert "Findings" not in zh and "發現事項" not in en


def test_opinion_wording_follows_kind_and_assurance(rendered):
    text = _flat(pdftotext(rendered["en-verification-final"][1]))
    assert "Modifiedopinion" in text
    assert "exceptfortheeffectsofthematters" in text.lower()
    # the override justification is printed
    assert "theverifierdeparted" in text.lower()
    assert "notpervasive" in text


@pytest.mark.parametrize("kind", ["adverse", "disclaimer"])
def test_other_opinion_kinds(tmp_path, kind):
    doc = neutrality_doc("zh-TW", opinion_kind=kind)
    path = tmp_path / "o.pdf"
    path.write_bytes(render_opinion(doc))
    assert _flat(label("zh-TW", f"ok.{kind}")) in _flat(pdftotext(path))


def test_chart_only_for_carbon_neutrality(rendered):
    neutral = pdftotext(rendered["en-neutrality-final"][1])
    verification = pdftotext(rendered["en-verification-final"][1])
    assert "Coverage of the footprint" in neutral
    assert "> 50 % source" in neutral
    assert "cumulative share of total" in neutral
    assert "Coverage of the footprint" not in verification


def test_signatures_and_findings_listed(rendered):
    text = pdftotext(rendered["en-neutrality-final"][1])
    for needle in ("Lin Mei-Hua", "林美華", "Lead verifier", "approved opinion",
                   "2025-03-20 08:15:02 UTC", "CN=Lin Mei-Hua", "Independent reviewer",
                   "CL-01", "CAR-01", "FAR-01", "Aggregate"):
        assert needle in text, needle
    zh = pdftotext(rendered["zh-neutrality-final-self"][1])
    assert "主導查證員" in zh and "獨立審查員" in zh


def test_page_numbers(rendered):
    for name in ("en-neutrality-final", "zh-neutrality-draft"):
        doc, path = rendered[name]
        pages = page_count(path)
        assert pages >= 2
        text = pdftotext(path)
        for page in range(1, pages + 1):
            expected = label(doc.lang, "page", page=page, total=pages)
            assert expected in text, expected
        # the footer repeats the fingerprint prefix on every page
        assert text.count(FINGERPRINT[:16]) >= pages


# ------------------------------------------------------------------ fonts and metadata
def test_font_is_an_embedded_truetype_subset(rendered):
    for _doc, path in rendered.values():
        data = path.read_bytes()
        assert b"/FontFile2" in data
        base_fonts = re.findall(rb"/BaseFont\s*/([^\s/>\]]+)", data)
        assert base_fonts
        for name in base_fonts:
            assert re.fullmatch(rb"[A-Z]{6}\+\S+", name), name  # subset tag: embedded
        assert b"/Type0" not in data and b"/CIDFontType0" not in data
        assert b"Helvetica" not in data and b"STSong" not in data
        assert b"/ToUnicode" in data


def test_metadata(rendered):
    _doc, path = rendered["zh-neutrality-draft"]
    proc = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True,
                          check=True)
    info = proc.stdout.decode("utf-8")
    assert re.search(r"^Creator:\s+VeriDesk$", info, re.M)
    assert "Formosa Verification Services" in info  # author
    assert TITLE_ZH in info  # title
    assert SUBJECT_ID in info  # subject
    assert extract_fingerprint(path.read_bytes()) == FINGERPRINT
    assert f"/{FINGERPRINT_INFO_KEY}".encode() in path.read_bytes()


def test_fonts_register_idempotently():
    first = fonts.register_fonts()
    assert fonts.register_fonts() == first
    assert fonts.font_path().is_file()


# ------------------------------------------------------------------ layout
def _long_doc(lang: str) -> OpinionDocument:
    serial = "TW-2-1-030172798-030173019-00-00-A0000070" * 3  # no spaces at all
    long_en = "Supercalifragilisticexpialidociousnessfactorcalibrationworksheet" * 2
    findings = (
        FindingRow("CL-09", "CL", "open", LONG_ZH, serial),
        FindingRow("CAR-09", "CAR", "responded", f"{long_en} 混合中文與 English 的說明 {LONG_ZH}",
                   "ISO 14064-3 §6.3.2.1 與 PAS 2060 §9.1.2（排放源完整性）"),
    )
    return neutrality_doc(
        lang,
        findings=findings,
        summary_of_work=(LONG_ZH * 2, f"{long_en} {serial}"),
        boundary=LONG_ZH,
        client="範例鋼鐵股份有限公司" * 6,
        opinion_basis=LONG_ZH,
    )


def _words(path: Path) -> list[tuple[int, float, float, float, float, str]]:
    html = pdftotext(path, "-bbox")
    out, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                      r"(.*)</word>", line)
        if m:
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            out.append((page, x0, y0, x1, y1, unescape(m.group(5))))
    return out


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_long_text_wraps_inside_the_frame(tmp_path, lang):
    path = tmp_path / "long.pdf"
    path.write_bytes(render_opinion(_long_doc(lang)))
    words = _words(path)
    assert words
    tolerance = 1.0
    for page, x0, _y0, x1, _y1, text in words:
        assert x0 >= MARGIN_X - tolerance, (page, text, x0)
        assert x1 <= PAGE_W - MARGIN_X + tolerance, (page, text, x1)
    # the long Chinese paragraph really wrapped: its words sit on several lines
    lines_with_zh = {(p, round(y0)) for p, _x0, y0, _x1, _y1, t in words if "查證團隊" in t
                     or "高雄廠" in t or "重新計算" in t}
    assert len(lines_with_zh) >= 3
    # and nothing was lost on the way
    text = pdftotext(path)
    assert _flat(LONG_ZH) in _flat(text)
    # no line starts with closing punctuation (kinsoku: ，。、；： hang at the line end instead)
    starts = [line for line in text.splitlines() if line and line[0] in "，。、；：）」"]
    assert starts == []


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_nothing_drawn_outside_the_margins(tmp_path, lang):
    """Render with pdftoppm: the margins stay white (no cell or chart overflow)."""
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(render_opinion(_long_doc(lang)))
    dpi = 50
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(tmp_path / "p")],
                   check=True, timeout=120)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == page_count(pdf)
    scale = dpi / 72
    for png in pngs:
        img = Image.open(png).convert("L")
        w, h = img.size
        left_edge = int((MARGIN_X - 2) * scale)
        right_edge = int((PAGE_W - MARGIN_X + 2) * scale) + 1
        for x in list(range(0, left_edge)) + list(range(right_edge, w)):
            column = [img.getpixel((x, y)) for y in range(0, h, 2)]
            assert min(column) >= 245, (png.name, x, min(column))
        # and the pages are not blank
        assert img.getextrema()[0] < 100


def test_draft_watermark_is_on_every_page(rendered):
    _doc, path = rendered["zh-neutrality-draft"]
    pages = page_count(path)
    per_page = pdftotext(path, "-raw").split("\f")
    assert pages >= 2
    for page_text in per_page[:pages]:
        # in the document's language only: no English in a Chinese document
        assert "草" in page_text and "稿" in page_text and "DRAFT" not in page_text
    final = pdftotext(rendered["zh-neutrality-final-self"][1], "-raw")
    assert "DRAFT" not in final and "稿" not in final


# ------------------------------------------------------------------ the data model
def test_document_validates_its_enums():
    doc = neutrality_doc("en")
    with pytest.raises(ValueError, match="lang"):
        dataclasses.replace(doc, lang="fr")
    with pytest.raises(ValueError, match="opinion_kind"):
        dataclasses.replace(doc, opinion_kind="qualified")
    with pytest.raises(ValueError, match="attestation"):
        dataclasses.replace(doc, attestation="fourth-party")
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "x"  # type: ignore[misc]


def test_lists_are_frozen_into_tuples():
    doc = dataclasses.replace(neutrality_doc("en"), criteria=["A", "B"], findings=[])
    assert doc.criteria == ("A", "B") and doc.findings == ()


def test_bad_fingerprint_refused():
    with pytest.raises(ValueError, match="fingerprint"):
        render_opinion(neutrality_doc("en", fingerprint="not hex"))


def test_naive_signing_time_is_taken_as_utc(tmp_path):
    doc = neutrality_doc("en")
    sig = dataclasses.replace(doc.signatures[0], signed_at_utc=datetime(2025, 1, 2, 3, 4, 5))
    path = tmp_path / "n.pdf"
    path.write_bytes(render_opinion(dataclasses.replace(doc, signatures=(sig,))))
    assert "2025-01-02 03:04:05 UTC" in pdftotext(path)
    aware = datetime(2025, 1, 2, 11, 4, 5, tzinfo=UTC).astimezone()
    assert aware.tzinfo is not None


def test_every_label_has_both_languages():
    for key, (en, zh) in LABELS.items():
        assert en.strip() and zh.strip(), key
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", zh)), key


def test_rendering_is_reproducible():
    """Same document, same bytes; dates in the PDF come from generated_at_utc."""
    doc = neutrality_doc("zh-TW")
    first = render_opinion(doc)
    assert render_opinion(doc) == first
    assert b"D:20250321020000" in first  # CreationDate / ModDate
    other = render_opinion(dataclasses.replace(doc, fingerprint="ab" * 32))
    assert other != first and extract_fingerprint(other) == "ab" * 32
