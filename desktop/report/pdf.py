"""Render an :class:`~desktop.report.opinion.OpinionDocument` as a PDF (reportlab platypus).

A4, one embedded TrueType font (subset) for English and Traditional Chinese, the engagement
fingerprint in the text, as a QR code and in the document information dictionary
(``/VeriDeskFingerprint``, read back by :func:`desktop.report.pades.extract_fingerprint`).

The document is laid out once. The canvas keeps each finished page (its state, including
the content stream) instead of writing it out; at ``save`` it knows the total and replays
the pages, drawing "Page X of Y" on each before handing it to reportlab
(:func:`_canvas_class`, the "NumberedCanvas" technique).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib import textsplit as rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.rl_config import _FUZZ

from desktop.report import fonts
from desktop.report.labels import LABELS, label, label_or
from desktop.report.opinion import (
    CheckRow,
    CoverageChartData,
    CreditRow,
    FindingRow,
    MisstatementRow,
    OpinionDocument,
    SignatureRow,
    StatementRow,
)
from desktop.report.wording import Wording, wording

#: Keys of the document information dictionary: the engagement fingerprint, and whether
#: the document is a draft (not signed by everyone required): "true" or "false".
FINGERPRINT_INFO_KEY = "VeriDeskFingerprint"
DRAFT_INFO_KEY = "VeriDeskDraft"
CREATOR = "VeriDesk"

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
FOOTER_Y = 10 * mm  # baseline of the footer line

# A sober palette: navy for structure, status colours only where they carry meaning.
NAVY = colors.HexColor("#1F3A5F")
NAVY_LIGHT = colors.HexColor("#E8EDF4")
RULE = colors.HexColor("#9AA8BA")
GRID = colors.HexColor("#C9D1DC")
TEXT = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A6675")
STATUS_COLOURS = {  # status -> (background, text)
    "pass": (colors.HexColor("#E2F0E5"), colors.HexColor("#1D6631")),
    "fail": (colors.HexColor("#F7DEDE"), colors.HexColor("#9E1C1C")),
    "warn": (colors.HexColor("#FBEFD3"), colors.HexColor("#7A5000")),
    "n/a": (colors.HexColor("#EDEFF2"), colors.HexColor("#555F6B")),
}
OPINION_COLOURS = {
    "unmodified": colors.HexColor("#1D6631"),
    "modified": colors.HexColor("#7A5000"),
    "adverse": colors.HexColor("#9E1C1C"),
    "disclaimer": colors.HexColor("#5A6675"),
}
SELF_RED = colors.HexColor("#B3261E")
SELF_BG = colors.HexColor("#FDECEA")
BAR_IN = colors.HexColor("#3F6E9E")
BAR_OUT = colors.HexColor("#C4CCD6")
BAR_LARGEST = colors.HexColor("#1F3A5F")
CUM_LINE = colors.HexColor("#C0601A")
LINE95 = colors.HexColor("#9E1C1C")

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


# Full-width punctuation that must not start a line in Traditional Chinese. reportlab's
# CJK wrap knows the Japanese set (、。」…) but not ，；：！？, so a comma could begin a line;
# added once, process-wide (additive: only affects CJK wrapping).
_CANNOT_START_ZH = "，；：！？）》〉』」％"


# Opening brackets and quotes must not end a line: they go with what they open. reportlab
# knows the set (textsplit.ALL_CANNOT_END) but its CJK wrap never uses it.
_CANNOT_END_ZH = "（〈《「『【〔［｛‘“(["

#: The no-break space: glues a number to its unit, a standard's name to its number.
NBSP = "\u00a0"


def _break_category(ch: str) -> str:
    """``unicodedata.category`` for reportlab's CJK wrap, which breaks a Latin run at any
    space separator (Zs): the no-break space (also Zs) is glue there, as everywhere else."""
    return "Cf" if ch == NBSP else unicodedata.category(ch)


def _cjk_split(word: str, widths: Sequence[float], maxWidths) -> list[list]:
    """reportlab's ``textsplit.dumbSplit`` (the CJK line breaker of a one-fragment paragraph)
    with Chinese rules more: a no-break space is not a break; a line never ends with an
    opening bracket or quote (「（… go to the next line with what they open); and a line
    never starts with a closing mark (，。」）…) - reportlab hangs one at the end of the line,
    a second one (「）。」) takes the word before it to the next line.

    As in reportlab: fill the line character by character; on overflow inside a Latin run,
    go back to a space or a CJK character and break after it - at most three quarters of
    the line's width back (reportlab: half its characters, so that "ISO 14064-3:2019"
    after a few CJK characters was cut in two); a longer word is cut.
    """
    cannot_start, cannot_end = rl_textsplit.ALL_CANNOT_START, rl_textsplit.ALL_CANNOT_END
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    lines: list[list] = []
    n = len(word)
    i = used = start = 0
    max_width = maxWidths[0]
    while i < n:
        c = word[i]
        used += widths[i]
        i += 1
        if used > max_width + _FUZZ and used > 0:
            if ord(c) < 0x3000:  # inside a Latin run: back to a space or a CJK character
                carried = 0.0
                for j in range(i - 1, start, -1):
                    cj = word[j]
                    if (_break_category(cj) == "Zs" or ord(cj) >= 0x3000) and j + 1 < i:
                        i, c = j + 2, word[j + 1]
                        break
                    carried += widths[j]
                    if carried > max_width * 0.75:  # a very long word: cut it
                        break
            if c not in cannot_start and i > start + 1:  # push the character back
                i -= 1
            while i > start + 1:
                if word[i - 1] in cannot_end:
                    i -= 1
                elif i < n and word[i] in cannot_start:
                    i -= 1  # and the rest of a Latin word with it
                    while (i > start + 1 and ord(word[i]) < 0x3000
                           and ord(word[i - 1]) < 0x3000
                           and _break_category(word[i - 1]) != "Zs"):
                        i -= 1
                else:
                    break
            lines.append([max_width - sum(widths[start:i]), word[start:i].strip()])
            max_width = maxWidths[min(len(lines), len(maxWidths) - 1)]
            start = i
            used = 0
    if used > 0:
        lines.append([max_width - used, word[start:]])
    return lines


def _extend_kinsoku() -> None:
    """Install the Chinese line-breaking rules in reportlab's CJK wrap, once per process
    (they only affect paragraphs with ``wordWrap="CJK"``)."""
    from reportlab.platypus import paragraph as rl_paragraph

    for module in (rl_textsplit, rl_paragraph):  # one-fragment and many-fragment wrapping
        missing = "".join(c for c in _CANNOT_START_ZH if c not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing
    missing = "".join(c for c in _CANNOT_END_ZH if c not in rl_textsplit.ALL_CANNOT_END)
    if missing:
        rl_textsplit.ALL_CANNOT_END += missing
    rl_textsplit.dumbSplit = _cjk_split  # called by wordSplit (one fragment)
    rl_paragraph.category = _break_category  # used by cjkFragSplit (several fragments)


_extend_kinsoku()


# Tokens that must not be split across lines: a number and its unit ("150 t", "0.69 %",
# "0.494 kgCO2e/kWh"), a comparison and its number ("≥ 1,242.30", "> 50 %"), a standard's
# name and its number ("ISO 14064-3:2019", "PAS 2060") and a command in backquotes
# ("`veridesk verify`"): the space inside becomes a no-break space.
_UNIT = (r"(?:%|‰|[kMG]?tCO2e|tCO₂e|kgCO2e|[kMGT]?Wh|[kMG]W|[kMGT]J|kg|t|g|m³|m3|km|L|°C)"
         r"(?![\w])")
_GLUE = (
    (re.compile(rf"(?<=\d) (?={_UNIT})"), NBSP),
    (re.compile(r"(?:(?<=[≥≤±×≈~<>])|(?<=&gt;)|(?<=&lt;)) (?=[-+]?[\d.,]*\d)"), NBSP),
    (re.compile(r"(?<![A-Za-z0-9/-])(ISO|IEC|PAS|CNS|ISAE|IFRS|EN|BS|GB/T) (?=\d)"),
     "\\1" + NBSP),
)
_BACKQUOTED = re.compile(r"`[^`\n<>]{1,40}`")
_TAG = re.compile(r"(<[^>]*>)")


def _keep_together(text: str) -> str:
    """``text`` with no-break spaces inside the tokens that must stay on one line."""
    if " " not in text:
        return text
    for pattern, glue in _GLUE:
        text = pattern.sub(glue, text)
    return _BACKQUOTED.sub(lambda m: m.group(0).replace(" ", NBSP), text)


def _keep_together_markup(markup: str) -> str:
    """:func:`_keep_together` for paragraph markup: only the text between tags."""
    parts = _TAG.split(markup)
    return "".join(p if i % 2 else _keep_together(p) for i, p in enumerate(parts))


# --------------------------------------------------------------------------- canvas
class _Text(PDFTextObject):
    """A text object that strokes glyphs set in the fake-bold font (render mode 2)."""

    def __init__(self, canvas, x=0, y=0, direction=None):
        super().__init__(canvas, x, y, direction=direction)
        self._vd_bold = False
        self._vd_touched = False
        self._vd_weight(self._fontname, self._fontsize)

    def _vd_fill(self):
        return getattr(self, "_fillColorObj", None) or self._canvas._fillColorObj

    def _vd_weight(self, name, size):
        bold = fonts.is_bold(name)
        if bold:
            width = max(size * fonts.BOLD_STROKE, 0.1)
            self._code.append(f"2 Tr {width:.3f} w")
            super().setStrokeColor(self._vd_fill())
            self._vd_touched = True
        elif self._vd_bold:
            self._code.append("0 Tr")
        self._vd_bold = bold

    def setFont(self, psfontname, size, leading=None):
        super().setFont(psfontname, size, leading)
        self._vd_weight(psfontname, size)

    def _setFont(self, psfontname, size):
        super()._setFont(psfontname, size)
        self._vd_weight(psfontname, size)

    def setFillColor(self, aColor, alpha=None):
        super().setFillColor(aColor, alpha)
        if self._vd_bold:
            super().setStrokeColor(aColor, alpha)

    def getCode(self):
        if self._vd_touched:
            # Text state and line width outlive ET: give the canvas back what it expects.
            canv = self._canvas
            self._code.append(f"0 Tr {canv._lineWidth} w")
            super().setStrokeColor(canv._strokeColorObj)
        return super().getCode()


class _Info(pdfdoc.PDFInfo):
    """The document information dictionary plus ``/VeriDeskFingerprint``."""

    fingerprint = ""
    draft = False

    def format(self, document):
        entries = {
            "Title": pdfdoc.PDFString(self.title),
            "Author": pdfdoc.PDFString(self.author),
            "Subject": pdfdoc.PDFString(self.subject),
            "Keywords": pdfdoc.PDFString(self.keywords),
            "Creator": pdfdoc.PDFString(self.creator),
            "Producer": pdfdoc.PDFString(self.producer),
            FINGERPRINT_INFO_KEY: pdfdoc.PDFString(self.fingerprint),
            # "true" until both signatures exist: verify refuses a draft
            DRAFT_INFO_KEY: pdfdoc.PDFString("true" if self.draft else "false"),
            "Trapped": pdfdoc.PDFName(self.trapped),
        }
        date = pdfdoc.PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries["CreationDate"] = entries["ModDate"] = date
        return pdfdoc.PDFDictionary(entries).format(document)


def _timestamp(when: datetime) -> TimeStamp:
    """reportlab's creation/modification date, set to the document's generation time."""
    when = (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    ts = TimeStamp(invariant=True)
    ts.t = when.timestamp()
    ts.lt = when.timetuple()
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.tzname, ts.dhh, ts.dmm = "UTC", 0, 0
    return ts


#: Draws the page number on a finished page: ``footer(canvas, page, total_pages)``.
PageFooter = Callable[[Canvas, int, int], None]


def _canvas_class(fingerprint: str, generated_at: datetime, draft: bool = False,
                  page_footer: PageFooter | None = None):
    """The canvas class for ``BaseDocTemplate.build(canvasmaker=...)``.

    It writes the fingerprint and the draft flag into the information dictionary and takes
    the dates from ``generated_at`` (same document, same bytes). With ``page_footer``, pages
    are held back until ``save``: ``showPage`` keeps the page's state (its content stream
    and resources) and starts a fresh page; ``save`` then replays every page, calls
    ``page_footer(canvas, page, total)`` on it and only then emits it, so the document is
    laid out once and still says "Page X of Y".
    """

    class _OpinionCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            info = _Info()
            info.__dict__.update(self._doc.info.__dict__)
            info.fingerprint = fingerprint
            info.draft = draft
            self._doc.info = info
            # Same document, same bytes: dates come from the document, the file ID from a
            # digest of the content (reportlab's invariant mode).
            self._doc._timeStamp = _timestamp(generated_at)
            self._vd_pages: list[dict] = []

        def beginText(self, x=0, y=0, direction=None):
            return _Text(self, x, y, direction=direction)

        def showPage(self):
            if page_footer is None:
                super().showPage()
                return
            # Keep the finished page (a shallow copy: _startPage gives the canvas new
            # accumulators, so the kept ones are not touched again) and begin the next.
            self._vd_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            if page_footer is not None:
                if self._code:  # an unfinished last page
                    self.showPage()
                pages, total = self._vd_pages, len(self._vd_pages)
                for state in pages:
                    self.__dict__.update(state)
                    page_footer(self, self._pageNumber, total)
                    Canvas.showPage(self)
                pages.clear()
            super().save()

    return _OpinionCanvas


def _drawing(*args, **kwargs) -> Drawing:
    """A Drawing whose default font is ours (reportlab's graphics default is Helvetica)."""
    d = Drawing(*args, **kwargs)
    d.initialFontName = fonts.REGULAR
    return d


class _Table(Table):
    """A table whose cells never fall back to Helvetica (reportlab sets a font per cell)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)]))


# --------------------------------------------------------------------------- styles
class _Styles:
    def __init__(self, lang: str):
        regular, bold, mono = fonts.register_fonts()
        self.lang = lang
        cjk = lang == "zh-TW"
        base = {"fontName": regular, "textColor": TEXT, "wordWrap": "CJK" if cjk else None}

        def style(name: str, **kw) -> ParagraphStyle:
            return _hang_room(ParagraphStyle(name, **{**base, **kw}))

        self.body = style("body", fontSize=9, leading=13.5, spaceAfter=4)
        self.small = style("small", fontSize=7.8, leading=11)
        self.muted = style("muted", fontSize=7.8, leading=11, textColor=MUTED)
        self.cell = style("cell", fontSize=8.2, leading=11.2)
        self.cell_bold = style("cellb", fontName=bold, fontSize=8.2, leading=11.2)
        self.cell_right = style("cellr", fontSize=8.2, leading=11.2, alignment=TA_RIGHT)
        self.cell_right_bold = style(
            "cellrb", fontName=bold, fontSize=8.2, leading=11.2, alignment=TA_RIGHT
        )
        self.th = style("th", fontName=bold, fontSize=8.2, leading=11.2, textColor=NAVY)
        self.th_right = style(
            "thr", fontName=bold, fontSize=8.2, leading=11.2, textColor=NAVY, alignment=TA_RIGHT
        )
        self.label = style("label", fontName=bold, fontSize=8.4, leading=11.6, textColor=NAVY)
        self.value = style("value", fontSize=8.6, leading=11.8)
        self.h1 = style(
            "h1", fontName=bold, fontSize=11.5, leading=15, textColor=NAVY,
            spaceBefore=10, spaceAfter=5, keepWithNext=1,
        )
        self.band_kind = style(
            "bandk", fontName=bold, fontSize=9, leading=12, textColor=colors.HexColor("#C9D6E8")
        )
        self.band_title = style(
            "bandt", fontName=bold, fontSize=15.5, leading=20, textColor=colors.white
        )
        self.band_sub = style(
            "bands", fontName=regular, fontSize=12, leading=16, textColor=colors.white,
            wordWrap="CJK",
        )
        self.band_right = style(
            "bandr", fontSize=8.4, leading=11.5, textColor=colors.white, alignment=TA_RIGHT
        )
        self.opinion_kind = style("okind", fontName=bold, fontSize=13, leading=17)
        self.opinion_text = style("otext", fontSize=9.6, leading=14.5, spaceAfter=3)
        self.self_title = style(
            "selft", fontName=bold, fontSize=15, leading=19, textColor=SELF_RED,
            alignment=TA_CENTER,
        )
        self.self_text = style("selfx", fontSize=8.6, leading=12, alignment=TA_CENTER)
        self.draft_text = style(
            "draftx", fontName=bold, fontSize=9, leading=12, textColor=SELF_RED,
            alignment=TA_CENTER,
        )
        self.mono = style("mono", fontName=mono, fontSize=8.6, leading=12, wordWrap=None)
        self.mono_small = style("monos", fontName=mono, fontSize=7.2, leading=10, wordWrap=None)
        self.caption = style("caption", fontSize=7.8, leading=11, textColor=MUTED)

    def cjk_aware(self, s: ParagraphStyle, text: str) -> ParagraphStyle:
        """English documents still wrap Chinese runs (titles, client names) correctly."""
        if s.wordWrap != "CJK" and _CJK.search(text or "") and s.fontName != fonts.MONO:
            return _hang_room(ParagraphStyle(s.name + "-cjk", parent=s, wordWrap="CJK"))
        return s


def _hang_room(ps: ParagraphStyle) -> ParagraphStyle:
    """CJK wrapping lets a closing mark (，。」) hang past the line end by up to one em: keep
    that em inside the frame or cell so nothing sticks out."""
    if ps.wordWrap == "CJK" and ps.alignment in (TA_LEFT, TA_JUSTIFY) and not ps.rightIndent:
        ps.rightIndent = ps.fontSize
    return ps


# --------------------------------------------------------------------------- helpers
def _fmt_num(value: float | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:,.{places}f}"


def _fmt_pct(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _fmt_date(value: date) -> str:
    return value.isoformat()


def _fmt_utc(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _esc(text: object) -> str:
    return escape(str(text)).replace("\n", "<br/>")


class _Builder:
    def __init__(self, doc: OpinionDocument):
        self.doc = doc
        self.lang = doc.lang
        self.st = _Styles(doc.lang)

    # label shortcuts
    def L(self, key: str, **values: object) -> str:
        return label(self.lang, key, **values)

    def P(self, text: str, style: ParagraphStyle, *, markup: bool = False) -> Paragraph:
        content = _keep_together_markup(text) if markup else _esc(_keep_together(text))
        return Paragraph(content, self.st.cjk_aware(style, text))

    def _colon(self) -> str:
        return "：" if self.lang == "zh-TW" else ": "

    def heading(self, key: str) -> Paragraph:
        return self.P(self.L(key), self.st.h1)

    # ------------------------------------------------------------------ parts
    @property
    def wording(self) -> Wording | None:
        """The statement's wording for this engagement type, level and language."""
        try:
            return wording(self.doc.engagement_type, self.doc.level_of_assurance, self.lang)
        except ValueError:  # an engagement type without wording: the labels' fallbacks
            return None

    def document_title(self) -> str:
        w = self.wording
        return w.title if w else self.L(_doc_key(self.doc.engagement_type))

    def _title_in(self, lang: str) -> str:
        try:
            return wording(self.doc.engagement_type, self.doc.level_of_assurance, lang).title
        except ValueError:
            return label(lang, _doc_key(self.doc.engagement_type))

    def conclusion(self) -> str:
        """The conclusion sentence for the recorded opinion, in the statement's wording."""
        d = self.doc
        subject = d.title_zh if (self.lang == "zh-TW" and d.title_zh) else d.title
        w = self.wording
        if w is None:
            if d.opinion_kind == "unmodified":
                limited = d.level_of_assurance == "limited"
                key = "os.unmodified.limited" if limited else "os.unmodified.reasonable"
            else:
                key = f"os.{d.opinion_kind}"
            return self.L(key, client=d.client, subject=subject)
        sep = "、" if self.lang == "zh-TW" else "; "
        total = (f"{_fmt_num(d.reported_total_tco2e)} tCO2e"
                 if d.reported_total_tco2e is not None else "—")
        materiality = f"{_fmt_pct(d.materiality_pct)} %"
        if d.reported_total_tco2e is not None:
            materiality += (f"（{_fmt_num(d.reported_total_tco2e * d.materiality_pct / 100)} "
                            "tCO2e）" if self.lang == "zh-TW" else
                            f" ({_fmt_num(d.reported_total_tco2e * d.materiality_pct / 100)} "
                            "tCO2e)")
        return w.conclusion(
            d.opinion_kind,
            client=d.client,
            subject=subject,
            period=self.L("period_value", start=_fmt_date(d.period_start),
                          end=_fmt_date(d.period_end)),
            criteria=sep.join(d.criteria) or "—",
            total=total,
            materiality=materiality,
            basis=d.opinion_basis,
        )

    def band(self) -> Table:
        d, st = self.doc, self.st
        other = "en" if self.lang == "zh-TW" else "zh-TW"
        # the document's name in both languages, one line each (a CJK name run on after
        # the English one would wrap a character or two onto a line of their own)
        left = [self.P(self.document_title(), st.band_kind)]
        if self.lang != "zh-TW":  # a Chinese document carries no English (its name too)
            left.append(self.P(self._title_in(other), st.band_kind))
        left.append(self.P(d.title, st.band_title))
        if d.title_zh:
            left.append(self.P(d.title_zh, st.band_sub))
        right = [
            self.P(self.L("issued_by"), st.band_right),
            self.P(d.verifier_body, ParagraphStyle("bb", parent=st.band_right,
                                                    fontName=fonts.BOLD, fontSize=9.5,
                                                    leading=13)),
            Spacer(1, 4),
            self.P(f"{self.L('subject_id')}{self._colon()}{d.subject_id}", st.band_right),
            self.P(f"{_fmt_date(d.period_start)} – {_fmt_date(d.period_end)}", st.band_right),
        ]
        t = _Table([[left, right]], colWidths=[FRAME_W * 0.66, FRAME_W * 0.34])
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 9),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ]))
        return t

    def self_notice(self) -> Table:
        st = self.st
        other = "zh-TW" if self.lang == "en" else "en"
        title = f"{self.L('self_banner')} · {label(other, 'self_banner')}"
        t = _Table(
            [[[self.P(title, st.self_title), Spacer(1, 2), self.P(self.L("self_banner_text"),
                                                                  st.self_text)]]],
            colWidths=[FRAME_W],
        )
        t.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 2, SELF_RED),
            ("BACKGROUND", (0, 0), (-1, -1), SELF_BG),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ]))
        return t

    def draft_notice(self) -> Table:
        w = self.wording
        text = w.draft_notice if w else self.L("draft_banner")
        t = _Table([[self.P(text, self.st.draft_text)]], colWidths=[FRAME_W])
        t.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 0.8, SELF_RED),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        return t

    def facts(self) -> Table:
        d, st = self.doc, self.st
        loa = label_or(self.lang, f"loa.{d.level_of_assurance}", d.level_of_assurance)
        if d.reported_total_tco2e is not None:
            materiality = self.L(
                "materiality_value_t",
                pct=_fmt_pct(d.materiality_pct),
                total=_fmt_num(d.reported_total_tco2e),
                threshold=_fmt_num(d.reported_total_tco2e * d.materiality_pct / 100),
                basis=label_or(self.lang, f"mb.{d.materiality_basis}", d.materiality_basis),
            )
        else:
            materiality = self.L(
                "materiality_value", pct=_fmt_pct(d.materiality_pct),
                basis=label_or(self.lang, f"mb.{d.materiality_basis}", d.materiality_basis)
            )
        if not d.title_zh:
            subject = d.title
        elif self.lang == "zh-TW":
            subject = f"{d.title}（{d.title_zh}）"
        else:
            subject = f"{d.title} ({d.title_zh})"
        rows: list[tuple[str, str]] = [
            ("subject", subject),
            ("subject_id", d.subject_id),
            ("engagement_type", label_or(self.lang, f"type.{d.engagement_type}",
                                         d.engagement_type)),
            ("client", d.client),
            ("verifier_body", d.verifier_body),
            *((("body_address", d.body_address),) if d.body_address else ()),
            *((("body_accreditation", d.body_accreditation),) if d.body_accreditation else ()),
            ("intended_users", "; ".join(d.intended_users) if self.lang == "en"
             else "、".join(d.intended_users)),
            ("boundary", d.boundary),
            ("period", self.L("period_value", start=_fmt_date(d.period_start),
                              end=_fmt_date(d.period_end))),
            ("criteria", "; ".join(d.criteria) if self.lang == "en" else "、".join(d.criteria)),
            *((("level_of_assurance", loa),)
              if self.wording is None or self.wording.level_of_assurance_applies else ()),
            ("materiality", materiality),
        ]
        if d.declaration:
            rows.append(("declaration", label_or(self.lang, f"decl.{d.declaration}",
                                                 d.declaration)))
        if d.attestation:
            rows.append(("attestation", self.L(f"att.{d.attestation}")))
        if d.team:
            sep = "、" if self.lang == "zh-TW" else "; "
            rows.append(("team", sep.join(
                f"{name}（{label_or(self.lang, f'role.{role}', role)}）" if self.lang == "zh-TW"
                else f"{name} ({label_or(self.lang, f'role.{role}', role)})"
                for name, role in d.team)))
        if d.issued_at:
            rows.append(("issued_at", d.issued_at))
        rows.append(("generated", _fmt_utc(d.generated_at_utc)))
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

    def opinion_box(self) -> Table:
        d, st = self.doc, self.st
        colour = OPINION_COLOURS[d.opinion_kind]
        kind_style = ParagraphStyle("ok2", parent=st.opinion_kind, textColor=colour)
        inner: list[Flowable] = [
            self.P(self.L("opinion"), ParagraphStyle("oh", parent=st.label, textColor=MUTED)),
            self.P(self.L(f"ok.{d.opinion_kind}"), kind_style),
            Spacer(1, 3),
            self.P(self.conclusion(), st.opinion_text),
        ]
        if d.opinion_basis:
            w = self.wording
            inner += [
                Spacer(1, 2),
                self.P(w.basis_intro[d.opinion_kind] if w else self.L("opinion_basis"),
                       st.label),
                self.P(d.opinion_basis, st.opinion_text),
            ]
        if d.opinion_overridden_reason:
            inner += [
                Spacer(1, 2),
                self.P(self.L("opinion_override"), st.label),
                self.P(d.opinion_overridden_reason, st.opinion_text),
            ]
        if not d.opinion_recorded:  # a draft never states an opinion nobody recorded
            inner = [
                self.P(self.L("opinion"), ParagraphStyle("oh", parent=st.label,
                                                         textColor=MUTED)),
                self.P(self.L("no_opinion"), st.opinion_text),
            ]
            colour = MUTED
        t = _Table([[Spacer(1, 0), inner]], colWidths=[5, FRAME_W - 5])
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (0, 0), colour),
            ("BACKGROUND", (1, 0), (1, 0), colors.HexColor("#F6F8FB")),
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), 0),
            ("LEFTPADDING", (1, 0), (1, 0), 12),
            ("RIGHTPADDING", (1, 0), (1, 0), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
        ]))
        return t

    def _grid(self, header: list[Flowable], rows: list[list[Flowable]], widths: Sequence[float],
              extra: Iterable[tuple] = ()) -> Table:
        t = _Table([header, *rows], colWidths=list(widths), repeatRows=1)
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

    def findings_table(self, findings: Sequence[FindingRow]) -> Flowable:
        st = self.st
        if not findings:
            return self.P(self.L("no_findings"), st.body)
        header = [self.P(self.L(k), st.th) for k in
                  ("col.ref", "col.type", "col.state", "col.item", "col.title")]
        rows = [[
            self.P(f.ref, st.cell_bold),
            self.P(label_or(self.lang, f"ft.{f.type}", f.type), st.cell),
            self.P(label_or(self.lang, f"fs.{f.state}", f.state), st.cell),
            self.P(f.item_ref or "—", st.cell),
            self.P(f.title, st.cell),
        ] for f in findings]
        w = FRAME_W
        # zh-TW: the type ("CAR 矯正措施要求") and the state ("委託者已回覆") on one line
        widths = ([0.1, 0.19, 0.14, 0.18, 0.39] if self.lang == "zh-TW"
                  else [0.11, 0.1, 0.14, 0.2, 0.45])
        return self._grid(header, rows, [w * f for f in widths])

    def misstatements_table(self, items: Sequence[MisstatementRow]) -> list[Flowable]:
        d, st = self.doc, self.st
        out: list[Flowable] = []
        header = [self.P(self.L("col.title"), st.th), self.P(self.L("col.source"), st.th),
                  self.P(self.L("col.amount"), st.th_right)]
        rows = [[self.P(m.description, st.cell),
                 self.P(label_or(self.lang, f"src.{m.source}", m.source or "—"), st.cell),
                 self.P(_fmt_num(m.amount_tco2e), st.cell_right)] for m in items]
        pct = d.aggregate_misstatement_pct
        if pct is None:  # no reported total to weigh against: never "below threshold"
            verdict, verdict_colour = self.L("not_weighed"), STATUS_COLOURS["warn"][1]
        else:
            material = pct >= d.materiality_pct
            verdict = self.L("above_threshold" if material else "below_threshold")
            verdict_colour = STATUS_COLOURS["fail" if material else "pass"][1]
        agg_text = (f"{self.L('aggregate')} — "
                    f"{self.L('aggregate_pct', pct=_fmt_pct(d.aggregate_misstatement_pct))}")
        rows.append([self.P(agg_text, st.cell_bold), Spacer(1, 0),
                     self.P(_fmt_num(d.aggregate_misstatement_tco2e), st.cell_right_bold)])
        threshold_t = (_fmt_num(d.reported_total_tco2e * d.materiality_pct / 100)
                       if d.reported_total_tco2e is not None else "—")
        rows.append([
            self.P(f"{self.L('threshold')}{self._colon()}{_fmt_pct(d.materiality_pct)} %"
                   f" — {verdict}",
                   ParagraphStyle("verdict", parent=st.cell_bold, textColor=verdict_colour)),
            Spacer(1, 0),
            self.P(threshold_t, st.cell_right),
        ])
        n = len(rows)
        w = FRAME_W
        out.append(self._grid(header, rows, [w * 0.6, w * 0.2, w * 0.2], extra=[
            ("SPAN", (0, n - 1), (1, n - 1)),
            ("SPAN", (0, n), (1, n)),
            ("LINEABOVE", (0, n - 1), (-1, n - 1), 0.8, NAVY),
            ("BACKGROUND", (0, n - 1), (-1, n), colors.HexColor("#F6F8FB")),
        ]))
        if not items:
            out.insert(0, self.P(self.L("no_misstatements"), st.body))
        return out

    def statement_table(self, rows: Sequence[StatementRow]) -> Flowable:
        st = self.st
        split = any(r.excluded_tco2e is not None for r in rows)
        keys = ("st.col.item", "st.col.included", "st.col.excluded") if split else (
            "st.col.item", "st.col.value")
        header = [self.P(self.L(k), st.th if i == 0 else st.th_right)
                  for i, k in enumerate(keys)]
        body = []
        for r in rows:
            text = st.cell_bold if r.strong else st.cell
            num = st.cell_right_bold if r.strong else st.cell_right
            line = [self.P(r.label, text), self.P(_fmt_num(r.value_tco2e), num)]
            if split:
                line.append(self.P(_fmt_num(r.excluded_tco2e), num))
            body.append(line)
        w = FRAME_W
        widths = [w * 0.56, w * 0.22, w * 0.22] if split else [w * 0.7, w * 0.3]
        return self._grid(header, body, widths)

    def credits_table(self, rows: Sequence[CreditRow]) -> Flowable:
        st = self.st
        registry = any(c.registry_status for c in rows)  # a registry export was compared
        keys = ("cr.registry", "cr.serial", "cr.quantity", "cr.vintage", "cr.beneficiary",
                "cr.retired_on", *(("cr.registry_status",) if registry else ()))
        header = [self.P(self.L(k), st.th_right if k == "cr.quantity" else st.th)
                  for k in keys]
        body = [[self.P(c.registry, st.cell), self.P(c.serial, st.cell),
                 self.P(_fmt_num(c.quantity, 0), st.cell_right), self.P(c.vintage, st.cell),
                 self.P(c.beneficiary, st.cell), self.P(c.retired_on, st.cell),
                 *((self.P(c.registry_status, st.cell),) if registry else ())]
                for c in rows]
        body.append([self.P(self.L("cr.total"), st.cell_bold), Spacer(1, 0),
                     self.P(_fmt_num(sum(c.quantity for c in rows), 0), st.cell_right_bold),
                     *[Spacer(1, 0)] * (len(keys) - 3)])
        w, n = FRAME_W, len(body)
        widths = ([w * 0.1, w * 0.3, w * 0.09, w * 0.09, w * 0.16, w * 0.12, w * 0.14]
                  if registry else [w * 0.11, w * 0.35, w * 0.1, w * 0.1, w * 0.2, w * 0.14])
        return self._grid(header, body, widths,
                          extra=[("SPAN", (0, n), (1, n)),
                                 ("LINEABOVE", (0, n), (-1, n), 0.8, NAVY)])

    def checks_table(self, checks: Sequence[CheckRow]) -> Flowable:
        st = self.st
        if not checks:
            return self.P(self.L("no_checks"), st.body)
        header = [self.P(self.L(k), st.th) for k in ("col.code", "col.status", "col.message")]
        rows, extra = [], []
        for i, c in enumerate(checks, start=1):
            bg, fg = STATUS_COLOURS[c.status]
            rows.append([
                self.P(label_or(self.lang, f"check.{c.code}", c.code), st.cell),
                self.P(label_or(self.lang, f"cs.{c.status}", c.status),
                       ParagraphStyle("cs", parent=st.cell_bold, textColor=fg,
                                      alignment=TA_CENTER)),
                self.P(c.message, st.cell),
            ])
            extra.append(("BACKGROUND", (1, i), (1, i), bg))
        w = FRAME_W
        return self._grid(header, rows, [w * 0.25, w * 0.12, w * 0.63], extra=extra)

    def signatures(self, sigs: Sequence[SignatureRow]) -> list[Flowable]:
        st = self.st
        if not sigs:
            return [self.P(self.L("no_signatures"), st.body)]
        out: list[Flowable] = [self.P(self.L("signatures_bound"), st.muted), Spacer(1, 4)]
        for s in sigs:
            role = label_or(self.lang, f"role.{s.role}", s.role)
            meaning = label_or(self.lang, f"meaning.{s.meaning}", s.meaning)
            cert = s.certificate_subject or self.L("sig.no_cert")
            rows = [
                [self.P(self.L("sig.name"), st.label),
                 self.P(s.printed_name, ParagraphStyle("sn", parent=st.value,
                                                       fontName=fonts.BOLD, fontSize=10.5,
                                                       leading=14))],
                [self.P(self.L("sig.role"), st.label), self.P(role, st.value)],
                [self.P(self.L("sig.meaning"), st.label), self.P(meaning, st.value)],
                [self.P(self.L("sig.time"), st.label), self.P(_fmt_utc(s.signed_at_utc),
                                                              st.value)],
                [self.P(self.L("sig.cert"), st.label), self.P(cert, st.value)],
            ]
            if s.certificate_sha256:
                rows.append([self.P(self.L("sig.cert_sha"), st.label),
                             self.P(s.certificate_sha256, st.mono_small)])
            t = _Table(rows, colWidths=[FRAME_W * 0.24, FRAME_W * 0.76])
            t.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.7, RULE),
                ("LINEBEFORE", (0, 0), (0, -1), 3, NAVY),
                ("BACKGROUND", (0, 0), (0, -1), NAVY_LIGHT),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 7),
            ]))
            out += [KeepTogether(t), Spacer(1, 6)]
        return out

    def fingerprint_block(self) -> Table:
        st = self.st
        return fingerprint_table(self.doc.fingerprint, self.P(self.L("fingerprint"), st.label),
                                 self.P(self.L("fingerprint_text"), st.muted), st.mono, 26)

    # ------------------------------------------------------------------ story
    def story(self) -> list[Flowable]:
        d, st = self.doc, self.st
        s: list[Flowable] = [self.band(), Spacer(1, 8)]
        if d.draft:
            s += [self.draft_notice(), Spacer(1, 6)]
        if d.self_validated:
            s += [self.self_notice(), Spacer(1, 8)]
        s += [self.facts(), Spacer(1, 10), self.opinion_box()]
        w = self.wording
        if w is not None:
            s += [self.heading("objective"), self.P(w.objective, st.body),
                  self.heading("responsibilities"),
                  self.P(w.responsibility_client, st.body),
                  self.P(w.responsibility_verifier, st.body)]
        if d.statement:
            key = "statement.validation" if d.engagement_type == "validation" else "statement"
            s += [self.heading(key), self.statement_table(d.statement)]
        if d.credits:
            s += [self.heading("credits"), self.credits_table(d.credits)]
        if d.summary_of_work:
            s.append(self.heading("summary_of_work"))
            s += [self.P(p, st.body) for p in d.summary_of_work]
        s += [self.heading("findings"), self.findings_table(d.findings)]
        s += [self.heading("misstatements"), *self.misstatements_table(d.misstatements)]
        s += [self.heading("checks"), self.checks_table(d.checks)]
        if d.coverage is not None and d.coverage.sources:
            chart = CoverageChart(d.coverage, self.lang, FRAME_W)
            caption = self.P(chart.caption(), st.caption)
            s += [CondPageBreak(chart.height + 60), self.heading("coverage"),
                  KeepTogether([chart, Spacer(1, 3), caption])]
        if d.notes:
            s.append(self.heading("notes"))
            s += [self.P(n, st.body) for n in d.notes]
        s += [CondPageBreak(140), self.heading("signatures"), *self.signatures(d.signatures)]
        s += [Spacer(1, 4), KeepTogether(self.fingerprint_block())]
        return s


