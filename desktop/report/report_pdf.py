"""Render a :class:`~desktop.report.report_doc.ReportDocument` as a PDF (reportlab platypus).

The verification report (design §11) shares the opinion's look and machinery
(:mod:`desktop.report.pdf`): the embedded font and its styles, CJK wrapping, the canvas that
writes the fingerprint into the information dictionary (``/VeriDeskFingerprint``, so
``veridesk verify R.pdf --engagement FILE`` matches it) and reproducible dates, and holds
the pages back until the end so that one layout pass can print "Page X of Y". The page
decoration is the report's own: its title in the running header, the fingerprint and
"Page X of Y" in the footer, and a DRAFT watermark in the document's language only.

Long SHA-256 values are set in the monospace face, small, 32 hex digits a line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)

from desktop.report import fonts
from desktop.report.opinion import SignatureRow
from desktop.report.pdf import (
    CREATOR,
    FRAME_W,
    GRID,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    NAVY,
    NAVY_LIGHT,
    PAGE_H,
    SELF_RED,
    STATUS_COLOURS,
    _canvas_class,
    _esc,
    _fmt_date,
    _fmt_num,
    _fmt_pct,
    _fmt_utc,
    _keep_together,
    _keep_together_markup,
    _Styles,
    _Table,
    fingerprint_table,
    page_furniture,
)
from desktop.report.report_doc import (
    CheckLine,
    FindingDetail,
    MisstatementEvaluation,
    Recalculation,
    ReportDocument,
    RoundRow,
)
from desktop.report.report_labels import REPORT_LABELS, check_label, rlabel, rlabel_or

SHA_LINE = 32  # hex digits per line of a SHA-256 in tables
TINT = colors.HexColor("#F6F8FB")


def _report_key(engagement_type: str) -> str:
    key = f"rdoc.{engagement_type}"
    return key if key in REPORT_LABELS else "rdoc.other"


def _fmt_diff_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _fmt_size(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _fmt_when(value: datetime | None) -> str:
    """A recorded time, to the minute, in UTC."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sha_lines(sha: str) -> str:
    """A hex digest as escaped lines of :data:`SHA_LINE` digits."""
    sha = sha or "—"
    return "<br/>".join(_esc(sha[i:i + SHA_LINE]) for i in range(0, len(sha), SHA_LINE))


