"""Small QPainter charts: the Pareto of sources, materiality, and the credit timeline.

They draw figures the engine computed (and the rows it read); they decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.ui.theme import ACCENT, GRID, MUTED, STATUS_COLOURS, fmt_t


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    included: bool


def _nice_step(span: float, ticks: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10 ** int(f"{raw:e}".split("e")[1])
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


class ChartBase(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def small_font(self, delta: float = -1) -> QFont:
        f = QFont(self.font())
        f.setPointSizeF(max(6.0, f.pointSizeF() + delta))
        return f

    def empty(self, p: QPainter, text: str) -> None:
        p.setPen(MUTED)
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, text)


class ParetoChart(ChartBase):
    """Sources by emissions, descending, with the cumulative share and the 95 % line.

    Excluded sources are hatched; a source above 50 % of the total is outlined in red.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("paretoChart")
        self.setMinimumHeight(260)
        self.bars: list[Bar] = []
        self.marked: str | None = None
        self.threshold_pct = 95.0

    def set_data(self, bars: list[Bar], marked: str | None, threshold_pct: float = 95.0):
        self.bars = sorted(bars, key=lambda b: -b.value)
        self.marked = marked
        self.threshold_pct = threshold_pct
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 320)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if not self.bars:
            self.empty(p, self.tr("No emission sources"))
            return
        fm = p.fontMetrics()
        total = sum(max(b.value, 0) for b in self.bars) or 1.0
        top_v = max(b.value for b in self.bars) or 1.0
        step = _nice_step(top_v)
        axis_max = step * (int(top_v / step) + 1)
        left = fm.horizontalAdvance(f"{axis_max:,.0f}") + 14
        right = fm.horizontalAdvance("100 %") + 14
        label_h = min(90, max(fm.horizontalAdvance(b.label) for b in self.bars) + 10)
        legend_h = fm.height() + 10
        plot = QRectF(
            left, legend_h + 6, self.width() - left - right, self.height() - legend_h - label_h - 14
        )
        if plot.width() < 50 or plot.height() < 40:
            return
        p.setFont(self.small_font())
        # grid and left axis
        v = 0.0
        while v <= axis_max + 1e-9:
            y = plot.bottom() - v / axis_max * plot.height()
            p.setPen(QPen(GRID, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(MUTED)
            p.drawText(
                QRectF(0, y - 8, left - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{v:,.0f}",
            )
            v += step
        for pct in (0, 25, 50, 75, 100):
            y = plot.bottom() - pct / 100 * plot.height()
            p.drawText(
                QRectF(plot.right() + 6, y - 8, right, 16),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{pct} %",
            )
        n = len(self.bars)
        slot = plot.width() / n
        bw = max(2.0, slot * 0.72)
        cum = 0.0
        points: list[QPointF] = []
        for i, b in enumerate(self.bars):
            x = plot.left() + i * slot + (slot - bw) / 2
            h = max(0.0, b.value) / axis_max * plot.height()
            r = QRectF(x, plot.bottom() - h, bw, h)
            colour = QColor(ACCENT)
            if b.included:
                p.fillRect(r, colour)
            else:
                p.fillRect(r, QColor("#f3f4f6"))
                p.fillRect(r, QBrush(QColor("#9ca3af"), Qt.BrushStyle.BDiagPattern))
                p.setPen(QPen(QColor("#9ca3af"), 1))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(r)
            if b.label == self.marked:
                p.setPen(QPen(STATUS_COLOURS["fail"], 2.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(r.adjusted(-1, -1, 1, 1))
                p.drawText(
                    QRectF(r.center().x() - 60, r.top() - 18, 120, 16),
                    Qt.AlignmentFlag.AlignCenter,
                    self.tr("> 50 %"),
                )
            cum += max(0.0, b.value)
            points.append(QPointF(x + bw / 2, plot.bottom() - cum / total * plot.height()))
            # rotated source label
            p.save()
            p.setPen(QColor("#374151"))
            p.translate(x + bw / 2 + fm.ascent() / 2 - 2, plot.bottom() + 6)
            p.rotate(-90 if n > 8 else 0)
            if n > 8:
                p.drawText(
                    QRectF(-label_h, -fm.height() / 2 - 2, label_h - 2, fm.height()),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    b.label,
                )
            else:
                p.drawText(
                    QRectF(-slot / 2 - fm.ascent() / 2, 0, slot, fm.height()),
                    Qt.AlignmentFlag.AlignCenter,
                    b.label,
                )
            p.restore()
        # 95 % line
        y95 = plot.bottom() - self.threshold_pct / 100 * plot.height()
        pen = QPen(STATUS_COLOURS["fail"], 1.4, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(plot.left(), y95), QPointF(plot.right(), y95))
        p.drawText(
            QRectF(plot.right() - 204, y95 + 2, 200, 16),
            Qt.AlignmentFlag.AlignRight,
            f"{self.threshold_pct:g} %",
        )
        # cumulative line
        path = QPainterPath(points[0])
        for pt in points[1:]:
            path.lineTo(pt)
        p.setPen(QPen(QColor("#ef8f00"), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        p.setBrush(QColor("#ef8f00"))
        for pt in points:
            p.drawEllipse(pt, 2.5, 2.5)
        # axes
        p.setPen(QPen(QColor("#9ca3af"), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        # legend
        self._legend(p, legend_h)
        p.end()

    def _legend(self, p: QPainter, h: float) -> None:
        fm = p.fontMetrics()
        x = 8.0
        y = 4.0
        items = [
            ("bar", self.tr("Included (tCO2e)")),
            ("hatch", self.tr("Excluded")),
            ("line", self.tr("Cumulative share")),
            ("dash", self.tr("%1 % threshold").replace("%1", f"{self.threshold_pct:g}")),
        ]
        for kind, text in items:
            box = QRectF(x, y + 3, 14, h - 12)
            if kind == "bar":
                p.fillRect(box, ACCENT)
            elif kind == "hatch":
                p.fillRect(box, QBrush(QColor("#9ca3af"), Qt.BrushStyle.BDiagPattern))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.setPen(QColor("#9ca3af"))
                p.drawRect(box)
            elif kind == "line":
                p.setPen(QPen(QColor("#ef8f00"), 2))
                p.drawLine(QPointF(x, box.center().y()), QPointF(x + 14, box.center().y()))
            else:
                p.setPen(QPen(STATUS_COLOURS["fail"], 1.4, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x, box.center().y()), QPointF(x + 14, box.center().y()))
            p.setPen(QColor("#374151"))
            tw = fm.horizontalAdvance(text)
            p.drawText(QRectF(x + 18, y, tw + 4, h - 6), Qt.AlignmentFlag.AlignVCenter, text)
            x += 18 + tw + 18


class MaterialityBar(ChartBase):
    """Aggregate misstatement against the materiality threshold, on one horizontal bar."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("materialityBar")
        self.setMinimumHeight(74)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.misstatement: float | None = None
        self.threshold: float | None = None
        self.material = False

    def set_data(
        self, misstatement: float | None, threshold: float | None, material: bool = False
    ) -> None:
        self.misstatement, self.threshold, self.material = misstatement, threshold, material
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 74)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.misstatement is None or not self.threshold:
            self.empty(p, self.tr("Materiality not evaluated"))
            return
        fm = p.fontMetrics()
        scale = max(self.threshold * 1.25, self.misstatement * 1.1, 1e-9)
        bar = QRectF(8, 22, self.width() - 16, 20)
        p.fillRect(bar, QColor("#f1f2f4"))
        material = self.material  # the engine's verdict, not ours
        w = min(1.0, self.misstatement / scale) * bar.width()
        colour = STATUS_COLOURS["fail" if material else "pass"]
        p.fillRect(QRectF(bar.left(), bar.top(), max(w, 2), bar.height()), colour)
        tx = bar.left() + self.threshold / scale * bar.width()
        p.setPen(QPen(QColor("#111827"), 2))
        p.drawLine(QPointF(tx, bar.top() - 6), QPointF(tx, bar.bottom() + 6))
        p.setPen(QColor("#374151"))
        label = self.tr("threshold %1 t").replace("%1", fmt_t(self.threshold))
        lw = fm.horizontalAdvance(label)
        p.drawText(
            QRectF(min(tx - lw / 2, self.width() - lw - 8), 2, lw + 4, 16),
            Qt.AlignmentFlag.AlignLeft,
            label,
        )
        text = self.tr("misstatement %1 t").replace("%1", fmt_t(self.misstatement))
        p.drawText(
            QRectF(bar.left(), bar.bottom() + 6, self.width(), 18), Qt.AlignmentFlag.AlignLeft, text
        )
        p.end()


@dataclass(frozen=True)
class CreditSpan:
    label: str
    vintage_start: int | None
    vintage_end: int | None
    retired_on: date | None
    flagged: bool


class CreditTimeline(ChartBase):
    """Each credit block's vintage years and retirement date, against the period, the
    12-month retirement window after it, and the earliest vintage allowed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("creditTimeline")
        self.spans: list[CreditSpan] = []
        self.period: tuple[date, date] | None = None
        self.deadline: date | None = None
        self.earliest_vintage: int | None = None

    def set_data(self, spans, period, deadline, earliest_vintage) -> None:
        self.spans, self.period = list(spans), period
        self.deadline, self.earliest_vintage = deadline, earliest_vintage
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 60 + 22 * max(3, len(self.spans)))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if not self.spans:
            self.empty(p, self.tr("No credits"))
            return
        years: list[float] = []
        for s in self.spans:
            years += [y for y in (s.vintage_start, s.vintage_end) if y]
            if s.retired_on:
                years.append(s.retired_on.year)
        if self.period:
            years += [self.period[0].year, self.period[1].year]
        if self.deadline:
            years.append(self.deadline.year)
        if self.earliest_vintage:
            years.append(self.earliest_vintage)
        y0, y1 = int(min(years)), int(max(years)) + 1
        fm = p.fontMetrics()
        left = min(220, max(fm.horizontalAdvance(s.label) for s in self.spans) + 16)
        plot = QRectF(left, 28, self.width() - left - 16, self.height() - 28 - 26)
        if plot.width() < 60:
            return

        def xof(year: float) -> float:
            return plot.left() + (year - y0) / (y1 - y0) * plot.width()

        def xdate(d: date) -> float:
            return xof(d.year + (d.timetuple().tm_yday - 1) / 366)

        if self.period:
            a, b = xdate(self.period[0]), xdate(self.period[1])
            p.fillRect(QRectF(a, plot.top(), b - a, plot.height()), QColor("#e0f2f1"))
            p.setPen(QColor("#00695c"))
            p.drawText(
                QRectF(a, 4, max(b - a, 80), 18), Qt.AlignmentFlag.AlignLeft, self.tr("period")
            )
            if self.deadline:
                c = xdate(self.deadline)
                p.fillRect(QRectF(b, plot.top(), c - b, plot.height()), QColor("#fff8e1"))
                p.setPen(QColor("#8d6e00"))
                p.drawText(
                    QRectF(b + 2, 4, max(c - b, 120), 18),
                    Qt.AlignmentFlag.AlignLeft,
                    self.tr("retirement window"),
                )
        if self.earliest_vintage:
            x = xof(self.earliest_vintage)
            p.setPen(QPen(STATUS_COLOURS["fail"], 1.2, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(QPen(GRID, 1))
        for yr in range(y0, y1 + 1):
            x = xof(yr)
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        p.setPen(MUTED)
        for yr in range(y0, y1):
            p.drawText(
                QRectF(xof(yr), plot.bottom() + 4, xof(yr + 1) - xof(yr), 18),
                Qt.AlignmentFlag.AlignCenter,
                str(yr),
            )
        row_h = plot.height() / len(self.spans)
        bh = min(12.0, row_h * 0.6)
        for i, s in enumerate(self.spans):
            cy = plot.top() + (i + 0.5) * row_h
            p.setPen(STATUS_COLOURS["fail"] if s.flagged else QColor("#374151"))
            p.drawText(
                QRectF(4, cy - 9, left - 10, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(s.label, Qt.TextElideMode.ElideMiddle, left - 12),
            )
            if s.vintage_start:
                a = xof(s.vintage_start)
                b = xof((s.vintage_end or s.vintage_start) + 1)
                p.fillRect(
                    QRectF(a + 1, cy - bh / 2, b - a - 2, bh),
                    STATUS_COLOURS["fail"] if s.flagged else ACCENT,
                )
            if s.retired_on:
                x = xdate(s.retired_on)
                d = bh / 2 + 2
                diamond = QPainterPath(QPointF(x, cy - d))
                for pt in (QPointF(x + d, cy), QPointF(x, cy + d), QPointF(x - d, cy)):
                    diamond.lineTo(pt)
                diamond.closeSubpath()
                p.setPen(QPen(QColor("white"), 1))
                p.setBrush(QColor("#ef8f00"))
                p.drawPath(diamond)
        p.end()