def fingerprint_table(fingerprint: str, heading: Flowable, explanation: Flowable,
                      mono: ParagraphStyle, qr_mm: float) -> Table:
    """The fingerprint printed in two monospace lines beside its QR code (opinion, report)."""
    qr = QrCodeWidget(fingerprint, barLevel="M")
    x0, y0, x1, y1 = qr.getBounds()
    size = qr_mm * mm
    sx, sy = size / (x1 - x0), size / (y1 - y0)
    drawing = _drawing(size, size, transform=[sx, 0, 0, sy, -x0 * sx, -y0 * sy])
    drawing.add(qr)
    lines = "<br/>".join(_esc(fingerprint[i:i + 32]) for i in range(0, len(fingerprint), 32))
    text = [heading, Spacer(1, 3), Paragraph(lines, mono), Spacer(1, 4), explanation]
    t = _Table([[text, drawing]], colWidths=[FRAME_W - size - 24, size + 24])
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("BOX", (0, 0), (-1, -1), 0.7, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (0, 0), 9),
    ]))
    return t


def _doc_key(engagement_type: str) -> str:
    key = f"doc.{engagement_type}"
    return key if key in LABELS else "doc.other"


# --------------------------------------------------------------------------- chart
class CoverageChart(Flowable):
    """Pareto chart of the sources: bars descending, cumulative share, the 95 % line."""

    MAX_BARS = 30

    def __init__(self, data: CoverageChartData, lang: str, width: float, height: float = 210):
        super().__init__()
        self.data = data
        self.lang = lang
        self.width = width
        self.height = height

    def caption(self) -> str:
        d = self.data
        pct = _fmt_pct(d.coverage_pct) if d.coverage_pct is not None else _fmt_pct(
            _coverage_all(d))
        if d.basis == "remainder" and d.largest_source:
            return label(self.lang, "chart.caption.remainder", largest=d.largest_source, pct=pct)
        return label(self.lang, "chart.caption.all", pct=pct)

    def bars(self) -> list[tuple[str, float, bool, bool]]:
        """(label, tCO2e, included, is_largest), descending, tail grouped past MAX_BARS."""
        items = sorted(self.data.sources, key=lambda s: (-abs(s.tco2e), s.source_id))
        out = [(s.source_id, abs(s.tco2e), s.included, s.source_id == self.data.largest_source)
               for s in items]
        if len(out) > self.MAX_BARS:
            head, tail = out[: self.MAX_BARS - 1], out[self.MAX_BARS - 1:]
            out = [*head, (label(self.lang, "chart.others", n=len(tail)),
                           sum(t[1] for t in tail), all(t[2] for t in tail), False)]
        return out

    def wrap(self, aW, aH):
        return self.width, self.height

    def draw(self):
        d = self.drawing()
        d.drawOn(self.canv, 0, 0)

    def drawing(self) -> Drawing:
        fnt = fonts.REGULAR
        bars = self.bars()
        total = sum(b[1] for b in bars) or 1.0
        W, H = self.width, self.height
        left, right, bottom, top = 46, 40, 34, 26
        pw, ph = W - left - right, H - bottom - top
        d = _drawing(W, H)
        top_val = _nice_ceiling(max(b[1] for b in bars) if bars else 1.0)
        # axes and grid
        for i in range(5):
            y = bottom + ph * i / 4
            d.add(Line(left, y, left + pw, y, strokeColor=GRID, strokeWidth=0.4))
            d.add(String(left - 4, y - 2.5, _fmt_axis(top_val * i / 4), fontName=fnt,
                         fontSize=6.5, fillColor=MUTED, textAnchor="end"))
            d.add(String(left + pw + 4, y - 2.5, f"{25 * i} %", fontName=fnt, fontSize=6.5,
                         fillColor=CUM_LINE, textAnchor="start"))
        d.add(Line(left, bottom, left, bottom + ph, strokeColor=MUTED, strokeWidth=0.6))
        d.add(Line(left, bottom, left + pw, bottom, strokeColor=MUTED, strokeWidth=0.6))
        d.add(String(left - 4, bottom + ph + 8, label(self.lang, "chart.axis_t"), fontName=fnt,
                     fontSize=6.5, fillColor=MUTED, textAnchor="end"))
        n = max(len(bars), 1)
        slot = pw / n
        bw = slot * 0.7
        cum, points = 0.0, []
        label_size = 6.5 if n <= 14 else 5.5
        rotate = n > 14 or max((stringWidth(b[0], fnt, label_size) for b in bars),
                               default=0) > slot - 2
        for i, (name, value, included, largest) in enumerate(bars):
            x = left + i * slot + (slot - bw) / 2
            h = ph * value / top_val
            fill = BAR_LARGEST if largest else (BAR_IN if included else BAR_OUT)
            d.add(Rect(x, bottom, bw, h, fillColor=fill, strokeColor=None))
            if not included:
                d.add(Rect(x, bottom, bw, h, fillColor=None, strokeColor=MUTED,
                           strokeWidth=0.5, strokeDashArray=[2, 1.5]))
            cx = x + bw / 2
            cum += value
            points += [cx, bottom + ph * cum / total]
            text = _fit(name, fnt, label_size, 40 if rotate else slot - 1)
            if rotate:
                s = String(0, 0, text, fontName=fnt, fontSize=label_size, fillColor=TEXT,
                           textAnchor="end")
                g = Group(s)
                g.transform = (0.7071, 0.7071, -0.7071, 0.7071, cx + 2, bottom - 4)
                d.add(g)
            else:
                d.add(String(cx, bottom - 9, text, fontName=fnt, fontSize=label_size,
                             fillColor=TEXT, textAnchor="middle"))
            if largest:
                d.add(String(x, bottom + h + 3, label(self.lang, "chart.largest"),
                             fontName=fonts.BOLD, fontSize=6.5, fillColor=BAR_LARGEST,
                             textAnchor="start"))
        # 95 % line on the cumulative (right) axis
        y95 = bottom + ph * 0.95
        d.add(Line(left, y95, left + pw, y95, strokeColor=LINE95, strokeWidth=0.8,
                   strokeDashArray=[4, 2]))
        d.add(String(left + 3, y95 + 2.5, label(self.lang, "chart.line95"),
                     fontName=fonts.BOLD, fontSize=6.5, fillColor=LINE95, textAnchor="start"))
        if len(points) >= 4:
            d.add(PolyLine(points, strokeColor=CUM_LINE, strokeWidth=1.2))
        for j in range(0, len(points), 2):
            d.add(Rect(points[j] - 1.5, points[j + 1] - 1.5, 3, 3, fillColor=CUM_LINE,
                       strokeColor=None))
        # legend, top
        lx, ly = left, H - 12
        for colour, key, dashed in ((BAR_IN, "chart.included", False),
                                    (BAR_OUT, "chart.excluded", True),
                                    (BAR_LARGEST, "chart.largest", False)):
            d.add(Rect(lx, ly, 8, 6, fillColor=colour, strokeColor=MUTED if dashed else None,
                       strokeWidth=0.5, strokeDashArray=[2, 1.5] if dashed else None))
            text = label(self.lang, key)
            d.add(String(lx + 11, ly + 0.5, text, fontName=fnt, fontSize=7, fillColor=TEXT))
            lx += 11 + stringWidth(text, fnt, 7) + 14
        d.add(Line(lx, ly + 3, lx + 12, ly + 3, strokeColor=CUM_LINE, strokeWidth=1.2))
        text = label(self.lang, "chart.cumulative")
        d.add(String(lx + 15, ly + 0.5, text, fontName=fnt, fontSize=7, fillColor=TEXT))
        lx += 15 + stringWidth(text, fnt, 7) + 14
        d.add(Line(lx, ly + 3, lx + 12, ly + 3, strokeColor=LINE95, strokeWidth=0.8,
                   strokeDashArray=[4, 2]))
        d.add(String(lx + 15, ly + 0.5, "95 %", fontName=fnt, fontSize=7, fillColor=TEXT))
        return d


