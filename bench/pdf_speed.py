"""PDF speed: ``render_opinion`` of a ~30-page opinion against reportlab typesetting the same
text on the same number of pages with a built-in font (Helvetica, no font file, no CJK
glyphs), measured in the same run, in both document languages.

    python bench/pdf_speed.py [--pages N] [--repeat R]

The opinion is a sample document (``tests/report/samples.py``) grown to about ``--pages``
pages with many summary paragraphs, findings, misstatements and checks. The baseline sets the
same paragraphs and table rows in Helvetica with reportlab's platypus, its type size tuned
(before timing) until it fills the same number of pages.

Prints the one-off font registration (the TrueType collection is parsed once per process),
the best wall time of each render, their ratio (target <= 2) and the ratio for the first
export in a fresh process (fonts + render). A benchmark, not a test: nothing asserts on time.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.report import fonts
from desktop.report.opinion import (
    CheckRow,
    FindingRow,
    MisstatementRow,
    OpinionDocument,
)
from desktop.report.pdf import render_opinion
from tests.report.samples import LONG_ZH, neutrality_doc

LONG_EN = (
    "We sampled {n} invoices and meter readings for source S{s}, traced each to the "
    "monitoring table, and recalculated the emissions as activity × emission factor; the "
    "recalculation agreed with the claim within 0.{d} %. The energy manager explained the "
    "treatment of estimated readings and provided the calibration certificates of meters "
    "M-{n} and M-{s}, which were valid for the whole period."
)
STATUSES = ("pass", "warn", "fail", "n/a")
_PAGES = re.compile(rb"/Type\s*/Page\b")


# --------------------------------------------------------------------------- the document
def long_doc(lang: str, scale: int) -> OpinionDocument:
    """The sample opinion with ``scale`` times more of everything that grows in practice."""
    zh = lang == "zh-TW"
    summary = tuple(
        (LONG_ZH if zh else LONG_EN.format(n=40 + i, s=1 + i % 10, d=i % 10))
        for i in range(4 * scale)
    )
    findings = tuple(
        FindingRow(
            f"{('CL', 'CAR', 'FAR')[i % 3]}-{i + 1:02d}", ("CL", "CAR", "FAR")[i % 3],
            ("closed", "open", "responded")[i % 3],
            (f"第 {i + 1} 項：抽樣憑證與監測表不一致，客戶已提供更正後之計算表與原始單據。"
             if zh else
             f"Item {i + 1}: sampled evidence disagreed with the monitoring table; the client "
             "provided a corrected calculation sheet and the original documents."),
            f"ISO 14064-3 §6.{i % 9 + 1}",
        )
        for i in range(8 * scale)
    )
    misstatements = tuple(
        MisstatementRow(
            (f"S{i % 10 + 1} 重新計算與宣告值之差異（第 {i + 1} 筆）" if zh else
             f"Recalculation of S{i % 10 + 1} differs from the claim (line {i + 1})"),
            round((-1) ** i * (0.3 + i * 0.11), 2), f"S{i % 10 + 1}",
        )
        for i in range(6 * scale)
    )
    checks = tuple(
        CheckRow(f"bench.check_{i:03d}", STATUSES[i % 4],
                 (f"第 {i + 1} 項檢核：{i % 7 + 2} 個排放源超出 0.5 % 容許差" if zh else
                  f"check {i + 1}: {i % 7 + 2} sources disagree by more than 0.5 %"))
        for i in range(8 * scale)
    )
    return dataclasses.replace(
        neutrality_doc(lang), summary_of_work=summary, findings=findings,
        misstatements=misstatements, checks=checks,
    )


def page_count(pdf: bytes) -> int:
    return len(_PAGES.findall(pdf))


# --------------------------------------------------------------------------- the baseline
def baseline_story(doc: OpinionDocument, size: float) -> list:
    """The document's paragraphs and table rows as plain platypus flowables in Helvetica."""
    cjk = "CJK" if doc.lang == "zh-TW" else None

    def style(name: str, bold: bool = False, k: float = 1.0) -> ParagraphStyle:
        return ParagraphStyle(name, fontName="Helvetica-Bold" if bold else "Helvetica",
                              fontSize=size * k, leading=size * k * 1.4, wordWrap=cjk,
                              spaceAfter=size * 0.4 if k >= 1 else 0)

    body, cell, head, h1 = style("b"), style("c", k=0.9), style("h", True, 0.9), \
        style("h1", True, 1.3)
    width = A4[0] - 36 * mm

    def grid(header: list[str], rows: list[list[str]], widths: list[float]) -> Table:
        t = Table([[Paragraph(h, head) for h in header]]
                  + [[Paragraph(c, cell) for c in r] for r in rows],
                  colWidths=[w * width for w in widths], repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    out: list = [Paragraph(f"{doc.title} {doc.title_zh}", h1)]
    facts = [("Client", doc.client), ("Body", doc.verifier_body), ("Boundary", doc.boundary),
             ("Criteria", "; ".join(doc.criteria)), ("Fingerprint", doc.fingerprint)]
    out.append(grid(["", ""], [list(f) for f in facts], [0.25, 0.75]))
    out.append(Paragraph("Summary of work", h1))
    out += [Paragraph(p, body) for p in doc.summary_of_work]
    out.append(Paragraph("Findings", h1))
    out.append(grid(["Ref", "State", "Finding", "Item"],
                    [[f.ref, f.state, f.title, f.item_ref] for f in doc.findings],
                    [0.12, 0.12, 0.56, 0.2]))
    out.append(Paragraph("Misstatements", h1))
    out.append(grid(["Description", "Source", "tCO2e"],
                    [[m.description, m.source, f"{m.amount_tco2e:,.2f}"]
                     for m in doc.misstatements], [0.66, 0.14, 0.2]))
    out.append(Paragraph("Checks", h1))
    out.append(grid(["Check", "Status", "Message"],
                    [[c.code, c.status, c.message] for c in doc.checks], [0.3, 0.1, 0.6]))
    out.append(Paragraph("Opinion", h1))
    out.append(Paragraph(doc.opinion_basis, body))
    for s in doc.signatures:
        out += [Spacer(1, size), Paragraph(f"{s.printed_name} · {s.role} · {s.meaning}", body)]
    return out


def render_baseline(doc: OpinionDocument, size: float) -> bytes:
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                      topMargin=20 * mm, bottomMargin=20 * mm,
                      invariant=1).build(baseline_story(doc, size))
    return buf.getvalue()


