"""The Monitoring page's time-series chart (QPainter, like :mod:`desktop.ui.charts`).

It draws a :class:`~desktop.monitoring_view.SeriesView`: the readings as min/max per
time bucket, gaps shaded, outliers and duplicates marked, the meter's capacity as a
dashed line and its valid calibrations as bands along the time axis. It decides nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from desktop.ui.charts import ChartBase, _nice_step
from desktop.ui.theme import ACCENT, GRID, MUTED, STATUS_COLOURS

if TYPE_CHECKING:
    from desktop.monitoring_view import SeriesView

GAP = QColor(239, 143, 0, 60)
LAPSED = QColor(198, 40, 40, 28)
MARKS = {
    "outlier": STATUS_COLOURS["fail"],
    "capacity": QColor("#7b1fa2"),
    "duplicate": QColor("#ef8f00"),
    "calibration": QColor("#c62828"),
    "unregistered": QColor("#c62828"),
}


def _when(ts: float, span: float) -> str:
    d = datetime.fromtimestamp(ts, UTC)
    if span > 400 * 86400:
        return d.strftime("%Y-%m")
    if span > 3 * 86400:
        return d.strftime("%Y-%m-%d")
    return d.strftime("%m-%d %H:%M")


class TimeSeriesChart(ChartBase):
    """One parameter read by one meter over time."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("timeSeriesChart")
        self.setMinimumHeight(220)
        self.view: SeriesView | None = None

    def set_view(self, view: SeriesView | None) -> None:
        self.view = view
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(760, 300)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        v = self.view
        if v is None or not len(v.bucket_t):
            self.empty(p, self.tr("No dated readings to draw"))
            p.end()
            return
        import numpy as np  # loaded already: the view was read with it (not at start-up)

        p.setFont(self.small_font())
        fm = p.fontMetrics()
        lo_v = float(np.nanmin(v.bucket_lo))
        hi_v = float(np.nanmax(v.bucket_hi))
        flagged = [f.value for f in v.flags if not np.isnan(f.value)]
        if v.capacity is not None:
            flagged.append(v.capacity)
        hi_v = max([hi_v, *flagged])
        lo_v = min([lo_v, 0.0, *flagged])
        step = _nice_step(hi_v - lo_v)
        y0 = step * np.floor(lo_v / step)
        y1 = step * (np.floor(hi_v / step) + 1)
        left = max(fm.horizontalAdvance(f"{y1:,.6g}"), fm.horizontalAdvance(f"{y0:,.6g}")) + 14
        legend_h = fm.height() + 10
        band_h = 10
        plot = QRectF(left, legend_h + 6, self.width() - left - 16,
                      self.height() - legend_h - fm.height() - band_h - 24)
        if plot.width() < 60 or plot.height() < 40:
            p.end()
            return
        t0, t1 = v.start, v.end
        if not t1 > t0:
            t0, t1 = t0 - 43200, t1 + 43200

        def x(t: float) -> float:
            return plot.left() + (t - t0) / (t1 - t0) * plot.width()

        def y(val: float) -> float:
            return plot.bottom() - (val - y0) / (y1 - y0) * plot.height()

        # calibration: readings outside every valid window are tinted, plot and band
        band = QRectF(plot.left(), plot.bottom() + fm.height() + 10, plot.width(), band_h)
        if v.windows:
            p.fillRect(plot, LAPSED)
            p.fillRect(band, QColor(198, 40, 40, 110))
            for since, until in v.windows:
                a, b = max(x(since), plot.left()), min(x(until), plot.right())
                if b > a:
                    p.fillRect(QRectF(a, plot.top(), b - a, plot.height()), QColor("white"))
                    p.fillRect(QRectF(a, band.top(), b - a, band_h), QColor(46, 125, 50, 160))
        # grid and axis labels
        val = y0
        while val <= y1 + step / 2:
            yy = y(val)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
            p.setPen(MUTED)
            p.drawText(QRectF(0, yy - 8, left - 6, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{val:,.6g}")
            val += step
        ticks = max(2, min(8, int(plot.width() // 120)))
        for i in range(ticks + 1):
            t = t0 + (t1 - t0) * i / ticks
            xx = x(t)
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(xx, plot.top()), QPointF(xx, plot.bottom()))
            p.setPen(MUTED)
            # the end labels stay inside the chart
            shift, align = (0, Qt.AlignmentFlag.AlignLeft) if i == 0 else (
                (-120, Qt.AlignmentFlag.AlignRight) if i == ticks
                else (-60, Qt.AlignmentFlag.AlignCenter))
            box = QRectF(xx + shift, plot.bottom() + 4, 120, fm.height())
            p.drawText(box, align, _when(t, t1 - t0))
        # gaps
        for a, b, _n in v.gaps:
            xa, xb = max(x(a), plot.left()), min(x(b), plot.right())
            p.fillRect(QRectF(xa, plot.top(), max(xb - xa, 2.0), plot.height()), GAP)
        # capacity
        if v.capacity is not None:
            p.setPen(QPen(MARKS["capacity"], 1.4, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(plot.left(), y(v.capacity)), QPointF(plot.right(), y(v.capacity)))
        # readings: min/max per bucket, joined by the midpoints
        xs = plot.left() + (v.bucket_t - t0) / (t1 - t0) * plot.width()
        lo = plot.bottom() - (v.bucket_lo - y0) / (y1 - y0) * plot.height()
        hi = plot.bottom() - (v.bucket_hi - y0) / (y1 - y0) * plot.height()
        pen = QPen(ACCENT, 1.4)
        p.setPen(pen)
        mid = (lo + hi) / 2
        path = QPainterPath(QPointF(xs[0], mid[0]))
        for xx, yy in zip(xs[1:], mid[1:], strict=True):
            path.lineTo(QPointF(xx, yy))
        p.drawPath(path)
        for xx, a, b in zip(xs, lo, hi, strict=True):
            if abs(a - b) > 0.5:
                p.drawLine(QPointF(xx, a), QPointF(xx, b))
        if len(xs) <= 200:
            p.setBrush(ACCENT)
            for xx, yy in zip(xs, mid, strict=True):
                p.drawEllipse(QPointF(xx, yy), 2.2, 2.2)
        # flagged readings
        p.setBrush(Qt.BrushStyle.NoBrush)
        lapsed = sum(f.kind in ("calibration", "unregistered") for f in v.flags)
        for f in v.flags:
            if np.isnan(f.ts) or np.isnan(f.value):
                continue
            if lapsed > 200 and f.kind in ("calibration", "unregistered"):
                continue  # many: the tint along the axis shows them
            p.setPen(QPen(MARKS.get(f.kind, STATUS_COLOURS["fail"]), 2))
            pt = QPointF(x(f.ts), y(f.value))
            if f.kind in ("calibration", "unregistered"):
                p.drawRect(QRectF(pt.x() - 4, pt.y() - 4, 8, 8))
            elif f.kind == "duplicate":
                p.drawEllipse(pt, 7, 7)
            else:
                p.drawEllipse(pt, 5, 5)
        p.setPen(QPen(QColor("#9ca3af"), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        self._legend(p, v)
        p.end()

    def _legend(self, p: QPainter, v: SeriesView) -> None:
        fm = p.fontMetrics()
        xx, yy = 8.0, 4.0
        unit = f" ({v.unit})" if v.unit else ""
        items = [("line", ACCENT, self.tr("Readings") + unit),
                 ("box", GAP, self.tr("Gap")),
                 ("ring", MARKS["outlier"], self.tr("Outlier")),
                 ("ring", MARKS["duplicate"], self.tr("Duplicate"))]
        if v.capacity is not None:
            items.append(("dash", MARKS["capacity"], self.tr("Capacity")))
        if v.windows:
            items.append(("box", QColor(46, 125, 50, 160), self.tr("Calibration valid")))
            items.append(("box", QColor(198, 40, 40, 110), self.tr("Outside calibration")))
        for kind, colour, text in items:
            r = QRectF(xx, yy + 3, 14, fm.height() - 6)
            if kind == "line":
                p.setPen(QPen(colour, 2))
                p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
            elif kind == "dash":
                p.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
            elif kind == "ring":
                p.setPen(QPen(colour, 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(r.center(), 4.5, 4.5)
            else:
                p.fillRect(r, colour)
            p.setPen(QColor("#374151"))
            w = fm.horizontalAdvance(text)
            p.drawText(QRectF(xx + 18, yy, w + 4, fm.height()), Qt.AlignmentFlag.AlignVCenter,
                       text)
            xx += 18 + w + 16