class _ReportBuilder:
    def __init__(self, doc: ReportDocument):
        self.doc = doc
        self.lang = doc.lang
        self.st = st = _Styles(doc.lang)
        self.h2 = ParagraphStyle("rh2", parent=st.label, fontSize=9, leading=12.5,
                                 spaceBefore=6, spaceAfter=3, keepWithNext=1)
        self.sha = ParagraphStyle("rsha", parent=st.mono_small, fontSize=6.8, leading=8.8,
                                  textColor=colors.HexColor("#1A1A1A"))
        self.cell_muted = ParagraphStyle("rcm", parent=st.cell, fontSize=7.4, leading=10,
                                         textColor=MUTED)
        self.cell_mono = ParagraphStyle("rcmono", parent=st.mono_small, fontSize=7,
                                        leading=9.4, textColor=MUTED)

    # ------------------------------------------------------------------ helpers
    def L(self, key: str, **values: object) -> str:
        return rlabel(self.lang, key, **values)

    def P(self, text: str, style: ParagraphStyle, *, markup: bool = False) -> Paragraph:
        content = _keep_together_markup(text) if markup else _esc(_keep_together(text))
        return Paragraph(content, self.st.cjk_aware(style, text))

    def colon(self) -> str:
        return "：" if self.lang == "zh-TW" else ": "

    def join(self, items: Iterable[str]) -> str:
        return ("、" if self.lang == "zh-TW" else "; ").join(items)

    def heading(self, text: str) -> Paragraph:
        return self.P(text, self.st.h1)

    def cells(self, *parts: tuple[str, ParagraphStyle]) -> list[Paragraph]:
        return [self.P(text, style) for text, style in parts if text]

    def grid(self, header: Sequence[str], rows: list[list], widths: Sequence[float],
             extra: Iterable[tuple] = (), right: Iterable[int] = ()) -> _Table:
        right = set(right)
        head = [self.P(h, self.st.th_right if i in right else self.st.th)
                for i, h in enumerate(header)]
        t = _Table([head, *rows], colWidths=[FRAME_W * w for w in widths], repeatRows=1)
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), NAVY_LIGHT),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, NAVY),
            ("LINEBELOW", (0, 1), (-1, -1), 0.35, GRID),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            *extra,
        ]))
        return t

    def source(self, source: str) -> str:
        """A misstatement's source; the calculation's ``result`` line by its label."""
        return self.L("r.recalc.result") if source == "result" else (source or "—")

    def title(self) -> str:
        return self.L(_report_key(self.doc.engagement_type))

    # ------------------------------------------------------------------ parts
    def band(self) -> _Table:
        d, st = self.doc, self.st
        left = [self.P(self.title(), st.band_kind), self.P(d.title, st.band_title)]
        if d.title_zh:
            left.append(self.P(d.title_zh, st.band_sub))
        right = [
            self.P(self.L("issued_by"), st.band_right),
            self.P(d.verifier_body, ParagraphStyle("rbb", parent=st.band_right,
                                                    fontName=fonts.BOLD, fontSize=9.5,
                                                    leading=13)),
            Spacer(1, 4),
            self.P(f"{self.L('subject_id')}{self.colon()}{d.subject_id}", st.band_right),
            self.P(self.L("period_value", start=_fmt_date(d.period_start),
                          end=_fmt_date(d.period_end)), st.band_right),
        ]
        t = _Table([[left, right]], colWidths=[FRAME_W * 0.64, FRAME_W * 0.36])
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ]))
        return t

    def draft_notice(self) -> _Table:
        t = _Table([[self.P(self.L("r.draft_banner"), self.st.draft_text)]],
                   colWidths=[FRAME_W])
        t.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.8, SELF_RED),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        return t

    def facts(self) -> _Table:
        d, st = self.doc, self.st
        if not d.title_zh:
            subject = d.title
        elif self.lang == "zh-TW":
            subject = f"{d.title_zh}（{d.title}）"
        else:
            subject = f"{d.title} ({d.title_zh})"
        loa = rlabel_or(self.lang, f"loa.{d.level_of_assurance}", d.level_of_assurance)
        total = d.misstatements.reported_total_tco2e
        if d.materiality_pct is None:
            materiality = "—"
        elif total is not None:
            materiality = self.L("r.materiality_t", pct=_fmt_pct(d.materiality_pct),
                                 total=_fmt_num(total),
                                 threshold=_fmt_num(abs(total) * d.materiality_pct / 100))
        else:
            materiality = self.L("r.materiality_pct", pct=_fmt_pct(d.materiality_pct))
        rows = [
            ("subject", subject),
            ("subject_id", d.subject_id),
            ("engagement_type", rlabel_or(self.lang, f"type.{d.engagement_type}",
                                          d.engagement_type)),
            ("client", d.client),
            ("verifier_body", d.verifier_body),
            ("boundary", d.boundary),
            ("period", self.L("period_value", start=_fmt_date(d.period_start),
                              end=_fmt_date(d.period_end))),
            ("criteria", self.join(d.criteria)),
            ("r.programme", d.programme),
            ("level_of_assurance", loa),
            ("materiality", materiality),
            ("generated", _fmt_utc(d.generated_at_utc)),
        ]
        data = [[self.P(self.L(k), st.label), self.P(v or "—", st.value)] for k, v in rows]
        t = _Table(data, colWidths=[FRAME_W * 0.26, FRAME_W * 0.74])
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), NAVY_LIGHT),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
            ("LINEABOVE", (0, 0), (-1, 0), 0.8, NAVY),
            ("LINEBELOW", (0, -1), (-1, -1), 0.8, NAVY),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ]))
        return t

    def team(self) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [self.heading(self.L("r.team"))]
        if not self.doc.team:
            return [*out, self.P(self.L("r.no_team"), st.body)]
        rows = [[
            self.P(m.name, st.cell_bold),
            self.P(rlabel_or(self.lang, f"role.{m.role}", m.role), st.cell),
            self.P(m.organisation or "—", st.cell),
            self.P(_fmt_when(m.impartiality_declared_at) if m.impartiality_declared_at
                   else self.L("r.not_declared"), st.cell),
        ] for m in self.doc.team]
        out.append(self.grid([self.L(k) for k in ("r.col.name", "r.col.role", "r.col.org",
                                                  "r.col.impartiality")],
                             rows, [0.25, 0.2, 0.3, 0.25]))
        return out

    def means(self) -> list[Flowable]:
        d, st = self.doc, self.st
        key = "r.means.validation" if d.engagement_type == "validation" else "r.means"
        out: list[Flowable] = [self.heading(self.L(key)), self.P(self.L("r.means_text"),
                                                                  st.body)]
        out.append(self.P(self.L("r.checklists"), self.h2))
        if d.checklists:
            # The standard is named in English in the checklist definitions: a Chinese
            # document shows the (Chinese) title and the version only.
            zh = self.lang == "zh-TW"
            rows = []
            for c in d.checklists:
                name: list[Flowable] = [self.P(c.title, st.cell)]
                if c.version:
                    name.append(self.P(self.L("r.version", version=c.version),
                                       self.cell_muted))
                row: list = [name]
                if not zh:
                    row.append(self.P(c.standard or "—", st.cell))
                row += [self.P(f"{c.answered:,}", st.cell_right),
                        self.P(f"{c.total:,}", st.cell_right),
                        self.P(f"{c.nonconformities:,}", st.cell_right)]
                rows.append(row)
            keys = ["r.col.checklist", "r.col.standard", "r.col.answered", "r.col.items",
                    "r.col.nc"]
            widths = [0.38, 0.24, 0.12, 0.1, 0.16]
            if zh:
                del keys[1]
                widths = [0.58, 0.14, 0.14, 0.14]
            out.append(self.grid([self.L(k) for k in keys], rows, widths,
                                 right=range(len(keys) - 3, len(keys))))
        else:
            out.append(self.P(self.L("r.no_checklists"), st.body))
        out.append(self.P(self.L("r.checks"), self.h2))
        out.append(self.checks_table(d.checks, self.L("r.no_checks")))
        if d.checks_not_applicable:
            out += [Spacer(1, 3), self.P(self.L("r.checks_na", n=d.checks_not_applicable),
                                         st.muted)]
        return out

    def checks_table(self, checks: Sequence[CheckLine], empty: str) -> Flowable:
        st = self.st
        if not checks:
            return self.P(empty, st.body)
        rows, extra = [], []
        for i, c in enumerate(checks, start=1):
            bg, fg = STATUS_COLOURS[c.status]
            rows.append([
                self.P(check_label(self.lang, c.code, c.message), st.cell_bold),
                self.P(rlabel_or(self.lang, f"cs.{c.status}", c.status),
                       ParagraphStyle("rcs", parent=st.cell_bold, textColor=fg,
                                      alignment=TA_CENTER)),
                self.P(c.message, st.cell),
            ])
            extra.append(("BACKGROUND", (1, i), (1, i), bg))
        return self.grid([self.L(k) for k in ("r.col.check", "r.col.result", "r.col.details")],
                         rows, [0.25, 0.12, 0.63], extra=extra)

    def sampling(self) -> list[Flowable]:
        d, st = self.doc, self.st
        out: list[Flowable] = [self.heading(self.L("r.sampling"))]
        out.append(self.P(d.sampling_plan or self.L("r.no_sampling"), st.body))
        if d.populations:
            sep = "、" if self.lang == "zh-TW" else ", "
            parts = [rlabel(self.lang, f"pop.{name}", n=f"{n:,}") if f"pop.{name}" in
                     REPORT_LABELS else f"{name} {n:,}" for name, n in d.populations]
            out.append(self.P(self.L("r.populations", list=sep.join(parts)), st.muted))
        return out

    # ------------------------------------------------------------------ findings
    def findings(self) -> list[Flowable]:
        d, st = self.doc, self.st
        out: list[Flowable] = [self.heading(self.L("r.findings"))]
        if not d.findings:
            return [*out, self.P(self.L("r.no_findings"), st.body)]
        n = {t: sum(1 for f in d.findings if f.type == t) for t in ("CL", "CAR", "FAR")}
        still_open = sum(1 for f in d.findings if f.state != "closed")
        out.append(self.P(self.L("r.findings_count", n=len(d.findings), cl=n["CL"],
                                 car=n["CAR"], far=n["FAR"], open=still_open), st.body))
        for f in d.findings:
            out += self.finding(f)
        return out

    def finding(self, f: FindingDetail) -> list[Flowable]:
        st = self.st
        state = rlabel_or(self.lang, f"fs.{f.state}", f.state)
        kind = rlabel_or(self.lang, f"ft.{f.type}", f.type)
        colour = STATUS_COLOURS["pass" if f.state == "closed" else
                                "fail" if f.type in ("CL", "CAR") else "warn"][1]
        head_left = [
            self.P(f'{_esc(f.number)} · {_esc(kind)} · <font color="{colour.hexval()}">'
                   f"{_esc(state)}</font>", st.label, markup=True),
            self.P(f.title, ParagraphStyle("rft", parent=st.value, fontName=fonts.BOLD,
                                           fontSize=9.4, leading=12.6)),
        ]
        meta = [self.L("r.raised", by=f.raised_by or "—", at=_fmt_when(f.raised_at))]
        if f.closed_at:
            meta.append(self.L("r.closed_at", at=_fmt_when(f.closed_at)))
        if f.escalated_from:
            meta.append(self.L("r.escalated_from", number=f.escalated_from))
        sep = "；" if self.lang == "zh-TW" else "; "
        head_right = [self.P(sep.join(meta), self.cell_muted)]
        head = _Table([[head_left, head_right]], colWidths=[FRAME_W * 0.64, FRAME_W * 0.36])
        head.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, -1), NAVY_LIGHT),
            ("LINEBEFORE", (0, 0), (0, -1), 3, NAVY),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ]))
        facts = []
        if f.item:
            facts.append((self.L("r.item"), f.item))
        if f.description:
            facts.append((self.L("r.description"), f.description))
        block: list[Flowable] = [head, Spacer(1, 3)]
        block += [self.P(f"<b>{_esc(k)}</b>{self.colon()}{_esc(v)}", st.body, markup=True)
                  for k, v in facts]
        keep: list[Flowable] = [KeepTogether(block)]
        keep.append(self.rounds(f.rounds))
        ev: list[Flowable] = [self.P(self.L("r.closure_evidence"), self.h2)]
        if f.evidence:
            for e in f.evidence:
                sha = f"  SHA-256 {e.sha256[:16]}…" if e.sha256 else ""
                ev.append(self.P(f"{_esc(e.path)}<font name=\"{fonts.MONO}\" size=\"7\" "
                                 f"color=\"{MUTED.hexval()}\">{_esc(sha)}</font>",
                                 st.small, markup=True))
        else:
            ev.append(self.P(self.L("r.no_evidence"), st.muted))
        if f.misstatements:
            ev.append(self.P(self.L("r.linked_misstatements"), self.h2))
            ev += [self.P(m, st.small) for m in f.misstatements]
        keep.append(KeepTogether(ev))
        keep.append(Spacer(1, 9))
        return keep

    def rounds(self, rounds: Sequence[RoundRow]) -> Flowable:
        st = self.st
        if not rounds:
            return self.P(self.L("r.no_rounds"), st.muted)
        rows, extra = [], []
        for i, r in enumerate(rounds, start=1):
            response = [self.P(r.client_response or self.L("r.no_response"), st.cell)]
            if r.responded_at:
                response.append(self.P(_fmt_when(r.responded_at), self.cell_muted))
            if r.assessment is None:
                assessment = [self.P("—", st.cell)]
                outcome, fg = self.L("r.pending"), STATUS_COLOURS["warn"][1]
            else:
                assessment = [self.P(r.assessment, st.cell),
                              self.P(self.L("r.by_at", by=r.assessed_by or "—",
                                            at=_fmt_when(r.assessed_at)), self.cell_muted)]
                ok = bool(r.accepted)
                outcome = self.L("r.accepted" if ok else "r.not_accepted")
                fg = STATUS_COLOURS["pass" if ok else "fail"][1]
            rows.append([
                self.P(str(r.n), ParagraphStyle("rrn", parent=st.cell_bold,
                                                alignment=TA_CENTER)),
                response,
                assessment,
                self.P(outcome, ParagraphStyle("rro", parent=st.cell_bold, textColor=fg)),
            ])
            if i % 2 == 0:
                extra.append(("BACKGROUND", (0, i), (-1, i), TINT))
        return self.grid([self.L(k) for k in ("r.col.round", "r.col.response",
                                              "r.col.assessment", "r.col.outcome")],
                         rows, [0.08, 0.38, 0.38, 0.16], extra=extra)

    # ------------------------------------------------------------------ figures
    def recalculation(self) -> list[Flowable]:
        rc: Recalculation = self.doc.recalculation
        st = self.st
        out: list[Flowable] = [self.heading(self.L("r.recalc"))]
        if not rc.rows and not rc.checks:
            return [*out, self.P(self.L("r.no_recalc"), st.body)]
        if rc.rows:
            rows, extra = [], []
            for i, r in enumerate(rc.rows, start=1):
                strong = r.kind in ("result", "footprint")
                name_style = st.cell_bold if strong or r.kind == "line" else st.cell
                if r.kind == "result":
                    name = self.L("r.recalc.result")
                elif r.kind == "footprint":
                    name = self.L("r.recalc.footprint")
                elif r.kind == "source":
                    name = self.L("r.recalc.source", name=r.name)
                else:
                    name = r.name
                if r.unit:
                    name += f"（{r.unit}）" if self.lang == "zh-TW" else f" ({r.unit})"
                cell = [self.P(name, name_style)]
                if r.formula:
                    cell.append(self.P(r.formula, self.cell_mono))
                num = st.cell_right_bold if strong else st.cell_right
                rows.append([
                    cell,
                    self.P(_fmt_num(r.claimed), num),
                    self.P(_fmt_num(r.recomputed), num),
                    self.P(_fmt_num(r.difference), num),
                    self.P(_fmt_diff_pct(r.difference_pct), num),
                ])
                if strong:
                    extra += [("BACKGROUND", (0, i), (-1, i), TINT),
                              ("LINEABOVE", (0, i), (-1, i), 0.7, NAVY)]
            out.append(self.grid(
                [self.L(k) for k in ("r.col.line", "r.col.claimed", "r.col.recomputed",
                                     "r.col.difference", "r.col.pct")],
                rows, [0.4, 0.15, 0.15, 0.15, 0.15], extra=extra, right=(1, 2, 3, 4)))
            out.append(Spacer(1, 2))
            out.append(self.P(self.L("r.recalc_note"), st.muted))
        if rc.sources_checked is not None:
            out.append(self.P(self.L("r.sources_checked", n=rc.sources_checked), st.muted))
        if rc.sources_omitted:
            out.append(self.P(self.L("r.sources_omitted", n=rc.sources_omitted), st.muted))
        if rc.checks:
            out += [Spacer(1, 5), KeepTogether(self.checks_table(rc.checks, ""))]
        return out

    def misstatements(self) -> list[Flowable]:
        m: MisstatementEvaluation = self.doc.misstatements
        st = self.st
        out: list[Flowable] = [self.heading(self.L("r.misstatements"))]
        if not m.recorded:
            out.append(self.P(self.L("r.no_misstatements"), st.body))
        if not m.evaluated:
            if m.recorded:
                out.append(self.misstatement_grid(m, []))
            out.append(self.P(self.L("r.not_evaluated"), st.body))
            if m.message:
                out.append(self.P(m.message, st.muted))
            return out
        pct = m.aggregate_pct
        total = _fmt_num(m.reported_total_tco2e)
        agg_text = self.L("r.ms.aggregate")
        if pct is not None and m.reported_total_tco2e is not None:
            agg_text += ("，" if self.lang == "zh-TW" else " = ") + self.L(
                "r.ms.aggregate_pct", pct=_fmt_diff_pct(pct), total=total)
        if m.threshold_pct is None:
            thr_text = None
        elif m.reported_total_tco2e is not None:
            thr_text = self.L("r.ms.threshold", pct=_fmt_pct(m.threshold_pct), total=total)
        else:
            thr_text = self.L("r.ms.threshold_only", pct=_fmt_pct(m.threshold_pct))
        if pct is None or m.material is None:  # never "below threshold" when not weighed
            verdict, colour = self.L("r.ms.not_weighed"), STATUS_COLOURS["warn"][1]
        elif m.material:
            verdict, colour = self.L("r.ms.material"), STATUS_COLOURS["fail"][1]
        else:
            verdict, colour = self.L("r.ms.not_material"), STATUS_COLOURS["pass"][1]
        tail = [(agg_text, _fmt_num(m.aggregate_tco2e), True)]
        if thr_text:
            tail.append((thr_text, _fmt_num(m.threshold_tco2e), False))
        out.append(self.misstatement_grid(m, tail, verdict, colour))
        return [KeepTogether(out)]  # the verdict never on a page of its own

    def misstatement_grid(self, m: MisstatementEvaluation, tail: list[tuple[str, str, bool]],
                          verdict: str | None = None, colour=None) -> _Table:
        st = self.st
        rows: list[list] = []
        label = check_label(self.lang, "recalc.result", "")
        if m.recalculation_tco2e is not None:
            rows.append([self.P(self.L("r.ms.recalculation"), st.cell),
                         self.P(label, st.cell), self.P("—", st.cell),
                         self.P(_fmt_num(m.recalculation_tco2e), st.cell_right)])
        if m.footprint_tco2e is not None:
            rows.append([self.P(self.L("r.ms.footprint"), st.cell),
                         self.P(check_label(self.lang, "coverage.reported", ""), st.cell),
                         self.P("—", st.cell),
                         self.P(_fmt_num(m.footprint_tco2e), st.cell_right)])
        for x in m.recorded:
            rows.append([self.P(f"#{x.number} {x.description}", st.cell),
                         self.P(self.source(x.source), st.cell),
                         self.P(x.finding or "—", st.cell),
                         self.P(_fmt_num(x.amount_tco2e), st.cell_right)])
        extra: list[tuple] = []
        first_tail = len(rows) + 1
        for text, value, strong in tail:
            rows.append([self.P(text, st.cell_bold if strong else st.cell), "", "",
                         self.P(value, st.cell_right_bold if strong else st.cell_right)])
            i = len(rows)
            extra += [("SPAN", (0, i), (2, i)), ("BACKGROUND", (0, i), (-1, i), TINT)]
        if verdict:
            rows.append([self.P(verdict, ParagraphStyle("rv", parent=st.cell_bold,
                                                        textColor=colour)), "", "", ""])
            i = len(rows)
            extra += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), TINT)]
        if tail:
            extra.append(("LINEABOVE", (0, first_tail), (-1, first_tail), 0.8, NAVY))
        return self.grid([self.L(k) for k in ("r.col.misstatement", "r.col.source",
                                              "r.col.finding", "r.col.tco2e")],
                         rows, [0.5, 0.2, 0.12, 0.18], extra=extra, right=(3,))

    # ------------------------------------------------------------------ signatures, annex
    def signatures(self, sigs: Sequence[SignatureRow]) -> list[Flowable]:
        st = self.st
        out: list[Flowable] = [self.heading(self.L("r.signatures"))]
        if not sigs:
            return [*out, self.P(self.L("r.no_signatures"), st.body)]
        rows = [[
            self.P(s.printed_name, st.cell_bold),
            self.P(rlabel_or(self.lang, f"role.{s.role}", s.role), st.cell),
            self.P(rlabel_or(self.lang, f"meaning.{s.meaning}", s.meaning), st.cell),
            self.P(_fmt_utc(s.signed_at_utc), st.cell),
            Paragraph(_sha_lines(s.certificate_sha256 or "—"), self.sha),
        ] for s in sigs]
        out.append(self.grid([self.L(k) for k in ("r.col.name", "r.col.role", "r.col.meaning",
                                                  "r.col.signed", "r.col.cert_sha")],
                             rows, [0.17, 0.16, 0.15, 0.23, 0.29]))
        return out

    def fingerprint_block(self) -> _Table:
        st = self.st
        return fingerprint_table(self.doc.fingerprint, self.P(self.L("fingerprint"), st.label),
                                 self.P(self.L("r.fingerprint_text"), st.muted), st.mono, 24)

    def annex(self) -> list[Flowable]:
        d, st = self.doc, self.st
        out: list[Flowable] = [self.heading(self.L("r.annex")),
                               self.P(self.L("r.annex_text"), st.body)]
        out.append(self.P(self.L("r.annex_files"), self.h2))
        if d.source_files:
            rows = [[
                self.P(f.path, st.cell),
                self.P(rlabel_or(self.lang, f"fr.{f.role}", f.role or "—"), st.cell),
                self.P(_fmt_size(f.size), st.cell_right),
                Paragraph(_sha_lines(f.sha256), self.sha),
            ] for f in d.source_files]
            out.append(self.grid([self.L(k) for k in ("r.col.path", "r.col.file_role",
                                                      "r.col.size", "r.col.sha")],
                                 rows, [0.38, 0.18, 0.12, 0.32], right=(2,)))
        else:
            out.append(self.P(self.L("r.none"), st.body))
        out.append(self.P(self.L("r.annex_evidence"), self.h2))
        if d.evidence:
            rows = [[
                self.P(e.path, st.cell),
                self.P(e.media_type or "—", st.cell),
                self.P(_fmt_size(e.size), st.cell_right),
                Paragraph(_sha_lines(e.sha256), self.sha),
            ] for e in d.evidence]
            out.append(self.grid([self.L(k) for k in ("r.col.path", "r.col.media",
                                                      "r.col.size", "r.col.sha")],
                                 rows, [0.38, 0.18, 0.12, 0.32], right=(2,)))
        else:
            out.append(self.P(self.L("r.none"), st.body))
        return out

    # ------------------------------------------------------------------ story
    def story(self) -> list[Flowable]:
        d, st = self.doc, self.st
        s: list[Flowable] = [self.band(), Spacer(1, 8)]
        if d.draft:
            s += [self.draft_notice(), Spacer(1, 6)]
        s += [self.facts(), Spacer(1, 4), self.P(self.L("r.companion"), st.muted)]
        s += self.team()
        s += self.means()
        s += self.sampling()
        if d.planning is not None:
            from desktop.report.planning_pdf import planning_section

            s += [CondPageBreak(160), *planning_section(self, d.planning)]
        s += self.findings()
        s += [CondPageBreak(120), *self.recalculation()]
        if d.investment is not None:
            from desktop.report.investment_pdf import investment_section

            s += [CondPageBreak(200), *investment_section(self, d.investment)]
        if d.exante_checks:
            from desktop.report.exante_pdf import exante_section

            s += [CondPageBreak(200), *exante_section(self, d.exante_checks, d.lang)]
        s += [CondPageBreak(120), *self.misstatements()]
        if d.notes:
            s.append(self.heading(self.L("notes")))
            s += [self.P(n, st.body) for n in d.notes]
        s += [CondPageBreak(160), *self.signatures(d.signatures), Spacer(1, 8),
              KeepTogether(self.fingerprint_block())]
        s += [PageBreak(), *self.annex()]
        return s


