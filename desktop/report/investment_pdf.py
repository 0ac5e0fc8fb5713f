"""The report's "Investment analysis" section: figures, break-evens and the spider chart
drawn with reportlab graphics (IRR against the change of each variable, the benchmark as a
dashed line, the tested ±variation band shaded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.report import fonts
from desktop.report.investment_doc import InvestmentReport
from desktop.report.pdf import FRAME_W, GRID, MUTED, _fmt_num
from desktop.report.report_doc import CheckLine

if TYPE_CHECKING:
    from desktop.report.report_pdf import _ReportBuilder

SERIES = {"capex": colors.HexColor("#1F6F8B"), "revenue": colors.HexColor("#2E7D32"),
          "opex": colors.HexColor("#C77700")}
BENCHMARK = colors.HexColor("#C62828")
BAND = colors.Color(0.12, 0.44, 0.55, alpha=0.10)


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f} %"


def _step(span: float, ticks: int) -> float:
    raw = max(span, 1e-9) / ticks
    for m in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50, 100):
        if raw <= m:
            return m
    return 100.0


def spider_drawing(inv: InvestmentReport, labels: dict[str, str], axis_label: str,
                   bench_label: str, width: float = FRAME_W, height: float = 190) -> Drawing:
    """The spider chart as a reportlab Drawing."""
    font = fonts.register_fonts()[0]
    d = Drawing(width, height)
    pts = [(c, v) for var in inv.variables for c, v in var.curve]
    ys = [v for _, v in pts if v is not None]
    if inv.benchmark_irr_pct is not None:
        ys.append(inv.benchmark_irr_pct)
    if not pts or not ys:
        return d
    x0, x1 = min(c for c, _ in pts), max(c for c, _ in pts)
    y0, y1 = min(ys), max(ys)
    pad = max((y1 - y0) * 0.08, 0.5)
    y0, y1 = y0 - pad, y1 + pad
    left, bottom, right, top = 42.0, 30.0, width - 8, height - 22

    def px(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * (right - left)

    def py(y: float) -> float:
        return bottom + (y - y0) / ((y1 - y0) or 1) * (top - bottom)

    v = inv.variation_pct
    d.add(Rect(px(max(-v, x0)), bottom, px(min(v, x1)) - px(max(-v, x0)), top - bottom,
               fillColor=BAND, strokeColor=None))
    step = _step(y1 - y0, 5)
    t = step * int(y0 / step)
    while t <= y1 + 1e-9:
        if t >= y0:
            d.add(Line(left, py(t), right, py(t), strokeColor=GRID, strokeWidth=0.4))
            d.add(String(left - 4, py(t) - 2.5, f"{t:.1f} %", fontName=font, fontSize=6.5,
                         fillColor=MUTED, textAnchor="end"))
        t += step
    xstep = _step(x1 - x0, 8)
    c = xstep * int(x0 / xstep)
    while c <= x1 + 1e-9:
        if c >= x0:
            d.add(Line(px(c), bottom, px(c), top, strokeColor=GRID, strokeWidth=0.4))
            d.add(String(px(c), bottom - 9, f"{c:+.0f} %" if c else "0 %", fontName=font,
                         fontSize=6.5, fillColor=MUTED, textAnchor="middle"))
        c += xstep
    d.add(String((left + right) / 2, 4, axis_label, fontName=font, fontSize=6.8,
                 fillColor=MUTED, textAnchor="middle"))
    if inv.benchmark_irr_pct is not None:
        yb = py(inv.benchmark_irr_pct)
        d.add(Line(left, yb, right, yb, strokeColor=BENCHMARK, strokeWidth=1,
                   strokeDashArray=[3, 2]))
    for var in inv.variables:
        colour = SERIES.get(var.name, MUTED)
        run: list[float] = []
        for cx, cy in [*var.curve, (0.0, None)]:
            if cy is None:
                if len(run) >= 4:
                    d.add(PolyLine(run, strokeColor=colour, strokeWidth=1.4))
                run = []
                continue
            run += [px(cx), py(cy)]
        be = var.break_even_pct
        if be is not None and inv.benchmark_irr_pct is not None and x0 <= be <= x1:
            d.add(Circle(px(be), py(inv.benchmark_irr_pct), 2.5, fillColor=colour,
                         strokeColor=colour))
    # legend along the top
    x = left
    items = [(labels.get(var.name, var.name), SERIES.get(var.name, MUTED), None)
             for var in inv.variables]
    if inv.benchmark_irr_pct is not None:
        items.append((bench_label, BENCHMARK, [3, 2]))
    for text, colour, dash in items:
        d.add(Line(x, height - 8, x + 14, height - 8, strokeColor=colour, strokeWidth=1.4,
                   strokeDashArray=dash))
        d.add(String(x + 17, height - 10.5, text, fontName=font, fontSize=7,
                     fillColor=colors.black))
        x += 17 + stringWidth(text, font, 7) + 14
    return d


class _Drawing(Flowable):
    def __init__(self, drawing: Drawing):
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        renderPDF.draw(self.drawing, self.canv, 0, 0)


def investment_section(b: _ReportBuilder, inv: InvestmentReport) -> list[Flowable]:
    """The section's flowables (heading, figures, break-even table, chart, checks)."""
    st, L = b.st, b.L
    out: list[Flowable] = [b.heading(L("r.inv"))]
    if inv.irr_status == "ok":
        irr_text = _pct(inv.irr_pct)
    elif inv.irr_status == "multiple":
        irr_text = L("r.inv.multiple", roots=", ".join(_pct(r) for r in inv.roots_pct))
    else:
        irr_text = L("r.inv.none")
    npv = (f"{_fmt_num(inv.npv_at_benchmark, 0)} {inv.currency}".strip()
           if inv.npv_at_benchmark is not None else "—")
    facts = [
        (L("r.inv.years"), f"{inv.first_year}–{inv.last_year}"),
        (L("r.inv.irr"), irr_text),
        (L("r.inv.claimed"), _pct(inv.claimed_irr_pct)),
        (L("r.inv.benchmark"), _pct(inv.benchmark_irr_pct)),
        (L("r.inv.npv"), npv),
    ]
    if inv.benchmark_source:
        facts.append((L("r.inv.source"), inv.benchmark_source))
    out.append(b.grid([L("r.inv.item"), L("r.inv.value")],
                      [[b.P(k, st.cell_bold), b.P(v, st.cell)] for k, v in facts],
                      [0.35, 0.65]))
    names = {n: L(f"r.inv.var.{n}") for n in ("capex", "revenue", "opex")}
    if inv.variables:
        v = inv.variation_pct
        rows = []
        for var in inv.variables:
            be = (f"{var.break_even_pct:+.1f} %" if var.break_even_pct is not None
                  else L("r.inv.beyond"))
            rows.append([b.P(names.get(var.name, var.name), st.cell),
                         b.P(_pct(var.share_pct), st.cell_right),
                         b.P(_pct(var.irr_low_pct), st.cell_right),
                         b.P(_pct(var.irr_high_pct), st.cell_right),
                         b.P(be, st.cell_right_bold if var.inside else st.cell_right)])
        out += [Spacer(1, 5), b.grid(
            [L("r.inv.variable"), L("r.inv.share"), L("r.inv.low", v=f"{v:g}"),
             L("r.inv.high", v=f"{v:g}"), L("r.inv.break_even")],
            rows, [0.28, 0.16, 0.18, 0.18, 0.20], right=(1, 2, 3, 4))]
        bench = (L("r.inv.bench_line", pct=f"{inv.benchmark_irr_pct:g}")
                 if inv.benchmark_irr_pct is not None else "")
        chart = spider_drawing(inv, names, L("r.inv.axis", v=f"{v:g}"), bench)
        out += [Spacer(1, 6), KeepTogether([b.P(L("r.inv.chart"), b.h2), _Drawing(chart)])]
    lines = [CheckLine(code, status, message) for code, status, message in inv.checks
             if status != "n/a"]  # type: ignore[arg-type]
    if lines:
        out += [Spacer(1, 5), KeepTogether(b.checks_table(lines, ""))]
    return out
