"""The sensitivity spider chart: IRR against the % change of each variable (QPainter).

It draws the curves ``investment.sensitivity`` computed, the benchmark as a horizontal
line, the tested ±variation band shaded and each break-even in view as a marker; it
decides nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from desktop.ui.charts import ChartBase, _nice_step
from desktop.ui.theme import GRID, MUTED

SERIES_COLOURS = {
    "capex": QColor("#1f6f8b"),
    "revenue": QColor("#2e7d32"),
    "opex": QColor("#c77700"),
}
BENCHMARK = QColor("#c62828")
BAND = QColor(31, 111, 139, 28)


class SpiderChart(ChartBase):
    """IRR (%) against change (%), one line per variable."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("spiderChart")
        self.setMinimumHeight(240)
        self.curves: dict[str, list[tuple[float, float | None]]] = {}
        self.labels: dict[str, str] = {}
        self.benchmark: float | None = None
        self.variation = 10.0
        self.break_even: dict[str, float | None] = {}

    def set_data(
        self,
        curves: dict[str, list[tuple[float, float | None]]],
        labels: dict[str, str],
        benchmark: float | None,
        variation: float,
        break_even: dict[str, float | None] | None = None,
    ) -> None:
        self.curves = {k: [(float(c), v) for c, v in pts] for k, pts in curves.items()}
        self.labels = labels
        self.benchmark = benchmark
        self.variation = variation
        self.break_even = dict(break_even or {})
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, 320)

    def _ranges(self) -> tuple[float, float, float, float]:
        xs = [c for pts in self.curves.values() for c, _ in pts]
        ys = [v for pts in self.curves.values() for _, v in pts if v is not None]
        if self.benchmark is not None:
            ys.append(self.benchmark)
        x0, x1 = min(xs), max(xs)
        y0, y1 = min(ys), max(ys)
        pad = max((y1 - y0) * 0.08, 0.5)
        return x0, x1, y0 - pad, y1 + pad

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if not self.curves or not any(v is not None for pts in self.curves.values()
                                      for _, v in pts):
            self.empty(p, self.tr("No sensitivity analysis"))
            return
        p.setFont(self.small_font())
        fm = p.fontMetrics()
        x0, x1, y0, y1 = self._ranges()
        legend_h = fm.height() + 10
        left = fm.horizontalAdvance("100.0 %") + 12
        plot = QRectF(left, legend_h + 6, self.width() - left - 16,
                      self.height() - legend_h - 2 * fm.height() - 20)
        if plot.width() < 60 or plot.height() < 40:
            return

        def px(x: float) -> float:
            return plot.left() + (x - x0) / ((x1 - x0) or 1) * plot.width()

        def py(y: float) -> float:
            return plot.bottom() - (y - y0) / ((y1 - y0) or 1) * plot.height()

        # the tested range ±variation, shaded
        band = QRectF(QPointF(px(max(-self.variation, x0)), plot.top()),
                      QPointF(px(min(self.variation, x1)), plot.bottom()))
        p.fillRect(band, BAND)
        # grid and axes
        step = _nice_step(y1 - y0)
        v = step * int(y0 / step)
        while v <= y1 + 1e-9:
            if v >= y0:
                y = py(v)
                p.setPen(QPen(GRID, 1))
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.setPen(MUTED)
                p.drawText(QRectF(0, y - 8, left - 6, 16),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                           f"{v:.1f} %")
            v += step
        xstep = _nice_step(x1 - x0, 8)
        c = xstep * int(x0 / xstep)
        while c <= x1 + 1e-9:
            if c >= x0:
                x = px(c)
                p.setPen(QPen(GRID, 1))
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                p.setPen(MUTED)
                p.drawText(QRectF(x - 30, plot.bottom() + 2, 60, fm.height()),
                           Qt.AlignmentFlag.AlignCenter, f"{c:+.0f} %" if c else "0 %")
            c += xstep
        p.setPen(MUTED)
        p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 4, plot.width(),
                          fm.height()), Qt.AlignmentFlag.AlignCenter,
                   self.tr("Change of the variable (shaded: the tested range ±%1 %)")
                   .replace("%1", f"{self.variation:g}"))
        # the benchmark
        if self.benchmark is not None:
            yb = py(self.benchmark)
            p.setPen(QPen(BENCHMARK, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(plot.left(), yb), QPointF(plot.right(), yb))
        # the curves and the break-evens in view
        for name, pts in self.curves.items():
            colour = SERIES_COLOURS.get(name, MUTED)
            path = QPainterPath()
            pen_down = False
            for cx, cy in pts:
                if cy is None:
                    pen_down = False
                    continue
                pt = QPointF(px(cx), py(cy))
                if pen_down:
                    path.lineTo(pt)
                else:
                    path.moveTo(pt)
                    pen_down = True
            p.setPen(QPen(colour, 2))
            p.drawPath(path)
            be = self.break_even.get(name)
            if be is not None and self.benchmark is not None and x0 <= be <= x1:
                p.setBrush(colour)
                p.drawEllipse(QPointF(px(be), py(self.benchmark)), 4, 4)
                p.setBrush(Qt.BrushStyle.NoBrush)
        self._legend(p, legend_h)

    def _legend(self, p: QPainter, h: float) -> None:
        fm = p.fontMetrics()
        x = 8.0
        items = [(self.labels.get(k, k), SERIES_COLOURS.get(k, MUTED), Qt.PenStyle.SolidLine)
                 for k in self.curves]
        if self.benchmark is not None:
            items.append((self.tr("Benchmark %1 %").replace("%1", f"{self.benchmark:g}"),
                          BENCHMARK, Qt.PenStyle.DashLine))
        for text, colour, style in items:
            p.setPen(QPen(colour, 2, style))
            p.drawLine(QPointF(x, h / 2 + 2), QPointF(x + 18, h / 2 + 2))
            p.setPen(QColor("#1f2937"))
            p.drawText(QRectF(x + 22, 0, fm.horizontalAdvance(text) + 4, h),
                       Qt.AlignmentFlag.AlignVCenter, text)
            x += 22 + fm.horizontalAdvance(text) + 18