# --------------------------------------------------------------------------- pages
def _page_decorator(doc: ReportDocument):
    """The report's page furniture: the opinion's (:func:`pdf.page_furniture`)."""
    lang = doc.lang
    title = rlabel(lang, _report_key(doc.engagement_type))
    subject = doc.title_zh if lang == "zh-TW" and doc.title_zh else doc.title
    draft = rlabel(lang, "r.draft") if doc.draft else None
    return page_furniture(lang, doc.fingerprint, f"{title} · {subject}", doc.subject_id,
                          draft)


def _build(doc: ReportDocument) -> tuple[bytes, int]:
    buf = io.BytesIO()
    builder = _ReportBuilder(doc)
    title = f"{builder.title()}: {doc.title}"
    if doc.title_zh:
        title += f"（{doc.title_zh}）"
    template = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=doc.verifier_body,
        subject=(f"{doc.subject_id} · {doc.title} · {builder.title()} · "
                 f"{_fmt_date(doc.period_start)}–{_fmt_date(doc.period_end)}"),
        creator=CREATOR,
        keywords=f"VeriDesk; fingerprint={doc.fingerprint}",
        lang="zh-TW" if doc.lang == "zh-TW" else "en",
        initialFontName=fonts.REGULAR,
        invariant=1,
        initialFontSize=9,
    )
    on_page, on_page_end, page_footer = _page_decorator(doc)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate("page", [frame], onPage=on_page,
                                            onPageEnd=on_page_end)])
    template.build(builder.story(),
                   canvasmaker=_canvas_class(doc.fingerprint, doc.generated_at_utc,
                                             page_footer=page_footer))
    return buf.getvalue(), template.page


def render_report(doc: ReportDocument) -> bytes:
    """The verification report as PDF bytes (A4, embedded font subset, the engagement
    fingerprint in the footer, the text and the information dictionary)."""
    if not re.fullmatch(r"[0-9A-Fa-f]{16,128}", doc.fingerprint or ""):
        raise ValueError("the fingerprint must be a hex digest (16-128 hex digits)")
    data, _ = _build(doc)
    return data


__all__ = ["render_report"]