def _coverage_all(d: CoverageChartData) -> float:
    total = sum(abs(s.tco2e) for s in d.sources)
    inc = sum(abs(s.tco2e) for s in d.sources if s.included)
    return 100.0 * inc / total if total else 0.0


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    import math

    exp = 10 ** math.floor(math.log10(value))
    for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * exp >= value:
            return m * exp
    return 10 * exp


def _fmt_axis(value: float) -> str:
    if value >= 100 or value == int(value):
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


# --------------------------------------------------------------------------- pages
def _page_decorator(doc: OpinionDocument):
    """The opinion's page furniture (see :func:`page_furniture`)."""
    title = _Builder(doc).document_title()
    subject = doc.title_zh if doc.lang == "zh-TW" and doc.title_zh else doc.title
    draft = label(doc.lang, "draft") if doc.draft else None
    return page_furniture(doc.lang, doc.fingerprint, f"{title} · {subject}", doc.subject_id,
                          draft)


def page_furniture(lang: str, fingerprint: str, header: str, header_right: str,
                   draft: str | None):
    """``(on_page, on_page_end, page_footer)`` shared by the opinion and the report: the
    running header from page 2, the footer with the fingerprint, the draft watermark (in
    the document's language), and "Page X of Y" (drawn by the canvas at save time, when
    Y is known)."""

    def on_page(canv: Canvas, _tpl) -> None:
        canv.saveState()
        if canv.getPageNumber() > 1:  # running header
            canv.setFont(fonts.REGULAR, 7.5)
            canv.setFillColor(MUTED)
            room = FRAME_W - stringWidth(header_right, fonts.REGULAR, 7.5) - 12
            canv.drawString(MARGIN_X, PAGE_H - 10 * mm, _fit(header, fonts.REGULAR, 7.5, room))
            canv.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 10 * mm, header_right)
            canv.setStrokeColor(GRID)
            canv.setLineWidth(0.5)
            canv.line(MARGIN_X, PAGE_H - 11.5 * mm, PAGE_W - MARGIN_X, PAGE_H - 11.5 * mm)
        y = FOOTER_Y
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y + 8, PAGE_W - MARGIN_X, y + 8)
        canv.setFillColor(MUTED)
        before, _, after = label(lang, "footer_fp", fp="\0").partition("\0")
        x = MARGIN_X
        for text, font in ((f"VeriDesk · {before}", fonts.REGULAR),
                           (fingerprint[:16], fonts.MONO), (after, fonts.REGULAR)):
            if text:
                canv.setFont(font, 7.5)
                canv.drawString(x, y, text)
                x += stringWidth(text, font, 7.5)
        canv.restoreState()

    def page_footer(canv: Canvas, page: int, total: int) -> None:
        canv.saveState()
        canv.setFillColor(MUTED)
        canv.setFont(fonts.REGULAR, 7.5)
        canv.drawRightString(PAGE_W - MARGIN_X, FOOTER_Y,
                             label(lang, "page", page=page, total=total))
        canv.restoreState()

    def on_page_end(canv: Canvas, _tpl) -> None:
        if not draft:
            return
        canv.saveState()
        canv.setFillColor(SELF_RED, alpha=0.11)
        canv.setStrokeColor(SELF_RED, alpha=0.11)
        canv.translate(PAGE_W / 2, PAGE_H / 2)
        canv.rotate(38)
        size = 110
        canv.setFont(fonts.REGULAR, size)
        canv.drawCentredString(0, -size / 3, draft)
        canv.restoreState()

    return on_page, on_page_end, page_footer


def _pdf_subject(doc: OpinionDocument) -> str:
    return (f"{doc.subject_id} · {doc.title} · {label(doc.lang, f'ok.{doc.opinion_kind}')}"
            f" · {_fmt_date(doc.period_start)}–{_fmt_date(doc.period_end)}")


def _build(doc: OpinionDocument) -> tuple[bytes, int]:
    buf = io.BytesIO()
    builder = _Builder(doc)
    title = f"{builder.document_title()}: {doc.title}"
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
        subject=_pdf_subject(doc),
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
                   canvasmaker=_canvas_class(doc.fingerprint, doc.generated_at_utc, doc.draft,
                                             page_footer))
    return buf.getvalue(), template.page


def render_opinion(doc: OpinionDocument) -> bytes:
    """The opinion as PDF bytes (A4, embedded font subset, fingerprint in the metadata)."""
    if not re.fullmatch(r"[0-9A-Fa-f]{16,128}", doc.fingerprint or ""):
        raise ValueError("the fingerprint must be a hex digest (16-128 hex digits)")
    data, _ = _build(doc)
    return data


__all__ = [
    "CREATOR",
    "FINGERPRINT_INFO_KEY",
    "CoverageChart",
    "render_opinion",
]