def fit_baseline(doc: OpinionDocument, pages: int) -> float:
    """The baseline type size that fills ``pages`` pages (bisection; not timed)."""
    lo, hi = 4.0, 20.0
    best = (abs(page_count(render_baseline(doc, 9.0)) - pages), 9.0)
    for _ in range(14):
        mid = (lo + hi) / 2
        n = page_count(render_baseline(doc, mid))
        best = min(best, (abs(n - pages), mid))
        if n == pages:
            return mid
        lo, hi = (mid, hi) if n < pages else (lo, mid)
    return best[1]


# --------------------------------------------------------------------------- timing
def best_of(repeat: int, fn: Callable[[], bytes]) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30, help="approximate opinion length")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t = time.perf_counter()
    fonts.register_fonts()
    font_s = time.perf_counter() - t
    t = time.perf_counter()
    fonts.register_fonts()
    again_s = time.perf_counter() - t
    print(f"font registration (TTC, 2 faces) {font_s:6.3f} s once per process; "
          f"again {again_s * 1e6:.0f} µs")
    from reportlab.lib import rl_accel

    accel = type(rl_accel.fp_str).__name__ == "builtin_function_or_method"
    print("reportlab's C accelerator (rl-accel): " + ("in use" if accel else
          "not installed, pure-Python fallbacks for both renders"))

    for lang in ("en", "zh-TW"):
        scale = 1
        doc = long_doc(lang, scale)
        pages = page_count(render_opinion(doc))
        while pages < args.pages and scale < 200:  # grow to the wanted length
            scale = max(scale + 1, round(scale * args.pages / max(pages, 1)))
            doc = long_doc(lang, scale)
            pages = page_count(render_opinion(doc))
        size = fit_baseline(doc, pages)
        base_pages = page_count(render_baseline(doc, size))
        ours = best_of(args.repeat, lambda d=doc: render_opinion(d))
        base = best_of(args.repeat, lambda d=doc, s=size: render_baseline(d, s))
        print(f"[{lang}] {pages} pages (baseline {base_pages} pages, Helvetica {size:.1f} pt)")
        print(f"  reportlab + Helvetica   {base:6.3f} s")
        print(f"  render_opinion          {ours:6.3f} s   (one layout pass; page X of Y at save)")
        print(f"  ratio                   {ours / base:6.2f}   (target <= 2)")
        print(f"  first export in a process, ratio "
              f"{(ours + font_s) / base:5.2f}   (fonts + render)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
